//! Line charts of metrics over years. Series differ by colour, dash pattern and marker
//! shape; every point carries its value; a year without a value breaks the line.

use std::fmt::Write;

use super::axis::nice_scale;
use super::bar::{header, left_margin, series_names, y_grid};
use super::layout::Canvas;
use super::svg::{self, color, n, text_width, TextStyle};
use super::table::describe_series;
use super::{SeriesCol, SeriesData};

const DASHES: [&str; 4] = ["", "6 4", "2 3", "10 3 2 3"];

fn dash(j: usize) -> String {
    match DASHES[j % DASHES.len()] {
        "" => String::new(),
        d => format!(" stroke-dasharray=\"{d}\""),
    }
}

/// A marker centred on (x, y): circle, square, triangle, diamond, by series.
fn marker(out: &mut String, j: usize, x: f64, y: f64, title: Option<&str>) {
    let c = color(j);
    let t = title
        .map(|t| format!("<title>{}</title>", svg::escape(t)))
        .unwrap_or_default();
    let close = |t: &str, tag: &str| {
        if t.is_empty() {
            "/>".to_string()
        } else {
            format!(">{t}</{tag}>")
        }
    };
    let _ = match j % 4 {
        0 => write!(
            out,
            "<circle class=\"point\" cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{c}\" stroke=\"#ffffff\" stroke-width=\"1\"{}",
            n(x),
            n(y),
            close(&t, "circle")
        ),
        1 => write!(
            out,
            "<rect class=\"point\" x=\"{}\" y=\"{}\" width=\"8\" height=\"8\" fill=\"{c}\" stroke=\"#ffffff\" stroke-width=\"1\"{}",
            n(x - 4.0),
            n(y - 4.0),
            close(&t, "rect")
        ),
        2 => write!(
            out,
            "<path class=\"point\" d=\"M{} {}L{} {}L{} {}Z\" fill=\"{c}\" stroke=\"#ffffff\" stroke-width=\"1\"{}",
            n(x),
            n(y - 5.0),
            n(x + 5.0),
            n(y + 4.0),
            n(x - 5.0),
            n(y + 4.0),
            close(&t, "path")
        ),
        _ => write!(
            out,
            "<path class=\"point\" d=\"M{} {}L{} {}L{} {}L{} {}Z\" fill=\"{c}\" stroke=\"#ffffff\" stroke-width=\"1\"{}",
            n(x),
            n(y - 5.0),
            n(x + 5.0),
            n(y),
            n(x),
            n(y + 5.0),
            n(x - 5.0),
            n(y),
            close(&t, "path")
        ),
    };
    out.push('\n');
}

pub(super) fn line_chart(d: &SeriesData, canvas: Canvas) -> String {
    let (w, h) = (canvas.w, canvas.h);
    let all = d
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten().map(|v| v.0));
    let lo = all.clone().fold(0.0, f64::min);
    let hi = all.fold(0.0, f64::max);
    let scale = nice_scale(lo, hi, d.percent);
    let mut out = svg::open(&canvas, h, &d.title, &describe_series(d));
    let (names, unit) = series_names(d, &canvas);
    let top = header(&mut out, &canvas, &names, unit.as_deref(), &|o, j, x, y| {
        let _ = write!(
            o,
            "<line class=\"swatch\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\"{}/>",
            n(x),
            n(y + 5.0),
            n(x + 16.0),
            n(y + 5.0),
            color(j),
            dash(j)
        );
        marker(o, j, x + 8.0, y + 5.0, None);
    });
    let left = left_margin(&scale);
    let right = 16.0;
    let nc = d.years.len().max(1);
    let slot = (w - left - right) / nc as f64;
    let y_bot = h - 32.0;
    let y_top = top + 18.0;
    let y = |v: f64| y_bot - scale.frac(v) * (y_bot - y_top);
    let x = |i: usize| left + slot * (i as f64 + 0.5);

    y_grid(&mut out, &scale, (left, right, w), &y);
    let year_w = text_width("2024", 12.0);
    let every = ((year_w + 8.0) / slot).ceil().max(1.0) as usize;
    let cat = TextStyle::new("middle", 12.0, "category");
    // Every k-th year and the last; on a phone counted back from the last, so that
    // the last never crowds the one before it.
    let shown = |i: usize, k: usize| {
        if canvas.phone {
            (nc - 1 - i) % k == 0
        } else {
            i % k == 0 || i + 1 == nc
        }
    };
    for (i, year) in d.years.iter().enumerate() {
        if shown(i, every) {
            svg::text(&mut out, x(i), y_bot + 18.0, &cat, &year.to_string(), None);
        }
    }

    // On a phone a value label goes with every shown year label (and the last point),
    // spaced so that neighbours do not touch; the table below has every value.
    let label_every = if canvas.phone {
        let label_w = d
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .map(|v| text_width(&v.1, 11.0))
            .fold(year_w, f64::max);
        ((label_w + 6.0) / slot).ceil().max(every as f64) as usize
    } else {
        1
    };
    let labelled = |i: usize| shown(i, label_every);
    for (j, s) in d.series.iter().enumerate() {
        series_line(&mut out, j, s, &x, &y);
        series_points(&mut out, (j, s), &d.years, (&x, &y), &labelled);
    }
    out.push_str("</svg>\n");
    out
}

/// The line of series `j`: one path, a new `M` after every gap (missing years are
/// gaps, not zeros); nothing when no two neighbouring years have values.
fn series_line(
    out: &mut String,
    j: usize,
    s: &SeriesCol,
    x: &dyn Fn(usize) -> f64,
    y: &dyn Fn(f64) -> f64,
) {
    let mut path = String::new();
    let mut pen_down = false;
    for (i, v) in s.values.iter().enumerate() {
        match v {
            Some((val, _)) => {
                let cmd = if pen_down { 'L' } else { 'M' };
                let _ = write!(path, "{cmd}{} {}", n(x(i)), n(y(*val)));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    if !path.is_empty() && path.contains('L') {
        let _ = writeln!(
            out,
            "<path class=\"line\" d=\"{path}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"{}><title>{}</title></path>",
            color(j),
            dash(j),
            svg::escape(&s.label)
        );
    }
}

/// The markers and value labels of series `j` (a label where `labelled`); labels of
/// odd series go below their points so two series collide less.
fn series_points(
    out: &mut String,
    (j, s): (usize, &SeriesCol),
    years: &[i32],
    (x, y): (&dyn Fn(usize) -> f64, &dyn Fn(f64) -> f64),
    labelled: &dyn Fn(usize) -> bool,
) {
    let below = j % 2 == 1;
    for (i, v) in s.values.iter().enumerate() {
        let year = years[i];
        // A missing year is left as a gap in the line; the table shows it as "—".
        if let Some((val, text)) = v {
            let py = y(*val);
            marker(
                out,
                j,
                x(i),
                py,
                Some(&format!("{} {year}: {text}", s.label)),
            );
            if !labelled(i) {
                continue;
            }
            let ly = if below { py + 16.0 } else { py - 8.0 };
            svg::text(
                out,
                x(i),
                ly,
                &TextStyle::new("middle", 11.0, "value"),
                text,
                None,
            );
        }
    }
}
