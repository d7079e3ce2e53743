//! Vectorisable exponentials for arguments ≤ 0.
//!
//! Every fast kernel needs e^y only for y ≤ 0 (σ uses e^(−|x|), tanh e^(−2|x|),
//! softmax e^(x − max)), so the result lies in [0, 1] and can never overflow;
//! it can only become subnormal or 0. That is what makes a branch-free version
//! simple. The functions take a = −y ≥ 0.
//!
//! **Range reduction.** y = n·ln 2 + r with n = round(y / ln 2) and
//! |r| ≤ ln 2 / 2 ≈ 0.347, so e^y = 2ⁿ · e^r. The rounding uses the “shifter”
//! trick: adding 1.5·2²³ (f32) or 1.5·2⁵² (f64) pushes the fraction bits out,
//! so the sum's low mantissa bits *are* n, read with a bit cast — no
//! float-to-int conversion, which vectorises badly. r = y − n·ln 2 is
//! computed with ln 2 split into a high part (few bits, so n·ln2_hi is exact)
//! and a low part, each subtracted with a fused multiply-add (Cody and Waite).
//!
//! **Polynomial.** e^r on |r| ≤ 0.347 as 1 + r·(1 + r·Q(r)), by Horner's
//! rule with FMAs: for `f32` Q of degree 4 fitted for the smallest relative
//! error (`xtask/scripts/exp_fit.py`; 2⁻²⁸ before rounding), for `f64` the
//! Taylor polynomial of degree 13.
//!
//! **Scaling by 2ⁿ.** 2ⁿ is built from bits. For results down in the
//! subnormal range n goes below the smallest normal exponent (−126 / −1022),
//! so the functions return s = 2^(n + 64) (`f64`: 2^(n + 512)), a normal
//! number, and the kernel multiplies by s — exactly — and then by the
//! constant 2⁻⁶⁴, which rounds *once* into the subnormal range ([`Scaled`]).
//! A kernel that divides e^y by something scales *after* dividing, so that a
//! subnormal result is rounded only once.
//!
//! **Special values.** Arguments beyond the point where the result rounds to
//! 0 are clamped there (the clamp is a compare-and-select, so NaN stays NaN);
//! e^(−∞) = 0; NaN gives NaN through the polynomial.

// The constants are written as published (fdlibm) or fitted, digits beyond
// the type's precision included.
#![allow(clippy::excessive_precision)]

/// e^y = `p · s · TINY`: p ∈ [0.7, 1.42], s = 2^(n + 64) (`f32`) or
/// 2^(n + 512) (`f64`), a normal number for every n the clamp allows, and
/// TINY = 2⁻⁶⁴ or 2⁻⁵¹², a constant. Multiplying by s is exact; the product
/// then rounds *once* when it is multiplied by TINY, into the subnormal range
/// if it goes there. Building s takes two integer operations (a shift and an
/// add), and a kernel that divides e^y by something scales after dividing.
#[derive(Clone, Copy)]
pub(crate) struct Scaled<T> {
    pub p: T,
    /// p − 1 before p was rounded, to a relative 2⁻²⁴ or so: for a kernel
    /// that multiplies by e^y with a single rounding (LLVM drops it where
    /// it is not used).
    pub t: T,
    pub s: T,
}

/// 2⁻⁶⁴: see [`Scaled`].
pub(crate) const TINY_F32: f32 = f32::from_bits((127 - 64) << 23);
/// 2⁻⁵¹²: see [`Scaled`].
pub(crate) const TINY_F64: f64 = f64::from_bits((1023 - 512) << 52);

/// eʳ ≈ 1 + r·(1 + r·Q(r)) on |r| ≤ ln 2 / 2, Q's coefficients highest power
/// first, from `xtask/scripts/exp_fit.py`: relative error 3.7·10⁻⁹ (2⁻²⁸)
/// before rounding. The two leading coefficients are exactly 1, so the six
/// FMAs of Horner's rule give eʳ with one rounding in the last step.
const EXP_F32: [f32; 5] = [
    1.374_530_373e-3,
    8.368_944_749e-3,
    4.166_964_814e-2,
    1.666_651_815e-1,
    4.999_998_808e-1,
];

