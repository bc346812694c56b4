//! Chinese-text rules for Markdown (docs/reference/content.md): which characters count as CJK, when a
//! soft line break between two characters disappears, and the emphasis fix that makes
//! `**党建引领：**这一年` bold although CommonMark's flanking rules say otherwise.
//!
//! The emphasis fix works on the source before parsing. CommonMark refuses to close
//! `**` when it follows punctuation and precedes a letter (`：**这`), and to open it when
//! it follows a letter and precedes punctuation (`是**“`). For exactly those runs, when
//! a CJK character or CJK punctuation is on the other side, we insert a marker
//! character that the parser counts as punctuation (an Aegean word separator, which no
//! Chinese document uses) next to the run; that makes the run flanking the way a reader
//! expects. The caller strips every marker from the parsed events and maps offsets back
//! to the original text, so nothing of it reaches the output or the line numbers.

use std::borrow::Cow;

use pulldown_cmark::{Event, Tag, TagEnd};

/// Marker candidates: Unicode punctuation (category Po) to pulldown-cmark, never
/// used in Chinese text. The first one absent from the document is used.
const MARKERS: [char; 3] = ['\u{10100}', '\u{10101}', '\u{10102}'];

/// The source with emphasis markers inserted.
pub(crate) struct Prepared<'a> {
    pub text: Cow<'a, str>,
    /// The marker character used, when any was inserted.
    pub marker: Option<char>,
    /// Byte offsets (in `text`) where a marker starts, ascending.
    pub inserts: Vec<usize>,
}

impl Prepared<'_> {
    /// Map a byte offset in `text` back to the original source.
    pub(crate) fn original_offset(&self, offset: usize) -> usize {
        let Some(marker) = self.marker else {
            return offset;
        };
        let len = marker.len_utf8();
        // Markers that start before `offset`; the one straddling it counts partially.
        let before = self.inserts.partition_point(|&s| s < offset);
        let mut removed = before * len;
        if before > 0 {
            let last = self.inserts[before - 1];
            if offset < last + len {
                removed -= len - (offset - last);
            }
        }
        offset - removed
    }
}

/// Han ideographs (with radicals, extensions and compatibility forms), kana and
/// bopomofo: characters written without spaces between words.
fn is_cjk_letter(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'     // radicals
        | '\u{3005}'..='\u{3007}'   // 々 〆 〇
        | '\u{3021}'..='\u{3029}'   // Hangzhou numerals
        | '\u{3031}'..='\u{3035}'
        | '\u{3038}'..='\u{303C}'
        | '\u{3040}'..='\u{309F}'   // hiragana
        | '\u{30A1}'..='\u{30FA}'   // katakana
        | '\u{30FC}'..='\u{30FF}'
        | '\u{3100}'..='\u{312F}'   // bopomofo
        | '\u{31A0}'..='\u{31BF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3200}'..='\u{33FF}'   // enclosed CJK, compatibility
        | '\u{3400}'..='\u{4DBF}'   // extension A
        | '\u{4E00}'..='\u{9FFF}'   // unified ideographs
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF10}'..='\u{FF19}'   // full-width digits and letters
        | '\u{FF21}'..='\u{FF3A}'
        | '\u{FF41}'..='\u{FF5A}'
        | '\u{FF66}'..='\u{FF9F}'   // half-width katakana
        | '\u{20000}'..='\u{3FFFF}' // extensions B and later
    )
}

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{A960}'..='\u{A97F}'
        | '\u{AC00}'..='\u{D7FF}')
}

/// CJK punctuation: the CJK symbols block, full-width forms and vertical forms.
pub(crate) fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3004}'
        | '\u{3008}'..='\u{3020}'
        | '\u{3030}'
        | '\u{303D}'..='\u{303F}'
        | '\u{30A0}'
        | '\u{30FB}'
        | '\u{FE10}'..='\u{FE19}'
        | '\u{FE30}'..='\u{FE6B}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
        | '\u{FFE0}'..='\u{FFEE}'
    )
}

