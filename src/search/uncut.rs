//! The search index before it is cut into files ([`Uncut`]): every key's postings,
//! every gram's page and position lists, each page's record and length class.
//!
//! A cold build counts it from every page ([`Uncut::count`]). A build after an edit
//! starts from the last build's (kept in `.xinghuo-cache/search`, see
//! [`super::store`]) and [`Uncut::update`]s it: the pages whose [`Source`] changed
//! (by a hash of all it is made from) are dropped from every posting that holds them and
//! counted again, their new entries merged in page order. Postings are lists by page,
//! so the result is exactly what a count from scratch makes, and the files cut from
//! it ([`Uncut::cut`]) are a cold build's. Anything else — another page count,
//! another layout, more than an eighth of the pages changed — is counted from
//! scratch.

use std::hash::Hash;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::count::{doc_keys, merge, DocKeys, Part, Post, Source, PARTS};
use super::index::{digit, length_class, numbers, Doc, Grams, Layout, DIGITS};

/// The counted index of a site (see the module's documentation).
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Uncut {
    pub(crate) layout: Layout,
    pub(crate) n: usize,
    /// A hash of all each page's [`Source`] is made from (see [`Uncut::count`]).
    #[serde(with = "crate::stored::le")]
    hashes: Vec<u64>,
    /// Each page's length class, one digit a page.
    pub(crate) len: String,
    pub(crate) docs: Vec<Doc>,
    /// Words and their postings, in no order.
    pub(crate) words: Vec<(String, String)>,
    /// The CJK keys and grams of each counting partition.
    pub(crate) parts: Vec<Counted>,
}

/// One partition: its CJK keys (last characters of runs and bigrams, packed) with
/// their postings, in no order, and its grams.
#[derive(Clone, Serialize, Deserialize, Default)]
pub(crate) struct Counted {
    pub terms: Vec<(u64, String)>,
    pub grams: Grams,
}

/// Feed every field of `s` to `h`.
pub(crate) fn hash_source(h: &mut impl std::hash::Hasher, s: &Source) {
    for f in [
        &s.url, &s.title, &s.section, &s.date, &s.summary, &s.meta, &s.body,
    ] {
        f.hash(h);
    }
}

