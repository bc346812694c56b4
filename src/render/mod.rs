//! The HTML renderer: turns the frozen [`Site`] into output files. It lists every
//! output as a [`Job`], renders jobs in parallel (rayon) with the theme's Tera
//! templates and the typed views of [`context`], and returns each `(path, bytes)`; it
//! never reads the disk. What it keeps besides the model — the theme, the image
//! copies — lives in [`Renderer`], never in `Site`.

pub(crate) mod context;
pub(crate) mod feeds;
pub(crate) mod filters;
pub(crate) mod kiosk;
mod pages;
mod stats_page;

use crate::charts::Ui;
use crate::diag::Diagnostic;
use crate::images::ImageSet;
use crate::site::{PageId, Site};
use crate::theme::Templates;
use context::SiteView;

/// The frozen site and what rendering it needs: the theme (with the site's globals
/// set once) and the image copies. Built once per build; shared by every job.
pub(crate) struct Renderer {
    pub site: Site,
    theme: Templates,
    pub images: ImageSet,
    /// A hash of everything every page job reads besides its own view (see
    /// [`page_digest`]); made when first asked for (`serve` never asks).
    globals: std::sync::OnceLock<u64>,
    /// Each page's card key ([`Renderer::card_key`]), made when first asked for.
    card_keys: Vec<std::sync::OnceLock<u64>>,
}

impl Renderer {
    /// Put the globals every template sees (`site`, `stats`, `data`, `t`) into the
    /// theme, once.
    pub(crate) fn new(site: Site, mut theme: Templates, images: ImageSet) -> Renderer {
        let view = SiteView::new(&site, &theme.i18n);
        let stats = site.stats.template_value();
        let g = theme.tera.global_context();
        g.insert("site", &view);
        g.insert("stats", &stats);
        g.insert("data", &site.data);
        g.insert("t", &theme.i18n);
        let card_keys = (0..site.pages.len()).map(|_| Default::default()).collect();
        Renderer {
            site,
            theme,
            images,
            globals: std::sync::OnceLock::new(),
            card_keys,
        }
    }

    /// See [`globals_digest`].
    fn globals(&self) -> u64 {
        *self.globals.get_or_init(|| {
            let view = SiteView::new(&self.site, &self.theme.i18n);
            let stats = self.site.stats.template_value();
            globals_digest(&self.site, &self.theme, &self.images, &view, &stats)
        })
    }

    /// The key of page `i`'s card in a listing's digest: a hash of its JSON form,
    /// made once per build however many listings show the card (hashing every card
    /// of every listing was most of the cost of a build after one edit).
    pub(crate) fn card_key(&self, i: PageId) -> u64 {
        *self.card_keys[i.index()].get_or_init(|| {
            crate::hash::hash_of(|h| crate::hash::json_hash(h, &context::card(&self.site, i)))
        })
    }

    /// A UI string of the theme, or `default` when the theme has none.
    pub(crate) fn ui_text(&self, key: &str, default: &str) -> String {
        self.theme
            .i18n
            .get(key)
            .cloned()
            .unwrap_or_else(|| default.to_string())
    }

    /// The language of words inside charts: the site's UI language.
    pub(crate) fn ui(&self) -> Ui {
        self.site.config.ui
    }
}

/// One output file to produce.
#[derive(Clone, Debug)]
pub(crate) enum Job {
    Home,
    /// A collection's list, page `number` (1-based).
    Section {
        collection: usize,
        number: usize,
    },
    /// A collection filtered by year or taxonomy term (`/stations/year/2024/`).
    Filter {
        collection: usize,
        key: filters::FilterKey,
    },
    Page(PageId),
    TaxonomyList {
        taxonomy: usize,
    },
    TaxonomyTerm {
        taxonomy: usize,
        term: usize,
    },
    Stats,
    Units,
    Timeline,
    Search,
    /// `search/index.js` (see [`crate::search`]).
    SearchIndex,
    Kiosk,
    NotFound,
    Sitemap,
    Atom,
}

