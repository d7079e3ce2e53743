//! Stage one of the exact GELU in `f32`: R(a) for a = |x| clamped to A,
//! from the piecewise polynomial of `kernels::gelu_tail_f32`, a chunk at a
//! time.
//!
//! Every coefficient is looked up in an eight-entry table by the element's
//! slot. Written as Rust on one element (`gelu_tail_f32::tail`), that is an
//! indexed load, which LLVM vectorises as a gather (AVX2's `vgatherdps`: a
//! load per lane, several times slower than the arithmetic it feeds) — so
//! the AVX2 and AVX-512 loops below are written with `std::arch`: one
//! `vpermps` per coefficient picks eight (or sixteen) entries from a table
//! held in a register, on the shuffle port, which the FMAs do not use. They
//! do the scalar function's operations in its order, so every bit agrees
//! (the tests compare all levels).

use super::dispatch::{Isa, Level};
use super::kernels::{f32k, gelu_tail_f32};

// ANCHOR: gelu_tail
/// R(|x| clamped to A) for each x into `r`, compiled for `level`.
#[inline(always)]
pub(crate) fn tails(level: Level, x: &[f32], r: &mut [f32]) {
    match level.isa() {
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2 => x86::tails_avx2(x, r),
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 => x86::tails_avx512(x, r),
        Isa::Portable => tails_scalar(x, r),
    }
}

#[inline(always)]
fn tails_scalar(x: &[f32], r: &mut [f32]) {
    for (r, &x) in r.iter_mut().zip(x) {
        *r = gelu_tail_f32::tail(f32k::gelu_abs(x));
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::{gelu_tail_f32, tails_scalar};
    use gelu_tail_f32::{A, CENTER, P};
    use std::arch::x86_64::*;

    /// Eight lanes at a time; the rest as `tail`.
    #[inline(always)]
    pub(super) fn tails_avx2(x: &[f32], r: &mut [f32]) {
        // SAFETY: a `Level` is only made by asking the CPU (see `Level`),
        // so a CPU with `Isa::Avx2` has AVX2 and FMA.
        unsafe { avx2(x, r) }
    }

    #[target_feature(enable = "avx2,fma")]
    fn avx2(x: &[f32], r: &mut [f32]) {
        // The tables, one register each (the slot is the index).
        let center = unsafe { _mm256_loadu_ps(CENTER.as_ptr()) };
        let p: [__m256; P.len()] =
            std::array::from_fn(|k| unsafe { _mm256_loadu_ps(P[k].as_ptr()) });
        let abs = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fff_ffff));
        let (a_max, one) = (_mm256_set1_ps(A), _mm256_set1_ps(1.0));
        let (xs, x_rest) = x.split_at(x.len() / 8 * 8);
        let (rs, r_rest) = r.split_at_mut(xs.len());
        for (x, r) in xs.chunks_exact(8).zip(rs.chunks_exact_mut(8)) {
            let x = unsafe { _mm256_loadu_ps(x.as_ptr()) };
            // min(A, |x|): A if |x| > A, else |x| (NaN stays NaN), as
            // `abs_at_most`.
            let a = _mm256_min_ps(a_max, _mm256_and_ps(x, abs));
            // The slot is bits 22..25 of a + 1; `vpermps` reads the low 3
            // bits of each index.
            let bits = _mm256_castps_si256(_mm256_add_ps(a, one));
            let slot = _mm256_srli_epi32::<22>(bits);
            let t = _mm256_sub_ps(a, _mm256_permutevar8x32_ps(center, slot));
            let mut q = _mm256_permutevar8x32_ps(p[0], slot);
            for row in &p[1..] {
                let c = _mm256_permutevar8x32_ps(*row, slot);
                q = _mm256_fmadd_ps(q, t, c);
            }
            unsafe { _mm256_storeu_ps(r.as_mut_ptr(), q) };
        }
        tails_scalar(x_rest, r_rest);
    }

    /// Sixteen lanes at a time; the rest as `tail`.
    #[inline(always)]
    pub(super) fn tails_avx512(x: &[f32], r: &mut [f32]) {
        // SAFETY: as for `tails_avx2`, with AVX-512.
        unsafe { avx512(x, r) }
    }

    #[target_feature(enable = "avx512f,avx512dq,avx512vl,avx512bw,avx2,fma")]
    fn avx512(x: &[f32], r: &mut [f32]) {
        // `vpermps` on 16 lanes reads the low 4 bits of the index: each
        // table twice over, so that slot and slot + 8 give the same
        // entry.
        let twice = |t: &[f32; 8]| -> __m512 {
            let both: [f32; 16] = std::array::from_fn(|i| t[i % 8]);
            unsafe { _mm512_loadu_ps(both.as_ptr()) }
        };
        let center = twice(&CENTER);
        let p: [__m512; P.len()] = std::array::from_fn(|k| twice(&P[k]));
        let abs = _mm512_castsi512_ps(_mm512_set1_epi32(0x7fff_ffff));
        let (a_max, one) = (_mm512_set1_ps(A), _mm512_set1_ps(1.0));
        let (xs, x_rest) = x.split_at(x.len() / 16 * 16);
        let (rs, r_rest) = r.split_at_mut(xs.len());
        for (x, r) in xs.chunks_exact(16).zip(rs.chunks_exact_mut(16)) {
            let x = unsafe { _mm512_loadu_ps(x.as_ptr()) };
            let a = _mm512_min_ps(a_max, _mm512_and_ps(x, abs));
            let bits = _mm512_castps_si512(_mm512_add_ps(a, one));
            let slot = _mm512_srli_epi32::<22>(bits);
            let t = _mm512_sub_ps(a, _mm512_permutexvar_ps(slot, center));
            let mut q = _mm512_permutexvar_ps(slot, p[0]);
            for row in &p[1..] {
                let c = _mm512_permutexvar_ps(slot, *row);
                q = _mm512_fmadd_ps(q, t, c);
            }
            unsafe { _mm512_storeu_ps(r.as_mut_ptr(), q) };
        }
        tails_scalar(x_rest, r_rest);
    }
}
// ANCHOR_END: gelu_tail

