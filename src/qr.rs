//! QR codes as SVG, the same modules and bytes the `qrcode` crate's `QrCode::new` and
//! SVG renderer give, faster.
//!
//! Every page gets a QR code (print, kiosk), so on a 10,000-page site QR encoding was a
//! quarter of the build: `qrcode`'s mask selection clones the canvas eight times,
//! masks it module by module through a function pointer and allocates a boxed closure
//! for every module it inspects, and its SVG renderer formats six numbers per dark
//! module through `fmt`. Here the crate still does all the encoding (data bits, error
//! correction, function patterns, format information, the final mask); only the choice
//! of the mask is scored on flat arrays, with the crate's own penalty rules, first-lowest
//! wins as in `Canvas::apply_best_mask`. What each mask flips and where the format
//! information goes is taken from the crate itself, once per version. The SVG text is
//! written directly in the renderer's format. Unit tests check modules and SVG bytes
//! against the crate for thousands of URLs.

use std::sync::OnceLock;

use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::types::{Color, EcLevel, Version};

/// An SVG QR code for `url` (non-ASCII percent-encoded first, so phones open it), named
/// `label` for screen readers in the site's language (“扫码在手机上阅读：标题”); an empty
/// label hides the code from them (for a code without a text alternative of its own).
pub(crate) fn qr_svg(url: &str, size: u32, label: &str) -> String {
    let encoded: String = percent_encoding::utf8_percent_encode(url, QR_SET).to_string();
    let attrs = if label.is_empty() {
        "<svg aria-hidden=\"true\" focusable=\"false\" ".to_string()
    } else {
        format!(
            "<svg role=\"img\" aria-label=\"{}\" ",
            crate::text::escape(label)
        )
    };
    match svg(encoded.as_bytes(), size) {
        Some(svg) => svg
            .replacen("<?xml version=\"1.0\" standalone=\"yes\"?>", "", 1)
            .replacen("<svg ", &attrs, 1),
        None => String::new(),
    }
}

