//! The output fingerprint ([`tree`]) and the [`Listing`] it is made from: every entry
//! below the output folder (no links followed) with its metadata, hashed folder by
//! folder. A folder is its path only (its times change whenever a build adds its
//! staging folder next to the output; what it holds is listed anyway); a file is its
//! metadata, and a digest of its bytes too when the file system's timestamps have no
//! sub-second part.
//!
//! A build that updated the spare output (`output::spare`) walked the current output
//! to trust the spare; the new output is the spare with the files that build touched,
//! so its listing is the walked one with those files looked at again
//! ([`Listing::updated`]) — no second walk of the whole output (at 10,000 pages a walk
//! is ~0.09 s, most of it in `stat` calls). A listing that came out wrong could only
//! fail to match the output on the next build, which then stages from scratch.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use walkdir::WalkDir;

/// One entry of a listing.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Entry {
    Dir,
    /// The metadata bytes ([`super::meta_bytes`]), and the digest of the file's bytes
    /// when its timestamps are too coarse to notice every change.
    File(Vec<u8>, Option<[u8; 32]>),
}

/// Every entry below an output folder, by relative path. `PathBuf` orders by
/// components, as the walk visits them (a folder, what it holds, then its next
/// sibling).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Listing {
    root: Entry,
    entries: BTreeMap<PathBuf, Entry>,
}

/// The fingerprint of the output folder `out`.
pub(crate) fn tree(out: &Path) -> io::Result<String> {
    Ok(listing(out)?.hash())
}

/// The listing of the output folder `out`. Its top-level entries are walked in
/// parallel: every build after an edit takes it, and at 10,000 pages a walk on one
/// core took 0.09 s.
pub(crate) fn listing(out: &Path) -> io::Result<Listing> {
    use rayon::prelude::*;
    let root = entry(out, &fs::symlink_metadata(out)?)?;
    let top: Vec<fs::DirEntry> = fs::read_dir(out)?.collect::<io::Result<_>>()?;
    let below: Vec<io::Result<Vec<(PathBuf, Entry)>>> =
        top.par_iter().map(|e| subtree(out, &e.path())).collect();
    let mut entries = BTreeMap::new();
    for b in below {
        entries.extend(b?);
    }
    Ok(Listing { root, entries })
}

/// The entries of `path` and below it (paths relative to `out`).
fn subtree(out: &Path, path: &Path) -> io::Result<Vec<(PathBuf, Entry)>> {
    let mut found = Vec::new();
    for e in WalkDir::new(path).follow_root_links(false) {
        let e = e.map_err(io::Error::other)?;
        let rel = e.path().strip_prefix(out).unwrap_or(e.path()).to_path_buf();
        found.push((
            rel,
            entry(e.path(), &e.metadata().map_err(io::Error::other)?)?,
        ));
    }
    Ok(found)
}

fn entry(path: &Path, m: &fs::Metadata) -> io::Result<Entry> {
    if m.is_dir() {
        return Ok(Entry::Dir);
    }
    let (meta, fine) = super::meta_bytes(m);
    let bytes = if m.is_file() && !fine {
        let mut h = Sha256::new();
        super::read_chunks(path, |chunk| h.update(chunk))?;
        Some(h.finalize().into())
    } else {
        None
    };
    Ok(Entry::File(meta, bytes))
}

impl Listing {
    /// The fingerprint: the root, then each top-level entry by name with the hash of
    /// it and everything below it, in walk order.
    pub(crate) fn hash(&self) -> String {
        let mut h = Sha256::new();
        feed(&mut h, &self.root);
        let mut entries = self.entries.iter().peekable();
        while let Some((top, e)) = entries.next() {
            let name = top.to_string_lossy();
            let mut sub = Sha256::new();
            field(&mut sub, name.as_bytes());
            feed(&mut sub, e);
            while let Some((p, e)) = entries.next_if(|(p, _)| p.starts_with(top)) {
                field(&mut sub, p.to_string_lossy().as_bytes());
                feed(&mut sub, e);
            }
            field(&mut h, name.as_bytes());
            field(&mut h, &sub.finalize());
        }
        super::hex(&h.finalize())
    }

    /// The listing of the output folder `out` that this listing's folder became
    /// after a build removed the files `gone` and wrote or linked the files
    /// `touched` (relative paths), leaving every other file as it was. Folders are
    /// those that hold the files (a build leaves no empty folder). `None` when a
    /// touched file cannot be looked at or has coarse timestamps: walk instead.
    pub(crate) fn updated<'a>(
        mut self,
        out: &Path,
        gone: impl IntoIterator<Item = &'a PathBuf>,
        touched: impl IntoIterator<Item = &'a PathBuf>,
    ) -> Option<Listing> {
        self.root = entry(out, &fs::symlink_metadata(out).ok()?).ok()?;
        self.entries.retain(|_, e| *e != Entry::Dir);
        for p in gone {
            self.entries.remove(p);
        }
        for p in touched {
            let e = entry(&out.join(p), &fs::symlink_metadata(out.join(p)).ok()?).ok()?;
            if matches!(e, Entry::File(_, Some(_)) | Entry::Dir) {
                return None;
            }
            self.entries.insert(p.clone(), e);
        }
        let folders: Vec<PathBuf> = (self.entries.keys())
            .flat_map(|p| p.ancestors().skip(1))
            .filter(|a| !a.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .collect();
        for f in folders {
            self.entries.insert(f, Entry::Dir);
        }
        Some(self)
    }
}

fn feed(h: &mut Sha256, e: &Entry) {
    match e {
        Entry::Dir => field(h, b"dir"),
        Entry::File(meta, bytes) => {
            h.update(meta);
            if let Some(b) = bytes {
                h.update(b);
            }
        }
    }
}

/// A length-prefixed field, so no two sequences of fields hash alike.
fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A listing brought up to date with what changed equals a new walk, with names
    /// that sort differently by text and by component (`a.b` and `a/x`).
    #[test]
    fn an_updated_listing_equals_a_new_walk() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        for d in ["a/x", "a.b", "b/c/d", "e"] {
            fs::create_dir_all(out.join(d)).unwrap();
            fs::write(out.join(d).join("index.html"), d).unwrap();
        }
        fs::write(out.join("top.txt"), "top").unwrap();
        let before = listing(&out).unwrap();
        assert_eq!(before.hash(), tree(&out).unwrap());
        // Rewritten, new (in a new folder), removed (its folders with it), linked.
        fs::remove_file(out.join("a/x/index.html")).unwrap();
        fs::write(out.join("a/x/index.html"), "rewritten").unwrap();
        fs::create_dir_all(out.join("f/g")).unwrap();
        fs::write(out.join("f/g/index.html"), "new").unwrap();
        fs::remove_file(out.join("b/c/d/index.html")).unwrap();
        for d in ["b/c/d", "b/c", "b"] {
            fs::remove_dir(out.join(d)).unwrap();
        }
        fs::hard_link(out.join("e/index.html"), t.path().join("elsewhere")).unwrap();
        let p = |s: &str| PathBuf::from(s);
        let gone = [p("b/c/d/index.html")];
        let touched = [p("a/x/index.html"), p("f/g/index.html"), p("e/index.html")];
        let updated = before.updated(&out, &gone, &touched).unwrap();
        assert_eq!(updated, listing(&out).unwrap());
        assert_eq!(updated.hash(), tree(&out).unwrap());
    }
}
