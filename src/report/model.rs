//! What a report holds (docs/reference/reports.md), taken from the frozen [`Site`]: which pages go in
//! which section (`include` order, or the year's rules), the year's figures, the words
//! of the template in the site's language, and the date. Produces the JSON the template
//! reads and collects the files (images, charts, QR codes) the document needs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::assets::Assets;
use super::print::{chart_medium, Paper, Slot};
use crate::charts::{self, Ui};
use crate::config::Kind;
use crate::content::Page;
use crate::diag::{Diagnostic, Diagnostics};
use crate::paths::content_key;
use crate::site::{PageId, Site};
use crate::stats::{format_number, is_percent};
use crate::tr;

/// The words the template shows.
pub(crate) fn words(ui: Ui) -> Value {
    let zh = ui == Ui::Zh;
    let t = |a: &str, b: &str| if zh { a.to_string() } else { b.to_string() };
    json!({
        "toc": t("目录", "Contents"),
        "foreword": t("前言", "Foreword"),
        "figures": t("年度数据", "The year in figures"),
        "key_figures": t("主要指标", "Key figures"),
        "metric": t("指标", "Metric"),
        "change": t("较上年", "Change"),
        "trends": t("历年趋势", "Trends"),
        "breakdowns": t("分项构成", "Breakdowns"),
        "honors": t("所获荣誉", "Honours"),
        "scan": t("扫码查看网页", "Scan for the web page"),
        "scan_video": t("扫码观看视频", "Scan to watch the video"),
        "figure": t("图", "Figure"),
        "none": t("本年度无内容。", "Nothing this year."),
        "see_page": [t("（见第 ", " (see page "), t(" 页）", ")")],
        "qr_alt": t("二维码，链接到 ", "QR code linking to "),
        "website": t("网站", "Website"),
        "scan_site": t("扫码访问网站", "Scan for the website"),
    })
}

/// Which pages the report shows, per section (collection), in order.
pub(crate) fn select(site: &Site, year: i32, include: &[String]) -> Vec<(usize, Vec<PageId>)> {
    let mut out = Vec::new();
    for (ci, c) in site.config.collections.iter().enumerate() {
        let pages = site.collection_pages(&c.name);
        let chosen: Vec<PageId> = if include.is_empty() {
            let mut v: Vec<PageId> = pages
                .iter()
                .copied()
                .filter(|&i| in_year(&site.pages[i], year))
                .collect();
            if c.kind == Kind::Activity {
                v.sort_by_key(|&i| (site.pages[i].front.date, site.pages[i].front.title.clone()));
            }
            if c.kind == Kind::Page {
                continue;
            }
            v
        } else {
            include
                .iter()
                .filter_map(|inc| {
                    let key = inc.trim_start_matches("@/");
                    site.pages
                        .enumerate()
                        .find(|(_, p)| content_key(&p.source) == key)
                        .map(|(i, _)| i)
                })
                .filter(|&i| site.pages[i].collection.as_deref() == Some(&c.name))
                .collect()
        };
        if include.is_empty() || !chosen.is_empty() {
            out.push((ci, chosen));
        }
    }
    out
}

/// docs/reference/reports.md: stations established by the end of the year (by `established`, else
/// `date`; always when neither is given); projects of the year; members honoured that
/// year; activities dated that year.
fn in_year(p: &Page, year: i32) -> bool {
    match p.kind {
        Kind::Station => p
            .front
            .fields
            .established
            .map(|d| d.year())
            .or(p.front.year())
            .is_none_or(|y| y <= year),
        Kind::Project | Kind::Activity => p.front.year() == Some(year),
        Kind::Member => p.front.fields.honors.iter().any(|h| h.year == year),
        Kind::Page => false,
    }
}

