//! Front matter: splitting it from the body (`---` YAML or `+++` TOML), and converting
//! it field by field into the typed [`FrontMatter`] of the page's kind, with every
//! problem located at its line in the original file.

use std::path::Path;

use serde_json::{Map, Value};

mod fields;
mod types;
use fields::Field;
pub(crate) use types::*;

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
    pub(crate) fn year(&self) -> Option<i32> {
        self.fields.year.or(self.date.map(|d| d.year()))
    }

    pub(crate) fn line_of(&self, key: &str) -> usize {
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
pub(crate) fn parse_lenient(
    file: &Path,
    split: &Split<'_>,
    role: Role,
    taxonomies: &[Taxonomy],
) -> Result<(FrontMatter, Vec<Diagnostic>), Vec<Diagnostic>> {
    let map = front_map(file, split)?;
    let allowed = allowed(role, taxonomies);
    let mut diags = Vec::new();
    let mut fm = FrontMatter {
        extra: Value::Object(Map::new()),
        ..FrontMatter::default()
    };
    for ((line, col), key) in keys_in_order(split, &map) {
        let value = &map[key];
        fm.key_lines.push((key.clone(), line));
        // An empty value (`role:` with nothing after it) means "not given".
        if value.is_null() && key != "title" && allowed.contains(&key.as_str()) {
            continue;
        }
        let field = Field {
            file,
            line,
            col,
            key,
            value,
        };
        let converted = if allowed.contains(&key.as_str()) {
            fields::convert(&mut fm, &field)
        } else {
            Err(unknown_field(&field, &allowed, role))
        };
        if let Err(d) = converted {
            diags.push(d);
        }
    }
    // Taxonomies in config order.
    fm.taxonomies
        .sort_by_key(|(n, _)| taxonomies.iter().position(|t| &t.name == n));

    required_fields(file, &map, role, &mut diags);
    Ok((fm, diags))
}

/// An error in `file` at line:col, underlining `len` characters.
fn error(
    file: &Path,
    line: usize,
    col: usize,
    len: usize,
    message: Text,
    hint: Option<Text>,
) -> Diagnostic {
    let mut d = Diagnostic::error(Some(file.to_path_buf()), line, message).at_col(col, len);
    d.hint = hint;
    d
}

/// The front matter as a map of keys to values (TOML or YAML).
fn front_map(file: &Path, split: &Split<'_>) -> Result<Map<String, Value>, Vec<Diagnostic>> {
    if split.toml {
        toml_map(file, split)
    } else {
        yaml_map(file, split)
    }
}

fn toml_map(file: &Path, split: &Split<'_>) -> Result<Map<String, Value>, Vec<Diagnostic>> {
    match toml::from_str::<toml::Table>(split.front) {
        Ok(t) => Ok(match toml_to_json(toml::Value::Table(t)) {
            Value::Object(m) => m,
            _ => Map::new(),
        }),
        Err(e) => {
            let mut d = crate::config::toml_error(split.front, file, &e);
            if d.line > 0 {
                d.line += split.front_line - 1;
            }
            Err(vec![d])
        }
    }
}

fn yaml_map(file: &Path, split: &Split<'_>) -> Result<Map<String, Value>, Vec<Diagnostic>> {
    match crate::yaml::to_json(split.front) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(_) => Err(vec![error(
            file,
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
        )]),
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
            let (msg, zh) = (e.message, e.explained);
            Err(vec![error(
                file,
                line,
                e.col.max(1),
                1,
                tr!(
                    "invalid YAML in front matter: {msg}",
                    "页面信息的 YAML 格式错误：{zh}（{msg}）"
                ),
                Some(hint),
            )])
        }
    }
}

/// The keys of `map` with their line:col in the file, in the file's order.
fn keys_in_order<'m>(
    split: &Split<'_>,
    map: &'m Map<String, Value>,
) -> Vec<((usize, usize), &'m String)> {
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
    // Each key's position found once (a scan of the front matter), then sorted by it.
    let mut keys: Vec<((usize, usize), &String)> = map.keys().map(|k| (key_pos(k), k)).collect();
    keys.sort_by_key(|(pos, _)| *pos);
    keys
}

/// A key this role does not allow, with the likeliest fix as hint.
fn unknown_field(f: &Field<'_>, allowed: &[&str], role: Role) -> Diagnostic {
    let key = f.key;
    let other_kind = [Kind::Station, Kind::Project, Kind::Member, Kind::Activity]
        .into_iter()
        .find(|k| kind_fields(*k).contains(&key));
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
    f.error(
        tr!(
            "unknown field `{key}` in front matter",
            "页面信息中有未知字段 `{key}`"
        ),
        hint,
    )
}

/// Required fields: every page and report needs a `title`.
fn required_fields(file: &Path, map: &Map<String, Value>, role: Role, diags: &mut Vec<Diagnostic>) {
    if !map.contains_key("title") && role != Role::Section {
        diags.push(error(
            file,
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