const SHIFTER_F32: f32 = 12_582_912.0; // 1.5·2²³
const LN2_HI_F32: f32 = 0.693_359_375; // 9 significant bits
const LN2_LO_F32: f32 = -2.121_944_4e-4;

// ANCHOR: exp_f32
/// e^(−a) for a ≥ 0 (or NaN), in `f32`, as [`Scaled`]: within 1 ULP. The
/// fast kernels' exponential: 14 vector operations. It takes a = −y ≥ 0
/// (|x|, 2|x|, …) because the clamp is then `a > 120`, which compiles to
/// one `min` instruction that keeps NaN, and the sign flips fold into FMAs
/// — as long as a is not negated (see `m` below).
#[inline(always)]
pub(crate) fn exp_minus_f32(a: f32) -> Scaled<f32> {
    // e^(−a) rounds to 0 above ln(2¹⁵⁰) ≈ 103.97. The clamp sits higher, so
    // that 4·e^(−a) (tanh′) and x·e^(−a) (SiLU) still round to 0 where
    // they should; n ≥ −174, so n + 64 ≥ −110.
    let a = if a > 120.0 { 120.0 } else { a };
    exp_minus_sum_f32(a, -0.0)
}

/// e^(−(a + b)) for a ≤ 120 (or NaN) and |b| below an ULP or so of a,
/// without [`exp_minus_f32`]'s clamp (for a kernel whose a is small enough
/// by construction): n comes from a alone, and b joins m once the
/// reduction is exact. With b = −0 it is `exp_minus_f32` — adding −0
/// changes no number, and LLVM leaves it out.
#[inline(always)]
pub(crate) fn exp_minus_sum_f32(a: f32, b: f32) -> Scaled<f32> {
    let k = a.mul_add(-std::f32::consts::LOG2_E, SHIFTER_F32);
    let n = k - SHIFTER_F32; // round(−a / ln 2), as a float
    // m = −r = a + n·ln 2, so that a itself is never negated: written as
    // −a, the negation moves into the clamp, which LLVM then compiles as a
    // compare of |x| with 120 and a blend instead of one `min`. r = −m is
    // exact, and its negations fold into the polynomial's FMAs.
    let m = n.mul_add(LN2_HI_F32, a);
    let m = n.mul_add(LN2_LO_F32, m + b);
    reduced_f32(k, -m, BIAS_F32)
}

