//! Tests of the website's two layouts and of the phone layout: a figure holds both, each
//! SVG once; on a phone every text is at least 11 units (12 CSS px on a 320 px screen)
//! and, by the width estimate the layout uses, inside the chart; breakdowns are
//! horizontal bars with their names above; pies have their legend below; year labels
//! never crowd; print and the kiosk keep one layout.

use super::layout::PHONE_W;
use super::svg::text_width;
use super::tests::{example, pt, stats};
use super::*;

/// One `<text>`: x, y, anchor, size and its lines.
struct TextEl {
    x: f64,
    y: f64,
    anchor: String,
    size: f64,
    lines: Vec<String>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[start..].split('"').next()?.to_string())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The `<text>` elements of an SVG (a `<title>` inside one is not drawn).
fn texts(svg: &str) -> Vec<TextEl> {
    svg.split("<text ")
        .skip(1)
        .map(|t| {
            let (tag, rest) = t.split_once('>').expect("tag");
            let body = rest.split("</text>").next().expect("closed");
            let body = match body.split_once("</title>") {
                Some((_, b)) => b,
                None => body,
            };
            let lines = if body.contains("<tspan") {
                body.split("<tspan")
                    .skip(1)
                    .map(|s| {
                        unescape(
                            s.split_once('>')
                                .unwrap()
                                .1
                                .split("</tspan>")
                                .next()
                                .unwrap(),
                        )
                    })
                    .collect()
            } else {
                vec![unescape(body)]
            };
            let num = |n: &str| attr(tag, n).and_then(|v| v.parse().ok()).unwrap_or(0.0);
            TextEl {
                x: num("x"),
                y: num("y"),
                anchor: attr(tag, "text-anchor").unwrap_or_default(),
                size: num("font-size"),
                lines,
            }
        })
        .collect()
}

/// The SVGs of a website figure: (screen, phone).
fn layouts(html: &str) -> (String, String) {
    let part = |class: &str| {
        let start = html
            .find(&format!("<div class=\"chart-plot {class}\">"))
            .unwrap_or_else(|| panic!("no .{class} in {html}"));
        let rest = &html[start..];
        rest[rest.find("<svg").unwrap()..rest.find("</svg>").unwrap() + 6].to_string()
    };
    (part("chart-wide"), part("chart-narrow"))
}

fn view_box(svg: &str) -> (f64, f64) {
    let v = attr(svg, "viewBox").expect("viewBox");
    let n: Vec<f64> = v.split(' ').map(|x| x.parse().unwrap()).collect();
    (n[2], n[3])
}

