//! One front-matter value converted into its typed field of [`FrontMatter`]: the
//! common fields, the fields of each kind, then taxonomies.

use std::path::Path;

use serde_json::Value;

use super::{error, FrontMatter, Honor, KindFields, PageDate};
use crate::diag::{did_you_mean, Diagnostic, Text};
use crate::tr;

/// One `key: value` of the front matter, where it stands in the file.
pub(super) struct Field<'a> {
    pub file: &'a Path,
    pub line: usize,
    pub col: usize,
    pub key: &'a str,
    pub value: &'a Value,
}

impl Field<'_> {
    /// An error underlining the key.
    pub(crate) fn error(&self, message: Text, hint: Text) -> Diagnostic {
        let len = self.key.chars().count();
        error(self.file, self.line, self.col, len, message, Some(hint))
    }

    /// The value has the wrong type: `expected` says which it needs.
    fn expected(&self, expected: Text) -> Result<(), Diagnostic> {
        let key = self.key;
        let (e_en, e_zh) = (expected.en, expected.zh);
        let (g_en, g_zh) = type_name(self.value);
        Err(self.error(
            tr!(
                "field `{key}` must be {e_en}, not {g_en}",
                "字段 `{key}` 应当是{e_zh}，而不是{g_zh}"
            ),
            example_for(key),
        ))
    }
}

/// Store the value of `f` (a field allowed here) in `fm`, or say why it cannot be.
pub(super) fn convert(fm: &mut FrontMatter, f: &Field<'_>) -> Result<(), Diagnostic> {
    let value = f.value;
    match f.key {
        "title" => match as_text(value) {
            Some(s) if !s.trim().is_empty() => fm.title = s,
            Some(_) => return f.expected(tr!("non-empty text", "非空的文字")),
            None => return f.expected(tr!("text", "文字")),
        },
        "date" => match date_of(value) {
            Some(d) => fm.date = Some(d),
            None => return f.expected(tr!("a date like 2024-05-07", "日期，例如 2024-05-07")),
        },
        "summary" => match as_text(value) {
            Some(s) => fm.summary = Some(s),
            None => return f.expected(tr!("text", "文字")),
        },
        "cover" => match value.as_str() {
            Some(s) => fm.cover = Some(s.to_string()),
            None => return f.expected(tr!("a file path", "文件路径")),
        },
        "weight" => match value.as_i64() {
            Some(w) => fm.weight = Some(w),
            None => return f.expected(tr!("a whole number", "整数")),
        },
        "featured" => match value.as_bool() {
            Some(b) => fm.featured = b,
            None => return f.expected(tr!("true or false", "true 或 false")),
        },
        "draft" => match value.as_bool() {
            Some(b) => fm.draft = b,
            None => return f.expected(tr!("true or false", "true 或 false")),
        },
        "slug" => match as_text(value) {
            Some(s) if crate::config::is_segment(&s) => fm.slug = Some(s),
            Some(_) => {
                return Err(f.error(
                    tr!(
                        "`slug` may hold letters, digits, `-` and `_` only",
                        "`slug` 只能包含文字、数字、`-` 和 `_`"
                    ),
                    tr!(
                    "remove `/`, `.`, spaces and other punctuation, e.g. `slug: xingxing-yizhan`",
                    "请去掉 `/`、`.`、空格等符号，例如 `slug: xingxing-yizhan`"
                ),
                ))
            }
            None => return f.expected(tr!("text", "文字")),
        },
        "location" => match value
            .as_array()
            .map(|a| a.iter().map(Value::as_f64).collect::<Option<Vec<f64>>>())
        {
            Some(Some(v))
                if v.len() == 2
                    && (-90.0..=90.0).contains(&v[0])
                    && (-180.0..=180.0).contains(&v[1]) =>
            {
                fm.location = Some([v[0], v[1]])
            }
            // Online maps often give longitude first (119.95,31.78).
            Some(Some(v))
                if v.len() == 2
                    && (-90.0..=90.0).contains(&v[1])
                    && (-180.0..=180.0).contains(&v[0]) =>
            {
                let (lat, lon) = (v[1], v[0]);
                return Err(f.error(
                    tr!(
                        "field `location` has longitude first; latitude (−90 to 90) comes first",
                        "字段 `location` 把经度写在了前面；纬度（−90 到 90）应在前"
                    ),
                    tr!(
                        "write `location: [{lat}, {lon}]`",
                        "请写成 `location: [{lat}, {lon}]`"
                    ),
                ));
            }
            _ => {
                return f.expected(tr!(
                    "[latitude, longitude], e.g. [31.78, 119.95]",
                    "[纬度, 经度]，例如 [31.78, 119.95]"
                ))
            }
        },
        "extra" => match value {
            Value::Object(_) => fm.extra = value.clone(),
            _ => return f.expected(tr!("a map of `key: value` lines", "由 `键: 值` 组成的映射")),
        },
        "include" => match str_list(value) {
            Some(v) => fm.include = v,
            None => return f.expected(tr!("a list of content paths", "内容文件路径的列表")),
        },
        _ => return kind_field(&mut fm.fields, f).unwrap_or_else(|| taxonomy(fm, f)),
    }
    Ok(())
}

