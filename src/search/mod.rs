//! Site search with no server: at build time the frozen [`Site`] becomes
//! `search/index.js`, a plain script that sets `window.XINGHUO_SEARCH`; the theme's
//! `js/search.js` tokenizes the query the same way ([`tokenizer`]) and ranks pages
//! ([`index`]). Nothing else runs: no fetch, no WebAssembly, no external service.
//!
//! Why hand-written: search must work from `file://` (a USB stick at an exhibition
//! booth), where browsers refuse `fetch` and XHR, so the index has to be a script the
//! page loads with `<script src>`. The existing static-search tools do not fit: Pagefind
//! and tinysearch load their index with fetch/WebAssembly; elasticlunr/lunr-style
//! indexes (as Zola writes) split words on spaces and find no Chinese word inside a
//! sentence. Chinese needs bigrams of Han characters, and a bigram index is a small
//! piece of code. Word segmentation with a dictionary (`jieba-rs`) was measured and
//! left out: bigrams already find every word, and the numbers are in
//! `bench/SEARCH-RESULTS.md`.

pub mod index;
pub mod tokenizer;

use crate::content::Section;
use crate::site::{PageId, PageSet, Site};
use crate::text::html_to_text;
use index::{Index, Source};
use rayon::prelude::*;
use std::io::Write as _;

/// Output path of the index script.
pub(crate) const INDEX_PATH: &str = "search/index.js";

/// What the indexer reads of every published page, in site order (collections in
/// config order, each in its own sort; then loose pages), then of the home page and the
/// collection pages that have an introduction.
pub fn sources(site: &Site) -> Vec<Source> {
    let mut order: Vec<PageId> = Vec::with_capacity(site.pages.len());
    for c in &site.collections {
        order.extend(c.pages.iter().copied());
    }
    let seen = PageSet::of(&site.pages, order.iter().copied());
    order.extend(site.pages.ids().filter(|&i| !seen.contains(i)));
    let mut out: Vec<Source> = order
        .into_par_iter()
        .map(|i| {
            let p = &site.pages[i];
            let section = p
                .collection
                .as_deref()
                .and_then(|c| site.config.collection(c))
                .map(|c| c.title.clone())
                .unwrap_or_default();
            Source {
                url: p.rel_url.clone(),
                title: p.front.title.clone(),
                section,
                date: p.front.date.as_ref().map(|d| d.ymd()).unwrap_or_default(),
                summary: p.summary.clone(),
                meta: meta(site, i),
                body: tidy(&p.text),
            }
        })
        .collect();
    out.extend(
        std::iter::once(&site.home)
            .chain(&site.sections)
            .filter(|s| !s.html.trim().is_empty())
            .map(|s| section_source(site, s)),
    );
    out
}

fn section_source(site: &Site, s: &Section) -> Source {
    let collection = s
        .collection
        .as_deref()
        .and_then(|c| site.config.collection(c));
    let title = match (&s.source, collection) {
        (Some(_), _) if !s.front.title.is_empty() => s.front.title.clone(),
        (_, Some(c)) => c.title.clone(),
        _ => site.config.title.clone(),
    };
    Source {
        url: s.rel_url.clone(),
        title,
        section: String::new(),
        date: String::new(),
        summary: s.summary.clone(),
        meta: String::new(),
        body: tidy(&html_to_text(&s.html)),
    }
}

/// Taxonomy terms and the text fields of the page's kind, as one line.
fn meta(site: &Site, i: PageId) -> String {
    let p = &site.pages[i];
    let f = &p.front.fields;
    let mut parts: Vec<&str> = Vec::new();
    for (_, terms) in &p.front.taxonomies {
        parts.extend(terms.iter().map(String::as_str));
    }
    for s in [
        &f.street,
        &f.address,
        &f.organization,
        &f.category,
        &f.role,
        &f.place,
        &f.organizer,
    ]
    .into_iter()
    .flatten()
    {
        parts.push(s);
    }
    parts.extend(f.services.iter().map(String::as_str));
    parts.extend(f.partners.iter().map(String::as_str));
    for u in &f.units {
        let name = site
            .units
            .iter()
            .find(|x| &x.id == u || &x.name == u)
            .map(|x| x.name.as_str())
            .unwrap_or(u);
        parts.push(name);
    }
    parts.extend(f.honors.iter().map(|h| h.title.as_str()));
    parts.extend(f.quote.as_deref());
    let mut seen: Vec<&str> = Vec::new();
    parts.retain(|p| {
        let new = !p.trim().is_empty() && !seen.contains(p);
        seen.push(p);
        new
    });
    parts.join(" · ")
}

