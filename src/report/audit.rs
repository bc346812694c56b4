//! The safety check of the report's generated Typst markup (issue 7), shared by the
//! fuzz target `pdf_markup`, the property tests and the hostile-input tests.
//!
//! The invariant, checked on Typst's own syntax tree ([`typst::syntax::parse`], the
//! parser `eval(…, mode: "markup")` uses): the markup parses without errors, and every
//! node is one the generator makes — plain text, escapes, spaces and breaks from the
//! writer's text; `#` calls of a fixed list of functions ([`CALLS`]) with literal
//! arguments (strings, numbers, booleans, `none`, content blocks); labels only of the
//! footnote form `xh-fn-N`. So a writer's text can never become code (`#import`,
//! `#read`, `#set`, `#show`, `#let`, `#eval`, …), math, a reference, a label, raw text,
//! a comment, a heading or a list of its own: those need node kinds or names outside
//! the lists below, and user text reaches the markup only as escaped text or inside a
//! string literal.

use typst::syntax::{parse, SyntaxKind, SyntaxNode};

/// Every identifier the generator writes: the functions it calls (Typst's and the
/// template's `xh_…` helpers), their argument names and the values it names.
pub(crate) const CALLS: &[&str] = &[
    // functions
    "heading",
    "quote",
    "raw",
    "list",
    "enum",
    "table",
    "emph",
    "strong",
    "strike",
    "link",
    "figure",
    "image",
    "footnote",
    "line",
    "json",
    "xh_kpis",
    "xh_chart",
    "xh_figure",
    "xh_gallery",
    "xh_video",
    "xh_qr",
    "xh_pageref",
    // `table.header`
    "header",
    // argument names
    "level",
    "outlined",
    "block",
    "lang",
    "start",
    "columns",
    "align",
    "width",
    "caption",
    "alt",
    "length",
    "stroke",
    "marker",
    "breakable",
    // values
    "left",
    "center",
    "right",
    "gray",
];

/// Node kinds the generator makes.
const KINDS: &[SyntaxKind] = &[
    SyntaxKind::Markup,
    SyntaxKind::Text,
    SyntaxKind::Space,
    SyntaxKind::Linebreak,
    SyntaxKind::Parbreak,
    SyntaxKind::Escape,
    SyntaxKind::Label,
    SyntaxKind::Hash,
    SyntaxKind::LeftBracket,
    SyntaxKind::RightBracket,
    SyntaxKind::LeftParen,
    SyntaxKind::RightParen,
    SyntaxKind::Comma,
    SyntaxKind::Colon,
    SyntaxKind::Dot,
    SyntaxKind::Plus,
    SyntaxKind::ContentBlock,
    SyntaxKind::FuncCall,
    SyntaxKind::FieldAccess,
    SyntaxKind::Args,
    SyntaxKind::Named,
    SyntaxKind::Array,
    SyntaxKind::Binary,
    SyntaxKind::Ident,
    SyntaxKind::Str,
    SyntaxKind::Int,
    SyntaxKind::Numeric,
    SyntaxKind::Bool,
    SyntaxKind::None,
];

/// Check generated markup; `Err` says what is wrong and where.
pub fn check(markup: &str) -> Result<(), String> {
    let root = parse(markup);
    let (errors, _) = root.errors_and_warnings();
    if let Some(e) = errors.first() {
        return Err(format!("does not parse: {}", e.message));
    }
    let mut pos = 0;
    walk(&root, &mut pos, markup)
}

fn walk(node: &SyntaxNode, pos: &mut usize, src: &str) -> Result<(), String> {
    let kind = node.kind();
    let at = |p: usize| {
        let s = p.min(src.len());
        let mut start = s.saturating_sub(40);
        while !src.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (s + 40).min(src.len());
        while !src.is_char_boundary(end) {
            end += 1;
        }
        format!("at byte {s}: …{}…", &src[start..end])
    };
    if !KINDS.contains(&kind) {
        return Err(format!("{kind:?} node {}", at(*pos)));
    }
    match kind {
        SyntaxKind::Ident if !CALLS.contains(&node.leaf_text().as_str()) => {
            return Err(format!("identifier `{}` {}", node.leaf_text(), at(*pos)));
        }
        SyntaxKind::Label => {
            let t = node.leaf_text();
            let ok = t
                .strip_prefix("<xh-fn-")
                .and_then(|r| r.strip_suffix('>'))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            if !ok {
                return Err(format!("label `{t}` {}", at(*pos)));
            }
        }
        _ => {}
    }
    if node.children().len() == 0 {
        *pos += node.len();
    }
    for c in node.children() {
        walk(c, pos, src)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_shapes_pass() {
        for ok in [
            "",
            "#heading(level: 3, outlined: false)[标题 \\# \\$x\\$]\n\n",
            "#list([a], [b], )\n\n#enum(start: 3, [a], )",
            "#table(columns: 2, align: (left, center,), table.header([a], [b], ), [1], [2], )",
            "文#footnote[注]<xh-fn-0>。#footnote(<xh-fn-0>)",
            "#raw(block: true, lang: \"rust\", \"#import \\\"x\\\"\")",
            "#figure(image(\"/a.jpg\", width: 80%), caption: [图])",
            "#line(length: 100%, stroke: 0.5pt + gray)",
            "#xh_qr(\"/q.svg\", \"https://x\")#[] a \\\nb",
            "#link(\"https://x.org\")[站] #emph[a]#strong[b]#strike[c]#quote(block: true)[q]",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn injections_fail() {
        for bad in [
            "#import \"/etc/passwd\"",
            "#read(\"/etc/passwd\")",
            "#eval(\"1\")",
            "#set text(red)",
            "#show: x => x",
            "#let a = 1",
            "$x^2$",
            "@label",
            "<label>",
            "`raw`",
            "// comment",
            "/* comment",
            "= heading",
            "- item",
            "*strong*",
            "_emph_",
            "https://x.org",
            "a ~ b",
            "]",
            "#heading(level: 1)[x]<xh-fn-x>",
            "#heading(level: 1, supplement: [x])[x]",
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }
}
