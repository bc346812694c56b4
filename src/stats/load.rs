//! Reading and validating `data/stats/YYYY.yaml` files into [`Stats`].
//!
//! Raw structs (all fields optional, unknown fields refused) are parsed with
//! `crate::yaml`, then converted field by field; every problem becomes a diagnostic
//! with the file, line and column of the offending key, so one run reports them all.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::locate::{at_path, at_second, top_key_line};
use super::raw::{self, RawBreakdown, RawMetric};
use super::{is_percent, plain_number, Breakdown, BreakdownItem, Metric, Stats, YearStats};
use crate::diag::{did_you_mean, Diagnostic, Text};
use crate::tr;

/// One parsed file, with what is needed to point at its lines later.
struct Loaded<'a> {
    path: &'a Path,
    text: &'a str,
    stats: YearStats,
}

/// Load every statistics file: `(path relative to the site root, text)`. Files with
/// errors still contribute what could be read, so later checks can run.
pub fn load(files: &[(PathBuf, String)]) -> (Stats, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut sorted: Vec<&(PathBuf, String)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut by_year: BTreeMap<i32, Loaded> = BTreeMap::new();
    for (path, text) in sorted {
        let Some(stats) = load_file(path, text, &mut diags) else {
            continue;
        };
        if let Some(first) = by_year.get(&stats.year) {
            let (y, other) = (stats.year, crate::diag::display_path(first.path));
            diags.push(
                Diagnostic::error(
                    path.clone(),
                    1,
                    tr!(
                        "a second statistics file for {y}: {other} already holds that year",
                        "{y} 年的统计数据有两个文件：{other} 已经是这一年的统计"
                    ),
                )
                .with_hint(tr!(
                    "keep one file per year: merge the two into data/stats/{y}.yaml",
                    "每年只保留一个文件：把两份数据合并到 data/stats/{y}.yaml"
                )),
            );
            continue;
        }
        by_year.insert(stats.year, Loaded { path, text, stats });
    }
    check_across_years(&by_year, &mut diags);
    let stats = Stats::from_years(by_year.into_values().map(|l| l.stats));
    (stats, diags)
}

/// One statistics file: its year from the name, its YAML, then each metric and
/// breakdown; `None` when nothing could be read.
fn load_file(path: &Path, text: &str, diags: &mut Vec<Diagnostic>) -> Option<YearStats> {
    let file = path.to_path_buf();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(name_year) = year_of_name(&name) else {
        diags.push(
            Diagnostic::error(
                file,
                0,
                tr!(
                    "the statistics file `{name}` is not named after a year",
                    "统计文件 `{name}` 的文件名不是年份"
                ),
            )
            .with_hint(tr!(
                "name each statistics file after its year, like data/stats/2024.yaml",
                "每个统计文件以年份命名，例如 data/stats/2024.yaml"
            )),
        );
        return None;
    };
    if text.trim().is_empty() {
        diags.push(
            Diagnostic::error(file, 1, tr!(
                "the statistics file {name} is empty",
                "统计文件 {name} 是空的"
            ))
            .with_hint(tr!(
                "start it with `year: {name_year}` and a `metrics:` mapping (see the example site), or delete it",
                "以 `year: {name_year}` 开头并写上 `metrics:` 指标（可参考示例网站），或删除这个文件"
            )),
        );
        return None;
    }
    let raw = match raw::parse(&file, text) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let mut ctx = Ctx { file, text, diags };
    check_year(&mut ctx, raw.year, &name, name_year);
    let metrics = convert_metrics(&mut ctx, raw.metrics.map(|e| e.0).unwrap_or_default());
    let breakdowns = convert_breakdowns(
        &mut ctx,
        raw.breakdowns.map(|e| e.0).unwrap_or_default(),
        &metrics,
        name_year,
    );
    Some(YearStats {
        year: name_year,
        scope: raw.scope,
        metrics,
        breakdowns,
    })
}

