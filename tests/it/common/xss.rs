//! Classic XSS vectors (after the OWASP filter-evasion cheat sheet) and checks that an
//! output file carries none of them as live markup, and [`poison`], which puts them
//! into every place of the demo site a writer's text can go.

use super::read;
use std::fmt::Write as _;
use std::path::Path;

/// Every vector holds `alert(` so a leak is easy to spot in any output.
pub const VECTORS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/xss.js?alert(2)></SCRIPT>",
    "<img src=x onerror=alert(3)>",
    "<svg onload=alert(4)>",
    "<svg><script>alert(5)</script></svg>",
    "\"><script>alert(6)</script>",
    "'><script>alert(7)</script>",
    "\" onmouseover=\"alert(8)",
    "' onmouseover='alert(9)",
    "javascript:alert(10)",
    "JaVaScRiPt:alert(11)",
    "<a href=\"javascript:alert(12)\">x</a>",
    "<iframe src=\"javascript:alert(13)\"></iframe>",
    "<body onload=alert(14)>",
    "<IMG SRC=\"jav&#x09;ascript:alert(15);\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(16)>",
    "</script><script>alert(17)</script>",
    "</title><script>alert(18)</script>",
    "</textarea><script>alert(19)</script>",
    "<!--<script>alert(20)</script>-->",
    "]]><script>alert(21)</script>",
    "<style>@import'javascript:alert(22)';</style>",
    "<div style=\"background:url(javascript:alert(23))\">",
    "<input autofocus onfocus=alert(24)>",
    "<details open ontoggle=alert(25)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(26)>",
    "<object data=\"javascript:alert(27)\"></object>",
    "<embed src=\"javascript:alert(28)\">",
    "<base href=\"javascript:alert(29)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(30)\">",
    "<marquee onstart=alert(31)>",
    "'';!--\"<XSS>=&{()}alert(32)",
    "<video><source onerror=\"alert(33)\"></video>",
    "&lt;script&gt;alert(34)&lt;/script&gt;",
    "<scr<script>ipt>alert(35)</scr</script>ipt>",
    "\u{2028}alert(36)\u{2029}",
    "<form action=\"javascript:alert(37)\"><button>x</button></form>",
    "${alert(38)}{# x #}{% raw %}`alert`",
];

/// Attributes that hold a URL a browser may follow or load.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "data",
    "xlink:href",
    "background",
    "cite",
    "codebase",
    "longdesc",
    "ping",
    "manifest",
];

/// Elements a page of the default theme never has.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "marquee", "xss",
    "isindex", "textarea", "style", "mglyph", "mtext",
];

/// The one style element the theme writes (templates/partials/unstyled_fit.html), as
/// it appears in a page.
fn theme_style() -> String {
    let partial = xinghuo::theme::DEFAULT_THEME
        .get_file("templates/partials/unstyled_fit.html")
        .and_then(|f| f.contents_utf8())
        .expect("the theme's unstyled_fit partial");
    let start = partial.find("<style>").expect("a style element");
    let end = partial.find("</style>").expect("closed") + "</style>".len();
    partial[start..end].to_string()
}

