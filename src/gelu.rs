//! GELU (Gaussian error linear unit), exact and in its tanh approximation, and
//! their derivatives.

use crate::Float;
use crate::math;

use crate::double_double::{Dd, Zero, div, exp_dd, exp_mul, exp_split, two_prod, two_sum, via_f64};

/// 1/√2 as a double-double.
const FRAC_1_SQRT_2: Dd = Dd::new(std::f64::consts::FRAC_1_SQRT_2, -4.833_646_656_726_457e-17);
/// 1/√(2π).
const FRAC_1_SQRT_2PI: Dd = Dd::new(0.398_942_280_401_432_7, -2.492_327_202_277_73e-17);
/// ln √(2π).
const LN_SQRT_2PI: Dd = Dd::new(0.918_938_533_204_672_8, -3.878_294_158_067_241_4e-17);
/// 2·√(2/π), the slope of the tanh argument doubled.
const TWO_SQRT_2_OVER_PI: Dd = Dd::new(1.595_769_121_605_730_8, -9.969_308_809_110_92e-17);
/// The cubic coefficient 0.044715 of the tanh approximation.
const CUBIC: Dd = Dd::new(0.044_715, 2.196_021_142_708_559_5e-18);

// ANCHOR: gelu
/// GELU (Hendrycks & Gimpel 2016), exact: x·Φ(x), where Φ is the standard
/// normal distribution function, Φ(x) = ½·erfc(−x/√2).
///
/// PyTorch's default (`approximate='none'`) writes ½x(1 + erf(x/√2)); for
/// negative x that cancels (1 + erf → 0): at x = −10 no digit of it is right,
/// and an `erfc(−x/√2)` of a rounded argument is not much better, since erfc
/// magnifies the rounding error of its argument by 2t² (a few hundred ULP at
/// x = −20). This function computes Φ in three ways, each accurate to far
/// below an ULP, so that only the last one or two roundings remain (at most
/// 1.6 ULP in `f64` over the accuracy test's points, half an ULP in `f32`):
///
/// * for |x| ≤ 4, the power series Φ(x) = ½ + x/√(2π)·Σₙ (−x²/2)ⁿ/(n!·(2n + 1))
///   in double-double arithmetic (106 bits, of which the alternating series
///   loses at most 21 to cancellation);
/// * for x < −4, Φ(x) = φ(x)·M with the normal density φ(x) = e^(−x²/2)/√(2π)
///   and Laplace's continued fraction for the Mills ratio,
///   M = 1/(u + 1/(u + 2/(u + 3/(u + …)))) with u = −x (600/u² + 10 terms
///   give 2⁻⁶²). x² is split exactly and ln √(2π) goes into the exponent, so
///   that nothing is rounded into the subnormal range before the end (gelu(x)
///   is subnormal for −38.58 < x < −37.62, and 0 below);
/// * for x > 4, Φ(x) = 1 − ½·erfc(x/√2), with `erfc` from the `libm` crate
///   (Rust's standard library has none; its error of 2.6 ULP of a number
///   below 3.2·10⁻⁵ is far below an ULP of Φ).
///
/// For `f32` all of this runs in `f64` and the result is rounded once.
///
/// NaN gives NaN; gelu(+∞) = +∞; gelu(−∞) = −0 (the limit, from below);
/// gelu(±0) = ±0.
pub fn gelu<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, gelu) {
        return y;
    }
    via_f64(x, gelu_f64)
}
// ANCHOR_END: gelu

// ANCHOR: gelu_f64
fn gelu_f64(x: f64) -> f64 {
    if x.is_nan() || x == 0.0 {
        return x * 0.5;
    }
    if x > 40.0 {
        return x; // 1 − Φ(x) < 10⁻³⁴⁹
    }
    if x < -40.0 {
        return -0.0; // |gelu(x)| < φ(40) < 10⁻³⁴⁸, below every subnormal
    }
    if x < -4.0 {
        // x·Φ(x) = −φ(x)·u·M = −φ(x) / (1 + g/u), g = 1/(u + 2/(u + …))
        let u = -x;
        let s = mills_tail(u) / u;
        let u_m = div(Dd::from_f64(1.0), two_sum(1.0, s));
        return -exp_mul(Dd::from_f64(u_m), gauss_exponent(x)).to_f64();
    }
    if x <= 4.0 {
        return power_series(x).0.mul_f64(x).to_f64();
    }
    upper_cdf(x).mul_f64(x).to_f64()
}
// ANCHOR_END: gelu_f64

