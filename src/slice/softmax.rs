//! Row-wise softmax, fused: three passes over a row that stays in L1 cache.
//!
//! numpy's `e = np.exp(x - x.max(axis=1, keepdims=True)); e / e.sum(axis=1,
//! keepdims=True)` makes five passes over the whole matrix (max, subtract,
//! exp, sum, divide), four of them writing a temporary array of the full size
//! to memory. Here each input row is (1) scanned for its maximum, (2) written
//! to the output as e^(x − max) up to a constant factor, whose sum (3) is
//! taken, and (4) scaled — a
//! row of 1000 `f32` is 4 kB, so passes 2 to 4 never leave the L1 cache, and
//! the matrix crosses the memory bus once each way.
//!
//! **Vectorising reductions.** LLVM will not vectorise `sum += e` on its own:
//! that would reorder floating-point additions. The accumulators are therefore
//! written as 16 explicit lanes (`[T; LANES]`), which it maps onto registers.
//!
//! **Accuracy.** Subtracting the maximum m rounds: x − m = d + δ, and
//! e^(d + δ) = e^d·(1 + δ) turns the absolute error δ into a *relative*
//! error of the result — dozens of ULP once |d| is large. The scalar code
//! recovers δ (TwoSum) and puts it back in, and so does the `f64` kernel.
//! The `f32` kernel rounds nothing in the first place. Softmax does not
//! need m itself — any shift of the row gives the same quotients — so a
//! row whose maximum is moderate is not shifted at all: it computes
//! e^x·2⁻ᴺ, the power of two only lowering the exponent the exponential
//! builds anyway; a row whose maximum is large subtracts m, and that
//! subtraction is exact for every x whose e^(x − m) does not underflow
//! ([`row_scale_f32`]). That saves TwoSum's five operations and the
//! correction. The scalar `f32` softmax computes in `f64`; here the
//! exponentials stay in `f32` (16 lanes, not 8), but the sum is accumulated
//! in `f64`, so its error does not grow with the row length, and the final
//! scaling multiplies by 1/Σe held as two `f32` (h + l, 48 bits) with one
//! FMA, so each probability is rounded once. `f64` rows sum with per-lane
//! compensation (Kahan–Babuška) instead.
//!
//! **Special values.** A row containing NaN or ±∞ is rare and has several
//! special cases (NaN everywhere, the limit for one +∞, NaN for several);
//! the first pass notices them, and they are handed to the scalar
//! [`crate::softmax`], so the results are the same by construction.

use super::exp::{RowScale, Scaled, TINY_F64, exp_f32, exp_minus_sum_split_f64};
use crate::double_double::{Dd, fast_two_sum, two_sum};
use crate::online_softmax::ln_dd;

const LANES: usize = 16;

/// The row's maximum, and whether the row holds NaN or ±∞ (then the maximum
/// is meaningless). Both are integer maxima, which LLVM vectorises as one
/// plain loop (it will not reorder a floating-point reduction): the test for
/// NaN and ±∞ looks at the bits without the sign (they are the largest such
/// patterns), and the maximum compares *ordered keys* — the bits as a signed
/// integer with, for x < 0, the magnitude bits flipped, which sort as the
/// numbers do. The map from bits to keys is its own inverse.
macro_rules! max_and_special {
    ($row:expr, $t:ty, $bits:ty, $signed:ty) => {{
        const MAGNITUDE: $bits = <$bits>::MAX >> 1;
        let key = |i: $signed| i ^ ((((i >> (<$bits>::BITS - 1)) as $bits) >> 1) as $signed);
        let row: &[$t] = $row;
        let (k, largest) = row.iter().fold((<$signed>::MIN, 0), |(k, largest), x| {
            let b = x.to_bits();
            (k.max(key(b as $signed)), largest.max(b & MAGNITUDE))
        });
        (
            <$t>::from_bits(key(k) as $bits),
            largest >= <$t>::INFINITY.to_bits(),
        )
    }};
}

/// The scalar softmax of a row with NaN or ±∞ in it, written to `row`.
#[cold]
fn special_row<T: crate::Float>(input: Option<&[T]>, row: &mut [T]) {
    let p = crate::softmax(input.unwrap_or(row));
    row.copy_from_slice(&p);
}

