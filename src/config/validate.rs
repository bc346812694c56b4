//! The raw `site-config.toml` tables turned into the validated [`Config`], one stage
//! per key or table; every problem found becomes a [`Diagnostic`] located in the file.

use std::ops::Range;
use std::path::PathBuf;

use toml::Spanned;

use super::{
    find_line, hint_one_of, is_segment, RawCollection, RawConfig, RawMap, RawMarkdown, RawPrivacy,
    RawReport, CONFIG_FILE, RESERVED_FIELDS,
};
use super::{
    Collection, Config, Kind, MapSettings, PdfStandard, PrivacyLevel, SortBy, Taxonomy, Ui,
    SEARCH_SPLIT_FROM,
};
use crate::diag::{did_you_mean, line_col, Diagnostic, Diagnostics, Text};
use crate::markdown::RawHtml;
use crate::tr;

const DEFAULT_HIGHLIGHT_THEME: &str = "InspiredGitHub";

/// Validate every key of `raw`, read from `text`.
pub(super) fn config(text: &str, raw: RawConfig) -> Result<Config, Diagnostics> {
    let mut v = Validator {
        text,
        file: PathBuf::from(CONFIG_FILE),
        diags: Diagnostics::new(),
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
        filing,
        kiosk,
        extra,
    } = raw;

    let title = v.title(title);
    let base_url = v.base_url(base_url);
    let language = v.language(language);
    let collections = v.collections(collections.unwrap_or_default());
    let taxonomies = v.taxonomies(taxonomies.unwrap_or_default());
    let (highlight_theme, raw_html) = v.markdown(markdown);
    let (privacy_ids, privacy_phones) = v.privacy(privacy);
    let ReportKeys {
        organization,
        paper,
        fonts,
        pdf_standard,
    } = v.report(report, &title);
    let map = v.map(map);
    let filing = v.filing(filing);
    let kiosk = v.kiosk(kiosk);
    let extra = extra
        .map(|t| serde_json::to_value(t).unwrap_or(serde_json::Value::Null))
        .unwrap_or_else(|| serde_json::Value::Object(Default::default()));
    v.theme(theme.as_deref());

    if v.diags.has_errors() {
        return Err(v.diags);
    }
    Ok(Config {
        title,
        description: description.unwrap_or_default(),
        base_url,
        ui: Ui::from_language(&language),
        language,
        theme: theme.unwrap_or_else(|| "default".to_string()),
        icp,
        collections,
        taxonomies,
        highlight_theme,
        raw_html,
        search: search.as_ref().and_then(|s| s.enabled).unwrap_or(true),
        search_split_from: search
            .and_then(|s| s.split_from)
            .unwrap_or(SEARCH_SPLIT_FROM),
        privacy_ids,
        privacy_phones,
        organization,
        paper,
        fonts,
        pdf_standard,
        map,
        filing,
        kiosk,
        extra,
    })
}

/// The text being validated and the problems found so far.
pub(super) struct Validator<'a> {
    text: &'a str,
    file: PathBuf,
    diags: Diagnostics,
}

