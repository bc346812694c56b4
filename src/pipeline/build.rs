//! `build`: render every job in parallel into a staging folder beside the output, copy
//! the static files and image copies, and swap the folder in only when everything was
//! written (see [`output::Staging`]). Skipped when nothing changed since the last
//! clean build ([`fingerprint`]).

use std::path::Path;

use rayon::prelude::*;

use crate::config::BuildOptions;
use crate::content::{body_store, front_store};
use crate::diag::{self, Diagnostic, Diagnostics};
use crate::paths::FileSource;
use crate::render::{self, Job, Renderer};
use crate::{fingerprint, output, search, tr};

/// What a successful build did.
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub warnings: Diagnostics,
    /// Nothing changed since the last clean build: the output was left as it was
    /// (see [`fingerprint`]).
    pub up_to_date: bool,
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
    let (memo, loaded) = body_store::load(root);
    let (r, warnings) = super::build_renderer(root, options, &memo)?;
    let jobs = ordered_jobs(&r);
    // The last build's counted search index (see `search::store`) is read while the
    // staging folder is made, and the bodies and front matter are stored while the
    // pages are written: a store that cannot be read or written only makes a build slower.
    let (staging, failed) = std::thread::scope(|scope| {
        let reading = scope.spawn(|| search::store::load(root));
        let staging = output::Staging::new(out).map_err(|e| output_error(out, &e))?;
        scope.spawn(|| {
            let _ = body_store::save(root, &memo, &loaded);
            let pages = &r.site.pages;
            if !(memo.fronts()).are_exactly(pages.iter().map(|p| p.front_key)) {
                let fronts = pages.iter().map(|p| (p.front_key, &*p.front));
                let _ = front_store::save(root, fronts);
            }
        });
        let reading = std::sync::Mutex::new(Some(reading));
        // Joined by the search job, once; the reading thread uses no rayon pool, so a
        // worker waiting for it never waits for itself.
        let previous = || {
            let handle = crate::sync::lock(&reading).take()?;
            handle
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p))
        };
        let failed = write_all(root, &r, &jobs, &staging, relative, &previous);
        Ok::<_, Diagnostics>((staging, failed))
    })?;
    if !failed.is_empty() {
        staging.abort();
        let mut errors = at_most_five(failed);
        errors.extend(warnings);
        return Err(errors);
    }
    let tree = staging.commit().map_err(|e| output_error(out, &e))?;
    let record = fingerprint::Record {
        pages: r.site.pages.len(),
        files: jobs.len() + r.site.static_files.len() + r.images.files.len(),
    };
    if let Some(fp) = fingerprint.filter(|_| warnings.is_empty()) {
        // Without a record the next build is a full one: nothing to report.
        let _ = match tree {
            Some(tree) => fp.record_with(&record, tree),
            None => fp.record(&record),
        };
    }
    Ok(BuildReport {
        pages: record.pages,
        files: record.files,
        warnings,
        up_to_date: false,
    })
}

/// Every job, long single jobs first: rayon hands the start of the list to the first
/// thread, so they no longer run alone at the end of the build while the other core
/// idles.
fn ordered_jobs(r: &Renderer) -> Vec<Job> {
    let mut jobs = render::jobs(&r.site);
    jobs.sort_by_key(|j| match j {
        Job::SearchIndex => 0,
        Job::Sitemap | Job::Atom | Job::Kiosk => 1,
        Job::TaxonomyTerm { .. } | Job::Filter { .. } => 2,
        _ => 3,
    });
    jobs
}

