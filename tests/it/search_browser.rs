//! Search in a real browser (headless Chromium): `search/index.html?q=时间银行` shows the
//! expected result when the page opens, from `file://` (a `--relative` build) and over
//! `http://`; typing and submitting update the results without a reload. Skipped with a
//! notice when Chromium is absent, unless CI is set.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

const QUERY: &str = "时间银行";
const EXPECTED: &str = "银龄<mark>时间银行</mark>";

fn chromium() -> Option<&'static str> {
    for c in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Some(c);
        }
    }
    if std::env::var_os("CI").is_some() {
        panic!("chromium is required in CI for the browser tests");
    }
    eprintln!("SKIPPED: chromium not found; search not tested in a browser");
    None
}

/// The DOM after load (and `budget_ms` of virtual time), and the console messages.
fn dump_dom(browser: &str, url: &str, budget_ms: u32) -> (String, Vec<String>) {
    let profile = tempfile::tempdir().unwrap();
    let out = common::output_within(
        Command::new(browser).args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            &format!("--user-data-dir={}", profile.path().display()),
            &format!("--virtual-time-budget={budget_ms}"),
            "--dump-dom",
            url,
        ]),
        std::time::Duration::from_secs(120),
        "chromium --dump-dom",
    );
    let console = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    (String::from_utf8_lossy(&out.stdout).into_owned(), console)
}

fn build(relative: bool) -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    let bin = env!("CARGO_BIN_EXE_xinghuo");
    let ok = Command::new(bin)
        .args(["init", site.to_str().unwrap(), "--example"])
        .output()
        .unwrap();
    assert!(ok.status.success());
    let mut cmd = Command::new(bin);
    cmd.args(["build", "--root", site.to_str().unwrap()]);
    if relative {
        cmd.arg("--relative");
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = site.join("public");
    (t, public)
}

fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The first result: its title HTML and link.
fn first_result(dom: &str) -> (&str, &str) {
    let li = dom
        .split(r#"<li class="search-result">"#)
        .nth(1)
        .unwrap_or_else(|| panic!("no result in the page:\n{dom}"));
    let a = li.split(r#"<a href=""#).nth(1).expect("result link");
    let (href, rest) = a.split_once(r#"">"#).expect("link closed");
    let title = rest.split("</a>").next().expect("result title");
    (title, href)
}

#[test]
fn query_in_url_from_file_url() {
    let Some(browser) = chromium() else { return };
    let (_t, public) = build(true);
    let page = public.join("search/index.html");
    let url = format!("file://{}?q={}", page.display(), encode(QUERY));
    let (dom, console) = dump_dom(browser, &url, 2000);
    assert!(console.is_empty(), "console messages: {console:?}");
    let (title, href) = first_result(&dom);
    assert_eq!(title, EXPECTED);
    assert_eq!(href, "../projects/yinling-shijian-yinhang/index.html");
    assert!(
        public
            .join("search")
            .join(href)
            .canonicalize()
            .is_ok_and(|p| p.is_file()),
        "the result link leads to a file"
    );
    assert!(
        dom.contains(r#"role="status" aria-live="polite">4 条结果</p>"#),
        "{dom}"
    );
}

/// Serve `root` on 127.0.0.1 (GET only, files and folder index.html) until the test ends.
fn serve(root: &Path) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).map_or(true, |n| n == 0) || h == "\r\n" {
                        break;
                    }
                }
                let target = line.split(' ').nth(1).unwrap_or("/");
                let path = target.split(['?', '#']).next().unwrap_or("/");
                let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
                let mut file = root.join(path.trim_start_matches('/'));
                if path.ends_with('/') {
                    file.push("index.html");
                }
                let (status, body, kind) = match (path.contains(".."), std::fs::read(&file)) {
                    (false, Ok(b)) => {
                        let kind = match file.extension().and_then(|e| e.to_str()) {
                            Some("html") => "text/html; charset=utf-8",
                            Some("js") => "text/javascript; charset=utf-8",
                            Some("css") => "text/css; charset=utf-8",
                            Some("svg") => "image/svg+xml",
                            _ => "application/octet-stream",
                        };
                        ("200 OK", b, kind)
                    }
                    _ => ("404 Not Found", b"not found".to_vec(), "text/plain"),
                };
                let mut s = &stream;
                let _ = write!(
                    s,
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = s.write_all(&body);
            });
        }
    });
    port
}

#[test]
fn query_in_url_over_http() {
    let Some(browser) = chromium() else { return };
    let (_t, public) = build(false);
    let port = serve(&public);
    let url = format!("http://127.0.0.1:{port}/search/?q={}", encode(QUERY));
    let (dom, console) = dump_dom(browser, &url, 2000);
    assert!(console.is_empty(), "console messages: {console:?}");
    let (title, href) = first_result(&dom);
    assert_eq!(title, EXPECTED);
    assert_eq!(href, "/projects/yinling-shijian-yinhang/");
}

/// A harness page beside the site loads the search page in a frame, types a query
/// (input events, debounced) and then submits another, and copies what the frame shows.
#[test]
fn typing_and_submitting_update_the_results() {
    let Some(browser) = chromium() else { return };
    let (_t, public) = build(false);
    let harness = r#"<!DOCTYPE html><meta charset="utf-8"><iframe id="f" src="/search/"></iframe>
<pre id="typed"></pre><pre id="submitted"></pre><pre id="url"></pre>
<script>
const f = document.getElementById('f');
f.addEventListener('load', () => {
  const d = f.contentDocument, q = d.getElementById('q');
  q.value = '吴彩'; q.dispatchEvent(new Event('input', { bubbles: true }));
  setTimeout(() => {
    document.getElementById('typed').textContent = d.getElementById('results').innerHTML;
    q.value = '时间银行';
    d.getElementById('search-form').requestSubmit();
    // Results arrive once the engine's promise settles (shards load asynchronously).
    setTimeout(() => {
      document.getElementById('submitted').textContent = d.getElementById('results').innerHTML;
      document.getElementById('url').textContent = f.contentWindow.location.search;
    }, 500);
  }, 1000);
});
</script>"#;
    std::fs::write(public.join("harness.html"), harness).unwrap();
    let port = serve(&public);
    let (dom, console) = dump_dom(
        browser,
        &format!("http://127.0.0.1:{port}/harness.html"),
        5000,
    );
    assert!(console.is_empty(), "console messages: {console:?}");
    let part = |id: &str| {
        let start = format!(r#"<pre id="{id}">"#);
        dom.split(&start)
            .nth(1)
            .and_then(|s| s.split("</pre>").next())
            .unwrap_or_else(|| panic!("no #{id} in\n{dom}"))
            .to_string()
    };
    // The harness shows the frame's HTML as text, so tags arrive escaped.
    assert!(
        part("typed").contains("&lt;mark&gt;吴彩&lt;/mark&gt;"),
        "{dom}"
    );
    assert!(
        part("submitted").contains("银龄&lt;mark&gt;时间银行&lt;/mark&gt;"),
        "{dom}"
    );
    assert_eq!(part("url"), format!("?q={}", encode(QUERY)));
}
