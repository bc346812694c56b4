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
//! `xinghuo build` keeps nothing.

use std::collections::HashMap;
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::content::body::{BodyEnv, BodyInput, BodyOutput};
use crate::content::ParseResult;
use crate::diag::Diagnostic;
use crate::hash::{debug_hash, hash_of};

/// The memo of one `serve` session (see the module docs). `Memo::default()` keeps
/// nothing (a one-off build would only pay for the copies); [`Memo::new`] keeps.
#[derive(Default)]
pub(crate) struct Memo {
    keep: bool,
    parsed: Mutex<Generation<ParsedEntry>>,
    bodies: Mutex<Generation<BodyEntry>>,
}

/// Entries of the last build (taken as they are used) and of this one.
struct Generation<T> {
    last: HashMap<PathBuf, Arc<T>>,
    this: HashMap<PathBuf, Arc<T>>,
}

impl<T> Default for Generation<T> {
    fn default() -> Self {
        Generation {
            last: HashMap::new(),
            this: HashMap::new(),
        }
    }
}

impl<T> Generation<T> {
    /// Last build's entry of `file` if `fresh` accepts it. (Entries move from `last`
    /// to `this` as an `Arc`, so keeping one copies nothing and starting the next
    /// build frees only what was not used again.)
    fn take(&mut self, file: &Path, fresh: impl Fn(&T) -> bool) -> Option<Arc<T>> {
        if !self.last.get(file).is_some_and(|e| fresh(e)) {
            return None;
        }
        self.last.remove(file)
    }
}

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

struct ParsedEntry {
    /// The file's stamp when it was read, and the key of its parse context (the
    /// configuration and the bundle folder).
    stamp: Option<Stamp>,
    context: u64,
    /// The key of the text within that context.
    key: u64,
    result: ParseResult,
    found: Vec<Diagnostic>,
}

struct BodyEntry {
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

impl Memo {
    /// A memo that keeps what each build parsed and rendered for the next.
    pub(crate) fn new() -> Memo {
        Memo {
            keep: true,
            ..Memo::default()
        }
    }

    /// The stamp of a file, when this memo keeps anything.
    pub(crate) fn stamp(&self, path: &Path) -> Option<Stamp> {
        self.keep.then(|| Stamp::of(path)).flatten()
    }

    /// The stamp each content file had just before this build read it (relative
    /// path → stamp): `serve` compares a requested page's source with it, so an edit
    /// whose watcher event has not arrived yet is not served stale.
    pub(crate) fn stamps(&self) -> HashMap<PathBuf, Stamp> {
        (lock(&self.parsed).this.iter())
            .filter_map(|(f, e)| Some((f.clone(), e.stamp?)))
            .collect()
    }

    /// Start a build: what the last build stored becomes readable, and entries of
    /// files not seen again are dropped when the next build starts.
    pub(crate) fn begin(&self) {
        for_both(self, |parsed, bodies| {
            parsed.last = std::mem::take(&mut parsed.this);
            bodies.last = std::mem::take(&mut bodies.this);
        });
    }

    /// The parse of content file `file` (relative to the site; `stamp` its stamp now)
    /// in parse context `context`: from the memo when the file is unchanged (equal
    /// stamp, else equal text), else read and parsed.
    pub(crate) fn parse(
        &self,
        file: &Path,
        stamp: Option<Stamp>,
        context: u64,
        how: &ParseFile<'_>,
    ) -> (ParseResult, Vec<Diagnostic>) {
        if !self.keep {
            return match (how.read)() {
                Ok(text) => (how.parse)(&text),
                Err(d) => (Err(vec![d]), Vec::new()),
            };
        }
        let same_stamp =
            |e: &ParsedEntry| stamp.is_some() && e.stamp == stamp && e.context == context;
        let mut entry = lock(&self.parsed).take(file, same_stamp);
        if entry.is_none() {
            let text = match (how.read)() {
                Ok(t) => t,
                Err(d) => return (Err(vec![d]), Vec::new()),
            };
            let key = hash_of(|h| text.hash(h));
            let same_text = |e: &ParsedEntry| e.context == context && e.key == key;
            entry = match lock(&self.parsed).take(file, same_text) {
                Some(e) => Some(Arc::new(ParsedEntry {
                    stamp,
                    context,
                    key,
                    result: e.result.clone(),
                    found: e.found.clone(),
                })),
                None => {
                    let (result, found) = (how.parse)(&text);
                    Some(Arc::new(ParsedEntry {
                        stamp,
                        context,
                        key,
                        result,
                        found,
                    }))
                }
            };
        }
        let entry = entry.expect("set on every path above");
        let out = (entry.result.clone(), entry.found.clone());
        lock(&self.parsed).this.insert(file.to_path_buf(), entry);
        out
    }

