//! The textbook formulas, kept on purpose: where they break in `f32` and
//! `f64`, next to the library's stable forms — and the two measuring sticks
//! of the comparison, [`ulp`] and [`relative_error`].
//!
//! **Do not use the `_naive` functions for computing.** They are the
//! notebook's formulas written literally, so that the book can show (and its
//! tests can check) exactly where they overflow, underflow or cancel. Each
//! doc comment names the stable function to use instead.

use crate::Float;
use crate::math;

// ANCHOR: naive
/// σ(x) = 1 / (1 + e⁻ˣ), literally (the notebook's `1 / (1 + np.exp(-x))`).
/// **Deliberately numerically unstable, for teaching; use [`sigmoid`](fn@crate::sigmoid).**
///
/// e⁻ˣ overflows to +∞ for x < −709.78 (`f64`) or x < −88.72 (`f32`), and
/// the result is 0, although σ(x) ≈ eˣ is still representable down to
/// −745.13 (`f64`) or −103.97 (`f32`).
pub fn sigmoid_naive<T: Float>(x: T) -> T {
    T::one() / (T::one() + math::exp(-x))
}

/// σ′(x) = s·(1 − s) with s = σ(x), literally. **Deliberately numerically unstable, for
/// teaching; use [`sigmoid_derivative`](fn@crate::sigmoid_derivative).**
///
/// Cancels: s rounds to exactly 1 from x = 36.74 (`f64`) or 16.64 (`f32`) on,
/// and the result is 0 although σ′(x) ≈ e⁻ˣ; before that, the relative error
/// grows like ε·eˣ. Below −709.78 (`f64`) / −88.72 (`f32`) it inherits the
/// overflow of [`sigmoid_naive`] and returns 0 too.
pub fn sigmoid_derivative_naive<T: Float>(x: T) -> T {
    let s = sigmoid_naive(x);
    s * (T::one() - s)
}

/// tanh′(x) = 1 − tanh²(x), literally (the notebook's
/// `1 - np.tanh(x)**2`, with the type's own `tanh`). **Deliberately numerically unstable,
/// for teaching; use [`tanh_derivative`](fn@crate::tanh_derivative).**
///
/// Cancels: tanh(x) rounds to ±1 for |x| ≥ 19.06 (`f64`) or 9.01 (`f32`),
/// and the result is 0 although tanh′(x) ≈ 4e⁻²|ˣ|; before that, the
/// relative error grows like ε·e²|ˣ|.
pub fn tanh_derivative_naive<T: Float>(x: T) -> T {
    let t = math::tanh(x);
    T::one() - t * t
}

/// softplus(x) = ln(1 + eˣ), literally. **Deliberately numerically unstable, for teaching;
/// use [`softplus`](fn@crate::softplus)**, which computes
/// max(x, 0) + ln_1p(e^(−|x|)).
///
/// Overflows: eˣ is +∞ for x > 709.78 (`f64`) or x > 88.72 (`f32`), and so
/// is the result, although softplus(x) ≈ x. Loses the small values: for
/// x < 0, 1 + eˣ is rounded before the logarithm, which costs a relative
/// error of up to about ε/(2eˣ); from x ≤ −36.74 (`f64`) or −16.64 (`f32`) on,
/// 1 + eˣ is exactly 1 and the result is 0 although softplus(x) ≈ eˣ.
pub fn softplus_naive<T: Float>(x: T) -> T {
    math::ln(T::one() + math::exp(x))
}

/// softmax(x)ᵢ = e^(xᵢ) / Σⱼ e^(xⱼ), literally, *without* subtracting the
/// maximum. **Deliberately numerically unstable, for teaching; use
/// [`softmax`](fn@crate::softmax).**
///
/// One logit above 709.78 (`f64`) or 88.72 (`f32`) makes a term +∞ and the
/// results ∞/∞ = NaN (or 0 for the finite terms); all logits below −745.13
/// (`f64`) or −103.97 (`f32`) make every term 0 and the results 0/0 = NaN.
pub fn softmax_naive<T: Float>(logits: &[T]) -> Vec<T> {
    let exps: Vec<T> = logits.iter().map(|&x| math::exp(x)).collect();
    let sum = exps.iter().fold(T::zero(), |sum, &e| sum + e);
    exps.into_iter().map(|e| e / sum).collect()
}
// ANCHOR_END: naive

