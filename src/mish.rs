//! Mish and its derivative.

use crate::Float;
use crate::math;

use crate::double_double::{Dd, Zero, div, exp_dd, exp_mul, two_prod, two_sum, via_f64};

// ANCHOR: mish
/// Mish (Misra 2019): x·tanh(softplus(x)) = x·tanh(ln(1 + eˣ)).
///
/// Composed literally it overflows (eˣ for x > 709.78 in `f64`), and for
/// negative x it computes tanh of a tiny softplus and multiplies, rounding
/// four times. But tanh(ln(1 + u)) is a rational function of u = eˣ:
///
/// tanh(ln(1 + u)) = u(u + 2) / (u(u + 2) + 2),
///
/// which for x ≤ 0 (u ≤ 1) has no overflow and no cancellation. For x > 0 we
/// divide through by u² and write v = e⁻ˣ: mish(x) = x / (1 + q) with
/// q = 2v² / (1 + 2v), again free of both. Each form ends in one corrected
/// division; below x = −42, where the correction terms fall below 2⁻⁶⁰,
/// mish(x) = x·eˣ, formed before it is rounded into the subnormal range. For
/// `f32` the formula runs in `f64` and the result is rounded once.
///
/// NaN gives NaN; mish(+∞) = +∞; mish(−∞) = −0; mish(±0) = ±0.
pub fn mish<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, mish) {
        return y;
    }
    via_f64(x, mish_f64)
}
// ANCHOR_END: mish

// ANCHOR: mish_f64
fn mish_f64(x: f64) -> f64 {
    if x.is_nan() || x == f64::INFINITY || x == 0.0 {
        return x;
    }
    if x == f64::NEG_INFINITY {
        return -0.0;
    }
    if x > 0.0 {
        let v = math::exp(-x);
        // q = 2v² / (1 + 2v) ≤ 2/3
        let q = div(two_prod(v, v).scale(2.0), two_sum(1.0, 2.0 * v));
        return div(Dd::from_f64(x), two_sum(1.0, q));
    }
    if x < -42.0 {
        return exp_mul(Dd::from_f64(x), Dd::from_f64(x)).to_f64();
    }
    let u = math::exp(x);
    let n = two_sum(u, 2.0).mul_f64(u); // u(u + 2)
    div(n.mul_f64(x), n.add_f64(2.0))
}
// ANCHOR_END: mish_f64

// ANCHOR: mish_derivative
/// Derivative of Mish: tanh(sp) + x·sech²(sp)·σ(x), with sp = softplus(x).
///
/// In u = eˣ, with d = u² + 2u + 2, this is u·B/d² where
/// B = (u + 2)·d + 4x(u + 1) = u³ + 4u² + 6u + 4 + 4x(u + 1).
/// B vanishes at the minimum of Mish, x ≈ −1.1924, where its positive and
/// negative parts cancel; so on [−3.5, −0.25] u is computed to 100 bits and B
/// in double-double arithmetic, and within 2⁻¹⁰ of the zero a Taylor
/// expansion about it takes over. For x > 0 the same expression in v = e⁻ˣ,
/// with D = 1 + 2v + 2v², is ((1 + 2v)·D + 4x·v²(1 + v))/D², a sum of positive
/// terms. Below x = −42 it is eˣ·(1 + x), formed without a subnormal
/// intermediate.
///
/// NaN gives NaN; mish′(+∞) = 1; mish′(−∞) = −0; mish′(0) = 0.6;
/// the minimum is about −0.1125 (at x ≈ −2.2564) and the maximum about 1.0885
/// (at x ≈ 1.4906).
pub fn mish_derivative<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, mish_derivative) {
        return y;
    }
    via_f64(x, mish_derivative_f64)
}
// ANCHOR_END: mish_derivative

/// The zero of mish′ and the Taylor coefficients of mish′ there.
const MISH_DERIVATIVE_ZERO: Zero = Zero {
    x0: [
        -1.192_431_214_515_495_2,
        -4.848_482_984_803_104_4e-17,
        -1.898_915_114_090_381e-33,
    ],
    slope: Dd::new(0.266_947_914_049_534_5, 1.533_281_661_713_558_7e-17),
    higher: [
        0.204_731_264_080_105_86,
        0.041_907_821_043_609_87,
        -0.020_271_822_716_684_245,
        -0.015_821_126_561_733_38,
        -0.003_360_684_927_023_268_5,
        0.001_092_405_540_944_585_4,
        0.000_989_818_102_128_919_6,
    ],
};

