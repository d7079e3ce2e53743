//! Softmax: turns a vector of logits into a probability distribution.

use crate::Float;
use crate::math;

// ANCHOR: softmax
/// Softmax, pᵢ = e^(xᵢ) / Σⱼ e^(xⱼ), computed as e^(xᵢ − m) / Σⱼ e^(xⱼ − m)
/// with m = maxⱼ xⱼ, exactly as the notebook does.
///
/// Subtracting the maximum makes every exponent ≤ 0, so nothing overflows and
/// the largest term is exactly 1, so the sum lies in [1, n]. Two further steps
/// keep every probability within a few ULP, even the tiny ones:
///
/// * the difference xᵢ − m is rounded, and e^(d + δ) = e^d·(1 + δ) turns an
///   absolute error δ in d into a *relative* error δ in the result — up to
///   hundreds of ULP once |d| is in the hundreds. We recover the rounding
///   error δ exactly (Knuth's TwoSum) and apply the factor (1 + δ);
/// * the sum is compensated (Neumaier), so its error does not grow with n.
///
/// For `f32` logits all of this runs in `f64` and each probability is rounded
/// once: in `f32` itself the errors of `expf`, of the correction and of the
/// division still reach 3 ULP.
///
/// Special values: an empty slice gives an empty `Vec`; a NaN anywhere gives
/// NaN everywhere (like numpy); a `-∞` logit gets probability 0; a single `+∞`
/// logit takes all the probability (the limit); with several `+∞` logits, or
/// with every logit `-∞`, there is no limit and the result is NaN.
pub fn softmax<T: Float>(logits: &[T]) -> Vec<T> {
    if let Some(probabilities) = in_f64(logits) {
        return probabilities; // T is f32
    }
    if logits.iter().any(|x| x.is_nan()) {
        return vec![T::nan(); logits.len()];
    }
    let Some(m) = logits.iter().copied().reduce(T::max) else {
        return Vec::new();
    };
    if m == T::infinity() {
        return limit_with_infinite_logits(logits);
    }
    let exps: Vec<T> = logits.iter().map(|&x| shifted_exp(x, m)).collect();
    let sum = compensated_sum(&exps);
    exps.into_iter().map(|e| e / sum).collect()
}
// ANCHOR_END: softmax

/// For a `T` less precise than `f64` (`f32`, or a 16-bit type): the `f64` softmax of the
/// (exactly widened) logits, each probability rounded once to `T`. `None` for
/// `f64` itself.
fn in_f64<T: Float>(logits: &[T]) -> Option<Vec<T>> {
    if T::epsilon().to_f64()? <= f64::EPSILON {
        return None;
    }
    let wide = logits
        .iter()
        .map(|x| x.to_f64())
        .collect::<Option<Vec<f64>>>()?;
    softmax(&wide).into_iter().map(T::from).collect()
}

/// e^(x − m), with the rounding error of the subtraction put back in.
pub(crate) fn shifted_exp<T: Float>(x: T, m: T) -> T {
    let d = x - m;
    let e = math::exp(d);
    if e == T::zero() || !d.is_finite() {
        return e; // underflowed (or m = -∞): there is nothing to correct
    }
    // TwoSum: d + delta == x - m exactly.
    let m_part = d - x;
    let delta = (x - (d - m_part)) + (-m - m_part);
    e + e * delta
}

/// Σ values, with Neumaier's compensation: the error stays O(ε), not O(nε).
pub(crate) fn compensated_sum<T: Float>(values: &[T]) -> T {
    let (mut sum, mut compensation) = (T::zero(), T::zero());
    for &v in values {
        let t = sum + v;
        compensation = compensation
            + if sum.abs() >= v.abs() {
                (sum - t) + v
            } else {
                (v - t) + sum
            };
        sum = t;
    }
    sum + compensation
}

