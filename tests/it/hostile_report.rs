//! Hostile text in the annual report (issue 7): the classic XSS vectors of
//! `tests/it/hostile.rs` plus Typst-specific ones (`#import`, `#read`, `#set`, `#show`,
//! `#let`, `#eval`, brackets, math, labels, references, comments, raw) in every field
//! that reaches the report — site title, report title and foreword, page titles and
//! summaries, bodies, tags, districts, kind fields, honours, quotes, statistics labels
//! and units, data file strings, shortcode arguments and file names. The PDF is made and
//! shows the text literally; the HTML report escapes it; and the Typst markup the
//! generator writes passes `report::audit::check` (no code, math, label or reference
//! from a writer's text).

use crate::common;

use common::xss::{html_leak, poison, q, sc, write, VECTORS};
use common::*;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// What Typst's markup could take for code or markup of its own.
const TYPST: &[&str] = &[
    "#import \"/etc/passwd\"",
    "#read(\"/etc/passwd\")",
    "#include \"/etc/passwd\"",
    "#eval(\"1 + 1\")",
    "#set page(width: 1cm)",
    "#show: it => none",
    "#let x = 1",
    "]",
    "[",
    "$x^2$",
    "*bold*",
    "_emph_",
    "@label",
    "<label>",
    "\\",
    "`raw`",
    "// comment",
    "/* comment",
    "*/",
    "= heading",
    "- item",
    "+ item",
    "https://evil.example/",
    "#{ panic() }",
    "#[#panic()]",
    "\"; #panic(); \"",
];

/// Every vector, XSS and Typst, with a number so each is recognisable.
fn all_vectors() -> Vec<String> {
    VECTORS
        .iter()
        .map(|v| v.to_string())
        .chain(TYPST.iter().map(|v| format!("{v} typst")))
        .collect()
}

/// The demo site with every XSS vector (`poison`) and every Typst vector in the places
/// the report reads: the report's title and foreword, a member honoured in 2024, an
/// activity of 2024, a station, shortcode arguments.
fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let t = demo();
    let site = site(&t);
    poison(&site);
    // The poisoned stations are dated 2030 (first on the home page); a report shows
    // only stations established by its year's end, so they are established in 2024.
    for e in std::fs::read_dir(site.join("content/stations")).expect("stations") {
        let mut p = e.expect("entry").path();
        if p.is_dir() {
            p = p.join("index.md");
        }
        if p.is_file() && p.to_string_lossy().contains("/xss-") {
            let text = read(&p).replacen("---\n", "---\nestablished: 2024-01-01\n", 1);
            write(&p, text);
        }
    }
    let all = all_vectors();
    let mut body = String::new();
    for (i, v) in all.iter().enumerate() {
        let _ = writeln!(body, "Text {v} end{i}.\n");
        let _ = writeln!(body, "- {v}\n- *{v}*\n");
        let _ = writeln!(body, "> {v}\n");
        let _ = writeln!(
            body,
            "{{{{ figure(src=\"/images/poster.jpg\", caption={}) }}}}\n",
            sc(v)
        );
        let _ = writeln!(body, "{{{{ qr(url={}) }}}}\n", sc(v));
        let _ = writeln!(
            body,
            "{{{{ chart(keys=[\"party_branches\"], title={}) }}}}\n",
            sc(v)
        );
    }
    let typst: Vec<String> = TYPST.iter().map(|v| format!("{v} typst")).collect();
    let list = |v: &[String]| v.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ");
    write(
        &site.join("content/reports/2024.md"),
        format!(
            "---\ntitle: {}\n---\n\n{body}",
            q(&format!("{} {}", TYPST[0], VECTORS[0]))
        ),
    );
    let honors: Vec<String> = all
        .iter()
        .map(|v| format!("{{year: 2024, title: {}}}", q(v)))
        .collect();
    write(
        &site.join("content/members/typst.md"),
        format!(
            "---\ntitle: {t}\nsummary: {t}\nrole: {t}\norganization: {t}\nhonors: [{h}]\nquote: {t}\ntags: [{l}]\ndistrict: [{l}]\n---\n\n{body}",
            t = q(TYPST[1]),
            h = honors.join(", "),
            l = list(&typst),
        ),
    );
    write(
        &site.join("content/activities/typst.md"),
        format!(
            "---\ntitle: {t}\nsummary: {t}\ndate: 2024-06-01\nplace: {t}\ntags: [{l}]\n---\n\n{body}",
            t = q(TYPST[4]),
            l = list(&typst),
        ),
    );
    write(
        &site.join("content/stations/typst.md"),
        format!(
            "---\ntitle: {t}\nsummary: {t}\nstreet: {t}\naddress: {t}\norganization: {t}\nservices: [{l}]\ncontact_hours: {t}\ndistrict: {t}\ntags: [{l}]\nlocation: [31.78, 119.95]\n---\n\n{body}",
            t = q(TYPST[5]),
            l = list(&typst),
        ),
    );
    // Statistics labels and units with Typst vectors too.
    let mut stats = read(site.join("data/stats/2024.yaml"));
    let at = stats.find("metrics:\n").expect("metrics") + "metrics:\n".len();
    let mut m = String::new();
    for (i, v) in typst.iter().enumerate() {
        let _ = writeln!(
            m,
            "  typst_{i}: {{label: {}, value: {i}, unit: {}}}",
            q(v),
            q(v)
        );
    }
    stats.insert_str(at, &m);
    write(&site.join("data/stats/2024.yaml"), stats);
    (t, site)
}

