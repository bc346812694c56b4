//! The HTTP side of `serve` (axum): maps a request path onto the in-memory build —
//! percent-decoded (Chinese URLs), `dir/` → `dir/index.html`, `dir` → redirect to
//! `dir/` — and answers with the right MIME type; anything else, including every
//! traversal attempt, is the site's `404.html` with status 404. Only files of the
//! current build can be named, so nothing outside the output is ever served.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};

use super::build::{Body as FileBody, Output};
use super::reload::{self, EVENTS_PATH};
use super::{Shared, Snapshot};
use crate::diag::Diagnostic;

/// How long a request waits for a rebuild the watcher has already seen (a browser
/// waits as long; a stale page is worse than a slow one).
const STALE_WAIT: Duration = Duration::from_secs(120);

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// An output file (`stations/x/index.html`).
    File(String),
    /// A folder named without its trailing slash: redirect to `Location`.
    Redirect(String),
    NotFound,
}

/// Decode a raw request path into the segments of an output path, or `None` when it
/// is not a plain path inside the output (`..`, backslashes, NUL, invalid UTF-8).
pub(crate) fn decode(raw: &str) -> Option<(Vec<String>, bool)> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?
        .into_owned();
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return None;
    }
    let dir = decoded.ends_with('/');
    let mut segs = Vec::new();
    for s in decoded.split('/') {
        match s {
            "" | "." => {}
            ".." => return None,
            s => segs.push(s.to_string()),
        }
    }
    Some((segs, dir))
}

