//! SELU (scaled exponential linear unit) and its derivative.

use crate::Float;
use crate::math;

use crate::double_double::{Dd, exp_mul, via_f64};

// ANCHOR: selu_constants
/// λ of SELU, 1.0507009873554804934193349852946 (Klambauer et al. 2017), as a
/// double-double.
const LAMBDA: Dd = Dd::new(1.050_700_987_355_480_5, 3.987_484_766_715_414_4e-17);
/// λα, with α = 1.6732632423543772848170429916717: 1.7580993408473768599402…
const LAMBDA_ALPHA: Dd = Dd::new(1.758_099_340_847_376_8, 1.415_351_938_008_45e-17);
// ANCHOR_END: selu_constants

// ANCHOR: selu
/// SELU (Klambauer et al. 2017, "Self-Normalizing Neural Networks"):
/// λ·elu(x, α), that is λx for x > 0 and λα(eˣ − 1) otherwise, with
///
/// * α = 1.6732632423543772848170429916717 and
/// * λ = 1.0507009873554804934193349852946,
///
/// the constants of the paper (and of PyTorch): with them, inputs of mean 0 and
/// variance 1 keep mean 0 and variance 1 through a layer, which is what makes
/// the network "self-normalising".
///
/// Rounding λ and λα to `f64` would already cost up to half an ULP before any
/// arithmetic, so both are kept as double-doubles and their low parts are
/// added with a fused multiply-add: λx is then within a hair of half an ULP, and
/// λα(eˣ − 1) is within about one ULP (from `exp_m1`). For `f32` the formula runs
/// in `f64` and the result is rounded once.
///
/// NaN gives NaN; selu(+∞) = +∞; selu(−∞) = −λα ≈ −1.7581; selu(−0) = −0.
pub fn selu<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, selu) {
        return y;
    }
    via_f64(x, |x| {
        if x > 0.0 {
            scale(LAMBDA, x)
        } else {
            scale(LAMBDA_ALPHA, math::exp_m1(x))
        }
    })
}
// ANCHOR_END: selu

// ANCHOR: selu_scale
/// c·v for a double-double constant c, with one rounding.
fn scale(c: Dd, v: f64) -> f64 {
    c.hi.mul_add(v, c.lo * v)
}
// ANCHOR_END: selu_scale

// ANCHOR: selu_derivative
/// Derivative of SELU: λ for x > 0, λαeˣ otherwise.
///
/// At the kink x = 0 the value is λα ≈ 1.7581 (the branch x ≤ 0, as in
/// PyTorch's `elu_backward`); from the right it is λ ≈ 1.0507.
///
/// NaN gives NaN; selu′(+∞) = λ; selu′(−∞) = 0.
pub fn selu_derivative<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, selu_derivative) {
        return y;
    }
    via_f64(x, |x| {
        if x > 0.0 {
            LAMBDA.hi
        } else {
            exp_mul(LAMBDA_ALPHA, Dd::from_f64(x)).to_f64()
        }
    })
}
// ANCHOR_END: selu_derivative

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{central_difference, grid};
    use crate::{elu, elu_derivative};
    use approx::assert_relative_eq;

    /// α of SELU as a double-double.
    const ALPHA: Dd = Dd::new(1.673_263_242_354_377_2, 1.065_722_254_771_753_1e-16);

    #[test]
    fn constants_are_the_papers() {
        let parse = |s: &str| s.parse::<f64>().unwrap();
        assert_eq!(ALPHA.hi, parse("1.6732632423543772848170429916717"));
        assert_eq!(LAMBDA.hi, parse("1.0507009873554804934193349852946"));
        // PyTorch's constants, as f32 and f64.
        assert_eq!(selu(1.0_f64), 1.050_700_987_355_480_5);
        assert_eq!(selu(1.0_f32), 1.050_701);
        assert_eq!(selu_derivative(1.0_f64), 1.050_700_987_355_480_5);
        assert_eq!(selu_derivative(0.0_f64), 1.758_099_340_847_376_8);
        assert_eq!(selu(f64::NEG_INFINITY), -1.758_099_340_847_376_8);
        // The low parts: λα − (λ·α) in double-double, and each constant's
        // rounding error is below half an ULP.
        let product = LAMBDA.mul(ALPHA);
        assert!((product.sub(LAMBDA_ALPHA)).to_f64().abs() < 1e-31);
        assert!(ALPHA.lo.abs() <= f64::EPSILON && LAMBDA.lo.abs() <= f64::EPSILON / 2.0);
    }

    #[test]
    fn known_values() {
        assert_eq!(selu(0.0_f64), 0.0);
        assert!(selu(-0.0_f64).is_sign_negative());
        assert_relative_eq!(selu(2.0_f64), 2.101_401_974_710_961, max_relative = 1e-15);
        assert_relative_eq!(
            selu(-1.0_f64),
            -1.111_330_737_812_562_8,
            max_relative = 1e-15
        );
        assert_relative_eq!(selu(-1.0_f32), -1.111_330_7, max_relative = 1e-7);
    }

    #[test]
    fn special_values() {
        assert_eq!(selu(f64::INFINITY), f64::INFINITY);
        assert_eq!(selu(f32::NEG_INFINITY), -1.758_099_3);
        assert!(selu(f64::NAN).is_nan());
        assert!(selu(f32::NAN).is_nan());
        assert_eq!(selu(f64::MAX), f64::INFINITY); // λ > 1
        assert!(selu(f64::MAX / 1.1).is_finite());
        assert_eq!(selu(f64::from_bits(1)), f64::from_bits(1));
        assert_relative_eq!(
            selu(-1e-300_f64),
            -1.758_099_340_847_377e-300,
            max_relative = 1e-15
        );
        assert_eq!(selu_derivative(f64::INFINITY), 1.050_700_987_355_480_5);
        assert_eq!(selu_derivative(f64::NEG_INFINITY), 0.0);
        assert!(selu_derivative(f64::NAN).is_nan());
        assert!(selu_derivative(-745.0_f64) > 0.0);
    }

    #[test]
    fn is_lambda_times_elu_with_alpha() {
        for x in grid(-20.0, 20.0, 401) {
            assert_relative_eq!(
                selu(x),
                LAMBDA.hi * elu(x, ALPHA.hi),
                max_relative = 4e-16,
                epsilon = 1e-300
            );
            assert_relative_eq!(
                selu_derivative(x),
                LAMBDA.hi * elu_derivative(x, ALPHA.hi),
                max_relative = 4e-16
            );
        }
    }

    #[test]
    fn self_normalising_fixed_point() {
        // For z ~ N(0, 1): E[selu(z)] = 0 and E[selu(z)²] = 1 (the paper's
        // defining property), by the midpoint rule on [−12, 12].
        let n = 200_000;
        let h = 24.0 / n as f64;
        let (mut mean, mut second) = (0.0, 0.0);
        for i in 0..n {
            let z = -12.0 + (i as f64 + 0.5) * h;
            let w = (-z * z / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt() * h;
            let s = selu(z);
            mean += s * w;
            second += s * s * w;
        }
        assert!(mean.abs() < 1e-7, "{mean}");
        assert!((second - 1.0).abs() < 1e-7, "{second}");
    }

    #[test]
    fn derivative_matches_finite_differences_away_from_the_kink() {
        for x in grid(-20.0, 20.0, 400) {
            let fd = central_difference(selu::<f64>, x);
            assert_relative_eq!(selu_derivative(x), fd, epsilon = 1e-10, max_relative = 1e-7);
        }
    }
}
