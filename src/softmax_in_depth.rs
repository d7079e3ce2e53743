//! Softmax in depth: its Jacobian, log-softmax, and the cross-entropy loss
//! with its fused gradient p − y.

use crate::Float;
use crate::math;

use crate::softmax;
use crate::softmax::{compensated_sum, shifted_exp};

// ANCHOR: softmax_jacobian
/// The Jacobian of softmax, `J[i][j]` = ∂pᵢ/∂xⱼ = pᵢ(δᵢⱼ − pⱼ), that is
/// J = diag(p) − p pᵀ with p = softmax(logits).
///
/// The off-diagonal entries −pᵢpⱼ are one product each. The diagonal
/// pᵢ(1 − pᵢ) hides the trap of σ′ = σ(1 − σ): once pᵢ rounds to 1, 1 − pᵢ is
/// 0 although the true value is not. Because the pⱼ sum to 1, 1 − pᵢ equals
/// Σⱼ≠ᵢ pⱼ, a sum of small positive numbers with nothing to cancel;
/// `one_minus` uses it for the (at most one) pᵢ > 1/2.
///
/// For `f32` logits the matrix is computed in `f64` and each entry rounded
/// once, as `softmax` does.
///
/// J is symmetric, and each row and each column sums to 0. Special values
/// follow `softmax`: empty logits give an empty matrix; a NaN anywhere gives
/// NaN everywhere; a −∞ logit (probability 0) has a zero row and column; a
/// single +∞ logit gives the zero matrix (the limit); with several +∞ logits,
/// or every logit −∞, there is no limit and every entry is NaN.
pub fn softmax_jacobian<T: Float>(logits: &[T]) -> Vec<Vec<T>> {
    if let Some(wide) = widened(logits) {
        let jacobian = softmax_jacobian(&wide);
        return jacobian.into_iter().map(narrowed).collect(); // T is f32
    }
    let p = softmax(logits);
    (0..p.len())
        .map(|i| {
            (0..p.len())
                .map(|j| {
                    if i == j {
                        p[i] * one_minus(&p, i) // pᵢ(1 − pᵢ)
                    } else {
                        T::zero() - p[i] * p[j] // −pᵢpⱼ (+0, not −0, when it is 0)
                    }
                })
                .collect()
        })
        .collect()
}

/// 1 − pᵢ for a probability vector p, without cancellation: Σⱼ≠ᵢ pⱼ when
/// pᵢ > 1/2 (then 1 − pᵢ would lose digits), 1 − pᵢ otherwise (then it is
/// at least 1/2 and accurate). NaN gives NaN.
fn one_minus<T: Float>(p: &[T], i: usize) -> T {
    let half = T::from(0.5).expect("1/2 is a float");
    if p[i] > half {
        let others: Vec<T> = p
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, &q)| q)
            .collect();
        compensated_sum(&others)
    } else {
        T::one() - p[i]
    }
}
// ANCHOR_END: softmax_jacobian

// ANCHOR: log_softmax
/// Log-softmax, ln pᵢ = xᵢ − ln Σⱼ e^(xⱼ), computed by log-sum-exp as
/// (xᵢ − m) − ln Σⱼ e^(xⱼ − m) with m = maxⱼ xⱼ.
///
/// Unlike `softmax(x)[i].ln()`, this never turns a finite logit into −∞: the
/// sum lies in [1, n], so its logarithm is in [0, ln n], and (xᵢ − m) is an
/// ordinary finite difference. For logits [0, −800], softmax underflows to
/// [1, 0] and its logarithm gives −∞, while this gives [0, −800] exactly.
///
/// The sum is 1 (the term of the maximum, e⁰) plus the other terms. When they
/// are tiny, 1 + s rounds and loses them, so the code keeps the 1 apart and
/// takes ln_1p(s): ln Σ stays accurate to a few ULP even when it is
/// 1e-300. As in `softmax`, each term e^(xⱼ − m) has the rounding error of the
/// subtraction put back in, and the sum is compensated. Both terms of the
/// result are ≤ 0 and ≥ 0 respectively, so the final subtraction cannot
/// cancel. `f32` logits are computed in `f64` and rounded once.
///
/// Special values follow `softmax` (and ln of it): an empty slice gives an
/// empty `Vec`; a NaN anywhere gives NaN everywhere; a −∞ logit gives −∞;
/// a single +∞ logit gives 0 for itself and −∞ for the others (the limit);
/// several +∞ logits, or every logit −∞, give NaN.
pub fn log_softmax<T: Float>(logits: &[T]) -> Vec<T> {
    if let Some(wide) = widened(logits) {
        return narrowed(log_softmax(&wide)); // T is f32
    }
    if logits.iter().any(|x| x.is_nan()) {
        return vec![T::nan(); logits.len()];
    }
    let Some(m) = logits.iter().copied().reduce(T::max) else {
        return Vec::new();
    };
    if m.is_infinite() {
        // +∞: the limit ln(one-hot) = [0 or −∞], or NaN for several +∞.
        // −∞: every logit is −∞, and softmax is NaN.
        return softmax(logits).into_iter().map(T::ln).collect();
    }
    let log_sum = shifted_log_sum_exp(logits, m);
    logits.iter().map(|&x| (x - m) - log_sum).collect()
}

