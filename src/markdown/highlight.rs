//! Code-block highlighting with syntect: inline-styled HTML in the configured theme.
//!
//! The syntax and theme sets are loaded once per process (they take a while), and
//! only when the first code block with a language is rendered.

use std::fmt::Write as _;
use std::sync::OnceLock;

use super::escape_into;
use syntect::easy::HighlightLines;
use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::html::{append_highlighted_html_for_styled_line, IncludeBackground};
use syntect::parsing::{SyntaxDefinition, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

/// The theme used when the configured one does not exist (also the example in docs/reference/config.md).
pub(crate) const DEFAULT_THEME: &str = "InspiredGitHub";

/// syntect's default syntaxes have no TOML, the format of `site-config.toml`; this small
/// grammar covers tables, keys, strings, numbers, dates, booleans and comments.
const TOML_SYNTAX: &str = r##"%YAML 1.2
---
name: TOML
file_extensions: [toml, tml]
scope: source.toml
contexts:
  main:
    - match: '#.*$'
      scope: comment.line.number-sign.toml
    - match: '^\s*(\[\[?)([^\]#]*)(\]\]?)'
      captures:
        1: punctuation.definition.table.toml
        2: entity.name.section.toml
        3: punctuation.definition.table.toml
    - match: '([A-Za-z0-9_.-]+|"[^"]*")\s*(=)'
      captures:
        1: entity.name.tag.toml
        2: keyword.operator.assignment.toml
    - match: '"""'
      push: multi_basic
    - match: "'''"
      push: multi_literal
    - match: '"'
      push: basic
    - match: "'[^']*'"
      scope: string.quoted.single.toml
    - match: '\b(true|false)\b'
      scope: constant.language.boolean.toml
    - match: '\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2})?(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?)?'
      scope: constant.other.datetime.toml
    - match: '[+-]?(0x[0-9A-Fa-f_]+|0o[0-7_]+|0b[01_]+|\d[\d_]*(\.\d[\d_]*)?([eE][+-]?\d+)?|inf|nan)\b'
      scope: constant.numeric.toml
  basic:
    - meta_scope: string.quoted.double.toml
    - match: '\\.'
      scope: constant.character.escape.toml
    - match: '"'
      pop: true
    - match: '$'
      pop: true
  multi_basic:
    - meta_scope: string.quoted.triple.toml
    - match: '\\.'
      scope: constant.character.escape.toml
    - match: '"""'
      pop: true
  multi_literal:
    - meta_scope: string.quoted.triple.toml
    - match: "'''"
      pop: true
"##;

/// syntect's default syntaxes. Loading them is a cheap deserialization with contexts
/// loaded lazily; adding a syntax to them (`into_builder().build()`) would re-link and
/// re-serialize every grammar, which cost most of a small site's build time.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// A set with only the TOML grammar (it includes no other syntax), looked up before the
/// defaults, as a syntax added last to one set would be.
fn toml_syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(|| {
        let mut builder = syntect::parsing::SyntaxSetBuilder::new();
        if let Ok(toml) = SyntaxDefinition::load_from_str(TOML_SYNTAX, true, Some("toml")) {
            builder.add(toml);
        }
        builder.build()
    })
}

/// The syntax for a fence's language word and the set it belongs to.
fn find_syntax(lang: &str) -> Option<(&'static SyntaxReference, &'static SyntaxSet)> {
    let lower = lang.to_ascii_lowercase();
    [toml_syntaxes(), syntaxes()].into_iter().find_map(|ss| {
        ss.find_syntax_by_token(lang)
            .or_else(|| ss.find_syntax_by_token(&lower))
            .map(|s| (s, ss))
    })
}

fn themes() -> &'static ThemeSet {
    static SET: OnceLock<ThemeSet> = OnceLock::new();
    SET.get_or_init(ThemeSet::load_defaults)
}

/// Whether `name` is a built-in syntect theme (for checking `[markdown].highlight_theme`).
pub(crate) fn highlight_theme_exists(name: &str) -> bool {
    themes().themes.contains_key(name)
}

/// The names of the built-in themes, sorted (for "did you mean" hints).
pub(crate) fn theme_names() -> Vec<String> {
    themes().themes.keys().cloned().collect()
}

/// The language word of a fence's info string: "toml", from "toml", "toml,ignore" or
/// "toml {.class}".
pub(crate) fn lang_of_info(info: &str) -> Option<&str> {
    let word = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()
        .unwrap_or("")
        .trim();
    (!word.is_empty()).then_some(word)
}

/// Render one code block: `<pre class="code" data-lang="…"><code>…</code></pre>`.
/// Known languages get inline-styled spans and the theme's colours on the `pre`;
/// anything else (no language, unknown language, a highlighting failure) is plain
/// escaped text.
pub(crate) fn code_block(code: &str, lang: Option<&str>, theme: &str) -> String {
    let mut out = String::with_capacity(code.len() * 2 + 64);
    out.push_str("<pre class=\"code\"");
    if let Some(lang) = lang {
        out.push_str(" data-lang=\"");
        escape_into(&mut out, lang);
        out.push('"');
    }
    match lang.and_then(|l| highlighted(code, l, theme)) {
        Some((styled, pre_style)) => {
            let _ = write!(out, " style=\"{pre_style}\"><code>");
            out.push_str(&styled);
        }
        None => {
            out.push_str("><code>");
            escape_into(&mut out, code);
        }
    }
    out.push_str("</code></pre>\n");
    out
}

fn css(c: Color) -> String {
    if c.a == 0xFF {
        format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
    } else {
        format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
    }
}