/// The digest of everything a page job's bytes depend on besides the page's own view:
/// the templates and UI strings, the globals (`site`, `stats`, `data`), what the
/// template functions read (statistics, map points and base), the image set (sizes
/// and copies added to every `<img>`), the addresses and build options, and this
/// program itself (its version and executable).
fn globals_digest(
    site: &Site,
    theme: &Templates,
    images: &ImageSet,
    view: &SiteView,
    stats: &impl serde::Serialize,
) -> u64 {
    use std::hash::Hash;
    crate::hash::hash_of(|h| {
        theme.key.hash(h);
        crate::hash::json_hash(h, view);
        crate::hash::json_hash(h, stats);
        crate::hash::json_hash(h, &site.data);
        crate::hash::debug_hash(h, images);
        crate::hash::debug_hash(h, &site.map_points);
        crate::hash::debug_hash(h, &site.map_base());
        crate::hash::debug_hash(h, &site.options);
        site.config.base_url.hash(h);
        crate::hash::debug_hash(h, &site.config.ui);
        crate::hash::program(h);
    })
}

/// The digest of all a page job's output depends on ([`globals_digest`] and the
/// page's view): a build keeps the last output of a page whose digest is unchanged
/// instead of rendering it again (see `output::spare`). `None` for other jobs.
pub(crate) fn page_digest(r: &Renderer, job: &Job) -> Option<u64> {
    let Job::Page(i) = job else {
        return None;
    };
    let view = context::page_view_with(&r.site, *i, true);
    let p = &r.site.pages[*i];
    Some(crate::hash::hash_of(|h| {
        use std::hash::Hash;
        r.globals().hash(h);
        p.rel_url.hash(h);
        crate::hash::json_hash(h, &view);
        p.html.hash(h);
    }))
}

/// Every output of the site.
pub(crate) fn jobs(site: &Site) -> Vec<Job> {
    let mut v = vec![Job::Home];
    for ci in 0..site.collections.len() {
        let n = pages::page_count(site, ci);
        v.extend((1..=n).map(|number| Job::Section {
            collection: ci,
            number,
        }));
        v.extend(filters::keys(site, ci).into_iter().map(|key| Job::Filter {
            collection: ci,
            key,
        }));
    }
    v.extend(site.pages.ids().map(Job::Page));
    for (ti, t) in site.taxonomies.iter().enumerate() {
        v.push(Job::TaxonomyList { taxonomy: ti });
        v.extend((0..t.terms.len()).map(|k| Job::TaxonomyTerm {
            taxonomy: ti,
            term: k,
        }));
    }
    v.extend([
        Job::Stats,
        Job::Units,
        Job::Timeline,
        Job::Kiosk,
        Job::NotFound,
        Job::Sitemap,
        Job::Atom,
    ]);
    if site.config.search {
        v.push(Job::Search);
        v.push(Job::SearchIndex);
    }
    v
}

/// The URL path (relative to the base, ends in `/`) of the page a job renders.
fn rel_url(site: &Site, job: &Job) -> String {
    match job {
        Job::Home | Job::NotFound => String::new(),
        Job::Section { collection, number } => {
            let rel = &site.sections[*collection].rel_url;
            if *number == 1 {
                rel.clone()
            } else {
                format!("{rel}page/{number}/")
            }
        }
        Job::Filter { collection, key } => filters::rel_url(site, *collection, key),
        Job::Page(i) => site.pages[*i].rel_url.clone(),
        Job::TaxonomyList { taxonomy } => {
            format!("{}/", site.taxonomies[*taxonomy].taxonomy.name)
        }
        Job::TaxonomyTerm { taxonomy, term } => {
            let t = &site.taxonomies[*taxonomy];
            format!("{}/{}/", t.taxonomy.name, t.terms[*term].slug)
        }
        Job::Stats => "stats/".into(),
        Job::Units => "units/".into(),
        Job::Timeline => "timeline/".into(),
        Job::Search => "search/".into(),
        Job::Kiosk => "kiosk/".into(),
        Job::SearchIndex | Job::Sitemap | Job::Atom => String::new(),
    }
}

/// The output path of a job (relative, no leading slash), without rendering it: what
/// `serve` lists before it renders a page on request.
pub(crate) fn path(site: &Site, job: &Job) -> String {
    path_at(job, &rel_url(site, job))
}

