//! Cutting the counted index ([`Uncut`], see [`super::uncut`]) into the files the
//! browser loads: terms sorted as JavaScript sorts strings and cut into shards of
//! about [`TERM_SHARD`] bytes (hot characters merged into one key), grams into bucket
//! files (hot grams and hot heads in files of their own), pages into document files.
//! The cut is made from the whole set every time, so an index updated after an edit
//! is cut exactly as a cold build's.
//!
//! CJK keys, most of a Chinese site's, stay packed numbers (`tokenizer::pack`,
//! `pack_gram`) until they are cut: no string is made for them before.

use rayon::prelude::*;

use super::count::{Post, Source, CJK_BITS};
use super::index::varints;
use super::index::{
    utf16_cmp, GramFiles, Grams, Index, Layout, TermShard, BUCKET_BITS, GRAM_BITS, TERM_SHARD,
};
use super::tokenizer::{gram_chars, is_cjk, unpack_into};
use super::uncut::Uncut;

/// Target sizes in bytes: on average a gram and a position file.
const GRAM_FILE: usize = 32_000;
const POSITION_FILE: usize = 32_000;

impl Index {
    /// The index of `sources` (site order) cut as `layout` says.
    pub fn build(sources: Vec<Source>, layout: Layout) -> Index {
        Index::build_with(sources.len(), |i| sources[i].clone(), layout)
    }

    /// The index of the `n` pages that `source` gives (see [`Uncut::count`]; an index
    /// never updated needs no keys).
    pub fn build_with(n: usize, source: impl Fn(usize) -> Source + Sync, layout: Layout) -> Index {
        Uncut::count(n, source, |_| 0, layout).cut()
    }
}

impl Uncut {
    /// Cut into files as [`Layout`] says: terms sorted and cut into shards, grams into
    /// bucket files, pages into document files.
    pub(crate) fn cut(self) -> Index {
        let Uncut {
            layout,
            n,
            len,
            docs,
            words,
            parts,
            ..
        } = self;
        let (cjk, grams): (Vec<Vec<(u64, String)>>, Vec<Grams>) =
            parts.into_iter().map(|c| (c.terms, c.grams)).unzip();
        let cjk: Vec<(u64, String)> = cjk.into_iter().flatten().collect();
        let (bounds, t, hot_chars) = terms(cjk, words, n, layout);
        let Cut {
            cb,
            pb,
            files,
            hot,
            hot_heads,
        } = gram_files(grams, layout.one);
        let group = layout.group.max(1);
        let mut d = Vec::with_capacity(n.div_ceil(group));
        let mut rest = docs.into_iter();
        while rest.len() > 0 {
            d.push(rest.by_ref().take(group).collect());
        }
        Index {
            n,
            len,
            bounds,
            t,
            cb,
            pb,
            grams: files,
            hot,
            hot_heads,
            hot_chars,
            group,
            d,
            one: layout.one,
        }
    }
}

/// Terms sorted as JavaScript sorts strings, with the [`hot_chars`] merged in, cut
/// into shards of about [`TERM_SHARD`] bytes (a larger key alone); the bounds between
/// them, and the hot characters.
fn terms(
    cjk: Vec<(u64, String)>,
    words: Vec<(String, String)>,
    n: usize,
    layout: Layout,
) -> (Vec<String>, Vec<TermShard>, Vec<String>) {
    let one = layout.one;
    let mut buf = [0u8; 8];
    let mut all: Vec<(String, String)> = cjk
        .into_iter()
        .map(|(k, p)| {
            let key = k & ((1 << CJK_BITS) - 1);
            (unpack_into(key, &mut buf).to_string(), p)
        })
        .chain(words)
        .collect();
    all.par_sort_unstable_by(|a, b| utf16_cmp(&a.0, &b.0));
    let (all, hot) = hot_chars(all, n, layout.hot_char);
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
    (bounds, shards, hot)
}

