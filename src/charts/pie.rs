//! Pie and donut charts of one breakdown. Every slice is labelled outside the circle
//! with its name, value and share, joined by a leader line; labels on each side are
//! spread apart so even 30 items stay legible (the chart grows taller when needed).
//! On a phone the labels are a legend below the circle instead.

use std::f64::consts::PI;
use std::fmt::Write;

use super::layout::Canvas;
use super::svg::{self, color, n, shorten, text_width, TextStyle, AXIS, MUTED};
use super::table::describe_items;
use super::{share, ItemsData};
use crate::diag::Text;
use crate::stats::{decimals_of, format_f64};
use crate::tr;

/// The radius on a screen, and the largest in print.
const R: f64 = 110.0;
/// The smallest radius in print, where the circle gives way to its labels.
const R_MIN: f64 = 60.0;
/// The radius on a phone (the legend is below the circle).
const R_PHONE: f64 = 78.0;
/// Room between the circle and a label's far end: leader line and margin.
const LABEL_ROOM: f64 = 34.0;
const GAP: f64 = 16.0;

fn point(cx: f64, cy: f64, r: f64, a: f64) -> (f64, f64) {
    (cx + r * a.sin(), cy - r * a.cos())
}

/// The outline of a slice of a circle of radius `r` from angle `a0` to `a1` (radians,
/// clockwise from the top).
fn slice_path((cx, cy, r): (f64, f64, f64), a0: f64, a1: f64, inner: f64) -> String {
    let p = |r: f64, a: f64| {
        let (x, y) = point(cx, cy, r, a);
        format!("{} {}", n(x), n(y))
    };
    let (ro, ri) = (n(r), n(inner));
    if a1 - a0 >= 2.0 * PI - 1e-9 {
        // A whole circle: two half arcs (one arc cannot start and end at one point).
        let mut d = format!(
            "M{}A{ro} {ro} 0 1 1 {}A{ro} {ro} 0 1 1 {}Z",
            p(r, 0.0),
            p(r, PI),
            p(r, 0.0)
        );
        if inner > 0.0 {
            let _ = write!(
                d,
                "M{}A{ri} {ri} 0 1 0 {}A{ri} {ri} 0 1 0 {}Z",
                p(inner, 0.0),
                p(inner, PI),
                p(inner, 0.0)
            );
        }
        return d;
    }
    let large = if a1 - a0 > PI { 1 } else { 0 };
    if inner > 0.0 {
        format!(
            "M{}A{ro} {ro} 0 {large} 1 {}L{}A{ri} {ri} 0 {large} 0 {}Z",
            p(r, a0),
            p(r, a1),
            p(inner, a1),
            p(inner, a0)
        )
    } else {
        format!(
            "M{} {}L{}A{ro} {ro} 0 {large} 1 {}Z",
            n(cx),
            n(cy),
            p(r, a0),
            p(r, a1)
        )
    }
}

/// Push label baselines apart by at least [`GAP`], keeping them within `lo..=hi`.
fn spread(ys: &mut [f64], lo: f64, hi: f64) {
    for i in 0..ys.len() {
        let min = if i == 0 { lo } else { ys[i - 1] + GAP };
        ys[i] = ys[i].max(min);
    }
    if let Some(last) = ys.last_mut() {
        *last = last.min(hi);
    }
    for i in (0..ys.len().saturating_sub(1)).rev() {
        ys[i] = ys[i].min(ys[i + 1] - GAP);
    }
}

pub(super) fn pie_chart(d: &ItemsData, donut: bool, canvas: Canvas) -> Result<String, Text> {
    let total = positive_total(d)?;
    let slices = slices(d, total);
    if canvas.phone {
        return Ok(legend_below(d, donut, canvas, (&slices, total)));
    }
    let right: Vec<usize> = (0..slices.len()).filter(|k| slices[*k].mid <= PI).collect();
    let left: Vec<usize> = (0..slices.len()).filter(|k| slices[*k].mid > PI).collect();
    let per_side = right.len().max(left.len()) as f64;
    let r = radius(d, &slices, total, canvas);
    let least = if canvas.is_print() {
        2.0 * r + 40.0
    } else {
        canvas.h
    };
    let h = least.max(per_side * GAP + 48.0);
    let (cx, cy) = (canvas.w / 2.0, h / 2.0);
    let mut out = svg::open(&canvas, h, &d.title, &describe_items(d));

    for s in &slices {
        slice(&mut out, d, s, total, (cx, cy, r), donut);
    }

    let labels = Labels {
        d,
        slices: &slices,
        total,
        center: (cx, cy),
        r,
        w: canvas.w,
        h,
    };
    labels.side(&mut out, 1.0, &right);
    labels.side(&mut out, -1.0, &left);

    if donut {
        donut_total(&mut out, d, total, (cx, cy));
    }
    out.push_str("</svg>\n");
    Ok(out)
}

