//! `xinghuo serve` end to end: the real binary on a free port, driven over plain
//! HTTP/1.1 on loopback, with the site edited on disk while it runs.

use crate::common;

use std::io::Write;
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use common::serve::Server;
use common::{bin, demo, site};

fn demo_site() -> (tempfile::TempDir, PathBuf) {
    let t = demo();
    let s = site(&t);
    (t, s)
}

#[test]
fn serves_pages_chinese_urls_and_mime_types() {
    let (_t, root) = demo_site();
    let srv = Server::start(&root);
    let (status, home) = srv.get("/");
    assert_eq!(status, 200, "{home}");
    assert!(
        home.contains("content-type: text/html; charset=utf-8"),
        "{home}"
    );
    assert!(
        home.contains("data-xinghuo-reload"),
        "no reload script: {home}"
    );
    assert!(home.contains("钟楼区社会组织党建展"), "{home}");
    // A Chinese file name, percent-encoded on the wire.
    let (status, page) =
        srv.get("/activities/%E4%B8%83%E4%B8%80%E4%B8%BB%E9%A2%98%E5%85%9A%E6%97%A5/");
    assert_eq!(status, 200, "{page}");
    // A folder without its slash is redirected.
    let (status, r) = srv.get("/stations");
    assert_eq!(status, 301, "{r}");
    assert!(r.contains("location: /stations/"), "{r}");
    let (status, js) = srv.get("/search/index.js");
    assert_eq!(status, 200);
    assert!(js.contains("content-type: text/javascript"), "{js}");
    let (status, xml) = srv.get("/sitemap.xml");
    assert_eq!(status, 200);
    assert!(xml.contains("xml"), "{xml}");
    // The site's own 404 page, with status 404.
    let (status, nf) = srv.get("/no-such-page/");
    assert_eq!(status, 404);
    let own_404 = std::fs::read_to_string(root.join("public/404.html")).ok();
    assert!(own_404.is_none(), "serve must not write public/");
    assert!(nf.contains("<html"), "{nf}");
}

#[test]
fn edits_and_deletes_are_reflected() {
    let (_t, root) = demo_site();
    let srv = Server::start(&root);
    let page = "/stations/xilin-heyuan/";
    let file = root.join("content/stations/xilin-heyuan.md");
    let (status, before) = srv.get(page);
    assert_eq!(status, 200, "{before}");
    assert!(!before.contains("新增的一段测试文字"));
    // Save the way many editors do: write a temporary file, rename it over the page.
    let text = std::fs::read_to_string(&file).expect("read page");
    let tmp = root.join("content/stations/.xilin-heyuan.md.tmp");
    std::fs::write(&tmp, format!("{text}\n\n新增的一段测试文字。\n")).expect("write");
    std::fs::rename(&tmp, &file).expect("rename");
    srv.wait_for(page, "edited", |s, b| {
        s == 200 && b.contains("新增的一段测试文字")
    });

    // A new page appears in its collection and taxonomy, then a delete removes it.
    let new = root.join("content/stations/xinjian.md");
    std::fs::write(
        &new,
        "---\ntitle: 新建测试驿站\ntags: [临时测试标签]\n---\n\n正文。\n",
    )
    .expect("write new");
    srv.wait_for("/stations/", "with the new page", |s, b| {
        s == 200 && b.contains("/stations/xinjian/")
    });
    let (_, tags) = srv.get("/tags/");
    assert!(tags.contains("临时测试标签"), "{tags}");
    std::fs::remove_file(&new).expect("rm");
    srv.wait_for("/stations/", "without the deleted page", |s, b| {
        s == 200 && !b.contains("/stations/xinjian/")
    });
    let (status, _) = srv.get("/stations/xinjian/");
    assert_eq!(status, 404);
    let (_, tags) = srv.get("/tags/");
    assert!(!tags.contains("临时测试标签"), "{tags}");
    let (_, index) = srv.get("/search/index.js");
    assert!(!index.contains("新建测试驿站"));
}

#[test]
fn overlay_after_bad_edit_and_gone_after_fix() {
    let (_t, root) = demo_site();
    let srv = Server::start(&root);
    let page = "/stations/xilin-heyuan/";
    let file = root.join("content/stations/xilin-heyuan.md");
    let good = std::fs::read_to_string(&file).expect("read");
    let (_, before) = srv.get(page);
    assert!(!before.contains("xinghuo-overlay"));
    let bad = good.replacen("title:", "partymembers: 3\ntitle:", 1);
    std::fs::write(&file, bad).expect("write bad");
    let shown = srv.wait_for(page, "showing the overlay", |_, b| {
        b.contains("xinghuo-overlay")
    });
    assert!(
        shown.contains("content/stations/xilin-heyuan.md:"),
        "{shown}"
    );
    assert!(shown.contains("partymembers"), "{shown}");
    // The last good page is still served under the overlay.
    assert!(shown.starts_with("HTTP/1.1 200"), "{shown}");
    assert!(
        shown.contains("<article") || shown.contains("<main"),
        "{shown}"
    );
    std::fs::write(&file, good).expect("fix");
    srv.wait_for(page, "without the overlay", |s, b| {
        s == 200 && !b.contains("xinghuo-overlay")
    });
}

