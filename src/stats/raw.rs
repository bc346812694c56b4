//! The raw schema of a statistics file (every field optional, unknown fields refused,
//! mappings kept in file order with duplicates) and its YAML parsing, with a located
//! diagnostic when the file does not fit the schema.

use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use super::plain_number;
use crate::diag::{did_you_mean, Diagnostic, Text};
use crate::tr;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub year: Option<i32>,
    pub scope: Option<String>,
    pub metrics: Option<Entries<RawMetric>>,
    pub breakdowns: Option<Entries<RawBreakdown>>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMetric {
    pub label: Option<String>,
    pub value: Option<Scalar>,
    pub unit: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBreakdown {
    pub label: Option<String>,
    pub unit: Option<String>,
    pub total_of: Option<String>,
    pub items: Option<Entries<Scalar>>,
}

const FIELDS: &[&str] = &[
    "year",
    "scope",
    "metrics",
    "breakdowns",
    "label",
    "value",
    "unit",
    "total_of",
    "items",
];

/// A mapping kept in file order, duplicates included (they are reported, not lost).
pub(super) struct Entries<V>(pub Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V2<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for V2<V> {
            type Value = Entries<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of `key: …` entries")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<Scalar, V>()? {
                    out.push((k.0, v));
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(V2(PhantomData))
    }
}

/// A scalar as written in the file (`98.5`, `1100`, `十`); numbers are checked later so
/// the error can say which value and where.
pub(super) struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct SV;
        impl<'v> Visitor<'v> for SV {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a single value (a number or a name)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(plain_number(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_str(SV)
    }
}

/// Parse the text of the statistics file `file` into the raw schema.
pub(super) fn parse(file: &Path, text: &str) -> Result<RawFile, Diagnostic> {
    crate::yaml::from_str(text).map_err(|e| {
        let msg = e
            .message
            .replace(
                "struct RawFile",
                "a mapping of `year:`, `scope:`, `metrics:` and `breakdowns:`",
            )
            .replace("struct RawMetric", "`{label: …, value: …, unit: …}`")
            .replace(
                "struct RawBreakdown",
                "a mapping of `label:`, `unit:`, `total_of:` and `items:`",
            );
        let zh = e
            .explained
            .replace(
                "struct RawFile",
                "`year:`、`scope:`、`metrics:`、`breakdowns:`",
            )
            .replace("struct RawMetric", "`{label: …, value: …, unit: …}`")
            .replace(
                "struct RawBreakdown",
                "`label:`、`unit:`、`total_of:`、`items:`",
            );
        let d = Diagnostic::error(
            file.to_path_buf(),
            e.line,
            tr!(
                "cannot read the statistics file: {msg}",
                "无法读取统计文件：{zh}（{msg}）"
            ),
        )
        .at_col(e.col, 0);
        if let Some((en, zh)) = e.hint {
            d.with_hint(Text::new(en, zh))
        } else if let Some(s) = unknown_field(&msg) {
            d.with_hint(tr!("did you mean `{s}`?", "是不是 `{s}`？"))
        } else {
            d.with_hint(tr!(
                "check the indentation and the `key: value` form on this line; a value that holds `:` or `#` needs quotes",
                "请检查这一行的缩进和 `键: 值` 写法；含有 `:` 或 `#` 的值要加引号"
            ))
        }
    })
}

fn unknown_field(msg: &str) -> Option<&'static str> {
    let rest = msg.strip_prefix("unknown field `")?;
    let name = &rest[..rest.find('`')?];
    did_you_mean(name, FIELDS.iter().copied())
}
