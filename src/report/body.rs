//! One Markdown body (a case or the foreword) to Typst markup: shortcodes are parsed
//! as the website does and turned into calls of the template's `xh` helpers (charts
//! and maps as SVG laid out for their printed width ([`super::print`]), `kpis` as a
//! panel, `qr`, `figure`, `gallery` as a grid, `video` as its poster and a QR code);
//! links become absolute web URLs;
//! images are looked up and handed to the document. Problems become diagnostics.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Parser, Tag};
use std::path::{Path, PathBuf};

use super::assets::{Assets, ImageError};
use super::markup::{self, escape, string_lit, Hooks};
use super::print::{chart_medium, Paper, Slot};
use crate::charts::{self, Ui};
use crate::content::year_view;
use crate::diag::Diagnostic;
use crate::shortcodes::{self, Builtin, ChartArgs, KpisArgs, Segment, Shortcode, VideoArgs};
use crate::site::Site;
use crate::tr;

/// A body and where it comes from.
pub(crate) struct BodySource<'s> {
    pub file: &'s Path,
    /// The title of the case (or foreword): the alternative text of images without one.
    pub title: &'s str,
    pub body: &'s str,
    pub body_line: usize,
    /// The folder relative links and images start from.
    pub base: PathBuf,
    /// The page's web address (for `qr()` without `url`).
    pub permalink: String,
    /// The bundle's images (for `gallery()`), relative to the site root.
    pub images: Vec<PathBuf>,
    /// The pictures printed above the body (the case's cover, a member's portrait): a
    /// gallery leaves them out, so no photo is printed twice.
    pub shown: Vec<String>,
    /// Where the body is printed, which sets the width of its charts.
    pub slot: Slot,
}

pub(crate) struct Ctx<'a, 'r> {
    pub site: &'a Site,
    pub assets: &'a mut Assets<'r>,
    pub links: &'a BTreeMap<String, String>,
    /// The address of every case in the report → its label (for page references).
    pub in_report: &'a BTreeMap<String, String>,
    pub ui: Ui,
    /// The report's year: blocks about later years are left out and statistics
    /// shortcodes without a year show it ([`crate::content::year_view`]).
    pub year: i32,
    /// The paper the report is laid out on (charts are made for their printed width).
    pub paper: Paper,
    pub diags: &'a mut Vec<Diagnostic>,
}

/// The body of the report's year as Markdown with a token for each shortcode, and the
/// shortcodes.
fn split(src: &BodySource<'_>, year: i32) -> (String, Vec<Shortcode>) {
    let body = year_view::body_for_year(src.body, year);
    let (segments, _) = shortcodes::parse(&body);
    let mut md = String::with_capacity(body.len());
    let mut codes: Vec<Shortcode> = Vec::new();
    for seg in segments {
        match seg {
            Segment::Text(t) => md.push_str(t),
            Segment::Shortcode(sc) => {
                md.push_str(&markup::token(codes.len()));
                codes.push(sc);
            }
        }
    }
    (md, codes)
}

/// The pictures the body places itself (`figure` shortcodes and Markdown images), as
/// document paths: the case's cover is not printed above a body that shows it, and a
/// gallery leaves them out, so no photo is printed twice in one case. Missing images
/// are reported where they are used, not here.
pub(crate) fn placed_images(ctx: &mut Ctx<'_, '_>, src: &BodySource<'_>) -> Vec<String> {
    let (md, codes) = split(src, ctx.year);
    let figures = codes
        .iter()
        .filter_map(|sc| match Builtin::from_shortcode(sc) {
            Ok(Builtin::Figure(a)) => Some(a.src),
            _ => None,
        });
    let images = Parser::new(&md).filter_map(|e| match e {
        Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url.into_string()),
        _ => None,
    });
    let sources: Vec<String> = figures.chain(images).collect();
    (sources.iter())
        .filter_map(|s| ctx.assets.page_image(ctx.site, &src.base, s).ok())
        .collect()
}

/// The Typst markup of a body; headings are shifted down by `offset` levels.
pub(crate) fn to_markup(ctx: &mut Ctx<'_, '_>, src: &BodySource<'_>, offset: u8) -> String {
    let placed = placed_images(ctx, src);
    let (md, codes) = split(src, ctx.year);
    let mut h = BodyHooks {
        ctx,
        src,
        codes,
        placed,
    };
    markup::to_typst(&md, offset, &mut h)
}

