//! Leaky ReLU and its derivative.

use crate::Float;
use crate::math;

// ANCHOR: leaky_relu
/// Leaky ReLU: x for x > 0, αx otherwise (the notebook's default α is 0.01).
///
/// As in the notebook (`np.where(x > 0, x, x * alpha)`) the slope α is an
/// argument; a small positive α keeps a gradient flowing for negative inputs.
/// NaN gives NaN; leaky_relu(−∞, α) = −∞ for α > 0.
pub fn leaky_relu<T: Float>(x: T, alpha: T) -> T {
    if let Some(y) = math::via_wide2(x, alpha, leaky_relu) {
        return y;
    }
    if x > T::zero() { x } else { x * alpha }
}
// ANCHOR_END: leaky_relu

// ANCHOR: leaky_relu_derivative
/// Derivative of Leaky ReLU: 1 for x > 0, α otherwise.
///
/// At x = 0 we follow the notebook (`np.where(x > 0, 1, alpha)`): the
/// derivative there is α. NaN gives NaN.
pub fn leaky_relu_derivative<T: Float>(x: T, alpha: T) -> T {
    if let Some(y) = math::via_wide2(x, alpha, leaky_relu_derivative) {
        return y;
    }
    if x > T::zero() {
        T::one()
    } else if x.is_nan() {
        x
    } else {
        alpha
    }
}
// ANCHOR_END: leaky_relu_derivative

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relu;
    use crate::test_support::{central_difference, grid};
    use approx::assert_relative_eq;

    #[test]
    fn values_and_special_values() {
        assert_eq!(leaky_relu(3.0_f64, 0.01), 3.0);
        assert_relative_eq!(leaky_relu(-3.0_f64, 0.01), -0.03);
        assert_eq!(leaky_relu(0.0_f32, 0.01), 0.0);
        assert_eq!(leaky_relu(f64::INFINITY, 0.01), f64::INFINITY);
        assert_eq!(leaky_relu(f64::NEG_INFINITY, 0.01), f64::NEG_INFINITY);
        assert_eq!(leaky_relu(-f32::MAX, 0.01), -f32::MAX * 0.01);
        assert!(leaky_relu(f64::NAN, 0.01).is_nan());
        assert!(leaky_relu(f32::NAN, 0.2).is_nan());
        // The negative branch is one correctly rounded multiplication.
        assert_eq!(leaky_relu(-1e-300_f64, 0.01), -1e-300 * 0.01);
    }

    #[test]
    fn derivative_values() {
        assert_eq!(leaky_relu_derivative(2.0_f64, 0.01), 1.0);
        assert_eq!(leaky_relu_derivative(-2.0_f64, 0.01), 0.01);
        assert_eq!(leaky_relu_derivative(0.0_f64, 0.01), 0.01);
        assert_eq!(leaky_relu_derivative(0.0_f32, 0.2), 0.2);
        assert_eq!(leaky_relu_derivative(f32::NEG_INFINITY, 0.2), 0.2);
        assert!(leaky_relu_derivative(f64::NAN, 0.01).is_nan());
        assert!(leaky_relu_derivative(f32::NAN, 0.01).is_nan());
    }

    #[test]
    fn alpha_zero_is_relu_and_alpha_one_is_identity() {
        for x in grid(-5.0, 5.0, 101) {
            assert_eq!(leaky_relu(x, 0.0), relu(x));
            assert_eq!(leaky_relu(x, 1.0), x);
        }
    }

    #[test]
    fn derivative_matches_finite_differences_away_from_the_kink() {
        for alpha in [0.01, 0.1, 0.3] {
            for x in grid(-10.0, 10.0, 200) {
                let fd = central_difference(|x| leaky_relu(x, alpha), x);
                assert_relative_eq!(leaky_relu_derivative(x, alpha), fd, max_relative = 1e-8);
            }
        }
    }
}
