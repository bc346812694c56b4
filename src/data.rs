//! Data files: every `data/**/*.yaml` as a JSON-like tree for templates (`data.units`,
//! `data.contacts`, …), the typed member units of `data/units.yaml`, and the raw texts
//! of `data/stats/YYYY.yaml` handed to [`crate::stats`].

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics, Text};
use crate::source::read_text;
use crate::tr;

/// One member unit of an alliance (docs/reference/data.md).
#[derive(Clone, Debug, Serialize)]
pub struct Unit {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub joined: Option<i32>,
    pub location: Option<[f64; 2]>,
    pub resources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    id: Option<String>,
    name: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    joined: Option<i32>,
    location: Option<[f64; 2]>,
    resources: Option<Vec<String>>,
}

/// What `data/` holds.
#[derive(Default)]
pub(crate) struct Data {
    /// `data/a/b.yaml` → `{"a": {"b": …}}`.
    pub tree: Value,
    pub units: Vec<Unit>,
    /// `(data/stats/YYYY.yaml, text)`, sorted by path.
    pub stats_files: Vec<(PathBuf, String)>,
    /// Every data file's text, for the privacy scan.
    pub texts: Vec<(PathBuf, String)>,
}

/// Read `data/`. Problems go to `diags`.
pub(crate) fn load(root: &Path, diags: &mut Diagnostics) -> Data {
    let mut data = Data {
        tree: Value::Object(Map::new()),
        ..Data::default()
    };
    let dir = root.join("data");
    if !dir.is_dir() {
        return data;
    }
    for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root).map(Path::to_path_buf) else {
            continue;
        };
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "yaml" && ext != "yml" {
            continue;
        }
        let text = match read_text(root, &rel) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        data.texts.push((rel.clone(), text.clone()));
        let in_data = rel.strip_prefix("data").unwrap_or(&rel);
        if in_data.starts_with("stats") {
            data.stats_files.push((rel.clone(), text));
            continue;
        }
        let value = match crate::yaml::to_json(&text) {
            Ok(v) => v,
            Err(e) => {
                diags.push(yaml_diag(&rel, &e));
                continue;
            }
        };
        if in_data == Path::new("units.yaml") || in_data == Path::new("units.yml") {
            data.units = units(&rel, &text, diags);
        }
        insert_path(&mut data.tree, in_data, value);
    }
    data
}

/// Turn a YAML error into a diagnostic for `file`.
pub(crate) fn yaml_diag(file: &Path, e: &crate::yaml::YamlError) -> Diagnostic {
    let msg = &e.message;
    let zh = &e.explained;
    let hint = e
        .hint
        .clone()
        .map(|(en, zh)| Text::new(en, zh))
        .unwrap_or_else(|| tr!("check the YAML syntax: `key: value` with a space after the colon, two spaces to indent", "请检查 YAML 语法：`键: 值`，冒号后有空格，用两个空格缩进"));
    Diagnostic::error(
        Some(file.to_path_buf()),
        e.line.max(1),
        tr!("invalid YAML: {msg}", "YAML 格式错误：{zh}（{msg}）"),
    )
    .at_col(e.col.max(1), 1)
    .with_hint(hint)
}

fn units(file: &Path, text: &str, diags: &mut Diagnostics) -> Vec<Unit> {
    let raw: Vec<RawUnit> = match crate::yaml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            diags.push(yaml_diag(file, &e));
            return Vec::new();
        }
    };
    let mut out: Vec<Unit> = Vec::new();
    for (i, r) in raw.into_iter().enumerate() {
        let RawUnit {
            id,
            name,
            kind,
            joined,
            location,
            resources,
        } = r;
        // The line of the i-th list item.
        let line = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with("- "))
            .nth(i)
            .map(|(n, _)| n + 1)
            .unwrap_or(1);
        let (Some(id), Some(name)) = (id, name) else {
            diags.push(
                Diagnostic::error(
                    Some(file.to_path_buf()),
                    line,
                    tr!(
                        "a member unit needs both `id` and `name`",
                        "成员单位必须有 `id` 和 `name`"
                    ),
                )
                .with_hint(tr!(
                    "for example `- id: yzu` and `  name: 扬州大学`",
                    "例如 `- id: yzu` 和 `  name: 扬州大学`"
                )),
            );
            continue;
        };
        if out.iter().any(|u| u.id == id) {
            diags.push(
                Diagnostic::error(
                    Some(file.to_path_buf()),
                    line,
                    tr!(
                        "the unit id `{id}` is used twice",
                        "成员单位编号 `{id}` 重复了"
                    ),
                )
                .with_hint(tr!(
                    "give every unit its own `id`",
                    "每个单位的 `id` 必须不同"
                )),
            );
            continue;
        }
        out.push(Unit {
            id,
            name,
            kind: kind.unwrap_or_default(),
            joined,
            location,
            resources: resources.unwrap_or_default(),
        });
    }
    out
}

fn insert_path(tree: &mut Value, rel: &Path, value: Value) {
    let comps: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let mut cur = tree;
    for (i, c) in comps.iter().enumerate() {
        let Value::Object(map) = cur else { return };
        if i + 1 == comps.len() {
            map.insert(c.clone(), value);
            return;
        }
        cur = map
            .entry(c.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_data_paths() {
        let mut t = Value::Object(Map::new());
        insert_path(&mut t, Path::new("a/b.yaml"), Value::from(1));
        insert_path(&mut t, Path::new("units.yaml"), Value::from(2));
        assert_eq!(t["a"]["b"], 1);
        assert_eq!(t["units"], 2);
    }

    #[test]
    fn units_need_id_and_name() {
        let mut d = Diagnostics::new();
        let u = units(
            Path::new("data/units.yaml"),
            "- id: a\n  name: A\n- id: b\n",
            &mut d,
        );
        assert_eq!(u.len(), 1);
        assert_eq!(d.iter().next().unwrap().line, 3);
    }
}
