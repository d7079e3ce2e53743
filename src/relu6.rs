//! ReLU6 and its derivative.

use crate::Float;
use crate::math;

// ANCHOR: relu6
/// ReLU6, min(max(0, x), 6): ReLU capped at 6 (Krizhevsky 2010; MobileNet).
///
/// As in [`relu`](fn@crate::relu), comparisons rather than `max`/`min`, which
/// would turn NaN into 0 or 6, or `clamp`, which would return −0 for −0. The
/// result is x itself or one of the constants 0 and 6, so it is exact.
/// relu6(−0) = +0, like relu.
///
/// NaN gives NaN; relu6(+∞) = 6; relu6(−∞) = 0.
pub fn relu6<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, relu6) {
        return y;
    }
    let six = T::from(6).expect("6 is a float");
    if x.is_nan() {
        x
    } else if x <= T::zero() {
        T::zero()
    } else if x >= six {
        six
    } else {
        x
    }
}
// ANCHOR_END: relu6

// ANCHOR: relu6_derivative
/// Derivative of ReLU6: 1 for 0 < x < 6, 0 otherwise.
///
/// At both kinks, x = 0 and x = 6, the value is 0, as in PyTorch (where
/// `relu6` is `hardtanh(x, 0, 6)`, whose gradient is 1 only strictly inside).
/// NaN gives NaN.
pub fn relu6_derivative<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, relu6_derivative) {
        return y;
    }
    let six = T::from(6).expect("6 is a float");
    if x.is_nan() {
        x
    } else if x > T::zero() && x < six {
        T::one()
    } else {
        T::zero()
    }
}
// ANCHOR_END: relu6_derivative

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relu;
    use crate::test_support::{central_difference, grid};

    #[test]
    fn values_and_special_values() {
        assert_eq!(relu6(3.5_f64), 3.5);
        assert_eq!(relu6(-3.5_f64), 0.0);
        assert_eq!(relu6(7.0_f32), 6.0);
        assert_eq!(relu6(6.0_f64), 6.0);
        assert!(relu6(-0.0_f64).is_sign_positive());
        assert_eq!(relu6(f64::INFINITY), 6.0);
        assert_eq!(relu6(f64::NEG_INFINITY), 0.0);
        assert_eq!(relu6(f64::from_bits(1)), f64::from_bits(1));
        assert_eq!(relu6(6.0_f64.next_down()), 6.0_f64.next_down());
        assert!(relu6(f64::NAN).is_nan() && relu6(f32::NAN).is_nan());
        // The trap the comparisons avoid:
        assert_eq!(f64::NAN.max(0.0), 0.0);
    }

    #[test]
    fn derivative_values() {
        assert_eq!(relu6_derivative(3.0_f64), 1.0);
        assert_eq!(relu6_derivative(-3.0_f64), 0.0);
        assert_eq!(relu6_derivative(9.0_f32), 0.0);
        assert_eq!(relu6_derivative(0.0_f64), 0.0);
        assert_eq!(relu6_derivative(6.0_f64), 0.0);
        assert_eq!(relu6_derivative(f64::from_bits(1)), 1.0);
        assert_eq!(relu6_derivative(6.0_f64.next_down()), 1.0);
        assert_eq!(relu6_derivative(f64::INFINITY), 0.0);
        assert!(relu6_derivative(f64::NAN).is_nan());
        assert!(relu6_derivative(f32::NAN).is_nan());
    }

    #[test]
    fn is_relu_below_six() {
        for x in grid(-10.0, 5.99, 1000) {
            assert_eq!(relu6(x), relu(x));
        }
    }

    #[test]
    fn derivative_matches_finite_differences_away_from_the_kinks() {
        for x in grid(-10.0, 10.0, 200) {
            let fd = central_difference(relu6::<f64>, x);
            assert_eq!(relu6_derivative(x), fd.round(), "x = {x}");
            assert!((relu6_derivative(x) - fd).abs() < 1e-9);
        }
    }
}
