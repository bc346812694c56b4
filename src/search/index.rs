//! The search index: documents (what a result shows) and an inverted index from token
//! to postings, written as one JavaScript file. Also [`Index::search`], the reference
//! ranking that `search.js` implements in the browser (the tests hold the two together).
//!
//! Ranking, best first: pages whose title holds every query token; then pages matching
//! more of the query's tokens; then more query tokens in the title; then the total
//! term frequency; then site order. A page must match at least half of the query's
//! tokens, so one common bigram of a long query does not list the whole site.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::tokenizer::{fold, index_keys, index_tokens, is_cjk, query_tokens, unpack_into, Key};

/// Bump when the shape below changes; `search.js` checks it.
pub(crate) const FORMAT: u32 = 1;

/// Body text kept per page for snippets, in characters. Tokens cover the whole body;
/// a match further in shows the summary instead.
pub(crate) const SNIPPET_TEXT: usize = 1200;

/// At most this many index tokens stand for the last word of a query as a prefix.
pub(crate) const PREFIX_LIMIT: usize = 50;

/// What the indexer reads of one page.
#[derive(Clone, Debug, Default)]
pub struct Source {
    /// URL relative to the site root (`stations/xilin/`).
    pub url: String,
    pub title: String,
    /// The collection's title, shown above the result.
    pub section: String,
    /// `YYYY-MM-DD` or empty.
    pub date: String,
    pub summary: String,
    /// Taxonomy terms and the kind's text fields (organisation, place, …).
    pub meta: String,
    /// Plain text of the body.
    pub body: String,
}

/// One result as stored: `[url, title, section, date, summary, meta, text]` (an array,
/// so the field names are not repeated ten thousand times).
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Doc(
    pub String,
    pub String,
    pub String,
    pub String,
    pub String,
    pub String,
    pub String,
);

/// The whole index, as `search.js` reads it from `window.XINGHUO_SEARCH`.
#[derive(Serialize, Debug)]
pub struct Index {
    /// [`FORMAT`].
    pub v: u32,
    pub docs: Vec<Doc>,
    /// Every token, sorted by UTF-16 code units (JavaScript's string order), so the
    /// browser can binary-search it and find prefixes.
    pub tokens: Vec<String>,
    /// For `tokens[i]`: `[doc gap, term frequency, doc gap, term frequency, …]`, doc
    /// numbers ascending and stored as the gap from the previous one.
    pub postings: Vec<Vec<u32>>,
}

/// A ranked result of [`Index::search`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub doc: usize,
    pub title_all: bool,
    pub matched: usize,
    pub in_title: usize,
    pub tf: u32,
}

