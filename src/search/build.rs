//! Building an [`Index`] from the pages' [`Source`]s: every page is tokenized in
//! parallel (a batch at a time, so the keys of a large site never all exist as
//! per-page lists at once), its keys counted, and the counts appended in page order
//! to one growing posting string per key; then keys are sorted and cut into shards.
//!
//! CJK keys, most of a Chinese site's, are counted as packed numbers
//! (`tokenizer::pack`, `pack_gram`): no string is made or hashed for them until the
//! shards are written.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::index::{
    bucket, group_keys, length_class, utf16_cmp, varint, Doc, GramShard, Index, TermShard,
    BUCKET_BITS,
};
use super::tokenizer::{gram_chars, index_keys, unpack_into, Key};

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

/// How the index is cut into files.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    /// Everything in one file.
    pub one: bool,
    /// Body text kept per page for snippets, in characters. Keys cover the whole body;
    /// a match further in shows the summary instead.
    pub text: usize,
    /// Pages per document file.
    pub group: usize,
}

/// Target sizes in bytes: a term shard, and on average a gram and a position file.
const TERM_SHARD: usize = 16_000;
const GRAM_FILE: usize = 16_000;
const POSITION_FILE: usize = 32_000;

impl Layout {
    /// One file below `split_from` pages, shards from there on.
    pub fn for_pages(pages: usize, split_from: usize) -> Layout {
        if pages < split_from {
            Layout {
                one: true,
                text: 1200,
                group: pages.max(1),
            }
        } else {
            Layout {
                one: false,
                text: 320,
                group: 4,
            }
        }
    }
}

/// Postings of one key: [`varint`] digits, and the last page added.
#[derive(Default)]
struct Post {
    last: u32,
    bytes: Vec<u8>,
}

impl Post {
    fn add(&mut self, doc: u32, value: u32) {
        varint(&mut self.bytes, doc - self.last);
        varint(&mut self.bytes, value);
        self.last = doc;
    }
}

/// Postings of one gram: page and value as [`Post`], and its positions.
#[derive(Default)]
struct GramPost {
    c: Post,
    last: u32,
    p: Vec<u8>,
}

/// The keys of one page, counted.
struct DocKeys {
    /// `(key, occurrences × 2 + title)`, by key.
    cjk: Vec<(u64, u32)>,
    words: Vec<(String, u32)>,
    /// Every occurrence: `(gram, position × 2 + title)`, by gram then position.
    grams: Vec<(u128, u32)>,
    /// Characters of all fields.
    chars: u32,
}

fn doc_keys(s: &Source) -> DocKeys {
    let size = s.body.len() + s.title.len() + s.summary.len() + s.meta.len();
    // Three bytes a character: about one bigram and one gram per character.
    let mut cjk: Vec<u64> = Vec::with_capacity(size / 3);
    let mut grams: Vec<(u128, u32)> = Vec::with_capacity(size / 3);
    let mut words: FxHashMap<String, u32> = FxHashMap::default();
    let mut pos = 0;
    for (f, field) in [&s.title, &s.summary, &s.meta, &s.body]
        .into_iter()
        .enumerate()
    {
        let title = u32::from(f == 0);
        pos = index_keys(field, pos, |k| match k {
            Key::Cjk(k) => cjk.push(k << 1 | u64::from(title)),
            Key::Word(w) => match words.get_mut(w) {
                Some(v) => *v = (*v + 2) | title,
                None => {
                    words.insert(w.to_string(), 2 | title);
                }
            },
            Key::Gram(g, p) => grams.push((g, p.saturating_mul(2) | title)),
        })
        .saturating_add(1);
    }
    cjk.sort_unstable();
    grams.sort_unstable();
    let mut counted: Vec<(u64, u32)> = Vec::with_capacity(cjk.len() / 2);
    for k in cjk {
        match counted.last_mut() {
            Some((key, v)) if *key == k >> 1 => *v = (*v + 2) | (k & 1) as u32,
            _ => counted.push((k >> 1, 2 | (k & 1) as u32)),
        }
    }
    DocKeys {
        cjk: counted,
        words: words.into_iter().collect(),
        grams,
        chars: pos,
    }
}

/// Everything counted so far, in page order.
#[derive(Default)]
struct Postings {
    cjk: FxHashMap<u64, Post>,
    words: FxHashMap<String, Post>,
    grams: FxHashMap<u128, GramPost>,
}

impl Postings {
    fn add(&mut self, doc: u32, keys: DocKeys) {
        for (k, v) in keys.cjk {
            self.cjk.entry(k).or_default().add(doc, v);
        }
        for (w, v) in keys.words {
            self.words.entry(w).or_default().add(doc, v);
        }
        let grams = &keys.grams;
        let mut i = 0;
        while i < grams.len() {
            let key = grams[i].0;
            let end = i + grams[i..].iter().take_while(|g| g.0 == key).count();
            let post = self.grams.entry(key).or_default();
            let title = grams[i..end].iter().any(|g| g.1 & 1 == 1);
            let count = (end - i) as u32;
            post.c.add(doc, count * 2 + u32::from(title));
            varint(&mut post.p, doc - post.last);
            varint(&mut post.p, count);
            let mut at = 0;
            for g in &grams[i..end] {
                // Positions ascend: the gap, with the title bit kept.
                varint(&mut post.p, ((g.1 >> 1) - at) * 2 + (g.1 & 1));
                at = g.1 >> 1;
            }
            post.last = doc;
            i = end;
        }
    }
}

