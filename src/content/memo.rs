//! What `serve` keeps from one rebuild to the next so that an edit re-reads every file
//! but re-parses and re-renders only what changed: each content file's parse result
//! (with its privacy findings) and each Markdown body's rendered output.
//!
//! A memo never changes what is built, only how fast: an entry is used only when every
//! input of the step it saves is equal to last time —
//! - a parse: the file's path, its text and its bundle folder, and the configuration;
//! - a body: the page's file, body text, first body line, bundle images and permalink,
//!   and everything a body may read ([`BodyEnv`]: configuration, link index,
//!   statistics, map points, templates with their shortcodes).
//!
//! Texts and environments are compared by 64-bit hashes (SipHash); a body's text and
//! first line are covered by its file's text key when the file was parsed through the
//! memo in the same build. Entries of files that are gone are dropped at each build.
//! `xinghuo build` keeps bodies only ([`Memo::for_build`]), for [`super::body_store`],
//! which keeps them on disk for the next build.
//!
//! `serve`'s watcher also tells the memo what changed ([`Changes`]): when only the
//! contents of files changed since the last build began, the last walk of `content/`
//! is reused and only the changed files are `stat`ed again. Anything else (a file
//! added, removed or renamed, lost events, a request that found its page's source
//! newer than the build) walks and stamps everything, as a build without a watcher
//! does.

use std::ffi::OsString;
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::content::body::{BodyEnv, BodyInput, BodyOutput};
use crate::content::ParseResult;
use crate::diag::Diagnostic;
use crate::hash::{debug_hash, hash_of};
use crate::sync::lock;

/// Entries by content file (relative to the site root). Keyed by the path's bytes:
/// hashing and comparing a `Path` walks its components, a tenth of a rebuild's time
/// at 10,000 pages; every path here comes from the same walk, so equal files have
/// equal bytes.
type Entries<T> = FxHashMap<OsString, Arc<T>>;

/// The memo of one `serve` session or `build` (see the module docs).
/// `Memo::default()` keeps nothing (`check`, reports); [`Memo::new`] keeps parses and
/// bodies; [`Memo::for_build`] bodies only.
///
/// A build reads the last build's entries without locks: [`Memo::parser`] and
/// [`Memo::bodies`] hand out a shared, read-only view of them, each parallel step
/// returns what it used or made ([`Kept`]), and [`Memo::keep_parsed`] /
/// [`Memo::keep_bodies`] store the lot once the step is done (one lock per step, not
/// two per file: at 10,000 pages the per-file locks were a fifth of a rebuild).
///
/// `serve` also says what its watcher saw change since the last build began
/// ([`Memo::changed`]): when only files' contents changed, the build reuses the last
/// walk of `content/` and the stamps of the files with no event instead of listing
/// and `stat`ing 10,000 files again (a fifth of a rebuild at that size).
#[derive(Default)]
pub(crate) struct Memo {
    keep: bool,
    /// Keep bodies only, not parses ([`Memo::for_build`]).
    bodies_only: bool,
    parsed: Mutex<Generation<ParsedEntry>>,
    bodies: Mutex<Generation<BodyEntry>>,
    /// What changed before the next build begins; taken by [`Memo::begin`].
    changes: Mutex<Changes>,
    /// This build's changed files, or `None` when anything may have changed.
    dirty: Mutex<Option<Arc<FxHashSet<OsString>>>>,
    /// The last walk of `content/`, while nothing was added, removed or renamed.
    walk: Mutex<Option<Arc<Walk>>>,
    /// The front matter the last `build` stored ([`super::front_store`]).
    fronts: super::front_store::Fronts,
}

/// What changed in `content/` since the last build began, as a watcher saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum Changes {
    /// Anything: files may have been added, removed or renamed, or events were lost.
    #[default]
    All,
    /// Only the contents (or permissions) of these files (relative to the site).
    Files(FxHashSet<OsString>),
}

impl Changes {
    /// Nothing changed yet.
    pub(crate) fn none() -> Changes {
        Changes::Files(FxHashSet::default())
    }
}

/// A walk of `content/`: the files found and the problems met.
struct Walk {
    files: Arc<[PathBuf]>,
    diags: Vec<Diagnostic>,
}

/// Entries of the last build (read-only while this one runs) and of this one.
struct Generation<T> {
    last: Arc<Entries<T>>,
    this: Arc<Entries<T>>,
}

impl<T> Default for Generation<T> {
    fn default() -> Self {
        Generation {
            last: Arc::default(),
            this: Arc::default(),
        }
    }
}

