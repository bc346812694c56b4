//! The build a preview serves: the same pipeline as `xinghuo build` (`site::load`,
//! images, `render`), but collected into memory — a map from output path to bytes —
//! instead of a staging folder. Nothing under the user's `public/` is touched.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::render;
use crate::site::{BuildOptions, FileSource};

/// One served file.
#[derive(Clone, Debug)]
pub enum Body {
    /// Rendered by this build (HTML, feeds, search index) or embedded in the binary.
    Memory(Arc<[u8]>),
    /// A file copied as is (site or theme `static/`, page bundle assets, resized image
    /// copies in the image cache); read when requested.
    Disk(PathBuf),
}

/// The output of one successful build: output path (`stations/x/index.html`, no
/// leading slash, not percent-encoded) → body.
#[derive(Default)]
pub struct Output {
    pub files: HashMap<String, Body>,
    pub pages: usize,
}

/// Build the site in `root` into memory. Image copies come from (and fill) the same
/// cache `build` uses, so an unchanged image is never re-encoded.
pub fn build(root: &Path, options: BuildOptions) -> Result<(Output, Diagnostics), Diagnostics> {
    let (site, warnings) = crate::prepare(root, options)?;
    let jobs = render::jobs(&site);
    let rendered: Vec<Result<(String, Vec<u8>), Diagnostic>> =
        jobs.par_iter().map(|j| render::render(&site, j)).collect();
    let mut files: HashMap<String, Body> = HashMap::with_capacity(
        rendered.len() + site.static_files.len() + site.image_set.files.len(),
    );
    // Same precedence as a build writing in this order: static files, image copies,
    // then rendered pages.
    for f in &site.static_files {
        let body = match &f.source {
            FileSource::Disk(p) => Body::Disk(p.clone()),
            FileSource::Embedded(b) => Body::Memory(Arc::from(*b)),
        };
        files.insert(f.out.clone(), body);
    }
    for (out, cached) in &site.image_set.files {
        files.insert(out.clone(), Body::Disk(cached.clone()));
    }
    let mut errors = Diagnostics::new();
    for r in rendered {
        match r {
            Ok((path, bytes)) => {
                files.insert(path, Body::Memory(Arc::from(bytes)));
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.has_errors() {
        errors.extend(warnings);
        return Err(errors);
    }
    Ok((
        Output {
            files,
            pages: site.pages.len(),
        },
        warnings,
    ))
}
