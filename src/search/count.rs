//! Counting the keys of every page (its [`Source`]) into postings, for
//! [`super::build`]: pages are
//! tokenized in parallel a batch at a time ([`doc_keys`]), and each batch is counted
//! into [`PARTS`] partitions in parallel ([`merge`]), in page order.
//!
//! The last characters of runs and words go straight into their posting strings:
//! there are few of them. Grams are many (one per CJK character of the site): each
//! occurrence becomes a small record (gram number, page, position) appended to its
//! partition, and [`Part::finish`] sorts the records by gram once at the end — no
//! growing list per gram, no scattered writes — and by bigram for the bigrams'
//! postings (a partition holds every gram of its bigrams).

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::index::{bucket, varint, Grams, GRAM_BITS};
use super::tokenizer::{gram_chars, index_keys, is_single, Key, NONE};

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

/// Keys are counted in this many partitions at once (`log2`), by a hash of the
/// character or bigram (a gram's bigram: its first two characters).
const PART_BITS: u32 = 6;
pub(crate) const PARTS: usize = 1 << PART_BITS;

/// Bits of a [`pack`](super::tokenizer::pack)ed CJK key.
pub(crate) const CJK_BITS: u32 = 42;

/// Bytes of a chunk of records.
const CHUNK: usize = 1 << 16;

/// Postings of one key: [`varint`] digits, and the last page added.
#[derive(Default)]
pub(crate) struct Post {
    last: u32,
    pub bytes: String,
}

impl Post {
    pub(crate) fn add(&mut self, doc: u32, value: u32) {
        varint(&mut self.bytes, doc - self.last);
        varint(&mut self.bytes, value);
        self.last = doc;
    }
}

fn cjk_part(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - PART_BITS)) as usize
}

/// The bits of a [`pack_gram`](super::tokenizer::pack_gram)med key that are set only
/// by characters above the Basic Multilingual Plane (bits 16–20 of each character).
const ABOVE_BMP: u128 = {
    let c: u128 = 0x1F_0000;
    c | c << 21 | c << 42 | c << 63
};

/// A gram of four BMP characters (nearly all of them) in 64 bits, 16 a character.
fn narrow(g: u128) -> Option<u64> {
    if g & ABOVE_BMP != 0 {
        return None;
    }
    let c = |i: u32| ((g >> (21 * i)) & 0xFFFF) as u64;
    Some(c(3) << 48 | c(2) << 32 | c(1) << 16 | c(0))
}

/// A gram's bigram, [`pack`](super::tokenizer::pack)ed.
fn bigram(gram: u128) -> u64 {
    (gram >> CJK_BITS) as u64
}

/// The keys of one page in partition order, and where each partition starts.
pub(crate) struct DocKeys {
    /// Every occurrence of a run's last character: key × 2 + title.
    cjk: Vec<u64>,
    pub words: Vec<(String, u32)>,
    /// Every occurrence: gram << 32 | position × 2 + title (one number: half the
    /// bytes of a pair, whose `u128` is aligned to 16).
    grams: Vec<u128>,
    cjk_at: [u32; PARTS + 1],
    grams_at: [u32; PARTS + 1],
    /// Characters of all fields.
    pub chars: u32,
}

/// `v` reordered by partition (a counting sort: stable, in two passes), and where
/// each partition starts.
fn by_part<T: Copy>(v: Vec<T>, part: impl Fn(&T) -> usize) -> (Vec<T>, [u32; PARTS + 1]) {
    let mut at = [0u32; PARTS + 1];
    for x in &v {
        at[part(x) + 1] += 1;
    }
    for p in 0..PARTS {
        at[p + 1] += at[p];
    }
    let mut next = at;
    let mut out = v.clone();
    for x in v {
        let p = part(&x);
        out[next[p] as usize] = x;
        next[p] += 1;
    }
    (out, at)
}

pub(crate) fn doc_keys(s: &Source) -> DocKeys {
    let size = s.body.len() + s.title.len() + s.summary.len() + s.meta.len();
    // Three bytes a character: about one bigram and one gram per character.
    let mut cjk: Vec<u64> = Vec::with_capacity(size / 3);
    let mut grams: Vec<u128> = Vec::with_capacity(size / 3);
    let mut words: FxHashMap<String, u32> = FxHashMap::default();
    let mut pos = 0;
    for (f, field) in [&s.title, &s.summary, &s.meta, &s.body]
        .into_iter()
        .enumerate()
    {
        let title = u32::from(f == 0);
        pos = index_keys(field, pos, |k| match k {
            // Bigrams are counted from their grams.
            Key::Cjk(k) if is_single(k) => cjk.push(k << 1 | u64::from(title)),
            Key::Cjk(_) => {}
            Key::Word(w) => match words.get_mut(w) {
                Some(v) => *v = (*v + 2) | title,
                None => {
                    words.insert(w.to_string(), 2 | title);
                }
            },
            Key::Gram(g, p) => grams.push(g << 32 | u128::from(p.saturating_mul(2) | title)),
        })
        .saturating_add(1);
    }
    let (cjk, cjk_at) = by_part(cjk, |k| cjk_part(k >> 1));
    let (grams, grams_at) = by_part(grams, |&g| cjk_part(bigram(g >> 32)));
    DocKeys {
        cjk,
        words: words.into_iter().collect(),
        grams,
        cjk_at,
        grams_at,
        chars: pos,
    }
}

