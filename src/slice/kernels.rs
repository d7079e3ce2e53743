//! The element-wise kernels: one branch-free function per activation, for
//! `f32` and for `f64`, applied by the loops in [`super::dispatch`].
//!
//! Each follows the scalar function in the crate root — the same stable
//! formula, the same special values — with two changes that make it
//! vectorisable: the exponentials are the polynomials of [`super::exp`], and
//! every `if` is a select that computes both sides.
//!
//! **Divisions.** σ = 1/(1 + u), σ′ = u/(1 + u)² and tanh = −E/(2 + E) divide
//! by a denominator that was itself rounded. As in the scalar code
//! (`div_one_plus` in sigmoid.rs), the rounding error of the denominator is
//! recovered exactly, and one correction step with the exact FMA remainder
//! folds it and the quotient's own error back in. The step multiplies by
//! 1/d, which only has to be right to a few percent, so each kernel performs
//! a single division: for σ, SiLU and the tanh GELU 1/(1 + p·u) = 1 − q·u
//! is one FMA away ([`over_one_plus`]); σ′, tanh′ and the `f64` tanh take it
//! from a quadratic polynomial ([`quotient`]).
//!
//! **σ(x) for x ≥ 0 as 1 − σ(−x).** Both signs compute s = σ(−|x|) =
//! e^(−|x|)/(1 + e^(−|x|)) ≤ ½, and x ≥ 0 returns 1 − s: s carries its
//! error in units of *its* last place, at most half of the result's, so the
//! subtraction costs nothing in accuracy — and one quotient replaces the two
//! that a select between 1/(1 + u) and u/(1 + u) makes LLVM compute.

use super::exp::{
    Scaled, TINY_F32, TINY_F64, exp_minus_f32, exp_minus_f64, exp_minus_sum_f32, exp_minus_sum_f64,
    exp_minus_twice_f32, exp_minus_twice_f64, expm1_neg_f32, expm1_neg_f64,
};