#[test]
fn failed_first_build_still_serves_the_errors() {
    let (_t, root) = demo_site();
    let cfg = root.join("site-config.toml");
    let text = std::fs::read_to_string(&cfg).expect("config");
    std::fs::write(&cfg, text.replacen("title =", "titel =", 1)).expect("write");
    let srv = Server::start(&root);
    let body = srv.wait_for("/", "an error page", |_, b| b.contains("xinghuo-overlay"));
    assert!(body.contains("site-config.toml"), "{body}");
    std::fs::write(&cfg, text).expect("fix");
    srv.wait_for("/", "the site", |s, b| {
        s == 200 && !b.contains("xinghuo-overlay") && b.contains("钟楼区社会组织党建展")
    });
}

#[test]
fn port_in_use_is_reported_clearly() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let (_t, root) = demo_site();
    let o = Command::new(bin())
        .args(["serve", "--port", &port, "--lang", "en"])
        .current_dir(&root)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("127.0.0.1:{port}")), "{err}");
    assert!(err.contains("already in use"), "{err}");
    assert!(err.contains("--port"), "{err}");
    let o = Command::new(bin())
        .args([
            "serve",
            "--bind",
            "203.0.113.9",
            "--port",
            "0",
            "--lang",
            "en",
        ])
        .current_dir(&root)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot listen on 203.0.113.9:0"), "{err}");
}