/// e^(−a − b) for 0 ≤ a ≤ 1000 (beyond 745.2 the result rounds to 0; or
/// NaN) and |b| ≤ ulp(a), in `f64`, as (t, t_lo, s): e^(−a−b) =
/// (1 + t + t_lo)·s·TINY, s = 2^(n + 512). Unlike [`exp_minus_sum_f64`], the
/// reduced argument r = −(a + b) − n·ln 2 is carried with its rounding
/// errors (r + r_lo), and so is t = eʳ − 1: t + t_lo is e^(r + r_lo) − 1
/// to about 2⁻⁵⁸ of e^(r + r_lo), so that the `f64` exact GELU
/// (`gelu_tail_f64`) and softmax, which round everything else about once,
/// do not lose half an ULP here.
#[inline(always)]
pub(crate) fn exp_minus_sum_split_f64(a: f64, b: f64) -> (f64, f64, f64) {
    use crate::double_double::{fast_two_sum, two_prod, two_sum};
    let k = a.mul_add(-std::f64::consts::LOG2_E, SHIFTER_F64);
    let n = k - SHIFTER_F64;
    // m = a + n·ln2_hi is exact (Cody and Waite), as in
    // `exp_minus_sum_f64`; −r = m + b + n·ln2_lo as a double-double.
    let m = n.mul_add(LN2_HI_F64, a);
    let mb = two_sum(m, b);
    let lo = two_prod(n, LN2_LO_F64);
    let minus_r = two_sum(mb.hi, lo.hi);
    let r = -minus_r.hi;
    let r_lo = -(minus_r.lo + mb.lo + lo.lo);
    // eʳ − 1 = r + r²/2 + r³·Q₃(r), Q₃ = 1/6 + r/24 + …: r²/2 exactly
    // (TwoProd, halved), and r³·Q₃ ≤ 0.007 is the only term rounded in
    // its own right (to about 2⁻⁵⁹ of the result; r²·Q(r) in one piece,
    // up to 0.06, would lose 2⁻⁵⁵).
    let (&half, taylor) = TAYLOR_F64.split_last().expect("TAYLOR_F64 ends with ½");
    // One term more than `reduced_f64`: the truncation error 0.347¹⁵/15!
    // ≈ 10⁻¹⁹ relative, where 13 terms leave 4·10⁻¹⁸.
    let mut q: f64 = 1.0 / 87_178_291_200.0; // 1/14!
    q = q.mul_add(r, 1.0 / 6_227_020_800.0); // 1/13!
    for c in taylor {
        q = q.mul_add(r, *c);
    }
    let square = two_prod(r, r);
    let cube = (r * square.hi) * q;
    // |r| ≥ r²/2 ≥ |r³·Q₃| for |r| ≤ ln 2 / 2: Fast2Sum twice.
    let first = fast_two_sum(r, half * square.hi);
    let t = fast_two_sum(first.hi, cube);
    // e^(r + r_lo) − 1 = t + (1 + t)·r_lo to within r_lo².
    let t_lo = r_lo.mul_add(1.0 + t.hi, (first.lo + t.lo) + half * square.lo);
    let s = f64::from_bits((k.to_bits() << 52).wrapping_add(BIAS_F64));
    (t.hi, t_lo, s)
}

/// e^r·2ⁿ as [`Scaled`], for |r| ≤ ln 2 / 2 and n in the low bits of k
/// (`bias` is [`BIAS_F32`], or less by N·2²³ for e^r·2ⁿ⁻ᴺ).
#[inline(always)]
fn reduced_f32(k: f32, r: f32, bias: u32) -> Scaled<f32> {
    let [c6, c5, c4, c3, c2] = EXP_F32;
    let q = c6
        .mul_add(r, c5)
        .mul_add(r, c4)
        .mul_add(r, c3)
        .mul_add(r, c2);
    let p = q.mul_add(r, 1.0).mul_add(r, 1.0);
    let t = (q * r).mul_add(r, r); // r + r²·Q(r), rounded once
    // n sits in the low bits of k: shifted into the exponent field, k's bits
    // are (n + SHIFTER's bits)·2²³ (mod 2³²), and a constant turns that into
    // (n + 64 + 127)·2²³.
    let s = f32::from_bits((k.to_bits() << 23).wrapping_add(bias));
    Scaled { p, t, s }
}

/// See [`reduced_f32`]: k's bits shifted left by 23, plus `BIAS_F32`, are
/// the bits of 2^(n + 64).
const BIAS_F32: u32 = ((127_u32 + 64) << 23).wrapping_sub(SHIFTER_F32.to_bits() << 23);
// ANCHOR_END: exp_f32

