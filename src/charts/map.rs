//! The point map (`map` shortcode, `/units/`): member units and stations with a
//! `location`, on an equirectangular projection, each a labelled link, with a legend
//! and a table of the same places. With a base image the points sit on it within its
//! bounds; with base areas (`[map] geojson`, see [`super::basemap`]) the view fits the
//! areas and the points, drawn in the same projection (equirectangular, longitude
//! scaled by the cosine of the latitude); with neither it fits the points with some
//! padding. Labels are placed by [`super::labels`]: whole names where they fit, numbered
//! badges listed under the drawing where they do not.

use std::fmt::Write;

use serde::Serialize;

use super::basemap::{self, MapArea};
use super::labels::{self, Spot, BADGE_H};
use super::layout::{Canvas, Medium};
use super::svg::{self, n, text_width, TextStyle, MUTED};
use super::Ui;

/// One place to show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MapPoint {
    pub label: String,
    /// The page the point links to.
    pub url: String,
    pub lat: f64,
    pub lon: f64,
    /// `"unit"` or `"station"` (anything else is drawn as "other").
    pub kind: String,
}

/// What the points are drawn on: a background image, named areas, or both.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MapBase {
    pub image: Option<MapImage>,
    /// The areas of `[map] geojson`.
    pub areas: Vec<MapArea>,
}

/// A background image and the area it shows: `[[south, west], [north, east]]` in
/// degrees, each pair `[lat, lon]` like a page's `location`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MapImage {
    pub url: String,
    pub bounds: [[f64; 2]; 2],
}

const PAD: f64 = 12.0;

/// Which places a map shows: `source` of the `map` shortcode and template function.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum MapSource {
    Units,
    Stations,
    #[default]
    All,
}

impl MapSource {
    /// The sources as written, in the order messages list them.
    pub(crate) const NAMES: &'static [&'static str] = &["units", "stations", "all"];

    /// `"units"`, `"stations"` or `"all"`; `None` for any other name.
    pub(crate) fn parse(s: &str) -> Option<MapSource> {
        match s {
            "units" => Some(MapSource::Units),
            "stations" => Some(MapSource::Stations),
            "all" => Some(MapSource::All),
            _ => None,
        }
    }

    /// The points of this source among `points`.
    pub(crate) fn points(self, points: &[MapPoint]) -> Vec<MapPoint> {
        let kind = match self {
            MapSource::All => return points.to_vec(),
            MapSource::Units => "unit",
            MapSource::Stations => "station",
        };
        points.iter().filter(|p| p.kind == kind).cloned().collect()
    }
}

fn kind_name(kind: &str, ui: Ui) -> String {
    match kind {
        "unit" => ui.t("成员单位", "Member unit").to_string(),
        "station" => ui.t("党建驿站", "Station").to_string(),
        other => other.to_string(),
    }
}

fn marker(out: &mut String, kind: &str, x: f64, y: f64) {
    let _ = match kind {
        "unit" => write!(
            out,
            "<circle class=\"marker\" cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"#b71c1c\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>",
            n(x),
            n(y)
        ),
        "station" => write!(
            out,
            "<rect class=\"marker\" x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"#c9a227\" stroke=\"#5d4037\" stroke-width=\"1.5\"/>",
            n(x - 5.0),
            n(y - 5.0)
        ),
        _ => write!(
            out,
            "<path class=\"marker\" d=\"M{} {}L{} {}L{} {}Z\" fill=\"#757575\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>",
            n(x),
            n(y - 6.0),
            n(x + 6.0),
            n(y + 5.0),
            n(x - 6.0),
            n(y + 5.0)
        ),
    };
}

fn usable(p: &MapPoint) -> bool {
    p.lat.is_finite() && p.lon.is_finite() && p.lat.abs() <= 90.0 && p.lon.abs() <= 180.0
}

/// The map with words in the site's UI language, for the website: the screen layout
/// and the phone layout ([`Medium::Phone`]), of which the theme shows one.
pub(crate) fn map_in(points: &[MapPoint], base: Option<&MapBase>, ui: Ui) -> String {
    map_figure(points, base, ui, &[Medium::Screen, Medium::Phone])
}

