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
//! (`div_one_plus` in sigmoid.rs), the rounding error `lo` of the denominator
//! is recovered exactly (Fast2Sum), and one Newton step with the exact FMA
//! remainder folds it and the quotient's own error back in. The step reuses
//! the reciprocal 1/d, so each kernel still performs a single division.

use super::exp::{ExpParts, exp_neg_f32, exp_neg_f64, expm1_neg_f32, expm1_neg_f64};

macro_rules! element_kernels {
    ($t:ident, $exp:ident, $expm1:ident, $corrected_tanh:literal, $gelu_tanh_argument:path, $cut:literal, $silu_cut:literal) => {
        /// n / (d + lo), |lo| ≪ d: q = n·(1/d), then one Newton step.
        #[inline(always)]
        fn corrected_quotient(n: $t, d: $t, lo: $t) -> $t {
            let r = 1.0 / d;
            let q = n * r;
            let remainder = (-q).mul_add(d, n); // n − q·d, exactly
            (remainder - q * lo).mul_add(r, q)
        }

        // ANCHOR: sigmoid
        /// σ(x): 1/(1 + e^(−x)) for x ≥ 0, e^x/(1 + e^x) for x < 0, with
        /// u = e^(−|x|) and, for x < 0, the scaling by 2ⁿ done after the
        /// division (a subnormal σ is rounded once).
        #[inline(always)]
        pub(crate) fn sigmoid(x: $t) -> $t {
            let ExpParts { p, s1, s2 } = $exp(-x.abs());
            let u = p * s1 * s2;
            let negative = x < 0.0;
            let d = 1.0 + u;
            let lo = (1.0 - d) + u;
            let q = corrected_quotient(if negative { p } else { 1.0 }, d, lo);
            if negative { q * s1 * s2 } else { q }
        }
        // ANCHOR_END: sigmoid

        /// σ′(x) = u/(1 + u)² with u = e^(−|x|): no subtraction at all.
        #[inline(always)]
        pub(crate) fn sigmoid_derivative(x: $t) -> $t {
            let ExpParts { p, s1, s2 } = $exp(-x.abs());
            let u = p * s1 * s2;
            let d = 1.0 + u;
            let lo = (1.0 - d) + u;
            let square = d * d;
            let square_lo = d.mul_add(d, -square) + (d + d) * lo;
            corrected_quotient(p, square, square_lo) * s1 * s2
        }

        // ANCHOR: tanh
        /// tanh(x) = sign(x)·(−E)/(2 + E) with E = e^(−2|x|) − 1 ∈ [−1, 0]:
        /// expm1 has no cancellation near 0, and 2 + E ∈ [1, 2] none either.
        /// In `f32` the plain division is already within 2 ULP of the scalar
        /// function, and the five operations of the correction would cost a
        /// tenth of the kernel's time; `f64` needs the correction.
        #[inline(always)]
        pub(crate) fn tanh(x: $t) -> $t {
            let e = $expm1(-2.0 * x.abs());
            let d = 2.0 + e;
            // E/(2 + E) ≤ 0 is −tanh|x|; `copysign` sets the sign anyway, so
            // the negation is left out.
            let t = if $corrected_tanh {
                corrected_quotient(e, d, (2.0 - d) + e)
            } else {
                e / d
            };
            t.copysign(x)
        }
        // ANCHOR_END: tanh

        /// tanh′(x) = 4u/(1 + u)² with u = e^(−2|x|), scaled after dividing
        /// (so a subnormal u loses nothing: the scalar code's second branch).
        #[inline(always)]
        pub(crate) fn tanh_derivative(x: $t) -> $t {
            let ExpParts { p, s1, s2 } = $exp(-2.0 * x.abs());
            let u = p * s1 * s2;
            let d = 1.0 + u;
            let lo = (1.0 - d) + u;
            let square = d * d;
            let square_lo = d.mul_add(d, -square) + (d + d) * lo;
            corrected_quotient(4.0 * p, square, square_lo) * s1 * s2
        }

        /// x·σ(w) for a w given as `w_hi + w_lo` (|w_lo| ≪ |w_hi|), with w of the
        /// sign of x: for x ≥ 0 it is x/(1 + u), for x < 0 x·u/(1 + u), with
        /// u = e^(−|w|) = e^(−|w_hi|)·(1 − sign(w)·w_lo) — the low part enters
        /// as one FMA on the polynomial — and, for x < 0, x times the
        /// polynomial divided before the scaling by 2ⁿ, so a result in the
        /// subnormal range is rounded once.
        #[inline(always)]
        fn times_sigmoid(x: $t, w_hi: $t, w_lo: $t) -> $t {
            let negative = x < 0.0;
            let ExpParts { p, s1, s2 } = $exp(-w_hi.abs());
            let p = p.mul_add(if negative { w_lo } else { -w_lo }, p);
            let u = p * s1 * s2;
            let d = 1.0 + u;
            let lo = (1.0 - d) + u;
            let q = corrected_quotient(if negative { x * p } else { x }, d, lo);
            if negative { q * s1 * s2 } else { q }
        }

        // ANCHOR: silu
        /// silu(x) = x·σ(x); beyond ±`$silu_cut`, where x·eˣ rounds to 0 and
        /// x·σ(x) to x (and the exponential's clamp would no longer give eˣ,
        /// nor ∞ − ∞ the limit), −0 and x.
        #[inline(always)]
        pub(crate) fn silu(x: $t) -> $t {
            let y = times_sigmoid(x, x, 0.0);
            if x < -$silu_cut {
                -0.0
            } else if x > $silu_cut {
                x
            } else {
                y
            }
        }
        // ANCHOR_END: silu

        // ANCHOR: gelu_tanh
        /// gelu_tanh(x) = x·σ(w), w = 2√(2/π)·(x + 0.044715x³): the same as
        /// x·(1 + tanh(w/2))/2. σ(w) ≈ eʷ for x < 0 turns an absolute error of
        /// w into the same relative error of the result, and |w| reaches
        /// about 100 (`f32`) or 745 (`f64`) before the result underflows, so w
        /// is computed with extra bits (see the argument functions). Beyond
        /// ±`$cut` the result is x or −0, exactly as the scalar function's.
        #[inline(always)]
        pub(crate) fn gelu_tanh(x: $t) -> $t {
            let c = if x < -$cut {
                -$cut
            } else if x > $cut {
                $cut
            } else {
                x
            };
            let (w_hi, w_lo) = $gelu_tanh_argument(c);
            let y = times_sigmoid(c, w_hi, w_lo);
            if x < -$cut {
                -0.0
            } else if x > $cut {
                x
            } else {
                y
            }
        }
        // ANCHOR_END: gelu_tanh

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

/// w = 2√(2/π)·x·(1 + 0.044715x²) for an `f32` x, in double-`f32`
/// arithmetic (error-free products by FMA, the constants split in two `f32`
/// parts): relative error about 2⁻⁴⁴, far below what `f32` resolves even after
/// e^w magnifies it 100-fold — and eight lanes wide, where computing in `f64`
/// would halve the width.
#[inline(always)]
fn gelu_tanh_argument_f32(x: f32) -> (f32, f32) {
    const K: (f32, f32) = split_f32(TWO_SQRT_2_OVER_PI);
    const C: (f32, f32) = split_f32(CUBIC);
    let s = x * x;
    let s_lo = x.mul_add(x, -s);
    let a = C.0 * s;
    let a_lo = C.0.mul_add(s, -a) + C.0.mul_add(s_lo, C.1 * s);
    let t = 1.0 + a;
    let t_part = t - 1.0;
    let t_lo = ((1.0 - (t - t_part)) + (a - t_part)) + a_lo;
    let m = t * x;
    let m_lo = t.mul_add(x, -m) + t_lo * x;
    let w = m * K.0;
    let w_lo = m.mul_add(K.0, -w) + m.mul_add(K.1, m_lo * K.0);
    (w, w_lo)
}

/// A double-double constant as two `f32`: the high part rounded, the rest.
const fn split_f32((hi, lo): (f64, f64)) -> (f32, f32) {
    let h = hi as f32;
    (h, ((hi - h as f64) + lo) as f32)
}

/// The same w for an `f64` x, in double-double arithmetic (error-free
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

pub(crate) mod f32k {
    use super::*;
    element_kernels!(
        f32,
        exp_neg_f32,
        expm1_neg_f32,
        false,
        gelu_tanh_argument_f32,
        20.0,
        110.0
    );
}

pub(crate) mod f64k {
    use super::*;
    element_kernels!(
        f64,
        exp_neg_f64,
        expm1_neg_f64,
        true,
        gelu_tanh_argument_f64,
        40.0,
        800.0
    );
}
