//! Tests of the shortcode parser.

use super::*;
use crate::shortcodes::ArgValue;

/// Parse, assert the segments cover the input exactly, return shortcodes and errors.
fn run(input: &str) -> (Vec<Shortcode>, Vec<ShortcodeError>) {
    let (segs, errs) = parse(input);
    let mut pos = 0;
    let mut out = Vec::new();
    let mut last_was_text = false;
    for s in segs {
        match s {
            Segment::Text(t) => {
                assert!(!t.is_empty(), "empty text segment in {input:?}");
                assert!(!last_was_text, "two text segments in a row in {input:?}");
                assert_eq!(
                    &input[pos..pos + t.len()],
                    t,
                    "text out of place in {input:?}"
                );
                assert_eq!(
                    t.as_ptr(),
                    input[pos..].as_ptr(),
                    "text not borrowed in place"
                );
                pos += t.len();
                last_was_text = true;
            }
            Segment::Shortcode(sc) => {
                assert_eq!(sc.span.start, pos, "gap before shortcode in {input:?}");
                assert!(input[sc.span.clone()].starts_with("{{"));
                assert!(input[sc.span.clone()].ends_with("}}"));
                pos = sc.span.end;
                last_was_text = false;
                out.push(sc);
            }
        }
    }
    assert_eq!(pos, input.len(), "segments do not cover {input:?}");
    (out, errs)
}

fn names(input: &str) -> Vec<String> {
    let (scs, errs) = run(input);
    assert!(errs.is_empty(), "unexpected errors for {input:?}: {errs:?}");
    scs.into_iter().map(|s| s.name).collect()
}

fn one_error(input: &str) -> ShortcodeError {
    let (_, errs) = run(input);
    assert_eq!(errs.len(), 1, "expected one error for {input:?}: {errs:?}");
    errs.into_iter().next().expect("one error")
}

fn s(v: &str) -> ArgValue {
    ArgValue::Str(v.to_string())
}

#[test]
fn parses_all_value_kinds() {
    let src = "前言 {{ chart(keys=[\"a\", \"b\",], from=2019, to = -3, r=-2.5, e=1e3, ok=true, no=false, t=\"say \\\"hi\\\" \\\\ \\n\", empty=[]) }} 后记";
    let (scs, errs) = run(src);
    assert!(errs.is_empty(), "{errs:?}");
    let sc = &scs[0];
    assert_eq!(sc.name, "chart");
    assert_eq!((sc.line, sc.col), (1, 4));
    assert_eq!(&src[sc.span.clone()], &src[7..src.len() - 7]);
    let vals: Vec<_> = sc
        .args
        .iter()
        .map(|a| (a.name.as_str(), a.value.clone()))
        .collect();
    assert_eq!(
        vals,
        vec![
            ("keys", ArgValue::List(vec![s("a"), s("b")])),
            ("from", ArgValue::Int(2019)),
            ("to", ArgValue::Int(-3)),
            ("r", ArgValue::Float(-2.5)),
            ("e", ArgValue::Float(1000.0)),
            ("ok", ArgValue::Bool(true)),
            ("no", ArgValue::Bool(false)),
            ("t", s("say \"hi\" \\ \n")),
            ("empty", ArgValue::List(vec![])),
        ]
    );
}

#[test]
fn whitespace_and_newlines_inside() {
    let src = "a\n{{\n  figure(\n    src=\"p.jpg\",\n    caption=\"图\"\n  )\n}}\nb";
    let (scs, errs) = run(src);
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(scs[0].args.len(), 2);
    assert_eq!((scs[0].args[1].line, scs[0].args[1].col), (5, 5));
    assert_eq!(
        names("{{gallery()}}{{ gallery ( ) }}"),
        ["gallery", "gallery"]
    );
}

#[test]
fn columns_count_characters() {
    let src = "党建引领：{{ stat(key=\"x\") }}，共建共治\n第二行 {{ qr() }}";
    let (scs, _) = run(src);
    assert_eq!((scs[0].line, scs[0].col), (1, 6));
    assert_eq!((scs[0].args[0].line, scs[0].args[0].col), (1, 14));
    assert_eq!((scs[1].line, scs[1].col), (2, 5));
}

#[test]
fn literal_braces_are_text() {
    for src in [
        "a {{ }} b",
        "{{ name }}",
        "{{ 1(x=1) }}",
        "{{",
        "{",
        "}} {{x",
        "\\{{ stat() }}",
    ] {
        assert!(names(src).is_empty(), "{src}");
    }
    assert_eq!(names("{{{ qr() }}}"), ["qr"]);
}

