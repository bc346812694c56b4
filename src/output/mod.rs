//! Committing output: a build writes into a staging folder beside the output folder and
//! swaps it in only when everything succeeded, so a failed or killed build leaves the
//! last good `public/` exactly as it was. Also the `--relative` rewrite of URLs.
//!
//! Only changed files are written: a file whose bytes equal those of the same path in
//! the current output is hard-linked from there into the staging folder instead, so it
//! keeps its inode and modification time (rsync, HTTP caches and `serve` see no
//! change), no data is rewritten, and removing the old output after the swap frees no
//! blocks. Staging never writes through a path that exists (a file is created new or
//! replaced by unlinking first), so a linked file of the old output is never modified:
//! an aborted build still leaves it exactly as it was. Where links are impossible (the
//! output on a file system without them), files are written as before.
//!
//! Where folders can be exchanged atomically, the old output is not deleted after the
//! swap but kept as the next build's staging folder ([`spare`]); that build then
//! writes only what differs, and keeps a page whose input digest is unchanged without
//! it being rendered ([`Staging::keep_page`]).

mod spare;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rustc_hash::FxHashSet;

use crate::sync::lock;

/// A staging folder that becomes the output folder on [`Staging::commit`].
pub(crate) struct Staging {
    dir: PathBuf,
    target: PathBuf,
    /// The current output, when there is one: unchanged files are linked from it.
    previous: Option<PathBuf>,
    /// Folders made so far: `create_dir_all` asks the file system (a `mkdir` that
    /// locks the parent folder) even when the folder exists, once per file written —
    /// a quarter of a second at 10,000 pages.
    made: Mutex<FxHashSet<PathBuf>>,
    /// The spare this build updates instead of a fresh folder ([`spare`]), and the
    /// listing of the current output taken to trust it.
    spare: Option<spare::Spare>,
    listing: Option<crate::fingerprint::Listing>,
    /// With a spare: the files this build wrote or linked into it (the others are
    /// as the spare held them), for the new output's listing.
    touched: Mutex<FxHashSet<PathBuf>>,
    /// Every file this build put in the output (relative, normalized).
    seen: Mutex<FxHashSet<PathBuf>>,
    /// Those whose bytes differ from the current output's (or that it lacks).
    changed: Mutex<FxHashSet<PathBuf>>,
    /// The digest of the inputs of each rendered page put in the output.
    digests: Mutex<rustc_hash::FxHashMap<PathBuf, u64>>,
}

