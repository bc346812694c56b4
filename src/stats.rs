//! The statistics model: `data/stats/YYYY.yaml`, one file per year (docs/reference/data.md).
//!
//! This module owns loading and validating the yearly statistics files ([`load`], in
//! `stats/load.rs`), the typed model ([`Stats`], [`YearStats`], [`Metric`],
//! [`Breakdown`]), lookups across years (series, change from the year before), number
//! formatting (`1,234,567`) and the text of the `stat` shortcode ([`Stats::stat_text`]).
//! The SVG charts built from it live in `crate::charts`.
//!
//! Templates: Tera 2 cannot call Rust methods, so templates get the plain value
//! [`Stats::template_value`] ([`StatsView`]) as `stats`:
//! - `stats.years` — every year with a file, oldest first: `[2019, …, 2024]`;
//! - `stats.latest` — the newest [`YearStats`] (`stats.latest.metrics`, each with `key`,
//!   `label`, `value`, `display` = the value as written, `unit`);
//! - `stats.by_year["2024"]` — one year (keys are strings), what docs/reference/data.md calls
//!   `stats.year(2024)`;
//! - `stats.series["party_branches"]` — `[{year, value, display}]` for every year, `value`
//!   and `display` null where that year has no such metric;
//! - `stats.metrics` / `stats.breakdowns` — `{key, label, unit}` of every key, in the
//!   order of the newest file;
//! - `stats.changes["2024"]["party_branches"]` — `{value, display, direction, previous_year}`
//!   against the previous year that has the key (absent for the first year).
//!
//! Charts and key-figure cards are template functions / shortcodes registered by the
//! template layer on top of `crate::charts`.

mod load;
mod locate;
mod raw;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::Serialize;

use crate::diag::{did_you_mean, Text};
use crate::tr;

pub use load::load;

/// Every year's statistics, by year.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Stats {
    years: BTreeMap<i32, YearStats>,
}

/// One `data/stats/YYYY.yaml`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct YearStats {
    pub year: i32,
    /// What the figures cover (`钟楼区`).
    pub scope: Option<String>,
    /// In file order.
    pub metrics: Vec<Metric>,
    /// In file order.
    pub breakdowns: Vec<Breakdown>,
}

/// One figure of one year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Metric {
    pub key: String,
    /// Defaults to the key.
    pub label: String,
    pub value: f64,
    /// The value as written in the YAML: `"98.5"`, `"1100"`.
    pub display: String,
    /// `个`, `家`, `%`; empty when none.
    pub unit: String,
}

/// A figure split into parts (`各街道党组织数`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Breakdown {
    pub key: String,
    pub label: String,
    pub unit: String,
    /// The metric the items add up to, checked when loading.
    pub total_of: Option<String>,
    /// In file order.
    pub items: Vec<BreakdownItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakdownItem {
    pub label: String,
    pub value: f64,
    /// The value as written in the YAML.
    pub display: String,
}

/// `{key, label, unit}` of a metric or breakdown, for listings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyInfo {
    pub key: String,
    pub label: String,
    pub unit: String,
}

/// One year of a series; `value` is `None` where the year has no such metric.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeriesPoint {
    pub year: i32,
    pub value: Option<f64>,
    pub display: Option<String>,
}

/// The change of a metric from the previous year that has it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// This year's value minus the previous one (negative when it went down).
    pub value: f64,
    /// The size of the change with thousands separators, no sign: `"12"`, `"1.5"`.
    pub display: String,
    /// `"up"`, `"down"` or `"same"`.
    pub direction: &'static str,
    pub previous_year: i32,
}

/// What templates get as `stats` (see the module docs).
#[derive(Clone, Debug, Serialize)]
pub struct StatsView {
    pub years: Vec<i32>,
    pub latest: Option<YearStats>,
    pub by_year: BTreeMap<String, YearStats>,
    pub series: IndexMap<String, Vec<SeriesPoint>>,
    pub metrics: Vec<KeyInfo>,
    pub breakdowns: Vec<KeyInfo>,
    pub changes: BTreeMap<String, IndexMap<String, Change>>,
}

impl YearStats {
    pub fn metric(&self, key: &str) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.key == key)
    }

    pub fn breakdown(&self, key: &str) -> Option<&Breakdown> {
        self.breakdowns.iter().find(|b| b.key == key)
    }
}