/// `row[i] = f(x[i])`, with x = `input` or, without one, `row` itself. The
/// loop runs over a whole number of [`LANES`], and the last few elements go
/// through a copy padded with `pad`: LLVM's own tail — a second vectorised
/// loop and a scalar one — cost a row of 1000 as much as a tenth of its
/// time. (Written as plain loops over elements: a loop over chunks of LANES
/// with an inner loop led LLVM to vectorise across the chunks, with gathers.)
#[inline(always)]
fn lanes<T: Copy>(input: Option<&[T]>, row: &mut [T], pad: T, f: impl Fn(T) -> T + Copy) {
    let whole = row.len() / LANES * LANES;
    let (body, tail) = row.split_at_mut(whole);
    match input {
        Some(input) => {
            for (y, &x) in body.iter_mut().zip(&input[..whole]) {
                *y = f(x);
            }
        }
        None => {
            for y in body.iter_mut() {
                *y = f(*y);
            }
        }
    }
    if !tail.is_empty() {
        let mut x = [pad; LANES];
        x[..tail.len()].copy_from_slice(input.map_or(&*tail, |input| &input[whole..]));
        for x in x.iter_mut() {
            *x = f(*x);
        }
        tail.copy_from_slice(&x[..tail.len()]);
    }
}

// ANCHOR: softmax_f32
/// How a row with maximum m computes its exponentials: as e^(y − N·ln 2)
/// with y = x or y = x − m — a difference that is exact, so that no
/// rounding error needs to be put back in — and N an integer. Returns
/// whether to subtract m, and the clamp and N for [`exp_f32`].
/// - For |m| ≤ 256 nothing is subtracted and N = round(m/ln 2): the largest
///   value e^(m − N·ln 2) lies in [0.7, 1.42], and with |y| ≤ 376 the
///   exponential's range reduction is exact to 2⁻²⁸.
/// - Beyond, y = x − m and N = 0. Where e^(x − m) does not underflow, x lies
///   within 120 of m, so both are at least 136 in size, multiples of 2⁻¹⁶,
///   and their difference — below 2⁷ — fits in 24 bits.
///
/// 120 below the largest y every result rounds to 0, and y is clamped
/// there: that keeps 2ⁿ⁻ᴺ⁺⁶⁴ a normal number.
#[inline(always)]
fn row_scale_f32(m: f32) -> (bool, RowScale<f32, u32>) {
    let subtract = m.abs() > 256.0;
    let largest = if subtract { 0.0 } else { m };
    let big_n = (largest * std::f32::consts::LOG2_E).round();
    (subtract, RowScale::new_f32(largest - 120.0, big_n as i32))
}

/// e^(y − N·ln 2)·2⁶⁴ = p·s: the factor 2⁶⁴ keeps every value a normal
/// number, and the final scaling removes it, so that a subnormal
/// probability is rounded once. (A function, not a closure: a closure LLVM
/// declines to inline is compiled without FMA.)
#[inline(always)]
fn scaled_exp_f32(y: f32, scale: RowScale<f32, u32>) -> f32 {
    let Scaled { p, s, .. } = exp_f32(y, scale);
    p * s
}

/// Softmax of one `f32` row: of `input` into `row`, or of `row` in place.
#[inline(always)]
pub(crate) fn softmax_row_f32(input: Option<&[f32]>, row: &mut [f32]) {
    let (m, special) = max_and_special!(input.unwrap_or(row), f32, u32, i32);
    if special {
        return special_row(input, row);
    }
    // Pass 2: e = e^(y − N·ln 2)·2⁶⁴, in one of two loops (so that the loop
    // without the subtraction does not subtract 0).
    let (subtract, scale) = row_scale_f32(m);
    if subtract {
        lanes(input, row, m, |x| scaled_exp_f32(x - m, scale));
    } else {
        lanes(input, row, m, |x| scaled_exp_f32(x, scale));
    }
    // Pass 3: Σe in 16 lanes of f64. No partial sum exceeds Σe, so each
    // addition is off by at most 2⁻⁵³·Σe, and a row of a million elements
    // sums to 2⁻³³ relative, far below an f32 ULP.
    let mut sum = [0.0_f64; LANES];
    let mut chunks = row.chunks_exact(LANES);
    for chunk in &mut chunks {
        for j in 0..LANES {
            sum[j] += f64::from(chunk[j]);
        }
    }
    let total: f64 = sum.iter().sum::<f64>()
        + chunks
            .remainder()
            .iter()
            .map(|&e| f64::from(e))
            .sum::<f64>();
    // Pass 4: p = e / Σe, as e·(h + l) with 1/Σe = h + l to 48 bits (h its
    // f32 rounding, l the rest; 1/Σe includes the factor 2⁻⁶⁴): one FMA,
    // one rounding, in f32 lanes.
    let inverse = 1.0 / total;
    let (h, l) = (inverse as f32, (inverse - f64::from(inverse as f32)) as f32);
    lanes(None, row, 0.0, |e| e.mul_add(h, e * l));
}
// ANCHOR_END: softmax_f32

