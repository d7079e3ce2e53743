//! Sigmoid (the logistic function) and its derivative.

use crate::Float;
use crate::math;

// ANCHOR: sigmoid
/// Sigmoid, σ(x) = 1 / (1 + e⁻ˣ): squashes any real number into (0, 1).
///
/// The notebook's `1 / (1 + np.exp(-x))` overflows `e⁻ˣ` for x < −709.79 (f64)
/// or x < −88.73 (f32) and then returns 0, although σ(x) ≈ eˣ is still a
/// representable (subnormal) number down to x ≈ −745 (f64) / −104 (f32).
/// For x < 0 we therefore use the equivalent form eˣ / (1 + eˣ), in which the
/// exponential can only underflow, and only where σ itself does. There the
/// rounding errors of eˣ, of 1 + eˣ and of the division would add up to 2.4 ULP,
/// so `div_one_plus` divides with the last two taken back out.
///
/// NaN gives NaN; σ(−∞) = 0, σ(+∞) = 1.
pub fn sigmoid<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, sigmoid) {
        return y;
    }
    let one = T::one();
    if x >= T::zero() {
        one / (one + math::exp(-x))
    } else {
        // Also reached by NaN, which propagates through `exp`.
        let e = math::exp(x);
        div_one_plus(e, e) // e / (1 + e)
    }
}
// ANCHOR_END: sigmoid

// ANCHOR: sigmoid_derivative
/// Derivative of sigmoid, σ′(x) = σ(x)·(1 − σ(x)) = e⁻|ˣ| / (1 + e⁻|ˣ|)².
///
/// The notebook's `s * (1 - s)` cancels for large positive x: σ(x) rounds to
/// exactly 1 once x > 36.74 (f64) or x > 16.64 (f32), so `1 - s` is 0 although
/// σ′(x) ≈ e⁻ˣ is not. Writing u = e⁻|ˣ| ∈ (0, 1] gives u / (1 + u)², which
/// has no subtraction at all and uses that σ′ is even: σ′(−x) = σ′(x).
/// Computed as `u / (d * d)` with d = 1 + u it is still up to 4 ULP off, from
/// four roundings; `div_one_plus_squared` takes three of them back out.
///
/// NaN gives NaN; σ′(±∞) = 0; the maximum is σ′(0) = 1/4.
pub fn sigmoid_derivative<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, sigmoid_derivative) {
        return y;
    }
    let u = math::exp(-x.abs());
    div_one_plus_squared(u, u) // u / (1 + u)²
}
// ANCHOR_END: sigmoid_derivative

// ANCHOR: div_one_plus
/// n / (1 + u) for 0 ≤ u ≤ 1, with the rounding errors of 1 + u and of the
/// division corrected: within about half an ULP, plus the error already in n
/// and u.
///
/// Both lost pieces can be recovered exactly. Since 1 ≥ u, `d + lo` equals
/// 1 + u exactly (Dekker's Fast2Sum), and a fused multiply-add gives the
/// remainder n − q·d of the quotient q = n / d exactly. One correction step,
/// q + (remainder − q·lo) / d, folds both back in.
pub(crate) fn div_one_plus<T: Float>(n: T, u: T) -> T {
    let one = T::one();
    let d = one + u;
    let lo = (one - d) + u; // d + lo == 1 + u
    corrected_quotient(n, d, lo)
}

/// n / (1 + u)² for 0 ≤ u ≤ 1, corrected like `div_one_plus`: with
/// d + lo = 1 + u, the square is d² + 2·d·lo + lo², where the fused
/// multiply-add gives the rounding error of d·d exactly and lo² is negligible.
pub(crate) fn div_one_plus_squared<T: Float>(n: T, u: T) -> T {
    let one = T::one();
    let d = one + u;
    let lo = (one - d) + u; // d + lo == 1 + u
    let square = d * d;
    let square_lo = d.mul_add(d, -square) + (d + d) * lo;
    corrected_quotient(n, square, square_lo)
}

/// n / (d + lo) for |lo| much smaller than |d|: the quotient q = n / d, then one
/// Newton step with the exact remainder n − q·d.
fn corrected_quotient<T: Float>(n: T, d: T, lo: T) -> T {
    let q = n / d;
    let remainder = (-q).mul_add(d, n);
    q + (remainder - q * lo) / d
}
// ANCHOR_END: div_one_plus