pub(crate) fn doc(s: &Source, text: usize) -> Doc {
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

fn len_digit(k: &DocKeys) -> char {
    char::from(DIGITS[usize::from(length_class(u64::from(k.chars)))])
}

impl Uncut {
    /// Count the `n` pages that `source` gives, a batch at a time (no batch's text is
    /// kept once it is counted; a batch is tokenized while the one before is counted).
    /// `key(i)` is a hash of all `source(i)` is made from (equal keys, equal sources),
    /// kept for [`Uncut::update`].
    pub(crate) fn count(
        n: usize,
        source: impl Fn(usize) -> Source + Sync,
        key: impl Fn(usize) -> u64 + Sync,
        layout: Layout,
    ) -> Uncut {
        const BATCH: usize = 128;
        let mut parts: Vec<Part> = (0..PARTS).map(|_| Part::default()).collect();
        let mut words: FxHashMap<String, Post> = FxHashMap::default();
        let mut len = String::with_capacity(n);
        let mut docs: Vec<Doc> = Vec::with_capacity(n);
        let mut hashes: Vec<u64> = Vec::with_capacity(n);
        let mut pending: Option<(Vec<u32>, Vec<DocKeys>)> = None;
        let mut first = 0;
        loop {
            let end = (first + BATCH).min(n);
            let (batch, ()) = rayon::join(
                || -> Vec<(DocKeys, Doc, u64)> {
                    (first..end)
                        .into_par_iter()
                        .map(|i| {
                            let s = source(i);
                            (doc_keys(&s), doc(&s, layout.text), key(i))
                        })
                        .collect()
                },
                || {
                    if let Some((ids, keys)) = pending.take() {
                        merge(&mut parts, &mut words, &ids, keys);
                    }
                },
            );
            if batch.is_empty() {
                break;
            }
            let mut keys = Vec::with_capacity(batch.len());
            for (k, d, h) in batch {
                len.push(len_digit(&k));
                keys.push(k);
                docs.push(d);
                hashes.push(h);
            }
            let ids = (first..end).map(doc_number).collect();
            pending = Some((ids, keys));
            first = end;
        }
        Uncut {
            layout,
            n,
            hashes,
            len,
            docs,
            words: posts(words),
            parts: finish(parts),
        }
    }

    /// This index brought up to date with the `n` pages that `source` gives (see the
    /// module's documentation): the same as [`Uncut::count`] of them.
    pub(crate) fn update(
        mut self,
        n: usize,
        source: impl Fn(usize) -> Source + Sync,
        key: impl Fn(usize) -> u64 + Sync,
        layout: Layout,
    ) -> Uncut {
        let same_shape = self.layout == layout
            && self.n == n
            && self.hashes.len() == n
            && self.docs.len() == n
            && self.len.len() == n
            && self.len.is_ascii()
            && self.parts.len() == PARTS;
        if !same_shape {
            return Uncut::count(n, source, key, layout);
        }
        let changed: Vec<(usize, Source, u64)> = (0..n)
            .into_par_iter()
            .filter_map(|i| {
                let h = key(i);
                (h != self.hashes[i]).then(|| (i, source(i), h))
            })
            .collect();
        if changed.is_empty() {
            return self;
        }
        if changed.len() > n / 8 {
            return Uncut::count(n, source, key, layout);
        }
        let mut dropped = vec![false; n];
        let mut ids = Vec::with_capacity(changed.len());
        let keys: Vec<DocKeys> = changed.par_iter().map(|(_, s, _)| doc_keys(s)).collect();
        for ((i, s, h), k) in changed.iter().zip(&keys) {
            dropped[*i] = true;
            ids.push(doc_number(*i));
            self.hashes[*i] = *h;
            self.docs[*i] = doc(s, layout.text);
            self.len
                .replace_range(*i..*i + 1, len_digit(k).encode_utf8(&mut [0; 4]));
        }
        drop(changed);
        let mut parts: Vec<Part> = (0..PARTS).map(|_| Part::default()).collect();
        let mut words: FxHashMap<String, Post> = FxHashMap::default();
        merge(&mut parts, &mut words, &ids, keys);
        let fresh = finish(parts);
        let old = std::mem::take(&mut self.parts);
        self.parts = old
            .into_par_iter()
            .zip(fresh)
            .map(|(old, new)| Counted {
                terms: merge_terms(old.terms, new.terms, &dropped),
                grams: merge_grams(old.grams, &new.grams, &dropped),
            })
            .collect();
        let old = std::mem::take(&mut self.words);
        self.words = merge_terms(old, posts(words), &dropped);
        self
    }
}

fn doc_number(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 4 billion pages")
}

fn posts(words: FxHashMap<String, Post>) -> Vec<(String, String)> {
    words.into_iter().map(|(w, p)| (w, p.bytes)).collect()
}

fn finish(parts: Vec<Part>) -> Vec<Counted> {
    parts
        .into_par_iter()
        .map(|p| {
            let (terms, grams) = p.finish();
            Counted { terms, grams }
        })
        .collect()
}

/// The pages of postings `(page gap, value)…` with their values.
fn entries(post: &str) -> impl Iterator<Item = (u32, u32)> + '_ {
    let mut numbers = numbers(post);
    let mut doc = 0u32;
    std::iter::from_fn(move || {
        doc += numbers.next()?;
        Some((doc, numbers.next()?))
    })
}

/// The items of `a` and `b` (each in ascending page order, no page in both) in
/// ascending page order.
fn by_page<T>(
    a: impl Iterator<Item = T>,
    b: impl Iterator<Item = T>,
    page: impl Fn(&T) -> u32,
) -> impl Iterator<Item = T> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if page(x) < page(y) => a.next(),
        (Some(_), None) => a.next(),
        _ => b.next(),
    })
}