#[test]
fn code_spans_are_skipped() {
    assert!(names("use `{{ stat(key=\"x\") }}` here").is_empty());
    assert!(names("use ``a ` {{ qr() }} `` here").is_empty());
    // A span closes only with a run of the same length.
    assert!(names("``{{ qr() }}` still code {{ qr() }}``").is_empty());
    // An unmatched run is literal: what follows is not code.
    assert_eq!(names("a ``` b {{ qr() }}"), ["qr"]);
    assert_eq!(names("a `` b ` c {{ qr() }}"), ["qr"]);
    // An escaped backtick opens nothing.
    assert_eq!(names("\\`{{ qr() }}`"), ["qr"]);
    // After a failed search, later spans of the same length are still found.
    assert_eq!(names("``x `a` {{ q() }} `{{ r() }}` {{ s() }}"), ["q", "s"]);
    // Spans may cross a line but not a blank line.
    assert!(names("`a\n{{ qr() }}`").is_empty());
    assert_eq!(names("`a\n\n{{ qr() }}`"), ["qr"]);
    // Nor a heading.
    assert_eq!(names("# `a\n{{ qr() }}`"), ["qr"]);
    // A backtick inside a shortcode's quoted text is no code span.
    assert_eq!(
        names("{{ figure(caption=\"`x\") }} `{{ qr() }}`"),
        ["figure"]
    );
}

#[test]
fn fenced_blocks_are_skipped() {
    assert_eq!(names("```\n{{ qr() }}\n```\n{{ map() }}"), ["map"]);
    assert_eq!(names("~~~ markdown\n{{ qr() }}\n~~~\n{{ map() }}"), ["map"]);
    // A longer closing fence closes; a shorter one or the other char does not.
    assert_eq!(
        names("````\n{{ a() }}\n```\n~~~~\n{{ b() }}\n``````\n{{ c() }}"),
        ["c"]
    );
    // Indented up to three spaces, also the closing fence.
    assert_eq!(names("   ```\n{{ a() }}\n  ```\n{{ b() }}"), ["b"]);
    // Never closed: code to the end.
    assert!(names("text\n```\n{{ a() }}\n\n{{ b() }}").is_empty());
    // A fence interrupts a paragraph.
    assert_eq!(names("para\n```\n{{ a() }}\n```\n{{ b() }}"), ["b"]);
    // Backtick fences may not have backticks in their info string: that is inline code.
    assert_eq!(names("``` a ` b\n{{ c() }}"), ["c"]);
    // In a block quote and in a list item.
    assert_eq!(names("> ```\n> {{ a() }}\n> ```\n> {{ b() }}"), ["b"]);
    assert_eq!(
        names("- item\n\n  ```\n  {{ a() }}\n  ```\n  {{ b() }}"),
        ["b"]
    );
}

#[test]
fn indented_code_is_skipped() {
    assert_eq!(names("para\n\n    {{ a() }}\n\n{{ b() }}"), ["b"]);
    assert!(names("    {{ a() }}").is_empty());
    assert!(names("\t{{ a() }}").is_empty());
    // An indented line continuing a paragraph is not code.
    assert_eq!(names("para\n    {{ a() }}"), ["a"]);
    // Nor is indented content of a list item.
    assert_eq!(names("1. 第一项\n\n    {{ a() }}"), ["a"]);
    assert_eq!(names("- item\n\n      {{ a() }}\n\n{{ b() }}"), ["b"]);
    // After the list ends, indentation means code again.
    assert_eq!(
        names("- item\n\npara\n\n    {{ a() }}"),
        Vec::<String>::new()
    );
}

#[test]
fn shortcode_argument_lines_may_be_indented_after_blank_lines() {
    let src = "{{ chart(\n\n    keys=[\"a\"],\n\n    kind=\"line\") }}\n\n    {{ code() }}";
    assert_eq!(names(src), ["chart"]);
}

