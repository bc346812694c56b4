//! How text becomes search tokens — the one rule shared by the index (here) and the
//! browser (`themes/default/static/js/search.js`, which must stay in step with it).
//!
//! 1. Fold each character: full-width ASCII (`ＡＢＣ１２３`) becomes ASCII, the
//!    ideographic space a space, then letters are lower-cased (one character to one
//!    character, so positions in the folded text match the original).
//! 2. A run of CJK characters (Han, kana, `々〆〇`) gives every two-character run
//!    (bigram). The index also keeps every single character, so a one-character query
//!    works; a query uses single characters only for a one-character run.
//! 3. A run of other letters and digits is one word (`xinghuo`, `2024`, `5g`);
//!    anything else (spaces, punctuation) separates tokens.
//!
//! Bigrams find every Chinese word of two or more characters without a dictionary: a
//! word's bigrams are all in any text that contains it.

/// Words longer than this (in characters) are ignored: they are URLs or noise.
pub(crate) const MAX_WORD: usize = 40;

/// Full-width ASCII to ASCII, ideographic space to space, then lower case when that
/// keeps one character.
pub(crate) fn fold(c: char) -> char {
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
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}'      // 々 〆 〇
        | '\u{3040}'..='\u{30FF}'    // kana
        | '\u{3400}'..='\u{4DBF}'    // extension A
        | '\u{4E00}'..='\u{9FFF}'    // unified ideographs
        | '\u{F900}'..='\u{FAFF}'    // compatibility ideographs
        | '\u{20000}'..='\u{3134F}') // extensions B–G
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Call `emit` for every token of `text` in the index, repeats included (so the
/// caller can count term frequency).
pub fn index_tokens(text: &str, mut emit: impl FnMut(&str)) {
    let mut buf = [0u8; 8];
    index_keys(text, |key| match key {
        Key::Cjk(k) => emit(unpack_into(k, &mut buf)),
        Key::Word(w) => emit(w),
    });
}

/// A token as [`index_keys`] gives it.
pub(crate) enum Key<'a> {
    /// One CJK character or a bigram, [`pack`]ed.
    Cjk(u64),
    Word(&'a str),
}

/// [`index_tokens`] without making strings for CJK tokens, for the indexer. Same
/// tokens, same order.
pub(crate) fn index_keys(text: &str, mut emit: impl FnMut(Key)) {
    let mut w = String::new();
    runs(text, |run, is_cjk| {
        if is_cjk {
            for (i, &c) in run.iter().enumerate() {
                emit(Key::Cjk(pack(c, None)));
                if let Some(&next) = run.get(i + 1) {
                    emit(Key::Cjk(pack(c, Some(next))));
                }
            }
        } else if run.len() <= MAX_WORD {
            w.clear();
            w.extend(run);
            emit(Key::Word(&w));
        }
    });
}

/// Marks a packed single character (no `char` is this large).
const SINGLE: u64 = 0x1F_FFFF;

/// One or two characters as one number (21 bits each), so the indexer counts CJK
/// tokens without allocating or hashing strings.
pub(crate) fn pack(a: char, b: Option<char>) -> u64 {
    (u64::from(a) << 21) | b.map_or(SINGLE, u64::from)
}

/// The token a [`pack`]ed number stands for, encoded into `buf`.
pub(crate) fn unpack_into(key: u64, buf: &mut [u8; 8]) -> &str {
    let c = |bits: u64| {
        u32::try_from(bits)
            .ok()
            .and_then(char::from_u32)
            .expect("packed from a char")
    };
    let n = c(key >> 21).encode_utf8(&mut buf[..4]).len();
    let m = match key & SINGLE {
        SINGLE => 0,
        low => c(low).encode_utf8(&mut buf[n..n + 4]).len(),
    };
    std::str::from_utf8(&buf[..n + m]).expect("encoded chars")
}

/// The distinct tokens of a query, in the order they first appear.
pub fn query_tokens(query: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |t: String| {
        if !out.contains(&t) {
            out.push(t);
        }
    };
    runs(query, |run, cjk| {
        if cjk && run.len() > 1 {
            for w in run.windows(2) {
                push(w.iter().collect());
            }
        } else if run.len() <= MAX_WORD {
            push(run.iter().collect());
        }
    });
    out
}

/// Split folded `text` into maximal runs of CJK characters and of word characters.
fn runs(text: &str, mut f: impl FnMut(&[char], bool)) {
    let mut run: Vec<char> = Vec::new();
    let mut run_cjk = false;
    for c in text.chars().map(fold) {
        let cjk = is_cjk(c);
        let word = !cjk && is_word(c);
        if (!(cjk || word) || cjk != run_cjk) && !run.is_empty() {
            f(&run, run_cjk);
            run.clear();
        }
        if cjk || word {
            run.push(c);
            run_cjk = cjk;
        }
    }
    if !run.is_empty() {
        f(&run, run_cjk);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        index_tokens(text, |t| v.push(t.to_string()));
        v
    }

    #[test]
    fn bigrams_and_single_characters() {
        assert_eq!(query_tokens("时间银行"), ["时间", "间银", "银行"]);
        assert_eq!(query_tokens("党"), ["党"]);
        assert_eq!(
            all("党建引领"),
            ["党", "党建", "建", "建引", "引", "引领", "领"]
        );
        assert_eq!(all("星"), ["星"]);
    }

    #[test]
    fn mixed_chinese_and_latin() {
        assert_eq!(
            query_tokens("2024年Xinghuo驿站"),
            ["2024", "年", "xinghuo", "驿站"]
        );
        assert_eq!(query_tokens("5G 党建 e-mail"), ["5g", "党建", "e", "mail"]);
        assert_eq!(query_tokens("Café CAFÉ"), ["café"]);
    }

    #[test]
    fn punctuation_separates() {
        assert_eq!(
            query_tokens("“银龄时间银行”，互助养老！"),
            ["银龄", "龄时", "时间", "间银", "银行", "互助", "助养", "养老"]
        );
        assert_eq!(query_tokens("《党章》"), ["党章"]);
        assert!(query_tokens("，。！？ ...").is_empty());
        assert!(query_tokens("").is_empty());
    }

    #[test]
    fn full_width_folded() {
        assert_eq!(query_tokens("ＡＢＣ　１２３"), ["abc", "123"]);
        assert_eq!(query_tokens("ＡＢＣ"), query_tokens("abc"));
        assert_eq!(fold('Ａ'), 'a');
        assert_eq!(fold('　'), ' ');
        // Characters whose lower case is longer than one character stay as they are,
        // so folded text keeps the positions of the original.
        assert_eq!(fold('İ'), 'İ');
    }

    #[test]
    fn chinese_numerals_and_iteration_marks_are_cjk() {
        assert_eq!(query_tokens("二〇二四"), ["二〇", "〇二", "二四"]);
    }

    #[test]
    fn packed_tokens_round_trip() {
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
    }

    #[test]
    fn long_words_ignored() {
        let long = "a".repeat(MAX_WORD + 1);
        assert!(query_tokens(&long).is_empty());
        assert!(all(&long).is_empty());
    }

    #[test]
    fn repeats_counted_in_index_not_query() {
        assert_eq!(all("党建 党建").iter().filter(|t| *t == "党建").count(), 2);
        assert_eq!(query_tokens("党建 党建"), ["党建"]);
    }
}
