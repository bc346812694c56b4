//! Hostile paths (issue 7): no slug, image, `cover`, `portrait`, shortcode `src`,
//! theme name or symbolic link can make a build read a file outside the site or write
//! one outside the output folder. Every case is an error naming the file, and the
//! secret beside the site never shows up in any output. Nor can a URL requested from
//! `xinghuo serve` reach a file outside what the build made.

use crate::common;

use common::*;
use std::path::{Path, PathBuf};

const SECRET: &str = "TOP-SECRET-7f3a9c";

/// A demo site in `t/site`, and a secret file (and folder) beside it at `t/secret*`.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let t = demo();
    let site = site(&t);
    std::fs::write(
        t.path().join("secret.md"),
        format!("---\ntitle: {SECRET}\n---\n{SECRET}\n"),
    )
    .expect("write");
    std::fs::write(t.path().join("secret.jpg"), SECRET).expect("write");
    std::fs::create_dir_all(t.path().join("secretdir")).expect("mkdir");
    std::fs::write(
        t.path().join("secretdir/a.md"),
        format!("---\ntitle: {SECRET}\n---\n"),
    )
    .expect("write");
    std::fs::write(t.path().join("secretdir/a.txt"), SECRET).expect("write");
    (t, site)
}

fn page(site: &Path, rel: &str, front: &str, body: &str) {
    let p = site.join("content").join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, format!("---\ntitle: x\n{front}---\n\n{body}\n")).expect("write");
}

