//! PReLU (parametric ReLU) and its derivatives with respect to x and to α.

use crate::Float;
use crate::math;

// ANCHOR: prelu
/// PReLU: x for x > 0, αx otherwise (He et al. 2015).
///
/// The same function as [`leaky_relu`](fn@crate::leaky_relu), but α is a parameter
/// the network learns (PyTorch's `torch.nn.PReLU` starts it at 0.25), which is
/// why it also has a derivative with respect to α,
/// [`prelu_alpha_derivative`]. The negative branch is a single, correctly
/// rounded multiplication.
///
/// NaN gives NaN; prelu(+∞, α) = +∞; prelu(−∞, α) = −∞·α (−∞ for α > 0);
/// prelu(−0, α) = −0·α.
pub fn prelu<T: Float>(x: T, alpha: T) -> T {
    if let Some(y) = math::via_wide2(x, alpha, prelu) {
        return y;
    }
    if x > T::zero() { x } else { x * alpha }
}
// ANCHOR_END: prelu

// ANCHOR: prelu_derivative
/// Derivative of PReLU with respect to x: 1 for x > 0, α otherwise.
///
/// At the kink x = 0 the value is α, as for Leaky ReLU here and in PyTorch's
/// `prelu` backward (which tests x > 0). NaN gives NaN.
pub fn prelu_derivative<T: Float>(x: T, alpha: T) -> T {
    if let Some(y) = math::via_wide2(x, alpha, prelu_derivative) {
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
// ANCHOR_END: prelu_derivative

// ANCHOR: prelu_alpha_derivative
/// Derivative of PReLU with respect to α: 0 for x > 0, x otherwise, that is
/// min(x, 0).
///
/// This is the gradient that trains α: ∂prelu/∂α = x where the negative branch
/// αx is taken. It does not depend on α (the argument is there so that the
/// three functions take the same arguments). At x = 0 both branches give 0;
/// x = −0 gives −0. NaN gives NaN (a comparison, not `min`, which would
/// return 0 for NaN).
pub fn prelu_alpha_derivative<T: Float>(x: T, alpha: T) -> T {
    if let Some(y) = math::via_wide2(x, alpha, prelu_alpha_derivative) {
        return y;
    }
    if x > T::zero() { T::zero() } else { x }
}
// ANCHOR_END: prelu_alpha_derivative

#[cfg(test)]
mod tests {
    use super::*;
    use crate::leaky_relu;
    use crate::test_support::{central_difference, grid};
    use approx::assert_relative_eq;

    #[test]
    fn values_and_special_values() {
        assert_eq!(prelu(3.0_f64, 0.25), 3.0);
        assert_eq!(prelu(-3.0_f64, 0.25), -0.75);
        assert_eq!(prelu(-3.0_f32, 0.25), -0.75);
        assert_eq!(prelu(0.0_f64, 0.25), 0.0);
        assert!(prelu(-0.0_f64, 0.25).is_sign_negative());
        assert_eq!(prelu(f64::INFINITY, 0.25), f64::INFINITY);
        assert_eq!(prelu(f64::NEG_INFINITY, 0.25), f64::NEG_INFINITY);
        assert_eq!(prelu(f32::NEG_INFINITY, -0.5), f32::INFINITY);
        assert_eq!(prelu(-f64::MAX, 0.25), -f64::MAX * 0.25);
        assert_eq!(prelu(-f64::from_bits(1), 0.5), -0.0);
        assert!(prelu(f64::NAN, 0.25).is_nan());
        assert!(prelu(f32::NAN, 0.25).is_nan());
        // A learned α may be anything, even negative or above 1.
        assert_eq!(prelu(-2.0_f64, -0.5), 1.0);
        assert_eq!(prelu(-2.0_f64, 3.0), -6.0);
    }

    #[test]
    fn same_function_as_leaky_relu() {
        for alpha in [0.0, 0.01, 0.25, 1.0, -0.3] {
            for x in grid(-5.0, 5.0, 101) {
                assert_eq!(prelu(x, alpha), leaky_relu(x, alpha));
                assert_eq!(
                    prelu_derivative(x, alpha),
                    crate::leaky_relu_derivative(x, alpha)
                );
            }
        }
    }

    #[test]
    fn derivative_values() {
        assert_eq!(prelu_derivative(2.0_f64, 0.25), 1.0);
        assert_eq!(prelu_derivative(-2.0_f64, 0.25), 0.25);
        assert_eq!(prelu_derivative(0.0_f64, 0.25), 0.25);
        assert_eq!(prelu_derivative(-0.0_f32, 0.25), 0.25);
        assert_eq!(prelu_derivative(f64::INFINITY, 0.25), 1.0);
        assert_eq!(prelu_derivative(f64::NEG_INFINITY, 0.25), 0.25);
        assert!(prelu_derivative(f64::NAN, 0.25).is_nan());
        assert!(prelu_derivative(f32::NAN, 0.25).is_nan());
    }

    #[test]
    fn alpha_derivative_values() {
        assert_eq!(prelu_alpha_derivative(2.0_f64, 0.25), 0.0);
        assert_eq!(prelu_alpha_derivative(-2.0_f64, 0.25), -2.0);
        assert_eq!(prelu_alpha_derivative(0.0_f64, 0.25), 0.0);
        assert!(prelu_alpha_derivative(-0.0_f64, 0.25).is_sign_negative());
        assert_eq!(prelu_alpha_derivative(f64::INFINITY, 0.25), 0.0);
        assert_eq!(
            prelu_alpha_derivative(f32::NEG_INFINITY, 0.25),
            f32::NEG_INFINITY
        );
        assert_eq!(
            prelu_alpha_derivative(-f64::from_bits(1), 0.25),
            -f64::from_bits(1)
        );
        assert!(prelu_alpha_derivative(f64::NAN, 0.25).is_nan());
        assert!(prelu_alpha_derivative(f32::NAN, 0.25).is_nan());
    }

    #[test]
    fn derivatives_match_finite_differences_away_from_the_kink() {
        for alpha in [0.01, 0.25, 0.7] {
            for x in grid(-10.0, 10.0, 200) {
                let fd = central_difference(|x| prelu(x, alpha), x);
                assert_relative_eq!(prelu_derivative(x, alpha), fd, max_relative = 1e-8);
                let fd_alpha = central_difference(|a| prelu(x, a), alpha);
                assert_relative_eq!(
                    prelu_alpha_derivative(x, alpha),
                    fd_alpha,
                    epsilon = 1e-9,
                    max_relative = 1e-8
                );
            }
        }
    }
}
