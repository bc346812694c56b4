//! The five bugs of issue 13, each pinned by a run of the real binary: Chinese words in
//! the charts of an English site, two rules for the year of a page, a failure message
//! that claimed an output folder for commands that have none, required front-matter
//! fields reported one at a time, and a relative `--root` that lost the report's images.

use crate::common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A copy of fixture `name` at `TEMP/site`.
fn copy_fixture(name: &str) -> tempfile::TempDir {
    let t = tempfile::tempdir().expect("temp dir");
    copy_tree(&fixture(name), &site(&t));
    t
}

/// Run xinghuo with `args` in `dir`, messages in `lang`.
fn run_lang(dir: &Path, args: &[&str], lang: &str) -> Output {
    Command::new(bin())
        .args(args)
        .args(["--lang", lang])
        .current_dir(dir)
        .env_remove("LANG")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the xinghuo binary runs")
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{2fdf}'   // radicals
        | '\u{3000}'..='\u{303f}' // CJK punctuation: 、。「」
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ff00}'..='\u{ffef}' // full-width forms: （）：，
    )
}

/// The `<main>` element of a page.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("the page has <main>");
    let end = html[start..].find("</main>").expect("<main> is closed") + start;
    &html[start..end]
}

// --- 1. English sites get English words in charts, KPIs, maps and tables -------------