/// `year:` must be there and match the file name `name` (year `name_year`).
fn check_year(ctx: &mut Ctx, year: Option<i32>, name: &str, name_year: i32) {
    match year {
        None => ctx.diags.push(
            Diagnostic::error(
                ctx.file.clone(),
                1,
                tr!(
                    "the statistics file {name} has no `year`",
                    "统计文件 {name} 缺少 `year`（年份）"
                ),
            )
            .with_hint(tr!(
                "add the line `year: {name_year}` at the top",
                "在文件开头加上一行 `year: {name_year}`"
            )),
        ),
        Some(y) if y != name_year => {
            let (line, col) = top_key_line(ctx.text, "year");
            ctx.diags.push(
                Diagnostic::error(ctx.file.clone(), line, tr!(
                    "`year: {y}` does not match the file name {name}",
                    "`year: {y}` 与文件名 {name} 不一致"
                ))
                .at_col(col, 4)
                .with_hint(tr!(
                    "a statistics file is named after its year: write `year: {name_year}`, or rename the file to {y}.yaml",
                    "统计文件以年份命名：请改为 `year: {name_year}`，或把文件改名为 {y}.yaml"
                )),
            );
        }
        Some(_) => {}
    }
}

struct Ctx<'a> {
    file: PathBuf,
    text: &'a str,
    diags: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// An error at the key path (`["metrics", "coverage", "value"]`), or at the closest
    /// parent that can be found.
    fn error_at(&mut self, path: &[&str], message: Text, hint: Text) {
        let d = at_path(
            Diagnostic::error(self.file.clone(), 0, message),
            self.text,
            path,
        );
        self.diags.push(d.with_hint(hint));
    }
}

fn convert_metrics(ctx: &mut Ctx, raw: Vec<(String, RawMetric)>) -> Vec<Metric> {
    let mut out: Vec<Metric> = Vec::new();
    for (key, m) in raw {
        if out.iter().any(|o| o.key == key) {
            duplicate(ctx, "metrics", &key);
            continue;
        }
        let unit = m.unit.unwrap_or_default().trim().to_string();
        let label = m
            .label
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty());
        let Some(raw_value) = m.value else {
            ctx.error_at(
                &["metrics", &key],
                tr!(
                    "the metric `{key}` has no `value`",
                    "指标 `{key}` 缺少 `value`（数值）"
                ),
                tr!(
                    "write it as `{key}: {{label: …, value: 110, unit: 个}}`",
                    "写成 `{key}: {{label: …, value: 110, unit: 个}}`"
                ),
            );
            continue;
        };
        let Some((value, display)) = number(ctx, &raw_value.0, &["metrics", &key, "value"], &unit)
        else {
            continue;
        };
        out.push(Metric {
            label: label.unwrap_or_else(|| key.clone()),
            key,
            value,
            display,
            unit,
        });
    }
    out
}

