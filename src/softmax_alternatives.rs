//! Softmax's rivals: sparsemax and 1.5-entmax, which give exact zeros, their
//! Jacobians, and sigmoid attention (see softmax_alternatives.md).

use crate::Float;
use crate::double_double::{Dd, div, exp_mul, exp_split, fast_two_sum, two_prod, two_sum};
use crate::online_softmax::{ln_dd, narrow, widen};

// ANCHOR: sparsemax
/// Sparsemax (Martins and Astudillo, 2016): the Euclidean projection of the
/// logits z onto the probability simplex, pᵢ = [zᵢ − τ]₊, with the threshold
/// τ chosen so that the pᵢ sum to 1.
///
/// τ comes from sorting: with z₍₁₎ ≥ z₍₂₎ ≥ … and Sₖ = z₍₁₎ + … + z₍ₖ₎, the
/// support has the k* indices k for which 1 + k·z₍ₖ₎ > Sₖ, and
/// τ = (S_k* − 1)/k*. Outside the support pᵢ is exactly 0.
///
/// The arithmetic is exact where it matters: the logits are shifted by their
/// maximum m (only zᵢ ≥ m − 1 can be in the support, so the shifted values
/// lie in [−1, 0]), each pᵢ = (k*·zᵢ − S_k* + 1)/k* is formed in
/// double-double arithmetic and rounded once. The result is within one ULP
/// of the exact value unless pᵢ is below about 2⁻⁴⁰, where its absolute
/// error stays below 2⁻⁹⁰ (on the boundary of the support itself, where
/// zᵢ = τ exactly and the exact pᵢ is 0, that means pᵢ may come out as a
/// positive number below 2⁻¹⁰⁰ instead of 0). `f32` logits are computed in
/// `f64` and rounded once.
///
/// Special values follow [`softmax`](crate::softmax): an empty slice gives
/// an empty `Vec`; a NaN anywhere gives NaN everywhere; −∞ logits get 0; a
/// single +∞ logit gets 1 and the others 0 (the limit); several +∞ logits,
/// or only −∞ logits, give NaN.
pub fn sparsemax<T: Float>(logits: &[T]) -> Vec<T> {
    scores(logits, Kind::Sparsemax)
        .into_iter()
        .map(|s| narrow(s.to_f64()))
        .collect()
}
// ANCHOR_END: sparsemax

// ANCHOR: entmax15
/// 1.5-entmax (Peters, Niculae and Martins, 2019), as the `entmax15` of the
/// `entmax` package: pᵢ = [zᵢ/2 − τ]₊², with τ chosen so that the pᵢ sum
/// to 1.
///
/// The algorithm is the package's: with yᵢ = (zᵢ − m)/2 sorted,
/// y₍₁₎ ≥ y₍₂₎ ≥ …, for every k the threshold that makes the top k sum to 1
/// is τₖ = Mₖ − √δₖ, where Mₖ is the mean of the top k, Vₖ the mean of
/// their squares, and δₖ = (1 − k(Vₖ − Mₖ²))/k (0 if negative); the support
/// size k* is the number of k with τₖ ≤ y₍ₖ₎, and τ = τ_k*.
///
/// As in [`sparsemax`], only yᵢ ≥ −1 can be in the support, the sums, the
/// square root and [yᵢ − τ]₊² are computed in double-double arithmetic and
/// rounded once, so each pᵢ is within one ULP of the exact value unless it
/// is below about 2⁻⁴⁰. `f32` is computed in `f64` and rounded once.
/// Special values follow `sparsemax`.
pub fn entmax15<T: Float>(logits: &[T]) -> Vec<T> {
    scores(logits, Kind::Entmax15)
        .into_iter()
        .map(|s| narrow(s.mul(s).to_f64()))
        .collect()
}
// ANCHOR_END: entmax15

// ANCHOR: sparsemax_jacobian
/// The Jacobian of sparsemax, `J[i][j]` = ∂pᵢ/∂zⱼ = sᵢ(δᵢⱼ − sⱼ/k*), where
/// sᵢ is 1 on the support (pᵢ > 0) and 0 outside, and k* the size of the
/// support: J = diag(s) − s sᵀ/k*.
///
/// Rows and columns outside the support are exactly 0: a logit whose
/// probability is 0 receives no gradient. Within the support the entries
/// are 1 − 1/k* and −1/k*, each correctly rounded. Special values follow
/// [`sparsemax`] (a single +∞ logit gives the zero matrix).
pub fn sparsemax_jacobian<T: Float>(logits: &[T]) -> Vec<Vec<T>> {
    let s = scores(logits, Kind::Sparsemax);
    if s.iter().any(|s| s.hi.is_nan()) {
        return vec![vec![T::nan(); s.len()]; s.len()];
    }
    let support: Vec<bool> = s.iter().map(|s| s.hi > 0.0).collect();
    let k = narrow::<T>(support.iter().filter(|&&b| b).count() as f64);
    let entry = |i: usize, j: usize| match (support[i] && support[j], i == j) {
        (false, _) => T::zero(),
        (true, true) => (k - T::one()) / k,
        (true, false) => T::zero() - T::one() / k,
    };
    jacobian(s.len(), entry)
}
// ANCHOR_END: sparsemax_jacobian

