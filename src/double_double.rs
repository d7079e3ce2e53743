//! Double-double arithmetic: the few extra bits some functions need.
//!
//! A [`Dd`] is an unevaluated sum `hi + lo` of two `f64` with |lo| ≤ ulp(hi)/2,
//! about 106 significant bits. Its operations are built from the classic
//! error-free transformations: [`two_sum`] gives the rounding error of an
//! addition and [`two_prod`] (one fused multiply-add) that of a product, both
//! exactly.
//!
//! The activation functions need them in three places:
//!
//! * where an input is scaled before a transcendental function (β·x in swish,
//!   x/√2 in GELU, the cubic in the tanh GELU), the rounding error of the
//!   scaling is amplified by the function; carrying it as `lo` and applying
//!   eʰⁱ⁺ˡᵒ = eʰⁱ·(1 + lo) removes that amplification;
//! * where a derivative crosses zero (GELU′, SiLU′, Mish′ …) two terms of
//!   similar size cancel, and each must be known to more than 53 bits for the
//!   difference to be right; [`exp_dd`] provides an eˣ to about 100 bits;
//! * where a result is a tiny eˣ times a large factor, the product must be
//!   formed before rounding into the subnormal range: [`exp_mul`].
//!
//! The functions are `f64` only: an `f32` result is computed in `f64` and
//! rounded once (see [`via_f64`]).

use crate::Float;
use crate::math;

/// `hi + lo`, an unevaluated sum of two `f64`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Dd {
    pub hi: f64,
    pub lo: f64,
}

// ANCHOR: two_sum
/// a + b = s + e exactly, for any a, b (Knuth's TwoSum).
#[inline(always)]
pub(crate) fn two_sum(a: f64, b: f64) -> Dd {
    let s = a + b;
    let bb = s - a;
    let e = (a - (s - bb)) + (b - bb);
    Dd { hi: s, lo: e }
}
// ANCHOR_END: two_sum

// ANCHOR: fast_two_sum
/// a + b = s + e exactly, for |a| ≥ |b| (Dekker's Fast2Sum).
#[inline(always)]
pub(crate) fn fast_two_sum(a: f64, b: f64) -> Dd {
    let s = a + b;
    Dd {
        hi: s,
        lo: b - (s - a),
    }
}
// ANCHOR_END: fast_two_sum

// ANCHOR: two_prod
/// a · b = p + e exactly (unless the product under- or overflows).
#[inline(always)]
pub(crate) fn two_prod(a: f64, b: f64) -> Dd {
    let p = a * b;
    Dd {
        hi: p,
        lo: a.mul_add(b, -p),
    }
}
// ANCHOR_END: two_prod

impl Dd {
    pub(crate) const fn new(hi: f64, lo: f64) -> Self {
        Dd { hi, lo }
    }

    pub(crate) const fn from_f64(x: f64) -> Self {
        Dd { hi: x, lo: 0.0 }
    }

    /// The nearest `f64` (within a hair of it: hi + lo rounded once); a zero
    /// keeps the sign of hi.
    pub(crate) fn to_f64(self) -> f64 {
        if self.lo == 0.0 {
            self.hi
        } else {
            self.hi + self.lo
        }
    }

    pub(crate) fn neg(self) -> Self {
        Dd {
            hi: -self.hi,
            lo: -self.lo,
        }
    }

    pub(crate) fn add(self, other: Dd) -> Self {
        let s = two_sum(self.hi, other.hi);
        let t = two_sum(self.lo, other.lo);
        let s = fast_two_sum(s.hi, s.lo + t.hi);
        fast_two_sum(s.hi, s.lo + t.lo)
    }

    pub(crate) fn add_f64(self, b: f64) -> Self {
        let s = two_sum(self.hi, b);
        fast_two_sum(s.hi, s.lo + self.lo)
    }

    pub(crate) fn sub(self, other: Dd) -> Self {
        self.add(other.neg())
    }

    pub(crate) fn mul(self, other: Dd) -> Self {
        let p = two_prod(self.hi, other.hi);
        let lo = p.lo + (self.hi * other.lo + self.lo * other.hi);
        fast_two_sum(p.hi, lo)
    }