/// The fields of a case as (label, value) rows.
pub(crate) fn fields(site: &Site, p: &Page, ui: Ui) -> Vec<(String, String)> {
    let zh = ui == Ui::Zh;
    let f = &p.front.fields;
    let mut v: Vec<(String, String)> = Vec::new();
    let mut add = |zh_l: &str, en_l: &str, val: Option<String>| {
        if let Some(val) = val.filter(|s| !s.trim().is_empty()) {
            v.push((if zh { zh_l } else { en_l }.to_string(), val));
        }
    };
    let list = |l: &[String]| (!l.is_empty()).then(|| l.join(if zh { "、" } else { ", " }));
    // A count of 0 is what `xinghuo new` writes before anyone counted: not a fact.
    let count = |n: Option<i64>| n.filter(|&n| n > 0).map(|n| n.to_string());
    match p.kind {
        Kind::Station => {
            add("街道", "Street", f.street.clone());
            add("地址", "Address", f.address.clone());
            add("建成", "Established", f.established.map(|d| d.ymd()));
            add("党组织", "Organisation", f.organization.clone());
            add("党员", "Party members", count(f.party_members));
            add("服务", "Services", list(&f.services));
            add("开放时间", "Hours", f.contact_hours.clone());
        }
        Kind::Project => {
            add("年度", "Year", f.year.map(|y| y.to_string()));
            let status = f.status.as_deref().map(|s| match (s, zh) {
                ("planned", true) => "计划中".to_string(),
                ("ongoing", true) => "进行中".to_string(),
                ("completed", true) => "已完成".to_string(),
                (s, _) => s.to_string(),
            });
            add("状态", "Status", status);
            add("类别", "Category", f.category.clone());
            // A unit given by id and again by name is listed once.
            let mut units: Vec<String> = Vec::new();
            for u in &f.units {
                let name = site
                    .units
                    .iter()
                    .find(|x| &x.id == u)
                    .map(|x| x.name.clone())
                    .unwrap_or_else(|| u.clone());
                if !units.contains(&name) {
                    units.push(name);
                }
            }
            add("成员单位", "Units", list(&units));
            add("受益人数", "Beneficiaries", count(f.beneficiaries));
            add("合作方", "Partners", list(&f.partners));
        }
        Kind::Member => {
            add("职务", "Role", f.role.clone());
            add("单位", "Organisation", f.organization.clone());
            add("入党时间", "Joined", f.joined.map(|d| d.ymd()));
        }
        Kind::Activity => {
            add("日期", "Date", p.front.date.map(|d| d.ymd()));
            add("地点", "Place", f.place.clone());
            add("主办", "Organizer", f.organizer.clone());
            add("参与人数", "Participants", count(f.participants));
        }
        Kind::Page => {
            add("日期", "Date", p.front.date.map(|d| d.ymd()));
        }
    }
    v
}

/// The year's figures: metrics with their change, a chart per metric, a chart per
/// breakdown, laid out for their slots on `paper`. `None` when the year has no
/// statistics file.
pub(crate) fn figures(
    site: &Site,
    year: i32,
    (ui, paper): (Ui, Paper),
    assets: &mut Assets,
) -> Option<Value> {
    let stats = &site.stats;
    let y = stats.year(year)?;
    let metrics: Vec<Value> = y.metrics.iter().map(|m| kpi(site, year, m, ui)).collect();
    let mut chart_list = Vec::new();
    for m in &y.metrics {
        let kind = if is_percent(&m.unit) {
            charts::SeriesKind::Line
        } else {
            charts::SeriesKind::Bar
        };
        let args = charts::SeriesChartArgs {
            keys: vec![m.key.clone()],
            kind,
            from: None,
            to: Some(year),
            title: None,
        };
        let medium = chart_medium(paper, Slot::Trend);
        if let Ok(html) = charts::series_chart_for(stats, &args, ui, medium) {
            if let Some(c) = assets.chart(&html) {
                chart_list.push(c);
            }
        }
    }
    let mut breakdowns = Vec::new();
    for b in &y.breakdowns {
        let args = charts::BreakdownChartArgs {
            breakdown: b.key.clone(),
            year: Some(year),
            kind: charts::BreakdownKind::Bar,
            title: None,
        };
        let medium = chart_medium(paper, Slot::Breakdown);
        if let Ok(html) = charts::breakdown_chart_for(stats, &args, ui, medium) {
            if let Some(c) = assets.chart(&html) {
                breakdowns.push(c);
            }
        }
    }
    let scope_text = y.scope.as_ref().map(|s| {
        if ui == Ui::Zh {
            format!("统计范围：{s}")
        } else {
            format!("Scope: {s}")
        }
    });
    Some(json!({
        "scope": y.scope,
        "scope_text": scope_text,
        "metrics": metrics,
        "charts": chart_list,
        "breakdowns": breakdowns,
    }))
}