impl Index {
    /// The index of `sources` (site order) cut as `layout` says.
    pub fn build(sources: &[Source], layout: Layout) -> Index {
        const BATCH: usize = 512;
        let mut postings = Postings::default();
        let mut len = String::with_capacity(sources.len());
        for (b, batch) in sources.chunks(BATCH).enumerate() {
            let keys: Vec<DocKeys> = batch.par_iter().map(doc_keys).collect();
            for (k, keys) in keys.into_iter().enumerate() {
                let doc = u32::try_from(b * BATCH + k).expect("fewer than 4 billion pages");
                let class = length_class(u64::from(keys.chars));
                len.push(char::from(super::index::DIGITS[usize::from(class)]));
                postings.add(doc, keys);
            }
        }
        let Postings { cjk, words, grams } = postings;
        let (bounds, t) = terms(cjk, words, layout.one);
        let (cb, c, pb, p) = gram_files(grams, layout.one);
        let group = layout.group.max(1);
        let d = sources
            .chunks(group)
            .map(|chunk| chunk.iter().map(|s| doc(s, layout.text)).collect())
            .collect();
        Index {
            n: sources.len(),
            len,
            bounds,
            t,
            cb,
            c,
            pb,
            p,
            group,
            d,
            one: layout.one,
        }
    }
}

fn doc(s: &Source, text: usize) -> Doc {
    Doc(
        s.url.clone(),
        s.title.clone(),
        s.section.clone(),
        s.date.clone(),
        s.summary.clone(),
        s.meta.clone(),
        s.body.chars().take(text).collect(),
    )
}

fn posting_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("varint digits are ASCII")
}

/// Terms sorted as JavaScript sorts strings, cut into shards of about
/// [`TERM_SHARD`] bytes (a larger key alone); the bounds between them.
fn terms(
    cjk: FxHashMap<u64, Post>,
    words: FxHashMap<String, Post>,
    one: bool,
) -> (Vec<String>, Vec<TermShard>) {
    let mut buf = [0u8; 8];
    let mut all: Vec<(String, String)> = cjk
        .into_iter()
        .map(|(k, p)| (unpack_into(k, &mut buf).to_string(), p.bytes))
        .chain(words.into_iter().map(|(w, p)| (w, p.bytes)))
        .map(|(k, b)| (k, posting_string(b)))
        .collect();
    all.par_sort_unstable_by(|a, b| utf16_cmp(&a.0, &b.0));
    let mut shards: Vec<TermShard> = vec![TermShard::default()];
    let mut bounds = Vec::new();
    let mut size = 0;
    for (key, post) in all {
        let add = key.len() + post.len() + 6;
        if !one && size > 0 && size + add > TERM_SHARD {
            let last = shards.last().and_then(|s| s.0.last()).expect("a key");
            bounds.push(shortest_above(&key, last));
            shards.push(TermShard::default());
            size = 0;
        }
        size += add;
        let shard = shards.last_mut().expect("a shard");
        shard.0.push(key);
        shard.1.push(post);
    }
    (bounds, shards)
}

/// The shortest beginning of `key` that sorts after `below` (`key` sorts after it).
fn shortest_above(key: &str, below: &str) -> String {
    let mut end = 0;
    for c in key.chars() {
        end += c.len_utf8();
        if utf16_cmp(&key[..end], below).is_gt() {
            break;
        }
    }
    key[..end].to_string()
}

/// Sort rank of a character in JavaScript's (UTF-16) order.
fn utf16_rank(c: char) -> u32 {
    match c as u32 {
        u @ 0xE000..=0xFFFF => u + 0x11_0000,
        u => u,
    }
}

type GramFiles = (u32, Vec<GramShard>, u32, Vec<GramShard>);