/// ln Σⱼ e^(xⱼ − m) for the maximum m (finite) of the logits, written as
/// ln(1 + s) with s = Σ over every term but the maximum's own e⁰ = 1.
fn shifted_log_sum_exp<T: Float>(logits: &[T], m: T) -> T {
    let k = logits.iter().position(|&x| x == m).unwrap_or(0);
    let rest: Vec<T> = logits
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != k)
        .map(|(_, &x)| shifted_exp(x, m))
        .collect();
    math::ln_1p(compensated_sum(&rest))
}
// ANCHOR_END: log_softmax

// ANCHOR: cross_entropy
/// Cross-entropy loss of the logits for the true class `target`:
/// L = −ln p_target = `−log_softmax(logits)[target]`.
///
/// This is what `nn.CrossEntropyLoss` computes in PyTorch: it takes the raw
/// logits, not probabilities, and goes through log-softmax, so the loss is
/// finite for every finite logit (it would be +∞ through ln(softmax)).
/// L ≥ 0, and L = 0 only when p_target rounds to 1. A −∞ logit for the
/// target gives +∞; NaN gives NaN.
///
/// # Panics
/// If `target` is not a valid class index (`target >= logits.len()`).
pub fn cross_entropy<T: Float>(logits: &[T], target: usize) -> T {
    check_target("cross_entropy", logits.len(), target);
    T::zero() - log_softmax(logits)[target] // 0 − ln p: +0, not −0, when p = 1
}

/// Gradient of the cross-entropy loss with respect to the logits:
/// ∂L/∂xⱼ = pⱼ − yⱼ, where p = softmax(logits) and y is the one-hot vector
/// of `target`. This is the fused gradient: the Jacobian of softmax never
/// appears, because Jᵀ(−1/p_y · e_y) simplifies to p − y.
///
/// The one subtraction, p_y − 1, cancels when p_y is close to 1; it is
/// computed as −Σⱼ≠y pⱼ (see `softmax_jacobian`), so the entries still sum
/// to 0. `f32` logits are computed in `f64` and rounded once. Special values
/// follow `softmax`.
///
/// # Panics
/// If `target` is not a valid class index (`target >= logits.len()`).
pub fn cross_entropy_gradient<T: Float>(logits: &[T], target: usize) -> Vec<T> {
    check_target("cross_entropy_gradient", logits.len(), target);
    if let Some(wide) = widened(logits) {
        return narrowed(cross_entropy_gradient(&wide, target)); // T is f32
    }
    let mut gradient = softmax(logits);
    gradient[target] = T::zero() - one_minus(&gradient, target); // p_y − 1
    gradient
}

fn check_target(function: &str, classes: usize, target: usize) {
    assert!(
        target < classes,
        "{function}: target class {target} is out of range for {classes} logits \
         (valid classes are 0..{classes})"
    );
}
// ANCHOR_END: cross_entropy

