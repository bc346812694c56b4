//! The frozen [`Site`] model and the stages that build it, in two steps the pipeline
//! calls in order:
//! - [`read`]: discover and parse content, data and statistics, validate what needs
//!   the whole site (URLs, units, privacy), build the link index, list the static
//!   files and map points → [`Inputs`];
//! - [`freeze`]: render every body (parallel; or only check them, see [`Bodies`]),
//!   resolve covers and portraits, check
//!   report includes, sort collections and taxonomies → `Site`.
//!
//! Between the two the pipeline gives the theme the statistics (template functions),
//! since site-defined shortcodes render through it. A `Site` is never changed after
//! `freeze`; renderers (HTML, search, reports) only read it and never touch the disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::charts::{MapArea, MapBase, MapImage, MapPoint};
use crate::config::{BuildOptions, Config, Taxonomy};
use crate::content::body::BodyEnv;
use crate::content::links::LinkIndex;
use crate::content::memo::Memo;
use crate::content::{Page, ReportSource, Section};
use crate::data::Unit;
use crate::diag::Diagnostics;
use crate::paths::{StaticFile, PATH_SET};
use crate::stats::Stats;
use crate::theme::Templates;

mod bodies;
mod checks;
mod files;
mod index;
mod links;
mod order;
mod pages;

pub(crate) use order::{sort_pages, term_slug};
pub(crate) use pages::{PageId, PageSet, Pages};

/// One collection (`[collections.NAME]`) with its published pages, sorted per
/// `sort_by` (ids of [`Site::pages`]).
#[derive(Clone, Debug)]
pub struct Collection {
    pub name: String,
    pub pages: Vec<PageId>,
}

/// One term of a taxonomy with its pages (ids of [`Site::pages`]).
#[derive(Clone, Debug)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub pages: Vec<PageId>,
}

#[derive(Clone, Debug)]
pub struct TaxonomyIndex {
    pub taxonomy: Taxonomy,
    pub terms: Vec<Term>,
}

/// Cover and portrait URLs of one page.
#[derive(Clone, Debug, Default)]
pub struct PageImages {
    pub cover: Option<String>,
    pub portrait: Option<String>,
}

/// The whole site, validated and with its bodies rendered to HTML fragments;
/// read-only from here on.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub options: BuildOptions,
    pub home: Section,
    /// One per collection, in config order (a default one when `_index.md` is absent).
    pub sections: Vec<Section>,
    /// Published pages (drafts only with `--drafts`).
    pub pages: Pages,
    /// One per collection, in config order (the same order as `sections`).
    pub collections: Vec<Collection>,
    pub taxonomies: Vec<TaxonomyIndex>,
    pub stats: Stats,
    pub units: Vec<Unit>,
    pub data: Value,
    pub static_files: Vec<StaticFile>,
    pub map_points: Vec<MapPoint>,
    /// The areas of `[map] geojson` (empty without it).
    pub map_areas: Vec<MapArea>,
    pub reports: Vec<ReportSource>,
    /// Cover and portrait URLs by page (pages with neither are absent).
    pub images: BTreeMap<PageId, PageImages>,
}

impl Site {
    pub fn url(&self, rel: &str) -> String {
        format!("{}{}", self.config.base_path(), rel)
    }

    pub fn permalink(&self, rel: &str) -> String {
        let enc = percent_encoding::utf8_percent_encode(rel, PATH_SET).to_string();
        format!("{}{}", self.config.base_url, enc)
    }

    pub fn collection_pages(&self, name: &str) -> &[PageId] {
        self.collections
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.pages.as_slice())
            .unwrap_or(&[])
    }

    /// The base map of `[map]`, if the site has one.
    pub fn map_base(&self) -> Option<MapBase> {
        map_base(&self.config, &self.map_areas)
    }
}

/// The base map of `[map]` with the `areas` read from its `geojson`.
pub(crate) fn map_base(config: &Config, areas: &[MapArea]) -> Option<MapBase> {
    config.map.as_ref().map(|m| MapBase {
        image: m.image.as_ref().map(|(image, bounds)| MapImage {
            url: format!("{}{}", config.base_path(), image.trim_start_matches('/')),
            bounds: *bounds,
        }),
        areas: areas.to_vec(),
    })
}

/// URL segments the built-in pages use; content may not take them.
pub(crate) const RESERVED: &[&str] = &[
    "stats",
    "units",
    "timeline",
    "search",
    "kiosk",
    "404.html",
    "sitemap.xml",
    "atom.xml",
    "reports",
];

