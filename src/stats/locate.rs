//! Finding where a key sits in a YAML text, for diagnostics: serde gives values, not
//! places, so the statistics checks look keys up again in the source, key after key.

use crate::diag::{line_col, Diagnostic};

/// Put `d` at the key path (`["metrics", "coverage", "value"]`), or at the closest
/// parent that can be found.
pub(super) fn at_path(mut d: Diagnostic, text: &str, path: &[&str]) -> Diagnostic {
    for n in (1..=path.len()).rev() {
        if let Some((line, col, len)) = locate(text, &path[..n]) {
            d.line = line;
            return d.at_col(col, len);
        }
    }
    d
}

/// Point at the second occurrence of the last key of `path` (for duplicates).
pub(super) fn at_second(d: Diagnostic, text: &str, path: &[&str]) -> Diagnostic {
    let parent = path.len().saturating_sub(1);
    let after = locate_end(text, &path[..parent]).unwrap_or(0);
    let second = find_key_from(text, path[parent], after)
        .and_then(|(_, end)| find_key_from(text, path[parent], end));
    match second {
        Some((start, _)) => {
            let (line, col) = line_col(text, start);
            let mut d = d.at_col(col, path[parent].chars().count());
            d.line = line;
            d
        }
        None => at_path(d, text, path),
    }
}

/// (line, col) of a top-level key (`year:` at the start of a line), else (1, 1).
pub(super) fn top_key_line(text: &str, key: &str) -> (usize, usize) {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| (i + 1, 1))
        .unwrap_or((1, 1))
}

/// 1-based (line, col, length in chars) of the last key of `path`, found key after key
/// in file order; works for block (`a:\n  b:`) and flow (`a: {b: 1}`) mappings.
pub(super) fn locate(text: &str, path: &[&str]) -> Option<(usize, usize, usize)> {
    let mut from = 0;
    let mut start = None;
    for key in path {
        let (s, e) = find_key_from(text, key, from)?;
        start = Some(s);
        from = e;
    }
    let (line, col) = line_col(text, start?);
    Some((line, col, path.last()?.chars().count()))
}

fn locate_end(text: &str, path: &[&str]) -> Option<usize> {
    let mut from = 0;
    for key in path {
        from = find_key_from(text, key, from)?.1;
    }
    Some(from)
}

/// Byte range of the next `key:` (optionally quoted) at or after `from`, outside comments.
fn find_key_from(text: &str, key: &str, from: usize) -> Option<(usize, usize)> {
    let hay = text.get(from..)?;
    for (i, _) in hay.match_indices(key) {
        let start = from + i;
        let before = text[..start].chars().next_back();
        let quote = matches!(before, Some('"' | '\''));
        let ok_before = matches!(
            before,
            None | Some(' ' | '\t' | '\n' | '{' | ',' | '"' | '\'')
        );
        let mut end = start + key.len();
        if quote && text[end..].starts_with(['"', '\'']) {
            end += 1;
        }
        let rest = &text[end..];
        let ok_after = rest
            .strip_prefix(':')
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t', '\n', '\r']));
        let line_start = text[..start].rfind('\n').map(|p| p + 1).unwrap_or(0);
        let in_comment = text[line_start..start].contains('#');
        if ok_before && ok_after && !in_comment {
            let s = if quote { start - 1 } else { start };
            return Some((s, end + 1));
        }
    }
    None
}
