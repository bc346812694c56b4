//! The HTML renderer: turns the frozen [`Site`] into output files. It lists every
//! output as a [`Job`], renders jobs in parallel (rayon) with Tera and the typed views
//! of [`context`], and hands each `(path, bytes)` to a sink; it never reads the disk.

pub mod context;
pub mod feeds;
pub mod filters;
pub mod functions;
pub mod kiosk;
pub mod stats_functions;
pub mod templates;

pub use templates::tera_message;

use serde::Serialize;

use crate::charts::{self, Ui};
use crate::diag::Diagnostic;
use crate::site::Site;
use context::{card_value, card_values, page_view, section_view, Link, Paginator, SiteView};

/// One output file to produce.
#[derive(Clone, Debug)]
pub enum Job {
    Home,
    /// Collection index and page number (1-based).
    Section(usize, usize),
    /// A collection filtered by year or taxonomy term (`/stations/year/2024/`).
    Filter(usize, filters::FilterKey),
    Page(usize),
    TaxonomyList(usize),
    TaxonomyTerm(usize, usize),
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

/// Every output of the site.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut v = vec![Job::Home];
    for (ci, (name, pages)) in site.collections.iter().enumerate() {
        let per = site
            .config
            .collection(name)
            .map(|c| c.paginate_by)
            .unwrap_or(0);
        let n = if per == 0 {
            1
        } else {
            pages.len().div_ceil(per).max(1)
        };
        v.extend((1..=n).map(|k| Job::Section(ci, k)));
        v.extend(
            filters::keys(site, ci)
                .into_iter()
                .map(|k| Job::Filter(ci, k)),
        );
    }
    v.extend((0..site.pages.len()).map(Job::Page));
    for (ti, t) in site.taxonomies.iter().enumerate() {
        v.push(Job::TaxonomyList(ti));
        v.extend((0..t.terms.len()).map(|k| Job::TaxonomyTerm(ti, k)));
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

/// Put the globals every template sees into Tera (once per build).
pub fn set_globals(site: &mut Site) {
    let view = SiteView::new(site);
    let stats = site.stats.template_value();
    let data = site.data.clone();
    let t = site.templates.i18n.clone();
    let g = site.templates.tera.global_context();
    g.insert("site", &view);
    g.insert("stats", &stats);
    g.insert("data", &data);
    g.insert("t", &t);
}

/// The output path of a job (relative, no leading slash), without rendering it: what
/// `serve` lists before it renders a page on request.
pub fn path(site: &Site, job: &Job) -> String {
    match job {
        Job::Home => "index.html".into(),
        Job::Section(ci, k) => {
            let rel = &site.sections[*ci].rel_url;
            if *k == 1 {
                format!("{rel}index.html")
            } else {
                format!("{rel}page/{k}/index.html")
            }
        }
        Job::Filter(ci, key) => format!("{}index.html", filters::rel_url(site, *ci, key)),
        Job::Page(i) => format!("{}index.html", site.pages[*i].rel_url),
        Job::TaxonomyList(ti) => format!("{}/index.html", site.taxonomies[*ti].taxonomy.name),
        Job::TaxonomyTerm(ti, k) => {
            let t = &site.taxonomies[*ti];
            format!("{}/{}/index.html", t.taxonomy.name, t.terms[*k].slug)
        }
        Job::Stats => "stats/index.html".into(),
        Job::Units => "units/index.html".into(),
        Job::Timeline => "timeline/index.html".into(),
        Job::Search => "search/index.html".into(),
        Job::SearchIndex => crate::search::INDEX_PATH.into(),
        Job::Kiosk => "kiosk/index.html".into(),
        Job::NotFound => "404.html".into(),
        Job::Sitemap => "sitemap.xml".into(),
        Job::Atom => "atom.xml".into(),
    }
}

/// Render one job to its output path (relative, no leading slash) and bytes.
pub fn render(site: &Site, job: &Job) -> Result<(String, Vec<u8>), Diagnostic> {
    let mut ctx = tera::Context::new();
    let (path, template, current) = match job {
        Job::Home => {
            let featured: Vec<usize> = (0..site.pages.len())
                .filter(|&i| site.pages[i].front.featured)
                .collect();
            let featured = ordered(site, featured);
            ctx.insert("section", &section_view(site, &site.home, &featured));
            ctx.insert("latest", &latest(site, 10));
            let cols: Vec<CollectionCards> = site
                .collections
                .iter()
                .map(|(name, pages)| CollectionCards {
                    name: name.clone(),
                    title: site
                        .config
                        .collection(name)
                        .map(|c| c.title.clone())
                        .unwrap_or_default(),
                    url: site.url(&format!("{name}/")),
                    pages: pages.iter().take(6).map(|&i| card_value(site, i)).collect(),
                    count: pages.len(),
                    summary: site
                        .sections
                        .iter()
                        .find(|s| s.collection.as_deref() == Some(name))
                        .map(|s| s.summary.clone())
                        .unwrap_or_default(),
                    kind: site
                        .config
                        .collection(name)
                        .map(|c| c.kind.name())
                        .unwrap_or("page"),
                })
                .collect();
            ctx.insert("collections", &cols);
            (
                "index.html".to_string(),
                "index.html".to_string(),
                String::new(),
            )
        }
        Job::Section(ci, k) => {
            let (name, pages) = &site.collections[*ci];
            let per = site
                .config
                .collection(name)
                .map(|c| c.paginate_by)
                .unwrap_or(0);
            let section = &site.sections[*ci];
            let total = if per == 0 {
                1
            } else {
                pages.len().div_ceil(per).max(1)
            };
            let slice: Vec<usize> = if per == 0 {
                pages.clone()
            } else {
                pages
                    .iter()
                    .skip((k - 1) * per)
                    .take(per)
                    .copied()
                    .collect()
            };
            let page_url = |n: usize| {
                if n == 1 {
                    site.url(&section.rel_url)
                } else {
                    site.url(&format!("{}page/{n}/", section.rel_url))
                }
            };
            ctx.insert("section", &section_view(site, section, &slice));
            ctx.insert(
                "paginator",
                &Paginator {
                    current: *k,
                    total,
                    prev: (*k > 1).then(|| page_url(k - 1)),
                    next: (*k < total).then(|| page_url(k + 1)),
                    pages: (1..=total)
                        .map(|n| Link {
                            title: n.to_string(),
                            url: page_url(n),
                        })
                        .collect(),
                },
            );
            let years = years_of(site, pages);
            ctx.insert("years", &years);
            ctx.insert("filters", &filters::groups(site, *ci, None));
            let rel = if *k == 1 {
                section.rel_url.clone()
            } else {
                format!("{}page/{k}/", section.rel_url)
            };
            (format!("{rel}index.html"), "section.html".to_string(), rel)
        }
        Job::Filter(ci, key) => {
            let section = &site.sections[*ci];
            let slice = filters::select(site, *ci, key);
            let rel = filters::rel_url(site, *ci, key);
            ctx.insert("section", &section_view(site, section, &slice));
            ctx.insert(
                "paginator",
                &Paginator {
                    current: 1,
                    total: 1,
                    prev: None,
                    next: None,
                    pages: Vec::new(),
                },
            );
            ctx.insert("years", &years_of(site, &site.collections[*ci].1));
            ctx.insert("filters", &filters::groups(site, *ci, Some(key)));
            ctx.insert(
                "filter",
                &filters::ActiveFilter {
                    group: filters::group_title(site, key),
                    label: filters::label(site, key),
                    count: slice.len(),
                },
            );
            (format!("{rel}index.html"), "section.html".to_string(), rel)
        }
        Job::Page(i) => {
            let p = &site.pages[*i];
            let kind_tpl = format!("{}.html", p.kind.name());
            let tpl = if p.kind != crate::config::Kind::Page && site.templates.has(&kind_tpl) {
                kind_tpl
            } else {
                "page.html".to_string()
            };
            ctx.insert("page", &page_view(site, *i));
            (format!("{}index.html", p.rel_url), tpl, p.rel_url.clone())
        }
        Job::TaxonomyList(ti) => {
            let t = &site.taxonomies[*ti];
            ctx.insert("taxonomy", &taxonomy_view(site, *ti, false));
            let rel = format!("{}/", t.taxonomy.name);
            (
                format!("{rel}index.html"),
                "taxonomy_list.html".to_string(),
                rel,
            )
        }
        Job::TaxonomyTerm(ti, k) => {
            let t = &site.taxonomies[*ti];
            let term = &t.terms[*k];
            ctx.insert("taxonomy", &taxonomy_view(site, *ti, false));
            ctx.insert(
                "term",
                &TermView {
                    name: term.name.clone(),
                    url: site.url(&format!("{}/{}/", t.taxonomy.name, term.slug)),
                    count: term.pages.len(),
                    pages: card_values(site, &term.pages),
                },
            );
            let rel = format!("{}/{}/", t.taxonomy.name, term.slug);
            (
                format!("{rel}index.html"),
                "taxonomy_term.html".to_string(),
                rel,
            )
        }
        Job::Stats => {
            ctx.insert("charts", &stats_charts(site));
            (
                "stats/index.html".into(),
                "stats.html".into(),
                "stats/".into(),
            )
        }
        Job::Units => {
            let points = charts::points_from(&site.map_points, "units").unwrap_or_default();
            let base = site.config.map.as_ref().map(|m| charts::MapBase {
                image_url: site.url(m.image.trim_start_matches('/')),
                bounds: m.bounds,
            });
            ctx.insert("units", &context::units_view(site));
            ctx.insert("unit_types", &context::unit_types(site));
            ctx.insert("map", &charts::map_in(&points, base.as_ref(), ui(site)));
            (
                "units/index.html".into(),
                "units.html".into(),
                "units/".into(),
            )
        }
        Job::Timeline => {
            let acts: Vec<usize> = (0..site.pages.len())
                .filter(|&i| site.pages[i].kind == crate::config::Kind::Activity)
                .collect();
            let mut idx = acts;
            crate::site::sort_pages(&site.pages, &mut idx, crate::config::SortBy::Date);
            let mut years: Vec<YearGroup> = Vec::new();
            for i in idx {
                let y = site.pages[i].front.year().unwrap_or(0);
                match years.last_mut() {
                    Some(g) if g.year == y => g.pages.push(card_value(site, i)),
                    _ => years.push(YearGroup {
                        year: y,
                        pages: vec![card_value(site, i)],
                    }),
                }
            }
            ctx.insert("years", &years);
            (
                "timeline/index.html".into(),
                "timeline.html".into(),
                "timeline/".into(),
            )
        }
        Job::Search => (
            "search/index.html".into(),
            "search.html".into(),
            "search/".into(),
        ),
        Job::Kiosk => {
            let featured: Vec<usize> = (0..site.pages.len())
                .filter(|&i| site.pages[i].front.featured)
                .collect();
            let featured = ordered(site, featured);
            ctx.insert("kiosk", &kiosk::view(site, &featured));
            (
                "kiosk/index.html".into(),
                "kiosk.html".into(),
                "kiosk/".into(),
            )
        }
        Job::NotFound => ("404.html".into(), "404.html".into(), String::new()),
        Job::Sitemap => return Ok(("sitemap.xml".into(), feeds::sitemap(site).into_bytes())),
        Job::Atom => return Ok(("atom.xml".into(), feeds::atom(site).into_bytes())),
        Job::SearchIndex => {
            let js = crate::search::index_js(site);
            return Ok((crate::search::INDEX_PATH.into(), js.into_bytes()));
        }
    };
    ctx.insert("current_path", &site.url(&current));
    ctx.insert("depth", &current.matches('/').count());
    match site.templates.tera.render(&template, &ctx) {
        Ok(s) => Ok((
            path,
            crate::images::enrich_page(s, &site.image_set).into_bytes(),
        )),
        Err(e) => Err(site.templates.render_error(&e, &template)),
    }
}

#[derive(Serialize)]
struct CollectionCards {
    name: String,
    title: String,
    url: String,
    /// The first six pages.
    pages: Vec<tera::Value>,
    /// How many pages the collection has.
    count: usize,
    /// The collection's `_index.md` summary.
    summary: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct YearGroup {
    year: i32,
    pages: Vec<tera::Value>,
}

#[derive(Serialize)]
struct TermView {
    name: String,
    url: String,
    count: usize,
    pages: Vec<tera::Value>,
}

#[derive(Serialize)]
struct TaxonomyView {
    name: String,
    title: String,
    url: String,
    terms: Vec<TermView>,
}

#[derive(Serialize)]
struct ChartView {
    key: String,
    title: String,
    year: Option<i32>,
    html: String,
}

#[derive(Serialize)]
struct StatsCharts {
    metrics: Vec<ChartView>,
    breakdowns: Vec<ChartView>,
    kpis: String,
}

fn taxonomy_view(site: &Site, ti: usize, with_pages: bool) -> TaxonomyView {
    let t = &site.taxonomies[ti];
    TaxonomyView {
        name: t.taxonomy.name.clone(),
        title: t.taxonomy.title.clone(),
        url: site.url(&format!("{}/", t.taxonomy.name)),
        terms: t
            .terms
            .iter()
            .map(|term| TermView {
                name: term.name.clone(),
                url: site.url(&format!("{}/{}/", t.taxonomy.name, term.slug)),
                count: term.pages.len(),
                pages: if with_pages {
                    card_values(site, &term.pages)
                } else {
                    Vec::new()
                },
            })
            .collect(),
    }
}

/// Featured pages in collection order, then by the collection's sort.
fn ordered(site: &Site, set: Vec<usize>) -> Vec<usize> {
    let mut wanted = vec![false; site.pages.len()];
    for &i in &set {
        wanted[i] = true;
    }
    let mut out: Vec<usize> = Vec::new();
    for (_, pages) in &site.collections {
        out.extend(pages.iter().copied().filter(|&i| wanted[i]));
    }
    let mut placed = vec![false; site.pages.len()];
    for &i in &out {
        placed[i] = true;
    }
    let rest: Vec<usize> = set.iter().copied().filter(|&i| !placed[i]).collect();
    out.extend(rest);
    out
}

fn latest(site: &Site, n: usize) -> Vec<tera::Value> {
    let mut idx: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].front.date.is_some())
        .collect();
    crate::site::sort_pages(&site.pages, &mut idx, crate::config::SortBy::Date);
    idx.into_iter()
        .take(n)
        .map(|i| card_value(site, i))
        .collect()
}

fn years_of(site: &Site, pages: &[usize]) -> Vec<i32> {
    let mut y: Vec<i32> = pages
        .iter()
        .filter_map(|&i| site.pages[i].front.year())
        .collect();
    y.sort_unstable_by(|a, b| b.cmp(a));
    y.dedup();
    y
}

fn stats_charts(site: &Site) -> StatsCharts {
    let mut metrics = Vec::new();
    let mut keys: Vec<(String, String)> = Vec::new();
    for y in site.stats.years() {
        if let Some(ys) = site.stats.year(y) {
            for m in &ys.metrics {
                if !keys.iter().any(|(k, _)| k == &m.key) {
                    keys.push((m.key.clone(), m.label.clone()));
                }
            }
        }
    }
    for (key, label) in keys {
        let kind = if site.stats.years().len() > 1 {
            charts::SeriesKind::Line
        } else {
            charts::SeriesKind::Bar
        };
        let args = charts::SeriesChartArgs {
            keys: vec![key.clone()],
            kind,
            from: None,
            to: None,
            title: Some(label.clone()),
        };
        if let Ok(html) = charts::series_chart_in(&site.stats, &args, ui(site)) {
            metrics.push(ChartView {
                key,
                title: label,
                year: None,
                html,
            });
        }
    }
    let mut breakdowns = Vec::new();
    let mut years = site.stats.years();
    years.reverse();
    for y in years {
        if let Some(ys) = site.stats.year(y) {
            for b in &ys.breakdowns {
                let kind = if b.items.len() <= 6 {
                    charts::BreakdownKind::Donut
                } else {
                    charts::BreakdownKind::Bar
                };
                let args = charts::BreakdownChartArgs {
                    breakdown: b.key.clone(),
                    year: Some(y),
                    kind,
                    title: Some(match ui(site) {
                        Ui::Zh => format!("{}（{y}年）", b.label),
                        Ui::En => format!("{} ({y})", b.label),
                    }),
                };
                if let Ok(html) = charts::breakdown_chart_in(&site.stats, &args, ui(site)) {
                    breakdowns.push(ChartView {
                        key: b.key.clone(),
                        title: b.label.clone(),
                        year: Some(y),
                        html,
                    });
                }
            }
        }
    }
    StatsCharts {
        metrics,
        breakdowns,
        kpis: charts::kpis_in(&site.stats, None, None, ui(site)).unwrap_or_default(),
    }
}

/// The language of words inside charts: the site's UI language.
fn ui(site: &Site) -> Ui {
    Ui::from_language(&site.config.language)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `serve` lists outputs by [`path`] before rendering them: it must name the file
    /// [`render`] produces, for every kind of job (the demo has paginated collections,
    /// year and term filters, taxonomies and the search index).
    #[test]
    fn path_names_what_render_writes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut site, _) = crate::site::load(root, Default::default()).expect("demo loads");
        set_globals(&mut site);
        let jobs = jobs(&site);
        assert!(jobs.iter().any(|j| matches!(j, Job::Section(_, 2))));
        assert!(jobs.iter().any(|j| matches!(j, Job::Filter(..))));
        for job in &jobs {
            let (rendered, _) = render(&site, job).expect("demo renders");
            assert_eq!(path(&site, job), rendered, "{job:?}");
        }
    }
}
