//! The base map's boundaries (`[map] geojson`): a GeoJSON FeatureCollection of
//! Polygon and MultiPolygon features as users download them, read with `serde_json`
//! and checked feature by feature into [`MapArea`]s. Problems are diagnostics with the
//! file and the line:col (JSON syntax) or the feature's index (its shape).

use std::path::Path;

use serde_json::Value;

use crate::charts::MapArea;
use crate::diag::{Diagnostic, Diagnostics, Text};
use crate::tr;

/// Read and check the GeoJSON file `rel` (relative to `root`). Problems go to `diags`;
/// a broken file gives no areas.
pub(crate) fn load(root: &Path, rel: &str, diags: &mut Diagnostics) -> Vec<MapArea> {
    let file = Path::new(rel).to_path_buf();
    let text = match std::fs::read_to_string(root.join(rel)) {
        Ok(t) => t,
        Err(e) => {
            diags.push(
                crate::diag::io_error(
                    Some(file),
                    tr!("cannot read the base map GeoJSON", "无法读取底图 GeoJSON 文件"),
                    &e,
                )
                .with_hint(tr!(
                    "`[map] geojson` in site-config.toml names a file relative to the site folder, e.g. `data/map/district.geojson`",
                    "site-config.toml 中 `[map] geojson` 写相对站点文件夹的路径，例如 `data/map/district.geojson`"
                )),
            );
            return Vec::new();
        }
    };
    match parse(&text) {
        Ok(areas) => areas,
        Err(e) => {
            let d = match e {
                Problem::Syntax { line, col, msg } => {
                    Diagnostic::error(Some(file), line, tr!("invalid JSON: {msg}", "JSON 格式错误：{msg}"))
                        .at_col(col, 1)
                        .with_hint(tr!(
                            "save the boundaries as GeoJSON (a FeatureCollection) from your GIS tool or boundary service",
                            "请用 GIS 工具或行政区划服务导出 GeoJSON（FeatureCollection）"
                        ))
                }
                Problem::Shape { feature, message } => {
                    let message = match feature {
                        Some(i) => Text::new(
                            format!("feature {i} (`features[{i}]`): {}", message.en),
                            format!("第 {i} 个要素（`features[{i}]`）：{}", message.zh),
                        ),
                        None => message,
                    };
                    Diagnostic::error(Some(file), 0, message).with_hint(tr!(
                        "each feature needs `\"geometry\": {{\"type\": \"Polygon\" or \"MultiPolygon\", \"coordinates\": …}}` with [longitude, latitude] pairs and a `name` in `properties`",
                        "每个要素需要 `\"geometry\": {{\"type\": \"Polygon\" 或 \"MultiPolygon\", \"coordinates\": …}}`（坐标为 [经度, 纬度]），并在 `properties` 中给出 `name`"
                    ))
                }
            };
            diags.push(d);
            Vec::new()
        }
    }
}

type Msg = Text;

fn msg(en: String, zh: String) -> Msg {
    Text::new(en, zh)
}

enum Problem {
    Syntax {
        line: usize,
        col: usize,
        msg: String,
    },
    Shape {
        feature: Option<usize>,
        message: Msg,
    },
}

/// The areas of a GeoJSON text.
fn parse(text: &str) -> Result<Vec<MapArea>, Problem> {
    let v: Value = serde_json::from_str(text).map_err(|e| Problem::Syntax {
        line: e.line().max(1),
        col: e.column().max(1),
        msg: e
            .to_string()
            .split(" at line")
            .next()
            .unwrap_or("")
            .to_string(),
    })?;
    let whole = |message| Problem::Shape {
        feature: None,
        message,
    };
    if v.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(whole(msg(
            "the file is not a GeoJSON FeatureCollection (`\"type\": \"FeatureCollection\"`)"
                .into(),
            "文件不是 GeoJSON FeatureCollection（`\"type\": \"FeatureCollection\"`）".into(),
        )));
    }
    let Some(features) = v.get("features").and_then(Value::as_array) else {
        return Err(whole(msg(
            "`features` is missing or not a list".into(),
            "缺少 `features` 列表".into(),
        )));
    };
    let mut out = Vec::new();
    for (i, f) in features.iter().enumerate() {
        let area = feature(f).map_err(|message| Problem::Shape {
            feature: Some(i),
            message,
        })?;
        out.push(area);
    }
    if out.is_empty() {
        return Err(whole(msg(
            "the FeatureCollection has no features".into(),
            "FeatureCollection 中没有任何要素".into(),
        )));
    }
    Ok(out)
}