// ANCHOR: gelu_derivative
/// Derivative of the exact GELU: Φ(x) + x·φ(x).
///
/// The two terms cancel near the minimum of GELU at x ≈ −0.7518, where the
/// derivative crosses zero; summed naively, the result has no correct digit
/// next to the zero. Here each region of [`gelu`] has its own form:
///
/// * for |x| ≤ 4 one power series, summed in double-double arithmetic,
///   Φ(x) + x·φ(x) = ½ + x/√(2π)·Σₙ (−x²/2)ⁿ/n!·(2n + 2)/(2n + 1);
/// * within 2⁻¹⁰ of the zero x₀ = −0.75179152469356445745…, where even 106
///   bits are not enough at the `f64` closest to x₀ (the result there is about
///   10⁻¹⁷), the Taylor expansion h·(c₁ + c₂h + …) in h = x − x₀, with x₀
///   stored to 160 bits;
/// * for x < −4, −φ(x)·(u − M) = −φ(x)·(u² + u·g − 1)/(u + g), with u, M and g
///   as in [`gelu`] (no cancellation: u² ≥ 16);
/// * for x > 4, 1 − ½·erfc(x/√2) + x·φ(x).
///
/// NaN gives NaN; gelu′(+∞) = 1; gelu′(−∞) = −0; gelu′(0) = ½; the minimum is
/// gelu′(−√2) ≈ −0.1289 and the maximum gelu′(√2) ≈ 1.1289.
pub fn gelu_derivative<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, gelu_derivative) {
        return y;
    }
    via_f64(x, gelu_derivative_f64)
}
// ANCHOR_END: gelu_derivative

/// The zero of gelu′ and the Taylor coefficients of gelu′ there.
const GELU_DERIVATIVE_ZERO: Zero = Zero {
    x0: [
        -0.751_791_524_693_564_5,
        1.495_675_917_700_988_3e-17,
        5.384_040_947_833_005e-34,
    ],
    slope: Dd::new(0.431_493_992_314_046_9, 2.730_868_814_112_961_3e-17),
    higher: [
        0.388_284_982_990_552,
        -0.018_199_676_398_671_087,
        -0.114_008_233_297_221_7,
        -0.014_771_522_148_244_337,
        0.019_421_679_838_189_067,
        0.004_539_228_379_125_415,
        -0.002_239_538_068_073_497,
    ],
};

// ANCHOR: gelu_derivative_f64
fn gelu_derivative_f64(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 40.0 {
        return 1.0;
    }
    if x < -40.0 {
        return -0.0;
    }
    if let Some(value) = GELU_DERIVATIVE_ZERO.near(Dd::from_f64(x)) {
        return value;
    }
    if x < -4.0 {
        let u = -x;
        let g = mills_tail(u);
        let numerator = two_prod(u, u).add_f64(-1.0).add(two_prod(u, g));
        let factor = div(numerator, two_sum(u, g));
        return -exp_mul(Dd::from_f64(factor), gauss_exponent(x)).to_f64();
    }
    if x <= 4.0 {
        return power_series(x).1.to_f64();
    }
    upper_cdf(x)
        .add(exp_mul(Dd::from_f64(x), gauss_exponent(x)))
        .to_f64()
}
// ANCHOR_END: gelu_derivative_f64

/// GELU and GELU′ for x < −4 as −c·eʸ and −c′·eʸ, with y = −x²/2 − ln √(2π)
/// as a double-double: the forms of [`gelu`] and [`gelu_derivative`] there,
/// before eʸ is rounded. `glu.rs` multiplies them by a value that may be huge,
/// so that the product is right even where eʸ alone would underflow.
pub(crate) fn gelu_tail(x: f64) -> (f64, f64, Dd) {
    debug_assert!(x < -4.0 && x > -1e5);
    let u = -x;
    let g = mills_tail(u);
    let u_m = div(Dd::from_f64(1.0), two_sum(1.0, g / u));
    let numerator = two_prod(u, u).add_f64(-1.0).add(two_prod(u, g));
    let derivative = div(numerator, two_sum(u, g));
    (u_m, derivative, gauss_exponent(x))
}

