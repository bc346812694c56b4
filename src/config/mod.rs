//! `site-config.toml`: the raw schema (every key optional, unknown keys rejected) and
//! its conversion, key by key, into the validated [`Config`] the rest of xinghuo reads.
//!
//! Decisions beyond the first design (documented in docs/reference/config.md):
//! - `[extra]` is a free table passed to templates as `site.extra`, as in Zola.
//! - `[map]` gives an optional base image for SVG maps: `image` (a path under
//!   `static/`) and `bounds = [[south, west], [north, east]]`.
//! - `[report].organization` defaults to the site title.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use crate::diag::{did_you_mean, line_col, Diagnostic, Diagnostics, Text};
use crate::tr;

mod types;
pub use types::*;

pub const CONFIG_FILE: &str = "site-config.toml";

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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMap {
    image: Option<String>,
    bounds: Option<[[f64; 2]; 2]>,
}

/// Read and validate `site-config.toml` in `root`.
pub fn load(root: &Path) -> Result<Config, Diagnostics> {
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
pub fn parse(text: &str) -> Result<Config, Diagnostics> {
    let file = PathBuf::from(CONFIG_FILE);
    let mut diags = Diagnostics::new();
    let raw: RawConfig = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            diags.push(toml_error(text, &file, &e));
            return Err(diags);
        }
    };
    let at = |span: std::ops::Range<usize>| line_col(text, span.start);
    let err = |span: std::ops::Range<usize>, message: Text, hint: Text| {
        let (l, c) = at(span.clone());
        let len = text.get(span).map(|s| s.chars().count()).unwrap_or(1);
        Diagnostic::error(Some(file.clone()), l, message)
            .at_col(c, len)
            .with_hint(hint)
    };

    // Destructure without `..`: a new key does not compile until it is handled here.
    let RawConfig {
        title,
        description,
        base_url,
        language,
        theme,
        icp,
        collections,
        taxonomies,
        markdown,
        search,
        privacy,
        report,
        map,
        extra,
    } = raw;

    let title = title.unwrap_or_default();
    if title.trim().is_empty() {
        diags.push(
            Diagnostic::error(
                Some(file.clone()),
                1,
                tr!("`title` is missing", "缺少 `title`（站点标题）"),
            )
            .with_hint(tr!(
                "add a line such as `title = \"钟楼区社会组织党建展\"` at the top",
                "请在文件开头加一行，例如 `title = \"钟楼区社会组织党建展\"`"
            )),
        );
    }
    let mut base_url = base_url.unwrap_or_default();
    if base_url.trim().is_empty() {
        diags.push(
            Diagnostic::error(
                Some(file.clone()),
                1,
                tr!("`base_url` is missing", "缺少 `base_url`（网站地址）"),
            )
            .with_hint(tr!(
                "add a line such as `base_url = \"https://dangjian.example.org/\"`",
                "请加一行，例如 `base_url = \"https://dangjian.example.org/\"`"
            )),
        );
    } else if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
        let line = find_line(text, "base_url");
        diags.push(
            Diagnostic::error(
                Some(file.clone()),
                line,
                tr!(
                    "`base_url` must start with http:// or https://",
                    "`base_url` 必须以 http:// 或 https:// 开头"
                ),
            )
            .at_col(1, 8)
            .with_hint(tr!(
                "for example `base_url = \"https://dangjian.example.org/\"`",
                "例如 `base_url = \"https://dangjian.example.org/\"`"
            )),
        );
    }
    if !base_url.ends_with('/') {
        base_url.push('/');
    }

    let language = match language {
        None => "zh-CN".to_string(),
        Some(l) if l.get_ref() == "zh-CN" || l.get_ref() == "en" => l.into_inner(),
        Some(l) => {
            diags.push(err(
                l.span(),
                {
                    let v = l.get_ref();
                    tr!("unknown language `{v}`", "未知的界面语言 `{v}`")
                },
                tr!("use `zh-CN` or `en`", "请写 `zh-CN` 或 `en`"),
            ));
            "zh-CN".to_string()
        }
    };

    let mut cols = Vec::new();
    for (name, c) in collections.unwrap_or_default() {
        let RawCollection {
            kind,
            title,
            sort_by,
            paginate_by,
        } = c;
        let kind = match kind {
            None => Kind::Page,
            Some(k) => match Kind::parse(k.get_ref()) {
                Some(kind) => kind,
                None => {
                    let guess = did_you_mean(k.get_ref(), Kind::NAMES);
                    diags.push(err(
                        k.span(),
                        {
                            let v = k.get_ref();
                            tr!("unknown collection kind `{v}`", "未知的栏目类型 `{v}`")
                        },
                        hint_one_of(guess, &Kind::NAMES),
                    ));
                    Kind::Page
                }
            },
        };
        let sort_by = match sort_by {
            None => kind.default_sort(),
            Some(s) => match s.get_ref().as_str() {
                "weight" => SortBy::Weight,
                "date" => SortBy::Date,
                "title" => SortBy::Title,
                other => {
                    let names = ["weight", "date", "title"];
                    diags.push(err(
                        s.span(),
                        tr!(
                            "unknown `sort_by` value `{other}`",
                            "未知的排序方式 `{other}`"
                        ),
                        hint_one_of(did_you_mean(other, names), &names),
                    ));
                    kind.default_sort()
                }
            },
        };
        let paginate_by = match paginate_by {
            None => 0,
            Some(p) if *p.get_ref() >= 0 => *p.get_ref() as usize,
            Some(p) => {
                diags.push(err(
                    p.span(),
                    tr!(
                        "`paginate_by` cannot be negative",
                        "`paginate_by` 不能是负数"
                    ),
                    tr!(
                        "use 0 for no pagination, or the number of pages per list page",
                        "0 表示不分页，否则写每页显示的条数"
                    ),
                ));
                0
            }
        };
        if !is_segment(&name) {
            let line = find_line(text, &format!("[collections.{name}]"));
            diags.push(
                Diagnostic::error(
                    Some(file.clone()),
                    line,
                    tr!(
                        "collection name `{name}` is not a valid folder name",
                        "栏目名 `{name}` 不是有效的文件夹名"
                    ),
                )
                .with_hint(tr!(
                    "use letters, digits, `-` and `_` only",
                    "只能用字母、数字、`-` 和 `_`"
                )),
            );
        }
        cols.push(Collection {
            title: title.unwrap_or_else(|| name.clone()),
            name,
            kind,
            sort_by,
            paginate_by,
        });
    }

    let mut taxes = Vec::new();
    for (name, title) in taxonomies.unwrap_or_default() {
        if RESERVED_FIELDS.contains(&name.as_str()) || !is_segment(&name) {
            let line = find_line(text, &name);
            diags.push(
                Diagnostic::error(Some(file.clone()), line, tr!("`{name}` cannot be a taxonomy name", "`{name}` 不能用作分类名"))
                    .with_hint(tr!("taxonomy names are front-matter fields: use a new name made of letters, digits, `-` and `_`, such as `tags` or `district`", "分类名就是页面头部的字段名：请用字母、数字、`-`、`_` 组成的新名字，例如 `tags` 或 `district`")),
            );
            continue;
        }
        taxes.push(Taxonomy { name, title });
    }

    let (highlight_theme, raw_html) = match markdown {
        None => (
            "InspiredGitHub".to_string(),
            crate::markdown::RawHtml::Sanitize,
        ),
        Some(RawMarkdown {
            highlight_theme,
            raw_html,
        }) => {
            let theme = match highlight_theme {
                None => "InspiredGitHub".to_string(),
                Some(t) if crate::markdown::highlight_theme_exists(t.get_ref()) => t.into_inner(),
                Some(t) => {
                    let names = crate::markdown::theme_names();
                    let guess = did_you_mean(t.get_ref(), names.iter().map(String::as_str));
                    let list: Vec<&str> = names.iter().map(String::as_str).collect();
                    diags.push(err(
                        t.span(),
                        {
                            let v = t.get_ref();
                            tr!("unknown highlight theme `{v}`", "未知的代码高亮主题 `{v}`")
                        },
                        hint_one_of(guess, &list),
                    ));
                    "InspiredGitHub".to_string()
                }
            };
            let raw = match raw_html {
                None => crate::markdown::RawHtml::Sanitize,
                Some(r) => match r.get_ref().as_str() {
                    "sanitize" => crate::markdown::RawHtml::Sanitize,
                    "allow" => crate::markdown::RawHtml::Allow,
                    "deny" => crate::markdown::RawHtml::Deny,
                    other => {
                        let names = ["sanitize", "allow", "deny"];
                        diags.push(err(
                            r.span(),
                            tr!(
                                "unknown `raw_html` value `{other}`",
                                "未知的 `raw_html` 取值 `{other}`"
                            ),
                            hint_one_of(did_you_mean(other, names), &names),
                        ));
                        crate::markdown::RawHtml::Sanitize
                    }
                },
            };
            (theme, raw)
        }
    };

    let mut privacy_level = |v: Option<Spanned<String>>, default: PrivacyLevel| match v {
        None => default,
        Some(s) => match s.get_ref().as_str() {
            "error" => PrivacyLevel::Error,
            "warn" => PrivacyLevel::Warn,
            "off" => PrivacyLevel::Off,
            other => {
                let names = ["error", "warn", "off"];
                diags.push(err(
                    s.span(),
                    tr!(
                        "unknown privacy level `{other}`",
                        "未知的隐私检查级别 `{other}`"
                    ),
                    hint_one_of(did_you_mean(other, names), &names),
                ));
                default
            }
        },
    };
    let (privacy_ids, privacy_phones) = match privacy {
        None => (PrivacyLevel::Error, PrivacyLevel::Warn),
        Some(RawPrivacy {
            id_numbers,
            phone_numbers,
        }) => (
            privacy_level(id_numbers, PrivacyLevel::Error),
            privacy_level(phone_numbers, PrivacyLevel::Warn),
        ),
    };

    let (organization, paper, fonts) = match report {
        None => (title.clone(), "A4".to_string(), Vec::new()),
        Some(RawReport {
            organization,
            paper,
            fonts,
        }) => {
            let paper = match paper {
                None => "A4".to_string(),
                Some(p) if p.get_ref() == "A4" || p.get_ref() == "A5" => p.into_inner(),
                Some(p) => {
                    diags.push(err(
                        p.span(),
                        {
                            let v = p.get_ref();
                            tr!("unknown paper size `{v}`", "未知的纸张尺寸 `{v}`")
                        },
                        tr!("use `A4` or `A5`", "请写 `A4` 或 `A5`"),
                    ));
                    "A4".to_string()
                }
            };
            (
                organization.unwrap_or_else(|| title.clone()),
                paper,
                fonts
                    .unwrap_or_default()
                    .into_iter()
                    .map(PathBuf::from)
                    .collect(),
            )
        }
    };

    let map = match map {
        None => None,
        Some(RawMap { image, bounds }) => match (image, bounds) {
            (Some(image), Some(bounds)) => Some(MapBase { image, bounds }),
            (None, None) => None,
            _ => {
                diags.push(
                    Diagnostic::error(Some(file.clone()), find_line(text, "[map]"), tr!("`[map]` needs both `image` and `bounds`", "`[map]` 需要同时给出 `image` 和 `bounds`"))
                        .with_hint(tr!("for example `image = \"images/district.png\"` and `bounds = [[31.74, 119.88], [31.83, 119.99]]` (south-west and north-east corners)", "例如 `image = \"images/district.png\"` 和 `bounds = [[31.74, 119.88], [31.83, 119.99]]`（西南角和东北角的纬度、经度）")),
                );
                None
            }
        },
    };

    let extra = extra
        .map(|t| serde_json::to_value(t).unwrap_or(serde_json::Value::Null))
        .unwrap_or_else(|| serde_json::Value::Object(Default::default()));

    if let Some(t) = theme.as_deref().filter(|t| !is_segment(t)) {
        let line = find_line(text, "theme");
        diags.push(
            Diagnostic::error(
                Some(file.clone()),
                line,
                tr!(
                    "theme name `{t}` is not a folder name inside themes/",
                    "主题名 `{t}` 不是 themes/ 下的文件夹名"
                ),
            )
            .with_hint(tr!(
                "write only the folder's name, using letters, digits, `-` and `_`, e.g. `theme = \"default\"`",
                "只写文件夹的名字，只能用字母、数字、`-` 和 `_`，例如 `theme = \"default\"`"
            )),
        );
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Config {
        title,
        description: description.unwrap_or_default(),
        base_url,
        language,
        theme: theme.unwrap_or_else(|| "default".to_string()),
        icp,
        collections: cols,
        taxonomies: taxes,
        highlight_theme,
        raw_html,
        search: search.and_then(|s| s.enabled).unwrap_or(true),
        privacy_ids,
        privacy_phones,
        organization,
        paper,
        fonts,
        map,
        extra,
    })
}

/// Front-matter fields that cannot double as taxonomy names.
pub const RESERVED_FIELDS: &[&str] = &[
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
pub fn is_segment(s: &str) -> bool {
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
pub fn toml_error(text: &str, file: &Path, e: &toml::de::Error) -> Diagnostic {
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

/// Collections by folder name, for quick lookups.
pub fn collections_by_name(c: &Config) -> BTreeMap<&str, &Collection> {
    c.collections.iter().map(|c| (c.name.as_str(), c)).collect()
}

#[cfg(test)]
mod tests;
