//! Rendering one page body: shortcodes are parsed (outside code), validated and
//! rendered to HTML; each is replaced by a placeholder word; the Markdown is rendered
//! (links resolved through [`LinkIndex`]); then the placeholders are swapped for the
//! shortcode HTML. Sanitizing happens inside Markdown rendering, before the swap, so
//! the trusted SVG and markup of built-in shortcodes survives it.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use crate::charts::{self, MapPoint};
use crate::config::Config;
use crate::content::links::{LinkIndex, Resolution};
use crate::diag::{Diagnostic, Text};
use crate::markdown::{self, LinkRef, MarkdownOptions};
use crate::qr::qr_svg;
use crate::shortcodes::{
    self, ArgValue, Builtin, ChartArgs, Checked, FigureArgs, QrArgs, Segment, Shortcode,
    ShortcodeError, VideoArgs,
};
use crate::stats::Stats;
use crate::text::html_to_text;
use crate::tr;

/// What shortcodes and links may use: the site, frozen before bodies render.
pub(crate) struct BodyEnv<'a> {
    pub config: &'a Config,
    pub links: &'a LinkIndex,
    pub stats: &'a Stats,
    pub map_points: &'a [MapPoint],
    pub map_base: Option<charts::MapBase>,
    pub tera: &'a tera::Tera,
    /// Names of site-defined shortcodes (`templates/shortcodes/NAME.html`).
    pub site_shortcodes: &'a [String],
    pub markdown: &'a MarkdownOptions,
    /// The HTML report's year: statistics shortcodes without a year show it
    /// ([`super::year_view::builtin_for_year`]); `None` (the website): the newest year.
    pub year: Option<i32>,
}

impl BodyEnv<'_> {
    /// The language of the words in charts, KPIs and maps: the site's.
    fn ui(&self) -> charts::Ui {
        self.config.ui
    }
}

/// One body to render.
pub(crate) struct BodyInput<'a> {
    pub source: &'a Path,
    pub body: &'a str,
    pub body_line: usize,
    /// `(url, file name)` of the bundle's images, sorted.
    pub images: Vec<(String, String)>,
    /// Absolute URL of the page, for `qr()`.
    pub permalink: String,
    /// The page's title: the text alternative of its gallery's photos.
    pub title: &'a str,
}

/// A rendered body. Shared, not copied: `serve`'s memo hands the same strings to
/// every rebuild that finds the body unchanged.
#[derive(Clone)]
pub(crate) struct BodyOutput {
    pub html: Arc<str>,
    pub summary: Arc<str>,
    pub toc: Arc<[markdown::Heading]>,
    pub text: Arc<str>,
}

const TOKEN_PREFIX: &str = "xhsc";

fn token(i: usize) -> String {
    format!("{TOKEN_PREFIX}{i:06}x")
}

/// A body's Markdown with every shortcode replaced by a placeholder word, and the
/// shortcodes' HTML in placeholder order; shortcode problems go to `diags`.
fn shortcodes_out(
    env: &BodyEnv<'_>,
    input: &BodyInput<'_>,
    diags: &mut Vec<Diagnostic>,
) -> (String, Vec<String>) {
    let file = input.source.to_path_buf();
    let line_of = |l: usize| l + input.body_line - 1;
    let (segments, errors) = shortcodes::parse(input.body);
    for e in errors {
        let mut d =
            Diagnostic::error(Some(file.clone()), line_of(e.line), e.message).at_col(e.col, e.len);
        d.hint = e.hint;
        diags.push(d);
    }
    let mut md = String::with_capacity(input.body.len());
    let mut pieces: Vec<String> = Vec::new();
    for seg in segments {
        match seg {
            Segment::Text(t) => md.push_str(t),
            Segment::Shortcode(sc) => {
                let html = match render_shortcode(env, input, &sc) {
                    Ok(h) => h,
                    Err(errs) => {
                        // At the shortcode's own line, columns as the error gives them.
                        for e in errs {
                            let mut d =
                                Diagnostic::error(Some(file.clone()), line_of(sc.line), e.message)
                                    .at_col(e.col, e.len);
                            d.hint = e.hint;
                            diags.push(d);
                        }
                        String::new()
                    }
                };
                md.push_str(&token(pieces.len()));
                pieces.push(html);
            }
        }
    }
    (md, pieces)
}