// ANCHOR: power_series
/// Φ(x) and Φ(x) + x·φ(x) for |x| ≤ 4, in double-double: with
/// tₙ = (−x²/2)ⁿ/n!, A = Σ tₙ/(2n + 1) and B = Σ tₙ = e^(−x²/2),
/// Φ = ½ + x/√(2π)·A and Φ + x·φ = ½ + x/√(2π)·(A + B). The terms fall below
/// 2⁻¹¹⁰ after at most 66 of them.
fn power_series(x: f64) -> (Dd, Dd) {
    let z = two_prod(x, x).scale(-0.5);
    let mut term = Dd::from_f64(1.0);
    let mut a = Dd::from_f64(1.0);
    let mut b = Dd::from_f64(1.0);
    for n in 1..80 {
        term = term.mul(z).div_f64(f64::from(n));
        a = a.add(term.div_f64(f64::from(2 * n + 1)));
        b = b.add(term);
        if term.hi.abs() < 7.7e-34 {
            break;
        }
    }
    let scale = FRAC_1_SQRT_2PI.mul_f64(x);
    (scale.mul(a).add_f64(0.5), scale.mul(a.add(b)).add_f64(0.5))
}
// ANCHOR_END: power_series

// ANCHOR: upper_cdf
/// Φ(x) = 1 − ½·erfc(x/√2) for x > 4, as a double-double.
fn upper_cdf(x: f64) -> Dd {
    let tail = 0.5 * libm::erfc(x * FRAC_1_SQRT_2.hi);
    two_sum(1.0, -tail)
}
// ANCHOR_END: upper_cdf

// ANCHOR: mills_tail
/// g = 1/f with f = u + 2/(u + 3/(u + …)), the tail of Laplace's continued
/// fraction M = 1/(u + 1/f) for the Mills ratio M = Φ(−u)/φ(u), u ≥ 4; evaluated
/// from its (600/u² + 10)th term back (enough for 2⁻⁶²). Each step's rounding
/// error is damped by the steps above it, so g is within about an ULP.
fn mills_tail(u: f64) -> f64 {
    let terms = (600.0 / (u * u)) as u32 + 10;
    let f = (2..=terms).rev().fold(u, |f, k| u + f64::from(k) / f);
    1.0 / f
}
// ANCHOR_END: mills_tail

// ANCHOR: gauss_exponent
/// −x²/2 − ln √(2π), the exponent of φ(x), as a double-double (x² split
/// exactly): φ(x) = e^(this).
fn gauss_exponent(x: f64) -> Dd {
    two_prod(x, x).scale(-0.5).sub(LN_SQRT_2PI)
}
// ANCHOR_END: gauss_exponent

// ANCHOR: gelu_tanh
/// GELU in its tanh approximation (PyTorch's `approximate='tanh'`):
/// ½x·(1 + tanh(√(2/π)·(x + 0.044715x³))).
///
/// Since 1 + tanh z = 2σ(2z), this is x·σ(w) with w = 2√(2/π)·(x + 0.044715x³),
/// and σ is evaluated as in [`sigmoid`](fn@crate::sigmoid): 1/(1 + e⁻ʷ) for w ≥ 0,
/// eʷ/(1 + eʷ) for w < 0, so that nothing overflows, and ½x(1 + tanh z) does
/// not cancel for negative x. Two more things matter:
///
/// * x³ overflows for |x| > 5.6·10¹⁰² — but already for |x| > 32, σ(w) is 1
///   or underflows, so the result is x or −0 there without computing w;
/// * an error in w becomes the same *relative* error of eʷ, and w is about
///   −2400 at x = −32: rounding w (or the constants √(2/π) and 0.044715) would
///   cost hundreds of ULP. w is computed in double-double and
///   e^(w.hi + w.lo) = e^(w.hi)·(1 + w.lo).
///
/// For `f32` the formula runs in `f64` and the result is rounded once.
///
/// NaN gives NaN; gelu_tanh(+∞) = +∞; gelu_tanh(−∞) = −0; gelu_tanh(±0) = ±0.
/// It differs from the exact [`gelu`] by at most 4.74·10⁻⁴ (near x = ±2.7).
pub fn gelu_tanh<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, gelu_tanh) {
        return y;
    }
    via_f64(x, gelu_tanh_f64)
}
// ANCHOR_END: gelu_tanh