/// An entry a parallel step used or made, to be stored for the next build.
pub(crate) struct Kept<T>(OsString, Arc<T>);

/// What a file looked like on disk: length, modification and status-change times,
/// inode. Any write changes the status-change time (which no tool can set back), so
/// an equal stamp means an unchanged file — the rule git's index relies on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stamp([i64; 6]);

impl Stamp {
    /// The stamp of `path`, or `None` where the platform gives no status-change time
    /// (the file is then always read and compared by content).
    pub(crate) fn of(path: &Path) -> Option<Stamp> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let m = std::fs::symlink_metadata(path).ok()?;
            Some(Stamp([
                i64::try_from(m.len()).ok()?,
                m.mtime(),
                m.mtime_nsec(),
                m.ctime(),
                m.ctime_nsec(),
                i64::try_from(m.ino()).ok()?,
            ]))
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            None
        }
    }
}

pub(crate) struct ParsedEntry {
    /// The file's stamp when it was read, and the key of its parse context (the
    /// configuration and the bundle folder).
    stamp: Option<Stamp>,
    context: u64,
    /// The key of the text within that context.
    key: u64,
    result: ParseResult,
    found: Vec<Diagnostic>,
}

pub(crate) struct BodyEntry {
    key: u64,
    out: BodyOutput,
    diags: Vec<Diagnostic>,
}

/// How a content file is parsed when the memo cannot answer: reads its text (or says
/// why not), and parses a text.
pub(crate) struct ParseFile<'a> {
    pub read: &'a dyn Fn() -> Result<String, Diagnostic>,
    pub parse: &'a dyn Fn(&str) -> (ParseResult, Vec<Diagnostic>),
}

/// The stamp each content file had just before a build read it (see
/// [`Memo::stamps`]); shares the build's parse entries instead of copying 10,000
/// paths.
#[derive(Default)]
pub(crate) struct Stamps(Arc<Entries<ParsedEntry>>);

impl Stamps {
    /// The stamp of content file `file` (relative to the site) as the build read it.
    pub(crate) fn get(&self, file: &Path) -> Option<Stamp> {
        self.0.get(file.as_os_str()).and_then(|e| e.stamp)
    }
}

impl Memo {
    /// A memo that keeps what each build parsed and rendered for the next.
    pub(crate) fn new() -> Memo {
        Memo {
            keep: true,
            ..Memo::default()
        }
    }

    /// A memo for one `build`: it keeps bodies only (a build reads every file
    /// anyway, and parses kept would hold every page's Markdown to the end), to hand
    /// them to [`super::body_store`] for the next build.
    pub(crate) fn for_build() -> Memo {
        Memo {
            keep: true,
            bodies_only: true,
            ..Memo::default()
        }
    }

    /// A [`Memo::for_build`] that also reads front matter from `fronts` (the last
    /// build's, see [`super::front_store`]).
    pub(crate) fn for_build_with(fronts: super::front_store::Fronts) -> Memo {
        Memo {
            fronts,
            ..Memo::for_build()
        }
    }

    /// The front matter parsed by the last `build`, by key.
    pub(crate) fn fronts(&self) -> &super::front_store::Fronts {
        &self.fronts
    }

    /// Whether parses (and the walk of `content/`) are kept for the next build.
    fn keeps_parses(&self) -> bool {
        self.keep && !self.bodies_only
    }

    /// Start from bodies an earlier build rendered (`(file, key, output)`, see
    /// [`super::body_store`]): the next build reads them as the last build's.
    pub(crate) fn seed_bodies(&self, bodies: Vec<(OsString, u64, BodyOutput)>) {
        let kept = bodies
            .into_iter()
            .map(|(file, key, out)| {
                let diags = Vec::new();
                Some(Kept(file, Arc::new(BodyEntry { key, out, diags })))
            })
            .collect();
        lock(&self.bodies).this = Arc::new(entries(kept));
    }

    /// The bodies the last build used that rendered without a problem (their
    /// problems are not kept on disk): `(file, key, output)`.
    pub(crate) fn clean_bodies(&self) -> Vec<(OsString, u64, BodyOutput)> {
        let bodies = lock(&self.bodies).this.clone();
        bodies
            .iter()
            .filter(|(_, e)| e.diags.is_empty())
            .map(|(file, e)| (file.clone(), e.key, e.out.clone()))
            .collect()
    }

    /// The stamp each content file had just before this build read it: `serve`
    /// compares a requested page's source with it, so an edit whose watcher event has
    /// not arrived yet is not served stale.
    pub(crate) fn stamps(&self) -> Stamps {
        Stamps(lock(&self.parsed).this.clone())
    }