/// e^(−2a) for a ≥ 0 (or NaN), in `f32`: [`exp_minus_f32`] of 2a, bit for
/// bit, without computing 2a (tanh′ needs e^(−2|x|), and the kernels are
/// bound by the count of operations on the FMA ports). Every quantity of
/// `exp_minus_f32(2a)` is kept with a power-of-two factor, which commutes
/// with rounding: m/2 = a + n·(ln 2)/2 with the halved constants; r = 2ρ
/// with ρ = −m/2, so Horner's rule runs in ρ with Q's coefficient of rʲ
/// times 2ʲ⁺², which makes its result 4·Q(r); then 2·(1 + r·Q) =
/// 2 + ρ·4Q and 1 + r·(1 + r·Q) = 1 + ρ·(2·(1 + r·Q)). A unit test checks
/// the identity.
#[inline(always)]
pub(crate) fn exp_minus_twice_f32(a: f32) -> Scaled<f32> {
    const fn scaled(j: i32) -> f32 {
        let [c6, c5, c4, c3, c2] = EXP_F32;
        let c = [c2, c3, c4, c5, c6];
        // c_j·2^(j+2) for the coefficient of r^j: exact.
        c[j as usize] * (1u32 << (j + 2)) as f32
    }
    let a = if a > 60.0 { 60.0 } else { a };
    let k = a.mul_add(-2.0 * std::f32::consts::LOG2_E, SHIFTER_F32);
    let n = k - SHIFTER_F32;
    let half_m = n.mul_add(0.5 * LN2_HI_F32, a);
    let half_m = n.mul_add(0.5 * LN2_LO_F32, half_m);
    let rho = -half_m;
    let q4 = scaled(4)
        .mul_add(rho, scaled(3))
        .mul_add(rho, scaled(2))
        .mul_add(rho, scaled(1))
        .mul_add(rho, scaled(0));
    let p = q4.mul_add(rho, 2.0).mul_add(rho, 1.0);
    let s = f32::from_bits((k.to_bits() << 23).wrapping_add(BIAS_F32));
    // t is not needed by tanh′; it is r + r²·Q(r) = 2ρ + ρ²·(4Q).
    let t = (q4 * rho).mul_add(rho, 2.0 * rho);
    Scaled { p, t, s }
}

/// e^(−2a) in `f64`: [`exp_minus_f64`] of 2a (the `f64` kernels are not
/// tuned this far).
#[inline(always)]
pub(crate) fn exp_minus_twice_f64(a: f64) -> Scaled<f64> {
    exp_minus_f64(2.0 * a)
}

/// How a softmax row scales its exponentials: e^y·2⁻ᴺ for y ≥ `low`, with
/// N the row's integer (see `softmax.rs`).
#[derive(Clone, Copy)]
pub(crate) struct RowScale<T, B> {
    low: T,
    bias: B,
}

impl RowScale<f32, u32> {
    /// e^y·2⁻ᴺ, with y clamped to `low` or more. `low − N·ln 2` must be
    /// −120 or more and |y| at most 400, so that 2ⁿ⁻ᴺ⁺⁶⁴ is a normal number
    /// and n·ln 2 is subtracted from y to 2⁻²⁸.
    pub(crate) fn new_f32(low: f32, big_n: i32) -> Self {
        RowScale {
            low,
            bias: BIAS_F32.wrapping_sub((big_n as u32) << 23),
        }
    }
}

/// e^y·2⁻ᴺ for y ≤ 0 (or NaN) as [`Scaled`], in `f32`, for softmax — whose
/// argument is x − max or x itself: with N = 0 and `low` = −120,
/// [`exp_minus_f32`] of −y, bit for bit (negating y to call it would cost
/// an instruction).
#[inline(always)]
pub(crate) fn exp_f32(y: f32, row: RowScale<f32, u32>) -> Scaled<f32> {
    let y = if y < row.low { row.low } else { y };
    let k = y.mul_add(std::f32::consts::LOG2_E, SHIFTER_F32);
    let n = k - SHIFTER_F32;
    let r = (-n).mul_add(LN2_HI_F32, y);
    let r = (-n).mul_add(LN2_LO_F32, r);
    reduced_f32(k, r, row.bias)
}

const SHIFTER_F64: f64 = 6_755_399_441_055_744.0; // 1.5·2⁵²
const LN2_HI_F64: f64 = 6.931_471_803_691_238_2e-1;
const LN2_LO_F64: f64 = 1.908_214_929_270_587_7e-10;