/// The highlighted spans and the `style` of the `pre`, or `None` for an unknown
/// language or a highlighting error.
fn highlighted(code: &str, lang: &str, theme: &str) -> Option<(String, String)> {
    let (syntax, ss) = find_syntax(lang)?;
    let ts = themes();
    let theme: &Theme = ts
        .themes
        .get(theme)
        .or_else(|| ts.themes.get(DEFAULT_THEME))?;
    let bg = theme.settings.background.unwrap_or(Color::WHITE);
    let fg = theme.settings.foreground.unwrap_or(Color::BLACK);
    let mut h = HighlightLines::new(syntax, theme);
    let mut out = String::with_capacity(code.len() * 3);
    for line in LinesWithEndings::from(code) {
        let regions = h.highlight_line(line, ss).ok()?;
        append_highlighted_html_for_styled_line(
            &regions,
            IncludeBackground::IfDifferent(bg),
            &mut out,
        )
        .ok()?;
    }
    Some((
        out,
        format!("background-color:{};color:{};", css(bg), css(fg)),
    ))
}

/// A code block waiting for highlighting.
pub(super) struct CodeBlock {
    code: String,
    lang: Option<String>,
}

/// Every code-block placeholder starts with this. The sanitizer removes it from all
/// attribute values, so a placeholder spelled with entities (or assembled from alt
/// text) inside an attribute can never have HTML put in its place; in text, a forged
/// placeholder only repeats a code block.
pub(super) const PLACEHOLDER_PREFIX: &str = "xhcb";

/// Replace each code block by a placeholder word (so the sanitizer never sees our
/// inline styles). Returns the placeholder prefix and the blocks, when there are any.
pub(super) fn extract_code_blocks<'a>(
    events: Vec<Event<'a>>,
    md: &str,
) -> (Vec<Event<'a>>, Option<(String, Vec<CodeBlock>)>) {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::CodeBlock(_))))
    {
        return (events, None);
    }
    // A prefix that occurs nowhere in the page (headings ids are lowercased).
    let lower = md.to_ascii_lowercase();
    let mut base = String::from(PLACEHOLDER_PREFIX);
    while lower.contains(&base) {
        base.push('q');
    }
    let mut out = Vec::with_capacity(events.len());
    let mut blocks = Vec::new();
    let mut current: Option<CodeBlock> = None;
    for event in events {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Fenced(info) => lang_of_info(info).map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                current = Some(CodeBlock {
                    code: String::new(),
                    lang,
                });
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(block) = current.take() {
                    out.push(Event::Html(format!("{base}{}x\n", blocks.len()).into()));
                    blocks.push(block);
                }
            }
            Event::Text(t) if current.is_some() => {
                if let Some(block) = current.as_mut() {
                    block.code.push_str(&t);
                }
            }
            other => out.push(other),
        }
    }
    (out, Some((base, blocks)))
}

/// Put the highlighted code blocks in place of their placeholders.
pub(super) fn put_back_code(html: &str, base: &str, blocks: &[CodeBlock], theme: &str) -> String {
    let mut out =
        String::with_capacity(html.len() + blocks.iter().map(|b| b.code.len() * 3).sum::<usize>());
    let mut rest = html;
    while let Some(p) = rest.find(base) {
        out.push_str(&rest[..p]);
        let after = &rest[p + base.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let block = after[..digits]
            .parse::<usize>()
            .ok()
            .filter(|_| after.as_bytes().get(digits) == Some(&b'x'))
            .and_then(|n| blocks.get(n));
        match block {
            Some(b) => {
                out.push_str(&code_block(&b.code, b.lang.as_deref(), theme));
                rest = &after[digits + 1..];
                // The placeholder's own line break; the block ends with one already.
                rest = rest.strip_prefix('\n').unwrap_or(rest);
            }
            None => {
                out.push_str(base);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_are_listed() {
        assert!(highlight_theme_exists("InspiredGitHub"));
        assert!(highlight_theme_exists("base16-ocean.dark"));
        assert!(!highlight_theme_exists("inspiredgithub"));
        let names = theme_names();
        assert!(names.contains(&"Solarized (dark)".to_string()));
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }

    #[test]
    fn info_strings() {
        assert_eq!(lang_of_info("toml"), Some("toml"));
        assert_eq!(lang_of_info("rust,ignore"), Some("rust"));
        assert_eq!(lang_of_info("  "), None);
        assert_eq!(lang_of_info("yaml {.x}"), Some("yaml"));
    }

    #[test]
    fn known_language_gets_styled_spans() {
        let html = code_block("title = \"x\"\n", Some("toml"), "InspiredGitHub");
        assert!(
            html.starts_with("<pre class=\"code\" data-lang=\"toml\" style=\"background-color:#")
        );
        assert!(html.contains("<span style=\"color:#"), "{html}");
        assert!(html.contains("&quot;x&quot;") || html.contains("x</span>"));
        assert!(html.ends_with("</code></pre>\n"));
    }

    #[test]
    fn unknown_theme_falls_back() {
        let a = code_block("a = 1\n", Some("toml"), "no-such-theme");
        let b = code_block("a = 1\n", Some("toml"), DEFAULT_THEME);
        assert_eq!(a, b);
        let dark = code_block("a = 1\n", Some("toml"), "base16-ocean.dark");
        assert_ne!(a, dark);
    }

    #[test]
    fn unknown_or_missing_language_is_plain_escaped() {
        assert_eq!(
            code_block("<b>&\n", Some("nosuchlang"), DEFAULT_THEME),
            "<pre class=\"code\" data-lang=\"nosuchlang\"><code>&lt;b&gt;&amp;\n</code></pre>\n"
        );
        assert_eq!(
            code_block("x\n", None, DEFAULT_THEME),
            "<pre class=\"code\"><code>x\n</code></pre>\n"
        );
        let html = code_block("x", Some("\"><script>"), DEFAULT_THEME);
        assert!(!html.contains("<script>"));
    }
}
