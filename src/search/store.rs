//! The counted index of the last build, kept on disk for the next one
//! (`.xinghuo-cache/search`): a `build` after an edit counts only the changed pages
//! again ([`Uncut::update`]) instead of every page — at 10,000 pages counting was
//! three quarters of such a build's search index.
//!
//! One file: the format, the program's identity ([`crate::hash::program`]: another
//! xinghuo may tokenize differently), the [`Uncut`] in postcard, and a checksum of
//! it. A file that is missing, damaged, foreign or of another program is
//! ignored (the index is counted from scratch); a store that cannot be written only
//! makes the next build slower. Written whole through a temporary file.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::uncut::Uncut;
use crate::hash::hash_of;

/// Under the site root.
pub(crate) const STORE_FILE: &str = ".xinghuo-cache/search";

/// Bumped whenever [`Uncut`] or the counting changes.
const FORMAT: u32 = 1;

/// Bytes before the index: format, program (little-endian).
const HEADER: usize = 4 + 8;

fn path(root: &Path) -> PathBuf {
    root.join(STORE_FILE)
}

/// Writes through to `inner`, summing what passes (CRC-32: the same sum however the
/// bytes are split into writes).
struct Summing<W> {
    inner: W,
    sum: crc32fast::Hasher,
}

impl<W: Write> Write for Summing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.sum.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn checksum(body: &[u8]) -> u32 {
    crc32fast::hash(body)
}

/// The format and the program, before the index.
fn header() -> [u8; HEADER] {
    let mut out = [0u8; HEADER];
    out[..4].copy_from_slice(&FORMAT.to_le_bytes());
    out[4..].copy_from_slice(&hash_of(crate::hash::program).to_le_bytes());
    out
}

/// `uncut` as the store holds it, into `out`: the header, the index in postcard, the
/// checksum of the index's bytes.
fn encode(uncut: &Uncut, out: &mut impl Write) -> io::Result<()> {
    let mut out = Summing {
        inner: out,
        sum: crc32fast::Hasher::new(),
    };
    out.inner.write_all(&header())?;
    postcard::to_io(uncut, &mut out).map_err(io::Error::other)?;
    let sum = out.sum.clone().finalize();
    out.inner.write_all(&sum.to_le_bytes())?;
    out.inner.flush()
}

/// The index stored in `bytes` by this program, if they hold one whole.
fn decode(bytes: &[u8]) -> Option<Uncut> {
    let body = bytes.get(HEADER..bytes.len().checked_sub(4)?)?;
    let sum = &bytes[bytes.len() - 4..];
    if bytes[..HEADER] != header() || sum != checksum(body).to_le_bytes() {
        return None;
    }
    postcard::from_bytes(body).ok()
}

/// The index the last build of the site in `root` stored, if this program can use it.
pub(crate) fn load(root: &Path) -> Option<Uncut> {
    decode(&std::fs::read(path(root)).ok()?)
}

/// Store `uncut` for the next build (written as it is encoded, through a temporary
/// file renamed over the store).
pub(crate) fn save(root: &Path, uncut: &Uncut) -> io::Result<()> {
    let p = path(root);
    if let Some(dir) = p.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::fsutil::write_atomic_with(&p, |f| encode(uncut, f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::build::tests::src;
    use crate::search::uncut::tests::files;
    use crate::search::Layout;

    #[test]
    fn round_trip_and_damage_is_refused() {
        let pages = [src("党建引领", "红色联盟 open data"), src("星火", "服务站")];
        let count = || Uncut::count(2, |i| pages[i].clone(), |_| 0, Layout::for_pages(2, 1));
        let t = tempfile::tempdir().expect("temp dir");
        save(t.path(), &count()).expect("saved");
        let loaded = load(t.path()).expect("loaded");
        assert_eq!(files(loaded), files(count()));
        let bytes = std::fs::read(path(t.path())).expect("read");
        for at in [0, 5, HEADER + 3, bytes.len() / 2, bytes.len() - 1] {
            let mut bad = bytes.clone();
            bad[at] ^= 0x20;
            assert!(decode(&bad).is_none(), "byte {at} changed");
        }
        assert!(decode(&bytes[..bytes.len() - 1]).is_none(), "cut short");
        assert!(decode(&bytes[..3]).is_none());
        assert!(load(&t.path().join("nothing")).is_none());
    }
}