/// Resolve one link or image of the body through the link index; a broken one goes
/// to `diags` at its place.
fn resolve_link(
    env: &BodyEnv<'_>,
    input: &BodyInput<'_>,
    l: &LinkRef,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let r = match l.kind {
        markdown::LinkKind::Image => env.links.resolve_media(input.source, &l.dest),
        markdown::LinkKind::Link => env.links.resolve(input.source, &l.dest),
    };
    match r {
        Resolution::Keep => None,
        Resolution::Rewrite(u) => Some(u),
        Resolution::Error { message, hint } => {
            let line = l.line + input.body_line - 1;
            diags.push(
                Diagnostic::error(Some(input.source.to_path_buf()), line, message)
                    .at_col(l.col, l.len)
                    .with_hint(hint),
            );
            None
        }
    }
}

/// Raw HTML where the site denies it: one error at each place.
fn raw_html_errors(input: &BodyInput<'_>, found: &[(usize, usize)], diags: &mut Vec<Diagnostic>) {
    for (l, c) in found {
        diags.push(
            Diagnostic::error(Some(input.source.to_path_buf()), l + input.body_line - 1, tr!("raw HTML is not allowed on this site", "本站不允许在正文中写 HTML"))
                .at_col(*c, 1)
                .with_hint(tr!(
                    "use Markdown instead, or set `raw_html = \"sanitize\"` in [markdown] of site-config.toml",
                    "请改用 Markdown，或在 site-config.toml 的 [markdown] 中设置 `raw_html = \"sanitize\"`"
                )),
        );
    }
}

/// Render one body to HTML (see the module docs); problems go to `diags`.
pub(crate) fn render_body(
    env: &BodyEnv<'_>,
    input: &BodyInput<'_>,
    diags: &mut Vec<Diagnostic>,
) -> BodyOutput {
    let (md, pieces) = shortcodes_out(env, input, diags);
    let mut found = Vec::new();
    let rendered = markdown::render(&md, env.markdown, &mut |l| {
        resolve_link(env, input, l, &mut found)
    });
    diags.extend(found);
    raw_html_errors(input, &rendered.raw_html_found, diags);
    let mut html = rendered.html;
    let mut text = html_to_text(&html);
    for (i, piece) in pieces.iter().enumerate() {
        let t = token(i);
        let block = format!("<p>{t}</p>");
        if html.contains(&block) {
            html = html.replacen(&block, piece, 1);
        } else {
            html = html.replacen(&t, piece, 1);
        }
        text = text.replacen(&t, "", 1);
    }
    BodyOutput {
        html: html.into(),
        summary: strip_tokens(&rendered.summary).into(),
        toc: rendered.toc.into(),
        text: text.into(),
    }
}

/// Every check [`render_body`] makes — shortcodes, links, images, raw HTML — with the
/// same diagnostics, but no HTML of the body: what a report needs of the pages it
/// does not print as a web page.
pub(crate) fn check_body(env: &BodyEnv<'_>, input: &BodyInput<'_>, diags: &mut Vec<Diagnostic>) {
    let (md, _) = shortcodes_out(env, input, diags);
    let mut found = Vec::new();
    let raw = markdown::check(&md, env.markdown, &mut |l| {
        resolve_link(env, input, l, &mut found)
    });
    diags.extend(found);
    raw_html_errors(input, &raw, diags);
}

