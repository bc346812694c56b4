//! QR codes as SVG, the same modules the `qrcode` crate's `QrCode::new` gives, faster.
//!
//! Every page gets a QR code (print, kiosk), so on a 10,000-page site QR encoding was a
//! quarter of the build: `qrcode`'s mask selection allocates a boxed closure for every
//! module it inspects. Here the crate still does all the encoding (data bits, error
//! correction, function patterns, masks, format information, SVG); only the choice of
//! the mask is scored on a flat colour array, with the crate's own penalty rules,
//! first-lowest wins as in `Canvas::apply_best_mask`. A unit test checks the result
//! against `QrCode::new` for thousands of URLs.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::render::svg;
use qrcode::types::{Color, EcLevel, Version};

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

/// The modules of the QR code for `data` (error correction M, smallest version), and
/// the width in modules; `None` when the data does not fit.
pub fn modules(data: &[u8]) -> Option<(Vec<Color>, usize)> {
    let ec = EcLevel::M;
    let bits = qrcode::bits::encode_auto(data, ec).ok()?;
    let version = bits.version();
    if !matches!(version, Version::Normal(_)) {
        // Never chosen by `encode_auto`; the crate handles it if it ever is.
        let code = qrcode::QrCode::with_bits(bits, ec).ok()?;
        let w = code.width();
        return Some((code.into_colors(), w));
    }
    let (data, ecc) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, ec).ok()?;
    let mut canvas = Canvas::new(version, ec);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ecc);
    let width = usize::try_from(version.width()).ok()?;
    let mut best: Option<(u16, Vec<Color>)> = None;
    for p in PATTERNS {
        let mut c = canvas.clone();
        c.apply_mask(p);
        let colors = c.into_colors();
        let score = penalty(&colors, width);
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, colors));
        }
    }
    best.map(|(_, c)| (c, width))
}

/// The SVG of the QR code for `data`, as `QrCode::new(data)` rendered to SVG with the
/// given minimum size, black on white, with the quiet zone.
pub fn svg(data: &[u8], size: u32) -> Option<String> {
    let (colors, width) = modules(data)?;
    Some(
        qrcode::render::Renderer::<svg::Color<'_>>::new(&colors, width, 4)
            .min_dimensions(size, size)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .quiet_zone(true)
            .build(),
    )
}

/// `Canvas::compute_total_penalty_scores` for a normal QR code (u16 arithmetic that
/// wraps, as the crate's does in a release build). Rows and columns are scanned as
/// slices of a row-major and a column-major copy.
fn penalty(m: &[Color], w: usize) -> u16 {
    let rows: Vec<bool> = m.iter().map(|&c| c == Color::Dark).collect();
    let mut cols = vec![false; rows.len()];
    for y in 0..w {
        for x in 0..w {
            cols[x * w + y] = rows[y * w + x];
        }
    }
    let mut total: u16 = 0;
    for lines in [&rows, &cols] {
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
    for lines in [&rows, &cols] {
        let mut score: u16 = 0;
        for line in lines.chunks_exact(w) {
            score = score.wrapping_add(finder(line));
        }
        total = total.wrapping_add(score.wrapping_sub(360));
    }
    // Balance of dark and light.
    let n = rows.iter().filter(|&&d| d).count();
    let ratio = n * 200 / m.len();
    total.wrapping_add(ratio.abs_diff(100) as u16)
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
        assert_eq!(
            svg(urls[0].as_bytes(), 120).unwrap(),
            reference(urls[0].as_bytes(), 120)
        );
    }

    #[test]
    fn too_long_is_none() {
        assert!(modules(&[b'x'; 5000]).is_none());
    }
}
