//! The search index as the browser reads it: what each file holds and how numbers
//! are written ([`varint`]), and the arithmetic both sides must share (which file
//! holds a gram, [`LENGTHS`]). [`super::build`] makes an [`Index`]; [`super::query`]
//! searches one the way `search-engine.js` does; [`super::write`] writes it out.
//!
//! Four kinds of shard, each a list the engine loads by number:
//!
//! - `t`, terms: bigrams, the last characters of CJK runs and words, sorted (as
//!   JavaScript sorts strings) and cut into ranges; the manifest lists the first key
//!   of each range. Postings: `doc gap, value` per page, value = occurrences × 2 +
//!   (1 when the title holds it). The key of a *hot* character (listed in the
//!   manifest: its keys span about half a shard or more) holds every occurrence of
//!   it, not only those at the end of a run.
//! - `c`, grams: four characters around every bigram (bigram, after, before), in the
//!   file `hash(first three) >> (12 − cb)`; the same postings. A gram on most pages
//!   (a "hot" gram, listed in the manifest) is alone in a file after those, and the
//!   other grams of a frequent first three characters (a "hot head") together in one
//!   after those.
//! - `p`, positions of the grams, for queries of five or more characters:
//!   `doc gap, count, (position gap × 2 + title)…` per page.
//! - `d`, documents: what a result shows, `group` pages to a file in site order.
//!
//! A site with fewer pages than `[search] split_from` gets one of each and the
//! manifest holds them all (one file, `search/index.js`).

use serde::{Deserialize, Serialize};

use super::tokenizer::gram_chars;

/// Bump when the shape below changes; `search-engine.js` checks it.
pub(crate) const FORMAT: u32 = 3;

/// Grams are spread over this many buckets (a power of two) by [`bucket`]; a file of
/// grams holds `BUCKETS >> cb` consecutive buckets.
pub(crate) const BUCKET_BITS: u32 = 12;

/// Pages from which the index is split into shards, unless the site says otherwise.
pub use crate::config::SEARCH_SPLIT_FROM as SPLIT_FROM;

/// How the index is cut into files.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    /// Everything in one file.
    pub one: bool,
    /// Body text kept per page for snippets, in characters. Keys cover the whole body;
    /// a match further in shows the summary instead.
    pub text: usize,
    /// Pages per document file.
    pub group: usize,
    /// A CJK character whose keys (its bigrams, and itself as the last of a run) hold
    /// more postings than this many bytes is *hot* (see `build::hot_chars`).
    pub hot_char: usize,
}

/// Target size of a term shard in bytes.
pub(crate) const TERM_SHARD: usize = 32_000;

impl Layout {
    /// One file below `split_from` pages, shards from there on.
    pub fn for_pages(pages: usize, split_from: usize) -> Layout {
        if pages < split_from {
            Layout {
                one: true,
                text: 1200,
                group: pages.max(1),
                hot_char: usize::MAX,
            }
        } else {
            Layout {
                one: false,
                text: 320,
                // The first results are spread over the site: one file each, so few
                // pages a file keeps a query's transfer small (ten results: ten files
                // of about 15 kB, 150 kB); fewer would cost files to write and to copy
                // to a USB stick (1,250 more at 10,000 pages for each halving; a file
                // costs the build about 100 µs of kernel time here).
                group: 8,
                hot_char: HOT_CHAR,
            }
        }
    }
}

/// [`Layout::hot_char`] of a sharded index: a one-character query of a character with
/// more postings would often load two term shards or more (`年` on a 10,000-page
/// site: four), where its own key is in one.
pub(crate) const HOT_CHAR: usize = TERM_SHARD / 2;

/// One result as stored: `[url, title, section, date, summary, meta, text]` (an array,
/// so the field names are not repeated ten thousand times).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Doc(
    pub String,
    pub String,
    pub String,
    pub String,
    pub String,
    pub String,
    pub String,
);

