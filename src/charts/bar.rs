//! Bar charts: grouped vertical bars (metrics over years, short breakdowns) and
//! horizontal bars (breakdowns with many items or long names). Every bar carries its
//! value as a label; a missing value is a dash, never a zero-height bar.

use std::fmt::Write;

use super::axis::{coarser, nice_scale, Scale};
use super::layout::Canvas;
use super::svg::{self, color, fit_lines, n, shorten, text_width, TextStyle, AXIS, GRID, MUTED};
use super::table::{describe_items, describe_series};
use super::{ItemsData, SeriesData, Ui};

/// Most items a vertical breakdown chart takes before it turns horizontal.
const MAX_VERTICAL: usize = 8;

struct VBars<'a> {
    canvas: Canvas,
    title: &'a str,
    desc: String,
    cats: Vec<String>,
    /// Wrap category labels to two lines (items); else thin them out (years).
    wrap: bool,
    names: Vec<String>,
    /// `[series][category]`.
    values: Vec<Vec<Option<(f64, String)>>>,
    percent: bool,
    unit_note: Option<String>,
    ui: Ui,
}

/// Metrics over years as grouped vertical bars.
pub(super) fn series_bars(d: &SeriesData, canvas: Canvas) -> String {
    let (names, unit_note) = series_names(d, &canvas);
    vertical(&VBars {
        canvas,
        title: &d.title,
        desc: describe_series(d),
        cats: d.years.iter().map(|y| y.to_string()).collect(),
        wrap: false,
        names,
        values: d.series.iter().map(|s| s.values.clone()).collect(),
        percent: d.percent,
        unit_note,
        ui: d.ui,
    })
}

/// Legend names (shortened to fit a line of `canvas`), and the unit note when every
/// series shares one unit.
pub(super) fn series_names(d: &SeriesData, canvas: &Canvas) -> (Vec<String>, Option<String>) {
    let max_w = if canvas.phone { canvas.w - 62.0 } else { 260.0 };
    let first = d.series.first().map(|s| s.unit.as_str()).unwrap_or("");
    let same = d.series.iter().all(|s| s.unit == first);
    let names = d
        .series
        .iter()
        .map(|s| {
            let name = if same {
                s.label.clone()
            } else {
                d.ui.with_unit(&s.label, &s.unit)
            };
            shorten(&name, max_w, 12.0).0
        })
        .collect();
    (names, unit_note(d.ui, if same { first } else { "" }))
}

pub(super) fn unit_note(ui: Ui, unit: &str) -> Option<String> {
    (!unit.is_empty()).then(|| format!("{}{unit}", ui.t("单位：", "Unit: ")))
}

/// One breakdown as bars: vertical for a few short names, horizontal otherwise (and
/// always on a phone).
/// Returns the figure kind (`bar` or `hbar`) and the SVG.
pub(super) fn breakdown_bars(d: &ItemsData, canvas: Canvas) -> (&'static str, String) {
    let slot = (canvas.w - 60.0) / d.items.len() as f64;
    let long = d
        .items
        .iter()
        .any(|(label, _, _)| fit_lines(label, slot - 6.0, 12.0, 2).1);
    if d.items.len() > MAX_VERTICAL || long || canvas.phone {
        return ("hbar", super::hbar::horizontal(d, canvas));
    }
    let svg = vertical(&VBars {
        canvas,
        title: &d.title,
        desc: describe_items(d),
        cats: d.items.iter().map(|i| i.0.clone()).collect(),
        wrap: true,
        names: vec![d.title.clone()],
        values: vec![d.items.iter().map(|i| Some((i.1, i.2.clone()))).collect()],
        percent: d.percent,
        unit_note: unit_note(d.ui, &d.unit),
        ui: d.ui,
    });
    ("bar", svg)
}

/// The fill of series `j`: solid for the first, then colour plus a texture, so series
/// differ without colour too.
pub(super) fn fill_for(j: usize, canvas: &Canvas) -> String {
    if j == 0 {
        color(0).to_string()
    } else {
        format!("url(#{}{j})", pattern_prefix(canvas))
    }
}