fn pdftotext(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .args([pdf.to_str().expect("utf-8 path"), "-"])
        .output()
        .expect("pdftotext runs (install poppler-utils)");
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn hostile_text_in_every_report_field_is_shown_literally() {
    assert!(VECTORS.len() >= 30);
    let (_t, site) = setup();
    let o = run(&site, &["report", "--year", "2024", "--output", "r.pdf"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pdf = site.join("r.pdf");
    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout);
    // `#set page(width: 1cm)` did not change the page.
    assert!(info.contains("595."), "{info}");
    let txt = pdftotext(&pdf);
    let flat = txt.split_whitespace().collect::<Vec<_>>().join(" ");
    for v in [
        "#import \"/etc/passwd\" typst",
        "#read(\"/etc/passwd\") typst",
        "#set page(width: 1cm) typst",
        "#let x = 1 typst",
        "#eval(\"1 + 1\") typst",
        "$x^2$ typst",
        "@label typst",
        "<label> typst",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(3)>",
        "// comment typst",
        "/* comment typst",
    ] {
        assert!(flat.contains(v), "{v} not in the PDF text:\n{flat:.3000}");
    }
    assert!(!txt.contains("root:x:0:0"));
}

#[test]
fn hostile_text_in_the_html_report_is_escaped() {
    let (_t, site) = setup();
    let o = run(
        &site,
        &[
            "report", "--year", "2024", "--format", "html", "--output", "r.html",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = read(site.join("r.html"));
    // The report's own stylesheet (one `<style>` in the head) is the only style element.
    let (head, body) = html.split_once("</head>").expect("a head");
    let css_start = head.find("<style>").expect("the report's CSS");
    let css_end = head.find("</style>").expect("closed") + "</style>".len();
    assert_eq!(head.matches("<style").count(), 1);
    let page = format!("{}{}</head>{body}", &head[..css_start], &head[css_end..]);
    assert_eq!(html_leak(&page), None);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("#import"));
    assert!(!html.contains("root:x:0:0"));
}

#[test]
fn generated_typst_markup_never_carries_a_vector_as_code() {
    let (_t, site) = setup();
    let opts = xinghuo::report::ReportOptions {
        year: 2024,
        format: xinghuo::report::Format::Pdf,
        booklet: false,
        bleed_mm: 0.0,
        source_date_epoch: None,
    };
    let data = xinghuo::report_typst_source(&site, &opts).expect("report data");
    let mut bodies: Vec<String> = vec![data["foreword"].as_str().expect("foreword").to_string()];
    for s in data["sections"].as_array().expect("sections") {
        for c in s["cases"].as_array().expect("cases") {
            bodies.push(c["body"].as_str().expect("body").to_string());
        }
    }
    assert!(bodies.len() > 40, "{} bodies", bodies.len());
    let mut checked = 0;
    for b in &bodies {
        if let Err(e) = xinghuo::report::audit::check(b) {
            panic!("{e}\n{b:.2000}");
        }
        // Belt and braces: no vector's `#` starts code (every one is `\#`).
        let bare = bare_positions(b);
        for needle in [
            "#import", "#read", "#include", "#eval", "#set", "#show", "#let", "#panic", "#{",
        ] {
            for (i, _) in b.match_indices(needle) {
                assert!(!bare.contains(&i), "unescaped {needle} in {b:.2000}");
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "the vectors reached the markup ({checked})");
    // Every other text travels as a JSON string, never as markup: the titles are there
    // exactly as written.
    let all = data.to_string();
    for v in all_vectors() {
        let as_json = serde_json::to_string(&v).expect("json");
        assert!(all.contains(as_json.trim_matches('"')), "lost {v:?}");
    }
}

/// Byte offsets of the characters of `markup` that are neither escaped (`\\x`) nor
/// inside a string literal.
fn bare_positions(markup: &str) -> std::collections::HashSet<usize> {
    let mut out = std::collections::HashSet::new();
    let mut in_string = false;
    let mut chars = markup.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => in_string = !in_string,
            _ if !in_string => {
                out.insert(i);
            }
            _ => {}
        }
    }
    out
}

#[test]
fn bare_positions_skip_escapes_and_strings() {
    let s = r##"\#a #b "#c \" #d" #e"##;
    let b = bare_positions(s);
    let bare: Vec<usize> = s
        .match_indices('#')
        .map(|(i, _)| i)
        .filter(|i| b.contains(i))
        .collect();
    assert_eq!(bare, vec![4, 18]);
}
