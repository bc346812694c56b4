//! Tests of shortcode signatures and validation.

use super::*;
use crate::shortcodes::{check_shortcode, parse, Segment};

fn sc(src: &str) -> Shortcode {
    let (segs, errs) = parse(src);
    assert!(errs.is_empty(), "{src}: {errs:?}");
    segs.into_iter()
        .find_map(|s| match s {
            Segment::Shortcode(sc) => Some(sc),
            Segment::Text(_) => None,
        })
        .expect("a shortcode in the test input")
}

fn errors(src: &str) -> Vec<ShortcodeError> {
    check_shortcode(&sc(src), &["banner"])
}

fn one(src: &str) -> ShortcodeError {
    let errs = errors(src);
    assert_eq!(errs.len(), 1, "{src}: {errs:?}");
    errs.into_iter().next().expect("one error")
}

#[test]
fn builtins_are_all_there() {
    let names: Vec<&str> = BUILTINS.iter().map(|s| s.name).collect();
    assert_eq!(
        names,
        ["stat", "kpis", "chart", "figure", "gallery", "video", "qr", "map"]
    );
    assert_eq!(
        builtin("stat").and_then(|s| s.arg("key")),
        Some((ArgType::Str, true))
    );
    assert_eq!(
        builtin("qr").and_then(|s| s.arg("size")),
        Some((ArgType::Int, false))
    );
    assert!(builtin("nope").is_none());
}

#[test]
fn arg_types() {
    use ArgValue as V;
    assert!(ArgType::Number.accepts(&V::Int(1)) && ArgType::Number.accepts(&V::Float(1.5)));
    assert!(!ArgType::Int.accepts(&V::Float(1.5)));
    assert!(ArgType::Year.accepts(&V::Int(1900)) && ArgType::Year.accepts(&V::Int(2100)));
    assert!(!ArgType::Year.accepts(&V::Int(1899)) && !ArgType::Year.accepts(&V::Int(2101)));
    assert!(ArgType::StrList.accepts(&V::List(vec![])));
    assert!(ArgType::StrList.accepts(&V::Str("a".into())));
    assert!(!ArgType::StrList.accepts(&V::List(vec![V::Int(1)])));
    assert!(
        ArgType::Bool.accepts(&V::Bool(false)) && !ArgType::Bool.accepts(&V::Str("true".into()))
    );
}

#[test]
fn valid_shortcodes_pass() {
    for src in [
        "{{ stat(key=\"party_branches\", year=2024) }}",
        "{{ stat(key=\"party_branches\") }}",
        "{{ kpis(year=2024, keys=[\"a\", \"b\"]) }}",
        "{{ kpis() }}",
        "{{ chart(keys=[\"party_branches\"], kind=\"line\", from=2019, to=2024, title=\"党支部\") }}",
        "{{ chart(breakdown=\"branches_by_street\", year=2024, kind=\"donut\") }}",
        "{{ figure(src=\"photo.jpg\", caption=\"合影\", alt=\"x\") }}",
        "{{ gallery() }}",
        "{{ video(src=\"a.mp4\", poster=\"a.jpg\") }}",
        "{{ qr(url=\"https://x.cn\", size=160) }}",
        "{{ map(source=\"stations\") }}",
        "{{ map() }}",
        "{{ banner(anything=1) }}",
    ] {
        assert!(errors(src).is_empty(), "{src}: {:?}", errors(src));
    }
}

#[test]
fn unknown_argument_suggests() {
    let e = one("{{ stat(yaer=2024, key=\"y\") }}");
    assert_eq!((e.line, e.col, e.len), (1, 9, 4));
    assert!(
        e.message.en.contains("unknown argument `yaer`"),
        "{}",
        e.message.en
    );
    assert_eq!(
        e.hint.map(|h| h.en),
        Some("did you mean `year`?".to_string())
    );
    let e = one("{{ gallery(dir=\"x\") }}");
    assert!(e.hint.is_some_and(|h| h.en.contains("takes no arguments")));
    let e = one("{{ video(src=\"a\", zzz=1) }}");
    assert!(e
        .hint
        .is_some_and(|h| h.en.contains("src, poster") && h.zh.contains("src、poster")));
}