/// The postings of `old` without the `dropped` pages, with `new`'s pages (all of them
/// dropped from `old`) merged in page order; `None` when that is `old` as it is.
fn merge_post(old: &str, new: &str, dropped: &[bool]) -> Option<String> {
    if new.is_empty() && !entries(old).any(|(d, _)| dropped[d as usize]) {
        return None;
    }
    let mut out = Post::default();
    let kept = entries(old).filter(|&(d, _)| !dropped[d as usize]);
    for (d, v) in by_page(kept, entries(new), |e| e.0) {
        out.add(d, v);
    }
    Some(out.bytes)
}

/// `old`'s keys and postings updated with `new`'s (see [`merge_post`]); keys left
/// with no page are gone.
fn merge_terms<K: Hash + Eq>(
    old: Vec<(K, String)>,
    new: Vec<(K, String)>,
    dropped: &[bool],
) -> Vec<(K, String)> {
    let mut fresh: FxHashMap<K, String> = new.into_iter().collect();
    let mut out = Vec::with_capacity(old.len() + fresh.len());
    for (k, post) in old {
        let add = fresh.remove(&k);
        match merge_post(&post, add.as_deref().unwrap_or(""), dropped) {
            None => out.push((k, post)),
            Some(p) if p.is_empty() => {}
            Some(p) => out.push((k, p)),
        }
    }
    out.extend(fresh);
    out
}

/// A gram's pages `(page, value, its positions' text)` from its postings and
/// positions: a page's positions are the count of those in the title when there are
/// any (`value & 1`), then one number per occurrence (`value >> 1`).
fn gram_entries<'a>(c: &'a str, p: &'a str) -> impl Iterator<Item = (u32, u32, &'a str)> + 'a {
    let mut pages = entries(c);
    let mut rest = p;
    std::iter::from_fn(move || {
        let (d, v) = pages.next()?;
        let mut numbers = (v & 1) + (v >> 1);
        let mut end = 0;
        while numbers > 0 {
            // Past the end only in a damaged store, which `store` refuses.
            let b = rest.as_bytes().get(end)?;
            if digit(*b) < 32 {
                numbers -= 1;
            }
            end += 1;
        }
        let (here, after) = rest.split_at(end);
        rest = after;
        Some((d, v, here))
    })
}