fn convert_breakdowns(
    ctx: &mut Ctx,
    raw: Vec<(String, RawBreakdown)>,
    metrics: &[Metric],
    year: i32,
) -> Vec<Breakdown> {
    let mut out: Vec<Breakdown> = Vec::new();
    for (key, b) in raw {
        if out.iter().any(|o| o.key == key) {
            duplicate(ctx, "breakdowns", &key);
            continue;
        }
        let unit = b.unit.unwrap_or_default().trim().to_string();
        let mut items: Vec<BreakdownItem> = Vec::new();
        let mut all_ok = true;
        let raw_items = b.items.map(|e| e.0).unwrap_or_default();
        if raw_items.is_empty() {
            let d = Diagnostic::warning(
                ctx.file.clone(),
                0,
                tr!(
                    "the breakdown `{key}` has no items",
                    "分项统计 `{key}` 没有任何分项（items）"
                ),
            );
            let d = at_path(d, ctx.text, &["breakdowns", &key]).with_hint(tr!(
                "add `items: {{西林街道: 42, 南大街街道: 37}}`, or remove the breakdown",
                "请添加 `items: {{西林街道: 42, 南大街街道: 37}}`，或删除这一项"
            ));
            ctx.diags.push(d);
        }
        for (label, v) in raw_items {
            let path = ["breakdowns", key.as_str(), "items", label.as_str()];
            if items.iter().any(|i| i.label == label) {
                let d = Diagnostic::error(
                    ctx.file.clone(),
                    0,
                    tr!(
                        "the item `{label}` appears twice in the breakdown `{key}`",
                        "分项统计 `{key}` 中 `{label}` 出现了两次"
                    ),
                );
                let d = at_second(d, ctx.text, &path);
                ctx.diags.push(d.with_hint(tr!(
                    "keep one line per item: merge or rename them",
                    "每个分项只写一行：请合并或改名"
                )));
                all_ok = false;
                continue;
            }
            match number(ctx, &v.0, &path, &unit) {
                Some((value, display)) => items.push(BreakdownItem {
                    label,
                    value,
                    display,
                }),
                None => all_ok = false,
            }
        }
        let total_of = b.total_of.map(|t| t.trim().to_string());
        if let Some(t) = &total_of {
            check_total(ctx, &key, t, &items, all_ok, metrics, year);
        }
        out.push(Breakdown {
            label: b
                .label
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| key.clone()),
            key,
            unit,
            total_of,
            items,
        });
    }
    out
}

fn check_total(
    ctx: &mut Ctx,
    key: &str,
    total_of: &str,
    items: &[BreakdownItem],
    all_ok: bool,
    metrics: &[Metric],
    year: i32,
) {
    let path = ["breakdowns", key, "total_of"];
    let Some(m) = metrics.iter().find(|m| m.key == total_of) else {
        let hint = match did_you_mean(total_of, metrics.iter().map(|m| m.key.as_str())) {
            Some(s) => tr!("did you mean `{s}`?", "是不是 `{s}`？"),
            None => tr!(
                "`total_of` must name a metric of this file's `metrics`",
                "`total_of` 必须是本文件 `metrics` 中的某个指标"
            ),
        };
        ctx.error_at(
            &path,
            tr!(
                "`total_of: {total_of}` names no metric of {year}",
                "`total_of: {total_of}` 指向的指标在 {year} 年的统计中不存在"
            ),
            hint,
        );
        return;
    };
    if !all_ok {
        return;
    }
    let sum: f64 = items.iter().map(|i| i.value).sum();
    if (sum - m.value).abs() > 1e-6 * m.value.abs().max(1.0) {
        let decimals = items
            .iter()
            .map(|i| super::decimals_of(&i.display))
            .max()
            .unwrap_or(0);
        let sum_s = super::format_f64(sum, decimals);
        let total_s = super::format_number(&m.display);
        ctx.error_at(
            &path,
            tr!(
                "the items of `{key}` add up to {sum_s}, but the metric `{total_of}` is {total_s}",
                "分项统计 `{key}` 的各项合计为 {sum_s}，但指标 `{total_of}` 是 {total_s}"
            ),
            tr!(
                "correct the items or the metric; remove `total_of` if the items are not meant to add up to it",
                "请更正分项或指标；如果分项本来就不应等于该指标，请删除 `total_of`"
            ),
        );
    }
}

