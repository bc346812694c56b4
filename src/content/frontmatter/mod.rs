//! Front matter: splitting it from the body (`---` YAML or `+++` TOML), and converting
//! it field by field into the typed [`FrontMatter`] of the page's kind, with every
//! problem located at its line in the original file.

use std::path::Path;

use serde_json::{Map, Value};

mod types;
pub use types::*;

use crate::config::{Kind, Taxonomy};
use crate::diag::{did_you_mean, Diagnostic, Text};
use crate::tr;

/// The parts of a content file.
pub struct Split<'a> {
    /// The front matter text, without its fences.
    pub front: &'a str,
    pub toml: bool,
    /// 1-based line of the first front-matter line.
    pub front_line: usize,
    pub body: &'a str,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

/// Split `text` into front matter and body. `Err` carries a diagnostic message.
pub fn split(text: &str) -> Result<Split<'_>, (usize, Text, Text)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("").trim_end();
    let (fence, toml) = match first {
        "---" => ("---", false),
        "+++" => ("+++", true),
        _ => {
            return Err((
                1,
                tr!(
                    "the file has no front matter",
                    "文件开头没有页面信息（front matter）"
                ),
                tr!(
                    "start the file with a `---` line, then `title: 标题`, then another `---` line",
                    "请在文件第一行写 `---`，下一行写 `title: 标题`，再写一行 `---`"
                ),
            ))
        }
    };
    let after_first = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    let mut offset = after_first;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map(|i| offset + i + 1)
            .unwrap_or(text.len());
        let l = text[offset..end].trim_end();
        if l == fence {
            return Ok(Split {
                front: &text[after_first..offset],
                toml,
                front_line: 2,
                body: &text[end..],
                body_line: line + 1,
            });
        }
        offset = end;
        line += 1;
    }
    Err((
        1,
        tr!(
            "the front matter is never closed",
            "页面信息（front matter）没有结束行"
        ),
        tr!(
            "add a line with only `{fence}` after the last front-matter field",
            "请在最后一个字段之后加一行，只写 `{fence}`"
        ),
    ))
}

/// Validated front matter of a page or section.
#[derive(Clone, Debug, Default)]
pub struct FrontMatter {
    pub title: String,
    pub date: Option<PageDate>,
    pub summary: Option<String>,
    pub cover: Option<String>,
    /// `(taxonomy name, terms)` in config order; only taxonomies the page uses.
    pub taxonomies: Vec<(String, Vec<String>)>,
    pub weight: Option<i64>,
    pub featured: bool,
    pub draft: bool,
    pub slug: Option<String>,
    pub location: Option<[f64; 2]>,
    pub extra: Value,
    pub fields: KindFields,
    /// Report forewords only: `include`.
    pub include: Vec<String>,
    /// 1-based line of each front-matter key, for later diagnostics.
    pub key_lines: Vec<(String, usize)>,
}

impl FrontMatter {
    /// The year a page is filed under, one rule for every listing, filter, card, timeline
    /// and report: a project's `year` (the year it belongs to, as declared) wins over its
    /// `date` (`date: 2023-12-30` with `year: 2024` is a 2024 project); other pages have
    /// the year of their `date` (or of the date the file name starts with).
    pub fn year(&self) -> Option<i32> {
        self.fields.year.or(self.date.map(|d| d.year()))
    }

    pub fn line_of(&self, key: &str) -> usize {
        self.key_lines
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, l)| *l)
            .unwrap_or(1)
    }
}

/// Which fields a file may have.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Page(Kind),
    /// `_index.md` of the home page or a collection.
    Section,
    /// `content/reports/YYYY.md`.
    Report,
}