/// Resolve a raw request path against the files of a build.
pub(crate) fn resolve(raw: &str, exists: &dyn Fn(&str) -> bool) -> Target {
    let Some((segs, dir)) = decode(raw) else {
        return Target::NotFound;
    };
    let key = segs.join("/");
    if key.is_empty() || dir {
        let index = if key.is_empty() {
            "index.html".to_string()
        } else {
            format!("{key}/index.html")
        };
        return if exists(&index) {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if exists(&key) {
        Target::File(key)
    } else if exists(&format!("{key}/index.html")) {
        Target::Redirect(format!("{raw}/"))
    } else {
        Target::NotFound
    }
}

/// The MIME type of an output path (text types in UTF-8).
pub(crate) fn mime_of(path: &str) -> String {
    let m = mime_guess::from_path(path).first_or_octet_stream();
    let s = m.essence_str();
    if m.type_() == mime_guess::mime::TEXT
        || s == "application/javascript"
        || s == "application/json"
        || s == "application/xml"
        || s == "image/svg+xml"
        || s == "application/atom+xml"
    {
        format!("{s}; charset=utf-8")
    } else {
        s.to_string()
    }
}

/// The one handler: the live-reload stream, or a file of the build.
pub(crate) async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
    }
    let uri = req.uri().clone();
    if uri.path() == EVENTS_PATH {
        let since = uri.query().and_then(|q| {
            q.split('&')
                .find_map(|kv| kv.strip_prefix("since="))
                .and_then(|v| v.parse().ok())
        });
        return events(&shared, since);
    }
    let mut snap = shared.current(STALE_WAIT).await;
    // The file's sources may have changed before the watcher said so: then wait for
    // the rebuild (a few times at most: a file rewritten continuously is served as
    // the newest build has it).
    for _ in 0..3 {
        let stale = snap.output.as_ref().is_some_and(|out| {
            match resolve(uri.path(), &|k: &str| out.files.contains_key(k)) {
                Target::File(k) => !out.is_current(&shared.root, &out.files[&k]),
                _ => false,
            }
        });
        if !stale {
            break;
        }
        snap = shared.rebuild(STALE_WAIT).await;
    }
    let Some(out) = snap.output.clone() else {
        return match &snap.overlay {
            Some(o) => html(
                StatusCode::INTERNAL_SERVER_ERROR,
                reload::error_page(o, snap.version).into_bytes(),
            ),
            None => plain(StatusCode::SERVICE_UNAVAILABLE, "building"),
        };
    };
    let exists = |k: &str| out.files.contains_key(k);
    match resolve(uri.path(), &exists) {
        Target::File(k) => match read(&out, &out.files[&k]).await {
            Ok(Some(bytes)) => file_response(StatusCode::OK, &k, bytes, &snap),
            Ok(None) => not_found(&snap).await,
            Err(d) => render_failed(&shared, d, &snap),
        },
        Target::Redirect(to) => {
            let to = match uri.query() {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            let mut r = plain(StatusCode::MOVED_PERMANENTLY, "moved");
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Target::NotFound => not_found(&snap).await,
    }
}

async fn not_found(snap: &Snapshot) -> Response {
    let page = match snap
        .output
        .as_ref()
        .and_then(|o| o.files.get("404.html").map(|b| (o, b)))
    {
        Some((o, b)) => read(o, b).await.ok().flatten(),
        None => None,
    };
    match page {
        Some(bytes) => file_response(StatusCode::NOT_FOUND, "404.html", bytes, snap),
        None => plain(StatusCode::NOT_FOUND, "404 not found"),
    }
}

/// The bytes of a served file: a page rendered from the build's model (now, if this is
/// its first request), or a copied file — which must still be a regular file, not a
/// symbolic link put there since the build.
async fn read(out: &Arc<Output>, body: &FileBody) -> Result<Option<Arc<[u8]>>, Diagnostic> {
    match body {
        FileBody::Memory(b) => Ok(Some(b.clone())),
        FileBody::Job(i) => {
            let (out, i) = (out.clone(), *i);
            match tokio::task::spawn_blocking(move || out.render(i)).await {
                Ok(r) => r.map(Some),
                Err(_) => Ok(None), // the render thread panicked: nothing to serve
            }
        }
        FileBody::Disk(p) => {
            let Ok(meta) = tokio::fs::symlink_metadata(p).await else {
                return Ok(None);
            };
            if !meta.file_type().is_file() {
                return Ok(None);
            }
            Ok(tokio::fs::read(p).await.ok().map(Arc::from))
        }
    }
}

/// A page whose template failed: the error page with the diagnostic.
fn render_failed(shared: &Shared, d: Diagnostic, snap: &Snapshot) -> Response {
    let diags: crate::diag::Diagnostics = vec![d].into();
    let overlay = reload::overlay(&diags, shared.lang, &super::read_source(&shared.root));
    html(
        StatusCode::INTERNAL_SERVER_ERROR,
        reload::error_page(&overlay, snap.version).into_bytes(),
    )
}

fn file_response(status: StatusCode, path: &str, bytes: Arc<[u8]>, snap: &Snapshot) -> Response {
    let mime = mime_of(path);
    let body = if mime.starts_with("text/html") {
        let mut extra = String::new();
        if let Some(o) = &snap.overlay {
            extra.push_str(o);
        }
        extra.push_str(&reload::script(snap.version));
        Body::from(reload::inject(&bytes, &extra))
    } else {
        Body::from(bytes.to_vec())
    };
    respond(status, &mime, body)
}

fn html(status: StatusCode, bytes: Vec<u8>) -> Response {
    respond(status, "text/html; charset=utf-8", Body::from(bytes))
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    respond(status, "text/plain; charset=utf-8", Body::from(text))
}

fn respond(status: StatusCode, mime: &str, body: Body) -> Response {
    let mut r = Response::new(body);
    *r.status_mut() = status;
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(mime) {
        h.insert(header::CONTENT_TYPE, v);
    }
    // A preview must never show a cached, stale page.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// Server-sent events: the build version, once when it differs from `since` and then
/// after every build.
fn events(shared: &Shared, since: Option<u64>) -> Response {
    let rx = shared.snap.subscribe();
    let stream = futures_util::stream::unfold((rx, since), |(mut rx, since)| async move {
        let now = rx.borrow_and_update().version;
        if since.is_some_and(|s| s != now) {
            return Some((
                Ok::<_, Infallible>(Event::default().data(now.to_string())),
                (rx, None),
            ));
        }
        rx.changed().await.ok()?;
        let v = rx.borrow_and_update().version;
        Some((Ok(Event::default().data(v.to_string())), (rx, None)))
    });
    let mut r = Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(k: &str) -> bool {
        [
            "index.html",
            "stations/index.html",
            "stations/星火/index.html",
            "css/site.css",
            "404.html",
        ]
        .contains(&k)
    }

    #[test]
    fn resolves_indexes_files_and_chinese() {
        assert_eq!(resolve("/", &files), Target::File("index.html".into()));
        assert_eq!(
            resolve("/stations/", &files),
            Target::File("stations/index.html".into())
        );
        assert_eq!(
            resolve("/stations", &files),
            Target::Redirect("/stations/".into())
        );
        assert_eq!(
            resolve("/stations/%E6%98%9F%E7%81%AB/", &files),
            Target::File("stations/星火/index.html".into())
        );
        assert_eq!(
            resolve("/css/site.css", &files),
            Target::File("css/site.css".into())
        );
        assert_eq!(resolve("/nope/", &files), Target::NotFound);
    }

    #[test]
    fn refuses_traversal() {
        for p in [
            "/../404.html",
            "/stations/../../etc/passwd",
            "/%2e%2e/404.html",
            "/%2E%2E%2F404.html",
            "/..%2f404.html",
            "/css%5c..%5c404.html",
            "/%00",
            "/%ff",
        ] {
            assert!(
                !matches!(
                    resolve(p, &|k| k == "404.html" || k == "etc/passwd"),
                    Target::File(_)
                ),
                "{p}"
            );
        }
        // An absolute path inside the request never leaves the output: `//etc/passwd`
        // names the output's own `etc/passwd` (which does not exist here).
        assert_eq!(resolve("//etc/passwd", &files), Target::NotFound);
    }

    #[test]
    fn mime_types() {
        assert_eq!(mime_of("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(mime_of("css/site.css"), "text/css; charset=utf-8");
        assert_eq!(mime_of("search/index.js"), "text/javascript; charset=utf-8");
        assert_eq!(mime_of("a.png"), "image/png");
        assert_eq!(mime_of("a.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(mime_of("sitemap.xml"), "text/xml; charset=utf-8");
        assert_eq!(mime_of("x.unknownext"), "application/octet-stream");
    }
}
