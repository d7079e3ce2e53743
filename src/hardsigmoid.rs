//! Hard sigmoid and hard swish, and their derivatives.
//!
//! Both are cheap piecewise stand-ins for σ and SiLU (MobileNetV3, Howard et
//! al. 2019), defined as in PyTorch:
//!
//! * hardsigmoid(x) = relu6(x + 3)/6: 0 for x ≤ −3, 1 for x ≥ 3, x/6 + 1/2
//!   between;
//! * hardswish(x) = x·hardsigmoid(x): 0 for x ≤ −3, x for x ≥ 3, x(x + 3)/6
//!   between.
//!
//! PyTorch evaluates (x + 3)/6 and x·(x + 3)/6 with two or three roundings, an
//! ULP or two off. Here the middle pieces are **correctly rounded**: the
//! exact value is an integer times a power of two divided by 3, and that
//! quotient is rounded once, in integer arithmetic.

use crate::Float;
use crate::math;

// ANCHOR: hardsigmoid
/// Hard sigmoid: 0 for x ≤ −3, 1 for x ≥ 3, and x/6 + 1/2 (correctly rounded)
/// between — relu6(x + 3)/6, as PyTorch defines it.
///
/// NaN gives NaN; hardsigmoid(−∞) = 0; hardsigmoid(+∞) = 1.
pub fn hardsigmoid<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, hardsigmoid) {
        return y;
    }
    let three = T::from(3).expect("3 is a float");
    if x.is_nan() {
        x
    } else if x <= -three {
        T::zero()
    } else if x >= three {
        T::one()
    } else {
        linear_over_six(x, Piece::Sigmoid)
    }
}
// ANCHOR_END: hardsigmoid

// ANCHOR: hardsigmoid_derivative
/// Derivative of the hard sigmoid: 1/6 for −3 < x < 3, 0 otherwise.
///
/// At the kinks x = ±3 the value is 0, as in PyTorch's `hardsigmoid_backward`
/// (which tests −3 < x < 3). NaN gives NaN.
pub fn hardsigmoid_derivative<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, hardsigmoid_derivative) {
        return y;
    }
    let three = T::from(3).expect("3 is a float");
    if x.is_nan() {
        x
    } else if x > -three && x < three {
        T::one() / T::from(6).expect("6 is a float")
    } else {
        T::zero()
    }
}
// ANCHOR_END: hardsigmoid_derivative

// ANCHOR: hardswish
/// Hard swish: 0 for x ≤ −3, x for x ≥ 3, and x(x + 3)/6 (correctly rounded)
/// between — x·hardsigmoid(x), as PyTorch defines it.
///
/// For x ≤ −3 the result is −0 (x·0, as in PyTorch). NaN gives NaN;
/// hardswish(+∞) = +∞; hardswish(−∞) = −0.
pub fn hardswish<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, hardswish) {
        return y;
    }
    let three = T::from(3).expect("3 is a float");
    if x.is_nan() || x >= three {
        x
    } else if x <= -three {
        -T::zero()
    } else {
        linear_over_six(x, Piece::Swish)
    }
}
// ANCHOR_END: hardswish

// ANCHOR: hardswish_derivative
/// Derivative of hard swish: 0 for x < −3, x/3 + 1/2 (correctly rounded) for
/// −3 ≤ x ≤ 3, 1 for x > 3.
///
/// At the kinks the middle piece is used, as in PyTorch's
/// `hardswish_backward`: −1/2 at x = −3 and 3/2 at x = 3 (the one-sided
/// derivatives there are 0 and −1/2, and 3/2 and 1). NaN gives NaN.
pub fn hardswish_derivative<T: Float>(x: T) -> T {
    if let Some(y) = math::via_wide(x, hardswish_derivative) {
        return y;
    }
    let three = T::from(3).expect("3 is a float");
    if x.is_nan() {
        x
    } else if x < -three {
        T::zero()
    } else if x > three {
        T::one()
    } else {
        linear_over_six(x, Piece::SwishDerivative)
    }
}
// ANCHOR_END: hardswish_derivative

