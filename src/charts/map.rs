//! The point map (`map` shortcode, `/units/`): member units and stations with a
//! `location`, on an equirectangular projection, each a labelled link, with a legend
//! and a table of the same places. With a base image the points sit on it within its
//! bounds; without one the view fits the points with some padding.

use std::fmt::Write;

use serde::Serialize;

use super::layout::{Canvas, Medium};
use super::svg::{self, n, shorten, text_width, TextStyle, MUTED};
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

/// A background image and the area it shows: `[[south, west], [north, east]]` in
/// degrees, each pair `[lat, lon]` like a page's `location`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MapBase {
    pub image_url: String,
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
    let base = base.filter(|b| {
        let [[s, w], [nn, e]] = b.bounds;
        [s, w, nn, e].iter().all(|v| v.is_finite()) && nn > s && e > w
    });
    let svgs: Vec<String> = media
        .iter()
        .map(|m| map_svg(&drawable, base, ui, m.canvas()))
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
    format!("<figure class=\"chart chart-map\">\n{plot}{table}</figure>\n")
}

/// The SVG of the map on `canvas`.
fn map_svg(drawable: &[&MapPoint], base: Option<&MapBase>, ui: Ui, canvas: Canvas) -> String {
    let frame = Frame::new(drawable, base, canvas);
    let mut out = open_svg(drawable, &frame, ui);
    background(&mut out, base, &frame);
    draw_points(&mut out, drawable, &frame, ui);
    legend(&mut out, drawable, &frame, ui);
    out.push_str("</svg>\n");
    out
}

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
    fn new(drawable: &[&MapPoint], base: Option<&MapBase>, canvas: Canvas) -> Frame {
        let (s, w, north, e) = match base {
            Some(b) => (
                b.bounds[0][0],
                b.bounds[0][1],
                b.bounds[1][0],
                b.bounds[1][1],
            ),
            None => {
                let lat =
                    |f: fn(f64, f64) -> f64, init| drawable.iter().map(|p| p.lat).fold(init, f);
                let lon =
                    |f: fn(f64, f64) -> f64, init| drawable.iter().map(|p| p.lon).fold(init, f);
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
        let (ox, oy) = match base {
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
            stretched: base.is_some(),
            canvas,
        }
    }

    /// Where a point is drawn.
    fn project(&self, p: &MapPoint) -> (f64, f64) {
        let Frame {
            s, w, north, e, k, ..
        } = *self;
        if self.stretched {
            (
                PAD + (p.lon - w) / (e - w) * self.aw,
                PAD + (north - p.lat) / (north - s) * self.ah,
            )
        } else {
            (
                self.ox + (p.lon - w) * k * self.scale,
                self.oy + (north - p.lat) * self.scale,
            )
        }
    }

    /// Whether a projected point falls in the drawing area.
    fn inside(&self, x: f64, y: f64) -> bool {
        x >= PAD - 0.5 && x <= PAD + self.aw + 0.5 && y >= PAD - 0.5 && y <= PAD + self.ah + 0.5
    }

    /// Whether a label box lies wholly in the drawing area.
    fn fits(&self, b: &[f64; 4]) -> bool {
        b[0] >= PAD && b[2] <= PAD + self.aw && b[1] >= PAD && b[3] <= PAD + self.ah
    }
}

/// The `<svg>` start tag with title and description of every place.
fn open_svg(drawable: &[&MapPoint], frame: &Frame, ui: Ui) -> String {
    let h = PAD + frame.ah + 36.0;
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
fn background(out: &mut String, base: Option<&MapBase>, frame: &Frame) {
    let (aw, ah) = (frame.aw, frame.ah);
    match base {
        Some(b) => {
            let _ = writeln!(
                out,
                "<image class=\"base\" href=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\"/>",
                svg::escape(&b.image_url),
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

/// Points and labels; a label takes the first free place of right, left, above, below.
fn draw_points(out: &mut String, drawable: &[&MapPoint], frame: &Frame, ui: Ui) {
    let mut boxes: Vec<[f64; 4]> = Vec::new();
    for p in drawable {
        let (x, y) = frame.project(p);
        if !frame.inside(x, y) {
            continue;
        }
        boxes.push([x - 6.0, y - 6.0, x + 6.0, y + 6.0]);
    }
    for p in drawable {
        let (x, y) = frame.project(p);
        if !frame.inside(x, y) {
            continue;
        }
        let max_w = if frame.canvas.phone { 100.0 } else { 150.0 };
        let (short, cut) = shorten(&p.label, max_w, 12.0);
        let tw = text_width(&short, 12.0);
        let choice = label_place(frame, x, y, tw, &boxes);
        if let Some(c) = choice {
            boxes.push(c.3);
        }
        let _ = write!(
            out,
            "<a class=\"map-point map-{}\" href=\"{}\"><title>{}</title>",
            svg::escape(&p.kind),
            svg::escape(&p.url),
            svg::escape(&format!("{}{}", p.label, ui.paren(&kind_name(&p.kind, ui))))
        );
        marker(out, &p.kind, x, y);
        if let Some(choice) = choice {
            let st = TextStyle::new(choice.2, 12.0, "map-label");
            let mut label = String::new();
            svg::text(
                &mut label,
                choice.0,
                choice.1,
                &st,
                &short,
                cut.then_some(p.label.as_str()),
            );
            out.push_str(label.trim_end());
        }
        out.push_str("</a>\n");
    }
}

/// The first place (x, y, anchor, box) for a label `tw` wide beside the point at
/// (x, y) that stays in the frame and overlaps no other label or point.
///
/// A label with no free place is left out: the point keeps its `<title>` and the
/// table below lists every place, so nothing is lost to overlapping text.
fn label_place(
    frame: &Frame,
    x: f64,
    y: f64,
    tw: f64,
    boxes: &[[f64; 4]],
) -> Option<(f64, f64, &'static str, [f64; 4])> {
    let options = [
        (
            x + 9.0,
            y + 4.0,
            "start",
            [x + 8.0, y - 8.0, x + 10.0 + tw, y + 6.0],
        ),
        (
            x - 9.0,
            y + 4.0,
            "end",
            [x - 10.0 - tw, y - 8.0, x - 8.0, y + 6.0],
        ),
        (
            x,
            y - 10.0,
            "middle",
            [x - tw / 2.0, y - 22.0, x + tw / 2.0, y - 7.0],
        ),
        (
            x,
            y + 19.0,
            "middle",
            [x - tw / 2.0, y + 7.0, x + tw / 2.0, y + 22.0],
        ),
    ];
    let overlaps = |b: &[f64; 4], others: &[[f64; 4]]| {
        others.iter().any(|o| {
            let own = o[0] <= x && x <= o[2] && o[1] <= y && y <= o[3];
            !own && b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]
        })
    };
    options
        .into_iter()
        .find(|o| frame.fits(&o.3) && !overlaps(&o.3, boxes))
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
