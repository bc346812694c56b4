//! Collection filters that work without JavaScript: for every collection, one static
//! page per year (`/stations/year/2024/`) and per taxonomy term its pages use
//! (`/stations/tags/志愿服务/`), and the filter bar (`filters` in `section.html`) that
//! links them. A page's year is its project `year`, else the year of its `date`.

use serde::Serialize;

use super::Renderer;
use crate::site::{PageId, PageSet, Site};

/// What a filter page selects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FilterKey {
    Year(i32),
    /// Taxonomy index and term index in `Site::taxonomies`.
    Term(usize, usize),
}

/// One option of a filter group: a link to a filter page (or to the whole collection).
#[derive(Serialize)]
pub(crate) struct FilterOption {
    pub label: String,
    pub url: String,
    pub count: usize,
    pub current: bool,
}

/// `filters` in `section.html`: one group per year list and per taxonomy used.
#[derive(Serialize)]
pub(crate) struct FilterGroup {
    /// `year` or the taxonomy's name.
    pub name: String,
    pub title: String,
    /// The whole collection ("all").
    pub all_url: String,
    /// True when a filter of this group is the page being shown.
    pub active: bool,
    pub options: Vec<FilterOption>,
}

/// `filter` in `section.html` on a filter page.
#[derive(Serialize)]
pub(crate) struct ActiveFilter {
    pub group: String,
    pub label: String,
    pub count: usize,
}

/// The year a page is filed under (see [`crate::content::frontmatter::FrontMatter::year`]).
pub(crate) fn page_year(site: &Site, i: PageId) -> Option<i32> {
    site.pages[i].front.year()
}

/// Years of the collection's pages, newest first.
fn years(site: &Site, pages: &[PageId]) -> Vec<i32> {
    let mut y: Vec<i32> = pages.iter().filter_map(|&i| page_year(site, i)).collect();
    y.sort_unstable_by(|a, b| b.cmp(a));
    y.dedup();
    y
}

/// Membership of `pages` (so a lookup is O(1), not a scan: section and filter pages
/// are many on a large site, and each lists every filter with its count).
fn member(site: &Site, pages: &[PageId]) -> PageSet {
    PageSet::of(&site.pages, pages.iter().copied())
}

/// Terms (taxonomy index, term index) that pages of the collection use.
fn terms(site: &Site, in_collection: &PageSet) -> Vec<(usize, usize)> {
    let mut v = Vec::new();
    for (ti, t) in site.taxonomies.iter().enumerate() {
        let mut used: Vec<(usize, usize)> = t
            .terms
            .iter()
            .enumerate()
            .map(|(k, term)| {
                (
                    k,
                    term.pages
                        .iter()
                        .filter(|&&p| in_collection.contains(p))
                        .count(),
                )
            })
            .filter(|&(_, n)| n > 0)
            .collect();
        // Every filter page shows the whole bar: 10,000 tags would make 10,000 pages of
        // 10,000 links each. Keep the most used terms (the term pages list them all).
        if used.len() > MAX_TERMS {
            used.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            used.truncate(MAX_TERMS);
            used.sort_by_key(|&(k, _)| k);
        }
        v.extend(used.into_iter().map(|(k, _)| (ti, k)));
    }
    v
}

/// At most this many terms per taxonomy in a collection's filter bar.
pub(crate) const MAX_TERMS: usize = 60;

/// Every filter key of collection `ci` (years, then terms).
pub(crate) fn keys(site: &Site, ci: usize) -> Vec<FilterKey> {
    let pages = &site.collections[ci].pages;
    let mut v: Vec<FilterKey> = years(site, pages)
        .into_iter()
        .map(FilterKey::Year)
        .collect();
    v.extend(
        terms(site, &member(site, pages))
            .into_iter()
            .map(|(ti, k)| FilterKey::Term(ti, k)),
    );
    v
}

/// The URL path (no base, trailing `/`) of a filter page.
pub(crate) fn rel_url(site: &Site, ci: usize, key: &FilterKey) -> String {
    let name = &site.collections[ci].name;
    match key {
        FilterKey::Year(y) => format!("{name}/year/{y}/"),
        FilterKey::Term(ti, k) => {
            let t = &site.taxonomies[*ti];
            format!("{name}/{}/{}/", t.taxonomy.name, t.terms[*k].slug)
        }
    }
}

/// The pages of collection `ci` that `key` selects, in the collection's order.
pub(crate) fn select(site: &Site, ci: usize, key: &FilterKey) -> Vec<PageId> {
    let pages = &site.collections[ci].pages;
    match key {
        FilterKey::Year(y) => pages
            .iter()
            .copied()
            .filter(|&i| page_year(site, i) == Some(*y))
            .collect(),
        FilterKey::Term(ti, k) => {
            let in_term = member(site, &site.taxonomies[*ti].terms[*k].pages);
            pages
                .iter()
                .copied()
                .filter(|&i| in_term.contains(i))
                .collect()
        }
    }
}

/// The label of a filter: the year or the term as written.
pub(crate) fn label(site: &Site, key: &FilterKey) -> String {
    match key {
        FilterKey::Year(y) => y.to_string(),
        FilterKey::Term(ti, k) => site.taxonomies[*ti].terms[*k].name.clone(),
    }
}

/// The filter bar of collection `ci`, with `current` marked.
pub(crate) fn groups(r: &Renderer, ci: usize, current: Option<&FilterKey>) -> Vec<FilterGroup> {
    let site = &r.site;
    let pages = &site.collections[ci].pages;
    let all_url = site.url(&format!("{}/", site.collections[ci].name));
    let in_collection = member(site, pages);
    // The number of pages `key` selects (`select(..).len()`, without the lists).
    let count = |key: &FilterKey| match key {
        FilterKey::Year(y) => pages
            .iter()
            .filter(|&&i| page_year(site, i) == Some(*y))
            .count(),
        FilterKey::Term(ti, k) => site.taxonomies[*ti].terms[*k]
            .pages
            .iter()
            .filter(|&&i| in_collection.contains(i))
            .count(),
    };
    let option = |key: FilterKey| FilterOption {
        label: label(site, &key),
        url: site.url(&rel_url(site, ci, &key)),
        count: count(&key),
        current: current == Some(&key),
    };
    let mut out = Vec::new();
    let ys = years(site, pages);
    if !ys.is_empty() {
        let options: Vec<FilterOption> =
            ys.into_iter().map(|y| option(FilterKey::Year(y))).collect();
        out.push(FilterGroup {
            name: "year".into(),
            title: r.ui_text("year", "年份"),
            all_url: all_url.clone(),
            active: options.iter().any(|o| o.current),
            options,
        });
    }
    let used = terms(site, &in_collection);
    for (ti, t) in site.taxonomies.iter().enumerate() {
        let options: Vec<FilterOption> = used
            .iter()
            .filter(|(x, _)| *x == ti)
            .map(|&(ti, k)| option(FilterKey::Term(ti, k)))
            .collect();
        if options.is_empty() {
            continue;
        }
        out.push(FilterGroup {
            name: t.taxonomy.name.clone(),
            title: t.taxonomy.title.clone(),
            all_url: all_url.clone(),
            active: options.iter().any(|o| o.current),
            options,
        });
    }
    out
}

/// The group title of a filter (for "年份：2024").
pub(crate) fn group_title(r: &Renderer, key: &FilterKey) -> String {
    match key {
        FilterKey::Year(_) => r.ui_text("year", "年份"),
        FilterKey::Term(ti, _) => r.site.taxonomies[*ti].taxonomy.title.clone(),
    }
}