macro_rules! element_kernels {
    ($t:ident, $exp_scaled:ident, $exp_sum:ident, $exp_twice:ident, $tiny:ident, $expm1:ident, $corrected_tanh:literal, $gelu_tanh_argument:path, $gelu_tail:ident, $cut:literal, $silu_cut:literal) => {
        /// 1/d for d ∈ [1, 2] to 1/99 (relative): all [`quotient`] needs.
        /// The minimax quadratic: d·P(d) − 1 = T₃(2d − 3)/99 equioscillates
        /// on [1, 2] (T₃ the Chebyshev polynomial) and is −1 at d = 0, so P
        /// has no constant term to spare.
        #[inline(always)]
        pub(super) fn rough_reciprocal(d: $t) -> $t {
            (32.0 / 99.0 as $t)
                .mul_add(d, -144.0 / 99.0)
                .mul_add(d, 210.0 / 99.0)
        }

        /// (n + n_lo) / (d + lo), |n_lo| ≪ |n|, |lo| ≪ d, given `r` ≈ 1/d to a
        /// few percent: the rounded quotient q = n/d, the exact remainder
        /// n − q·d (an FMA), and one correction step (n + n_lo − q·(d +
        /// lo))/d that folds in the low parts and q's own rounding. The
        /// step's size is about an ULP of q, so r's 1 % error changes the
        /// result by a hundredth of an ULP.
        #[inline(always)]
        fn quotient(n: $t, n_lo: $t, d: $t, lo: $t, r: $t) -> $t {
            let q = n / d;
            let remainder = (-q).mul_add(d, n) + n_lo;
            (-q).mul_add(lo, remainder).mul_add(r, q)
        }

        // ANCHOR: sigmoid
        /// p/(1 + p·u) for u = 2ⁿ ≤ 1, with the rounding of 1 + p·u folded
        /// back in. p·u is exact (u is a power of two; where the product is
        /// tiny its rounding cannot matter), d = 1 + p·u is rounded once,
        /// and q = p/d. Then the remainder p − q·(1 + p·u) = (p − q) − q·p·u
        /// is formed exactly — p − q is exact because q ∈ [p/2, p] (Sterbenz) —
        /// and one FMA rounds it; divided by 1 + p·u, it is the correction to
        /// q. That division is a multiplication by 1/(1 + p·u) = 1 − q·u,
        /// which one FMA gives to a few ULP: the correction is an ULP or so
        /// of q, so that is plenty.
        #[inline(always)]
        fn over_one_plus(p: $t, u: $t) -> $t {
            let (q, c, r) = over_one_plus_parts(p, u);
            c.mul_add(r, q)
        }

        /// [`over_one_plus`] before its last step: q, the remainder c and
        /// r ≈ 1/(1 + p·u), with p/(1 + p·u) = q + c·r.
        #[inline(always)]
        fn over_one_plus_parts(p: $t, u: $t) -> ($t, $t, $t) {
            let pu = p * u;
            let d = 1.0 + pu;
            let q = p / d;
            let c = (-q).mul_add(pu, p - q);
            (q, c, (-q).mul_add(u, 1.0))
        }

        /// σ, stage one (see `dispatch::Staged`): e^(−|x|) = p·s·TINY.
        #[inline(always)]
        pub(crate) fn sigmoid_first(x: $t) -> ($t, $t) {
            let Scaled { p, s, .. } = $exp_scaled(x.abs());
            (p, s)
        }

        /// σ, stage two: σ(−|x|) = p/(1 + p·2ⁿ)·2ⁿ, returned where x's sign
        /// bit is set, and 1 − σ(−|x|) where not (at ±0 both are ½). The
        /// scaling by u = 2ⁿ comes after the division: exact where σ is a
        /// normal number, one more rounding (at most a step) where it is
        /// subnormal — one multiplication instead of the two of s·TINY.
        /// Testing the sign bit rather than x < 0 saves the compare: AVX2's
        /// blend selects by the sign bit of its mask.
        #[inline(always)]
        pub(crate) fn sigmoid_second(x: $t, p: $t, s: $t) -> $t {
            let u = s * $tiny;
            let small = over_one_plus(p, u) * u;
            if x.is_sign_negative() {
                small
            } else {
                1.0 - small
            }
        }
        // ANCHOR_END: sigmoid

        /// p/(1 + p·u)² for u = 2ⁿ ≤ 1, the shape of σ′ and tanh′, as T·R:
        /// T = p/(1 + p·u) = q + e ([`over_one_plus_parts`], e = c·r) and
        /// R = 1/(1 + p·u) = 1 − T·u exactly. R is carried as h + h_lo: h =
        /// 1 − q·u rounded once (q·u is exact), and h_lo = ((1 − h) − q·u) −
        /// e·u, where 1 − h is exact (h ∈ [½, 1]) and so is the FMA that
        /// subtracts q·u (it yields the rounding error of h). Then T·R =
        /// q·h + (q·h_lo + e·h) + e·h_lo, the last term below 2⁻⁴⁶ of the
        /// rest, rounded once by the outer FMA. Two operations fewer than
        /// squaring 1 + p·u with its rounding error and dividing by it.
        #[inline(always)]
        fn over_one_plus_squared(p: $t, u: $t) -> $t {
            let (q, c, h) = over_one_plus_parts(p, u);
            let e = c * h;
            let h_lo = (-e).mul_add(u, (-q).mul_add(u, 1.0 - h));
            q.mul_add(h, q.mul_add(h_lo, e * h))
        }

        /// σ′(x) = u/(1 + u)² with u = e^(−|x|), no subtraction at all;
        /// stage one is σ's, and the scaling by u is σ's.
        #[inline(always)]
        pub(crate) fn sigmoid_derivative_second(_x: $t, p: $t, s: $t) -> $t {
            let u = s * $tiny;
            over_one_plus_squared(p, u) * u
        }

        // ANCHOR: tanh
        /// tanh(x) = sign(x)·(−E)/(2 + E) with E = e^(−2|x|) − 1 ∈ [−1, 0]:
        /// expm1 has no cancellation near 0, and 2 + E ∈ [1, 2] none either.
        /// In `f32` the plain division is already within 2 ULP of the scalar
        /// function, and the six operations of the correction would cost a
        /// tenth of the kernel's time. `f64` needs the correction, and it
        /// needs E to more than 53 bits: E = e + e_lo carries expm1's last
        /// rounding (E's rounding error, amplified by up to 1.5 in the
        /// quotient, would otherwise take the kernel 2 ULP from the exact
        /// tanh), folded into the remainder and into 2 + E's low part.
        #[inline(always)]
        pub(crate) fn tanh(x: $t) -> $t {
            let (e, e_lo) = $expm1(-2.0 * x.abs());
            let d = 2.0 + e;
            // E/(2 + E) ≤ 0 is −tanh|x|; `copysign` sets the sign anyway, so
            // the negation is left out.
            let t = if $corrected_tanh {
                // 2 + E = d + d_lo: d's rounding error, plus e_lo.
                let d_lo = ((2.0 - d) + e) + e_lo;
                quotient(e, e_lo, d, d_lo, rough_reciprocal(d))
            } else {
                e / d
            };
            t.copysign(x)
        }
        // ANCHOR_END: tanh

        /// tanh′, stage one: u = e^(−2|x|) = p·s·TINY.
        #[inline(always)]
        pub(crate) fn tanh_derivative_first(x: $t) -> ($t, $t) {
            let Scaled { p, s, .. } = $exp_twice(x.abs());
            (p, s)
        }

        /// tanh′(x) = 4u/(1 + u)², scaled after dividing (so a subnormal u
        /// loses nothing: the scalar code's second branch) by 4u =
        /// s·4·TINY, which is computed alongside the quotient: one
        /// multiplication after it on the dependency chain, not two. 4u is
        /// exact down to 2⁻¹⁴⁹; below, the result is 0 or the smallest
        /// subnormal, and the product is off by at most that one step.
        #[inline(always)]
        pub(crate) fn tanh_derivative_second(_x: $t, p: $t, s: $t) -> $t {
            over_one_plus_squared(p, s * $tiny) * (s * (4.0 * $tiny))
        }

        /// |x| clamped to `cut` or less (NaN stays NaN): an `and` and a `min`.
        #[inline(always)]
        fn abs_at_most(x: $t, cut: $t) -> $t {
            let a = x.abs();
            if a > cut { cut } else { a }
        }

        /// max(x, z) for z the zero with x's sign bit: x for x > 0, else
        /// ±0 with x's sign (NaN: a zero — the callers' other term carries
        /// the NaN). An `and` and a `max`; see `times_sigmoid_second`.
        #[inline(always)]
        pub(crate) fn positive_part(x: $t) -> $t {
            let z = <$t>::from_bits(x.to_bits() & (-0.0 as $t).to_bits());
            if x > z { x } else { z }
        }

        /// x·σ(w), stage two. With a = |x| clamped to the cut, y =
        /// a·σ(−|w|) is a times p/(1 + u), scaled by 2ⁿ last; the result is
        /// x − y for x > 0 (as for σ) and −y for x ≤ 0 — both of them
        /// max(x, z) − y, where z is a zero with x's sign bit: for x ≤ 0
        /// the maximum is z, and z − y = −y, −0 included. Four operations
        /// (the sign bit, the maximum, |x| and the subtraction), where a
        /// select by x > 0 takes a compare, the subtraction and a blend of
        /// three micro-operations on recent Intel cores. Beyond the cut y
        /// rounds to 0, so the result is x or −0 without a select of its
        /// own: the clamp keeps a huge |x| from meeting the exponential's
        /// clamp (and ∞ from making ∞ − ∞). NaN gives NaN through a.
        #[inline(always)]
        fn times_sigmoid_second(x: $t, cut: $t, p: $t, s: $t) -> $t {
            let a = abs_at_most(x, cut);
            // a·(q + e·r) with one rounding: the product a·q is not rounded
            // on its own.
            let (q, e, r) = over_one_plus_parts(p, s * $tiny);
            let small = a.mul_add(q, a * e * r) * s * $tiny;
            positive_part(x) - small
        }

        // ANCHOR: silu
        /// silu(x) = x·σ(x); stage one is σ's.
        #[inline(always)]
        pub(crate) fn silu_first(x: $t) -> ($t, $t) {
            sigmoid_first(x)
        }

        /// silu, stage two. Beyond ±`$silu_cut` x·eˣ rounds to 0 and x·σ(x)
        /// to x.
        #[inline(always)]
        pub(crate) fn silu_second(x: $t, p: $t, s: $t) -> $t {
            times_sigmoid_second(x, $silu_cut, p, s)
        }
        // ANCHOR_END: silu

        // ANCHOR: gelu_tanh
        /// gelu_tanh(x) = x·σ(w), w = 2√(2/π)·(x + 0.044715x³): the same as
        /// x·(1 + tanh(w/2))/2. σ(w) ≈ eʷ for x < 0 turns an absolute error of
        /// w into the same relative error of the result, and |w| reaches
        /// about 100 (`f32`) or 745 (`f64`) before the result underflows, so w
        /// is computed with extra bits (see the argument functions). Beyond
        /// ±`$cut` the result is x or −0, exactly as the scalar function's.
        /// Stage one, in two parts (`dispatch::Staged::PREPARED`): w is odd
        /// in x, so the argument of a = |x| (clamped to the cut) is |w| =
        /// w_hi + w_lo, and no sign needs handling; then e^(−|w|).
        #[inline(always)]
        pub(crate) fn gelu_tanh_first(x: $t) -> ($t, $t) {
            let (w_hi, w_lo) = gelu_tanh_prepare(x);
            gelu_tanh_first_prepared(x, w_hi, w_lo)
        }

        /// gelu_tanh, stage one, part one: |w| = w_hi + w_lo.
        #[inline(always)]
        pub(crate) fn gelu_tanh_prepare(x: $t) -> ($t, $t) {
            $gelu_tanh_argument(abs_at_most(x, $cut))
        }

        /// gelu_tanh, stage one, part two: e^(−|w|) = p·s·TINY.
        #[inline(always)]
        pub(crate) fn gelu_tanh_first_prepared(_x: $t, w_hi: $t, w_lo: $t) -> ($t, $t) {
            // w_lo joins the exponential's reduced argument: an addition,
            // not an FMA on the polynomial. At the cut w is below 120 in
            // `f32`, and the `f32` exponential leaves its clamp out (the
            // `f64` one keeps it).
            let Scaled { p, s, .. } = $exp_sum(w_hi, w_lo);
            (p, s)
        }

        /// gelu_tanh, stage two.
        #[inline(always)]
        pub(crate) fn gelu_tanh_second(x: $t, p: $t, s: $t) -> $t {
            times_sigmoid_second(x, $cut, p, s)
        }
        // ANCHOR_END: gelu_tanh

        // ANCHOR: gelu
        /// gelu(x) = x·Φ(x), exact (erf), as the scalar `gelu`. With a = |x|,
        /// Φ(−a) = e^(−a²/2)·R(a), R(a) = ½·e^(a²/2)·erfc(a/√2) a smooth
        /// function falling like 1/(a·√(2π)). Then gelu(x) = x·Φ(−a) =
        /// −a·Φ(−a) for x ≤ 0 and x − a·Φ(−a) for x > 0 (Φ(−a) ≤ ½, so
        /// nothing cancels). Stage one is R(a), stage two the exponential
        /// and the rest. Each type has its own pair (`gelu_tail_f32`,
        /// `gelu_tail_f64`): `f32` takes R from a table of polynomials,
        /// `f64` from one polynomial in 1/(a + K), and `f64` carries R, the
        /// exponential and the product in double-double to stay within an
        /// ULP. Beyond ±A the result is x or −0, as the scalar function's.
        #[inline(always)]
        pub(crate) fn gelu_first(x: $t) -> ($t, $t) {
            $gelu_tail::first(gelu_abs(x))
        }

        /// gelu, stage two.
        #[inline(always)]
        pub(crate) fn gelu_second(x: $t, p: $t, s: $t) -> $t {
            $gelu_tail::second(x, gelu_abs(x), p, s)
        }

        /// |x|, clamped to A (NaN stays NaN).
        #[inline(always)]
        pub(crate) fn gelu_abs(x: $t) -> $t {
            abs_at_most(x, $gelu_tail::A)
        }
        // ANCHOR_END: gelu

        // ANCHOR: relu
        /// relu(x): x if x > 0 or x is NaN, else +0 — a compare and a select,
        /// exactly the scalar `relu` (not `max`, which would drop NaN).
        #[inline(always)]
        pub(crate) fn relu(x: $t) -> $t {
            if x > 0.0 || x.is_nan() { x } else { 0.0 }
        }
        // ANCHOR_END: relu

        #[inline(always)]
        pub(crate) fn relu_derivative(x: $t) -> $t {
            let d = if x > 0.0 { 1.0 } else { 0.0 };
            if x.is_nan() { x } else { d }
        }

        #[inline(always)]
        pub(crate) fn leaky_relu(x: $t, alpha: $t) -> $t {
            if x > 0.0 { x } else { x * alpha }
        }

        #[inline(always)]
        pub(crate) fn leaky_relu_derivative(x: $t, alpha: $t) -> $t {
            let d = if x > 0.0 { 1.0 } else { alpha };
            if x.is_nan() { x } else { d }
        }
    };
}

