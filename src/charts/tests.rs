//! SVG structure tests for every chart kind and the hard cases.

use std::path::PathBuf;

use super::*;

/// The chart functions with Chinese words, as these tests were written, laid out for
/// the screen alone (the phone layout the website adds is tested in `phone_tests`).
fn series_chart(s: &Stats, a: &SeriesChartArgs) -> Result<String, Text> {
    series_chart_for(s, a, Ui::Zh, Medium::Screen)
}

fn breakdown_chart(s: &Stats, a: &BreakdownChartArgs) -> Result<String, Text> {
    breakdown_chart_for(s, a, Ui::Zh, Medium::Screen)
}

fn kpis(s: &Stats, year: Option<i32>, keys: Option<&[String]>) -> Result<String, Text> {
    kpis_in(s, year, keys, Ui::Zh)
}

fn map(points: &[MapPoint], base: Option<&MapBase>) -> String {
    map_for(points, base, Ui::Zh, Medium::Screen)
}

pub(super) fn stats(files: &[(i32, &str)]) -> Stats {
    let files: Vec<(PathBuf, String)> = files
        .iter()
        .map(|(y, t)| {
            (
                PathBuf::from(format!("data/stats/{y}.yaml")),
                format!("year: {y}\n{t}"),
            )
        })
        .collect();
    let (s, d) = crate::stats::load(&files);
    assert!(d.is_empty(), "{d:#?}");
    s
}

pub(super) fn example() -> Stats {
    stats(&[
        (2022, "metrics:\n  party_branches: {label: 党组织, value: 98, unit: 个}\n  coverage: {label: 覆盖率, value: 95, unit: \"%\"}\n  volunteers: {label: 志愿者, value: 0, unit: 人}\n"),
        (2023, "metrics:\n  party_branches: {label: 党组织, value: 104, unit: 个}\n  coverage: {label: 覆盖率, value: 97.2, unit: \"%\"}\n  volunteers: {label: 志愿者, value: 1234567, unit: 人}\n"),
        (
            2024,
            "metrics:\n  party_branches: {label: 党组织, value: 110, unit: 个}\n  coverage: {label: 覆盖率, value: 98.5, unit: \"%\"}\n  volunteers: {label: 志愿者, value: 1200000, unit: 人}\n  social_organizations: {label: 社会组织, value: 1100, unit: 家}\nbreakdowns:\n  branches_by_street:\n    label: 各街道党组织数\n    unit: 个\n    total_of: party_branches\n    items: {西林街道: 42, 南大街街道: 37, 北港街道: 31}\n",
        ),
    ])
}

fn series(keys: &[&str], kind: SeriesKind) -> SeriesChartArgs {
    SeriesChartArgs {
        keys: keys.iter().map(|k| k.to_string()).collect(),
        kind,
        ..Default::default()
    }
}

fn breakdown(key: &str, kind: BreakdownKind) -> BreakdownChartArgs {
    BreakdownChartArgs {
        breakdown: key.to_string(),
        kind,
        ..Default::default()
    }
}

fn count(s: &str, pat: &str) -> usize {
    s.matches(pat).count()
}

fn assert_well_formed(html: &str) {
    assert!(html.starts_with("<figure class=\"chart"), "{html}");
    assert!(
        html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 "),
        "{html}"
    );
    assert!(html.contains("width=\"100%\" role=\"img\""));
    assert_eq!(count(html, "<svg"), count(html, "</svg>"));
    assert_eq!(count(html, "<text"), count(html, "</text>"));
    assert!(!html.contains("NaN") && !html.contains("inf"), "{html}");
    assert!(
        !html.contains("\n\n"),
        "a blank line would end the Markdown HTML block"
    );
}

#[test]
fn series_bar_chart() {
    let html =
        series_chart(&example(), &series(&["party_branches"], SeriesKind::Bar)).expect("chart");
    assert_well_formed(&html);
    assert!(html.starts_with("<figure class=\"chart chart-bar\">"));
    assert_eq!(count(&html, "<rect class=\"bar\""), 3);
    for v in [
        ">98</text>",
        ">104</text>",
        ">110</text>",
        ">2022</tspan>",
        ">单位：个</text>",
    ] {
        assert!(html.contains(v), "missing {v}");
    }
    assert!(html.contains(
        "<title>党组织</title>\n<desc>党组织（个）：2022年 98，2023年 104，2024年 110。</desc>"
    ));
    assert_eq!(count(&html, "<tr><th scope=\"row\">"), 3);
    assert!(html.contains("<th scope=\"col\">党组织（个）</th>"));
}

