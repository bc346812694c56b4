//! SVG writing helpers shared by every chart: XML escaping, fixed-decimal numbers,
//! text-width estimates for Chinese and Latin text, label wrapping and shortening, the
//! `<svg>` and `<figure>` wrappers, and the palette.

use std::fmt::Write;

use super::layout::Canvas;

/// The design size of cartesian charts (the `viewBox`); the SVG scales to its container.
pub(super) const W: f64 = 640.0;
pub(super) const H: f64 = 360.0;

pub(super) const FONT: &str =
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'Noto Sans SC', 'Microsoft YaHei', SimHei, 'PingFang SC', 'Hiragino Sans GB', sans-serif";

/// Restrained red and gold, then browns and greys; works on white and in print.
pub(super) const PALETTE: [&str; 8] = [
    "#b71c1c", "#c9a227", "#8d6e63", "#5d4037", "#e57373", "#757575", "#e6c965", "#bdbdbd",
];
pub(super) const TEXT: &str = "#333333";
pub(super) const MUTED: &str = "#757575";
pub(super) const GRID: &str = "#e0e0e0";
pub(super) const AXIS: &str = "#9e9e9e";

pub(super) fn color(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

pub(super) use crate::text::escape;

/// A coordinate with one fixed decimal, so output bytes never depend on float noise.
pub(super) fn n(x: f64) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    let s = format!("{x:.1}");
    if s == "-0.0" {
        "0.0".to_string()
    } else {
        s
    }
}

/// Whether a character is drawn about 1 em wide (CJK, kana, hangul, full-width forms).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD
        | 0x25A0..=0x25FF)
}

/// Estimated drawn width of `s` at `size` px: CJK ≈ 1 em, ASCII ≈ 0.55 em.
pub(super) fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| {
            if is_wide(c) {
                1.0
            } else if c.is_ascii() {
                0.55
            } else {
                0.65
            }
        })
        .sum::<f64>()
        * size
}

/// Break `s` into at most `max_lines` lines of at most `max_w` px; the last line gets
/// `…` when text was left out (then `true` is returned: show the full text in a title).
/// Latin text breaks at spaces where it can, CJK text between any two characters.
pub(super) fn fit_lines(s: &str, max_w: f64, size: f64, max_lines: usize) -> (Vec<String>, bool) {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut lines = Vec::new();
    let mut i = 0;
    while i < chars.len() && lines.len() < max_lines.max(1) {
        let last = lines.len() + 1 == max_lines.max(1);
        let mut w = 0.0;
        let mut j = i;
        while j < chars.len() {
            let cw = text_width(&chars[j].to_string(), size);
            if w + cw > max_w && j > i {
                break;
            }
            w += cw;
            j += 1;
        }
        if j < chars.len() && !last {
            // Prefer breaking after a space when the line holds one.
            if let Some(sp) = chars[i..j].iter().rposition(|c| *c == ' ') {
                if sp > 0 {
                    j = i + sp + 1;
                }
            }
        }
        if last && j < chars.len() {
            let line: String = chars[i..].iter().collect();
            lines.push(shorten(&line, max_w, size).0);
            return (lines, true);
        }
        lines.push(chars[i..j].iter().collect::<String>().trim().to_string());
        i = j;
    }
    (lines, false)
}

/// `s` cut to fit `max_w` px with a trailing `…`; `true` when it was cut.
pub(super) fn shorten(s: &str, max_w: f64, size: f64) -> (String, bool) {
    if text_width(s, size) <= max_w {
        return (s.to_string(), false);
    }
    let ell = text_width("…", size);
    let mut out = String::new();
    let mut w = 0.0;
    for c in s.chars() {
        let cw = text_width(&c.to_string(), size);
        if w + cw + ell > max_w {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    (out, true)
}

/// Text attributes: anchor, size, fill and an optional class.
pub(super) struct TextStyle<'a> {
    pub anchor: &'a str,
    pub size: f64,
    pub fill: &'a str,
    pub class: &'a str,
    /// Extra raw attributes (already escaped), e.g. a `transform`.
    pub extra: String,
}

impl<'a> TextStyle<'a> {
    pub(super) fn new(anchor: &'a str, size: f64, class: &'a str) -> TextStyle<'a> {
        TextStyle {
            anchor,
            size,
            fill: TEXT,
            class,
            extra: String::new(),
        }
    }
}

/// A `<text>` element; `full` (the uncut text) becomes its `<title>` tooltip.
pub(super) fn text(
    out: &mut String,
    x: f64,
    y: f64,
    st: &TextStyle,
    content: &str,
    full: Option<&str>,
) {
    let _ = write!(
        out,
        "<text class=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"{}\" font-size=\"{}\" fill=\"{}\"{}>",
        st.class,
        n(x),
        n(y),
        st.anchor,
        n(st.size),
        st.fill,
        st.extra
    );
    if let Some(f) = full {
        let _ = write!(out, "<title>{}</title>", escape(f));
    }
    let _ = write!(out, "{}</text>", escape(content));
    out.push('\n');
}

/// Multi-line `<text>` with `<tspan>` lines, starting at `y` (the first baseline).
pub(super) fn text_lines(
    out: &mut String,
    x: f64,
    y: f64,
    st: &TextStyle,
    lines: &[String],
    full: Option<&str>,
) {
    let _ = write!(
        out,
        "<text class=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"{}\" font-size=\"{}\" fill=\"{}\">",
        st.class,
        n(x),
        n(y),
        st.anchor,
        n(st.size),
        st.fill
    );
    if let Some(f) = full {
        let _ = write!(out, "<title>{}</title>", escape(f));
    }
    for (i, l) in lines.iter().enumerate() {
        let dy = if i == 0 { 0.0 } else { st.size * 1.2 };
        let _ = write!(
            out,
            "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
            n(x),
            n(dy),
            escape(l)
        );
    }
    out.push_str("</text>\n");
}

