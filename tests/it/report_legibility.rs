//! Legibility of the PDF report in print (issue 14, docs/reference/reports.md "图表"):
//! no text on any page of the A4 report, the A5 booklet or the report with bleed is
//! smaller than 6.5 pt — chart labels (the year's trends and breakdowns, and charts,
//! key figures and maps made by shortcodes in the foreword, a case and a timeline
//! entry), QR captions and footnote markers included. Measured with `pdftotext -bbox`
//! (poppler-utils): a word's box is as tall as the size its text is printed at. The
//! booklet places its A5 pages at full size on the A4 sheets, so the sheets are
//! measured as they are.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{demo, run, site, stderr};

/// The smallest size any text may be printed at, in pt.
const MIN_PT: f64 = 6.5;

/// A word of a PDF page and the height of its box (pt).
#[derive(Debug)]
struct Word {
    page: usize,
    height: f64,
    text: String,
}

/// Whether poppler's `pdftotext` is there: required in CI, else the test is skipped.
fn have_pdftotext() -> bool {
    let ok = Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok && std::env::var_os("CI").is_some() {
        panic!("pdftotext (poppler-utils) is required in CI for the report legibility tests");
    }
    if !ok {
        eprintln!("SKIPPED: pdftotext not found (install poppler-utils)");
    }
    ok
}

/// Every word of `pdf` with its page and box height, from `pdftotext -bbox`.
fn words(pdf: &Path) -> Vec<Word> {
    let o = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        o.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let html = String::from_utf8_lossy(&o.stdout);
    // Skip the DOCTYPE: roxmltree does not read DTDs it cannot see.
    let start = html.find("<html").expect("pdftotext -bbox writes XHTML");
    let doc = roxmltree::Document::parse(&html[start..]).expect("pdftotext -bbox XHTML parses");
    let mut out = Vec::new();
    for (i, page) in doc
        .descendants()
        .filter(|n| n.has_tag_name("page"))
        .enumerate()
    {
        for w in page.descendants().filter(|n| n.has_tag_name("word")) {
            let at = |a: &str| -> f64 {
                w.attribute(a)
                    .and_then(|v| v.parse().ok())
                    .expect("word boxes have coordinates")
            };
            out.push(Word {
                page: i + 1,
                height: at("yMax") - at("yMin"),
                text: w.text().unwrap_or("").to_string(),
            });
        }
    }
    out
}

/// Fails with every word printed smaller than [`MIN_PT`].
fn assert_legible(pdf: &Path, what: &str) {
    let all = words(pdf);
    assert!(all.len() > 500, "{what}: too few words ({})", all.len());
    let small: Vec<String> = all
        .iter()
        .filter(|w| w.height < MIN_PT)
        .map(|w| format!("p{} {:.2} pt {:?}", w.page, w.height, w.text))
        .collect();
    assert!(
        small.is_empty(),
        "{what}: {} words below {MIN_PT} pt:\n{}",
        small.len(),
        small.join("\n")
    );
}

/// `report --year 2024` with `extra` arguments into `name` in the site folder.
fn report(dir: &Path, name: &str, extra: &[&str]) -> std::path::PathBuf {
    let mut args = vec!["report", "--year", "2024", "--output", name];
    args.extend_from_slice(extra);
    let o = run(dir, &args);
    assert!(
        o.status.success(),
        "report {extra:?} failed: {}",
        stderr(&o)
    );
    dir.join(name)
}

fn append(file: &Path, text: &str) {
    let mut s = std::fs::read_to_string(file).expect("demo file");
    s.push_str(text);
    std::fs::write(file, s).expect("write");
}

#[test]
fn the_demo_report_has_no_text_below_six_and_a_half_points() {
    if !have_pdftotext() {
        return;
    }
    let t = demo();
    let s = site(&t);
    for (name, extra) in [
        ("a4.pdf", &[][..]),
        ("booklet.pdf", &["--booklet"][..]),
        ("bleed.pdf", &["--bleed", "3"][..]),
    ] {
        let pdf = report(&s, name, extra);
        assert_legible(&pdf, name);
    }
}

#[test]
fn charts_of_shortcodes_are_legible_in_every_slot() {
    if !have_pdftotext() {
        return;
    }
    let t = demo();
    let s = site(&t);
    let charts = "\n\n{{ chart(keys=[\"party_branches\", \"member_units\"], kind=\"bar\", from=2019, to=2024) }}\n\n\
        {{ chart(keys=[\"coverage\"], kind=\"line\") }}\n\n\
        {{ chart(breakdown=\"branches_by_street\", kind=\"pie\") }}\n\n\
        {{ chart(breakdown=\"units_by_type\", kind=\"donut\") }}\n\n\
        {{ chart(breakdown=\"branches_by_street\", kind=\"bar\") }}\n\n\
        {{ kpis(year=2024) }}\n\n\
        {{ map(source=\"all\") }}\n";
    // The foreword (full width), a project (a case, full width) and an activity (a
    // timeline entry, narrower).
    append(&s.join("content/reports/2024.md"), charts);
    append(&s.join("content/projects/yinfa-shuzi-ketang.md"), charts);
    append(
        &s.join("content/activities/2024-05-07-hongmeng-lianxihui.md"),
        charts,
    );
    for (name, extra) in [
        ("a4.pdf", &[][..]),
        ("booklet.pdf", &["--booklet"][..]),
        ("bleed.pdf", &["--bleed", "3"][..]),
    ] {
        let pdf = report(&s, name, extra);
        assert_legible(&pdf, name);
    }
}