#[test]
fn grouped_bars_leave_gaps_for_missing_years() {
    let html = series_chart(
        &example(),
        &series(&["party_branches", "social_organizations"], SeriesKind::Bar),
    )
    .expect("chart");
    assert_well_formed(&html);
    assert_eq!(count(&html, "<rect class=\"bar\""), 4); // 3 + 1, no bar for missing years
    assert_eq!(count(&html, "class=\"missing\""), 2);
    assert_eq!(count(&html, "<td>—</td>"), 2);
    assert!(html.contains("url(#xh-pat-1)") && html.contains("<pattern id=\"xh-pat-1\""));
    assert_eq!(count(&html, "class=\"legend\""), 2);
    assert!(html.contains(">党组织（个）</text>")); // units differ: in the legend
}

#[test]
fn line_chart_breaks_at_gaps_and_varies_markers() {
    let s = stats(&[
        (
            2020,
            "metrics:\n  a: {label: 甲, value: 5}\n  b: {label: 乙, value: 7}\n",
        ),
        (2021, "metrics:\n  b: {label: 乙, value: 8}\n"),
        (
            2022,
            "metrics:\n  a: {label: 甲, value: 6}\n  b: {label: 乙, value: 9}\n",
        ),
        (2023, "metrics:\n  a: {label: 甲, value: 8}\n"),
    ]);
    let html = series_chart(&s, &series(&["a", "b"], SeriesKind::Line)).expect("chart");
    assert_well_formed(&html);
    // Series a: 2020 alone, then 2022–2023: the path has two pieces, not a zero dip.
    let a_path = html
        .lines()
        .find(|l| l.contains("class=\"line\"") && l.contains("<title>甲</title>"))
        .expect("a");
    assert_eq!(count(a_path, "M"), 2, "{a_path}");
    assert_eq!(count(a_path, "L"), 1, "{a_path}");
    let b_path = html
        .lines()
        .find(|l| l.contains("class=\"line\"") && l.contains("<title>乙</title>"))
        .expect("b");
    assert!(b_path.contains("stroke-dasharray=\"6 4\""));
    assert_eq!(count(&html, "<circle class=\"point\""), 3 + 1); // 3 values of a + legend
    assert_eq!(count(&html, "<rect class=\"point\""), 3 + 1); // b: squares
    assert_eq!(count(&html, "class=\"missing\""), 0); // gaps, not marks
    assert_eq!(count(&html, "class=\"value\""), 6);
}

#[test]
fn percent_axis_goes_to_100() {
    let html = series_chart(&example(), &series(&["coverage"], SeriesKind::Line)).expect("chart");
    assert!(html.contains("class=\"tick\"") && html.contains(">100</text>"));
    assert!(!html.contains(">120</text>"));
    assert!(html.contains(">98.5</text>") && html.contains(">单位：%</text>"));
}

#[test]
fn big_and_zero_values_get_separators() {
    let html = series_chart(&example(), &series(&["volunteers"], SeriesKind::Bar)).expect("chart");
    assert_well_formed(&html);
    assert!(html.contains(">1,234,567</text>") && html.contains("<td>1,234,567</td>"));
    assert!(html.contains(">1,200,000</text>")); // a tick label too
    assert!(html.contains(">0</text>") && html.contains("height=\"0.0\""));
    assert_eq!(count(&html, "<rect class=\"bar\""), 3);
}

#[test]
fn single_year_renders() {
    let s = stats(&[(2024, "metrics:\n  a: {label: 甲, value: 3, unit: 个}\n")]);
    let line = series_chart(&s, &series(&["a"], SeriesKind::Line)).expect("line");
    assert_well_formed(&line);
    assert_eq!(count(&line, "<circle class=\"point\""), 1);
    assert!(!line.contains("class=\"line\""));
    let bar = series_chart(&s, &series(&["a"], SeriesKind::Bar)).expect("bar");
    assert_eq!(count(&bar, "<rect class=\"bar\""), 1);
}

#[test]
fn negative_values_render_below_zero() {
    let s = stats(&[
        (2023, "metrics:\n  d: {label: 变化, value: -12}\n"),
        (2024, "metrics:\n  d: {label: 变化, value: 30}\n"),
    ]);
    let html = series_chart(&s, &series(&["d"], SeriesKind::Bar)).expect("chart");
    assert!(
        html.contains(">-12</text>") && html.contains(">-20</text>"),
        "{html}"
    );
}

