//! RReLU (randomized leaky ReLU) and its derivative.

use crate::Float;
use crate::math;
use rand::{Rng, RngCore};

// ANCHOR: rrelu_mode
/// Which RReLU to compute: the random slope of training, or the fixed mean
/// slope of evaluation. Only training needs a random number generator, so only
/// [`RreluMode::Training`] carries one.
pub enum RreluMode<'a> {
    /// α is drawn uniformly from [`lower`, `upper`], one `f64` from the
    /// generator for every call.
    Training(&'a mut dyn RngCore),
    /// α = (lower + upper)/2; nothing is drawn.
    Evaluation,
}
// ANCHOR_END: rrelu_mode

// ANCHOR: rrelu
/// RReLU (Xu et al. 2015): x for x > 0, αx otherwise, with a random slope α.
///
/// * **Training** ([`RreluMode::Training`]`(rng)`): α is drawn uniformly from
///   [`lower`, `upper`] — one `f64` from `rng` (`rng.random::<f64>()`, uniform
///   in [0, 1)) for every call, whatever x is, so the random stream advances
///   the same way for any data. (PyTorch's CPU kernel draws only for x ≤ 0.)
/// * **Evaluation** ([`RreluMode::Evaluation`]): α = (lower + upper)/2, and
///   no generator is needed; this is then Leaky ReLU with that slope.
///
/// PyTorch's defaults (`torch.nn.functional.rrelu`) are lower = 1/8 and
/// upper = 1/3. If lower > upper the slope is drawn from [upper, lower].
///
/// [`rrelu_derivative`] draws its α in exactly the same way, so called with a
/// generator in the same state — a clone taken before the forward call — it
/// returns the derivative at the very α this call used:
///
/// ```
/// use activations::{RreluMode, rrelu, rrelu_derivative};
/// use rand::SeedableRng;
/// use rand_chacha::ChaCha8Rng;
///
/// let mut rng = ChaCha8Rng::seed_from_u64(7);
/// let before = rng.clone();
/// let y = rrelu(-2.0_f64, 1.0 / 8.0, 1.0 / 3.0, RreluMode::Training(&mut rng));
/// let slope = rrelu_derivative(
///     -2.0_f64,
///     1.0 / 8.0,
///     1.0 / 3.0,
///     RreluMode::Training(&mut before.clone()),
/// );
/// assert_eq!(y, -2.0 * slope);
/// assert!((1.0 / 8.0..=1.0 / 3.0).contains(&slope));
/// // Evaluation mode is deterministic and needs no generator.
/// let mid = rrelu(-2.0_f64, 0.125, 0.375, RreluMode::Evaluation);
/// assert_eq!(mid, -0.5);
/// ```
///
/// NaN gives NaN (a NaN bound too, for x ≤ 0); rrelu(+∞) = +∞;
/// rrelu(−∞) = −∞ for a positive slope.
///
/// For the 16-bit types (feature `half`) evaluation mode is computed in `f32`
/// and rounded once, like every scalar function (see low_precision.md). In
/// training the slope is drawn as above and rounded once to `T`; then x·α is
/// one multiplication of the 16-bit type, which the `half` crate rounds
/// correctly: exact for that α, whose own rounding is part of the draw.
pub fn rrelu<T: Float>(x: T, lower: T, upper: T, mode: RreluMode<'_>) -> T {
    if matches!(mode, RreluMode::Evaluation)
        && let Some(y) = math::via_wide3(x, lower, upper, |x, l, u| {
            rrelu(x, l, u, RreluMode::Evaluation)
        })
    {
        return y;
    }
    let alpha = slope(lower, upper, mode);
    if x > T::zero() { x } else { x * alpha }
}
// ANCHOR_END: rrelu

