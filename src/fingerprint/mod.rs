//! The up-to-date check of `build`: a build whose inputs and output are exactly as
//! the last clean build left them is skipped, as `make` and `cargo` skip targets that
//! are newer than their sources.
//!
//! The *input fingerprint* is a SHA-256 over the metadata of every file and folder
//! under the site root (path, type, size, inode, modification and status-change times,
//! symlink targets), the `xinghuo` executable's own metadata and version, and the
//! build options and folders. The status-change time (`ctime`) cannot be set back by
//! tools that preserve modification times (`cp -p`, `rsync -t`, `tar`, `touch -d`), so
//! any write, rename, replacement or permission change of an input changes the
//! fingerprint; where timestamps have no sub-second part (FAT, or a platform without
//! `ctime`), the file's bytes are hashed too, and so are the bytes of a file changed in
//! the two seconds before the fingerprint (a later change within the same clock tick
//! would keep its times); the record keeps the time it was taken, so the next check
//! hashes those same files by content and an unchanged site stays up to date however
//! soon the builds follow each other. Left out: the output folder, the cache
//! folder (`.xinghuo-cache`, derived data), `.git`, and the build's own staging folders.
//!
//! The *output fingerprint* ([`tree`]) is much the same over the output folder, taken
//! right after the build committed it: a file changed, added or removed there (by hand, by another
//! tool) makes the next build a full one, which restores the output.
//!
//! The record (`.xinghuo-cache/builds/<hash of the output path>`) is removed before
//! every full build and written only after a successful commit with no warnings, so a
//! failed, killed or warning build never leaves a record that could skip the next one
//! (and warnings are shown again by every build until fixed).

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use crate::config::BuildOptions;

mod tree;

pub(crate) use tree::{listing, tree, Listing};

/// Bump when the record format or what goes into it changes.
const FORMAT: &str = "xinghuo-build-fingerprint 2";

/// Files changed this long before a fingerprint are hashed by content too.
const RACY: Duration = Duration::from_secs(2);

/// What a clean build recorded: counts for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub pages: usize,
    pub files: usize,
}

/// The input fingerprint of one build (taken before anything is read).
pub(crate) struct Fingerprint {
    /// The input hash for this build's record.
    input: String,
    /// The input hash to compare with the last record (taken with its cut-off).
    check: Option<String>,
    /// The last record, read once.
    last: Option<Stored>,
    /// When this fingerprint was taken.
    start: SystemTime,
    out: PathBuf,
    record: PathBuf,
}

impl Fingerprint {
    /// Fingerprint the inputs of building `root` into `out` with `options`.
    pub(crate) fn of_inputs(
        root: &Path,
        out: &Path,
        options: &BuildOptions,
    ) -> io::Result<Fingerprint> {
        Self::of_inputs_at(root, out, options, SystemTime::now())
    }