#[test]
fn text_is_escaped() {
    let s = stats(&[(
        2024,
        "metrics:\n  x: {label: \"<script>alert('x')</script> & \\\"q\\\"\", value: 1}\n",
    )]);
    let mut args = series(&["x"], SeriesKind::Bar);
    args.title = Some("<b>标题</b>".into());
    let html = series_chart(&s, &args).expect("chart");
    assert!(
        !html.contains("<script>") && !html.contains("<b>"),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
    assert!(html.contains("<figcaption class=\"chart-title\">&lt;b&gt;标题&lt;/b&gt;</figcaption>"));
}

#[test]
fn breakdown_bars_and_shares() {
    let html = breakdown_chart(
        &example(),
        &breakdown("branches_by_street", BreakdownKind::Bar),
    )
    .expect("chart");
    assert_well_formed(&html);
    assert!(html.starts_with("<figure class=\"chart chart-bar\">"));
    assert_eq!(count(&html, "<rect class=\"bar\""), 3);
    assert!(html.contains(">南大街街道</tspan>") && html.contains(">42</text>"));
    assert!(
        html.contains("<figcaption class=\"chart-title\">各街道党组织数（2024年）</figcaption>")
    );
    // total_of: shares and a total row.
    assert!(html.contains("<td>38.2%</td>") && html.contains("<tfoot>"));
    assert!(html.contains("<td>110</td>"));
}

#[test]
fn thirty_items_turn_horizontal() {
    let items: Vec<String> = (1..=30)
        .map(|i| format!("第{i}社区党群服务中心示范点: {}", i * 10))
        .collect();
    let s = stats(&[(
        2024,
        &format!(
            "breakdowns:\n  many:\n    label: 各社区\n    items: {{{}}}\n",
            items.join(", ")
        ),
    )]);
    let html = breakdown_chart(&s, &breakdown("many", BreakdownKind::Bar)).expect("chart");
    assert_well_formed(&html);
    assert!(html.starts_with("<figure class=\"chart chart-hbar\">"));
    assert_eq!(count(&html, "<rect class=\"bar\""), 30);
    assert_eq!(count(&html, "class=\"category\""), 30);
    assert_eq!(count(&html, "<tr><th scope=\"row\">"), 30);
    assert!(
        html.contains(">300</text>") && html.contains(">1,000</text>") == html.contains("1,000")
    );
    let h: f64 = html
        .split("viewBox=\"0 0 640 ")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|v| v.parse().ok())
        .expect("height");
    assert!(h >= 30.0 * 22.0, "{h}");
    let pie = breakdown_chart(&s, &breakdown("many", BreakdownKind::Pie)).expect("pie");
    assert_well_formed(&pie);
    assert_eq!(count(&pie, "<path class=\"slice\""), 30);
    assert_eq!(count(&pie, "class=\"slice-label\""), 30);
}

#[test]
fn long_names_wrap_or_shorten_with_full_title() {
    // Four items: a 12-character name wraps to two lines under its bar.
    let s = stats(&[(2024, "breakdowns:\n  b:\n    items: {西林街道党群服务中心示范点: 3, 南大街: 4, 北港: 5, 新闸: 6}\n")]);
    let html = breakdown_chart(&s, &breakdown("b", BreakdownKind::Bar)).expect("chart");
    assert!(html.starts_with("<figure class=\"chart chart-bar\">"));
    assert!(
        html.contains(">西林街道党群服务中心示</tspan><tspan x=\"106.5\" dy=\"14.4\">范点</tspan>"),
        "{html}"
    );
    // A name too long even for two lines: horizontal bars, shortened, full text as a title.
    let long = "钟楼区西林街道党群服务中心红色驿站示范点位";
    let s = stats(&[(
        2024,
        &format!(
            "breakdowns:\n  b:\n    items: {{{long}: 3, 南大街: 4, 北港: 5, 新闸: 6, 五星: 7}}\n"
        ),
    )]);
    let html = breakdown_chart(&s, &breakdown("b", BreakdownKind::Bar)).expect("chart");
    assert!(html.starts_with("<figure class=\"chart chart-hbar\">"));
    assert!(html.contains(&format!("<title>{long}</title>")), "{html}");
    assert!(html.contains("…</text>"));
}

