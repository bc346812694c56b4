//! Value axes: "nice" ticks in 1-2-5 steps that always include zero, a fixed 0–100
//! axis for percentages, and mapping values to pixels.

use crate::stats::format_f64;

/// A linear value axis from `min` to `max` with ticks every `step`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Scale {
    pub min: f64,
    pub max: f64,
    pub step: f64,
    pub ticks: Vec<f64>,
    /// Decimals tick labels need (0 for steps ≥ 1).
    pub decimals: usize,
}

/// The 1, 2 or 5 × 10ⁿ closest (by ratio) to `raw`.
pub(super) fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .min_by(|a, b| (a / raw).ln().abs().total_cmp(&(b / raw).ln().abs()))
        .unwrap_or(mag)
}

/// An axis covering `lo..=hi` and zero with about five ticks; `percent` gives 0–100 by 20
/// (widened only if a value lies outside, which validation already refuses).
pub(super) fn nice_scale(lo: f64, hi: f64, percent: bool) -> Scale {
    let lo = if lo.is_finite() { lo.min(0.0) } else { 0.0 };
    let hi = if hi.is_finite() { hi.max(0.0) } else { 0.0 };
    if percent && lo >= 0.0 && hi <= 100.0 {
        return Scale {
            min: 0.0,
            max: 100.0,
            step: 20.0,
            ticks: (0..=5).map(|i| f64::from(i) * 20.0).collect(),
            decimals: 0,
        };
    }
    let (lo, hi) = if hi - lo <= 0.0 { (0.0, 5.0) } else { (lo, hi) };
    with_step(lo, hi, nice_step((hi - lo) / 5.0))
}

/// The least distance between two ticks, in design units (tick labels are 11 tall).
const MIN_TICK_GAP: f64 = 20.0;

/// When the ticks of `s` (made for `lo..=hi`) lie closer than [`MIN_TICK_GAP`] on an
/// axis `len` units long (a short printed chart), a scale with the next 1-2-5 steps
/// until they do not; `None` when `s` fits.
pub(super) fn coarser(s: &Scale, lo: f64, hi: f64, len: f64) -> Option<Scale> {
    let crowded =
        |s: &Scale| s.ticks.len() > 2 && len / ((s.ticks.len() - 1) as f64) < MIN_TICK_GAP;
    if !crowded(s) {
        return None;
    }
    let (lo, hi) = (lo.min(0.0), hi.max(0.0));
    let (lo, hi) = if hi - lo <= 0.0 { (0.0, 5.0) } else { (lo, hi) };
    let mut c = with_step(lo, hi, next_step(s.step));
    while crowded(&c) {
        c = with_step(lo, hi, next_step(c.step));
    }
    Some(c)
}

/// The 1-2-5 step after `step`: 1 → 2 → 5 → 10.
fn next_step(step: f64) -> f64 {
    let mag = 10f64.powf(step.log10().floor());
    match (step / mag).round() as i64 {
        1 => 2.0 * mag,
        2 => 5.0 * mag,
        _ => 10.0 * mag,
    }
}

/// Ticks every `step` covering `lo..=hi`.
fn with_step(lo: f64, hi: f64, step: f64) -> Scale {
    let first = (lo / step + 1e-9).floor() as i64;
    let last = (hi / step - 1e-9).ceil() as i64;
    let ticks: Vec<f64> = (first..=last).map(|k| k as f64 * step).collect();
    let decimals = if step >= 1.0 {
        0
    } else {
        (-(step.log10() + 1e-9).floor()) as usize
    };
    Scale {
        min: first as f64 * step,
        max: last as f64 * step,
        step,
        ticks,
        decimals,
    }
}

impl Scale {
    /// Where `v` lies between `min` (0.0) and `max` (1.0).
    pub(super) fn frac(&self, v: f64) -> f64 {
        if self.max > self.min {
            (v - self.min) / (self.max - self.min)
        } else {
            0.0
        }
    }

    /// A tick label with thousands separators (`1,500,000`, `0.5`).
    pub(super) fn label(&self, v: f64) -> String {
        format_f64(v, self.decimals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_one_two_five() {
        assert_eq!(nice_step(0.7), 0.5);
        assert_eq!(nice_step(1.3), 1.0);
        assert_eq!(nice_step(3.0), 2.0);
        assert_eq!(nice_step(4.0), 5.0);
        assert_eq!(nice_step(8.0), 10.0);
        assert_eq!(nice_step(220.0), 200.0);
        assert_eq!(nice_step(0.04), 0.05);
    }

    #[test]
    fn scales_include_zero_and_the_data() {
        let s = nice_scale(98.0, 110.0, false);
        assert_eq!((s.min, s.max, s.step), (0.0, 120.0, 20.0));
        assert_eq!(s.ticks.len(), 7);
        let s = nice_scale(0.0, 1_234_567.0, false);
        assert_eq!((s.max, s.step), (1_400_000.0, 200_000.0));
        assert_eq!(s.label(1_000_000.0), "1,000,000");
        let s = nice_scale(-12.0, 30.0, false);
        assert_eq!((s.min, s.max), (-20.0, 30.0));
        assert!(s.ticks.contains(&0.0));
        let s = nice_scale(0.0, 0.0, false);
        assert_eq!((s.min, s.max, s.step), (0.0, 5.0, 1.0));
        let s = nice_scale(0.0, 0.45, false);
        assert_eq!((s.step, s.decimals), (0.1, 1));
        assert_eq!(s.label(0.30000000000000004), "0.3");
    }

    #[test]
    fn short_axes_take_fewer_ticks() {
        let s = nice_scale(0.0, 125_000.0, false);
        assert_eq!((s.step, s.ticks.len()), (20_000.0, 8));
        assert_eq!(coarser(&s, 0.0, 125_000.0, 200.0), None);
        let c = coarser(&s, 0.0, 125_000.0, 117.0).expect("crowded");
        assert_eq!(c.step, 50_000.0);
        assert_eq!(c.ticks, vec![0.0, 50_000.0, 100_000.0, 150_000.0]);
        let p = nice_scale(0.0, 97.6, true);
        assert_eq!(coarser(&p, 0.0, 97.6, 60.0).map(|c| c.step), Some(50.0));
        assert_eq!(next_step(0.5), 1.0);
        assert_eq!(next_step(200.0), 500.0);
    }

    #[test]
    fn percent_axis_is_zero_to_hundred() {
        let s = nice_scale(97.2, 98.5, true);
        assert_eq!((s.min, s.max), (0.0, 100.0));
        assert_eq!(s.ticks, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(s.frac(50.0), 0.5);
    }
}