// ANCHOR: entmax15_jacobian
/// The Jacobian of 1.5-entmax, `J[i][j]` = ∂pᵢ/∂zⱼ = sᵢδᵢⱼ − sᵢsⱼ/Σₖsₖ with
/// sᵢ = √pᵢ = [zᵢ/2 − τ]₊: J = diag(s) − s sᵀ/Σs, the matrix of the `entmax`
/// package's backward pass.
///
/// Rows and columns outside the support are exactly 0. The diagonal
/// sᵢ − sᵢ²/Σs is computed as sᵢ·(Σⱼ≠ᵢ sⱼ)/Σs, which has nothing to
/// cancel; every entry is formed in double-double arithmetic and rounded
/// once. Special values follow [`entmax15`].
pub fn entmax15_jacobian<T: Float>(logits: &[T]) -> Vec<Vec<T>> {
    let s = scores(logits, Kind::Entmax15);
    let total = s.iter().fold(Dd::from_f64(0.0), |t, &s| t.add(s));
    let entry = |i: usize, j: usize| {
        let numerator = if i == j {
            let others = s.iter().enumerate().filter(|&(k, _)| k != i);
            s[i].mul(others.fold(Dd::from_f64(0.0), |t, (_, &s)| t.add(s)))
        } else {
            s[i].mul(s[j]).neg()
        };
        if numerator.hi == 0.0 {
            T::zero() // outside the support (and +0, not −0)
        } else {
            narrow(div(numerator, total))
        }
    };
    jacobian(s.len(), entry)
}
// ANCHOR_END: entmax15_jacobian

// ANCHOR: sigmoid_attention
/// Sigmoid attention weights (Ramapuram et al., 2024): each score on its
/// own, σ(sᵢ + b) with the bias b = −ln n for n scores, in place of
/// softmax(s). The weights do not sum to 1; the bias keeps their sum near
/// 1 when the scores are near 0 (then each is about 1/(1 + n)).
///
/// The sum sᵢ − ln n is formed exactly enough (ln n to about 100 bits, in
/// double-double arithmetic) that the sigmoid of it, rounded once, is
/// within one ULP (`f64`) or half an ULP and a hair (`f32`). Unlike softmax
/// it is element-wise: a NaN score gives NaN in its own place only; +∞
/// gives 1 and −∞ gives 0.
pub fn sigmoid_attention<T: Float>(scores: &[T]) -> Vec<T> {
    let bias = ln_dd(Dd::from_f64(scores.len() as f64)).neg();
    scores
        .iter()
        .map(|&s| narrow(shifted_sigmoid(widen(s), bias)))
        .collect()
}

/// σ(s + b) for a double-double b, to within one ULP.
fn shifted_sigmoid(s: f64, b: Dd) -> f64 {
    if !s.is_finite() {
        return if s.is_nan() {
            s
        } else {
            f64::from(u8::from(s > 0.0))
        };
    }
    let x = two_sum(s, b.hi).add_f64(b.lo);
    let one = Dd::from_f64(1.0);
    if x.hi >= 0.0 {
        div(one, exp_split(x.neg()).add_f64(1.0)) // 1/(1 + e^(−x))
    } else {
        let e = exp_mul(one, x); // eˣ, subnormal if it must be
        div(e, e.add_f64(1.0)) // eˣ/(1 + eˣ)
    }
}
// ANCHOR_END: sigmoid_attention

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// α = 2: pᵢ = sᵢ = [zᵢ − τ]₊.
    Sparsemax,
    /// α = 1.5: pᵢ = sᵢ², sᵢ = [zᵢ/2 − τ]₊.
    Entmax15,
}

