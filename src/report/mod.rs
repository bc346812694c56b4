//! `xinghuo report` (docs/reference/reports.md): the annual report of one year as a PDF made with the
//! Typst compiler embedded as a library (no external program), or as one print-ready
//! HTML file. The report reads only the frozen [`Site`] plus files handed in through a
//! reader; the Typst document reads only in-memory files ([`world`]).
//!
//! Flow: [`model`] picks the pages and figures → [`body`]/[`markup`] turn Markdown into
//! escaped Typst markup → the template (`themes/default/report/report.typ`, overridable)
//! reads `/report.json` → compile → PDF (timestamp from `SOURCE_DATE_EPOCH` or the
//! content, fixed document id: byte-identical output) → optional booklet imposition
//! ([`booklet`]) and BleedBox ([`booklet::set_bleed_box`]).

pub(crate) mod assets;
pub mod audit;
pub(crate) mod body;
pub(crate) mod booklet;
pub(crate) mod fonts;
pub(crate) mod html;
pub mod markup;
pub(crate) mod model;
pub(crate) mod print;
pub(crate) mod world;

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use typst::foundations::{Datetime, Smart};
use typst::WorldExt;
use typst_layout::PagedDocument;

use crate::charts::Ui;
use crate::config::Kind;
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::{PageId, Site};
use crate::tr;
use assets::{Assets, Reader};
use body::{BodySource, Ctx};

/// The built-in template.
pub(crate) const DEFAULT_TEMPLATE: &str = include_str!("../../themes/default/report/report.typ");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Html,
}

#[derive(Clone, Debug)]
pub struct ReportOptions {
    pub year: i32,
    pub format: Format,
    pub booklet: bool,
    /// Bleed in millimetres (0: none).
    pub bleed_mm: f64,
    /// `SOURCE_DATE_EPOCH`, when set.
    pub source_date_epoch: Option<i64>,
}

/// What the report is made from besides the site.
pub(crate) struct ReportInput<'a> {
    /// A template overriding the built-in one: (path relative to the site, text).
    pub template: Option<(PathBuf, String)>,
    /// The text of site-config.toml (for line numbers in messages).
    pub config_text: Option<String>,
    pub read: Reader<'a>,
}

/// Where the work is, for a progress display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Preparing,
    Compiling,
    Exporting,
    Imposing,
}

pub(crate) struct ReportOutput {
    pub bytes: Vec<u8>,
    /// Pages of the PDF (sheet sides for a booklet); 0 for HTML.
    pub pages: usize,
    pub warnings: Diagnostics,
}

/// Make the report of `opts.year`.
pub(crate) fn generate(
    site: &Site,
    opts: &ReportOptions,
    input: &ReportInput<'_>,
    progress: &dyn Fn(Stage),
) -> Result<ReportOutput, Diagnostics> {
    progress(Stage::Preparing);
    let year = opts.year;
    let foreword = site.reports.iter().find(|r| r.year == year);
    let include: &[String] = foreword.map(|r| r.front.include.as_slice()).unwrap_or(&[]);
    let sections = model::select(site, year, include);
    let mut warnings = model::check_year(site, year, foreword.is_some(), &sections);
    if warnings.has_errors() {
        return Err(warnings);
    }
    if opts.format == Format::Html {
        let bytes = html::render(site, opts, &sections, input.read, &mut warnings)?;
        return Ok(ReportOutput {
            bytes,
            pages: 0,
            warnings,
        });
    }

    let all_pages: Vec<PageId> = sections
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .collect();
    let font_set = load_fonts(site, input, foreword, &all_pages, &mut warnings);

    // The data and files of the document.
    let mut assets = Assets::new(input.read);
    let mut diags: Vec<Diagnostic> = Vec::new();
    let date = model::report_date(site, year, &all_pages, opts.source_date_epoch);
    let data = document_data(site, opts, &sections, date, &mut assets, &mut diags);
    if diags
        .iter()
        .any(|d| d.severity == crate::diag::Severity::Error)
    {
        let mut all = warnings;
        all.extend(diags);
        return Err(all);
    }
    warnings.extend(diags);
    let mut files = assets.files;
    files.push((
        "/report.json".into(),
        serde_json::to_vec(&data).expect("JSON values serialize"),
    ));

    progress(Stage::Compiling);
    let (template_file, template) = match &input.template {
        Some((p, t)) => (Some(p.clone()), t.clone()),
        None => (None, DEFAULT_TEMPLATE.to_string()),
    };
    let today = (
        chrono::Datelike::year(&date),
        chrono::Datelike::month(&date) as u8,
        chrono::Datelike::day(&date) as u8,
    );
    let w = world::MemWorld::new(template, files, &font_set, today);
    let doc = compile(&w, template_file.as_deref())?;
    progress(Stage::Exporting);
    let mut pdf = export(&doc, year, date, &w, template_file.as_deref())?;
    let mut pages = doc.pages().len();
    if opts.booklet {
        progress(Stage::Imposing);
        let title = data["title"].as_str().unwrap_or("").to_string();
        let (b, n) = booklet::impose(
            &pdf,
            pages,
            &title,
            &site.config.organization,
            &font_set,
            today,
        )
        .map_err(|m| internal(m, None))?;
        pdf = export(&b, year, date, &w, None)?;
        pages = n;
    }
    if opts.bleed_mm > 0.0 && !opts.booklet {
        pdf = booklet::set_bleed_box(&pdf).map_err(|m| internal(m, None))?;
    }
    Ok(ReportOutput {
        bytes: pdf,
        pages,
        warnings,
    })
}