/// The id prefix of the textures: the same in every chart of one layout (same ids, same
/// content), another for the phone layout, which is hidden when the screen layout
/// shows and the other way round (a texture inside a hidden SVG may not paint).
fn pattern_prefix(canvas: &Canvas) -> &'static str {
    if canvas.phone {
        "xh-pat-p"
    } else {
        "xh-pat-"
    }
}

/// `<defs>` with the textures of series 1..n (same ids and content in every chart).
pub(super) fn pattern_defs(out: &mut String, series: usize, canvas: &Canvas) {
    if series < 2 {
        return;
    }
    out.push_str("<defs>");
    for j in 1..series {
        let (rot, mark) = match (j - 1) % 3 {
            0 => (
                45,
                "<rect x=\"0\" y=\"0\" width=\"2\" height=\"6\" fill=\"#ffffff\"/>",
            ),
            1 => (
                0,
                "<rect x=\"2\" y=\"2\" width=\"2\" height=\"2\" fill=\"#ffffff\"/>",
            ),
            _ => (
                -45,
                "<rect x=\"0\" y=\"0\" width=\"6\" height=\"1.5\" fill=\"#ffffff\"/>",
            ),
        };
        let _ = write!(
            out,
            "<pattern id=\"{}{j}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate({rot})\"><rect x=\"0\" y=\"0\" width=\"6\" height=\"6\" fill=\"{}\"/>{mark}</pattern>",
            pattern_prefix(canvas),
            color(j)
        );
    }
    out.push_str("</defs>\n");
}

/// The left edge of the plot area: room for the widest tick label.
pub(super) fn left_margin(scale: &Scale) -> f64 {
    let tick_w = scale
        .ticks
        .iter()
        .map(|t| text_width(&scale.label(*t), 11.0))
        .fold(0.0, f64::max);
    (tick_w + 14.0).max(32.0)
}

/// Horizontal grid lines from `left` to `right` units before the edge `w`, with tick
/// labels, and a darker zero line.
pub(super) fn y_grid(
    out: &mut String,
    scale: &Scale,
    (left, right, w): (f64, f64, f64),
    y: &dyn Fn(f64) -> f64,
) {
    let st = TextStyle {
        fill: MUTED,
        ..TextStyle::new("end", 11.0, "tick")
    };
    for t in &scale.ticks {
        let stroke = if *t == 0.0 { AXIS } else { GRID };
        let _ = writeln!(
            out,
            "<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"1\"/>",
            n(left),
            n(y(*t)),
            n(w - right),
            n(y(*t))
        );
        svg::text(out, left - 6.0, y(*t) + 4.0, &st, &scale.label(*t), None);
    }
}

/// The header row of a chart on `canvas`: legend entries (drawn by `mark`) at the
/// left, the unit note at the right. On a phone the unit note has a line of its own
/// and the legend entries wrap below it. Returns the height used.
pub(super) fn header(
    out: &mut String,
    canvas: &Canvas,
    names: &[String],
    unit: Option<&str>,
    mark: &dyn Fn(&mut String, usize, f64, f64),
) -> f64 {
    let w = canvas.w;
    let top = 8.0;
    let mut h: f64 = if unit.is_some() { 18.0 } else { 0.0 };
    let (legend_top, note_w) = match unit {
        Some(_) if canvas.phone => (top + 18.0, 0.0),
        Some(u) => (top, text_width(u, 12.0) + 24.0),
        None => (top, 0.0),
    };
    if names.len() > 1 {
        let (pos, lh) = svg::legend_layout(names, 12.0, legend_top, w - 12.0 - note_w);
        for (j, ((x, y), name)) in pos.iter().zip(names).enumerate() {
            mark(out, j, *x, *y + 4.0);
            svg::text(
                out,
                x + 22.0,
                y + 13.0,
                &TextStyle::new("start", 12.0, "legend"),
                name,
                None,
            );
        }
        h = h.max(legend_top - top + lh);
    }
    if let Some(u) = unit {
        let (x, anchor) = if canvas.phone {
            (12.0, "start")
        } else {
            (w - 12.0, "end")
        };
        let st = TextStyle {
            fill: MUTED,
            ..TextStyle::new(anchor, 12.0, "unit")
        };
        svg::text(out, x, top + 13.0, &st, u, None);
    }
    top + h + 4.0
}

