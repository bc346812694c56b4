//! The link index every body resolves `@/…` links and asset paths against, and the
//! check that a report foreword's `include` names published pages.

use crate::config::{BuildOptions, Config};
use crate::content::links::{LinkIndex, Target};
use crate::content::{Asset, Loaded, Page, ReportSource, Section};
use crate::diag::{did_you_mean, display_path, Diagnostic, Diagnostics};
use crate::paths::content_key;
use crate::tr;

/// `(@/ key, URL)` of every draft, taken before drafts are left out: a link to one is
/// an error, not a broken link.
pub(super) fn drafts(pages: &[Page]) -> Vec<(String, String)> {
    pages
        .iter()
        .filter(|p| p.front.draft)
        .map(|p| (content_key(&p.source), p.rel_url.clone()))
        .collect()
}

/// Every loose content file and every bundle asset.
pub(super) fn all_assets(loaded: &Loaded) -> Vec<Asset> {
    loaded
        .assets
        .iter()
        .chain(loaded.pages.iter().flat_map(|p| p.assets.iter()))
        .cloned()
        .collect()
}

/// Pages, drafts, sections and assets by the keys links use (static files are added
/// once they are listed).
pub(super) fn link_index(
    config: &Config,
    options: &BuildOptions,
    loaded: &Loaded,
    sections: &[Section],
    home: &Section,
    drafts: Vec<(String, String)>,
) -> LinkIndex {
    let mut links = LinkIndex {
        base_path: config.base_path(),
        ..LinkIndex::default()
    };
    for p in &loaded.pages {
        links.content.insert(
            content_key(&p.source),
            Target {
                rel_url: p.rel_url.clone(),
                draft: p.front.draft && !options.drafts,
            },
        );
        for a in &p.assets {
            links.assets.insert(display_path(&a.source), a.out.clone());
        }
    }
    for (k, u) in drafts {
        links.content.entry(k).or_insert(Target {
            rel_url: u,
            draft: !options.drafts,
        });
    }
    for s in sections.iter().chain(std::iter::once(home)) {
        if let Some(src) = &s.source {
            links.content.insert(
                content_key(src),
                Target {
                    rel_url: s.rel_url.clone(),
                    draft: false,
                },
            );
        }
    }
    for a in &loaded.assets {
        links.assets.insert(display_path(&a.source), a.out.clone());
    }
    links
}

/// Report forewords: `include` must name existing, published pages.
pub(super) fn check_includes(links: &LinkIndex, reports: &[ReportSource], diags: &mut Diagnostics) {
    for r in reports {
        for inc in &r.front.include {
            let key = inc.trim_start_matches("@/");
            if matches!(links.content.get(key), Some(t) if !t.draft) {
                continue;
            }
            let hint = match did_you_mean(key, links.content.keys().map(String::as_str)) {
                Some(g) => tr!("did you mean `{g}`?", "是不是 `{g}`？"),
                None => tr!(
                    "write paths under content/, e.g. `stations/xilin.md`",
                    "请写 content/ 下的路径，例如 `stations/xilin.md`"
                ),
            };
            diags.push(
                Diagnostic::error(
                    Some(r.source.clone()),
                    r.front.line_of("include"),
                    tr!(
                        "`include` names `{inc}`, which is not a published page",
                        "`include` 中的 `{inc}` 不是已发布的页面"
                    ),
                )
                .with_hint(hint),
            );
        }
    }
}