/// The fonts of the report (the site's, then the system's when those lack characters
/// the report uses); characters no font has become warnings.
fn load_fonts(
    site: &Site,
    input: &ReportInput<'_>,
    foreword: Option<&crate::content::ReportSource>,
    all_pages: &[PageId],
    warnings: &mut Diagnostics,
) -> fonts::Fonts {
    let (folders, font_diags) =
        fonts::folders(&site.root, &site.config.fonts, input.config_text.as_deref());
    warnings.extend(font_diags);
    let mut font_set = fonts::Fonts::load(&folders);
    let mut texts = model::texts(site, all_pages);
    if let Some(f) = foreword {
        texts.push((
            f.source.clone(),
            f.front.line_of("title"),
            f.front.title.clone(),
        ));
        texts.push((f.source.clone(), f.body_line, f.body.clone()));
    }
    let mut missing = fonts::uncovered(&font_set, &texts);
    if !missing.is_empty() {
        font_set.add_system();
        missing = fonts::uncovered(&font_set, &texts);
    }
    warnings.extend(missing);
    font_set
}

/// The `/report.json` the template reads: every text as a JSON string, and each body
/// (foreword, cases) as the Typst markup it evaluates.
fn document_data(
    site: &Site,
    opts: &ReportOptions,
    sections: &[(usize, Vec<PageId>)],
    date: chrono::NaiveDate,
    assets: &mut Assets<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Value {
    let foreword = site.reports.iter().find(|r| r.year == opts.year);
    let links = model::link_map(site);
    let mut ctx = Ctx {
        site,
        assets,
        links: &links,
        ui: site.config.ui,
        paper: print::Paper::from_name(&paper_name(site, opts)),
        diags,
    };
    build_data(&mut ctx, opts, foreword, sections, date)
}

/// The `/report.json` of a PDF report (the document's data and the Typst markup of
/// every body), without typesetting it: for tests that check the markup
/// ([`audit::check`]).
#[doc(hidden)]
pub(crate) fn typst_source(
    site: &Site,
    opts: &ReportOptions,
    input: &ReportInput<'_>,
) -> Result<Value, Diagnostics> {
    let foreword = site.reports.iter().find(|r| r.year == opts.year);
    let include: &[String] = foreword.map(|r| r.front.include.as_slice()).unwrap_or(&[]);
    let sections = model::select(site, opts.year, include);
    let warnings = model::check_year(site, opts.year, foreword.is_some(), &sections);
    if warnings.has_errors() {
        return Err(warnings);
    }
    let all_pages: Vec<PageId> = sections
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .collect();
    let date = model::report_date(site, opts.year, &all_pages, opts.source_date_epoch);
    let mut assets = Assets::new(input.read);
    let mut diags = Vec::new();
    Ok(document_data(
        site,
        opts,
        &sections,
        date,
        &mut assets,
        &mut diags,
    ))
}

fn build_data(
    ctx: &mut Ctx<'_, '_>,
    opts: &ReportOptions,
    foreword: Option<&crate::content::ReportSource>,
    sections: &[(usize, Vec<PageId>)],
    date: chrono::NaiveDate,
) -> Value {
    let site = ctx.site;
    let year = opts.year;
    let ui = ctx.ui;
    let zh = ui == Ui::Zh;
    let title = report_title(foreword, year, zh);
    let foreword_markup = foreword.filter(|f| !f.body.trim().is_empty()).map(|f| {
        let src = BodySource {
            file: &f.source,
            body: &f.body,
            body_line: f.body_line,
            base: f.source.parent().map(Path::to_path_buf).unwrap_or_default(),
            permalink: site.config.base_url.clone(),
            images: Vec::new(),
            slot: print::Slot::Body,
        };
        body::to_markup(ctx, &src, 1)
    });
    let figures = model::figures(site, year, (ui, ctx.paper), ctx.assets);
    let mut secs = Vec::new();
    for (ci, idx) in sections {
        let c = &site.config.collections[*ci];
        let sec_title = site
            .sections
            .iter()
            .find(|s| s.collection.as_deref() == Some(&c.name))
            .map(|s| s.front.title.clone())
            .unwrap_or_else(|| c.title.clone());
        let cases: Vec<Value> = idx.iter().map(|&i| case(ctx, i, year)).collect();
        secs.push(json!({"title": sec_title, "kind": c.kind.name(), "cases": cases}));
    }
    let paper = paper_name(site, opts);
    let date_text = if zh {
        format!(
            "{}年{}月",
            chrono::Datelike::year(&date),
            chrono::Datelike::month(&date)
        )
    } else {
        date.format("%B %Y").to_string()
    };
    json!({
        "lang": if zh { "zh" } else { "en" },
        "region": if zh { "cn" } else { "gb" },
        "year": year,
        "title": title,
        "organization": site.config.organization,
        "site": site.config.title,
        "keywords": [site.config.title.clone(), year.to_string()],
        "date_text": date_text,
        "paper": paper,
        "bleed_mm": if opts.booklet { 0.0 } else { opts.bleed_mm },
        "words": model::words(ui),
        "foreword": foreword_markup,
        "figures": figures,
        "sections": secs,
    })
}

/// `paper` of `/report.json`: `a5` for a booklet, else `[report].paper` (`a4`, `a5`).
fn paper_name(site: &Site, opts: &ReportOptions) -> String {
    if opts.booklet {
        "a5".to_string()
    } else {
        site.config.paper.to_ascii_lowercase()
    }
}

fn case(ctx: &mut Ctx<'_, '_>, i: PageId, year: i32) -> Value {
    let site = ctx.site;
    let p = &site.pages[i];
    let permalink = site.permalink(&p.rel_url);
    let base = model::base_dir(p);
    let image = |key: &str, v: &Option<String>, ctx: &mut Ctx<'_, '_>| -> Option<String> {
        let v = v.as_deref()?;
        match ctx.assets.page_image(site, &base, v) {
            Ok(path) => Some(path),
            Err(assets::ImageError::Missing(m)) => {
                let m = crate::diag::display_path(&m);
                ctx.diags.push(
                    Diagnostic::error(
                        Some(p.source.clone()),
                        p.front.line_of(key),
                        tr!(
                            "the image `{v}` is missing (looked for {m})",
                            "图片 `{v}` 不存在（查找的是 {m}）"
                        ),
                    )
                    .with_hint(tr!("check the file name", "请检查文件名")),
                );
                None
            }
            Err(_) => None,
        }
    };
    let cover = image("cover", &p.front.cover, ctx);
    let portrait = image("portrait", &p.front.fields.portrait, ctx);
    let src = BodySource {
        file: &p.source,
        body: &p.body,
        body_line: p.body_line,
        base: base.clone(),
        permalink: permalink.clone(),
        images: p
            .assets
            .iter()
            .filter(|a| a.is_image())
            .map(|a| a.source.clone())
            .collect(),
        // The template shows activities as a timeline, other cases in full width.
        slot: if p.kind == Kind::Activity {
            print::Slot::Timeline
        } else {
            print::Slot::Body
        },
    };
    let markup = body::to_markup(ctx, &src, 2);
    let qr = ctx.assets.qr(&permalink);
    let mut honors = p.front.fields.honors.clone();
    honors.sort_by_key(|h| std::cmp::Reverse(h.year));
    let fields: Vec<[String; 2]> = model::fields(site, p, ctx.ui)
        .into_iter()
        .map(|(a, b)| [a, b])
        .collect();
    let date_text = p.front.date.map(|d| {
        if ctx.ui == Ui::Zh {
            d.date.format("%m月%d日").to_string()
        } else {
            d.date.format("%d %b").to_string()
        }
    });
    let _ = year;
    json!({
        "title": p.front.title,
        "kind": p.kind.name(),
        "url": permalink,
        "qr": qr,
        "cover": cover,
        "portrait": if p.kind == Kind::Member { portrait } else { None },
        "quote": p.front.fields.quote,
        "honors": honors,
        "fields": fields,
        "date_text": date_text,
        "body": markup,
    })
}

fn compile(w: &world::MemWorld<'_>, template: Option<&Path>) -> Result<PagedDocument, Diagnostics> {
    let warned = typst::compile::<PagedDocument>(w);
    warned.output.map_err(|errs| {
        let v: Vec<Diagnostic> = errs.iter().map(|e| typst_diag(w, e, template)).collect();
        v.into()
    })
}

fn export(
    doc: &PagedDocument,
    year: i32,
    date: chrono::NaiveDate,
    w: &world::MemWorld<'_>,
    template: Option<&Path>,
) -> Result<Vec<u8>, Diagnostics> {
    let dt = Datetime::from_ymd_hms(
        chrono::Datelike::year(&date),
        chrono::Datelike::month(&date) as u8,
        chrono::Datelike::day(&date) as u8,
        0,
        0,
        0,
    );
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(format!("xinghuo-report-{year}")),
        creator: Smart::Custom(Some("xinghuo".into())),
        timestamp: dt.map(typst_pdf::Timestamp::new_utc),
        ..typst_pdf::PdfOptions::default()
    };
    typst_pdf::pdf(doc, &options).map_err(|errs| {
        let v: Vec<Diagnostic> = errs.iter().map(|e| typst_diag(w, e, template)).collect();
        v.into()
    })
}

