//! xinghuo (星火): a static-site generator for party-building exhibitions and reports.
//!
//! The flow (see ARCHITECTURE.md): [`config`] → [`content`] and [`data`] →
//! [`stats`] → [`site`] (the frozen model) → [`render`] (HTML, in parallel) →
//! [`output`] (staging folder swapped in on success). Problems are [`diag`] values.

// Diagnostics are rich values (two languages, hint, location) carried in `Err`; boxing
// each one would only add noise.
#![allow(clippy::result_large_err)]

pub mod charts;
pub mod check;
pub mod config;
pub mod content;
pub mod data;
pub mod diag;
pub mod fingerprint;
pub mod fsutil;
pub mod images;
pub mod init;
pub mod markdown;
pub mod output;
#[cfg(test)]
mod proptests;
pub mod render;
pub mod report;
pub mod search;
pub mod serve;
pub mod shortcodes;
pub mod site;
pub mod stats;
pub mod text;
pub mod yaml;

use std::path::Path;

use rayon::prelude::*;

use diag::{Diagnostic, Diagnostics};
use site::{BuildOptions, FileSource};

/// What a successful build did.
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub warnings: Diagnostics,
    /// Nothing changed since the last clean build: the output was left as it was
    /// (see [`fingerprint`]).
    pub up_to_date: bool,
}

/// Validate the whole site as a build would, writing nothing.
pub fn check(root: &Path, options: BuildOptions) -> Result<Diagnostics, Diagnostics> {
    let (mut site, mut warnings) = site::load(root, options)?;
    let (image_set, image_diags) = images::process(&site, images::Mode::Check);
    site.image_set = image_set;
    warnings.extend(image_diags);
    render::set_globals(&mut site);
    let jobs = render::jobs(&site);
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|j| render::render(&site, j).err())
        .collect();
    if errors.is_empty() {
        Ok(warnings)
    } else {
        let mut d = warnings;
        d.extend(errors);
        Err(d)
    }
}

/// The frozen model every HTML renderer works from (`build` and `serve`): the loaded
/// site with its image copies (from and into the shared cache) and template globals.
pub(crate) fn prepare(
    root: &Path,
    options: BuildOptions,
) -> Result<(site::Site, Diagnostics), Diagnostics> {
    prepare_with(root, options, &site::memo::Memo::default())
}

/// [`prepare`] with the memo of a `serve` session.
pub(crate) fn prepare_with(
    root: &Path,
    options: BuildOptions,
    memo: &site::memo::Memo,
) -> Result<(site::Site, Diagnostics), Diagnostics> {
    let (mut site, mut warnings) = site::load_with(root, options, memo)?;
    let cache = root.join(images::CACHE_DIR);
    let (image_set, image_diags) = images::process(&site, images::Mode::Build { cache: &cache });
    site.image_set = image_set;
    warnings.extend(image_diags);
    render::set_globals(&mut site);
    Ok((site, warnings))
}