    /// [`Fingerprint::of_inputs`] taken at the time `now`.
    fn of_inputs_at(
        root: &Path,
        out: &Path,
        options: &BuildOptions,
        now: SystemTime,
    ) -> io::Result<Fingerprint> {
        let root = fs::canonicalize(root)?;
        let out = absolute(out)?;
        let out_name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let staging_prefix = format!(".{out_name}.xinghuo-");
        let out_parent = out.parent().map(Path::to_path_buf);
        let cache = root.join(".xinghuo-cache");
        let key = hex(&Sha256::digest(out.to_string_lossy().as_bytes()));
        let record = cache.join("builds").join(&key[..32]);
        // Timestamps have the kernel's tick (a few ms): a file changed in the tick
        // of an earlier change keeps its times. Files changed in the two seconds
        // before a fingerprint are hashed by content too ("racily clean" files, as
        // git calls them). Two hashes come out of one walk: `new` with this build's
        // cut-off, for its record, and `check` with the cut-off the last record was
        // taken with, so a file that was recent then is hashed the same way now and
        // an unchanged site is found up to date however soon the builds follow.
        let recent = |t: SystemTime| t.checked_sub(RACY).unwrap_or(UNIX_EPOCH);
        let last = read_record(&record);
        let mut h = Hashers {
            new: Sha256::new(),
            check: last.as_ref().map(|_| Sha256::new()),
            cut: (Some(recent(now)), last.as_ref().map(|l| recent(l.start))),
        };
        field(&mut h, FORMAT.as_bytes());
        field(&mut h, env!("CARGO_PKG_VERSION").as_bytes());
        let exe = std::env::current_exe()?;
        field(&mut h, exe.to_string_lossy().as_bytes());
        meta(&mut h, &fs::metadata(&exe)?);
        field(&mut h, root.to_string_lossy().as_bytes());
        field(&mut h, out.to_string_lossy().as_bytes());
        field(
            &mut h,
            format!(
                "drafts={} relative={} base_url={:?}",
                options.drafts, options.relative, options.base_url
            )
            .as_bytes(),
        );
        let git = root.join(".git");
        let walk = WalkDir::new(&root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let p = e.path();
                let staging = out_parent.as_deref() == p.parent()
                    && e.file_name().to_string_lossy().starts_with(&staging_prefix);
                p != out && p != cache && p != git && !staging
            });
        for e in walk {
            let e = e.map_err(io::Error::other)?;
            let rel = e.path().strip_prefix(&root).unwrap_or(e.path());
            field(&mut h, rel.to_string_lossy().as_bytes());
            if !e.path_is_symlink() {
                entry(&mut h, e.path(), &e.metadata().map_err(io::Error::other)?)?;
                continue;
            }
            // A link: its target, and what it points to (a folder's files one level of
            // links deep: the loaders read through a link but do not follow links inside).
            symlink(&mut h, e.path())?;
            if fs::metadata(e.path()).is_ok_and(|m| m.is_dir()) {
                for inner in WalkDir::new(e.path()).min_depth(1).sort_by_file_name() {
                    let inner = inner.map_err(io::Error::other)?;
                    let r = inner.path().strip_prefix(e.path()).unwrap_or(inner.path());
                    field(&mut h, r.to_string_lossy().as_bytes());
                    if inner.path_is_symlink() {
                        symlink(&mut h, inner.path())?;
                    } else {
                        let m = inner.metadata().map_err(io::Error::other)?;
                        entry(&mut h, inner.path(), &m)?;
                    }
                }
            }
        }
        Ok(Fingerprint {
            input: hex(&h.new.finalize()),
            check: h.check.map(|c| hex(&c.finalize())),
            last,
            start: now,
            record,
            out,
        })
    }

    /// The record of the last build when it had these inputs and its output is
    /// untouched since.
    pub(crate) fn up_to_date(&self) -> Option<Record> {
        let last = self.last.as_ref()?;
        if last.input != *self.check.as_ref()? || last.output != tree(&self.out).ok()? {
            return None;
        }
        Some(last.counts.clone())
    }

    /// Remove the record before a full build, so a build that fails or is killed
    /// never leaves one behind.
    pub(crate) fn forget(&self) {
        let _ = fs::remove_file(&self.record);
    }

    /// Record a clean build whose output was just committed.
    pub(crate) fn record(&self, r: &Record) -> io::Result<()> {
        self.record_with(r, tree(&self.out)?)
    }

    /// [`Fingerprint::record`] with the output folder's [`tree`] as it is now, when
    /// the caller has it (the output's commit takes it for the spare).
    pub(crate) fn record_with(&self, r: &Record, output: String) -> io::Result<()> {
        let dir = self.record.parent().expect("the record is in a folder");
        fs::create_dir_all(dir)?;
        let start = self.start.duration_since(UNIX_EPOCH).unwrap_or_default();
        let text = format!(
            "{FORMAT}\nstart={}.{:09}\ninput={}\noutput={output}\npages={}\nfiles={}\n",
            start.as_secs(),
            start.subsec_nanos(),
            self.input,
            r.pages,
            r.files
        );
        crate::fsutil::write_atomic(&self.record, text.as_bytes())
    }
}

