//! The template variables of each page the HTML renderer writes (home, collection
//! lists and their filters, pages, taxonomies, units, timeline, kiosk): each function
//! fills the Tera context of one [`Job`](super::Job) and names its template.

use serde::Serialize;

use super::context::{page_view, section_view, Cards, Link, Paginator};
use super::{filters, kiosk, Renderer};
use crate::charts;
use crate::config::{Kind, SortBy};
use crate::site::{sort_pages, PageId, PageSet, Site};

/// Pages per list page of collection `ci` (0: no pagination).
fn per_page(site: &Site, ci: usize) -> usize {
    site.config
        .collection(&site.collections[ci].name)
        .map(|c| c.paginate_by)
        .unwrap_or(0)
}

/// How many list pages collection `ci` has (1 without pagination).
pub(super) fn page_count(site: &Site, ci: usize) -> usize {
    let c = &site.collections[ci];
    let per = per_page(site, ci);
    if per == 0 {
        1
    } else {
        c.pages.len().div_ceil(per).max(1)
    }
}

pub(super) fn home(r: &Renderer, ctx: &mut super::Ctx) -> String {
    let site = &r.site;
    let featured: Vec<PageId> = site
        .pages
        .ids()
        .filter(|&i| site.pages[i].front.featured)
        .collect();
    let featured = ordered(site, featured);
    ctx.insert(
        "section",
        &section_view(r, &site.home, ctx.cards(r, &featured)),
    );
    ctx.insert("latest", &ctx.cards(r, &latest(r, 10)));
    let cols: Vec<CollectionCards> = site
        .collections
        .iter()
        .map(|c| {
            let config = site.config.collection(&c.name);
            CollectionCards {
                name: c.name.clone(),
                title: config.map(|c| c.title.clone()).unwrap_or_default(),
                url: site.url(&format!("{}/", c.name)),
                pages: ctx.cards(r, &c.pages[..c.pages.len().min(6)]),
                count: c.pages.len(),
                summary: site
                    .sections
                    .iter()
                    .find(|s| s.collection.as_deref() == Some(&c.name))
                    .map(|s| s.summary.clone())
                    .unwrap_or_default(),
                kind: config.map(|c| c.kind.name()).unwrap_or("page"),
            }
        })
        .collect();
    ctx.insert("collections", &cols);
    "index.html".into()
}