/// [`path`] of a job whose [`rel_url`] is known.
fn path_at(job: &Job, rel_url: &str) -> String {
    match job {
        Job::NotFound => "404.html".into(),
        Job::SearchIndex => crate::search::INDEX_PATH.into(),
        Job::Sitemap => "sitemap.xml".into(),
        Job::Atom => "atom.xml".into(),
        _ => format!("{rel_url}index.html"),
    }
}

/// What a template job's values are made into: the template's context, or a digest
/// of them — the JSON of each typed value as it is inserted, with every page card as
/// its key ([`Renderer::card_key`]). With the [`globals_digest`] and the job's address
/// the digest covers all the template reads, so a listing whose digest is unchanged
/// since the last build need not be rendered again (see `output::spare`); filling the
/// context was most of the cost of a kept listing.
pub(crate) enum Ctx {
    Context(tera::Context),
    /// Boxed: an XXH3 state is a few hundred bytes.
    Digest(Box<crate::hash::DefaultHasher>),
}

/// Which [`Ctx`] [`prepare`] makes.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(crate) enum Fill {
    Context,
    Digest,
}

impl Ctx {
    fn new(fill: Fill) -> Ctx {
        match fill {
            Fill::Context => Ctx::Context(tera::Context::new()),
            Fill::Digest => Ctx::Digest(Default::default()),
        }
    }

    pub(crate) fn insert<T: serde::Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        match self {
            Ctx::Digest(h) => {
                std::hash::Hash::hash(key, h);
                crate::hash::json_hash(h, value);
            }
            Ctx::Context(t) => t.insert(key, value),
        }
    }

    /// Whether only the digest is made: values the view holds otherwise (a QR code
    /// made from an address and a title it holds) may be left out.
    pub(crate) fn digest_only(&self) -> bool {
        matches!(self, Ctx::Digest(_))
    }

    /// The cards of pages `ids`: in full for a template, as their keys for a digest.
    pub(crate) fn cards(&self, r: &Renderer, ids: &[PageId]) -> context::Cards {
        match self {
            Ctx::Digest(_) => context::Cards::Keys(ids.iter().map(|&i| r.card_key(i)).collect()),
            Ctx::Context(_) => {
                context::Cards::Full(ids.iter().map(|&i| context::card(&r.site, i)).collect())
            }
        }
    }
}

/// A job made ready for its template ([`prepare`]), or its output when it has none.
pub(crate) enum Prepared {
    Done(String, Vec<u8>),
    Template(Template),
}

/// A template job's template, context and address, before rendering.
pub(crate) struct Template {
    name: String,
    ctx: Ctx,
    current: String,
}

impl Template {
    /// The digest of all the rendered bytes depend on (made with [`Fill::Digest`]):
    /// the globals, the template, the address and the context.
    pub(crate) fn digest(&self, r: &Renderer) -> Option<u64> {
        let Ctx::Digest(h) = &self.ctx else {
            return None;
        };
        Some(crate::hash::hash_of(|g| {
            use std::hash::{Hash, Hasher};
            r.globals().hash(g);
            self.name.hash(g);
            self.current.hash(g);
            h.finish().hash(g);
        }))
    }
}

/// The template of one job with its context, its digest or both (`fill`); the output
/// at once for jobs without a template.
pub(crate) fn prepare(r: &Renderer, job: &Job, fill: Fill) -> Prepared {
    let site = &r.site;
    let mut ctx = Ctx::new(fill);
    let name = match job {
        Job::Sitemap => {
            return Prepared::Done("sitemap.xml".into(), feeds::sitemap(site).into_bytes())
        }
        Job::Atom => return Prepared::Done("atom.xml".into(), feeds::atom(site).into_bytes()),
        Job::SearchIndex => {
            let js = crate::search::index_js(site);
            return Prepared::Done(crate::search::INDEX_PATH.into(), js.into_bytes());
        }
        Job::Home => pages::home(r, &mut ctx),
        Job::Section { collection, number } => pages::section(r, &mut ctx, *collection, *number),
        Job::Filter { collection, key } => pages::filter(r, &mut ctx, *collection, key),
        Job::Page(i) => pages::page(r, &mut ctx, *i),
        Job::TaxonomyList { taxonomy } => pages::taxonomy_list(r, &mut ctx, *taxonomy),
        Job::TaxonomyTerm { taxonomy, term } => pages::taxonomy_term(r, &mut ctx, *taxonomy, *term),
        Job::Stats => stats_page::stats(r, &mut ctx),
        Job::Units => pages::units(r, &mut ctx),
        Job::Timeline => pages::timeline(r, &mut ctx),
        Job::Search => pages::search(r, &mut ctx),
        Job::Kiosk => pages::kiosk(r, &mut ctx),
        Job::NotFound => "404.html".to_string(),
    };
    let current = rel_url(site, job);
    Prepared::Template(Template { name, ctx, current })
}