/// 2√(2/π) and 0.044715·2√(2/π), each as a double-double (hi + lo).
const TWO_SQRT_2_OVER_PI: (f64, f64) = (1.595_769_121_605_730_8, -9.969_308_809_110_92e-17);
const CUBIC: (f64, f64) = (0.044_715, 2.196_021_142_708_559_5e-18);

/// w = 2√(2/π)·a·(1 + 0.044715a²) = a·(K + K′·a²) for an `f32` a ∈ [0, 11]
/// (K = 2√(2/π), K′ = 0.044715·K), as w_hi + w_lo to about 2⁻⁴⁰ relative,
/// far below what `f32` resolves even after e^w magnifies it 100-fold — and
/// eight lanes wide, where computing in `f64` would halve the width. a² and
/// the products are split exactly by FMA; the one sum, g = K + K′a², is
/// made exact by adding 8 to K: K + 8 ∈ [8, 16) is never smaller in
/// exponent than K′a² (at most 8.7), so g + 8 = RN(K + 8 + K′a²) loses
/// exactly the part that Fast2Sum recovers with two subtractions, and
/// taking 8 away again is exact — three operations where TwoSum takes six.
/// At a = 11, w = 112.5: e^(−w) times any a rounds to 0, and the
/// exponential needs no clamp.
#[inline(always)]
fn gelu_tanh_argument_f32(a: f32) -> (f32, f32) {
    const K8: f32 = (TWO_SQRT_2_OVER_PI.0 + 8.0) as f32;
    // K − (K8 − 8), the part of K that K8 does not hold.
    const K8_LO: f32 = ((TWO_SQRT_2_OVER_PI.0 - (K8 as f64 - 8.0)) + TWO_SQRT_2_OVER_PI.1) as f32;
    const KC: (f32, f32) = split_f32((TWO_SQRT_2_OVER_PI.0 * CUBIC.0, 0.0));
    let s = a * a;
    let s_lo = a.mul_add(a, -s);
    let b = KC.0 * s;
    let b_lo = KC.0.mul_add(s, -b);
    let g8 = K8 + b;
    let b_rest = b - (g8 - K8); // Fast2Sum: g8 + b_rest = K8 + b exactly
    let g = g8 - 8.0;
    let g_lo = (b_rest + b_lo) + KC.0.mul_add(s_lo, KC.1.mul_add(s, K8_LO));
    let w = a * g;
    let w_lo = a.mul_add(g_lo, a.mul_add(g, -w));
    (w, w_lo)
}

