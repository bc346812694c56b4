//! Site search with no server: at build time the frozen [`Site`] becomes an index
//! the browser loads with plain `<script>` tags — `search/index.js`, and for a site of
//! [`index::SPLIT_FROM`] pages or more (`[search] split_from`) small shard files the
//! engine (`js/search-engine.js`) loads only as a query needs them. It parses a query
//! the same way ([`tokenizer`]) and ranks pages as [`query`] does. Nothing else runs:
//! no fetch, no WebAssembly, no external service.
//!
//! Why hand-written: search must work from `file://` (a USB stick at an exhibition
//! booth), where browsers refuse `fetch` and XHR, so every part of the index has to be
//! a script (each shard calls `XINGHUO_SEARCH.add`). The existing static-search tools
//! do not fit: Pagefind and tinysearch load their index with fetch/WebAssembly;
//! elasticlunr/lunr-style indexes (as Zola writes) split words on spaces and find no
//! Chinese word inside a sentence, and word segmentation misses substrings users
//! type. Bigrams with the characters around them find every substring exactly
//! ([`tokenizer`]); the measurements are in `BENCHMARKS.md` (search section).

pub mod build;
mod count;
pub mod index;
pub mod query;
pub(crate) mod store;
pub mod tokenizer;
pub(crate) mod uncut;
pub(crate) mod write;

use crate::content::Section;
use crate::site::{PageId, PageSet, Site};
use crate::text::html_to_text;
pub use count::Source;
pub use index::Index;
pub use index::Layout;
use rayon::prelude::*;
pub(crate) use write::INDEX_PATH;

/// What the indexer reads of every published page, in site order (collections in
/// config order, each in its own sort; then loose pages), then of the home page and the
/// collection pages that have an introduction.
pub fn sources(site: &Site) -> Vec<Source> {
    let order = order(site);
    (0..order.len())
        .into_par_iter()
        .map(|i| source(site, &order, i))
        .collect()
}

/// What [`sources`] lists, in its order.
#[derive(Clone, Copy)]
enum Indexed<'a> {
    Page(PageId),
    Section(&'a Section),
}

fn order(site: &Site) -> Vec<Indexed<'_>> {
    let mut order: Vec<PageId> = Vec::with_capacity(site.pages.len());
    for c in &site.collections {
        order.extend(c.pages.iter().copied());
    }
    let seen = PageSet::of(&site.pages, order.iter().copied());
    order.extend(site.pages.ids().filter(|&i| !seen.contains(i)));
    let mut out: Vec<Indexed> = order.into_iter().map(Indexed::Page).collect();
    out.extend(
        std::iter::once(&site.home)
            .chain(&site.sections)
            .filter(|s| !s.html.trim().is_empty())
            .map(Indexed::Section),
    );
    out
}

/// The source of the `k`-th of `order`.
fn source(site: &Site, order: &[Indexed], k: usize) -> Source {
    let i = match order[k] {
        Indexed::Page(i) => i,
        Indexed::Section(s) => return section_source(site, s),
    };
    page_source(site, i, tidy(&site.pages[i].text))
}

/// The source of page `i` with `body`.
fn page_source(site: &Site, i: PageId, body: String) -> Source {
    let p = &site.pages[i];
    let section = p
        .collection
        .as_deref()
        .and_then(|c| site.config.collection(c))
        .map(|c| c.title.clone())
        .unwrap_or_default();
    Source {
        url: p.rel_url.clone(),
        title: p.front.title.clone(),
        section,
        date: p.front.date.as_ref().map(|d| d.ymd()).unwrap_or_default(),
        summary: p.summary.to_string(),
        meta: meta(site, i),
        body,
    }
}

/// A hash of everything the `k`-th of `order`'s source is made from: equal hashes,
/// equal sources. A page's text is hashed as it is, not tidied into a body first (a
/// build after an edit hashes every page; tidying them all was half of that).
fn source_key(site: &Site, order: &[Indexed], k: usize) -> u64 {
    match order[k] {
        Indexed::Page(i) => crate::hash::hash_of(|h| {
            uncut::hash_source(h, &page_source(site, i, String::new()));
            std::hash::Hash::hash(&site.pages[i].text, h);
        }),
        Indexed::Section(_) => crate::hash::hash_of(|h| {
            uncut::hash_source(h, &source(site, order, k));
        }),
    }
}

fn section_source(site: &Site, s: &Section) -> Source {
    let collection = s
        .collection
        .as_deref()
        .and_then(|c| site.config.collection(c));
    let title = match (&s.source, collection) {
        (Some(_), _) if !s.front.title.is_empty() => s.front.title.clone(),
        (_, Some(c)) => c.title.clone(),
        _ => site.config.title.clone(),
    };
    Source {
        url: s.rel_url.clone(),
        title,
        section: String::new(),
        date: String::new(),
        summary: s.summary.clone(),
        meta: String::new(),
        body: tidy(&html_to_text(&s.html)),
    }
}

