//! The report as a print shop and an archive take it (docs/reference/reports.md): every
//! QR code is a published address, PDF/A-2b and PDF/UA-1, a booklet with its covers,
//! page references for links to cases, print colours. Uses poppler-utils (`pdfinfo`,
//! `pdftotext`, `pdftoppm`) and zbar-tools (`zbarimg`); .ci/run installs them.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{demo, percent_decode, run, site, stderr};

const BASE: &str = "https://dangjian.example.org/";

fn tool(name: &str, args: &[&str]) -> String {
    let o = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} runs (install poppler-utils, zbar-tools): {e}"));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn report(dir: &Path, out: &str, extra: &[&str]) -> PathBuf {
    let mut args = vec!["report", "--year", "2024", "--output", out];
    args.extend_from_slice(extra);
    let o = run(dir, &args);
    assert!(o.status.success(), "report failed: {}", stderr(&o));
    dir.join(out)
}

fn set_standard(dir: &Path, standard: &str) {
    let cfg = dir.join("site-config.toml");
    let text = std::fs::read_to_string(&cfg).expect("config");
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("standard = "))
        .map(|l| format!("{l}\n"))
        .collect();
    let text = text.replace(
        "[report]\n",
        &format!("[report]\nstandard = \"{standard}\"\n"),
    );
    std::fs::write(cfg, text).expect("write config");
}

/// The text of a region of page `page` (points from the top left).
fn text_in(pdf: &Path, page: u32, (x, y, w, h): (u32, u32, u32, u32)) -> String {
    let p = pdf.to_str().expect("utf-8 path");
    let (page, x, y, w, h) = (
        page.to_string(),
        x.to_string(),
        y.to_string(),
        w.to_string(),
        h.to_string(),
    );
    tool(
        "pdftotext",
        &[
            "-f", &page, "-l", &page, "-x", &x, "-y", &y, "-W", &w, "-H", &h, p, "-",
        ],
    )
}

/// Every QR code of every page, decoded.
fn qr_codes(pdf: &Path, out: &Path) -> Vec<String> {
    let prefix = out.join("page");
    tool(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-png",
            pdf.to_str().expect("utf-8 path"),
            prefix.to_str().expect("utf-8 path"),
        ],
    );
    let mut pngs: Vec<PathBuf> = std::fs::read_dir(out)
        .expect("pages")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "png"))
        .collect();
    pngs.sort();
    let mut codes = Vec::new();
    for png in pngs {
        let o = tool(
            "zbarimg",
            &["--quiet", "--raw", png.to_str().expect("utf-8")],
        );
        codes.extend(o.lines().map(str::to_string));
    }
    codes
}

/// The file the build writes for a published address, if any.
fn built_file(public: &Path, url: &str) -> Option<PathBuf> {
    let path = url.strip_prefix(BASE)?.split('#').next()?;
    let path = percent_decode(path);
    [public.join(&path), public.join(&path).join("index.html")]
        .into_iter()
        .find(|p| p.is_file())
}

