//! Paths and URLs shared by every stage: where an output file comes from
//! ([`FileSource`], [`StaticFile`]), the characters kept when a path becomes a URL
//! ([`PATH_SET`]), `.`/`..` resolution without the disk, and the `@/` key of a
//! content file.

use std::path::{Component, Path, PathBuf};

/// Where a file copied to the output comes from.
#[derive(Clone, Debug)]
pub enum FileSource {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

/// A file copied as is to `out` (URL path, no leading slash).
#[derive(Clone, Debug)]
pub struct StaticFile {
    pub source: FileSource,
    pub out: String,
}

pub(crate) const PATH_SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Resolve `.` and `..` without touching the disk; `None` if it climbs above the start.
pub(crate) fn normalize(p: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(n) => out.push(n),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// `content/members/wu-cai.md` → `members/wu-cai.md` (the `@/` form).
pub(crate) fn content_key(source: &Path) -> String {
    let s = crate::diag::display_path(source);
    s.strip_prefix("content/").unwrap_or(&s).to_string()
}