/// The map laid out for `medium` alone (print).
pub(crate) fn map_for(
    points: &[MapPoint],
    base: Option<&MapBase>,
    ui: Ui,
    medium: Medium,
) -> String {
    map_figure(points, base, ui, &[medium])
}

/// The map's figure: one SVG per medium (two: each in its `.chart-plot` box, as
/// [`svg::figure`] does) and the list of places.
fn map_figure(points: &[MapPoint], base: Option<&MapBase>, ui: Ui, media: &[Medium]) -> String {
    let drawable: Vec<&MapPoint> = points.iter().filter(|p| usable(p)).collect();
    if drawable.is_empty() {
        return format!(
            "<figure class=\"chart chart-map\">\n<p class=\"chart-empty\">{}</p>\n</figure>\n",
            ui.t(
                "还没有带坐标（location）的地点。",
                "No places with a location yet."
            )
        );
    }
    let ok = |b: &[[f64; 2]; 2]| {
        let [[s, w], [nn, e]] = *b;
        [s, w, nn, e].iter().all(|v| v.is_finite()) && nn > s && e > w
    };
    let image = base
        .and_then(|b| b.image.as_ref())
        .filter(|i| ok(&i.bounds));
    let areas: &[MapArea] = base.map(|b| b.areas.as_slice()).unwrap_or(&[]);
    let areas = if basemap::bounds(areas).is_some_and(|b| ok(&b)) {
        areas
    } else {
        &[]
    };
    let svgs: Vec<String> = media
        .iter()
        .map(|m| map_svg(&drawable, image, areas, ui, m.canvas()))
        .collect();
    let plot = match &svgs[..] {
        [wide, phone] => format!(
            "<div class=\"chart-plot chart-wide\">\n{wide}</div>\n<div class=\"chart-plot chart-narrow\">\n{phone}</div>\n"
        ),
        _ => svgs.concat(),
    };
    let table = if points.len() > 8 {
        // Many places: the list folds away under the map (still there for screen
        // readers, search engines and print).
        format!(
            "<details class=\"chart-data-details\"><summary>{}{}</summary>\n{}</details>\n",
            ui.t("地点列表", "List of places"),
            ui.paren(&points.len().to_string()),
            points_table(points, ui)
        )
    } else if media.len() > 1 {
        svg::table_box(
            &points_table(points, ui),
            ui.t("地点列表", "List of places"),
        )
    } else {
        points_table(points, ui)
    };
    // The words of the card a tapped point shows (the theme's js/map.js).
    format!(
        "<figure class=\"chart chart-map\" data-open=\"{}\" data-close=\"{}\">\n{plot}{table}</figure>\n",
        ui.t("查看详情", "Open page"),
        ui.t("关闭", "Close")
    )
}

/// The SVG of the map on `canvas`.
fn map_svg(
    drawable: &[&MapPoint],
    image: Option<&MapImage>,
    areas: &[MapArea],
    ui: Ui,
    canvas: Canvas,
) -> String {
    let frame = Frame::new(drawable, image, areas, canvas);
    let shown: Vec<(&MapPoint, (f64, f64))> = drawable
        .iter()
        .map(|p| (*p, frame.project(p.lat, p.lon)))
        .filter(|(_, (x, y))| frame.inside(*x, *y))
        .collect();
    let xy: Vec<(f64, f64)> = shown.iter().map(|s| s.1).collect();
    let widths: Vec<f64> = shown
        .iter()
        .map(|(p, _)| text_width(&p.label, LABEL_SIZE))
        .collect();
    let spots = labels::place(&xy, &widths, frame.area_box());
    let mut taken: Vec<labels::Bbox> = spots.iter().map(Spot::bbox).collect();
    taken.extend(
        xy.iter()
            .map(|&(x, y)| [x - 6.0, y - 6.0, x + 6.0, y + 6.0]),
    );
    let mut under = String::new();
    let mut names = String::new();
    background(&mut under, image, &frame);
    if !areas.is_empty() {
        let project = |lon: f64, lat: f64| frame.project(lat, lon);
        basemap::draw_areas(
            &mut under,
            &mut names,
            areas,
            &project,
            &mut taken,
            frame.area_box(),
        );
    }
    let numbered: Vec<(usize, &MapPoint)> = shown
        .iter()
        .zip(&spots)
        .filter_map(|((p, _), s)| match s {
            Spot::Number(k, _) => Some((*k, *p)),
            Spot::Label(_) => None,
        })
        .collect();
    let key_y = PAD + frame.ah + 36.0;
    let (key, key_h) = number_key(&numbered, key_y, &frame);
    let mut out = open_svg(drawable, &frame, ui, key_h);
    out.push_str(&under);
    out.push_str(&names);
    let interactive = !canvas.is_print();
    for ((p, (x, y)), spot) in shown.iter().zip(&spots) {
        draw_point(&mut out, p, (*x, *y), spot, interactive, ui);
    }
    legend(&mut out, drawable, &frame, ui);
    out.push_str(&key);
    out.push_str("</svg>\n");
    out
}