/// `old`'s grams updated with `new`'s: each gram's pages and positions as
/// [`merge_post`] merges postings; grams left with no page are gone.
fn merge_grams(old: Grams, new: &Grams, dropped: &[bool]) -> Grams {
    let fresh: FxHashMap<u128, usize> = new.keys.iter().enumerate().map(|(i, &k)| (k, i)).collect();
    let mut used = vec![false; new.keys.len()];
    let mut out = Grams {
        keys: Vec::with_capacity(old.keys.len() + new.keys.len()),
        c: String::with_capacity(old.c.len() + new.c.len()),
        c_end: Vec::with_capacity(old.keys.len() + new.keys.len()),
        p: String::with_capacity(old.p.len() + new.p.len()),
        p_end: Vec::with_capacity(old.keys.len() + new.keys.len()),
    };
    let push = |out: &mut Grams, k: u128, c: &str, p: &str| {
        if c.is_empty() {
            return;
        }
        out.keys.push(k);
        out.c.push_str(c);
        out.c_end.push(out.c.len() as u32);
        out.p.push_str(p);
        out.p_end.push(out.p.len() as u32);
    };
    for (i, &k) in old.keys.iter().enumerate() {
        let (c, p) = (old.post(i, false), old.post(i, true));
        let add = fresh.get(&k).map(|&j| {
            used[j] = true;
            (new.post(j, false), new.post(j, true))
        });
        let (add_c, add_p) = add.unwrap_or(("", ""));
        if add_c.is_empty() && !entries(c).any(|(d, _)| dropped[d as usize]) {
            push(&mut out, k, c, p);
            continue;
        }
        let (mut mc, mut mp) = (Post::default(), String::new());
        let kept = gram_entries(c, p).filter(|&(d, ..)| !dropped[d as usize]);
        for (d, v, positions) in by_page(kept, gram_entries(add_c, add_p), |e| e.0) {
            mc.add(d, v);
            mp.push_str(positions);
        }
        push(&mut out, k, &mc.bytes, &mp);
    }
    for (j, &k) in new.keys.iter().enumerate() {
        if !used[j] {
            push(&mut out, k, new.post(j, false), new.post(j, true));
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::hash::hash_of;
    use crate::search::build::tests::src;
    use crate::search::write_dir;

    /// A key of `s` for [`Uncut::count`]: the hash of all of it.
    pub(crate) fn key(s: &Source) -> u64 {
        hash_of(|h| hash_source(h, s))
    }

    /// Every file of the index cut from `u`, by path.
    pub(crate) fn files(u: Uncut) -> Vec<(std::path::PathBuf, Vec<u8>)> {
        let t = tempfile::tempdir().expect("temp dir");
        write_dir(&u.cut(), t.path()).expect("written");
        let mut out: Vec<_> = walkdir::WalkDir::new(t.path())
            .into_iter()
            .map(|e| e.expect("entry").into_path())
            .filter(|p| p.is_file())
            .map(|p| {
                let bytes = std::fs::read(&p).expect("read");
                (
                    p.strip_prefix(t.path()).expect("under").to_path_buf(),
                    bytes,
                )
            })
            .collect();
        out.sort();
        out
    }

    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
        /// Text of a few characters from a small alphabet (so that keys repeat across
        /// pages), with words and spaces.
        fn text(&mut self, len: usize) -> String {
            const ALPHABET: [&str; 12] = [
                "党", "建", "引", "领", "星", "火", "服", "务", " ", "open", "data", "站",
            ];
            (0..len)
                .map(|_| ALPHABET[self.below(ALPHABET.len())])
                .collect()
        }
    }

    /// Pages edited at random (body, title, emptied, two swapped; one page or many),
    /// each update chained on the last: every time the files equal those of a count
    /// from scratch, both as one file and in shards (with hot characters).
    #[test]
    fn updates_equal_counts_from_scratch() {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("after 1970")
            .as_nanos() as u64
            | 1;
        let mut rng = Rng(seed);
        let n = 64;
        let mut pages: Vec<Source> = (0..n)
            .map(|i| src(&format!("页{i}"), &rng.text(40)))
            .collect();
        for layout in [
            Layout::for_pages(n, n + 1),
            Layout {
                hot_char: 40,
                ..Layout::for_pages(n, 10)
            },
        ] {
            let mut uncut = Uncut::count(n, |i| pages[i].clone(), |i| key(&pages[i]), layout);
            for step in 0..12 {
                let edits = if step % 4 == 3 { 9 } else { 1 + rng.below(2) };
                for _ in 0..edits {
                    let i = rng.below(n);
                    match rng.below(4) {
                        0 => {
                            let len = 1 + rng.below(60);
                            pages[i].body = rng.text(len);
                        }
                        1 => pages[i].title = rng.text(3),
                        2 => pages[i].body.clear(),
                        _ => pages.swap(i, rng.below(n)),
                    }
                }
                uncut = uncut.update(n, |i| pages[i].clone(), |i| key(&pages[i]), layout);
                let again = Uncut::count(n, |i| pages[i].clone(), |_| 0, layout);
                let got = files(uncut.clone());
                assert!(got == files(again), "seed {seed}, step {step}, {layout:?}");
            }
            // Another page count: counted from scratch.
            pages.push(src("新页", "星火服务站"));
            let more = uncut.update(n + 1, |i| pages[i].clone(), |i| key(&pages[i]), layout);
            assert_eq!(more.n, n + 1);
            let again = Uncut::count(n + 1, |i| pages[i].clone(), |_| 0, layout);
            assert!(files(more) == files(again), "seed {seed}");
            pages.pop();
        }
    }
}
