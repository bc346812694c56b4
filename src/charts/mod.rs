//! SVG charts made at build time: metrics over years (bar, line), one breakdown (bar,
//! horizontal bar, pie, donut), key-figure cards and a point map (docs/reference/shortcodes.md
//! `chart`, `kpis`, `map`; §6 `/stats/`, `/units/`).
//!
//! Every chart is a `<figure class="chart …">` holding a caption, an `<svg role="img">`
//! with `<title>` and `<desc>`, and a `<table class="chart-data">` with the same numbers,
//! so charts read without colour, without images, in print and to screen readers.
//! Values are labelled directly on the bars, points and slices; series also differ by
//! fill pattern, dash pattern and marker shape.
//!
//! Why hand-written SVG: `plotters` and `charts-rs` were considered. Both measure text
//! with an embedded Latin font (charts-rs ships Roboto and needs a multi-megabyte CJK
//! font loaded before Chinese labels get sane widths), neither wraps or shortens long
//! Chinese category labels, adds data tables, `<title>`/`<desc>`, dash/marker
//! redundancy or direct labels the way an accessible exhibition chart needs, and their
//! float formatting is not pinned down. The charts here are a few hundred lines,
//! deterministic (every coordinate printed with one fixed decimal) and free of JS.

mod axis;
mod bar;
mod basemap;
mod hbar;
mod kpis;
mod labels;
mod layout;
mod line;
mod map;
mod pie;
mod svg;
mod table;

use crate::diag::{did_you_mean, Text};
use crate::stats::{format_number, is_percent, unknown_key_text, Stats};
use crate::tr;

pub(crate) use basemap::MapArea;
pub(crate) use kpis::kpis_in;
pub(crate) use layout::{Medium, PrintSize};
pub(crate) use map::{map_for, map_in, MapBase, MapImage, MapPoint, MapSource};

pub(crate) use crate::config::Ui;

/// Words inside charts (table headers, "no data", legends) in the site's UI language.
impl Ui {
    pub(crate) fn t(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Ui::Zh => zh,
            Ui::En => en,
        }
    }

    /// "党组织（个）" / "Party branches (个)"; just the label when there is no unit.
    pub(crate) fn with_unit(self, label: &str, unit: &str) -> String {
        if unit.is_empty() {
            label.to_string()
        } else {
            format!("{label}{}", self.paren(unit))
        }
    }

    /// "（38.2%）" / " (38.2%)".
    pub(crate) fn paren(self, s: &str) -> String {
        match self {
            Ui::Zh => format!("（{s}）"),
            Ui::En => format!(" ({s})"),
        }
    }

    pub(crate) fn year(self, y: i32) -> String {
        match self {
            Ui::Zh => format!("{y}年"),
            Ui::En => y.to_string(),
        }
    }
}

/// `kind` of a chart of metrics over years.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum SeriesKind {
    #[default]
    Bar,
    Line,
}

/// `kind` of a chart of one breakdown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum BreakdownKind {
    #[default]
    Bar,
    Pie,
    Donut,
}

impl SeriesKind {
    /// The kinds as written, in the order messages list them.
    pub(crate) const NAMES: &'static [&'static str] = &["bar", "line"];

    /// `"bar"` or `"line"`; an error text (with a suggestion) otherwise.
    pub(crate) fn parse(s: &str) -> Result<SeriesKind, Text> {
        match s {
            "bar" => Ok(SeriesKind::Bar),
            "line" => Ok(SeriesKind::Line),
            _ => Err(bad_kind(s, Self::NAMES)),
        }
    }

    /// `kind` of `chart(keys=…)`, the shortcode and the template function alike: a
    /// line when not given.
    pub(crate) fn of_chart(kind: Option<&str>) -> Result<SeriesKind, Text> {
        kind.map_or(Ok(SeriesKind::Line), SeriesKind::parse)
    }
}

