//! The build a preview serves: the same pipeline as `xinghuo build` (`pipeline`:
//! the frozen site, images, `render`), kept in memory — a map from output path to body — instead of a
//! staging folder. Nothing under the user's `public/` is touched.
//!
//! Speed: the model is rebuilt after every change (with the session's [`Memo`], so
//! only changed files are parsed and rendered from Markdown again), but pages are not
//! rendered up front: each output is a [`Job`] rendered from the new model the first
//! time it is requested (and kept), so a change is served as soon as the model is
//! ready. [`Output::render_all`] then renders the rest in the background to find
//! template errors. Every page comes from the model of the build that serves it, so
//! none is ever stale.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::config::BuildOptions;
use crate::content::memo::{Memo, Stamp, Stamps};
use crate::diag::{Diagnostic, Diagnostics};
use crate::paths::FileSource;
use crate::render::{self, Job, Renderer};

/// One served file.
#[derive(Clone, Debug)]
pub(crate) enum Body {
    /// Embedded in the binary.
    Memory(Arc<[u8]>),
    /// A file copied as is (site or theme `static/`, page bundle assets, resized image
    /// copies in the image cache); read when requested.
    Disk(PathBuf),
    /// A rendered output: the index of its job in [`Output`], rendered on request.
    Job(usize),
}

/// The output of one build whose model loaded without errors: output path
/// (`stations/x/index.html`, no leading slash, not percent-encoded) → body.
#[derive(Default)]
pub(crate) struct Output {
    pub files: HashMap<String, Body>,
    pub pages: usize,
    renderer: Option<Arc<Renderer>>,
    jobs: Vec<Job>,
    rendered: Vec<OnceLock<Result<Arc<[u8]>, Diagnostic>>>,
    /// Each content file's stamp as this build read it.
    stamps: Stamps,
    /// What every page reads besides its own file ([`global_inputs`]), stamped before
    /// this build read any of it.
    globals: Vec<(PathBuf, Option<Stamp>)>,
}

impl Output {
    /// Whether `body` is still what its sources say: for a page, its own file has the
    /// stamp this build read; for every rendered file, the configuration, templates
    /// and data are unchanged. A few `stat` calls: a request that comes before the
    /// watcher's event of an edit (a busy machine) is not answered from the old build.
    pub(crate) fn is_current(&self, root: &Path, body: &Body) -> bool {
        let Body::Job(i) = body else {
            return true; // copied files are read when requested
        };
        let own = match (self.jobs.get(*i), &self.renderer) {
            (Some(Job::Page(id)), Some(r)) => {
                let src = &r.site.pages[*id].source;
                (self.stamps.get(src)).is_none_or(|s| Stamp::of(&root.join(src)) == Some(s))
            }
            _ => true,
        };
        own && (self.globals.iter()).all(|(p, s)| Stamp::of(&root.join(p)) == *s)
    }

    /// The bytes of job `i`, rendered now if no request or background pass has yet.
    pub(crate) fn render(&self, i: usize) -> Result<Arc<[u8]>, Diagnostic> {
        let (Some(r), Some(job), Some(cell)) =
            (&self.renderer, self.jobs.get(i), self.rendered.get(i))
        else {
            return Ok(Arc::from(Vec::new()));
        };
        cell.get_or_init(|| {
            render::render(r, job).map(|(path, bytes)| {
                debug_assert_eq!(path, render::path(&r.site, job), "render::path is wrong");
                Arc::from(bytes)
            })
        })
        .clone()
    }

    /// Render every job not rendered yet on `pool`, until `stop()` says this build has
    /// been superseded. Returns the errors found (none when stopped).
    pub(crate) fn render_all(
        &self,
        pool: &rayon::ThreadPool,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Diagnostics {
        let errors: Vec<Diagnostic> = pool.install(|| {
            (0..self.jobs.len())
                .into_par_iter()
                .filter_map(|i| {
                    if stop() {
                        return None;
                    }
                    self.render(i).err()
                })
                .collect()
        });
        if stop() {
            return Diagnostics::new();
        }
        errors.into()
    }
}

/// Load the site in `root` into a lazily rendered output. Image copies come from (and
/// fill) the same cache `build` uses, so an unchanged image is never re-encoded.
pub(crate) fn build(
    root: &Path,
    options: BuildOptions,
    memo: &Memo,
) -> Result<(Output, Diagnostics), Diagnostics> {
    let globals = global_inputs(root);
    let (r, warnings) = crate::pipeline::build_renderer(root, options, memo)?;
    let site = &r.site;
    let jobs = render::jobs(site);
    let mut files: HashMap<String, Body> =
        HashMap::with_capacity(jobs.len() + site.static_files.len() + r.images.files.len());
    // Same precedence as a build writing in this order: static files, image copies,
    // then rendered pages.
    for f in &site.static_files {
        let body = match &f.source {
            FileSource::Disk(p) => Body::Disk(p.clone()),
            FileSource::Embedded(b) => Body::Memory(Arc::from(*b)),
        };
        files.insert(f.out.clone(), body);
    }
    for (out, cached) in &r.images.files {
        files.insert(out.clone(), Body::Disk(cached.clone()));
    }
    for (i, job) in jobs.iter().enumerate() {
        files.insert(render::path(site, job), Body::Job(i));
    }
    let rendered = jobs.iter().map(|_| OnceLock::new()).collect();
    Ok((
        Output {
            files,
            pages: site.pages.len(),
            renderer: Some(Arc::new(r)),
            jobs,
            rendered,
            stamps: memo.stamps(),
            globals,
        },
        warnings,
    ))
}

/// The files every page may read besides its own: the configuration, `data/`,
/// `templates/` and the themes' templates and strings (not their `static/` files,
/// which are served as they are on disk), each with its stamp now.
fn global_inputs(root: &Path) -> Vec<(PathBuf, Option<Stamp>)> {
    let mut out = vec![PathBuf::from(super::watch::CONFIG)];
    for dir in ["data", "templates", "themes"] {
        let walk = walkdir::WalkDir::new(root.join(dir))
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.file_name() != "static");
        for e in walk
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            if let Ok(rel) = e.path().strip_prefix(root) {
                out.push(rel.to_path_buf());
            }
        }
    }
    out.into_iter()
        .map(|p| {
            let s = Stamp::of(&root.join(&p));
            (p, s)
        })
        .collect()
}