/// Sorted terms with the key of each hot character standing for all its
/// occurrences (its own and its bigrams' postings merged: every occurrence of a
/// character is the first of a bigram or the last of a run), and the hot characters.
/// A one-character query reads that one key instead of every key it begins.
fn hot_chars(
    all: Vec<(String, String)>,
    n: usize,
    above: usize,
) -> (Vec<(String, String)>, Vec<String>) {
    let first_cjk = |k: &str| k.chars().next().filter(|&c| is_cjk(c));
    let mut out = Vec::with_capacity(all.len() + 64);
    let mut hot = Vec::new();
    let mut counts = vec![0u32; n];
    let mut touched: Vec<u32> = Vec::new();
    let mut rest = all.into_iter().peekable();
    while let Some(entry) = rest.next() {
        let Some(c) = first_cjk(&entry.0) else {
            out.push(entry);
            continue;
        };
        let mut run = vec![entry];
        while let Some(next) = rest.next_if(|e| first_cjk(&e.0) == Some(c)) {
            run.push(next);
        }
        if run.iter().map(|e| e.1.len()).sum::<usize>() <= above {
            out.extend(run);
            continue;
        }
        // Occurrences × 2 + title bit, summed per page over the run's postings.
        for (_, post) in &run {
            let mut doc = 0usize;
            for pair in varints(post).chunks_exact(2) {
                doc += pair[0] as usize;
                let v = &mut counts[doc];
                if *v == 0 {
                    touched.push(doc as u32);
                }
                *v = ((*v >> 1) + (pair[1] >> 1)) << 1 | (*v | pair[1]) & 1;
            }
        }
        touched.sort_unstable();
        let mut merged = Post::default();
        for &doc in &touched {
            merged.add(doc, counts[doc as usize]);
            counts[doc as usize] = 0;
        }
        touched.clear();
        let key = c.to_string();
        if run[0].0 == key {
            run.remove(0);
        }
        out.push((key.clone(), merged.bytes));
        out.extend(run);
        hot.push(key);
    }
    (out, hot)
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

/// Gram and position files: `log2` of the number of bucket files for `c` and for `p`,
/// the files (the bucket files, one file per hot gram, one per hot head); the hot
/// grams and the hot heads.
struct Cut {
    cb: u32,
    pb: u32,
    files: GramFiles,
    hot: Vec<String>,
    hot_heads: Vec<String>,
}

/// A gram whose postings are longer than this (it is on most pages of a large site)
/// gets a gram file and a position file of its own, so a query for a rare gram never
/// loads it because their first three characters share a bucket.
const HOT_GRAM: usize = 2_000;
/// The same for the other grams of a first three characters, together.
const HOT_HEAD: usize = 8_000;

/// A gram: bucket and gram, partition and number there, the lengths of its postings
/// and positions (read once, in partition order).
#[derive(Clone, Copy, Default)]
struct Entry {
    key: u128,
    part: u32,
    i: u32,
    c: u32,
    p: u32,
}

/// The grams of all partitions in files by [`bucket`](super::index::bucket) (a file
/// is a run of buckets; in it the keys of a bucket are together, and so the keys that
/// share their first three characters), the hot grams and hot heads in files of their
/// own after those.
fn gram_files(parts: Vec<Grams>, one: bool) -> Cut {
    let len = |g: &Entry, positions: bool| if positions { g.p } else { g.c } as usize;
    let c_len = |g: &Entry| len(g, false);
    // Every gram, sorted; then the hot grams and the hot heads taken out of it, the
    // rest moved up in place (copies of the whole list were a third of the cut).
    let mut all = sorted_by_bucket(&parts);
    let mut hot: Vec<Entry> = Vec::new();
    let mut heads: Vec<Vec<Entry>> = Vec::new();
    if !one {
        // Runs of one first three characters (the key's bits above the fourth): keys
        // are sorted, so each is one stretch of the list.
        let head_of = |g: &Entry| g.key >> 21;
        let is_hot = |g: &Entry| c_len(g) > HOT_GRAM;
        let (mut kept, mut start) = (0, 0);
        while start < all.len() {
            let head = head_of(&all[start]);
            let end = start + all[start..].partition_point(|g| head_of(g) == head);
            let run = || all[start..end].iter().filter(|g| !is_hot(g));
            let heavy = run().map(c_len).sum::<usize>() > HOT_HEAD;
            if heavy {
                heads.push(run().copied().collect());
            }
            for i in start..end {
                let g = all[i];
                if is_hot(&g) {
                    hot.push(g);
                } else if !heavy {
                    all[kept] = g;
                    kept += 1;
                }
            }
            start = end;
        }
        all.truncate(kept);
    }
    let bits = |bytes: usize, target: usize| -> u32 {
        if one {
            return 0;
        }
        // The power of two nearest `bytes / target` (in proportion): files of
        // 0.7–1.4 × `target` on average, not up to half of it.
        let ratio = bytes as f64 / target as f64;
        let log2 = if ratio <= 1.0 {
            0
        } else {
            ratio.log2().round() as u32
        };
        log2.min(BUCKET_BITS)
    };
    let size = |positions: bool| -> usize { all.iter().map(|g| len(g, positions) + 6).sum() };
    let cb = bits(size(false), GRAM_FILE);
    let pb = bits(size(true), POSITION_FILE);
    // Sorted by bucket, so every file is a run of the list.
    let cut = |b: u32| -> Vec<std::ops::Range<usize>> {
        let file_of = |i: usize| (all[i].key >> (GRAM_BITS + BUCKET_BITS - b)) as usize;
        let mut out = Vec::with_capacity(1 << b);
        let mut start = 0;
        for f in 0..1usize << b {
            let mut end = start;
            while end < all.len() && file_of(end) == f {
                end += 1;
            }
            out.push(start..end);
            start = end;
        }
        out
    };
    let chars = |g: &Entry| gram_chars(g.key & ((1 << GRAM_BITS) - 1));
    // The bucket files are ranges of `all`; the hot grams and hot heads follow it.
    let (c, p) = (cut(cb), cut(pb));
    let mut order: Vec<(u32, u32)> = Vec::with_capacity(all.len() + hot.len());
    let mut tail = Vec::with_capacity(hot.len() + heads.len());
    order.extend(all.iter().map(|g| (g.part, g.i)));
    for run in hot.chunks(1).chain(heads.iter().map(Vec::as_slice)) {
        tail.push(order.len()..order.len() + run.len());
        order.extend(run.iter().map(|g| (g.part, g.i)));
    }
    let hot_names = hot.iter().map(|g| chars(g).iter().collect()).collect();
    let head_names = (heads.iter())
        .map(|h| chars(&h[0])[..3].iter().collect())
        .collect();
    Cut {
        cb,
        pb,
        files: GramFiles {
            parts,
            order,
            c: c.into_iter().chain(tail.iter().cloned()).collect(),
            p: p.into_iter().chain(tail).collect(),
        },
        hot: hot_names,
        hot_heads: head_names,
    }
}

/// Every gram of `parts` as an [`Entry`], sorted by key:
/// placed by bucket first (a counting sort over the [`BUCKET_BITS`] high bits), then
/// each bucket's few grams sorted — a third of the time of one sort of them all.
fn sorted_by_bucket(parts: &[Grams]) -> Vec<Entry> {
    let bucket = |k: u128| (k >> GRAM_BITS) as usize;
    let mut at = vec![0usize; (1 << BUCKET_BITS) + 1];
    for g in parts {
        for &k in &g.keys {
            at[bucket(k) + 1] += 1;
        }
    }
    for b in 0..1 << BUCKET_BITS {
        at[b + 1] += at[b];
    }
    let mut out: Vec<Entry> = vec![Entry::default(); at[1 << BUCKET_BITS]];
    let mut next = at.clone();
    for (p, g) in parts.iter().enumerate() {
        let (mut c, mut pos) = (0, 0);
        for (i, &key) in g.keys.iter().enumerate() {
            let b = bucket(key);
            out[next[b]] = Entry {
                key,
                part: p as u32,
                i: i as u32,
                c: g.c_end[i] - c,
                p: g.p_end[i] - pos,
            };
            (c, pos) = (g.c_end[i], g.p_end[i]);
            next[b] += 1;
        }
    }
    let mut buckets: Vec<&mut [Entry]> = Vec::with_capacity(1 << BUCKET_BITS);
    let mut rest = out.as_mut_slice();
    for b in 0..1 << BUCKET_BITS {
        let (here, after) = std::mem::take(&mut rest).split_at_mut(at[b + 1] - at[b]);
        buckets.push(here);
        rest = after;
    }
    buckets
        .into_par_iter()
        .for_each(|b| b.sort_unstable_by_key(|g| g.key));
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::search::index::{ungroup_keys, varints};

    /// A page titled `title` (its URL `title/`) with `body`, for the search tests.
    pub(crate) fn src(title: &str, body: &str) -> Source {
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
            vec![src("党建引", "x"), src("b", "x"), src("c", "党建引 党建引")],
            Layout::for_pages(3, 500),
        );
        // Page 0: once, in the title (1 × 2 + 1); page 2: twice, not in the title.
        assert_eq!(varints(term(&ix, "党建").unwrap()), [0, 3, 2, 4]);
        assert_eq!(varints(term(&ix, "x").unwrap()), [0, 2, 1, 2]);
        assert!(term(&ix, "引").is_some(), "the last character of a run");
        assert!(term(&ix, "党").is_none(), "not a run's last character");
        // Gram 党建 with 引 after it and nothing before; positions: page 0 at 0
        // (title), page 2 at the body's start (title "c", a gap, empty summary and
        // meta: 1 + 1 + 1 + 1) and 4 further.
        let (c, p) = (ix.grams.shard(0, false), ix.grams.shard(0, true));
        let keys = ungroup_keys(&c.keys);
        let i = keys.iter().position(|k| k == "党建引 ").unwrap();
        assert_eq!(varints(c.post(i)), [0, 3, 2, 4]);
        // Positions, after the count of those in the title where there are any.
        assert_eq!(varints(p.post(i)), [1, 0, 4, 4]);
        // No gram for a bigram that ends its run: 建引 is followed by nothing.
        assert!(!keys.iter().any(|k| k.starts_with("建引")));
        assert_eq!(varints(term(&ix, "建引").unwrap()), [0, 3, 2, 4]);
    }

    #[test]
    fn terms_sorted_as_javascript_sorts_and_cut_at_shortened_bounds() {
        let ix = Index::build(
            vec![src("", "\u{F900} \u{20000}")],
            Layout::for_pages(1, 500),
        );
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
        let ix = Index::build(pages, Layout::for_pages(600, 500));
        assert!(ix.t.len() > 1 && ix.bounds.len() == ix.t.len() - 1);
        for (i, s) in ix.t.iter().enumerate().skip(1) {
            assert!(utf16_cmp(&s.0[0], &ix.bounds[i - 1]).is_ge());
            let prev = ix.t[i - 1].0.last().unwrap();
            assert!(utf16_cmp(prev, &ix.bounds[i - 1]).is_lt());
        }
        assert_eq!(ix.d.len(), 75, "eight pages a file");
        assert_eq!(ix.len.len(), 600);
    }

    #[test]
    fn a_hot_character_has_one_key_for_all_its_occurrences() {
        // 600 pages with 年 before twenty different characters (and at the end of a
        // run): its keys span more than half a shard.
        let pages: Vec<Source> = (0..600)
            .map(|i| {
                let body: String = (0..20)
                    .map(|k| format!("年{} ", char::from_u32(0x4E00 + k).unwrap()))
                    .collect();
                src(
                    &format!("p{i}"),
                    &format!("{body}{}年", "二〇二四".repeat(i % 3)),
                )
            })
            .collect();
        let sharded = Index::build(pages.clone(), Layout::for_pages(600, 500));
        assert_eq!(sharded.hot_chars, ["年"]);
        // Page 0: twenty bigrams and the last character of a run, not in its title.
        assert_eq!(varints(term(&sharded, "年").unwrap())[..2], [0, 42]);
        assert!(term(&sharded, "年一").is_some(), "the bigrams stay");
        // The same results as every key it begins, in a one-file index.
        let one = Index::build(pages, Layout::for_pages(600, 601));
        assert!(one.hot_chars.is_empty());
        for q in ["年", "二", "年 二〇", "四年"] {
            assert_eq!(sharded.search(q), one.search(q), "{q}");
        }
        assert_eq!(sharded.search("年").len(), 600);
    }

    #[test]
    fn grams_sorted_by_bucket_are_sorted_by_key() {
        let pages: Vec<Source> = (0..300)
            .map(|i| {
                let body: String = (0..20)
                    .filter_map(|k| char::from_u32(0x4E00 + (i * 31 + k * k) % 400))
                    .collect();
                src(&format!("页{i}"), &body)
            })
            .collect();
        let grams: Vec<Grams> =
            (Uncut::count(300, |i| pages[i].clone(), |_| 0, Layout::for_pages(300, 1)).parts)
                .into_iter()
                .map(|c| c.grams)
                .collect();
        let got = sorted_by_bucket(&grams);
        let mut want: Vec<(u128, u32, u32)> = (grams.iter().enumerate())
            .flat_map(|(p, g)| {
                (g.keys.iter().enumerate()).map(move |(i, &k)| (k, p as u32, i as u32))
            })
            .collect();
        want.sort_unstable();
        assert!(want.len() > 1000, "{}", want.len());
        let got_keys: Vec<(u128, u32, u32)> = got.iter().map(|g| (g.key, g.part, g.i)).collect();
        assert!(got_keys == want);
        for g in &got {
            let part = &grams[g.part as usize];
            assert_eq!(g.c as usize, part.post(g.i as usize, false).len());
            assert_eq!(g.p as usize, part.post(g.i as usize, true).len());
        }
    }

    #[test]
    fn snippet_text_capped() {
        let long = "字".repeat(5000);
        let ix = Index::build(vec![src("长", &long)], Layout::for_pages(1, 500));
        assert_eq!(ix.d[0][0].6.chars().count(), 1200);
    }
}