#[test]
fn pie_and_donut() {
    let pie = breakdown_chart(
        &example(),
        &breakdown("branches_by_street", BreakdownKind::Pie),
    )
    .expect("pie");
    assert_well_formed(&pie);
    assert!(pie.starts_with("<figure class=\"chart chart-pie\">"));
    assert_eq!(count(&pie, "<path class=\"slice\""), 3);
    assert!(pie.contains(">西林街道 42（38.2%）</text>"), "{pie}");
    assert_eq!(count(&pie, "class=\"leader\""), 3);
    let donut = breakdown_chart(
        &example(),
        &breakdown("branches_by_street", BreakdownKind::Donut),
    )
    .expect("donut");
    assert!(donut.contains(">110个</text>") && donut.contains(">合计</text>"));
    let one = stats(&[(2024, "breakdowns:\n  b:\n    items: {全部: 5, 空: 0}\n")]);
    let html = breakdown_chart(&one, &breakdown("b", BreakdownKind::Pie)).expect("pie");
    assert_eq!(count(&html, "<path class=\"slice\""), 1);
    assert!(html.contains(">全部 5（100.0%）</text>"));
    let neg = stats(&[(2024, "breakdowns:\n  b:\n    items: {甲: 5, 乙: -1}\n")]);
    let e = breakdown_chart(&neg, &breakdown("b", BreakdownKind::Pie)).unwrap_err();
    assert!(e.en.contains("negative") && e.en.contains("kind=\"bar\""));
}

#[test]
fn errors_name_the_problem() {
    let s = example();
    let e = series_chart(&s, &series(&["party_branch"], SeriesKind::Line)).unwrap_err();
    assert!(e.en.contains("did you mean `party_branches`"), "{}", e.en);
    let e = breakdown_chart(&s, &breakdown("branches_by_stret", BreakdownKind::Bar)).unwrap_err();
    assert!(
        e.en.contains("unknown breakdown") && e.en.contains("`branches_by_street`"),
        "{}",
        e.en
    );
    let mut a = series(&["coverage"], SeriesKind::Bar);
    a.from = Some(2024);
    a.to = Some(2022);
    assert!(series_chart(&s, &a)
        .unwrap_err()
        .en
        .contains("`from=2024` is after `to=2022`"));
    a.from = Some(2010);
    a.to = Some(2012);
    let e = series_chart(&s, &a).unwrap_err();
    assert!(
        e.en.contains("2010–2012") && e.zh.contains("已有统计的年份：2022, 2023, 2024"),
        "{}",
        e.en
    );
    let mut b = breakdown("branches_by_street", BreakdownKind::Bar);
    b.year = Some(2023);
    assert!(breakdown_chart(&s, &b)
        .unwrap_err()
        .en
        .contains("it is in: 2024"));
    b.year = Some(2000);
    assert!(breakdown_chart(&s, &b)
        .unwrap_err()
        .en
        .contains("no statistics for 2000"));
    assert!(series_chart(&s, &series(&[], SeriesKind::Bar)).is_err());
    assert!(SeriesKind::parse("lines")
        .unwrap_err()
        .en
        .contains("did you mean `line`"));
    assert_eq!(BreakdownKind::parse("donut"), Ok(BreakdownKind::Donut));
}

#[test]
fn range_limits_years() {
    let mut a = series(&["party_branches"], SeriesKind::Bar);
    a.from = Some(2023);
    let html = series_chart(&example(), &a).expect("chart");
    assert_eq!(count(&html, "<rect class=\"bar\""), 2);
    assert!(!html.contains(">98</text>"));
}

#[test]
fn kpi_cards() {
    let s = example();
    let html = kpis(&s, None, None).expect("kpis");
    assert!(html.starts_with("<div class=\"kpis\" data-year=\"2024\">"));
    assert_eq!(count(&html, "<div class=\"kpi\""), 4);
    assert!(
        html.contains("<span class=\"kpi-number\">1,100</span><span class=\"kpi-unit\">家</span>")
    );
    assert!(html.contains("<div class=\"kpi-change up\"><span class=\"kpi-arrow\" aria-hidden=\"true\">▲</span> <span class=\"kpi-diff\">6个</span> <span class=\"kpi-vs\">较2023年增加</span></div>"), "{html}");
    assert!(html.contains("<span class=\"kpi-diff\">1.3个百分点</span>"));
    assert!(html.contains("<div class=\"kpi-change down\"><span class=\"kpi-arrow\" aria-hidden=\"true\">▼</span> <span class=\"kpi-diff\">34,567人</span>"));
    assert_eq!(count(&html, "kpi-change"), 3); // social_organizations is new in 2024
    let first = kpis(&s, Some(2022), Some(&["party_branches".to_string()])).expect("kpis");
    assert_eq!(count(&first, "<div class=\"kpi\""), 1);
    assert!(!first.contains("kpi-change"));
    let e = kpis(&s, Some(2023), Some(&["social_organizations".to_string()])).unwrap_err();
    assert!(
        e.en.contains("no value for 2023") && e.en.contains("2024"),
        "{}",
        e.en
    );
    assert!(kpis(&s, None, Some(&["party".to_string()]))
        .unwrap_err()
        .en
        .contains("did you mean"));
    let en = kpis_in(&s, None, None, Ui::En).expect("kpis");
    assert!(en.contains("up from 2023") && en.contains("1.3 pp"));
}

