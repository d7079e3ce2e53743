//! Softplus and its derivative.

use crate::Float;
use crate::math;

use crate::double_double::via_f64;

// ANCHOR: softplus
/// Softplus, ln(1 + eˣ): a smooth ReLU.
///
/// The textbook `np.log(1 + np.exp(x))` overflows for x > 709.78 (`f64`) and
/// returns ∞, and for x < −36.7 it returns 0 because 1 + eˣ rounds to 1, although
/// ln(1 + eˣ) ≈ eˣ. The form max(x, 0) + ln_1p(e^(−|x|)) has neither problem:
/// the exponential is at most 1, and `ln_1p` computes ln(1 + u) without first
/// rounding 1 + u. For x > 0 the logarithm is a small correction to x.
///
/// PyTorch's `softplus` (β = 1, threshold = 20) returns x itself once x > 20,
/// which is off by ln(1 + e⁻²⁰) ≈ 2·10⁻⁹ absolute (1·10⁻¹⁰ relative); this function is accurate there too
/// (it becomes x where ln(1 + e⁻ˣ) drops below half an ULP of x).
/// For `f32` the formula runs in `f64` and the result is rounded once.
///
/// NaN gives NaN; softplus(+∞) = +∞; softplus(−∞) = 0; softplus(0) = ln 2.
pub fn softplus<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, softplus) {
        return y;
    }
    via_f64(x, |x| {
        if x > 0.0 {
            x + math::ln_1p(math::exp(-x))
        } else {
            // Also reached by NaN, which propagates through `exp`.
            math::ln_1p(math::exp(x))
        }
    })
}
// ANCHOR_END: softplus

// ANCHOR: softplus_derivative
/// Derivative of softplus: the sigmoid, σ(x) = 1/(1 + e⁻ˣ), computed by
/// [`sigmoid`](fn@crate::sigmoid) (in `f64`, rounded once for `f32`).
///
/// NaN gives NaN; softplus′(−∞) = 0; softplus′(+∞) = 1.
pub fn softplus_derivative<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, softplus_derivative) {
        return y;
    }
    via_f64(x, crate::sigmoid::<f64>)
}
// ANCHOR_END: softplus_derivative

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sigmoid;
    use crate::test_support::{central_difference, grid};
    use approx::assert_relative_eq;

    #[test]
    fn known_values() {
        assert_eq!(softplus(0.0_f64), std::f64::consts::LN_2);
        assert_eq!(softplus(0.0_f32), std::f32::consts::LN_2);
        assert_relative_eq!(
            softplus(1.0_f64),
            1.313_261_687_518_222_8,
            max_relative = 1e-15
        );
        assert_relative_eq!(
            softplus(-1.0_f64),
            0.313_261_687_518_222_8,
            max_relative = 1e-15
        );
        assert_eq!(softplus_derivative(0.0_f64), 0.5);
    }

    #[test]
    fn special_values() {
        assert_eq!(softplus(f64::INFINITY), f64::INFINITY);
        assert_eq!(softplus(f64::NEG_INFINITY), 0.0);
        assert_eq!(softplus(f32::NEG_INFINITY), 0.0);
        assert!(softplus(f64::NAN).is_nan() && softplus(f32::NAN).is_nan());
        assert_eq!(softplus(f64::MAX), f64::MAX);
        assert_eq!(softplus(f32::MAX), f32::MAX);
        assert_eq!(softplus(-f64::MAX), 0.0);
        assert_eq!(softplus_derivative(f64::INFINITY), 1.0);
        assert_eq!(softplus_derivative(f64::NEG_INFINITY), 0.0);
        assert!(softplus_derivative(f64::NAN).is_nan());
    }

    #[test]
    fn neither_overflow_nor_flush_to_zero() {
        let naive = |x: f64| (1.0 + x.exp()).ln();
        assert_eq!(naive(710.0), f64::INFINITY);
        assert_eq!(softplus(710.0_f64), 710.0);
        assert_eq!(naive(-40.0), 0.0);
        assert_relative_eq!(softplus(-40.0_f64), (-40.0_f64).exp(), max_relative = 1e-15);
        assert_relative_eq!(
            softplus(-700.0_f64),
            (-700.0_f64).exp(),
            max_relative = 1e-15
        );
        assert!(softplus(-745.0_f64) > 0.0 && softplus(-746.0_f64) == 0.0);
        assert!(softplus(-103.0_f32) > 0.0);
        // Beyond 33.3, ln(1 + e⁻ˣ) < e⁻ˣ is below half an ULP of x.
        assert_eq!(softplus(33.3_f64), 33.3);
        assert!(softplus(33.2_f64) > 33.2);
    }

    #[test]
    fn identities() {
        for x in grid(-50.0, 50.0, 1001) {
            // softplus(x) − softplus(−x) = x
            assert_relative_eq!(softplus(x) - softplus(-x), x, epsilon = 1e-14);
            assert_eq!(softplus_derivative(x), sigmoid(x));
            assert!(softplus(x) >= x.max(0.0));
        }
    }

    #[test]
    fn derivative_matches_finite_differences() {
        for x in grid(-30.0, 30.0, 601) {
            let fd = central_difference(softplus::<f64>, x);
            assert_relative_eq!(
                softplus_derivative(x),
                fd,
                epsilon = 1e-10,
                max_relative = 1e-7
            );
        }
    }
}
