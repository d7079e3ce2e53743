//! Tanh (the hyperbolic tangent) and its derivative.

use crate::Float;
use crate::math;

use crate::double_double::{Dd, div, exp_dd, via_f64};
use crate::sigmoid::div_one_plus_squared;

// ANCHOR: tanh
/// Tanh, tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ): squashes any real number into (−1, 1).
///
/// The formula above is for reading, not for computing: eˣ overflows for
/// x > 709.79 (f64), giving ∞/∞ = NaN, and near 0 the numerator cancels.
///
/// For `f32`, like the notebook's `np.tanh`, this calls a dedicated library
/// function: `libm`'s `f64` `tanh` (the C library's, ported; not the
/// platform's, so the bits are the same everywhere), which is accurate to an
/// ULP or two, and rounds its result once. An `f64` result within an ULP or
/// two rounds to within a hair over half an `f32` ULP.
///
/// For `f64` that library function is not good enough: it is up to 2.1 ULP
/// off (near |x| = 0.25), and this function is the reference the fast slice
/// kernels are measured against. So `tanh_f64` computes tanh|x| =
/// −E/(2 + E) with E = e^(−2|x|) − 1 in double-double arithmetic (the
/// exponential to about 100 bits, so that E keeps its digits near 0 too) and
/// rounds once in the division: within half an ULP and a hair.
///
/// NaN gives NaN; tanh(±∞) = ±1; tanh(−0) = −0.
pub fn tanh<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, math::tanh) {
        return y;
    }
    via_f64(x, tanh_f64)
}

fn tanh_f64(x: f64) -> f64 {
    let a = x.abs();
    if a < TINY || a.is_nan() {
        // tanh x = x − x³/3 + …, and x³/3 < 2⁻⁵⁴·|x|/3 is less than half
        // the step below x (2⁻⁵⁵·|x| at a power of 2): x is tanh x rounded.
        // NaN and ±0 come back unchanged.
        return x;
    }
    if a > 19.1 {
        // 1 − tanh|x| ≈ 2e⁻²ˣ < 2⁻⁵⁴ rounds away (∞ included).
        return 1.0_f64.copysign(x);
    }
    let e = exp_dd(Dd::from_f64(-2.0 * a)).add_f64(-1.0);
    div(e.neg(), e.add_f64(2.0)).copysign(x)
}

/// 2⁻²⁷: below it, tanh x rounds to x.
const TINY: f64 = 7.450_580_596_923_828e-9;
// ANCHOR_END: tanh

