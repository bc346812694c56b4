//! Watching the site for changes (notify): `content/`, `data/`, `static/`,
//! `templates/`, `themes/` (recursively) and `site-config.toml`. Every relevant event
//! is counted at once (so requests can wait for the rebuild that includes it) and
//! then debounced: a rebuild starts once the folder has been quiet for a moment, which
//! covers editors that save by writing a temporary file and renaming it. Which files
//! of `content/` changed, and whether any was added, removed or renamed, is noted
//! for the next build (`content::memo::Changes`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::content::memo::Changes;
use crate::sync::lock;

/// The folders watched recursively.
pub(crate) const DIRS: &[&str] = &["content", "data", "static", "templates", "themes"];
/// The configuration file.
pub(crate) const CONFIG: &str = "site-config.toml";

/// Quiet time before a rebuild starts, and the longest a burst may delay it.
const QUIET: Duration = Duration::from_millis(10);
const MAX_DELAY: Duration = Duration::from_millis(300);

/// Whether a changed path (relative to the site root) can change the site. Editor
/// temporaries (`.x.swp`, `x~`, `#x#`, vim's `4913`) cannot; a rename from one to a
/// real name is reported with the real name too, so it still counts.
pub(crate) fn relevant(rel: &Path) -> bool {
    let mut comps = rel.components();
    let Some(first) = comps.next() else {
        return false;
    };
    let first = first.as_os_str().to_string_lossy();
    let top_level = comps.next().is_none();
    if top_level && first == CONFIG {
        return true;
    }
    if !DIRS.contains(&first.as_ref()) {
        return false;
    }
    if top_level {
        return true; // the folder itself was created, removed or renamed
    }
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    !(name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913")
}

/// The watcher and what it reports.
pub(crate) struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
    /// Set when a watched folder itself appeared or went away: watches are renewed.
    rewatch: Arc<AtomicBool>,
    rx: Receiver<()>,
    /// Wakes [`Watch::next_change`] without a file event (see [`Watch::poker`]).
    tx: Sender<()>,
    /// What changed in `content/` since [`Watch::take_changes`] (see [`Changes`]).
    changes: Arc<Mutex<Changes>>,
}

/// Starts a rebuild without a file event, as if anything had changed.
pub(crate) struct Poker {
    tx: Sender<()>,
    changes: Arc<Mutex<Changes>>,
}

impl Poker {
    /// Count a change in `seen` (after marking that anything may have changed, so the
    /// build that covers the count looks at every file) and wake the builder.
    pub(crate) fn poke(&self, seen: &AtomicU64) {
        *lock(&self.changes) = Changes::All;
        seen.fetch_add(1, Ordering::SeqCst);
        let _ = self.tx.send(());
    }
}

/// How an event on a path under `content/` changes what the next build must look at.
fn note(changes: &mut Changes, kind: &EventKind, rel: &Path) {
    use notify::event::ModifyKind;
    if !rel.starts_with("content") {
        return;
    }
    let contents_only = matches!(
        kind,
        EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Metadata(_))
    );
    match changes {
        Changes::Files(files) if contents_only && rel.components().count() > 1 => {
            files.insert(rel.as_os_str().to_owned());
        }
        // Added, removed, renamed, or of an unknown kind: list everything again.
        _ => *changes = Changes::All,
    }
}