/// e^(−a) for a ≥ 0 (or NaN), in `f64`, as [`Scaled`]: within 1 ULP, with the
/// Taylor polynomial of degree 13 (truncation error 0.347¹⁴/14! ≈ 4·10⁻¹⁸,
/// 0.04 ULP).
#[inline(always)]
pub(crate) fn exp_minus_f64(a: f64) -> Scaled<f64> {
    exp_minus_sum_f64(a, -0.0)
}

/// e^(−(a + b)) in `f64`, as [`exp_minus_sum_f32`] but with the clamp of
/// [`exp_minus_f64`].
#[inline(always)]
pub(crate) fn exp_minus_sum_f64(a: f64, b: f64) -> Scaled<f64> {
    // e^(−a) rounds to 0 above 745.13; the clamp sits higher, as for f32;
    // n ≥ −1443, so n + 512 ≥ −931.
    let a = if a > 1000.0 { 1000.0 } else { a };
    let k = a.mul_add(-std::f64::consts::LOG2_E, SHIFTER_F64);
    let n = k - SHIFTER_F64;
    // m = −r, as in `exp_minus_f32`: a is never negated.
    let m = n.mul_add(LN2_HI_F64, a);
    let m = n.mul_add(LN2_LO_F64, m + b);
    reduced_f64(k, -m, BIAS_F64)
}

/// e^r·2ⁿ as [`Scaled`], for |r| ≤ ln 2 / 2 and n in the low bits of k
/// (`bias` as for [`reduced_f32`]).
#[inline(always)]
fn reduced_f64(k: f64, r: f64, bias: u64) -> Scaled<f64> {
    let mut q: f64 = 1.0 / 6_227_020_800.0; // 1/13!
    for c in TAYLOR_F64 {
        q = q.mul_add(r, c);
    }
    let p = q.mul_add(r, 1.0).mul_add(r, 1.0);
    let t = (q * r).mul_add(r, r); // r + r²·Q(r), rounded once
    let s = f64::from_bits((k.to_bits() << 52).wrapping_add(bias));
    Scaled { p, t, s }
}

/// k's bits shifted left by 52, plus `BIAS_F64`, are the bits of 2^(n + 512).
const BIAS_F64: u64 = ((1023_u64 + 512) << 52).wrapping_sub(SHIFTER_F64.to_bits() << 52);

/// 1/12!, 1/11!, …, 1/2!: the Taylor coefficients of eʳ below 1/13!.
const TAYLOR_F64: [f64; 11] = [
    1.0 / 479_001_600.0,
    1.0 / 39_916_800.0,
    1.0 / 3_628_800.0,
    1.0 / 362_880.0,
    1.0 / 40_320.0,
    1.0 / 5_040.0,
    1.0 / 720.0,
    1.0 / 120.0,
    1.0 / 24.0,
    1.0 / 6.0,
    0.5,
];

/// (eʳ − 1 − r)/r² ≈ c₄r⁴ + … + c₀ on |r| ≤ ln 2 / 2, highest power first:
/// fitted for the smallest relative error of eʳ − 1 (see [`expm1_neg_f32`]).
const EXPM1_F32: [f32; 5] = [
    1.385_894_5e-3,
    8.366_703e-3,
    4.166_758_4e-2,
    1.666_654_2e-1,
    4.999_999_7e-1,
];