pub(super) fn section(r: &Renderer, ctx: &mut super::Ctx, ci: usize, k: usize) -> String {
    let site = &r.site;
    let c = &site.collections[ci];
    let per = per_page(site, ci);
    let section = &site.sections[ci];
    let total = page_count(site, ci);
    let slice: Vec<PageId> = if per == 0 {
        c.pages.clone()
    } else {
        c.pages
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
    ctx.insert("section", &section_view(r, section, ctx.cards(r, &slice)));
    ctx.insert(
        "paginator",
        &Paginator {
            current: k,
            total,
            prev: (k > 1).then(|| page_url(k - 1)),
            next: (k < total).then(|| page_url(k + 1)),
            pages: (1..=total)
                .map(|n| Link {
                    title: n.to_string(),
                    url: page_url(n),
                })
                .collect(),
        },
    );
    ctx.insert("years", &years_of(site, &c.pages));
    ctx.insert("filters", &filters::groups(r, ci, None));
    "section.html".into()
}

pub(super) fn filter(
    r: &Renderer,
    ctx: &mut super::Ctx,
    ci: usize,
    key: &filters::FilterKey,
) -> String {
    let site = &r.site;
    let section = &site.sections[ci];
    let slice = filters::select(site, ci, key);
    ctx.insert("section", &section_view(r, section, ctx.cards(r, &slice)));
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
    ctx.insert("years", &years_of(site, &site.collections[ci].pages));
    ctx.insert("filters", &filters::groups(r, ci, Some(key)));
    ctx.insert(
        "filter",
        &filters::ActiveFilter {
            group: filters::group_title(r, key),
            label: filters::label(site, key),
            count: slice.len(),
        },
    );
    "section.html".into()
}

pub(super) fn page(r: &Renderer, ctx: &mut super::Ctx, i: PageId) -> String {
    let p = &r.site.pages[i];
    let kind_tpl = format!("{}.html", p.kind.name());
    ctx.insert("page", &page_view(&r.site, i));
    if p.kind != Kind::Page && r.theme.has(&kind_tpl) {
        kind_tpl
    } else {
        "page.html".to_string()
    }
}

pub(super) fn taxonomy_list(r: &Renderer, ctx: &mut super::Ctx, ti: usize) -> String {
    ctx.insert("taxonomy", &taxonomy_view(r, ti));
    "taxonomy_list.html".into()
}

pub(super) fn taxonomy_term(r: &Renderer, ctx: &mut super::Ctx, ti: usize, k: usize) -> String {
    let site = &r.site;
    let t = &site.taxonomies[ti];
    let term = &t.terms[k];
    ctx.insert("taxonomy", &taxonomy_view(r, ti));
    ctx.insert(
        "term",
        &TermView {
            name: term.name.clone(),
            url: site.url(&format!("{}/{}/", t.taxonomy.name, term.slug)),
            count: term.pages.len(),
            pages: ctx.cards(r, &term.pages),
        },
    );
    "taxonomy_term.html".into()
}

pub(super) fn units(r: &Renderer, ctx: &mut super::Ctx) -> String {
    let site = &r.site;
    let points = charts::MapSource::Units.points(&site.map_points);
    let base = site.map_base();
    ctx.insert("units", &super::context::units_view(site));
    ctx.insert("unit_types", &super::context::unit_types(site));
    ctx.insert("map", &charts::map_in(&points, base.as_ref(), r.ui()));
    "units.html".into()
}

pub(super) fn timeline(r: &Renderer, ctx: &mut super::Ctx) -> String {
    let site = &r.site;
    let mut idx: Vec<PageId> = site
        .pages
        .ids()
        .filter(|&i| site.pages[i].kind == Kind::Activity)
        .collect();
    sort_pages(&site.pages, &mut idx, SortBy::Date);
    let mut groups: Vec<(i32, Vec<PageId>)> = Vec::new();
    for i in idx {
        let y = site.pages[i].front.year().unwrap_or(0);
        match groups.last_mut() {
            Some((year, pages)) if *year == y => pages.push(i),
            _ => groups.push((y, vec![i])),
        }
    }
    let years: Vec<YearGroup> = (groups.iter())
        .map(|(year, pages)| YearGroup {
            year: *year,
            pages: ctx.cards(r, pages),
        })
        .collect();
    ctx.insert("years", &years);
    "timeline.html".into()
}

/// How many terms of each taxonomy the search page offers when nothing matches.
const POPULAR_TERMS: usize = 10;

/// `/search/`: `popular`, each taxonomy with its most used terms (most pages first),
/// offered when a search finds nothing.
pub(super) fn search(r: &Renderer, ctx: &mut super::Ctx) -> String {
    let popular: Vec<TaxonomyView> = (0..r.site.taxonomies.len())
        .map(|ti| {
            let mut t = taxonomy_view(r, ti);
            // A stable sort: equal counts keep the taxonomy's own order.
            t.terms.sort_by_key(|term| std::cmp::Reverse(term.count));
            t.terms.truncate(POPULAR_TERMS);
            t
        })
        .filter(|t| !t.terms.is_empty())
        .collect();
    ctx.insert("popular", &popular);
    "search.html".into()
}

pub(super) fn kiosk(r: &Renderer, ctx: &mut super::Ctx) -> String {
    let site = &r.site;
    let featured: Vec<PageId> = site
        .pages
        .ids()
        .filter(|&i| site.pages[i].front.featured)
        .collect();
    let featured = ordered(site, featured);
    // A digest leaves the QR codes out: they are made of the addresses and titles
    // the view holds.
    ctx.insert("kiosk", &kiosk::view(site, &featured, !ctx.digest_only()));
    "kiosk.html".into()
}

#[derive(Serialize)]
struct CollectionCards {
    name: String,
    title: String,
    url: String,
    /// The first six pages.
    pages: Cards,
    /// How many pages the collection has.
    count: usize,
    /// The collection's `_index.md` summary.
    summary: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct YearGroup {
    year: i32,
    pages: Cards,
}

#[derive(Serialize)]
struct TermView {
    name: String,
    url: String,
    count: usize,
    pages: Cards,
}

#[derive(Serialize)]
struct TaxonomyView {
    name: String,
    title: String,
    url: String,
    terms: Vec<TermView>,
}

/// A taxonomy and its terms (their `pages` empty: only a term's own page lists them).
fn taxonomy_view(r: &Renderer, ti: usize) -> TaxonomyView {
    let site = &r.site;
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
                pages: Cards::Full(Vec::new()),
            })
            .collect(),
    }
}

/// Featured pages in collection order, then by the collection's sort.
fn ordered(site: &Site, set: Vec<PageId>) -> Vec<PageId> {
    let wanted = PageSet::of(&site.pages, set.iter().copied());
    let mut out: Vec<PageId> = Vec::new();
    for c in &site.collections {
        out.extend(c.pages.iter().copied().filter(|&i| wanted.contains(i)));
    }
    let placed = PageSet::of(&site.pages, out.iter().copied());
    let rest: Vec<PageId> = set
        .iter()
        .copied()
        .filter(|&i| !placed.contains(i))
        .collect();
    out.extend(rest);
    out
}

/// The `n` newest dated pages.
fn latest(r: &Renderer, n: usize) -> Vec<PageId> {
    let site = &r.site;
    let mut idx: Vec<PageId> = site
        .pages
        .ids()
        .filter(|&i| site.pages[i].front.date.is_some())
        .collect();
    sort_pages(&site.pages, &mut idx, SortBy::Date);
    idx.truncate(n);
    idx
}

fn years_of(site: &Site, pages: &[PageId]) -> Vec<i32> {
    let mut y: Vec<i32> = pages
        .iter()
        .filter_map(|&i| site.pages[i].front.year())
        .collect();
    y.sort_unstable_by(|a, b| b.cmp(a));
    y.dedup();
    y
}