// ANCHOR: ulp
/// The ULP (unit in the last place) of `x` in its type: the distance
/// between the two floating-point numbers around |x|, the weight of the
/// last bit of its significand.
///
/// For 2ᵉ ≤ |x| < 2ᵉ⁺¹ it is 2ᵉ·ε, with ε = `T::epsilon()` = 2⁻⁵² (`f64`)
/// or 2⁻²³ (`f32`): ulp(1) = ε, ulp(1.5) = ε, ulp(2) = 2ε. Below the
/// smallest normal number (the subnormal range, and 0) the spacing stays at
/// its smallest value, 2⁻¹⁰⁷⁴ (`f64`) or 2⁻¹⁴⁹ (`f32`). A correctly rounded
/// result is within ulp/2 of the exact value. NaN and ±∞ give NaN.
pub fn ulp<T: Float>(x: T) -> T {
    let x = x.abs();
    if !x.is_finite() {
        return T::nan();
    }
    if x < T::min_positive_value() {
        return T::min_positive_value() * T::epsilon(); // the subnormal spacing
    }
    // x = m·2ᵉ with an integer m of exactly 53 (24) bits: the last bit weighs 2ᵉ.
    let (_, e, _) = x.integer_decode();
    // 2ᵉ in two exact halves, so that no intermediate power overflows.
    let two = T::one() + T::one();
    let half = i32::from(e / 2);
    two.powi(half) * two.powi(i32::from(e) - half)
}
// ANCHOR_END: ulp