impl Staging {
    /// Create a staging folder next to `target`: the spare output when there is a
    /// usable one ([`spare`]), else an empty folder.
    pub(crate) fn new(target: &Path) -> io::Result<Staging> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        recover(target);
        let dir = parent.join(format!(".{name}.xinghuo-new-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        let previous = std::fs::symlink_metadata(target)
            .is_ok_and(|m| m.is_dir())
            .then(|| target.to_path_buf());
        let spare_dir = spare::path(target, parent);
        let (spare, listing) = match previous {
            Some(_) => spare::take(target, &spare_dir, &dir).unzip(),
            None => {
                let _ = std::fs::remove_dir_all(&spare_dir);
                (None, None)
            }
        };
        if spare.is_none() {
            std::fs::create_dir_all(&dir)?;
        }
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            previous,
            made: Default::default(),
            spare,
            listing,
            touched: Default::default(),
            seen: Default::default(),
            changed: Default::default(),
            digests: Default::default(),
        })
    }

    #[cfg(test)]
    pub(crate) fn path(&self) -> &Path {
        &self.dir
    }

    /// Write one file (`rel` uses `/`, no leading slash).
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let (p, normalized) = self.file_path(rel)?;
        self.put(&p, normalized, bytes, None)
    }

    /// Write a rendered page made from inputs of digest `digest`.
    pub(crate) fn write_page(&self, rel: &str, bytes: &[u8], digest: u64) -> io::Result<()> {
        let (p, normalized) = self.file_path(rel)?;
        self.put(&p, normalized, bytes, Some(digest))
    }

    /// Keep the current output's page at `rel` when it was made from inputs of the same
    /// `digest` (spare mode only; see [`spare`]): whether it was kept, so the page
    /// need not be rendered.
    pub(crate) fn keep_page(&self, rel: &str, digest: u64) -> io::Result<bool> {
        let Some(s) = &self.spare else {
            return Ok(false);
        };
        let (p, normalized) = self.file_path(rel)?;
        // The spare was taken only because the current output is as its record says
        // (see [`spare`]): its files are the record's outputs, and a file with a
        // recorded digest is one of them, no `stat` needed.
        if s.digests.get(&normalized) != Some(&digest) || !s.outputs.contains(&normalized) {
            return Ok(false);
        }
        let Some(old) = self.previous.as_ref().map(|o| o.join(&normalized)) else {
            return Ok(false);
        };
        if s.differ.contains(&normalized) {
            self.make_parent(&p)?;
            if !link(&old, &p) {
                write_new(&p, &std::fs::read(&old)?)?;
            }
            self.touch(&normalized);
        }
        self.note(normalized, false, Some(digest));
        Ok(true)
    }

    /// Copy a file from the site into the output.
    pub(crate) fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let (p, normalized) = self.file_path(rel)?;
        if let Some((_, len)) = self.previous_file(&normalized) {
            if len == std::fs::metadata(from)?.len() {
                return self.put(&p, normalized, &std::fs::read(from)?, None);
            }
        }
        // Not in the current output as it is: a new file.
        self.touch(&normalized);
        self.note(normalized, true, None);
        self.make_parent(&p)?;
        if std::fs::symlink_metadata(&p).is_ok() {
            std::fs::remove_file(&p)?;
        }
        std::fs::copy(from, p).map(|_| ())
    }

    /// Put `bytes` at `p` (output path `normalized`; a rendered page's input `digest`).
    /// A file equal to the current output's is linked from it; in the spare (see
    /// [`spare`]) it is left alone unless the spare differs there.
    fn put(
        &self,
        p: &Path,
        normalized: PathBuf,
        bytes: &[u8],
        digest: Option<u64>,
    ) -> io::Result<()> {
        let old = self.same_as_previous(&normalized, bytes);
        let stale = self
            .spare
            .as_ref()
            .is_none_or(|s| s.differ.contains(&normalized));
        if old.is_some() && !stale {
            self.note(normalized, false, digest);
            return Ok(()); // the spare holds these bytes already
        }
        self.touch(&normalized);
        self.note(normalized, old.is_none(), digest);
        self.make_parent(p)?;
        if old.is_some_and(|o| link(&o, p)) {
            return Ok(());
        }
        write_new(p, bytes)
    }

    /// Count `normalized` as made by this build, as `changed` from the current output,
    /// and made from page inputs of `digest` — or, for any other file (a static file
    /// written over a page: it wins), from none, so the page is rendered again once
    /// the file is gone.
    fn note(&self, normalized: PathBuf, changed: bool, digest: Option<u64>) {
        if changed {
            lock(&self.changed).insert(normalized.clone());
        }
        match digest {
            Some(d) => lock(&self.digests).insert(normalized.clone(), d),
            None => lock(&self.digests).remove(&normalized),
        };
        lock(&self.seen).insert(normalized);
    }

    /// Count `normalized` as written or linked by this build (kept only with a spare).
    fn touch(&self, normalized: &Path) {
        if self.spare.is_some() {
            lock(&self.touched).insert(normalized.to_path_buf());
        }
    }

    /// Make the folder `p` goes in, unless this build made it already.
    fn make_parent(&self, p: &Path) -> io::Result<()> {
        let Some(parent) = p.parent() else {
            return Ok(());
        };
        if lock(&self.made).contains(parent) {
            return Ok(());
        }
        std::fs::create_dir_all(parent)?;
        lock(&self.made).insert(parent.to_path_buf());
        Ok(())
    }

    /// The same file in the current output and its length, when it is a regular file.
    fn previous_file(&self, normalized: &Path) -> Option<(PathBuf, u64)> {
        let old = self.previous.as_ref()?.join(normalized);
        let m = std::fs::symlink_metadata(&old).ok()?;
        m.is_file().then_some((old, m.len()))
    }

    /// The current output's file at `normalized` when it holds exactly `bytes`.
    fn same_as_previous(&self, normalized: &Path, bytes: &[u8]) -> Option<PathBuf> {
        let (old, len) = self.previous_file(normalized)?;
        (len == bytes.len() as u64 && std::fs::read(&old).ok().as_deref() == Some(bytes))
            .then_some(old)
    }

    fn file_path(&self, rel: &str) -> io::Result<(PathBuf, PathBuf)> {
        let normalized = crate::paths::normalize(Path::new(rel))
            .filter(|p| !p.as_os_str().is_empty())
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("output path leaves the output folder: {rel}"),
                )
            })?;
        Ok((self.dir.join(&normalized), normalized))
    }

    /// Swap the staging folder in place of the target. The old output is kept as the
    /// spare (see [`spare`]) where folders can be exchanged, else removed. Returns
    /// the new output's [`crate::fingerprint::tree`] when it was taken for the spare.
    pub(crate) fn commit(self) -> io::Result<Option<String>> {
        let parent = self.dir.parent().unwrap_or(Path::new(".")).to_path_buf();
        let name = self
            .target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let seen = self.seen.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut gone = Vec::new();
        if let Some(s) = &self.spare {
            // What the current output (or only the spare) has and this build did not make.
            gone.extend((s.outputs.iter().chain(&s.differ)).filter(|p| !seen.contains(*p)));
            for p in &gone {
                remove_with_empty_folders(&self.dir, p)?;
            }
        }
        if self.target.exists() {
            if exchange(&self.dir, &self.target).is_ok() {
                // `self.dir` now holds the old output: where it differs from the new.
                let mut differ = self.changed.into_inner().unwrap_or_else(|e| e.into_inner());
                match &self.spare {
                    Some(s) => {
                        differ.extend(s.outputs.iter().filter(|p| !seen.contains(*p)).cloned())
                    }
                    None => {
                        differ.extend(files(&self.dir).into_iter().filter(|p| !seen.contains(p)))
                    }
                }
                let mut digests = self.digests.into_inner().unwrap_or_else(|e| e.into_inner());
                digests.retain(|p, _| seen.contains(p));
                // The new output is the spare with the files this build touched.
                let touched = self.touched.into_inner().unwrap_or_else(|e| e.into_inner());
                let tree = (self.listing)
                    .and_then(|l| l.updated(&self.target, gone.iter().copied(), &touched))
                    .map(|l| l.hash());
                let kept = spare::Spare {
                    outputs: seen,
                    differ,
                    digests,
                };
                return Ok(spare::keep(
                    &self.target,
                    &self.dir,
                    &spare::path(&self.target, &parent),
                    &kept,
                    tree,
                ));
            }
            let old = parent.join(format!(".{name}.xinghuo-old-{}", std::process::id()));
            std::fs::rename(&self.target, &old)?;
            if let Err(e) = std::fs::rename(&self.dir, &self.target) {
                let _ = std::fs::rename(&old, &self.target);
                return Err(e);
            }
            let _ = std::fs::remove_dir_all(&old);
            Ok(None)
        } else {
            std::fs::rename(&self.dir, &self.target).map(|()| None)
        }
    }

    /// Throw the staging folder away.
    pub(crate) fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Hard-link `old` at `p` (a file already at `p` is unlinked first); whether it worked.