impl Doc {
    pub fn url(&self) -> &str {
        &self.0
    }
    pub fn title(&self) -> &str {
        &self.1
    }
}

/// A range of terms: sorted keys and their postings.
#[derive(Serialize, Debug, Clone, Default, PartialEq)]
pub struct TermShard(pub Vec<String>, pub Vec<String>);

/// Grams or positions: the keys as one string (see [`group_keys`]) and the postings of
/// each key in that order (one string, cut at `ends`). Written as `[keys, [postings…]]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GramShard {
    pub keys: String,
    pub posts: String,
    pub ends: Vec<u32>,
}

impl GramShard {
    /// The postings of the `i`-th key.
    pub fn post(&self, i: usize) -> &str {
        nth_piece(&self.posts, &self.ends, i)
    }

    pub fn posts(&self) -> impl Iterator<Item = &str> + Clone {
        (0..self.ends.len()).map(|i| self.post(i))
    }
}

impl Serialize for GramShard {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let posts: Vec<&str> = self.posts().collect();
        (&self.keys, posts).serialize(s)
    }
}

/// Bits of a [`pack_gram`](super::tokenizer::pack_gram)med gram: the gram files sort
/// grams by their 12-bit [`bucket`] put above these.
pub(crate) const GRAM_BITS: u32 = 84;

/// The grams of one counting partition: (bucket, gram) packed, and their postings and
/// positions, each one string cut at the ends.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Grams {
    #[serde(with = "crate::stored::le")]
    pub keys: Vec<u128>,
    #[serde(with = "crate::stored::text")]
    pub c: String,
    #[serde(with = "crate::stored::le")]
    pub c_end: Vec<u32>,
    #[serde(with = "crate::stored::text")]
    pub p: String,
    #[serde(with = "crate::stored::le")]
    pub p_end: Vec<u32>,
}

impl Grams {
    /// The postings (or positions) of the `i`-th gram.
    pub(crate) fn post(&self, i: usize, positions: bool) -> &str {
        let (text, ends) = if positions {
            (&self.p, &self.p_end)
        } else {
            (&self.c, &self.c_end)
        };
        nth_piece(text, ends, i)
    }
}

/// The `i`-th piece of `text` cut at `ends` (where each piece ends).
fn nth_piece<'a>(text: &'a str, ends: &[u32], i: usize) -> &'a str {
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &text[start..ends[i] as usize]
}

/// The gram files (`c`) and position files (`p`), left in the partitions that counted
/// them: a file is a range of `order`, a list of (partition, number) in key order.
/// Keys and postings are read from there as the files are written (never copied into
/// [`GramShard`]s first, which took 40 MB at 10,000 pages).
#[derive(Debug)]
pub struct GramFiles {
    pub(crate) parts: Vec<Grams>,
    pub(crate) order: Vec<(u32, u32)>,
    pub(crate) c: Vec<std::ops::Range<usize>>,
    pub(crate) p: Vec<std::ops::Range<usize>>,
}

impl GramFiles {
    fn files(&self, positions: bool) -> &[std::ops::Range<usize>] {
        if positions {
            &self.p
        } else {
            &self.c
        }
    }

    /// Number of gram files, or of position files.
    pub fn len(&self, positions: bool) -> usize {
        self.files(positions).len()
    }

    fn entries(&self, f: usize, positions: bool) -> &[(u32, u32)] {
        &self.order[self.files(positions)[f].clone()]
    }

    /// The keys of file `f`, as [`group_keys`] writes them.
    pub fn keys(&self, f: usize, positions: bool) -> String {
        let chars: Vec<[char; 4]> = (self.entries(f, positions).iter())
            .map(|&(p, i)| {
                let k = self.parts[p as usize].keys[i as usize];
                gram_chars(k & ((1 << GRAM_BITS) - 1))
            })
            .collect();
        group_keys(&chars)
    }