/// Render and write every job, copy every static file and image copy; the errors.
/// The search job counts the index from the one `previous` gives (see
/// [`write_search`]).
fn write_all(
    root: &Path,
    r: &Renderer,
    jobs: &[Job],
    staging: &output::Staging,
    relative: bool,
    previous: &(dyn Fn() -> Option<search::uncut::Uncut> + Sync),
) -> Vec<Diagnostic> {
    let base_path = r.site.config.base_path();
    let results: Vec<Result<(), Diagnostic>> = jobs
        .par_iter()
        .with_max_len(1)
        .map(|j| {
            if matches!(j, Job::SearchIndex) {
                return write_search(root, r, previous(), staging);
            }
            // A page or listing whose inputs are those of the current output's copy
            // is kept: pages by their view, listings by their template's context.
            let (digest, prepared) = match j {
                Job::Page(_) => (render::page_digest(r, j), None),
                _ => match render::prepare(r, j, render::Fill::Digest) {
                    render::Prepared::Template(t) => (t.digest(r), Some(t)),
                    render::Prepared::Done(path, bytes) => {
                        let bytes = relativized(relative, &path, bytes, &base_path);
                        return staging
                            .write(&path, &bytes)
                            .map_err(|e| write_error(&path, &e));
                    }
                },
            };
            if let Some(d) = digest {
                let path = render::path(&r.site, j);
                if staging
                    .keep_page(&path, d)
                    .map_err(|e| write_error(&path, &e))?
                {
                    return Ok(());
                }
            }
            let (path, bytes) = match prepared {
                Some(t) => render::finish(r, j, t)?,
                None => render::render(r, j)?,
            };
            let bytes = relativized(relative, &path, bytes, &base_path);
            match digest {
                Some(d) => staging.write_page(&path, &bytes, d),
                None => staging.write(&path, &bytes),
            }
            .map_err(|e| write_error(&path, &e))
        })
        .collect();
    // Static files, then image copies (one after the other: a later write wins).
    let copied: Vec<Result<(), Diagnostic>> = r
        .site
        .static_files
        .par_iter()
        .map(|f| {
            match &f.source {
                FileSource::Disk(p) => staging.copy(&f.out, p),
                FileSource::Embedded(b) => staging.write(&f.out, b),
            }
            .map_err(|e| copy_error(&f.out, &e))
        })
        .collect();
    let resized: Vec<Result<(), Diagnostic>> = r
        .images
        .files
        .par_iter()
        .map(|(out, cached)| staging.copy(out, cached).map_err(|e| copy_error(out, &e)))
        .collect();
    results
        .into_iter()
        .chain(copied)
        .chain(resized)
        .filter_map(Result::err)
        .collect()
}

/// Seeds the digest of a search file's bytes, so that it is never taken for the
/// digest of a page's inputs.
const SEARCH_FILE_SEED: u64 = 0x7365_6172_6368_6a73;

/// Write the search index: one file, or (a large site) shards written as they are
/// made. It is counted from the last build's (`previous`) where it can be, and stored
/// for the next.
fn write_search(
    root: &Path,
    r: &Renderer,
    previous: Option<search::uncut::Uncut>,
    staging: &output::Staging,
) -> Result<(), Diagnostic> {
    let failed = std::sync::Mutex::new(String::new());
    // A search file is kept by the digest of its bytes, as a page is by its inputs'
    // (see `output::Staging::keep_page`): an edit changes a few of its hundreds of
    // files, and the others are neither read back nor written.
    let put = |path: &str, bytes: &[u8]| {
        let digest = xxhash_rust::xxh3::xxh3_64_with_seed(bytes, SEARCH_FILE_SEED);
        match staging.keep_page(path, digest) {
            Ok(true) => Ok(()),
            Ok(false) => staging.write_page(path, bytes, digest),
            Err(e) => Err(e),
        }
        .inspect_err(|_| {
            *failed.lock().unwrap_or_else(|e| e.into_inner()) = path.to_string();
        })
    };
    let counted = search::counted(&r.site, previous);
    let _ = search::store::save(root, &counted);
    search::write_counted(counted, &put).map_err(|e| {
        let path = failed.into_inner().unwrap_or_else(|e| e.into_inner());
        write_error(&path, &e)
    })
}

/// `bytes` of the file at `path` with every link relative (`--relative`) when it is a
/// page.
fn relativized(relative: bool, path: &str, bytes: Vec<u8>, base_path: &str) -> Vec<u8> {
    if relative && path.ends_with(".html") {
        let html = String::from_utf8_lossy(&bytes);
        output::relativize_html(&html, path, base_path).into_bytes()
    } else {
        bytes
    }
}

/// A full disk fails every file: the first five, then how many more.
fn at_most_five(failed: Vec<Diagnostic>) -> Diagnostics {
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
    errors
}

fn write_error(path: &str, e: &std::io::Error) -> Diagnostic {
    diag::io_error(None, tr!("cannot write {path}", "无法写入 {path}"), e).with_hint(write_hint())
}

fn copy_error(o: &str, e: &std::io::Error) -> Diagnostic {
    diag::io_error(None, tr!("cannot copy {o}", "无法复制 {o}"), e).with_hint(write_hint())
}

/// The output folder itself cannot be prepared or swapped in.
fn output_error(out: &Path, e: &std::io::Error) -> Diagnostics {
    let o = diag::display_path(out);
    vec![diag::io_error(
        None,
        tr!(
            "cannot write the output folder {o}",
            "无法写入输出文件夹 {o}"
        ),
        e,
    )
    .with_hint(tr!(
        "check that the disk has space and the folder is writable",
        "请检查磁盘空间以及文件夹是否可写"
    ))]
    .into()
}

/// What to do when the output cannot be written.
fn write_hint() -> diag::Text {
    tr!(
        "the disk may be full or the folder read-only: free some space, or build into another folder with `--output DIR`; the previous output was kept",
        "磁盘可能已满或文件夹不可写：请清理磁盘空间，或用 `--output 文件夹` 生成到别处；原来的输出没有改动"
    )
}