/// Softmax when the largest logit is +∞: the limit, where one exists.
fn limit_with_infinite_logits<T: Float>(logits: &[T]) -> Vec<T> {
    let infinite = logits.iter().filter(|x| **x == T::infinity()).count();
    let fill = |x: T| match (infinite, x == T::infinity()) {
        (1, true) => T::one(),
        (1, false) => T::zero(),
        _ => T::nan(),
    };
    logits.iter().map(|&x| fill(x)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn notebook_example() {
        let p = softmax(&[2.0_f64, 1.0, 0.1]);
        // numpy prints [0.65900114 0.24243297 0.09856589]; these are the
        // exact values rounded to 17 digits (Python's decimal, 40 digits).
        assert_relative_eq!(p[0], 0.659_001_138_885_967_9, max_relative = 1e-15);
        assert_relative_eq!(p[1], 0.242_432_970_704_713_92, max_relative = 1e-15);
        assert_relative_eq!(p[2], 0.098_565_890_409_318_17, max_relative = 1e-15);
        assert_relative_eq!(p.iter().sum::<f64>(), 1.0, max_relative = 1e-15);
    }

    #[test]
    fn shift_invariance_and_huge_logits() {
        let base = softmax(&[2.0_f64, 1.0, 0.1]);
        for shift in [-1000.0, 1000.0, 1e6] {
            let shifted: Vec<f64> = [2.0, 1.0, 0.1].iter().map(|x| x + shift).collect();
            for (a, b) in softmax(&shifted).iter().zip(&base) {
                assert_relative_eq!(a, b, max_relative = 1e-9);
            }
        }
        // The naive formula gives NaN (∞/∞) here; the stable one does not.
        let p = softmax(&[1000.0_f64, 1001.0, 1002.0]);
        assert!(p.iter().all(|x| x.is_finite()));
        let naive: Vec<f64> = [1000.0_f64, 1001.0, 1002.0]
            .iter()
            .map(|x| x.exp())
            .collect();
        assert!(naive.iter().all(|e| e.is_infinite()));
        let p32 = softmax(&[f32::MAX, f32::MAX, -f32::MAX]);
        assert_eq!(p32, vec![0.5, 0.5, 0.0]);
    }

    #[test]
    fn special_values() {
        assert!(softmax::<f64>(&[]).is_empty());
        assert_eq!(softmax(&[7.0_f32]), vec![1.0]);
        assert_eq!(softmax(&[0.0_f64, f64::NEG_INFINITY]), vec![1.0, 0.0]);
        assert_eq!(
            softmax(&[f64::INFINITY, 3.0, f64::NEG_INFINITY]),
            vec![1.0, 0.0, 0.0]
        );
        assert!(
            softmax(&[f64::INFINITY, f64::INFINITY])
                .iter()
                .all(|x| x.is_nan())
        );
        assert!(softmax(&[f32::NEG_INFINITY; 3]).iter().all(|x| x.is_nan()));
        assert!(
            softmax(&[1.0_f64, f64::NAN, 2.0])
                .iter()
                .all(|x| x.is_nan())
        );
    }

    #[test]
    fn tiny_probabilities_keep_their_precision() {
        // x₀ − m is not representable here: -699.7 - 0.3 rounds. The exact
        // answer is e^(x₀−m) / (1 + e^(x₀−m)) with x₀−m computed exactly.
        let x0 = -699.7_f64;
        let m = 0.3_f64;
        let p = softmax(&[x0, m]);
        let d = x0 - m;
        let m_part = d - x0;
        let delta = (x0 - (d - m_part)) + (-m - m_part);
        assert!(delta != 0.0, "the test needs a rounded difference");
        let expected = d.exp() * (1.0 + delta);
        assert_relative_eq!(p[0], expected, max_relative = 4.0 * f64::EPSILON);
        assert_eq!(p[1], 1.0);
    }

    #[test]
    fn sums_to_one_for_many_classes() {
        let logits: Vec<f32> = (0..10_000)
            .map(|i| ((i * 7919) % 1000) as f32 / 100.0)
            .collect();
        let p = softmax(&logits);
        let sum: f64 = p.iter().map(|&x| f64::from(x)).sum();
        assert_relative_eq!(sum, 1.0, max_relative = 1e-6);
        assert!(p.iter().all(|&x| x > 0.0 && x < 1.0));
    }
}