/// e^y − 1 for y ≤ 0 (or NaN), in `f32`, without cancellation near 0.
///
/// With y = n·ln 2 + r as above, e^y − 1 = 2ⁿ·(eʳ − 1) + (2ⁿ − 1): eʳ − 1 is a
/// polynomial r + r²·Q(r) with no subtraction, 2ⁿ − 1 is exact, and one FMA
/// joins them with a single rounding. For n = 0 (|y| < 0.347) the result is
/// the polynomial itself, accurate to the last bit even for tiny y.
///
/// Returned with that rounding's error, (e, e_lo), e + e_lo = 2ⁿ·(eʳ − 1) +
/// (2ⁿ − 1) exactly (both terms are exact, and for n ≤ −1 the second is the
/// larger, so Fast2Sum's two subtractions give it). `f64`'s tanh kernel
/// carries it into its division; `f32`'s does not need it, and LLVM drops it.
#[inline(always)]
pub(crate) fn expm1_neg_f32(y: f32) -> (f32, f32) {
    const SHIFTER: f32 = SHIFTER_F32;
    // e^y − 1 rounds to −1 below −17.4.
    let y = if y < -20.0 { -20.0 } else { y };
    let k = y.mul_add(std::f32::consts::LOG2_E, SHIFTER);
    let n = k - SHIFTER;
    // One FMA with ln 2 rounded to f32 suffices here: its error n·1.9·10⁻⁹
    // in r is multiplied by eʸ ≈ 2ⁿ, at most 10⁻⁹ relative to e^y − 1.
    let r = n.mul_add(-std::f32::consts::LN_2, y);
    // (eʳ − 1 − r)/r² by a degree-4 polynomial fitted for the smallest
    // relative error of eʳ − 1 on |r| ≤ ln 2 / 2: below 0.25·2⁻²⁴ before
    // rounding, one FMA fewer than the Taylor polynomial of the same accuracy
    // (tested below).
    let [c4, c3, c2, c1, c0] = EXPM1_F32;
    let q = c4
        .mul_add(r, c3)
        .mul_add(r, c2)
        .mul_add(r, c1)
        .mul_add(r, c0);
    let em1 = (q * r).mul_add(r, r);
    // 2ⁿ: n sits in the low bits of k, so k's bits shifted into the exponent
    // field are (n + SHIFTER's bits)·2²³ (mod 2³²); a constant turns that into
    // (n + 127)·2²³. Two integer operations instead of three.
    const BIAS: u32 = 127_u32.wrapping_sub(SHIFTER.to_bits()) << 23;
    let scale = f32::from_bits((k.to_bits() << 23).wrapping_add(BIAS));
    let e = scale.mul_add(em1, scale - 1.0);
    (e, ((scale - 1.0) - e) + scale * em1)
}

