//! Property tests (issue 7) for the parsers that read what writers type: the
//! front-matter splitter and parser, the shortcode parser, Markdown to HTML, statistics
//! YAML, the search tokenizer and index script, HTML escaping and the privacy scan. Each
//! holds for any input: no panic, and output that is always well-formed for its use.
//! The fuzz targets under `fuzz/` run the same entry points for much longer.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use crate::config::{Kind, Taxonomy};
use crate::content::frontmatter::{self, Role};
use crate::markdown::{self, MarkdownOptions, RawHtml};

/// Text made mostly of the characters that matter to these parsers.
fn markupish() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        Just("---\n".to_string()),
        Just("+++\n".to_string()),
        Just("{{ ".to_string()),
        Just(" }}".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("=\"".to_string()),
        Just("\\".to_string()),
        Just("```\n".to_string()),
        Just("`".to_string()),
        Just("<script>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("[a](javascript:alert(1))".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("**".to_string()),
        Just("：".to_string()),
        Just("title: ".to_string()),
        Just("tags: [".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("\n".to_string()),
        Just("\t".to_string()),
        Just("党建".to_string()),
        "[a-z0-9 ,:\\[\\]]{0,6}",
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

/// A script element, an event handler or a `javascript:` URL in parsed HTML.
fn live_script(html: &str) -> Option<String> {
    use lol_html::{element, rewrite_str, RewriteStrSettings};
    let found = std::cell::RefCell::new(None);
    let settings = RewriteStrSettings::new().append_element_content_handler(element!("*", |el| {
        let name = el.tag_name();
        if name == "script" || name == "iframe" || name == "object" || name == "embed" {
            *found.borrow_mut() = Some(name);
        }
        for a in el.attributes() {
            let v = a.value().trim().to_ascii_lowercase();
            if a.name().starts_with("on") || v.starts_with("javascript:") {
                *found.borrow_mut() = Some(format!("{}={}", a.name(), a.value()));
            }
        }
        Ok(())
    }));
    if rewrite_str(html, settings).is_err() {
        return Some("unparseable".into());
    }
    found.into_inner()
}

/// Markdown full of what Typst markup treats specially.
fn typstish() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        markupish(),
        Just("#import \"/etc/passwd\"".to_string()),
        Just("#read(\"/etc/passwd\")".to_string()),
        Just("#eval(\"1\")".to_string()),
        Just("#set text(red)".to_string()),
        Just("#show: none".to_string()),
        Just("#let x = 1".to_string()),
        Just("$x^2$".to_string()),
        Just("@label".to_string()),
        Just("<label>".to_string()),
        Just("// ".to_string()),
        Just("/* ".to_string()),
        Just("*/".to_string()),
        Just("\\".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("~".to_string()),
        Just("= ".to_string()),
        Just("1. ".to_string()),
        Just("| a | b |\n|---|:-:|\n".to_string()),
        Just("[^1]".to_string()),
        Just("[^1]: ".to_string()),
        Just("![a](b.png)".to_string()),
        Just("[x](https://a.org/\"#)".to_string()),
        Just("xhsc000000x".to_string()),
        Just("\u{2028}".to_string()),
        Just("  \n".to_string()),
        Just("    ".to_string()),
    ];
    proptest::collection::vec(atoms, 0..12).prop_map(|v| v.concat())
}

/// Hooks as the report's, with the writer's text passed through where it can be.
struct TypstHooks;
impl crate::report::markup::Hooks for TypstHooks {
    fn link(&mut self, dest: &str, _line: usize) -> Option<String> {
        Some(dest.to_string())
    }
    fn image(&mut self, src: &str, _line: usize) -> Option<String> {
        Some(format!("/img/{src}"))
    }
    fn shortcode(&mut self, index: usize) -> String {
        format!("#xh_qr(\"/q{index}.svg\", \"https://x.org/\")")
    }
}

fn taxonomies() -> Vec<Taxonomy> {
    vec![Taxonomy {
        name: "tags".into(),
        title: "标签".into(),
    }]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn front_matter_split_and_parse_never_panic(text in markupish()) {
        if let Ok(s) = frontmatter::split(&text) {
            prop_assert!(s.front.len() + s.body.len() <= text.len());
            prop_assert!(s.body_line >= 1);
            for role in [Role::Page(Kind::Station), Role::Page(Kind::Member), Role::Section, Role::Report] {
                let _ = frontmatter::parse(Path::new("content/x.md"), &s, role, &taxonomies());
            }
        }
    }

    #[test]
    fn shortcode_parser_never_panics_and_keeps_text(text in markupish()) {
        let (segments, errors) = crate::shortcodes::parse(&text);
        let lines = text.split('\n').count();
        for e in &errors {
            prop_assert!(e.line >= 1 && e.line <= lines);
        }
        for s in &segments {
            if let crate::shortcodes::Segment::Text(t) = s {
                prop_assert!(text.contains(t));
            }
        }
    }

    #[test]
    fn markdown_html_has_no_script(md in markupish()) {
        for raw_html in [RawHtml::Sanitize, RawHtml::Deny] {
            let opts = MarkdownOptions { raw_html, ..MarkdownOptions::default() };
            let out = markdown::render(&md, &opts, &mut |_| None);
            prop_assert_eq!(live_script(&out.html), None, "{}", out.html);
        }
    }

    /// Markdown → the report's Typst markup: it parses, and holds no code, math,
    /// label or reference the generator did not write (see `report::audit`).
    #[test]
    fn report_markup_is_safe_typst(md in typstish(), offset in 0u8..3) {
        let out = crate::report::markup::to_typst(&md, offset, &mut TypstHooks);
        prop_assert_eq!(crate::report::audit::check(&out), Ok(()), "{:?} → {:?}", md, out);
    }

    #[test]
    fn statistics_yaml_never_panics(text in markupish()) {
        let _ = crate::stats::load(&[(PathBuf::from("data/stats/2024.yaml"), text.clone())]);
        let with_year = format!("year: 2024\nmetrics:\n  a: {{label: x, value: {text}}}\n");
        let _ = crate::stats::load(&[(PathBuf::from("data/stats/2024.yaml"), with_year)]);
    }

    /// Any piece of a text, searched for, finds the page of that text.
    #[test]
    fn every_substring_of_a_page_finds_it(text in "\\PC{0,40}", a in 0usize..40, n in 1usize..8) {
        let chars: Vec<char> = text.chars().collect();
        let a = a.min(chars.len());
        let q: String = chars[a..(a + n).min(chars.len())].iter().collect();
        let page = crate::search::Source { body: text.clone(), ..Default::default() };
        let ix = crate::search::Index::build(vec![page], crate::search::Layout::for_pages(1, 500));
        let parts = crate::search::tokenizer::query_parts(&q);
        // A word cut by the piece is found only as the start of a word (the last part).
        let f: String = text.chars().map(crate::search::tokenizer::fold).collect();
        let whole_words = parts.iter().all(|p| {
            p.cjk || f
                .split(|c: char| !crate::search::tokenizer::is_word(c))
                .any(|w| w == p.text || (p.prefix && w.starts_with(&p.text)))
        });
        if !parts.is_empty() && whole_words {
            prop_assert_eq!(ix.search(&q).len(), 1, "{:?} in {:?}", q, text);
        }
    }

    #[test]
    fn escaped_text_has_no_markup(s in "\\PC{0,40}") {
        let e = crate::text::escape(&s);
        prop_assert!(!e.contains(['<', '>', '"', '\'']));
        let back = e
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        let kept: String = s.chars().filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')).collect();
        prop_assert_eq!(back, kept);
    }

    #[test]
    fn search_script_never_closes_its_tag(title in "\\PC{0,30}", body in markupish()) {
        let ix = crate::search::Index::build(vec![crate::search::Source {
            url: "x/".into(),
            title: format!("{title}</script><!--"),
            body,
            ..Default::default()
        }], crate::search::Layout::for_pages(1, 500));
        let js = crate::search::write::one_file(&ix).to_ascii_lowercase();
        prop_assert!(!js.contains("</script") && !js.contains("<!--"));
        let separators = js.contains('\u{2028}') || js.contains('\u{2029}');
        prop_assert!(!separators, "raw line separators");
    }

    /// Any 17 digits with a real birth date and the right check character is found;
    /// the same number with any other check character is not.
    #[test]
    fn privacy_scan_uses_the_checksum(
        region in 110000u32..660000,
        y in 1940u32..2010, m in 1u32..13, d in 1u32..29, seq in 0u32..1000,
        wrong in 0usize..11,
    ) {
        let first17 = format!("{region:06}{y:04}{m:02}{d:02}{seq:03}");
        let check = crate::check::id_check_char(first17.as_bytes()).expect("17 digits");
        let id = format!("{first17}{}", check as char);
        let found = crate::check::scan(&format!("身份证 {id} 。"));
        prop_assert_eq!(found.len(), 1, "{}", id);
        prop_assert_eq!(found[0].kind, crate::check::FindingKind::IdNumber);
        if check == b'X' {
            prop_assert_eq!(crate::check::scan(&format!("{first17}x")).len(), 1);
        }
        let other = b"0123456789X"[wrong];
        if other != check {
            let bad = format!("{first17}{}", other as char);
            prop_assert!(crate::check::scan(&bad).iter().all(|f| f.kind != crate::check::FindingKind::IdNumber), "{}", bad);
        }
        // Inside a URL it is never reported.
        let url = format!("https://example.org/a/{id}");
        prop_assert!(crate::check::scan(&url).is_empty(), "{}", url);
    }
}
