//! The sizes charts are printed at in the PDF report (docs/reference/reports.md "图表"):
//! the built-in template's text block on each paper and the slots charts go in, each
//! as a [`Medium`], so a chart is laid out for the width it is printed at with its text
//! at a size in points — not a web chart scaled down. The SVG carries its printed size;
//! the template places it at that natural size (Typst shrinks an image only when its
//! slot is narrower, e.g. in a site's own template).

use crate::charts::{Medium, PrintSize};

/// Points per millimetre.
const PT_PER_MM: f64 = 72.0 / 25.4;

/// The main chart text (category labels, legends, units); tick and value labels are
/// 11/12 of it, 7.3 pt.
const CHART_TEXT_PT: f64 = 8.0;

/// Bar and line charts are half as tall as wide, within these bounds (pt).
const MIN_HEIGHT_PT: f64 = 150.0;
const MAX_HEIGHT_PT: f64 = 220.0;

/// The paper the report's pages are laid out on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Paper {
    A4,
    A5,
}

impl Paper {
    /// `paper` of `/report.json`: `"a5"` or anything else (A4).
    pub(crate) fn from_name(name: &str) -> Paper {
        if name.eq_ignore_ascii_case("a5") {
            Paper::A5
        } else {
            Paper::A4
        }
    }

    /// The width of the template's text block: the page less its side margins
    /// (`margin: (x: 22mm, …)` on A4, `15mm` on A5).
    fn text_width_pt(self) -> f64 {
        match self {
            Paper::A4 => (210.0 - 2.0 * 22.0) * PT_PER_MM,
            Paper::A5 => (148.0 - 2.0 * 15.0) * PT_PER_MM,
        }
    }
}

/// Where a chart goes in the built-in template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    /// A trend of the year's figures: one of two columns (`gutter: 10pt`) on A4, the
    /// full width on A5.
    Trend,
    /// A breakdown of the year's figures: 85% of the width on A4, the full width on A5.
    Breakdown,
    /// A chart in the foreword or a case's body: the full width.
    Body,
    /// A chart in a timeline entry (activities): the width less the date column
    /// (26 mm), the gutter (8 pt) and the entry's inset (8 pt).
    Timeline,
}

/// How a chart in `slot` on `paper` is laid out.
pub(crate) fn chart_medium(paper: Paper, slot: Slot) -> Medium {
    let text = paper.text_width_pt();
    let width_pt = match (slot, paper) {
        (Slot::Trend, Paper::A4) => (text - 10.0) / 2.0,
        (Slot::Breakdown, Paper::A4) => text * 0.85,
        (Slot::Timeline, _) => text - 26.0 * PT_PER_MM - 16.0,
        _ => text,
    };
    Medium::Print(PrintSize {
        width_pt,
        height_pt: (width_pt * 0.5).clamp(MIN_HEIGHT_PT, MAX_HEIGHT_PT),
        text_pt: CHART_TEXT_PT,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(paper: Paper, slot: Slot) -> PrintSize {
        match chart_medium(paper, slot) {
            Medium::Print(p) => p,
            Medium::Screen | Medium::Phone => panic!("a report chart is printed"),
        }
    }

    #[test]
    fn slots_fit_the_template() {
        // A4 text block 166 mm = 470.55 pt: two columns of 230.3 pt.
        let t = size(Paper::A4, Slot::Trend);
        assert!((t.width_pt - 230.28).abs() < 0.01, "{t:?}");
        assert_eq!(t.height_pt, MIN_HEIGHT_PT);
        assert!((size(Paper::A5, Slot::Trend).width_pt - 334.49).abs() < 0.01);
        assert!(size(Paper::A4, Slot::Body).height_pt <= MAX_HEIGHT_PT);
        for paper in [Paper::A4, Paper::A5] {
            for slot in [Slot::Trend, Slot::Breakdown, Slot::Body, Slot::Timeline] {
                let s = size(paper, slot);
                assert!(
                    s.width_pt <= paper.text_width_pt() + 1e-9,
                    "{paper:?} {slot:?}"
                );
                assert!(s.text_pt * 11.0 / 12.0 >= 7.0, "the smallest text is 7 pt");
            }
        }
        assert_eq!(Paper::from_name("a5"), Paper::A5);
        assert_eq!(Paper::from_name("A4"), Paper::A4);
    }
}