#[test]
fn english_site_charts_have_no_chinese_words() {
    let src = fixture("en-site");
    // The fixture must keep using every built-in shortcode and every statistics
    // template function, or this test would stop covering them.
    let mut content = String::new();
    for e in walkdir::WalkDir::new(src.join("content"))
        .into_iter()
        .flatten()
    {
        if e.path().extension().is_some_and(|x| x == "md") {
            content.push_str(&read(e.path()));
        }
    }
    for sig in xinghuo::shortcodes::BUILTINS {
        assert!(
            content.contains(&format!("{{{{ {}(", sig.name)),
            "tests/fixtures/en-site does not use the shortcode `{}`",
            sig.name
        );
    }
    let template = read(src.join("templates/404.html"));
    for f in ["stat", "kpis", "chart", "map"] {
        assert!(
            template.contains(&format!("{{{{ {f}(")),
            "template function {f}"
        );
    }
    for kind in ["line", "bar", "pie", "donut"] {
        assert!(
            content.contains(&format!("kind=\"{kind}\"")),
            "chart kind {kind}"
        );
    }

    let t = copy_fixture("en-site");
    let o = run(&site(&t), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let public = site(&t).join("public");
    let figures = read(public.join("notes/figures/index.html"));
    let photos = read(public.join("notes/photos/index.html"));
    let functions = read(public.join("404.html"));
    // What each page must show, so a chart that vanished cannot pass as "no Chinese".
    for (page, html, parts) in [
        (
            "figures",
            &figures,
            &[
                "class=\"kpis\"",
                "up from 2023",
                "same as 2023",
                "chart-data",
                "<th",
                "chart chart-line",
                "chart chart-bar",
                "chart chart-pie",
                "chart chart-donut",
                "chart chart-map",
                "Member unit",
                "Station",
                "class=\"qr\"",
            ][..],
        ),
        (
            "photos",
            &photos,
            &["class=\"figure\"", "class=\"gallery\"", "class=\"video\""][..],
        ),
        (
            "404",
            &functions,
            &[
                "125,000",
                "class=\"kpis\"",
                "up from 2023",
                "chart chart-line",
                "chart chart-bar",
                "chart chart-pie",
                "chart chart-donut",
                "chart chart-map",
                "Member unit",
            ][..],
        ),
    ] {
        for part in parts {
            assert!(html.contains(part), "{page}: `{part}` missing");
        }
    }
    // Everything in the fixture is English, so is every word the theme adds: no page
    // (filters, units, search, stats, …) may show a Chinese character in its <main>.
    let mut pages = 0;
    for e in walkdir::WalkDir::new(&public).into_iter().flatten() {
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = read(e.path());
        let Some(_) = html.find("<main") else {
            continue;
        };
        pages += 1;
        let main = main_of(&html);
        let cjk: String = main.chars().filter(|&c| is_cjk(c)).collect();
        assert!(
            cjk.is_empty(),
            "{}: Chinese characters {cjk:?} in <main> of an English site:\n{main}",
            e.path().display()
        );
    }
    assert!(pages >= 10, "only {pages} pages checked");
}

// --- 2. One rule for the year of a page ----------------------------------------------

/// Cards of a listing as (title, year) from the fixture's `data-year` attribute.
fn card_years(html: &str) -> Vec<(String, String)> {
    html.split("<li class=\"card\"")
        .skip(1)
        .map(|c| {
            let attr = |name: &str| {
                let from = c.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
                c[from..from + c[from..].find('"').expect("closed")].to_string()
            };
            (attr("data-title"), attr("data-year"))
        })
        .collect()
}

#[test]
fn a_project_is_filed_under_its_year_everywhere() {
    let t = copy_fixture("year-site");
    let o = run(&site(&t), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let public = site(&t).join("public");
    // The section: the list of years and the card.
    let section = read(public.join("projects/index.html"));
    assert!(
        section.contains("<ul id=\"years\"><li>2024</li></ul>"),
        "the section's years: {section}"
    );
    assert!(
        section.contains("<ul id=\"filters\"><li>2024</li></ul>"),
        "the section's year filter: {section}"
    );
    assert_eq!(
        card_years(&section),
        vec![
            ("Early start".to_string(), "2024".to_string()),
            ("Late filed".to_string(), "2024".to_string())
        ]
    );
    // The year filter: both projects under 2024, no 2023 filter at all.
    let y2024 = read(public.join("projects/year/2024/index.html"));
    assert_eq!(card_years(&y2024).len(), 2, "{y2024}");
    assert!(!public.join("projects/year/2023").exists());
    // The timeline (activities, which have no `year` field: their date decides).
    let timeline = read(public.join("timeline/index.html"));
    assert!(timeline.contains("id=\"y2023\""), "{timeline}");
    assert_eq!(
        card_years(&timeline),
        vec![("Year end".to_string(), "2023".to_string())]
    );
    // The report of 2024 has the project dated 2023, the one of 2023 has none.
    let src = |y: &str| {
        let o = run(&site(&t), &["report", "--year", y, "--format", "html"]);
        assert!(o.status.success(), "{}", stderr(&o));
        read(public.join(format!("reports/{y}.html")))
    };
    assert!(src("2024").contains("Late filed"));
    assert!(!src("2023").contains("Late filed"));
}

// --- 3. Only commands that write an output folder say it was left unchanged ---------

#[test]
fn failures_claim_only_the_outputs_the_command_has() {
    let t = copy_fixture("en-site");
    let s = site(&t);
    std::fs::write(s.join("content/notes/broken.md"), "---\ntitle: [\n---\n").unwrap();
    let cases: [(&str, &Path, Vec<&str>); 3] = [
        ("check", &s, vec!["check"]),
        ("init", t.path(), vec!["init", "site"]),
        ("new", &s, vec!["new", "nowhere", "A title"]),
    ];
    for (name, dir, args) in &cases {
        for (lang, failed, folder) in [
            ("en", "Failed:", "output folder"),
            ("zh", "失败：", "输出文件夹"),
        ] {
            let o = run_lang(dir, args, lang);
            let e = stderr(&o);
            assert_eq!(o.status.code(), Some(1), "{name} --lang {lang}: {e}");
            assert!(e.contains(failed), "{name} --lang {lang}: {e}");
            assert!(
                !e.contains(folder),
                "{name} --lang {lang} claims an output folder: {e}"
            );
            assert!(
                !e.contains("left unchanged") && !e.contains("保持不变"),
                "{name}: {e}"
            );
        }
    }
    // `build` still says it (true: nothing in public/ changed), `report` names its file.
    for (lang, msg) in [
        ("en", "the output folder was left unchanged"),
        ("zh", "输出文件夹保持不变"),
    ] {
        let e = stderr(&run_lang(&s, &["build"], lang));
        assert!(e.contains(msg), "build --lang {lang}: {e}");
    }
    for (lang, msg) in [
        ("en", "the report file was left unchanged"),
        ("zh", "报告文件保持不变"),
    ] {
        let e = stderr(&run_lang(&s, &["report", "--year", "2024"], lang));
        assert!(e.contains(msg), "report --lang {lang}: {e}");
    }
}

// --- 4. Every missing required field is reported in the same run ---------------------

#[test]
fn every_missing_required_field_is_reported_at_once() {
    let t = copy_fixture("year-site");
    let s = site(&t);
    let files = [
        ("content/projects/empty.md", "---\n---\n"),
        ("content/projects/odd.md", "---\nbogus: 1\n---\nText.\n"),
        ("content/activities/empty.md", "---\n---\n"),
        ("content/activities/blank-date.md", "---\ndate:\n---\n"),
        ("content/projects/bad-year.md", "---\nyear: soon\n---\n"),
    ];
    for (f, text) in files {
        std::fs::write(s.join(f), text).unwrap();
    }
    for args in [&["check"][..], &["build"][..]] {
        let o = run(&s, args);
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{e}");
        // Each diagnostic is a block: message, then `--> file:line:col`.
        let at = |file: &str, what: &str| {
            let at = if file.contains(".md:") {
                file.to_string()
            } else {
                format!("{file}:1:")
            };
            let found = e
                .split("\n\n")
                .any(|d| d.contains(what) && d.contains(&format!("--> {at}")));
            assert!(found, "{args:?}: `{what}` not reported at {at}:\n{e}");
        };
        let title = "the required field `title` is missing";
        at("content/projects/empty.md", title);
        at(
            "content/projects/empty.md",
            "the required field `year` is missing",
        );
        at("content/projects/odd.md", title);
        at(
            "content/projects/odd.md",
            "the required field `year` is missing",
        );
        at("content/projects/odd.md:2:", "unknown field `bogus`");
        at("content/activities/empty.md", title);
        at(
            "content/activities/empty.md",
            "the required field `date` is missing",
        );
        at("content/activities/blank-date.md", title);
        at(
            "content/activities/blank-date.md",
            "the required field `date` is missing",
        );
        // A field given with a wrong value is reported as wrong, not also as missing.
        at("content/projects/bad-year.md", title);
        at(
            "content/projects/bad-year.md:2:",
            "field `year` must be a year",
        );
        let bad_year = e
            .split("\n\n")
            .filter(|d| d.contains("bad-year.md"))
            .count();
        assert_eq!(bad_year, 2, "{e}");
    }
    // A file named after its date needs no `date` field.
    std::fs::remove_file(s.join("content/activities/empty.md")).unwrap();
    std::fs::remove_file(s.join("content/activities/blank-date.md")).unwrap();
    std::fs::write(
        s.join("content/activities/2024-05-07-dated.md"),
        "---\n---\n",
    )
    .unwrap();
    let e = stderr(&run(&s, &["check"]));
    assert!(
        e.contains("content/activities/2024-05-07-dated.md:1"),
        "{e}"
    );
    assert!(!e.contains("`date` is missing"), "{e}");
}

// --- 5. A relative --root works like an absolute one ---------------------------------

/// Run `args` on the demo twice, from the folder holding it: with `--root site` and
/// with its absolute path. `outputs` (relative to that folder, like `--output`) must be
/// written alike by both runs, and both must print the same.
fn same_with_relative_root(args: &[&str], outputs: &[&str]) {
    let t = demo();
    let abs = site(&t).to_str().expect("UTF-8 temp path").to_string();
    let mut results = Vec::new();
    for root in ["site", abs.as_str()] {
        for o in outputs {
            let _ = std::fs::remove_dir_all(t.path().join(o));
            let _ = std::fs::remove_file(t.path().join(o));
        }
        let mut a = vec!["--root", root];
        a.extend_from_slice(args);
        let o = run(t.path(), &a);
        assert!(o.status.success(), "{a:?} failed:\n{}", stderr(&o));
        let files: Vec<_> = outputs
            .iter()
            .map(|o| {
                let p = t.path().join(o);
                assert!(p.exists(), "{a:?} did not write {o}");
                if p.is_dir() {
                    snapshot(&p)
                } else {
                    [(PathBuf::from(o), std::fs::read(&p).expect("read"))].into()
                }
            })
            .collect();
        results.push((stdout(&o), files));
    }
    assert!(results[0].1 == results[1].1, "{args:?}: outputs differ");
    assert_eq!(results[0].0, results[1].0, "{args:?}: stdout differs");
}

#[test]
fn relative_root_build_and_check() {
    same_with_relative_root(&["build"], &["site/public"]);
    same_with_relative_root(&["build", "--relative"], &["site/public"]);
    same_with_relative_root(&["check"], &[]);
}

#[test]
fn relative_root_reports() {
    same_with_relative_root(
        &["report", "--year", "2024"],
        &["site/public/reports/2024.pdf"],
    );
    same_with_relative_root(
        &["report", "--year", "2024", "--format", "html"],
        &["site/public/reports/2024.html"],
    );
    same_with_relative_root(
        &[
            "report",
            "--year",
            "2024",
            "--booklet",
            "--output",
            "booklet.pdf",
        ],
        &["booklet.pdf"],
    );
}

#[test]
fn relative_root_new() {
    same_with_relative_root(
        &["new", "projects", "Relative root"],
        &["site/content/projects/Relative-root.md"],
    );
}

#[test]
fn relative_root_serve() {
    let t = demo();
    let server = serve::Server::start_in(t.path(), &["--root", "site"]);
    let page = server.wait_for("/projects/", "served", |s, _| s == 200);
    assert!(page.contains("/projects/"), "{page}");
}

/// The report does not depend on where the site folder is: a video's QR code held the
/// absolute path of `static/` when the root was absolute (every root is, since the fix
/// above).
#[test]
fn report_is_the_same_wherever_the_site_is() {
    let t = demo();
    let other = t.path().join("somewhere/else");
    std::fs::create_dir_all(&other).unwrap();
    copy_tree(&site(&t), &other);
    let mut pdfs = Vec::new();
    for dir in [site(&t), other] {
        let o = run(&dir, &["report", "--year", "2024", "--output", "r.pdf"]);
        assert!(o.status.success(), "{}", stderr(&o));
        pdfs.push(std::fs::read(dir.join("r.pdf")).expect("the report"));
    }
    assert!(
        pdfs[0] == pdfs[1],
        "the report differs with the site's folder"
    );
}

/// A video from `static/` is linked (and QR-coded) at its address on the website, not at
/// a path that names the site's folder or `static/`.
#[test]
fn report_video_links_to_the_website() {
    let t = demo();
    let opts = xinghuo::report::ReportOptions {
        year: 2024,
        format: xinghuo::report::Format::Pdf,
        booklet: false,
        bleed_mm: 0.0,
        source_date_epoch: None,
    };
    let data = xinghuo::report_typst_source(&site(&t), &opts).expect("report data");
    let json = data.to_string();
    assert!(json.contains("#xh_video("), "the demo has a video");
    assert!(
        json.contains("\\\"https://dangjian.example.org/media/intro.mp4\\\", "),
        "{}",
        json[json.find("#xh_video(").unwrap_or(0)..]
            .chars()
            .take(200)
            .collect::<String>()
    );
}
