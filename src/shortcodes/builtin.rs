//! The built-in shortcodes as typed values. [`Builtin::from_shortcode`] is the one place
//! a parsed [`Shortcode`] is matched by name: it checks the shortcode against its
//! signature and its own rules (those of `chart`, `map` and `qr`) and reads its
//! arguments into a [`Builtin`], which the website and the report render with an
//! exhaustive `match`. A site's own shortcodes (`templates/shortcodes/NAME.html`) are
//! told apart by [`check`] and keep their arguments as written.

use super::signature::{at_arg, at_shortcode, builtin, did_you_mean_hint, validate};
use super::{unknown_shortcode, Arg, ArgValue, Shortcode, ShortcodeError};
use crate::charts::{BreakdownChartArgs, BreakdownKind, MapSource, SeriesChartArgs, SeriesKind};
use crate::diag::Text;
use crate::tr;

/// A built-in shortcode with its arguments checked and read.
#[derive(Clone, Debug)]
pub(crate) enum Builtin {
    Stat(StatArgs),
    Kpis(KpisArgs),
    Chart(ChartArgs),
    Figure(FigureArgs),
    /// `gallery()`: the images of the page's bundle.
    Gallery,
    Video(VideoArgs),
    Qr(QrArgs),
    Map(MapArgs),
}

/// `stat(key=…, year=…)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StatArgs {
    pub key: String,
    /// Default: the newest year.
    pub year: Option<i32>,
}

/// `kpis(year=…, keys=[…])`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KpisArgs {
    /// Default: the newest year.
    pub year: Option<i32>,
    /// Default: every metric of the year.
    pub keys: Option<Vec<String>>,
}

/// What a `chart(…)` shortcode draws: with `breakdown`, one breakdown (default kind:
/// bar), else metrics over years (default kind: line) — the same for the website and
/// the report.
#[derive(Clone, Debug)]
pub(crate) enum ChartArgs {
    Series(SeriesChartArgs),
    Breakdown(BreakdownChartArgs),
}

/// `figure(src=…, caption=…, alt=…)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FigureArgs {
    /// As written: a file beside the page, `/path` in static/, or a web address.
    pub src: String,
    pub caption: Option<String>,
    pub alt: Option<String>,
}

/// `video(src=…, poster=…)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct VideoArgs {
    /// As written, like [`FigureArgs::src`].
    pub src: String,
    pub poster: Option<String>,
}

/// `qr(url=…, size=…)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct QrArgs {
    /// Default: the page's own address.
    pub url: Option<String>,
    /// Pixels, from 64 to 1024 (default 160).
    pub size: u32,
}

/// `map(source=…)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct MapArgs {
    pub source: MapSource,
}

/// A shortcode after [`check`].
#[derive(Clone, Debug)]
pub(crate) enum Checked {
    Builtin(Builtin),
    /// One of the site's own, rendered from its template with the arguments as written.
    Site,
}

/// Check one shortcode: a built-in one against its signature and rules (and read), a
/// site's own (named in `site`) not at all, any other as unknown. A site shortcode
/// with a built-in's name is checked as the built-in.
pub(crate) fn check<S: AsRef<str>>(
    sc: &Shortcode,
    site: &[S],
) -> Result<Checked, Vec<ShortcodeError>> {
    if builtin(&sc.name).is_none() {
        if site.iter().any(|n| n.as_ref() == sc.name) {
            return Ok(Checked::Site);
        }
        let known: Vec<&str> = site.iter().map(AsRef::as_ref).collect();
        return Err(vec![unknown_shortcode(sc, &known)]);
    }
    Builtin::from_shortcode(sc).map(Checked::Builtin)
}

/// Every problem [`check`] finds in one shortcode.
pub fn check_shortcode(sc: &Shortcode, site: &[&str]) -> Vec<ShortcodeError> {
    check(sc, site).err().unwrap_or_default()
}

