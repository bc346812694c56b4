//! Hostile text (issue 7): classic XSS vectors in every place a writer's text reaches
//! the output — site title and description, page titles, summaries, taxonomy terms,
//! kind fields, shortcode arguments, Markdown links and raw HTML, statistics labels and
//! units, breakdown items, member units (the SVG map) and file names (the gallery) — and
//! every output kind checked: HTML text and attributes (parsed), inline SVG and the
//! feeds (parsed as XML), the search index (no way out of its script).

use crate::common;

use common::xss::{html_leak, poison, svgs, xml_leak, VECTORS};
use common::*;

#[test]
fn xss_vectors_never_reach_output_as_markup() {
    assert!(VECTORS.len() >= 30);
    let t = demo();
    let site = site(&t);
    poison(&site);
    let o = run(&site, &["build"]);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    let public = site.join("public");
    let files = snapshot(&public);

    let mut problems = Vec::new();
    let mut html_files = 0;
    let mut svg_count = 0;
    for (rel, bytes) in &files {
        let name = rel.to_string_lossy();
        let text = String::from_utf8_lossy(bytes);
        if name.ends_with(".html") {
            html_files += 1;
            if let Some(p) = html_leak(&text) {
                problems.push(format!("{name}: {p}"));
            }
            for svg in svgs(&text) {
                svg_count += 1;
                if let Some(p) = xml_leak(svg) {
                    problems.push(format!("{name}: SVG: {p}\n{svg:.300}"));
                }
            }
        } else if name.ends_with(".xml") || name.ends_with(".svg") {
            if let Some(p) = xml_leak(&text) {
                problems.push(format!("{name}: {p}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        html_files > 40 && svg_count > 10,
        "{html_files} {svg_count}"
    );

    // The text is kept (escaped), not dropped: every vector's title is on its page.
    for i in 0..VECTORS.len() {
        let page = read(public.join(format!("stations/xss-{i}/index.html")));
        assert!(page.contains(&format!("alert({})", i + 1)), "xss-{i}");
    }

    // The search index: nothing closes its script, and it reads back as the same text.
    let js = read(public.join("search/index.js"));
    let low = js.to_ascii_lowercase();
    for bad in ["</script", "<!--", "<script", "]]>"] {
        assert!(!low.contains(bad), "search index holds {bad}");
    }
    assert!(!js.contains('\u{2028}') && !js.contains('\u{2029}'));
    let json = js
        .trim()
        .strip_prefix("window.XINGHUO_SEARCH=")
        .and_then(|s| s.strip_suffix(';'))
        .expect("index shape");
    let parsed: serde_json::Value = serde_json::from_str(json).expect("index is JSON");
    let all = parsed.to_string();
    for v in VECTORS {
        let as_json = serde_json::to_string(v).expect("json");
        assert!(
            all.contains(as_json.trim_matches('"')),
            "search index lost {v:?}"
        );
    }

    // The feeds: well-formed, and the titles read back exactly.
    let atom = read(public.join("atom.xml"));
    assert_eq!(xml_leak(&atom), None);
    let doc = roxmltree::Document::parse(&atom).expect("atom parses");
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(titles.contains(&VECTORS[5]), "site title round-trips");
    let found = VECTORS.iter().filter(|v| titles.contains(v)).count();
    assert!(found >= 19, "{found} page titles round-trip in atom.xml");
    let terms: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("category"))
        .filter_map(|n| n.attribute("term"))
        .collect();
    assert!(terms.iter().any(|t| VECTORS.contains(t)));
    let sitemap = read(public.join("sitemap.xml"));
    assert_eq!(xml_leak(&sitemap), None);
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap parses");
    for loc in doc.descendants().filter(|n| n.has_tag_name("loc")) {
        let u = loc.text().unwrap_or("");
        assert!(u.starts_with("https://"), "sitemap URL {u}");
        assert!(!u.contains(['<', '>', '"', '\'', ' ']), "sitemap URL {u}");
    }
}

/// The checkers themselves catch each kind of leak.
#[test]
fn leak_checks_can_fail() {
    for bad in [
        "<p><img src=x onerror=alert(1)></p>",
        "<script>alert(1)</script>",
        "<a href=\" javascript:alert(1)\">x</a>",
        "<iframe></iframe>",
        "<div style=\"background:url(javascript:alert(1))\"></div>",
        "<meta http-equiv=refresh content=0>",
    ] {
        assert!(html_leak(bad).is_some(), "{bad}");
    }
    assert_eq!(
        html_leak("<p title=\"javascript:alert(1)\">&lt;script&gt;</p>"),
        None
    );
    assert!(xml_leak("<svg><script>alert(1)</script></svg>").is_some());
    assert!(xml_leak("<svg onload=\"alert(1)\"/>").is_some());
    assert!(
        xml_leak("<svg><text>&lt;</svg>").is_some(),
        "not well-formed"
    );
    assert_eq!(xml_leak("<svg><text>&lt;script&gt;</text></svg>"), None);
}
