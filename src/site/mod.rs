//! The frozen [`Site`] model and the pipeline that builds it:
//! config → templates → discover and parse content → data and statistics → link index
//! and validation → render bodies (parallel) → collections, taxonomies → `Site`.
//! Renderers (HTML, search, reports) only read a `Site`; they never touch the disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;

use crate::charts::{MapBase, MapPoint};
use crate::config::{Config, SortBy, Taxonomy};
use crate::content::body::{render_body, BodyEnv, BodyInput};
use crate::content::frontmatter::FrontMatter;
use crate::content::links::{LinkIndex, Target};
use crate::content::{Asset, Page, ReportSource, Section};
use crate::data::Unit;
use crate::diag::{did_you_mean, Diagnostic, Diagnostics};
use crate::render;
use crate::render::templates::Templates;

mod checks;
mod files;
pub mod memo;
mod order;

use crate::stats::Stats;
use crate::tr;
use checks::{check_units, check_urls, privacy, resolve_image};
use files::{map_points, static_files};
pub use order::{sort_pages, sort_pages_keyed, term_slug, title_key};

/// Options of `build` (and `serve`, `check`).
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    pub drafts: bool,
    pub base_url: Option<String>,
    pub relative: bool,
}

/// Where a file copied to the output comes from.
#[derive(Clone, Debug)]
pub enum FileSource {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

/// A file copied as is to `out` (URL path, no leading slash).
#[derive(Clone, Debug)]
pub struct StaticFile {
    pub source: FileSource,
    pub out: String,
}

/// One term of a taxonomy with its pages (indices into `Site::pages`).
#[derive(Clone, Debug)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub pages: Vec<usize>,
}

#[derive(Clone, Debug)]
pub struct TaxonomyIndex {
    pub taxonomy: Taxonomy,
    pub terms: Vec<Term>,
}

/// The whole site, validated and rendered to HTML fragments; read-only from here on.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub options: BuildOptions,
    pub home: Section,
    /// One per collection, in config order (a default one when `_index.md` is absent).
    pub sections: Vec<Section>,
    /// Published pages (drafts only with `--drafts`).
    pub pages: Vec<Page>,
    /// Collection name → its pages, sorted per `sort_by`.
    pub collections: Vec<(String, Vec<usize>)>,
    pub taxonomies: Vec<TaxonomyIndex>,
    pub stats: Stats,
    pub units: Vec<Unit>,
    pub data: Value,
    pub static_files: Vec<StaticFile>,
    pub templates: Templates,
    pub map_points: Vec<MapPoint>,
    pub reports: Vec<ReportSource>,
    /// Cover and portrait URLs by page index.
    pub images: BTreeMap<usize, (Option<String>, Option<String>)>,
    /// Sizes and resized copies of the images (filled by `images::process` before
    /// rendering; empty until then).
    pub image_set: crate::images::ImageSet,
    /// Values the renderers compute once per build (see [`render::context::Memo`]).
    pub memo: render::context::Memo,
}

impl Site {
    pub fn url(&self, rel: &str) -> String {
        format!("{}{}", self.config.base_path(), rel)
    }

    pub fn permalink(&self, rel: &str) -> String {
        let enc = percent_encoding::utf8_percent_encode(rel, PATH_SET).to_string();
        format!("{}{}", self.config.base_url, enc)
    }

    pub fn collection_pages(&self, name: &str) -> &[usize] {
        self.collections
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
            .unwrap_or(&[])
    }
}