pub(super) fn pt(label: &str, lat: f64, lon: f64, kind: &str) -> MapPoint {
    MapPoint {
        label: label.into(),
        url: format!("/units/{label}/"),
        lat,
        lon,
        kind: kind.into(),
    }
}

#[test]
fn map_points_links_and_legend() {
    let points = vec![
        pt("扬州大学", 32.39, 119.42, "unit"),
        pt("西林驿站", 31.77, 119.93, "station"),
        pt("北港驿站", 31.80, 119.90, "station"),
        pt("无坐标", f64::NAN, 0.0, "unit"),
    ];
    let html = map(&points, None);
    assert!(html.starts_with("<figure class=\"chart chart-map\" data-open=\"查看详情\""));
    // It holds links, so it is a group (an `img` may not contain controls).
    assert!(html.contains("role=\"group\" aria-label=\"地图\"") && !html.contains("role=\"img\""));
    assert_eq!(count(&html, "<a class=\"map-point"), 3);
    assert_eq!(count(&html, "<circle class=\"marker\""), 1 + 1); // one unit + its legend mark
    assert_eq!(count(&html, "<rect class=\"marker\""), 2 + 1);
    assert!(html.contains("href=\"/units/扬州大学/\"") && html.contains(">成员单位</text>"));
    assert_eq!(count(&html, "<tr><th scope=\"row\">"), 4); // the table lists every place
    assert!(!html.contains("NaN"));
    // Every drawn point lies inside the drawing area.
    for c in html.split("<circle class=\"marker\" cx=\"").skip(1) {
        let x: f64 = c
            .split('"')
            .next()
            .and_then(|v| v.parse().ok())
            .expect("cx");
        assert!((12.0..=628.0).contains(&x), "{x}");
    }
    let base = MapBase {
        image: Some(MapImage {
            url: "/img/map.png?a=1&b=2".into(),
            bounds: [[31.0, 119.0], [33.0, 120.5]],
        }),
        areas: Vec::new(),
    };
    let with_base = map(&points, Some(&base));
    assert!(with_base.contains("<image class=\"base\" href=\"/img/map.png?a=1&amp;b=2\""));
    let one = map(&[pt("甲", 31.0, 119.0, "unit")], None);
    assert_eq!(count(&one, "<a class=\"map-point"), 1);
    assert!(map(&[], None).contains("class=\"chart-empty\""));
    let evil = map(
        &[MapPoint {
            url: "\"><script>".into(),
            ..pt("<i>", 1.0, 1.0, "unit")
        }],
        None,
    );
    assert!(!evil.contains("<script>") && !evil.contains("<i>"));
}

#[test]
fn english_words() {
    let a = series(&["party_branches"], SeriesKind::Bar);
    let html = series_chart_in(&example(), &a, Ui::En).expect("chart");
    assert!(html.contains("<th scope=\"col\">Year</th>") && html.contains("Unit: 个"));
    assert_eq!(Ui::from_language("en"), Ui::En);
    assert_eq!(Ui::from_language("zh-CN"), Ui::Zh);
}

#[test]
fn crowded_map_labels_never_overlap_and_the_list_folds() {
    let points: Vec<MapPoint> = (0..30)
        .map(|i| MapPoint {
            label: format!("常州市钟楼区第{i}社会组织服务中心"),
            url: format!("/units/#u{i}"),
            lat: 31.78 + (i % 5) as f64 * 0.0004,
            lon: 119.95 + (i / 5) as f64 * 0.0004,
            kind: "unit".into(),
        })
        .collect();
    let out = map(&points, None);
    assert_eq!(
        out.matches("class=\"marker\"").count(),
        30 + 1,
        "every point drawn (+1 legend)"
    );
    let labels = out.matches("class=\"map-label\"").count();
    assert!(labels < 30, "crowded labels are left out, got {labels}");
    assert!(out.contains("<details class=\"chart-data-details\">"));
    assert_eq!(
        out.matches("<tr><th scope=\"row\">").count(),
        30,
        "the list keeps every place"
    );
}