fn vertical(v: &VBars) -> String {
    let all = v.values.iter().flatten().flatten().map(|(x, _)| *x);
    let lo = all.clone().fold(0.0, f64::min);
    let hi = all.fold(0.0, f64::max);
    let scale = nice_scale(lo, hi, v.percent);
    let (ns, nc) = (v.values.len().max(1), v.cats.len().max(1));
    let (w, h) = (v.canvas.w, v.canvas.h);
    let mut out = svg::open(&v.canvas, h, v.title, &v.desc);
    pattern_defs(&mut out, ns, &v.canvas);
    let top = header(
        &mut out,
        &v.canvas,
        &v.names,
        v.unit_note.as_deref(),
        &|o, j, x, y| {
            let _ = write!(
                o,
                "<rect class=\"swatch\" x=\"{}\" y=\"{}\" width=\"16\" height=\"10\" fill=\"{}\"/>",
                n(x),
                n(y),
                fill_for(j, &v.canvas)
            );
        },
    );
    let mut scale = scale;
    let mut lay = v_layout(v, &scale, top);
    // A short plot (print, with upright value labels above the bars) takes fewer ticks.
    if let Some(c) = coarser(&scale, lo, hi, lay.y_bot - lay.y_top) {
        scale = c;
        lay = v_layout(v, &scale, top);
    }
    let VLayout {
        left,
        right,
        slot,
        cat_lines,
        every,
        y_bot,
        y_top,
        bw,
        gx,
        rotated,
    } = lay;
    let y = |val: f64| y_bot - scale.frac(val) * (y_bot - y_top);
    y_grid(&mut out, &scale, (left, right, w), &y);

    let plot = Plot {
        left,
        slot,
        bw,
        gx,
        zero: y(0.0_f64.clamp(scale.min, scale.max)),
        rotated,
    };
    for (j, series) in v.values.iter().enumerate() {
        for (i, val) in series.iter().enumerate() {
            plot.bar(&mut out, v, (j, i), val.as_ref(), &y);
        }
    }
    let st = TextStyle::new("middle", 12.0, "category");
    for (i, (lines, cut)) in cat_lines.iter().enumerate() {
        // Every k-th and the last; on a phone counted back from the last, so that the
        // last never crowds the one before it.
        let shown = if v.canvas.phone {
            (nc - 1 - i) % every == 0
        } else {
            i % every == 0 || i + 1 == nc
        };
        if !shown {
            continue;
        }
        let cx = left + slot * (i as f64 + 0.5);
        let full = cut.then_some(v.cats[i].as_str());
        svg::text_lines(&mut out, cx, y_bot + 16.0, &st, lines, full);
    }
    out.push_str("</svg>\n");
    out
}

/// Where the parts of a vertical bar chart go for one value scale.
struct VLayout {
    /// The plot area's left edge and its distance from the right edge.
    left: f64,
    right: f64,
    /// Width of one category.
    slot: f64,
    cat_lines: Vec<(Vec<String>, bool)>,
    /// Every how many categories a label is shown.
    every: usize,
    /// The y of the plot's bottom (zero or the scale's end) and top.
    y_bot: f64,
    y_top: f64,
    /// Bar width, gap before a category's first bar.
    bw: f64,
    gx: f64,
    /// Value labels turned upright.
    rotated: bool,
}

