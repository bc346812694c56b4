//! How text becomes search keys, and a query becomes parts — the one rule shared by
//! the index (here) and the browser (`themes/default/static/js/search-engine.js`, which
//! must stay in step with it; `tests/search.rs` compares the two).
//!
//! 1. Fold each character: full-width ASCII (`ＡＢＣ１２３`) becomes ASCII, the
//!    ideographic space a space, then letters are lower-cased (one character to one
//!    character, so positions in the folded text match the original).
//! 2. Text splits into maximal runs of CJK characters (Han, kana, `々〆〇`) and runs of
//!    other letters and digits (words: `xinghuo`, `2024`, `5g`); anything else (spaces,
//!    punctuation) separates runs.
//! 3. A query is a list of parts, one per run: a CJK run is found as a substring of the
//!    page's text, a word as a whole word (the last word of a query still being typed,
//!    of two or more characters, as the beginning of a word). A page matches when it
//!    holds every part.
//!
//! The index keeps, for each CJK run of a page, every two-character run (bigram) and
//! the run's last character ([`Key::Cjk`]: a one-character query is every key that
//! starts with it, or of a character with many, its own key, which the index then
//! makes hold all its occurrences: `build::hot_chars`), every word ([`Key::Word`]),
//! and for every bigram the four characters around it: the bigram, the character
//! after it and the one before it ([`Key::Gram`], with its position). A
//! three-character query `abc` is every gram `ab c ?`, a four-character query `abcd`
//! is the gram `bc d a`, and a longer one is
//! several grams at the right distances — exact substring search without a dictionary.
//! (The index counts bigrams from their grams, and writes no gram whose bigram ends
//! its run: no query asks for one.)

/// Words longer than this (in characters) are ignored: they are URLs or noise.
pub const MAX_WORD: usize = 40;

/// A query's last word is matched as the start of longer words from this length on.
pub(crate) const MIN_PREFIX: usize = 2;

/// Stands for "no character" (the start or end of a run) in a [`Key::Gram`].
pub(crate) const NONE: char = ' ';

/// Full-width ASCII to ASCII, ideographic space to space, then lower case when that
/// keeps one character.
pub fn fold(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if is_cjk(c) {
        return c; // no case: skip the case tables (most characters of a Chinese site)
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Characters that are written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}'      // 々 〆 〇
        | '\u{3040}'..='\u{30FF}'    // kana
        | '\u{3400}'..='\u{4DBF}'    // extension A
        | '\u{4E00}'..='\u{9FFF}'    // unified ideographs
        | '\u{F900}'..='\u{FAFF}'    // compatibility ideographs
        | '\u{20000}'..='\u{3134F}') // extensions B–G
}

/// Letters and digits that are not CJK: what words are made of.
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// A key of the index as [`index_keys`] gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key<'a> {
    /// A bigram, or the last character of a CJK run, [`pack`]ed.
    Cjk(u64),
    Word(&'a str),
    /// A bigram with the characters after and before it ([`pack_gram`]), and the
    /// position of the bigram's first character.
    Gram(u128, u32),
}

/// Call `emit` for every key of `text`, repeats included (so the caller can count
/// them). Positions count folded characters from `start`; the position after the last
/// character is returned, so fields of a page can be numbered one after the other.
pub(crate) fn index_keys(text: &str, start: u32, mut emit: impl FnMut(Key)) -> u32 {
    let mut w = String::new();
    runs(text, |run, at, is_cjk| {
        let at = start + at;
        if is_cjk {
            for (i, &c) in run.iter().enumerate() {
                let Some(&next) = run.get(i + 1) else {
                    emit(Key::Cjk(pack(c, None)));
                    break;
                };
                emit(Key::Cjk(pack(c, Some(next))));
                let after = run.get(i + 2).copied().unwrap_or(NONE);
                let before = if i > 0 { run[i - 1] } else { NONE };
                let pos = at + u32::try_from(i).unwrap_or(u32::MAX);
                emit(Key::Gram(pack_gram([c, next, after, before]), pos));
            }
        } else if run.len() <= MAX_WORD {
            w.clear();
            w.extend(run);
            emit(Key::Word(&w));
        }
    })
    .saturating_add(start)
}