/// A problem in one output file, or `None`: no script without the theme's `src`, no
/// event-handler attribute, no `javascript:`/`vbscript:`/`data:text` URL, none of the
/// elements the theme never writes (a `<style>` other than the theme's own, exactly
/// as it writes it, in the head), no `<meta http-equiv>`.
pub fn html_leak(html: &str) -> Option<String> {
    let own = theme_style();
    let html = &match html.find("</head>") {
        Some(end) if html[..end].contains(&own) => html.replacen(&own, "", 1),
        _ => html.to_string(),
    };
    use lol_html::{element, rewrite_str, text, RewriteStrSettings};
    use std::cell::RefCell;
    let found: RefCell<Vec<String>> = RefCell::new(Vec::new());
    let in_script = RefCell::new(false);
    {
        let settings = RewriteStrSettings::new()
            .append_element_content_handler(element!("*", |el| {
                let name = el.tag_name().to_ascii_lowercase();
                if FORBIDDEN_ELEMENTS.contains(&name.as_str()) {
                    found.borrow_mut().push(format!("element <{name}>"));
                }
                if name == "meta" && el.has_attribute("http-equiv") {
                    found.borrow_mut().push("meta http-equiv".into());
                }
                if name == "script" {
                    let src = el.get_attribute("src").unwrap_or_default();
                    if !(src.ends_with("/js/search.js")
                        || src.ends_with("js/search-engine.js")
                        || src.ends_with("/js/kiosk.js")
                        || src.ends_with("js/a11y-init.js")
                        || src.ends_with("js/a11y.js")
                        || src.ends_with("js/extras.js")
                        || src.ends_with("/search/index.js")
                        || src.ends_with("js/search.js")
                        || src.ends_with("js/kiosk.js")
                        || src.ends_with("js/map.js")
                        || src.ends_with("js/kiosk-explore.js")
                        || src.ends_with("js/kiosk-exit.js")
                        || src.ends_with("js/kiosk-return.js")
                        || src.ends_with("search/index.js"))
                    {
                        found.borrow_mut().push(format!("script src={src:?}"));
                    }
                }
                for a in el.attributes() {
                    let n = a.name().to_ascii_lowercase();
                    let v: String = a
                        .value()
                        .chars()
                        .filter(|c| !c.is_whitespace() && !c.is_control())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    if n.starts_with("on") {
                        found.borrow_mut().push(format!("<{name} {n}=…>"));
                    }
                    let url = URL_ATTRIBUTES.contains(&n.as_str())
                        && (v.starts_with("javascript:")
                            || v.starts_with("vbscript:")
                            || v.starts_with("data:text"));
                    let css =
                        n == "style" && (v.contains("url(javascript") || v.contains("expression("));
                    if url || css {
                        found.borrow_mut().push(format!("<{name} {n}={v:?}>"));
                    }
                }
                Ok(())
            }))
            .append_element_content_handler(text!("script", |t| {
                if !t.as_str().trim().is_empty() {
                    *in_script.borrow_mut() = true;
                }
                Ok(())
            }));
        if let Err(e) = rewrite_str(html, settings) {
            return Some(format!("not parseable: {e}"));
        }
    }
    if *in_script.borrow() {
        found.borrow_mut().push("inline script text".into());
    }
    let f = found.into_inner();
    (!f.is_empty()).then(|| f.join("; "))
}

/// Every `<svg …>…</svg>` in an HTML page.
pub fn svgs(html: &str) -> Vec<&str> {
    let mut v = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<svg") {
        let Some(j) = rest[i..].find("</svg>") else {
            break;
        };
        v.push(&rest[i..i + j + 6]);
        rest = &rest[i + j + 6..];
    }
    v
}

/// Parse XML (a feed, a sitemap, an inline SVG) and reject scripts and handlers.
pub fn xml_leak(xml: &str) -> Option<String> {
    let doc = match roxmltree::Document::parse(xml) {
        Ok(d) => d,
        Err(e) => return Some(format!("not well-formed XML: {e}")),
    };
    for n in doc.descendants().filter(|n| n.is_element()) {
        let name = n.tag_name().name().to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "script" | "foreignobject" | "iframe" | "handler"
        ) {
            return Some(format!("element <{name}>"));
        }
        for a in n.attributes() {
            if a.name().to_ascii_lowercase().starts_with("on") {
                return Some(format!("<{name} {}>", a.name()));
            }
            let v = a.value().trim().to_ascii_lowercase();
            if URL_ATTRIBUTES.contains(&a.name()) && v.starts_with("javascript:") {
                return Some(format!("<{name} {}={v}>", a.name()));
            }
        }
    }
    None
}

/// `s` as a double-quoted string that YAML, TOML and JSON all read back as `s`.
pub fn q(s: &str) -> String {
    serde_json::to_string(s)
        .expect("a string")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// `s` as a shortcode string argument.
pub fn sc(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A 2 × 2 PNG.
pub fn tiny_png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(2, 2, image::Rgb([200, 30, 30]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

pub fn write(p: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// Put every vector into the demo site, everywhere.
pub fn poison(site: &Path) {
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
