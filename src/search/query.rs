//! The reference search: what `search-engine.js` does in the browser, over an
//! [`Index`] in memory (the tests hold the two together, and compare both with a
//! plain scan of the pages' text).
//!
//! A page matches when it holds every part of the query (`tokenizer::query_parts`).
//! Ranking, best first: pages whose title holds every part; then more parts in the
//! title; then density (occurrences of the parts per length of the page, by its
//! [`LENGTHS`] class); then site order.

use std::collections::BTreeMap;

use super::index::{bucket_of, ungroup_keys, utf16_cmp, varints, Index, BUCKET_BITS, LENGTHS};
use super::tokenizer::{query_parts, Part};

/// A ranked result of [`Index::search`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub doc: usize,
    pub title_all: bool,
    pub in_title: usize,
    /// Occurrences of all parts.
    pub tf: u64,
}

/// Page → (occurrences, in the title).
type Matches = BTreeMap<usize, (u64, bool)>;

impl Index {
    /// Rank the pages for `query`.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let parts = query_parts(query);
        if parts.is_empty() {
            return Vec::new();
        }
        let found: Vec<Matches> = parts.iter().map(|p| self.part(p)).collect();
        let mut hits: Vec<Hit> = found[0]
            .keys()
            .filter(|d| found.iter().all(|m| m.contains_key(d)))
            .map(|&doc| {
                let in_title = found.iter().filter(|m| m[&doc].1).count();
                Hit {
                    doc,
                    title_all: in_title == parts.len(),
                    in_title,
                    tf: found.iter().map(|m| m[&doc].0).sum(),
                }
            })
            .collect();
        let len = |d: usize| LENGTHS[self.len_class(d)];
        hits.sort_by(|a, b| {
            b.title_all
                .cmp(&a.title_all)
                .then(b.in_title.cmp(&a.in_title))
                .then((b.tf * len(a.doc)).cmp(&(a.tf * len(b.doc))))
                .then(a.doc.cmp(&b.doc))
        });
        hits
    }

    fn len_class(&self, doc: usize) -> usize {
        let d = self.len.as_bytes()[doc];
        super::index::DIGITS
            .iter()
            .position(|&x| x == d)
            .unwrap_or(0)
    }

    /// The pages that hold one part.
    fn part(&self, part: &Part) -> Matches {
        let chars: Vec<char> = part.text.chars().collect();
        let mut m = Matches::new();
        if !part.cjk || chars.len() <= 2 {
            // One character: its own key when it is hot, else every key it begins.
            let hot = self.hot_chars.contains(&part.text);
            let prefix = part.prefix || chars.len() == 1 && part.cjk && !hot;
            for post in self.terms(&part.text, prefix) {
                add(&mut m, &post);
            }
        } else if chars.len() <= 4 {
            // abc: every gram `ab c ?`; abcd: the gram `bc d a`.
            let (head, tail) = if chars.len() == 3 {
                (&chars[..3], None)
            } else {
                (&chars[1..4], Some(chars[0]))
            };
            for (key, post) in self.grams(head, false) {
                if tail.is_none_or(|t| key.chars().nth(3) == Some(t)) {
                    add(&mut m, &post);
                }
            }
        } else {
            return self.long(&chars);
        }
        m
    }

    /// Postings of the term `key`, or of every term it begins.
    fn terms(&self, key: &str, prefix: bool) -> Vec<String> {
        let mut out = Vec::new();
        for s in &self.t {
            for (k, post) in s.0.iter().zip(&s.1) {
                if k == key || (prefix && k.starts_with(key)) {
                    out.push(post.clone());
                }
            }
        }
        debug_assert!(self
            .t
            .iter()
            .all(|s| s.0.windows(2).all(|w| utf16_cmp(&w[0], &w[1]).is_lt())));
        out
    }

    /// `(key, postings)` of the grams that begin with `head` (three characters), from
    /// the gram files or the position files.
    fn grams(&self, head: &[char], positions: bool) -> Vec<(String, String)> {
        let bits = if positions { self.pb } else { self.cb };
        let head: String = head.iter().collect();
        let first = 1usize << bits;
        let hot = (self.hot.iter().enumerate())
            .filter(|(_, k)| k.starts_with(&head))
            .map(|(i, _)| first + i);
        let rest = match self.hot_heads.iter().position(|h| *h == head) {
            Some(j) => first + self.hot.len() + j,
            None => (bucket_of(&head) >> (BUCKET_BITS - bits)) as usize,
        };
        std::iter::once(rest)
            .chain(hot)
            .flat_map(|f| {
                let keys = ungroup_keys(&self.grams.keys(f, positions));
                keys.into_iter().zip(self.grams.posts(f, positions))
            })
            .filter(|(k, _)| k.starts_with(&head))
            .map(|(k, p)| (k, p.to_string()))
            .collect()
    }

    /// Five characters or more: grams four characters apart (and one at the end),
    /// found at the right distances by their positions.
    fn long(&self, q: &[char]) -> Matches {
        let mut offsets: Vec<usize> = (0..q.len() - 3).step_by(4).collect();
        if offsets.last() != Some(&(q.len() - 4)) {
            offsets.push(q.len() - 4);
        }
        // Per window: page → window starts (position × 2 + title).
        let mut windows: Vec<BTreeMap<usize, Vec<u32>>> = Vec::new();
        for &o in &offsets {
            let want: String = [q[o + 1], q[o + 2], q[o + 3], q[o]].iter().collect();
            let head = &q[o + 1..o + 4];
            let find = |positions| {
                self.grams(head, positions)
                    .into_iter()
                    .find(|(k, _)| *k == want)
                    .map(|(_, p)| p)
            };
            windows.push(match (find(false), find(true)) {
                (Some(c), Some(p)) => starts(&c, &p),
                _ => BTreeMap::new(),
            });
        }
        let mut m = Matches::new();
        for (&doc, first) in &windows[0] {
            let mut tf = 0;
            let mut title = false;
            for &v in first {
                let s = v >> 1;
                let all = offsets.iter().zip(&windows).all(|(&o, w)| {
                    w.get(&doc).is_some_and(|p| {
                        let at = s + o as u32;
                        p.iter().any(|&x| x >> 1 == at)
                    })
                });
                if all {
                    tf += 1;
                    title |= v & 1 == 1;
                }
            }
            if tf > 0 {
                m.insert(doc, (tf, title));
            }
        }
        m
    }
}