/// A Typst error as a diagnostic: in the template (its line) when it points there.
fn typst_diag(
    w: &world::MemWorld<'_>,
    e: &typst::diag::SourceDiagnostic,
    template: Option<&Path>,
) -> Diagnostic {
    let msg = e.message.to_string();
    let hints: Vec<String> = e.hints.iter().map(|h| h.v.to_string()).collect();
    let mut line = 0;
    if let Some(id) = e.span.id() {
        if let (Some(text), Some(range)) = (w.source_text(id), w.range(e.span)) {
            line = crate::diag::line_col(text, range.start).0;
        }
    }
    let file = template
        .map(Path::to_path_buf)
        .or_else(|| Some(PathBuf::from("themes/default/report/report.typ")));
    let mut d = Diagnostic::error(
        file,
        line,
        tr!(
            "the report could not be typeset: {msg}",
            "报告排版失败：{msg}"
        ),
    );
    if !hints.is_empty() {
        let h = hints.join("; ");
        d = d.with_hint(tr!("{h}", "{h}"));
    }
    d
}

/// The report's title: the foreword's `title`, else "YEAR年度工作报告".
fn report_title(foreword: Option<&crate::content::ReportSource>, year: i32, zh: bool) -> String {
    foreword
        .map(|f| f.front.title.trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| {
            if zh {
                format!("{year}年度工作报告")
            } else {
                format!("Annual report {year}")
            }
        })
}

fn internal(m: String, file: Option<PathBuf>) -> Diagnostics {
    vec![Diagnostic::error(
        file,
        0,
        tr!("the report could not be made: {m}", "无法生成报告：{m}"),
    )]
    .into()
}
