//! The site's listings: one section per collection (a default one where `_index.md`
//! is absent) and the home section; collections sorted per `sort_by`; taxonomy terms
//! by pinyin, each with its pages, newest first.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use rayon::prelude::*;

use super::order::{sort_pages_keyed, term_slug, title_key};
use super::{Collection, PageId, Pages, TaxonomyIndex, Term};
use crate::config::{Config, SortBy};
use crate::content::frontmatter::FrontMatter;
use crate::content::{Loaded, Page, Section};

/// A section with no `_index.md`: its title only.
fn default_section(collection: Option<String>, rel_url: String, title: &str) -> Section {
    Section {
        source: None,
        collection,
        rel_url,
        front: FrontMatter {
            title: title.to_string(),
            ..FrontMatter::default()
        },
        body: String::new(),
        body_line: 1,
        html: String::new(),
        summary: String::new(),
    }
}

/// The home section and one section per collection, in config order (taken out of
/// `loaded`).
pub(super) fn sections(config: &Config, loaded: &mut Loaded) -> (Section, Vec<Section>) {
    let mut sections = Vec::new();
    for c in &config.collections {
        let found = loaded
            .sections
            .iter()
            .position(|s| s.collection.as_deref() == Some(&c.name));
        sections.push(match found {
            Some(i) => loaded.sections.swap_remove(i),
            None => default_section(Some(c.name.clone()), format!("{}/", c.name), &c.title),
        });
    }
    let home = loaded
        .home
        .take()
        .unwrap_or_else(|| default_section(None, String::new(), &config.title));
    (home, sections)
}

/// The sort key of every page's title, computed once for all listings.
pub(super) fn title_keys(pages: &[Page]) -> Vec<String> {
    pages
        .par_iter()
        .map(|p| title_key(&p.front.title))
        .collect()
}

/// Each taxonomy's terms (by slug) on a run of pages, with those pages in run order.
fn gather_terms(config: &Config, run: &[(PageId, &Page)]) -> Vec<BTreeMap<String, Term>> {
    let mut terms: Vec<BTreeMap<String, Term>> = vec![BTreeMap::new(); config.taxonomies.len()];
    let mut slugs: rustc_hash::FxHashMap<&str, String> = Default::default();
    for &(i, p) in run {
        for (name, values) in &p.front.taxonomies {
            let Some(t) = config.taxonomies.iter().position(|t| &t.name == name) else {
                continue;
            };
            for v in values {
                let slug = slugs.entry(v).or_insert_with(|| term_slug(v));
                let term = match terms[t].get_mut(slug.as_str()) {
                    Some(term) => term,
                    None => terms[t].entry(slug.clone()).or_insert_with(|| Term {
                        name: v.trim().to_string(),
                        slug: slug.clone(),
                        pages: Vec::new(),
                    }),
                };
                // A page's values come together: a repeat can only be the last.
                if term.pages.last() != Some(&i) {
                    term.pages.push(i);
                }
            }
        }
    }
    terms
}

/// Every collection's pages, sorted.
pub(super) fn collections(
    config: &Config,
    pages: &Pages,
    title_keys: &[String],
) -> Vec<Collection> {
    config
        .collections
        .iter()
        .map(|c| {
            let mut idx: Vec<PageId> = pages
                .ids()
                .filter(|&i| pages[i].collection.as_deref() == Some(&c.name))
                .collect();
            sort_pages_keyed(pages, title_keys, &mut idx, c.sort_by);
            Collection {
                name: c.name.clone(),
                pages: idx,
            }
        })
        .collect()
}

/// Taxonomies: terms by name, pages newest first.
pub(super) fn taxonomies(
    config: &Config,
    pages: &Pages,
    title_keys: &[String],
) -> Vec<TaxonomyIndex> {
    // Newest first is one sort of the site, then each term's pages by their rank in
    // it (the sort is stable, so that is the order sorting a term's pages alone gives).
    let mut newest_first: Vec<PageId> = pages.ids().collect();
    sort_pages_keyed(pages, title_keys, &mut newest_first, SortBy::Date);
    let mut rank = vec![0u32; newest_first.len()];
    for (r, id) in newest_first.iter().enumerate() {
        rank[id.index()] = u32::try_from(r).expect("fewer than 2^32 pages");
    }
    // Passes over the pages in their own order (where their front matter lies in
    // memory one after another), for every taxonomy at once: one per thread over a
    // run of pages, joined in page order.
    let all: Vec<(PageId, &Page)> = pages.enumerate().collect();
    let run = all.len().div_ceil(rayon::current_num_threads()).max(256);
    let parts: Vec<Vec<BTreeMap<String, Term>>> = all
        .par_chunks(run)
        .map(|run| gather_terms(config, run))
        .collect();
    let mut parts = parts.into_iter();
    let mut terms = parts.next().unwrap_or_default();
    terms.resize_with(config.taxonomies.len(), BTreeMap::new);
    for part in parts {
        for (joined, later) in terms.iter_mut().zip(part) {
            for (slug, term) in later {
                // The name as the first page (in page order) wrote it.
                match joined.entry(slug) {
                    Entry::Vacant(v) => {
                        v.insert(term);
                    }
                    Entry::Occupied(o) => o.into_mut().pages.extend(term.pages),
                }
            }
        }
    }
    config
        .taxonomies
        .iter()
        .zip(terms)
        .map(|(t, terms)| {
            // Terms in the order a Chinese reader looks for them: by pinyin (the same
            // key as titles), then as written; every listing and filter bar keeps it.
            let mut terms: Vec<(String, Term)> = terms
                .into_values()
                .map(|term| (title_key(&term.name), term))
                .collect();
            terms.sort_by(|(ka, a), (kb, b)| {
                ka.cmp(kb)
                    .then_with(|| a.name.cmp(&b.name))
                    .then_with(|| a.slug.cmp(&b.slug))
            });
            let mut terms: Vec<Term> = terms.into_iter().map(|(_, t)| t).collect();
            for term in &mut terms {
                term.pages.sort_unstable_by_key(|id| rank[id.index()]);
            }
            TaxonomyIndex {
                taxonomy: t.clone(),
                terms,
            }
        })
        .collect()
}