pub const PATH_SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// URL segments the built-in pages use; content may not take them.
pub const RESERVED: &[&str] = &[
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

/// Run the whole pipeline. `Ok` carries the warnings.
pub fn load(root: &Path, options: BuildOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    load_with(root, options, &memo::Memo::default())
}

/// [`load`], reusing what `memo` kept from the last load (see [`memo`]); `serve` keeps
/// one memo for its whole session.
pub fn load_with(
    root: &Path,
    options: BuildOptions,
    memo: &memo::Memo,
) -> Result<(Site, Diagnostics), Diagnostics> {
    memo.begin();
    let mut config = crate::config::load(root)?;
    if let Some(b) = &options.base_url {
        config.base_url = if b.ends_with('/') {
            b.clone()
        } else {
            format!("{b}/")
        };
    }
    let mut diags = Diagnostics::new();
    let templates = crate::render::templates::load(root, &config, &mut diags);
    if diags.has_errors() {
        // Broken templates would only cause a cascade of confusing errors below.
        return Err(diags);
    }
    let scan = |file: &Path, text: &str| privacy(&config, file, text);
    let mut loaded = crate::content::load(root, &config, &scan, memo, &mut diags);
    let data = crate::data::load(root, &mut diags);
    let (stats, stat_diags) = crate::stats::load(&data.stats_files);
    diags.extend(stat_diags);
    for (file, text) in &data.texts {
        diags.extend(privacy(&config, file, text));
    }

    // Drafts: validated, then left out (and remembered, so links to them are errors).
    let drafts_for_links: Vec<(String, String)> = loaded
        .pages
        .iter()
        .filter(|p| p.front.draft)
        .map(|p| (content_key(&p.source), p.rel_url.clone()))
        .collect();
    if !options.drafts {
        loaded.pages.retain(|p| !p.front.draft);
    }

    // Sections: one per collection.
    let mut sections = Vec::new();
    for c in &config.collections {
        let s = match loaded
            .sections
            .iter()
            .position(|s| s.collection.as_deref() == Some(&c.name))
        {
            Some(i) => loaded.sections.swap_remove(i),
            None => Section {
                source: None,
                collection: Some(c.name.clone()),
                rel_url: format!("{}/", c.name),
                front: FrontMatter {
                    title: c.title.clone(),
                    ..FrontMatter::default()
                },
                body: String::new(),
                body_line: 1,
                html: String::new(),
                summary: String::new(),
            },
        };
        sections.push(s);
    }
    let home = loaded.home.take().unwrap_or_else(|| Section {
        source: None,
        collection: None,
        rel_url: String::new(),
        front: FrontMatter {
            title: config.title.clone(),
            ..FrontMatter::default()
        },
        body: String::new(),
        body_line: 1,
        html: String::new(),
        summary: String::new(),
    });

    check_urls(&config, &loaded.pages, &mut diags);
    check_units(&loaded.pages, &data.units, &mut diags);

    // The link index.
    let base_path = config.base_path();
    let mut links = LinkIndex {
        base_path: base_path.clone(),
        ..LinkIndex::default()
    };
    for p in &loaded.pages {
        links.content.insert(
            content_key(&p.source),
            Target {
                rel_url: p.rel_url.clone(),
                draft: p.front.draft && !options.drafts,
            },
        );
        for a in &p.assets {
            links
                .assets
                .insert(crate::diag::display_path(&a.source), a.out.clone());
        }
    }
    for (k, u) in drafts_for_links {
        links.content.entry(k).or_insert(Target {
            rel_url: u,
            draft: !options.drafts,
        });
    }
    for s in sections.iter().chain(std::iter::once(&home)) {
        if let Some(src) = &s.source {
            links.content.insert(
                content_key(src),
                Target {
                    rel_url: s.rel_url.clone(),
                    draft: false,
                },
            );
        }
    }
    for a in &loaded.assets {
        links
            .assets
            .insert(crate::diag::display_path(&a.source), a.out.clone());
    }
    let all_assets: Vec<Asset> = loaded
        .assets
        .iter()
        .chain(loaded.pages.iter().flat_map(|p| p.assets.iter()))
        .cloned()
        .collect();
    let static_files = static_files(root, &config, &all_assets, &mut diags);
    for f in &static_files {
        links.static_files.insert(f.out.clone());
    }

    let map_points = map_points(&config, &loaded.pages, &data.units);
    let mut templates = templates;
    render::stats_functions::register(
        &mut templates.tera,
        std::sync::Arc::new(stats.clone()),
        std::sync::Arc::new(map_points.clone()),
        config.map.as_ref().map(|m| MapBase {
            image_url: format!("{}{}", config.base_path(), m.image.trim_start_matches('/')),
            bounds: m.bounds,
        }),
        crate::charts::Ui::from_language(&config.language),
    );
    let md_opts = crate::markdown::MarkdownOptions {
        raw_html: config.raw_html,
        highlight_theme: config.highlight_theme.clone(),
    };
    let map_base = config.map.as_ref().map(|m| MapBase {
        image_url: format!("{}{}", base_path, m.image.trim_start_matches('/')),
        bounds: m.bounds,
    });
    let env = BodyEnv {
        config: &config,
        links: &links,
        stats: &stats,
        map_points: &map_points,
        map_base,
        tera: &templates.tera,
        site_shortcodes: &templates.shortcodes,
        markdown: &md_opts,
    };
    let env_key = memo::env_key(&env, templates.key);

    // Render every body in parallel; each job returns its own diagnostics.
    let body_diags: Vec<Vec<Diagnostic>> = loaded
        .pages
        .par_iter_mut()
        .map(|p| {
            let mut d = Vec::new();
            let images: Vec<(String, String)> = p
                .assets
                .iter()
                .filter(|a| a.is_image())
                .map(|a| {
                    (
                        format!("{}{}", base_path, a.out),
                        a.out.rsplit('/').next().unwrap_or("").to_string(),
                    )
                })
                .collect();
            let permalink = format!(
                "{}{}",
                config.base_url,
                percent_encoding::utf8_percent_encode(&p.rel_url, PATH_SET)
            );
            let input = BodyInput {
                source: &p.source,
                body: &p.body,
                body_line: p.body_line,
                images,
                permalink,
            };
            let out = memo.body(env_key, &input, &mut d, |d| render_body(&env, &input, d));
            p.html = out.html;
            p.summary = p.front.summary.clone().unwrap_or(out.summary);
            p.toc = out.toc;
            p.text = out.text;
            d
        })
        .collect();
    diags.extend(body_diags.into_iter().flatten());
    // Sections and the home page are few: render them one by one.
    let mut home = home;
    for s in sections.iter_mut().chain(std::iter::once(&mut home)) {
        let Some(src) = s.source.clone() else {
            continue;
        };
        let mut d = Vec::new();
        let permalink = format!(
            "{}{}",
            config.base_url,
            percent_encoding::utf8_percent_encode(&s.rel_url, PATH_SET)
        );
        let out = render_body(
            &env,
            &BodyInput {
                source: &src,
                body: &s.body,
                body_line: s.body_line,
                images: Vec::new(),
                permalink,
            },
            &mut d,
        );
        s.html = out.html;
        s.summary = s.front.summary.clone().unwrap_or(out.summary);
        diags.extend(d);
    }

    // Covers and portraits.
    let mut images = BTreeMap::new();
    let mut img_diags = Vec::new();
    for (i, p) in loaded.pages.iter().enumerate() {
        let cover = p
            .front
            .cover
            .as_deref()
            .and_then(|c| resolve_image(&links, p, "cover", c, &mut img_diags));
        let portrait = p
            .front
            .fields
            .portrait
            .as_deref()
            .and_then(|c| resolve_image(&links, p, "portrait", c, &mut img_diags));
        if cover.is_some() || portrait.is_some() {
            images.insert(i, (cover, portrait));
        }
    }
    diags.extend(img_diags);

    // Report forewords: `include` must name existing, published pages.
    for r in &loaded.reports {
        for inc in &r.front.include {
            let key = inc.trim_start_matches("@/");
            match links.content.get(key) {
                Some(t) if !t.draft => {}
                _ => {
                    let hint = match did_you_mean(key, links.content.keys().map(String::as_str)) {
                        Some(g) => tr!("did you mean `{g}`?", "是不是 `{g}`？"),
                        None => tr!(
                            "write paths under content/, e.g. `stations/xilin.md`",
                            "请写 content/ 下的路径，例如 `stations/xilin.md`"
                        ),
                    };
                    diags.push(
                        Diagnostic::error(
                            Some(r.source.clone()),
                            r.front.line_of("include"),
                            tr!(
                                "`include` names `{inc}`, which is not a published page",
                                "`include` 中的 `{inc}` 不是已发布的页面"
                            ),
                        )
                        .with_hint(hint),
                    );
                }
            }
        }
    }

    // Collections, sorted.
    let pages = loaded.pages;
    let title_keys: Vec<String> = pages
        .par_iter()
        .map(|p| title_key(&p.front.title))
        .collect();
    let collections: Vec<(String, Vec<usize>)> = config
        .collections
        .iter()
        .map(|c| {
            let mut idx: Vec<usize> = (0..pages.len())
                .filter(|&i| pages[i].collection.as_deref() == Some(&c.name))
                .collect();
            sort_pages_keyed(&pages, &title_keys, &mut idx, c.sort_by);
            (c.name.clone(), idx)
        })
        .collect();

    // Taxonomies: terms by name, pages newest first.
    let taxonomies = config
        .taxonomies
        .iter()
        .map(|t| {
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            for (i, p) in pages.iter().enumerate() {
                for (name, values) in &p.front.taxonomies {
                    if name != &t.name {
                        continue;
                    }
                    for v in values {
                        let slug = term_slug(v);
                        let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                            name: v.trim().to_string(),
                            slug,
                            pages: Vec::new(),
                        });
                        // Pages come in index order: a repeat can only be the last.
                        if term.pages.last() != Some(&i) {
                            term.pages.push(i);
                        }
                    }
                }
            }
            let mut terms: Vec<Term> = terms.into_values().collect();
            for term in &mut terms {
                sort_pages_keyed(&pages, &title_keys, &mut term.pages, SortBy::Date);
            }
            TaxonomyIndex {
                taxonomy: t.clone(),
                terms,
            }
        })
        .collect();

    if diags.has_errors() {
        return Err(diags);
    }
    let units = data.units;
    Ok((
        Site {
            root: root.to_path_buf(),
            config,
            options,
            home,
            sections,
            pages,
            collections,
            taxonomies,
            stats,
            units,
            data: data.tree,
            static_files,
            templates,
            map_points,
            reports: loaded.reports,
            images,
            image_set: Default::default(),
            memo: Default::default(),
        },
        diags,
    ))
}

/// `content/members/wu-cai.md` → `members/wu-cai.md` (the `@/` form).
pub fn content_key(source: &Path) -> String {
    let s = crate::diag::display_path(source);
    s.strip_prefix("content/").unwrap_or(&s).to_string()
}
