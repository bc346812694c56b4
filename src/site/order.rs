//! Ordering pages (weight, date, title by pinyin) and term slugs.

use super::pages::{PageId, Pages};
use crate::config::SortBy;

/// Sort collection pages per `sort_by`: weight ascending, date newest first, ties by
/// title. Titles sort as a Chinese reader expects: by pinyin, then by the text.
pub(crate) fn sort_pages(pages: &Pages, idx: &mut [PageId], by: SortBy) {
    let mut keys = vec![String::new(); pages.len()];
    for &i in idx.iter() {
        keys[i.index()] = title_key(&pages[i].front.title);
    }
    sort_pages_keyed(pages, &keys, idx, by);
}

/// [`sort_pages`] with every page's [`title_key`] computed beforehand (`keys[id.index()]`
/// for `pages[id]`), for callers that sort the same pages many times.
///
/// The weight or date of each page is copied out first and the copies are sorted:
/// comparing through every page's front matter reached memory all over the site for
/// each of the ~14 comparisons per page (a third of the taxonomy index at 10,000
/// pages). Titles only break ties.
pub(super) fn sort_pages_keyed(pages: &Pages, keys: &[String], idx: &mut [PageId], by: SortBy) {
    let tie = |a: PageId, b: PageId| {
        let (pa, pb) = (&pages[a], &pages[b]);
        keys[a.index()]
            .cmp(&keys[b.index()])
            .then_with(|| pa.front.title.cmp(&pb.front.title))
            .then_with(|| pa.rel_url.cmp(&pb.rel_url))
    };
    fn by_key<K: Ord>(
        idx: &mut [PageId],
        key: impl Fn(PageId) -> K,
        tie: impl Fn(PageId, PageId) -> std::cmp::Ordering,
    ) {
        let mut keyed: Vec<(K, PageId)> = idx.iter().map(|&i| (key(i), i)).collect();
        keyed.sort_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| tie(*a, *b)));
        for (slot, (_, i)) in idx.iter_mut().zip(keyed) {
            *slot = i;
        }
    }
    match by {
        SortBy::Weight => by_key(idx, |i| pages[i].front.weight.unwrap_or(i64::MAX), tie),
        SortBy::Date => by_key(idx, |i| std::cmp::Reverse(pages[i].front.date), tie),
        SortBy::Title => idx.sort_by(|&a, &b| tie(a, b)),
    }
}

/// The sort key of a title: Han characters by their pinyin with the tone number
/// (`jia3`), other characters lower-cased.
pub(super) fn title_key(title: &str) -> String {
    use pinyin::ToPinyin;
    let mut key = String::with_capacity(title.len() * 2);
    for c in title.chars() {
        match c.to_pinyin() {
            Some(p) => {
                key.push_str(p.with_tone_num_end());
                key.push(' ');
            }
            None => key.extend(c.to_lowercase()),
        }
    }
    key
}

/// A term as a URL segment: kept as written (Chinese stays), spaces → `-`, unsafe
/// characters dropped.
pub(crate) fn term_slug(term: &str) -> String {
    let mut s = String::new();
    for c in term
        .trim()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
    {
        if (c.is_alphanumeric() || c == '-' || c == '_') && !(c == '-' && s.ends_with('-')) {
            s.push(c);
        }
    }
    let s = s.trim_matches('-').to_string();
    if s.is_empty() {
        "_".to_string()
    } else {
        s.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_sort_by_pinyin() {
        let mut v = vec!["乙", "丙", "甲", "Alpha", "阿"];
        v.sort_by_key(|t| title_key(t));
        assert_eq!(v, vec!["阿", "Alpha", "丙", "甲", "乙"]);
    }

    #[test]
    fn term_slugs_keep_chinese() {
        assert_eq!(term_slug("党建 + 公益"), "党建-公益");
        assert_eq!(term_slug("A B"), "a-b");
        assert_eq!(term_slug("///"), "_");
    }
}
