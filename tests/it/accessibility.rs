//! Text alternatives and accessible names in the site's language, on the built demo and
//! on the demo switched to English: gallery photos are named by their page's title (never
//! a file name), QR codes say 扫码在手机上阅读… (not "QR"), filter chips and taxonomy
//! terms read "2024 年，4 篇" (their visible text alone runs together as "20244"), and
//! every page and the kiosk carry the 适老化 toolbar, hidden until JavaScript shows it, with
//! the saved choice applied by a blocking script in the head before the style sheet. How the
//! toolbar behaves in a browser is tested in tests/it/browser.rs.

use crate::common;

use std::path::Path;

/// The text of an HTML fragment (tags dropped), as a screen reader computes a link's name
/// when it has no `aria-label`.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The contents of the first `<a>` whose `href` ends with `href_end`.
fn link<'a>(html: &'a str, href_end: &str) -> &'a str {
    let at = html
        .find(&format!("{href_end}\""))
        .unwrap_or_else(|| panic!("no link to {href_end}"));
    let start = at + html[at..].find('>').expect("tag end") + 1;
    let end = start + html[start..].find("</a>").expect("link end");
    &html[start..end]
}

/// Every `alt` of the gallery's photos.
fn gallery_alts(html: &str) -> Vec<String> {
    let start = html.find("<div class=\"gallery\">").expect("a gallery");
    let end = start + html[start..].find("</div>").expect("gallery end");
    html[start..end]
        .split("alt=\"")
        .skip(1)
        .map(|s| s[..s.find('"').expect("alt end")].to_string())
        .collect()
}

fn html_files(public: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(public)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| (e.path().display().to_string(), common::read(e.path())))
        .collect()
}

#[test]
fn names_and_alternatives_are_in_chinese() {
    let public = common::built_demo().join("site/public");
    let station = common::read(public.join("stations/xingxing-yizhan/index.html"));
    assert_eq!(
        gallery_alts(&station),
        [
            "星火驿站（首个试点），照片 1/3",
            "星火驿站（首个试点），照片 2/3",
            "星火驿站（首个试点），照片 3/3"
        ]
    );
    assert!(
        station.contains("<svg role=\"img\" aria-label=\"扫码在手机上阅读：星火驿站（首个试点）\""),
        "the page's QR code is named"
    );
    let activities = common::read(public.join("activities/index.html"));
    let year = text_of(link(&activities, "/activities/year/2024/"));
    assert!(
        year.starts_with("2024 年，") && year.ends_with(" 篇"),
        "{year:?}"
    );
    let tags = common::read(public.join("tags/index.html"));
    let term = text_of(link(&tags, "/tags/为老服务/"));
    assert!(
        term.starts_with("为老服务，") && term.ends_with(" 篇"),
        "{term:?}"
    );

    for (file, html) in html_files(&public) {
        for ext in [".jpg\"", ".jpeg\"", ".png\"", ".webp\""] {
            for alt in html.split("alt=\"").skip(1) {
                let alt = &alt[..alt.find('"').map_or(0, |i| i + 1)];
                assert!(!alt.ends_with(ext), "{file}: a file name as alt: {alt}");
            }
        }
        assert!(!html.contains("aria-label=\"QR\""), "{file}");
        let head = &html[..html.find("</head>").unwrap_or(0)];
        let (Some(script), Some(css)) = (
            head.find("js/a11y-init.js\"></script>"),
            head.find("css/style.css"),
        ) else {
            panic!("{file}: the 适老化 choice is not read in the head")
        };
        assert!(
            script < css,
            "{file}: the choice is applied after the style sheet"
        );
        assert!(
            html.contains("<div class=\"a11y\" id=\"a11y\" hidden"),
            "{file}: no toolbar (hidden until JavaScript)"
        );
    }
}

#[test]
fn names_and_alternatives_follow_an_english_site() {
    let t = common::demo();
    let site = common::site(&t);
    let cfg = site.join("site-config.toml");
    let text = common::read(&cfg).replace("language = \"zh-CN\"", "language = \"en\"");
    assert!(
        text.contains("language = \"en\""),
        "the demo sets its language"
    );
    std::fs::write(&cfg, text).expect("write config");
    let o = common::run(&site, &["build"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let public = site.join("public");
    let station = common::read(public.join("stations/xingxing-yizhan/index.html"));
    assert_eq!(
        gallery_alts(&station)[0],
        "星火驿站（首个试点）, photo 1 of 3"
    );
    assert!(station.contains("aria-label=\"Scan to read on your phone: 星火驿站（首个试点）\""));
    assert!(station.contains(">Accessibility</span></button>"));
    assert!(station.contains(">Extra large 2×</button>"));
    let activities = common::read(public.join("activities/index.html"));
    let year = text_of(link(&activities, "/activities/year/2024/"));
    assert!(
        year.starts_with("2024, ") && year.ends_with(" pages"),
        "{year:?}"
    );
}