impl BreakdownKind {
    /// The kinds as written, in the order messages list them.
    pub(crate) const NAMES: &'static [&'static str] = &["bar", "pie", "donut"];

    /// `"bar"`, `"pie"` or `"donut"`; an error text (with a suggestion) otherwise.
    pub(crate) fn parse(s: &str) -> Result<BreakdownKind, Text> {
        match s {
            "bar" => Ok(BreakdownKind::Bar),
            "pie" => Ok(BreakdownKind::Pie),
            "donut" => Ok(BreakdownKind::Donut),
            _ => Err(bad_kind(s, Self::NAMES)),
        }
    }

    /// `kind` of `chart(breakdown=…)`, the shortcode and the template function
    /// alike: bars when not given.
    pub(crate) fn of_chart(kind: Option<&str>) -> Result<BreakdownKind, Text> {
        kind.map_or(Ok(BreakdownKind::Bar), BreakdownKind::parse)
    }
}

fn bad_kind(s: &str, allowed: &[&str]) -> Text {
    let list = allowed.join(", ");
    match did_you_mean(s, allowed.iter().copied()) {
        Some(m) => tr!(
            "unknown chart kind `{s}`; did you mean `{m}`? (kinds: {list})",
            "未知的图表类型 `{s}`；是不是 `{m}`？（可用：{list}）"
        ),
        None => tr!(
            "unknown chart kind `{s}`; use one of: {list}",
            "未知的图表类型 `{s}`；可用的类型：{list}"
        ),
    }
}

/// `chart(keys=[…], kind=…, from=…, to=…, title=…)`. The chart shows the years in
/// `from..=to` (default: all) that have a statistics file.
#[derive(Clone, Debug, Default)]
pub(crate) struct SeriesChartArgs {
    pub keys: Vec<String>,
    pub kind: SeriesKind,
    pub from: Option<i32>,
    pub to: Option<i32>,
    pub title: Option<String>,
}

/// `chart(breakdown=…, year=…, kind=…, title=…)`.
#[derive(Clone, Debug, Default)]
pub(crate) struct BreakdownChartArgs {
    pub breakdown: String,
    /// Default: the newest year that has this breakdown.
    pub year: Option<i32>,
    pub kind: BreakdownKind,
    pub title: Option<String>,
}

/// Metrics over years, resolved from [`Stats`].
pub(crate) struct SeriesData {
    pub title: String,
    pub years: Vec<i32>,
    pub series: Vec<SeriesCol>,
    /// Every series is a percentage: the axis is 0–100.
    pub percent: bool,
    pub ui: Ui,
}

pub(crate) struct SeriesCol {
    pub label: String,
    pub unit: String,
    /// Per year of [`SeriesData::years`]: the value and its text with separators.
    pub values: Vec<Option<(f64, String)>>,
}

/// One breakdown of one year, resolved from [`Stats`].
pub(crate) struct ItemsData {
    pub title: String,
    pub unit: String,
    /// Label, value, value text with separators.
    pub items: Vec<(String, f64, String)>,
    pub percent: bool,
    /// Show each item's share and the total (pie, donut, or `total_of`).
    pub shares: bool,
    pub ui: Ui,
}

/// An SVG chart of metrics over years, with its data table, in the site's UI language,
/// for the website: the screen layout and the phone layout ([`Medium::Phone`]), of
/// which the theme shows one.
pub(crate) fn series_chart_in(
    stats: &Stats,
    args: &SeriesChartArgs,
    ui: Ui,
) -> Result<String, Text> {
    let data = series_data(stats, args, ui)?;
    let (kind, wide) = series_svg(&data, args.kind, Medium::Screen);
    let (_, phone) = series_svg(&data, args.kind, Medium::Phone);
    Ok(svg::figure(
        kind,
        &data.title,
        &wide,
        Some(&phone),
        &table::series_table(&data),
    ))
}