// ANCHOR: rrelu_derivative
/// Derivative of RReLU: 1 for x > 0, α otherwise (α at the kink x = 0, as for
/// Leaky ReLU).
///
/// α is drawn exactly as [`rrelu`] draws it (one number per call in training,
/// none in evaluation), so a generator in the same state gives the slope of
/// the matching forward call. NaN gives NaN.
pub fn rrelu_derivative<T: Float>(x: T, lower: T, upper: T, mode: RreluMode<'_>) -> T {
    if matches!(mode, RreluMode::Evaluation)
        && let Some(y) = math::via_wide3(x, lower, upper, |x, l, u| {
            rrelu_derivative(x, l, u, RreluMode::Evaluation)
        })
    {
        return y;
    }
    let alpha = slope(lower, upper, mode);
    if x > T::zero() {
        T::one()
    } else if x.is_nan() {
        x
    } else {
        alpha
    }
}
// ANCHOR_END: rrelu_derivative

// ANCHOR: rrelu_slope
/// The slope α of one call: drawn in training, the midpoint otherwise.
///
/// The draw is lower + (upper − lower)·u with u uniform in [0, 1), computed in
/// `f64` and rounded once to `T`; the result is kept within the bounds (the
/// rounding could otherwise step one ULP past `upper`).
fn slope<T: Float>(lower: T, upper: T, mode: RreluMode<'_>) -> T {
    let two = T::one() + T::one();
    let rng = match mode {
        RreluMode::Training(rng) => rng,
        RreluMode::Evaluation => return (lower + upper) / two,
    };
    let u: f64 = rng.random();
    let (lo, hi) = (lower.to_f64(), upper.to_f64());
    let (Some(lo), Some(hi)) = (lo, hi) else {
        return T::nan();
    };
    let alpha = lo + (hi - lo) * u;
    let (min, max) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    let alpha = if alpha > max {
        max
    } else if alpha < min {
        min
    } else {
        alpha // also NaN, from a NaN bound
    };
    T::from(alpha).unwrap_or_else(T::nan)
}
// ANCHOR_END: rrelu_slope

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{central_difference, grid};
    use crate::{leaky_relu, leaky_relu_derivative};
    use approx::assert_relative_eq;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// The mode for a `training` flag, with `rng` for training.
    fn mode(training: bool, rng: &mut ChaCha8Rng) -> RreluMode<'_> {
        if training {
            RreluMode::Training(rng)
        } else {
            RreluMode::Evaluation
        }
    }

    // PyTorch's defaults.
    const LO: f64 = 1.0 / 8.0;
    const HI: f64 = 1.0 / 3.0;

    #[test]
    fn evaluation_mode_is_leaky_relu_with_the_mean_slope() {
        let mid = (LO + HI) / 2.0;
        for x in grid(-5.0, 5.0, 101) {
            assert_eq!(rrelu(x, LO, HI, RreluMode::Evaluation), leaky_relu(x, mid));
            assert_eq!(
                rrelu_derivative(x, LO, HI, RreluMode::Evaluation),
                leaky_relu_derivative(x, mid)
            );
        }
        assert_eq!(rrelu(-1.0_f32, 0.125, 0.375, RreluMode::Evaluation), -0.25);
        assert_eq!(rrelu(0.0_f64, LO, HI, RreluMode::Evaluation), 0.0);
        assert_eq!(
            rrelu_derivative(0.0_f64, LO, HI, RreluMode::Evaluation),
            mid
        );
    }

    #[test]
    fn training_mode_draws_one_slope_per_call_within_the_bounds() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let mut slopes = Vec::new();
        for _ in 0..10_000 {
            let reference = rng.clone();
            let y = rrelu(-1.0_f64, LO, HI, RreluMode::Training(&mut rng));
            let slope = -y;
            assert!((LO..=HI).contains(&slope), "{slope}");
            // Exactly one f64 was drawn, and it gave the slope.
            let mut replay = reference.clone();
            let u: f64 = replay.random();
            assert_eq!(replay, rng);
            assert_eq!(slope, LO + (HI - LO) * u);
            slopes.push(slope);
        }
        // Uniform: mean (lower + upper)/2, variance (upper − lower)²/12.
        let n = slopes.len() as f64;
        let mean = slopes.iter().sum::<f64>() / n;
        let var = slopes.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n;
        assert_relative_eq!(mean, (LO + HI) / 2.0, max_relative = 5e-3);
        assert_relative_eq!(var, (HI - LO).powi(2) / 12.0, max_relative = 5e-2);
        // Positive inputs pass unchanged but still consume a draw.
        let before = rng.clone();
        assert_eq!(rrelu(2.5_f64, LO, HI, RreluMode::Training(&mut rng)), 2.5);
        assert_ne!(rng, before);
    }

    #[test]
    fn derivative_replays_the_forward_slope() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for x in grid(-4.0, 4.0, 81) {
            let snapshot = rng.clone();
            let y = rrelu(x, LO, HI, RreluMode::Training(&mut rng));
            let d = rrelu_derivative(x, LO, HI, RreluMode::Training(&mut snapshot.clone()));
            if x > 0.0 {
                assert_eq!((y, d), (x, 1.0));
            } else {
                assert_eq!(y, x * d);
                assert!((LO..=HI).contains(&d));
            }
        }
        // f32 draws the same f64 and rounds it once.
        let mut a = ChaCha8Rng::seed_from_u64(4);
        let mut b = a.clone();
        let s32 = rrelu_derivative(-1.0_f32, 0.125, 1.0 / 3.0, RreluMode::Training(&mut a));
        let s64 = rrelu_derivative(
            -1.0_f64,
            0.125,
            f64::from(1.0_f32 / 3.0),
            RreluMode::Training(&mut b),
        );
        assert_eq!(s32, s64 as f32);
    }

    #[test]
    fn special_values() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for training in [false, true] {
            assert!(rrelu(f64::NAN, LO, HI, mode(training, &mut rng)).is_nan());
            assert!(rrelu(f32::NAN, 0.125, 0.25, mode(training, &mut rng)).is_nan());
            assert!(rrelu_derivative(f64::NAN, LO, HI, mode(training, &mut rng)).is_nan());
            assert_eq!(
                rrelu(f64::INFINITY, LO, HI, mode(training, &mut rng)),
                f64::INFINITY
            );
            assert_eq!(
                rrelu(f64::NEG_INFINITY, LO, HI, mode(training, &mut rng)),
                f64::NEG_INFINITY
            );
            assert_eq!(
                rrelu_derivative(f64::INFINITY, LO, HI, mode(training, &mut rng)),
                1.0
            );
            assert!(rrelu(-1.0, f64::NAN, HI, mode(training, &mut rng)).is_nan());
            assert!(rrelu(-0.0_f64, LO, HI, mode(training, &mut rng)).is_sign_negative());
        }
        // Equal bounds: the slope is that bound.
        assert_eq!(
            rrelu(-4.0_f64, 0.25, 0.25, RreluMode::Training(&mut rng)),
            -1.0
        );
        // Reversed bounds: still between them.
        let s = rrelu_derivative(-1.0_f64, HI, LO, RreluMode::Training(&mut rng));
        assert!((LO..=HI).contains(&s));
        // A generator behind `dyn` works too.
        let dynamic: &mut dyn rand::RngCore = &mut rng;
        assert!((LO..=HI).contains(&rrelu_derivative(
            -1.0,
            LO,
            HI,
            RreluMode::Training(dynamic)
        )));
    }

    #[test]
    fn derivative_matches_finite_differences_for_a_fixed_slope() {
        // With a fixed generator state, the slope is fixed and rrelu is linear
        // on each side of 0.
        let rng = ChaCha8Rng::seed_from_u64(6);
        for x in grid(-10.0, 10.0, 200) {
            let fd = central_difference(
                |x| rrelu(x, LO, HI, RreluMode::Training(&mut rng.clone())),
                x,
            );
            let d = rrelu_derivative(x, LO, HI, RreluMode::Training(&mut rng.clone()));
            assert_relative_eq!(d, fd, max_relative = 1e-8);
        }
    }
}
