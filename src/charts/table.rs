//! The numbers of a chart as text: the `<table class="chart-data">` under each chart
//! and the one-paragraph `<desc>` screen readers announce.

use std::fmt::Write;

use super::svg::escape;
use super::{share, ItemsData, SeriesData, Ui};
use crate::stats::{decimals_of, format_f64};

const MISSING: &str = "—";

fn row(out: &mut String, head: &str, cells: &[String]) {
    let _ = write!(out, "<tr><th scope=\"row\">{}</th>", escape(head));
    for c in cells {
        let _ = write!(out, "<td>{}</td>", escape(c));
    }
    out.push_str("</tr>\n");
}

fn head(out: &mut String, cols: &[String]) {
    out.push_str("<thead><tr>");
    for c in cols {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(c));
    }
    out.push_str("</tr></thead>\n");
}

/// Years down, metrics across; a missing value is `—`.
pub(super) fn series_table(d: &SeriesData) -> String {
    let mut out = String::from("<table class=\"chart-data\">\n");
    let mut cols = vec![d.ui.t("年份", "Year").to_string()];
    cols.extend(d.series.iter().map(|s| d.ui.with_unit(&s.label, &s.unit)));
    head(&mut out, &cols);
    out.push_str("<tbody>\n");
    for (i, y) in d.years.iter().enumerate() {
        let cells: Vec<String> = d
            .series
            .iter()
            .map(|s| {
                s.values[i]
                    .as_ref()
                    .map(|v| v.1.clone())
                    .unwrap_or_else(|| MISSING.to_string())
            })
            .collect();
        row(&mut out, &y.to_string(), &cells);
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// Items down; value, and share with a total row when shares make sense.
pub(super) fn items_table(d: &ItemsData) -> String {
    let mut out = String::from("<table class=\"chart-data\">\n");
    let value_col = if d.unit.is_empty() {
        d.ui.t("数值", "Value").to_string()
    } else {
        d.ui.with_unit(d.ui.t("数值", "Value"), &d.unit)
    };
    let mut cols = vec![d.ui.t("项目", "Item").to_string(), value_col];
    if d.shares {
        cols.push(d.ui.t("占比", "Share").to_string());
    }
    head(&mut out, &cols);
    out.push_str("<tbody>\n");
    let total = total(d);
    for (label, value, text) in &d.items {
        let mut cells = vec![text.clone()];
        if d.shares {
            cells.push(share(*value, total.0));
        }
        row(&mut out, label, &cells);
    }
    out.push_str("</tbody>\n");
    if d.shares {
        out.push_str("<tfoot>\n");
        row(
            &mut out,
            d.ui.t("合计", "Total"),
            &[total.1, "100.0%".to_string()],
        );
        out.push_str("</tfoot>\n");
    }
    out.push_str("</table>\n");
    out
}

/// The sum of the items, and its text with as many decimals as the items had.
fn total(d: &ItemsData) -> (f64, String) {
    let sum: f64 = d.items.iter().map(|i| i.1).sum();
    let decimals = d.items.iter().map(|i| decimals_of(&i.2)).max().unwrap_or(0);
    (sum, format_f64(sum, decimals))
}

fn sep(ui: Ui) -> (&'static str, &'static str, &'static str) {
    match ui {
        Ui::Zh => ("：", "，", "。"),
        Ui::En => (": ", "; ", "."),
    }
}

/// "党组织（个）：2023年 104，2024年 110。" — every value, in words for screen readers.
pub(super) fn describe_series(d: &SeriesData) -> String {
    let (colon, comma, stop) = sep(d.ui);
    let parts: Vec<String> = d
        .series
        .iter()
        .map(|s| {
            let values: Vec<String> = d
                .years
                .iter()
                .zip(&s.values)
                .map(|(y, v)| {
                    let v = v
                        .as_ref()
                        .map(|v| v.1.as_str())
                        .unwrap_or(d.ui.t("无数据", "no data"));
                    format!("{} {v}", d.ui.year(*y))
                })
                .collect();
            format!(
                "{}{colon}{}",
                d.ui.with_unit(&s.label, &s.unit),
                values.join(comma)
            )
        })
        .collect();
    format!("{}{stop}", parts.join(stop))
}

/// "各街道党组织数（个），2024年：西林街道 42（38.2%），…。"
pub(super) fn describe_items(d: &ItemsData) -> String {
    let (colon, comma, stop) = sep(d.ui);
    let total = total(d).0;
    let values: Vec<String> = d
        .items
        .iter()
        .map(|(label, value, text)| {
            if d.shares {
                format!("{label} {text}{}", d.ui.paren(&share(*value, total)))
            } else {
                format!("{label} {text}")
            }
        })
        .collect();
    let unit = if d.unit.is_empty() {
        String::new()
    } else {
        d.ui.with_unit("", &d.unit).trim().to_string()
    };
    format!("{}{unit}{colon}{}{stop}", d.title, values.join(comma))
}