/// Taxonomy terms and the text fields of the page's kind, as one line.
fn meta(site: &Site, i: PageId) -> String {
    let p = &site.pages[i];
    let f = &p.front.fields;
    let mut parts: Vec<&str> = Vec::new();
    for (_, terms) in &p.front.taxonomies {
        parts.extend(terms.iter().map(String::as_str));
    }
    for s in [
        &f.street,
        &f.address,
        &f.organization,
        &f.category,
        &f.role,
        &f.place,
        &f.organizer,
    ]
    .into_iter()
    .flatten()
    {
        parts.push(s);
    }
    parts.extend(f.services.iter().map(String::as_str));
    parts.extend(f.partners.iter().map(String::as_str));
    for u in &f.units {
        let name = site
            .units
            .iter()
            .find(|x| &x.id == u || &x.name == u)
            .map(|x| x.name.as_str())
            .unwrap_or(u);
        parts.push(name);
    }
    parts.extend(f.honors.iter().map(|h| h.title.as_str()));
    parts.extend(f.quote.as_deref());
    let mut seen: Vec<&str> = Vec::new();
    parts.retain(|p| {
        let new = !p.trim().is_empty() && !seen.contains(p);
        seen.push(p);
        new
    });
    parts.join(" · ")
}

/// Text for snippets: whitespace runs become one space, and none is kept between two
/// Chinese characters or punctuation marks (tags in the HTML left spaces there).
pub(crate) fn tidy(text: &str) -> String {
    fn wide(c: char) -> bool {
        tokenizer::is_cjk(c)
            || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '\u{2014}'..='\u{201F}' | '\u{2026}')
    }
    let mut out = String::with_capacity(text.len());
    // Whether the last character written is wide; `None` before the first.
    let mut last_wide: Option<bool> = None;
    let mut add = |piece: &str| {
        let (Some(first), Some(last)) = (piece.chars().next(), piece.chars().next_back()) else {
            return;
        };
        if last_wide.is_some_and(|w| !(w && wide(first))) {
            out.push(' ');
        }
        out.push_str(piece);
        last_wide = Some(wide(last));
    };
    // Bytes, not characters: only these bytes begin a white-space character (most of
    // the text is Chinese, and decoding every character was most of this function).
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        let space = match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => 1,
            0xC2 | 0xE1 | 0xE2 | 0xE3 => text[i..]
                .chars()
                .next()
                .filter(|c| c.is_whitespace())
                .map_or(0, char::len_utf8),
            _ => 0,
        };
        if space == 0 {
            i += 1;
            continue;
        }
        add(&text[start..i]);
        i += space;
        start = i;
    }
    add(&text[start..]);
    out
}

/// The index of the site, cut into shards when it has `split_from` pages or more.
pub fn index(site: &Site, split_from: usize) -> Index {
    let order = order(site);
    let layout = Layout::for_pages(order.len(), split_from);
    Index::build_with(order.len(), |k| source(site, &order, k), layout)
}

/// The whole index as one script (what `serve` serves at any size).
pub(crate) fn index_js(site: &Site) -> String {
    write::one_file(&index(site, usize::MAX))
}

/// Write `index` under `dir` (`dir/search/index.js`, …) as `build` writes it into the
/// output folder: for tests and benchmarks.
pub fn write_dir(index: &Index, dir: &std::path::Path) -> std::io::Result<()> {
    write::files(index, &|path, bytes| {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(p, bytes)
    })
}

/// The counted index for `build`, from the last build's (`previous`, see [`store`])
/// where it can be.
pub(crate) fn counted(site: &Site, previous: Option<uncut::Uncut>) -> uncut::Uncut {
    let order = order(site);
    let layout = Layout::for_pages(order.len(), site.config.search_split_from);
    let source = |k| source(site, &order, k);
    let key = |k| source_key(site, &order, k);
    match previous {
        Some(p) => p.update(order.len(), source, key, layout),
        None => uncut::Uncut::count(order.len(), source, key, layout),
    }
}

/// Write a [`counted`] index for `build`: `put(path, bytes)` for every file, in
/// parallel, the manifest `search/index.js` last.
pub(crate) fn write_counted(
    counted: uncut::Uncut,
    put: &(dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
) -> std::io::Result<()> {
    write::files(&counted.cut(), put)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_spaces() {
        assert_eq!(
            tidy("  社工 吴彩 负责， 她\n\n 也是 “时间银行” 1 项目  "),
            "社工吴彩负责，她也是“时间银行” 1 项目"
        );
        assert_eq!(tidy("open  data 平台"), "open data 平台");
        // Every white-space character, ASCII or not, and none that only looks like one.
        let spaces: String = (0..=0x3000u32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        assert_eq!(
            tidy(&format!("a{spaces}b\u{200B}c{spaces}")),
            "a b\u{200B}c"
        );
        assert_eq!(tidy(&format!("党{spaces}建 x")), "党建 x");
    }
}