impl Builtin {
    /// `sc` checked and read: unknown, repeated, ill-typed and missing arguments first
    /// (see [`validate`]); only when there are none, the rules of `chart`, `map` and
    /// `qr`. A name no built-in has is an unknown shortcode.
    pub(crate) fn from_shortcode(sc: &Shortcode) -> Result<Builtin, Vec<ShortcodeError>> {
        let Some(sig) = builtin(&sc.name) else {
            return Err(vec![unknown_shortcode(sc, &[])]);
        };
        let errs = validate(sc, sig);
        if !errs.is_empty() {
            return Err(errs);
        }
        let r = Read(sc);
        Ok(match sig.name {
            "stat" => Builtin::Stat(StatArgs {
                key: r.text("key").unwrap_or_default(),
                year: r.year("year"),
            }),
            "kpis" => Builtin::Kpis(KpisArgs {
                year: r.year("year"),
                keys: r.texts("keys"),
            }),
            "chart" => Builtin::Chart(chart_args(sc)?),
            "figure" => Builtin::Figure(FigureArgs {
                src: r.text("src").unwrap_or_default(),
                caption: r.text("caption"),
                alt: r.text("alt"),
            }),
            "gallery" => Builtin::Gallery,
            "video" => Builtin::Video(VideoArgs {
                src: r.text("src").unwrap_or_default(),
                poster: r.text("poster"),
            }),
            "qr" => Builtin::Qr(qr_args(sc)?),
            "map" => Builtin::Map(map_args(sc)?),
            // Every name in `BUILTINS` has its arm above (a test reads each).
            _ => return Err(vec![unknown_shortcode(sc, &[])]),
        })
    }
}

/// The arguments of a shortcode that passed [`validate`], by name.
struct Read<'a>(&'a Shortcode);

impl Read<'_> {
    fn text(&self, name: &str) -> Option<String> {
        self.0
            .get(name)
            .and_then(ArgValue::as_str)
            .map(str::to_string)
    }

    fn texts(&self, name: &str) -> Option<Vec<String>> {
        self.0
            .get(name)
            .and_then(ArgValue::as_str_list)
            .map(|v| v.into_iter().map(str::to_string).collect())
    }

    fn year(&self, name: &str) -> Option<i32> {
        self.0
            .get(name)
            .and_then(ArgValue::as_i64)
            .and_then(|y| i32::try_from(y).ok())
    }
}

/// `chart`: `keys` (metrics over years, kind bar or line, `from` ≤ `to`) or
/// `breakdown` (one year, kind bar, pie or donut), not both.
fn chart_args(sc: &Shortcode) -> Result<ChartArgs, Vec<ShortcodeError>> {
    let r = Read(sc);
    let mut errs = chart_form_errors(sc);
    let kind_arg = sc.arg("kind");
    let kind = kind_arg.and_then(|a| a.value.as_str());
    let breakdown = r.text("breakdown");
    let is_breakdown = breakdown.is_some();
    let chart = match breakdown {
        Some(breakdown) => BreakdownKind::of_chart(kind).map(|kind| {
            ChartArgs::Breakdown(BreakdownChartArgs {
                breakdown,
                year: r.year("year"),
                kind,
                title: r.text("title"),
            })
        }),
        None => SeriesKind::of_chart(kind).map(|kind| {
            ChartArgs::Series(SeriesChartArgs {
                keys: r.texts("keys").unwrap_or_default(),
                kind,
                from: r.year("from"),
                to: r.year("to"),
                title: r.text("title"),
            })
        }),
    };
    if let (Err(_), Some(a), Some(kind)) = (&chart, kind_arg, kind) {
        errs.push(kind_error(a, kind, is_breakdown));
    }
    errs.extend(chart_year_errors(sc, is_breakdown));
    match chart {
        Ok(chart) if errs.is_empty() => Ok(chart),
        _ => Err(errs),
    }
}

/// `keys` or `breakdown`, not both and not neither; `keys` not empty.
fn chart_form_errors(sc: &Shortcode) -> Vec<ShortcodeError> {
    let mut errs = Vec::new();
    let (keys, breakdown) = (sc.arg("keys"), sc.arg("breakdown"));
    match (keys, breakdown) {
        (Some(_), Some(b)) => errs.push(at_arg(
            b,
            Text::new(
                "a chart shows either `keys` (figures over the years) or `breakdown` (one breakdown), not both",
                "图表只能二选一：`keys`（多年的指标）或 `breakdown`（一项分类统计）",
            ),
            Some(Text::new("make two charts", "请分成两个图表")),
        )),
        (None, None) => errs.push(at_shortcode(
            sc,
            Text::new("`chart` needs `keys` or `breakdown`", "`chart` 需要 `keys` 或 `breakdown` 参数"),
            Some(Text::new(
                "e.g. {{ chart(keys=[\"party_branches\"], kind=\"line\") }} or {{ chart(breakdown=\"branches_by_street\", kind=\"pie\") }}",
                "例如 {{ chart(keys=[\"party_branches\"], kind=\"line\") }} 或 {{ chart(breakdown=\"branches_by_street\", kind=\"pie\") }}",
            )),
        )),
        _ => {}
    }
    if let Some(
        a @ Arg {
            value: ArgValue::List(items),
            ..
        },
    ) = keys
    {
        if items.is_empty() {
            errs.push(at_arg(
                a,
                Text::new("`keys` is an empty list", "`keys` 是空列表"),
                Some(Text::new(
                    "name at least one figure: keys=[\"party_branches\"]",
                    "至少写一个指标：keys=[\"party_branches\"]",
                )),
            ));
        }
    }
    errs
}

