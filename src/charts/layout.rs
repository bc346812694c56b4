//! What a chart is laid out for: a screen (the website), a phone (the website below
//! 40 rem), or print at a fixed size (the PDF report), and the drawing area
//! ([`Canvas`]) that follows from it.
//!
//! Every renderer draws in design units where the main chart text is 12 units tall
//! (tick and value labels 11). On a screen the canvas is the fixed 640 × 360 design and
//! the browser scales the SVG to its container. In print the canvas is as wide as the
//! slot divided by the size of a unit, so the same renderers lay the chart out for the
//! width it is printed at — how many year labels fit, where labels wrap, whether value
//! labels turn upright — and the SVG, placed at exactly that width, prints every text
//! at its size in points.
//!
//! A phone gets its own narrow layout ([`PHONE_W`] units wide, shown instead of the
//! screen layout below 40 rem by the theme's CSS): horizontal bars with their names
//! above them, pies with their legend below, fewer year labels. It is made for the
//! narrowest phone the theme supports — a 320 px screen leaves a chart about 260 CSS px
//! — so that there the 11-unit labels are 12 px; a wider phone scales it up a little
//! (the theme caps it at 1.5 times).

use super::svg::{H, W};

/// The width of the phone layout in design units: 260 CSS px (a chart on a 320 px
/// screen) at 12/11 px per unit, so 11-unit labels are drawn 12 px tall.
pub(super) const PHONE_W: f64 = 238.0;
/// The height of cartesian charts in the phone layout.
pub(super) const PHONE_H: f64 = 220.0;

/// The main chart text (category labels, legends, units, slice and map labels), in
/// design units.
pub(super) const TEXT_UNITS: f64 = 12.0;

/// What a chart is laid out for.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) enum Medium {
    /// The website: the 640 × 360 design, `width="100%"`.
    #[default]
    Screen,
    /// The website on a phone: [`PHONE_W`] units wide, `width="100%"`.
    Phone,
    /// Print at a fixed size.
    Print(PrintSize),
}

/// The size of a printed chart, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct PrintSize {
    /// The printed width (the SVG is placed at exactly this width).
    pub width_pt: f64,
    /// The height of bar and line charts; pies, horizontal bars and maps take the
    /// height their items need.
    pub height_pt: f64,
    /// The printed size of the main chart text; tick and value labels are 11/12 of it.
    pub text_pt: f64,
}

/// The drawing area of one chart, in design units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Canvas {
    pub w: f64,
    /// The height of cartesian charts; the least height of pies.
    pub h: f64,
    /// Points per design unit in print; `None` on screen.
    pub pt: Option<f64>,
    /// The phone layout (names above horizontal bars, pie legends below).
    pub phone: bool,
}

impl Medium {
    pub(super) fn canvas(self) -> Canvas {
        match self {
            Medium::Screen => Canvas {
                w: W,
                h: H,
                pt: None,
                phone: false,
            },
            Medium::Phone => Canvas {
                w: PHONE_W,
                h: PHONE_H,
                pt: None,
                phone: true,
            },
            Medium::Print(p) => {
                let unit = p.text_pt / TEXT_UNITS;
                Canvas {
                    w: p.width_pt / unit,
                    h: p.height_pt / unit,
                    pt: Some(unit),
                    phone: false,
                }
            }
        }
    }
}

impl Canvas {
    /// Whether the chart is printed (laid out for a fixed width).
    pub(super) fn is_print(&self) -> bool {
        self.pt.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_canvas_holds_the_text_size() {
        let c = Medium::Print(PrintSize {
            width_pt: 240.0,
            height_pt: 150.0,
            text_pt: 8.0,
        })
        .canvas();
        // 8 pt text is 12 units: 1 unit = 2/3 pt.
        assert_eq!((c.w, c.h), (360.0, 225.0));
        assert_eq!(c.pt.map(|u| u * TEXT_UNITS), Some(8.0));
        assert_eq!(
            Medium::Screen.canvas(),
            Canvas {
                w: 640.0,
                h: 360.0,
                pt: None,
                phone: false,
            }
        );
        let p = Medium::Phone.canvas();
        assert!(p.phone && p.pt.is_none() && !p.is_print());
        // On a 320 px screen a phone chart is about 260 CSS px wide: 11-unit labels
        // are 12 px there.
        assert!(260.0 / p.w * 11.0 >= 12.0, "{}", 260.0 / p.w * 11.0);
    }
}
