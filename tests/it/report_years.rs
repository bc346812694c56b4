//! The report of a year shows only what existed or happened by its end
//! (docs/reference/reports.md, "哪些页面进入报告"): on a site with material from 2022, 2023 and
//! 2024 (tests/fixtures/years-site), `report --year 2023` — PDF and HTML — has none of
//! the 2024 material, and `report --year 2024` has it. Also the typesetting details of
//! the facts list and the timeline (zero counts, units named twice, dates).
//! Uses poppler-utils (`pdftotext`).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_tree, read, run, stderr};

fn fixture() -> tempfile::TempDir {
    let t = tempfile::tempdir().expect("temp dir");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/years-site");
    copy_tree(&from, t.path());
    t
}

fn report(dir: &Path, year: &str, out: &str, extra: &[&str]) -> PathBuf {
    let mut args = vec!["report", "--year", year, "--output", out];
    args.extend_from_slice(extra);
    let o = run(dir, &args);
    assert!(o.status.success(), "report failed: {}", stderr(&o));
    dir.join(out)
}

fn pdf_text(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .args([pdf.to_str().expect("utf-8 path"), "-"])
        .output()
        .expect("pdftotext runs (install poppler-utils)");
    assert!(o.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The text an HTML report shows: no tags, no inline SVG, no data URIs.
fn html_text(html: &str) -> String {
    let mut s = html.to_string();
    while let (Some(a), Some(b)) = (s.find("<svg"), s.find("</svg>")) {
        if b < a {
            break;
        }
        s.replace_range(a..b + "</svg>".len(), " ");
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Markers of the 2024 material in the fixture: a station established in 2024, a
/// project of 2024 dated in 2023, an activity and an honour of 2024, the 2024 row of
/// a station's table, a sentence with a 2024 statistic, the 2024 statistics.
const LATER: &[&str] = &[
    "STATION-Z24",
    "PROJECT-Z24",
    "ACTIVITY-Z24",
    "HONOUR-Z24",
    "ROW-Z24",
    "截至2024年底",
    "333",
];

#[test]
fn report_of_2023_has_nothing_of_2024() {
    let t = fixture();
    let text = pdf_text(&report(t.path(), "2023", "r2023.pdf", &[]));
    let flat: String = text.split_whitespace().collect();
    for m in LATER {
        assert!(!flat.contains(m), "{m} is in the 2023 report:\n{text}");
    }
    assert!(
        !flat.contains("2024"),
        "2024 is in the 2023 report:\n{text}"
    );
    // What existed by the end of 2023 is there; a statistic without a year is 2023's.
    for m in [
        "STATION-UNDATED",
        "PROJECT-Z23",
        "ACTIVITY-Z23",
        "HONOUR-Z23",
        "HONOUR-Z22",
        "ROW-Z23",
        "现有党员：222名（NOW-STAT）",
        "2023年5月",
    ] {
        assert!(flat.contains(m), "{m} is not in the 2023 report:\n{text}");
    }
}

#[test]
fn report_of_2024_has_the_2024_material() {
    let t = fixture();
    let text = pdf_text(&report(t.path(), "2024", "r2024.pdf", &[]));
    let flat: String = text.split_whitespace().collect();
    for m in LATER {
        assert!(flat.contains(m), "{m} is not in the 2024 report:\n{text}");
    }
    assert!(flat.contains("现有党员：333名（NOW-STAT）"), "{text}");
}

#[test]
fn html_report_of_2023_has_nothing_of_2024() {
    let t = fixture();
    let html = read(report(
        t.path(),
        "2023",
        "r2023.html",
        &["--format", "html"],
    ));
    let text = html_text(&html);
    for m in LATER {
        assert!(!text.contains(m), "{m} is in the 2023 HTML report:\n{text}");
    }
    for m in ["PROJECT-Z23", "HONOUR-Z23", "ROW-Z23", "现有党员：222名"] {
        assert!(
            text.contains(m),
            "{m} is not in the 2023 HTML report:\n{text}"
        );
    }
    let html = read(report(
        t.path(),
        "2024",
        "r2024.html",
        &["--format", "html"],
    ));
    let text = html_text(&html);
    for m in LATER {
        assert!(
            text.contains(m),
            "{m} is not in the 2024 HTML report:\n{text}"
        );
    }
}

#[test]
fn facts_and_timeline_dates_are_typeset_for_chinese() {
    let t = fixture();
    let text = pdf_text(&report(t.path(), "2023", "r2023.pdf", &[]));
    let flat: String = text.split_whitespace().collect();
    // A unit given by id and by name is listed once.
    assert!(flat.contains("第一单位、第二单位"), "{text}");
    assert!(!flat.contains("第一单位、第一单位"), "{text}");
    // Zero counts are not facts.
    for label in ["受益人数", "参与人数"] {
        assert!(!flat.contains(label), "{label} 0 is printed:\n{text}");
    }
    // Timeline dates without leading zeros.
    assert!(flat.contains("5月7日"), "{text}");
    assert!(!flat.contains("05月07日"), "{text}");
}

/// `--format html` prints as the PDF does (docs/reference/reports.md, "HTML 报告的打印"):
/// videos as poster + QR code, every image inside the file, a running header and page
/// numbers in the page margins, links in the text colour, charts side by side.
#[test]
fn html_report_prints_like_the_pdf() {
    let t = common::demo();
    let s = common::site(&t);
    let html = read(report(&s, "2024", "r.html", &["--format", "html"]));
    assert!(!html.contains("<video"), "a video player is in the report");
    assert!(html.contains("扫码观看视频"), "no QR code for the video");
    assert!(
        html.contains("https://dangjian.example.org/media/intro.mp4"),
        "the video's address is not printed"
    );
    // Every src resolves: a data URI, a web address, or a file beside the report.
    let mut rest = html.as_str();
    let mut n = 0;
    while let Some(i) = rest.find(" src=\"") {
        rest = &rest[i + 6..];
        let v = &rest[..rest.find('"').expect("a closed attribute")];
        n += 1;
        assert!(
            v.starts_with("data:image/") || v.starts_with("https://") || s.join(v).is_file(),
            "src=\"{}\" does not resolve",
            v.chars().take(80).collect::<String>()
        );
    }
    assert!(n > 5, "only {n} images");
    for css in [
        "@top-left { content: \"中共常州市钟楼区委社会工作部\"",
        "@bottom-center { content: counter(page)",
        "a { color: inherit;",
        "<div class=\"charts\">",
    ] {
        assert!(html.contains(css), "no `{css}` in the report");
    }
}