#[cfg(test)]
mod tests {
    use super::super::Level;
    use super::{gelu_tail_f32, tails};
    use gelu_tail_f32::{A, CENTER, slot, tail};

    /// Inputs for R: a grid over [0, A], and the 64 `f32` on each side of
    /// every piece's ends (below A), where a + 1 may round onto the next
    /// piece.
    fn points() -> Vec<f32> {
        let mut a: Vec<f32> = (0..=200_000).map(|i| A * i as f32 / 200_000.0).collect();
        for end in [0.5_f32, 1.0, 2.0, 3.0, 5.0, 7.0, 11.0, A] {
            let bits = end.to_bits();
            a.extend((bits - 64..=bits + 64).map(f32::from_bits));
        }
        a.extend([0.0, 1e-45, 1e-38, 2e-8, 6e-8]);
        a.retain(|&a| a <= A); // the kernels clamp a to A
        a
    }

    /// R(a) from the scalar GELU (double-double and `f64` inside): Φ(−a) =
    /// −gelu(−a)/a, times e^(a²/2) (a² is exact in `f64`).
    fn reference(a: f32) -> f64 {
        let a = f64::from(a);
        -crate::gelu(-a) / a * (a * a / 2.0).exp()
    }

    #[test]
    fn each_piece_is_where_its_slot_says_and_t_is_exact() {
        let pieces = [
            (1.0, 2.0),
            (2.0, 3.0),
            (3.0, 5.0),
            (5.0, 7.0),
            (7.0, 11.0),
            (11.0, A),
        ];
        let pieces = [pieces.as_slice(), &[(0.0, 0.5), (0.5, 1.0)]].concat();
        for a in points() {
            let s = slot(a);
            let (lo, hi) = pieces[s];
            // a + 1 rounds up onto a piece's lower end from at most 2⁻²⁰ below.
            assert!(lo - 2e-6 < a && a <= hi, "{a} in slot {s}");
            let t = a - CENTER[s];
            assert_eq!(f64::from(t), f64::from(a) - f64::from(CENTER[s]), "{a}");
        }
    }

    #[test]
    fn the_tail_is_within_an_ulp_of_r() {
        let mut worst = 0.0_f64;
        for a in points().into_iter().filter(|&a| a > 0.0) {
            let exact = reference(a);
            let error = ((f64::from(tail(a)) - exact) / exact).abs();
            worst = worst.max(error);
        }
        // Measured: 9.3·10⁻⁸ relative, under 1.6 ULP (an ULP of a number is
        // 2⁻²⁴ to 2⁻²³ of it); the fit alone is 3.9·10⁻⁸, the rest is
        // Horner's roundings. R(0) = ½ exactly.
        assert!(worst < 1.0e-7, "{worst:e}");
        assert_eq!(tail(0.0), 0.5);
    }

    #[test]
    fn every_level_computes_the_same_bits() {
        let mut x: Vec<f32> = points();
        x.extend(points().iter().map(|a| -a));
        x.extend([
            f32::INFINITY,
            f32::NEG_INFINITY,
            15.0,
            -15.0,
            1e30,
            f32::MAX,
        ]);
        let scalar: Vec<f32> = x.iter().map(|&x| tail(super::f32k::gelu_abs(x))).collect();
        for level in Level::supported() {
            // lengths that leave every remainder of 8 and 16 lanes
            for n in [x.len(), x.len() - 1, x.len() - 7, x.len() - 15] {
                let mut r = vec![f32::NAN; n];
                tails(level, &x[..n], &mut r);
                for ((r, s), x) in r.iter().zip(&scalar).zip(&x) {
                    assert_eq!(r.to_bits(), s.to_bits(), "{level:?}, x = {x}");
                }
            }
        }
    }
}