/// Render a prepared template job to its output path and bytes.
pub(crate) fn finish(
    r: &Renderer,
    job: &Job,
    t: Template,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let site = &r.site;
    let Template { name, ctx, current } = t;
    let mut ctx = match ctx {
        Ctx::Context(c) => c,
        // Prepared for its digest: filled now.
        Ctx::Digest(_) => match prepare(r, job, Fill::Context) {
            Prepared::Template(Template {
                ctx: Ctx::Context(c),
                ..
            }) => c,
            Prepared::Template(_) => unreachable!("prepared with Fill::Context"),
            Prepared::Done(path, bytes) => return Ok((path, bytes)),
        },
    };
    ctx.insert("current_path", &site.url(&current));
    // The page's full address (`og:url`); the 404 page has none of its own.
    ctx.insert("current_url", &site.permalink(&current));
    ctx.insert("depth", &current.matches('/').count());
    match r.theme.tera.render(&name, &ctx) {
        Ok(s) => Ok((
            path_at(job, &current),
            crate::images::enrich_page(s, &r.images).into_bytes(),
        )),
        Err(e) => Err(r.theme.render_error(&e, &name)),
    }
}

/// Render one job to its output path (relative, no leading slash) and bytes.
pub(crate) fn render(r: &Renderer, job: &Job) -> Result<(String, Vec<u8>), Diagnostic> {
    match prepare(r, job, Fill::Context) {
        Prepared::Done(path, bytes) => Ok((path, bytes)),
        Prepared::Template(t) => finish(r, job, t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Renderer {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (r, _) =
            crate::pipeline::renderer(root, Default::default(), crate::images::Mode::Check)
                .expect("demo loads");
        r
    }

    /// A listing is kept by its digest in the next build (another process): the
    /// digest must not depend on anything but what is rendered — not on the order of
    /// a hash map, which differs between two loads in one process as between two
    /// processes — and must differ between listings.
    #[test]
    fn listing_digests_are_the_same_for_the_same_site_and_differ_between_listings() {
        let (a, b) = (demo(), demo());
        let digests = |r: &Renderer, fill: Fill| -> Vec<u64> {
            jobs(&r.site)
                .iter()
                .filter(|j| !matches!(j, Job::Page(_)))
                .filter_map(|j| match prepare(r, j, fill) {
                    Prepared::Template(t) => t.digest(r),
                    Prepared::Done(..) => None,
                })
                .collect()
        };
        let (da, db) = (digests(&a, Fill::Digest), digests(&b, Fill::Digest));
        assert!(da.len() > 20, "{}", da.len());
        assert_eq!(da, db);
        assert!(digests(&a, Fill::Context).is_empty());
        let mut unique = da.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), da.len());
    }

    /// `serve` lists outputs by [`path`] before rendering them: it must name the file
    /// [`render`] produces, for every kind of job (the demo has paginated collections,
    /// year and term filters, taxonomies and the search index).
    #[test]
    fn path_names_what_render_writes() {
        let r = demo();
        let jobs = jobs(&r.site);
        assert!(jobs
            .iter()
            .any(|j| matches!(j, Job::Section { number: 2, .. })));
        assert!(jobs.iter().any(|j| matches!(j, Job::Filter { .. })));
        for job in &jobs {
            let (rendered, _) = render(&r, job).expect("demo renders");
            assert_eq!(path(&r.site, job), rendered, "{job:?}");
        }
    }
}