fn add(m: &mut Matches, post: &str) {
    let v = varints(post);
    let mut doc = 0usize;
    for pair in v.chunks_exact(2) {
        doc += pair[0] as usize;
        let e = m.entry(doc).or_default();
        e.0 += u64::from(pair[1] >> 1);
        e.1 |= pair[1] & 1 == 1;
    }
}

/// Page → starts of the four-character window (position of the bigram − 1) × 2 +
/// title bit, from a gram's postings and its positions.
fn starts(post: &str, positions: &str) -> BTreeMap<usize, Vec<u32>> {
    let pos = varints(positions);
    let mut out = BTreeMap::new();
    let (mut i, mut doc) = (0, 0usize);
    for pair in varints(post).chunks_exact(2) {
        doc += pair[0] as usize;
        let title = if pair[1] & 1 == 1 {
            i += 1;
            pos[i - 1]
        } else {
            0
        };
        let mut at = 0;
        let list: Vec<u32> = (0..pair[1] >> 1)
            .map(|k| {
                at += pos[i];
                i += 1;
                at.saturating_sub(1) * 2 + u32::from(k < title)
            })
            .collect();
        out.insert(doc, list);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::search::build::tests::src;
    use crate::search::index::Index;
    use crate::search::{Layout, Source};

    fn titles(ix: &Index, q: &str) -> Vec<String> {
        ix.search(q)
            .into_iter()
            .map(|h| ix.d[0][h.doc].1.clone())
            .collect()
    }

    fn one(pages: &[Source]) -> Index {
        Index::build(pages.to_vec(), Layout::for_pages(pages.len(), 500))
    }

    #[test]
    fn title_hits_first_then_density() {
        let ix = one(&[
            src("社区活动", "时间银行 时间银行 时间银行 时间银行"),
            src("其他", "时间银行一次，还有很多很多别的文字在这里"),
            src("银龄时间银行", "低龄老人服务高龄老人"),
            src("银行网点", "时间 很多 时间"),
        ]);
        assert_eq!(
            titles(&ix, "时间银行"),
            ["银龄时间银行", "社区活动", "其他"]
        );
    }

    #[test]
    fn substrings_exactly() {
        let ix = one(&[
            src("甲", "服务群体和人民群众"),
            src("乙", "服务群众"),
            src("丙", "党建引领，共建引领"),
        ]);
        // 务群 and 群众 are both in 甲, but not 务群众.
        assert_eq!(titles(&ix, "务群众"), ["乙"]);
        assert_eq!(titles(&ix, "服务群众"), ["乙"]);
        assert_eq!(titles(&ix, "民群众"), ["甲"]);
        assert_eq!(titles(&ix, "党建引领"), ["丙"]);
        assert_eq!(titles(&ix, "领，共建"), ["丙"], "parts");
        assert_eq!(titles(&ix, "党建引领共建"), Vec::<String>::new());
        assert_eq!(titles(&ix, "人民群众"), ["甲"]);
        assert_eq!(titles(&ix, "群体和人民群众"), ["甲"]);
        assert_eq!(titles(&ix, "务群体和人民群"), ["甲"]);
        assert_eq!(titles(&ix, "务群体和人群"), Vec::<String>::new());
        assert_eq!(titles(&ix, "群"), ["甲", "乙"]);
        assert!(titles(&ix, "").is_empty());
        assert!(titles(&ix, "不存在").is_empty());
    }

    #[test]
    fn words_whole_and_the_last_one_as_a_prefix() {
        let ix = one(&[
            src("星火", "Volunteer service 2024年"),
            src("月光", "无 vol"),
        ]);
        assert_eq!(titles(&ix, "volun"), ["星火"]);
        assert!(titles(&ix, "volun ").is_empty());
        assert_eq!(titles(&ix, "ＶＯＬＵＮＴＥＥＲ"), ["星火"]);
        // Both once: the shorter page is denser.
        assert_eq!(titles(&ix, "vol"), ["月光", "星火"]);
        assert_eq!(titles(&ix, "2024年"), ["星火"]);
        assert_eq!(titles(&ix, "service 星"), ["星火"]);
    }

    #[test]
    fn long_queries_in_sharded_files() {
        let body = "新就业群体服务站为快递员和外卖骑手提供服务";
        let mut pages: Vec<Source> = (0..40)
            .map(|i| src(&format!("p{i}"), "新就业群体，服务站，快递员"))
            .collect();
        pages.push(src("目标", body));
        let ix = Index::build(
            pages,
            Layout {
                one: false,
                text: 100,
                group: 4,
                hot_char: usize::MAX,
            },
        );
        let hits: Vec<usize> = ix
            .search("新就业群体服务站")
            .iter()
            .map(|h| h.doc)
            .collect();
        assert_eq!(hits, [40]);
        assert_eq!(ix.search("新就业群体").len(), 41);
        assert_eq!(ix.search("群体服务站为快递").len(), 1);
    }

    /// A gram on most pages (a hot gram, in a file of its own) and many grams that
    /// share their first three characters (a hot head): every query still finds
    /// exactly the pages that contain it.
    #[test]
    fn hot_grams_and_hot_heads_find_exactly_the_pages() {
        let tails: Vec<char> = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉".chars().collect();
        let pages: Vec<Source> = (0..1500)
            .map(|i| {
                let t = tails[i % tails.len()];
                let u = tails[(i / 7) % tails.len()];
                let near: String = (0..7)
                    .map(|k| format!("{}社区服，", tails[(i + k) % tails.len()]))
                    .collect();
                let body = format!("党建引领基层治理，红色联盟{t}{u}，红色联{u}{t}。{near}");
                let body = if i % 97 == 0 {
                    body + "星火驿站"
                } else {
                    body
                };
                src(&format!("页{i}"), &body)
            })
            .collect();
        let ix = Index::build(pages.clone(), Layout::for_pages(pages.len(), 500));
        assert!(
            !ix.hot.is_empty() && !ix.hot_heads.is_empty(),
            "{:?} {:?}",
            ix.hot,
            ix.hot_heads
        );
        let near: Vec<String> = tails.iter().map(|t| format!("{t}社区服")).collect();
        for q in near.iter().map(String::as_str).chain([
            "党建引领",
            "红色联盟",
            "红色联盟甲乙",
            "红色联丙",
            "联丁甲",
            "星火驿站",
            "基层",
            "社区服",
            "乙社区",
            "盟甲乙",
        ]) {
            let mut got: Vec<usize> = ix.search(q).iter().map(|h| h.doc).collect();
            got.sort_unstable();
            let want: Vec<usize> = (0..pages.len())
                .filter(|&i| pages[i].body.contains(q) || pages[i].title.contains(q))
                .collect();
            assert_eq!(got, want, "{q}");
        }
    }
}
