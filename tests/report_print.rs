//! The report as a print shop and an archive take it (docs/reference/reports.md): every
//! QR code is a published address, PDF/A-2b and PDF/UA-1, a booklet with its covers,
//! page references for links to cases, print colours. Uses poppler-utils (`pdfinfo`,
//! `pdftotext`, `pdftoppm`) and zbar-tools (`zbarimg`); .ci/run installs them.

mod common;

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