#[derive(Clone, Copy, PartialEq)]
enum Piece {
    /// (x + 3)/6, of the hard sigmoid
    Sigmoid,
    /// x(x + 3)/6, of hard swish
    Swish,
    /// (2x + 3)/6 = x/3 + 1/2, of hard swish′
    SwishDerivative,
}

// ANCHOR: linear_over_six
/// The middle piece, correctly rounded, for −3 ≤ x ≤ 3.
///
/// With x = ±m·2ᵉ (m an integer of at most p bits, the precision of T), each
/// piece is an integer n times 2ᵏ divided by 3: (x + 3)/6 = (±m + 3·2⁻ᵉ)·2ᵉ⁻¹/3,
/// x(x + 3)/6 = ±m·(±m + 3·2⁻ᵉ)·2²ᵉ⁻¹/3 and (2x + 3)/6 = (±2m + 3·2⁻ᵉ)·2ᵉ⁻¹/3.
/// For tiny |x| the pieces are ½ + x/6, x/2 + x²/6 and ½ + x/3, whose rounding
/// is decided by the first term, and −e stays below 2p + 3, so n has fewer
/// than 2·53 + 60 bits.
fn linear_over_six<T: Float>(x: T, piece: Piece) -> T {
    let p = precision::<T>();
    let half = T::one() / (T::one() + T::one());
    let tiny = T::from(2f64.powi(-(p as i32) - 2)).expect("a power of two");
    if x.abs() < tiny {
        return match piece {
            // ½ + x/6 and ½ + x/3 round to ½: |x/3| is below a quarter ULP of ½.
            Piece::Sigmoid | Piece::SwishDerivative => half,
            // x/2 + x²/6: the second term only matters where x/2 is a tie
            // (x subnormal), and then it rounds x/2 up, towards +∞.
            Piece::Swish => {
                let y = x * half;
                if y + y == x {
                    y
                } else {
                    let smallest = T::min_positive_value() * T::epsilon();
                    ((x + smallest) * half).copysign(x)
                }
            }
        };
    }
    let (m, e, sign) = x.integer_decode();
    let shift = u32::try_from(-i32::from(e)).expect("|x| < 3 has a negative exponent");
    let three = 3_i128 << shift; // 3 in units of 2ᵉ
    let signed_m = if sign < 0 {
        -i128::from(m)
    } else {
        i128::from(m)
    };
    let e = i32::from(e);
    // The numerator n (signed) and the exponent k of n·2ᵏ/3.
    let (n, k, negative) = match piece {
        Piece::Sigmoid => (Wide::from_i128(signed_m + three), e - 1, false),
        // x + 3 > 0, so the sign is that of x.
        Piece::Swish => (
            Wide::from_i128(signed_m + three).times(m),
            2 * e - 1,
            sign < 0,
        ),
        Piece::SwishDerivative => {
            let n = 2 * signed_m + three;
            (Wide::from_i128(n), e - 1, n < 0)
        }
    };
    round_third(negative, n, k, p)
}
// ANCHOR_END: linear_over_six

/// The precision p of T in bits (24 for `f32`, 53 for `f64`): ε = 2¹⁻ᵖ.
fn precision<T: Float>() -> u32 {
    let (_, exponent, _) = T::epsilon().integer_decode();
    // ε = 2^(p−1) · 2^exponent, so exponent = 1 − p − (p − 1).
    u32::try_from((2 - i32::from(exponent)) / 2).expect("a positive precision")
}