/// One key figure: label, value with separators, unit, change text (or null).
pub(crate) fn kpi(site: &Site, year: i32, m: &crate::stats::Metric, ui: Ui) -> Value {
    let change = site.stats.change_info(&m.key, year).map(|c| {
        let unit = if is_percent(&m.unit) {
            if ui == Ui::Zh { "个百分点" } else { " pp" }.to_string()
        } else {
            m.unit.clone()
        };
        let p = c.previous_year;
        let d = &c.display;
        match (c.direction, ui) {
            ("up", Ui::Zh) => format!("▲ 较{p}年增加{d}{unit}"),
            ("down", Ui::Zh) => format!("▼ 较{p}年减少{d}{unit}"),
            (_, Ui::Zh) => format!("与{p}年持平"),
            ("up", Ui::En) => format!("▲ {d}{unit} up from {p}"),
            ("down", Ui::En) => format!("▼ {d}{unit} down from {p}"),
            (_, Ui::En) => format!("same as {p}"),
        }
    });
    json!({
        "key": m.key,
        "label": m.label,
        "value": format_number(&m.display),
        "unit": m.unit,
        "change": change,
    })
}

/// The report's date: `SOURCE_DATE_EPOCH` when given, else the newest date of the
/// year's pages, else 31 December of the year.
pub(crate) fn report_date(
    site: &Site,
    year: i32,
    pages: &[PageId],
    epoch: Option<i64>,
) -> chrono::NaiveDate {
    if let Some(e) = epoch {
        if let Some(dt) = chrono::DateTime::from_timestamp(e, 0) {
            return dt.date_naive();
        }
    }
    let end = chrono::NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December exists");
    pages
        .iter()
        .filter_map(|&i| site.pages[i].front.date.map(|d| d.date))
        .filter(|d| *d <= end && chrono::Datelike::year(d) == year)
        .max()
        .unwrap_or(end)
}

/// An error when the year has nothing at all: no statistics, no foreword, no case of
/// that year. A warning when only the statistics are missing.
pub(crate) fn check_year(
    site: &Site,
    year: i32,
    has_foreword: bool,
    sections: &[(usize, Vec<PageId>)],
) -> Diagnostics {
    let mut d = Diagnostics::new();
    let has_stats = site.stats.year(year).is_some();
    let dated_cases = sections
        .iter()
        .flat_map(|(_, v)| v.iter())
        .any(|&i| site.pages[i].kind != Kind::Station);
    if !has_stats && !has_foreword && !dated_cases {
        let years = site.stats.years();
        let list = years
            .iter()
            .map(|y| y.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        d.push(
            Diagnostic::error(
                Some(PathBuf::from(format!("data/stats/{year}.yaml"))),
                0,
                tr!(
                    "the year {year} has nothing to report: no data/stats/{year}.yaml, no content/reports/{year}.md, and no project, member honour or activity of {year}",
                    "{year} 年没有可报告的内容：没有 data/stats/{year}.yaml、没有 content/reports/{year}.md，也没有该年的项目、党员荣誉或活动"
                ),
            )
            .with_hint(tr!(
                "check the year (years with statistics: {list})",
                "请检查年份（已有统计的年份：{list}）"
            )),
        );
    } else if !has_stats {
        d.push(Diagnostic::warning(
            Some(PathBuf::from(format!("data/stats/{year}.yaml"))),
            0,
            tr!(
                "there is no data/stats/{year}.yaml: the report has no figures section",
                "没有 data/stats/{year}.yaml：报告中没有年度数据部分"
            ),
        ));
    }
    d
}

/// The texts of the report with their file and first line, for the glyph check.
pub(crate) fn texts(site: &Site, pages: &[PageId]) -> Vec<(PathBuf, usize, String)> {
    let mut v = Vec::new();
    for &i in pages {
        let p = &site.pages[i];
        v.push((
            p.source.clone(),
            p.front.line_of("title"),
            p.front.title.clone(),
        ));
        v.push((p.source.clone(), p.body_line, p.body.to_string()));
    }
    v
}

/// Index of pages by content key, for `@/` links.
pub(crate) fn link_map(site: &Site) -> BTreeMap<String, String> {
    site.pages
        .iter()
        .map(|p| (content_key(&p.source), site.permalink(&p.rel_url)))
        .chain(site.sections.iter().filter_map(|s| {
            s.source
                .as_ref()
                .map(|src| (content_key(src), site.permalink(&s.rel_url)))
        }))
        .collect()
}

/// `content/x/index.md` → `content/x`; `content/x.md` → `content`.
pub(crate) fn base_dir(p: &Page) -> PathBuf {
    p.bundle
        .clone()
        .unwrap_or_else(|| p.source.parent().map(Path::to_path_buf).unwrap_or_default())
}