/// Size of the point labels.
const LABEL_SIZE: f64 = 12.0;

/// The geographic window (south, west, north, east) and the drawing area it maps to.
struct Frame {
    s: f64,
    w: f64,
    north: f64,
    e: f64,
    /// Width of a degree of longitude relative to one of latitude.
    k: f64,
    /// The drawing area's width and height.
    aw: f64,
    ah: f64,
    scale: f64,
    /// Top-left corner of the fitted window (no base image).
    ox: f64,
    oy: f64,
    /// With a base image, the window is stretched over the whole area.
    stretched: bool,
    /// The whole chart's drawing area.
    canvas: Canvas,
}

impl Frame {
    fn new(
        drawable: &[&MapPoint],
        image: Option<&MapImage>,
        areas: &[MapArea],
        canvas: Canvas,
    ) -> Frame {
        let lat = |f: fn(f64, f64) -> f64, init| drawable.iter().map(|p| p.lat).fold(init, f);
        let lon = |f: fn(f64, f64) -> f64, init| drawable.iter().map(|p| p.lon).fold(init, f);
        let (s, w, north, e) = match (image, basemap::bounds(areas)) {
            (Some(i), _) => (
                i.bounds[0][0],
                i.bounds[0][1],
                i.bounds[1][0],
                i.bounds[1][1],
            ),
            (None, Some([[bs, bw], [bn, be]])) => {
                // The areas and every point, with a thin margin.
                let (s, north) = (lat(f64::min, bs), lat(f64::max, bn));
                let (w, e) = (lon(f64::min, bw), lon(f64::max, be));
                let (ml, mn) = ((north - s) * 0.02, (e - w) * 0.02);
                (s - ml, w - mn, north + ml, e + mn)
            }
            (None, None) => {
                let (s, north) = (lat(f64::min, 90.0), lat(f64::max, -90.0));
                let (w, e) = (lon(f64::min, 180.0), lon(f64::max, -180.0));
                let (dl, dn) = ((north - s).max(0.005), (e - w).max(0.005));
                let (cl, cn) = ((s + north) / 2.0, (w + e) / 2.0);
                (
                    cl - dl * 0.62,
                    cn - dn * 0.62,
                    cl + dl * 0.62,
                    cn + dn * 0.62,
                )
            }
        };
        let k = ((s + north) / 2.0).to_radians().cos().max(0.05);
        let aw = canvas.w - 2.0 * PAD;
        let ah = (aw * (north - s) / ((e - w) * k)).clamp(200.0, 560.0);
        // Fit the window in aw × ah keeping the aspect (only a base image is stretched).
        let scale = (aw / ((e - w) * k)).min(ah / (north - s));
        let (ox, oy) = match image {
            Some(_) => (PAD, PAD),
            None => (
                PAD + (aw - (e - w) * k * scale) / 2.0,
                PAD + (ah - (north - s) * scale) / 2.0,
            ),
        };
        Frame {
            s,
            w,
            north,
            e,
            k,
            aw,
            ah,
            scale,
            ox,
            oy,
            stretched: image.is_some(),
            canvas,
        }
    }