/// A phone: the circle at the top, then one legend line per slice (a swatch of its
/// colour, name, value and share; a long name wraps to a second line), clockwise from
/// the top as the slices are.
fn legend_below(
    d: &ItemsData,
    donut: bool,
    canvas: Canvas,
    (slices, total): (&[Slice<'_>], f64),
) -> String {
    let w = canvas.w;
    let r = ((w - 24.0) / 2.0).min(R_PHONE);
    let (cx, cy) = (w / 2.0, 12.0 + r);
    let x0 = 12.0;
    let text_x = x0 + 18.0;
    let lines: Vec<(Vec<String>, bool)> = slices
        .iter()
        .map(|s| {
            let label = format!("{}{}", s.item.0, label_suffix(d, s, total));
            svg::fit_lines(&label, w - text_x - 12.0, 12.0, 2)
        })
        .collect();
    let top = cy + r + 16.0;
    let rows: Vec<f64> = lines
        .iter()
        .map(|(l, _)| l.len() as f64 * 14.4 + 6.0)
        .collect();
    let h = top + rows.iter().sum::<f64>() + 4.0;
    let mut out = svg::open(&canvas, h, &d.title, &describe_items(d));
    for s in slices {
        slice(&mut out, d, s, total, (cx, cy, r), donut);
    }
    let mut y = top;
    let st = TextStyle::new("start", 12.0, "slice-label");
    for ((s, (l, cut)), row) in slices.iter().zip(&lines).zip(&rows) {
        let _ = writeln!(
            out,
            "<rect class=\"swatch\" x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/>",
            n(x0),
            n(y + 1.0),
            color(s.i)
        );
        svg::text_lines(
            &mut out,
            text_x,
            y + 11.0,
            &st,
            l,
            cut.then_some(s.item.0.as_str()),
        );
        y += row;
    }
    if donut {
        donut_total(&mut out, d, total, (cx, cy));
    }
    out.push_str("</svg>\n");
    out
}

/// One slice of the circle `(cx, cy, r)` with its tooltip.
fn slice(
    out: &mut String,
    d: &ItemsData,
    s: &Slice<'_>,
    total: f64,
    (cx, cy, r): (f64, f64, f64),
    donut: bool,
) {
    let _ = writeln!(
        out,
        "<path class=\"slice\" d=\"{}\" fill=\"{}\" fill-rule=\"evenodd\" stroke=\"#ffffff\" stroke-width=\"1.5\"><title>{}</title></path>",
        slice_path((cx, cy, r), s.a0, s.a1, if donut { r * 0.56 } else { 0.0 }),
        color(s.i),
        svg::escape(&format!("{}: {}{}", s.item.0, s.item.2, d.ui.paren(&share(s.item.1, total))))
    );
}

/// What follows a slice's name in its label: the value and the share.
fn label_suffix(d: &ItemsData, s: &Slice<'_>, total: f64) -> String {
    format!(" {}{}", s.item.2, d.ui.paren(&share(s.item.1, total)))
}

/// The radius: [`R`] on a screen; in print as large as leaves room beside the circle
/// for the widest label, between [`R_MIN`] and [`R`] (a narrow slot shrinks the circle,
/// not the labels).
fn radius(d: &ItemsData, slices: &[Slice<'_>], total: f64, canvas: Canvas) -> f64 {
    if !canvas.is_print() {
        return R;
    }
    let widest = slices
        .iter()
        .map(|s| text_width(&s.item.0, 12.0) + text_width(&label_suffix(d, s, total), 12.0))
        .fold(0.0, f64::max);
    (canvas.w / 2.0 - LABEL_ROOM - widest).clamp(R_MIN, R)
}

/// The sum of the items; an error when an item is negative or all are 0.
fn positive_total(d: &ItemsData) -> Result<f64, Text> {
    if let Some((label, _, v)) = d.items.iter().find(|i| i.1 < 0.0) {
        return Err(tr!(
            "a pie chart cannot show the negative value {v} of `{label}`; use kind=\"bar\"",
            "饼图无法显示 `{label}` 的负数 {v}；请改用 kind=\"bar\"（柱状图）"
        ));
    }
    let total: f64 = d.items.iter().map(|i| i.1).sum();
    if total <= 0.0 {
        return Err(tr!(
            "every item of this breakdown is 0, so a pie chart has nothing to show; use kind=\"bar\"",
            "该分项统计的各项都是 0，饼图无从显示；请改用 kind=\"bar\"（柱状图）"
        ));
    }
    Ok(total)
}

/// One slice: the item's index, its angles and the item.
struct Slice<'a> {
    i: usize,
    a0: f64,
    a1: f64,
    mid: f64,
    item: &'a (String, f64, String),
}

/// The slices of the items above 0, clockwise from the top.
fn slices(d: &ItemsData, total: f64) -> Vec<Slice<'_>> {
    let mut slices = Vec::new();
    let mut a = 0.0;
    for (i, item) in d.items.iter().enumerate() {
        if item.1 <= 0.0 {
            continue;
        }
        let a1 = a + item.1 / total * 2.0 * PI;
        slices.push(Slice {
            i,
            a0: a,
            a1,
            mid: (a + a1) / 2.0,
            item,
        });
        a = a1;
    }
    slices
}

/// Labels: name, value and share, beside the circle, spread apart per side.
struct Labels<'a> {
    d: &'a ItemsData,
    slices: &'a [Slice<'a>],
    total: f64,
    center: (f64, f64),
    /// The radius.
    r: f64,
    /// The chart's width and height.
    w: f64,
    h: f64,
}

