//! Tests of `output`: staging, the spare, `--relative` URLs.

use super::*;

#[test]
fn relative_links() {
    let h = r#"<a href="/stations/x/#a">x</a><img src="/images/a.jpg" srcset="/a.jpg 1x, /b.jpg 2x"><a href="/">h</a><a href="https://e.org/">e</a>"#;
    let r = relativize_html(h, "stations/y/index.html", "/");
    assert!(r.contains(r#"href="../../stations/x/index.html#a""#), "{r}");
    assert!(r.contains(r#"src="../../images/a.jpg""#), "{r}");
    assert!(
        r.contains(r#"srcset="../../a.jpg 1x, ../../b.jpg 2x""#),
        "{r}"
    );
    assert!(r.contains(r#"href="../../index.html""#), "{r}");
    assert!(r.contains(r#"href="https://e.org/""#), "{r}");
    let top = relativize_html(r#"<a href="/">h</a>"#, "index.html", "/");
    assert!(top.contains(r#"href="index.html""#), "{top}");
}

#[cfg(unix)]
#[test]
fn unchanged_files_are_linked_and_never_written_through() {
    use std::os::unix::fs::MetadataExt;
    let t = tempfile::tempdir().unwrap();
    let target = t.path().join("public");
    std::fs::create_dir_all(target.join("d")).unwrap();
    std::fs::write(target.join("d/same.html"), "same").unwrap();
    std::fs::write(target.join("old.html"), "old").unwrap();
    let src = t.path().join("src.css");
    std::fs::write(&src, "same").unwrap();
    let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
    let s = Staging::new(&target).unwrap();
    s.write("d/same.html", b"same").unwrap();
    s.write("old.html", b"new").unwrap();
    s.copy("d/same.html", &src).unwrap();
    assert_eq!(
        ino(&s.path().join("d/same.html")),
        ino(&target.join("d/same.html"))
    );
    assert_ne!(
        ino(&s.path().join("old.html")),
        ino(&target.join("old.html"))
    );
    // Replacing a linked file must not change the current output.
    s.write("d/same.html", b"changed").unwrap();
    s.abort();
    assert_eq!(
        std::fs::read_to_string(target.join("d/same.html")).unwrap(),
        "same"
    );
    assert_eq!(
        std::fs::read_to_string(target.join("old.html")).unwrap(),
        "old"
    );
    let s = Staging::new(&target).unwrap();
    s.write("d/same.html", b"same").unwrap();
    let linked = ino(&target.join("d/same.html"));
    s.commit().unwrap();
    assert_eq!(ino(&target.join("d/same.html")), linked);
    assert!(!target.join("old.html").exists());
}

#[test]
fn staging_swaps_and_keeps_old_on_abort() {
    let t = tempfile::tempdir().unwrap();
    let target = t.path().join("public");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("old.txt"), "old").unwrap();
    let s = Staging::new(&target).unwrap();
    s.write("a/b.txt", b"new").unwrap();
    s.abort();
    assert!(target.join("old.txt").exists());
    let s = Staging::new(&target).unwrap();
    s.write("a/b.txt", b"new").unwrap();
    assert!(s.write("../evil", b"x").is_err());
    s.commit().unwrap();
    assert!(!target.join("old.txt").exists());
    assert_eq!(
        std::fs::read_to_string(target.join("a/b.txt")).unwrap(),
        "new"
    );
    let mut left: Vec<String> = (std::fs::read_dir(t.path()).unwrap())
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, [".public.xinghuo-spare", "public"]);
}

/// Every file of `dir` with its text, and every folder.
fn listing(dir: &Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(e.path()).unwrap_or_else(|_| "<dir>".into());
            (rel, text)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn later_builds_update_the_spare_to_exactly_their_output() {
    let t = tempfile::tempdir().unwrap();
    let target = t.path().join("public");
    let build = |files: &[(&str, &str)]| {
        let s = Staging::new(&target).unwrap();
        for (p, text) in files {
            s.write(p, text.as_bytes()).unwrap();
        }
        s.commit().unwrap();
    };
    build(&[("a.html", "1"), ("d/x.html", "x"), ("k.html", "k")]);
    // A folder made by hand in the output does not come back through the spare.
    std::fs::create_dir_all(target.join("handmade/empty")).unwrap();
    build(&[("a.html", "2"), ("b.html", "b"), ("k.html", "k")]);
    let spare = t.path().join(".public.xinghuo-spare");
    assert!(spare.is_dir(), "the first output is kept");
    // Spare mode: the spare holds the first output; the result is the third alone.
    build(&[("a.html", "2"), ("c/y.html", "y"), ("k.html", "k")]);
    let want = [
        ("a.html", "2"),
        ("c", "<dir>"),
        ("c/y.html", "y"),
        ("k.html", "k"),
    ];
    let mut want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    want.insert(0, (String::new(), "<dir>".into()));
    assert_eq!(listing(&target), want);
    // And once more from that spare (the second output).
    build(&[("a.html", "3"), ("k.html", "k")]);
    assert_eq!(
        listing(&target),
        [("", "<dir>"), ("a.html", "3"), ("k.html", "k")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let ino = |p: &Path| std::fs::metadata(p).unwrap().ino();
        assert_eq!(
            ino(&target.join("k.html")),
            ino(&spare.join("k.html")),
            "equal files share their inode"
        );
    }
}

#[test]
fn a_page_covered_by_a_static_file_is_rendered_again_once_the_file_is_gone() {
    let t = tempfile::tempdir().unwrap();
    let target = t.path().join("public");
    let build = |with_static: bool| {
        let s = Staging::new(&target).unwrap();
        if !s.keep_page("a.html", 7).unwrap() {
            s.write_page("a.html", b"page", 7).unwrap();
        }
        if with_static {
            s.write("a.html", b"static").unwrap(); // a static file of the same name wins
        }
        s.commit().unwrap();
    };
    build(true);
    build(true);
    assert_eq!(std::fs::read(target.join("a.html")).unwrap(), b"static");
    build(false); // from the spare: the page's digest must not vouch for "static"
    assert_eq!(std::fs::read(target.join("a.html")).unwrap(), b"page");
    build(false);
    assert_eq!(std::fs::read(target.join("a.html")).unwrap(), b"page");
}