/// A double-double constant as two `f32`: the high part rounded, the rest.
const fn split_f32((hi, lo): (f64, f64)) -> (f32, f32) {
    let h = hi as f32;
    (h, ((hi - h as f64) + lo) as f32)
}

/// The same w for an `f64` a = |x|, in double-double arithmetic (error-free
/// products by FMA): its error stays far below an `f64` ULP of e^w even at
/// |w| = 745.
#[inline(always)]
fn gelu_tanh_argument_f64(x: f64) -> (f64, f64) {
    // x² = s + s_lo exactly.
    let s = x * x;
    let s_lo = x.mul_add(x, -s);
    // a = 0.044715·x²
    let a = CUBIC.0 * s;
    let a_lo = CUBIC.0.mul_add(s, -a) + CUBIC.0.mul_add(s_lo, CUBIC.1 * s);
    // t = 1 + a (TwoSum: a may exceed 1)
    let t = 1.0 + a;
    let t_part = t - 1.0;
    let t_lo = ((1.0 - (t - t_part)) + (a - t_part)) + a_lo;
    // m = t·x
    let m = t * x;
    let m_lo = t.mul_add(x, -m) + t_lo * x;
    // w = m·2√(2/π)
    let (k, k_lo) = TWO_SQRT_2_OVER_PI;
    let w = m * k;
    let w_lo = m.mul_add(k, -w) + m.mul_add(k_lo, m_lo * k);
    (w, w_lo)
}