/// What a record holds (see [`Fingerprint::record`]).
struct Stored {
    start: SystemTime,
    input: String,
    output: String,
    counts: Record,
}

/// The record at `path`, when there is one of this format.
fn read_record(path: &Path) -> Option<Stored> {
    let text = fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next()? != FORMAT {
        return None;
    }
    let (mut start, mut input, mut output, mut pages, mut files) = (None, None, None, None, None);
    for line in lines {
        match line.split_once('=') {
            Some(("start", v)) => {
                let (secs, nanos) = v.split_once('.')?;
                start = Some(UNIX_EPOCH + Duration::new(secs.parse().ok()?, nanos.parse().ok()?));
            }
            Some(("input", v)) => input = Some(v.to_string()),
            Some(("output", v)) => output = Some(v.to_string()),
            Some(("pages", v)) => pages = v.parse().ok(),
            Some(("files", v)) => files = v.parse().ok(),
            _ => {}
        }
    }
    Some(Stored {
        start: start?,
        input: input?,
        output: output?,
        counts: Record {
            pages: pages?,
            files: files?,
        },
    })
}

/// The hashes one walk feeds (see [`Fingerprint::of_inputs`]): `new` and, when there
/// is a record to compare with, `check`; `cut` holds their racy-file cut-offs.
struct Hashers {
    new: Sha256,
    check: Option<Sha256>,
    cut: (Option<SystemTime>, Option<SystemTime>),
}

impl Hashers {
    fn update(&mut self, bytes: &[u8]) {
        self.new.update(bytes);
        if let Some(c) = &mut self.check {
            c.update(bytes);
        }
    }
}

/// A symbolic link: where it points, and the metadata of what it points to.
fn symlink(h: &mut Hashers, p: &Path) -> io::Result<()> {
    field(h, b"symlink");
    field(h, fs::read_link(p)?.to_string_lossy().as_bytes());
    match fs::metadata(p) {
        Ok(m) => entry(h, p, &m),
        Err(_) => {
            field(h, b"dangling");
            Ok(())
        }
    }
}

/// A length-prefixed field, so no two sequences of fields hash alike.
fn field(h: &mut Hashers, bytes: &[u8]) {
    h.update(&(bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// One entry of a tree. A folder is its path only (its times change whenever a build
/// adds its staging folder next to the output; what it holds is listed anyway). A file
/// is its metadata, and its bytes too when the file system's timestamps are too coarse
/// to notice every change, or when it changed after `recent`.
fn entry(h: &mut Hashers, path: &Path, m: &fs::Metadata) -> io::Result<()> {
    if m.is_dir() {
        field(h, b"dir");
        return Ok(());
    }
    let fine = meta(h, m);
    let racy = |cut: Option<SystemTime>| cut.is_some_and(|r| changed(m).is_none_or(|t| t >= r));
    let to_new = m.is_file() && (!fine || racy(h.cut.0));
    let to_check = h.check.is_some() && m.is_file() && (!fine || racy(h.cut.1));
    if to_new || to_check {
        read_chunks(path, |chunk| {
            if to_new {
                h.new.update(chunk);
            }
            if let Some(c) = h.check.as_mut().filter(|_| to_check) {
                c.update(chunk);
            }
        })?;
    }
    Ok(())
}

/// Feed the bytes of the file at `path` to `f`, a chunk at a time.
fn read_chunks(path: &Path, mut f: impl FnMut(&[u8])) -> io::Result<()> {
    let mut file = fs::File::open(path)?;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        f(&buf[..n]);
    }
}

/// When the entry last changed: its status-change time where there is one.
fn changed(m: &fs::Metadata) -> Option<SystemTime> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let secs = u64::try_from(m.ctime()).ok()?;
        let t = UNIX_EPOCH + Duration::new(secs, m.ctime_nsec() as u32);
        Some(t.max(m.modified().ok()?))
    }
    #[cfg(not(unix))]
    {
        m.modified().ok()
    }
}