/// The keys of `text` as strings, in order (for tests and the fuzz target).
pub fn index_tokens(text: &str, mut emit: impl FnMut(&str)) {
    let mut buf = [0u8; 8];
    index_keys(text, 0, |key| match key {
        Key::Cjk(k) => emit(unpack_into(k, &mut buf)),
        Key::Word(w) => emit(w),
        Key::Gram(g, _) => emit(&unpack_gram(g)),
    });
}

/// Marks a packed single character (no `char` is this large).
const SINGLE: u64 = 0x1F_FFFF;

/// Whether a [`pack`]ed key is one character (the last of a run), not a bigram.
pub(crate) fn is_single(key: u64) -> bool {
    key & SINGLE == SINGLE
}

/// One or two characters as one number (21 bits each), so the indexer counts CJK
/// keys without allocating or hashing strings.
pub(crate) fn pack(a: char, b: Option<char>) -> u64 {
    (u64::from(a) << 21) | b.map_or(SINGLE, u64::from)
}

/// The key a [`pack`]ed number stands for, encoded into `buf`.
pub(crate) fn unpack_into(key: u64, buf: &mut [u8; 8]) -> &str {
    let n = char_of(key >> 21).encode_utf8(&mut buf[..4]).len();
    let m = match key & SINGLE {
        SINGLE => 0,
        low => char_of(low).encode_utf8(&mut buf[n..n + 4]).len(),
    };
    std::str::from_utf8(&buf[..n + m]).expect("encoded chars")
}

fn char_of(bits: u64) -> char {
    u32::try_from(bits)
        .ok()
        .and_then(char::from_u32)
        .expect("packed from a char")
}

/// Four characters (bigram, after, before) as one number, 21 bits each.
pub(crate) fn pack_gram(c: [char; 4]) -> u128 {
    c.iter().fold(0u128, |k, &c| (k << 21) | u128::from(c))
}

/// The characters of a [`pack_gram`]med key.
pub(crate) fn gram_chars(k: u128) -> [char; 4] {
    let c = |i: u32| char_of(((k >> (21 * (3 - i))) & 0x1F_FFFF) as u64);
    [c(0), c(1), c(2), c(3)]
}

/// The key string of a gram: its four characters.
pub(crate) fn unpack_gram(k: u128) -> String {
    gram_chars(k).iter().collect()
}

/// One part of a query (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Folded.
    pub text: String,
    pub cjk: bool,
    /// A word matched as the beginning of longer words too.
    pub prefix: bool,
}

/// The distinct parts of a query, in the order they first appear.
pub fn query_parts(query: &str) -> Vec<Part> {
    let mut out: Vec<Part> = Vec::new();
    runs(query, |run, _, cjk| {
        if cjk || run.len() <= MAX_WORD {
            let text: String = run.iter().collect();
            if !out.iter().any(|p| p.text == text) {
                out.push(Part {
                    text,
                    cjk,
                    prefix: false,
                });
            }
        }
    });
    // Only the last word, when the query ends in it: the visitor may still be typing.
    let typing = query.chars().last().map(fold).is_some_and(is_word);
    if let Some(last) = out.last_mut() {
        last.prefix = typing && !last.cjk && last.text.chars().count() >= MIN_PREFIX;
    }
    out
}