/// A `kind` that the chart's form (breakdown or metrics over years) does not have.
fn kind_error(a: &Arg, kind: &str, is_breakdown: bool) -> ShortcodeError {
    let allowed = if is_breakdown {
        BreakdownKind::NAMES
    } else {
        SeriesKind::NAMES
    };
    let (w_en, w_zh) = if is_breakdown {
        ("a breakdown", "分类统计")
    } else {
        ("figures over the years", "多年指标")
    };
    let list = allowed.join(", ");
    let list_zh = allowed.join("、");
    at_arg(
        a,
        tr!(
            "chart kind \"{kind}\" is not available for {w_en}",
            "{w_zh}图表没有 \"{kind}\" 这种类型"
        ),
        did_you_mean_hint(kind, allowed).or(Some(tr!("use one of: {list}", "可选：{list_zh}"))),
    )
}

/// `from`/`to` only without `breakdown`, and `from` ≤ `to`.
fn chart_year_errors(sc: &Shortcode, is_breakdown: bool) -> Vec<ShortcodeError> {
    let mut errs = Vec::new();
    if is_breakdown {
        for a in ["from", "to"].into_iter().filter_map(|n| sc.arg(n)) {
            let name = &a.name;
            errs.push(at_arg(
                a,
                tr!(
                    "`{name}` does not apply to a breakdown chart",
                    "分类统计图表不使用 `{name}`"
                ),
                Some(Text::new(
                    "a breakdown chart shows one year: use year=2024",
                    "分类统计图表只显示一年：请用 year=2024",
                )),
            ));
        }
    }
    let year = |n: &str| sc.get(n).and_then(ArgValue::as_i64);
    if let (Some(from), Some(to), Some(a)) = (year("from"), year("to"), sc.arg("from")) {
        if from > to {
            errs.push(at_arg(
                a,
                tr!(
                    "`from` ({from}) is after `to` ({to})",
                    "`from`（{from}）晚于 `to`（{to}）"
                ),
                Some(tr!(
                    "swap them: from={to}, to={from}",
                    "请对调：from={to}, to={from}"
                )),
            ));
        }
    }
    errs
}

/// `map`: `source` is one of units, stations, all (default: all).
fn map_args(sc: &Shortcode) -> Result<MapArgs, Vec<ShortcodeError>> {
    let Some((a, s)) = sc
        .arg("source")
        .and_then(|a| a.value.as_str().map(|s| (a, s)))
    else {
        return Ok(MapArgs::default());
    };
    match MapSource::parse(s) {
        Some(source) => Ok(MapArgs { source }),
        None => Err(vec![at_arg(
            a,
            tr!(
                "map source \"{s}\" does not exist",
                "地图数据来源 \"{s}\" 不存在"
            ),
            did_you_mean_hint(s, MapSource::NAMES).or(Some(Text::new(
                "use \"units\", \"stations\" or \"all\"",
                "可选 \"units\"（单位）、\"stations\"（驿站）或 \"all\"（全部）",
            ))),
        )]),
    }
}

/// `qr`: `size` more than 0, drawn from 64 to 1024 pixels (default 160).
fn qr_args(sc: &Shortcode) -> Result<QrArgs, Vec<ShortcodeError>> {
    let size = sc
        .arg("size")
        .and_then(|a| a.value.as_i64().map(|n| (a, n)));
    if let Some((a, _)) = size.filter(|&(_, n)| n <= 0) {
        return Err(vec![at_arg(
            a,
            Text::new(
                "`size` of `qr` must be more than 0",
                "`qr` 的 `size` 必须大于 0",
            ),
            Some(Text::new("e.g. size=160 (pixels)", "例如 size=160（像素）")),
        )]);
    }
    let size = size.map_or(160, |(_, n)| n).clamp(64, 1024);
    Ok(QrArgs {
        url: Read(sc).text("url"),
        size: u32::try_from(size).unwrap_or(160),
    })
}

#[cfg(test)]
#[path = "builtin_tests.rs"]
mod tests;
