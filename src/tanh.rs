//! Tanh (the hyperbolic tangent) and its derivative.

use num_traits::Float;

// ANCHOR: tanh
/// Tanh, tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ): squashes any real number into (−1, 1).
///
/// Like the notebook's `np.tanh`, this calls the C library's `tanh`, which is
/// already accurate to an ULP or two everywhere: it switches to a series for
/// small |x| (where eˣ − e⁻ˣ would cancel) and returns ±1 once the result
/// rounds to ±1. The formula above is for reading, not for computing: eˣ
/// overflows for x > 709.8 (f64), giving ∞/∞ = NaN.
///
/// NaN gives NaN; tanh(±∞) = ±1; tanh(−0) = −0.
pub fn tanh<T: Float>(x: T) -> T {
    x.tanh()
}
// ANCHOR_END: tanh

// ANCHOR: tanh_derivative
/// Derivative of tanh, tanh′(x) = 1 − tanh²(x) = 4u / (1 + u)² with u = e⁻²|ˣ|.
///
/// The notebook's `1 - np.tanh(x)**2` cancels: for |x| > 19.1 (f64) or
/// |x| > 9.0 (f32) tanh(x) rounds to ±1 and the result is exactly 0, although
/// tanh′(x) ≈ 4e⁻²|ˣ| is still far from 0 (about 1e-16 at x = 19). With
/// u = e⁻²|ˣ| ∈ (0, 1] the same value is 4u / (1 + u)², which never subtracts.
/// (It is 4σ′(2x): tanh(x) = 2σ(2x) − 1.)
///
/// NaN gives NaN; tanh′(±∞) = 0; the maximum is tanh′(0) = 1.
pub fn tanh_derivative<T: Float>(x: T) -> T {
    let two = T::one() + T::one();
    let u = (-two * x.abs()).exp();
    let d = T::one() + u;
    (two + two) * u / (d * d)
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
        assert_relative_eq!(tanh_derivative(1.0_f64), 0.419_974_341_614_026_1, max_relative = 1e-15);
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
            assert_relative_eq!(tanh_derivative(x), 4.0 * (-2.0 * x).exp(), max_relative = 1e-14);
            assert_relative_eq!(tanh_derivative(-x), 4.0 * (-2.0 * x).exp(), max_relative = 1e-14);
        }
        let t = 10.0_f32.tanh();
        assert_eq!(1.0 - t * t, 0.0);
        assert_relative_eq!(tanh_derivative(10.0_f32), 4.0 * (-20.0_f32).exp(), max_relative = 1e-5);
    }

    #[test]
    fn relation_to_sigmoid() {
        for x in grid(-20.0, 20.0, 401) {
            assert_relative_eq!(tanh(x), 2.0 * sigmoid(2.0 * x) - 1.0, epsilon = 1e-15);
            assert_relative_eq!(tanh_derivative(x), 4.0 * sigmoid_derivative(2.0 * x), max_relative = 1e-15);
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
}