    /// Where a place at `lat`, `lon` is drawn.
    fn project(&self, lat: f64, lon: f64) -> (f64, f64) {
        let Frame {
            s, w, north, e, k, ..
        } = *self;
        if self.stretched {
            (
                PAD + (lon - w) / (e - w) * self.aw,
                PAD + (north - lat) / (north - s) * self.ah,
            )
        } else {
            (
                self.ox + (lon - w) * k * self.scale,
                self.oy + (north - lat) * self.scale,
            )
        }
    }

    /// Whether a projected point falls in the drawing area.
    fn inside(&self, x: f64, y: f64) -> bool {
        x >= PAD - 0.5 && x <= PAD + self.aw + 0.5 && y >= PAD - 0.5 && y <= PAD + self.ah + 0.5
    }

    /// The drawing area as a box.
    fn area_box(&self) -> labels::Bbox {
        [PAD, PAD, PAD + self.aw, PAD + self.ah]
    }
}

/// The `<svg>` start tag with title and description of every place; `extra` is the
/// height of the number key under the legend.
fn open_svg(drawable: &[&MapPoint], frame: &Frame, ui: Ui, extra: f64) -> String {
    let h = PAD + frame.ah + 36.0 + extra;
    let title = ui.t("地图", "Map");
    let desc = drawable
        .iter()
        .map(|p| format!("{}{}", p.label, ui.paren(&kind_name(&p.kind, ui))))
        .collect::<Vec<_>>()
        .join(ui.t("，", ", "));
    // The map holds links, so it is a group of controls, not a single image.
    svg::open(&frame.canvas, h, title, &desc).replacen(
        "role=\"img\"",
        &format!("role=\"group\" aria-label=\"{}\"", svg::escape(title)),
        1,
    )
}

/// The base image, or a plain land-coloured rectangle.
fn background(out: &mut String, image: Option<&MapImage>, frame: &Frame) {
    let (aw, ah) = (frame.aw, frame.ah);
    match image {
        Some(b) => {
            let _ = writeln!(
                out,
                "<image class=\"base\" href=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\"/>",
                svg::escape(&b.url),
                n(PAD),
                n(PAD),
                n(aw),
                n(ah)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "<rect class=\"land\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#faf6ef\" stroke=\"#e0e0e0\"/>",
                n(PAD),
                n(PAD),
                n(aw),
                n(ah)
            );
        }
    }
}

/// One point: a link (with the name and kind for the theme's card) holding a tap
/// target 48 units across (on screens: at least 44 CSS px at the narrowest a layout is
/// shown), the marker and its label or number.
fn draw_point(
    out: &mut String,
    p: &MapPoint,
    (x, y): (f64, f64),
    spot: &Spot,
    interactive: bool,
    ui: Ui,
) {
    let kind = kind_name(&p.kind, ui);
    let _ = write!(
        out,
        "<a class=\"map-point map-{}\" href=\"{}\" data-name=\"{}\" data-kind=\"{}\"><title>{}</title>",
        svg::escape(&p.kind),
        svg::escape(&p.url),
        svg::escape(&p.label),
        svg::escape(&kind),
        svg::escape(&format!("{}{}", p.label, ui.paren(&kind)))
    );
    if interactive {
        let _ = write!(
            out,
            "<circle class=\"map-hit\" cx=\"{}\" cy=\"{}\" r=\"24\" fill=\"transparent\"/>",
            n(x),
            n(y)
        );
    }
    marker(out, &p.kind, x, y);
    match *spot {
        Spot::Label(b) => {
            let st = TextStyle::new("start", LABEL_SIZE, "map-label");
            let mut label = String::new();
            svg::text(&mut label, b[0] + 1.0, b[3] - 3.5, &st, &p.label, None);
            out.push_str(label.trim_end());
        }
        Spot::Number(k, b) => badge(out, k, b),
    }
    out.push_str("</a>\n");
}

/// A numbered badge in box `b`.
fn badge(out: &mut String, k: usize, b: labels::Bbox) {
    let _ = write!(
        out,
        "<g class=\"map-num\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"#5d4037\"/><text class=\"map-num-n\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#ffffff\">{k}</text></g>",
        n(b[0]),
        n(b[1]),
        n(b[2] - b[0]),
        n(b[3] - b[1]),
        n((b[0] + b[2]) / 2.0),
        n(b[3] - 3.5)
    );
}

