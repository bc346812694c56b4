//! `xinghuo serve`: build the site into memory, serve it over HTTP, watch the site for
//! changes, rebuild, and live-reload open browsers.
//!
//! - [`build`]: the in-memory build (same pipeline as `xinghuo build`, no `public/`;
//!   pages rendered on request from the new model, the rest in a background pass that
//!   reports template errors; unchanged files reused through a [`Memo`]).
//! - [`http`]: requests → files of the current build (axum).
//! - [`watch`]: notify watcher with debouncing.
//! - [`reload`]: the injected live-reload script and the error overlay.
//!
//! Freshness: the watcher counts every change the moment it sees it; each published
//! build records the count it started from, and a request waits (bounded) until a
//! build covering every change seen before it has been published. A request that
//! comes before the watcher's event (a busy machine) is caught by the stamps: the
//! build records each content file's stamp as read and stamps the configuration,
//! templates and data before reading; a page whose own file or those inputs differ
//! now counts a change, pokes the builder and waits for the rebuild. A failed rebuild
//! keeps the last good files and adds the overlay to every HTML page.
//! The library never prints: progress goes to the caller's `report` function.

pub(crate) mod build;
pub(crate) mod http;
pub(crate) mod reload;
pub(crate) mod watch;

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch as tokio_watch;

use crate::config::BuildOptions;
use crate::content::memo::Memo;
use crate::diag::{Diagnostic, Diagnostics, Lang};
use crate::tr;
use build::Output;

/// Options of `xinghuo serve`.
#[derive(Clone, Debug)]
pub struct Options {
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
    /// The language of the overlay.
    pub lang: Lang,
}

/// What the server reports to its caller (who prints it).
pub enum Event<'a> {
    /// Listening; the URL to open.
    Listening {
        url: &'a str,
    },
    Built {
        ms: u128,
        pages: usize,
        warnings: &'a Diagnostics,
    },
    Failed {
        ms: u128,
        diagnostics: &'a Diagnostics,
    },
    Stopped,
}

pub type Report = Arc<dyn Fn(&Event<'_>) + Send + Sync>;

/// What requests see: the last good build and, if the last build failed, its overlay.
pub(crate) struct Snapshot {
    pub output: Option<Arc<Output>>,
    pub overlay: Option<String>,
    /// Changes seen by the watcher before this build started.
    pub upto: u64,
    /// Counts builds (good or failed); the reload script compares it.
    pub version: u64,
}

/// State shared by the builder thread and the HTTP handlers.
pub(crate) struct Shared {
    pub seen: Arc<AtomicU64>,
    pub snap: tokio_watch::Sender<Arc<Snapshot>>,
    /// The site folder (for the source lines of an overlay).
    pub root: PathBuf,
    /// The language of the overlay.
    pub lang: Lang,
    /// Starts a rebuild without a file event ([`watch::Watch::poker`]).
    pub poke: watch::Poker,
}

impl Shared {
    /// The snapshot covering every change seen so far, waiting at most `wait` for it.
    pub(crate) async fn current(&self, wait: Duration) -> Arc<Snapshot> {
        let want = self.seen.load(Ordering::SeqCst);
        let mut rx = self.snap.subscribe();
        if let Ok(Ok(s)) = tokio::time::timeout(wait, rx.wait_for(|s| s.upto >= want)).await {
            return Arc::clone(&s);
        }
        let s = rx.borrow();
        Arc::clone(&s)
    }

    /// A change the watcher has not reported (yet): count it, start a rebuild, and
    /// wait for the snapshot that covers it.
    pub(crate) async fn rebuild(&self, wait: Duration) -> Arc<Snapshot> {
        self.poke.poke(&self.seen);
        self.current(wait).await
    }
}

/// Run the server until Ctrl-C (or SIGTERM). Errors: the address cannot be bound, the
/// site cannot be watched.
pub fn run(root: &Path, options: Options, report: Report) -> Result<(), Diagnostic> {
    let listener = bind(&options.bind, options.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| bind_error(&options.bind, options.port, e))?;
    let url = local_url(addr);
    let seen = Arc::new(AtomicU64::new(1));
    let (tx, _) = tokio_watch::channel(Arc::new(Snapshot {
        output: None,
        overlay: None,
        upto: 0,
        version: 0,
    }));
    let watcher = watch::Watch::start(root, seen.clone()).map_err(|e| {
        let why = e.to_string();
        Diagnostic::error(
            None,
            0,
            tr!(
                "cannot watch the site for changes: {why}",
                "无法监视站点的变化：{why}"
            ),
        )
        .with_hint(tr!(
            "raise the limit with `sysctl fs.inotify.max_user_watches=524288`",
            "可用 `sysctl fs.inotify.max_user_watches=524288` 提高上限"
        ))
    })?;
    let shared = Arc::new(Shared {
        seen,
        snap: tx,
        root: root.to_path_buf(),
        lang: options.lang,
        poke: watcher.poker(),
    });
    let build_options = BuildOptions {
        drafts: options.drafts,
        base_url: Some(url.clone()),
        relative: false,
    };
    {
        let (root, shared, report) = (root.to_path_buf(), shared.clone(), report.clone());
        let lang = options.lang;
        std::thread::Builder::new()
            .name("xinghuo-build".into())
            .spawn(move || builder(root, build_options, lang, shared, watcher, report))
            .map_err(|e| {
                let why = e.to_string();
                Diagnostic::error(None, 0, tr!("cannot start: {why}", "无法启动：{why}"))
            })?;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            let why = e.to_string();
            Diagnostic::error(None, 0, tr!("cannot start: {why}", "无法启动：{why}"))
        })?;
    let result = runtime.block_on(async {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        report(&Event::Listening { url: &url });
        let app = axum::Router::new()
            .fallback(http::handle)
            .with_state(shared);
        tokio::select! {
            r = axum::serve(listener, app).into_future() => r,
            _ = stop_signal() => Ok(()),
        }
    });
    // Open live-reload streams would keep a graceful shutdown waiting forever.
    runtime.shutdown_timeout(Duration::from_millis(200));
    report(&Event::Stopped);
    result.map_err(|e| {
        let why = e.to_string();
        Diagnostic::error(
            None,
            0,
            tr!("the server stopped: {why}", "服务器已停止：{why}"),
        )
    })
}

