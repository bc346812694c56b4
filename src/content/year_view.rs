//! A body as the report of one year shows it (docs/reference/reports.md, "哪些内容进入报告"):
//! blocks about a later year are left out — a table row whose first cell is a later
//! year, and a paragraph, list item or table row with a `stat`/`kpis`/`chart` of a
//! later year — and statistics shortcodes without a year show the report's year
//! (the newest year up to it that has the figures) instead of the newest year.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::shortcodes::{self, Builtin, ChartArgs, Segment};
use crate::stats::Stats;

/// `body` without the blocks about years after `year` (the text is unchanged when
/// there are none). Shortcodes are looked at as written (before rendering).
pub(crate) fn body_for_year(body: &str, year: i32) -> Cow<'_, str> {
    let drop = later_blocks(body, year);
    if drop.is_empty() {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for r in drop {
        out.push_str(&body[at..r.start]);
        at = r.end;
        // The line break after the block goes with it (a table stays one table).
        if !body[r.clone()].ends_with('\n') && body[at..].starts_with('\n') {
            at += 1;
        }
    }
    out.push_str(&body[at..]);
    Cow::Owned(out)
}

/// Byte ranges of the outermost blocks to leave out, in order, not overlapping.
fn later_blocks(body: &str, year: i32) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = Vec::new();
    // The first cell of the current table row: (its text so far, whether it is done).
    let mut first_cell: Option<(String, bool)> = None;
    for (ev, range) in Parser::new_ext(body, crate::markdown::parser_options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::TableRow) => first_cell = Some((String::new(), false)),
            Event::End(TagEnd::TableCell) => {
                if let Some((_, done)) = first_cell.as_mut() {
                    *done = true;
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((s, false)) = first_cell.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::TableRow) => {
                let cell = first_cell.take().map(|(s, _)| s).unwrap_or_default();
                if year_cell(&cell).is_some_and(|y| y > year)
                    || mentions_later(&body[range.clone()], year)
                {
                    found.push(range);
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item)
                if mentions_later(&body[range.clone()], year) =>
            {
                found.push(range);
            }
            _ => {}
        }
    }
    // Outermost first: an item holds its paragraphs.
    found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in found {
        match out.last() {
            Some(last) if r.start < last.end => {}
            _ => out.push(r),
        }
    }
    out
}

/// A table cell holding only a year (`2024`, `2024年`).
fn year_cell(cell: &str) -> Option<i32> {
    let t = cell.trim();
    let t = t.strip_suffix('年').unwrap_or(t).trim();
    if t.len() != 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok().filter(|y| (1900..=2100).contains(y))
}

/// Whether a block's text has a statistics shortcode of a year after `year`
/// (`year=`, or a chart's `from=`/`to=`).
fn mentions_later(text: &str, year: i32) -> bool {
    let (segments, _) = shortcodes::parse(text);
    segments.iter().any(|s| match s {
        Segment::Shortcode(sc) if matches!(sc.name.as_str(), "stat" | "kpis" | "chart") => {
            ["year", "from", "to"].iter().any(|k| {
                sc.get(k)
                    .and_then(|v| v.as_i64())
                    .is_some_and(|y| y > i64::from(year))
            })
        }
        _ => false,
    })
}

/// A statistics shortcode as the report of `year` shows it: without a year of its
/// own, the newest year up to `year` that has the figures (a chart over years ends at
/// `year`). Other shortcodes, and those with a year, are unchanged.
pub(crate) fn builtin_for_year(b: Builtin, stats: &Stats, year: i32) -> Builtin {
    let newest = |has: &dyn Fn(i32) -> bool| {
        stats
            .years()
            .into_iter()
            .rev()
            .find(|&y| y <= year && has(y))
    };
    match b {
        Builtin::Stat(mut a) if a.year.is_none() => {
            a.year = newest(&|y| stats.metric(&a.key, y).is_some());
            Builtin::Stat(a)
        }
        Builtin::Kpis(mut a) if a.year.is_none() => {
            a.year = newest(&|_| true);
            Builtin::Kpis(a)
        }
        Builtin::Chart(ChartArgs::Series(mut a)) if a.to.is_none() => {
            a.to = Some(year);
            Builtin::Chart(ChartArgs::Series(a))
        }
        Builtin::Chart(ChartArgs::Breakdown(mut a)) if a.year.is_none() => {
            a.year = newest(&|y| stats.breakdown(&a.breakdown, y).is_some());
            Builtin::Chart(ChartArgs::Breakdown(a))
        }
        b => b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "Intro.\n\n| 年份 | 人次 |\n|---|---|\n| 2022 | 1 |\n| 2023年 | 2 |\n| 2024 | 3 |\n\nAfter.\n";

    #[test]
    fn table_rows_of_later_years_go() {
        let out = body_for_year(TABLE, 2023);
        assert!(out.contains("| 2023年 | 2 |\n\nAfter."), "{out}");
        assert!(!out.contains("2024"), "{out}");
        assert_eq!(body_for_year(TABLE, 2024), TABLE);
        let out = body_for_year(TABLE, 2022);
        assert!(out.contains("| 2022 | 1 |\n\nAfter."), "{out}");
    }

    #[test]
    fn blocks_with_later_statistics_go() {
        let md = "截至2024年底，已达{{ stat(key=\"m\", year=2024) }}。\n\n2022年开讲。\n\n- a {{ chart(keys=[\"m\"], to=2024) }}\n- b {{ stat(key=\"m\", year=2023) }}\n";
        let out = body_for_year(md, 2023);
        assert_eq!(
            out,
            "\n2022年开讲。\n\n- b {{ stat(key=\"m\", year=2023) }}\n"
        );
        assert_eq!(body_for_year(md, 2024), md);
    }

    #[test]
    fn prose_and_code_stay() {
        let md = "2024年的计划。\n\n```\n{{ stat(key=\"m\", year=2030) }}\n```\n";
        assert_eq!(body_for_year(md, 2023), md);
    }

    #[test]
    fn year_cells() {
        assert_eq!(year_cell(" 2024 "), Some(2024));
        assert_eq!(year_cell("2024年"), Some(2024));
        assert_eq!(year_cell("12500"), None);
        assert_eq!(year_cell("0024"), None);
    }
}
