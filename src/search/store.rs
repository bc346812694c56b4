//! The counted index of the last build, kept on disk for the next one
//! (`.xinghuo-cache/search`): a `build` after an edit counts only the changed pages
//! again ([`Uncut::update`]) instead of every page — at 10,000 pages counting was
//! three quarters of such a build's search index.
//!
//! One file of [`crate::stored`] (format, program, checksum): a file that is missing,
//! damaged, foreign or of another program is ignored and the index is counted from
//! scratch.

use std::io;
use std::path::{Path, PathBuf};

use super::uncut::Uncut;

/// Under the site root.
pub(crate) const STORE_FILE: &str = ".xinghuo-cache/search";

/// Bumped whenever [`Uncut`] or the counting changes.
const FORMAT: u32 = 2;

fn path(root: &Path) -> PathBuf {
    root.join(STORE_FILE)
}

/// The index the last build of the site in `root` stored, if this program can use it.
pub(crate) fn load(root: &Path) -> Option<Uncut> {
    crate::stored::load(&path(root), FORMAT)
}

/// Store `uncut` for the next build.
pub(crate) fn save(root: &Path, uncut: &Uncut) -> io::Result<()> {
    crate::stored::save(&path(root), FORMAT, uncut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::build::tests::src;
    use crate::search::uncut::tests::files;
    use crate::search::Layout;

    /// (Damage is refused by `crate::stored`, tested there.)
    #[test]
    fn round_trip() {
        let pages = [src("党建引领", "红色联盟 open data"), src("星火", "服务站")];
        let count = || Uncut::count(2, |i| pages[i].clone(), |_| 0, Layout::for_pages(2, 1));
        let t = tempfile::tempdir().expect("temp dir");
        save(t.path(), &count()).expect("saved");
        let loaded = load(t.path()).expect("loaded");
        assert_eq!(files(loaded), files(count()));
        std::fs::write(path(t.path()), b"xinghuo").expect("written");
        assert!(load(t.path()).is_none());
    }
}