async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

fn builder(
    root: PathBuf,
    options: BuildOptions,
    lang: Lang,
    shared: Arc<Shared>,
    mut watcher: watch::Watch,
    report: Report,
) {
    let memo = Memo::new();
    // The first build starts from the bodies the last `build` stored.
    crate::content::body_store::seed(&root, &memo);
    // The background render pass gets its own threads (half the cores), so a rebuild
    // never queues behind it in rayon's global pool, and it stops as soon as the
    // watcher sees the next change.
    let threads = std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("xinghuo-check-{i}"))
        .build()
        .ok()
        .map(Arc::new);
    loop {
        let upto = shared.seen.load(Ordering::SeqCst);
        // After `upto`: every change it counts is in these (the watcher notes a change
        // before counting it); later ones may be too, and are built again next time.
        memo.changed(watcher.take_changes());
        let start = Instant::now();
        let result = build::build(&root, options.clone(), &memo);
        let ms = start.elapsed().as_millis();
        match result {
            Ok((output, warnings)) => {
                let pages = output.pages;
                let output = Arc::new(output);
                let version = publish(&shared, |_| (Some(output.clone()), None, upto));
                report(&Event::Built {
                    ms,
                    pages,
                    warnings: &warnings,
                });
                // Render the pages nobody asked for yet, to find template errors.
                // Without its pool (threads could not be started) only this early
                // warning is lost: each page still renders, and shows its error, when
                // requested.
                if let Some(pool) = pool.clone() {
                    let (shared, report, root) = (shared.clone(), report.clone(), root.clone());
                    let _ = std::thread::Builder::new()
                        .name("xinghuo-check".into())
                        .spawn(move || {
                            let pass = Pass {
                                root: &root,
                                lang,
                                shared: &shared,
                                version,
                                upto,
                            };
                            check(&pass, &pool, &output, &report)
                        });
                }
            }
            Err(diagnostics) => {
                let overlay = reload::overlay(&diagnostics, lang, &read_source(&root));
                publish(&shared, |prev| (prev.output.clone(), Some(overlay), upto));
                report(&Event::Failed {
                    ms,
                    diagnostics: &diagnostics,
                });
            }
        }
        if !watcher.next_change() {
            return;
        }
    }
}