/// Grams in files by [`bucket`], each file's keys sorted: the gram files and the
/// position files, and the `log2` of their numbers.
fn gram_files(grams: FxHashMap<u128, GramPost>, one: bool) -> GramFiles {
    let mut all: Vec<(u32, [char; 4], GramPost)> = grams
        .into_par_iter()
        .map(|(k, post)| {
            let chars = gram_chars(k);
            (bucket(&chars[..3]), chars, post)
        })
        .collect();
    all.par_sort_unstable_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| {
            a.1.iter()
                .map(|&c| utf16_rank(c))
                .cmp(b.1.iter().map(|&c| utf16_rank(c)))
        })
    });
    let c_bytes: usize = all.iter().map(|g| g.2.c.bytes.len() + 8).sum();
    let p_bytes: usize = all.iter().map(|g| g.2.p.len() + 8).sum();
    let bits = |bytes: usize, target: usize| -> u32 {
        if one {
            return 0;
        }
        let files = bytes.div_ceil(target).max(1).next_power_of_two();
        files.trailing_zeros().min(BUCKET_BITS)
    };
    let (cb, pb) = (bits(c_bytes, GRAM_FILE), bits(p_bytes, POSITION_FILE));
    // Sorted by bucket, so every file is a run of the list.
    let cut = |b: u32| -> Vec<std::ops::Range<usize>> {
        let files = 1usize << b;
        let mut out = Vec::with_capacity(files);
        let mut start = 0;
        for f in 0..files {
            let end = start
                + all[start..]
                    .iter()
                    .take_while(|g| (g.0 >> (BUCKET_BITS - b)) as usize == f)
                    .count();
            out.push(start..end);
            start = end;
        }
        out
    };
    let shard = |r: &std::ops::Range<usize>, which: fn(&GramPost) -> &[u8]| {
        let mut slice: Vec<&(u32, [char; 4], GramPost)> = all[r.clone()].iter().collect();
        // A file of several buckets: sorted by key across them.
        slice.sort_by(|a, b| {
            a.1.iter()
                .map(|&c| utf16_rank(c))
                .cmp(b.1.iter().map(|&c| utf16_rank(c)))
        });
        GramShard(
            group_keys(slice.iter().map(|g| &g.1)),
            slice
                .iter()
                .map(|g| posting_string(which(&g.2).to_vec()))
                .collect(),
        )
    };
    let c: Vec<GramShard> = cut(cb)
        .par_iter()
        .map(|r| shard(r, |g| &g.c.bytes))
        .collect();
    let p: Vec<GramShard> = cut(pb).par_iter().map(|r| shard(r, |g| &g.p)).collect();
    (cb, c, pb, p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::{ungroup_keys, varints};

    fn src(title: &str, body: &str) -> Source {
        Source {
            url: format!("{title}/"),
            title: title.into(),
            body: body.into(),
            ..Source::default()
        }
    }

    fn term<'a>(ix: &'a Index, key: &str) -> Option<&'a str> {
        ix.t.iter().find_map(|s| {
            let i = s.0.iter().position(|k| k == key)?;
            Some(s.1[i].as_str())
        })
    }

    #[test]
    fn postings_are_gaps_with_counts_and_the_title_bit() {
        let ix = Index::build(
            &[src("党建", "x"), src("b", "x"), src("c", "党建 党建")],
            Layout::for_pages(3, 500),
        );
        // Page 0: once, in the title (1 × 2 + 1); page 2: twice, not in the title.
        assert_eq!(varints(term(&ix, "党建").unwrap()), [0, 3, 2, 4]);
        assert_eq!(varints(term(&ix, "x").unwrap()), [0, 2, 1, 2]);
        assert!(term(&ix, "建").is_some(), "the last character of a run");
        assert!(term(&ix, "党").is_none(), "not a run's last character");
        // Gram 党建 with nothing around it; positions: page 0 at 0 (title), page 2 at
        // the body's start (title "c", a gap, empty summary and meta: 1 + 1 + 1 + 1).
        let keys = ungroup_keys(&ix.c[0].0);
        let i = keys.iter().position(|k| k == "党建  ").unwrap();
        assert_eq!(varints(&ix.c[0].1[i]), [0, 3, 2, 4]);
        assert_eq!(varints(&ix.p[0].1[i]), [0, 1, 1, 2, 2, 8, 6]);
    }

    #[test]
    fn terms_sorted_as_javascript_sorts_and_cut_at_shortened_bounds() {
        let ix = Index::build(&[src("", "\u{F900} \u{20000}")], Layout::for_pages(1, 500));
        assert_eq!(ix.t[0].0, ["\u{20000}", "\u{F900}"]);
        assert_eq!(shortest_above("党建引", "党员"), "党建");
        assert_eq!(shortest_above("b", "a"), "b");
        // Many pages: several term shards, every key at or above its bound.
        let pages: Vec<Source> = (0..600)
            .map(|i| {
                src(
                    &format!("p{i}"),
                    &format!("word{i} 内容{}", char::from_u32(0x4E00 + i).unwrap()),
                )
            })
            .collect();
        let ix = Index::build(&pages, Layout::for_pages(600, 500));
        assert!(ix.t.len() > 1 && ix.bounds.len() == ix.t.len() - 1);
        for (i, s) in ix.t.iter().enumerate().skip(1) {
            assert!(utf16_cmp(&s.0[0], &ix.bounds[i - 1]).is_ge());
            let prev = ix.t[i - 1].0.last().unwrap();
            assert!(utf16_cmp(prev, &ix.bounds[i - 1]).is_lt());
        }
        assert_eq!(ix.d.len(), 150, "four pages a file");
        assert_eq!(ix.len.len(), 600);
    }

    #[test]
    fn snippet_text_capped() {
        let long = "字".repeat(5000);
        let ix = Index::build(&[src("长", &long)], Layout::for_pages(1, 500));
        assert_eq!(ix.d[0][0].6.chars().count(), 1200);
    }
}