/// The numbered points' names under the legend, in columns (one column when a name
/// is wider than the map: it wraps, never cut); the SVG and its height.
fn number_key(numbered: &[(usize, &MapPoint)], y0: f64, frame: &Frame) -> (String, f64) {
    if numbered.is_empty() {
        return (String::new(), 0.0);
    }
    let avail = frame.canvas.w - 2.0 * PAD;
    let col_w = numbered
        .iter()
        .map(|(k, p)| labels::badge_w(*k) + 6.0 + text_width(&p.label, LABEL_SIZE) + 14.0)
        .fold(0.0, f64::max);
    let cols = (avail / col_w).floor().max(1.0) as usize;
    let rows = numbered.len().div_ceil(cols);
    let mut out = String::from("<g class=\"map-key\">\n");
    let mut col_y = vec![y0; cols];
    for (i, (k, p)) in numbered.iter().enumerate() {
        let c = i / rows;
        let x = PAD + c as f64 * col_w;
        let y = col_y[c];
        let bw = labels::badge_w(*k);
        badge(&mut out, *k, [x, y, x + bw, y + BADGE_H]);
        let lines = wrap(&p.label, avail - bw - 6.0);
        for (j, line) in lines.iter().enumerate() {
            let class = if j == 0 {
                "map-key-name"
            } else {
                "map-key-more"
            };
            let st = TextStyle::new("start", LABEL_SIZE, class);
            let ly = y + 11.0 + j as f64 * 15.0;
            svg::text(&mut out, x + bw + 6.0, ly, &st, line, None);
        }
        col_y[c] = y + 20.0 + (lines.len() - 1) as f64 * 15.0;
    }
    out.push_str("</g>\n");
    let bottom = col_y.iter().fold(y0, |a, &b| a.max(b));
    (out, bottom - y0 + 4.0)
}

/// `s` in lines no wider than `max_w` (at the label size), broken between characters.
fn wrap(s: &str, max_w: f64) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for c in s.chars() {
        let last = lines.len() - 1;
        let mut t = lines[last].clone();
        t.push(c);
        if !lines[last].is_empty() && text_width(&t, LABEL_SIZE) > max_w {
            lines.push(c.to_string());
        } else {
            lines[last] = t;
        }
    }
    lines
}

/// Legend: one entry per kind present, in order of first appearance.
fn legend(out: &mut String, drawable: &[&MapPoint], frame: &Frame, ui: Ui) {
    let mut kinds: Vec<&str> = Vec::new();
    for p in drawable {
        if !kinds.contains(&p.kind.as_str()) {
            kinds.push(&p.kind);
        }
    }
    let names: Vec<String> = kinds.iter().map(|k| kind_name(k, ui)).collect();
    let (pos, _) = svg::legend_layout(&names, PAD, PAD + frame.ah + 8.0, frame.canvas.w - PAD);
    for ((lx, ly), (kind, name)) in pos.iter().zip(kinds.iter().zip(&names)) {
        marker(out, kind, lx + 8.0, ly + 9.0);
        let st = TextStyle {
            fill: MUTED,
            ..TextStyle::new("start", 12.0, "legend")
        };
        svg::text(out, lx + 22.0, ly + 13.0, &st, name, None);
    }
}

/// Every place as a link with its kind and coordinates.
fn points_table(points: &[MapPoint], ui: Ui) -> String {
    let mut out = String::from("<table class=\"chart-data\">\n<thead><tr>");
    for c in [
        ui.t("名称", "Name"),
        ui.t("类型", "Type"),
        ui.t("纬度", "Latitude"),
        ui.t("经度", "Longitude"),
    ] {
        let _ = write!(out, "<th scope=\"col\">{c}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for p in points {
        let coord = |v: f64| {
            if v.is_finite() {
                format!("{v:.4}")
            } else {
                "—".to_string()
            }
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td><td>{}</td><td>{}</td></tr>",
            svg::escape(&p.url),
            svg::escape(&p.label),
            svg::escape(&kind_name(&p.kind, ui)),
            coord(p.lat),
            coord(p.lon)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}