#[test]
fn unterminated_shortcode_at_its_start() {
    let e = one_error("第一行\n说明 {{ stat(key=\"x\"");
    assert_eq!((e.line, e.col, e.len), (2, 4, 8));
    assert!(e.message.en.contains("never closed"), "{}", e.message.en);
    assert!(e.message.zh.contains("没有结束"));

    let e = one_error("a {{ stat(key=\"x\" }} b");
    assert_eq!((e.line, e.col), (1, 3));
    assert!(
        e.hint
            .as_ref()
            .is_some_and(|h| h.en.contains("line 1, column 19")),
        "{e:?}"
    );

    let e = one_error("{{ stat(key=\"x\") }\nmore");
    assert_eq!((e.line, e.col), (1, 1));
    let e = one_error("{{ stat(key=\"x\",\n\nThe next paragraph.");
    assert_eq!((e.line, e.col), (1, 1));
    // Scanning goes on after it: a later shortcode is still found.
    let (scs, errs) = run("{{ stat(key=\"x\"\n\n{{ qr() }}");
    assert_eq!((scs.len(), errs.len()), (1, 1));
}

#[test]
fn bad_arguments_at_their_position() {
    let cases: &[(&str, (usize, usize), &str)] = &[
        ("{{ stat(key=party) }}", (1, 13), "not a value"),
        ("{{ stat(\"x\") }}", (1, 9), "without a name"),
        ("{{ stat(key) }}", (1, 9), "has no value"),
        ("{{ stat(key=) }}", (1, 13), "no value after"),
        ("{{ stat(key=\"a\" year=2024) }}", (1, 17), "missing `,`"),
        ("{{ stat(year=20x4) }}", (1, 14), "not a number"),
        ("{{ stat(year=1.) }}", (1, 14), "not a number"),
        (
            "{{ stat(year=99999999999999999999) }}",
            (1, 14),
            "too large",
        ),
        ("{{ chart(keys=[[\"a\"]]) }}", (1, 16), "list inside a list"),
        ("{{ chart(keys=[\"a\" \"b\"]) }}", (1, 15), "not closed"),
        (
            "{{ chart(keys=[\"a\",,]) }}",
            (1, 20),
            "missing in the list",
        ),
        ("{{ figure(src=\"a\\qb\") }}", (1, 17), "unknown escape"),
        ("{{ figure(src=\"abc) }}\ntext", (1, 15), "not closed"),
        ("{{ stat(key=“x”) }}", (1, 13), "curly"),
        ("{{ stat(key=\"x\"，year=1) }}", (1, 16), "full-width comma"),
        ("{{ stat（key=\"x\"） }}", (1, 8), "full-width parenthesis"),
        ("{{ stat(key＝\"x\") }}", (1, 12), "equals"),
    ];
    for (src, pos, msg) in cases {
        let e = one_error(src);
        assert_eq!((e.line, e.col), *pos, "{src}: {e:?}");
        assert!(e.message.en.contains(msg), "{src}: {}", e.message.en);
        assert!(!e.message.zh.is_empty() && e.len >= 1);
    }
}

#[test]
fn after_a_bad_argument_the_rest_is_parsed() {
    let (scs, errs) = run("{{ stat(key=x, c=\"}}\") }} and {{ qr() }}");
    assert_eq!(errs.len(), 1);
    assert_eq!(scs.len(), 1);
    assert_eq!(scs[0].name, "qr");
    // No `}}` before the next `{{`: scanning resumes after the bad `{{`.
    let (scs, errs) = run("{{ stat(key=x {{ qr() }}");
    assert_eq!((scs.len(), errs.len()), (1, 1));
}

#[test]
fn errors_are_capped() {
    let (scs, errs) = run(&"{{ a(x=y) }} {{ b() }}\n".repeat(MAX_ERRORS + 50));
    assert_eq!(scs.len(), MAX_ERRORS + 50);
    assert_eq!(errs.len(), MAX_ERRORS + 1);
    assert!(errs[MAX_ERRORS]
        .message
        .en
        .contains("more shortcode errors"));
    assert_eq!(errs[MAX_ERRORS].line, MAX_ERRORS + 1);
}

#[test]
fn crlf_input() {
    let (scs, errs) = run("a\r\n```\r\n{{ a() }}\r\n```\r\n{{ b(x=1) }}\r\n");
    assert!(errs.is_empty());
    assert_eq!(scs.len(), 1);
    assert_eq!((scs[0].name.as_str(), scs[0].line, scs[0].col), ("b", 5, 1));
}

/// A tiny deterministic generator (no external crates).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