// ANCHOR: relative_error
/// |computed − reference| / |reference|, the relative error of `computed`
/// (of type `T`) against a more precise `reference` — the `f64` value for an
/// `f32` result, or a multi-precision value rounded to `f64` for an `f64`
/// result whose error is far above 2⁻⁵³.
///
/// 0 if the two are equal (both ±∞, or both 0); +∞ if the reference is 0 and
/// the result is not, or the result is ±∞ and the reference finite; NaN if
/// either is NaN.
pub fn relative_error<T: Float>(computed: T, reference: f64) -> f64 {
    let c = computed.to_f64().unwrap_or(f64::NAN);
    if c == reference {
        return 0.0;
    }
    if c.is_infinite() && reference.is_finite() {
        return f64::INFINITY;
    }
    ((c - reference) / reference).abs()
}
// ANCHOR_END: relative_error

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{sigmoid, sigmoid_derivative, softmax, softplus, tanh_derivative};
    use approx::assert_relative_eq;

    #[test]
    fn naive_forms_agree_with_the_library_where_they_are_safe() {
        for x in crate::linspace(-8.0, 8.0, 161) {
            assert_relative_eq!(sigmoid_naive(x), sigmoid(x), max_relative = 1e-15);
            assert_relative_eq!(
                sigmoid_derivative_naive(x),
                sigmoid_derivative(x),
                max_relative = 1e-12
            );
            assert_relative_eq!(
                tanh_derivative_naive(x),
                tanh_derivative(x),
                max_relative = 1e-7
            );
            assert_relative_eq!(softplus_naive(x), softplus(x), max_relative = 1e-12);
        }
        let x = [2.0_f64, 1.0, 0.1];
        for (a, b) in softmax_naive(&x).iter().zip(softmax(&x)) {
            assert_relative_eq!(*a, b, max_relative = 1e-15);
        }
        assert!(softmax_naive::<f32>(&[]).is_empty());
    }

    #[test]
    fn where_the_naive_forms_break_in_f64() {
        // σ: e⁻ˣ overflows below −ln(f64::MAX).
        let edge = -709.782_712_893_384_f64;
        assert!(sigmoid_naive(edge) > 0.0 && sigmoid_naive(edge.next_down()) == 0.0);
        assert!(sigmoid(-745.13_f64) > 0.0);
        // σ′: s rounds to 1 from 53·ln 2 on.
        let edge = 36.736_800_569_677_11_f64;
        assert!(sigmoid_derivative_naive(edge) == 0.0);
        assert!(sigmoid_derivative_naive(edge.next_down()) > 0.0);
        assert!(sigmoid_derivative(edge) > 0.0);
        // tanh′: tanh rounds to 1 from 27.5·ln 2 on.
        let edge = 19.061_547_465_398_498_f64;
        assert!(tanh_derivative_naive(edge) == 0.0 && tanh_derivative_naive(-edge) == 0.0);
        assert!(tanh_derivative_naive(edge.next_down()) > 0.0);
        // softplus: overflow, and 1 + eˣ rounding to 1.
        assert!(softplus_naive(709.78_f64).is_finite());
        assert_eq!(softplus_naive(709.79_f64), f64::INFINITY);
        assert_eq!(softplus_naive(-36.75_f64), 0.0);
        assert!(softplus_naive(-36.73_f64) > 0.0);
        assert!(softplus(-36.75_f64) > 0.0 && softplus(709.79_f64) == 709.79);
        // softmax: ∞/∞ and 0/0.
        assert!(
            softmax_naive(&[1000.0_f64, 1001.0])
                .iter()
                .all(|p| p.is_nan())
        );
        assert!(
            softmax_naive(&[-1000.0_f64, -1001.0])
                .iter()
                .all(|p| p.is_nan())
        );
        let p = softmax_naive(&[800.0_f64, 0.0]); // [∞/∞, 1/∞]
        assert!(p[0].is_nan() && p[1] == 0.0);
    }

    #[test]
    fn where_the_naive_forms_break_in_f32() {
        let edge = -88.722_83_f32;
        assert!(sigmoid_naive(edge) > 0.0 && sigmoid_naive(edge.next_down()) == 0.0);
        let edge = 16.635_532_f32;
        assert!(sigmoid_derivative_naive(edge) == 0.0);
        assert!(sigmoid_derivative_naive(edge.next_down()) > 0.0);
        let edge = 9.010_914_f32;
        assert!(tanh_derivative_naive(edge) == 0.0);
        assert!(tanh_derivative_naive(edge.next_down()) > 0.0);
        assert_eq!(softplus_naive(88.73_f32), f32::INFINITY);
        assert_eq!(softplus_naive(-16.65_f32), 0.0);
        assert!(softmax_naive(&[100.0_f32, 0.0])[0].is_nan());
        assert!(softmax_naive(&[-104.0_f32, -105.0])[0].is_nan());
    }

    #[test]
    fn ulp_of_f64_and_f32() {
        assert_eq!(ulp(1.0_f64), f64::EPSILON);
        assert_eq!(ulp(1.5_f64), f64::EPSILON);
        assert_eq!(ulp(2.0_f64), 2.0 * f64::EPSILON);
        assert_eq!(ulp(-1.0_f64), f64::EPSILON);
        assert_eq!(ulp(1.0_f64.next_down()), f64::EPSILON / 2.0);
        assert_eq!(ulp(1e16_f64), 2.0);
        assert_eq!(ulp(f64::MAX), 2.0_f64.powi(971));
        assert_eq!(ulp(f64::MIN_POSITIVE), f64::from_bits(1));
        assert_eq!(ulp(1e-310_f64), f64::from_bits(1));
        assert_eq!(ulp(0.0_f64), f64::from_bits(1));
        assert_eq!(ulp(1.0_f32), f32::EPSILON);
        assert_eq!(ulp(16_777_216.0_f32), 2.0);
        assert_eq!(ulp(f32::MAX), 2.0_f32.powi(104));
        assert_eq!(ulp(0.0_f32), f32::from_bits(1));
        assert!(ulp(f64::INFINITY).is_nan() && ulp(f32::NAN).is_nan());
        // The spacing is the distance to the next number up.
        for x in [0.1_f64, 3.0, 1e-300, 1e300, 123_456.789] {
            assert_eq!(ulp(x), x.next_up() - x);
        }
    }

    #[test]
    fn relative_errors() {
        assert_eq!(relative_error(1.0_f32, 1.0), 0.0);
        assert_relative_eq!(
            relative_error(0.1_f32, 0.1),
            (f64::from(0.1_f32) - 0.1) / 0.1,
            max_relative = 1e-15
        );
        assert!(relative_error(0.1_f32, 0.1) < f64::from(f32::EPSILON) / 2.0);
        assert_eq!(relative_error(0.0_f32, 2e-18), 1.0);
        assert_eq!(relative_error(1e-30_f32, 0.0), f64::INFINITY);
        assert_eq!(relative_error(f32::INFINITY, 1e300), f64::INFINITY);
        assert_eq!(relative_error(f64::INFINITY, f64::INFINITY), 0.0);
        assert_eq!(relative_error(0.0_f64, -0.0), 0.0);
        assert!(relative_error(f64::NAN, 1.0).is_nan());
        assert!(relative_error(1.0_f64, f64::NAN).is_nan());
    }
}