/// Han, kana, Hangul, CJK punctuation and full-width forms.
pub(crate) fn is_cjk(c: char) -> bool {
    is_cjk_letter(c) || is_hangul(c) || is_cjk_punct(c)
}

/// Punctuation shared by Chinese and Western text (“ ” ‘ ’ — … ·): CJK next to CJK.
fn is_shared_punct(c: char) -> bool {
    matches!(c, '\u{2014}'..='\u{2026}' | '\u{00B7}')
}

/// Whether a soft line break between `prev` and `next` disappears (docs/reference/content.md). Hangul is
/// left out on purpose: Korean separates words with spaces (as CSS Text 3 does).
/// Next to full-width punctuation (`。`, `，`, `：`) a break always disappears: the
/// punctuation carries its own space ("进楼道。2022 年", not "进楼道。 2022 年").
pub(crate) fn joins_across_break(prev: char, next: char) -> bool {
    let side = |c: char| (is_cjk(c) && !is_hangul(c)) || is_shared_punct(c);
    let strong = |c: char| is_cjk(c) && !is_hangul(c);
    (side(prev) && side(next) && (strong(prev) || strong(next)))
        || is_cjk_punct(prev)
        || is_cjk_punct(next)
}

/// Unicode punctuation and symbols as CommonMark 0.31 counts them, for the ranges that
/// matter in practice (ASCII, Latin-1, general punctuation, arrows and symbols, CJK).
pub(crate) fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    matches!(c,
        '\u{A1}'..='\u{A9}' | '\u{AB}' | '\u{AC}' | '\u{AE}'..='\u{B1}' | '\u{B4}'
        | '\u{B6}'..='\u{B8}' | '\u{BB}' | '\u{BF}' | '\u{D7}' | '\u{F7}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205E}'
        | '\u{20A0}'..='\u{20C0}'
        | '\u{2190}'..='\u{245F}'
        | '\u{2500}'..='\u{2775}'
        | '\u{2794}'..='\u{2BFF}'
        | '\u{2E00}'..='\u{2E7F}'
        | '\u{10100}'..='\u{10102}'
    ) || is_cjk_punct(c)
}

/// Insert emphasis markers where CommonMark's flanking rules fail next to CJK text.
pub(crate) fn prepare_emphasis(md: &str) -> Prepared<'_> {
    let untouched = |md| Prepared {
        text: Cow::Borrowed(md),
        marker: None,
        inserts: Vec::new(),
    };
    // Quick exit: no delimiter or no CJK at all.
    if !md.contains(['*', '_']) || md.is_ascii() {
        return untouched(md);
    }
    let Some(marker) = MARKERS.into_iter().find(|m| !md.contains(*m)) else {
        return untouched(md);
    };
    let is_ws = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let is_p = |c: Option<char>| c.is_some_and(is_punct);
    let is_cjk_opt = |c: Option<char>| c.is_some_and(is_cjk);
    let is_cjk_p = |c: Option<char>| c.is_some_and(is_cjk_punct);

    // Original byte offsets where a marker goes.
    let mut at: Vec<usize> = Vec::new();
    let bytes = md.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let d = bytes[i];
        if d != b'*' && d != b'_' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == d {
            i += 1;
        }
        let end = i;
        let backslashes = md[..start]
            .bytes()
            .rev()
            .take_while(|&b| b == b'\\')
            .count();
        if backslashes % 2 == 1 {
            continue; // the first delimiter is escaped; leave the run alone
        }
        let a = md[..start].chars().next_back();
        let b = md[end..].chars().next();
        if !is_ws(b) && is_p(b) && !is_ws(a) && !is_p(a) && (is_cjk_opt(a) || is_cjk_p(b)) {
            at.push(start);
        } else if !is_ws(a) && is_p(a) && !is_ws(b) && !is_p(b) && (is_cjk_opt(b) || is_cjk_p(a)) {
            at.push(end);
        }
    }
    if at.is_empty() {
        return untouched(md);
    }
    let len = marker.len_utf8();
    let mut text = String::with_capacity(md.len() + at.len() * len);
    let mut inserts = Vec::with_capacity(at.len());
    let mut last = 0;
    for pos in at {
        text.push_str(&md[last..pos]);
        inserts.push(text.len());
        text.push(marker);
        last = pos;
    }
    text.push_str(&md[last..]);
    Prepared {
        text: Cow::Owned(text),
        marker: Some(marker),
        inserts,
    }
}

