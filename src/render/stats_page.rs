//! The statistics page (`/stats/`): a chart of every metric over the years and of
//! every breakdown of every year, and the key-figure cards.

use serde::Serialize;

use super::Renderer;
use crate::charts::{self, Ui};

pub(super) fn stats(r: &Renderer, ctx: &mut super::Ctx) -> String {
    ctx.insert("charts", &stats_charts(r));
    "stats.html".into()
}

#[derive(Serialize)]
struct ChartView {
    key: String,
    title: String,
    year: Option<i32>,
    html: String,
}

#[derive(Serialize)]
struct StatsCharts {
    metrics: Vec<ChartView>,
    breakdowns: Vec<ChartView>,
    kpis: String,
}

fn stats_charts(r: &Renderer) -> StatsCharts {
    let site = &r.site;
    let ui = r.ui();
    let mut metrics = Vec::new();
    let mut keys: Vec<(String, String)> = Vec::new();
    for y in site.stats.years() {
        if let Some(ys) = site.stats.year(y) {
            for m in &ys.metrics {
                if !keys.iter().any(|(k, _)| k == &m.key) {
                    keys.push((m.key.clone(), m.label.clone()));
                }
            }
        }
    }
    for (key, label) in keys {
        let kind = if site.stats.years().len() > 1 {
            charts::SeriesKind::Line
        } else {
            charts::SeriesKind::Bar
        };
        let args = charts::SeriesChartArgs {
            keys: vec![key.clone()],
            kind,
            from: None,
            to: None,
            title: Some(label.clone()),
        };
        if let Ok(html) = charts::series_chart_in(&site.stats, &args, ui) {
            metrics.push(ChartView {
                key,
                title: label,
                year: None,
                html,
            });
        }
    }
    let mut breakdowns = Vec::new();
    let mut years = site.stats.years();
    years.reverse();
    for y in years {
        if let Some(ys) = site.stats.year(y) {
            for b in &ys.breakdowns {
                let kind = if b.items.len() <= 6 {
                    charts::BreakdownKind::Donut
                } else {
                    charts::BreakdownKind::Bar
                };
                let args = charts::BreakdownChartArgs {
                    breakdown: b.key.clone(),
                    year: Some(y),
                    kind,
                    title: Some(match ui {
                        Ui::Zh => format!("{}（{y}年）", b.label),
                        Ui::En => format!("{} ({y})", b.label),
                    }),
                };
                if let Ok(html) = charts::breakdown_chart_in(&site.stats, &args, ui) {
                    breakdowns.push(ChartView {
                        key: b.key.clone(),
                        title: b.label.clone(),
                        year: Some(y),
                        html,
                    });
                }
            }
        }
    }
    StatsCharts {
        metrics,
        breakdowns,
        kpis: charts::kpis_in(&site.stats, None, None, ui).unwrap_or_default(),
    }
}