/// The opening `<svg>` of a chart `canvas.w` wide and `h` tall, with its accessible
/// `<title>` and `<desc>`: on a screen as wide as its container; in print with its
/// printed size in points.
pub(super) fn open(canvas: &Canvas, h: f64, title: &str, desc: &str) -> String {
    let w = canvas.w;
    let (vw, vh, size) = match canvas.pt {
        None => (
            w.round().to_string(),
            h.round().to_string(),
            "width=\"100%\"".to_string(),
        ),
        Some(pt) => (
            n(w),
            n(h),
            format!("width=\"{}pt\" height=\"{}pt\"", n2(w * pt), n2(h * pt)),
        ),
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {vw} {vh}\" {size} role=\"img\" font-family=\"{}\" font-size=\"12\">\n<title>{}</title>\n<desc>{}</desc>\n<rect class=\"background\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n",
        FONT,
        escape(title),
        escape(desc),
        vw,
        vh
    )
}

/// A printed size with two fixed decimals.
fn n2(x: f64) -> String {
    format!("{:.2}", if x.is_finite() { x } else { 0.0 })
}

/// `<figure class="chart chart-KIND">` with a caption, the SVG and the data table.
/// Written without blank lines so Markdown keeps it one HTML block.
///
/// Without one (print, the kiosk) it holds the SVG and the table as they are.
/// With a `phone` SVG (the website), the figure holds both layouts, each in a
/// `.chart-plot` box: `.chart-wide` and `.chart-narrow`, of which the theme's CSS shows
/// one (the narrow one below 40 rem, not in print). The data table sits in a
/// `.chart-table` box that scrolls sideways when it is wider than the screen (large
/// text on a phone); a box that can scroll takes keyboard focus (WCAG 2.1.1).
pub(super) fn figure(
    kind: &str,
    title: &str,
    svg: &str,
    phone: Option<&str>,
    table: &str,
) -> String {
    let title = escape(title);
    let (plot, table) = match phone {
        None => (svg.to_string(), table.to_string()),
        Some(p) => (
            format!(
                "<div class=\"chart-plot chart-wide\">\n{svg}</div>\n<div class=\"chart-plot chart-narrow\">\n{p}</div>\n"
            ),
            table_box(table, &title),
        ),
    };
    format!(
        "<figure class=\"chart chart-{kind}\">\n<figcaption class=\"chart-title\">{title}</figcaption>\n{plot}{table}</figure>\n"
    )
}

/// A chart's data table in a box that scrolls sideways, named after the chart
/// (`label`, already escaped).
pub(super) fn table_box(table: &str, label: &str) -> String {
    format!(
        "<div class=\"chart-table\" tabindex=\"0\" role=\"group\" aria-label=\"{label}\">\n{table}</div>\n"
    )
}

/// Where legend entries go: left to right from `x0`, wrapping before `max_x`; each entry
/// is a 16 px mark then its label. Returns the positions and the height used.
pub(super) fn legend_layout(
    labels: &[String],
    x0: f64,
    y0: f64,
    max_x: f64,
) -> (Vec<(f64, f64)>, f64) {
    let mut pos = Vec::new();
    let (mut x, mut y) = (x0, y0);
    for l in labels {
        let w = 22.0 + text_width(l, 12.0) + 16.0;
        if x > x0 && x + w > max_x {
            x = x0;
            y += 18.0;
        }
        pos.push((x, y));
        x += w;
    }
    let h = if labels.is_empty() {
        0.0
    } else {
        y - y0 + 18.0
    };
    (pos, h)
}

#[cfg(test)]
mod tests {
    /// Issue 16 item 4: a Chinese font comes first, so digits and Latin letters inside a
    /// chart come from the same font as its Chinese text (no system-ui, no Latin family
    /// before it); Microsoft YaHei and SimHei stand in on a Windows PC without Noto (by
    /// their English names: the SVG of an English site holds no Chinese characters).
    #[test]
    fn chart_font_is_chinese_first() {
        let first = super::FONT.split(',').next().unwrap_or("");
        assert!(first.contains("CJK"), "{}", super::FONT);
        assert!(!super::FONT.contains("system-ui"));
        assert!(super::FONT.contains("Microsoft YaHei") && super::FONT.contains("SimHei"));
    }

    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert(\"x\" & 'y')</script>"),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("党建\u{1}引领"), "党建引领");
    }

    #[test]
    fn numbers_are_fixed() {
        assert_eq!(n(1.0 / 3.0), "0.3");
        assert_eq!(n(-0.01), "0.0");
        assert_eq!(n(f64::NAN), "0.0");
        assert_eq!(n(100.0), "100.0");
    }

    #[test]
    fn widths_and_wrapping() {
        assert_eq!(text_width("党建", 10.0), 20.0);
        assert!((text_width("ab", 10.0) - 11.0).abs() < 1e-9);
        let (lines, cut) = fit_lines("南大街街道党群服务中心", 60.0, 12.0, 2);
        assert_eq!(lines, ["南大街街道", "党群服务…"]);
        assert!(cut);
        let (lines, cut) = fit_lines("Xilin street", 50.0, 12.0, 2);
        assert_eq!(lines, ["Xilin", "street"]);
        assert!(!cut);
        assert_eq!(
            shorten("西林街道", 100.0, 12.0),
            ("西林街道".to_string(), false)
        );
        assert_eq!(
            shorten("西林街道党群服务中心", 50.0, 12.0),
            ("西林街…".to_string(), true)
        );
    }
}