    /// The rendered body of `input`, from the memo or from `render`.
    pub(crate) fn body(
        &self,
        env_key: u64,
        input: &BodyInput<'_>,
        diags: &mut Vec<Diagnostic>,
        render: impl FnOnce(&mut Vec<Diagnostic>) -> BodyOutput,
    ) -> BodyOutput {
        if !self.keep {
            return render(diags);
        }
        // The body and its first line are cut from the file's text: where this build
        // parsed the file through the memo, the text's key stands for both (hashing
        // every body's Markdown again was a tenth of a rebuild at 10,000 pages).
        let text_key = lock(&self.parsed)
            .this
            .get(input.source)
            .map(|e| (e.context, e.key));
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
        let hit = lock(&self.bodies).take(input.source, |e| e.key == key);
        let entry = match hit {
            Some(e) => e,
            None => {
                let mut d = Vec::new();
                let out = render(&mut d);
                Arc::new(BodyEntry { key, out, diags: d })
            }
        };
        diags.extend(entry.diags.iter().cloned());
        let out = entry.out.clone();
        lock(&self.bodies)
            .this
            .insert(input.source.to_path_buf(), entry);
        out
    }
}

fn for_both(memo: &Memo, f: impl FnOnce(&mut Generation<ParsedEntry>, &mut Generation<BodyEntry>)) {
    let mut p = lock(&memo.parsed);
    let mut b = lock(&memo.bodies);
    f(&mut p, &mut b);
}

/// A poisoned lock only means another rebuild thread panicked; its entries are still
/// whole values (each insert is one call), so they stay usable.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
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
        debug_hash(h, env.links);
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
mod tests {
    use super::*;

    fn counting_parse(
        memo: &Memo,
        file: &Path,
        stamp: Option<Stamp>,
        context: u64,
        text: &str,
        calls: &std::cell::Cell<u32>,
    ) {
        let read = || Ok(text.to_string());
        let parse = |_: &str| {
            calls.set(calls.get() + 1);
            (Ok(crate::content::Parsed::Skip), Vec::new())
        };
        let _ = memo.parse(
            file,
            stamp,
            context,
            &ParseFile {
                read: &read,
                parse: &parse,
            },
        );
    }

    #[test]
    fn parse_hits_only_when_unchanged_and_forgets_gone_files() {
        let memo = Memo::new();
        let calls = std::cell::Cell::new(0);
        let (a, b) = (Path::new("content/a.md"), Path::new("content/b.md"));
        let s1 = Some(Stamp([1; 6]));
        let s2 = Some(Stamp([2; 6]));
        memo.begin();
        counting_parse(&memo, a, s1, 1, "a", &calls);
        counting_parse(&memo, b, s1, 1, "b", &calls);
        assert_eq!(calls.get(), 2);
        memo.begin();
        counting_parse(&memo, a, s1, 1, "a", &calls); // same stamp: hit
        counting_parse(&memo, b, s2, 1, "b", &calls); // touched, same text: hit
        assert_eq!(calls.get(), 2);
        memo.begin();
        counting_parse(&memo, a, s1, 2, "a", &calls); // other context: miss
        counting_parse(&memo, b, s1, 1, "B", &calls); // new text: miss
        assert_eq!(calls.get(), 4);
        memo.begin();
        counting_parse(&memo, a, None, 2, "a", &calls); // no stamp: compared by text
        assert_eq!(calls.get(), 4);
        memo.begin(); // only a was seen last time
        counting_parse(&memo, b, s1, 1, "B", &calls);
        assert_eq!(calls.get(), 5);
    }

    #[test]
    fn a_write_changes_the_stamp() {
        let dir = tempfile::tempdir().expect("temp dir");
        let f = dir.path().join("a.md");
        std::fs::write(&f, "one").expect("write");
        let before = Stamp::of(&f);
        std::fs::write(&f, "two").expect("write");
        if cfg!(unix) {
            assert!(before.is_some());
            assert_ne!(before, Stamp::of(&f), "same length, rewritten: new stamp");
        }
    }

    #[test]
    fn contexts_differ_with_bundle_and_config() {
        let k = parse_context(1, None);
        assert_eq!(k, parse_context(1, None));
        assert_ne!(k, parse_context(2, None));
        assert_ne!(k, parse_context(1, Some(Path::new("content/x"))));
    }
}