// ANCHOR: round_third
/// n·2ᵏ/3 rounded to the nearest T (ties to even), with the given sign. The
/// result must be a normal number of T.
fn round_third<T: Float>(negative: bool, n: Wide, k: i32, p: u32) -> T {
    if n.bits() == 0 {
        return T::zero();
    }
    // Make the quotient at least p + 2 bits long, so that it holds the
    // rounding bit; what is below is "sticky".
    let mut n = n;
    let mut k = k;
    if n.bits() < p + 4 {
        let s = p + 4 - n.bits();
        n = n.shl(s);
        k -= s as i32;
    }
    let (q, remainder) = n.div_rem_3();
    let drop = q.bits() - p; // ≥ 1
    let top = q.bits_from(drop);
    let round_bit = q.bit(drop - 1);
    let sticky = remainder != 0 || q.any_below(drop - 1);
    let rounded = top + u64::from(round_bit && (sticky || top & 1 == 1));
    // rounded ≤ 2ᵖ and the scale is a normal power of two: both exact.
    let magnitude = rounded as f64 * 2f64.powi(k + drop as i32);
    T::from(if negative { -magnitude } else { magnitude }).expect("an f64 converts to any float")
}
// ANCHOR_END: round_third

/// A 256-bit unsigned integer, least significant 64-bit limb first: just
/// enough arithmetic for [`round_third`].
#[derive(Clone, Copy, Debug, PartialEq)]
struct Wide([u64; 4]);

impl Wide {
    /// |v|.
    fn from_i128(v: i128) -> Self {
        let v = v.unsigned_abs();
        Wide([v as u64, (v >> 64) as u64, 0, 0])
    }

    fn times(self, m: u64) -> Self {
        let mut out = [0; 4];
        let mut carry = 0_u128;
        for (o, &limb) in out.iter_mut().zip(&self.0) {
            let t = u128::from(limb) * u128::from(m) + carry;
            *o = t as u64;
            carry = t >> 64;
        }
        assert_eq!(carry, 0, "product beyond 256 bits");
        Wide(out)
    }

    /// The number of significant bits (0 for 0).
    fn bits(&self) -> u32 {
        (0..4)
            .rev()
            .find(|&i| self.0[i] != 0)
            .map_or(0, |i| 64 * i as u32 + 64 - self.0[i].leading_zeros())
    }

    fn shl(self, s: u32) -> Self {
        assert!(self.bits() + s <= 256, "shift beyond 256 bits");
        let (words, bits) = ((s / 64) as usize, s % 64);
        let mut out = [0; 4];
        for (j, o) in out[words..].iter_mut().enumerate() {
            *o = self.0[j] << bits;
            if bits > 0 && j > 0 {
                *o |= self.0[j - 1] >> (64 - bits);
            }
        }
        Wide(out)
    }

    fn div_rem_3(self) -> (Self, u64) {
        let mut out = [0; 4];
        let mut remainder = 0_u128;
        for i in (0..4).rev() {
            let current = (remainder << 64) | u128::from(self.0[i]);
            out[i] = (current / 3) as u64;
            remainder = current % 3;
        }
        (Wide(out), remainder as u64)
    }

    fn bit(&self, i: u32) -> bool {
        (self.0[(i / 64) as usize] >> (i % 64)) & 1 == 1
    }

    /// Whether any of the bits below bit i is set.
    fn any_below(&self, i: u32) -> bool {
        let (word, bits) = ((i / 64) as usize, i % 64);
        self.0[..word].iter().any(|&w| w != 0) || self.0[word] & ((1_u64 << bits) - 1) != 0
    }

    /// The bits from bit `from` up (at most 64 of them).
    fn bits_from(&self, from: u32) -> u64 {
        let (word, bits) = ((from / 64) as usize, from % 64);
        let low = self.0[word] >> bits;
        let high = if bits > 0 && word + 1 < 4 {
            self.0[word + 1] << (64 - bits)
        } else {
            0
        };
        low | high
    }
}

