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
mod case;
pub(crate) mod fonts;
pub(crate) mod html;
pub mod markup;
pub(crate) mod model;
pub(crate) mod print;
mod signoff;
pub(crate) mod world;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use typst::foundations::{Datetime, Smart};
use typst::WorldExt;
use typst_layout::PagedDocument;

use crate::charts::Ui;
use crate::config::PdfStandard;
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
    let font_set = load_fonts(site, opts, input, foreword, &all_pages, &mut warnings);
    if warnings.has_errors() {
        return Err(warnings);
    }

    // The data and files of the document.
    let mut assets = Assets::new(input.read);
    let mut diags: Vec<Diagnostic> = Vec::new();
    let date = model::report_date(site, year, &all_pages, opts.source_date_epoch);
    let mut data = document_data(site, opts, &sections, date, &mut assets, &mut diags);
    plain_separators(&mut data);
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
    let mut w = world::MemWorld::new(template, files, &font_set, today);
    let mut doc = compile(&w, template_file.as_deref())?;
    let pad = (4 - doc.pages().len() % 4) % 4;
    if opts.booklet && pad > 0 {
        // A booklet's back cover is its last page, a multiple of four: blank pages go
        // before it. Typst cannot count its own pages ahead, so typeset again.
        data["pad"] = json!(pad);
        let json = serde_json::to_vec(&data).expect("JSON values serialize");
        w.replace("/report.json", json);
        doc = compile(&w, template_file.as_deref())?;
    }
    progress(Stage::Exporting);
    let standards = pdf_standards(site.config.pdf_standard, print_shop(opts));
    let mut pdf = export(&doc, standards, year, date, &w, template_file.as_deref())?;
    let mut pages = doc.pages().len();
    if opts.booklet {
        progress(Stage::Imposing);
        let title = data["title"].as_str().unwrap_or("").to_string();
        let lang = data["lang"].as_str().unwrap_or("zh");
        let region = data["region"].as_str().unwrap_or("cn");
        let (b, n) = booklet::impose(
            &pdf,
            pages,
            (&title, &site.config.organization, lang, region),
            &font_set,
            today,
        )
        .map_err(|m| internal(m, None))?;
        pdf = export(&b, &[], year, date, &w, None)?;
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
    opts: &ReportOptions,
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
    if !pdf_standards(site.config.pdf_standard, print_shop(opts)).is_empty() {
        // PDF/A cannot show a character without a glyph: an error here, at its line,
        // instead of Typst's at export.
        missing = missing.into_iter().map(fonts::archival_error).collect();
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
    let in_report: BTreeMap<String, String> = sections
        .iter()
        .flat_map(|(_, v)| v.iter())
        .map(|&i| (site.permalink(&site.pages[i].rel_url), case::label(i)))
        .collect();
    let mut ctx = Ctx {
        site,
        assets,
        links: &links,
        in_report: &in_report,
        ui: site.config.ui,
        year: opts.year,
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
    let (foreword_body, signoff) = foreword.map_or(("", Vec::new()), |f| signoff::split(&f.body));
    let foreword_markup = foreword.filter(|f| !f.body.trim().is_empty()).map(|f| {
        let src = BodySource {
            file: &f.source,
            title: &f.front.title,
            body: foreword_body,
            body_line: f.body_line,
            base: f.source.parent().map(Path::to_path_buf).unwrap_or_default(),
            permalink: site.config.base_url.clone(),
            images: Vec::new(),
            shown: Vec::new(),
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
        let cases: Vec<Value> = idx.iter().map(|&i| case::case(ctx, i, year)).collect();
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
        "booklet": opts.booklet,
        // Blank pages before a booklet's back cover (set by a second pass).
        "pad": 0,
        "cmyk": site.config.pdf_standard == PdfStandard::None || print_shop(opts),
        "site_url": site.config.base_url,
        "site_qr": ctx.assets.qr(&site.config.base_url),
        "bleed_mm": if opts.booklet { 0.0 } else { opts.bleed_mm },
        "words": model::words(ui),
        "foreword": foreword_markup,
        "signoff": signoff,
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

/// Line and paragraph separators (U+2028, U+2029: pasted from word processors) as
/// spaces: no font draws them, and PDF/A refuses a character without a glyph.
fn plain_separators(v: &mut Value) {
    match v {
        Value::String(s) => {
            if let std::borrow::Cow::Owned(t) = crate::text::plain_separators(s) {
                *s = t;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(plain_separators),
        Value::Object(o) => o.values_mut().for_each(plain_separators),
        _ => {}
    }
}

/// Whether the output is a file for the print shop (`--booklet`, `--bleed`): its brand
/// colours are CMYK, which PDF/A cannot hold without a print profile (typst-pdf 0.15
/// writes none), so it follows no archival standard. The plain report is the archival one.
fn print_shop(opts: &ReportOptions) -> bool {
    opts.booklet || opts.bleed_mm > 0.0
}

/// What typst-pdf is asked to conform to.
fn pdf_standards(s: PdfStandard, print_shop: bool) -> &'static [typst_pdf::PdfStandard] {
    use typst_pdf::PdfStandard as P;
    match (s, print_shop) {
        (PdfStandard::None, _) | (_, true) => &[],
        (PdfStandard::A2b, false) => &[P::A_2b],
        (PdfStandard::Ua1, false) => &[P::A_2b, P::Ua_1],
    }
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
    standards: &[typst_pdf::PdfStandard],
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
        standards: typst_pdf::PdfStandards::new(standards)
            .expect("PDF/A-2b and PDF/UA-1 go together"),
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