/// A term being counted: its postings, and the page it was last seen on (+ 1) with
/// its value there so far (occurrences × 2 + title).
#[derive(Default)]
struct Term {
    post: Post,
    doc: u32,
    value: u32,
}

impl Term {
    fn flush(&mut self) {
        if self.doc > 0 {
            self.post.add(self.doc - 1, self.value);
        }
    }
}

/// One partition of everything counted so far.
#[derive(Default)]
pub(crate) struct Part {
    terms: FxHashMap<u64, Term>,
    /// Gram → its number here ([`narrow`]ed when it can be: a table of half the
    /// size, looked up once per CJK character of the site), and the grams by number.
    ids: FxHashMap<u64, u32>,
    wide_ids: FxHashMap<u128, u32>,
    grams: Vec<u128>,
    /// Per occurrence: gram number, page gap since the last record, position × 2 +
    /// title; [`leb128`] bytes, in chunks (no copy as they grow).
    records: Vec<Vec<u8>>,
    last: u32,
}

impl Part {
    fn add(&mut self, doc: u32, cjk: &[u64], grams: &[u128]) {
        for &k in cjk {
            let t = self.terms.entry(k >> 1).or_default();
            if t.doc != doc + 1 {
                t.flush();
                t.doc = doc + 1;
                t.value = 0;
            }
            t.value = (t.value + 2) | (k & 1) as u32;
        }
        for &occ in grams {
            let (g, at) = (occ >> 32, occ as u32);
            let next = self.grams.len() as u32;
            let id = match narrow(g) {
                Some(n) => *self.ids.entry(n).or_insert(next),
                None => *self.wide_ids.entry(g).or_insert(next),
            };
            if id == next {
                self.grams.push(g);
            }
            let chunk = match self.records.last_mut() {
                Some(c) if c.len() + 15 <= CHUNK => c,
                _ => {
                    self.records.push(Vec::with_capacity(CHUNK));
                    self.records.last_mut().expect("just pushed")
                }
            };
            leb128(chunk, id);
            leb128(chunk, doc - self.last);
            leb128(chunk, at);
            self.last = doc;
        }
    }

    /// The terms' postings (last characters and bigrams), and the grams with their
    /// postings and positions (see `index.rs`).
    pub(crate) fn finish(self) -> (Vec<(u64, String)>, Grams) {
        let mut terms: Vec<(u64, String)> = self
            .terms
            .into_iter()
            .map(|(k, mut t)| {
                t.flush();
                (k, t.post.bytes)
            })
            .collect();
        drop(self.ids);
        drop(self.wide_ids);
        let records = decode(&self.records);
        drop(self.records);
        // By gram (a counting sort: pages and positions stay ascending).
        let by_gram = sort_by(&records, self.grams.len(), |r| r[0]);
        // A gram whose bigram ends its run is never asked for (every query of three
        // characters or more gives the character after its bigrams): not written.
        let mut grams = Grams {
            c: String::with_capacity(records.len() * 3),
            p: String::with_capacity(records.len() * 2),
            ..Grams::default()
        };
        for (id, &g) in self.grams.iter().enumerate() {
            let chars = gram_chars(g);
            if chars[2] == NONE {
                continue;
            }
            gram_postings(&by_gram.1[by_gram.0[id]..by_gram.0[id + 1]], &mut grams);
            let b = u128::from(bucket(&chars[..3]));
            grams.keys.push(b << GRAM_BITS | g);
        }
        drop(by_gram);
        // By bigram: its postings are every occurrence of its grams.
        let mut bigrams: FxHashMap<u64, u32> = FxHashMap::default();
        let of_gram: Vec<u32> = self
            .grams
            .iter()
            .map(|&g| {
                let n = bigrams.len() as u32;
                *bigrams.entry(bigram(g)).or_insert(n)
            })
            .collect();
        let by_bigram = sort_by(&records, bigrams.len(), |r| of_gram[r[0] as usize]);
        for (b, id) in bigrams {
            let occ = &by_bigram.1[by_bigram.0[id as usize]..by_bigram.0[id as usize + 1]];
            let mut post = Post::default();
            let mut i = 0;
            while i < occ.len() {
                let doc = occ[i][0];
                let end = i + occ[i..].iter().take_while(|o| o[0] == doc).count();
                let title = occ[i..end].iter().any(|o| o[1] & 1 == 1);
                post.add(doc, (end - i) as u32 * 2 + u32::from(title));
                i = end;
            }
            terms.push((b, post.bytes));
        }
        (terms, grams)
    }
}

