//! Hostile text (issue 7): classic XSS vectors in every place a writer's text reaches
//! the output — site title and description, page titles, summaries, taxonomy terms,
//! kind fields, shortcode arguments, Markdown links and raw HTML, statistics labels and
//! units, breakdown items, member units (the SVG map) and file names (the gallery) — and
//! every output kind checked: HTML text and attributes (parsed), inline SVG and the
//! feeds (parsed as XML), the search index (no way out of its script).

mod common;

use common::xss::{html_leak, svgs, xml_leak, VECTORS};
use common::*;
use std::fmt::Write as _;
use std::path::Path;

/// `s` as a double-quoted string that YAML, TOML and JSON all read back as `s`.
fn q(s: &str) -> String {
    serde_json::to_string(s)
        .expect("a string")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// `s` as a shortcode string argument.
fn sc(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A 2 × 2 PNG.
fn tiny_png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(2, 2, image::Rgb([200, 30, 30]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

fn write(p: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// Put every vector into the demo site, everywhere.
fn poison(site: &Path) {
    let n = VECTORS.len();
    // Site title and description (every page, the feed).
    let cfg = read(site.join("site-config.toml"));
    let mut cfg: Vec<String> = cfg.lines().map(str::to_string).collect();
    for l in &mut cfg {
        if l.starts_with("title = ") {
            *l = format!("title = {}", q(VECTORS[5]));
        } else if l.starts_with("description = ") {
            *l = format!("description = {}", q(VECTORS[7]));
        }
    }
    write(&site.join("site-config.toml"), cfg.join("\n"));

    for (i, v) in VECTORS.iter().enumerate() {
        let other = VECTORS[(i + 20) % n];
        let mut body = String::new();
        let _ = writeln!(body, "Text {v}\n");
        let _ = writeln!(body, "[link]({}) <{v}>\n", v.replace(['(', ')', ' '], ""));
        let _ = writeln!(body, "{v}\n");
        let _ = writeln!(
            body,
            "{{{{ figure(src=\"/images/poster.jpg\", caption={}, alt={}) }}}}\n",
            sc(v),
            sc(other)
        );
        let _ = writeln!(body, "{{{{ qr(url={}) }}}}\n", sc(v));
        let _ = writeln!(
            body,
            "{{{{ chart(keys=[\"party_branches\"], title={}) }}}}\n",
            sc(v)
        );
        let _ = writeln!(
            body,
            "{{{{ chart(breakdown=\"xss_breakdown\", kind=\"pie\", title={}) }}}}\n",
            sc(v)
        );
        write(
            &site.join(format!("content/stations/xss-{i}.md")),
            format!(
                "---\ntitle: {t}\nsummary: {t}\ndate: 2030-01-{d:02}\nfeatured: true\ntags: [{t}, {o}]\ndistrict: {t}\nstreet: {t}\naddress: {t}\norganization: {t}\nservices: [{t}]\ncontact_hours: {t}\nlocation: [31.78, 119.9{i}]\n---\n\n{body}",
                t = q(v),
                o = q(other),
                d = i % 28 + 1,
            ),
        );
    }

    // File names: a bundle whose images are named after the vectors.
    let png = tiny_png();
    let dir = site.join("content/stations/xss-files");
    write(
        &dir.join("index.md"),
        "---\ntitle: files\n---\n\n{{ gallery() }}\n",
    );
    for v in VECTORS {
        let name: String = v.replace('/', "∕").chars().take(60).collect();
        write(&dir.join(format!("{name}.png")), &png);
    }

    // Statistics: labels, units, a breakdown with hostile item names.
    let mut stats = read(site.join("data/stats/2024.yaml"));
    let metrics_at = stats.find("metrics:\n").expect("metrics") + "metrics:\n".len();
    let mut m = String::new();
    for (i, v) in VECTORS.iter().enumerate() {
        let _ = writeln!(
            m,
            "  xss_{i}: {{label: {}, value: {i}, unit: {}}}",
            q(v),
            q(VECTORS[(i + 1) % n])
        );
    }
    stats.insert_str(metrics_at, &m);
    let mut b = format!(
        "  xss_breakdown:\n    label: {}\n    unit: {}\n    items:\n",
        q(VECTORS[0]),
        q(VECTORS[2])
    );
    for (i, v) in VECTORS.iter().enumerate() {
        let _ = writeln!(b, "      {}: {}", q(v), i + 1);
    }
    let at = stats.find("breakdowns:\n").expect("breakdowns") + "breakdowns:\n".len();
    stats.insert_str(at, &b);
    write(&site.join("data/stats/2024.yaml"), stats);

    // Member units: names, types and ids reach the list and the SVG map.
    let mut units = read(site.join("data/units.yaml"));
    for (i, v) in VECTORS.iter().enumerate() {
        let _ = write!(
            units,
            "\n- id: {}\n  name: {}\n  type: {}\n  joined: 2020\n  location: [31.7{i}, 119.9]\n  resources: [{}]\n",
            q(&format!("{v}{i}")),
            q(v),
            q(v),
            q(v)
        );
    }
    write(&site.join("data/units.yaml"), units);
}

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
