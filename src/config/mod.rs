//! `site-config.toml`: the raw schema (every key optional, unknown keys rejected) and
//! its conversion, key by key, into the validated [`Config`] the rest of xinghuo reads.
//!
//! Decisions beyond the first design (documented in docs/reference/config.md):
//! - `[extra]` is a free table passed to templates as `site.extra`, as in Zola.
//! - `[map]` gives an optional base image for SVG maps: `image` (a path under
//!   `static/`) and `bounds = [[south, west], [north, east]]`.
//! - `[report].organization` defaults to the site title.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use crate::diag::{did_you_mean, line_col, Diagnostic, Diagnostics, Text};
use crate::tr;

mod filing;
mod kiosk;
mod types;
mod validate;
pub use types::*;

pub(crate) const CONFIG_FILE: &str = "site-config.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    language: Option<Spanned<String>>,
    theme: Option<String>,
    icp: Option<String>,
    collections: Option<IndexMap<String, RawCollection>>,
    taxonomies: Option<IndexMap<String, String>>,
    markdown: Option<RawMarkdown>,
    search: Option<RawSearch>,
    privacy: Option<RawPrivacy>,
    report: Option<RawReport>,
    map: Option<RawMap>,
    filing: Option<RawFiling>,
    kiosk: Option<RawKiosk>,
    extra: Option<toml::Table>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCollection {
    kind: Option<Spanned<String>>,
    title: Option<String>,
    sort_by: Option<Spanned<String>>,
    paginate_by: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    highlight_theme: Option<Spanned<String>>,
    raw_html: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSearch {
    enabled: Option<bool>,
    split_from: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrivacy {
    id_numbers: Option<Spanned<String>>,
    phone_numbers: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    organization: Option<String>,
    paper: Option<Spanned<String>>,
    fonts: Option<Vec<String>>,
    standard: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMap {
    image: Option<String>,
    bounds: Option<[[f64; 2]; 2]>,
    geojson: Option<String>,
}

/// `[filing]`: the registrations a Chinese site shows in its footer besides `icp`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFiling {
    police: Option<Spanned<String>>,
    site_code: Option<Spanned<String>>,
    conac_url: Option<Spanned<String>>,
    conac_image: Option<Spanned<String>>,
}

/// `[kiosk]`: the exhibition-hall screen (`config::kiosk`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKiosk {
    exit: Option<Spanned<String>>,
    pin: Option<Spanned<String>>,
    idle: Option<Spanned<i64>>,
}

/// Read and validate `site-config.toml` in `root`.
pub(crate) fn load(root: &Path) -> Result<Config, Diagnostics> {
    let file = PathBuf::from(CONFIG_FILE);
    let bytes = match std::fs::read(root.join(CONFIG_FILE)) {
        Ok(b) => b,
        Err(_) => {
            return Err(vec![Diagnostic::error(
                Some(file),
                0,
                tr!(
                    "cannot read `{CONFIG_FILE}`: this folder is not a xinghuo site",
                    "读不到 `{CONFIG_FILE}`：这个文件夹不是 xinghuo 站点"
                ),
            )
            .with_hint(tr!(
                "run xinghuo in the site folder, give it with `--root DIR`, or create a site with `xinghuo init DIR --example`",
                "请在站点文件夹中运行，或用 `--root 目录` 指定站点，或用 `xinghuo init 目录 --example` 新建站点"
            ))]
            .into())
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, col) = line_col(
                &String::from_utf8_lossy(e.as_bytes()),
                e.utf8_error().valid_up_to(),
            );
            return Err(vec![Diagnostic::error(
                Some(file),
                line,
                tr!(
                    "the file is not valid UTF-8 text",
                    "文件不是有效的 UTF-8 文本"
                ),
            )
            .at_col(col, 1)
            .with_hint(tr!(
                "save the file as UTF-8 (in Notepad: Save As → Encoding: UTF-8)",
                "请把文件另存为 UTF-8 编码（记事本：另存为 → 编码选 UTF-8）"
            ))]
            .into());
        }
    };
    parse(&text)
}

/// Validate the text of a `site-config.toml`.
pub(crate) fn parse(text: &str) -> Result<Config, Diagnostics> {
    let file = PathBuf::from(CONFIG_FILE);
    let raw: RawConfig = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let mut diags = Diagnostics::new();
            diags.push(toml_error(text, &file, &e));
            return Err(diags);
        }
    };
    validate::config(text, raw)
}

/// Front-matter fields that cannot double as taxonomy names.
pub(crate) const RESERVED_FIELDS: &[&str] = &[
    "title",
    "date",
    "summary",
    "cover",
    "weight",
    "featured",
    "draft",
    "slug",
    "location",
    "extra",
    "street",
    "address",
    "established",
    "organization",
    "party_members",
    "services",
    "contact_hours",
    "year",
    "status",
    "category",
    "units",
    "beneficiaries",
    "partners",
    "role",
    "joined",
    "honors",
    "portrait",
    "quote",
    "place",
    "organizer",
    "participants",
    "include",
];

/// A URL segment: letters of any script, digits, `-`, `_`.
pub(crate) fn is_segment(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

fn hint_one_of(guess: Option<&str>, names: &[&str]) -> Text {
    let list = crate::text::code_list(names.iter().copied());
    match guess {
        Some(g) => tr!(
            "did you mean `{g}`? (one of {list})",
            "是不是 `{g}`？（可选：{list}）"
        ),
        None => tr!("use one of {list}", "可选：{list}"),
    }
}

fn find_line(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(needle))
        .map(|i| i + 1)
        .unwrap_or(1)
}

/// Turn a TOML error into a diagnostic with line, column and a hint.
pub(crate) fn toml_error(text: &str, file: &Path, e: &toml::de::Error) -> Diagnostic {
    let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
    let len = e
        .span()
        .and_then(|s| text.get(s))
        .map(|s| s.chars().count().max(1))
        .unwrap_or(1);
    let msg = e.message().trim().to_string();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected")
            .nth(1)
            .map(|s| s.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let hint = match did_you_mean(name, expected.iter().copied()) {
            Some(g) => tr!("did you mean `{g}`?", "是不是 `{g}`？"),
            None => {
                let list = crate::text::code_list(expected.iter().copied());
                tr!(
                    "remove it; known keys here: {list}",
                    "请删除它；这里可用的键有：{list}"
                )
            }
        };
        return Diagnostic::error(
            Some(file.to_path_buf()),
            line,
            tr!("unknown key `{name}`", "未知的配置项 `{name}`"),
        )
        .at_col(col, name.chars().count().max(1))
        .with_hint(hint);
    }
    let hint = if text
        .lines()
        .nth(line.saturating_sub(1))
        .is_some_and(|l| l.contains('＝') || l.contains('“') || l.contains('”'))
    {
        tr!(
            "this line uses full-width punctuation (＝ or “ ”); TOML needs ASCII `=` and `\"`",
            "这一行用了全角标点（＝ 或 “ ”）；TOML 需要英文的 `=` 和 `\"`"
        )
    } else {
        tr!(
            "check the TOML syntax: `key = \"value\"`, tables as `[name]`",
            "请检查 TOML 语法：`键 = \"值\"`，表写作 `[名字]`"
        )
    };
    Diagnostic::error(
        Some(file.to_path_buf()),
        line,
        tr!("invalid TOML: {msg}", "TOML 格式错误：{msg}"),
    )
    .at_col(col, len)
    .with_hint(hint)
}

#[cfg(test)]
mod tests;
