//! Print-shop finishing: booklet imposition and the BleedBox.
//!
//! `--booklet`: the A5 report is placed two-up on A4 landscape sheets in saddle-stitch
//! order, padded with blank pages to a multiple of four, by a second small Typst
//! document that embeds the pages of the first with `image("/book.pdf", page: n)` —
//! vector output, fonts stay embedded.
//!
//! `--bleed MM`: Typst grows each page by the bleed and writes a TrimBox itself; a
//! BleedBox (the whole MediaBox) is added here with `lopdf`.

use typst_layout::PagedDocument;

use super::fonts::Fonts;
use super::world::MemWorld;

/// Sheet sides in saddle-stitch order for `n` pages (padded to a multiple of four):
/// each side is (left, right), 1-based page numbers, `0` for a blank.
pub(crate) fn saddle_order(n: usize) -> Vec<(usize, usize)> {
    let total = n.div_ceil(4).max(1) * 4;
    let page = |p: usize| if p <= n { p } else { 0 };
    (0..total / 2)
        .map(|s| {
            if s % 2 == 0 {
                (page(total - s), page(s + 1))
            } else {
                (page(s + 1), page(total - s))
            }
        })
        .collect()
}

const IMPOSE: &str = r#"
#let d = json("/sides.json")
#set document(title: d.title, author: d.author)
#set text(lang: d.lang, region: d.region)
#set page(paper: "a4", flipped: true, margin: 0pt)
#for (i, side) in d.sides.enumerate() {
  if i > 0 { pagebreak() }
  grid(columns: (50%, 50%), rows: 100%,
    ..side.map(p => if p == 0 { [] } else { image("/book.pdf", page: p, width: 100%, height: 100%) }))
}
"#;

/// Impose `pdf` (with `n` A5 pages); returns the document and its number of sides.
pub(crate) fn impose(
    pdf: &[u8],
    n: usize,
    (title, author, lang, region): (&str, &str, &str, &str),
    fonts: &Fonts,
    today: (i32, u8, u8),
) -> Result<(PagedDocument, usize), String> {
    let sides: Vec<[usize; 2]> = saddle_order(n).into_iter().map(|(a, b)| [a, b]).collect();
    let count = sides.len();
    let data = serde_json::json!({"title": title, "author": author, "lang": lang, "region": region, "sides": sides});
    let files = vec![
        ("/book.pdf".to_string(), pdf.to_vec()),
        (
            "/sides.json".to_string(),
            serde_json::to_vec(&data).expect("JSON values serialize"),
        ),
    ];
    let w = MemWorld::new(IMPOSE.to_string(), files, fonts, today);
    let doc = typst::compile::<PagedDocument>(&w).output.map_err(|e| {
        e.iter()
            .map(|d| d.message.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    Ok((doc, count))
}

/// Add `/BleedBox` equal to each page's MediaBox (the page with its bleed).
pub(crate) fn set_bleed_box(pdf: &[u8]) -> Result<Vec<u8>, String> {
    use lopdf::{Document, Object};
    let mut doc = Document::load_mem(pdf).map_err(|e| e.to_string())?;
    let ids: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    for id in ids {
        let page = doc.get_dictionary_mut(id).map_err(|e| e.to_string())?;
        let media = page.get(b"MediaBox").map_err(|e| e.to_string())?.clone();
        if let Object::Array(a) = media {
            page.set("BleedBox", Object::Array(a));
        }
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saddle_stitch_order() {
        assert_eq!(saddle_order(4), vec![(4, 1), (2, 3)]);
        assert_eq!(saddle_order(8), vec![(8, 1), (2, 7), (6, 3), (4, 5)]);
        // 5 pages: padded to 8 with blanks (0).
        assert_eq!(saddle_order(5), vec![(0, 1), (2, 0), (0, 3), (4, 5)]);
        // Every page appears once.
        let mut all: Vec<usize> = saddle_order(13)
            .iter()
            .flat_map(|&(a, b)| [a, b])
            .filter(|&p| p > 0)
            .collect();
        all.sort();
        assert_eq!(all, (1..=13).collect::<Vec<_>>());
    }
}