/// The layout of `v` with the value axis `scale` below a header `top` tall.
fn v_layout(v: &VBars, scale: &Scale, top: f64) -> VLayout {
    let (ns, nc) = (v.values.len().max(1), v.cats.len().max(1));
    let left = left_margin(scale);
    let right = 12.0;
    let slot = (v.canvas.w - left - right) / nc as f64;

    let (cat_lines, every) = category_lines(v, slot);
    let max_lines = cat_lines.iter().map(|l| l.0.len()).max().unwrap_or(1) as f64;
    let y_bot = v.canvas.h - (12.0 + 14.4 * max_lines + 4.0);

    let bw = (slot * 0.72 / ns as f64).min(56.0);
    let gx = (slot - bw * ns as f64) / 2.0;
    let label_w = v
        .values
        .iter()
        .flatten()
        .flatten()
        .map(|(_, s)| text_width(s, 11.0))
        .fold(0.0, f64::max);
    let room = if ns == 1 { slot - 4.0 } else { bw + 4.0 };
    let rotated = label_w > room;
    let head = if rotated {
        (label_w + 8.0).min((y_bot - top) * 0.4)
    } else {
        16.0
    };
    VLayout {
        left,
        right,
        slot,
        cat_lines,
        every,
        y_bot,
        y_top: top + head,
        bw,
        gx,
        rotated,
    }
}

/// Category labels, each as lines plus whether it was cut, and which ones to show
/// (every k-th): wrapped to two lines (items) or thinned out (years).
fn category_lines(v: &VBars, slot: f64) -> (Vec<(Vec<String>, bool)>, usize) {
    if v.wrap {
        (
            v.cats
                .iter()
                .map(|c| fit_lines(c, slot - 6.0, 12.0, 2))
                .collect(),
            1,
        )
    } else {
        let w = v
            .cats
            .iter()
            .map(|c| text_width(c, 12.0))
            .fold(0.0, f64::max);
        let every = ((w + 8.0) / slot).ceil().max(1.0) as usize;
        (
            v.cats.iter().map(|c| (vec![c.clone()], false)).collect(),
            every,
        )
    }
}

/// The horizontal layout of a vertical bar chart's bars.
struct Plot {
    /// Left edge of the plot area.
    left: f64,
    /// Width of one category.
    slot: f64,
    /// Width of one bar.
    bw: f64,
    /// Gap before a category's first bar.
    gx: f64,
    /// The y of the zero line (or the scale's end nearest to zero).
    zero: f64,
    /// Value labels turned upright (too wide for their bars).
    rotated: bool,
}

impl Plot {
    /// The bar of series `j` in category `i` with its value label, or a dash for a
    /// missing value.
    fn bar(
        &self,
        out: &mut String,
        v: &VBars,
        (j, i): (usize, usize),
        val: Option<&(f64, String)>,
        y: &dyn Fn(f64) -> f64,
    ) {
        let (bw, zero) = (self.bw, self.zero);
        let x = self.left + self.slot * i as f64 + self.gx + bw * j as f64;
        let cx = x + bw / 2.0;
        let Some((value, label)) = val else {
            let st = TextStyle {
                fill: MUTED,
                ..TextStyle::new("middle", 11.0, "missing")
            };
            let full = format!(
                "{} {}: {}",
                v.names.get(j).map(String::as_str).unwrap_or(""),
                v.cats[i],
                v.ui.t("无数据", "no data")
            );
            svg::text(out, cx, zero - 4.0, &st, "—", Some(&full));
            return;
        };
        let yv = y(*value);
        let _ = writeln!(
            out,
            "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}</title></rect>",
            n(x),
            n(yv.min(zero)),
            n(bw),
            n((yv - zero).abs()),
            fill_for(j, &v.canvas),
            svg::escape(&format!("{} {}: {label}", v.names.get(j).map(String::as_str).unwrap_or(""), v.cats[i]))
        );
        let neg = *value < 0.0;
        let mut st = TextStyle::new("middle", 11.0, "value");
        let ly = if neg { yv + 12.0 } else { yv - 4.0 };
        if self.rotated {
            let ly = if neg { yv + 4.0 } else { yv - 4.0 };
            st.anchor = if neg { "end" } else { "start" };
            st.extra = format!(" transform=\"rotate(-90 {} {})\"", n(cx + 4.0), n(ly));
            svg::text(out, cx + 4.0, ly, &st, label, None);
        } else {
            svg::text(out, cx, ly, &st, label, None);
        }
    }
}