    /// Start a build: what the last build stored becomes readable, and entries of
    /// files not seen again are dropped when the next build starts.
    pub(crate) fn begin(&self) {
        for_both(self, |parsed, bodies| {
            parsed.last = std::mem::take(&mut parsed.this);
            bodies.last = std::mem::take(&mut bodies.this);
        });
        let dirty = match std::mem::take(&mut *lock(&self.changes)) {
            Changes::Files(f) if self.keep => Some(Arc::new(f)),
            _ => {
                // Forget the walk at once: a build that stops before walking must not
                // let a later one reuse it.
                *lock(&self.walk) = None;
                None
            }
        };
        *lock(&self.dirty) = dirty;
    }

    /// What changed since the last build began (`serve`'s watcher), for the next
    /// build. Without it, a build assumes anything may have.
    pub(crate) fn changed(&self, changes: Changes) {
        *lock(&self.changes) = changes;
    }

    /// The files of `content/` and the problems met listing them: the last walk when
    /// only files' contents changed since, else `walk()` (kept for the next build).
    pub(crate) fn walked(
        &self,
        walk: impl FnOnce(&mut Vec<Diagnostic>) -> Vec<PathBuf>,
    ) -> (Arc<[PathBuf]>, Vec<Diagnostic>) {
        let reuse = lock(&self.dirty).is_some();
        if let Some(w) = lock(&self.walk).as_ref().filter(|_| reuse) {
            return (w.files.clone(), w.diags.clone());
        }
        let mut diags = Vec::new();
        let files: Arc<[PathBuf]> = walk(&mut diags).into();
        if self.keeps_parses() {
            *lock(&self.walk) = Some(Arc::new(Walk {
                files: files.clone(),
                diags: diags.clone(),
            }));
        }
        (files, diags)
    }

    /// The reader of last build's parses, for one parallel pass over the content files.
    pub(crate) fn parser(&self) -> Parser {
        Parser {
            keep: self.keeps_parses(),
            last: lock(&self.parsed).last.clone(),
            dirty: lock(&self.dirty).clone(),
        }
    }

    /// Store the parses this build used (after [`Parser::parse`] of every file).
    pub(crate) fn keep_parsed(&self, kept: Vec<Option<Kept<ParsedEntry>>>) {
        if self.keeps_parses() {
            lock(&self.parsed).this = Arc::new(entries(kept));
        }
    }

    /// The reader of last build's bodies (and this build's parses), for one parallel
    /// pass over the pages.
    pub(crate) fn bodies(&self) -> BodyReader {
        BodyReader {
            keep: self.keep,
            parsed: lock(&self.parsed).this.clone(),
            last: lock(&self.bodies).last.clone(),
        }
    }

    /// Store the bodies this build used (after [`BodyReader::body`] of every page).
    pub(crate) fn keep_bodies(&self, kept: Vec<Option<Kept<BodyEntry>>>) {
        if self.keep {
            lock(&self.bodies).this = Arc::new(entries(kept));
        }
    }
}

/// Last build's parses, shared read-only by the threads of one pass.
pub(crate) struct Parser {
    keep: bool,
    last: Arc<Entries<ParsedEntry>>,
    dirty: Option<Arc<FxHashSet<OsString>>>,
}

impl Parser {
    /// The stamp of content file `file` (relative to `root`), when the memo keeps
    /// anything: the one it had last build when the watcher saw no change to it since
    /// (see [`Memo::changed`]), else read now.
    pub(crate) fn stamp(&self, root: &Path, file: &Path) -> Option<Stamp> {
        if !self.keep {
            return None;
        }
        let unchanged = (self.dirty.as_ref()).is_some_and(|d| !d.contains(file.as_os_str()));
        match self.last.get(file.as_os_str()).and_then(|e| e.stamp) {
            Some(s) if unchanged => Some(s),
            _ => Stamp::of(&root.join(file)),
        }
    }