// ANCHOR: gelu_tail_f32
/// The tail Φ(−a) = e^(−a²/2)·R(a) of the exact GELU kernel, `f32`: R(a)
/// piece by piece, a polynomial of degree 7 in t = a − CENTER on each of
/// eight pieces of [0, A]. The piece of a is its *slot*, bits 22 to 24 of
/// the `f32` a + 1 — the last two bits of its exponent and the first of its
/// mantissa — so that each binade of a + 1 is cut in two: a ∈ [0, ½), [½,
/// 1), [1, 2), [2, 3), [3, 5), [5, 7), [7, 11), [11, A], narrow where R
/// bends most. No division, and the piece at 0 is the series: its center
/// is 0 and its constant term ½, so for the tiniest a, R = ½ − a/√(2π)
/// exactly rounded. The slot indexes the tables directly; eight entries are
/// what AVX2's `vpermps` picks from in one instruction per coefficient
/// (see `slice::gelu_tail`). The constants come from
/// `xtask/scripts/gelu_tail_fit.py` (f32: 8 pieces of degree 7; rounded coefficients: largest relative error 3.85e-08 on [0, 14.5]).
#[allow(clippy::excessive_precision, clippy::approx_constant)]
pub(crate) mod gelu_tail_f32 {
    use super::f32k;
    use crate::slice::exp::{Scaled, TINY_F32, exp_minus_sum_f32};

    /// Beyond ±A, gelu(x) rounds to x or to −0 (gelu(−14.5) ≈ −9·10⁻⁴⁷).
    pub const A: f32 = 14.5;

    /// The piece of a ∈ [0, A] (or NaN, for which any slot will do).
    #[inline(always)]
    pub fn slot(a: f32) -> usize {
        ((a + 1.0).to_bits() >> 22) as usize & 7
    }

    /// R(a) for 0 ≤ a ≤ A, by Horner's rule in t = a − CENTER, which is
    /// exact (CENTER is 0, or within a factor 2 of every a of its piece).
    #[inline(always)]
    pub fn tail(a: f32) -> f32 {
        let slot = slot(a);
        let t = a - CENTER[slot];
        let mut p = P[0][slot];
        for row in &P[1..] {
            p = p.mul_add(t, row[slot]);
        }
        p
    }