/// Hash the metadata; false when the timestamps have no sub-second part.
fn meta(h: &mut Hashers, m: &fs::Metadata) -> bool {
    let (bytes, fine) = meta_bytes(m);
    h.update(&bytes);
    fine
}

/// What is hashed of an entry's metadata, and whether its timestamps have a
/// sub-second part.
fn meta_bytes(m: &fs::Metadata) -> (Vec<u8>, bool) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mut out = Vec::with_capacity(64);
        for n in [
            m.dev(),
            m.ino(),
            u64::from(m.mode()),
            m.size(),
            m.mtime() as u64,
            m.mtime_nsec() as u64,
            m.ctime() as u64,
            m.ctime_nsec() as u64,
        ] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        (out, m.mtime_nsec() != 0 || m.ctime_nsec() != 0)
    }
    #[cfg(not(unix))]
    {
        let mut out = m.len().to_le_bytes().to_vec();
        out.extend_from_slice(format!("{:?} {:?}", m.file_type(), m.modified().ok()).as_bytes());
        (out, false)
    }
}

fn absolute(p: &Path) -> io::Result<PathBuf> {
    if let Ok(c) = fs::canonicalize(p) {
        return Ok(c);
    }
    let name = p
        .file_name()
        .ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
    let parent = p
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Ok(fs::canonicalize(parent)?.join(name))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let t = tempfile::tempdir().unwrap();
        fs::create_dir_all(t.path().join("content/a")).unwrap();
        fs::write(t.path().join("content/a/x.md"), "one").unwrap();
        fs::write(t.path().join("site-config.toml"), "title = \"t\"").unwrap();
        fs::create_dir_all(t.path().join("public/p")).unwrap();
        fs::write(t.path().join("public/p/index.html"), "out").unwrap();
        t
    }

    fn fp(root: &Path) -> Fingerprint {
        Fingerprint::of_inputs(root, &root.join("public"), &BuildOptions::default()).unwrap()
    }

    const R: Record = Record { pages: 3, files: 7 };

    #[test]
    fn unchanged_is_up_to_date_and_counts_come_back() {
        let t = site();
        let f = fp(t.path());
        assert_eq!(f.up_to_date(), None, "no record yet");
        f.record(&R).unwrap();
        assert_eq!(fp(t.path()).up_to_date(), Some(R));
        // Reading files changes nothing; the cache and .git are not inputs.
        fs::read(t.path().join("content/a/x.md")).unwrap();
        fs::create_dir_all(t.path().join(".xinghuo-cache/images")).unwrap();
        fs::write(t.path().join(".xinghuo-cache/images/z"), "z").unwrap();
        fs::create_dir_all(t.path().join(".git")).unwrap();
        assert_eq!(fp(t.path()).up_to_date(), Some(R));
        f.forget();
        assert_eq!(fp(t.path()).up_to_date(), None);
    }

    #[test]
    fn any_input_change_is_seen() {
        type Change = fn(&Path);
        let changes: [(&str, Change); 7] = [
            ("same size, same mtime", |r| {
                let p = r.join("content/a/x.md");
                let m = fs::metadata(&p).unwrap().modified().unwrap();
                fs::write(&p, "two").unwrap();
                fs::File::options()
                    .write(true)
                    .open(&p)
                    .unwrap()
                    .set_modified(m)
                    .unwrap();
            }),
            ("new file", |r| {
                fs::write(r.join("content/a/y.md"), "y").unwrap()
            }),
            ("removed file", |r| {
                fs::remove_file(r.join("content/a/x.md")).unwrap()
            }),
            ("renamed", |r| {
                fs::rename(r.join("content/a/x.md"), r.join("content/a/z.md")).unwrap()
            }),
            ("new folder", |r| {
                fs::create_dir(r.join("templates")).unwrap()
            }),
            ("config", |r| {
                fs::write(r.join("site-config.toml"), "title = \"u\"").unwrap()
            }),
            ("output edited", |r| {
                fs::write(r.join("public/p/index.html"), "OUT").unwrap()
            }),
        ];
        for (what, change) in changes {
            let t = site();
            fp(t.path()).record(&R).unwrap();
            assert_eq!(fp(t.path()).up_to_date(), Some(R), "{what}");
            change(t.path());
            assert_eq!(fp(t.path()).up_to_date(), None, "{what}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn files_behind_a_linked_folder_are_inputs() {
        let t = site();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("base.html"), "a").unwrap();
        std::os::unix::fs::symlink(outside.path(), t.path().join("templates")).unwrap();
        fp(t.path()).record(&R).unwrap();
        assert_eq!(fp(t.path()).up_to_date(), Some(R));
        fs::write(outside.path().join("base.html"), "b").unwrap();
        assert_eq!(fp(t.path()).up_to_date(), None);
    }

    #[test]
    fn a_file_changed_just_before_the_record_is_still_up_to_date_later() {
        // The record is taken within two seconds of an edit (hashed by content); a
        // check ten seconds later must hash that file the same way.
        let t = site();
        let now = SystemTime::now();
        let at = |secs| {
            Fingerprint::of_inputs_at(
                t.path(),
                &t.path().join("public"),
                &BuildOptions::default(),
                now + Duration::from_secs(secs),
            )
            .unwrap()
        };
        at(0).record(&R).unwrap();
        assert_eq!(at(10).up_to_date(), Some(R));
        // An edit after the record is still seen (same size, same modification time).
        let p = t.path().join("content/a/x.md");
        let m = fs::metadata(&p).unwrap().modified().unwrap();
        fs::write(&p, "two").unwrap();
        let f = fs::File::options().write(true).open(&p).unwrap();
        f.set_modified(m).unwrap();
        assert_eq!(at(10).up_to_date(), None);
    }

    #[test]
    fn options_and_output_folder_are_part_of_the_key() {
        let t = site();
        fp(t.path()).record(&R).unwrap();
        let drafts = BuildOptions {
            drafts: true,
            ..BuildOptions::default()
        };
        let f = Fingerprint::of_inputs(t.path(), &t.path().join("public"), &drafts).unwrap();
        assert_eq!(f.up_to_date(), None);
        fs::create_dir_all(t.path().join("dist")).unwrap();
        let f = Fingerprint::of_inputs(t.path(), &t.path().join("dist"), &BuildOptions::default())
            .unwrap();
        assert_eq!(f.up_to_date(), None);
    }

    /// The output's fingerprint, walked folder by folder in parallel, still sees every
    /// change at every depth and at the top, and only changes.
    #[test]
    fn output_tree_sees_changes_at_every_depth() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("public");
        for d in ["a/b/c", "b", "c/d"] {
            fs::create_dir_all(out.join(d)).unwrap();
            fs::write(out.join(d).join("index.html"), d).unwrap();
        }
        fs::write(out.join("top.txt"), "top").unwrap();
        let mut seen = vec![tree(&out).unwrap()];
        assert_eq!(tree(&out).unwrap(), seen[0], "nothing changed");
        let changes: [&dyn Fn(); 5] = [
            &|| fs::write(out.join("a/b/c/index.html"), "longer text").unwrap(),
            &|| fs::write(out.join("top.txt"), "top, longer").unwrap(),
            &|| fs::rename(out.join("c/d"), out.join("c/e")).unwrap(),
            &|| fs::write(out.join("0.txt"), "new").unwrap(),
            &|| fs::remove_file(out.join("b/index.html")).unwrap(),
        ];
        for change in changes {
            change();
            let now = tree(&out).unwrap();
            assert!(!seen.contains(&now), "a change was not seen");
            seen.push(now);
        }
        // A file's place between two folders matters, not only the files.
        fs::create_dir_all(out.join("a2")).unwrap();
        fs::rename(out.join("0.txt"), out.join("a2/0.txt")).unwrap();
        assert!(!seen.contains(&tree(&out).unwrap()));
    }
}