/// Parse a value written in the YAML; reports and returns `None` when it is no number
/// or a percentage outside 0–100.
fn number(ctx: &mut Ctx, raw: &str, path: &[&str], unit: &str) -> Option<(f64, String)> {
    let s = raw.trim();
    let parsed = s
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && s.bytes().any(|b| b.is_ascii_digit()));
    let Some(value) = parsed else {
        let hint = if s.contains(',') || s.contains('，') {
            tr!(
                "write the number without thousands separators: `1100`, not `1,100`",
                "数字不要加千位分隔符：写 `1100`，不要写 `1,100`"
            )
        } else if s.ends_with('%') || s.ends_with('％') {
            tr!(
                "write the number only (`98.5`) and put the `%` in `unit: \"%\"`",
                "只写数字（`98.5`），把 `%` 写在 `unit: \"%\"` 里"
            )
        } else {
            tr!(
                "write a number in Arabic digits, like `110` or `98.5`",
                "请用阿拉伯数字填写，例如 `110` 或 `98.5`"
            )
        };
        ctx.error_at(path, tr!("`{s}` is not a number", "`{s}` 不是数字"), hint);
        return None;
    };
    if is_percent(unit) && !(0.0..=100.0).contains(&value) {
        ctx.error_at(
            path,
            tr!(
                "{s}% is not a percentage between 0 and 100",
                "{s}% 不是 0 到 100 之间的百分比"
            ),
            tr!(
                "a value with `unit: \"%\"` must lie between 0 and 100; check the figure or its unit",
                "单位为 `%` 的数值必须在 0 到 100 之间；请检查数值或单位"
            ),
        );
        return None;
    }
    // Keep the text as written, unless it is in a form readers would not expect.
    let plain = s.trim_start_matches('+');
    let display = if plain.contains(['e', 'E']) || plain.starts_with('.') || plain.ends_with('.') {
        plain_number(value)
    } else {
        plain.to_string()
    };
    Some((value, display))
}

fn duplicate(ctx: &mut Ctx, section: &str, key: &str) {
    let d = Diagnostic::error(
        ctx.file.clone(),
        0,
        tr!(
            "`{key}` appears twice under `{section}`",
            "`{section}` 下 `{key}` 出现了两次"
        ),
    );
    let d = at_second(d, ctx.text, &[section, key]);
    ctx.diags.push(d.with_hint(tr!(
        "each key may appear once per file: remove or rename one of them",
        "每个键在一个文件里只能出现一次：请删除或改名其中一个"
    )));
}

/// Warn where a key changes its label or unit from the previous year that has it.
fn check_across_years(by_year: &BTreeMap<i32, Loaded>, diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<(&str, &str), (&str, &str, i32)> = BTreeMap::new();
    for l in by_year.values() {
        let entries = l
            .stats
            .metrics
            .iter()
            .map(|m| ("metrics", m.key.as_str(), m.label.as_str(), m.unit.as_str()))
            .chain(l.stats.breakdowns.iter().map(|b| {
                (
                    "breakdowns",
                    b.key.as_str(),
                    b.label.as_str(),
                    b.unit.as_str(),
                )
            }));
        for (section, key, label, unit) in entries {
            if let Some(&(old_label, old_unit, old_year)) = seen.get(&(section, key)) {
                let file = l.path.to_path_buf();
                if old_label != label {
                    let d = Diagnostic::warning(
                        file.clone(),
                        0,
                        tr!(
                            "`{key}` is labelled “{label}” here but “{old_label}” in {old_year}",
                            "`{key}` 在这里的名称是“{label}”，但 {old_year} 年是“{old_label}”"
                        ),
                    );
                    diags.push(at_path(d, l.text, &[section, key, "label"]).with_hint(tr!(
                        "use the same label every year, or a new key if the figure now means something else",
                        "请每年使用相同的名称；如果指标含义变了，请换一个新的键"
                    )));
                }
                if old_unit != unit {
                    let d = Diagnostic::warning(
                        file,
                        0,
                        tr!(
                            "`{key}` has the unit “{unit}” here but “{old_unit}” in {old_year}",
                            "`{key}` 在这里的单位是“{unit}”，但 {old_year} 年是“{old_unit}”"
                        ),
                    );
                    diags.push(at_path(d, l.text, &[section, key, "unit"]).with_hint(tr!(
                        "charts over the years would mix units: use the same unit every year",
                        "跨年图表会混用不同单位：请每年使用相同的单位"
                    )));
                }
            }
            seen.insert((section, key), (label, unit, l.stats.year));
        }
    }
}

fn year_of_name(name: &str) -> Option<i32> {
    let stem = name.strip_suffix(".yaml")?;
    if stem.len() == 4 && stem.bytes().all(|b| b.is_ascii_digit()) {
        stem.parse().ok()
    } else {
        None
    }
}