#[test]
fn every_qr_code_is_a_published_address_the_build_writes() {
    let t = demo();
    let s = site(&t);
    let o = run(&s, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for (name, extra) in [("r.pdf", &[][..]), ("b.pdf", &["--booklet"][..])] {
        let pdf = report(&s, name, extra);
        let pages = t.path().join(format!("png-{name}"));
        std::fs::create_dir_all(&pages).expect("png dir");
        let codes = qr_codes(&pdf, &pages);
        assert!(codes.len() >= 15, "{name}: only {} QR codes", codes.len());
        for c in &codes {
            assert!(
                built_file(&s.join("public"), c).is_some(),
                "{name}: QR `{c}` is not a page or file the build writes under {BASE}"
            );
        }
    }
}

#[test]
fn the_report_is_pdf_a_2b_and_with_ua_1_also_pdf_ua() {
    let t = demo();
    let s = site(&t);
    let plain = report(&s, "a.pdf", &[]);
    let meta = tool("pdfinfo", &["-meta", plain.to_str().expect("utf-8")]);
    assert!(meta.contains("<pdfaid:part>2</pdfaid:part>"), "{meta}");
    assert!(meta.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    assert!(!meta.contains("pdfuaid:part>"));
    set_standard(&s, "ua-1");
    let ua = report(&s, "ua.pdf", &[]);
    let meta = tool("pdfinfo", &["-meta", ua.to_str().expect("utf-8")]);
    assert!(meta.contains("<pdfaid:part>2</pdfaid:part>"), "{meta}");
    assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "{meta}");
    assert!(meta.contains("<rdf:li>zh-CN</rdf:li>"), "{meta}");
    let info = tool("pdfinfo", &[ua.to_str().expect("utf-8")]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    // The booklet (pages placed on sheets: not archival) still says its language.
    let b = report(&s, "b.pdf", &["--booklet"]);
    let meta = tool("pdfinfo", &["-meta", b.to_str().expect("utf-8")]);
    assert!(meta.contains("<rdf:li>zh-CN</rdf:li>"), "{meta}");
    // An unknown standard is named at its line.
    set_standard(&s, "pdf-x");
    let o = run(&s, &["report", "--year", "2024", "--output", "x.pdf"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("site-config.toml:"), "{}", stderr(&o));
    assert!(stderr(&o).contains("pdf-x"), "{}", stderr(&o));
}

#[test]
fn a_booklet_has_front_cover_colophon_and_back_cover_on_page_4n() {
    let t = demo();
    let s = site(&t);
    let b = report(&s, "b.pdf", &["--booklet"]);
    let info = tool("pdfinfo", &[b.to_str().expect("utf-8")]);
    // Sheet 1, outside: left the last A5 page (back cover), right page 1 (front cover).
    let left = text_in(&b, 1, (0, 0, 421, 595));
    let right = text_in(&b, 1, (421, 0, 421, 595));
    assert!(right.contains("2024 年度社会组织党建工作报告"), "{right}");
    assert!(
        left.contains("中共常州市钟楼区委社会工作部"),
        "back cover: {left}\n{info}"
    );
    assert!(left.contains("扫码访问网站"), "back cover: {left}");
    // Sheet 1, inside: left page 2, the colophon (not the table of contents).
    let inside = text_in(&b, 2, (0, 0, 421, 595));
    assert!(inside.contains(BASE.trim_end_matches('/')), "{inside}");
    assert!(!inside.contains("目录"), "{inside}");
}

#[test]
fn links_to_cases_in_the_report_print_their_page() {
    let t = demo();
    let s = site(&t);
    let pdf = report(&s, "r.pdf", &[]);
    let all = tool("pdftotext", &[pdf.to_str().expect("utf-8"), "-"]);
    let refs: Vec<&str> = all
        .match_indices("（见第 ")
        .map(|(i, _)| &all[i..])
        .collect();
    assert!(!refs.is_empty(), "no page references in:\n{all}");
    let pages: usize = all.matches('\u{c}').count();
    for r in refs {
        let n: usize = r["（见第 ".len()..]
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a page number in {}", &r[..40.min(r.len())]));
        assert!(n >= 1 && n < pages, "page {n} of {pages}");
    }
}

#[test]
fn print_shop_files_use_cmyk_red_and_grey_text() {
    use lopdf::Document;
    let t = demo();
    let s = site(&t);
    let pdf = report(&s, "bleed.pdf", &["--bleed", "3"]);
    let doc = Document::load(&pdf).expect("a PDF lopdf reads");
    let mut content = String::new();
    for (_, id) in doc.get_pages() {
        let bytes = doc.get_page_content(id).expect("page content");
        content.push_str(&String::from_utf8_lossy(&bytes));
    }
    // The brand red as CMYK (0 85 85 28), black text as grey, never as RGB black.
    assert!(
        content.contains("0 0.8509804 0.8509804 0.2784314 k"),
        "no CMYK red"
    );
    assert!(!content.contains("0 0 0 rg"), "RGB black in the content");
}

/// No picture is printed twice: the cover a body shows as a figure is not printed
/// above it too, and a gallery leaves out the cover, a member's portrait, figures and
/// Markdown images (the demo has each case). The PDF holds each picture as one image
/// object, so an object drawn twice is a picture printed twice; the HTML report
/// inlines pictures, so a `data:` URI twice in one case is one too.
#[test]
fn no_picture_is_printed_twice() {
    let t = demo();
    let s = site(&t);
    let pdf = report(&s, "r.pdf", &[]);
    let list = tool("pdfimages", &["-list", pdf.to_str().expect("utf-8")]);
    let mut seen = std::collections::BTreeMap::new();
    for row in list.lines().skip(2) {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let (page, object) = (cols[0], cols[10]);
        if let Some(first) = seen.insert(object, page) {
            panic!("image object {object} on pages {first} and {page}:\n{list}");
        }
    }
    assert!(seen.len() >= 5, "the demo report has pictures:\n{list}");
    let html = report(&s, "r.html", &["--format", "html"]);
    let html = std::fs::read_to_string(html).expect("html report");
    for case in html.split("<article class=\"case\">").skip(1) {
        let mut uris: Vec<&str> = case.split("src=\"data:image/").skip(1).collect();
        uris.iter_mut()
            .for_each(|u| *u = &u[..u.find('"').unwrap_or(u.len())]);
        let n = uris.len();
        uris.sort_unstable();
        uris.dedup();
        let head: String = case.chars().take(120).collect();
        assert_eq!(uris.len(), n, "a picture twice in {head}");
    }
}

/// One text or picture on a printed page: its top and bottom, and whether it is a
/// heading (bold, the sans font, the accent red), from `pdftohtml -xml`.
struct Mark {
    top: f64,
    bottom: f64,
    heading: bool,
    size: f64,
    text: String,
}

/// The body of every page (the running header and the page number left out), split
/// into halves for a booklet's sheet sides.
fn page_bodies(pdf: &Path, halves: bool) -> Vec<(String, Vec<Mark>)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = Command::new("pdftohtml")
        .args(["-xml", "-stdout", "-q"])
        .arg(pdf)
        .arg(dir.path().join("x"))
        .current_dir(dir.path())
        .output()
        .expect("pdftohtml runs (poppler-utils)");
    let xml = String::from_utf8_lossy(&o.stdout);
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&xml, opts).expect("pdftohtml's XML");
    let num = |n: roxmltree::Node, a: &str| -> f64 {
        n.attribute(a).and_then(|v| v.parse().ok()).unwrap_or(0.0)
    };
    let fonts: std::collections::BTreeMap<&str, (f64, bool)> = (doc.descendants())
        .filter(|n| n.has_tag_name("fontspec"))
        .map(|n| {
            let red = n.attribute("color") == Some("#b71c1c");
            let sans = n.attribute("family").unwrap_or("").contains("Sans");
            (
                n.attribute("id").unwrap_or(""),
                (num(n, "size"), red && sans),
            )
        })
        .collect();
    let mut out = Vec::new();
    for page in doc.descendants().filter(|n| n.has_tag_name("page")) {
        let (h, w) = (num(page, "height"), num(page, "width"));
        let marks: Vec<(f64, Mark)> = (page.children())
            .filter(|n| n.has_tag_name("text") || n.has_tag_name("image"))
            .map(|n| {
                let (size, heading_font) = (n.attribute("font"))
                    .and_then(|f| fonts.get(f).copied())
                    .unwrap_or((0.0, false));
                let bold = n.descendants().any(|d| d.has_tag_name("b"));
                let text: String = (n.descendants().filter(|d| d.is_text()))
                    .filter_map(|d| d.text())
                    .collect();
                let top = num(n, "top");
                let mark = Mark {
                    top,
                    bottom: top + num(n, "height"),
                    heading: n.has_tag_name("text") && bold && heading_font,
                    size,
                    text,
                };
                (num(n, "left"), mark)
            })
            .filter(|(_, m)| m.top > 0.06 * h && m.top < 0.93 * h)
            .collect();
        let number = page.attribute("number").unwrap_or("?");
        let parts: &[(&str, f64, f64)] = if halves {
            &[("left", 0.0, w / 2.0), ("right", w / 2.0, w)]
        } else {
            &[("", 0.0, w)]
        };
        for &(side, a, b) in parts {
            let body = (marks.iter())
                .filter(|(left, _)| *left >= a && *left < b)
                .map(|(_, m)| Mark {
                    text: m.text.clone(),
                    ..*m
                })
                .collect();
            out.push((format!("page {number} {side}"), body));
        }
    }
    out
}

/// Page flow (docs/reference/reports.md): no page ends with a heading (headings are
/// kept with what follows), no page holds only a heading and a line, and a nearly
/// empty page (two lines or fewer) comes only before a section's first page — in the
/// A4 report, the booklet and the report of another year.
#[test]
fn no_page_ends_with_a_heading_or_is_a_lone_heading() {
    let t = demo();
    let s = site(&t);
    let a4 = report(&s, "r.pdf", &[]);
    let booklet = report(&s, "b.pdf", &["--booklet"]);
    let o = run(&s, &["report", "--year", "2023", "--output", "r23.pdf"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for (pdf, halves) in [(a4, false), (booklet, true), (s.join("r23.pdf"), false)] {
        let pages = page_bodies(&pdf, halves);
        assert!(
            pages.len() > 10,
            "{}: pdftohtml read the pages",
            pdf.display()
        );
        for (k, (name, body)) in pages.iter().enumerate() {
            let Some(last) = body.iter().max_by(|a, b| a.bottom.total_cmp(&b.bottom)) else {
                continue;
            };
            let at = format!("{} {name}", pdf.display());
            assert!(!last.heading, "{at} ends with the heading {}", last.text);
            let mut lines: Vec<i64> = body.iter().map(|m| m.top as i64).collect();
            lines.sort_unstable();
            lines.dedup();
            let pictures = body.iter().any(|m| m.text.is_empty());
            if lines.len() <= 2 && !pictures {
                let texts: Vec<&str> = body.iter().map(|m| m.text.as_str()).collect();
                assert!(
                    !body.iter().any(|m| m.heading),
                    "{at}: a lone heading: {texts:?}"
                );
                // The next page with a body starts a section (a level-1 heading, 20 pt).
                let next = pages[k + 1..].iter().find(|(_, b)| !b.is_empty());
                let starts_section = next.is_none_or(|(_, b)| {
                    let first = b.iter().min_by(|x, y| x.top.total_cmp(&y.top));
                    first.is_some_and(|m| m.heading && m.size >= 28.0)
                });
                assert!(starts_section, "{at}: nearly empty mid-section: {texts:?}");
            }
        }
    }
}