/// [`series_chart_in`] laid out for `medium` alone (print, the kiosk's fixed screen).
pub(crate) fn series_chart_for(
    stats: &Stats,
    args: &SeriesChartArgs,
    ui: Ui,
    medium: Medium,
) -> Result<String, Text> {
    let data = series_data(stats, args, ui)?;
    let (kind, svg) = series_svg(&data, args.kind, medium);
    Ok(svg::figure(
        kind,
        &data.title,
        &svg,
        None,
        &table::series_table(&data),
    ))
}

/// The figure kind and the SVG of a series chart laid out for `medium`.
fn series_svg(data: &SeriesData, kind: SeriesKind, medium: Medium) -> (&'static str, String) {
    let canvas = medium.canvas();
    match kind {
        SeriesKind::Bar => ("bar", bar::series_bars(data, canvas)),
        SeriesKind::Line => ("line", line::line_chart(data, canvas)),
    }
}

/// An SVG chart of one breakdown, with its data table, in the site's UI language, for
/// the website: the screen layout and the phone layout, as [`series_chart_in`].
pub(crate) fn breakdown_chart_in(
    stats: &Stats,
    args: &BreakdownChartArgs,
    ui: Ui,
) -> Result<String, Text> {
    let mut data = items_data(stats, args, ui)?;
    let (kind, wide) = breakdown_svg(&mut data, args.kind, Medium::Screen)?;
    let (_, phone) = breakdown_svg(&mut data, args.kind, Medium::Phone)?;
    Ok(svg::figure(
        kind,
        &data.title,
        &wide,
        Some(&phone),
        &table::items_table(&data),
    ))
}

/// [`breakdown_chart_in`] laid out for `medium` alone (print, the kiosk's fixed screen).
pub(crate) fn breakdown_chart_for(
    stats: &Stats,
    args: &BreakdownChartArgs,
    ui: Ui,
    medium: Medium,
) -> Result<String, Text> {
    let mut data = items_data(stats, args, ui)?;
    let (kind, svg) = breakdown_svg(&mut data, args.kind, medium)?;
    Ok(svg::figure(
        kind,
        &data.title,
        &svg,
        None,
        &table::items_table(&data),
    ))
}

/// The figure kind and the SVG of a breakdown chart laid out for `medium` (a pie or
/// donut marks `data` as showing shares, for its table).
fn breakdown_svg(
    data: &mut ItemsData,
    kind: BreakdownKind,
    medium: Medium,
) -> Result<(&'static str, String), Text> {
    let canvas = medium.canvas();
    Ok(match kind {
        BreakdownKind::Bar => bar::breakdown_bars(data, canvas),
        BreakdownKind::Pie | BreakdownKind::Donut => {
            data.shares = true;
            let donut = kind == BreakdownKind::Donut;
            (
                if donut { "donut" } else { "pie" },
                pie::pie_chart(data, donut, canvas)?,
            )
        }
    })
}