/// Every text of a phone SVG: at least 11 units, its estimated box inside the chart.
fn assert_phone_fits(svg: &str) {
    let (w, h) = view_box(svg);
    assert_eq!(w, PHONE_W, "{svg}");
    for t in texts(svg) {
        assert!(t.size >= 11.0, "{} units: {:?}", t.size, t.lines);
        for (i, line) in t.lines.iter().enumerate() {
            let tw = text_width(line, t.size);
            let (l, r) = match t.anchor.as_str() {
                "start" => (t.x, t.x + tw),
                "end" => (t.x - tw, t.x),
                _ => (t.x - tw / 2.0, t.x + tw / 2.0),
            };
            let base = t.y + i as f64 * t.size * 1.2;
            let transformed = svg.contains(&format!("rotate(-90 {}", super::svg::n(t.x)));
            if !transformed {
                assert!(
                    l >= 0.0 && r <= w + 0.05,
                    "“{line}” spans {l:.1}–{r:.1} of {w}: {svg}"
                );
            }
            assert!(
                base - t.size >= -0.05 && base <= h + 0.05,
                "“{line}” at y {base} of {h}"
            );
        }
    }
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

/// Six years of two metrics with big numbers, and a breakdown of eight long names.
fn phone_stats() -> Stats {
    let years: Vec<(i32, String)> = (2019..=2024)
        .map(|y| {
            let k = (y - 2018) as f64;
            (
                y,
                format!(
                    "metrics:\n  hours: {{label: 志愿服务时长, value: {}, unit: 小时}}\n  members: {{label: 党员人数, value: {}, unit: 名}}\nbreakdowns:\n  streets:\n    label: 各街道（镇）党组织数\n    unit: 个\n    items: {{西林街道: 19, 南大街街道: 14, 荷花池街道: 13, 新闸街道: 12, 五星街道: 14, 永红街道: 13, 北港街道: 12, 钟楼区邹区镇党群服务中心红色驿站示范点位: 13}}\n",
                    40_000.0 * k,
                    1_200.0 + 100.0 * k
                ),
            )
        })
        .collect();
    let refs: Vec<(i32, &str)> = years.iter().map(|(y, s)| (*y, s.as_str())).collect();
    stats(&refs)
}

#[test]
fn website_figures_hold_both_layouts_and_a_scrolling_table() {
    let s = phone_stats();
    let html = series_chart_in(&s, &series(&["hours", "members"], SeriesKind::Bar), Ui::Zh)
        .expect("chart");
    assert_eq!(html.matches("<svg").count(), 2, "{html}");
    let (wide, phone) = layouts(&html);
    assert_eq!(view_box(&wide).0, 640.0);
    assert_eq!(view_box(&phone).0, PHONE_W);
    // Each layout has textures of its own ids (a hidden SVG's texture may not paint).
    assert!(wide.contains("<pattern id=\"xh-pat-1\"") && wide.contains("url(#xh-pat-1)"));
    assert!(phone.contains("<pattern id=\"xh-pat-p1\"") && phone.contains("url(#xh-pat-p1)"));
    assert!(!phone.contains("\"xh-pat-1\""));
    assert!(html.contains(
        "<div class=\"chart-table\" tabindex=\"0\" role=\"group\" aria-label=\"志愿服务时长、党员人数\">\n<table class=\"chart-data\">"
    ));
    assert!(!html.contains("\n\n"), "one Markdown HTML block");
    // Print and the kiosk: one layout, the table as it was.
    for medium in [
        Medium::Screen,
        Medium::Print(PrintSize {
            width_pt: 240.0,
            height_pt: 150.0,
            text_pt: 8.0,
        }),
    ] {
        let one = series_chart_for(&s, &series(&["hours"], SeriesKind::Line), Ui::Zh, medium)
            .expect("chart");
        assert_eq!(one.matches("<svg").count(), 1);
        assert!(
            !one.contains("chart-narrow") && !one.contains("chart-table"),
            "{one}"
        );
    }
    let m = map_in(&[pt("甲单位", 31.7, 119.9, "unit")], None, Ui::Zh);
    let (wide, phone) = layouts(&m);
    assert_eq!((view_box(&wide).0, view_box(&phone).0), (640.0, PHONE_W));
    assert!(
        m.contains("<div class=\"chart-table\" tabindex=\"0\""),
        "{m}"
    );
}

#[test]
fn phone_layouts_keep_every_text_readable_and_inside() {
    let s = phone_stats();
    let mut figures = vec![];
    for kind in [SeriesKind::Bar, SeriesKind::Line] {
        for keys in [&["hours"][..], &["hours", "members"][..]] {
            figures.push(series_chart_in(&s, &series(keys, kind), Ui::Zh).expect("chart"));
        }
    }
    for kind in [BreakdownKind::Bar, BreakdownKind::Pie, BreakdownKind::Donut] {
        figures.push(breakdown_chart_in(&s, &breakdown("streets", kind), Ui::Zh).expect("chart"));
    }
    let e = example();
    figures.push(
        breakdown_chart_in(
            &e,
            &breakdown("branches_by_street", BreakdownKind::Bar),
            Ui::En,
        )
        .expect("chart"),
    );
    let places: Vec<MapPoint> = (0..20)
        .map(|i| {
            let f = i as f64;
            pt(
                &format!("常州市第{i}社会组织服务中心"),
                31.7 + f * 0.01,
                119.9 + (f * 7.0 % 5.0) * 0.01,
                "unit",
            )
        })
        .collect();
    figures.push(map_in(&places, None, Ui::Zh));
    for html in &figures {
        assert_phone_fits(&layouts(html).1);
    }
}

#[test]
fn phone_breakdowns_are_bars_with_names_above() {
    let html = breakdown_chart_in(
        &phone_stats(),
        &breakdown("streets", BreakdownKind::Bar),
        Ui::Zh,
    )
    .expect("chart");
    // The screen keeps its layout (eight items, one too long: horizontal, names beside).
    assert!(html.starts_with("<figure class=\"chart chart-hbar\">"));
    let (_, phone) = layouts(&html);
    let names: Vec<TextEl> = texts(&phone)
        .into_iter()
        .filter(|t| t.anchor == "start" && t.size == 12.0 && t.lines.len() <= 2)
        .filter(|t| t.lines[0].contains('街') || t.lines[0].contains('钟'))
        .collect();
    assert_eq!(names.len(), 8, "{phone}");
    assert!(
        names.iter().all(|t| t.x == 12.0),
        "names start at the left edge"
    );
    // The long name wraps to two lines, whole.
    let long = names
        .iter()
        .find(|t| t.lines[0].starts_with("钟楼区"))
        .expect("long name");
    assert_eq!(
        long.lines.concat(),
        "钟楼区邹区镇党群服务中心红色驿站示范点位"
    );
    assert_eq!(long.lines.len(), 2);
    // Each bar lies below its name.
    let bars: Vec<f64> = phone
        .split("<rect class=\"bar\"")
        .skip(1)
        .map(|r| attr(r, "y").unwrap().parse().unwrap())
        .collect();
    assert_eq!(bars.len(), 8);
    for (name, bar_y) in names.iter().zip(&bars) {
        assert!(
            *bar_y > name.y,
            "bar at {bar_y} under its name at {}",
            name.y
        );
    }
    // The unit note has a line of its own at the left.
    assert!(
        phone.contains("text-anchor=\"start\" font-size=\"12.0\" fill=\"#757575\">单位：个</text>"),
        "{phone}"
    );
}

#[test]
fn phone_pies_put_the_legend_below() {
    let html = breakdown_chart_in(
        &phone_stats(),
        &breakdown("streets", BreakdownKind::Donut),
        Ui::Zh,
    )
    .expect("chart");
    let (wide, phone) = layouts(&html);
    assert_eq!(
        wide.matches("class=\"leader\"").count(),
        8,
        "the screen keeps its labels"
    );
    assert_eq!(phone.matches("class=\"leader\"").count(), 0);
    assert_eq!(phone.matches("<rect class=\"swatch\"").count(), 8);
    assert_eq!(phone.matches("class=\"slice-label\"").count(), 8);
    assert!(phone.contains("西林街道 19（17.3%）"), "{phone}");
    // Every legend line is below the circle.
    let circle_bottom = 12.0 + 2.0 * 78.0;
    for t in texts(&phone).iter().filter(|t| t.lines[0].contains('（')) {
        assert!(t.y > circle_bottom, "{:?} at {}", t.lines, t.y);
    }
}

#[test]
fn phone_year_labels_never_crowd() {
    for kind in [SeriesKind::Bar, SeriesKind::Line] {
        let html =
            series_chart_in(&phone_stats(), &series(&["hours"], kind), Ui::Zh).expect("chart");
        let (_, phone) = layouts(&html);
        let years: Vec<TextEl> = texts(&phone)
            .into_iter()
            .filter(|t| t.lines[0].len() == 4 && t.lines[0].starts_with("20"))
            .collect();
        assert!(
            years.len() >= 2 && years.len() < 6,
            "fewer year labels: {}",
            years.len()
        );
        assert_eq!(
            years.last().unwrap().lines[0],
            "2024",
            "the last year is labelled"
        );
        for w in years.windows(2) {
            let gap = w[1].x - w[0].x;
            assert!(
                gap >= text_width("2024", 12.0) + 4.0,
                "{kind:?}: year labels {gap} apart"
            );
        }
        if kind == SeriesKind::Line {
            // Value labels only where there is room: with the year labels.
            let values = phone.matches("class=\"value\"").count();
            assert_eq!(values, years.len(), "{phone}");
        }
    }
}