/// The scores sᵢ ≥ 0 of sparsemax (pᵢ = sᵢ) or 1.5-entmax (pᵢ = sᵢ²), as
/// double-doubles, with the special values of `sparsemax`.
fn scores<T: Float>(logits: &[T], kind: Kind) -> Vec<Dd> {
    let z: Vec<f64> = logits.iter().map(|&x| widen(x)).collect();
    let nan = || vec![Dd::from_f64(f64::NAN); z.len()];
    if z.iter().any(|x| x.is_nan()) {
        return nan();
    }
    let Some(m) = z.iter().copied().reduce(f64::max) else {
        return Vec::new();
    };
    if m.is_infinite() {
        let infinite = z.iter().filter(|&&x| x == f64::INFINITY).count();
        if m == f64::NEG_INFINITY || infinite > 1 {
            return nan();
        }
        return z
            .iter()
            .map(|&x| Dd::from_f64(f64::from(u8::from(x == f64::INFINITY))))
            .collect();
    }
    // The shifted logits y = z − m (sparsemax) or (z − m)/2 (entmax), exactly;
    // only y ≥ −1 can be in the support, since p_max ≤ 1 forces τ ≥ −1.
    let halve = if kind == Kind::Entmax15 { 0.5 } else { 1.0 };
    let y: Vec<Option<Dd>> = z
        .iter()
        .map(|&x| {
            let y = two_sum(x, -m).scale(halve);
            (y.hi > -1.0 || (y.hi == -1.0 && y.lo >= 0.0)).then_some(y)
        })
        .collect();
    let mut sorted: Vec<Dd> = y.iter().flatten().copied().collect();
    sorted.sort_by(|a, b| (b.hi, b.lo).partial_cmp(&(a.hi, a.lo)).expect("no NaN"));
    let tau = match kind {
        Kind::Sparsemax => sparsemax_threshold(&sorted),
        Kind::Entmax15 => entmax15_threshold(&sorted),
    };
    y.iter()
        .map(|y| match y {
            Some(y) if y.hi > tau.hi || (y.hi == tau.hi && y.lo > tau.lo) => y.sub(tau),
            _ => Dd::from_f64(0.0),
        })
        .collect()
}

// ANCHOR: sparsemax_threshold
/// τ = (S_k* − 1)/k* for the sorted shifted logits, where k* counts the k
/// with 1 + k·y₍ₖ₎ > Sₖ (a prefix 1, …, k*: the condition holds for k = 1).
fn sparsemax_threshold(sorted: &[Dd]) -> Dd {
    let (mut sum, mut support, mut support_sum) = (Dd::from_f64(0.0), 0, Dd::from_f64(0.0));
    for (k, &y) in (1..).zip(sorted) {
        sum = sum.add(y);
        if y.mul_f64(f64::from(k)).add_f64(1.0).sub(sum).hi > 0.0 {
            (support, support_sum) = (support + 1, sum);
        }
    }
    support_sum.add_f64(-1.0).div_f64(f64::from(support))
}
// ANCHOR_END: sparsemax_threshold

// ANCHOR: entmax15_threshold
/// τ_k* of 1.5-entmax for the sorted halved, shifted logits, as the `entmax`
/// package computes it: τₖ = Mₖ − √δₖ for every k, and k* = the number of k
/// with τₖ ≤ y₍ₖ₎.
fn entmax15_threshold(sorted: &[Dd]) -> Dd {
    let (mut sum, mut squares) = (Dd::from_f64(0.0), Dd::from_f64(0.0));
    let mut taus = Vec::with_capacity(sorted.len());
    let mut support = 0;
    for (k, &y) in (1..).zip(sorted) {
        let k = f64::from(k);
        sum = sum.add(y);
        squares = squares.add(y.mul(y));
        let mean = sum.div_f64(k);
        // k(Vₖ − Mₖ²) = Σy² − (Σy)²/k, and δₖ = (1 − that)/k.
        let spread = squares.sub(sum.mul(mean));
        let delta = Dd::from_f64(1.0).sub(spread).div_f64(k);
        let tau = mean.sub(sqrt_dd(delta));
        if !(y.hi < tau.hi || (y.hi == tau.hi && y.lo < tau.lo)) {
            support += 1;
        }
        taus.push(tau);
    }
    taus[support - 1]
}

/// √a for a double-double a, to about 100 bits; 0 for a ≤ 0.
fn sqrt_dd(a: Dd) -> Dd {
    if a.hi <= 0.0 {
        return Dd::from_f64(0.0);
    }
    let s = a.hi.sqrt();
    let square = two_prod(s, s);
    let remainder = (a.hi - square.hi - square.lo) + a.lo;
    fast_two_sum(s, remainder / (2.0 * s))
}
// ANCHOR_END: entmax15_threshold

