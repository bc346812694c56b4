//! Validation of the loaded content that needs the whole site: URL clashes, member
//! units, the privacy scan's severities, cover and portrait images.

use std::collections::BTreeMap;
use std::path::Path;

use super::{PageId, PageImages, Pages, RESERVED};
use crate::config::{Config, Kind};
use crate::content::links::{LinkIndex, Resolution};
use crate::content::Page;
use crate::data::Unit;
use crate::diag::{did_you_mean, Diagnostic, Diagnostics};
use crate::tr;

pub(super) fn privacy(config: &Config, file: &Path, text: &str) -> Vec<Diagnostic> {
    use crate::check::{scan, FindingKind};
    use crate::config::PrivacyLevel;
    let mut diags = Vec::new();
    {
        for f in scan(text) {
            let (level, msg, hint) = match f.kind {
                FindingKind::IdNumber => (
                    config.privacy_ids,
                    crate::diag::Text::new("this looks like a resident ID number ({})", "这里像是居民身份证号（{}）"),
                    tr!("remove personal ID numbers before publishing; if this is not an ID, set `id_numbers = \"warn\"` in [privacy]", "发布前请删除身份证号；如果不是身份证号，可在 [privacy] 中设置 `id_numbers = \"warn\"`"),
                ),
                FindingKind::Mobile => (
                    config.privacy_phones,
                    crate::diag::Text::new("this looks like a mobile phone number ({})", "这里像是手机号码（{}）"),
                    tr!("publish an office phone instead of a personal mobile number, or remove it", "请改为公开办公电话，或删除个人手机号"),
                ),
            };
            let masked = &f.masked;
            let msg =
                crate::diag::Text::new(msg.en.replace("{}", masked), msg.zh.replace("{}", masked));
            let d = match level {
                PrivacyLevel::Off => continue,
                PrivacyLevel::Error => Diagnostic::error(Some(file.to_path_buf()), f.line, msg),
                PrivacyLevel::Warn => Diagnostic::warning(Some(file.to_path_buf()), f.line, msg),
            };
            diags.push(d.at_col(f.col, f.len).with_hint(hint));
        }
    }
    diags
}

pub(super) fn check_urls(config: &Config, pages: &[Page], diags: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    for p in pages {
        let first = p.rel_url.split('/').next().unwrap_or("");
        if p.collection.is_none()
            && (RESERVED.contains(&first)
                || config.taxonomies.iter().any(|t| t.name == first)
                || config.collection(first).is_some())
        {
            let line = p.front.line_of("slug");
            diags.push(
                Diagnostic::error(
                    Some(p.source.clone()),
                    line,
                    tr!(
                        "the URL /{first}/ is used by a built-in page of the site",
                        "网址 /{first}/ 已被站点的内置页面占用"
                    ),
                )
                .with_hint(tr!(
                    "rename the file or set another `slug:`",
                    "请给文件改名，或设置其他 `slug:`"
                )),
            );
        }
        if let Some(other) = seen.insert(&p.rel_url, &p.source) {
            let o = crate::diag::display_path(other);
            let u = &p.rel_url;
            diags.push(
                Diagnostic::error(
                    Some(p.source.clone()),
                    p.front.line_of("slug"),
                    tr!(
                        "two pages have the same URL /{u}: this one and {o}",
                        "两个页面的网址相同（/{u}）：本页和 {o}"
                    ),
                )
                .with_hint(tr!(
                    "give one of them another file name or `slug:`",
                    "请给其中一个改文件名或设置不同的 `slug:`"
                )),
            );
        }
    }
}

pub(super) fn check_units(pages: &[Page], units: &[Unit], diags: &mut Diagnostics) {
    for p in pages.iter().filter(|p| p.kind == Kind::Project) {
        for u in &p.front.fields.units {
            if units.iter().any(|x| &x.id == u || &x.name == u) {
                continue;
            }
            let names = units.iter().flat_map(|x| [x.id.as_str(), x.name.as_str()]);
            let hint = match did_you_mean(u, names) {
                Some(g) => tr!("did you mean `{g}`?", "是不是 `{g}`？"),
                None => tr!("use the `id` or `name` of a unit listed in data/units.yaml, or add the unit there", "请写 data/units.yaml 中某个单位的 `id` 或 `name`，或先在那里添加该单位"),
            };
            diags.push(
                Diagnostic::error(
                    Some(p.source.clone()),
                    p.front.line_of("units"),
                    tr!("unknown member unit `{u}`", "未知的成员单位 `{u}`"),
                )
                .with_hint(hint),
            );
        }
    }
}

/// Resolve a cover or portrait path of a page to its URL.
fn resolve_image(
    links: &LinkIndex,
    p: &Page,
    key: &str,
    value: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    match links.resolve_media(&p.source, value) {
        Resolution::Keep => Some(value.to_string()),
        Resolution::Rewrite(u) => Some(u),
        Resolution::Error { message, hint } => {
            diags.push(
                Diagnostic::error(Some(p.source.clone()), p.front.line_of(key), message)
                    .with_hint(hint),
            );
            None
        }
    }
}

/// Covers and portraits of every page, resolved like links (a missing file is an
/// error at its front-matter line).
pub(super) fn page_images(
    links: &LinkIndex,
    pages: &Pages,
    diags: &mut Diagnostics,
) -> BTreeMap<PageId, PageImages> {
    let mut images = BTreeMap::new();
    let mut found = Vec::new();
    for (i, p) in pages.enumerate() {
        let cover = p
            .front
            .cover
            .as_deref()
            .and_then(|c| resolve_image(links, p, "cover", c, &mut found));
        let portrait = p
            .front
            .fields
            .portrait
            .as_deref()
            .and_then(|c| resolve_image(links, p, "portrait", c, &mut found));
        if cover.is_some() || portrait.is_some() {
            images.insert(i, PageImages { cover, portrait });
        }
    }
    diags.extend(found);
    images
}
