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
    ($t:ident, $exp:ident, $expm1:ident, $corrected_tanh:literal) => {
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

pub(crate) mod f32k {
    use super::*;
    element_kernels!(f32, exp_neg_f32, expm1_neg_f32, false);
}

pub(crate) mod f64k {
    use super::*;
    element_kernels!(f64, exp_neg_f64, expm1_neg_f64, true);
}
