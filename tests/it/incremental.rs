//! Rebuilds: a build with nothing changed since the last clean build leaves the output
//! as it is (src/fingerprint.rs); any change to an input or to the output makes a
//! full build, whose output is exactly a cold build's.

use crate::common;

use std::path::Path;

use common::{read, run, snapshot, stderr};

fn write(p: &Path, text: &str) {
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::write(p, text).unwrap();
}

/// Three stations in weight order A, B, C.
fn small_site() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let s = t.path();
    write(
        &s.join("site-config.toml"),
        r#"title = "测试"
base_url = "https://example.org/"
language = "zh-CN"

[collections.stations]
kind = "station"
title = "驿站"
sort_by = "weight"
"#,
    );
    for (i, (slug, title)) in [("a", "Alpha"), ("b", "Bravo"), ("c", "Charlie")]
        .into_iter()
        .enumerate()
    {
        write(
            &s.join(format!("content/stations/{slug}.md")),
            &format!("---\ntitle: {title}\nweight: {i}\n---\n\nText of {title}.\n"),
        );
    }
    t
}

fn build(s: &Path) -> String {
    let o = run(s, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    stderr(&o)
}

fn up_to_date(msg: &str) -> bool {
    msg.contains("nothing changed")
}

/// The output of a cold build (no output, no cache) of a copy of `s`.
fn cold(s: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let t = tempfile::tempdir().unwrap();
    common::copy_tree(s, t.path());
    let _ = std::fs::remove_dir_all(t.path().join("public"));
    let _ = std::fs::remove_dir_all(t.path().join(".xinghuo-cache"));
    build(t.path());
    snapshot(&t.path().join("public"))
}

#[cfg(unix)]
fn ino(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).unwrap().ino()
}

#[test]
fn unchanged_rebuild_keeps_the_output_and_says_so() {
    let t = small_site();
    let s = t.path();
    assert!(!up_to_date(&build(s)));
    let before = snapshot(&s.join("public"));
    #[cfg(unix)]
    let page = ino(&s.join("public/stations/b/index.html"));
    let msg = build(s);
    assert!(up_to_date(&msg), "{msg}");
    assert!(msg.contains("3 pages"), "{msg}");
    assert_eq!(snapshot(&s.join("public")), before);
    #[cfg(unix)]
    assert_eq!(ino(&s.join("public/stations/b/index.html")), page);
    // Another output folder, or other options, are other builds.
    let o = run(s, &["build", "--output", "dist"]);
    assert!(!up_to_date(&stderr(&o)), "{}", stderr(&o));
    let o = run(s, &["build", "--drafts"]);
    assert!(!up_to_date(&stderr(&o)), "{}", stderr(&o));
}

#[test]
fn a_title_edit_reaches_lists_and_neighbours() {
    let t = small_site();
    let s = t.path();
    build(s);
    build(s);
    write(
        &s.join("content/stations/b.md"),
        "---\ntitle: Bravissimo\nweight: 1\n---\n\nText of Bravo.\n",
    );
    assert!(!up_to_date(&build(s)));
    let list = read(s.join("public/stations/index.html"));
    assert!(list.contains("Bravissimo"), "{list}");
    for neighbour in ["a", "c"] {
        let p = read(s.join(format!("public/stations/{neighbour}/index.html")));
        assert!(
            p.contains("Bravissimo"),
            "{neighbour}: prev/next link not updated"
        );
        assert!(!p.contains("Bravo<"), "{neighbour}");
    }
    assert_eq!(snapshot(&s.join("public")), cold(s));
}

#[test]
fn a_template_edit_changes_every_page() {
    let t = small_site();
    let s = t.path();
    build(s);
    let base = xinghuo::theme::DEFAULT_THEME
        .get_file("templates/base.html")
        .unwrap()
        .contents_utf8()
        .unwrap()
        .replace("</body>", "<!-- marker-7f3a --></body>");
    write(&s.join("templates/base.html"), &base);
    assert!(!up_to_date(&build(s)));
    for p in [
        "index.html",
        "stations/index.html",
        "stations/a/index.html",
        "stations/b/index.html",
        "404.html",
    ] {
        assert!(
            read(s.join("public").join(p)).contains("marker-7f3a"),
            "{p} not re-rendered"
        );
    }
    assert_eq!(snapshot(&s.join("public")), cold(s));
}

#[test]
fn a_changed_or_removed_output_file_is_restored() {
    let t = small_site();
    let s = t.path();
    build(s);
    let good = snapshot(&s.join("public"));
    write(&s.join("public/stations/a/index.html"), "tampered");
    assert!(!up_to_date(&build(s)));
    assert_eq!(snapshot(&s.join("public")), good);
    std::fs::remove_file(s.join("public/stations/c/index.html")).unwrap();
    assert!(!up_to_date(&build(s)));
    assert_eq!(snapshot(&s.join("public")), good);
    write(&s.join("public/stray.html"), "x");
    assert!(!up_to_date(&build(s)));
    assert_eq!(snapshot(&s.join("public")), good);
}

#[test]
fn an_edit_that_keeps_size_and_mtime_is_seen() {
    let t = small_site();
    let s = t.path();
    build(s);
    let p = s.join("content/stations/a.md");
    let m = std::fs::metadata(&p).unwrap().modified().unwrap();
    let text = read(&p).replace("Alpha", "Alpho");
    std::fs::write(&p, text).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&p)
        .unwrap()
        .set_modified(m)
        .unwrap();
    assert!(!up_to_date(&build(s)));
    assert!(read(s.join("public/stations/a/index.html")).contains("Alpho"));
}

#[test]
fn warnings_are_shown_by_every_build() {
    let t = small_site();
    let s = t.path();
    // A phone number is a privacy warning by default, not an error.
    write(
        &s.join("content/stations/c.md"),
        "---\ntitle: Charlie\nweight: 2\nsummary: 电话 13812345678\n---\n\nCall 13812345678.\n",
    );
    let first = build(s);
    let second = build(s);
    assert!(!up_to_date(&second), "{second}");
    assert!(
        first.contains("warning") && second.contains("warning"),
        "expected a warning each time:\n{first}\n---\n{second}"
    );
}