const COMMON: &[&str] = &[
    "title", "date", "summary", "cover", "weight", "featured", "draft", "slug", "location", "extra",
];
const STATION: &[&str] = &[
    "street",
    "address",
    "established",
    "organization",
    "party_members",
    "services",
    "contact_hours",
];
const PROJECT: &[&str] = &[
    "year",
    "status",
    "category",
    "units",
    "beneficiaries",
    "partners",
];
const MEMBER: &[&str] = &[
    "role",
    "organization",
    "joined",
    "honors",
    "portrait",
    "quote",
];
const ACTIVITY: &[&str] = &["place", "organizer", "participants"];
const SECTION: &[&str] = &["title", "summary", "cover", "extra", "weight", "draft"];
const REPORT: &[&str] = &["title", "include"];

fn kind_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Station => STATION,
        Kind::Project => PROJECT,
        Kind::Member => MEMBER,
        Kind::Activity => ACTIVITY,
        Kind::Page => &[],
    }
}

fn allowed(role: Role, taxonomies: &[Taxonomy]) -> Vec<&str> {
    let mut v: Vec<&str> = match role {
        Role::Page(k) => COMMON.iter().chain(kind_fields(k)).copied().collect(),
        Role::Section => SECTION.to_vec(),
        Role::Report => REPORT.to_vec(),
    };
    if let Role::Page(_) = role {
        v.extend(taxonomies.iter().map(|t| t.name.as_str()));
    }
    v
}

/// Parse the front matter of `split` into a map, then into typed fields.
pub fn parse(
    file: &Path,
    split: &Split<'_>,
    role: Role,
    taxonomies: &[Taxonomy],
) -> Result<FrontMatter, Vec<Diagnostic>> {
    match parse_lenient(file, split, role, taxonomies)? {
        (fm, diags) if diags.is_empty() => Ok(fm),
        (_, diags) => Err(diags),
    }
}

