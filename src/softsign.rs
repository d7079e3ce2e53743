//! Softsign and its derivative.

use crate::Float;
use crate::math;

use crate::double_double::{Dd, div, two_prod, two_sum, via_f64};

// ANCHOR: softsign
/// Softsign, x / (1 + |x|) (Turian et al. 2009): like tanh, into (−1, 1), but
/// approaching ±1 only polynomially.
///
/// The formula is safe as it stands, except that 1 + |x| and the quotient are
/// each rounded; the division is corrected for both (1 + |x| is split exactly
/// into a sum of two `f64`), which leaves half an ULP. ±∞ would give ∞/∞, so
/// the limits ±1 are returned. For `f32` the formula runs in `f64` and the
/// result is rounded once.
///
/// NaN gives NaN; softsign(±∞) = ±1; softsign(±0) = ±0.
pub fn softsign<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, softsign) {
        return y;
    }
    via_f64(x, |x| {
        if x.is_infinite() {
            return x.signum();
        }
        div(Dd::from_f64(x), two_sum(1.0, x.abs()))
    })
}
// ANCHOR_END: softsign

// ANCHOR: softsign_derivative
/// Derivative of softsign, 1 / (1 + |x|)².
///
/// (1 + |x|)² overflows for |x| > 1.34·10¹⁵⁴ although the result, about 1/x²,
/// is still a (subnormal) number up to |x| ≈ 6.4·10¹⁶¹; so the reciprocal
/// r = 1/(1 + |x|) is formed first, to double-double precision, and squared.
///
/// NaN gives NaN; softsign′(±∞) = 0; softsign′(0) = 1.
pub fn softsign_derivative<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, softsign_derivative) {
        return y;
    }
    via_f64(x, |x| {
        let d = two_sum(1.0, x.abs());
        let q = 1.0 / d.hi;
        if !q.is_finite() || q == 0.0 {
            return q * q; // NaN or 0 (|x| = ∞)
        }
        // r = q + q_lo, from the exact remainder of 1 − q·d.
        let q_lo = ((-q).mul_add(d.hi, 1.0) - q * d.lo) / d.hi;
        let square = two_prod(q, q);
        square.hi + (square.lo + 2.0 * q * q_lo)
    })
}
// ANCHOR_END: softsign_derivative

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{central_difference, grid};
    use approx::assert_relative_eq;

    #[test]
    fn known_values() {
        assert_eq!(softsign(1.0_f64), 0.5);
        assert_eq!(softsign(-3.0_f64), -0.75);
        assert_eq!(softsign(1.0_f32), 0.5);
        assert_eq!(softsign(0.5_f64), 1.0 / 3.0);
        assert_eq!(softsign_derivative(0.0_f64), 1.0);
        assert_eq!(softsign_derivative(1.0_f64), 0.25);
        assert_eq!(softsign_derivative(-3.0_f32), 0.0625);
        assert_eq!(softsign_derivative(2.0_f64), 1.0 / 9.0);
    }

    #[test]
    fn special_values() {
        assert_eq!(softsign(f64::INFINITY), 1.0);
        assert_eq!(softsign(f64::NEG_INFINITY), -1.0);
        assert_eq!(softsign(f32::INFINITY), 1.0);
        assert!(softsign(f64::NAN).is_nan() && softsign(f32::NAN).is_nan());
        assert!(softsign(-0.0_f64).is_sign_negative());
        assert_eq!(softsign(f64::MAX), 1.0);
        assert_eq!(softsign(1e-300_f64), 1e-300);
        assert_eq!(softsign_derivative(f64::INFINITY), 0.0);
        assert_eq!(softsign_derivative(f32::NEG_INFINITY), 0.0);
        assert!(softsign_derivative(f64::NAN).is_nan());
        assert!(softsign_derivative(f32::NAN).is_nan());
        // Where (1 + |x|)² overflows, 1/x² is still there.
        assert_eq!(softsign_derivative(1e155_f64), 1e-310);
        assert_eq!(softsign_derivative(-1e160_f64), 1e-320);
        assert_eq!(softsign_derivative(f64::MAX), 0.0);
        assert_eq!(softsign_derivative(1e23_f32), 0.0);
        assert_relative_eq!(softsign_derivative(1e19_f32), 1e-38, max_relative = 1e-6);
    }

    #[test]
    fn odd_bounded_monotone() {
        let xs = grid(-1e3, 1e3, 20_001);
        for w in xs.windows(2) {
            assert!(softsign(w[0]) < softsign(w[1]));
        }
        for &x in &xs {
            assert_eq!(softsign(-x), -softsign(x));
            assert!(softsign(x).abs() < 1.0);
            assert_eq!(softsign_derivative(-x), softsign_derivative(x));
            assert_relative_eq!(softsign(x), x / (1.0 + x.abs()), max_relative = 3e-16);
        }
    }

    #[test]
    fn derivative_matches_finite_differences_away_from_the_kink() {
        // softsign′ is continuous, but softsign″ jumps at 0.
        for x in grid(-30.0, 30.0, 600) {
            let fd = central_difference(softsign::<f64>, x);
            assert_relative_eq!(
                softsign_derivative(x),
                fd,
                epsilon = 1e-10,
                max_relative = 1e-7
            );
        }
    }
}
