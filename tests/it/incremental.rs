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

#[test]
fn bodies_and_search_counts_are_kept_on_disk_and_a_damaged_store_is_ignored() {
    let t = small_site();
    let s = t.path();
    build(s);
    let store = s.join(".xinghuo-cache/bodies");
    let files: Vec<_> = std::fs::read_dir(&store)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!((1..=3).contains(&files.len()), "{files:?}");
    // An edited body is rendered again, the others come from the store; and when the
    // store is damaged, every body is rendered again.
    let edit_and_build = |slug: &str, title: &str, weight: usize| {
        let text = format!("Edited text of {title}.");
        write(
            &s.join(format!("content/stations/{slug}.md")),
            &format!("---\ntitle: {title}\nweight: {weight}\n---\n\n{text}\n"),
        );
        build(s);
        assert!(read(s.join(format!("public/stations/{slug}/index.html"))).contains(&text));
        assert_eq!(snapshot(&s.join("public")), cold(s));
    };
    edit_and_build("b", "Bravo", 1);
    for f in &files {
        std::fs::write(f, b"\x01garbage").unwrap();
    }
    edit_and_build("a", "Alpha", 0);
    // The counted search index too (src/search/store.rs): cut short, then damaged
    // in the middle, each time ignored.
    let search = s.join(".xinghuo-cache/search");
    let bytes = std::fs::read(&search).unwrap();
    std::fs::write(&search, &bytes[..bytes.len() / 2]).unwrap();
    edit_and_build("c", "Charlie", 2);
    let mut bytes = std::fs::read(&search).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x04;
    std::fs::write(&search, &bytes).unwrap();
    edit_and_build("b", "Bravo two", 1);
    // The parsed front matter (src/content/front_store.rs): kept, then damaged, then
    // foreign (another store's file in its place); a title edit is seen each time.
    let fronts = s.join(".xinghuo-cache/fronts");
    assert!(std::fs::metadata(&fronts).unwrap().len() > 0);
    let mut bytes = std::fs::read(&fronts).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x04;
    std::fs::write(&fronts, &bytes).unwrap();
    edit_and_build("a", "Alpha two", 2);
    std::fs::copy(&search, &fronts).unwrap();
    edit_and_build("c", "Charlie two", 0);
}

/// Every folder under `dir` (an empty folder left behind is a difference too).
fn folders(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

/// A small random generator (xorshift), seeded from the clock; the seed is printed
/// with any failure.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Content pages no other file names, so deleting or renaming one breaks no link.
fn unlinked_pages(s: &Path) -> Vec<std::path::PathBuf> {
    let all: Vec<_> = walkdir::WalkDir::new(s.join("content"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    let texts: Vec<String> = (all.iter())
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned())
        .collect();
    all.iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            let stem = name.trim_end_matches(".md");
            name.ends_with(".md")
                && name != "_index.md"
                && name != "index.md"
                && !p.starts_with(s.join("content/reports"))
                && !texts.iter().any(|t| t.contains(stem))
        })
        .cloned()
        .collect()
}

/// Issue 18: after each random edit — a page's body, its front matter, a template, a
/// statistics file, a deleted page, a renamed page — `build` makes exactly what a
/// cold build of the same site makes (the first builds stage from scratch; later ones
/// update the spare output, src/output/spare.rs).
#[test]
fn rebuilds_after_random_edits_equal_cold_builds() {
    let t = common::demo();
    let s = common::site(&t);
    // The search index in shards (src/search/uncut.rs updates them per page).
    let cfg = s.join("site-config.toml");
    let text = read(&cfg).replace(
        "[search]\nenabled = true",
        "[search]\nenabled = true\nsplit_from = 0",
    );
    assert!(text.contains("split_from = 0"));
    write(&cfg, &text);
    build(&s);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut rng = Rng(seed);
    let base = xinghuo::theme::DEFAULT_THEME
        .get_file("templates/base.html")
        .unwrap()
        .contents_utf8()
        .unwrap()
        .to_string();
    let kinds = ["body", "front", "template", "stats", "delete", "rename"];
    let mut order: Vec<&str> = kinds.to_vec();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    for _ in 0..4 {
        order.push(kinds[rng.below(kinds.len())]);
    }
    let mut done = Vec::new();
    for (step, kind) in order.iter().enumerate() {
        let pages = unlinked_pages(&s);
        let page = pages[rng.below(pages.len())].clone();
        match *kind {
            "body" => {
                let text = read(&page);
                write(
                    &page,
                    &format!("{text}\n\n第{step}次修改的正文 edit{step}。\n"),
                );
            }
            "front" => {
                let text = read(&page).replacen("title: ", &format!("title: 改{step} "), 1);
                write(&page, &text);
            }
            "template" => write(
                &s.join("templates/base.html"),
                &base.replace("</body>", &format!("<!-- step {step} --></body>")),
            ),
            "stats" => {
                let p = s.join("data/stats/2023.yaml");
                let text = read(&p);
                let line = text
                    .lines()
                    .find(|l| l.contains("volunteer_hours:"))
                    .unwrap();
                let at = line.find("value: ").unwrap() + 7;
                let n: String = line[at..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                let edited = line.replacen(
                    &format!("value: {n}"),
                    &format!("value: {}", n.parse::<u64>().unwrap() + 1 + step as u64),
                    1,
                );
                write(&p, &text.replacen(line, &edited, 1));
            }
            "delete" => std::fs::remove_file(&page).unwrap(),
            _ => {
                // A suffix: a date that starts the name stays the page's date.
                let stem = page.file_stem().unwrap().to_string_lossy().into_owned();
                let to = page.with_file_name(format!("{stem}-r{step}.md"));
                std::fs::rename(&page, &to).unwrap();
            }
        }
        done.push(format!("{kind} {}", page.display()));
        let msg = build(&s);
        assert!(!up_to_date(&msg), "seed {seed}, {done:?}: {msg}");
        let public = s.join("public");
        let (got, want) = (snapshot(&public), cold(&s));
        if got != want {
            let differ: Vec<_> = (got.keys().chain(want.keys()))
                .filter(|k| got.get(*k) != want.get(*k))
                .collect();
            panic!("seed {seed}, after {done:?}: these files differ from a cold build: {differ:?}");
        }
        let t2 = tempfile::tempdir().unwrap();
        common::copy_tree(&s, t2.path());
        let _ = std::fs::remove_dir_all(t2.path().join("public"));
        build(t2.path());
        assert_eq!(
            folders(&public),
            folders(&t2.path().join("public")),
            "seed {seed}, {done:?}"
        );
    }
    // The spare output is beside the output, and only there.
    assert!(s.join(".public.xinghuo-spare").is_dir());
}
