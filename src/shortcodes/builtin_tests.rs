//! Tests of reading shortcodes into [`Builtin`] values.

use super::*;
use crate::charts::MapPoint;
use crate::shortcodes::{parse, Segment, BUILTINS};

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

fn read(src: &str) -> Builtin {
    match Builtin::from_shortcode(&sc(src)) {
        Ok(b) => b,
        Err(errs) => panic!("{src}: {errs:?}"),
    }
}

fn errors(src: &str) -> Vec<ShortcodeError> {
    match Builtin::from_shortcode(&sc(src)) {
        Ok(b) => panic!("{src} was read as {b:?}"),
        Err(errs) => errs,
    }
}

/// The one error of `src`, as (line, col, len, English, Chinese, English hint).
fn one(src: &str) -> (usize, usize, usize, String, String, Option<String>) {
    let errs = errors(src);
    assert_eq!(errs.len(), 1, "{src}: {errs:?}");
    let e = errs.into_iter().next().expect("one error");
    (
        e.line,
        e.col,
        e.len,
        e.message.en,
        e.message.zh,
        e.hint.map(|h| h.en),
    )
}

#[test]
fn every_builtin_name_is_read() {
    let examples = [
        "{{ stat(key=\"a\") }}",
        "{{ kpis() }}",
        "{{ chart(keys=[\"a\"]) }}",
        "{{ figure(src=\"a.jpg\") }}",
        "{{ gallery() }}",
        "{{ video(src=\"a.mp4\") }}",
        "{{ qr() }}",
        "{{ map() }}",
    ];
    let names: Vec<&str> = BUILTINS.iter().map(|s| s.name).collect();
    assert_eq!(names.len(), examples.len());
    for (name, src) in names.iter().zip(examples) {
        assert_eq!(sc(src).name, *name);
        read(src);
    }
}

#[test]
fn stat_and_kpis() {
    let Builtin::Stat(a) = read("{{ stat(key=\"party_branches\", year=2024) }}") else {
        panic!("stat")
    };
    assert_eq!(
        a,
        StatArgs {
            key: "party_branches".into(),
            year: Some(2024)
        }
    );
    let Builtin::Kpis(a) = read("{{ kpis() }}") else {
        panic!("kpis")
    };
    assert_eq!(
        a,
        KpisArgs {
            year: None,
            keys: None
        }
    );
    let Builtin::Kpis(a) = read("{{ kpis(year=2023, keys=\"a\") }}") else {
        panic!("kpis")
    };
    assert_eq!((a.year, a.keys), (Some(2023), Some(vec!["a".to_string()])));
}

fn chart(src: &str) -> ChartArgs {
    match read(src) {
        Builtin::Chart(c) => c,
        other => panic!("not a chart: {other:?}"),
    }
}

/// The website and the report read `chart(…)` the same way, so a chart without
/// `kind` is drawn the same way in both (it was a line on the website and bars in the
/// PDF).
#[test]
fn chart_args_and_their_default_kinds() {
    let ChartArgs::Series(a) = chart("{{ chart(keys=[\"a\", \"b\"], from=2019, title=\"T\") }}")
    else {
        panic!("a series chart")
    };
    assert_eq!(a.keys, ["a", "b"]);
    assert_eq!(a.kind, SeriesKind::Line);
    assert_eq!((a.from, a.to), (Some(2019), None));
    assert_eq!(a.title.as_deref(), Some("T"));
    let ChartArgs::Series(a) = chart("{{ chart(keys=[\"a\"], kind=\"bar\") }}") else {
        panic!("a series chart")
    };
    assert_eq!(a.kind, SeriesKind::Bar);
    let ChartArgs::Breakdown(b) = chart("{{ chart(breakdown=\"x\", year=2024) }}") else {
        panic!("a breakdown chart")
    };
    assert_eq!((b.breakdown.as_str(), b.year), ("x", Some(2024)));
    assert_eq!(b.kind, BreakdownKind::Bar);
    let ChartArgs::Breakdown(b) = chart("{{ chart(breakdown=\"x\", kind=\"donut\") }}") else {
        panic!("a breakdown chart")
    };
    assert_eq!(b.kind, BreakdownKind::Donut);
}