/// Split folded `text` into maximal runs of CJK characters and of word characters:
/// `f(run, position of its first character, is CJK)`. Returns the number of
/// characters of `text`.
fn runs(text: &str, mut f: impl FnMut(&[char], u32, bool)) -> u32 {
    let mut run: Vec<char> = Vec::new();
    let mut run_cjk = false;
    let mut pos = 0u32;
    for c in text.chars().map(fold) {
        let cjk = is_cjk(c);
        let word = !cjk && is_word(c);
        if (!(cjk || word) || cjk != run_cjk) && !run.is_empty() {
            f(&run, pos - run.len() as u32, run_cjk);
            run.clear();
        }
        if cjk || word {
            run.push(c);
            run_cjk = cjk;
        }
        pos = pos.saturating_add(1);
    }
    if !run.is_empty() {
        f(&run, pos - run.len() as u32, run_cjk);
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        index_tokens(text, |t| v.push(t.to_string()));
        v
    }

    fn texts(q: &str) -> Vec<String> {
        query_parts(q).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn bigrams_last_characters_and_grams() {
        assert_eq!(
            all("党建引领"),
            [
                "党建",
                "党建引 ",
                "建引",
                "建引领党",
                "引领",
                "引领 建",
                "领"
            ]
        );
        assert_eq!(all("星"), ["星"]);
        assert_eq!(texts("时间银行"), ["时间银行"]);
    }

    #[test]
    fn positions_count_characters_across_runs() {
        let mut seen = Vec::new();
        let end = index_keys("ab 党建，x", 10, |k| {
            if let Key::Gram(g, p) = k {
                seen.push((unpack_gram(g), p));
            }
        });
        assert_eq!(seen, [("党建  ".to_string(), 13)]);
        assert_eq!(end, 17);
    }

    #[test]
    fn mixed_chinese_and_latin() {
        assert_eq!(
            texts("2024年Xinghuo驿站"),
            ["2024", "年", "xinghuo", "驿站"]
        );
        assert_eq!(texts("5G 党建 e-mail"), ["5g", "党建", "e", "mail"]);
        assert_eq!(texts("Café CAFÉ"), ["café"]);
    }

    #[test]
    fn the_last_word_is_a_prefix_while_typing() {
        let p = query_parts("党建 volun");
        assert!(!p[0].prefix && p[1].prefix);
        assert!(!query_parts("volun ")[0].prefix);
        assert!(!query_parts("v")[0].prefix, "one letter is a whole word");
        assert!(!query_parts("志愿")[0].prefix);
    }

    #[test]
    fn punctuation_separates() {
        assert_eq!(
            texts("“银龄时间银行”，互助养老！"),
            ["银龄时间银行", "互助养老"]
        );
        assert_eq!(texts("《党章》"), ["党章"]);
        assert!(query_parts("，。！？ ...").is_empty());
        assert!(query_parts("").is_empty());
    }

    #[test]
    fn full_width_folded() {
        assert_eq!(texts("ＡＢＣ　１２３"), ["abc", "123"]);
        assert_eq!(fold('Ａ'), 'a');
        assert_eq!(fold('　'), ' ');
        // Characters whose lower case is longer than one character stay as they are,
        // so folded text keeps the positions of the original.
        assert_eq!(fold('İ'), 'İ');
    }

    #[test]
    fn chinese_numerals_and_iteration_marks_are_cjk() {
        assert_eq!(texts("二〇二四"), ["二〇二四"]);
        assert!(query_parts("々")[0].cjk);
    }

    #[test]
    fn packed_keys_round_trip() {
        let mut buf = [0u8; 8];
        for (a, b) in [
            ('党', None),
            ('党', Some('建')),
            ('\u{20000}', Some('\u{3134F}')),
        ] {
            let want: String = std::iter::once(a).chain(b).collect();
            assert_eq!(unpack_into(pack(a, b), &mut buf), want);
        }
        assert_ne!(pack('a', None), pack('a', Some('\u{1FFFF}')));
        let g = ['\u{3134F}', '党', NONE, '\u{20000}'];
        assert_eq!(gram_chars(pack_gram(g)), g);
    }

    #[test]
    fn long_words_ignored() {
        let long = "a".repeat(MAX_WORD + 1);
        assert!(query_parts(&long).is_empty());
        assert!(all(&long).is_empty());
    }

    #[test]
    fn repeats_counted_in_index_not_query() {
        assert_eq!(all("党建 党建").iter().filter(|t| *t == "党建").count(), 2);
        assert_eq!(texts("党建 党建"), ["党建"]);
    }
}