    pub(crate) fn mul_f64(self, b: f64) -> Self {
        let p = two_prod(self.hi, b);
        fast_two_sum(p.hi, p.lo + self.lo * b)
    }

    /// self / n for a small integer n, to about 104 bits.
    pub(crate) fn div_f64(self, n: f64) -> Self {
        let q1 = self.hi / n;
        // The remainder of a correctly rounded quotient is exact.
        let r = (-q1).mul_add(n, self.hi) + self.lo;
        fast_two_sum(q1, r / n)
    }

    /// self · 2ᵏ, exactly (no under- or overflow in the cases used here).
    pub(crate) fn scale(self, factor: f64) -> Self {
        Dd {
            hi: self.hi * factor,
            lo: self.lo * factor,
        }
    }
}

/// ln 2 to about 107 bits.
pub(crate) const LN2: Dd = Dd::new(std::f64::consts::LN_2, 2.319_046_813_846_299_6e-17);

// ANCHOR: exp_dd
/// eᵃ to about 100 bits, for |a| < 700 (finite, not NaN).
///
/// With k = round(a / ln 2) and r = (a − k·ln 2)/2¹⁰, |r| < 3.4·10⁻⁴, and
/// eʳ − 1 is a short Taylor series (the ninth term is below 2⁻¹⁰⁶). Squaring
/// (1 + m) ten times, written m ← m·(m + 2) so that the small m keeps its
/// digits, gives e^(a − k·ln 2), and 2ᵏ is exact.
pub(crate) fn exp_dd(a: Dd) -> Dd {
    let k = (a.hi * std::f64::consts::LOG2_E).round();
    let r = a.sub(LN2.mul_f64(k)).scale(1.0 / 1024.0);
    // Horner: r·(1 + r/2·(1 + r/3·(… (1 + r/9)))).
    let mut m = Dd::from_f64(1.0);
    for j in (2..=9).rev() {
        m = r.div_f64(f64::from(j)).mul(m).add_f64(1.0);
    }
    m = m.mul(r);
    for _ in 0..10 {
        m = m.mul(m.add_f64(2.0));
    }
    // 2ᵏ as two factors, so that neither over- nor underflows for |k| ≤ 1010.
    let half = (k / 2.0).trunc();
    m.add_f64(1.0)
        .scale(2f64.powi(half as i32))
        .scale(2f64.powi((k - half) as i32))
}
// ANCHOR_END: exp_dd

// ANCHOR: exp_split
/// e^(y.hi + y.lo) = e^(y.hi)·(1 + y.lo) as a double-double, for |y| < 700:
/// the low part of the argument is applied without a rounding of its own, and
/// only the error of the C library's `exp` (about half an ULP) remains.
pub(crate) fn exp_split(y: Dd) -> Dd {
    let e = math::exp(y.hi);
    fast_two_sum(e, e * y.lo)
}
// ANCHOR_END: exp_split

// ANCHOR: exp_mul
/// m · eʸ for y ≤ 710, as a double-double whose sum is within about one ULP,
/// without the spurious loss of a subnormal eʸ.
///
/// eʸʰⁱ comes from the C library (within about half an ULP), eʸ = eʸʰⁱ·(1 + y.lo)
/// (|y.lo| < 2⁻⁴³ here, so the next term is far below an ULP), and the product
/// with m is formed exactly. Where eʸ would be subnormal, and so have lost
/// digits, the exponent is first raised by 128·ln 2 (exactly: the high part of
/// ln 2 used has trailing zeros) and the result scaled back by 2⁻¹²⁸ at the
/// very end, so that only the final result is rounded to the subnormal grid.
pub(crate) fn exp_mul(m: Dd, y: Dd) -> Dd {
    // ln 2 = LN2_HI + LN2_LO, with 128·LN2_HI exact (fdlibm's split).
    const LN2_HI: f64 = 0.693_147_180_369_123_8;
    const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
    if y.hi.is_nan() || m.hi.is_nan() {
        return Dd::from_f64(f64::NAN);
    }
    if y.hi == f64::NEG_INFINITY || y.hi < -1e5 {
        return Dd::from_f64(0.0_f64.copysign(m.hi));
    }
    let (y, back) = if y.hi < -700.0 {
        let shifted = two_sum(y.hi, 128.0 * LN2_HI);
        let lo = shifted.lo + (y.lo + 128.0 * LN2_LO);
        (fast_two_sum(shifted.hi, lo), 2f64.powi(-128))
    } else {
        (y, 1.0)
    };
    let e = math::exp(y.hi);
    let p = m.mul_f64(e);
    if p.hi == 0.0 {
        // Underflowed: the zero keeps m's sign (the sum −0 + +0 would not).
        return Dd::from_f64(0.0_f64.copysign(m.hi));
    }
    // (p.hi + p.lo)(1 + y.lo), dropping only p.lo·y.lo.
    Dd::new(p.hi, p.hi.mul_add(y.lo, p.lo)).scale(back)
}
// ANCHOR_END: exp_mul