// ANCHOR: logsigmoid
/// Log-sigmoid, ln σ(x) = −softplus(−x) = −ln(1 + e⁻ˣ), as PyTorch's
/// `F.logsigmoid`.
///
/// The textbook `np.log(sigmoid(x))` gives −∞ once σ(x) underflows (x < −745
/// in `f64`), although ln σ(x) ≈ x there, and for large x it gives 0 once
/// σ(x) rounds to 1 (x > 36.7), although ln σ(x) ≈ −e⁻ˣ. −softplus(−x) =
/// min(x, 0) − ln_1p(e^(−|x|)) has neither problem (see softplus.rs), and the
/// negation is exact, so it is as accurate as [`softplus`](fn@crate::softplus).
///
/// NaN gives NaN; logsigmoid(−∞) = −∞; logsigmoid(+∞) = −0;
/// logsigmoid(0) = −ln 2.
pub fn logsigmoid<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, logsigmoid) {
        return y;
    }
    -crate::softplus(-x)
}
// ANCHOR_END: logsigmoid

// ANCHOR: logsigmoid_derivative
/// Derivative of log-sigmoid: σ′(x)/σ(x) = 1 − σ(x) = σ(−x), computed as
/// [`sigmoid`](fn@crate::sigmoid)(−x), which keeps its digits for large x
/// where 1 − σ(x) would cancel. NaN gives NaN; logsigmoid′(−∞) = 1;
/// logsigmoid′(+∞) = 0.
pub fn logsigmoid_derivative<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, logsigmoid_derivative) {
        return y;
    }
    sigmoid(-x)
}
// ANCHOR_END: logsigmoid_derivative

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{central_difference, grid};
    use approx::assert_relative_eq;

    #[test]
    fn known_values() {
        assert_eq!(sigmoid(0.0_f64), 0.5);
        assert_eq!(sigmoid(-0.0_f64), 0.5);
        assert_eq!(sigmoid(0.0_f32), 0.5);
        assert_relative_eq!(
            sigmoid(1.0_f64),
            0.731_058_578_630_004_9,
            max_relative = 1e-15
        );
        assert_relative_eq!(
            sigmoid(-1.0_f64),
            0.268_941_421_369_995_1,
            max_relative = 1e-15
        );
        assert_eq!(sigmoid_derivative(0.0_f64), 0.25);
        assert_eq!(sigmoid_derivative(0.0_f32), 0.25);
    }

    #[test]
    fn special_values() {
        assert_eq!(sigmoid(f64::INFINITY), 1.0);
        assert_eq!(sigmoid(f64::NEG_INFINITY), 0.0);
        assert_eq!(sigmoid(f32::INFINITY), 1.0);
        assert_eq!(sigmoid(f32::NEG_INFINITY), 0.0);
        assert!(sigmoid(f64::NAN).is_nan());
        assert!(sigmoid(f32::NAN).is_nan());
        assert_eq!(sigmoid_derivative(f64::INFINITY), 0.0);
        assert_eq!(sigmoid_derivative(f64::NEG_INFINITY), 0.0);
        assert_eq!(sigmoid_derivative(f32::INFINITY), 0.0);
        assert!(sigmoid_derivative(f64::NAN).is_nan());
        assert!(sigmoid_derivative(f32::NAN).is_nan());
        // Tiny inputs: σ(x) = 1/2 + x/4 + O(x³), so the result rounds to 1/2.
        assert_eq!(sigmoid(f64::MIN_POSITIVE), 0.5);
        assert_eq!(sigmoid(-f32::MIN_POSITIVE), 0.5);
        assert_eq!(sigmoid_derivative(1e-300_f64), 0.25);
    }

    #[test]
    fn deep_negative_tail_is_not_flushed_to_zero() {
        // Where the textbook formula overflows e⁻ˣ and returns 0, σ(x) ≈ eˣ.
        for x in [-710.0_f64, -720.0, -740.0] {
            let naive = 1.0 / (1.0 + (-x).exp());
            assert_eq!(naive, 0.0);
            assert_relative_eq!(sigmoid(x), x.exp(), max_relative = 1e-15);
        }
        for x in [-89.0_f32, -95.0] {
            assert_eq!(1.0 / (1.0 + (-x).exp()), 0.0);
            assert!(sigmoid(x) > 0.0);
            assert_relative_eq!(sigmoid(x), x.exp(), max_relative = 1e-6);
        }
        // Below the subnormal range both are 0, as they must be.
        assert_eq!(sigmoid(-746.0_f64), 0.0);
        assert_eq!(sigmoid(-104.0_f32), 0.0);
    }

    #[test]
    fn derivative_does_not_cancel_for_large_x() {
        for x in [40.0_f64, 100.0, 700.0] {
            let s = 1.0 / (1.0 + (-x).exp());
            assert_eq!(s * (1.0 - s), 0.0, "the textbook form cancels at x = {x}");
            assert_relative_eq!(sigmoid_derivative(x), (-x).exp(), max_relative = 1e-14);
        }
        assert_relative_eq!(
            sigmoid_derivative(20.0_f32),
            (-20.0_f32).exp(),
            max_relative = 1e-5
        );
    }

    #[test]
    fn symmetries() {
        for x in grid(-50.0, 50.0, 1001) {
            assert_relative_eq!(sigmoid(x) + sigmoid(-x), 1.0, max_relative = 1e-15);
            assert_eq!(sigmoid_derivative(x), sigmoid_derivative(-x));
        }
    }

    #[test]
    fn monotone_and_bounded() {
        let xs = grid(-40.0, 40.0, 8001);
        for w in xs.windows(2) {
            assert!(sigmoid(w[0]) <= sigmoid(w[1]));
        }
        assert!(xs.iter().all(|&x| (0.0..=1.0).contains(&sigmoid(x))));
        assert!(xs.iter().all(|&x| sigmoid_derivative(x) <= 0.25));
    }

    #[test]
    fn derivative_matches_finite_differences() {
        for x in grid(-30.0, 30.0, 601) {
            let fd = central_difference(sigmoid::<f64>, x);
            assert_relative_eq!(
                sigmoid_derivative(x),
                fd,
                epsilon = 1e-10,
                max_relative = 1e-6
            );
        }
    }

    #[test]
    fn derivative_equals_textbook_form_where_that_is_safe() {
        for x in grid(-10.0, 10.0, 201) {
            let s = sigmoid(x);
            assert_relative_eq!(sigmoid_derivative(x), s * (1.0 - s), max_relative = 1e-12);
        }
    }

    // The thresholds stated in the doc comments, each checked on both sides
    // (0.01 apart) and at the exact switching point (one ULP apart).

    #[test]
    fn threshold_where_the_textbook_exponential_overflows() {
        // "overflows e⁻ˣ for x < −709.79 (f64) or x < −88.73 (f32) and then returns 0"
        let naive = |x: f64| 1.0 / (1.0 + (-x).exp());
        for x in [-709.79_f64, -709.8, -710.0, -745.0, -1e300] {
            assert!((-x).exp().is_infinite() && naive(x) == 0.0, "x = {x}");
        }
        assert!((709.78_f64).exp().is_finite() && naive(-709.78) > 0.0);
        let edge = -709.782_712_893_384_f64; // −ln(f64::MAX), rounded up
        assert!((-edge).exp().is_finite() && (-edge.next_down()).exp().is_infinite());

        let naive32 = |x: f32| 1.0 / (1.0 + (-x).exp());
        for x in [-88.73_f32, -88.8, -89.0, -103.0, -1e30] {
            assert!((-x).exp().is_infinite() && naive32(x) == 0.0, "x = {x}");
        }
        assert!((88.72_f32).exp().is_finite() && naive32(-88.72) > 0.0);
        let edge32 = -88.722_83_f32;
        assert!((-edge32).exp().is_finite() && (-edge32.next_down()).exp().is_infinite());
    }

    #[test]
    fn threshold_where_sigmoid_underflows() {
        // "σ(x) ≈ eˣ is still a representable (subnormal) number down to
        // x ≈ −745 (f64) / −104 (f32)": it is subnormal below −708.40 (f64)
        // and −87.34 (f32), and exactly 0 below −745.13 (f64) and −103.97 (f32).
        assert!(
            sigmoid(-708.39_f64) >= f64::MIN_POSITIVE && sigmoid(-708.40_f64) < f64::MIN_POSITIVE
        );
        assert!(
            sigmoid(-745.0_f64) > 0.0 && sigmoid(-745.13_f64) > 0.0 && sigmoid(-745.14_f64) == 0.0
        );
        let edge = -745.133_219_101_941_1_f64; // ln(2⁻¹⁰⁷⁵), half the smallest subnormal
        assert!(sigmoid(edge) == f64::from_bits(1) && sigmoid(edge.next_down()) == 0.0);

        assert!(
            sigmoid(-87.33_f32) >= f32::MIN_POSITIVE && sigmoid(-87.34_f32) < f32::MIN_POSITIVE
        );
        assert!(
            sigmoid(-103.0_f32) > 0.0 && sigmoid(-103.97_f32) > 0.0 && sigmoid(-103.98_f32) == 0.0
        );
        let edge32 = -103.972_08_f32; // ln(2⁻¹⁵⁰)
        assert!(sigmoid(edge32) == f32::from_bits(1) && sigmoid(edge32.next_down()) == 0.0);
    }

    #[test]
    fn threshold_where_sigmoid_rounds_to_one() {
        // "σ(x) rounds to exactly 1 once x > 36.74 (f64) or x > 16.64 (f32)",
        // both the notebook's σ and this library's (the same formula for x ≥ 0).
        let naive = |x: f64| 1.0 / (1.0 + (-x).exp());
        for x in grid(36.74, 800.0, 1000) {
            assert!(naive(x) == 1.0 && sigmoid(x) == 1.0, "x = {x}");
            let s = naive(x);
            assert_eq!(s * (1.0 - s), 0.0);
        }
        assert!(naive(36.73) < 1.0 && sigmoid(36.73_f64) < 1.0);
        let edge = 36.736_800_569_677_11_f64; // 53·ln 2: e⁻ˣ = 2⁻⁵³
        assert!(naive(edge) == 1.0 && naive(edge.next_down()) < 1.0);

        let naive32 = |x: f32| 1.0 / (1.0 + (-x).exp());
        for x in (0..=1000).map(|i| 16.64_f32 + i as f32 * 0.0837) {
            assert!(naive32(x) == 1.0 && sigmoid(x) == 1.0, "x = {x}");
        }
        assert!(naive32(16.63) < 1.0 && sigmoid(16.63_f32) < 1.0);
        let edge32 = 16.635_532_f32; // 24·ln 2
        assert!(naive32(edge32) == 1.0 && naive32(edge32.next_down()) < 1.0);
    }

    #[test]
    fn corrected_divisions_are_within_half_an_ulp() {
        // For f32 arguments an f64 evaluation is exact enough to judge them.
        // The spacing of f32 numbers in the binade of r:
        let ulp = |r: f64| {
            let binade =
                r.abs().max(f64::from(f32::MIN_POSITIVE)).to_bits() & 0x7ff0_0000_0000_0000;
            f64::from_bits(binade) * f64::from(f32::EPSILON)
        };
        let steps = 2000;
        for i in 0..=steps {
            let u = i as f32 / steps as f32;
            for n in [1.0_f32, u, 4.0 * u, 0.3, 1e-30] {
                let (n64, u64) = (f64::from(n), f64::from(u));
                let q = n64 / (1.0 + u64);
                assert!(
                    (f64::from(div_one_plus(n, u)) - q).abs() <= 0.5001 * ulp(q),
                    "{n} / (1 + {u})"
                );
                let q2 = q / (1.0 + u64);
                let got = f64::from(div_one_plus_squared(n, u));
                assert!((got - q2).abs() <= 0.5001 * ulp(q2), "{n} / (1 + {u})²");
            }
        }
        assert_eq!(div_one_plus(1.0_f64, 1.0), 0.5);
        assert_eq!(div_one_plus_squared(1.0_f64, 1.0), 0.25);
        assert_eq!(div_one_plus_squared(3.0_f64, 0.0), 3.0);
        assert!(
            div_one_plus(f64::NAN, 0.5).is_nan() && div_one_plus_squared(1.0, f64::NAN).is_nan()
        );
    }

    #[test]
    fn logsigmoid_is_stable() {
        assert_eq!(logsigmoid(0.0_f64), -std::f64::consts::LN_2);
        assert_eq!(logsigmoid(f64::NEG_INFINITY), f64::NEG_INFINITY);
        assert!(logsigmoid(f64::INFINITY) == 0.0 && logsigmoid(f64::INFINITY).is_sign_negative());
        assert!(logsigmoid(f64::NAN).is_nan() && logsigmoid_derivative(f32::NAN).is_nan());
        // The textbook form: −∞ and 0 where the true values are about x and −e⁻ˣ.
        let naive = |x: f64| sigmoid(x).ln();
        assert_eq!(naive(-800.0), f64::NEG_INFINITY);
        assert_eq!(logsigmoid(-800.0_f64), -800.0);
        assert_eq!(naive(40.0), 0.0);
        assert_relative_eq!(
            logsigmoid(40.0_f64),
            -(-40.0_f64).exp(),
            max_relative = 1e-15
        );
        assert_eq!(logsigmoid_derivative(0.0_f64), 0.5);
        assert_eq!(logsigmoid_derivative(f64::NEG_INFINITY), 1.0);
        assert_eq!(logsigmoid_derivative(f64::INFINITY), 0.0);
        for x in grid(-30.0, 30.0, 601) {
            assert_relative_eq!(
                logsigmoid_derivative(x),
                central_difference(logsigmoid::<f64>, x),
                epsilon = 1e-10,
                max_relative = 1e-7
            );
            // ln σ(x) − ln σ(−x) = x
            assert_relative_eq!(logsigmoid(x) - logsigmoid(-x), x, epsilon = 1e-13);
        }
    }
}