/// Publish a new snapshot made from the current one; returns its version. (The
/// version is counted inside the channel's lock, so the builder and a background
/// render pass never publish the same number.)
fn publish(
    shared: &Shared,
    make: impl FnOnce(&Snapshot) -> (Option<Arc<Output>>, Option<String>, u64),
) -> u64 {
    let mut version = 0;
    let mut old = None;
    shared.snap.send_modify(|s| {
        let (output, overlay, upto) = make(s);
        version = s.version + 1;
        let new = Arc::new(Snapshot {
            output,
            overlay,
            upto,
            version,
        });
        old = Some(std::mem::replace(s, new));
    });
    // The last build (possibly a whole site) is freed here, outside the channel's
    // lock, so requests for the new one never wait for it.
    drop(old);
    version
}

/// Which build a background pass checks.
struct Pass<'a> {
    root: &'a Path,
    lang: Lang,
    shared: &'a Shared,
    /// The snapshot version it published and the changes it covers.
    version: u64,
    upto: u64,
}

/// The background pass over a published build: render every page; if one fails and
/// nothing has changed since, show the errors in an overlay.
fn check(pass: &Pass<'_>, pool: &rayon::ThreadPool, output: &Arc<Output>, report: &Report) {
    let start = Instant::now();
    let superseded = || {
        pass.shared.seen.load(Ordering::SeqCst) != pass.upto
            || pass.shared.snap.borrow().version != pass.version
    };
    let errors = output.render_all(pool, &superseded);
    if !errors.has_errors() {
        return;
    }
    let overlay = reload::overlay(&errors, pass.lang, &read_source(pass.root));
    let mut published = false;
    pass.shared.snap.send_if_modified(|s| {
        if s.version != pass.version {
            return false;
        }
        *s = Arc::new(Snapshot {
            output: Some(output.clone()),
            overlay: Some(overlay),
            upto: pass.upto,
            version: pass.version + 1,
        });
        published = true;
        true
    });
    if published {
        report(&Event::Failed {
            ms: start.elapsed().as_millis(),
            diagnostics: &errors,
        });
    }
}

/// Reads a site file for the overlay's source lines.
pub(crate) fn read_source(root: &Path) -> impl Fn(&Path) -> Option<String> + '_ {
    move |p: &Path| {
        std::fs::read(root.join(p))
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }
}

fn bind(host: &str, port: u16) -> Result<std::net::TcpListener, Diagnostic> {
    let l = std::net::TcpListener::bind((host, port)).map_err(|e| bind_error(host, port, e))?;
    l.set_nonblocking(true)
        .map_err(|e| bind_error(host, port, e))?;
    Ok(l)
}

fn bind_error(host: &str, port: u16, e: std::io::Error) -> Diagnostic {
    let why = e.to_string();
    match e.kind() {
        std::io::ErrorKind::AddrInUse => Diagnostic::error(
            None,
            0,
            tr!(
                "cannot listen on {host}:{port}: the port is already in use",
                "无法在 {host}:{port} 上监听：端口已被占用"
            ),
        )
        .with_hint(tr!(
            "stop the other server (maybe another `xinghuo serve`) or choose another port with --port",
            "请关闭占用该端口的程序（可能是另一个 `xinghuo serve`），或用 --port 换一个端口"
        )),
        std::io::ErrorKind::PermissionDenied => Diagnostic::error(
            None,
            0,
            tr!(
                "cannot listen on {host}:{port}: permission denied",
                "无法在 {host}:{port} 上监听：没有权限"
            ),
        )
        .with_hint(tr!(
            "ports below 1024 need administrator rights; use a port such as 1111",
            "1024 以下的端口需要管理员权限，请改用 1111 等端口"
        )),
        _ => Diagnostic::error(
            None,
            0,
            tr!(
                "cannot listen on {host}:{port}: {why}",
                "无法在 {host}:{port} 上监听：{why}"
            ),
        )
        .with_hint(tr!(
            "--bind takes an address of this computer, such as 127.0.0.1 or 0.0.0.0",
            "--bind 应为本机地址，例如 127.0.0.1 或 0.0.0.0"
        )),
    }
}

/// The URL to open (an unspecified bind address is shown as loopback).
fn local_url(addr: SocketAddr) -> String {
    let ip = addr.ip();
    let port = addr.port();
    if ip.is_unspecified() {
        return format!("http://127.0.0.1:{port}/");
    }
    match ip {
        std::net::IpAddr::V6(v6) => format!("http://[{v6}]:{port}/"),
        std::net::IpAddr::V4(v4) => format!("http://{v4}:{port}/"),
    }
}