impl Watch {
    /// Start watching `root`. `seen` counts relevant events as they happen.
    pub(crate) fn start(root: &Path, seen: Arc<AtomicU64>) -> notify::Result<Watch> {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let (tx, rx) = std::sync::mpsc::channel();
        let rewatch = Arc::new(AtomicBool::new(false));
        let changes = Arc::new(Mutex::new(Changes::none()));
        let (r2, rw2, tx2, ch2) = (root.clone(), rewatch.clone(), tx.clone(), changes.clone());
        let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let Ok(ev) = res else {
                // Lost events (queue overflow): rebuild to be safe.
                *lock(&ch2) = Changes::All;
                seen.fetch_add(1, Ordering::SeqCst);
                let _ = tx.send(());
                return;
            };
            if matches!(ev.kind, EventKind::Access(_)) {
                return;
            }
            let mut any = ev.paths.is_empty();
            // Noted before the change is counted: the build that covers the count
            // sees it (see `Memo::changed`).
            let mut c = lock(&ch2);
            if any {
                *c = Changes::All;
            }
            for p in &ev.paths {
                let rel = p.strip_prefix(&r2).unwrap_or(p);
                // vim's `4913` is not relevant, but a walk would list it.
                if relevant(rel) || rel.file_name().is_some_and(|n| n == "4913") {
                    note(&mut c, &ev.kind, rel);
                }
                if relevant(rel) {
                    any = true;
                    if rel.components().count() == 1 {
                        rw2.store(true, Ordering::SeqCst);
                    }
                }
            }
            drop(c);
            if any {
                seen.fetch_add(1, Ordering::SeqCst);
                let _ = tx.send(());
            }
        })?;
        let mut w = Watch {
            root,
            watcher,
            rewatch,
            rx,
            tx: tx2,
            changes,
        };
        w.watch_all()?;
        Ok(w)
    }

    /// A way to start a rebuild as if a file event had come: a request that finds its
    /// page's source newer than the served build counts a change and pokes.
    pub(crate) fn poker(&self) -> Poker {
        Poker {
            tx: self.tx.clone(),
            changes: self.changes.clone(),
        }
    }

    /// What changed in `content/` since the last call, for the build about to start.
    pub(crate) fn take_changes(&self) -> Changes {
        std::mem::replace(&mut *lock(&self.changes), Changes::none())
    }

    fn watch_all(&mut self) -> notify::Result<()> {
        self.watcher
            .watch(&self.root, RecursiveMode::NonRecursive)?;
        for d in DIRS {
            let p = self.root.join(d);
            let _ = self.watcher.unwatch(&p);
            if p.is_dir() {
                self.watcher.watch(&p, RecursiveMode::Recursive)?;
            }
        }
        Ok(())
    }

    /// Block until a change, then until the burst it starts is over. `false` when the
    /// watcher has stopped.
    pub(crate) fn next_change(&mut self) -> bool {
        if self.rx.recv().is_err() {
            return false;
        }
        let start = Instant::now();
        loop {
            let left = MAX_DELAY.saturating_sub(start.elapsed());
            if left.is_zero() {
                break;
            }
            match self.rx.recv_timeout(QUIET.min(left)) {
                Ok(()) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return false,
            }
        }
        if self.rewatch.swap(false, Ordering::SeqCst) {
            let _ = self.watch_all();
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_content_edits_keep_the_walk() {
        use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind, RenameMode};
        let data = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let mut c = Changes::none();
        note(&mut c, &data, Path::new("content/a.md"));
        note(&mut c, &data, Path::new("data/units.yaml")); // not content/: no change here
        note(&mut c, &data, Path::new("content/a.md"));
        assert_eq!(
            c,
            Changes::Files(
                [std::ffi::OsString::from("content/a.md")]
                    .into_iter()
                    .collect()
            )
        );
        for kind in [
            EventKind::Create(CreateKind::File),
            EventKind::Remove(RemoveKind::File),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            EventKind::Modify(ModifyKind::Any),
            EventKind::Any,
        ] {
            let mut c = Changes::none();
            note(&mut c, &kind, Path::new("content/b.md"));
            assert_eq!(c, Changes::All, "{kind:?}");
        }
        // The folder itself changed.
        let mut c = Changes::none();
        note(&mut c, &data, Path::new("content"));
        assert_eq!(c, Changes::All);
        // Once anything changed, later edits do not narrow it again.
        note(&mut c, &data, Path::new("content/a.md"));
        assert_eq!(c, Changes::All);
    }

    #[test]
    fn relevance() {
        for p in [
            "site-config.toml",
            "content/a.md",
            "content",
            "content/stations/x/index.md",
            "themes/t/templates/base.html",
            "data/stats/2024.yaml",
            "static/img/a.png",
        ] {
            assert!(relevant(Path::new(p)), "{p}");
        }
        for p in [
            "public/index.html",
            ".xinghuo-cache/images/a.jpg",
            "README.md",
            "content/.a.md.swp",
            "content/a.md~",
            "content/4913",
            "content/.#a.md",
            "content/#a.md#",
        ] {
            assert!(!relevant(Path::new(p)), "{p}");
        }
    }
}