#[test]
fn never_panics_and_always_covers() {
    const PIECES: &[&str] = &[
        "{{", "}}", "{", "}", "(", ")", " ", "\n", "\n\n", "    ", "\t", "`", "``", "```", "~~~",
        "\"", "\\", "\\\"", "=", ",", "[", "]", "-", "1", "2.5", "e", "true", "stat", "key",
        "党建", "“", "，", "（", "）", "> ", "- ", "1. ", "#", "\r\n", "_x9",
    ];
    let mut rng = Lcg(7);
    for _ in 0..3000 {
        let len = rng.next(40);
        let src: String = (0..len).map(|_| PIECES[rng.next(PIECES.len())]).collect();
        let (_, errs) = run(&src);
        for e in errs {
            assert!(e.line >= 1 && e.col >= 1 && e.len >= 1, "{src:?}: {e:?}");
            assert!(e.line <= src.split('\n').count(), "{src:?}: {e:?}");
        }
    }
}

#[test]
fn linear_on_hostile_input() {
    // Each of these would take minutes if the scan were quadratic.
    let n = 200_000;
    let cases = [
        (1..n)
            .map(|i| "`".repeat(i % 50 + 1) + "a")
            .collect::<String>(),
        "{{ a(x=\"{{ a(x=\", ".repeat(n),
        "{{ a(".repeat(n),
        "{{ a(x=[".repeat(n),
        "{{ a(x=1, ".repeat(n) + &"\n".repeat(n),
        "a\n".repeat(n) + &"{{ stat(key=x) }}".repeat(n),
    ];
    for src in &cases {
        let (segs, _) = parse(src);
        assert!(!segs.is_empty());
    }
}

/// Which `{{ qN() }}` markers pulldown-cmark leaves in plain text (not in code).
fn cmark_text_markers(doc: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut found = Vec::new();
    let mut in_block = false;
    let mut text = String::new();
    let mut flush = |text: &mut String| {
        for piece in text.split("{{ ").skip(1) {
            if let Some((name, _)) = piece.split_once("() }}") {
                found.push(name.to_string());
            }
        }
        text.clear();
    };
    for ev in Parser::new(doc) {
        match ev {
            Event::Start(Tag::CodeBlock(_)) => in_block = true,
            Event::End(TagEnd::CodeBlock) => in_block = false,
            Event::Text(t) if !in_block => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            _ => flush(&mut text),
        }
    }
    flush(&mut text);
    found.sort();
    found
}

#[test]
fn agrees_with_pulldown_cmark_on_what_is_code() {
    let mut rng = Lcg(11);
    for _ in 0..3000 {
        let mut n = 0;
        let mut doc = String::new();
        for _ in 0..rng.next(12) + 1 {
            n += 1;
            let m = format!("{{{{ q{n}() }}}}");
            let line = match rng.next(26) {
                0 => String::new(),
                1 => "```".to_string(),
                2 => "~~~~".to_string(),
                3 => "  ````".to_string(),
                4 => format!("    {m}"),
                5 => format!("- item {m}"),
                6 => format!("  {m}"),
                7 => format!("text `{m}` more {m}"),
                8 => format!("``a {m} ` b``"),
                9 => format!("> {m}"),
                10 => format!("1. {m}"),
                11 => format!("      {m}"),
                12 => "`".to_string(),
                13 => format!("# head {m}"),
                14 => format!("\t{m}"),
                15 => "   ```".to_string(),
                16 => "> ```".to_string(),
                17 => format!("* star {m}"),
                18 => format!("  - sub {m}"),
                19 => "---".to_string(),
                20 => format!("\\`{m} `"),
                21 => format!("2) {m}"),
                22 => format!(">     {m}"),
                23 => format!("> > {m}"),
                _ => format!("word {m} word"),
            };
            doc.push_str(&line);
            doc.push('\n');
        }
        let mut ours = names(&doc);
        ours.sort();
        ours.dedup();
        let mut theirs = cmark_text_markers(&doc);
        theirs.dedup();
        assert_eq!(ours, theirs, "in:\n{doc}");
    }
}

#[test]
fn columns_count_characters_after_chinese_text() {
    // Columns are characters, not bytes: "党建：" is 3 characters (9 bytes).
    let (scs, errs) = run("党建：{{ qr(url=\"链接\", size=\"大\") }}\n第二行 {{ stat(key=x) }}");
    assert_eq!((scs[0].line, scs[0].col), (1, 4));
    let size = scs[0]
        .args
        .iter()
        .find(|a| a.name == "size")
        .expect("size arg");
    assert_eq!((size.line, size.col), (1, 20));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!((errs[0].line, errs[0].col), (2, 17));
}