/// Build must fail with an error mentioning `needle`, write no `public/`, and leave
/// nothing outside the site.
fn refused(t: &tempfile::TempDir, site: &Path, needle: &str) {
    let before: Vec<_> = std::fs::read_dir(t.path())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    let o = run(site, &["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "build must fail:\n{err}");
    assert!(err.contains(needle), "expected `{needle}` in:\n{err}");
    assert!(!site.join("public").exists(), "nothing written");
    let after: Vec<_> = std::fs::read_dir(t.path())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(before, after, "nothing written beside the site");
    assert!(
        !err.contains(SECRET),
        "the secret is not read into messages"
    );
}

#[test]
fn slug_cannot_leave_the_collection() {
    for slug in [
        "../../evil",
        "..",
        "a/b",
        "/etc",
        ".hidden",
        "a b",
        "%2e%2e",
    ] {
        let (t, site) = setup();
        page(&site, "stations/s.md", &format!("slug: {:?}\n", slug), "");
        refused(&t, &site, "content/stations/s.md");
    }
}

#[test]
fn images_and_links_cannot_leave_the_site() {
    for dest in [
        "../../../secret.jpg",
        "../../../../../../../../etc/passwd",
        "..%2F..%2F..%2Fsecret.jpg",
        "/../../secret.jpg",
        "/etc/passwd",
        "../../site-config.toml",
    ] {
        let (t, site) = setup();
        page(&site, "stations/s.md", "", &format!("![x]({dest})"));
        refused(&t, &site, "content/stations/s.md");
    }
}

#[test]
fn cover_and_portrait_cannot_leave_the_site() {
    for (rel, field) in [("stations/s.md", "cover"), ("members/m.md", "portrait")] {
        for v in [
            "../../../secret.jpg",
            "/../../secret.jpg",
            "/etc/passwd",
            "../../data/units.yaml",
        ] {
            let (t, site) = setup();
            page(&site, rel, &format!("{field}: {v:?}\n"), "");
            refused(&t, &site, rel);
        }
    }
}

#[test]
fn shortcode_sources_cannot_leave_the_site() {
    for sc in [
        "{{ figure(src=\"../../../secret.jpg\") }}",
        "{{ figure(src=\"/../../secret.jpg\") }}",
        "{{ video(src=\"../../../secret.jpg\") }}",
        "{{ video(src=\"x.mp4\", poster=\"../../../secret.jpg\") }}",
        "{{ figure(src=\"javascript:alert(1)\") }}",
        "{{ video(src=\"javascript:alert(1)\") }}",
        "{{ figure(src=\"data:text/html,<script>alert(1)</script>\") }}",
    ] {
        let (t, site) = setup();
        page(&site, "stations/s.md", "", sc);
        refused(&t, &site, "content/stations/s.md");
    }
}

#[test]
fn markdown_links_with_script_urls_are_dropped() {
    let (_t, site) = setup();
    page(
        &site,
        "stations/s.md",
        "",
        "[a](javascript:alert(1)) [b](JAVASCRIPT:alert(2)) [c](vbscript:x) ![d](javascript:alert(3))",
    );
    let o = run(&site, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = read(site.join("public/stations/s/index.html")).to_ascii_lowercase();
    assert!(!html.contains("javascript:") && !html.contains("vbscript:"));
}

#[cfg(unix)]
#[test]
fn symlinks_in_content_and_static_are_refused() {
    use std::os::unix::fs::symlink;
    let cases: [(&str, &str, &str); 5] = [
        (
            "secret.md",
            "content/stations/leak.md",
            "content/stations/leak.md",
        ),
        (
            "secretdir",
            "content/stations/leakdir",
            "content/stations/leakdir",
        ),
        (
            "secret.jpg",
            "content/stations/xingxing-yizhan/leak.jpg",
            "leak.jpg",
        ),
        ("secret.jpg", "static/leak.jpg", "static/leak.jpg"),
        ("secretdir", "static/leakdir", "static/leakdir"),
    ];
    for (target, link, needle) in cases {
        let (t, site) = setup();
        symlink(t.path().join(target), site.join(link)).expect("symlink");
        refused(&t, &site, needle);
    }
}

#[test]
fn theme_name_cannot_leave_themes() {
    for theme in ["../../secretdir", "..", "/tmp", "a/b"] {
        let (t, site) = setup();
        let cfg = read(site.join("site-config.toml"))
            .replace("theme = \"default\"", &format!("theme = {theme:?}"));
        std::fs::write(site.join("site-config.toml"), cfg).expect("write");
        refused(&t, &site, "site-config.toml");
    }
}

#[test]
fn bundle_assets_stay_in_their_page_folder() {
    // A bundle's asset is copied under the page URL, never by a name with `..`.
    let built = built_demo().join("site/public");
    for (rel, _) in snapshot(&built) {
        assert!(
            rel.components()
                .all(|c| matches!(c, std::path::Component::Normal(_))),
            "{}",
            rel.display()
        );
    }
}

/// `xinghuo serve` answers traversal attempts with 404 (or 400 when the request line
/// itself is refused) and never with a file from outside its build: not the site's
/// sources, not the secret beside the site, not the system's.
#[cfg(unix)]
#[test]
fn served_urls_cannot_leave_the_output() {
    use common::serve::Server;
    let (t, site) = setup();
    // Files a path could aim at: beside the site and in it.
    std::fs::write(site.join("Cargo.toml"), format!("[package] {SECRET}")).expect("write");
    std::fs::write(t.path().join("Cargo.toml"), format!("[package] {SECRET}")).expect("write");
    let srv = Server::start(&site);
    let (status, body) = srv.get("/stations/xilin-heyuan/");
    assert_eq!(status, 200, "the server serves real pages: {body}");
    let paths = [
        "/../site-config.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/site-config.toml",
        "/%2e%2e%2fsite-config.toml",
        "/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "/stations/..%2f..%2fsite-config.toml",
        "//etc/passwd",
        "/etc/passwd",
        "/static/../../Cargo.toml",
        "/static/%2e%2e/%2e%2e/Cargo.toml",
        "/Cargo.toml",
        "/../secret.jpg",
        "/%2e%2e/secret.md",
        "/leak.jpg",
        "/static/leak.jpg",
        "/..\\site-config.toml",
        "/..%5csite-config.toml",
        "/%5c..%5c..%5csecret.jpg",
        "/css%5c..%5c..%5cCargo.toml",
        "/%00",
        "/site-config.toml%00.html",
        "/%c0%ae%c0%ae/site-config.toml",
        "/%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afsecret.jpg",
        "/%e0%80%ae%e0%80%ae/secret.md",
        "/content/stations/xilin-heyuan.md",
        "/site-config.toml",
        "/data/units.yaml",
    ];
    for p in paths {
        let (status, body) = srv.get(p);
        assert!(status == 404 || status == 400, "{p}: {status}\n{body}");
        for leak in [
            SECRET,
            "root:x:0:0",
            "base_url =",
            "party_members:",
            "[package]",
        ] {
            assert!(!body.contains(leak), "{p}: {leak} in\n{body}");
        }
    }
    // A symbolic link put into static/, pointing outside: the build refuses it (the
    // overlay shows, the last good build stays) and it is never served.
    std::os::unix::fs::symlink(t.path().join("secret.jpg"), site.join("static/leak.jpg"))
        .expect("symlink");
    srv.wait_for("/", "showing the overlay", |_, b| {
        b.contains("xinghuo-overlay")
    });
    for p in ["/leak.jpg", "/static/leak.jpg", "/%6ceak.jpg"] {
        let (status, body) = srv.get(p);
        assert_eq!(status, 404, "{p}: {body}");
        assert!(!body.contains(SECRET), "{p}: {body}");
    }
}