/// e^y − 1 for y ≤ 0 (or NaN), in `f64`, with its rounding error; see
/// [`expm1_neg_f32`].
#[inline(always)]
pub(crate) fn expm1_neg_f64(y: f64) -> (f64, f64) {
    const SHIFTER: f64 = SHIFTER_F64;
    // e^y − 1 rounds to −1 below −37.5.
    let y = if y < -40.0 { -40.0 } else { y };
    let k = y.mul_add(std::f64::consts::LOG2_E, SHIFTER);
    let n = k - SHIFTER;
    let r = n.mul_add(-LN2_HI_F64, y);
    let r = n.mul_add(-LN2_LO_F64, r);
    // Taylor to r¹⁴/14!: truncation 0.347¹⁴/15! ≈ 3·10⁻¹⁹ relative to r.
    let mut q: f64 = 1.0 / 87_178_291_200.0; // 1/14!
    q = q.mul_add(r, 1.0 / 6_227_020_800.0);
    for c in TAYLOR_F64 {
        q = q.mul_add(r, c);
    }
    let em1 = (q * r).mul_add(r, r);
    let n = k.to_bits().wrapping_sub(SHIFTER.to_bits()) as i64;
    let scale = f64::from_bits(((n + 1023) as u64) << 52);
    let e = scale.mul_add(em1, scale - 1.0);
    (e, ((scale - 1.0) - e) + scale * em1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::steps;

    /// The fitted polynomial for eʳ − 1 (evaluated exactly enough in f64)
    /// stays within 0.25·2⁻²⁴ relative on |r| ≤ ln 2 / 2, where the Taylor
    /// polynomial with as many coefficients (to r⁶/6!) is off by more than
    /// 2⁻²⁴: the fit saves one FMA at the same accuracy.
    #[test]
    fn fitted_expm1_polynomial_beats_taylor_of_the_same_length() {
        let em1 = |r: f64, c: [f64; 5]| {
            let q = c.iter().fold(0.0, |q, &c| q * r + c);
            r + r * r * q
        };
        let fitted = EXPM1_F32.map(f64::from);
        let taylor = [1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5];
        let h = std::f64::consts::LN_2 / 2.0;
        let (mut worst_fit, mut worst_taylor) = (0.0_f64, 0.0_f64);
        for i in 1..=10_000 {
            for r in [h * f64::from(i) / 10_000.0, -h * f64::from(i) / 10_000.0] {
                let exact = r.exp_m1();
                worst_fit = worst_fit.max(((em1(r, fitted) - exact) / exact).abs());
                worst_taylor = worst_taylor.max(((em1(r, taylor) - exact) / exact).abs());
            }
        }
        let unit = (-24.0_f64).exp2();
        assert!(worst_fit < 0.25 * unit, "{}", worst_fit / unit);
        assert!(worst_taylor > unit, "{}", worst_taylor / unit);
    }

    /// The fitted polynomial of the fast exponential (evaluated in f64) is
    /// within 2⁻²⁷ of eʳ, relative, on |r| ≤ ln 2 / 2: a tenth of the half
    /// ULP the last rounding adds.
    #[test]
    fn fitted_exp_polynomial_is_far_below_half_an_ulp() {
        let h = std::f64::consts::LN_2 / 2.0;
        let mut worst = 0.0_f64;
        for i in -10_000..=10_000 {
            let r = h * f64::from(i) / 10_000.0;
            let q = EXP_F32.iter().fold(0.0, |q, &c| q * r + f64::from(c));
            let p = 1.0 + r * (1.0 + r * q);
            worst = worst.max((p / r.exp() - 1.0).abs());
        }
        assert!(worst < (-27.0_f64).exp2(), "{worst:e}");
    }

    /// The scaled exponentials agree with the f64 (resp. libm) exponential
    /// within 1 ULP down to the subnormal range and to 0, and keep the
    /// special values.
    #[test]
    fn scaled_exp_is_within_one_ulp() {
        let value32 = |y: f32| {
            let Scaled { p, s, .. } = exp_minus_f32(-y);
            p * s * TINY_F32
        };
        let value64 = |y: f64| {
            let Scaled { p, s, .. } = exp_minus_f64(-y);
            p * s * TINY_F64
        };
        let mut worst = 0;
        for i in 0..=400_000 {
            let y = -110.0 * i as f32 / 400_000.0;
            worst = worst.max(steps(value32(y), f64::from(y).exp() as f32));
            let y = -750.0 * f64::from(i) / 400_000.0;
            worst = worst.max(steps(value64(y), libm::exp(y)));
        }
        assert!(worst <= 1, "{worst}");
        assert_eq!((value32(0.0), value32(-0.0)), (1.0, 1.0));
        assert_eq!((value32(-104.0), value32(f32::NEG_INFINITY)), (0.0, 0.0));
        assert_eq!(value32(-103.9), f32::from_bits(1)); // e^−103.9 ≈ 0.54·2⁻¹⁴⁹
        assert!(value32(f32::NAN).is_nan() && value64(f64::NAN).is_nan());
        assert_eq!((value64(-0.0), value64(f64::NEG_INFINITY)), (1.0, 0.0));
    }

    /// `exp_f32(y)` is `exp_minus_f32(−y)` bit for bit: the two differ
    /// only in where the negation sits. (For NaN only in being NaN: the
    /// sign of a NaN is not defined.)
    #[test]
    fn exp_of_y_is_exp_minus_of_minus_y() {
        let same32 = |y: f32| {
            let (a, b) = (exp_f32(y, RowScale::new_f32(-120.0, 0)), exp_minus_f32(-y));
            (a.p.to_bits(), a.t.to_bits(), a.s.to_bits())
                == (b.p.to_bits(), b.t.to_bits(), b.s.to_bits())
                || (y.is_nan() && a.p.is_nan() && b.p.is_nan())
        };
        for i in 0..=200_000 {
            let y = -130.0 * i as f32 / 200_000.0;
            assert!(same32(y), "{y}");
        }
        for y in [
            0.0,
            -0.0,
            f32::NEG_INFINITY,
            f32::NAN,
            -f32::MIN_POSITIVE,
            -1e-45,
        ] {
            assert!(same32(y), "{y}");
        }
    }

    /// (1 + t + t_lo)·2ⁿ from `exp_minus_sum_split_f64(a, b)` is e^(−a−b)
    /// to a relative 2⁻⁵⁷ or better (a sixteenth of an ULP; measured:
    /// 3.0·10⁻¹⁸, 2⁻⁵⁸·²), against the double-double `exp_dd` (about 100
    /// bits).
    #[test]
    fn split_exponential_is_far_more_accurate_than_an_ulp() {
        use crate::double_double::{Dd, exp_dd};
        let mut worst = 0.0_f64;
        for i in 0..=300_000 {
            let a = 699.0 * f64::from(i) / 300_000.0;
            // |b| ≤ a·2⁻⁵⁴, at most half an ULP of a.
            let b = a * 2f64.powi(-54) * (f64::from(i % 7) - 3.0) / 3.0;
            let (t, t_lo, s) = exp_minus_sum_split_f64(a, b);
            let scale = s * TINY_F64; // 2ⁿ, a normal number here
            let exact = exp_dd(Dd::new(-a, -b));
            // Both sides divided by 2ⁿ (exactly); e − 1 is exact too (e ∈
            // [0.7, 1.42], Sterbenz).
            let e = exact.hi / scale;
            let error = ((t - (e - 1.0)) + t_lo) - exact.lo / scale;
            worst = worst.max((error / e).abs());
        }
        assert!(worst < 2f64.powi(-57), "{worst:e}");
        let (t, t_lo, s) = exp_minus_sum_split_f64(0.0, 0.0);
        assert_eq!((t, t_lo, s * TINY_F64), (0.0, 0.0, 1.0));
        assert!(exp_minus_sum_split_f64(f64::NAN, 0.0).0.is_nan());
    }

    /// `exp_minus_twice_f32(a)` is `exp_minus_f32(2a)` bit for bit.
    #[test]
    fn exp_of_twice_is_exp_minus_of_twice() {
        let same = |a: f32| {
            let (x, y) = (exp_minus_twice_f32(a), exp_minus_f32(2.0 * a));
            (x.p.to_bits(), x.t.to_bits(), x.s.to_bits())
                == (y.p.to_bits(), y.t.to_bits(), y.s.to_bits())
                || (a.is_nan() && x.p.is_nan() && y.p.is_nan())
        };
        for i in 0..=400_000 {
            let a = 70.0 * i as f32 / 400_000.0;
            assert!(same(a), "{a}");
        }
        for a in [
            0.0,
            -0.0,
            f32::INFINITY,
            f32::NAN,
            f32::MIN_POSITIVE,
            1e-45,
            1e30,
            59.999,
            60.0,
            60.001,
        ] {
            assert!(same(a), "{a}");
        }
    }

    #[test]
    fn expm1_f32_is_within_one_ulp_of_the_f64_exponential() {
        let mut worst = 0;
        for i in 0..200_000 {
            let y = -25.0 * i as f32 / 200_000.0;
            worst = worst.max(steps(expm1_neg_f32(y).0, (f64::from(y)).exp_m1() as f32));
        }
        assert!(worst <= 1, "{worst}");
        assert_eq!(expm1_neg_f32(-1e-30).0, -1e-30);
        assert_eq!(expm1_neg_f32(f32::NEG_INFINITY).0, -1.0);
        assert!(expm1_neg_f32(f32::NAN).0.is_nan());
        assert_eq!(expm1_neg_f64(-1e-300).0, -1e-300);
        assert!(expm1_neg_f64(f64::NAN).0.is_nan());
    }
}