    /// Stage one: R(a), twice (stage two reads the first).
    #[inline(always)]
    pub fn first(a: f32) -> (f32, f32) {
        let r = tail(a);
        (r, r)
    }
    // ANCHOR_END: gelu_tail_f32

    // ANCHOR: gelu_second_f32
    /// Stage two: gelu(x) from R(a), a = |x| clamped to A.
    #[inline(always)]
    pub fn second(x: f32, a: f32, r: f32, _: f32) -> f32 {
        // e^(−a²/2) = (1 + t)·2ⁿ with h + h_lo = a²/2 exactly: h_lo
        // joins the exponential's reduced argument (as w_lo does in the
        // tanh GELU), and t is e^r − 1 before rounding. a/2 is exact (for
        // a subnormal a, a²/2 rounds to 0 either way), so a²/2 takes three
        // operations, not four (a², its error, and both halved). a²/2 is
        // at most 105.2, so the exponential needs no clamp.
        let half = 0.5 * a;
        let h = half * a;
        let h_lo = half.mul_add(a, -h);
        let Scaled { t, s: scale, .. } = exp_minus_sum_f32(h, h_lo);
        // m = R·e^(−a²/2)/2ⁿ = r + r·t, rounded once.
        let m = r.mul_add(t, r);
        // a·Φ(−a) = a·m·2ⁿ, scaled by 2ⁿ⁺⁶⁴ first (exact, and computed
        // alongside m rather than after it on the dependency chain; for a
        // subnormal a it also keeps a·m from rounding in the subnormal
        // range) and by 2⁻⁶⁴ in the FMA, so that a subnormal result is
        // rounded once; taken from max(x, z) as in SiLU (z a zero with x's
        // sign bit): x − a·Φ(−a) for x > 0, −a·Φ(−a) for x ≤ 0. a is
        // clamped to A: beyond, a·Φ(−a) rounds to 0, so the result is −0
        // or x without a select of its own.
        (-(a * scale * m)).mul_add(TINY_F32, f32k::positive_part(x))
    }
    // ANCHOR_END: gelu_second_f32

    /// The centers of the pieces, by slot.
    pub const CENTER: [f32; 8] = [
        1.507324219e+00,
        2.491455078e+00,
        4.009033203e+00,
        5.975341797e+00,
        9.031005859e+00,
        1.297924805e+01,
        0.000000000e+00,
        7.648925781e-01,
    ];
    /// The coefficients of tᵏ, highest power first; one column per slot.
    pub const P: [[f32; 8]; 8] = [
        [
            -1.041909782e-04,
            -1.419034652e-05,
            -1.366345714e-06,
            -1.062848796e-07,
            -6.643282813e-09,
            -4.864613712e-10,
            -1.962811453e-03,
            -6.685986300e-04,
        ],
        [
            3.763129353e-04,
            6.479593139e-05,
            7.481949524e-06,
            7.956891750e-07,
            6.453301182e-08,
            5.619550603e-09,
            9.100097232e-03,
            1.702017849e-03,
        ],
        [
            -1.249613706e-03,
            -2.609934018e-04,
            -3.712215403e-05,
            -5.345180398e-06,
            -5.785466328e-07,
            -7.372008071e-08,
            -2.607194521e-02,
            -5.014280323e-03,
        ],
        [
            4.062369466e-03,
            1.028442755e-03,
            1.907924598e-04,
            3.647679114e-05,
            5.585208783e-06,
            9.938279391e-07,
            6.238146871e-02,
            1.397953182e-02,
        ],
        [
            -1.237726770e-02,
            -3.866047598e-03,
            -9.517827420e-04,
            -2.447467123e-04,
            -5.344942110e-05,
            -1.327213977e-05,
            -1.329661012e-01,
            -3.584081307e-02,
        ],
        [
            3.491367772e-02,
            1.374689210e-02,
            4.580049776e-03,
            1.608449733e-03,
            5.050858017e-04,
            1.762332395e-04,
            2.499991208e-01,
            8.333322406e-02,
        ],
        [
            -8.975785226e-02,
            -4.584804177e-02,
            -2.121673897e-02,
            -1.034527365e-02,
            -4.721704870e-03,
            -2.327189082e-03,
            -3.989422619e-01,
            -1.712618023e-01,
        ],
        [
            2.051213831e-01,
            1.417220980e-01,
            9.421861172e-02,
            6.503343582e-02,
            4.365190119e-02,
            3.055763245e-02,
            5.000000000e-01,
            2.976633310e-01,
        ],
    ];
}

