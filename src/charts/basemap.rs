//! The map's base layer from `[map] geojson`: each area (a street, a town) drawn as an
//! SVG path in the map's projection, simplified for the size it is drawn at
//! (Douglas–Peucker from the `geo` crate, tolerance under a design unit, so a district
//! stays far below 100 kB of SVG), and named where its name fits.

use std::fmt::Write;

use geo::{coord, InteriorPoint, LineString, MultiPolygon, Polygon, Simplify};
use serde::Serialize;

use super::labels::{intersects, Bbox};
use super::svg::{self, n, text_width, TextStyle};

/// One named area of the base map: its polygons, each a list of rings of
/// `[longitude, latitude]` positions (the outer ring first, as in GeoJSON).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MapArea {
    pub name: String,
    pub polygons: Vec<Vec<Vec<[f64; 2]>>>,
}

/// Simplification tolerance, in design units: finer than a line is wide.
const TOLERANCE: f64 = 0.6;
/// Size of an area's name.
const NAME_SIZE: f64 = 13.0;

/// The south-west and north-east corners (`[lat, lon]`) of all `areas`.
pub(super) fn bounds(areas: &[MapArea]) -> Option<[[f64; 2]; 2]> {
    let mut it = areas
        .iter()
        .flat_map(|a| a.polygons.iter().flatten().flatten())
        .filter(|p| p[0].is_finite() && p[1].is_finite());
    let first = it.next()?;
    let mut b = [[first[1], first[0]], [first[1], first[0]]];
    for p in it {
        b[0][0] = b[0][0].min(p[1]);
        b[0][1] = b[0][1].min(p[0]);
        b[1][0] = b[1][0].max(p[1]);
        b[1][1] = b[1][1].max(p[0]);
    }
    Some(b)
}

/// `area` projected by `project` (lon, lat → x, y) and simplified.
fn projected(area: &MapArea, project: &dyn Fn(f64, f64) -> (f64, f64)) -> MultiPolygon<f64> {
    let ring = |r: &Vec<[f64; 2]>| -> LineString<f64> {
        r.iter()
            .map(|p| {
                let (x, y) = project(p[0], p[1]);
                coord! { x: x, y: y }
            })
            .collect()
    };
    let polys = area
        .polygons
        .iter()
        .filter(|rings| !rings.is_empty())
        .map(|rings| Polygon::new(ring(&rings[0]), rings[1..].iter().map(ring).collect()))
        .collect();
    MultiPolygon::new(polys).simplify(TOLERANCE)
}

/// The areas as paths (drawn under everything) and, in `names`, the names of those
/// whose name fits around their inner point without touching a box of `taken`.
pub(super) fn draw_areas(
    out: &mut String,
    names: &mut String,
    areas: &[MapArea],
    project: &dyn Fn(f64, f64) -> (f64, f64),
    taken: &mut Vec<Bbox>,
    area_box: Bbox,
) {
    out.push_str("<g class=\"map-areas\">\n");
    for a in areas {
        let mp = projected(a, project);
        let mut d = String::new();
        for poly in &mp {
            for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                for (i, c) in ring.coords().enumerate() {
                    let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { "L" }, n(c.x), n(c.y));
                }
                d.push('Z');
            }
        }
        if d.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<path class=\"map-area\" d=\"{d}\" fill=\"#fbf3e4\" fill-rule=\"evenodd\" stroke=\"#b08968\" stroke-width=\"1\" stroke-linejoin=\"round\"><title>{}</title></path>",
            svg::escape(&a.name)
        );
        let Some(p) = mp.interior_point() else {
            continue;
        };
        let w = text_width(&a.name, NAME_SIZE);
        let spot = [0.0, -14.0, 14.0, -28.0, 28.0]
            .iter()
            .map(|dy| {
                [
                    p.x() - w / 2.0,
                    p.y() + dy - 9.0,
                    p.x() + w / 2.0,
                    p.y() + dy + 5.0,
                ]
            })
            .find(|b| {
                b[0] >= area_box[0]
                    && b[1] >= area_box[1]
                    && b[2] <= area_box[2]
                    && b[3] <= area_box[3]
                    && !taken.iter().any(|o| intersects(b, o))
            });
        if let Some(b) = spot {
            taken.push(b);
            let st = TextStyle {
                fill: "#8d6e63",
                ..TextStyle::new("middle", NAME_SIZE, "map-area-name")
            };
            svg::text(names, (b[0] + b[2]) / 2.0, b[3] - 3.0, &st, &a.name, None);
        }
    }
    out.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A boundary as detailed as a downloaded one (20 000 positions) stays far under
    /// 100 kB of SVG once simplified for the size it is drawn at.
    #[test]
    fn detailed_boundaries_are_simplified() {
        let ring: Vec<[f64; 2]> = (0..=20_000)
            .map(|i| {
                let a = i as f64 / 20_000.0 * std::f64::consts::TAU;
                // A wobbly circle: detail finer than a design unit.
                let r = 0.05 * (1.0 + 0.002 * (a * 900.0).sin());
                [119.9 + r * a.cos(), 31.78 + r * a.sin()]
            })
            .collect();
        let area = MapArea {
            name: "细节街道".into(),
            polygons: vec![vec![ring]],
        };
        let project = |lon: f64, lat: f64| ((lon - 119.8) * 3000.0, (31.9 - lat) * 3000.0);
        let (mut out, mut names, mut taken) = (String::new(), String::new(), Vec::new());
        draw_areas(
            &mut out,
            &mut names,
            &[area],
            &project,
            &mut taken,
            [0.0, 0.0, 640.0, 640.0],
        );
        assert!(out.len() < 20_000, "{} bytes", out.len());
        assert!(out.contains("<path class=\"map-area\""));
        assert!(names.contains(">细节街道</text>"));
    }
}
