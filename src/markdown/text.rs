//! Plain text taken from the event stream: heading anchors and the table of contents,
//! and the page summary.

use std::collections::HashSet;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Heading;

/// Longest summary, in characters (the ellipsis included).
const SUMMARY_MAX: usize = 200;

/// Give every heading an id (its `{#custom}` one, or a slug of its text made unique)
/// and return the table of contents.
pub(super) fn assign_heading_ids(events: &mut [Event<'_>]) -> Vec<Heading> {
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if !matches!(events[i], Event::Start(Tag::Heading { .. })) {
            i += 1;
            continue;
        }
        let end = events[i..]
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(events.len(), |p| i + p);
        let title = plain_text(&events[i + 1..end]);
        if let Event::Start(Tag::Heading { level, id, .. }) = &mut events[i] {
            let anchor = match id {
                Some(custom) => custom.to_string(),
                None => {
                    let base = slugify(&title);
                    let mut candidate = base.clone();
                    let mut n = 0;
                    while used.contains(&candidate) {
                        n += 1;
                        candidate = format!("{base}-{n}");
                    }
                    used.insert(candidate.clone());
                    *id = Some(candidate.clone().into());
                    candidate
                }
            };
            toc.push(Heading {
                level: *level as u8,
                id: anchor,
                title,
            });
        }
        i = end + 1;
    }
    toc
}

/// The text of inline events, whitespace collapsed.
fn plain_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A heading anchor: letters (any script) and digits kept, ASCII lowercased, spaces and
/// dashes become one `-`, other punctuation dropped.
pub(crate) fn slugify(title: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars() {
        if c.is_alphanumeric() || c == '_' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c.is_whitespace() || c == '-' {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Plain text of the first paragraph with any text (not inside a footnote), without
/// image alt text or shortcode placeholders, at most [`SUMMARY_MAX`] characters.
pub(super) fn summary(events: &[Event<'_>]) -> String {
    let mut footnote = 0usize;
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::FootnoteDefinition(_)) => footnote += 1,
            Event::End(TagEnd::FootnoteDefinition) => footnote = footnote.saturating_sub(1),
            Event::Start(Tag::Paragraph) if footnote == 0 => {
                let mut raw = String::new();
                let mut image = 0usize;
                i += 1;
                while i < events.len() && !matches!(events[i], Event::End(TagEnd::Paragraph)) {
                    match &events[i] {
                        Event::Start(Tag::Image { .. }) => image += 1,
                        Event::End(TagEnd::Image) => image = image.saturating_sub(1),
                        Event::Text(t) | Event::Code(t) if image == 0 => raw.push_str(t),
                        Event::SoftBreak | Event::HardBreak => raw.push(' '),
                        _ => {}
                    }
                    i += 1;
                }
                let text = remove_shortcode_tokens(&raw);
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if !text.is_empty() {
                    return truncate_summary(&text);
                }
            }
            _ => {}
        }
        i += 1;
    }
    String::new()
}

/// Remove the lead's shortcode placeholders: `xhsc`, then ASCII letters or digits other
/// than `x`, then `x` (e.g. `xhsc7f3e0001x`).
fn remove_shortcode_tokens(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find("xhsc") {
        let after = &rest[p + 4..];
        let body = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() && *b != b'x')
            .count();
        if body > 0 && after.as_bytes().get(body) == Some(&b'x') {
            out.push_str(&rest[..p]);
            out.push(' ');
            rest = &after[body + 1..];
        } else {
            out.push_str(&rest[..p + 4]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn truncate_summary(text: &str) -> String {
    if text.chars().count() <= SUMMARY_MAX {
        return text.to_string();
    }
    let mut out: String = text.chars().take(SUMMARY_MAX - 1).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("党建引领 2024：成果"), "党建引领-2024成果");
        assert_eq!(slugify("  a -- b  "), "a-b");
        assert_eq!(slugify("snake_case"), "snake_case");
        assert_eq!(slugify("ÉTÉ 夏"), "ÉtÉ-夏");
        assert_eq!(slugify("？！"), "section");
    }

    #[test]
    fn shortcode_tokens_are_removed() {
        assert_eq!(remove_shortcode_tokens("xhsc7f3e0001x"), " ");
        assert_eq!(remove_shortcode_tokens("共xhsc01x个"), "共 个");
        assert_eq!(
            remove_shortcode_tokens("xhsc x xhscx xhsc-1x"),
            "xhsc x xhscx xhsc-1x"
        );
    }

    #[test]
    fn truncation_is_on_char_boundaries() {
        let s = "星".repeat(250);
        let t = truncate_summary(&s);
        assert_eq!(t.chars().count(), SUMMARY_MAX);
        assert!(t.ends_with("星…"));
        let spaced = format!("{} {}", "a".repeat(198), "b".repeat(10));
        assert_eq!(truncate_summary(&spaced), format!("{}…", "a".repeat(198)));
    }
}