/// A field of one kind of page (station, project, member, activity); `None` when
/// `f` is none of them.
fn kind_field(fields: &mut KindFields, f: &Field<'_>) -> Option<Result<(), Diagnostic>> {
    let (key, value) = (f.key, f.value);
    Some(match key {
        "street" | "address" | "organization" | "contact_hours" | "category" | "role" | "quote"
        | "place" | "organizer" | "portrait" | "status" => match as_text(value) {
            Some(s) => text_field(fields, f, s),
            None => f.expected(tr!("text", "文字")),
        },
        "established" | "joined" => match date_of(value) {
            Some(d) => {
                if key == "established" {
                    fields.established = Some(d)
                } else {
                    fields.joined = Some(d)
                }
                Ok(())
            }
            None => f.expected(tr!("a date like 2018-07-01", "日期，例如 2018-07-01")),
        },
        "party_members" | "beneficiaries" | "participants" => {
            match value.as_i64().filter(|n| *n >= 0) {
                Some(n) => {
                    *match key {
                        "party_members" => &mut fields.party_members,
                        "beneficiaries" => &mut fields.beneficiaries,
                        _ => &mut fields.participants,
                    } = Some(n);
                    Ok(())
                }
                None => f.expected(tr!("a whole number, 0 or more", "不小于 0 的整数")),
            }
        }
        "services" | "units" | "partners" => match str_list(value) {
            Some(v) => {
                *match key {
                    "services" => &mut fields.services,
                    "units" => &mut fields.units,
                    _ => &mut fields.partners,
                } = v;
                Ok(())
            }
            None => f.expected(tr!("a list of text", "文字列表")),
        },
        "year" => match value.as_i64().filter(|y| (1900..=2100).contains(y)) {
            Some(y) => {
                fields.year = Some(y as i32);
                Ok(())
            }
            None => f.expected(tr!("a year like 2024", "年份，例如 2024")),
        },
        "honors" => match honors(value) {
            Some(h) => {
                fields.honors = h;
                Ok(())
            }
            None => f.expected(tr!(
                "a list of `{{year, title}}` entries",
                "由 `{{year, title}}` 组成的列表"
            )),
        },
        _ => return None,
    })
}

/// A text field of a kind; a project's `status` must be one of three words.
fn text_field(fields: &mut KindFields, f: &Field<'_>, s: String) -> Result<(), Diagnostic> {
    let slot = match f.key {
        "street" => &mut fields.street,
        "address" => &mut fields.address,
        "organization" => &mut fields.organization,
        "contact_hours" => &mut fields.contact_hours,
        "category" => &mut fields.category,
        "role" => &mut fields.role,
        "quote" => &mut fields.quote,
        "place" => &mut fields.place,
        "organizer" => &mut fields.organizer,
        "portrait" => &mut fields.portrait,
        _ => &mut fields.status,
    };
    if f.key == "status" && !["planned", "ongoing", "completed"].contains(&s.as_str()) {
        let g = did_you_mean(&s, ["planned", "ongoing", "completed"]);
        return Err(f.error(
            tr!("unknown project status `{s}`", "未知的项目状态 `{s}`"),
            match g {
                Some(g) => tr!(
                    "did you mean `{g}`? (planned, ongoing or completed)",
                    "是不是 `{g}`？（planned 计划中、ongoing 进行中、completed 已完成）"
                ),
                None => tr!(
                    "use planned, ongoing or completed",
                    "请写 planned（计划中）、ongoing（进行中）或 completed（已完成）"
                ),
            },
        ));
    }
    *slot = Some(s);
    Ok(())
}

/// The terms of a taxonomy (any allowed key that is not a field).
fn taxonomy(fm: &mut FrontMatter, f: &Field<'_>) -> Result<(), Diagnostic> {
    match str_list(f.value) {
        Some(v) => {
            let terms = v.into_iter().filter(|t| !t.trim().is_empty()).collect();
            fm.taxonomies.push((f.key.to_string(), terms));
            Ok(())
        }
        None => f.expected(tr!(
            "a list of text (or one text)",
            "文字列表（或一段文字）"
        )),
    }
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
