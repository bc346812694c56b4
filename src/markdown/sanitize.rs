//! The HTML sanitizer for `[markdown].raw_html = "sanitize"` (docs/reference/urls.md): keeps safe
//! formatting, drops scripts, event handlers, `style` attributes and `javascript:` URLs.
//!
//! It runs on the whole HTML of a page, with highlighted code blocks still replaced by
//! placeholders (their inline styles are ours, put back afterwards).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use ammonia::Builder;

use super::highlight::PLACEHOLDER_PREFIX;

const TAGS: &[&str] = &[
    "a",
    "abbr",
    "audio",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "id", "class", "hreflang"]),
    ("audio", &["src", "controls", "preload", "loop", "class"]),
    ("blockquote", &["cite", "class"]),
    ("code", &["class", "data-lang"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("data", &["value"]),
    ("del", &["cite", "datetime"]),
    ("details", &["open", "class"]),
    ("div", &["class", "id"]),
    ("figcaption", &["class"]),
    ("figure", &["class", "id"]),
    ("h1", &["id", "class"]),
    ("h2", &["id", "class"]),
    ("h3", &["id", "class"]),
    ("h4", &["id", "class"]),
    ("h5", &["id", "class"]),
    ("h6", &["id", "class"]),
    (
        "img",
        &[
            "src", "alt", "width", "height", "loading", "srcset", "sizes", "class", "decoding",
        ],
    ),
    ("input", &["checked", "disabled"]),
    ("ins", &["cite", "datetime"]),
    ("li", &["id", "class", "value"]),
    ("mark", &["class"]),
    ("ol", &["start", "reversed", "type", "class"]),
    ("p", &["class"]),
    ("pre", &["class", "data-lang"]),
    ("q", &["cite"]),
    ("section", &["class", "id"]),
    ("source", &["src", "srcset", "sizes", "type", "media"]),
    ("span", &["class", "id"]),
    ("sup", &["class", "id"]),
    ("sub", &["class"]),
    ("table", &["class"]),
    // `style` here is filtered down to `text-align` (table column alignment).
    ("td", &["colspan", "rowspan", "align", "style"]),
    ("th", &["colspan", "rowspan", "align", "scope", "style"]),
    ("time", &["datetime"]),
    ("ul", &["class"]),
    (
        "video",
        &[
            "src",
            "poster",
            "controls",
            "width",
            "height",
            "preload",
            "muted",
            "loop",
            "playsinline",
            "class",
        ],
    ),
];

fn builder() -> &'static Builder<'static> {
    static B: OnceLock<Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = Builder::empty();
        b.tags(TAGS.iter().copied().collect())
            .tag_attributes(
                TAG_ATTRIBUTES
                    .iter()
                    .map(|(t, a)| (*t, a.iter().copied().collect::<HashSet<_>>()))
                    .collect(),
            )
            .tag_attribute_values(HashMap::from([(
                "input",
                HashMap::from([("type", HashSet::from(["checkbox"]))]),
            )]))
            .generic_attributes(HashSet::from(["title", "lang", "dir"]))
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .filter_style_properties(HashSet::from(["text-align"]))
            .attribute_filter(|_, _, value| {
                Some(if value.contains(PLACEHOLDER_PREFIX) {
                    value.replace(PLACEHOLDER_PREFIX, "").into()
                } else {
                    value.into()
                })
            })
            .link_rel(None)
            .strip_comments(true);
        b
    })
}

/// Sanitize a page's HTML.
pub(crate) fn sanitize(html: &str) -> String {
    builder().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_dangerous_things() {
        let out = sanitize(
            "<p onclick=\"x()\">a<script>alert(1)</script></p>\
             <img src=\"a.png\" onerror=\"alert(1)\">\
             <a href=\"javascript:alert(1)\">j</a>\
             <a href=\"JaVaScRiPt:alert(1)\">k</a>\
             <span style=\"color:red\" class=\"c\">s</span>\
             <iframe src=\"https://x\"></iframe><style>p{}</style>",
        );
        assert!(!out.contains("script"), "{out}");
        assert!(!out.contains("alert"), "{out}");
        assert!(
            !out.contains("onerror") && !out.contains("onclick"),
            "{out}"
        );
        assert!(!out.contains("style"), "{out}");
        assert!(!out.contains("iframe"), "{out}");
        assert!(out.contains("<span class=\"c\">s</span>"), "{out}");
        assert!(out.contains("<img src=\"a.png\">"), "{out}");
    }

    #[test]
    fn keeps_safe_formatting() {
        let src = "<h2 id=\"x\">t</h2><p><mark>m</mark> H<sub>2</sub>O x<sup>2</sup></p>\
                   <details><summary>s</summary>d</details>\
                   <figure><img src=\"a.jpg\" alt=\"a\" loading=\"lazy\"><figcaption>c</figcaption></figure>\
                   <a href=\"/x/\" title=\"t\">l</a>";
        assert_eq!(sanitize(src), src);
    }

    #[test]
    fn table_alignment_survives_but_other_styles_do_not() {
        let out = sanitize(
            "<table><thead><tr><th style=\"text-align: center\">a</th></tr></thead>\
             <tbody><tr><td style=\"color: red; text-align: right\">b</td></tr></tbody></table>",
        );
        assert!(out.contains("text-align"), "{out}");
        assert!(!out.contains("color"), "{out}");
    }

    #[test]
    fn task_list_checkboxes() {
        let out =
            sanitize("<input disabled=\"\" type=\"checkbox\" checked=\"\"><input type=\"text\">");
        assert!(out.contains("type=\"checkbox\""), "{out}");
        assert!(!out.contains("text"), "{out}");
    }
}