/// The exact GELU kernel in `f64`: R(a) = q·P(u), q = 1/(a + K), u = q − Q0,
/// for 0 ≤ a ≤ A, and everything after it in double-double (unevaluated
/// sums hi + lo), so that the result is rounded about once. The constants
/// come from `xtask/scripts/gelu_tail_fit.py` (f64: A = 40, K = 6, degree 24; rounded coefficients: largest relative error 3.97e-18 on [0, A]).
///
/// Why double-double: P's terms fall off slowly (each about 0.7 of the
/// one before), so plain Horner's rule loses up to 2.6 ULP of R; the
/// exponential's reduced argument and its polynomial each lose up to half
/// an ULP; and R·e^(−a²/2), a times that and the final subtraction each
/// round again. Rounded in `f64` one after the other, these took the kernel
/// up to 5 steps from the scalar function. Carried as hi + lo, they leave
/// the error of the final rounding and a few hundredths: within 0.6 ULP of
/// the exact value wherever it is a normal number (sampled against mpmath;
/// 0.74 at the edge of the subnormal range), and at most 2 steps from the
/// scalar function, which is itself up to 1.5 ULP off for x < −4. The
/// price is about 90 more operations per element (twice the time), which
/// `f64` can afford: the speed targets are `f32`'s.
#[allow(clippy::excessive_precision, clippy::approx_constant)]
pub(crate) mod gelu_tail_f64 {
    use crate::double_double::{Dd, fast_two_sum, two_prod, two_sum};
    use crate::slice::exp::{TINY_F64, exp_minus_sum_split_f64};

    /// Beyond ±A, gelu(x) rounds to x or to −0.
    pub const A: f64 = 40.0;
    /// P(u) = low(u) + u^L·high(u), low of degree L − 1, L = 2^LOG2_LOW
    /// (see `first`).
    pub const LOG2_LOW: u32 = 3;
    pub const K: f64 = 6.00000000000000000e+00;
    /// The middle of q's range [1/(A + K), 1/K]; u = q − Q0.
    pub const Q0: f64 = 9.42028985507246397e-02;
    /// P(u), highest power first.
    pub const P: [f64; 25] = [
        -1.79878085305813380e+16,
        2.03642190997401850e+15,
        1.03007965104078838e+15,
        -1.84318627929189031e+14,
        -4.92112549880896797e+13,
        9.82800535595181055e+12,
        2.85750814814191797e+12,
        -3.81111811084339539e+11,
        -1.86200555809621613e+11,
        3.82486906078585291e+09,
        1.15532434048806705e+10,
        1.47759194152953291e+09,
        -4.86225825988403141e+08,
        -2.06576377440759987e+08,
        -1.84873580110684708e+07,
        1.01827981775257811e+07,
        5.36689248797264043e+06,
        1.53167626712639211e+06,
        3.24387301600919745e+05,
        5.57146828599019500e+04,
        8.07360355795557280e+03,
        1.00805364223933987e+03,
        1.09731793436592966e+02,
        1.04781479059063027e+01,
        8.79469953386026182e-01,
    ];

    // ANCHOR: gelu_tail_f64
    /// Stage one: R(a) = r + r_lo for 0 ≤ a ≤ A.
    #[inline(always)]
    pub fn first(a: f64) -> (f64, f64) {
        // q + q_lo = 1/(a + K): d + d_lo = a + K exactly, then one Newton
        // step with the exact remainder 1 − q·d. K has a few significant
        // bits, so it is a multiple of a's last place whenever a ≥ K, and
        // for a < K its exponent is not the smaller: d − K is exact either
        // way, and the rounding error d_lo takes two subtractions
        // (Fast2Sum), not TwoSum's four.
        let d = a + K;
        let d_lo = a - (d - K);
        let q = 1.0 / d;
        let q_lo = (-q).mul_add(d_lo, (-q).mul_add(d, 1.0)) * q;
        // u + u_lo = q + q_lo − Q0 (q − Q0 is exact while q ≥ Q0/2, by
        // Sterbenz's lemma, but not beyond).
        let Dd { hi: u, lo: u_lo } = two_sum(q, -Q0);
        let u_lo = u_lo + q_lo;
        // P(u) = low(u) + u⁸·high(u), low of degree 7 (L = 8). low carries
        // nearly all of P, so it is summed with its rounding errors
        // (compensated Horner's rule): each step's product and sum errors
        // (TwoProd, TwoSum) and its share of u_lo go into c, itself
        // evaluated by Horner's rule, and low(u + u_lo) = p + c to far
        // below an ULP. u⁸·high(u) is at most about 1 % of P, so its roundings
        // hardly count, and the two parts run side by side, which keeps
        // the chain of dependent operations short.
        let split = P.len() - (1 << LOG2_LOW);
        let mut high = P[0];
        for coefficient in &P[1..split] {
            high = high.mul_add(u, *coefficient);
        }
        let mut p = P[split];
        let mut c = 0.0_f64;
        for coefficient in &P[split + 1..] {
            let product = two_prod(p, u);
            let sum = two_sum(product.hi, *coefficient);
            c = c.mul_add(u, p.mul_add(u_lo, product.lo + sum.lo));
            p = sum.hi;
        }
        let mut power = u;
        for _ in 0..LOG2_LOW {
            power = power * power;
        }
        let sum = two_sum(p, power * high);
        let (p, c) = (sum.hi, sum.lo + c);
        // R = (q + q_lo)·(p + c).
        let r = two_prod(q, p);
        (r.hi, r.lo + q.mul_add(c, q_lo * p))
    }

