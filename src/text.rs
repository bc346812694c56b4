//! Escaping text for HTML and XML, shared by every renderer (pages, shortcodes, SVG
//! charts, feeds), and small helpers for building messages.

/// Append `s` escaped for HTML/XML text and quoted attribute values. Control
/// characters that XML 1.0 forbids are dropped, so feeds and SVG stay well-formed.
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
}

/// `s` escaped for HTML/XML text and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// Undo [`escape`] (HTML attribute values as written, read back).
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Names as a list of code spans for messages: `` `a`, `b` ``.
pub fn code_list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_control_characters() {
        assert_eq!(
            escape("<a href=\"x\">&'\u{1}</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("党建\n"), "党建\n");
        let s = "<a href=\"x\">&'&amp;lt;</a>";
        assert_eq!(unescape(&escape(s)), s);
        assert_eq!(code_list(["a", "b"]), "`a`, `b`");
    }
}