fn jacobian<T: Float>(n: usize, entry: impl Fn(usize, usize) -> T) -> Vec<Vec<T>> {
    (0..n)
        .map(|i| (0..n).map(|j| entry(i, j)).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::steps;
    use crate::{sigmoid, softmax_jacobian};

    #[test]
    fn two_classes_in_closed_form() {
        for k in -40..=40 {
            let t = f64::from(k) / 8.0;
            let p = sparsemax(&[t, 0.0]);
            assert!(steps(p[0], ((t + 1.0) / 2.0).clamp(0.0, 1.0)) <= 1, "{t}");
            let q = entmax15(&[t, 0.0]);
            let closed = if t.abs() >= 2.0 {
                f64::from(u8::from(t > 0.0))
            } else {
                (t + (8.0 - t * t).sqrt()).powi(2) / 16.0
            };
            assert!((q[0] - closed).abs() <= 4.0 * f64::EPSILON, "{t}: {q:?}");
            assert!((q[0] + q[1] - 1.0).abs() <= 2.0 * f64::EPSILON);
        }
    }

    #[test]
    fn exact_zeros_and_sums() {
        let p = sparsemax(&[3.0_f64, 1.0, 0.2, -1.0]);
        assert_eq!(p, vec![1.0, 0.0, 0.0, 0.0]);
        let p = sparsemax(&[1.0_f64, 0.8, 0.1]);
        assert_eq!(p[2], 0.0);
        assert!(steps(p[0], 0.6) <= 1 && steps(p[1], 0.4) <= 1);
        let q = entmax15(&[1.0_f64, 0.8, 0.1, -3.0]);
        assert!(q[0] > q[1] && q[1] > q[2] && q[2] > 0.0 && q[3] == 0.0);
        assert!((q.iter().sum::<f64>() - 1.0).abs() <= 2.0 * f64::EPSILON);
    }

    #[test]
    fn jacobians_are_zero_outside_the_support() {
        let z = [1.0_f64, 0.8, 0.1, -3.0];
        let j = sparsemax_jacobian(&z);
        assert_eq!(j[0], vec![0.5, -0.5, 0.0, 0.0]);
        assert_eq!(j[3], vec![0.0; 4]);
        let j = entmax15_jacobian(&z);
        assert_eq!(j[3], vec![0.0; 4]);
        for row in &j {
            assert!(row.iter().sum::<f64>().abs() < 1e-15);
        }
        // Finite differences of entmax15.
        let h = 1e-6;
        for c in 0..3 {
            let (mut a, mut b) = (z, z);
            a[c] += h;
            b[c] -= h;
            let (pa, pb) = (entmax15(&a), entmax15(&b));
            for r in 0..4 {
                assert!(((pa[r] - pb[r]) / (2.0 * h) - j[r][c]).abs() < 1e-8);
            }
        }
        // One +∞ logit: the zero matrix, as softmax_jacobian.
        let inf = [f64::INFINITY, 1.0];
        assert_eq!(sparsemax_jacobian(&inf), softmax_jacobian(&inf));
        assert_eq!(entmax15_jacobian(&inf), softmax_jacobian(&inf));
    }

    #[test]
    fn sigmoid_attention_is_a_shifted_sigmoid() {
        let s = [0.5_f64, -2.0, 3.0, 0.0];
        let w = sigmoid_attention(&s);
        for (w, s) in w.iter().zip(s) {
            assert!(steps(*w, sigmoid(s - 4.0_f64.ln())) <= 2);
        }
        assert_eq!(sigmoid_attention(&[0.0_f64]), vec![0.5]);
        let w = sigmoid_attention(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY]);
        assert!(w[0].is_nan() && w[1] == 1.0 && w[2] == 0.0);
    }

    #[test]
    fn special_values() {
        assert!(sparsemax::<f64>(&[]).is_empty() && entmax15::<f32>(&[]).is_empty());
        assert!(sparsemax(&[1.0, f64::NAN]).iter().all(|p| p.is_nan()));
        assert!(entmax15(&[f32::INFINITY; 2]).iter().all(|p| p.is_nan()));
        assert!(entmax15(&[f32::NEG_INFINITY; 2]).iter().all(|p| p.is_nan()));
        assert_eq!(entmax15(&[f64::INFINITY, f64::MAX]), vec![1.0, 0.0]);
        assert_eq!(sparsemax(&[f64::MAX, -f64::MAX]), vec![1.0, 0.0]);
        assert_eq!(sparsemax(&[f32::MAX, f32::MAX]), vec![0.5, 0.5]);
        assert_eq!(entmax15(&[7.0_f32]), vec![1.0]);
    }
}
