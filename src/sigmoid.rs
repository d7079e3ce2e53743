//! Sigmoid (the logistic function) and its derivative.

use num_traits::Float;

// ANCHOR: sigmoid
/// Sigmoid, σ(x) = 1 / (1 + e⁻ˣ): squashes any real number into (0, 1).
///
/// The notebook's `1 / (1 + np.exp(-x))` overflows `e⁻ˣ` for x < −709.8 (f64)
/// or x < −88.7 (f32) and then returns 0, although σ(x) ≈ eˣ is still a
/// representable (subnormal) number down to x ≈ −745 (f64) / −104 (f32).
/// For x < 0 we therefore use the equivalent form eˣ / (1 + eˣ), in which the
/// exponential can only underflow, and only where σ itself does.
///
/// NaN gives NaN; σ(−∞) = 0, σ(+∞) = 1.
pub fn sigmoid<T: Float>(x: T) -> T {
    let one = T::one();
    if x >= T::zero() {
        one / (one + (-x).exp())
    } else {
        // Also reached by NaN, which propagates through `exp`.
        let e = x.exp();
        e / (one + e)
    }
}
// ANCHOR_END: sigmoid

// ANCHOR: sigmoid_derivative
/// Derivative of sigmoid, σ′(x) = σ(x)·(1 − σ(x)) = e⁻|ˣ| / (1 + e⁻|ˣ|)².
///
/// The notebook's `s * (1 - s)` cancels for large positive x: σ(x) rounds to
/// exactly 1 once x > 36.7 (f64) or x > 16.6 (f32), so `1 - s` is 0 although
/// σ′(x) ≈ e⁻ˣ is not. Writing u = e⁻|ˣ| ∈ (0, 1] gives u / (1 + u)², which
/// has no subtraction at all and uses that σ′ is even: σ′(−x) = σ′(x).
///
/// NaN gives NaN; σ′(±∞) = 0; the maximum is σ′(0) = 1/4.
pub fn sigmoid_derivative<T: Float>(x: T) -> T {
    let u = (-x.abs()).exp();
    let d = T::one() + u;
    u / (d * d)
}
// ANCHOR_END: sigmoid_derivative

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
        assert_relative_eq!(sigmoid(1.0_f64), 0.731_058_578_630_004_9, max_relative = 1e-15);
        assert_relative_eq!(sigmoid(-1.0_f64), 0.268_941_421_369_995_1, max_relative = 1e-15);
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
        assert_relative_eq!(sigmoid_derivative(20.0_f32), (-20.0_f32).exp(), max_relative = 1e-5);
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
            assert_relative_eq!(sigmoid_derivative(x), fd, epsilon = 1e-10, max_relative = 1e-6);
        }
    }

    #[test]
    fn derivative_equals_textbook_form_where_that_is_safe() {
        for x in grid(-10.0, 10.0, 201) {
            let s = sigmoid(x);
            assert_relative_eq!(sigmoid_derivative(x), s * (1.0 - s), max_relative = 1e-12);
        }
    }
}
