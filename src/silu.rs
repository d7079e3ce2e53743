//! SiLU (sigmoid linear unit) and Swish, and their derivatives.

use crate::Float;
use crate::math;

use crate::double_double::{
    Dd, Zero, div, exp_dd, exp_mul, exp_split, two_prod, via_f64, via_f64_2,
};

// ANCHOR: silu
/// SiLU, silu(x) = x·σ(x) (Elfwing et al. 2017; Swish with β = 1).
///
/// σ is evaluated as in [`sigmoid`](fn@crate::sigmoid), from e^(−|x|) so that
/// nothing overflows, and the product is formed before the division: x/(1 + e⁻ˣ)
/// for x ≥ 0 and x·eˣ/(1 + eˣ) for x < 0, each a single corrected division.
/// Below x = −45, 1 + eˣ rounds to 1 and silu(x) = x·eˣ, which is formed before
/// it is rounded into the subnormal range (x·eˣ is subnormal for
/// −751.8 < x < −715.0 in `f64`, where a rounded eˣ times x would be off by
/// hundreds of ULP). For `f32` the formula runs in `f64` and the result is
/// rounded once.
///
/// NaN gives NaN; silu(+∞) = +∞; silu(−∞) = −0; silu(±0) = ±0.
pub fn silu<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, silu) {
        return y;
    }
    via_f64(x, |x| swish_f64(x, 1.0))
}
// ANCHOR_END: silu

// ANCHOR: silu_derivative
/// Derivative of SiLU: σ(x) + x·σ′(x) = σ(x)·(1 + x·(1 − σ(x))).
///
/// Written with u = e^(−|x|) it has no subtraction that can cancel except one:
/// for x ≥ 0 it is (1 + u·(1 + x))/(1 + u)², and for x < 0 it is
/// u·(1 + x + u)/(1 + u)², whose bracket vanishes at the minimum of SiLU,
/// x ≈ −1.2785 (where 1 + x + eˣ = 0). On [−4, 0) eˣ is therefore computed to
/// 100 bits and the bracket in double-double arithmetic, and within 2⁻¹⁰ of the
/// zero a Taylor expansion about it (x₀ stored to 160 bits) takes over, which
/// keeps all digits even at the `f64` closest to the zero. The textbook `s * (1 + x * (1 - s))` cancels there
/// and also in 1 − σ(x) for large x.
///
/// NaN gives NaN; silu′(+∞) = 1; silu′(−∞) = −0; silu′(0) = ½; the minimum
/// of silu′ is about −0.0998 (at x ≈ −2.3994) and its maximum about 1.0998
/// (at x ≈ 2.3994).
pub fn silu_derivative<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, silu_derivative) {
        return y;
    }
    via_f64(x, |x| swish_derivative_f64(x, 1.0))
}
// ANCHOR_END: silu_derivative

// ANCHOR: swish
/// Swish, swish(x, β) = x·σ(βx) (Ramachandran et al. 2017): β = 1 is
/// [`silu`], β → ∞ approaches ReLU and β = 0 gives x/2.
///
/// The product βx is rounded, and σ(βx) ≈ e^(βx) magnifies an absolute error
/// in its argument into the same relative error of the result — up to 700 ULP
/// at βx = −700. So βx is kept exactly as a double-double y = y.hi + y.lo
/// (one fused multiply-add) and e^y = e^(y.hi)·(1 + y.lo). The rest is as in
/// [`silu`].
///
/// NaN gives NaN (also for a NaN β). For infinite x (or β) the limits:
/// swish(+∞, β) = +∞ for β > 0 and +0 for β < 0, swish(−∞, β) = −0 for
/// β > 0 and −∞ for β < 0, and x/2 for β = 0.
pub fn swish<T: Float>(x: T, beta: T) -> T {
    if let Some(y) = math::via_wide2(x, beta, swish) {
        return y;
    }
    via_f64_2(x, beta, swish_f64)
}
// ANCHOR_END: swish

