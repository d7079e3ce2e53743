//! Row-wise softmax, fused: three passes over a row that stays in L1 cache.
//!
//! numpy's `e = np.exp(x - x.max(axis=1, keepdims=True)); e / e.sum(axis=1,
//! keepdims=True)` makes five passes over the whole matrix (max, subtract,
//! exp, sum, divide), four of them writing a temporary array of the full size
//! to memory. Here each input row is (1) scanned for its maximum, (2) written
//! to the output as e^(x − max), whose sum (3) is taken, and (4) scaled — a row of 1000 `f32` is 4 kB, so passes 2 and 3
//! never leave the L1 cache, and the matrix crosses the memory bus once each
//! way.
//!
//! **Vectorising reductions.** LLVM will not vectorise `sum += e` on its own:
//! that would reorder floating-point additions. The accumulators are therefore
//! written as 16 explicit lanes (`[T; LANES]`), which it maps onto registers.
//!
//! **Accuracy.** The difference x − max is rounded, and e^(d + δ) = e^d·(1 + δ)
//! turns its absolute error δ into a *relative* error of the result — dozens
//! of ULP once |d| is large. As in the scalar code, δ is recovered exactly
//! (TwoSum) and the factor (1 + δ) applied with one FMA. The scalar `f32`
//! softmax computes in `f64`; here the exponentials stay in `f32` (16 lanes,
//! not 8), but the sum is accumulated in `f64` and the final scaling done in
//! `f64`, so the sum's error does not grow with the row length and each
//! probability is rounded to `f32` once. `f64` rows sum with per-lane
//! compensation (Kahan–Babuška) instead.
//!
//! **Special values.** A row containing NaN or ±∞ is rare and has several
//! special cases (NaN everywhere, the limit for one +∞, NaN for several);
//! the first pass notices them, and they are handed to the scalar
//! [`crate::softmax`], so the results are the same by construction.

use super::exp::{exp_neg_f32, exp_neg_f64};

const LANES: usize = 16;

/// The row's maximum, and whether the row holds NaN or ±∞ (then the maximum
/// is meaningless). Both are integer maxima, which LLVM vectorises (it will
/// not reorder a floating-point `max` reduction): the test for NaN and ±∞
/// looks at the bits without the sign (they are the largest such patterns),
/// and the maximum compares *ordered keys* — the bits with the sign bit
/// flipped for x ≥ 0 and all bits flipped for x < 0, which sort as the
/// numbers do.
macro_rules! max_and_special {
    ($row:expr, $t:ty, $bits:ty, $signed:ty) => {{
        const SIGN: $bits = 1 << (<$bits>::BITS - 1);
        const INFINITY: $bits = <$t>::INFINITY.to_bits();
        let row: &[$t] = $row;
        let key = |x: $t| {
            let b = x.to_bits();
            b ^ (((b as $signed) >> (<$bits>::BITS - 1)) as $bits | SIGN)
        };
        let largest = row.iter().map(|x| x.to_bits() & !SIGN).max().unwrap_or(0);
        let k = row.iter().map(|&x| key(x)).max().unwrap_or(0);
        let m = <$t>::from_bits(if k & SIGN != 0 { k ^ SIGN } else { !k });
        (m, largest >= INFINITY)
    }};
}

/// The scalar softmax of a row with NaN or ±∞ in it, written to `row`.
#[cold]
fn special_row<T: crate::Float>(input: Option<&[T]>, row: &mut [T]) {
    let p = crate::softmax(input.unwrap_or(row));
    row.copy_from_slice(&p);
}

// ANCHOR: softmax_f32
/// e^(x − m) with the rounding error δ of x − m put back in: x − m = d + δ
/// exactly (TwoSum), and e^(d + δ) ≈ e^d·(1 + δ). (A function, not a closure:
/// a closure LLVM declines to inline is compiled without FMA.)
#[inline(always)]
fn shifted_exp_f32(x: f32, m: f32) -> f32 {
    let d = x - m;
    let m_part = d - x;
    let delta = (x - (d - m_part)) + (-m - m_part);
    let delta = if d > -200.0 { delta } else { 0.0 }; // x − m = −∞: nothing to correct
    let e = exp_neg_f32(d).value();
    e.mul_add(delta, e)
}