    /// The parse of content file `file` (relative to the site; `stamp` its stamp now)
    /// in parse context `context`: from the memo when the file is unchanged (equal
    /// stamp, else equal text), else read and parsed. The entry to keep comes with it.
    pub(crate) fn parse(
        &self,
        file: &Path,
        stamp: Option<Stamp>,
        context: u64,
        how: &ParseFile<'_>,
    ) -> (ParseResult, Vec<Diagnostic>, Option<Kept<ParsedEntry>>) {
        if !self.keep {
            return match (how.read)() {
                Ok(text) => {
                    let (r, d) = (how.parse)(&text);
                    (r, d, None)
                }
                Err(d) => (Err(vec![d]), Vec::new(), None),
            };
        }
        let last = self.last.get(file.as_os_str());
        let same_stamp =
            |e: &&Arc<ParsedEntry>| stamp.is_some() && e.stamp == stamp && e.context == context;
        let entry = match last.filter(same_stamp) {
            Some(e) => e.clone(),
            None => {
                let text = match (how.read)() {
                    Ok(t) => t,
                    Err(d) => return (Err(vec![d]), Vec::new(), None),
                };
                let key = hash_of(|h| text.hash(h));
                let (result, found) = match last.filter(|e| e.context == context && e.key == key) {
                    Some(e) => (e.result.clone(), e.found.clone()),
                    None => (how.parse)(&text),
                };
                Arc::new(ParsedEntry {
                    stamp,
                    context,
                    key,
                    result,
                    found,
                })
            }
        };
        let (result, found) = (entry.result.clone(), entry.found.clone());
        (
            result,
            found,
            Some(Kept(file.as_os_str().to_owned(), entry)),
        )
    }
}

/// Last build's bodies and this build's parses, shared read-only by the threads of
/// one pass.
pub(crate) struct BodyReader {
    keep: bool,
    parsed: Arc<Entries<ParsedEntry>>,
    last: Arc<Entries<BodyEntry>>,
}

impl BodyReader {
    /// The rendered body of `input`, from the memo or from `render`, and the entry to
    /// keep.
    pub(crate) fn body(
        &self,
        env_key: u64,
        input: &BodyInput<'_>,
        diags: &mut Vec<Diagnostic>,
        render: impl FnOnce(&mut Vec<Diagnostic>) -> BodyOutput,
    ) -> (BodyOutput, Option<Kept<BodyEntry>>) {
        if !self.keep {
            return (render(diags), None);
        }
        // The body and its first line are cut from the file's text: where this build
        // parsed the file through the memo, the text's key stands for both (hashing
        // every body's Markdown again was a tenth of a rebuild at 10,000 pages).
        let text_key = (self.parsed.get(input.source.as_os_str())).map(|e| (e.context, e.key));
        let key = hash_of(|h| {
            env_key.hash(h);
            match text_key {
                Some(k) => (1u8, k).hash(h),
                None => {
                    0u8.hash(h);
                    input.body.hash(h);
                    input.body_line.hash(h);
                }
            }
            input.images.hash(h);
            input.permalink.hash(h);
            input.title.hash(h);
        });
        let entry = match (self.last.get(input.source.as_os_str())).filter(|e| e.key == key) {
            Some(e) => e.clone(),
            None => {
                let mut d = Vec::new();
                let out = render(&mut d);
                Arc::new(BodyEntry { key, out, diags: d })
            }
        };
        diags.extend(entry.diags.iter().cloned());
        let out = entry.out.clone();
        (out, Some(Kept(input.source.as_os_str().to_owned(), entry)))
    }
}

fn for_both(memo: &Memo, f: impl FnOnce(&mut Generation<ParsedEntry>, &mut Generation<BodyEntry>)) {
    let mut p = lock(&memo.parsed);
    let mut b = lock(&memo.bodies);
    f(&mut p, &mut b);
}

/// The map of what a pass kept (sized once: 10,000 entries grown by doubling were
/// rehashed thirteen times).
fn entries<T>(kept: Vec<Option<Kept<T>>>) -> Entries<T> {
    let mut map = Entries::with_capacity_and_hasher(kept.len(), Default::default());
    map.extend(kept.into_iter().flatten().map(|k| (k.0, k.1)));
    map
}

/// The key of a content file's parse context: the configuration and its bundle.
pub(crate) fn parse_context(config_key: u64, bundle: Option<&Path>) -> u64 {
    hash_of(|h| {
        config_key.hash(h);
        bundle.hash(h);
    })
}

/// The key of everything a body may read.
pub(crate) fn env_key(env: &BodyEnv<'_>, templates_key: u64) -> u64 {
    hash_of(|h| {
        debug_hash(h, env.config);
        env.links.hash(h);
        debug_hash(h, env.stats);
        debug_hash(h, &env.map_points);
        debug_hash(h, &env.map_base);
        debug_hash(h, &env.site_shortcodes);
        debug_hash(h, env.markdown);
        env.year.hash(h);
        templates_key.hash(h);
    })
}

#[cfg(test)]
#[path = "memo_tests.rs"]
mod tests;