#[test]
fn figure_gallery_video() {
    let Builtin::Figure(a) = read("{{ figure(src=\"a.jpg\", caption=\"合影\") }}") else {
        panic!("figure")
    };
    assert_eq!(
        a,
        FigureArgs {
            src: "a.jpg".into(),
            caption: Some("合影".into()),
            alt: None
        }
    );
    assert!(matches!(read("{{ gallery() }}"), Builtin::Gallery));
    let Builtin::Video(a) = read("{{ video(src=\"a.mp4\", poster=\"a.jpg\") }}") else {
        panic!("video")
    };
    assert_eq!(
        a,
        VideoArgs {
            src: "a.mp4".into(),
            poster: Some("a.jpg".into())
        }
    );
}

#[test]
fn qr_sizes_are_kept_between_64_and_1024() {
    let size = |src: &str| match read(src) {
        Builtin::Qr(a) => a.size,
        other => panic!("not a qr: {other:?}"),
    };
    assert_eq!(size("{{ qr() }}"), 160);
    assert_eq!(size("{{ qr(size=1) }}"), 64);
    assert_eq!(size("{{ qr(size=300) }}"), 300);
    assert_eq!(size("{{ qr(size=99999) }}"), 1024);
    let Builtin::Qr(a) = read("{{ qr(url=\"https://x.cn\") }}") else {
        panic!("qr")
    };
    assert_eq!(a.url.as_deref(), Some("https://x.cn"));
}

#[test]
fn map_sources() {
    let source = |src: &str| match read(src) {
        Builtin::Map(a) => a.source,
        other => panic!("not a map: {other:?}"),
    };
    assert_eq!(source("{{ map() }}"), MapSource::All);
    assert_eq!(source("{{ map(source=\"all\") }}"), MapSource::All);
    assert_eq!(source("{{ map(source=\"units\") }}"), MapSource::Units);
    assert_eq!(
        source("{{ map(source=\"stations\") }}"),
        MapSource::Stations
    );
    let pt = |kind: &str| MapPoint {
        label: kind.into(),
        url: "/".into(),
        lat: 0.0,
        lon: 0.0,
        kind: kind.into(),
    };
    let points = [pt("unit"), pt("station"), pt("other")];
    let labels =
        |s: MapSource| -> Vec<String> { s.points(&points).into_iter().map(|p| p.label).collect() };
    assert_eq!(labels(MapSource::Units), ["unit"]);
    assert_eq!(labels(MapSource::Stations), ["station"]);
    assert_eq!(labels(MapSource::All), ["unit", "station", "other"]);
}

/// The messages are those the website showed before shortcodes were read into
/// [`Builtin`] values, word for word.
#[test]
fn bad_arguments_keep_their_messages() {
    let (l, c, n, en, zh, hint) = one("{{ stat(key=\"x\", year=\"2024\") }}");
    assert_eq!((l, c, n), (1, 18, 4));
    assert_eq!(
        en,
        "argument `year` of `stat` must be a year (a whole number from 1900 to 2100), but it is the text \"2024\""
    );
    assert_eq!(
        zh,
        "`stat` 的参数 `year` 应为年份（1900 到 2100 之间的整数），这里却是文本 \"2024\""
    );
    assert_eq!(hint.as_deref(), Some("remove the quotes: year=2024"));

    let (_, c, _, en, zh, hint) = one("说明 {{ figure(caption=\"x\") }}");
    assert_eq!(c, 4);
    assert_eq!(en, "shortcode `figure` needs the argument `src`");
    assert_eq!(zh, "短代码 `figure` 缺少必填参数 `src`");
    assert_eq!(
        hint.as_deref(),
        Some("add src=\"...\" inside the parentheses")
    );

    let (_, _, _, en, _, hint) = one("{{ gallery(dir=\"x\") }}");
    assert_eq!(en, "unknown argument `dir` for shortcode `gallery`");
    assert_eq!(
        hint.as_deref(),
        Some("`gallery` takes no arguments: write {{ gallery() }}")
    );

    let (_, c, n, en, _, _) = one("{{ video(src=\"a\", src=\"b\") }}");
    assert_eq!((c, n), (19, 3));
    assert_eq!(en, "argument `src` of `video` is given twice");
}