/// Softmax of one `f32` row: of `input` into `row`, or of `row` in place.
#[inline(always)]
pub(crate) fn softmax_row_f32(input: Option<&[f32]>, row: &mut [f32]) {
    let (m, special) = max_and_special!(input.unwrap_or(row), f32, u32, i32);
    if special {
        return special_row(input, row);
    }
    // Pass 2: e^(x − m), corrected for the rounding of x − m.
    match input {
        Some(input) => {
            for (e, &x) in row.iter_mut().zip(input) {
                *e = shifted_exp_f32(x, m);
            }
        }
        None => {
            for x in row.iter_mut() {
                *x = shifted_exp_f32(*x, m);
            }
        }
    }
    // Σe in 16 f32 lanes, each compensated (Kahan–Babuška: TwoSum keeps the
    // rounding error of every addition), then the lanes added in f64.
    let mut sum = [0.0_f32; LANES];
    let mut compensation = [0.0_f32; LANES];
    let mut chunks = row.chunks_exact(LANES);
    for chunk in &mut chunks {
        for j in 0..LANES {
            let (s, e) = (sum[j], chunk[j]);
            let t = s + e;
            let e_part = t - s;
            compensation[j] += (s - (t - e_part)) + (e - e_part);
            sum[j] = t;
        }
    }
    let mut total: f64 = chunks.remainder().iter().map(|&e| f64::from(e)).sum();
    for j in 0..LANES {
        total += f64::from(sum[j]) + f64::from(compensation[j]);
    }
    // Pass 3: p = e / Σe, with the reciprocal in f64 and one rounding to f32.
    let inverse = 1.0 / total;
    for x in row.iter_mut() {
        *x = (f64::from(*x) * inverse) as f32;
    }
}
// ANCHOR_END: softmax_f32

/// [`shifted_exp_f32`] in `f64`.
#[inline(always)]
fn shifted_exp_f64(x: f64, m: f64) -> f64 {
    let d = x - m;
    let m_part = d - x;
    let delta = (x - (d - m_part)) + (-m - m_part);
    let delta = if d > -1000.0 { delta } else { 0.0 };
    let e = exp_neg_f64(d).value();
    e.mul_add(delta, e)
}

/// Softmax of one `f64` row: of `input` into `row`, or of `row` in place.
#[inline(always)]
pub(crate) fn softmax_row_f64(input: Option<&[f64]>, row: &mut [f64]) {
    if let Some(input) = input {
        row.copy_from_slice(input);
    }
    let (m, special) = max_and_special!(row, f64, u64, i64);
    if special {
        return special_row(None, row);
    }
    let mut sum = [0.0_f64; LANES];
    let mut compensation = [0.0_f64; LANES];
    let add = |sum: &mut f64, compensation: &mut f64, e: f64| {
        let t = *sum + e;
        let e_part = t - *sum;
        *compensation += (*sum - (t - e_part)) + (e - e_part);
        *sum = t;
    };
    let mut chunks = row.chunks_exact_mut(LANES);
    for chunk in &mut chunks {
        for j in 0..LANES {
            let e = shifted_exp_f64(chunk[j], m);
            add(&mut sum[j], &mut compensation[j], e);
            chunk[j] = e;
        }
    }
    for x in chunks.into_remainder() {
        let e = shifted_exp_f64(*x, m);
        add(&mut sum[0], &mut compensation[0], e);
        *x = e;
    }
    let (mut total, mut total_compensation) = (0.0, 0.0);
    for j in 0..LANES {
        add(&mut total, &mut total_compensation, sum[j]);
        total_compensation += compensation[j];
    }
    let total = total + total_compensation;
    for x in row.iter_mut() {
        *x /= total;
    }
}
