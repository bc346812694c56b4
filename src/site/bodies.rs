//! Rendering every page, section and home body to HTML (pages in parallel, each with
//! its own diagnostics), through the session's memo when `serve` keeps one.

use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::body::{check_body, render_body, BodyEnv, BodyInput};
use crate::content::memo::{env_key, Memo};
use crate::content::{year_view, Page, Section};
use crate::diag::{Diagnostic, Diagnostics};
use crate::markdown::MarkdownOptions;
use crate::paths::PATH_SET;

use super::Bodies;

/// The Markdown options of the site.
pub(super) fn markdown_options(config: &Config) -> MarkdownOptions {
    MarkdownOptions {
        raw_html: config.raw_html,
        highlight_theme: config.highlight_theme.clone(),
    }
}

fn permalink(config: &Config, rel_url: &str) -> String {
    format!(
        "{}{}",
        config.base_url,
        percent_encoding::utf8_percent_encode(rel_url, PATH_SET)
    )
}

/// Render every page body in parallel (with [`Bodies::Check`] only check them); a body
/// whose inputs are unchanged since the last build comes from `memo`.
pub(super) fn render_pages(
    env: &BodyEnv<'_>,
    templates_key: u64,
    memo: &Memo,
    pages: &mut [Page],
    bodies: Bodies,
    diags: &mut Diagnostics,
) {
    let key = env_key(env, templates_key);
    let base_path = env.config.base_path();
    let reader = memo.bodies();
    let (found, kept): (Vec<Vec<Diagnostic>>, Vec<_>) = pages
        .par_iter_mut()
        .map(|p| {
            let mut d = Vec::new();
            let images: Vec<(String, String)> = p
                .assets
                .iter()
                .filter(|a| a.is_image())
                .map(|a| {
                    (
                        format!("{}{}", base_path, a.out),
                        a.out.rsplit('/').next().unwrap_or("").to_string(),
                    )
                })
                .collect();
            let input = BodyInput {
                source: &p.source,
                body: &p.body,
                body_line: p.body_line,
                images,
                permalink: permalink(env.config, &p.rel_url),
                title: &p.front.title,
            };
            if bodies == Bodies::Check {
                check_body(env, &input, &mut d);
                return (d, None);
            }
            if let Bodies::Report(year) = bodies {
                // Problems are those of the body as written; the year's view of it
                // only leaves blocks out.
                check_body(env, &input, &mut d);
                let body = year_view::body_for_year(&p.body, year);
                let input = BodyInput {
                    body: &body,
                    ..input
                };
                let out = render_body(env, &input, &mut Vec::new());
                p.html = out.html;
                return (d, None);
            }
            let (out, kept) = reader.body(key, &input, &mut d, |d| render_body(env, &input, d));
            p.html = out.html;
            p.summary = p.front.summary.as_deref().map_or(out.summary, Arc::from);
            p.toc = out.toc;
            p.text = out.text;
            // Nothing reads the Markdown of a website page once it is rendered: not
            // kept (35 MB of a 10,000-page site's peak; shared with the memo in
            // `serve`).
            p.body = Arc::default();
            (d, kept)
        })
        .unzip();
    memo.keep_bodies(kept);
    diags.extend(found.into_iter().flatten());
}

/// Sections and the home page are few: render them one by one.
pub(super) fn render_sections(
    env: &BodyEnv<'_>,
    sections: &mut [Section],
    home: &mut Section,
    bodies: Bodies,
    diags: &mut Diagnostics,
) {
    for s in sections.iter_mut().chain(std::iter::once(home)) {
        let Some(src) = s.source.clone() else {
            continue;
        };
        let mut d = Vec::new();
        let input = BodyInput {
            source: &src,
            body: &s.body,
            body_line: s.body_line,
            images: Vec::new(),
            permalink: permalink(env.config, &s.rel_url),
            title: &s.front.title,
        };
        if bodies != Bodies::Html {
            check_body(env, &input, &mut d);
            diags.extend(d);
            continue;
        }
        let out = render_body(env, &input, &mut d);
        s.html = out.html.to_string();
        s.summary = s
            .front
            .summary
            .clone()
            .unwrap_or_else(|| out.summary.to_string());
        diags.extend(d);
    }
}