#[test]
fn wrong_type_says_expected_and_given() {
    let e = one("{{ stat(key=\"x\", year=\"2024\") }}");
    assert_eq!((e.line, e.col), (1, 18));
    assert!(e.message.en.contains("must be a year"), "{}", e.message.en);
    assert!(
        e.message.en.contains("the text \"2024\""),
        "{}",
        e.message.en
    );
    assert!(e.message.zh.contains("年份") && e.message.zh.contains("文本"));
    assert!(e.hint.is_some_and(|h| h.en.contains("year=2024")));

    let e = one("{{ stat(key=\"x\", year=1800) }}");
    assert!(
        e.message.en.contains("the whole number 1800"),
        "{}",
        e.message.en
    );
    let e = one("{{ stat(key=2024) }}");
    assert!(e.hint.is_some_and(|h| h.en.contains("key=\"2024\"")));
    let e = one("{{ kpis(keys=[\"a\", 2]) }}");
    assert!(e.message.en.contains("a list of texts") && e.message.en.contains("a list"));
    let e = one("{{ qr(size=2.5) }}");
    assert!(e.message.en.contains("whole number") && e.message.en.contains("2.5"));
}

#[test]
fn missing_required_at_the_shortcode() {
    let e = one("说明 {{ figure(caption=\"x\") }}");
    assert_eq!((e.line, e.col), (1, 4));
    assert!(e.message.en.contains("needs the argument `src`"));
    assert!(e.message.zh.contains("缺少必填参数 `src`"));
    assert_eq!(errors("{{ stat() }}").len(), 1);
}

#[test]
fn duplicate_argument() {
    let e = one("{{ stat(key=\"a\", key=\"b\") }}");
    assert_eq!((e.line, e.col), (1, 18));
    assert!(e.message.en.contains("given twice"));
}

#[test]
fn unknown_shortcode_suggests_builtins_and_site_names() {
    let e = one("{{ stats(key=\"a\") }}");
    assert!(e.message.en.contains("unknown shortcode `stats`"));
    assert_eq!(
        e.hint.map(|h| h.en),
        Some("did you mean `stat`?".to_string())
    );
    let e = one("{{ baner() }}");
    assert_eq!(e.hint.map(|h| h.zh), Some("是不是 `banner`？".to_string()));
    let e = one("{{ zzzz() }}");
    assert!(e.hint.is_some_and(
        |h| h.en.contains("banner") && h.en.contains("templates/shortcodes/zzzz.html")
    ));
}

#[test]
fn chart_rules() {
    let e = one("{{ chart(keys=[\"a\"], breakdown=\"b\") }}");
    assert_eq!(e.col, 22);
    assert!(e.message.en.contains("not both"));
    assert!(one("{{ chart(kind=\"bar\") }}")
        .message
        .en
        .contains("needs `keys` or `breakdown`"));
    let e = one("{{ chart(keys=[\"a\"], kind=\"pie\") }}");
    assert!(e.message.en.contains("\"pie\""));
    assert!(e.hint.is_some_and(|h| h.en.contains("bar, line")));
    let e = one("{{ chart(breakdown=\"b\", kind=\"line\") }}");
    assert!(e.hint.is_some_and(|h| h.en.contains("bar, pie, donut")));
    let e = one("{{ chart(breakdown=\"b\", kind=\"dount\") }}");
    assert_eq!(
        e.hint.map(|h| h.en),
        Some("did you mean `donut`?".to_string())
    );
    let e = one("{{ chart(keys=[\"a\"], from=2024, to=2019) }}");
    assert!(e.message.en.contains("`from` (2024) is after `to` (2019)"));
    assert!(one("{{ chart(keys=[]) }}").message.en.contains("empty"));
    let errs = errors("{{ chart(breakdown=\"b\", from=2019, to=2020) }}");
    assert_eq!(errs.len(), 2);
    // An ill-typed value is reported once, by the type check.
    assert_eq!(errors("{{ chart(keys=[\"a\"], kind=3) }}").len(), 1);
}

#[test]
fn map_and_qr_rules() {
    let e = one("{{ map(source=\"station\") }}");
    assert_eq!(
        e.hint.map(|h| h.en),
        Some("did you mean `stations`?".to_string())
    );
    let e = one("{{ map(source=\"xyz\") }}");
    assert!(e
        .hint
        .is_some_and(|h| h.en.contains("\"units\", \"stations\" or \"all\"")));
    assert!(one("{{ qr(size=0) }}").message.en.contains("more than 0"));
}