// ANCHOR: zero_expansion
/// A simple zero x₀ of a smooth function g, with g's Taylor coefficients
/// there: g(x₀ + h) = h·(c₁ + c₂h + c₃h² + …).
///
/// Near x₀ any formula for g that sums terms of opposite sign cancels, and
/// even double-double arithmetic leaves too few digits at the `f64` closest to
/// x₀ (g is then about 10⁻¹⁷, and the terms are of order 1). The expansion
/// has no such problem: h = y − x₀ is computed exactly (x₀ is stored to 160
/// bits), and h·(c₁ + …) has only the relative error of a few roundings.
pub(crate) struct Zero {
    /// x₀ = `x0[0] + x0[1] + x0[2]`.
    pub x0: [f64; 3],
    /// c₁ = g′(x₀), as a double-double.
    pub slope: Dd,
    /// c₂, c₃, …: enough of them for |h| < 2⁻¹⁰ (the next is below 2⁻⁸⁰·c₁).
    pub higher: [f64; 7],
}

impl Zero {
    /// The half-width of the interval around x₀ where [`Zero::near`] applies.
    pub(crate) const RADIUS: f64 = 1.0 / 1024.0;

    /// g(y) for y = y.hi + y.lo within [`Zero::RADIUS`] of x₀, else `None`.
    pub(crate) fn near(&self, y: Dd) -> Option<f64> {
        // Exact (Sterbenz): y.hi and x₀ are within a factor of 2.
        let d = y.hi - self.x0[0];
        if d.is_nan() || d.abs() >= Self::RADIUS {
            return None;
        }
        let h = two_sum(d, y.lo).add_f64(-self.x0[1]).add_f64(-self.x0[2]);
        let tail = self.higher.iter().rev().fold(0.0, |acc, &c| c + h.hi * acc) * h.hi;
        Some(self.slope.add_f64(tail).mul(h).to_f64())
    }
}
// ANCHOR_END: zero_expansion

// ANCHOR: div
/// n / d, correctly rounded but for the errors already in n and d: the
/// quotient of the high parts, then one correction from the exact remainder.
pub(crate) fn div(n: Dd, d: Dd) -> f64 {
    let q = n.hi / d.hi;
    if !q.is_finite() || q == 0.0 {
        return q;
    }
    let remainder = (-q).mul_add(d.hi, n.hi) + n.lo - q * d.lo;
    q + remainder / d.hi
}
// ANCHOR_END: div

// ANCHOR: via_f64
/// Evaluates an `f64` function for any `T`: widen x (exactly), apply f, round
/// the result to `T` once.
///
/// For `f64` both conversions are the identity. For `f32` an `f64` result within
/// a few `f64` ULP rounds to within half an `f32` ULP (plus 2⁻²⁸ ULP), except
/// for the rare result that lies that close to a midpoint between two `f32`
/// numbers: where the `f32` formulas would each lose an ULP or two to their own
/// roundings, this costs nothing.
pub(crate) fn via_f64<T: Float>(x: T, f: impl FnOnce(f64) -> f64) -> T {
    let wide = x.to_f64().expect("f32 and f64 widen to f64");
    T::from(f(wide)).expect("an f64 converts to any float type")
}
// ANCHOR_END: via_f64

