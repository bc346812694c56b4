//! The pipeline every command runs, in one direction:
//! config → theme → [`site::read`] (content, data, statistics, links) → template
//! functions get the statistics → [`site::freeze`] (bodies, listings: the frozen
//! `Site`) → images → [`Renderer`] → output (`build`: [`build`], `serve`: in memory) or
//! the report ([`report`]).
//!
//! Each stage returns its problems as diagnostics; a stage with errors stops the
//! pipeline before anything is written.

mod build;
mod report;

use std::path::Path;

use rayon::prelude::*;

use crate::config::{BuildOptions, Config};
use crate::content::memo::Memo;
use crate::diag::{Diagnostic, Diagnostics};
use crate::images;
use crate::render::{self, Renderer};
use crate::site::{self, Bodies, Site};
use crate::theme::{self, Templates};

pub use build::{build, BuildReport};
pub use report::{report, report_typst_source, ReportRun};

/// The configuration of the site in `root`, with `--base-url` applied.
fn config(root: &Path, options: &BuildOptions) -> Result<Config, Diagnostics> {
    let mut config = crate::config::load(root)?;
    if let Some(b) = &options.base_url {
        config.base_url = if b.ends_with('/') {
            b.clone()
        } else {
            format!("{b}/")
        };
    }
    Ok(config)
}

/// Load the frozen site and its theme (see the module docs). `Ok` carries the
/// warnings; `memo` (see [`Memo`]) lets `serve` skip what did not change.
pub(crate) fn load(
    root: &Path,
    options: BuildOptions,
    memo: &Memo,
    bodies: Bodies,
) -> Result<(Site, Templates, Diagnostics), Diagnostics> {
    memo.begin();
    let config = config(root, &options)?;
    let mut diags = Diagnostics::new();
    let mut theme = theme::load(root, &config, &mut diags);
    if diags.has_errors() {
        // Broken templates would only cause a cascade of confusing errors below.
        return Err(diags);
    }
    let inputs = site::read(root, config, options, memo, &mut diags);
    theme::register_stats_functions(
        &mut theme.tera,
        std::sync::Arc::new(inputs.stats.clone()),
        std::sync::Arc::new(inputs.map_points.clone()),
        site::map_base(inputs.config(), &inputs.map_areas),
        inputs.config().ui,
    );
    let (site, warnings) = site::freeze(inputs, &theme, memo, bodies, diags)?;
    Ok((site, theme, warnings))
}

/// The frozen site in `root` and the warnings (for tools and tests that read the
/// model; commands go through [`build`], [`check`] or [`report`]).
pub fn load_site(root: &Path, options: BuildOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    let (site, _, warnings) = load(root, options, &Memo::default(), Bodies::Html)?;
    Ok((site, warnings))
}

/// The renderer of the site in `root`: the frozen site, its theme and its image
/// copies (from and into the shared cache in [`images::Mode::Build`]).
pub(crate) fn renderer(
    root: &Path,
    options: BuildOptions,
    mode: images::Mode<'_>,
) -> Result<(Renderer, Diagnostics), Diagnostics> {
    renderer_with(root, options, mode, &Memo::default())
}

/// [`renderer`] with the memo of a `serve` session.
pub(crate) fn renderer_with(
    root: &Path,
    options: BuildOptions,
    mode: images::Mode<'_>,
    memo: &Memo,
) -> Result<(Renderer, Diagnostics), Diagnostics> {
    let (site, theme, mut warnings) = load(root, options, memo, Bodies::Html)?;
    let (image_set, image_diags) = images::process(&site, mode);
    warnings.extend(image_diags);
    Ok((Renderer::new(site, theme, image_set), warnings))
}

/// The renderer `build` and `serve` use: image copies from (and into) the site's cache.
pub(crate) fn build_renderer(
    root: &Path,
    options: BuildOptions,
    memo: &Memo,
) -> Result<(Renderer, Diagnostics), Diagnostics> {
    let cache = root.join(images::CACHE_DIR);
    renderer_with(root, options, images::Mode::Build { cache: &cache }, memo)
}

/// Validate the whole site as a build would (every page rendered), writing nothing.
pub fn check(root: &Path, options: BuildOptions) -> Result<Diagnostics, Diagnostics> {
    let (r, warnings) = renderer(root, options, images::Mode::Check)?;
    let jobs = render::jobs(&r.site);
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|j| render::render(&r, j).err())
        .collect();
    if errors.is_empty() {
        Ok(warnings)
    } else {
        let mut d = warnings;
        d.extend(errors);
        Err(d)
    }
}