/// e^(x − m − shift)·2⁵¹² = hi + lo, for x ≤ m and shift = ln Σ ≥ 0 (or
/// 0), from [`exp_minus_sum_split_f64`]'s (1 + t + t_lo)·s, with 1 + t split
/// exactly by Fast2Sum (|t| < ½). m − x is exact as a double-double
/// (TwoSum), and so, to about 2⁻¹⁰⁶, is the whole argument; beyond 1000
/// (where the result is 0; also for m − x = ∞ or NaN, from ∞ − ∞ when
/// m − x overflows) it is clamped, which keeps s a normal number.
#[inline(always)]
fn split_exp_f64(x: f64, m: f64, shift: Dd) -> (f64, f64) {
    let d = two_sum(m, -x);
    let a = two_sum(d.hi, shift.hi);
    let lo = a.lo + (d.lo + shift.lo);
    let keep = a.hi <= 1000.0;
    let (t, t_lo, s) = exp_minus_sum_split_f64(
        if keep { a.hi } else { 1000.0 },
        if keep { lo } else { 0.0 },
    );
    let one_plus_t = fast_two_sum(1.0, t);
    (one_plus_t.hi * s, (one_plus_t.lo + t_lo) * s)
}

// ANCHOR: softmax_f64
/// Softmax of one `f64` row: of `input` into `row`, or of `row` in place.
///
/// `f64` has no wider type to sum in, and dividing a rounded e^(x − m) by a
/// rounded sum costs up to 2.2 ULP (the exponential's rounding, its
/// argument's, the division's). So each probability is computed as one
/// exponential, pᵢ = e^(xᵢ − m − ln Σ): pass 2 takes Σ = Σⱼ e^(xⱼ − m) in
/// double-double (each term to about 2⁻⁵⁸, summed with per-lane
/// compensation, Kahan–Babuška), ln Σ is taken once per row to about 100
/// bits, and pass 4 evaluates the exponential again with its argument in
/// double-double and rounds once: within about 0.6 ULP. That is two
/// exponentials per element instead of one and a division, and the row is
/// written once instead of twice.
#[inline(always)]
pub(crate) fn softmax_row_f64(input: Option<&[f64]>, row: &mut [f64]) {
    let (m, special) = max_and_special!(input.unwrap_or(row), f64, u64, i64);
    if special {
        return special_row(input, row);
    }
    // Pass 2 (and 3): Σ e^(x − m) = total + total_lo, each term as hi + lo.
    let mut sum = [0.0_f64; LANES];
    let mut compensation = [0.0_f64; LANES];
    let add = |sum: &mut f64, compensation: &mut f64, e: f64| {
        let t = *sum + e;
        let e_part = t - *sum;
        *compensation += (*sum - (t - e_part)) + (e - e_part);
        *sum = t;
    };
    let term = |x: f64| {
        let (e, e_lo) = split_exp_f64(x, m, Dd::from_f64(0.0));
        (e * TINY_F64, e_lo * TINY_F64)
    };
    let x = input.unwrap_or(row);
    let mut chunks = x.chunks_exact(LANES);
    for chunk in &mut chunks {
        for j in 0..LANES {
            let (e, e_lo) = term(chunk[j]);
            add(&mut sum[j], &mut compensation[j], e);
            compensation[j] += e_lo;
        }
    }
    for &x in chunks.remainder() {
        let (e, e_lo) = term(x);
        add(&mut sum[0], &mut compensation[0], e);
        compensation[0] += e_lo;
    }
    let (mut total, mut total_compensation) = (0.0, 0.0);
    for j in 0..LANES {
        add(&mut total, &mut total_compensation, sum[j]);
        total_compensation += compensation[j];
    }
    // Σ ≥ 1 (the largest term is e⁰ = 1), so ln Σ ≥ 0.
    let shift = ln_dd(fast_two_sum(total, total_compensation));
    // Pass 4: p = e^(x − m − ln Σ), rounded once (in one FMA, so that a
    // subnormal p is rounded once too).
    lanes(input, row, m, |x| {
        let (p, p_lo) = split_exp_f64(x, m, shift);
        p.mul_add(TINY_F64, p_lo * TINY_F64)
    });
}
// ANCHOR_END: softmax_f64
