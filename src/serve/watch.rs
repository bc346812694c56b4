//! Watching the site for changes (notify): `content/`, `data/`, `static/`,
//! `templates/`, `themes/` (recursively) and `site-config.toml`. Every relevant event
//! is counted at once (so requests can wait for the rebuild that includes it) and
//! then debounced: a rebuild starts once the folder has been quiet for a moment, which
//! covers editors that save by writing a temporary file and renaming it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// The folders watched recursively.
pub(crate) const DIRS: &[&str] = &["content", "data", "static", "templates", "themes"];
/// The configuration file.
pub(crate) const CONFIG: &str = "site-config.toml";

/// Quiet time before a rebuild starts, and the longest a burst may delay it.
const QUIET: Duration = Duration::from_millis(15);
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
}

impl Watch {
    /// Start watching `root`. `seen` counts relevant events as they happen.
    pub(crate) fn start(root: &Path, seen: Arc<AtomicU64>) -> notify::Result<Watch> {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let (tx, rx) = std::sync::mpsc::channel();
        let rewatch = Arc::new(AtomicBool::new(false));
        let (r2, rw2, tx2) = (root.clone(), rewatch.clone(), tx.clone());
        let watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let Ok(ev) = res else {
                // Lost events (queue overflow): rebuild to be safe.
                seen.fetch_add(1, Ordering::SeqCst);
                let _ = tx.send(());
                return;
            };
            if matches!(ev.kind, EventKind::Access(_)) {
                return;
            }
            let mut any = ev.paths.is_empty();
            for p in &ev.paths {
                let rel = p.strip_prefix(&r2).unwrap_or(p);
                if relevant(rel) {
                    any = true;
                    if rel.components().count() == 1 {
                        rw2.store(true, Ordering::SeqCst);
                    }
                }
            }
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
        };
        w.watch_all()?;
        Ok(w)
    }

    /// A way to start a rebuild as if a file event had come: a request that finds its
    /// page's source newer than the served build counts a change and pokes.
    pub(crate) fn poker(&self) -> Sender<()> {
        self.tx.clone()
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
