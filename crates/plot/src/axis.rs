//! The axes of a [`LineFigure`](super::LineFigure): linear, or logarithmic
//! as matplotlib's `semilogy`, `semilogx` and `loglog`. The book plots
//! relative errors on a logarithmic axis (`numerical_stability.md`), which
//! span many orders of magnitude, and softmax against the temperature
//! (`softmax_in_depth.md`), where T = 0.1 and T = 10 deserve the same room.
//!
//! A linear axis has plotters' ticks, labelled without floating-point noise.
//! A logarithmic axis has its grid lines and labels at powers of ten (10⁻¹⁶,
//! 10⁻⁸, …), or at 1, 2 and 5 times a power of ten when it holds fewer than
//! four powers of ten.

use super::tick;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use std::ops::Range;

/// How an axis maps values to positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// Equal steps for equal differences (the default).
    Linear,
    /// Equal steps for equal ratios: 10⁻⁸ is as far from 10⁻⁷ as 1 from 10.
    /// Every value drawn on it must be positive.
    Log,
}

impl Scale {
    /// A value's position on an axis of this scale (log₁₀ of it on a
    /// logarithmic axis).
    pub(crate) fn position(self, v: f64) -> f64 {
        match self {
            Scale::Linear => v,
            Scale::Log => v.log10(),
        }
    }
}

/// One axis in plotting coordinates: its range and its labelled ticks.
pub(crate) struct Axis {
    range: Range<f64>,
    ticks: Vec<(f64, String)>,
}

impl Axis {
    /// `range` is in plotting coordinates (log₁₀ on a logarithmic axis);
    /// `labels` is about how many ticks a linear axis gets.
    pub(crate) fn new(scale: Scale, range: Range<f64>, labels: usize) -> Self {
        let ticks = match scale {
            Scale::Linear => RangedCoordf64::from(range.clone())
                .key_points(labels)
                .into_iter()
                .map(|v| (v, tick(v)))
                .collect(),
            Scale::Log => log_ticks(&range),
        };
        Axis { range, ticks }
    }

    /// The coordinate plotters draws this axis with.
    pub(crate) fn coordinates(&self) -> Ticked {
        Ticked {
            linear: self.range.clone().into(),
            ticks: self.ticks.iter().map(|t| t.0).collect(),
        }
    }

    /// The label of the tick at `position` (plotters asks for exactly these).
    pub(crate) fn label(&self, position: f64) -> String {
        self.ticks
            .iter()
            .min_by(|a, b| (a.0 - position).abs().total_cmp(&(b.0 - position).abs()))
            .map(|t| t.1.clone())
            .unwrap_or_default()
    }
}

/// A linear coordinate with our own ticks (and grid lines) instead of
/// plotters' choice. (plotters' `with_key_points` does the same, but then
/// refuses a label formatter.)
pub(crate) struct Ticked {
    linear: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.linear.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new() // no light grid lines
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.linear.range()
    }
}

/// The ticks of a logarithmic axis spanning `range` (in log₁₀): every power
/// of ten, or every second, third, … one so that at most 12 remain; for
/// fewer than four powers of ten, 1, 2 and 5 times each power.
fn log_ticks(range: &Range<f64>) -> Vec<(f64, String)> {
    let (first, last) = (range.start.ceil() as i32, range.end.floor() as i32);
    let decades = (last - first + 1).max(0);
    if decades >= 4 {
        let step = (decades + 11) / 12;
        let offset = last.rem_euclid(step); // keep 10⁰ when it is in range
        (first..=last)
            .filter(|k| k.rem_euclid(step) == offset)
            .map(|k| (f64::from(k), power_of_ten(k)))
            .collect()
    } else {
        let (lo, hi) = (range.start.floor() as i32, range.end.ceil() as i32);
        (lo..=hi)
            .flat_map(|k| [1, 2, 5].map(|m| (m, k)))
            .map(|(m, k)| (f64::from(m).log10() + f64::from(k), m, k))
            .filter(|(position, _, _)| range.contains(position))
            .map(|(position, m, k)| (position, times_power_of_ten(m, k)))
            .collect()
    }
}

/// 10ᵏ with a superscript exponent, as matplotlib writes it: "10⁻¹⁶".
fn power_of_ten(k: i32) -> String {
    let exponent: String = k
        .to_string()
        .chars()
        .map(|c| match c {
            '-' => '⁻',
            digit => ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹']
                [digit.to_digit(10).unwrap_or(0) as usize],
        })
        .collect();
    format!("10{exponent}")
}

/// m·10ᵏ written exactly: as a decimal number ("0.05", "200") for
/// −4 ≤ k ≤ 5, otherwise as "5×10⁻⁹".
fn times_power_of_ten(m: i32, k: i32) -> String {
    match k {
        0..=5 => format!("{m}{}", "0".repeat(k as usize)),
        -4..=-1 => format!("0.{}{m}", "0".repeat((-k - 1) as usize)),
        _ if m == 1 => power_of_ten(k),
        _ => format!("{m}×{}", power_of_ten(k)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logarithmic_ticks() {
        let labels = |lo: f64, hi: f64| -> Vec<String> {
            log_ticks(&(lo..hi)).into_iter().map(|t| t.1).collect()
        };
        assert_eq!(labels(-10.2, 0.3), {
            let k: Vec<String> = (-10..=0).map(power_of_ten).collect();
            k
        });
        assert_eq!(labels(-18.5, 0.5), {
            let k: Vec<String> = (-18..=0).step_by(2).map(power_of_ten).collect();
            k
        });
        assert_eq!(
            labels(-1.31, 1.31),
            ["0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10", "20"]
        );
        assert_eq!(labels(-9.5, -8.5), ["5×10⁻¹⁰", "10⁻⁹", "2×10⁻⁹"]);
        assert_eq!(power_of_ten(-16), "10⁻¹⁶");
        assert_eq!(power_of_ten(308), "10³⁰⁸");
        assert_eq!(times_power_of_ten(5, -2), "0.05");
        assert_eq!(times_power_of_ten(2, 3), "2000");
    }
}