    /// The postings of file `f`'s keys, in order.
    pub fn posts(&self, f: usize, positions: bool) -> impl Iterator<Item = &str> + Clone {
        (self.entries(f, positions).iter())
            .map(move |&(p, i)| self.parts[p as usize].post(i as usize, positions))
    }

    /// File `f` as one shard (for queries in Rust and the one-file index).
    pub fn shard(&self, f: usize, positions: bool) -> GramShard {
        let mut out = GramShard {
            keys: self.keys(f, positions),
            ..GramShard::default()
        };
        for post in self.posts(f, positions) {
            out.posts.push_str(post);
            out.ends.push(out.posts.len() as u32);
        }
        out
    }
}

/// The whole index.
#[derive(Debug)]
pub struct Index {
    /// Number of pages.
    pub n: usize,
    /// Each page's length class, one [`varint`] digit per page (see [`LENGTHS`]).
    pub len: String,
    /// The first key of every term shard but the first (shortened to what tells it
    /// from the shard before).
    pub bounds: Vec<String>,
    pub t: Vec<TermShard>,
    /// `log2` of the number of gram files.
    pub cb: u32,
    /// `log2` of the number of position files.
    pub pb: u32,
    /// The gram files `c` and the position files `p`.
    pub grams: GramFiles,
    /// Grams with files of their own (as [`group_keys`] writes a key): the `i`-th is
    /// the gram file `(1 << cb) + i` and the position file `(1 << pb) + i`.
    pub hot: Vec<String>,
    /// First three characters whose other grams together are in a file of their own:
    /// the `j`-th after the hot grams' files.
    pub hot_heads: Vec<String>,
    /// CJK characters whose own key holds every occurrence (see
    /// `build::hot_chars`); of any other character, the key holds its occurrences at
    /// the end of a run, and a one-character query reads every key it begins.
    pub hot_chars: Vec<String>,
    /// Pages per document file.
    pub group: usize,
    pub d: Vec<Vec<Doc>>,
    /// Everything in one file.
    pub one: bool,
}

/// The digits of [`varint`] numbers: a digit below 32 ends a number.
pub(crate) const DIGITS: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The value of a [`DIGITS`] character (0 for any other byte).
pub(crate) fn digit(b: u8) -> u32 {
    u32::from(DIGIT_OF[usize::from(b)])
}

const DIGIT_OF: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 64 {
        t[DIGITS[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// Append `n` in base 32, most significant digit first, every digit but the last
/// offset by 32: numbers below 32 take one character, below 1,024 two.
#[inline]
pub(crate) fn varint(out: &mut String, n: u32) {
    if n < 32 {
        out.push(char::from(DIGITS[n as usize]));
        return;
    }
    // Digits from the last (no offset) to the first, into the end of `buf`.
    let mut buf = [0u8; 7];
    let mut k = buf.len();
    let (mut n, mut offset) = (n, 0);
    loop {
        k -= 1;
        buf[k] = DIGITS[(n & 31) as usize + offset];
        n >>= 5;
        offset = 32;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buf[k..]).expect("the digits are ASCII"));
}

/// Read the [`varint`] numbers of `s`.
pub(crate) fn varints(s: &str) -> Vec<u32> {
    numbers(s).collect()
}

/// The [`varint`] numbers of `s`, one at a time.
pub(crate) fn numbers(s: &str) -> impl Iterator<Item = u32> + '_ {
    let mut bytes = s.bytes();
    std::iter::from_fn(move || {
        let mut n = 0u32;
        for b in bytes.by_ref() {
            let d = digit(b);
            if d < 32 {
                return Some(n.wrapping_mul(32).wrapping_add(d));
            }
            n = n.wrapping_mul(32).wrapping_add(d - 32);
        }
        None
    })
}

/// The bucket of a gram: FNV-1a of the UTF-16 code units of its first three
/// characters (`search-engine.js` computes the same with `Math.imul`).
pub(crate) fn bucket(first3: &[char]) -> u32 {
    let mut h: u32 = 0x811C_9DC5;
    let mut units = [0u16; 2];
    for c in first3 {
        for u in c.encode_utf16(&mut units).iter() {
            h = (h ^ u32::from(*u)).wrapping_mul(0x0100_0193);
        }
    }
    h >> (32 - BUCKET_BITS)
}

/// [`bucket`] of the first three characters of `s` (for tests).
pub fn bucket_of(s: &str) -> u32 {
    let c: Vec<char> = s.chars().take(3).collect();
    bucket(&c)
}

/// [`LENGTHS`] (for tests).
pub fn lengths() -> Vec<u64> {
    LENGTHS.to_vec()
}

/// Sorted gram keys (four characters each) as one string: each run of keys that
/// share their first three characters is written as those three, then the fourth
/// character of each key, then `,`.
pub(crate) fn group_keys<'a>(keys: impl IntoIterator<Item = &'a [char; 4]>) -> String {
    let mut out = String::new();
    let mut prev: Option<[char; 3]> = None;
    for k in keys {
        let head = [k[0], k[1], k[2]];
        if prev != Some(head) {
            if prev.is_some() {
                out.push(',');
            }
            out.extend(head);
            prev = Some(head);
        }
        out.push(k[3]);
    }
    out
}

