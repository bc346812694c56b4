//! `report`: the annual report of one year from the frozen site (see
//! [`crate::report`]), written to its file only when it was made whole.

use std::path::Path;

use crate::config::BuildOptions;
use crate::content::memo::Memo;
use crate::diag::{self, Diagnostic, Diagnostics};
use crate::report as typeset;
use crate::site::{Bodies, Site};
use crate::tr;

/// What `report` wrote.
pub struct ReportRun {
    pub path: std::path::PathBuf,
    pub pages: usize,
    pub bytes: usize,
    pub warnings: Diagnostics,
}

/// Make the report of one year (see docs/reference) and write it to `output` (default:
/// `public/reports/YEAR.pdf` or `.html` in the site). Nothing is written on error.
pub fn report(
    root: &Path,
    opts: &typeset::ReportOptions,
    output: Option<&Path>,
    progress: &dyn Fn(typeset::Stage),
) -> Result<ReportRun, Diagnostics> {
    // The PDF typesets the Markdown itself: the bodies are checked, not rendered.
    let bodies = match opts.format {
        typeset::Format::Pdf => Bodies::Check,
        typeset::Format::Html => Bodies::Report(opts.year),
    };
    let (site, _, mut warnings) =
        super::load(root, BuildOptions::default(), &Memo::default(), bodies)?;
    let template = report_template(root, &site);
    let read = |p: &Path| std::fs::read(root.join(p)).ok();
    let input = typeset::ReportInput {
        template,
        config_text: std::fs::read_to_string(root.join("site-config.toml")).ok(),
        read: &read,
    };
    let out = typeset::generate(&site, opts, &input, progress)?;
    warnings.extend(out.warnings);
    let ext = match opts.format {
        typeset::Format::Pdf => "pdf",
        typeset::Format::Html => "html",
    };
    let path = output.map(Path::to_path_buf).unwrap_or_else(|| {
        root.join("public/reports")
            .join(format!("{}.{ext}", opts.year))
    });
    let write = || -> std::io::Result<()> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        crate::fsutil::write_atomic(&path, &out.bytes)
    };
    write().map_err(|e| {
        let why = e.to_string();
        let p = diag::display_path(&path);
        let d: Diagnostics = vec![Diagnostic::error(
            None,
            0,
            tr!("cannot write {p}: {why}", "无法写入 {p}：{why}"),
        )]
        .into();
        d
    })?;
    Ok(ReportRun {
        path,
        pages: out.pages,
        bytes: out.bytes.len(),
        warnings,
    })
}

/// A site's or theme's report template, overriding the built-in one.
fn report_template(root: &Path, site: &Site) -> Option<(std::path::PathBuf, String)> {
    [
        Path::new("templates/report/report.typ").to_path_buf(),
        Path::new("themes")
            .join(&site.config.theme)
            .join("report/report.typ"),
    ]
    .into_iter()
    .find_map(|p| {
        let text = std::fs::read_to_string(root.join(&p)).ok()?;
        Some((p, text))
    })
}

/// The data and Typst markup `xinghuo report` would typeset for the site in `root`
/// (see [`typeset::typst_source`]); for tests.
#[doc(hidden)]
pub fn report_typst_source(
    root: &Path,
    opts: &typeset::ReportOptions,
) -> Result<serde_json::Value, Diagnostics> {
    let (site, _, _) = super::load(
        root,
        BuildOptions::default(),
        &Memo::default(),
        Bodies::Check,
    )?;
    let read = |p: &Path| std::fs::read(root.join(p)).ok();
    let input = typeset::ReportInput {
        template: None,
        config_text: None,
        read: &read,
    };
    typeset::typst_source(&site, opts, &input)
}