fn link(old: &Path, p: &Path) -> bool {
    if std::fs::symlink_metadata(p).is_ok() && std::fs::remove_file(p).is_err() {
        return false;
    }
    std::fs::hard_link(old, p).is_ok()
}

/// Remove file `rel` of folder `dir`, and the folders above it that it leaves empty.
fn remove_with_empty_folders(dir: &Path, rel: &Path) -> io::Result<()> {
    match std::fs::remove_file(dir.join(rel)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    for up in rel
        .ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
    {
        if std::fs::remove_dir(dir.join(up)).is_err() {
            break; // not empty (or gone)
        }
    }
    Ok(())
}

/// Every file under `dir` (relative paths; links are not followed). Empty folders
/// (made by hand in an output) are removed: the spare must hold no folder that a
/// build would not make.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for e in walkdir::WalkDir::new(dir)
        .contents_first(true)
        .into_iter()
        .flatten()
    {
        if e.file_type().is_dir() {
            if e.depth() > 0 {
                let _ = std::fs::remove_dir(e.path()); // only when empty
            }
        } else if let Ok(rel) = e.path().strip_prefix(dir) {
            found.push(rel.to_path_buf());
        }
    }
    found
}

/// Create `p` with `bytes`; a file already there is unlinked first, never written
/// through (it may be a link to the current output).
fn write_new(p: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    create_new(p)?.write_all(bytes)
}