const QR_SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`');

/// `Canvas::apply_best_mask`'s order (ties go to the first).
const PATTERNS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// What `apply_mask(p)` does to a canvas of one version (error correction M), read off
/// the crate: for each pattern, whether it inverts each module, and the modules the
/// format information sets (index, dark).
struct MaskTable {
    flips: Vec<Vec<bool>>,
    format: Vec<Vec<(usize, bool)>>,
    /// `flips` as bit rows and bit columns (bit x of row y is module (x, y)), for
    /// codes at most [`BITS`] modules wide.
    flip_rows: Vec<Vec<u128>>,
    flip_cols: Vec<Vec<u128>>,
}

/// Widest code scored with bit operations (a shift by the width plus one must fit).
const BITS: usize = 120;

fn mask_table(version: i16) -> &'static MaskTable {
    static TABLES: [OnceLock<MaskTable>; 40] = [const { OnceLock::new() }; 40];
    let idx = usize::try_from(version - 1).expect("versions are 1 to 40");
    TABLES[idx].get_or_init(|| {
        let v = Version::Normal(version);
        let w = v.width();
        let filled = |c: Color| {
            let mut canvas = Canvas::new(v, EcLevel::M);
            for y in 0..w {
                for x in 0..w {
                    canvas.put(x, y, c);
                }
            }
            canvas
        };
        let mut flips: Vec<Vec<bool>> = Vec::with_capacity(8);
        let mut format = Vec::with_capacity(8);
        for p in PATTERNS {
            // Empty modules take the mask's colour; fixed ones only the format's.
            let mut empty = Canvas::new(v, EcLevel::M);
            empty.apply_mask(p);
            let mut dark = filled(Color::Dark);
            dark.apply_mask(p);
            let mut light = filled(Color::Light);
            light.apply_mask(p);
            let (empty, dark, light) =
                (empty.into_colors(), dark.into_colors(), light.into_colors());
            flips.push(empty.iter().map(|&c| c == Color::Dark).collect());
            format.push(
                (0..empty.len())
                    .filter(|&i| dark[i] == Color::Light || light[i] == Color::Dark)
                    .map(|i| (i, light[i] == Color::Dark))
                    .collect(),
            );
        }
        let width = usize::try_from(w).expect("positive width");
        let (flip_rows, flip_cols) = flips.iter().map(|f| to_bits(f, width)).unzip();
        MaskTable {
            flips,
            format,
            flip_rows,
            flip_cols,
        }
    })
}

/// The modules of the QR code for `data` (error correction M, smallest version), and
/// the width in modules; `None` when the data does not fit.
pub(crate) fn modules(data: &[u8]) -> Option<(Vec<Color>, usize)> {
    let ec = EcLevel::M;
    let bits = qrcode::bits::encode_auto(data, ec).ok()?;
    let version = bits.version();
    let Version::Normal(number) = version else {
        // Never chosen by `encode_auto`; the crate handles it if it ever is.
        let code = qrcode::QrCode::with_bits(bits, ec).ok()?;
        let w = code.width();
        return Some((code.into_colors(), w));
    };
    let (data, ecc) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, ec).ok()?;
    let mut canvas = Canvas::new(version, ec);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ecc);
    let w16 = version.width();
    let width = usize::try_from(w16).ok()?;
    // (dark, maskable) of every module, row-major as `into_colors`.
    let mut dark = Vec::with_capacity(width * width);
    let mut maskable = Vec::with_capacity(width * width);
    for y in 0..w16 {
        for x in 0..w16 {
            let (d, m) = match canvas.get(x, y) {
                Module::Empty => (false, true),
                Module::Unmasked(c) => (c == Color::Dark, true),
                Module::Masked(c) => (c == Color::Dark, false),
            };
            dark.push(d);
            maskable.push(m);
        }
    }
    let table = mask_table(number);
    let mut best: Option<(u16, MaskPattern)> = None;
    if width <= BITS {
        let (dark_rows, dark_cols) = to_bits(&dark, width);
        let (mask_rows, mask_cols) = to_bits(&maskable, width);
        let mut rows = vec![0u128; width];
        let mut cols = vec![0u128; width];
        for (k, p) in PATTERNS.into_iter().enumerate() {
            for y in 0..width {
                rows[y] = dark_rows[y] ^ (mask_rows[y] & table.flip_rows[k][y]);
                cols[y] = dark_cols[y] ^ (mask_cols[y] & table.flip_cols[k][y]);
            }
            for &(i, d) in &table.format[k] {
                let (x, y) = (i % width, i / width);
                if d {
                    rows[y] |= 1 << x;
                    cols[x] |= 1 << y;
                } else {
                    rows[y] &= !(1 << x);
                    cols[x] &= !(1 << y);
                }
            }
            let score = penalty_bits(&rows, &cols, width);
            if best.is_none_or(|(s, _)| score < s) {
                best = Some((score, p));
            }
        }
        let (_, p) = best?;
        canvas.apply_mask(p);
        return Some((canvas.into_colors(), width));
    }
    let mut scratch = Scratch::new(width);
    for (k, p) in PATTERNS.into_iter().enumerate() {
        let flips = &table.flips[k];
        for (i, row) in scratch.rows.iter_mut().enumerate() {
            *row = dark[i] ^ (maskable[i] & flips[i]);
        }
        for &(i, d) in &table.format[k] {
            scratch.rows[i] = d;
        }
        let score = scratch.penalty();
        if best.is_none_or(|(s, _)| score < s) {
            best = Some((score, p));
        }
    }
    let (_, p) = best?;
    canvas.apply_mask(p);
    Some((canvas.into_colors(), width))
}

/// The SVG of the QR code for `data`, byte for byte as `QrCode::new(data)` rendered
/// with the crate's SVG renderer at the given minimum size, black on white, with the
/// quiet zone.
pub(crate) fn svg(data: &[u8], size: u32) -> Option<String> {
    let (colors, width) = modules(data)?;
    Some(render_svg(&colors, width, size))
}

/// `Renderer::<svg::Color>::new(colors, width, 4).min_dimensions(size, size)
/// .dark_color("#000000").light_color("#ffffff").quiet_zone(true).build()`.
fn render_svg(colors: &[Color], width: usize, size: u32) -> String {
    const QZ: usize = 4;
    let w = u32::try_from(width + 2 * QZ).expect("a QR code is at most 185 modules wide");
    let unit = size.div_ceil(w).max(1);
    let real = w * unit;
    let dark = colors.iter().filter(|&&c| c == Color::Dark).count();
    let mut s = String::with_capacity(260 + dark * 28);
    let mut num = itoa::Buffer::new();
    let real_s = num.format(real).to_string();
    s.push_str(r#"<?xml version="1.0" standalone="yes"?><svg xmlns="http://www.w3.org/2000/svg" version="1.1" width=""#);
    s.push_str(&real_s);
    s.push_str(r#"" height=""#);
    s.push_str(&real_s);
    s.push_str(r#"" viewBox="0 0 "#);
    s.push_str(&real_s);
    s.push(' ');
    s.push_str(&real_s);
    s.push_str(r#"" shape-rendering="crispEdges"><rect x="0" y="0" width=""#);
    s.push_str(&real_s);
    s.push_str(r#"" height=""#);
    s.push_str(&real_s);
    s.push_str(r##"" fill="#ffffff"/><path fill="#000000" d=""##);
    let unit_s = num.format(unit).to_string();
    for (y, row) in colors.chunks_exact(width).enumerate() {
        let top = u32::try_from(y + QZ).expect("small") * unit;
        let mut top_b = itoa::Buffer::new();
        let top_s = top_b.format(top);
        for (x, &c) in row.iter().enumerate() {
            if c != Color::Dark {
                continue;
            }
            let left = u32::try_from(x + QZ).expect("small") * unit;
            let left_s = num.format(left);
            s.push('M');
            s.push_str(left_s);
            s.push(' ');
            s.push_str(top_s);
            s.push('h');
            s.push_str(&unit_s);
            s.push('v');
            s.push_str(&unit_s);
            s.push('H');
            s.push_str(left_s);
            s.push('V');
            s.push_str(top_s);
        }
    }
    s.push_str(r#""/></svg>"#);
    s
}

/// Row-major flags as bit rows and bit columns.
fn to_bits(flags: &[bool], w: usize) -> (Vec<u128>, Vec<u128>) {
    let mut rows = vec![0u128; w];
    let mut cols = vec![0u128; w];
    for (i, _) in flags.iter().enumerate().filter(|(_, &f)| f) {
        let (x, y) = (i % w, i / w);
        rows[y] |= 1 << x;
        cols[x] |= 1 << y;
    }
    (rows, cols)
}

/// [`Scratch::penalty`] on bit rows and columns (`w` ≤ [`BITS`]): the same rules and
/// the same wrapping u16 sums, a line at a time.
fn penalty_bits(rows: &[u128], cols: &[u128], w: usize) -> u16 {
    let all: u128 = (1 << w) - 1;
    let mut total: u16 = 0;
    // Runs of 5 + N modules of one colour: 3 + N points each.
    for &line in rows.iter().chain(cols) {
        let mut changes = (line ^ (line >> 1)) & (all >> 1);
        let mut start = 0usize;
        loop {
            let end = if changes == 0 {
                w
            } else {
                changes.trailing_zeros() as usize + 1
            };
            let run = end - start;
            if run >= 5 {
                total = total.wrapping_add((run - 2) as u16);
            }
            if changes == 0 {
                break;
            }
            changes &= changes - 1;
            start = end;
        }
    }
    // 2×2 blocks of one colour.
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let same = !(a ^ (a >> 1)) & !(a ^ b) & !(b ^ (b >> 1)) & (all >> 1);
        total = total.wrapping_add((same.count_ones() * 3) as u16);
    }
    // `#.###.#` not bordered by four light modules on both sides: 40 points each.
    const PATTERN: u128 = 0b1011101;
    for lines in [rows, cols] {
        let mut score: u16 = 0;
        for &line in lines {
            for j in 0..w - 6 {
                if (line >> j) & 0x7f != PATTERN {
                    continue;
                }
                let before = line & ((1 << j) - 1) & !((1 << j.saturating_sub(4)) - 1);
                let after = (line >> (j + 7)) & 0xf;
                if before == 0 || after == 0 {
                    score = score.wrapping_add(40);
                }
            }
        }
        total = total.wrapping_add(score.wrapping_sub(360));
    }
    // Balance of dark and light.
    let n: usize = rows.iter().map(|r| r.count_ones() as usize).sum();
    let ratio = n * 200 / (w * w);
    total.wrapping_add(ratio.abs_diff(100) as u16)
}

/// Buffers for scoring masks, reused across the eight patterns.
struct Scratch {
    w: usize,
    /// Dark modules, row-major.
    rows: Vec<bool>,
    /// The same, column-major.
    cols: Vec<bool>,
}

impl Scratch {
    fn new(w: usize) -> Scratch {
        Scratch {
            w,
            rows: vec![false; w * w],
            cols: vec![false; w * w],
        }
    }

    /// `Canvas::compute_total_penalty_scores` for a normal QR code (u16 arithmetic
    /// that wraps, as the crate's does in a release build). Rows and columns are
    /// scanned as slices of a row-major and a column-major copy.
    fn penalty(&mut self) -> u16 {
        let w = self.w;
        let rows = &self.rows;
        let cols = &mut self.cols;
        for y in 0..w {
            for x in 0..w {
                cols[x * w + y] = rows[y * w + x];
            }
        }
        let cols = &self.cols;
        let mut total: u16 = 0;
        for lines in [rows, cols] {
            for line in lines.chunks_exact(w) {
                total = total.wrapping_add(adjacent(line));
            }
        }
        // 2×2 blocks of one colour.
        for y in 0..w - 1 {
            let (a, b) = (&rows[y * w..(y + 1) * w], &rows[(y + 1) * w..(y + 2) * w]);
            for x in 0..w - 1 {
                if a[x] == a[x + 1] && a[x] == b[x] && a[x] == b[x + 1] {
                    total = total.wrapping_add(3);
                }
            }
        }
        for lines in [rows, cols] {
            let mut score: u16 = 0;
            for line in lines.chunks_exact(w) {
                score = score.wrapping_add(finder(line));
            }
            total = total.wrapping_add(score.wrapping_sub(360));
        }
        // Balance of dark and light.
        let n = rows.iter().filter(|&&d| d).count();
        let ratio = n * 200 / rows.len();
        total.wrapping_add(ratio.abs_diff(100) as u16)
    }
}

/// Runs of 5 + N modules of one colour in a line: 3 + N points each.
fn adjacent(line: &[bool]) -> u16 {
    let mut score: u16 = 0;
    let mut run: u16 = 1;
    for j in 1..=line.len() {
        if j < line.len() && line[j] == line[j - 1] {
            run += 1;
        } else {
            if run >= 5 {
                score = score.wrapping_add(run - 2);
            }
            run = 1;
        }
    }
    score
}

/// `#.###.#` not bordered by four light modules on both sides: 40 points each (the
/// caller takes off the 360 of the three real finder patterns).
fn finder(line: &[bool]) -> u16 {
    const PATTERN: [bool; 7] = [true, false, true, true, true, false, true];
    let w = line.len();
    let mut score: u16 = 0;
    for j in 0..w - 6 {
        if line[j..j + 7] != PATTERN {
            continue;
        }
        let before = line[j.saturating_sub(4)..j].iter().any(|&d| d);
        let after = line[(j + 7).min(w)..(j + 11).min(w)].iter().any(|&d| d);
        if !before || !after {
            score = score.wrapping_add(40);
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_is_svg() {
        let s = qr_svg("https://x.org/站点/", 100, "扫码在手机上阅读：<首页>");
        assert!(
            s.starts_with("<svg role=\"img\" aria-label=\"扫码在手机上阅读：&lt;首页&gt;\" "),
            "{s}"
        );
        let s = qr_svg("https://x.org/", 100, "");
        assert!(s.starts_with("<svg aria-hidden=\"true\""), "{s}");
        assert!(!s.contains("role="), "{s}");
    }
    use qrcode::render::svg;

    fn reference(data: &[u8], size: u32) -> String {
        qrcode::QrCode::new(data)
            .unwrap()
            .render::<svg::Color<'_>>()
            .min_dimensions(size, size)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .quiet_zone(true)
            .build()
    }

    #[test]
    fn same_modules_as_the_crate() {
        let mut urls: Vec<String> = Vec::new();
        for i in 0..1500 {
            urls.push(format!("https://example.org/stations/p{i:05}/"));
            urls.push(format!(
                "https://dangjian.example.org/members/%E5%90%B4%E5%BD%A9-{i}/"
            ));
        }
        urls.push("HELLO WORLD 12345".into());
        urls.push("0123456789".repeat(20));
        urls.push("x".repeat(600));
        for u in &urls {
            let (mine, w) = modules(u.as_bytes()).unwrap();
            let theirs = qrcode::QrCode::new(u.as_bytes()).unwrap();
            assert_eq!(w, theirs.width(), "{u}");
            assert!(mine == theirs.to_colors(), "modules differ for {u}");
        }
        for (k, u) in urls.iter().enumerate().step_by(97) {
            for size in [1, 120, 132, 1000] {
                assert_eq!(
                    svg(u.as_bytes(), size).unwrap(),
                    reference(u.as_bytes(), size),
                    "{k} {size}"
                );
            }
        }
    }

    #[test]
    fn bit_and_slice_scores_agree() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for w in [21, 25, 33, 57, 64, 65, 101, 117] {
            for _ in 0..40 {
                let mut s = Scratch::new(w);
                for d in s.rows.iter_mut() {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    *d = seed % 3 == 0;
                }
                let (rows, cols) = to_bits(&s.rows, w);
                assert_eq!(penalty_bits(&rows, &cols, w), s.penalty(), "width {w}");
            }
        }
    }

    #[test]
    fn too_long_is_none() {
        assert!(modules(&[b'x'; 5000]).is_none());
    }
}