// ANCHOR: mish_derivative_f64
fn mish_derivative_f64(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if let Some(value) = MISH_DERIVATIVE_ZERO.near(Dd::from_f64(x)) {
        return value;
    }
    if x > 50.0 {
        return 1.0; // mish′(x) − 1 ≈ (4x − 2)·e⁻²ˣ
    }
    if x > 0.0 {
        let v = math::exp(-x);
        let one_plus_2v = two_sum(1.0, 2.0 * v);
        let big_d = two_prod(v, v).scale(2.0).add(one_plus_2v);
        let tail = two_prod(v, v).mul(two_sum(1.0, v)).mul_f64(4.0 * x);
        let numerator = one_plus_2v.mul(big_d).add(tail);
        return div(numerator, big_d.mul(big_d));
    }
    if x < -42.0 {
        return exp_mul(two_sum(1.0, x), Dd::from_f64(x)).to_f64();
    }
    let u = if (-3.5..=-0.25).contains(&x) {
        exp_dd(Dd::from_f64(x))
    } else {
        Dd::from_f64(math::exp(x))
    };
    // B = ((u + 4)·u + 6)·u + 4 + 4x·(u + 1)
    let b = u
        .add_f64(4.0)
        .mul(u)
        .add_f64(6.0)
        .mul(u)
        .add_f64(4.0)
        .add(u.add_f64(1.0).mul_f64(4.0 * x));
    let d = u.add_f64(2.0).mul(u).add_f64(2.0);
    div(u.mul(b), d.mul(d))
}
// ANCHOR_END: mish_derivative_f64

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{central_difference, grid};
    use crate::{softplus, tanh};
    use approx::assert_relative_eq;

    #[test]
    fn known_values() {
        assert_relative_eq!(mish(1.0_f64), 0.865_098_388_267_310_3, max_relative = 1e-15);
        assert_relative_eq!(
            mish(-1.0_f64),
            -0.303_401_461_374_108_9,
            max_relative = 1e-15
        );
        assert_eq!(mish(0.0_f64), 0.0);
        assert!(mish(-0.0_f64).is_sign_negative());
        assert_eq!(mish_derivative(0.0_f64), 0.6);
        assert_eq!(mish_derivative(0.0_f32), 0.6);
        assert_relative_eq!(mish(1.0_f32), 0.865_098_4, max_relative = 1e-7);
    }

    #[test]
    fn special_values() {
        assert_eq!(mish(f64::INFINITY), f64::INFINITY);
        assert_eq!(mish(f64::NEG_INFINITY), 0.0);
        assert!(mish(f64::NEG_INFINITY).is_sign_negative());
        assert!(mish(f64::NAN).is_nan() && mish(f32::NAN).is_nan());
        assert_eq!(mish(f64::MAX), f64::MAX);
        assert_eq!(mish(f32::MAX), f32::MAX);
        assert_eq!(mish(-f64::MAX), 0.0);
        assert_eq!(mish(1000.0_f64), 1000.0);
        // mish(x) = 3x/5 + O(x²) near 0.
        assert_eq!(mish(1e-300_f64), 6e-301);
        assert_eq!(mish_derivative(f64::INFINITY), 1.0);
        assert_eq!(mish_derivative(f64::NEG_INFINITY), 0.0);
        assert!(mish_derivative(f64::NAN).is_nan());
        assert_eq!(mish_derivative(f64::MAX), 1.0);
        // Subnormal, not flushed.
        assert!(mish(-740.0_f64) < 0.0 && mish(-752.0_f64) == 0.0);
        assert!(mish_derivative(-740.0_f64) < 0.0);
    }

    #[test]
    fn textbook_form_where_that_is_safe() {
        for x in grid(-20.0, 20.0, 801) {
            let textbook = x * tanh(softplus(x));
            assert_relative_eq!(mish(x), textbook, max_relative = 1e-14, epsilon = 1e-300);
        }
        // Beyond 709.78 the textbook eˣ overflows; softplus itself does not.
        assert_eq!(1000.0_f64 * (1000.0_f64.exp().ln_1p()).tanh(), 1000.0);
    }

    #[test]
    fn derivative_zero_is_where_it_should_be() {
        // mish′ changes sign at −1.192431214515495212…
        let root = -1.192_431_214_515_495_2_f64;
        assert!(mish_derivative(root.next_down()) < 0.0);
        assert!(mish_derivative(root.next_up()) > 0.0);
        let slope = central_difference(mish_derivative::<f64>, root);
        assert_relative_eq!(
            mish_derivative(root + 1e-9),
            slope * 1e-9,
            max_relative = 1e-5
        );
    }

    #[test]
    fn taylor_expansion_joins_up() {
        let zero = MISH_DERIVATIVE_ZERO.x0[0];
        for edge in [zero - Zero::RADIUS, zero + Zero::RADIUS] {
            let (a, b) = (
                mish_derivative(edge.next_down()),
                mish_derivative(edge.next_up()),
            );
            assert_relative_eq!(a, b, max_relative = 1e-12);
        }
    }

    #[test]
    fn derivative_matches_finite_differences() {
        for x in grid(-30.0, 30.0, 1201) {
            let fd = central_difference(mish::<f64>, x);
            assert_relative_eq!(mish_derivative(x), fd, epsilon = 1e-9, max_relative = 1e-7);
        }
    }
}