/// Build the site in `root` into `out`. On error nothing in `out` changes.
pub fn build(root: &Path, out: &Path, options: BuildOptions) -> Result<BuildReport, Diagnostics> {
    let relative = options.relative;
    // Taken before anything is read: an input changed during the build makes the
    // next one a full build.
    let fingerprint = fingerprint::Fingerprint::of_inputs(root, out, &options).ok();
    if let Some(fp) = &fingerprint {
        if let Some(r) = fp.up_to_date() {
            return Ok(BuildReport {
                pages: r.pages,
                files: r.files,
                warnings: Diagnostics::new(),
                up_to_date: true,
            });
        }
        fp.forget();
    }
    let (site, warnings) = prepare(root, options)?;
    let io_err = |e: std::io::Error| {
        let diag::Text { en, zh } = diag::io_reason(&e);
        let o = diag::display_path(out);
        let d: Diagnostics = vec![Diagnostic::error(
            None,
            0,
            tr!(
                "cannot write the output folder {o}: {en}",
                "无法写入输出文件夹 {o}：{zh}"
            ),
        )
        .with_hint(tr!(
            "check that the disk has space and the folder is writable",
            "请检查磁盘空间以及文件夹是否可写"
        ))]
        .into();
        d
    };
    let staging = output::Staging::new(out).map_err(io_err)?;
    let base_path = site.config.base_path();
    let mut jobs = render::jobs(&site);
    // Long single jobs first: rayon hands the start of the list to the first thread,
    // so they no longer run alone at the end of the build while the other core idles.
    jobs.sort_by_key(|j| match j {
        render::Job::SearchIndex => 0,
        render::Job::Sitemap | render::Job::Atom | render::Job::Kiosk => 1,
        render::Job::TaxonomyTerm(..) | render::Job::Filter(..) => 2,
        _ => 3,
    });
    render::context::warm(&site);
    let results: Vec<Result<(), Diagnostic>> = jobs
        .par_iter()
        .with_max_len(1)
        .map(|j| {
            if matches!(j, render::Job::SearchIndex) {
                // Streamed to its file: the index of a large site is tens of MB.
                let path = search::INDEX_PATH;
                return staging
                    .write_stream(path, |w| search::write_index_js(&site, w))
                    .map_err(|e| {
                        let diag::Text { en, zh } = diag::io_reason(&e);
                        Diagnostic::error(
                            None,
                            0,
                            tr!("cannot write {path}: {en}", "无法写入 {path}：{zh}"),
                        )
                        .with_hint(write_hint())
                    });
            }
            let (path, bytes) = render::render(&site, j)?;
            let bytes = if relative && path.ends_with(".html") {
                let html = String::from_utf8_lossy(&bytes);
                output::relativize_html(&html, &path, &base_path).into_bytes()
            } else {
                bytes
            };
            staging.write(&path, &bytes).map_err(|e| {
                let diag::Text { en, zh } = diag::io_reason(&e);
                Diagnostic::error(
                    None,
                    0,
                    tr!("cannot write {path}: {en}", "无法写入 {path}：{zh}"),
                )
                .with_hint(write_hint())
            })
        })
        .collect();
    let copied: Vec<Result<(), Diagnostic>> = site
        .static_files
        .par_iter()
        .map(|f| {
            let r = match &f.source {
                FileSource::Disk(p) => staging.copy(&f.out, p),
                FileSource::Embedded(b) => staging.write(&f.out, b),
            };
            r.map_err(|e| {
                let diag::Text { en, zh } = diag::io_reason(&e);
                let o = &f.out;
                Diagnostic::error(None, 0, tr!("cannot copy {o}: {en}", "无法复制 {o}：{zh}"))
                    .with_hint(write_hint())
            })
        })
        .collect();
    let resized: Vec<Result<(), Diagnostic>> = site
        .image_set
        .files
        .par_iter()
        .map(|(out, cached)| {
            staging.copy(out, cached).map_err(|e| {
                let diag::Text { en, zh } = diag::io_reason(&e);
                Diagnostic::error(
                    None,
                    0,
                    tr!("cannot copy {out}: {en}", "无法复制 {out}：{zh}"),
                )
                .with_hint(write_hint())
            })
        })
        .collect();
    // A full disk fails every file: show the first few, then how many more.
    let failed: Vec<Diagnostic> = results
        .into_iter()
        .chain(copied)
        .chain(resized)
        .filter_map(Result::err)
        .collect();
    let mut errors = Diagnostics::new();
    let more = failed.len().saturating_sub(5);
    errors.extend(failed.into_iter().take(5));
    if more > 0 {
        errors.push(Diagnostic::error(
            None,
            0,
            tr!(
                "{more} more files could not be written",
                "另有 {more} 个文件无法写入"
            ),
        ));
    }
    if errors.has_errors() {
        staging.abort();
        errors.extend(warnings);
        return Err(errors);
    }
    staging.commit().map_err(io_err)?;
    let record = fingerprint::Record {
        pages: site.pages.len(),
        files: jobs.len() + site.static_files.len() + site.image_set.files.len(),
    };
    if let Some(fp) = fingerprint.filter(|_| warnings.is_empty()) {
        // Without a record the next build is a full one: nothing to report.
        let _ = fp.record(&record);
    }
    Ok(BuildReport {
        pages: record.pages,
        files: record.files,
        warnings,
        up_to_date: false,
    })
}

/// What `report` wrote.
pub struct ReportRun {
    pub path: std::path::PathBuf,
    pub pages: usize,
    pub bytes: usize,
    pub warnings: Diagnostics,
}

/// Make the report of one year (SPEC §7) and write it to `output` (default:
/// `public/reports/YEAR.pdf` or `.html` in the site). Nothing is written on error.
pub fn report(
    root: &Path,
    opts: &report::ReportOptions,
    output: Option<&Path>,
    progress: &dyn Fn(report::Stage),
) -> Result<ReportRun, Diagnostics> {
    let (site, mut warnings) = site::load(root, BuildOptions::default())?;
    let template = report_template(root, &site);
    let read = |p: &Path| std::fs::read(root.join(p)).ok();
    let input = report::ReportInput {
        template,
        config_text: std::fs::read_to_string(root.join("site-config.toml")).ok(),
        read: &read,
    };
    let out = report::generate(&site, opts, &input, progress)?;
    warnings.extend(out.warnings);
    let ext = match opts.format {
        report::Format::Pdf => "pdf",
        report::Format::Html => "html",
    };
    let path = output.map(Path::to_path_buf).unwrap_or_else(|| {
        root.join("public/reports")
            .join(format!("{}.{ext}", opts.year))
    });
    let write = || -> std::io::Result<()> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension(format!("{ext}.tmp"));
        std::fs::write(&tmp, &out.bytes)?;
        std::fs::rename(&tmp, &path)
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
fn report_template(root: &Path, site: &site::Site) -> Option<(std::path::PathBuf, String)> {
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
/// (see [`report::typst_source`]); for tests.
#[doc(hidden)]
pub fn report_typst_source(
    root: &Path,
    opts: &report::ReportOptions,
) -> Result<serde_json::Value, Diagnostics> {
    let (site, _) = site::load(root, BuildOptions::default())?;
    let read = |p: &Path| std::fs::read(root.join(p)).ok();
    let input = report::ReportInput {
        template: None,
        config_text: None,
        read: &read,
    };
    report::typst_source(&site, opts, &input)
}

/// What to do when the output cannot be written.
fn write_hint() -> diag::Text {
    tr!(
        "the disk may be full or the folder read-only: free some space, or build into another folder with `--output DIR`; the previous output was kept",
        "磁盘可能已满或文件夹不可写：请清理磁盘空间，或用 `--output 文件夹` 生成到别处；原来的输出没有改动"
    )
}