/// For a `T` less precise than `f64` (`f32`, and with the feature `half` the
/// 16-bit types): the logits, widened exactly to `f64`. `None` for `f64` itself.
fn widened<T: Float>(logits: &[T]) -> Option<Vec<f64>> {
    if T::epsilon().to_f64()? <= f64::EPSILON {
        return None;
    }
    logits.iter().map(|x| x.to_f64()).collect()
}

/// `f64` values rounded once to `T` (a float-to-float cast never fails).
fn narrowed<T: Float>(values: Vec<f64>) -> Vec<T> {
    values
        .into_iter()
        .map(|v| T::from(v).expect("a float converts to a float"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::{assert_abs_diff_eq, assert_relative_eq};
    use astro_float::{BigFloat, Consts, RoundingMode};

    const NOTEBOOK: [f64; 3] = [2.0, 1.0, 0.1];

    fn central_difference(f: impl Fn(&[f64]) -> f64, x: &[f64], j: usize) -> f64 {
        let h = 1e-6;
        let (mut plus, mut minus) = (x.to_vec(), x.to_vec());
        plus[j] += h;
        minus[j] -= h;
        (f(&plus) - f(&minus)) / (2.0 * h)
    }

    #[test]
    fn jacobian_is_diag_p_minus_p_p_transposed() {
        let x = [2.0_f64, 1.0, 0.1, -1.0];
        let p = softmax(&x);
        let j = softmax_jacobian(&x);
        assert_eq!(j.len(), 4);
        for row in 0..4 {
            assert_eq!(j[row].len(), 4);
            for col in 0..4 {
                let delta = if row == col { 1.0 } else { 0.0 };
                assert_relative_eq!(j[row][col], p[row] * (delta - p[col]), max_relative = 1e-15);
                assert_eq!(j[row][col], j[col][row], "symmetric");
                // The Jacobian is the derivative: column `col` is ∂p/∂x_col.
                let fd = central_difference(|x| softmax(x)[row], &x, col);
                assert_abs_diff_eq!(j[row][col], fd, epsilon = 1e-9);
            }
            let row_sum: f64 = j[row].iter().sum();
            assert_abs_diff_eq!(row_sum, 0.0, epsilon = 1e-16);
        }
    }

    #[test]
    fn jacobian_diagonal_does_not_cancel() {
        // p = [1 − e⁻⁴⁰, e⁻⁴⁰]: p₀ rounds to 1, and p₀(1 − p₀) would be 0.
        let x = [40.0_f64, 0.0];
        let p = softmax(&x);
        assert_eq!(p[0], 1.0);
        assert_eq!(p[0] * (1.0 - p[0]), 0.0);
        let j = softmax_jacobian(&x);
        let e = (-40.0_f64).exp();
        for (a, b) in [(0, 0), (1, 1)] {
            assert_relative_eq!(j[a][b], e, max_relative = 1e-15);
        }
        assert_relative_eq!(j[0][1], -e, max_relative = 1e-15);
        // f32 goes through f64: the same, rounded once.
        let j32 = softmax_jacobian(&[40.0_f32, 0.0]);
        assert_eq!(j32[0][0], e as f32);
        assert_eq!(j32[0][1], -e as f32);
    }

    #[test]
    fn jacobian_special_values() {
        assert!(softmax_jacobian::<f64>(&[]).is_empty());
        assert_eq!(softmax_jacobian(&[3.0_f32]), vec![vec![0.0]]);
        let j = softmax_jacobian(&[0.0_f64, f64::NEG_INFINITY, 0.0]);
        assert_eq!(j[1], vec![0.0; 3]);
        assert!(j.iter().all(|row| row[1] == 0.0));
        assert_eq!(j[0][0], 0.25);
        assert_eq!(j[0][2], -0.25);
        let j = softmax_jacobian(&[1.0_f64, f64::INFINITY, -2.0]);
        assert!(
            j.iter()
                .flatten()
                .all(|&v| v == 0.0 && v.is_sign_positive())
        );
        for bad in [
            vec![1.0, f64::NAN],
            vec![f64::INFINITY, f64::INFINITY],
            vec![f64::NEG_INFINITY; 2],
        ] {
            assert!(softmax_jacobian(&bad).iter().flatten().all(|v| v.is_nan()));
        }
    }

    #[test]
    fn log_softmax_is_the_log_of_softmax() {
        let x = NOTEBOOK;
        for (l, p) in log_softmax(&x).iter().zip(softmax(&x)) {
            assert_relative_eq!(*l, p.ln(), max_relative = 1e-15);
        }
        let l32 = log_softmax(&[2.0_f32, 1.0, 0.1]);
        for (a, b) in l32.iter().zip(log_softmax(&x)) {
            assert_eq!(*a, b as f32, "f32 is the f64 result rounded once");
        }
        // Shift invariance.
        for c in [-1e4, 1e4] {
            let shifted: Vec<f64> = x.iter().map(|v| v + c).collect();
            for (a, b) in log_softmax(&shifted).iter().zip(log_softmax(&x)) {
                assert_relative_eq!(*a, b, max_relative = 1e-11);
            }
        }
    }

    #[test]
    fn log_softmax_stays_finite_where_ln_softmax_does_not() {
        let x = [0.0_f64, -800.0];
        assert_eq!(softmax(&x), vec![1.0, 0.0]);
        assert_eq!(softmax(&x)[1].ln(), f64::NEG_INFINITY);
        assert_eq!(log_softmax(&x), vec![0.0, -800.0]);
        assert_eq!(log_softmax(&[0.0_f32, -800.0]), vec![0.0, -800.0]);
        // Very wide spreads, and the naive formula's overflow.
        let big = [1000.0_f64, 1001.0, 1002.0];
        for (a, b) in log_softmax(&big).iter().zip(log_softmax(&[0.0, 1.0, 2.0])) {
            assert_eq!(*a, b);
        }
        assert!(log_softmax(&[f64::MAX, -f64::MAX])[1] == f64::NEG_INFINITY);
    }

    #[test]
    fn log_softmax_keeps_tiny_log_sums() {
        // ln(1 + e⁻⁷⁰⁰) ≈ e⁻⁷⁰⁰: 1 + s would round to 1 and give 0.
        let l = log_softmax(&[0.0_f64, -700.0]);
        assert_relative_eq!(l[0], -(-700.0_f64).exp(), max_relative = 1e-15);
        assert!(l[0] < 0.0);
    }

    #[test]
    fn log_softmax_special_values() {
        assert!(log_softmax::<f64>(&[]).is_empty());
        assert_eq!(log_softmax(&[5.0_f32]), vec![0.0]);
        assert_eq!(
            log_softmax(&[0.0_f64, f64::NEG_INFINITY]),
            vec![0.0, f64::NEG_INFINITY]
        );
        assert_eq!(
            log_softmax(&[1.0_f64, f64::INFINITY, -1.0]),
            vec![f64::NEG_INFINITY, 0.0, f64::NEG_INFINITY]
        );
        for bad in [
            vec![1.0, f64::NAN, 2.0],
            vec![f64::INFINITY, 0.0, f64::INFINITY],
            vec![f64::NEG_INFINITY; 3],
        ] {
            assert!(log_softmax(&bad).iter().all(|v| v.is_nan()));
        }
    }

    #[test]
    fn log_softmax_is_accurate_against_a_multi_precision_reference() {
        // Enough bits that ln(1 + e⁻⁷⁴⁰) is still exact to 256 bits.
        const P: usize = 1536;
        let rm = RoundingMode::ToEven;
        let mut cc = Consts::new().expect("constants cache");
        let vectors: [&[f64]; 7] = [
            &NOTEBOOK,
            &[0.0, -700.0],
            &[-699.7, 0.3],
            &[0.3, -0.1, -10.7, -100.9, -300.3, -699.7, -740.9],
            &[5.0, 5.0, 5.0, -3.0],
            &[1000.1, 1001.37, 999.9],
            &[1e-3, 2e-3, -1e-3, 0.0],
        ];
        for x in vectors {
            let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let bm = BigFloat::from_f64(m, P);
            let d: Vec<BigFloat> = x
                .iter()
                .map(|&v| BigFloat::from_f64(v, P).sub(&bm, P, rm))
                .collect();
            let sum = d
                .iter()
                .map(|d| d.exp(P, rm, &mut cc))
                .fold(BigFloat::from_word(0, P), |s, t| s.add(&t, P, rm));
            let log_sum = sum.ln(P, rm, &mut cc);
            for (computed, d) in log_softmax(x).iter().zip(&d) {
                let exact = d.sub(&log_sum, P, rm);
                let error = BigFloat::from_f64(*computed, P).sub(&exact, P, rm);
                let relative = error.div(&exact, P, rm).abs();
                // Below 2⁻⁵⁰ = 4ε.
                assert!(
                    relative.is_zero() || relative.exponent().is_some_and(|e| e <= -50),
                    "log_softmax({x:?}) = {computed:e}: relative error {relative}"
                );
            }
        }
    }

    #[test]
    fn cross_entropy_is_minus_log_softmax() {
        let x = NOTEBOOK;
        let l = log_softmax(&x);
        for (target, log_p) in l.iter().enumerate() {
            assert_eq!(cross_entropy(&x, target), -log_p);
        }
        assert_relative_eq!(
            cross_entropy(&x, 0),
            0.417_030_016_277_833_54,
            max_relative = 1e-15
        );
        assert_eq!(cross_entropy(&[0.0_f64, -800.0], 1), 800.0);
        let zero = cross_entropy(&[50.0_f64, 0.0], 0);
        assert!(zero > 0.0, "ln(1 + e⁻⁵⁰) is not 0");
        assert_eq!(cross_entropy(&[f64::INFINITY, 0.0], 0), 0.0);
        assert!(cross_entropy(&[f64::INFINITY, 0.0], 0).is_sign_positive());
        assert_eq!(
            cross_entropy(&[0.0_f64, f64::NEG_INFINITY], 1),
            f64::INFINITY
        );
        assert!(cross_entropy(&[0.0_f32, f32::NAN], 0).is_nan());
    }

    #[test]
    fn gradient_is_p_minus_y_and_the_jacobian_product() {
        let x = [2.0_f64, 1.0, 0.1, -1.0];
        let p = softmax(&x);
        let j = softmax_jacobian(&x);
        for target in 0..4 {
            let g = cross_entropy_gradient(&x, target);
            for k in 0..4 {
                let y = if k == target { 1.0 } else { 0.0 };
                assert_relative_eq!(g[k], p[k] - y, max_relative = 1e-15);
                // Chain rule: ∂L/∂x_k = Σᵢ ∂L/∂pᵢ · J[i][k], ∂L/∂pᵢ = −δᵢy / p_y.
                let chain = -j[target][k] / p[target];
                assert_relative_eq!(g[k], chain, max_relative = 1e-14);
                let fd = central_difference(|x| cross_entropy(x, target), &x, k);
                assert_abs_diff_eq!(g[k], fd, epsilon = 1e-8);
            }
            assert_abs_diff_eq!(g.iter().sum::<f64>(), 0.0, epsilon = 2.0 * f64::EPSILON);
        }
    }

    #[test]
    fn gradient_does_not_cancel_when_confident() {
        let g = cross_entropy_gradient(&[40.0_f64, 0.0], 0);
        let e = (-40.0_f64).exp();
        assert_relative_eq!(g[0], -e, max_relative = 1e-15);
        assert_relative_eq!(g[1], e, max_relative = 1e-15);
        assert_eq!(g[0] + g[1], 0.0);
        let g32 = cross_entropy_gradient(&[40.0_f32, 0.0], 0);
        assert_eq!(g32, vec![-e as f32, e as f32]);
        // Special values.
        let g = cross_entropy_gradient(&[f64::INFINITY, 0.0], 0);
        assert!(g.iter().all(|&v| v == 0.0 && v.is_sign_positive()));
        assert!(
            cross_entropy_gradient(&[f64::NAN, 0.0], 1)
                .iter()
                .all(|v| v.is_nan())
        );
    }

    #[test]
    #[should_panic(expected = "cross_entropy: target class 3 is out of range for 3 logits")]
    fn cross_entropy_rejects_a_bad_target() {
        cross_entropy(&NOTEBOOK, 3);
    }

    #[test]
    #[should_panic(expected = "cross_entropy_gradient: target class 0 is out of range for 0")]
    fn gradient_rejects_a_bad_target() {
        cross_entropy_gradient::<f32>(&[], 0);
    }
}