/// One feature: its name and its polygons.
fn feature(f: &Value) -> Result<MapArea, Msg> {
    let props = f.get("properties");
    let name = ["name", "NAME", "Name", "名称"]
        .iter()
        .find_map(|k| props.and_then(|p| p.get(*k)).and_then(Value::as_str))
        .unwrap_or("")
        .trim()
        .to_string();
    if name.is_empty() {
        return Err(msg(
            "no `name` in `properties`".into(),
            "`properties` 中没有 `name`".into(),
        ));
    }
    let geometry = f.get("geometry").unwrap_or(&Value::Null);
    let coords = geometry.get("coordinates").unwrap_or(&Value::Null);
    let polygons = match geometry.get("type").and_then(Value::as_str) {
        Some("Polygon") => vec![polygon(coords)?],
        Some("MultiPolygon") => coords
            .as_array()
            .ok_or_else(|| bad_coords("MultiPolygon"))?
            .iter()
            .map(polygon)
            .collect::<Result<Vec<_>, _>>()?,
        Some(other) => {
            return Err(msg(
                format!("`{name}` is a {other}: only Polygon and MultiPolygon are drawn"),
                format!("`{name}` 是 {other}：底图只画 Polygon 和 MultiPolygon"),
            ))
        }
        None => {
            return Err(msg(
                format!("`{name}` has no `geometry.type`"),
                format!("`{name}` 缺少 `geometry.type`"),
            ))
        }
    };
    Ok(MapArea { name, polygons })
}

fn bad_coords(kind: &str) -> Msg {
    msg(
        format!("the {kind}'s `coordinates` are not lists of [longitude, latitude] pairs"),
        format!("{kind} 的 `coordinates` 不是由 [经度, 纬度] 组成的列表"),
    )
}

/// A polygon's rings, each at least 4 valid [lon, lat] positions.
fn polygon(v: &Value) -> Result<Vec<Vec<[f64; 2]>>, Msg> {
    let rings = v.as_array().ok_or_else(|| bad_coords("Polygon"))?;
    if rings.is_empty() {
        return Err(bad_coords("Polygon"));
    }
    rings
        .iter()
        .map(|r| {
            let pos = r.as_array().ok_or_else(|| bad_coords("Polygon"))?;
            let ring = pos
                .iter()
                .map(|p| match p.as_array().map(|a| a.as_slice()) {
                    Some([lon, lat, ..]) => match (lon.as_f64(), lat.as_f64()) {
                        (Some(lon), Some(lat)) if lon.abs() <= 180.0 && lat.abs() <= 90.0 => {
                            Ok([lon, lat])
                        }
                        _ => Err(msg(
                            format!("position {p} is not a [longitude, latitude] pair in degrees"),
                            format!("坐标 {p} 不是以度为单位的 [经度, 纬度]"),
                        )),
                    },
                    _ => Err(bad_coords("Polygon")),
                })
                .collect::<Result<Vec<_>, _>>()?;
            if ring.len() < 4 {
                return Err(msg(
                    "a ring has fewer than 4 positions".into(),
                    "有一个环少于 4 个坐标点".into(),
                ));
            }
            Ok(ring)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_have_line_and_column() {
        let Err(Problem::Syntax { line, col, .. }) =
            parse("{\n  \"type\": \"FeatureCollection\",\n  \"features\": [,]\n}")
        else {
            panic!("expected a syntax error");
        };
        assert_eq!((line, col), (3, 16));
    }

    #[test]
    fn shape_errors_name_the_feature() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
          {"type":"Feature","properties":{"name":"B"},"geometry":{"type":"Point","coordinates":[0,0]}}]}"#;
        let Err(Problem::Shape { feature, message }) = parse(text) else {
            panic!("expected a shape error");
        };
        assert_eq!(feature, Some(1));
        assert!(message.en.contains("Point"), "{}", message.en);
        let ok = parse(&text.replace(
            r#""type":"Point","coordinates":[0,0]"#,
            r#""type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]"#,
        ));
        assert_eq!(ok.ok().map(|a| a.len()), Some(2));
    }
}
