//! `xinghuo report` (docs/reference/reports.md, docs/reference/urls.md) on the demo site and small variants: a valid PDF with
//! metadata, an embedded CJK font, Chinese text in `include` order, an outline,
//! booklet imposition, bleed boxes, HTML, determinism, escaping, and error messages.
//! Uses poppler-utils (`pdfinfo`, `pdffonts`, `pdftotext`); .ci/run installs them.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{demo, run, site, stderr};

fn tool(name: &str, args: &[&str]) -> String {
    let o = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} runs (install poppler-utils): {e}"));
    assert!(
        o.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn info(pdf: &Path) -> String {
    tool("pdfinfo", &[pdf.to_str().expect("utf-8 path")])
}

fn text(pdf: &Path) -> String {
    tool(
        "pdftotext",
        &["-layout", pdf.to_str().expect("utf-8 path"), "-"],
    )
}

fn field(info: &str, key: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// Run `report` with the given extra args; returns the output file.
fn report(dir: &Path, out: &str, extra: &[&str]) -> PathBuf {
    let mut args = vec!["report", "--year", "2024", "--output", out];
    args.extend_from_slice(extra);
    let o = run(dir, &args);
    assert!(o.status.success(), "report failed: {}", stderr(&o));
    dir.join(out)
}

#[test]
fn demo_report_is_a_valid_chinese_pdf() {
    let t = demo();
    let s = site(&t);
    // The default output path.
    let o = run(&s, &["report", "--year", "2024"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = s.join("public/reports/2024.pdf");
    let i = info(&pdf);
    assert_eq!(field(&i, "Title"), "2024年度社会组织党建工作报告", "{i}");
    assert_eq!(field(&i, "Author"), "中共常州市钟楼区委社会工作部", "{i}");
    let pages: usize = field(&i, "Pages").parse().expect("a page count");
    assert!(pages >= 10, "{i}");
    assert!(
        field(&i, "Page size").contains("595.") && field(&i, "Page size").contains("841."),
        "A4: {i}"
    );
    let fonts = tool("pdffonts", &[pdf.to_str().expect("utf-8")]);
    assert!(
        fonts.contains("NotoSerifCJKsc") || fonts.contains("Noto Serif CJK SC"),
        "{fonts}"
    );
    assert!(
        fonts.contains("NotoSansCJKsc") || fonts.contains("Noto Sans CJK SC"),
        "{fonts}"
    );
    // Every font is embedded ("emb" column yes).
    for l in fonts.lines().skip(2) {
        assert!(l.contains(" yes "), "not embedded: {l}");
    }
    let txt = text(&pdf);
    for h in [
        "目录",
        "前言",
        "年度数据",
        "星火党建驿站",
        "红盟项目",
        "先锋党员",
        "活动纪实",
    ] {
        assert!(txt.contains(h), "missing heading {h}");
    }
    // Sections in the documented order (docs/reference/reports.md).
    let pos = |s: &str| txt.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(pos("前言") < pos("年度数据"));
    // The outline (bookmarks) exists and names the sections.
    let outline = tool("pdfinfo", &["-dests", pdf.to_str().expect("utf-8")]);
    assert!(!outline.trim().is_empty());
    let raw = std::fs::read(&pdf).expect("pdf");
    assert!(raw.windows(9).any(|w| w == b"/Outlines"), "no outline");
    // Projects of 2024 are in it, those of 2022 and 2023 are not.
    // (Bodies may mention other projects: look at the table of contents' lines.)
    let toc: Vec<&str> = txt
        .lines()
        .filter(|l| l.contains(". . .") || l.contains("...."))
        .collect();
    let in_toc = |t: &str| toc.iter().any(|l| l.contains(t));
    assert!(
        in_toc("银发数字课堂") && in_toc("大运河红色研学线路"),
        "{toc:?}"
    );
    assert!(
        !in_toc("银龄时间银行") && !in_toc("红盟共享空间"),
        "{toc:?}"
    );
}

#[test]
fn include_sets_the_pages_and_their_order() {
    let t = demo();
    let s = site(&t);
    let f = s.join("content/reports/2024.md");
    let old = std::fs::read_to_string(&f).expect("report source");
    let new = old.replacen(
        "---\n",
        "---\ninclude:\n  - stations/zouqu-xiangyang.md\n  - \"@/stations/xilin-heyuan.md\"\n  - members/wu-cai.md\n",
        1,
    );
    std::fs::write(&f, new).expect("write");
    let pdf = report(&s, "r.pdf", &[]);
    let txt = text(&pdf);
    let title = |file: &str| -> String {
        let src = std::fs::read_to_string(s.join("content").join(file)).expect("page");
        src.lines()
            .find_map(|l| l.strip_prefix("title: "))
            .expect("title")
            .trim()
            .to_string()
    };
    let a = title("stations/zouqu-xiangyang.md");
    let b = title("stations/xilin-heyuan.md");
    let c = title("members/wu-cai.md");
    // Search after the table of contents (which lists them too).
    let body_start = txt.find("前言").expect("foreword");
    let body = &txt[body_start..];
    let (pa, pb, pc) = (
        body.rfind(&a).expect("a"),
        body.rfind(&b).expect("b"),
        body.rfind(&c).expect("c"),
    );
    assert!(pa < pb && pb < pc, "order {pa} {pb} {pc}");
    // Other stations are not in it.
    let other = title("stations/beigang-yunhewan.md");
    assert!(!txt.contains(&other), "{other} should be left out");
}

#[test]
fn booklet_is_imposed_on_a4_landscape() {
    let t = demo();
    let s = site(&t);
    let plain = report(&s, "a5.pdf", &[]);
    let pdf = report(&s, "booklet.pdf", &["--booklet"]);
    let i = info(&pdf);
    let sides: usize = field(&i, "Pages").parse().expect("pages");
    assert!(sides % 2 == 0 && sides >= 4, "{i}");
    let size = field(&i, "Page size");
    assert!(
        size.starts_with("841.") && size.contains("x 595."),
        "A4 landscape: {size}"
    );
    // The booklet holds more than the A4 report's page count would need.
    let a4_pages: usize = field(&info(&plain), "Pages").parse().expect("pages");
    assert!(sides * 2 >= a4_pages, "{sides} sides for {a4_pages} pages");
    assert!(text(&pdf).contains("目录"));
}

#[test]
fn bleed_sets_trim_and_bleed_boxes() {
    let t = demo();
    let s = site(&t);
    let pdf = report(&s, "bleed.pdf", &["--bleed", "3"]);
    let i = tool(
        "pdfinfo",
        &["-box", "-f", "1", "-l", "1", pdf.to_str().expect("utf-8")],
    );
    // 3 mm = 8.504 pt on each side: A4 595.28 x 841.89 → 612.28 x 858.9.
    let media = field(&i, "Page    1 MediaBox");
    let trim = field(&i, "Page    1 TrimBox");
    let bleed = field(&i, "Page    1 BleedBox");
    assert!(media.contains("612.") && media.contains("858."), "{i}");
    assert!(trim.starts_with("8.50") || trim.starts_with("8.5"), "{i}");
    assert_eq!(bleed, media, "{i}");
}

#[test]
fn html_format_is_one_self_contained_file() {
    let t = demo();
    let s = site(&t);
    let o = run(&s, &["report", "--year", "2024", "--format", "html"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let h = std::fs::read_to_string(s.join("public/reports/2024.html")).expect("html");
    assert!(h.contains("@page"));
    assert!(h.contains("2024年度社会组织党建工作报告"));
    assert!(h.contains("data:image/jpeg;base64,"), "images inlined");
    assert!(
        !h.contains("<img src=\"/") && !h.contains("<img alt=\"\" src=\"/"),
        "no site-relative image left"
    );
    assert!(h.contains("<svg"), "charts and QR codes inline");
}

#[test]
fn same_input_same_bytes() {
    let t = demo();
    let s = site(&t);
    let a = std::fs::read(report(&s, "a.pdf", &[])).expect("a");
    let b = std::fs::read(report(&s, "b.pdf", &[])).expect("b");
    assert!(a == b, "two runs differ");
    // SOURCE_DATE_EPOCH sets the date.
    let o = Command::new(common::bin())
        .args([
            "report", "--year", "2024", "--output", "e.pdf", "--lang", "en",
        ])
        .current_dir(&s)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let i = info(&s.join("e.pdf"));
    assert!(field(&i, "CreationDate").contains("2023"), "{i}");
}

#[test]
fn hostile_text_appears_literally() {
    let t = demo();
    let s = site(&t);
    let hostile =
        r##"#include "/etc/passwd" $x$ <label> @ref ] [ */ \ `code` #set page(width: 1cm)"##;
    let page = format!(
        "---\ntitle: '{}'\ndate: 2024-06-01\nplace: \"#emph[x]\"\n---\n\n{} 和 *强调*。\n",
        hostile.replace('\'', "''"),
        hostile.replace('`', "")
    );
    std::fs::write(s.join("content/activities/hostile.md"), page).expect("write");
    let pdf = report(&s, "h.pdf", &[]);
    let txt = text(&pdf).replace('\n', " ");
    assert!(
        txt.contains("#include \"/etc/passwd\" $x$ <label> @ref ]"),
        "{txt}"
    );
    assert!(txt.contains("#emph[x]"));
    assert!(!txt.contains("root:x:0:0"));
    // The page size was not changed by the text.
    assert!(field(&info(&pdf), "Page size").contains("595."));
}

#[test]
fn a_year_with_nothing_is_an_error() {
    let t = demo();
    let o = run(&site(&t), &["report", "--year", "1999"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("nothing to report") && e.contains("data/stats/1999.yaml"),
        "{e}"
    );
}

/// The PDF report checks every body as a build does (it only skips their HTML): a
/// broken link, a bad shortcode or an unknown statistic anywhere stops it at its place.
#[test]
fn a_report_checks_every_body_like_a_build() {
    let t = demo();
    let s = site(&t);
    let f = s.join("content/members/wu-cai.md");
    let src = std::fs::read_to_string(&f).expect("page");
    let lines = src.lines().count();
    let broken =
        format!("{src}\n[gone](@/stations/nowhere.md)\n\n{{{{ stat(key=\"no_such_metric\") }}}}\n");
    std::fs::write(&f, broken).expect("write");
    for args in [&["report", "--year", "2024"][..], &["build"][..]] {
        let o = run(&s, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let e = stderr(&o);
        let link = format!("content/members/wu-cai.md:{}", lines + 2);
        let stat = format!("content/members/wu-cai.md:{}", lines + 4);
        assert!(e.contains(&link) && e.contains("nowhere"), "{args:?}: {e}");
        assert!(
            e.contains(&stat) && e.contains("no_such_metric"),
            "{args:?}: {e}"
        );
    }
}

#[test]
fn a_missing_image_names_file_and_line() {
    let t = demo();
    let s = site(&t);
    let f = s.join("content/stations/xilin-heyuan.md");
    let src = std::fs::read_to_string(&f).expect("page");
    std::fs::write(&f, src.replacen("title:", "cover: nope.jpg\ntitle:", 1)).expect("write");
    let o = run(&s, &["report", "--year", "2024"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("content/stations/xilin-heyuan.md:2"), "{e}");
    assert!(e.contains("nope.jpg"), "{e}");
}

#[test]
fn a_missing_font_folder_is_named() {
    let t = demo();
    let s = site(&t);
    let c = s.join("site-config.toml");
    let cfg = std::fs::read_to_string(&c).expect("config");
    std::fs::write(
        &c,
        cfg.replacen(
            "paper = \"A4\"",
            "paper = \"A4\"\nfonts = [\"myfonts/\"]",
            1,
        ),
    )
    .expect("write");
    let o = run(&s, &["report", "--year", "2024", "--output", "f.pdf"]);
    assert!(
        o.status.success(),
        "a warning, not an error: {}",
        stderr(&o)
    );
    let e = stderr(&o);
    assert!(
        e.contains("myfonts/") && e.contains("site-config.toml:"),
        "{e}"
    );
}

#[test]
fn uncovered_characters_are_named() {
    let t = demo();
    let s = site(&t);
    // A private-use character no font has.
    std::fs::write(
        s.join("content/activities/pua.md"),
        "---\ntitle: 字形测试\ndate: 2024-03-01\n---\n\n第一行\n\n这里有\u{F0001}字。\n",
    )
    .expect("write");
    // An archival (PDF/A, the default) report cannot show it: an error at its line.
    let o = run(&s, &["report", "--year", "2024", "--output", "g.pdf"]);
    assert!(!o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("U+F0001") && e.contains("content/activities/pua.md:8"),
        "{e}"
    );
    assert!(e.contains("standard = \"none\""), "{e}");
    // Without a standard: a warning, and the report is made.
    let cfg = s.join("site-config.toml");
    let text = std::fs::read_to_string(&cfg).expect("config");
    std::fs::write(
        &cfg,
        text.replace("[report]\n", "[report]\nstandard = \"none\"\n"),
    )
    .expect("write config");
    let o = run(&s, &["report", "--year", "2024", "--output", "g.pdf"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("U+F0001"), "{}", stderr(&o));
}