impl Index {
    pub fn build(sources: &[Source]) -> Index {
        // Documents are counted in parallel a batch at a time and merged in document
        // order: the per-document token lists of a whole large site (millions of
        // tokens) never exist at once. CJK tokens, most of a Chinese site's, are
        // counted as packed numbers (`tokenizer::pack`): no string is made or hashed
        // for them until the final list.
        const BATCH: usize = 512;
        // FxHash: tokens are short and not attacker-chosen keys of a long-lived map;
        // the order of the maps never reaches the output (tokens are sorted below).
        type Counts = (Vec<(u64, u32)>, Vec<(String, u32)>);
        let mut cjk: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        let mut words: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for (b, batch) in sources.chunks(BATCH).enumerate() {
            let counts: Vec<Counts> = batch
                .par_iter()
                .map(|s| {
                    // One distinct CJK token per 2.5–7.5 bytes of text in the demo's
                    // and the benchmark corpus's pages: sized once, not regrown.
                    let size = s.body.len() + s.title.len() + s.summary.len() + s.meta.len();
                    let mut c: FxHashMap<u64, u32> =
                        FxHashMap::with_capacity_and_hasher(size / 4, Default::default());
                    let mut w: FxHashMap<String, u32> = FxHashMap::default();
                    for field in [&s.title, &s.summary, &s.meta, &s.body] {
                        index_keys(field, |key| match key {
                            Key::Cjk(k) => *c.entry(k).or_default() += 1,
                            Key::Word(t) => match w.get_mut(t) {
                                Some(n) => *n += 1,
                                None => {
                                    w.insert(t.to_string(), 1);
                                }
                            },
                        });
                    }
                    (c.into_iter().collect(), w.into_iter().collect())
                })
                .collect();
            for (k, (c, w)) in counts.into_iter().enumerate() {
                let doc = u32::try_from(b * BATCH + k).expect("fewer than 4 billion pages");
                // Postings hold (absolute doc, tf) until the gaps are taken below.
                for (key, tf) in c {
                    cjk.entry(key).or_default().extend([doc, tf]);
                }
                for (tok, tf) in w {
                    words.entry(tok).or_default().extend([doc, tf]);
                }
            }
        }
        let mut buf = [0u8; 8];
        let mut tokens: Vec<(String, Vec<u32>)> = cjk
            .into_iter()
            .map(|(k, p)| (unpack_into(k, &mut buf).to_string(), p))
            .chain(words)
            .collect();
        tokens.par_sort_unstable_by(|a, b| utf16_cmp(&a.0, &b.0));
        let (tokens, postings): (Vec<String>, Vec<Vec<u32>>) = tokens
            .into_iter()
            .map(|(t, mut p)| {
                let mut prev = 0;
                for pair in p.chunks_exact_mut(2) {
                    let d = pair[0];
                    pair[0] = d - prev;
                    prev = d;
                }
                (t, p)
            })
            .unzip();
        let docs = sources
            .iter()
            .map(|s| {
                Doc(
                    s.url.clone(),
                    s.title.clone(),
                    s.section.clone(),
                    s.date.clone(),
                    s.summary.clone(),
                    s.meta.clone(),
                    s.body.chars().take(SNIPPET_TEXT).collect(),
                )
            })
            .collect();
        Index {
            v: FORMAT,
            docs,
            tokens,
            postings,
        }
    }

    /// Postings of one token as `(doc, tf)`.
    fn postings_of(&self, i: usize) -> impl Iterator<Item = (usize, u32)> + '_ {
        let mut doc = 0usize;
        self.postings[i].chunks_exact(2).map(move |p| {
            doc += p[0] as usize;
            (doc, p[1])
        })
    }

    fn find(&self, token: &str) -> Result<usize, usize> {
        self.tokens.binary_search_by(|t| utf16_cmp(t, token))
    }

    /// The index tokens a query token stands for: itself, or (for the last word of a
    /// query still being typed) every token it begins.
    fn expand(&self, token: &str, prefix: bool) -> Vec<usize> {
        match self.find(token) {
            Ok(i) if !prefix => vec![i],
            Err(_) if !prefix => vec![],
            Ok(i) | Err(i) => (i..self.tokens.len())
                .take_while(|&k| self.tokens[k].starts_with(token))
                .take(PREFIX_LIMIT)
                .collect(),
        }
    }

    /// Rank the pages for `query` (the reference for `search.js`).
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let terms = query_terms(query);
        if terms.is_empty() {
            return Vec::new();
        }
        // doc → (matched terms, tf); BTreeMap keeps site order for ties.
        let mut found: BTreeMap<usize, (usize, u32)> = BTreeMap::new();
        for (tok, prefix) in &terms {
            let mut seen: BTreeMap<usize, u32> = BTreeMap::new();
            for i in self.expand(tok, *prefix) {
                for (doc, tf) in self.postings_of(i) {
                    *seen.entry(doc).or_default() += tf;
                }
            }
            for (doc, tf) in seen {
                let e = found.entry(doc).or_default();
                e.0 += 1;
                e.1 += tf;
            }
        }
        let n = terms.len();
        let mut hits: Vec<Hit> = found
            .into_iter()
            .filter(|(_, (m, _))| m * 2 >= n)
            .map(|(doc, (matched, tf))| {
                let mut title: Vec<String> = Vec::new();
                index_tokens(&self.docs[doc].1, |t| title.push(t.to_string()));
                let in_title = terms
                    .iter()
                    .filter(|(t, prefix)| {
                        title
                            .iter()
                            .any(|x| x == t || (*prefix && x.starts_with(t.as_str())))
                    })
                    .count();
                Hit {
                    doc,
                    title_all: in_title == n,
                    matched,
                    in_title,
                    tf,
                }
            })
            .collect();
        hits.sort_by(|a, b| {
            b.title_all
                .cmp(&a.title_all)
                .then(b.matched.cmp(&a.matched))
                .then(b.in_title.cmp(&a.in_title))
                .then(b.tf.cmp(&a.tf))
                .then(a.doc.cmp(&b.doc))
        });
        hits
    }
}