// ANCHOR: hardtanh
/// Hard tanh, PyTorch's `F.hardtanh(x, min_val, max_val)`: x clamped to
/// [min_val, max_val] (by default [−1, 1], a piecewise-linear tanh).
/// hardtanh(x, 0, 6) is [`relu6`](fn@crate::relu6).
///
/// Comparisons, as in relu6, so the result is x itself or one of the bounds:
/// exact. At x = min_val the result is min_val (so hardtanh(−0, 0, 6) = +0,
/// as relu6). NaN in any argument gives NaN; ±∞ give the bounds.
///
/// # Panics
///
/// If min_val > max_val (PyTorch's `nn.Hardtanh` rejects that too).
pub fn hardtanh<T: Float>(x: T, min_val: T, max_val: T) -> T {
    if let Some(y) = math::via_wide3(x, min_val, max_val, hardtanh) {
        return y;
    }
    assert!(
        min_val <= max_val || min_val.is_nan() || max_val.is_nan(),
        "hardtanh: min_val must not exceed max_val"
    );
    if x.is_nan() || min_val.is_nan() || max_val.is_nan() {
        x + min_val + max_val
    } else if x <= min_val {
        min_val
    } else if x >= max_val {
        max_val
    } else {
        x
    }
}
// ANCHOR_END: hardtanh