#[test]
fn chart_rules_keep_their_messages() {
    let (_, c, _, en, zh, hint) = one("{{ chart(keys=[\"a\"], kind=\"pie\") }}");
    assert_eq!(c, 22);
    assert_eq!(
        en,
        "chart kind \"pie\" is not available for figures over the years"
    );
    assert_eq!(zh, "多年指标图表没有 \"pie\" 这种类型");
    assert_eq!(hint.as_deref(), Some("use one of: bar, line"));
    let (_, _, _, en, _, hint) = one("{{ chart(breakdown=\"b\", kind=\"dount\") }}");
    assert_eq!(en, "chart kind \"dount\" is not available for a breakdown");
    assert_eq!(hint.as_deref(), Some("did you mean `donut`?"));
    let (_, _, _, en, _, hint) = one("{{ chart(keys=[\"a\"], from=2024, to=2019) }}");
    assert_eq!(en, "`from` (2024) is after `to` (2019)");
    assert_eq!(hint.as_deref(), Some("swap them: from=2019, to=2024"));
    let (_, c, n, en, _, _) = one("{{ chart(title=\"t\") }}");
    assert_eq!((c, n), (1, 2));
    assert_eq!(en, "`chart` needs `keys` or `breakdown`");
    assert_eq!(one("{{ chart(keys=[]) }}").3, "`keys` is an empty list");

    // In the order the website always gave them.
    let errs =
        errors("{{ chart(keys=[\"a\"], breakdown=\"b\", kind=\"line\", from=2020, to=2019) }}");
    let en: Vec<&str> = errs.iter().map(|e| e.message.en.as_str()).collect();
    assert_eq!(
        en,
        [
            "a chart shows either `keys` (figures over the years) or `breakdown` (one breakdown), not both",
            "chart kind \"line\" is not available for a breakdown",
            "`from` does not apply to a breakdown chart",
            "`to` does not apply to a breakdown chart",
            "`from` (2020) is after `to` (2019)",
        ]
    );
    // Ill-typed arguments are reported alone: the rules read typed values.
    let errs = errors("{{ chart(keys=[\"a\"], breakdown=\"b\", kind=3) }}");
    assert_eq!(errs.len(), 1);
    assert!(errs[0].message.en.contains("must be text"), "{errs:?}");
}

#[test]
fn map_and_qr_rules_keep_their_messages() {
    let (_, c, n, en, zh, hint) = one("{{ map(source=\"station\") }}");
    assert_eq!((c, n), (8, 6));
    assert_eq!(en, "map source \"station\" does not exist");
    assert_eq!(zh, "地图数据来源 \"station\" 不存在");
    assert_eq!(hint.as_deref(), Some("did you mean `stations`?"));
    let (_, _, _, en, zh, hint) = one("{{ qr(size=0) }}");
    assert_eq!(en, "`size` of `qr` must be more than 0");
    assert_eq!(zh, "`qr` 的 `size` 必须大于 0");
    assert_eq!(hint.as_deref(), Some("e.g. size=160 (pixels)"));
}

#[test]
fn site_and_unknown_shortcodes() {
    let site = ["banner".to_string()];
    assert!(matches!(
        check(&sc("{{ banner(x=1) }}"), &site),
        Ok(Checked::Site)
    ));
    assert!(matches!(
        check(&sc("{{ stat(key=\"a\") }}"), &site),
        Ok(Checked::Builtin(Builtin::Stat(_)))
    ));
    // A site shortcode with a built-in's name is the built-in.
    assert!(check(&sc("{{ stat() }}"), &["stat"]).is_err());
    let Err(errs) = check(&sc("{{ baner() }}"), &site) else {
        panic!("unknown")
    };
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].message.en, "unknown shortcode `baner`");
    assert_eq!(errs[0].len, 8);
    assert_eq!(
        errs[0].hint.as_ref().map(|h| h.en.as_str()),
        Some("did you mean `banner`?")
    );
    // Without the site's names, only built-ins are known.
    let errs = errors("{{ banner() }}");
    assert_eq!(errs[0].message.en, "unknown shortcode `banner`");
}
