//! Escaping text for HTML and XML, shared by every renderer (pages, shortcodes, SVG
//! charts, feeds), and small helpers for building messages.

/// Append `s` escaped for HTML/XML text and quoted attribute values. Control
/// characters that XML 1.0 forbids are dropped, so feeds and SVG stay well-formed.
pub(crate) fn escape_into(out: &mut String, s: &str) {
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
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// Undo [`escape`] (HTML attribute values as written, read back).
pub(crate) fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Names as a list of code spans for messages: `` `a`, `b` ``.
pub(crate) fn code_list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Plain text of rendered HTML (tags dropped, entities decoded), for the search index.
pub(crate) fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    let mut skip_depth = 0usize; // inside <svg>, <script>, <style>
    let mut i = 0;
    let b = html.as_bytes();
    while i < b.len() {
        if b[i] == b'<' {
            let rest = &html[i..];
            for t in ["<svg", "<script", "<style"] {
                if rest.starts_with(t) {
                    skip_depth += 1;
                }
            }
            for t in ["</svg", "</script", "</style"] {
                if rest.starts_with(t) {
                    skip_depth = skip_depth.saturating_sub(1);
                }
            }
            in_tag = true;
            out.push(' ');
            i += 1;
            continue;
        }
        if in_tag {
            if b[i] == b'>' {
                in_tag = false;
            }
            i += 1;
            continue;
        }
        let ch_len = html[i..].chars().next().map(char::len_utf8).unwrap_or(1);
        if skip_depth == 0 {
            out.push_str(&html[i..i + ch_len]);
        }
        i += ch_len;
    }
    let decoded = unescape(&out);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Make JSON safe to embed in a `<script>` element: no `</script>`, no `<!--`.
pub(crate) fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    script_safe_into(&mut out, json);
    out
}

/// [`script_safe`] appended to `out`, in one pass (the search index of a large site is
/// tens of megabytes: no intermediate copies).
pub(crate) fn script_safe_into(out: &mut String, json: &str) {
    let mut rest = json;
    while let Some(i) = rest.find(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().expect("found at i");
        out.push_str(match c {
            '<' => "\\u003c",
            '>' => "\\u003e",
            '&' => "\\u0026",
            '\u{2028}' => "\\u2028",
            _ => "\\u2029",
        });
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
}

/// Line and paragraph separators (U+2028, U+2029: pasted from word processors) as
/// spaces, for output no font draws them in (PDF).
pub(crate) fn plain_separators(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\u{2028}', '\u{2029}']) {
        std::borrow::Cow::Owned(s.replace(['\u{2028}', '\u{2029}'], " "))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_script_breakout() {
        assert_eq!(script_safe("\"</script>\""), "\"\\u003c/script\\u003e\"");
    }

    #[test]
    fn text_of_html() {
        assert_eq!(
            html_to_text("<p>党建 &amp; <b>引领</b></p><svg><text>x</text></svg>"),
            "党建 & 引领"
        );
    }

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
