//! Where the map's point labels go: a greedy placement that tries eight places around
//! each point and takes the first that stays inside the drawing area and overlaps no
//! marker, label or number placed before. A point whose whole name fits nowhere gets a
//! small numbered badge instead (placed the same way), and the map lists the numbers
//! with their names under the drawing. Names are never shortened.

/// A box: left, top, right, bottom.
pub(super) type Bbox = [f64; 4];

/// Height of a label's box (12-unit text).
pub(super) const LABEL_H: f64 = 15.0;
/// Height of a number badge.
pub(super) const BADGE_H: f64 = 14.0;
/// Half the size of the box a marker takes.
const MARK: f64 = 6.0;

/// What a point gets.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Spot {
    /// Its name, in this box.
    Label(Bbox),
    /// Number `n` (1-based), in this box.
    Number(usize, Bbox),
}

impl Spot {
    pub(super) fn bbox(&self) -> Bbox {
        match *self {
            Spot::Label(b) | Spot::Number(_, b) => b,
        }
    }
}

/// The width of the badge for number `n`.
pub(super) fn badge_w(n: usize) -> f64 {
    n.to_string().len() as f64 * 7.0 + 8.0
}

pub(super) fn intersects(a: &Bbox, b: &Bbox) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// The eight candidate boxes `w` × `h` around (x, y) at each distance of `ds`, nearest
/// first: right, left, above, below, then the corners.
fn candidates(x: f64, y: f64, w: f64, h: f64, ds: &[f64]) -> Vec<Bbox> {
    let mut out = Vec::with_capacity(8 * ds.len());
    for &d in ds {
        let c = d - 2.0;
        for (l, t) in [
            (x + d, y - h / 2.0),
            (x - d - w, y - h / 2.0),
            (x - w / 2.0, y - d - h),
            (x - w / 2.0, y + d),
            (x + c, y - c - h),
            (x + c, y + c),
            (x - c - w, y - c - h),
            (x - c - w, y + c),
        ] {
            out.push([l, t, l + w, t + h]);
        }
    }
    out
}

/// Place a label `widths[i]` wide for each point in `area`; points outside get a
/// number. Every returned box lies in `area` and no two returned boxes, nor a box and
/// another point's marker, intersect — except a badge that found no free place at all
/// (then it sits to the right of its point).
pub(super) fn place(points: &[(f64, f64)], widths: &[f64], area: Bbox) -> Vec<Spot> {
    let mut taken: Vec<Bbox> = points
        .iter()
        .map(|&(x, y)| [x - MARK, y - MARK, x + MARK, y + MARK])
        .collect();
    let inside =
        |b: &Bbox| b[0] >= area[0] && b[1] >= area[1] && b[2] <= area[2] && b[3] <= area[3];
    let free = |b: &Bbox, taken: &[Bbox]| inside(b) && !taken.iter().any(|o| intersects(b, o));
    let mut spots: Vec<Option<Spot>> = vec![None; points.len()];
    for (i, &(x, y)) in points.iter().enumerate() {
        if let Some(b) = candidates(x, y, widths[i] + 2.0, LABEL_H, &[8.0, 16.0])
            .into_iter()
            .find(|b| free(b, &taken))
        {
            taken.push(b);
            spots[i] = Some(Spot::Label(b));
        }
    }
    let mut next = 0;
    for (i, &(x, y)) in points.iter().enumerate() {
        if spots[i].is_some() {
            continue;
        }
        next += 1;
        let w = badge_w(next);
        let all = candidates(x, y, w, BADGE_H, &[8.0, 16.0, 26.0, 38.0, 52.0, 70.0]);
        let b = all
            .iter()
            .find(|b| free(b, &taken))
            .copied()
            .unwrap_or(all[0]);
        taken.push(b);
        spots[i] = Some(Spot::Number(next, b));
    }
    spots.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crowded_points_get_labels_or_numbers_and_no_box_overlaps() {
        // A dense cluster (every 9 units) and a few lone points near the edges.
        let mut pts: Vec<(f64, f64)> = (0..30)
            .map(|i| (100.0 + (i % 6) as f64 * 9.0, 100.0 + (i / 6) as f64 * 9.0))
            .collect();
        pts.extend([(15.0, 15.0), (395.0, 290.0), (200.0, 150.0)]);
        let widths: Vec<f64> = (0..pts.len())
            .map(|i| 40.0 + (i % 5) as f64 * 30.0)
            .collect();
        let area = [10.0, 10.0, 400.0, 300.0];
        let spots = place(&pts, &widths, area);
        assert_eq!(spots.len(), pts.len());
        let numbered = spots
            .iter()
            .filter(|s| matches!(s, Spot::Number(..)))
            .count();
        assert!(numbered > 0 && numbered < pts.len(), "{numbered}");
        // The lone points are labelled, with their whole width.
        for i in 30..33 {
            let Spot::Label(b) = spots[i] else {
                panic!("{i} numbered")
            };
            assert!((b[2] - b[0] - widths[i] - 2.0).abs() < 1e-9);
        }
        for (i, s) in spots.iter().enumerate() {
            let b = s.bbox();
            assert!(
                b[0] >= 10.0 && b[1] >= 10.0 && b[2] <= 400.0 && b[3] <= 300.0,
                "{b:?}"
            );
            for (j, t) in spots.iter().enumerate().skip(i + 1) {
                assert!(!intersects(&b, &t.bbox()), "{i} {s:?} / {j} {t:?}");
            }
            for (j, &(x, y)) in pts.iter().enumerate() {
                let m = [x - MARK, y - MARK, x + MARK, y + MARK];
                assert!(!intersects(&b, &m), "spot {i} covers point {j}");
            }
        }
    }
}