/// Append `n` as LEB128 (seven bits a byte, low first; the high bit says more
/// follow): records only live in memory, so they use the densest quick form.
fn leb128(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The records of a partition: `[gram number, page, position × 2 + title]`.
fn decode(chunks: &[Vec<u8>]) -> Vec<[u32; 3]> {
    let size: usize = chunks.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(size / 4);
    let (mut k, mut n, mut shift, mut doc) = (0, 0u32, 0, 0u32);
    let mut rec = [0u32; 3];
    for &b in chunks.iter().flatten() {
        n |= u32::from(b & 0x7F) << shift;
        if b & 0x80 != 0 {
            shift += 7;
            continue;
        }
        rec[k] = n;
        (n, shift) = (0, 0);
        k += 1;
        if k == 3 {
            doc += rec[1];
            out.push([rec[0], doc, rec[2]]);
            k = 0;
        }
    }
    out
}

/// `[page, position × 2 + title]` of the records grouped by `key` (below `n`), in
/// their order within a group, and where each group starts.
fn sort_by(
    records: &[[u32; 3]],
    n: usize,
    key: impl Fn(&[u32; 3]) -> u32,
) -> (Vec<usize>, Vec<[u32; 2]>) {
    let mut at = vec![0usize; n + 1];
    for r in records {
        at[key(r) as usize + 1] += 1;
    }
    for i in 0..n {
        at[i + 1] += at[i];
    }
    let mut out = vec![[0u32; 2]; records.len()];
    let mut next = at.clone();
    for r in records {
        let k = key(r) as usize;
        out[next[k]] = [r[1], r[2]];
        next[k] += 1;
    }
    (at, out)
}

/// Postings and positions of one gram from its occurrences `[page, position × 2 +
/// title]`, by page and position, appended to `out`.
fn gram_postings(occ: &[[u32; 2]], out: &mut Grams) {
    let mut last_doc = 0;
    let mut i = 0;
    while i < occ.len() {
        let doc = occ[i][0];
        let end = i + occ[i..].iter().take_while(|o| o[0] == doc).count();
        let title = occ[i..end].iter().filter(|o| o[1] & 1 == 1).count() as u32;
        varint(&mut out.c, doc - last_doc);
        varint(&mut out.c, (end - i) as u32 * 2 + u32::from(title > 0));
        last_doc = doc;
        if title > 0 {
            varint(&mut out.p, title);
        }
        let mut last = 0;
        for o in &occ[i..end] {
            varint(&mut out.p, (o[1] >> 1) - last);
            last = o[1] >> 1;
        }
        i = end;
    }
    out.c_end.push(out.c.len() as u32);
    out.p_end.push(out.p.len() as u32);
}

/// Count one batch of pages (`keys[k]` is page `docs[k]`, in ascending order) into
/// the partitions, in parallel, and their words.
pub(crate) fn merge(
    parts: &mut [Part],
    words: &mut FxHashMap<String, Post>,
    docs: &[u32],
    keys: Vec<DocKeys>,
) {
    let doc = |k: usize| docs[k];
    parts.par_iter_mut().enumerate().for_each(|(p, part)| {
        for (k, dk) in keys.iter().enumerate() {
            let c = dk.cjk_at[p] as usize..dk.cjk_at[p + 1] as usize;
            let g = dk.grams_at[p] as usize..dk.grams_at[p + 1] as usize;
            part.add(doc(k), &dk.cjk[c], &dk.grams[g]);
        }
    });
    for (k, dk) in keys.into_iter().enumerate() {
        for (w, v) in dk.words {
            words.entry(w).or_default().add(doc(k), v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tokenizer::pack_gram;

    #[test]
    fn narrow_keys_are_distinct_and_only_for_bmp_grams() {
        let grams = [
            ['党', '建', '引', NONE],
            ['党', '建', NONE, '引'],
            ['建', '党', '引', NONE],
            ['\u{FFFF}', '\u{FFFF}', '\u{FFFF}', '\u{FFFF}'],
        ];
        let keys: Vec<u64> = grams
            .iter()
            .map(|&g| narrow(pack_gram(g)).unwrap())
            .collect();
        for (i, k) in keys.iter().enumerate() {
            assert!(!keys[i + 1..].contains(k), "{i}");
        }
        for at in 0..4 {
            let mut g = ['党'; 4];
            g[at] = '\u{20000}';
            assert_eq!(narrow(pack_gram(g)), None, "{at}");
            g[at] = '\u{10000}';
            assert_eq!(narrow(pack_gram(g)), None, "{at}");
        }
    }

    #[test]
    fn occurrences_packed_with_position_and_title() {
        let s = crate::search::build::tests::src("党建引领", "");
        let k = doc_keys(&s);
        let g = pack_gram(['党', '建', '引', NONE]);
        assert!(k.grams.contains(&(g << 32 | 1)), "position 0, in the title");
    }
}