    /// Stage two: gelu(x) from R(a) = r + r_lo, a = |x| clamped to A.
    #[inline(always)]
    pub fn second(x: f64, a: f64, r: f64, r_lo: f64) -> f64 {
        // h + h_lo = a²/2 exactly (a/2 is exact; for a subnormal a, a²/2
        // rounds to 0 either way), and e^(−a²/2) = (1 + t + t_lo)·2ⁿ.
        let half = 0.5 * a;
        let h = half * a;
        let h_lo = half.mul_add(a, -h);
        let (t, t_lo, scale) = exp_minus_sum_split_f64(h, h_lo);
        // m + m_lo = R·(1 + t + t_lo); |t| < 0.42, so |r| ≥ |r·t| and
        // Fast2Sum applies.
        let rt = two_prod(r, t);
        let m = fast_two_sum(r, rt.hi);
        let m_lo = m.lo + rt.lo + r.mul_add(t_lo, r_lo * (1.0 + t));
        // a·Φ(−a)·2⁵¹² = am + am_lo: a·2ⁿ⁺⁵¹² is exact (and a normal
        // number, even for a subnormal a), and so is TwoProd's split.
        let scaled = a * scale;
        let am = two_prod(scaled, m.hi);
        let am_lo = scaled.mul_add(m_lo, am.lo);
        // x − a·Φ(−a) for x > 0, −a·Φ(−a) for x ≤ 0, rounded once: the
        // product by 2⁻⁵¹² is exact unless the result is subnormal, and
        // then am_lo·2⁻⁵¹² is far below its last place anyway. The sign
        // is x's (for x = −0, and where −a·Φ(−a) rounds to −0).
        let positive = if x > 0.0 { x } else { 0.0 };
        let difference = two_sum(positive, -(am.hi * TINY_F64));
        let low = difference.lo - am_lo * TINY_F64;
        let y = (difference.hi + low).copysign(x);
        // Beyond A the result is x; for x = ∞, TwoSum would give ∞ − ∞.
        if x > A { x } else { y }
    }
    // ANCHOR_END: gelu_tail_f64
}

pub(crate) mod f32k {
    use super::*;
    element_kernels!(
        f32,
        exp_minus_f32,
        exp_minus_sum_f32,
        exp_minus_twice_f32,
        TINY_F32,
        expm1_neg_f32,
        false,
        gelu_tanh_argument_f32,
        gelu_tail_f32,
        11.0,
        110.0
    );
}

pub(crate) mod f64k {
    use super::*;
    element_kernels!(
        f64,
        exp_minus_f64,
        exp_minus_sum_f64,
        exp_minus_twice_f64,
        TINY_F64,
        expm1_neg_f64,
        true,
        gelu_tanh_argument_f64,
        gelu_tail_f64,
        40.0,
        800.0
    );
}

#[cfg(test)]
mod tests {
    /// `rough_reciprocal` is within 1/99 of 1/d on [1, 2], relative, and
    /// reaches it: the minimax quadratic equioscillates.
    #[test]
    fn rough_reciprocal_is_within_one_ninety_ninth() {
        for (worst, name) in [
            (
                (0..=100_000)
                    .map(|i| 1.0 + f64::from(i) / 100_000.0)
                    .map(|d| (d * super::f64k::rough_reciprocal(d) - 1.0).abs())
                    .fold(0.0, f64::max),
                "f64",
            ),
            (
                (0..=100_000)
                    .map(|i| 1.0 + i as f32 / 100_000.0)
                    .map(|d| f64::from(d) * f64::from(super::f32k::rough_reciprocal(d)) - 1.0)
                    .map(f64::abs)
                    .fold(0.0, f64::max),
                "f32",
            ),
        ] {
            assert!(worst < 1.0 / 99.0 + 1e-6, "{name}: {worst}");
            assert!(worst > 1.0 / 99.0 - 1e-6, "{name}: {worst}");
        }
    }
}
