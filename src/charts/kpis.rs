//! Key-figure cards (`kpis` shortcode, home page, kiosk): label, value with thousands
//! separators, unit, and the change from the previous year that has the metric
//! (▲/▼ and the difference; nothing for the first year). Plain HTML, no SVG.

use std::fmt::Write;

use super::svg::escape;
use super::Ui;
use crate::diag::Text;
use crate::stats::{format_number, is_percent, Metric, Stats};
use crate::tr;

/// Cards for `keys` (default: every metric of the year, in file order) of `year`
/// (default: the newest), with the words in the site's UI language.
pub(crate) fn kpis_in(
    stats: &Stats,
    year: Option<i32>,
    keys: Option<&[String]>,
    ui: Ui,
) -> Result<String, Text> {
    let y = stats.year_or_latest(year)?;
    let metrics: Vec<&Metric> = match keys {
        None => y.metrics.iter().collect(),
        Some([]) => {
            return Err(tr!(
                "`keys=[]` names no metric: list some, or leave `keys` out to show them all",
                "`keys=[]` 没有列出任何指标：请列出指标，或省略 `keys` 以显示全部"
            ))
        }
        Some(ks) => ks
            .iter()
            .map(|k| y.metric(k).ok_or_else(|| stats.missing_metric(k, y.year)))
            .collect::<Result<_, _>>()?,
    };
    if metrics.is_empty() {
        let year = y.year;
        return Err(tr!(
            "the statistics of {year} have no metrics to show",
            "{year} 年的统计没有可显示的指标"
        ));
    }
    let mut out = format!("<div class=\"kpis\" data-year=\"{}\">\n", y.year);
    for m in metrics {
        let _ = write!(
            out,
            "<div class=\"kpi\" data-key=\"{}\">\n<div class=\"kpi-label\">{}</div>\n<div class=\"kpi-value\"><span class=\"kpi-number\">{}</span>",
            escape(&m.key),
            escape(&m.label),
            escape(&format_number(&m.display))
        );
        if !m.unit.is_empty() {
            let _ = write!(out, "<span class=\"kpi-unit\">{}</span>", escape(&m.unit));
        }
        out.push_str("</div>\n");
        if let Some(c) = stats.change_info(&m.key, y.year) {
            let unit = if is_percent(&m.unit) {
                ui.t("个百分点", " pp").to_string()
            } else {
                m.unit.clone()
            };
            let p = c.previous_year;
            let (arrow, words) = match (c.direction, ui) {
                ("up", Ui::Zh) => ("▲", format!("较{p}年增加")),
                ("down", Ui::Zh) => ("▼", format!("较{p}年减少")),
                (_, Ui::Zh) => ("＝", format!("与{p}年持平")),
                ("up", Ui::En) => ("▲", format!("up from {p}")),
                ("down", Ui::En) => ("▼", format!("down from {p}")),
                (_, Ui::En) => ("=", format!("same as {p}")),
            };
            let _ = writeln!(
                out,
                "<div class=\"kpi-change {}\"><span class=\"kpi-arrow\" aria-hidden=\"true\">{arrow}</span> <span class=\"kpi-diff\">{}{}</span> <span class=\"kpi-vs\">{}</span></div>",
                c.direction,
                escape(&c.display),
                escape(&unit),
                escape(&words)
            );
        }
        out.push_str("</div>\n");
    }
    out.push_str("</div>\n");
    Ok(out)
}