// ANCHOR: hardtanh_derivative
/// Derivative of hard tanh: 1 for min_val < x < max_val, 0 otherwise —
/// also at the kinks x = min_val and x = max_val, as PyTorch's
/// `hardtanh_backward`. NaN in any argument gives NaN.
///
/// # Panics
///
/// If min_val > max_val.
pub fn hardtanh_derivative<T: Float>(x: T, min_val: T, max_val: T) -> T {
    if let Some(y) = math::via_wide3(x, min_val, max_val, hardtanh_derivative) {
        return y;
    }
    assert!(
        min_val <= max_val || min_val.is_nan() || max_val.is_nan(),
        "hardtanh_derivative: min_val must not exceed max_val"
    );
    if x.is_nan() || min_val.is_nan() || max_val.is_nan() {
        x + min_val + max_val
    } else if x > min_val && x < max_val {
        T::one()
    } else {
        T::zero()
    }
}
// ANCHOR_END: hardtanh_derivative

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{central_difference, grid};
    use crate::{relu6, sigmoid};

    #[test]
    fn hardsigmoid_values() {
        assert_eq!(hardsigmoid(0.0_f64), 0.5);
        assert_eq!(hardsigmoid(-0.0_f32), 0.5);
        assert_eq!(hardsigmoid(1.5_f64), 0.75);
        assert_eq!(hardsigmoid(-3.0_f64), 0.0);
        assert_eq!(hardsigmoid(3.0_f64), 1.0);
        assert_eq!(hardsigmoid(1.0_f64), 4.0 / 6.0);
        assert_eq!(hardsigmoid(-1.0_f32), 2.0 / 6.0);
        assert_eq!(hardsigmoid(f64::INFINITY), 1.0);
        assert_eq!(hardsigmoid(f64::NEG_INFINITY), 0.0);
        assert!(hardsigmoid(f64::NAN).is_nan() && hardsigmoid(f32::NAN).is_nan());
        assert_eq!(hardsigmoid(1e-300_f64), 0.5);
        assert_eq!(hardsigmoid((-3.0_f64).next_down()), 0.0);
        assert!(hardsigmoid((-3.0_f64).next_up()) > 0.0);
    }

    #[test]
    fn hardswish_values() {
        assert_eq!(hardswish(0.0_f64), 0.0);
        assert_eq!(hardswish(1.0_f64), 4.0 / 6.0);
        assert_eq!(hardswish(-1.0_f64), -2.0 / 6.0);
        assert_eq!(hardswish(3.0_f64), 3.0);
        assert_eq!(hardswish(-3.0_f64), 0.0);
        assert!(hardswish(-3.0_f64).is_sign_negative());
        assert!(hardswish(-5.0_f32).is_sign_negative());
        assert_eq!(hardswish(f64::INFINITY), f64::INFINITY);
        assert_eq!(hardswish(f64::NEG_INFINITY), 0.0);
        assert!(hardswish(f64::NAN).is_nan() && hardswish(f32::NAN).is_nan());
        assert_eq!(hardswish(1e-300_f64), 5e-301);
        assert_eq!(hardswish(-1e-300_f64), -5e-301);
        // x/2 + x²/6 for the smallest subnormals: the tie x/2 rounds up.
        let s = f64::from_bits(1);
        assert_eq!(hardswish(s), s);
        assert!(hardswish(-s) == 0.0 && hardswish(-s).is_sign_negative());
        assert_eq!(hardswish(3.0 * s), 2.0 * s);
        assert_eq!(hardswish(-3.0 * s), -s);
    }

    #[test]
    fn derivative_values() {
        assert_eq!(hardsigmoid_derivative(0.0_f64), 1.0 / 6.0);
        assert_eq!(hardsigmoid_derivative(2.9_f32), 1.0 / 6.0);
        assert_eq!(hardsigmoid_derivative(3.0_f64), 0.0);
        assert_eq!(hardsigmoid_derivative(-3.0_f64), 0.0);
        assert_eq!(hardsigmoid_derivative(-7.0_f64), 0.0);
        assert!(hardsigmoid_derivative(f64::NAN).is_nan());
        assert_eq!(hardswish_derivative(0.0_f64), 0.5);
        assert_eq!(hardswish_derivative(-3.0_f64), -0.5);
        assert_eq!(hardswish_derivative(3.0_f64), 1.5);
        assert_eq!(hardswish_derivative(-1.5_f64), 0.0);
        assert_eq!(hardswish_derivative(1.0_f64), 5.0 / 6.0);
        assert_eq!(hardswish_derivative((-3.0_f64).next_down()), 0.0);
        assert_eq!(hardswish_derivative(3.0_f64.next_up()), 1.0);
        assert_eq!(hardswish_derivative(f64::NEG_INFINITY), 0.0);
        assert_eq!(hardswish_derivative(f32::INFINITY), 1.0);
        assert!(hardswish_derivative(f64::NAN).is_nan());
    }

    #[test]
    fn relations() {
        for x in grid(-5.0, 5.0, 1001) {
            let pytorch = relu6(x + 3.0) / 6.0;
            assert!((hardsigmoid(x) - pytorch).abs() <= 2.0 * f64::EPSILON);
            let product = x * hardsigmoid(x);
            assert!((hardswish(x) - product).abs() <= 2.0 * f64::EPSILON * x.abs());
            // A rough stand-in for σ: within 0.07 everywhere.
            assert!((hardsigmoid(x) - sigmoid(x)).abs() < 0.07);
        }
    }

    #[test]
    fn middle_pieces_are_correctly_rounded() {
        // For f32 inputs the f64 evaluation of each piece is exact (or, for the
        // product, exact to 2⁻⁵³ relative and never close to an f32 tie unless
        // exactly on it), so rounding it once to f32 is correct.
        let mut xs: Vec<f32> = grid(-3.0, 3.0, 20_001)
            .into_iter()
            .map(|x| x as f32)
            .collect();
        xs.extend((0..2000).map(|i| f32::from_bits(0x3f80_0000 + i * 977)));
        xs.extend((0..2000).map(|i| -f32::from_bits(0x3e00_0000 + i * 7919)));
        xs.extend([1e-7, -1e-7, 3.0 * 2f32.powi(-26), f32::MIN_POSITIVE, -1.5]);
        for x in xs.into_iter().filter(|x| x.abs() < 3.0) {
            let w = f64::from(x);
            assert_eq!(
                hardsigmoid(x),
                ((w + 3.0) / 6.0) as f32,
                "hardsigmoid({x:e})"
            );
            assert_eq!(
                hardswish_derivative(x),
                ((2.0 * w + 3.0) / 6.0) as f32,
                "hardswish′({x:e})"
            );
            let exact = w * (w + 3.0) / 6.0;
            let got = f64::from(hardswish(x));
            let ulp = f64::from(f32::EPSILON) * exact.abs();
            assert!(
                (got - exact).abs() <= 0.5 * ulp * 1.000_001,
                "hardswish({x:e})"
            );
        }
        // Ties in f64, to even: ½ + 2⁻⁵⁴ lies halfway between ½ and ½ + 2⁻⁵³,
        // ½ + 1.5·2⁻⁵³ between ½ + 2⁻⁵³ and ½ + 2⁻⁵², ½ − 2⁻⁵⁵ between ½ − 2⁻⁵⁴
        // and ½.
        assert_eq!(hardsigmoid(3.0 * 2f64.powi(-53)), 0.5);
        assert_eq!(hardsigmoid(9.0 * 2f64.powi(-53)), 0.5 + 2f64.powi(-52));
        assert_eq!(hardsigmoid(-3.0 * 2f64.powi(-54)), 0.5);
        assert_eq!(hardsigmoid(-3.0 * 2f64.powi(-53)), 0.5 - 2f64.powi(-54));
    }

    #[test]
    fn derivatives_match_finite_differences_away_from_the_kinks() {
        for x in grid(-10.0, 10.0, 200) {
            let fd = central_difference(hardsigmoid::<f64>, x);
            assert!((hardsigmoid_derivative(x) - fd).abs() < 1e-9, "x = {x}");
            let fd = central_difference(hardswish::<f64>, x);
            assert!((hardswish_derivative(x) - fd).abs() < 1e-8, "x = {x}");
        }
    }

    #[test]
    fn wide_arithmetic() {
        let n = Wide::from_i128(-(3_i128 << 100) - 7);
        assert_eq!(n.bits(), 102);
        let (q, r) = n.div_rem_3();
        assert_eq!((q, r), (Wide::from_i128((1_i128 << 100) + 2), 1));
        let big = Wide::from_i128(i128::MAX).times(u64::MAX);
        assert_eq!(big.bits(), 191);
        assert_eq!(big.shl(65).bits(), 256);
        assert!(big.bit(0) && !big.shl(1).bit(0));
        assert!(big.any_below(1) && !big.shl(3).any_below(3) && big.shl(3).any_below(4));
        assert_eq!(Wide::from_i128(0b1011_0000).bits_from(4), 0b1011);
        assert_eq!(precision::<f32>(), 24);
        assert_eq!(precision::<f64>(), 53);
    }

    #[test]
    fn hardtanh_clamps_and_its_derivative_is_zero_at_the_kinks() {
        assert_eq!(hardtanh(0.3_f64, -1.0, 1.0), 0.3);
        assert_eq!(hardtanh(-7.0_f64, -1.0, 1.0), -1.0);
        assert_eq!(hardtanh(7.0_f32, -1.0, 1.0), 1.0);
        assert_eq!(hardtanh(f64::INFINITY, -1.0, 1.0), 1.0);
        assert_eq!(hardtanh(f64::NEG_INFINITY, -1.0, 1.0), -1.0);
        assert!(hardtanh(-0.0_f64, 0.0, 6.0).is_sign_positive());
        assert!(hardtanh(-0.0_f64, -1.0, 1.0).is_sign_negative());
        assert!(hardtanh(f64::NAN, -1.0, 1.0).is_nan());
        assert!(hardtanh(0.5, f64::NAN, 1.0).is_nan());
        assert_eq!(hardtanh_derivative(0.0_f64, -1.0, 1.0), 1.0);
        assert_eq!(hardtanh_derivative(1.0_f64, -1.0, 1.0), 0.0);
        assert_eq!(hardtanh_derivative(-1.0_f64, -1.0, 1.0), 0.0);
        assert_eq!(hardtanh_derivative(3.0_f64, -1.0, 1.0), 0.0);
        assert!(hardtanh_derivative(f32::NAN, -1.0, 1.0).is_nan());
        for x in crate::linspace(-10.0, 10.0, 401) {
            assert_eq!(hardtanh(x, 0.0, 6.0).to_bits(), crate::relu6(x).to_bits());
            assert_eq!(hardtanh_derivative(x, 0.0, 6.0), crate::relu6_derivative(x));
        }
    }

    #[test]
    #[should_panic(expected = "min_val must not exceed max_val")]
    fn hardtanh_rejects_an_empty_interval() {
        hardtanh(0.0_f64, 1.0, -1.0);
    }
}
