//! The map's base layer from `[map] geojson` (issue 16 items 5–7): broken GeoJSON is
//! an error naming the file and the position; the demo's `/units/` map draws the
//! boundary paths with every point labelled or numbered; the PDF report draws the same
//! map (its area and place names are text in the PDF).

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{built_demo, demo, run, site, stderr};

fn set_geojson(s: &Path, rel: &str, text: &str) {
    std::fs::write(s.join(rel), text).expect("write geojson");
}

#[test]
fn broken_geojson_names_file_and_position() {
    let t = demo();
    let s = site(&t);
    // A JSON syntax error: line and column.
    set_geojson(
        &s,
        "data/map/district.geojson",
        "{\"type\": \"FeatureCollection\",\n \"features\": [\n  {\"type\": \"Feature\",, }\n]}\n",
    );
    let o = run(&s, &["build"]);
    let e = stderr(&o);
    assert!(!o.status.success(), "{e}");
    assert!(e.contains("data/map/district.geojson:3:"), "{e}");
    assert!(e.contains("invalid JSON"), "{e}");
    // A feature of the wrong kind: its index.
    set_geojson(
        &s,
        "data/map/district.geojson",
        r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"甲"},"geometry":{"type":"Polygon","coordinates":[[[119.9,31.7],[120.0,31.7],[120.0,31.8],[119.9,31.7]]]}},
{"type":"Feature","properties":{"name":"乙"},"geometry":{"type":"LineString","coordinates":[[119.9,31.7],[120.0,31.8]]}}]}"#,
    );
    let o = run(&s, &["build"]);
    let e = stderr(&o);
    assert!(!o.status.success(), "{e}");
    assert!(e.contains("data/map/district.geojson"), "{e}");
    assert!(e.contains("features[1]") && e.contains("LineString"), "{e}");
    // A missing file is named too.
    std::fs::remove_file(s.join("data/map/district.geojson")).expect("rm");
    let o = run(&s, &["build"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("data/map/district.geojson"),
        "{}",
        stderr(&o)
    );
}

/// The `<svg>`s of the `/units/` map (screen and phone layouts).
fn units_svgs() -> Vec<String> {
    let html = std::fs::read_to_string(built_demo().join("site/public/units/index.html"))
        .expect("units page");
    let fig = html
        .split("<figure class=\"chart chart-map\"")
        .nth(1)
        .expect("a map figure")
        .split("</figure>")
        .next()
        .expect("figure end")
        .to_string();
    fig.split("<svg").skip(1).map(|s| s.to_string()).collect()
}

#[test]
fn demo_units_map_has_boundaries_and_every_point_named() {
    let svgs = units_svgs();
    assert_eq!(svgs.len(), 2, "screen and phone layouts");
    for svg in &svgs {
        // The demo boundary file has 8 areas.
        assert_eq!(svg.matches("<path class=\"map-area\"").count(), 8, "{svg}");
        assert!(svg.contains("北港街道"), "area names drawn");
        // 29 units, each a link holding its whole name or a number.
        let points: Vec<&str> = svg.split("<a class=\"map-point").skip(1).collect();
        assert_eq!(points.len(), 29);
        let mut numbered = 0;
        for p in &points {
            let p = p.split("</a>").next().expect("a point");
            let name = p
                .split("data-name=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .expect("data-name");
            let labelled =
                p.contains("class=\"map-label\"") && p.contains(&format!(">{name}</text>"));
            let number = p.contains("<g class=\"map-num\">");
            assert!(
                labelled ^ number,
                "{name}: labelled {labelled}, numbered {number}"
            );
            if number {
                numbered += 1;
                assert!(svg.contains("class=\"map-key-name\""), "a key");
                assert!(
                    svg.contains(&format!(">{name}</text>")),
                    "{name} in the key"
                );
            }
            assert!(p.contains("class=\"map-hit\""), "tap target");
        }
        let key = svg.matches("class=\"map-key-name\"").count();
        assert_eq!(key, numbered);
    }
    // The whole district stays small.
    assert!(svgs[0].len() < 100_000, "{}", svgs[0].len());
}

#[test]
fn pdf_report_draws_the_same_map() {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext is required in CI"
        );
        return;
    }
    let t = demo();
    let s = site(&t);
    let f = s.join("content/reports/2024.md");
    let mut text = std::fs::read_to_string(&f).expect("report source");
    text.push_str("\n\n{{ map(source=\"units\") }}\n");
    std::fs::write(&f, text).expect("write");
    let o = run(&s, &["report", "--year", "2024", "--output", "r.pdf"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = Command::new("pdftotext")
        .arg(s.join("r.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext");
    let txt = String::from_utf8_lossy(&o.stdout);
    for name in ["北港街道", "荷花池街道", "钟楼区中医医院"] {
        assert!(txt.contains(name), "{name} missing from the PDF");
    }
}
