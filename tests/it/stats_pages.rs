//! Statistics on show: `/stats/`, `/units/`, `/timeline/`, the home page's figures,
//! and every chart kind through the shortcodes, with the hard cases of issue 3.

use crate::common;

use common::*;

fn public() -> std::path::PathBuf {
    built_demo().join("site/public")
}

fn count(h: &str, needle: &str) -> usize {
    h.matches(needle).count()
}

#[test]
fn stats_page_has_a_chart_and_table_for_every_metric_and_breakdown() {
    let h = read(public().join("stats/index.html"));
    // Six metrics in the demo, each a chart with a data table.
    for key in [
        "social_organizations",
        "party_branches",
        "coverage",
        "member_units",
        "volunteer_hours",
        "party_members",
    ] {
        assert!(
            h.contains(&format!("id=\"metric-{key}\"")),
            "chart for {key}"
        );
    }
    // Breakdowns: branches_by_street every year (6), units_by_type in 2023 and 2024.
    assert_eq!(count(&h, "id=\"breakdown-branches_by_street-"), 6);
    assert_eq!(count(&h, "id=\"breakdown-units_by_type-"), 2);
    assert!(
        count(&h, "class=\"chart-data\"") >= 14,
        "a table under each chart"
    );
    assert!(h.contains("125,000"), "thousands separators");
    assert!(
        h.contains("class=\"kpis\""),
        "key figures with year-on-year change"
    );
    assert!(h.contains("▲"));
}

#[test]
fn units_page_lists_units_and_draws_the_map() {
    let h = read(public().join("units/index.html"));
    let units = read(built_demo().join("site/data/units.yaml"));
    let n = units.lines().filter(|l| l.starts_with("- id:")).count();
    assert!(n >= 24);
    assert_eq!(count(&h, "<tr id=\"unit-"), n, "every unit listed");
    assert!(h.contains("chart-map"), "the SVG map");
    // The map in its screen and its phone layout (one shown by the CSS).
    assert_eq!(count(&h, "<div class=\"chart-plot chart-narrow\">"), 1);
    assert_eq!(
        count(&h, "class=\"map-point map-unit\""),
        2 * n,
        "every unit on the map, in both layouts"
    );
}

#[test]
fn timeline_groups_activities_newest_first() {
    let h = read(public().join("timeline/index.html"));
    let (y24, y23, y22) = (
        h.find("id=\"y2024\"").unwrap(),
        h.find("id=\"y2023\"").unwrap(),
        h.find("id=\"y2022\"").unwrap(),
    );
    assert!(y24 < y23 && y23 < y22);
    assert!(h.contains("/activities/七一主题党日/"));
    assert!(!h.contains("shuzi-dangjian-saishi"), "no drafts");
}

#[test]
fn home_shows_kpis_and_two_charts() {
    let h = read(public().join("index.html"));
    assert!(h.contains("class=\"kpis\""));
    assert!(
        count(&h, "<figure class=\"chart chart-") >= 2,
        "at least two charts"
    );
}

/// A site with the hard cases: one year only for a metric, gaps, zero, huge values,
/// 30 breakdown items, a percentage, negative changes.
#[test]
fn chart_kinds_and_hard_cases_render() {
    let t = demo();
    let s = site(&t);
    std::fs::write(s.join("data/stats/2024.yaml"), {
        let mut y = String::from("year: 2024\nmetrics:\n");
        y.push_str("  party_branches: {label: 党组织, value: 110, unit: 个}\n");
        y.push_str("  coverage: {label: 覆盖率, value: 97.6, unit: \"%\"}\n");
        y.push_str("  social_organizations: {label: 社会组织, value: 1000, unit: 家}\n");
        y.push_str("  volunteer_hours: {label: 志愿服务时长, value: 1234567, unit: 小时}\n");
        y.push_str("  party_members: {label: 党员人数, value: 1903, unit: 名}\n");
        y.push_str("  new_metric: {label: 新指标, value: 0, unit: 个}\n");
        y.push_str("breakdowns:\n  many:\n    label: 三十项\n    unit: 个\n    items: {");
        y.push_str(
            &(1..=30)
                .map(|i| format!("第{i}个很长很长的街道社区名称: {i}"))
                .collect::<Vec<_>>()
                .join(", "),
        );
        y.push_str("}\n");
        y
    })
    .unwrap();
    std::fs::write(
        s.join("content/charts.md"),
        "---\ntitle: charts\n---\n\n{{ chart(keys=[\"party_branches\", \"social_organizations\"], kind=\"bar\") }}\n\n{{ chart(keys=[\"coverage\"], kind=\"line\") }}\n\n{{ chart(keys=[\"new_metric\"]) }}\n\n{{ chart(breakdown=\"many\", kind=\"bar\") }}\n\n{{ chart(breakdown=\"units_by_type\", year=2023, kind=\"pie\") }}\n\n{{ chart(breakdown=\"units_by_type\", year=2023, kind=\"donut\") }}\n\n{{ kpis(year=2024) }}\n",
    )
    .unwrap();
    // The home page asks for 2024 breakdowns and metrics that this file no longer has.
    std::fs::write(
        s.join("content/_index.md"),
        "---\ntitle: 首页\n---\n\n首页\n",
    )
    .unwrap();
    let o = run(&s, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let h = read(s.join("public/charts/index.html"));
    assert!(h.contains("chart chart-bar"));
    assert!(h.contains("chart chart-line"));
    assert!(h.contains("chart chart-pie"));
    assert!(h.contains("chart chart-donut"));
    assert!(
        h.contains("chart chart-hbar"),
        "30 items switch to horizontal bars"
    );
    assert!(h.contains("1,234,567"), "large values with separators");
    // 30 items: 30 bars in each layout (screen, phone) and 30 table rows for that chart.
    let many = &h[h.find("三十项").unwrap()..];
    let many = &many[..many.find("</figure>").unwrap()];
    assert_eq!(count(many, "class=\"bar"), 60, "{many}");
    assert_eq!(count(many, "<tr><th scope=\"row\">"), 30);
    // The percentage axis stops at 100.
    let cov = &h[h.find("chart chart-line").unwrap()..];
    assert!(cov[..cov.find("</svg>").unwrap()].contains(">100<"));
    // A metric present in one year only: a single point, the missing years shown as gaps.
    let one = &h[h.find("新指标").unwrap()..];
    let one = &one[..one.find("</figure>").unwrap()];
    assert_eq!(
        count(one, "<td>—</td>"),
        5,
        "missing years are gaps, not zeros: {one}"
    );
    assert_eq!(count(one, "<td>0</td>"), 1, "the one real zero is shown");
    // Negative change: volunteer hours fell from 2023.
    assert!(h.contains("▼"), "a fall year on year");
}
