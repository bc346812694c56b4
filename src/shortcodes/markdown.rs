//! Just enough Markdown structure for the shortcode parser: block-quote markers,
//! indentation, code fences, list markers, headings and code-span backtick runs (after
//! CommonMark). Lines and columns are counted by [`crate::diag::LineCursor`].

use std::collections::HashMap;

pub(super) fn count_chars(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c & 0xC0 != 0x80).count()
}

/// What a line looks like to the block structure.
pub(super) struct LineInfo {
    /// Columns of indentation after any `>` markers (tabs to multiples of 4).
    pub(super) indent: usize,
    /// Byte offset (in the line) of the first non-blank character.
    pub(super) content: usize,
    pub(super) blank: bool,
    /// How many block-quote markers (`>`) start the line.
    pub(super) quotes: usize,
    /// Columns of indentation before the first `>` (`indent` when there is none).
    pub(super) outer: usize,
}

impl LineInfo {
    pub(super) fn of(line: &[u8]) -> LineInfo {
        let mut i = 0;
        let mut quotes = 0;
        let mut outer = 0;
        // Block-quote markers: up to 3 spaces, `>`, one optional space.
        loop {
            let mut k = i;
            while k < line.len() && k - i < 3 && line[k] == b' ' {
                k += 1;
            }
            if line.get(k) == Some(&b'>') {
                if quotes == 0 {
                    outer = k;
                }
                quotes += 1;
                i = k + 1;
                if line.get(i) == Some(&b' ') {
                    i += 1;
                }
            } else {
                break;
            }
        }
        let mut indent = 0;
        while i < line.len() {
            match line[i] {
                b' ' => indent += 1,
                b'\t' => indent += 4 - indent % 4,
                _ => break,
            }
            i += 1;
        }
        let blank = line[i..].iter().all(|c| c.is_ascii_whitespace());
        LineInfo {
            indent,
            content: i,
            blank,
            quotes,
            outer: if quotes == 0 { indent } else { outer },
        }
    }
}

/// A line that is a block of its own: an ATX heading (`# …`), a thematic break or a
/// setext underline (`---`, `***`, `___`, `===`).
pub(super) fn is_single_line_block(s: &[u8]) -> bool {
    let hashes = s.iter().take_while(|&&c| c == b'#').count();
    if (1..=6).contains(&hashes) && s.get(hashes).is_none_or(|c| c.is_ascii_whitespace()) {
        return true;
    }
    let Some(&c) = s.first() else {
        return false;
    };
    matches!(c, b'-' | b'*' | b'_' | b'=')
        && s.iter().filter(|&&x| x == c).count() >= 3
        && s.iter().all(|&x| x == c || x.is_ascii_whitespace())
}

/// An opening code fence: its character and length.
pub(super) fn fence_open(s: &[u8]) -> Option<(u8, usize)> {
    let ch = *s.first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let n = s.iter().take_while(|&&c| c == ch).count();
    if n < 3 || (ch == b'`' && s[n..].contains(&b'`')) {
        return None;
    }
    Some((ch, n))
}

/// The width in columns of a list marker starting `s` (`- `, `* `, `+ `, `1. `, `1) `).
/// `interrupting`: only markers that may interrupt a paragraph.
pub(super) fn list_marker(s: &[u8], interrupting: bool) -> Option<usize> {
    let digits = s.iter().take_while(|c| c.is_ascii_digit()).count();
    let m = match s.first()? {
        b'-' | b'*' | b'+' => 1,
        _ if (1..=9).contains(&digits) && matches!(s.get(digits), Some(b'.' | b')')) => {
            if interrupting && &s[..digits] != b"1" {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    let spaces = s[m..]
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    let rest_blank = s[m..].iter().all(|c| c.is_ascii_whitespace());
    if rest_blank {
        return if interrupting { None } else { Some(m + 1) };
    }
    match spaces {
        0 => None,
        1..=4 => Some(m + spaces),
        _ => Some(m + 1),
    }
}

/// Where the closing backtick run of a code span is: the first later run of the same
/// length in the paragraph. Remembers, after one failed scan to the end, where the last
/// run of each length is, so unmatched openers cost nothing more (as cmark does).
#[derive(Default)]
pub(super) struct Backticks {
    exhausted: bool,
    last: HashMap<usize, usize>,
}

impl Backticks {
    pub(super) fn closer(&mut self, b: &[u8], from: usize, end: usize, n: usize) -> Option<usize> {
        if self.exhausted && self.last.get(&n).is_none_or(|&p| p < from) {
            return None;
        }
        let mut i = from;
        while i < end {
            if b[i] == b'`' {
                let s = i;
                while i < end && b[i] == b'`' {
                    i += 1;
                }
                // Keep the latest run of each length (a rescan sees earlier ones again).
                let last = self.last.entry(i - s).or_insert(s);
                *last = (*last).max(s);
                if i - s == n {
                    return Some(s);
                }
            } else {
                i += 1;
            }
        }
        self.exhausted = true;
        None
    }
}