struct BodyHooks<'c, 'a, 'r, 's> {
    ctx: &'c mut Ctx<'a, 'r>,
    src: &'c BodySource<'s>,
    codes: Vec<Shortcode>,
    /// [`placed_images`] of this body.
    placed: Vec<String>,
}

impl BodyHooks<'_, '_, '_, '_> {
    fn line(&self, l: usize) -> usize {
        l + self.src.body_line - 1
    }

    fn image_at(&mut self, src: &str, line: usize) -> Option<String> {
        match self
            .ctx
            .assets
            .page_image(self.ctx.site, &self.src.base, src)
        {
            Ok(p) => Some(p),
            Err(e) => {
                self.image_problem(e, src, line);
                None
            }
        }
    }

    fn image_problem(&mut self, e: ImageError, src: &str, line: usize) {
        let file = Some(self.src.file.to_path_buf());
        match e {
            ImageError::Remote => {}
            ImageError::Missing(p) => {
                let p = crate::diag::display_path(&p);
                self.ctx.diags.push(
                    Diagnostic::error(
                        file,
                        line,
                        tr!(
                            "the image `{src}` is missing (looked for {p})",
                            "图片 `{src}` 不存在（查找的是 {p}）"
                        ),
                    )
                    .with_hint(tr!(
                        "check the file name; images of a page go beside its index.md",
                        "请检查文件名；页面的图片应放在其 index.md 旁边"
                    )),
                );
            }
            ImageError::Unsupported(p) => {
                let p = crate::diag::display_path(&p);
                self.ctx.diags.push(
                    Diagnostic::warning(
                        file,
                        line,
                        tr!(
                            "the image {p} cannot go into a PDF (use JPEG, PNG, GIF, WebP or SVG); it is left out of the report",
                            "图片 {p} 无法放入 PDF（请用 JPEG、PNG、GIF、WebP 或 SVG）；报告中将省略它"
                        ),
                    ),
                );
            }
        }
    }

    /// The Typst code of one shortcode: built-in ones as the template's `xh` helpers;
    /// site shortcodes (HTML templates: nothing a PDF can show) and shortcodes with
    /// errors (reported by the website's build) as nothing.
    fn shortcode_code(&mut self, sc: &Shortcode) -> String {
        let Ok(builtin) = Builtin::from_shortcode(sc) else {
            return String::new();
        };
        let builtin = year_view::builtin_for_year(builtin, &self.ctx.site.stats, self.ctx.year);
        let line = self.line(sc.line);
        let site = self.ctx.site;
        let ui = self.ctx.ui;
        let medium = chart_medium(self.ctx.paper, self.src.slot);
        match builtin {
            Builtin::Stat(a) => site
                .stats
                .stat_text(&a.key, a.year)
                .map(|t| escape(&t))
                .unwrap_or_default(),
            Builtin::Kpis(a) => self.kpis(&a),
            Builtin::Chart(a) => {
                let html = match a {
                    ChartArgs::Breakdown(args) => {
                        charts::breakdown_chart_for(&site.stats, &args, ui, medium)
                    }
                    ChartArgs::Series(args) => {
                        charts::series_chart_for(&site.stats, &args, ui, medium)
                    }
                };
                match html.ok().and_then(|h| self.ctx.assets.chart(&h)) {
                    Some(v) => {
                        let title = v["title"].as_str().unwrap_or("");
                        let alt = if title.is_empty() {
                            self.src.title
                        } else {
                            title
                        };
                        format!(
                            "#xh_chart({}, {}, {})",
                            string_lit(v["path"].as_str().unwrap_or("")),
                            string_lit(title),
                            string_lit(alt)
                        )
                    }
                    None => String::new(),
                }
            }
            Builtin::Map(a) => {
                let points = a.source.points(&site.map_points);
                // The base areas, but no base image: its URL means nothing inside a PDF.
                let base = site
                    .map_base()
                    .map(|b| charts::MapBase { image: None, ..b });
                let html = charts::map_for(&points, base.as_ref(), ui, medium);
                match self.ctx.assets.svg(&html) {
                    Some(p) => format!(
                        "#xh_chart({}, none, {})",
                        string_lit(&p),
                        string_lit(self.src.title)
                    ),
                    None => String::new(),
                }
            }
            Builtin::Figure(a) => {
                let Some(p) = self.image_at(&a.src, line) else {
                    return String::new();
                };
                let cap = match &a.caption {
                    Some(c) => format!("[{}]", escape(c)),
                    None => "none".into(),
                };
                let alt = a
                    .alt
                    .as_deref()
                    .or(a.caption.as_deref())
                    .unwrap_or(self.src.title);
                format!("#xh_figure({}, {cap}, {})", string_lit(&p), string_lit(alt))
            }
            Builtin::Gallery => self.gallery(line),
            Builtin::Video(a) => self.video(&a, line),
            Builtin::Qr(a) => {
                let url = a.url.unwrap_or_else(|| self.src.permalink.clone());
                let qr = self.ctx.assets.qr(&url);
                format!("#xh_qr({}, {})", string_lit(&qr), string_lit(&url))
            }
        }
    }