fn strip_tokens(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(TOKEN_PREFIX) {
        out.push_str(&rest[..i]);
        let after = &rest[i + TOKEN_PREFIX.len()..];
        let digits = after.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits == 6 && after[digits..].starts_with('x') {
            rest = &after[digits + 1..];
        } else {
            out.push_str(TOKEN_PREFIX);
            rest = after;
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

fn one(sc: &Shortcode, message: Text, hint: Option<Text>) -> Vec<ShortcodeError> {
    vec![ShortcodeError {
        line: sc.line,
        col: sc.col,
        len: sc.name.chars().count() + 3,
        message,
        hint,
    }]
}

/// The help for a statistic that cannot be shown.
fn stats_fail(sc: &Shortcode, t: Text) -> Vec<ShortcodeError> {
    one(
        sc,
        t,
        Some(tr!(
            "check the name and the year against the files in data/stats/ (one file per year, e.g. data/stats/2024.yaml); if that file has errors of its own, fix them first",
            "请对照 data/stats/ 中的统计文件（每年一个，如 data/stats/2024.yaml）检查名称和年份；如果统计文件本身有错误，请先改正它"
        )),
    )
}

fn render_shortcode(
    env: &BodyEnv<'_>,
    input: &BodyInput<'_>,
    sc: &Shortcode,
) -> Result<String, Vec<ShortcodeError>> {
    let builtin = match shortcodes::check(sc, env.site_shortcodes) {
        Ok(Checked::Builtin(b)) => match env.year {
            Some(y) => super::year_view::builtin_for_year(b, env.stats, y),
            None => b,
        },
        Ok(Checked::Site) => return site_shortcode(env, sc),
        Err(errs) => return Err(errs),
    };
    match builtin {
        Builtin::Stat(a) => env
            .stats
            .stat_text(&a.key, a.year)
            .map(|t| escape(&t))
            .map_err(|t| stats_fail(sc, t)),
        Builtin::Kpis(a) => charts::kpis_in(env.stats, a.year, a.keys.as_deref(), env.ui())
            .map_err(|t| stats_fail(sc, t)),
        Builtin::Chart(ChartArgs::Breakdown(a)) => {
            charts::breakdown_chart_in(env.stats, &a, env.ui()).map_err(|t| stats_fail(sc, t))
        }
        Builtin::Chart(ChartArgs::Series(a)) => {
            charts::series_chart_in(env.stats, &a, env.ui()).map_err(|t| stats_fail(sc, t))
        }
        Builtin::Map(a) => Ok(charts::map_in(
            &a.source.points(env.map_points),
            env.map_base.as_ref(),
            env.ui(),
        )),
        Builtin::Figure(a) => figure(env, input, sc, &a),
        Builtin::Gallery => gallery(input, sc, env.ui()),
        Builtin::Video(a) => video(env, input, sc, &a),
        Builtin::Qr(a) => Ok(qr(input, &a, env.ui())),
    }
}

fn figure(
    env: &BodyEnv<'_>,
    input: &BodyInput<'_>,
    sc: &Shortcode,
    a: &FigureArgs,
) -> Result<String, Vec<ShortcodeError>> {
    let url = asset_url(env, input, sc, &a.src)?;
    let alt = a
        .alt
        .as_ref()
        .or(a.caption.as_ref())
        .map_or("", String::as_str);
    let mut h = format!(
        "<figure class=\"figure\"><img src=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\">",
        escape(&url),
        escape(alt)
    );
    if let Some(c) = &a.caption {
        let _ = write!(h, "<figcaption>{}</figcaption>", escape(c));
    }
    h.push_str("</figure>");
    Ok(h)
}

/// The bundle's photos; each one's text alternative is the page's title and its place
/// ("星火驿站，照片 2/6"), never its file name.
fn gallery(
    input: &BodyInput<'_>,
    sc: &Shortcode,
    ui: charts::Ui,
) -> Result<String, Vec<ShortcodeError>> {
    if input.images.is_empty() {
        return Err(one(
            sc,
            tr!(
                "`gallery()` found no images: this page is not a bundle with images",
                "`gallery()` 没有找到图片：这个页面不是带图片的页面包"
            ),
            Some(tr!(
                "make the page a folder — NAME/index.md with the photos beside it — or remove `gallery()`",
                "请把页面改成文件夹形式（名称/index.md，照片放在旁边），或删掉 `gallery()`"
            )),
        ));
    }
    let mut h = String::from("<div class=\"gallery\">");
    let n = input.images.len();
    for (i, (url, _)) in input.images.iter().enumerate() {
        let alt = match ui {
            charts::Ui::Zh => format!("{}，照片 {}/{n}", input.title, i + 1),
            charts::Ui::En => format!("{}, photo {} of {n}", input.title, i + 1),
        };
        let _ = write!(
            h,
            "<a class=\"gallery-item\" href=\"{u}\"><img src=\"{u}\" alt=\"{a}\" loading=\"lazy\" decoding=\"async\"></a>",
            u = escape(url),
            a = escape(&alt)
        );
    }
    h.push_str("</div>");
    Ok(h)
}

fn video(
    env: &BodyEnv<'_>,
    input: &BodyInput<'_>,
    sc: &Shortcode,
    a: &VideoArgs,
) -> Result<String, Vec<ShortcodeError>> {
    let src = asset_url(env, input, sc, &a.src)?;
    let poster = match &a.poster {
        Some(p) => format!(" poster=\"{}\"", escape(&asset_url(env, input, sc, p)?)),
        None => String::new(),
    };
    Ok(format!(
        "<figure class=\"video\"><video controls preload=\"none\" playsinline{poster}><source src=\"{}\"></video></figure>",
        escape(&src)
    ))
}

fn qr(input: &BodyInput<'_>, a: &QrArgs, ui: charts::Ui) -> String {
    let url = a.url.as_deref().unwrap_or(&input.permalink);
    let label = format!(
        "{}{url}",
        ui.t("扫码在手机上阅读：", "Scan to read on your phone: ")
    );
    format!(
        "<figure class=\"qr\">{}<figcaption>{}</figcaption></figure>",
        qr_svg(url, a.size, &label),
        escape(url)
    )
}

fn asset_url(
    env: &BodyEnv<'_>,
    input: &BodyInput<'_>,
    sc: &Shortcode,
    src: &str,
) -> Result<String, Vec<ShortcodeError>> {
    if !safe_source(src) {
        let s = src.chars().take(40).collect::<String>();
        return Err(one(
            sc,
            tr!(
                "`{s}` cannot be used as the source of an image or video",
                "`{s}` 不能用作图片或视频的来源"
            ),
            Some(tr!(
                "use a file next to the page, a file in static/ written as `/path`, or an address starting with https://",
                "请使用页面旁边的文件、static/ 中的文件（写成 `/路径`），或以 https:// 开头的网址"
            )),
        ));
    }
    match env.links.resolve_media(input.source, src) {
        Resolution::Keep => Ok(src.to_string()),
        Resolution::Rewrite(u) => Ok(u),
        Resolution::Error { message, hint } => Err(one(sc, message, Some(hint))),
    }
}

/// Whether a media source is a path or a web address (`http:`, `https:`, `//`, or a
/// `data:image/` URI), never `javascript:`, `vbscript:` or another scheme.
fn safe_source(src: &str) -> bool {
    let s: String = src
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match s.find(':') {
        Some(i) if !s[..i].contains(['/', '?', '#']) => {
            let scheme = &s[..i];
            matches!(scheme, "http" | "https") || s.starts_with("data:image/")
        }
        _ => true,
    }
}

fn site_shortcode(env: &BodyEnv<'_>, sc: &Shortcode) -> Result<String, Vec<ShortcodeError>> {
    let mut ctx = tera::Context::new();
    for a in &sc.args {
        ctx.insert(a.name.clone(), &arg_json(&a.value));
    }
    let name = format!("shortcodes/{}.html", sc.name);
    env.tera.render(&name, &ctx).map_err(|e| {
        let msg = crate::theme::tera_message(&e);
        let n = &sc.name;
        one(
            sc,
            tr!("shortcode `{n}` failed: {msg}", "短代码 `{n}` 出错：{msg}"),
            Some(tr!(
                "check templates/{name} and the arguments given here",
                "请检查 templates/{name} 和这里传入的参数"
            )),
        )
    })
}

fn arg_json(v: &ArgValue) -> serde_json::Value {
    match v {
        ArgValue::Str(s) => serde_json::Value::from(s.as_str()),
        ArgValue::Int(i) => serde_json::Value::from(*i),
        ArgValue::Float(f) => serde_json::Value::from(*f),
        ArgValue::Bool(b) => serde_json::Value::from(*b),
        ArgValue::List(l) => serde_json::Value::Array(l.iter().map(arg_json).collect()),
    }
}

pub(crate) use crate::text::escape;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_stripped_from_summaries() {
        assert_eq!(strip_tokens("a xhsc000001x b"), "a  b");
        assert_eq!(strip_tokens("xhscfoo"), "xhscfoo");
    }

    #[test]
    fn media_sources_with_scripts_are_refused() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:x",
            "java\tscript:x",
            "vbscript:x",
            "data:text/html,x",
            "file:///etc/passwd",
        ] {
            assert!(!safe_source(bad), "{bad}");
        }
        for good in [
            "a.jpg",
            "/images/a.jpg",
            "https://x/a.mp4",
            "//cdn/x.jpg",
            "data:image/png;base64,AA",
            "a/b:c.jpg",
        ] {
            assert!(safe_source(good), "{good}");
        }
    }
}