/// A new empty file at `p`; a file already there is unlinked first.
fn create_new(p: &Path) -> io::Result<std::fs::File> {
    match std::fs::File::create_new(p) {
        Ok(f) => Ok(f),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(p)?;
            std::fs::File::create_new(p)
        }
        Err(e) => Err(e),
    }
}

/// Atomically exchange two folders (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())
        .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    let cb = CString::new(b.as_os_str().as_bytes())
        .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves them from the cwd.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Clean up after a build that was killed: restore an output moved aside and remove
/// stale staging folders of processes that no longer run.
fn recover(target: &Path) {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = n.strip_prefix(&format!(".{name}.xinghuo-")) else {
            continue;
        };
        if rest == "spare" {
            continue; // the spare output (see `spare`), not a leftover
        }
        let pid: Option<u32> = rest.rsplit('-').next().and_then(|p| p.parse().ok());
        if pid.is_some_and(|p| Path::new(&format!("/proc/{p}")).exists() && p != std::process::id())
        {
            continue; // another build is running
        }
        if rest.starts_with("old-") && !target.exists() {
            let _ = std::fs::rename(e.path(), target);
        } else {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Rewrite every internal URL of an HTML page to a relative one (`--relative`), with
/// `index.html` made explicit, so the output works from `file://`.
/// `page` is the output path of the page (`stations/x/index.html`).
pub(crate) fn relativize_html(html: &str, page: &str, base_path: &str) -> String {
    use lol_html::{element, rewrite_str, RewriteStrSettings};
    let depth = page.matches('/').count();
    let up = "../".repeat(depth);
    let fix = move |v: &str| -> Option<String> {
        let rest = v.strip_prefix(base_path)?;
        if v.starts_with("//") {
            return None;
        }
        let (path, frag) = match rest.find(['#', '?']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let mut out = format!("{up}{path}");
        if path.is_empty() || path.ends_with('/') {
            out.push_str("index.html");
        }
        if out.is_empty() {
            out.push_str("index.html");
        }
        Some(format!("{out}{frag}"))
    };
    let attrs = [
        "href",
        "src",
        "poster",
        "data-root",
        "data-href",
        "data-index",
        "xlink:href",
        "action",
    ];
    let handler = element!("*", move |el| {
        for a in attrs {
            if let Some(v) = el.get_attribute(a) {
                if let Some(n) = fix(&v) {
                    el.set_attribute(a, &n)?;
                }
            }
        }
        if let Some(v) = el.get_attribute("srcset") {
            let parts: Vec<String> = v
                .split(',')
                .map(|c| {
                    let c = c.trim();
                    let (u, w) = c.split_once(' ').unwrap_or((c, ""));
                    let u2 = fix(u).unwrap_or_else(|| u.to_string());
                    if w.is_empty() {
                        u2
                    } else {
                        format!("{u2} {w}")
                    }
                })
                .collect();
            el.set_attribute("srcset", &parts.join(", "))?;
        }
        Ok(())
    });
    let settings = RewriteStrSettings::new().append_element_content_handler(handler);
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

#[cfg(test)]
mod tests;