// ANCHOR: swish_f64
fn swish_f64(x: f64, beta: f64) -> f64 {
    if x.is_nan() || beta.is_nan() {
        return x + beta;
    }
    if x == 0.0 || beta == 0.0 {
        return x * 0.5; // σ(0) = ½
    }
    let y = two_prod(beta, x);
    if y.hi.is_infinite() {
        // σ(±∞) is 1 or 0: the limits x and ±0.
        return if y.hi > 0.0 { x } else { 0.0_f64.copysign(x) };
    }
    if y.hi >= 0.0 {
        let u = exp_split(y.neg());
        div(Dd::from_f64(x), u.add_f64(1.0)) // x / (1 + e⁻ʸ)
    } else if y.hi < -45.0 {
        exp_mul(Dd::from_f64(x), y).to_f64() // x·eʸ: 1 + eʸ rounds to 1
    } else {
        let u = exp_split(y);
        div(u.mul_f64(x), u.add_f64(1.0)) // x·eʸ / (1 + eʸ)
    }
}
// ANCHOR_END: swish_f64

// ANCHOR: swish_derivative
/// Derivative of Swish with respect to x: σ(βx) + βx·σ′(βx).
///
/// That is silu′(βx) — the derivative of SiLU at y = βx — and it is computed
/// exactly so, with y kept as a double-double as in [`swish`] (near the zero of
/// silu′ an error in y is magnified without bound).
///
/// NaN gives NaN; for β > 0, swish′(+∞) = 1 and swish′(−∞) = −0 (mirrored for
/// β < 0); swish′(x, 0) = ½ and swish′(0, β) = ½.
pub fn swish_derivative<T: Float>(x: T, beta: T) -> T {
    if let Some(y) = math::via_wide2(x, beta, swish_derivative) {
        return y;
    }
    via_f64_2(x, beta, swish_derivative_f64)
}
// ANCHOR_END: swish_derivative

// ANCHOR: swish_derivative_f64
fn swish_derivative_f64(x: f64, beta: f64) -> f64 {
    if x.is_nan() || beta.is_nan() {
        return x + beta;
    }
    if x == 0.0 || beta == 0.0 {
        return 0.5;
    }
    silu_derivative_at(two_prod(beta, x))
}
// ANCHOR_END: swish_derivative_f64

/// The zero of silu′ (where 1 + y + eʸ = 0) and the Taylor coefficients of
/// silu′ there.
const SILU_DERIVATIVE_ZERO: Zero = Zero {
    x0: [
        -1.278_464_542_761_073_7,
        -1.094_699_418_309_343_7e-16,
        -3.907_766_676_128_665e-33,
    ],
    slope: Dd::new(0.217_811_705_719_800_1, -3.974_332_795_880_862e-18),
    higher: [
        0.146_648_796_996_946_9,
        0.018_874_814_223_782_312,
        -0.015_222_655_223_188_032,
        -0.006_606_589_138_356_696,
        0.000_126_627_410_081_122,
        0.000_798_521_881_839_799_8,
        0.000_185_707_243_611_864_96,
    ],
};