impl Labels<'_> {
    /// The labels of the slices `ids` on one side (`1.0` right, `-1.0` left), each
    /// with a leader line to its slice.
    fn side(&self, out: &mut String, side: f64, ids: &[usize]) {
        let (d, slices, total) = (self.d, self.slices, self.total);
        let ((cx, cy), r) = (self.center, self.r);
        let avail = self.w / 2.0 - r - LABEL_ROOM;
        let mut order: Vec<(f64, usize)> = ids
            .iter()
            .map(|k| (point(cx, cy, r + 14.0, slices[*k].mid).1, *k))
            .collect();
        order.sort_by(|p, q| p.0.total_cmp(&q.0));
        let mut ys: Vec<f64> = order.iter().map(|o| o.0 + 4.0).collect();
        spread(&mut ys, 20.0, self.h - 10.0);
        for ((_, k), ly) in order.iter().zip(ys) {
            let s = &slices[*k];
            let suffix = label_suffix(d, s, total);
            let (name, cut) = shorten(
                &s.item.0,
                (avail - text_width(&suffix, 12.0)).max(24.0),
                12.0,
            );
            let lx = cx + side * (r + 22.0);
            let (ex, ey) = point(cx, cy, r, s.mid);
            let (kx, ky) = point(cx, cy, r + 8.0, s.mid);
            let _ = writeln!(
                out,
                "<path class=\"leader\" d=\"M{} {}L{} {}L{} {}\" fill=\"none\" stroke=\"{AXIS}\" stroke-width=\"1\"/>",
                n(ex),
                n(ey),
                n(kx),
                n(ky),
                n(lx - side * 3.0),
                n(ly - 4.0)
            );
            let anchor = if side > 0.0 { "start" } else { "end" };
            let label = format!("{name}{suffix}");
            svg::text(
                out,
                lx,
                ly,
                &TextStyle::new(anchor, 12.0, "slice-label"),
                &label,
                cut.then_some(s.item.0.as_str()),
            );
        }
    }
}

/// The total in the hole of a donut.
fn donut_total(out: &mut String, d: &ItemsData, total: f64, (cx, cy): (f64, f64)) {
    let decimals = d.items.iter().map(|i| decimals_of(&i.2)).max().unwrap_or(0);
    let total_text = format!("{}{}", format_f64(total, decimals), d.unit);
    svg::text(
        out,
        cx,
        cy + 2.0,
        &TextStyle::new("middle", 18.0, "total"),
        &total_text,
        None,
    );
    let st = TextStyle {
        fill: MUTED,
        ..TextStyle::new("middle", 12.0, "total-label")
    };
    svg::text(out, cx, cy + 20.0, &st, d.ui.t("合计", "Total"), None);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_spread_within_bounds() {
        let mut ys = vec![100.0, 101.0, 102.0, 350.0, 351.0];
        spread(&mut ys, 20.0, 352.0);
        for w in ys.windows(2) {
            assert!(w[1] - w[0] >= GAP - 1e-9, "{ys:?}");
        }
        assert!(*ys.last().unwrap() <= 352.0 && ys[0] >= 20.0, "{ys:?}");
    }

    #[test]
    fn full_circle_is_two_arcs() {
        let d = slice_path((100.0, 100.0, R), 0.0, 2.0 * PI, 0.0);
        assert_eq!(d.matches('A').count(), 2, "{d}");
        let d = slice_path((100.0, 100.0, R), 0.0, PI / 2.0, 50.0);
        assert!(d.contains("A110.0 110.0 0 0 1 210.0 100.0"), "{d}");
    }
}