/// The keys of a [`group_keys`] string.
pub(crate) fn ungroup_keys(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for group in s.split(',').filter(|g| !g.is_empty()) {
        let chars: Vec<char> = group.chars().collect();
        let (head, tails) = chars.split_at(3.min(chars.len()));
        let head: String = head.iter().collect();
        out.extend(tails.iter().map(|t| format!("{head}{t}")));
    }
    out
}

/// The length class of a page of `chars` characters: the first `b` with
/// `LENGTHS[b] >= chars`. Ranking compares occurrences per length with these
/// integers, the same in Rust and JavaScript.
pub(crate) const LENGTHS: [u64; 64] = {
    let mut t = [0u64; 64];
    t[0] = 8;
    let mut i = 1;
    while i < 64 {
        let q = t[i - 1] / 4;
        t[i] = t[i - 1] + if q > 1 { q } else { 1 };
        i += 1;
    }
    t
};

pub(crate) fn length_class(chars: u64) -> u8 {
    LENGTHS.iter().position(|&l| l >= chars).unwrap_or(63) as u8
}

/// Compare as JavaScript compares strings (UTF-16 code units).
pub(crate) fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_and_stay_short() {
        let nums = [0, 1, 31, 32, 1023, 1024, 70_000, u32::MAX];
        let mut s = String::new();
        for n in nums {
            varint(&mut s, n);
        }
        assert_eq!(varints(&s), nums);
        let one = |n| {
            let mut v = String::new();
            varint(&mut v, n);
            v.len()
        };
        assert_eq!((one(31), one(32), one(1023), one(1024)), (1, 2, 2, 3));
        assert!(!s.contains(['"', '\\', '<', '>', '&']));
    }

    #[test]
    fn keys_group_by_their_first_three_characters() {
        let keys = [
            ['时', '间', '银', ' '],
            ['时', '间', '银', '党'],
            ['间', '银', '行', '时'],
        ];
        let s = group_keys(&keys);
        assert_eq!(s, "时间银 党,间银行时");
        assert_eq!(ungroup_keys(&s), ["时间银 ", "时间银党", "间银行时"]);
    }

    #[test]
    fn buckets_and_lengths_are_fixed() {
        // The same numbers are written in search-engine.js's tests (tests/search.rs).
        assert_eq!(bucket(&['时', '间', '银']), bucket(&['时', '间', '银']));
        assert!(bucket(&['\u{20000}', 'a', ' ']) < 1 << BUCKET_BITS);
        assert_eq!(LENGTHS[0], 8);
        assert!(LENGTHS[63] > 1_000_000);
        assert_eq!(length_class(8), 0);
        assert_eq!(length_class(9), 1);
        assert_eq!(length_class(u64::MAX), 63);
    }
}
