//! One case of the report as the template's JSON (`sections[].cases[]`): its images,
//! body markup, QR code, facts, honours up to the report's year and timeline date.

use serde_json::{json, Value};

use super::body::{self, BodySource, Ctx};
use super::{assets, model, print};
use crate::charts::Ui;
use crate::config::Kind;
use crate::diag::Diagnostic;
use crate::site::PageId;
use crate::tr;

pub(super) fn case(ctx: &mut Ctx<'_, '_>, i: PageId, year: i32) -> Value {
    let site = ctx.site;
    let p = &site.pages[i];
    let permalink = site.permalink(&p.rel_url);
    let base = model::base_dir(p);
    let image = |key: &str, v: &Option<String>, ctx: &mut Ctx<'_, '_>| -> Option<String> {
        let v = v.as_deref()?;
        match ctx.assets.page_image(site, &base, v) {
            Ok(path) => Some(path),
            Err(assets::ImageError::Missing(m)) => {
                let m = crate::diag::display_path(&m);
                ctx.diags.push(
                    Diagnostic::error(
                        Some(p.source.clone()),
                        p.front.line_of(key),
                        tr!(
                            "the image `{v}` is missing (looked for {m})",
                            "图片 `{v}` 不存在（查找的是 {m}）"
                        ),
                    )
                    .with_hint(tr!("check the file name", "请检查文件名")),
                );
                None
            }
            Err(_) => None,
        }
    };
    let cover = image("cover", &p.front.cover, ctx);
    let portrait =
        image("portrait", &p.front.fields.portrait, ctx).filter(|_| p.kind == Kind::Member);
    let mut src = BodySource {
        file: &p.source,
        title: &p.front.title,
        body: &p.body,
        body_line: p.body_line,
        base: base.clone(),
        permalink: permalink.clone(),
        images: p
            .assets
            .iter()
            .filter(|a| a.is_image())
            .map(|a| a.source.clone())
            .collect(),
        shown: Vec::new(),
        // The template shows activities as a timeline, other cases in full width.
        slot: if p.kind == Kind::Activity {
            print::Slot::Timeline
        } else {
            print::Slot::Body
        },
    };
    // A cover the body places itself (a captioned figure) is not printed above it too.
    let placed = body::placed_images(ctx, &src);
    let cover = cover.filter(|c| !placed.contains(c));
    // What the template prints above the body (the cover, a member's portrait) the
    // body's gallery leaves out.
    src.shown = cover.iter().chain(portrait.iter()).cloned().collect();
    let markup = body::to_markup(ctx, &src, 2);
    let qr = ctx.assets.qr(&permalink);
    // Honours of later years are not part of this year's report.
    let mut honors: Vec<_> = (p.front.fields.honors.iter())
        .filter(|h| h.year <= year)
        .cloned()
        .collect();
    honors.sort_by_key(|h| std::cmp::Reverse(h.year));
    let fields: Vec<[String; 2]> = model::fields(site, p, ctx.ui)
        .into_iter()
        .map(|(a, b)| [a, b])
        .collect();
    let date_text = p.front.date.map(|d| date_text(d.date, ctx.ui));
    json!({
        "title": p.front.title,
        "label": label(i),
        "kind": p.kind.name(),
        "url": permalink,
        "qr": qr,
        "cover": cover,
        "portrait": portrait,
        "quote": p.front.fields.quote,
        "honors": honors,
        "fields": fields,
        "date_text": date_text,
        "body": markup,
    })
}

/// The Typst label of a case's heading (page references point at it).
pub(super) fn label(i: PageId) -> String {
    format!("xh-case-{}", i.index())
}

/// A timeline date without leading zeros: `5月7日` (Typst spaces digits and CJK),
/// `7 May`.
fn date_text(d: chrono::NaiveDate, ui: Ui) -> String {
    if ui == Ui::Zh {
        format!(
            "{}月{}日",
            chrono::Datelike::month(&d),
            chrono::Datelike::day(&d)
        )
    } else {
        d.format("%-d %b").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeline_dates_have_no_leading_zeros() {
        let d = chrono::NaiveDate::from_ymd_opt(2024, 5, 7).expect("a date");
        assert_eq!(date_text(d, Ui::Zh), "5月7日");
        assert_eq!(date_text(d, Ui::En), "7 May");
        let d = chrono::NaiveDate::from_ymd_opt(2024, 11, 30).expect("a date");
        assert_eq!(date_text(d, Ui::Zh), "11月30日");
    }
}