/// [`parse`] that also returns what it read (wrong values left unset) beside the problems,
/// so callers can add their own checks; `Err` only when there is no map (bad YAML/TOML).
pub fn parse_lenient(
    file: &Path,
    split: &Split<'_>,
    role: Role,
    taxonomies: &[Taxonomy],
) -> Result<(FrontMatter, Vec<Diagnostic>), Vec<Diagnostic>> {
    let err = |line: usize, col: usize, len: usize, m: Text, h: Option<Text>| {
        let mut d = Diagnostic::error(Some(file.to_path_buf()), line, m).at_col(col, len);
        d.hint = h;
        d
    };
    let map: Map<String, Value> = if split.toml {
        match toml::from_str::<toml::Table>(split.front) {
            Ok(t) => match toml_to_json(toml::Value::Table(t)) {
                Value::Object(m) => m,
                _ => Map::new(),
            },
            Err(e) => {
                let mut d = crate::config::toml_error(split.front, file, &e);
                if d.line > 0 {
                    d.line += split.front_line - 1;
                }
                return Err(vec![d]);
            }
        }
    } else {
        match crate::yaml::to_json(split.front) {
            Ok(Value::Object(m)) => m,
            Ok(Value::Null) => Map::new(),
            Ok(_) => {
                return Err(vec![err(
                    split.front_line,
                    1,
                    1,
                    tr!(
                        "the front matter must be a list of `key: value` lines",
                        "页面信息必须是若干行 `字段: 值`"
                    ),
                    Some(tr!(
                        "for example `title: 星火驿站`",
                        "例如 `title: 星火驿站`"
                    )),
                )])
            }
            Err(e) => {
                let line = if e.line > 0 {
                    e.line + split.front_line - 1
                } else {
                    split.front_line
                };
                let hint = e.hint.map(|(en, zh)| Text::new(en, zh)).unwrap_or_else(|| {
                    tr!(
                        "check the YAML syntax: `key: value` with a space after the colon; quote text that contains `:` or `#`",
                        "请检查 YAML 语法：`字段: 值`，冒号后要有空格；含有 `:` 或 `#` 的文字请加引号"
                    )
                });
                let msg = e.message;
                return Err(vec![err(
                    line,
                    e.col.max(1),
                    1,
                    tr!(
                        "invalid YAML in front matter: {msg}",
                        "页面信息的 YAML 格式错误：{msg}"
                    ),
                    Some(hint),
                )]);
            }
        }
    };

    let key_pos = |key: &str| -> (usize, usize) {
        let found = if split.toml {
            split
                .front
                .lines()
                .position(|l| {
                    let t = l.trim_start();
                    t.strip_prefix(key)
                        .is_some_and(|r| r.trim_start().starts_with('='))
                })
                .map(|i| (i + 1, 1))
        } else {
            crate::yaml::find_key(split.front, key)
        };
        match found {
            Some((l, c)) => (l + split.front_line - 1, c),
            None => (1, 1),
        }
    };

    let allowed = allowed(role, taxonomies);
    let mut diags = Vec::new();
    let mut fm = FrontMatter {
        extra: Value::Object(Map::new()),
        ..FrontMatter::default()
    };
    // Each key's position found once (a scan of the front matter), then sorted by it.
    let mut keys: Vec<((usize, usize), &String)> = map.keys().map(|k| (key_pos(k), k)).collect();
    keys.sort_by_key(|(pos, _)| *pos);
    for ((line, col), key) in keys {
        let value = &map[key];
        fm.key_lines.push((key.clone(), line));
        // An empty value (`role:` with nothing after it) means "not given".
        if value.is_null() && key != "title" && allowed.contains(&key.as_str()) {
            continue;
        }
        if !allowed.contains(&key.as_str()) {
            let other_kind = [Kind::Station, Kind::Project, Kind::Member, Kind::Activity]
                .into_iter()
                .find(|k| kind_fields(*k).contains(&key.as_str()));
            let hint = match (did_you_mean(key, allowed.iter().copied()), other_kind, role) {
                (Some(g), _, _) => tr!("did you mean `{g}`?", "是不是 `{g}`？"),
                (None, Some(k), Role::Page(_)) => {
                    let kn = k.name();
                    tr!(
                        "`{key}` belongs to {kn} pages; move the file to a collection of that kind, or remove the field",
                        "`{key}` 是 {kn} 类页面的字段；请把文件移到该类型的栏目中，或删除这个字段"
                    )
                }
                _ => {
                    let list = crate::text::code_list(allowed.iter().copied());
                    tr!(
                        "remove it, or put free-form values under `extra:`; known fields: {list}",
                        "请删除它，或把自定义内容放到 `extra:` 下；可用字段：{list}"
                    )
                }
            };
            diags.push(err(
                line,
                col,
                key.chars().count(),
                tr!(
                    "unknown field `{key}` in front matter",
                    "页面信息中有未知字段 `{key}`"
                ),
                Some(hint),
            ));
            continue;
        }
        let mut bad = |expected: Text| {
            let (e_en, e_zh) = (expected.en, expected.zh);
            let (g_en, g_zh) = type_name(value);
            diags.push(err(
                line,
                col,
                key.chars().count(),
                tr!(
                    "field `{key}` must be {e_en}, not {g_en}",
                    "字段 `{key}` 应当是{e_zh}，而不是{g_zh}"
                ),
                Some(example_for(key)),
            ));
        };
        match key.as_str() {
            "title" => match as_text(value) {
                Some(s) if !s.trim().is_empty() => fm.title = s,
                Some(_) => bad(tr!("non-empty text", "非空的文字")),
                None => bad(tr!("text", "文字")),
            },
            "date" => match date_of(value) {
                Some(d) => fm.date = Some(d),
                None => bad(tr!("a date like 2024-05-07", "日期，例如 2024-05-07")),
            },
            "summary" => match as_text(value) {
                Some(s) => fm.summary = Some(s),
                None => bad(tr!("text", "文字")),
            },
            "cover" => match value.as_str() {
                Some(s) => fm.cover = Some(s.to_string()),
                None => bad(tr!("a file path", "文件路径")),
            },
            "weight" => match value.as_i64() {
                Some(w) => fm.weight = Some(w),
                None => bad(tr!("a whole number", "整数")),
            },
            "featured" => match value.as_bool() {
                Some(b) => fm.featured = b,
                None => bad(tr!("true or false", "true 或 false")),
            },
            "draft" => match value.as_bool() {
                Some(b) => fm.draft = b,
                None => bad(tr!("true or false", "true 或 false")),
            },
            "slug" => match as_text(value) {
                Some(s) if crate::config::is_segment(&s) => fm.slug = Some(s),
                Some(_) => diags.push(err(
                    line,
                    col,
                    key.chars().count(),
                    tr!("`slug` may hold letters, digits, `-` and `_` only", "`slug` 只能包含文字、数字、`-` 和 `_`"),
                    Some(tr!("remove `/`, `.`, spaces and other punctuation, e.g. `slug: xingxing-yizhan`", "请去掉 `/`、`.`、空格等符号，例如 `slug: xingxing-yizhan`")),
                )),
                None => bad(tr!("text", "文字")),
            },
            "location" => match value.as_array().map(|a| a.iter().map(Value::as_f64).collect::<Option<Vec<f64>>>()) {
                Some(Some(v)) if v.len() == 2 && (-90.0..=90.0).contains(&v[0]) && (-180.0..=180.0).contains(&v[1]) => {
                    fm.location = Some([v[0], v[1]])
                }
                _ => bad(tr!("[latitude, longitude], e.g. [31.78, 119.95]", "[纬度, 经度]，例如 [31.78, 119.95]")),
            },
            "extra" => match value {
                Value::Object(_) => fm.extra = value.clone(),
                _ => bad(tr!("a map of `key: value` lines", "由 `键: 值` 组成的映射")),
            },
            "include" => match str_list(value) {
                Some(v) => fm.include = v,
                None => bad(tr!("a list of content paths", "内容文件路径的列表")),
            },
            // station
            "street" | "address" | "organization" | "contact_hours" | "category" | "role" | "quote"
            | "place" | "organizer" | "portrait" | "status" => match as_text(value) {
                Some(s) => {
                    let f = &mut fm.fields;
                    let slot = match key.as_str() {
                        "street" => &mut f.street,
                        "address" => &mut f.address,
                        "organization" => &mut f.organization,
                        "contact_hours" => &mut f.contact_hours,
                        "category" => &mut f.category,
                        "role" => &mut f.role,
                        "quote" => &mut f.quote,
                        "place" => &mut f.place,
                        "organizer" => &mut f.organizer,
                        "portrait" => &mut f.portrait,
                        _ => &mut f.status,
                    };
                    if key == "status" && !["planned", "ongoing", "completed"].contains(&s.as_str()) {
                        let g = did_you_mean(&s, ["planned", "ongoing", "completed"]);
                        diags.push(err(
                            line,
                            col,
                            key.chars().count(),
                            tr!("unknown project status `{s}`", "未知的项目状态 `{s}`"),
                            Some(match g {
                                Some(g) => tr!("did you mean `{g}`? (planned, ongoing or completed)", "是不是 `{g}`？（planned 计划中、ongoing 进行中、completed 已完成）"),
                                None => tr!("use planned, ongoing or completed", "请写 planned（计划中）、ongoing（进行中）或 completed（已完成）"),
                            }),
                        ));
                    } else {
                        *slot = Some(s);
                    }
                }
                None => bad(tr!("text", "文字")),
            },
            "established" | "joined" => match date_of(value) {
                Some(d) => {
                    if key == "established" {
                        fm.fields.established = Some(d)
                    } else {
                        fm.fields.joined = Some(d)
                    }
                }
                None => bad(tr!("a date like 2018-07-01", "日期，例如 2018-07-01")),
            },
            "party_members" | "beneficiaries" | "participants" => match value.as_i64().filter(|n| *n >= 0) {
                Some(n) => {
                    let f = &mut fm.fields;
                    *match key.as_str() {
                        "party_members" => &mut f.party_members,
                        "beneficiaries" => &mut f.beneficiaries,
                        _ => &mut f.participants,
                    } = Some(n)
                }
                None => bad(tr!("a whole number, 0 or more", "不小于 0 的整数")),
            },
            "services" | "units" | "partners" => match str_list(value) {
                Some(v) => {
                    let f = &mut fm.fields;
                    *match key.as_str() {
                        "services" => &mut f.services,
                        "units" => &mut f.units,
                        _ => &mut f.partners,
                    } = v
                }
                None => bad(tr!("a list of text", "文字列表")),
            },
            "year" => match value.as_i64().filter(|y| (1900..=2100).contains(y)) {
                Some(y) => fm.fields.year = Some(y as i32),
                None => bad(tr!("a year like 2024", "年份，例如 2024")),
            },
            "honors" => match honors(value) {
                Some(h) => fm.fields.honors = h,
                None => bad(tr!("a list of `{{year, title}}` entries", "由 `{{year, title}}` 组成的列表")),
            },
            tax => match str_list(value) {
                Some(v) => fm.taxonomies.push((tax.to_string(), v.into_iter().filter(|t| !t.trim().is_empty()).collect())),
                None => bad(tr!("a list of text (or one text)", "文字列表（或一段文字）")),
            },
        }
    }
    // Taxonomies in config order.
    fm.taxonomies
        .sort_by_key(|(n, _)| taxonomies.iter().position(|t| &t.name == n));

    if !map.contains_key("title") && role != Role::Section {
        diags.push(err(
            1,
            1,
            3,
            tr!(
                "the required field `title` is missing",
                "缺少必填字段 `title`（标题）"
            ),
            Some(tr!(
                "add `title: 页面标题` to the front matter",
                "请在页面信息中加一行 `title: 页面标题`"
            )),
        ));
    }
    Ok((fm, diags))
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn str_list(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Array(a) => a.iter().map(as_text).collect(),
        Value::Null => Some(Vec::new()),
        other => as_text(other).map(|s| vec![s]),
    }
}