// ANCHOR: tanh_derivative
/// Derivative of tanh, tanh′(x) = 1 − tanh²(x) = 4u / (1 + u)² with u = e⁻²|ˣ|.
///
/// The notebook's `1 - np.tanh(x)**2` cancels: for |x| > 19.07 (f64) or
/// |x| > 9.02 (f32) tanh(x) rounds to ±1 and the result is exactly 0, although
/// tanh′(x) ≈ 4e⁻²|ˣ| is still far from 0 (about 1e-16 at x = 19). With
/// u = e⁻²|ˣ| ∈ (0, 1] the same value is 4u / (1 + u)², which never subtracts.
/// (It is 4σ′(2x): tanh(x) = 2σ(2x) − 1.) As for σ′, the division corrects
/// the rounding errors of 1 + u, of its square and of the quotient.
///
/// Far out, u itself is subnormal (|x| > 354.20 in f64, 43.67 in f32) and has
/// lost the low bits that 4u needs; there (1 + u)² rounds to 1, and tanh′(x) =
/// 4u = (2e⁻|ˣ|)² is computed from e⁻|ˣ|, which is still a normal number
/// (in `f64`, so that an `f32` result is rounded once, not after a square
/// that doubles the error of `exp`).
///
/// NaN gives NaN; tanh′(±∞) = 0; the maximum is tanh′(0) = 1.
pub fn tanh_derivative<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, tanh_derivative) {
        return y;
    }
    let two = T::one() + T::one();
    let u = math::exp(-two * x.abs());
    if u < T::min_positive_value() {
        // (2e⁻|ˣ|)², squared in f64: for f32 the result is rounded only once.
        let w = x.to_f64().map(|x| 2.0 * math::exp(-x.abs()));
        return w.and_then(|w| T::from(w * w)).unwrap_or_else(T::zero);
    }
    div_one_plus_squared((two + two) * u, u) // 4u / (1 + u)²
}
// ANCHOR_END: tanh_derivative

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{central_difference, grid};
    use crate::{sigmoid, sigmoid_derivative};
    use approx::assert_relative_eq;

    #[test]
    fn known_values() {
        assert_eq!(tanh(0.0_f64), 0.0);
        assert!(tanh(-0.0_f64).is_sign_negative());
        assert_relative_eq!(tanh(1.0_f64), 0.761_594_155_955_764_9, max_relative = 1e-15);
        assert_eq!(tanh_derivative(0.0_f64), 1.0);
        assert_eq!(tanh_derivative(0.0_f32), 1.0);
        assert_relative_eq!(
            tanh_derivative(1.0_f64),
            0.419_974_341_614_026_1,
            max_relative = 1e-15
        );
    }

    #[test]
    fn special_values() {
        assert_eq!(tanh(f64::INFINITY), 1.0);
        assert_eq!(tanh(f64::NEG_INFINITY), -1.0);
        assert_eq!(tanh(f32::INFINITY), 1.0);
        assert_eq!(tanh(f32::NEG_INFINITY), -1.0);
        assert!(tanh(f64::NAN).is_nan());
        assert!(tanh(f32::NAN).is_nan());
        assert_eq!(tanh_derivative(f64::INFINITY), 0.0);
        assert_eq!(tanh_derivative(f32::NEG_INFINITY), 0.0);
        assert!(tanh_derivative(f64::NAN).is_nan());
        assert!(tanh_derivative(f32::NAN).is_nan());
        // Huge inputs: no ∞/∞.
        assert_eq!(tanh(f64::MAX), 1.0);
        assert_eq!(tanh(-f32::MAX), -1.0);
        assert_eq!(tanh_derivative(f64::MAX), 0.0);
        // Tiny inputs: tanh(x) = x − x³/3 + …, so tanh(x) == x exactly.
        assert_eq!(tanh(1e-300_f64), 1e-300);
        assert_eq!(tanh(f64::MIN_POSITIVE / 8.0), f64::MIN_POSITIVE / 8.0);
        assert_eq!(tanh(-1e-30_f32), -1e-30);
        assert_eq!(tanh_derivative(1e-300_f64), 1.0);
    }

    #[test]
    fn derivative_does_not_cancel_for_large_x() {
        for x in [20.0_f64, 100.0, 350.0] {
            let t = x.tanh();
            assert_eq!(1.0 - t * t, 0.0, "the textbook form cancels at x = {x}");
            assert_relative_eq!(
                tanh_derivative(x),
                4.0 * (-2.0 * x).exp(),
                max_relative = 1e-14
            );
            assert_relative_eq!(
                tanh_derivative(-x),
                4.0 * (-2.0 * x).exp(),
                max_relative = 1e-14
            );
        }
        let t = 10.0_f32.tanh();
        assert_eq!(1.0 - t * t, 0.0);
        assert_relative_eq!(
            tanh_derivative(10.0_f32),
            4.0 * (-20.0_f32).exp(),
            max_relative = 1e-5
        );
    }

    #[test]
    fn relation_to_sigmoid() {
        for x in grid(-20.0, 20.0, 401) {
            assert_relative_eq!(tanh(x), 2.0 * sigmoid(2.0 * x) - 1.0, epsilon = 1e-15);
            assert_relative_eq!(
                tanh_derivative(x),
                4.0 * sigmoid_derivative(2.0 * x),
                max_relative = 1e-15
            );
        }
    }

    #[test]
    fn odd_function_with_even_derivative() {
        for x in grid(-30.0, 30.0, 601) {
            assert_eq!(tanh(-x), -tanh(x));
            assert_eq!(tanh_derivative(-x), tanh_derivative(x));
            assert!(tanh_derivative(x) <= 1.0);
        }
    }

    #[test]
    fn derivative_matches_finite_differences() {
        for x in grid(-15.0, 15.0, 301) {
            let fd = central_difference(tanh::<f64>, x);
            assert_relative_eq!(tanh_derivative(x), fd, epsilon = 1e-10, max_relative = 1e-6);
        }
    }

    #[test]
    fn derivative_equals_textbook_form_where_that_is_safe() {
        for x in grid(-3.0, 3.0, 121) {
            let t = tanh(x);
            assert_relative_eq!(tanh_derivative(x), 1.0 - t * t, max_relative = 1e-13);
        }
    }

    // The thresholds stated in the doc comments, each checked on both sides
    // (0.01 apart) and at the exact switching point (one ULP apart).

    #[test]
    fn threshold_where_the_definition_overflows() {
        // "eˣ overflows for x > 709.79 (f64), giving ∞/∞ = NaN"
        let naive = |x: f64| (x.exp() - (-x).exp()) / (x.exp() + (-x).exp());
        for x in [709.79_f64, 709.8, 710.0, 1e300] {
            assert!(
                x.exp().is_infinite() && naive(x).is_nan() && tanh(x) == 1.0,
                "x = {x}"
            );
        }
        assert!(709.78_f64.exp().is_finite() && naive(709.78) == 1.0);
        let edge = 709.782_712_893_384_f64; // ln(f64::MAX), rounded down
        assert!(edge.exp().is_finite() && edge.next_up().exp().is_infinite());
    }

    #[test]
    fn threshold_where_tanh_rounds_to_one() {
        // "for |x| > 19.07 (f64) or |x| > 9.02 (f32) tanh(x) rounds to ±1 and
        // the result [1 − tanh²] is exactly 0"
        for x in grid(19.07, 800.0, 1000) {
            let t = tanh(x);
            assert!(
                t == 1.0 && tanh(-x) == -1.0 && 1.0 - t * t == 0.0,
                "x = {x}"
            );
            assert!(tanh_derivative(x) > 0.0 || x > 373.26);
        }
        let t = tanh(19.06_f64);
        assert!(t < 1.0 && 1.0 - t * t > 0.0);
        let edge = 19.061_547_465_398_498_f64; // 27.5·ln 2: 1 − tanh x ≈ 2e⁻²ˣ = 2⁻⁵⁴
        assert!(tanh(edge) == 1.0 && tanh(edge.next_down()) < 1.0);
        // "(about 1e-16 at x = 19)"
        assert_relative_eq!(tanh_derivative(19.0_f64), 1.26e-16, max_relative = 1e-2);

        for x in (0..=1000).map(|i| 9.02_f32 + i as f32 * 0.0801) {
            let t = tanh(x);
            assert!(
                t == 1.0 && tanh(-x) == -1.0 && 1.0 - t * t == 0.0,
                "x = {x}"
            );
        }
        let t = tanh(9.01_f32);
        assert!(t < 1.0 && 1.0 - t * t > 0.0);
        let edge32 = 9.010_914_f32; // 13·ln 2
        assert!(tanh(edge32) == 1.0 && tanh(edge32.next_down()) < 1.0);
        // The C library's tanhf switches at the same point.
        assert!(edge32.tanh() == 1.0 && edge32.next_down().tanh() < 1.0);
    }

    #[test]
    fn threshold_where_the_exponential_in_the_derivative_is_subnormal() {
        // "u itself is subnormal (|x| > 354.20 in f64, 43.67 in f32)"
        let u = |x: f64| (-2.0 * x).exp();
        assert!(u(354.20) < f64::MIN_POSITIVE && u(354.19) >= f64::MIN_POSITIVE);
        let u32 = |x: f32| (-2.0 * x).exp();
        assert!(u32(43.67) < f32::MIN_POSITIVE && u32(43.66) >= f32::MIN_POSITIVE);
        // tanh′ = 4u loses nothing there: it is subnormal itself only past
        // (1022·ln 2 + ln 4)/2 ≈ 354.89 and 0 only past (1075·ln 2 + ln 4)/2 ≈ 373.26.
        assert!(tanh_derivative(354.89_f64) >= f64::MIN_POSITIVE);
        assert!(tanh_derivative(354.90_f64) < f64::MIN_POSITIVE);
        assert!(tanh_derivative(373.25_f64) > 0.0 && tanh_derivative(373.27_f64) == 0.0);
        assert_eq!(tanh_derivative(373.259_f64), f64::from_bits(1));
        assert!(tanh_derivative(52.67_f32) > 0.0 && tanh_derivative(52.69_f32) == 0.0);
        // Where the code switches to (2e⁻|ˣ|)², the two branches join smoothly.
        let edge = 354.198_209_266_132_1_f64; // 511·ln 2
        assert!(u(edge) < f64::MIN_POSITIVE && u(edge.next_down()) >= f64::MIN_POSITIVE);
        let (a, b) = (tanh_derivative(edge.next_down()), tanh_derivative(edge));
        assert!(a > b && (a - b) / a < 1e-12);
    }
}