impl Stats {
    /// Build from already validated years (later duplicates of a year replace earlier).
    pub fn from_years(years: impl IntoIterator<Item = YearStats>) -> Stats {
        Stats {
            years: years.into_iter().map(|y| (y.year, y)).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.years.is_empty()
    }

    /// Every year with a statistics file, oldest first.
    pub fn years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    pub fn latest(&self) -> Option<&YearStats> {
        self.years.values().next_back()
    }

    pub fn year(&self, year: i32) -> Option<&YearStats> {
        self.years.get(&year)
    }

    pub fn metric(&self, key: &str, year: i32) -> Option<&Metric> {
        self.year(year)?.metric(key)
    }

    pub fn breakdown(&self, key: &str, year: i32) -> Option<&Breakdown> {
        self.year(year)?.breakdown(key)
    }

    /// The value of `key` in every year, `None` where missing.
    pub fn series(&self, key: &str) -> Vec<(i32, Option<f64>)> {
        self.years
            .values()
            .map(|y| (y.year, y.metric(key).map(|m| m.value)))
            .collect()
    }

    /// The metric in the closest earlier year that has it.
    pub fn previous(&self, key: &str, year: i32) -> Option<&Metric> {
        self.years
            .range(..year)
            .rev()
            .find_map(|(_, y)| y.metric(key))
    }

    /// `year`'s value minus the previous year's that has the key; `None` for the first.
    pub fn change(&self, key: &str, year: i32) -> Option<f64> {
        let now = self.metric(key, year)?;
        let before = self.previous(key, year)?;
        Some(now.value - before.value)
    }

    /// [`Change`] with its display text (decimals as many as the values were written with).
    pub fn change_info(&self, key: &str, year: i32) -> Option<Change> {
        let now = self.metric(key, year)?;
        let before = self.previous(key, year)?;
        let previous_year = self
            .years
            .range(..year)
            .rev()
            .find(|(_, y)| y.metric(key).is_some())
            .map(|(y, _)| *y)?;
        let diff = now.value - before.value;
        let decimals = decimals_of(&now.display).max(decimals_of(&before.display));
        let display = format_f64(diff.abs(), decimals);
        let rounded_zero = display.bytes().all(|b| matches!(b, b'0' | b'.' | b','));
        let direction = if rounded_zero {
            "same"
        } else if diff > 0.0 {
            "up"
        } else {
            "down"
        };
        Some(Change {
            value: diff,
            display,
            direction,
            previous_year,
        })
    }

    /// Every metric key, in the order of the newest file, then keys only older files have
    /// (newest first); label and unit from the newest year that has the key.
    pub fn metric_keys(&self) -> Vec<KeyInfo> {
        let mut out: Vec<KeyInfo> = Vec::new();
        for y in self.years.values().rev() {
            for m in &y.metrics {
                if !out.iter().any(|k| k.key == m.key) {
                    out.push(KeyInfo {
                        key: m.key.clone(),
                        label: m.label.clone(),
                        unit: m.unit.clone(),
                    });
                }
            }
        }
        out
    }

    /// Like [`Stats::metric_keys`], for breakdowns.
    pub fn breakdown_keys(&self) -> Vec<KeyInfo> {
        let mut out: Vec<KeyInfo> = Vec::new();
        for y in self.years.values().rev() {
            for b in &y.breakdowns {
                if !out.iter().any(|k| k.key == b.key) {
                    out.push(KeyInfo {
                        key: b.key.clone(),
                        label: b.label.clone(),
                        unit: b.unit.clone(),
                    });
                }
            }
        }
        out
    }

    /// The `stats` value for templates (see the module docs).
    pub fn template_value(&self) -> StatsView {
        let metrics = self.metric_keys();
        let mut series = IndexMap::new();
        for k in &metrics {
            let points = self
                .years
                .values()
                .map(|y| {
                    let m = y.metric(&k.key);
                    SeriesPoint {
                        year: y.year,
                        value: m.map(|m| m.value),
                        display: m.map(|m| m.display.clone()),
                    }
                })
                .collect();
            series.insert(k.key.clone(), points);
        }
        let mut changes = BTreeMap::new();
        for y in self.years.values() {
            let mut of_year = IndexMap::new();
            for m in &y.metrics {
                if let Some(c) = self.change_info(&m.key, y.year) {
                    of_year.insert(m.key.clone(), c);
                }
            }
            changes.insert(y.year.to_string(), of_year);
        }
        StatsView {
            years: self.years(),
            latest: self.latest().cloned(),
            by_year: self
                .years
                .values()
                .map(|y| (y.year.to_string(), y.clone()))
                .collect(),
            series,
            metrics,
            breakdowns: self.breakdown_keys(),
            changes,
        }
    }

    /// The text of `stat(key=…, year=…)`: the value as written, then the unit with no
    /// space (`305个`, `98.5%`). `year` defaults to the newest year.
    pub fn stat_text(&self, key: &str, year: Option<i32>) -> Result<String, Text> {
        let y = self.year_or_latest(year)?;
        match y.metric(key) {
            Some(m) => Ok(format!("{}{}", m.display, m.unit)),
            None => Err(self.missing_metric(key, y.year)),
        }
    }

    /// The statistics of `year`, or of the newest year; an error text when there is none.
    pub fn year_or_latest(&self, year: Option<i32>) -> Result<&YearStats, Text> {
        match year {
            None => self.latest().ok_or_else(no_stats),
            Some(y) => self.year(y).ok_or_else(|| {
                if self.is_empty() {
                    no_stats()
                } else {
                    let list = self.years_list();
                    tr!(
                        "there are no statistics for {y} (there is no data/stats/{y}.yaml); years with statistics: {list}",
                        "没有 {y} 年的统计数据（缺少 data/stats/{y}.yaml）；已有统计的年份：{list}"
                    )
                }
            }),
        }
    }

    /// An error text for a metric key that `year` lacks: unknown everywhere (with a
    /// "did you mean"), or only missing that year (with the years that have it).
    pub fn missing_metric(&self, key: &str, year: i32) -> Text {
        let keys = self.metric_keys();
        if keys.iter().any(|k| k.key == key) {
            let have: Vec<String> = self
                .years
                .values()
                .filter(|y| y.metric(key).is_some())
                .map(|y| y.year.to_string())
                .collect();
            let have = have.join(", ");
            tr!(
                "the metric `{key}` has no value for {year}; it is in the statistics of {have}",
                "指标 `{key}` 没有 {year} 年的数值；有该指标的年份：{have}"
            )
        } else {
            unknown_key_text(key, keys.iter().map(|k| k.key.as_str()), "metric", "指标")
        }
    }

    fn years_list(&self) -> String {
        self.years()
            .iter()
            .map(|y| y.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn no_stats() -> Text {
    tr!(
        "the site has no statistics yet: add a file data/stats/YYYY.yaml (for example data/stats/2024.yaml)",
        "网站还没有统计数据：请添加 data/stats/年份.yaml 文件（例如 data/stats/2024.yaml）"
    )
}

/// "unknown metric `x`; did you mean `y`?" (or the list of known keys).
pub(crate) fn unknown_key_text<'a>(
    key: &str,
    known: impl Iterator<Item = &'a str> + Clone,
    what_en: &str,
    what_zh: &str,
) -> Text {
    match did_you_mean(key, known.clone()) {
        Some(s) => tr!(
            "unknown {what_en} `{key}` in the statistics; did you mean `{s}`?",
            "统计数据中没有{what_zh} `{key}`；是不是 `{s}`？"
        ),
        None => {
            let list: Vec<String> = known.map(|k| format!("`{k}`")).collect();
            if list.is_empty() {
                tr!(
                    "unknown {what_en} `{key}`: the statistics have no {what_en}s",
                    "统计数据中没有{what_zh} `{key}`：统计文件里还没有任何{what_zh}"
                )
            } else {
                let list = list.join(", ");
                tr!(
                    "unknown {what_en} `{key}` in the statistics; known: {list}",
                    "统计数据中没有{what_zh} `{key}`；已有：{list}"
                )
            }
        }
    }
}

/// A number as written (`"125000"`, `"-3.5"`) with thousands separators (`"125,000"`).
/// Text that is not a plain decimal number is returned trimmed, unchanged.
pub fn format_number(display: &str) -> String {
    let s = display.trim();
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = match rest.find('.') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac.trim_start_matches('.')) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out.push_str(frac);
    out
}

/// `v` with `decimals` decimals and thousands separators; never `-0`.
pub fn format_f64(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v);
    let s = match s.strip_prefix('-') {
        Some(r) if r.bytes().all(|b| matches!(b, b'0' | b'.')) => r.to_string(),
        _ => s,
    };
    format_number(&s)
}

/// The shortest text that reads back as `v` (`1100`, `98.5`), with separators.
pub fn format_value(v: f64) -> String {
    format_number(&plain_number(v))
}

/// The shortest decimal text of `v`, no separators (`1100`, `98.5`, never `-0`).
pub fn plain_number(v: f64) -> String {
    if v == 0.0 {
        "0".to_string()
    } else {
        format!("{v}")
    }
}

/// How many decimals a number was written with (`"98.50"` → 2, `"110"` → 0).
pub fn decimals_of(display: &str) -> usize {
    display
        .trim()
        .split_once('.')
        .map(|(_, f)| f.bytes().take_while(u8::is_ascii_digit).count())
        .unwrap_or(0)
}

/// Whether a unit means "percent" (values 0–100, axis 0–100).
pub fn is_percent(unit: &str) -> bool {
    matches!(unit.trim(), "%" | "％")
}