fn date_of(v: &Value) -> Option<PageDate> {
    v.as_str().and_then(PageDate::parse)
}

fn honors(v: &Value) -> Option<Vec<Honor>> {
    v.as_array()?
        .iter()
        .map(|h| {
            let o = h.as_object()?;
            if o.keys().any(|k| k != "year" && k != "title") {
                return None;
            }
            Some(Honor {
                year: o
                    .get("year")?
                    .as_i64()
                    .filter(|y| (1900..=2100).contains(y))? as i32,
                title: as_text(o.get("title")?)?,
            })
        })
        .collect()
}

fn type_name(v: &Value) -> (&'static str, &'static str) {
    match v {
        Value::Null => ("empty", "空值"),
        Value::Bool(_) => ("true/false", "true/false"),
        Value::Number(_) => ("a number", "数字"),
        Value::String(_) => ("text", "文字"),
        Value::Array(_) => ("a list", "列表"),
        Value::Object(_) => ("a map", "映射"),
    }
}

fn example_for(key: &str) -> Text {
    let ex = match key {
        "title" | "summary" | "street" | "address" | "organization" | "contact_hours"
        | "category" | "role" | "quote" | "place" | "organizer" => format!("{key}: 文字内容"),
        "date" | "established" | "joined" => format!("{key}: 2024-05-07"),
        "weight" | "party_members" | "beneficiaries" | "participants" => format!("{key}: 12"),
        "year" => "year: 2024".to_string(),
        "featured" | "draft" => format!("{key}: true"),
        "location" => "location: [31.78, 119.95]".to_string(),
        "honors" => "honors: [{year: 2024, title: 优秀共产党员}]".to_string(),
        "cover" | "portrait" => format!("{key}: photo.jpg"),
        "extra" => "extra:\n  key: value".to_string(),
        _ => format!("{key}: [第一项, 第二项]"),
    };
    tr!("write it like `{ex}`", "请写成 `{ex}` 的样子")
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests;
