//! Tests of loading, validation (with line numbers), lookups and formatting.

use std::path::PathBuf;

use super::*;
use crate::diag::{Diagnostic, Severity};

pub(crate) const Y2023: &str = "\
year: 2023
scope: 钟楼区
metrics:
  social_organizations: {label: 社会组织, value: 1050, unit: 家}
  party_branches:       {label: 党组织,   value: 104,  unit: 个}
  coverage:             {label: 党组织覆盖率, value: 97.2, unit: \"%\"}
";

pub(crate) const Y2024: &str = "\
year: 2024
scope: 钟楼区
metrics:
  social_organizations: {label: 社会组织, value: 1100, unit: 家}
  party_branches:       {label: 党组织,   value: 110,  unit: 个}
  coverage:             {label: 党组织覆盖率, value: 98.5, unit: \"%\"}
breakdowns:
  branches_by_street:
    label: 各街道党组织数
    unit: 个
    total_of: party_branches
    items: {西林街道: 42, 南大街街道: 37, 北港街道: 31}
";

fn files(list: &[(&str, &str)]) -> Vec<(PathBuf, String)> {
    list.iter()
        .map(|(p, t)| (PathBuf::from(p), t.to_string()))
        .collect()
}

fn run(list: &[(&str, &str)]) -> (Stats, Vec<Diagnostic>) {
    load(&files(list))
}

/// The example stats used by chart tests too.
pub(crate) fn example() -> Stats {
    let (s, d) = run(&[
        ("data/stats/2023.yaml", Y2023),
        ("data/stats/2024.yaml", Y2024),
    ]);
    assert!(d.is_empty(), "{d:?}");
    s
}

fn only(d: &[Diagnostic]) -> &Diagnostic {
    assert_eq!(d.len(), 1, "{d:#?}");
    &d[0]
}

#[test]
fn loads_the_spec_example() {
    let s = example();
    assert_eq!(s.years(), vec![2023, 2024]);
    let y = s.latest().expect("latest");
    assert_eq!(y.scope.as_deref(), Some("钟楼区"));
    let keys: Vec<&str> = y.metrics.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(keys, ["social_organizations", "party_branches", "coverage"]);
    let cov = s.metric("coverage", 2024).expect("coverage");
    assert_eq!(
        (cov.value, cov.display.as_str(), cov.unit.as_str()),
        (98.5, "98.5", "%")
    );
    let b = y.breakdown("branches_by_street").expect("breakdown");
    let labels: Vec<&str> = b.items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(labels, ["西林街道", "南大街街道", "北港街道"]);
    assert_eq!(b.total_of.as_deref(), Some("party_branches"));
}

#[test]
fn series_change_and_gaps() {
    let y2025 = "year: 2025\nmetrics:\n  coverage: {label: 党组织覆盖率, value: 99, unit: \"%\"}\n";
    let (s, d) = run(&[
        ("data/stats/2023.yaml", Y2023),
        ("data/stats/2024.yaml", Y2024),
        ("data/stats/2025.yaml", y2025),
    ]);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(
        s.series("party_branches"),
        vec![(2023, Some(104.0)), (2024, Some(110.0)), (2025, None)]
    );
    assert_eq!(s.change("party_branches", 2024), Some(6.0));
    assert_eq!(s.change("party_branches", 2023), None);
    assert_eq!(s.change("party_branches", 2025), None);
    let c = s.change_info("coverage", 2025).expect("change");
    assert_eq!(
        (c.display.as_str(), c.direction, c.previous_year),
        ("0.5", "up", 2024)
    );
    let c = s.change_info("coverage", 2024).expect("change");
    assert_eq!(c.display, "1.3"); // 98.5 − 97.2, not 1.2999999
    let v = s.template_value();
    assert_eq!(v.years, vec![2023, 2024, 2025]);
    assert_eq!(v.by_year["2024"].year, 2024);
    assert_eq!(v.series["party_branches"][2].value, None);
    assert_eq!(v.metrics[0].key, "coverage"); // newest file's order first
    assert_eq!(v.changes["2024"]["social_organizations"].display, "50");
    assert!(!v.changes["2023"].contains_key("coverage"));
    let json = serde_json::to_value(&v).expect("serializable");
    assert_eq!(json["latest"]["year"], 2025);
}

#[test]
fn stat_text_as_written() {
    let s = example();
    assert_eq!(s.stat_text("party_branches", None).as_deref(), Ok("110个"));
    assert_eq!(s.stat_text("coverage", Some(2023)).as_deref(), Ok("97.2%"));
    let e = s.stat_text("party_branch", None).unwrap_err();
    assert!(e.en.contains("did you mean `party_branches`"), "{}", e.en);
    assert!(e.zh.contains("是不是 `party_branches`"), "{}", e.zh);
    let e = s.stat_text("coverage", Some(2019)).unwrap_err();
    assert!(
        e.en.contains("no statistics for 2019") && e.en.contains("2023, 2024"),
        "{}",
        e.en
    );
    let e = Stats::default().stat_text("x", None).unwrap_err();
    assert!(e.en.contains("data/stats/2024.yaml"), "{}", e.en);
}

#[test]
fn formats_numbers() {
    assert_eq!(format_number("125000"), "125,000");
    assert_eq!(format_number("1234567"), "1,234,567");
    assert_eq!(format_number("98.5"), "98.5");
    assert_eq!(format_number("-1234.25"), "-1,234.25");
    assert_eq!(format_number("0"), "0");
    assert_eq!(format_number("999"), "999");
    assert_eq!(format_number("n/a"), "n/a");
    assert_eq!(format_f64(-0.0001, 1), "0.0");
    assert_eq!(format_f64(1234567.0, 0), "1,234,567");
    assert_eq!(format_value(1100.0), "1,100");
    assert_eq!(decimals_of("98.50"), 2);
}

#[test]
fn bad_file_name_is_an_error() {
    let (s, d) = run(&[("data/stats/stats2024.yaml", Y2024)]);
    let d = only(&d);
    assert!(
        d.is_error() && d.message.en.contains("not named after a year"),
        "{d:?}"
    );
    assert!(s.is_empty());
}

#[test]
fn year_must_match_the_file_name() {
    let text = "# 2024 figures\nyear: 2023\nmetrics:\n  a: {value: 1}\n";
    let (s, d) = run(&[("data/stats/2024.yaml", text)]);
    let d = only(&d);
    assert_eq!((d.line, d.col), (2, 1), "{d:?}");
    assert!(d
        .message
        .en
        .contains("does not match the file name 2024.yaml"));
    assert_eq!(s.years(), vec![2024]); // still loaded under its file name
    let (_, d) = run(&[("data/stats/2024.yaml", "metrics:\n  a: {value: 1}\n")]);
    let d = only(&d);
    assert_eq!(d.line, 1);
    assert!(
        d.message.en.contains("no `year`") && d.hint.as_ref().unwrap().en.contains("year: 2024")
    );
}

#[test]
fn value_not_a_number() {
    let text = "year: 2024\nmetrics:\n  a: {label: 甲, value: 1,100, unit: 家}\n  b:\n    label: 乙\n    value: 很多\n";
    let (s, d) = run(&[("data/stats/2024.yaml", text)]);
    // `{…, value: 1,100, …}` is YAML for value "1" and a stray key "100".
    assert!(!d.is_empty());
    let text =
        "year: 2024\nmetrics:\n  b:\n    label: 乙\n    value: 很多\n  c:\n    value: \"1,100\"\n";
    let (s2, d) = run(&[("data/stats/2024.yaml", text)]);
    assert_eq!(d.len(), 2, "{d:#?}");
    assert_eq!((d[0].line, d[0].col), (5, 5));
    assert!(d[0].message.en.contains("`很多` is not a number"));
    assert!(d[0].message.zh.contains("不是数字"));
    assert_eq!(d[1].line, 7);
    assert!(d[1]
        .hint
        .as_ref()
        .unwrap()
        .en
        .contains("thousands separators"));
    assert!(s2.metric("b", 2024).is_none());
    let _ = s;
}

#[test]
fn percent_out_of_range() {
    let text = "year: 2024\nmetrics:\n  ok: {value: 100, unit: \"%\"}\n  cov: {label: 覆盖率, value: 120, unit: \"%\"}\n";
    let (_, d) = run(&[("data/stats/2024.yaml", text)]);
    let d = only(&d);
    assert_eq!((d.line, d.col, d.len), (4, 21, 5), "{d:?}");
    assert!(d.message.en.contains("120% is not a percentage"));
}

#[test]
fn total_of_unknown_and_mismatch() {
    let bad_sum = Y2024.replace("北港街道: 31", "北港街道: 29");
    let (_, d) = run(&[("data/stats/2024.yaml", &bad_sum)]);
    let d = only(&d);
    assert_eq!((d.line, d.col), (11, 5), "{d:?}");
    assert!(
        d.message.en.contains("add up to 108") && d.message.en.contains("is 110"),
        "{}",
        d.message.en
    );
    let unknown = Y2024.replace("total_of: party_branches", "total_of: party_branch");
    let (_, d) = run(&[("data/stats/2024.yaml", &unknown)]);
    let d = only(&d);
    assert_eq!(d.line, 11);
    assert_eq!(
        d.hint.as_ref().unwrap().en,
        "did you mean `party_branches`?"
    );
}

#[test]
fn label_or_unit_change_warns_at_the_later_file() {
    let renamed = Y2024
        .replace("label: 党组织,  ", "label: 党组织数,")
        .replace("unit: 家", "unit: 个");
    let (s, d) = run(&[
        ("data/stats/2024.yaml", &renamed),
        ("data/stats/2023.yaml", Y2023),
    ]);
    assert_eq!(d.len(), 2, "{d:#?}");
    assert!(d.iter().all(|x| x.severity == Severity::Warning));
    assert!(d
        .iter()
        .all(|x| x.file == Some(PathBuf::from("data/stats/2024.yaml"))));
    let label = d
        .iter()
        .find(|x| x.message.en.contains("labelled"))
        .expect("label warning");
    assert_eq!(label.line, 5);
    assert!(label
        .message
        .en
        .contains("“党组织数” here but “党组织” in 2023"));
    let unit = d
        .iter()
        .find(|x| x.message.en.contains("unit"))
        .expect("unit warning");
    assert_eq!(unit.line, 4);
    assert_eq!(s.years().len(), 2);
}

#[test]
fn missing_label_defaults_to_key() {
    let (s, d) = run(&[(
        "data/stats/2024.yaml",
        "year: 2024\nmetrics:\n  volunteers: {value: 1234567}\n",
    )]);
    assert!(d.is_empty());
    let m = s.metric("volunteers", 2024).expect("metric");
    assert_eq!(
        (m.label.as_str(), m.unit.as_str(), m.display.as_str()),
        ("volunteers", "", "1234567")
    );
}

#[test]
fn yaml_errors_have_lines_and_hints() {
    let (_, d) = run(&[(
        "data/stats/2024.yaml",
        "year: 2024\nmetrics:\n  a: {value: 1}\nbreakdown:\n  x: {}\n",
    )]);
    let d = only(&d);
    assert_eq!(d.line, 4, "{d:?}");
    assert_eq!(d.hint.as_ref().unwrap().en, "did you mean `breakdowns`?");
    let (_, d) = run(&[("data/stats/2024.yaml", "year： 2024\n")]);
    assert_eq!(only(&d).line, 1);
    let (_, d) = run(&[("data/stats/2024.yaml", "year: twenty\n")]);
    assert_eq!(only(&d).line, 1);
    let (_, d) = run(&[("data/stats/2024.yaml", "year: 2024\nmetrics:\n  a: 5\n")]);
    let d = only(&d);
    assert_eq!(d.line, 3, "{d:?}");
    assert!(
        d.message
            .en
            .contains("expected `{label: …, value: …, unit: …}`"),
        "{}",
        d.message.en
    );
    let (_, d) = run(&[("data/stats/2024.yaml", "  \n")]);
    assert!(only(&d).message.en.contains("is empty"));
}

#[test]
fn duplicates_are_reported_at_the_second() {
    let text = "year: 2024\nmetrics:\n  a: {value: 1}\n  b: {value: 2}\n  a: {value: 3}\n";
    let (s, d) = run(&[("data/stats/2024.yaml", text)]);
    let d = only(&d);
    assert_eq!((d.line, d.col), (5, 3), "{d:?}");
    assert_eq!(s.metric("a", 2024).map(|m| m.value), Some(1.0));
    let (_, d) = run(&[
        (
            "data/stats/2024.yaml",
            "year: 2024\nmetrics:\n  a: {value: 1}\n",
        ),
        ("data/stats/x/2024.yaml", "year: 2024\n"),
    ]);
    assert!(only(&d).message.en.contains("second statistics file"));
}

#[test]
fn locate_finds_nested_keys() {
    let t = "metrics:\n  # value: no\n  a:\n    value: 1\n  b: {value: 2}\n";
    assert_eq!(
        locate::locate(t, &["metrics", "a", "value"]),
        Some((4, 5, 5))
    );
    assert_eq!(
        locate::locate(t, &["metrics", "b", "value"]),
        Some((5, 7, 5))
    );
    assert_eq!(locate::locate(t, &["metrics", "c"]), None);
}