fn series_data(stats: &Stats, args: &SeriesChartArgs, ui: Ui) -> Result<SeriesData, Text> {
    if args.keys.is_empty() {
        return Err(tr!(
            "the chart names no metric: give `keys=[\"party_branches\"]`, or `breakdown=\"…\"`",
            "图表没有指定指标：请写 `keys=[\"party_branches\"]`，或 `breakdown=\"…\"`"
        ));
    }
    if let (Some(f), Some(t)) = (args.from, args.to) {
        if f > t {
            return Err(tr!(
                "`from={f}` is after `to={t}`",
                "`from={f}` 晚于 `to={t}`：起始年份不能晚于结束年份"
            ));
        }
    }
    if stats.is_empty() {
        return Err(stats
            .year_or_latest(None)
            .err()
            .unwrap_or_else(|| tr!("no statistics", "没有统计数据")));
    }
    let known = stats.metric_keys();
    let mut series = Vec::new();
    for key in &args.keys {
        let Some(info) = known.iter().find(|k| &k.key == key) else {
            return Err(unknown_key_text(
                key,
                known.iter().map(|k| k.key.as_str()),
                "metric",
                "指标",
            ));
        };
        series.push((key, info));
    }
    let years: Vec<i32> = stats
        .years()
        .into_iter()
        .filter(|y| args.from.is_none_or(|f| *y >= f) && args.to.is_none_or(|t| *y <= t))
        .collect();
    let range = match (args.from, args.to) {
        (Some(f), Some(t)) => format!("{f}–{t}"),
        (Some(f), None) => format!("{f}–"),
        (None, Some(t)) => format!("–{t}"),
        (None, None) => String::new(),
    };
    let cols: Vec<SeriesCol> = series
        .iter()
        .map(|(key, info)| SeriesCol {
            label: info.label.clone(),
            unit: info.unit.clone(),
            values: years
                .iter()
                .map(|y| {
                    stats
                        .metric(key, *y)
                        .map(|m| (m.value, format_number(&m.display)))
                })
                .collect(),
        })
        .collect();
    if cols.iter().all(|c| c.values.iter().all(Option::is_none)) {
        let keys = args.keys.join(", ");
        let have = stats
            .years()
            .iter()
            .map(|y| y.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(tr!(
            "no statistics for {keys} in the years {range}; years with statistics: {have}",
            "{range} 年间没有 {keys} 的统计数据；已有统计的年份：{have}"
        ));
    }
    let title = args.title.clone().unwrap_or_else(|| {
        let sep = ui.t("、", ", ");
        cols.iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>()
            .join(sep)
    });
    Ok(SeriesData {
        title,
        percent: cols.iter().all(|c| is_percent(&c.unit)),
        years,
        series: cols,
        ui,
    })
}

fn items_data(stats: &Stats, args: &BreakdownChartArgs, ui: Ui) -> Result<ItemsData, Text> {
    let key = args.breakdown.as_str();
    let known = stats.breakdown_keys();
    if !known.iter().any(|k| k.key == key) {
        if stats.is_empty() {
            return Err(stats
                .year_or_latest(None)
                .err()
                .unwrap_or_else(|| tr!("no statistics", "没有统计数据")));
        }
        return Err(unknown_key_text(
            key,
            known.iter().map(|k| k.key.as_str()),
            "breakdown",
            "分项统计",
        ));
    }
    let year = match args.year {
        Some(y) => stats.year_or_latest(Some(y))?.year,
        None => stats
            .years()
            .into_iter()
            .rev()
            .find(|y| stats.breakdown(key, *y).is_some())
            .unwrap_or_default(),
    };
    let Some(b) = stats.breakdown(key, year) else {
        let have: Vec<String> = stats
            .years()
            .into_iter()
            .filter(|y| stats.breakdown(key, *y).is_some())
            .map(|y| y.to_string())
            .collect();
        let have = have.join(", ");
        return Err(tr!(
            "the breakdown `{key}` is not in the statistics of {year}; it is in: {have}",
            "{year} 年的统计中没有分项统计 `{key}`；有它的年份：{have}"
        ));
    };
    if b.items.is_empty() {
        return Err(tr!(
            "the breakdown `{key}` of {year} has no items to draw",
            "{year} 年的分项统计 `{key}` 没有可以绘制的分项"
        ));
    }
    Ok(ItemsData {
        title: args
            .title
            .clone()
            .unwrap_or_else(|| format!("{}{}", b.label, year_suffix(ui, year))),
        unit: b.unit.clone(),
        items: b
            .items
            .iter()
            .map(|i| (i.label.clone(), i.value, format_number(&i.display)))
            .collect(),
        percent: is_percent(&b.unit),
        shares: b.total_of.is_some(),
        ui,
    })
}

fn year_suffix(ui: Ui, year: i32) -> String {
    match ui {
        Ui::Zh => format!("（{year}年）"),
        Ui::En => format!(" ({year})"),
    }
}

/// The share of `v` in `total` as text: `38.2%`.
pub(crate) fn share(v: f64, total: f64) -> String {
    if total > 0.0 {
        format!("{}%", crate::stats::format_f64(v / total * 100.0, 1))
    } else {
        "—".to_string()
    }
}

#[cfg(test)]
mod phone_tests;
#[cfg(test)]
mod tests;
