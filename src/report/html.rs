//! `report --format html`: the same report as one self-contained, print-ready HTML
//! file — CSS paged media (`@page` size and margins, page breaks, page numbers in the
//! footer and the table of contents where the printing engine supports them), bodies
//! as the website renders them (charts are the same SVG), every image inlined as a
//! `data:` URI, QR codes inline.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;

use super::assets::{ImageError, Reader};
use super::model;
use super::ReportOptions;
use crate::charts::{self, Ui};
use crate::content::year_view;
use crate::diag::{Diagnostic, Diagnostics};
use crate::paths::FileSource;
use crate::shortcodes::{self, Builtin, Segment};
use crate::site::{PageId, Site};
use crate::stats::YearStats;
use crate::text::escape;

const CSS: &str = r#"
@page { size: A4; margin: 22mm 20mm 20mm; @bottom-center { content: counter(page); font-size: 9pt; color: #666; } }
@page :first { @top-left { content: none; } @top-right { content: none; } @bottom-center { content: none; } }
html { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif; font-size: 10.5pt; line-height: 1.75; color: #222; }
h1, h2, h3, .cover { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #8f1515; }
h1 { break-before: page; border-bottom: 2pt solid #b71c1c; padding-bottom: 4pt; }
h2 { break-after: avoid; margin-top: 1.6em; }
p { text-indent: 2em; margin: 0.4em 0; text-align: justify; }
a { color: inherit; text-decoration: none; }
.cover { height: 250mm; display: flex; flex-direction: column; justify-content: center; break-after: page; }
.cover .year { font-size: 56pt; font-weight: bold; color: #b71c1c; }
.cover .title { font-size: 24pt; font-weight: bold; }
.cover .org { margin-top: 60mm; font-size: 13pt; color: #222; }
nav.toc ol { list-style: none; padding: 0; }
nav.toc a::after { content: leader('.') target-counter(attr(href), page); }
img, svg { max-width: 100%; height: auto; }
figure.chart svg { width: 75%; }
.chart-data { width: 75%; margin: 0 auto; font-size: 7.5pt; line-height: 1.3; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm 6mm; align-items: start; }
.charts figure.chart svg, .charts .chart-data { width: 100%; }
.charts figure { margin: 0; }
figure { margin: 1em 0; break-inside: avoid; text-align: center; }
figure.video { display: flex; gap: 6mm; align-items: center; text-align: left; }
figure.video > img { flex: 1; min-width: 0; }
figure.video .qr { flex: none; width: 30mm; font-size: 8pt; color: #666; text-align: center; overflow-wrap: anywhere; }
figure.video .qr svg { width: 28mm; height: 28mm; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0; break-inside: avoid; }
td, th { border: 0.5pt solid #bbb; padding: 3pt 6pt; }
.case { break-inside: auto; }
.case-head { display: flex; gap: 8mm; justify-content: space-between; break-inside: avoid; }
.case-head .qr svg { width: 26mm; height: 26mm; }
.fields th { text-align: left; color: #666; font-weight: normal; width: 7em; }
.kpis { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6pt; }
.kpi { border: 0.5pt solid #ccc; padding: 6pt; }
.kpi-number { font-size: 16pt; font-weight: bold; color: #b71c1c; }
figure.case-cover img { max-height: 90mm; width: auto; }
.gallery { display: grid; grid-template-columns: repeat(3, 1fr); gap: 4pt; }
"#;

/// The whole report as one HTML file: cover, table of contents, foreword, figures,
/// then the cases of each section.
pub(crate) fn render(
    site: &Site,
    opts: &ReportOptions,
    sections: &[(usize, Vec<PageId>)],
    read: Reader<'_>,
    warnings: &mut Diagnostics,
) -> Result<Vec<u8>, Diagnostics> {
    let year = opts.year;
    let ui = site.config.ui;
    let zh = ui == Ui::Zh;
    let words = model::words(ui);
    let w = |k: &str| words[k].as_str().unwrap_or("").to_string();
    let foreword = site.reports.iter().find(|r| r.year == year);
    let title = super::report_title(foreword, year, zh);
    let lang = if zh { "zh-CN" } else { "en" };
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<meta name=\"author\" content=\"{o}\">\n<style>{CSS}{header}</style>\n</head>\n<body>\n<section class=\"cover\"><div class=\"year\">{year}</div><div class=\"title\">{t}</div><div>{s}</div><div class=\"org\">{o}</div></section>",
        t = escape(&title),
        o = escape(&site.config.organization),
        s = escape(&site.config.title),
        header = running_header(&site.config.organization, &title),
    );
    let mut toc: Vec<(String, String)> = Vec::new();
    let mut main = String::new();
    if let Some(f) = foreword.filter(|f| !f.body.trim().is_empty()) {
        toc.push(("foreword".into(), w("foreword")));
        let body = foreword_html(site, &f.body, year);
        let _ = writeln!(
            main,
            "<h1 id=\"foreword\">{}</h1>\n{body}",
            escape(&w("foreword"))
        );
    }
    if let Some(y) = site.stats.year(year) {
        toc.push(("figures".into(), w("figures")));
        let _ = writeln!(main, "<h1 id=\"figures\">{}</h1>", escape(&w("figures")));
        figures(&mut main, site, (year, y), ui);
    }
    for (n, (ci, idx)) in sections.iter().enumerate() {
        let c = &site.config.collections[*ci];
        let id = format!("s{n}");
        toc.push((id.clone(), c.title.clone()));
        let _ = writeln!(main, "<h1 id=\"{id}\">{}</h1>", escape(&c.title));
        for &i in idx {
            case(&mut main, site, (i, year), ui, &w);
        }
    }
    h.push_str("<nav class=\"toc\"><h1>");
    h.push_str(&escape(&w("toc")));
    h.push_str("</h1><ol>");
    for (id, t) in &toc {
        let _ = write!(h, "<li><a href=\"#{id}\">{}</a></li>", escape(t));
    }
    h.push_str("</ol></nav>\n");
    h.push_str(&main);
    h.push_str("</body>\n</html>\n");
    let mut errors = Vec::new();
    let out = inline_images(site, &h, read, &mut errors);
    if !errors.is_empty() {
        let mut all = std::mem::take(warnings);
        all.extend(errors);
        return Err(all);
    }
    Ok(out.into_bytes())
}

/// The year's figures: key numbers, a chart of each metric up to the year and of
/// each breakdown of the year.
fn figures(main: &mut String, site: &Site, (year, y): (i32, &YearStats), ui: Ui) {
    if let Ok(k) = charts::kpis_in(&site.stats, Some(year), None, ui) {
        main.push_str(&k);
    }
    // Two charts side by side, as in the PDF: not one chart per printed page.
    main.push_str("<div class=\"charts\">");
    for m in &y.metrics {
        let args = charts::SeriesChartArgs {
            keys: vec![m.key.clone()],
            to: Some(year),
            ..Default::default()
        };
        if let Ok(c) = charts::series_chart_for(&site.stats, &args, ui, charts::Medium::Screen) {
            main.push_str(&c);
        }
    }
    for b in &y.breakdowns {
        let args = charts::BreakdownChartArgs {
            breakdown: b.key.clone(),
            year: Some(year),
            ..Default::default()
        };
        if let Ok(c) = charts::breakdown_chart_for(&site.stats, &args, ui, charts::Medium::Screen) {
            main.push_str(&c);
        }
    }
    main.push_str("</div>\n");
}

/// One case (page `i`): title, fields, QR code of its web page, cover, honors, body.
fn case(
    main: &mut String,
    site: &Site,
    (i, year): (PageId, i32),
    ui: Ui,
    w: &dyn Fn(&str) -> String,
) {
    let p = &site.pages[i];
    let url = site.permalink(&p.rel_url);
    let _ = write!(
        main,
        "<article class=\"case\"><div class=\"case-head\"><div><h2>{}</h2><table class=\"fields\">",
        escape(&p.front.title)
    );
    for (k, v) in model::fields(site, p, ui) {
        let _ = write!(
            main,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape(&k),
            escape(&v)
        );
    }
    let _ = writeln!(
        main,
        "</table></div><div class=\"qr\">{}<div>{}</div></div></div>",
        crate::qr::qr_svg(&url, 120, &w("scan")),
        escape(&w("scan"))
    );
    // A cover the body's gallery shows already is not printed twice (a member's
    // portrait is often both); it is kept to a third of the page.
    let cover = match site.images.get(&i) {
        Some(crate::site::PageImages {
            cover: Some(cover), ..
        }) => Some(cover).filter(|c| !p.html.contains(&format!("\"{}\"", escape(c)))),
        _ => None,
    };
    if let Some(cover) = cover {
        let _ = writeln!(
            main,
            "<figure class=\"case-cover\"><img src=\"{}\" alt=\"\"></figure>",
            escape(cover)
        );
    }
    let honors: Vec<String> = p
        .front
        .fields
        .honors
        .iter()
        .filter(|h| h.year <= year)
        .map(|h| format!("<li>{} {}</li>", h.year, escape(&h.title)))
        .collect();
    if !honors.is_empty() {
        let _ = write!(
            main,
            "<p><strong>{}</strong></p><ul>{}</ul>",
            escape(&w("honors")),
            honors.concat()
        );
    }
    let body = gallery_without_repeats(&p.html, cover.map(|c| escape(c)));
    main.push_str(&print_videos(site, &body, &w("scan_video")));
    main.push_str("</article>\n");
}

/// The report's running header: the organization at the top left and the report's
/// title at the top right of every page but the cover (CSS page-margin boxes, which
/// Chromium prints; the section is not repeated there: `string-set` is not supported).
fn running_header(organization: &str, title: &str) -> String {
    format!(
        "\n@page {{ @top-left {{ content: {}; font-size: 8pt; color: #666; }} @top-right {{ content: {}; font-size: 8pt; color: #666; }} }}\n",
        css_string(organization),
        css_string(title)
    )
}

/// A CSS string literal of any text, safe inside `<style>`.
fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => {
                let _ = write!(out, "\\{:x} ", u32::from(c));
            }
            c if c.is_control() => {
                let _ = write!(out, "\\{:x} ", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The body without the gallery items whose picture is printed elsewhere in the case
/// (the cover above it, a figure, a Markdown image): no photo is printed twice.
fn gallery_without_repeats(html: &str, cover: Option<String>) -> String {
    use lol_html::{element, rewrite_str, RewriteStrSettings};
    if !html.contains("gallery-item") {
        return html.to_string();
    }
    let shown = std::cell::RefCell::new(Vec::from_iter(cover));
    let collect = RewriteStrSettings::new().append_element_content_handler(element!(
        ":not(a.gallery-item) > img[src]",
        |el| {
            shown.borrow_mut().extend(el.get_attribute("src"));
            Ok(())
        }
    ));
    let _ = rewrite_str(html, collect);
    let shown = shown.into_inner();
    let drop = RewriteStrSettings::new().append_element_content_handler(element!(
        "a.gallery-item[href]",
        |el| {
            if el.get_attribute("href").is_some_and(|h| shown.contains(&h)) {
                el.remove();
            }
            Ok(())
        }
    ));
    rewrite_str(html, drop).unwrap_or_else(|_| html.to_string())
}

/// A body's videos as the PDF prints them: the poster and a QR code of the video's
/// web address (with the address and "scan to watch"), not a `<video>` player.
fn print_videos(site: &Site, html: &str, scan: &str) -> String {
    use lol_html::html_content::ContentType;
    use lol_html::{element, rewrite_str, RewriteStrSettings};
    if !html.contains("<video") {
        return html.to_string();
    }
    let poster = std::cell::RefCell::new(None::<String>);
    let base = site.config.base_path();
    let absolute = |src: &str| -> String {
        let src = crate::text::unescape(&src.replace("&#x27;", "'"));
        match src.strip_prefix(&base) {
            Some(rest) if !src.contains("://") => format!("{}{rest}", site.config.base_url),
            _ => src,
        }
    };
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("figure.video video", |el| {
            *poster.borrow_mut() = el.get_attribute("poster");
            el.remove_and_keep_content();
            Ok(())
        }))
        .append_element_content_handler(element!("figure.video source[src]", |el| {
            let url = absolute(&el.get_attribute("src").unwrap_or_default());
            let img = match poster.borrow_mut().take() {
                Some(p) => format!("<img src=\"{p}\" alt=\"\">"),
                None => String::new(),
            };
            let qr = format!(
                "<div class=\"qr\">{}<div>{}</div><div class=\"url\">{}</div></div>",
                crate::qr::qr_svg(&url, 120, scan),
                escape(scan),
                escape(&url)
            );
            el.replace(&format!("{img}{qr}"), ContentType::Html);
            Ok(())
        }));
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// The foreword's Markdown as HTML (`stat()` as its text, at the report's year when it
/// has none; other shortcodes dropped).
fn foreword_html(site: &Site, body: &str, year: i32) -> String {
    let body = year_view::body_for_year(body, year);
    let (segments, _) = shortcodes::parse(&body);
    let mut md = String::new();
    for s in segments {
        match s {
            Segment::Text(t) => md.push_str(t),
            Segment::Shortcode(sc) if sc.name == "stat" => {
                if let Ok(Builtin::Stat(a)) = Builtin::from_shortcode(&sc)
                    .map(|b| year_view::builtin_for_year(b, &site.stats, year))
                {
                    md.push_str(&site.stats.stat_text(&a.key, a.year).unwrap_or_default());
                }
            }
            Segment::Shortcode(_) => {}
        }
    }
    let opts = crate::markdown::MarkdownOptions::default();
    crate::markdown::render(&md, &opts, &mut |_| None).html
}

/// Every `<img src>` and `<image href>` under the site's base path → a `data:` URI.
fn inline_images(
    site: &Site,
    html: &str,
    read: Reader<'_>,
    errors: &mut Vec<Diagnostic>,
) -> String {
    use lol_html::{element, rewrite_str, RewriteStrSettings};
    let base = site.config.base_path();
    let missing = std::cell::RefCell::new(Vec::new());
    let to_data = |v: &str| -> Option<String> {
        // lol_html gives attribute values as written: undo the escaping of our own
        // renderers (`text::escape`, pulldown-cmark's `escape_href`).
        let v = crate::text::unescape(&v.replace("&#x27;", "'"));
        let rest = v.strip_prefix(&base)?;
        let rest = percent_encoding::percent_decode_str(rest)
            .decode_utf8_lossy()
            .into_owned();
        let path: PathBuf = match site.static_files.iter().find(|f| f.out == rest) {
            Some(f) => match &f.source {
                FileSource::Disk(p) => p.clone(),
                FileSource::Embedded(b) => return Some(data_uri(&rest, b)),
            },
            None => Path::new("static").join(&rest),
        };
        match read(&path) {
            Some(b) => Some(data_uri(&rest, &b)),
            None => {
                missing.borrow_mut().push(ImageError::Missing(path));
                None
            }
        }
    };
    let handler = element!("img[src], image[href]", |el| {
        el.remove_attribute("srcset");
        for a in ["src", "href"] {
            if let Some(v) = el.get_attribute(a) {
                if let Some(d) = to_data(&v) {
                    el.set_attribute(a, &d)?;
                }
            }
        }
        Ok(())
    });
    let settings = RewriteStrSettings::new().append_element_content_handler(handler);
    let out = rewrite_str(html, settings).unwrap_or_else(|_| html.to_string());
    for m in missing.into_inner() {
        if let ImageError::Missing(p) = m {
            let p = crate::diag::display_path(&p);
            errors.push(Diagnostic::error(
                Some(PathBuf::from(&p)),
                0,
                crate::tr!("the image {p} is missing", "图片 {p} 不存在"),
            ));
        }
    }
    out
}

fn data_uri(name: &str, bytes: &[u8]) -> String {
    let l = name.to_ascii_lowercase();
    let mime = if l.ends_with(".png") {
        "image/png"
    } else if l.ends_with(".gif") {
        "image/gif"
    } else if l.ends_with(".webp") {
        "image/webp"
    } else if l.ends_with(".svg") {
        "image/svg+xml"
    } else if l.ends_with(".avif") {
        "image/avif"
    } else {
        "image/jpeg"
    };
    format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_end_the_string_or_the_style() {
        assert_eq!(css_string("党建"), "\"党建\"");
        assert_eq!(
            css_string("a\"b\\c</style>\n"),
            "\"a\\22 b\\5c c\\3c /style\\3e \\a \""
        );
    }
}