/// Text for snippets: whitespace runs become one space, and none is kept between two
/// Chinese characters or punctuation marks (tags in the HTML left spaces there).
pub(crate) fn tidy(text: &str) -> String {
    fn wide(c: char) -> bool {
        tokenizer::is_cjk(c)
            || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '\u{2014}'..='\u{201F}' | '\u{2026}')
    }
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space && !(out.chars().next_back().is_some_and(wide) && wide(c)) {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// The index of the site as a script: `window.XINGHUO_SEARCH = {...};`.
pub(crate) fn index_js(site: &Site) -> String {
    let mut out = Vec::new();
    write_index_js(site, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("serde_json writes UTF-8 and escapes are ASCII")
}

/// [`index_js`] written to `w` as it is produced: `build` streams it into the output
/// file, so the tens of megabytes of a large site's index are never held in memory.
pub(crate) fn write_index_js(site: &Site, w: impl std::io::Write) -> std::io::Result<()> {
    // The sources are dropped once indexed.
    let index = Index::build(&sources(site));
    write_script(&index, w)
}

fn write_script(index: &Index, mut w: impl std::io::Write) -> std::io::Result<()> {
    w.write_all(b"window.XINGHUO_SEARCH=")?;
    let mut safe = ScriptSafe::new(&mut w);
    // serde_json writes a token or a number at a time: buffered, the escaper scans
    // long runs instead of being called per fragment.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut safe);
    serde_json::to_writer(&mut buffered, index).map_err(std::io::Error::other)?;
    buffered.flush()?;
    drop(buffered);
    safe.finish()?;
    w.write_all(b";\n")
}

/// A writer that escapes what [`crate::text::script_safe_into`] escapes,
/// buffered. Writes may split a character; the start of a possible U+2028/U+2029 is
/// held back until the next write.
struct ScriptSafe<W: std::io::Write> {
    inner: W,
    out: Vec<u8>,
    pending: Vec<u8>,
}

impl<W: std::io::Write> ScriptSafe<W> {
    fn new(inner: W) -> Self {
        ScriptSafe {
            inner,
            out: Vec::with_capacity(1 << 16),
            pending: Vec::new(),
        }
    }

    fn finish(mut self) -> std::io::Result<()> {
        self.out.append(&mut self.pending);
        self.inner.write_all(&self.out)
    }
}

impl<W: std::io::Write> std::io::Write for ScriptSafe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.pending.is_empty() {
            self.escape(buf);
        } else {
            let mut bytes = std::mem::take(&mut self.pending);
            bytes.extend_from_slice(buf);
            self.escape(&bytes);
        }
        if self.out.len() >= 1 << 16 {
            self.inner.write_all(&self.out)?;
            self.out.clear();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<W: std::io::Write> ScriptSafe<W> {
    fn escape(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() {
            // Copy the run of bytes that need nothing in one go.
            let run = bytes[i..]
                .iter()
                .position(|b| matches!(b, b'<' | b'>' | b'&' | 0xE2))
                .unwrap_or(bytes.len() - i);
            self.out.extend_from_slice(&bytes[i..i + run]);
            i += run;
            if i == bytes.len() {
                break;
            }
            match bytes[i] {
                b'<' => self.out.extend_from_slice(b"\\u003c"),
                b'>' => self.out.extend_from_slice(b"\\u003e"),
                b'&' => self.out.extend_from_slice(b"\\u0026"),
                0xE2 if bytes.len() - i < 3 => {
                    self.pending.extend_from_slice(&bytes[i..]);
                    break;
                }
                0xE2 if bytes[i + 1] == 0x80 && matches!(bytes[i + 2], 0xA8 | 0xA9) => {
                    self.out.extend_from_slice(if bytes[i + 2] == 0xA8 {
                        b"\\u2028"
                    } else {
                        b"\\u2029"
                    });
                    i += 3;
                    continue;
                }
                b => self.out.push(b),
            }
            i += 1;
        }
    }
}

#[cfg(test)]
/// Wrap an index in the script that publishes it. The JSON is made safe for any
/// script context (`<`, `>`, `&`, U+2028 and U+2029 escaped) as it is written.
pub(crate) fn script(index: &Index) -> String {
    let mut out = Vec::new();
    write_script(index, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("serde_json writes UTF-8 and escapes are ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_spaces() {
        assert_eq!(
            tidy("  社工 吴彩 负责， 她\n\n 也是 “时间银行” 1 项目  "),
            "社工吴彩负责，她也是“时间银行” 1 项目"
        );
        assert_eq!(tidy("open  data 平台"), "open data 平台");
    }

    #[test]
    fn script_cannot_break_out() {
        let ix = Index::build(&[Source {
            url: "x/".into(),
            title: "</script><script>alert(1)</script>\u{2028}".into(),
            ..Source::default()
        }]);
        let js = script(&ix);
        assert!(!js.contains("</script"), "{js}");
        assert!(!js.contains('\u{2028}'));
        assert!(js.starts_with("window.XINGHUO_SEARCH={"));
        assert!(js.contains(r"\u003c/script\u003e"));
    }

    #[test]
    fn escaping_writer_matches_script_safe_in_any_split() {
        use std::io::Write as _;
        let text = "a<b>&c\u{2028}d\u{2029}e\u{2026}中文\u{2028}";
        let mut want = String::new();
        crate::text::script_safe_into(&mut want, text);
        for split in 0..=text.len() {
            for split2 in split..=text.len() {
                let mut out = Vec::new();
                let mut w = ScriptSafe::new(&mut out);
                let b = text.as_bytes();
                w.write_all(&b[..split]).unwrap();
                w.write_all(&b[split..split2]).unwrap();
                w.write_all(&b[split2..]).unwrap();
                w.finish().unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), want, "{split} {split2}");
            }
        }
    }
}
