//! Horizontal bars of one breakdown (many items, long names, or a phone): on a screen
//! and in print each name stands in a column left of its bar; on a phone each name
//! stands above its bar, which then takes the chart's whole width. Every bar carries
//! its value as a label.

use std::fmt::Write;

use super::axis::nice_scale;
use super::bar::{header, unit_note};
use super::layout::Canvas;
use super::svg::{self, color, fit_lines, n, shorten, text_width, TextStyle, AXIS, GRID, MUTED};
use super::table::describe_items;
use super::ItemsData;

/// One breakdown as horizontal bars laid out for `canvas`.
pub(super) fn horizontal(d: &ItemsData, canvas: Canvas) -> String {
    if canvas.phone {
        above(d, canvas)
    } else {
        beside(d, canvas)
    }
}

/// Names in a column at the left, bars to their right (screen and print).
fn beside(d: &ItemsData, canvas: Canvas) -> String {
    let w = canvas.w;
    let count = d.items.len();
    let unit = unit_note(d.ui, &d.unit);
    let row = if count > 20 { 22.0 } else { 28.0 };
    let top = 8.0 + if unit.is_some() { 22.0 } else { 4.0 };
    let bottom = 30.0;
    let h = (top + row * count as f64 + bottom).max(160.0);
    let mut out = svg::open(&canvas, h, &d.title, &describe_items(d));
    header(&mut out, &canvas, &[], unit.as_deref(), &|_, _, _, _| {});

    let lo = d.items.iter().map(|i| i.1).fold(0.0, f64::min);
    let hi = d.items.iter().map(|i| i.1).fold(0.0, f64::max);
    let scale = nice_scale(lo, hi, d.percent);
    let lw = d
        .items
        .iter()
        .map(|i| text_width(&i.0, 12.0))
        .fold(0.0, f64::max)
        .min(200.0);
    let left = 12.0 + lw + 8.0;
    let vw = d
        .items
        .iter()
        .map(|i| text_width(&i.2, 11.0))
        .fold(0.0, f64::max);
    let right = vw + 16.0;
    let x = |v: f64| left + scale.frac(v) * (w - left - right);
    let y_bot = h - bottom;
    let tick = TextStyle {
        fill: MUTED,
        ..TextStyle::new("middle", 11.0, "tick")
    };
    for t in &scale.ticks {
        let stroke = if *t == 0.0 { AXIS } else { GRID };
        let _ = writeln!(
            out,
            "<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"1\"/>",
            n(x(*t)),
            n(top),
            n(x(*t)),
            n(y_bot)
        );
        svg::text(&mut out, x(*t), y_bot + 16.0, &tick, &scale.label(*t), None);
    }
    let zero = x(0.0_f64.clamp(scale.min, scale.max));
    let cat = TextStyle::new("end", 12.0, "category");
    for (i, (label, value, text)) in d.items.iter().enumerate() {
        let cy = top + row * (i as f64 + 0.5);
        let (short, cut) = shorten(label, lw, 12.0);
        svg::text(
            &mut out,
            left - 8.0,
            cy + 4.0,
            &cat,
            &short,
            cut.then_some(label.as_str()),
        );
        let xv = x(*value);
        let bh = row * 0.64;
        let _ = writeln!(
            out,
            "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}</title></rect>",
            n(xv.min(zero)),
            n(cy - bh / 2.0),
            n((xv - zero).abs()),
            n(bh),
            color(0),
            svg::escape(&format!("{label}: {text}"))
        );
        let (lx, anchor) = if *value < 0.0 {
            (xv - 4.0, "end")
        } else {
            (xv + 4.0, "start")
        };
        svg::text(
            &mut out,
            lx,
            cy + 4.0,
            &TextStyle::new(anchor, 11.0, "value"),
            text,
            None,
        );
    }
    out.push_str("</svg>\n");
    out
}

/// Each name above its bar (a phone): names wrap to two lines of the chart's width,
/// bars start at one edge and leave room for the widest value label.
fn above(d: &ItemsData, canvas: Canvas) -> String {
    let w = canvas.w;
    let unit = unit_note(d.ui, &d.unit);
    let top = 8.0 + if unit.is_some() { 22.0 } else { 4.0 };
    let (left, size) = (12.0, 12.0);
    let names: Vec<(Vec<String>, bool)> = d
        .items
        .iter()
        .map(|i| fit_lines(&i.0, w - 2.0 * left, size, 2))
        .collect();
    let (bar_h, gap) = (12.0, 10.0);
    let rows: Vec<f64> = names
        .iter()
        .map(|(lines, _)| lines.len() as f64 * size * 1.2 + 3.0 + bar_h + gap)
        .collect();
    let h = top + rows.iter().sum::<f64>() + 4.0;
    let mut out = svg::open(&canvas, h, &d.title, &describe_items(d));
    header(&mut out, &canvas, &[], unit.as_deref(), &|_, _, _, _| {});

    let lo = d.items.iter().map(|i| i.1).fold(0.0, f64::min);
    let hi = d.items.iter().map(|i| i.1).fold(0.0, f64::max);
    let vw = d
        .items
        .iter()
        .map(|i| text_width(&i.2, 11.0))
        .fold(0.0, f64::max);
    // Room for a value label at the end of the longest bar on either side of zero.
    let (room_l, room_r) = (if lo < 0.0 { vw + 6.0 } else { 0.0 }, vw + 6.0);
    let span = |v: f64| {
        let (a, b) = (left + room_l, w - left - room_r);
        a + (v - lo.min(0.0)) / (hi.max(0.0) - lo.min(0.0)).max(f64::MIN_POSITIVE) * (b - a)
    };
    let zero = span(0.0);
    let name_st = TextStyle::new("start", size, "category");
    let mut y = top;
    for (((label, value, text), (lines, cut)), row) in d.items.iter().zip(&names).zip(&rows) {
        svg::text_lines(
            &mut out,
            left,
            y + size,
            &name_st,
            lines,
            cut.then_some(label.as_str()),
        );
        let by = y + lines.len() as f64 * size * 1.2 + 3.0;
        let xv = span(*value);
        // The zero line beside this bar (not through the name above it).
        let _ = writeln!(
            out,
            "<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{AXIS}\" stroke-width=\"1\"/>",
            n(zero),
            n(by - 2.0),
            n(zero),
            n(by + bar_h + 2.0)
        );
        let _ = writeln!(
            out,
            "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}</title></rect>",
            n(xv.min(zero)),
            n(by),
            n((xv - zero).abs()),
            n(bar_h),
            color(0),
            svg::escape(&format!("{label}: {text}"))
        );
        let (lx, anchor) = if *value < 0.0 {
            (xv - 4.0, "end")
        } else {
            (xv + 4.0, "start")
        };
        svg::text(
            &mut out,
            lx,
            by + bar_h - 2.0,
            &TextStyle::new(anchor, 11.0, "value"),
            text,
            None,
        );
        y += row;
    }
    out.push_str("</svg>\n");
    out
}
