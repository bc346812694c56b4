//! Derived data kept on disk from one build for the next (under `.xinghuo-cache/`):
//! the counted search index (`search::store`) and the parsed front matter
//! (`content::front_store`). One file per store: a format number, the program's
//! identity ([`crate::hash::program`]: another xinghuo may parse or count
//! differently), the value in postcard, and a CRC-32 of the value's bytes. A file that
//! is missing, damaged, cut short, foreign or of another program reads as nothing; a
//! store that cannot be written only makes the next build slower. Written as it is
//! encoded, through a temporary file renamed over the old one
//! ([`crate::fsutil::write_atomic_with`]).

use std::io::{self, Write};
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::hash::hash_of;

/// Bytes before the value: format, program (little-endian).
const HEADER: usize = 4 + 8;

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

/// The format and the program, before the value.
fn header(format: u32) -> [u8; HEADER] {
    let mut out = [0u8; HEADER];
    out[..4].copy_from_slice(&format.to_le_bytes());
    out[4..].copy_from_slice(&hash_of(crate::hash::program).to_le_bytes());
    out
}

/// `value` as a store of `format` holds it, into `out`.
fn encode<T: Serialize + ?Sized>(format: u32, value: &T, out: &mut impl Write) -> io::Result<()> {
    let mut out = Summing {
        inner: out,
        sum: crc32fast::Hasher::new(),
    };
    out.inner.write_all(&header(format))?;
    postcard::to_io(value, &mut out).map_err(io::Error::other)?;
    let sum = out.sum.clone().finalize();
    out.inner.write_all(&sum.to_le_bytes())?;
    out.inner.flush()
}

/// The value of `format` stored in `bytes` by this program, if they hold one whole.
fn decode<T: DeserializeOwned>(format: u32, bytes: &[u8]) -> Option<T> {
    let body = bytes.get(HEADER..bytes.len().checked_sub(4)?)?;
    let sum = &bytes[bytes.len() - 4..];
    if bytes[..HEADER] != header(format) || sum != crc32fast::hash(body).to_le_bytes() {
        return None;
    }
    postcard::from_bytes(body).ok()
}

/// The value of `format` stored at `path` by this program, if it can be used.
pub(crate) fn load<T: DeserializeOwned>(path: &Path, format: u32) -> Option<T> {
    decode(format, &std::fs::read(path).ok()?)
}

/// Store `value` at `path` as `format` (its folder made when missing).
pub(crate) fn save<T: Serialize + ?Sized>(path: &Path, format: u32, value: &T) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::fsutil::write_atomic_with(path, |f| encode(format, value, f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damage_is_refused() {
        let value: Vec<(u64, String)> = vec![(1, "党建引领".into()), (7, "open data".into())];
        let t = tempfile::tempdir().expect("temp dir");
        let p = t.path().join("cache/store");
        save(&p, 3, &value).expect("saved");
        assert_eq!(load::<Vec<(u64, String)>>(&p, 3), Some(value));
        assert_eq!(load::<Vec<(u64, String)>>(&p, 4), None, "another format");
        let bytes = std::fs::read(&p).expect("read");
        for at in [0, 5, HEADER + 3, bytes.len() / 2, bytes.len() - 1] {
            let mut bad = bytes.clone();
            bad[at] ^= 0x20;
            assert!(
                decode::<Vec<(u64, String)>>(3, &bad).is_none(),
                "byte {at} changed"
            );
        }
        assert!(decode::<Vec<(u64, String)>>(3, &bytes[..bytes.len() - 1]).is_none());
        assert!(decode::<Vec<(u64, String)>>(3, &bytes[..3]).is_none());
        assert!(load::<Vec<(u64, String)>>(&t.path().join("nothing"), 3).is_none());
    }
}