// ANCHOR: silu_derivative_at
/// silu′(y) for y = y.hi + y.lo.
fn silu_derivative_at(y: Dd) -> f64 {
    if let Some(value) = SILU_DERIVATIVE_ZERO.near(y) {
        return value;
    }
    if y.hi == f64::INFINITY {
        return 1.0;
    }
    if y.hi == f64::NEG_INFINITY {
        return -0.0;
    }
    // 1 + y, exactly.
    let one_plus_y = Dd::from_f64(y.hi).add_f64(1.0).add_f64(y.lo);
    if y.hi >= 0.0 {
        // (1 + u·(1 + y)) / (1 + u)², u = e⁻ʸ
        let u = exp_split(y.neg());
        let numerator = one_plus_y.mul(u).add_f64(1.0);
        let d = u.add_f64(1.0);
        return div(numerator, d.mul(d));
    }
    if y.hi < -45.0 {
        // u·(1 + y), with 1 + u and (1 + u)² rounding to 1.
        return exp_mul(one_plus_y, y).to_f64();
    }
    // u·(1 + y + u) / (1 + u)², u = eʸ; the bracket cancels near y = −1.2785.
    let u = if y.hi >= -4.0 {
        exp_dd(y)
    } else {
        exp_split(y)
    };
    let one_plus_u = u.add_f64(1.0);
    div(u.mul(one_plus_y.add(u)), one_plus_u.mul(one_plus_u))
}
// ANCHOR_END: silu_derivative_at

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{central_difference, grid};
    use crate::{sigmoid, sigmoid_derivative};
    use approx::assert_relative_eq;

    #[test]
    fn known_values() {
        assert_eq!(silu(0.0_f64), 0.0);
        assert_relative_eq!(silu(1.0_f64), 0.731_058_578_630_004_9, max_relative = 1e-15);
        assert_relative_eq!(
            silu(-1.0_f64),
            -0.268_941_421_369_995_1,
            max_relative = 1e-15
        );
        assert_relative_eq!(silu(1.0_f32), 0.731_058_6, max_relative = 1e-7);
        assert_eq!(silu_derivative(0.0_f64), 0.5);
        // σ(1)·(1 + 1 − σ(1)) = 0.9276705118714869…
        assert_relative_eq!(
            silu_derivative(1.0_f64),
            0.927_670_511_871_486_9,
            max_relative = 1e-15
        );
        assert_relative_eq!(
            swish(2.0_f64, 0.5),
            2.0 * sigmoid(1.0),
            max_relative = 1e-15
        );
        assert_eq!(swish(3.0_f64, 0.0), 1.5);
        assert_eq!(swish_derivative(3.0_f64, 0.0), 0.5);
    }

    #[test]
    fn special_values() {
        assert_eq!(silu(f64::INFINITY), f64::INFINITY);
        assert_eq!(silu(f64::NEG_INFINITY), 0.0);
        assert!(silu(f64::NEG_INFINITY).is_sign_negative());
        assert!(silu(-0.0_f64).is_sign_negative());
        assert!(silu(f64::NAN).is_nan() && silu(f32::NAN).is_nan());
        assert_eq!(silu(f64::MAX), f64::MAX);
        assert_eq!(silu(-f64::MAX), 0.0);
        assert_eq!(silu(f32::NEG_INFINITY), 0.0);
        assert_eq!(silu(1e-300_f64), 5e-301);
        assert_eq!(silu_derivative(f64::INFINITY), 1.0);
        assert_eq!(silu_derivative(f64::NEG_INFINITY), 0.0);
        assert!(silu_derivative(f64::NAN).is_nan());
        assert_eq!(silu_derivative(f64::MAX), 1.0);
        assert_eq!(silu_derivative(-f64::MAX), 0.0);
        // Subnormal results, not flushed to 0.
        assert!(silu(-751.0_f64) < 0.0 && silu(-752.0_f64) == 0.0);
        // An underflowed x·σ(x) of a negative x is −0, as silu(−∞) is.
        for x in [-752.0_f64, -834.0, -1e4, -f64::MAX] {
            assert!(silu(x) == 0.0 && silu(x).is_sign_negative(), "{x}");
        }
        assert!(silu(-834.0_f32) == 0.0 && silu(-834.0_f32).is_sign_negative());
        assert!(silu_derivative(-740.0_f64) < 0.0);

        assert_eq!(swish(f64::INFINITY, 2.0), f64::INFINITY);
        assert_eq!(swish(f64::NEG_INFINITY, 2.0), 0.0);
        assert_eq!(swish(f64::INFINITY, -2.0), 0.0);
        assert!(swish(f64::INFINITY, -2.0).is_sign_positive());
        assert_eq!(swish(f64::NEG_INFINITY, -2.0), f64::NEG_INFINITY);
        assert_eq!(swish(f64::INFINITY, 0.0), f64::INFINITY);
        assert_eq!(swish(-3.0_f64, f64::INFINITY), 0.0);
        assert_eq!(swish(3.0_f64, f64::INFINITY), 3.0);
        assert!(swish(1.0, f64::NAN).is_nan() && swish(f64::NAN, 1.0).is_nan());
        assert!(swish_derivative(1.0, f64::NAN).is_nan());
        assert_eq!(swish_derivative(f64::INFINITY, 2.0), 1.0);
        assert_eq!(swish_derivative(f64::NEG_INFINITY, 2.0), 0.0);
        assert_eq!(swish_derivative(f64::INFINITY, -2.0), 0.0);
        assert_eq!(swish_derivative(f64::NEG_INFINITY, -2.0), 1.0);
        // βx overflows: the limit.
        assert_eq!(swish(1e300_f64, 1e10), 1e300);
        assert_eq!(swish(-1e300_f64, 1e10), 0.0);
    }

    #[test]
    fn silu_is_swish_with_beta_one() {
        for x in grid(-800.0, 800.0, 16_001) {
            assert_eq!(silu(x).to_bits(), swish(x, 1.0).to_bits());
            assert_eq!(silu_derivative(x), swish_derivative(x, 1.0));
        }
        for x in grid(-110.0, 110.0, 2001).into_iter().map(|x| x as f32) {
            assert_eq!(silu(x), swish(x, 1.0));
            assert_eq!(silu_derivative(x), swish_derivative(x, 1.0));
        }
    }

    #[test]
    fn relations_to_sigmoid() {
        for x in grid(-30.0, 30.0, 601) {
            assert_relative_eq!(
                silu(x),
                x * sigmoid(x),
                max_relative = 1e-15,
                epsilon = 1e-300
            );
            let textbook = sigmoid(x) + x * sigmoid_derivative(x);
            assert_relative_eq!(silu_derivative(x), textbook, epsilon = 1e-13);
            // swish′(x, β) = silu′(βx) where βx is exact.
            assert_eq!(swish_derivative(x, 2.0), silu_derivative(2.0 * x));
            assert_relative_eq!(swish(x, 2.0), silu(2.0 * x) / 2.0, max_relative = 4e-16);
        }
    }

    #[test]
    fn beta_times_x_is_not_rounded() {
        // β = 0.1 is not a binary fraction: 0.1·x is rounded, and for
        // βx ≈ −700 that rounding error would be magnified 700 times.
        let (x, beta) = (-7000.3_f64, 0.1_f64);
        let rounded = beta * x;
        let error = beta.mul_add(x, -rounded); // the exact rounding error
        assert!(error != 0.0);
        let exact = x * rounded.exp() * (1.0 + error); // to ~1e-16
        assert_relative_eq!(swish(x, beta), exact, max_relative = 3e-16);
        assert!(((x * rounded.exp() - exact) / exact).abs() > 1e-14);
    }

    #[test]
    fn derivative_zero_is_where_it_should_be() {
        // silu′ changes sign at −1.278464542761073795…, where 1 + x + eˣ = 0.
        let root = -1.278_464_542_761_073_7_f64;
        assert!(silu_derivative(root.next_down()) < 0.0);
        assert!(silu_derivative(root) > 0.0);
        // silu″(root) = σ(root)·(1 − σ(root))·(2 + root·(1 − 2σ(root))).
        let s = sigmoid(root);
        let second = s * (1.0 - s) * (2.0 + root * (1.0 - 2.0 * s));
        assert_relative_eq!(
            silu_derivative(root + 1e-9),
            second * 1e-9,
            max_relative = 1e-6
        );
        // Swish with β = 0.7: the zero moves to root/β.
        let x = root / 0.7;
        assert!(swish_derivative(x.next_down().next_down(), 0.7) < 0.0);
        assert!(swish_derivative(x.next_up().next_up(), 0.7) > 0.0);
    }

    #[test]
    fn taylor_expansion_joins_up() {
        let zero = SILU_DERIVATIVE_ZERO.x0[0];
        for edge in [zero - Zero::RADIUS, zero + Zero::RADIUS] {
            let (a, b) = (
                silu_derivative(edge.next_down()),
                silu_derivative(edge.next_up()),
            );
            assert_relative_eq!(a, b, max_relative = 1e-12);
        }
    }

    #[test]
    fn derivatives_match_finite_differences() {
        for beta in [1.0, 0.5, 1.702, 3.0, -1.3] {
            for x in grid(-30.0, 30.0, 1201) {
                let fd = central_difference(|x| swish(x, beta), x);
                assert_relative_eq!(
                    swish_derivative(x, beta),
                    fd,
                    epsilon = 1e-9,
                    max_relative = 1e-7
                );
            }
        }
        for x in grid(-30.0, 30.0, 1201) {
            let fd = central_difference(silu::<f64>, x);
            assert_relative_eq!(silu_derivative(x), fd, epsilon = 1e-9, max_relative = 1e-7);
        }
    }
}