// ANCHOR: gelu_tanh_f64
fn gelu_tanh_f64(x: f64) -> f64 {
    if x.is_nan() || x == 0.0 {
        return x * 0.5;
    }
    if x > 32.0 {
        return x; // e⁻ʷ < e⁻²³⁹⁰
    }
    if x < -32.0 {
        return -0.0; // |x|·eʷ < e⁻²³⁸⁰
    }
    let w = tanh_argument(x);
    if x > 0.0 {
        let u = exp_split(w.neg());
        div(Dd::from_f64(x), u.add_f64(1.0)) // x / (1 + e⁻ʷ)
    } else if w.hi < -40.0 {
        exp_mul(Dd::from_f64(x), w).to_f64() // x·eʷ; 1 + eʷ rounds to 1
    } else {
        let u = exp_split(w);
        div(u.mul_f64(x), u.add_f64(1.0)) // x·eʷ / (1 + eʷ)
    }
}
// ANCHOR_END: gelu_tanh_f64

// ANCHOR: tanh_argument
/// w = 2√(2/π)·x·(1 + 0.044715x²) as a double-double, for |x| ≤ 32.
fn tanh_argument(x: f64) -> Dd {
    CUBIC
        .mul(two_prod(x, x))
        .add_f64(1.0)
        .mul_f64(x)
        .mul(TWO_SQRT_2_OVER_PI)
}
// ANCHOR_END: tanh_argument

// ANCHOR: gelu_tanh_derivative
/// Derivative of the tanh GELU: σ(w) + x·w′·σ′(w), with w as in [`gelu_tanh`]
/// and w′ = 2√(2/π)·(1 + 3·0.044715x²).
///
/// With u = e^(−|w|) this is ((1 + u) + x·w′·u)/(1 + u)² for x ≥ 0, a sum of
/// positive terms, and u·((1 + u) + x·w′)/(1 + u)² for x < 0. The bracket of
/// the second cancels near the zero of the derivative at x ≈ −0.7525, so on
/// [−2.5, 0) eʷ is computed to 100 bits (`exp_dd`) and the bracket in
/// double-double arithmetic; within 2⁻¹⁰ of the zero, a Taylor expansion about
/// it takes over (as for [`gelu_derivative`]).
///
/// NaN gives NaN; gelu_tanh′(+∞) = 1; gelu_tanh′(−∞) = −0; gelu_tanh′(0) = ½.
pub fn gelu_tanh_derivative<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, gelu_tanh_derivative) {
        return y;
    }
    via_f64(x, gelu_tanh_derivative_f64)
}
// ANCHOR_END: gelu_tanh_derivative

/// The zero of gelu_tanh′ and the Taylor coefficients of gelu_tanh′ there.
const GELU_TANH_DERIVATIVE_ZERO: Zero = Zero {
    x0: [
        -0.752_461_422_071_016_3,
        3.635_560_509_207_687e-17,
        -2.541_559_538_966_045_7e-33,
    ],
    slope: Dd::new(0.430_400_091_024_858_5, 2.028_254_970_529_195e-17),
    higher: [
        0.387_518_446_135_788_95,
        -0.015_782_853_521_848_03,
        -0.113_944_483_080_958_99,
        -0.016_619_328_343_052_56,
        0.019_682_309_459_833_118,
        0.005_261_059_254_921_912,
        -0.002_422_731_845_875_097_4,
    ],
};