impl Validator<'_> {
    /// An error underlining the value at `span`.
    pub(super) fn at_span(&mut self, span: Range<usize>, message: Text, hint: Text) {
        let (line, col) = line_col(self.text, span.start);
        let len = self.text.get(span).map(|s| s.chars().count()).unwrap_or(1);
        self.diags.push(
            Diagnostic::error(Some(self.file.clone()), line, message)
                .at_col(col, len)
                .with_hint(hint),
        );
    }

    /// An error on a whole line of the file.
    fn at_line(&mut self, line: usize, message: Text, hint: Text) {
        self.diags
            .push(Diagnostic::error(Some(self.file.clone()), line, message).with_hint(hint));
    }

    /// The value of `v` among `options` (name, value), or `default` with an error
    /// (`message` gets the unknown name) when it is none of them.
    pub(super) fn choice<T: Copy>(
        &mut self,
        v: Spanned<String>,
        options: &[(&'static str, T)],
        default: T,
        message: impl FnOnce(&str) -> Text,
    ) -> T {
        let given = v.get_ref().as_str();
        if let Some((_, value)) = options.iter().find(|(name, _)| *name == given) {
            return *value;
        }
        let names: Vec<&str> = options.iter().map(|(name, _)| *name).collect();
        let hint = hint_one_of(did_you_mean(given, names.iter().copied()), &names);
        let message = message(given);
        self.at_span(v.span(), message, hint);
        default
    }

    /// `title`: required, not blank.
    fn title(&mut self, title: Option<String>) -> String {
        let title = title.unwrap_or_default();
        if title.trim().is_empty() {
            self.at_line(
                1,
                tr!("`title` is missing", "缺少 `title`（站点标题）"),
                tr!(
                    "add a line such as `title = \"钟楼区社会组织党建展\"` at the top",
                    "请在文件开头加一行，例如 `title = \"钟楼区社会组织党建展\"`"
                ),
            );
        }
        title
    }

    /// `base_url`: required, http(s), always ending in `/`.
    fn base_url(&mut self, base_url: Option<String>) -> String {
        let mut base_url = base_url.unwrap_or_default();
        if base_url.trim().is_empty() {
            self.at_line(
                1,
                tr!("`base_url` is missing", "缺少 `base_url`（网站地址）"),
                tr!(
                    "add a line such as `base_url = \"https://dangjian.example.org/\"`",
                    "请加一行，例如 `base_url = \"https://dangjian.example.org/\"`"
                ),
            );
        } else if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            let line = find_line(self.text, "base_url");
            self.diags.push(
                Diagnostic::error(
                    Some(self.file.clone()),
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
        base_url
    }

    /// `language`: `zh-CN` (the default) or `en`.
    fn language(&mut self, language: Option<Spanned<String>>) -> String {
        match language {
            None => "zh-CN".to_string(),
            Some(l) if l.get_ref() == "zh-CN" || l.get_ref() == "en" => l.into_inner(),
            Some(l) => {
                let v = l.get_ref();
                self.at_span(
                    l.span(),
                    tr!("unknown language `{v}`", "未知的界面语言 `{v}`"),
                    tr!("use `zh-CN` or `en`", "请写 `zh-CN` 或 `en`"),
                );
                "zh-CN".to_string()
            }
        }
    }

    /// `[collections.NAME]` tables, in the file's order.
    fn collections(&mut self, raw: indexmap::IndexMap<String, RawCollection>) -> Vec<Collection> {
        raw.into_iter()
            .map(|(name, c)| self.collection(name, c))
            .collect()
    }

    fn collection(&mut self, name: String, c: RawCollection) -> Collection {
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
                    let v = k.get_ref();
                    let hint = hint_one_of(did_you_mean(v, Kind::NAMES), &Kind::NAMES);
                    self.at_span(
                        k.span(),
                        tr!("unknown collection kind `{v}`", "未知的栏目类型 `{v}`"),
                        hint,
                    );
                    Kind::Page
                }
            },
        };
        let sort_by = match sort_by {
            None => kind.default_sort(),
            Some(s) => self.choice(
                s,
                &[
                    ("weight", SortBy::Weight),
                    ("date", SortBy::Date),
                    ("title", SortBy::Title),
                ],
                kind.default_sort(),
                |other| {
                    tr!(
                        "unknown `sort_by` value `{other}`",
                        "未知的排序方式 `{other}`"
                    )
                },
            ),
        };
        let paginate_by = self.paginate_by(paginate_by);
        if !is_segment(&name) {
            let line = find_line(self.text, &format!("[collections.{name}]"));
            self.at_line(
                line,
                tr!(
                    "collection name `{name}` is not a valid folder name",
                    "栏目名 `{name}` 不是有效的文件夹名"
                ),
                tr!(
                    "use letters, digits, `-` and `_` only",
                    "只能用字母、数字、`-` 和 `_`"
                ),
            );
        }
        Collection {
            title: title.unwrap_or_else(|| name.clone()),
            name,
            kind,
            sort_by,
            paginate_by,
        }
    }

    /// A collection's `paginate_by`: 0 (no pagination) or a positive count.
    fn paginate_by(&mut self, paginate_by: Option<Spanned<i64>>) -> usize {
        match paginate_by {
            None => 0,
            Some(p) if *p.get_ref() >= 0 => *p.get_ref() as usize,
            Some(p) => {
                self.at_span(
                    p.span(),
                    tr!(
                        "`paginate_by` cannot be negative",
                        "`paginate_by` 不能是负数"
                    ),
                    tr!(
                        "use 0 for no pagination, or the number of pages per list page",
                        "0 表示不分页，否则写每页显示的条数"
                    ),
                );
                0
            }
        }
    }

    /// `[taxonomies]`: name = title; a name must be a new front-matter field.
    fn taxonomies(&mut self, raw: indexmap::IndexMap<String, String>) -> Vec<Taxonomy> {
        let mut taxes = Vec::new();
        for (name, title) in raw {
            if RESERVED_FIELDS.contains(&name.as_str()) || !is_segment(&name) {
                let line = find_line(self.text, &name);
                self.at_line(
                    line,
                    tr!("`{name}` cannot be a taxonomy name", "`{name}` 不能用作分类名"),
                    tr!("taxonomy names are front-matter fields: use a new name made of letters, digits, `-` and `_`, such as `tags` or `district`", "分类名就是页面头部的字段名：请用字母、数字、`-`、`_` 组成的新名字，例如 `tags` 或 `district`"),
                );
                continue;
            }
            taxes.push(Taxonomy { name, title });
        }
        taxes
    }

    /// `[markdown]`: the highlight theme and what to do with raw HTML.
    fn markdown(&mut self, markdown: Option<RawMarkdown>) -> (String, RawHtml) {
        let Some(RawMarkdown {
            highlight_theme,
            raw_html,
        }) = markdown
        else {
            return (DEFAULT_HIGHLIGHT_THEME.to_string(), RawHtml::Sanitize);
        };
        let theme = match highlight_theme {
            None => DEFAULT_HIGHLIGHT_THEME.to_string(),
            Some(t) if crate::markdown::highlight_theme_exists(t.get_ref()) => t.into_inner(),
            Some(t) => {
                let names = crate::markdown::theme_names();
                let guess = did_you_mean(t.get_ref(), names.iter().map(String::as_str));
                let list: Vec<&str> = names.iter().map(String::as_str).collect();
                let v = t.get_ref();
                self.at_span(
                    t.span(),
                    tr!("unknown highlight theme `{v}`", "未知的代码高亮主题 `{v}`"),
                    hint_one_of(guess, &list),
                );
                DEFAULT_HIGHLIGHT_THEME.to_string()
            }
        };
        let raw = match raw_html {
            None => RawHtml::Sanitize,
            Some(r) => self.choice(
                r,
                &[
                    ("sanitize", RawHtml::Sanitize),
                    ("allow", RawHtml::Allow),
                    ("deny", RawHtml::Deny),
                ],
                RawHtml::Sanitize,
                |other| {
                    tr!(
                        "unknown `raw_html` value `{other}`",
                        "未知的 `raw_html` 取值 `{other}`"
                    )
                },
            ),
        };
        (theme, raw)
    }

    /// `[privacy]`: the levels for ID numbers and phone numbers.
    fn privacy(&mut self, privacy: Option<RawPrivacy>) -> (PrivacyLevel, PrivacyLevel) {
        match privacy {
            None => (PrivacyLevel::Error, PrivacyLevel::Warn),
            Some(RawPrivacy {
                id_numbers,
                phone_numbers,
            }) => (
                self.privacy_level(id_numbers, PrivacyLevel::Error),
                self.privacy_level(phone_numbers, PrivacyLevel::Warn),
            ),
        }
    }

    fn privacy_level(&mut self, v: Option<Spanned<String>>, default: PrivacyLevel) -> PrivacyLevel {
        match v {
            None => default,
            Some(s) => self.choice(
                s,
                &[
                    ("error", PrivacyLevel::Error),
                    ("warn", PrivacyLevel::Warn),
                    ("off", PrivacyLevel::Off),
                ],
                default,
                |other| {
                    tr!(
                        "unknown privacy level `{other}`",
                        "未知的隐私检查级别 `{other}`"
                    )
                },
            ),
        }
    }

    /// `[report]`: organization (default: the site title), paper, fonts and standard.
    fn report(&mut self, report: Option<RawReport>, title: &str) -> ReportKeys {
        let Some(RawReport {
            organization,
            paper,
            fonts,
            standard,
        }) = report
        else {
            return ReportKeys {
                organization: title.to_string(),
                paper: "A4".to_string(),
                fonts: Vec::new(),
                pdf_standard: PdfStandard::default(),
            };
        };
        let pdf_standard = match standard {
            None => PdfStandard::default(),
            Some(s) => match s.get_ref().as_str() {
                "a-2b" => PdfStandard::A2b,
                "ua-1" => PdfStandard::Ua1,
                "none" => PdfStandard::None,
                v => {
                    self.at_span(
                        s.span(),
                        tr!("unknown PDF standard `{v}`", "未知的 PDF 标准 `{v}`"),
                        tr!(
                            "use `a-2b` (archival, the default), `ua-1` (archival and accessible) or `none`",
                            "请写 `a-2b`（长期存档，默认）、`ua-1`（存档且无障碍）或 `none`"
                        ),
                    );
                    PdfStandard::default()
                }
            },
        };
        let paper = match paper {
            None => "A4".to_string(),
            Some(p) if p.get_ref() == "A4" || p.get_ref() == "A5" => p.into_inner(),
            Some(p) => {
                let v = p.get_ref();
                self.at_span(
                    p.span(),
                    tr!("unknown paper size `{v}`", "未知的纸张尺寸 `{v}`"),
                    tr!("use `A4` or `A5`", "请写 `A4` 或 `A5`"),
                );
                "A4".to_string()
            }
        };
        let fonts = fonts
            .unwrap_or_default()
            .into_iter()
            .map(PathBuf::from)
            .collect();
        ReportKeys {
            organization: organization.unwrap_or_else(|| title.to_string()),
            paper,
            fonts,
            pdf_standard,
        }
    }

    /// `[map]`: both `image` and `bounds`, or neither; `geojson` a relative path.
    fn map(&mut self, map: Option<RawMap>) -> Option<MapSettings> {
        let RawMap {
            image,
            bounds,
            geojson,
        } = map?;
        let geojson = geojson.filter(|g| {
            let ok = crate::paths::normalize(std::path::Path::new(g)).is_some_and(|p| !p.as_os_str().is_empty());
            if !ok {
                let line = find_line(self.text, "geojson");
                self.at_line(
                    line,
                    tr!("`[map] geojson = \"{g}\"` is not a path inside the site folder", "`[map] geojson = \"{g}\"` 不是站点文件夹内的路径"),
                    tr!("write it relative to the site folder, e.g. `geojson = \"data/map/district.geojson\"`", "请写相对站点文件夹的路径，例如 `geojson = \"data/map/district.geojson\"`"),
                );
            }
            ok
        });
        match (image, bounds) {
            (Some(image), Some(bounds)) => Some(MapSettings {
                image: Some((image, bounds)),
                geojson,
            }),
            (None, None) => geojson.map(|g| MapSettings {
                image: None,
                geojson: Some(g),
            }),
            _ => {
                let line = find_line(self.text, "[map]");
                self.at_line(
                    line,
                    tr!("`[map]` needs both `image` and `bounds`", "`[map]` 需要同时给出 `image` 和 `bounds`"),
                    tr!("for example `image = \"images/district.png\"` and `bounds = [[31.74, 119.88], [31.83, 119.99]]` (south-west and north-east corners)", "例如 `image = \"images/district.png\"` 和 `bounds = [[31.74, 119.88], [31.83, 119.99]]`（西南角和东北角的纬度、经度）"),
                );
                None
            }
        }
    }

    /// `theme`: a folder name inside `themes/`.
    fn theme(&mut self, theme: Option<&str>) {
        let Some(t) = theme.filter(|t| !is_segment(t)) else {
            return;
        };
        let line = find_line(self.text, "theme");
        self.at_line(
            line,
            tr!(
                "theme name `{t}` is not a folder name inside themes/",
                "主题名 `{t}` 不是 themes/ 下的文件夹名"
            ),
            tr!(
                "write only the folder's name, using letters, digits, `-` and `_`, e.g. `theme = \"default\"`",
                "只写文件夹的名字，只能用字母、数字、`-` 和 `_`，例如 `theme = \"default\"`"
            ),
        );
    }
}

/// The validated keys of `[report]`.
struct ReportKeys {
    organization: String,
    paper: String,
    fonts: Vec<PathBuf>,
    pdf_standard: PdfStandard,
}
