//! ReLU (rectified linear unit) and its derivative.

use crate::Float;
use crate::math;

// ANCHOR: relu
/// ReLU, relu(x) = max(0, x).
///
/// Written as a comparison rather than `T::max(x, 0)`, because Rust's (and
/// IEEE 754's) `max` returns the *other* operand when one is NaN: `max(NaN, 0)`
/// would be 0 and would hide the NaN. numpy's `np.maximum` propagates NaN, and
/// so does this. relu(−0) = +0; relu(+∞) = +∞; relu(−∞) = 0.
pub fn relu<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, relu) {
        return y;
    }
    if x > T::zero() || x.is_nan() {
        x
    } else {
        T::zero()
    }
}
// ANCHOR_END: relu

// ANCHOR: relu_derivative
/// Derivative of ReLU: 1 for x > 0, 0 for x < 0.
///
/// At x = 0 ReLU has no derivative; like the notebook (`np.where(x > 0, 1, 0)`)
/// and PyTorch, we use 0 there, a valid subgradient. NaN gives NaN.
pub fn relu_derivative<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, relu_derivative) {
        return y;
    }
    if x > T::zero() {
        T::one()
    } else if x.is_nan() {
        x
    } else {
        T::zero()
    }
}
// ANCHOR_END: relu_derivative

// ANCHOR: squared_relu
/// Squared ReLU, relu(x)² (So et al. 2021, Primer): x² for x > 0, 0 otherwise.
///
/// x·x is rounded once, so the result is correctly rounded; it overflows to
/// +∞ where x² does (x > 1.34·10¹⁵⁴ in `f64`) and becomes 0 where x² is below
/// half the smallest subnormal. NaN gives NaN; squared_relu(−0) = +0;
/// squared_relu(+∞) = +∞; squared_relu(−∞) = 0.
pub fn squared_relu<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, squared_relu) {
        return y;
    }
    let r = relu(x);
    r * r
}
// ANCHOR_END: squared_relu

// ANCHOR: squared_relu_derivative
/// Derivative of squared ReLU: 2·relu(x) (exact). Unlike ReLU, squared ReLU
/// is differentiable at 0, with derivative 0 there. NaN gives NaN;
/// squared_relu′(+∞) = +∞; squared_relu′(−∞) = 0.
pub fn squared_relu_derivative<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, squared_relu_derivative) {
        return y;
    }
    let r = relu(x);
    r + r
}
// ANCHOR_END: squared_relu_derivative

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{central_difference, grid};

    #[test]
    fn values_and_special_values() {
        assert_eq!(relu(3.5_f64), 3.5);
        assert_eq!(relu(-3.5_f64), 0.0);
        assert_eq!(relu(0.0_f32), 0.0);
        assert!(relu(-0.0_f64).is_sign_positive());
        assert_eq!(relu(f64::INFINITY), f64::INFINITY);
        assert_eq!(relu(f32::NEG_INFINITY), 0.0);
        assert_eq!(relu(f64::MAX), f64::MAX);
        assert_eq!(relu(f64::from_bits(1)), f64::from_bits(1));
        assert_eq!(relu(-f64::from_bits(1)), 0.0);
        assert!(relu(f64::NAN).is_nan());
        assert!(relu(f32::NAN).is_nan());
        // The trap the comparison avoids:
        assert_eq!(f64::NAN.max(0.0), 0.0);
    }

    #[test]
    fn derivative_values() {
        assert_eq!(relu_derivative(2.0_f64), 1.0);
        assert_eq!(relu_derivative(-2.0_f64), 0.0);
        assert_eq!(relu_derivative(0.0_f64), 0.0);
        assert_eq!(relu_derivative(-0.0_f32), 0.0);
        assert_eq!(relu_derivative(f64::from_bits(1)), 1.0);
        assert_eq!(relu_derivative(f32::INFINITY), 1.0);
        assert_eq!(relu_derivative(f32::NEG_INFINITY), 0.0);
        assert!(relu_derivative(f64::NAN).is_nan());
        assert!(relu_derivative(f32::NAN).is_nan());
    }

    #[test]
    fn derivative_matches_finite_differences_away_from_the_kink() {
        for x in grid(-10.0, 10.0, 200) {
            let fd = central_difference(relu::<f64>, x);
            assert_eq!(relu_derivative(x), fd.round(), "x = {x}");
            assert!((relu_derivative(x) - fd).abs() < 1e-9);
        }
    }

    #[test]
    fn squared_relu_values() {
        assert_eq!(squared_relu(3.0_f64), 9.0);
        assert_eq!(squared_relu(-3.0_f32), 0.0);
        assert!(squared_relu(-0.0_f64).is_sign_positive());
        assert_eq!(squared_relu(f64::INFINITY), f64::INFINITY);
        assert_eq!(squared_relu(f64::NEG_INFINITY), 0.0);
        assert!(squared_relu(f64::NAN).is_nan() && squared_relu_derivative(f32::NAN).is_nan());
        assert_eq!(squared_relu(1e200_f64), f64::INFINITY);
        assert_eq!(squared_relu(f64::from_bits(1)), 0.0);
        assert_eq!(squared_relu_derivative(2.5_f64), 5.0);
        assert_eq!(squared_relu_derivative(0.0_f64), 0.0);
        assert_eq!(squared_relu_derivative(-2.5_f64), 0.0);
        assert_eq!(squared_relu_derivative(f64::INFINITY), f64::INFINITY);
        for x in grid(-10.0, 10.0, 201) {
            let fd = central_difference(squared_relu::<f64>, x);
            // At 0 the difference quotient is h/2 (about 3·10⁻⁶), tending to 0.
            let tolerance = if x == 0.0 { 1e-5 } else { 1e-8 };
            assert!(
                (squared_relu_derivative(x) - fd).abs() < tolerance,
                "x = {x}"
            );
        }
    }
}