/// The query's tokens, each with whether it is matched as a prefix: only the last one,
/// when it is a Latin word or number the visitor may still be typing.
pub fn query_terms(query: &str) -> Vec<(String, bool)> {
    let tokens = query_tokens(query);
    let typing = query
        .chars()
        .last()
        .map(fold)
        .is_some_and(|c| c.is_alphanumeric() && !is_cjk(c));
    let last = tokens.len().saturating_sub(1);
    tokens
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let prefix = typing && i == last && !t.chars().any(is_cjk);
            (t, prefix)
        })
        .collect()
}

/// Compare as JavaScript compares strings (UTF-16 code units).
fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(title: &str, body: &str) -> Source {
        Source {
            url: format!("{title}/"),
            title: title.into(),
            body: body.into(),
            ..Source::default()
        }
    }

    fn titles(ix: &Index, q: &str) -> Vec<String> {
        ix.search(q)
            .into_iter()
            .map(|h| ix.docs[h.doc].1.clone())
            .collect()
    }

    #[test]
    fn title_hits_first_then_matched_then_frequency() {
        let ix = Index::build(&[
            src("社区活动", "时间银行 时间银行 时间银行 时间银行"),
            src("其他", "时间银行一次"),
            src("银龄时间银行", "低龄老人服务高龄老人"),
            src("银行网点", "时间 很多 时间"),
        ]);
        assert_eq!(
            titles(&ix, "时间银行"),
            ["银龄时间银行", "社区活动", "其他", "银行网点"]
        );
    }

    #[test]
    fn half_the_tokens_needed() {
        // 时间 间银 银行: a page with only 银行 matches one of three.
        let ix = Index::build(&[src("甲", "银行"), src("乙", "时间和银行")]);
        assert_eq!(titles(&ix, "时间银行"), ["乙"]);
        assert!(titles(&ix, "").is_empty());
        assert!(titles(&ix, "不存在").is_empty());
    }

    #[test]
    fn single_character_and_latin_prefix() {
        let ix = Index::build(&[src("星火", "Volunteer service"), src("月光", "无")]);
        assert_eq!(titles(&ix, "星"), ["星火"]);
        assert_eq!(titles(&ix, "volun"), ["星火"]);
        // With a space after it the word is complete: no prefix match.
        assert!(titles(&ix, "volun ").is_empty());
        assert_eq!(titles(&ix, "ＶＯＬＵＮＴＥＥＲ"), ["星火"]);
    }

    #[test]
    fn postings_are_gaps_and_tokens_sorted_as_javascript_sorts() {
        let ix = Index::build(&[src("a", "党建"), src("b", "x"), src("c", "党建 党建")]);
        let i = ix.find("党建").unwrap();
        assert_eq!(ix.postings[i], [0, 1, 2, 2]);
        // U+F900 sorts before an astral character in UTF-8 but after it in UTF-16.
        let ix = Index::build(&[src("", "\u{F900} \u{20000}")]);
        assert_eq!(ix.tokens, ["\u{20000}", "\u{F900}"]);
    }

    #[test]
    fn snippet_text_capped() {
        let long = "字".repeat(SNIPPET_TEXT * 2);
        let ix = Index::build(&[src("长", &long)]);
        assert_eq!(ix.docs[0].6.chars().count(), SNIPPET_TEXT);
    }
}