/// What [`freeze`] does with the page bodies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bodies {
    /// Render them to HTML (the website, the HTML report).
    Html,
    /// Make every check rendering makes (shortcodes, links, images, raw HTML), with the
    /// same diagnostics, but no HTML: `html`, `summary`, `toc` and `text` of pages and
    /// sections stay empty (the PDF report, which typesets the Markdown itself).
    Check,
    /// The HTML report of a year: every body is checked as written, and page bodies
    /// are rendered as that year's report shows them ([`crate::content::year_view`]).
    Report(i32),
}

/// What [`read`] found: everything parsed and cross-checked, bodies not rendered yet.
pub(crate) struct Inputs {
    root: PathBuf,
    config: Config,
    options: BuildOptions,
    home: Section,
    sections: Vec<Section>,
    pages: Vec<Page>,
    reports: Vec<ReportSource>,
    links: LinkIndex,
    static_files: Vec<StaticFile>,
    /// The statistics, the points on maps: what template functions read.
    pub stats: Stats,
    pub map_points: Vec<MapPoint>,
    /// The areas of `[map] geojson`.
    pub map_areas: Vec<MapArea>,
    units: Vec<Unit>,
    data: Value,
}

impl Inputs {
    pub(crate) fn config(&self) -> &Config {
        &self.config
    }
}

/// Stage one: read and cross-check every input of the site in `root` (see the module
/// docs). Problems go to `diags`.
pub(crate) fn read(
    root: &Path,
    config: Config,
    options: BuildOptions,
    memo: &Memo,
    diags: &mut Diagnostics,
) -> Inputs {
    let scan = |file: &Path, text: &str| checks::privacy(&config, file, text);
    let mut loaded = crate::content::load(root, &config, &scan, memo, diags);
    let data = crate::data::load(root, diags);
    let (stats, stat_diags) = crate::stats::load(&data.stats_files);
    diags.extend(stat_diags);
    for (file, text) in &data.texts {
        diags.extend(checks::privacy(&config, file, text));
    }
    // Drafts: validated, then left out (and remembered, so links to them are errors).
    let drafts = links::drafts(&loaded.pages);
    if !options.drafts {
        loaded.pages.retain(|p| !p.front.draft);
    }
    let (home, sections) = index::sections(&config, &mut loaded);
    checks::check_urls(&config, &loaded.pages, diags);
    checks::check_units(&loaded.pages, &data.units, diags);
    let mut links = links::link_index(&config, &options, &loaded, &sections, &home, drafts);
    let static_files = files::static_files(root, &config, &links::all_assets(&loaded), diags);
    links
        .static_files
        .extend(static_files.iter().map(|f| f.out.clone()));
    let map_points = files::map_points(&config, &loaded.pages, &data.units);
    let map_areas = match config.map.as_ref().and_then(|m| m.geojson.as_deref()) {
        Some(g) => crate::geojson::load(root, g, diags),
        None => Vec::new(),
    };
    Inputs {
        root: root.to_path_buf(),
        config,
        options,
        home,
        sections,
        pages: loaded.pages,
        reports: loaded.reports,
        links,
        static_files,
        stats,
        map_points,
        map_areas,
        units: data.units,
        data: data.tree,
    }
}

/// Stage two: render the bodies with `theme` (site-defined shortcodes), resolve page
/// images, check report includes, and order collections and taxonomies. `Ok` carries
/// the warnings (those of `diags` too).
pub(crate) fn freeze(
    inputs: Inputs,
    theme: &Templates,
    memo: &Memo,
    mode: Bodies,
    mut diags: Diagnostics,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let Inputs {
        root,
        config,
        options,
        mut home,
        mut sections,
        mut pages,
        reports,
        links,
        static_files,
        stats,
        map_points,
        map_areas,
        units,
        data,
    } = inputs;
    let markdown = bodies::markdown_options(&config);
    let env = BodyEnv {
        config: &config,
        links: &links,
        stats: &stats,
        map_points: &map_points,
        map_base: map_base(&config, &map_areas),
        tera: &theme.tera,
        site_shortcodes: &theme.shortcodes,
        markdown: &markdown,
        year: match mode {
            Bodies::Report(y) => Some(y),
            _ => None,
        },
    };
    bodies::render_pages(&env, theme.key, memo, &mut pages, mode, &mut diags);
    bodies::render_sections(&env, &mut sections, &mut home, mode, &mut diags);
    let pages = Pages::new(pages);
    let images = checks::page_images(&links, &pages, &mut diags);
    links::check_includes(&links, &reports, &mut diags);
    let title_keys = index::title_keys(pages.as_slice());
    let collections = index::collections(&config, &pages, &title_keys);
    let taxonomies = index::taxonomies(&config, &pages, &title_keys);
    if diags.has_errors() {
        return Err(diags);
    }
    let site = Site {
        root,
        config,
        options,
        home,
        sections,
        pages,
        collections,
        taxonomies,
        stats,
        units,
        data,
        static_files,
        map_points,
        map_areas,
        reports,
        images,
    };
    Ok((site, diags))
}