// ANCHOR: gelu_tanh_derivative_f64
fn gelu_tanh_derivative_f64(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if let Some(value) = GELU_TANH_DERIVATIVE_ZERO.near(Dd::from_f64(x)) {
        return value;
    }
    if x > 32.0 {
        return 1.0;
    }
    if x < -32.0 {
        return -0.0;
    }
    let w = tanh_argument(x);
    // x·w′ = x·2√(2/π)·(1 + 3·0.044715x²)
    let x_slope = CUBIC
        .mul(two_prod(x, x))
        .mul_f64(3.0)
        .add_f64(1.0)
        .mul(TWO_SQRT_2_OVER_PI)
        .mul_f64(x);
    if x >= 0.0 {
        let u = exp_split(w.neg());
        let one_plus_u = u.add_f64(1.0);
        let numerator = one_plus_u.add(x_slope.mul(u));
        return div(numerator, one_plus_u.mul(one_plus_u));
    }
    if w.hi < -40.0 {
        // u·(1 + x·w′) with (1 + u)² = 1 to far below an ULP.
        return exp_mul(x_slope.add_f64(1.0), w).to_f64();
    }
    let u = if x >= -2.5 { exp_dd(w) } else { exp_split(w) };
    let one_plus_u = u.add_f64(1.0);
    let bracket = one_plus_u.add(x_slope);
    div(u.mul(bracket), one_plus_u.mul(one_plus_u))
}
// ANCHOR_END: gelu_tanh_derivative_f64

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{central_difference, grid};
    use approx::assert_relative_eq;

    #[test]
    fn known_values() {
        // Φ(1) = 0.8413447460685429485852325…
        assert_eq!(gelu(1.0_f64), 0.841_344_746_068_542_9);
        assert_eq!(gelu(1.0_f32), 0.841_344_8);
        assert_relative_eq!(
            gelu(-1.0_f64),
            -0.158_655_253_931_457_05,
            max_relative = 1e-15
        );
        assert_relative_eq!(gelu(2.0_f64), 1.954_499_736_103_642, max_relative = 1e-15);
        assert_relative_eq!(
            gelu(-3.0_f64),
            -0.004_049_694_094_890_283_6,
            max_relative = 1e-15
        );
        assert_eq!(gelu_derivative(0.0_f64), 0.5);
        assert_relative_eq!(
            gelu_derivative(1.0_f64),
            0.841_344_746_068_542_9 + 0.241_970_724_519_143_37,
            max_relative = 1e-15
        );
        // PyTorch's tanh GELU at 1: 0.8411919906082768.
        assert_relative_eq!(
            gelu_tanh(1.0_f64),
            0.841_191_990_608_276_8,
            max_relative = 1e-15
        );
        assert_eq!(gelu_tanh_derivative(0.0_f64), 0.5);
    }

    #[test]
    fn special_values() {
        for f in [gelu::<f64>, gelu_tanh::<f64>] {
            assert_eq!(f(f64::INFINITY), f64::INFINITY);
            assert_eq!(f(f64::NEG_INFINITY), 0.0);
            assert!(f(f64::NEG_INFINITY).is_sign_negative());
            assert!(f(f64::NAN).is_nan());
            assert_eq!(f(f64::MAX), f64::MAX);
            assert_eq!(f(-f64::MAX), 0.0);
            assert!(f(-0.0).is_sign_negative() && f(-0.0) == 0.0);
            // Tiny inputs: x·Φ(x) = x/2 + x²/√(2π) + …
            assert_eq!(f(1e-300), 5e-301);
            assert_eq!(f(-1e-300), -5e-301);
        }
        for f in [gelu::<f32>, gelu_tanh::<f32>] {
            assert_eq!(f(f32::INFINITY), f32::INFINITY);
            assert_eq!(f(f32::NEG_INFINITY), 0.0);
            assert!(f(f32::NAN).is_nan());
            assert_eq!(f(f32::MAX), f32::MAX);
        }
        for d in [gelu_derivative::<f64>, gelu_tanh_derivative::<f64>] {
            assert_eq!(d(f64::INFINITY), 1.0);
            assert_eq!(d(f64::NEG_INFINITY), 0.0);
            assert!(d(f64::NAN).is_nan());
            assert_eq!(d(f64::MAX), 1.0);
            assert_eq!(d(1e-300), 0.5);
        }
        assert!(gelu_derivative(f32::NAN).is_nan());
        assert_eq!(gelu_tanh_derivative(f32::NEG_INFINITY), 0.0);
    }

    #[test]
    fn negative_tail_underflows_gracefully() {
        // The erf form cancels to 0 long before the true value does.
        let erf_form = |x: f64| 0.5 * x * (1.0 + libm::erf(x * std::f64::consts::FRAC_1_SQRT_2));
        assert_eq!(erf_form(-9.0), 0.0);
        assert_relative_eq!(
            gelu(-9.0_f64),
            -1.015_729_565_358_456_6e-18,
            max_relative = 1e-15
        );
        // Subnormal, and then 0, with no NaN on the way.
        let mut previous = gelu(-30.0_f64);
        for x in grid(-30.0, -45.0, 1501) {
            let y = gelu(x);
            assert!(y <= 0.0 && y >= previous, "x = {x}: {y} after {previous}");
            previous = y;
        }
        assert!(gelu(-38.0_f64) < 0.0 && gelu(-38.0_f64) > -f64::MIN_POSITIVE);
        assert_eq!(gelu(-39.0_f64), 0.0);
        assert!(gelu(-14.0_f32) < 0.0 && gelu(-14.5_f32) == 0.0);
        assert!(gelu_derivative(-37.0_f64) < 0.0 && gelu_derivative(-39.0_f64) == 0.0);
        assert!(gelu_tanh(-21.5_f64) < 0.0 && gelu_tanh(-22.0_f64) == 0.0);
    }

    #[test]
    fn series_and_asymptotic_forms_join_up() {
        // At the switching points the two formulas agree.
        for x in [-2.0_f64, -20.0] {
            let before = gelu_derivative(x.next_up());
            let at = gelu_derivative(x);
            assert_relative_eq!(before, at, max_relative = 1e-14);
        }
        let (a, b) = (gelu(-20.0_f64), gelu((-20.0_f64).next_down()));
        assert_relative_eq!(a, b, max_relative = 1e-13);
        let (a, b) = (
            gelu_tanh_derivative(-2.5_f64),
            gelu_tanh_derivative((-2.5_f64).next_down()),
        );
        assert_relative_eq!(a, b, max_relative = 1e-14);
    }

    #[test]
    fn tanh_form_is_close_to_the_exact_one() {
        let mut worst = 0.0_f64;
        for x in grid(-10.0, 10.0, 20_001) {
            worst = worst.max((gelu_tanh(x) - gelu(x)).abs());
            assert!((gelu_tanh_derivative(x) - gelu_derivative(x)).abs() < 8.7e-4);
        }
        assert!(worst < 4.74e-4 && worst > 4.7e-4, "{worst}");
    }

    #[test]
    fn textbook_tanh_form_where_that_is_safe() {
        let textbook = |x: f64| {
            let z = (2.0 / std::f64::consts::PI).sqrt() * (x + 0.044715 * x * x * x);
            0.5 * x * (1.0 + z.tanh())
        };
        for x in grid(-3.0, 5.0, 801) {
            assert_relative_eq!(
                gelu_tanh(x),
                textbook(x),
                max_relative = 1e-12,
                epsilon = 1e-300
            );
        }
    }

    #[test]
    fn derivative_zero_is_where_it_should_be() {
        // gelu′ changes sign at −0.7517915246935644574579…
        let root = -0.751_791_524_693_564_5_f64;
        assert!(gelu_derivative(root.next_down()) < 0.0);
        assert!(gelu_derivative(root.next_up()) > 0.0);
        // Next to the zero the value is tiny but still has all its digits:
        // gelu″(root) = φ(root)·(2 − root²) ≈ 0.434.
        let x = root + 1e-9;
        assert_relative_eq!(gelu_derivative(x), 0.431_493_992_3e-9, max_relative = 1e-6);
        let root_tanh = -0.752_461_422_071_016_3_f64;
        assert!(gelu_tanh_derivative(root_tanh.next_down()) < 0.0);
        assert!(gelu_tanh_derivative(root_tanh.next_up()) > 0.0);
    }

    #[test]
    fn taylor_expansions_join_up() {
        // At the ends of the intervals around the zeros, the expansion and the
        // general formula agree.
        for (d, zero) in [
            (
                gelu_derivative::<f64> as fn(f64) -> f64,
                GELU_DERIVATIVE_ZERO.x0[0],
            ),
            (gelu_tanh_derivative, GELU_TANH_DERIVATIVE_ZERO.x0[0]),
        ] {
            for edge in [zero - Zero::RADIUS, zero + Zero::RADIUS] {
                let (inside, outside) = if edge < zero {
                    (edge.next_up(), edge.next_down())
                } else {
                    (edge.next_down(), edge.next_up())
                };
                assert_relative_eq!(d(inside), d(outside), max_relative = 1e-13);
            }
        }
    }

    #[test]
    fn derivatives_match_finite_differences() {
        for x in grid(-12.0, 12.0, 2401) {
            let fd = central_difference(gelu::<f64>, x);
            assert_relative_eq!(gelu_derivative(x), fd, epsilon = 1e-9, max_relative = 1e-7);
            let fd = central_difference(gelu_tanh::<f64>, x);
            assert_relative_eq!(
                gelu_tanh_derivative(x),
                fd,
                epsilon = 1e-9,
                max_relative = 1e-7
            );
        }
    }
}
