//! ELU (exponential linear unit) and its derivative.

use crate::Float;
use crate::math;

use crate::double_double::{Dd, exp_mul, via_f64_2};

// ANCHOR: elu
/// ELU (Clevert et al. 2015): x for x > 0, α(eˣ − 1) otherwise.
///
/// The negative branch is written with `exp_m1`, eˣ − 1 computed as one
/// function: `x.exp() - 1.0` cancels for small |x| (for |x| < 2⁻⁵³ it returns
/// 0 instead of x, and near 10⁻⁸ half its digits are wrong), while `exp_m1`
/// is accurate to an ULP everywhere. PyTorch's default α is 1.
///
/// For `f32` the formula runs in `f64` and the result is rounded once.
///
/// NaN gives NaN; elu(+∞) = +∞; elu(−∞) = −α; elu(−0) = −0 (for α > 0).
pub fn elu<T: Float>(x: T, alpha: T) -> T {
    if let Some(y) = math::via_wide2(x, alpha, elu) {
        return y;
    }
    via_f64_2(x, alpha, elu_f64)
}
// ANCHOR_END: elu

// ANCHOR: elu_f64
fn elu_f64(x: f64, alpha: f64) -> f64 {
    if x > 0.0 { x } else { alpha * math::exp_m1(x) }
}
// ANCHOR_END: elu_f64

// ANCHOR: elu_derivative
/// Derivative of ELU: 1 for x > 0, αeˣ otherwise.
///
/// At the kink x = 0 the value is α (PyTorch's `elu_backward` takes the
/// branch x ≤ 0 there; for α = 1 both sides agree). The product αeˣ is formed
/// before it is rounded into the subnormal range, so that a large α does not
/// magnify the digits eˣ has lost there.
///
/// NaN gives NaN; elu′(+∞) = 1; elu′(−∞) = 0.
pub fn elu_derivative<T: Float>(x: T, alpha: T) -> T {
    if let Some(y) = math::via_wide2(x, alpha, elu_derivative) {
        return y;
    }
    via_f64_2(x, alpha, |x, alpha| {
        if x > 0.0 {
            1.0
        } else {
            exp_mul(Dd::from_f64(alpha), Dd::from_f64(x)).to_f64()
        }
    })
}
// ANCHOR_END: elu_derivative

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{central_difference, grid};
    use approx::assert_relative_eq;

    #[test]
    fn known_values() {
        assert_eq!(elu(2.0_f64, 1.0), 2.0);
        assert_eq!(elu(0.0_f64, 1.0), 0.0);
        assert_relative_eq!(
            elu(-1.0_f64, 1.0),
            -0.632_120_558_828_557_7,
            max_relative = 1e-15
        );
        assert_relative_eq!(
            elu(-1.0_f64, 0.5),
            -0.316_060_279_414_278_8,
            max_relative = 1e-15
        );
        assert_relative_eq!(elu(-1.0_f32, 1.0), -0.632_120_56, max_relative = 1e-7);
        assert_eq!(elu_derivative(2.0_f64, 0.5), 1.0);
        assert_eq!(elu_derivative(0.0_f64, 0.5), 0.5);
        assert_relative_eq!(
            elu_derivative(-1.0_f64, 1.0),
            0.367_879_441_171_442_3,
            max_relative = 1e-15
        );
    }

    #[test]
    fn special_values() {
        assert_eq!(elu(f64::INFINITY, 1.0), f64::INFINITY);
        assert_eq!(elu(f64::NEG_INFINITY, 1.0), -1.0);
        assert_eq!(elu(f32::NEG_INFINITY, 0.5), -0.5);
        assert!(elu(f64::NAN, 1.0).is_nan());
        assert!(elu(f32::NAN, 1.0).is_nan());
        assert!(elu(-0.0_f64, 1.0).is_sign_negative());
        assert_eq!(elu(f64::MAX, 1.0), f64::MAX);
        assert_eq!(elu(-f64::MAX, 2.0), -2.0);
        assert_eq!(elu_derivative(f64::INFINITY, 1.0), 1.0);
        assert_eq!(elu_derivative(f64::NEG_INFINITY, 1.0), 0.0);
        assert!(elu_derivative(f64::NAN, 1.0).is_nan());
        assert!(elu_derivative(f32::NAN, 1.0).is_nan());
        // Tiny inputs: eˣ − 1 = x + x²/2 + …, so elu(x, 1) == x.
        assert_eq!(elu(-1e-300_f64, 1.0), -1e-300);
        assert_eq!(elu(-f64::from_bits(1), 1.0), -f64::from_bits(1));
        assert_eq!(elu(-1e-30_f32, 1.0), -1e-30);
        // Far out, αeˣ is subnormal but not flushed.
        assert!(elu_derivative(-740.0_f64, 1.0) > 0.0);
        assert_relative_eq!(
            elu_derivative(-700.0_f64, 3.0),
            3.0 * (-700.0_f64).exp(),
            max_relative = 1e-15
        );
    }

    #[test]
    fn exp_m1_does_not_cancel() {
        for x in [-1e-8_f64, -1e-12, -1e-17] {
            let naive = x.exp() - 1.0;
            let good = elu(x, 1.0);
            assert_relative_eq!(good, x + x * x / 2.0, max_relative = 1e-15);
            assert!((naive - good).abs() > 1e-10 * good.abs() || naive == 0.0);
        }
    }

    #[test]
    fn continuous_and_monotone() {
        for alpha in [0.1, 1.0, 1.7] {
            let xs = grid(-30.0, 30.0, 6001);
            for w in xs.windows(2) {
                assert!(elu(w[0], alpha) <= elu(w[1], alpha));
            }
            assert!(elu(-1e-12, alpha).abs() < 1e-11);
        }
    }

    #[test]
    fn derivative_matches_finite_differences_away_from_the_kink() {
        for alpha in [0.1, 1.0, 1.7] {
            for x in grid(-20.0, 20.0, 400) {
                let fd = central_difference(|x| elu(x, alpha), x);
                assert_relative_eq!(
                    elu_derivative(x, alpha),
                    fd,
                    epsilon = 1e-10,
                    max_relative = 1e-7
                );
            }
        }
    }
}