#[test]
fn ctrl_c_stops_cleanly() {
    let (_t, root) = demo_site();
    let mut srv = Server::start(&root);
    let (status, _) = srv.get("/");
    assert_eq!(status, 200);
    // Keep a live-reload stream open: it must not keep the server from stopping.
    let mut sse = TcpStream::connect(("127.0.0.1", srv.port)).expect("connect");
    write!(sse, "GET /__xinghuo/events HTTP/1.1\r\nHost: x\r\n\r\n").expect("send");
    // SAFETY: sending SIGINT to our own child process.
    unsafe {
        libc::kill(srv.child.id() as i32, libc::SIGINT);
    }
    let start = Instant::now();
    let status = loop {
        if let Some(s) = srv.child.try_wait().expect("wait") {
            break s;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    std::thread::sleep(Duration::from_millis(100));
    assert!(srv.log.lock().expect("log").contains("Stopped"));
}

/// Pages are rendered from the new model when first requested, and unchanged files are
/// neither parsed nor rendered from Markdown again (`site::memo`): a change must still
/// reach every page that depends on it, even pages whose own file did not change.
#[test]
fn a_change_reaches_every_page_that_depends_on_it() {
    let (_t, root) = demo_site();
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    };
    write(
        "templates/shortcodes/tip.html",
        "<span class=\"tip\">TIP-ONE {{ text }}</span>",
    );
    write(
        "content/stations/probe.md",
        "---\ntitle: 依赖探针\n---\n\n党员{{ stat(key=\"party_members\", year=2024) }}。\n\n\
         {{ tip(text=\"甲\") }}\n\n见[西林](@/stations/xilin-heyuan.md)。\n",
    );
    let srv = Server::start(&root);
    let probe = "/stations/probe/";
    let first = srv.wait_for(probe, "served", |s, _| s == 200);
    assert!(first.contains("1903名"), "{first}");
    assert!(first.contains("TIP-ONE 甲"), "{first}");
    assert!(
        first.contains("href=\"/stations/xilin-heyuan/\""),
        "{first}"
    );

    // Statistics feed a shortcode in a page whose file did not change.
    let stats = root.join("data/stats/2024.yaml");
    let text = std::fs::read_to_string(&stats).expect("stats");
    std::fs::write(&stats, text.replacen("value: 1903", "value: 1904", 1)).expect("write");
    srv.wait_for(probe, "with the new figure", |s, b| {
        s == 200 && b.contains("1904名")
    });

    // A site shortcode template.
    write(
        "templates/shortcodes/tip.html",
        "<span class=\"tip\">TIP-TWO {{ text }}</span>",
    );
    srv.wait_for(probe, "with the new template", |s, b| {
        s == 200 && b.contains("TIP-TWO 甲")
    });

    // The URL of a page another page links to.
    let target = root.join("content/stations/xilin-heyuan.md");
    let good = std::fs::read_to_string(&target).expect("read");
    std::fs::write(
        &target,
        good.replacen("title:", "slug: xilin-new\ntitle:", 1),
    )
    .expect("write");
    srv.wait_for(probe, "linking to the new URL", |s, b| {
        s == 200 && b.contains("href=\"/stations/xilin-new/\"")
    });
    std::fs::write(&target, &good).expect("restore");
    srv.wait_for(probe, "linking to the old URL again", |s, b| {
        s == 200 && b.contains("href=\"/stations/xilin-heyuan/\"")
    });

    // A title shows in lists, in its neighbours' previous/next links, on its terms'
    // pages and in the search index.
    let (_, list) = srv.get("/stations/");
    let mut order: Vec<String> = Vec::new();
    for part in list.split("href=\"/stations/").skip(1) {
        let slug: String = part.chars().take_while(|&c| c != '"').collect();
        let one_level = slug.ends_with('/') && slug.matches('/').count() == 1;
        if one_level && slug != "page/" && !order.contains(&slug) {
            order.push(slug);
        }
    }
    let at = order
        .iter()
        .position(|s| s == "xilin-heyuan/")
        .unwrap_or_else(|| panic!("xilin-heyuan not listed: {order:?}"));
    let neighbour = format!("/stations/{}", order[if at == 0 { 1 } else { at - 1 }]);
    let tag = percent_encoding::utf8_percent_encode("红色物业", percent_encoding::NON_ALPHANUMERIC);
    assert!(good.contains("红色物业"), "the page has this tag");
    let renamed = good.replacen("title: 荷园社区“红色管家”驿站", "title: 改名测试驿站", 1);
    assert_ne!(renamed, good);
    std::fs::write(&target, renamed).expect("write");
    for path in [
        "/stations/".to_string(),
        neighbour,
        format!("/tags/{tag}/"),
        "/search/index.js".to_string(),
    ] {
        srv.wait_for(&path, "showing the new title", |s, b| {
            s == 200 && b.contains("改名测试驿站")
        });
    }
}

/// A template that fails only when a page renders is found by the background pass
/// (overlay on every page) and on request (the page answers 500 with the error).
#[test]
fn template_errors_found_while_rendering_are_shown() {
    let (_t, root) = demo_site();
    let srv = Server::start(&root);
    srv.wait_for("/", "served", |s, _| s == 200);
    let tpl = root.join("templates/station.html");
    std::fs::create_dir_all(tpl.parent().expect("parent")).expect("mkdir");
    std::fs::write(&tpl, "<p>{{ nope.missing }}</p>\n").expect("write");
    let page = srv.wait_for("/stations/xilin-heyuan/", "failing", |s, _| s == 500);
    assert!(page.contains("templates/station.html"), "{page}");
    let home = srv.wait_for("/", "with the overlay", |s, b| {
        s == 200 && b.contains("xinghuo-overlay")
    });
    assert!(home.contains("templates/station.html"), "{home}");
    std::fs::remove_file(&tpl).expect("rm");
    srv.wait_for("/stations/xilin-heyuan/", "fixed", |s, b| {
        s == 200 && !b.contains("xinghuo-overlay")
    });
    srv.wait_for("/", "without the overlay", |s, b| {
        s == 200 && !b.contains("xinghuo-overlay")
    });
}

/// Never stale, even under load: while 8 clients fetch pages as fast as they can, a
/// page is rewritten in place (truncate and write, as most editors save) and fetched
/// at once, 40 times. Every answer has the edit, even when the request reaches the
/// server before the file watcher's event does (the request compares its page's
/// source with what the served build read, and waits for a rebuild when it is newer).
#[test]
fn an_edit_is_never_served_stale_under_load() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let (_t, root) = demo_site();
    let srv = Server::start(&root);
    let page = "/stations/xilin-heyuan/";
    let file = root.join("content/stations/xilin-heyuan.md");
    let text = std::fs::read_to_string(&file).expect("read page");
    let (status, _) = srv.get(page);
    assert_eq!(status, 200);
    let stop = Arc::new(AtomicBool::new(false));
    let port = srv.port;
    let load: Vec<_> = (0..8)
        .map(|k| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let pages = ["/", "/stations/", "/tags/", page, "/members/wu-cai/"];
                let mut n = 0usize;
                while !stop.load(Ordering::Relaxed) {
                    let _ = common::serve::get(port, pages[(n + k) % pages.len()]);
                    n += 1;
                }
                n
            })
        })
        .collect();
    let mut stale = Vec::new();
    for k in 0..40 {
        let marker = format!("负载下的第{k:02}次修改");
        std::fs::write(&file, format!("{text}\n\n{marker}。\n")).expect("write");
        let (status, body) = srv.get(page);
        if status != 200 || !body.contains(&marker) {
            stale.push(k);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, Ordering::Relaxed);
    let requests: usize = load.into_iter().map(|h| h.join().expect("client")).sum();
    assert!(requests > 100, "the load ran: {requests} requests");
    assert!(
        stale.is_empty(),
        "stale answers after edits {stale:?} of 40 ({requests} requests of load)"
    );
}