/// Inline tags: transparent for the soft-break rule.
fn is_inline_tag(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Start(
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ) | Event::End(
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ) | Event::InlineHtml(_)
    )
}

/// Drop soft breaks between two CJK characters (docs/reference/content.md).
pub(crate) fn join_soft_breaks(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut drop = vec![false; events.len()];
    let mut last: Option<char> = None;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Text(t) | Event::Code(t) => last = t.chars().next_back().or(last),
            Event::SoftBreak => {
                let next =
                    events[i + 1..]
                        .iter()
                        .find(|e| !is_inline_tag(e))
                        .and_then(|e| match e {
                            Event::Text(t) | Event::Code(t) => t.chars().next(),
                            _ => None,
                        });
                if let (Some(p), Some(n)) = (last, next) {
                    drop[i] = joins_across_break(p, n);
                }
                last = None;
            }
            e if is_inline_tag(e) => {}
            _ => last = None,
        }
    }
    events
        .into_iter()
        .zip(drop)
        .filter_map(|(e, d)| (!d).then_some(e))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_cjk('党') && is_cjk('：') && is_cjk('。') && is_cjk('か') && is_cjk('한'));
        assert!(!is_cjk('a') && !is_cjk('“') && !is_cjk('1'));
        assert!(is_punct('：') && is_punct('“') && is_punct('”') && is_punct('*'));
        assert!(!is_punct('党') && !is_punct('a'));
    }

    #[test]
    fn soft_break_joining() {
        assert!(joins_across_break('党', '建'));
        assert!(joins_across_break('。', '这'));
        assert!(joins_across_break('”', '我'));
        assert!(!joins_across_break('a', '党'));
        assert!(!joins_across_break('党', 'b'));
        assert!(!joins_across_break('”', '“'));
        assert!(!joins_across_break('한', '국'));
        // Full-width punctuation next to digits or Latin letters.
        assert!(joins_across_break('。', '2'));
        assert!(joins_across_break('，', 'A'));
        assert!(joins_across_break('5', '）'));
        assert!(!joins_across_break('心', '2'));
    }

    #[test]
    fn markers_go_next_to_the_right_runs() {
        let p = prepare_emphasis("**党建引领：**这一年");
        let m = p.marker.expect("a marker");
        assert_eq!(p.text, format!("**党建引领：**{m}这一年"));
        let p = prepare_emphasis("这是**“重点”**内容");
        let m = p.marker.expect("a marker");
        assert_eq!(p.text, format!("这是{m}**“重点”**{m}内容"));
        // Runs CommonMark handles already are left alone.
        assert!(prepare_emphasis("这是**重点**内容").marker.is_none());
        assert!(prepare_emphasis("plain **bold**: text").marker.is_none());
        // An escaped run is literal text.
        assert!(prepare_emphasis("引领：\\**这").marker.is_none());
    }

    #[test]
    fn offsets_map_back() {
        let src = "这是**“重点”**内容";
        let p = prepare_emphasis(src);
        let m = p.marker.expect("a marker").len_utf8();
        let first = src.find("**").expect("delimiter");
        assert_eq!(p.original_offset(0), 0);
        assert_eq!(p.original_offset(first + m), first);
        assert_eq!(p.original_offset(p.text.len()), src.len());
        let content = src.find('内').expect("char");
        assert_eq!(p.original_offset(content + 2 * m), content);
    }

    #[test]
    fn the_marker_avoids_characters_in_the_document() {
        let src = format!("{}**党建引领：**这一年", MARKERS[0]);
        let p = prepare_emphasis(&src);
        assert_eq!(p.marker, Some(MARKERS[1]));
    }
}