    fn kpis(&mut self, a: &KpisArgs) -> String {
        let site = self.ctx.site;
        let Ok(y) = site.stats.year_or_latest(a.year) else {
            return String::new();
        };
        let items: Vec<serde_json::Value> = y
            .metrics
            .iter()
            .filter(|m| a.keys.as_ref().is_none_or(|k| k.contains(&m.key)))
            .map(|m| super::model::kpi(site, y.year, m, self.ctx.ui))
            .collect();
        let p = self.ctx.assets.json(&serde_json::Value::Array(items));
        format!("#xh_kpis(json({}))", string_lit(&p))
    }

    fn gallery(&mut self, line: usize) -> String {
        let imgs: Vec<PathBuf> = self.src.images.clone();
        let mut paths = Vec::new();
        for i in imgs {
            match self.ctx.assets.image(&i) {
                Ok(p) if self.src.shown.contains(&p) || self.placed.contains(&p) => {}
                Ok(p) => paths.push(string_lit(&p)),
                Err(e) => self.image_problem(e, &crate::diag::display_path(&i), line),
            }
        }
        if paths.is_empty() {
            return String::new();
        }
        format!(
            "#xh_gallery(({},), {})",
            paths.join(", "),
            string_lit(self.src.title)
        )
    }

    /// The poster and a QR code of the video's address.
    fn video(&mut self, a: &VideoArgs, line: usize) -> String {
        let site = self.ctx.site;
        let src = &a.src;
        let url = if src.contains("://") {
            src.clone()
        } else {
            match super::assets::resolve(site, &self.src.base, src) {
                Ok(p) => {
                    let key = crate::diag::display_path(&p);
                    let rel = key
                        .strip_prefix("content/")
                        .or_else(|| key.strip_prefix("static/"))
                        .unwrap_or(&key);
                    site.permalink(rel)
                }
                Err(_) => self.src.permalink.clone(),
            }
        };
        let poster = match &a.poster {
            Some(p) => match self.image_at(p, line) {
                Some(v) => string_lit(&v),
                None => "none".into(),
            },
            None => "none".into(),
        };
        let qr = self.ctx.assets.qr(&url);
        format!(
            "#xh_video({poster}, {}, {}, {})",
            string_lit(&qr),
            string_lit(&url),
            string_lit(self.src.title)
        )
    }
}

impl Hooks for BodyHooks<'_, '_, '_, '_> {
    fn link(&mut self, dest: &str, _line: usize) -> Option<String> {
        if dest.contains("://") || dest.starts_with("mailto:") {
            return Some(dest.to_string());
        }
        let (path, frag) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let key = if let Some(k) = path.strip_prefix("@/") {
            k.to_string()
        } else if path.is_empty() {
            return None;
        } else {
            let full = self.src.base.join(path);
            let d = crate::diag::display_path(&full);
            d.strip_prefix("content/").unwrap_or(&d).to_string()
        };
        let url = self.ctx.links.get(&key)?;
        Some(match frag {
            Some(f) => format!("{url}#{f}"),
            None => url.clone(),
        })
    }

    fn image(&mut self, src: &str, line: usize) -> Option<String> {
        let line = self.line(line);
        self.image_at(src, line)
    }

    fn page_ref(&mut self, dest: &str) -> Option<String> {
        let url = self.link(dest, 0)?;
        let url = url.split_once('#').map_or(url.as_str(), |(u, _)| u);
        self.ctx.in_report.get(url).cloned()
    }

    fn default_alt(&self) -> String {
        self.src.title.to_string()
    }

    fn shortcode(&mut self, index: usize) -> String {
        match self.codes.get(index).cloned() {
            Some(sc) => self.shortcode_code(&sc),
            None => String::new(),
        }
    }
}