/// [`via_f64`] for a function of two arguments.
pub(crate) fn via_f64_2<T: Float>(x: T, a: T, f: impl FnOnce(f64, f64) -> f64) -> T {
    let a = a.to_f64().expect("f32 and f64 widen to f64");
    via_f64(x, |x| f(x, a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_free_transformations_are_exact() {
        let s = two_sum(1.0, 1e-20);
        assert_eq!((s.hi, s.lo), (1.0, 1e-20));
        let s = two_sum(1e-20, 1.0);
        assert_eq!((s.hi, s.lo), (1.0, 1e-20));
        let p = two_prod(1.0 + f64::EPSILON, 1.0 + f64::EPSILON);
        assert_eq!(p.hi, 1.0 + 2.0 * f64::EPSILON);
        assert_eq!(p.lo, f64::EPSILON * f64::EPSILON);
    }

    #[test]
    fn exp_dd_is_accurate_to_about_100_bits() {
        // e¹ and e⁻¹ to 34 digits, as double-doubles.
        let e = exp_dd(Dd::from_f64(1.0));
        assert_eq!(e.hi, std::f64::consts::E);
        assert!((e.lo - 1.445_646_891_729_250_2e-16).abs() < 1e-31);
        let inv = exp_dd(Dd::from_f64(-1.0));
        let one = e.mul(inv);
        assert!((one.hi - 1.0 + one.lo).abs() < 1e-30, "{one:?}");
        // eᵃ·e⁻ᵃ = 1 over a range of a, with the low part of a.
        for i in -60..=60 {
            let a = Dd::new(f64::from(i) * 0.37 + 0.001, f64::from(i) * 1e-18);
            let p = exp_dd(a).mul(exp_dd(a.neg()));
            assert!((p.hi - 1.0 + p.lo).abs() < 1e-29, "{a:?}: {p:?}");
        }
        assert_eq!(exp_dd(Dd::from_f64(0.0)), Dd::from_f64(1.0));
    }

    #[test]
    fn exp_mul_keeps_subnormal_products() {
        // 700·e⁻⁷²⁰ is subnormal; e⁻⁷²⁰ alone has lost 10 of its bits.
        let got = exp_mul(Dd::from_f64(700.0), Dd::from_f64(-720.0)).to_f64();
        let good = 1.422_561_561_697e-310; // correctly rounded
        assert!(got > 0.0 && got < f64::MIN_POSITIVE);
        assert_eq!(got, good);
        assert_eq!(
            exp_mul(Dd::from_f64(-2.0), Dd::from_f64(f64::NEG_INFINITY)).to_f64(),
            0.0
        );
        assert!(
            exp_mul(Dd::from_f64(1.0), Dd::from_f64(f64::NAN))
                .to_f64()
                .is_nan()
        );
        assert_eq!(exp_mul(Dd::from_f64(3.0), Dd::from_f64(0.0)).to_f64(), 3.0);
    }

    #[test]
    fn division_corrects_the_quotient() {
        assert_eq!(div(Dd::from_f64(1.0), Dd::from_f64(3.0)), 1.0 / 3.0);
        let third = Dd::from_f64(1.0).div_f64(3.0);
        assert!((third.mul_f64(3.0).to_f64() - 1.0).abs() < 1e-30);
        assert_eq!(via_f64(2.0_f32, f64::sqrt), 2.0_f32.sqrt());
    }

    #[test]
    fn zero_expansion() {
        // g(x) = x² − 2 at x₀ = √2: g(√2 + h) = h·(2√2 + h).
        let sqrt2 = [
            std::f64::consts::SQRT_2,
            -9.667_293_313_452_913e-17,
            4.138_675_308_699_413_6e-33,
        ];
        let zero = Zero {
            x0: sqrt2,
            slope: Dd::new(2.0 * sqrt2[0], 2.0 * sqrt2[1]),
            higher: [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        };
        let x = std::f64::consts::SQRT_2;
        // x² − 2 for the f64 nearest √2, exactly: x² is exact in double-double.
        let exact = two_prod(x, x).add_f64(-2.0).to_f64();
        assert_eq!(zero.near(Dd::from_f64(x)), Some(exact));
        assert!(zero.near(Dd::from_f64(1.5)).is_none());
        assert!(zero.near(Dd::from_f64(f64::NAN)).is_none());
        let y = Dd::new(x, 1e-17);
        let got = zero.near(y).unwrap();
        assert!((got - (exact + 2.0 * x * 1e-17)).abs() < 1e-31);
    }
}
