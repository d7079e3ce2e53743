//! Accuracy of the online softmax, sparsemax, 1.5-entmax, their Jacobians
//! and sigmoid attention against 256-bit `astro-float` references (the
//! chapters online_softmax.md and softmax_alternatives.md).
//!
//! Each reference is computed from the exact inputs at 256 bits and rounded
//! correctly to `f32` or `f64` (through its decimal expansion, which Rust's
//! parser rounds correctly); the test asserts how many representable steps
//! lie between the library's result and that correctly rounded value. Run
//!
//! ```text
//! cargo test --test accuracy_softmax -- --nocapture
//! ```
//!
//! to see the largest distances. The online state is measured after pushes in
//! random orders and merges in random tree shapes.

use std::fmt::Debug;

use activations::{
    Float, OnlineSoftmax, entmax15, entmax15_jacobian, online_softmax, sigmoid_attention,
    sparsemax, sparsemax_jacobian,
};
use astro_float::{BigFloat, Consts, Radix, RoundingMode};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const P: usize = 256;
const RM: RoundingMode = RoundingMode::ToEven;

trait Fp: Float + Debug + std::str::FromStr {
    const NAME: &'static str;
    /// Largest shift of logits that keeps x − m exact in 256 bits and
    /// in range of e^(x − m) in this format.
    const SPREAD: f64;
    fn widen(self) -> f64;
    fn narrow(x: f64) -> Self;
    /// A monotone integer image of the value; +0 and −0 both map to 0.
    fn ordinal(self) -> i64;
}

impl Fp for f64 {
    const NAME: &'static str = "f64";
    const SPREAD: f64 = 745.0;
    fn widen(self) -> f64 {
        self
    }
    fn narrow(x: f64) -> Self {
        x
    }
    fn ordinal(self) -> i64 {
        let magnitude = (self.to_bits() & !(1 << 63)) as i64;
        if self.is_sign_negative() {
            -magnitude
        } else {
            magnitude
        }
    }
}

impl Fp for f32 {
    const NAME: &'static str = "f32";
    const SPREAD: f64 = 104.0;
    fn widen(self) -> f64 {
        f64::from(self)
    }
    fn narrow(x: f64) -> Self {
        x as f32
    }
    fn ordinal(self) -> i64 {
        let magnitude = i64::from(self.to_bits() & !(1 << 31));
        if self.is_sign_negative() {
            -magnitude
        } else {
            magnitude
        }
    }
}

/// The exact value of a finite `f64` (subnormals scaled into the normal
/// range first: `BigFloat::from_f64` of astro-float 0.9.6 halves them).
fn big(x: f64) -> BigFloat {
    assert!(x.is_finite(), "no big float for {x}");
    if x != 0.0 && x.abs() < f64::MIN_POSITIVE {
        let mut b = BigFloat::from_f64(x * 2f64.powi(64), P);
        b.set_exponent(b.exponent().unwrap() - 64);
        b
    } else {
        BigFloat::from_f64(x, P)
    }
}

fn int(n: usize) -> BigFloat {
    BigFloat::from_u64(n as u64, P)
}

/// `b` correctly rounded to T.
fn rounded<T: Fp>(b: &BigFloat, cc: &mut Consts) -> T {
    if b.is_zero() {
        return T::zero();
    }
    let text = b.format(Radix::Dec, RM, cc).expect("formatting");
    text.parse()
        .unwrap_or_else(|_| panic!("cannot parse {text:?}"))
}

/// Steps from `a` to `b` (NaN only matches NaN).
fn distance<T: Fp>(a: T, b: T) -> u64 {
    if a.is_nan() || b.is_nan() {
        return if a.is_nan() && b.is_nan() {
            0
        } else {
            u64::MAX
        };
    }
    a.ordinal().abs_diff(b.ordinal())
}

fn lt(a: &BigFloat, b: &BigFloat) -> bool {
    a.cmp(b).is_some_and(|c| c < 0)
}

// ---------------------------------------------------------------------------
// References.
// ---------------------------------------------------------------------------

/// Softmax and log-sum-exp of finite or −∞ logits (at least one finite).
fn softmax_reference(z: &[f64], cc: &mut Consts) -> (Vec<BigFloat>, BigFloat) {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let bm = big(m);
    let terms: Vec<BigFloat> = z
        .iter()
        .map(|&x| {
            if x == f64::NEG_INFINITY {
                BigFloat::new(P)
            } else {
                big(x).sub(&bm, P, RM).exp(P, RM, cc)
            }
        })
        .collect();
    let sum = terms.iter().fold(BigFloat::new(P), |s, t| s.add(t, P, RM));
    let lse = bm.add(&sum.ln(P, RM, cc), P, RM);
    (terms.iter().map(|t| t.div(&sum, P, RM)).collect(), lse)
}

/// Sparsemax (α = 2) or 1.5-entmax (α = 1.5) of finite logits: for each
/// support size k, the threshold τₖ that makes the top k sum to 1, accepted
/// when it is consistent (y₍ₖ₎ > τₖ ≥ y₍ₖ₊₁₎). Returns the scores sᵢ with
/// pᵢ = sᵢ (sparsemax) or sᵢ² (entmax).
fn sparse_reference(z: &[f64], entmax: bool, cc: &mut Consts) -> Vec<BigFloat> {
    let scale = if entmax { 0.5 } else { 1.0 };
    let y: Vec<BigFloat> = z.iter().map(|&x| big(x).mul(&big(scale), P, RM)).collect();
    let mut sorted = y.clone();
    sorted.sort_by(|a, b| b.cmp(a).map(|c| c.cmp(&0)).expect("finite"));
    let one = int(1);
    let (mut sum, mut squares) = (BigFloat::new(P), BigFloat::new(P));
    for k in 1..=sorted.len() {
        let yk = &sorted[k - 1];
        sum = sum.add(yk, P, RM);
        squares = squares.add(&yk.mul(yk, P, RM), P, RM);
        let tau = if entmax {
            // Σ(y − τ)² = 1: kτ² − 2Sτ + Q − 1 = 0, the smaller root.
            let kk = int(k);
            let disc = sum
                .mul(&sum, P, RM)
                .sub(&kk.mul(&squares.sub(&one, P, RM), P, RM), P, RM);
            if lt(&disc, &BigFloat::new(P)) {
                continue;
            }
            sum.sub(&disc.sqrt(P, RM), P, RM).div(&kk, P, RM)
        } else {
            sum.sub(&one, P, RM).div(&int(k), P, RM)
        };
        let next_below = sorted.get(k).is_none_or(|next| !lt(&tau, next));
        if lt(&tau, yk) && next_below {
            return y
                .iter()
                .map(|v| {
                    if lt(&tau, v) {
                        v.sub(&tau, P, RM)
                    } else {
                        BigFloat::new(P)
                    }
                })
                .collect();
        }
    }
    let _ = cc;
    panic!("no consistent support for {z:?}")
}

// ---------------------------------------------------------------------------
// Inputs.
// ---------------------------------------------------------------------------

/// Rows of logits: random lengths and spreads, ties, −∞ entries, deep tails
/// and large shifts (which make x − m inexact in the format).
fn rows<T: Fp>(rng: &mut ChaCha8Rng) -> Vec<Vec<T>> {
    let mut rows = Vec::new();
    for _ in 0..400 {
        let n = rng.random_range(1..=40);
        let spread = [0.5, 3.0, 30.0, T::SPREAD][rng.random_range(0..4)];
        let shift = [0.0, 1000.1, -31_415.9, 1e7 / 3.0][rng.random_range(0..4)];
        let mut row: Vec<T> = (0..n)
            .map(|_| T::narrow(shift + rng.random_range(-spread..spread)))
            .collect();
        if n > 2 && rng.random_bool(0.2) {
            row[1] = row[0]; // a tie
        }
        if n > 3 && rng.random_bool(0.2) {
            row[2] = T::neg_infinity();
        }
        rows.push(row);
    }
    rows.push(vec![T::narrow(2.0), T::narrow(1.0), T::narrow(0.1)]);
    rows
}

struct Worst {
    name: String,
    distance: u64,
    bound: u64,
    at: String,
}

impl Worst {
    fn new(name: &str, bound: u64) -> Worst {
        Worst {
            name: name.to_owned(),
            distance: 0,
            bound,
            at: String::new(),
        }
    }
    fn record<T: Fp>(&mut self, computed: T, exact: T, at: impl Fn() -> String) {
        let d = distance(computed, exact);
        if d > self.distance {
            self.distance = d;
            self.at = format!("{} (computed {computed:?}, exact {exact:?})", at());
        }
    }
}

fn check(worst: &[Worst]) {
    for w in worst {
        println!(
            "{:<40} {:>3} steps (bound {}) {}",
            w.name, w.distance, w.bound, w.at
        );
    }
    for w in worst {
        assert!(
            w.distance <= w.bound,
            "{}: {} steps at {}",
            w.name,
            w.distance,
            w.at
        );
    }
}

// ---------------------------------------------------------------------------
// Tests.
// ---------------------------------------------------------------------------

/// A state of `logits` pushed and merged in a random tree shape.
fn random_state<T: Fp>(logits: &[T], rng: &mut ChaCha8Rng) -> OnlineSoftmax<T> {
    let mut order: Vec<T> = logits.to_vec();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.random_range(0..=i));
    }
    let mut parts: Vec<OnlineSoftmax<T>> = Vec::new();
    let mut rest = &order[..];
    while !rest.is_empty() {
        let take = rng.random_range(1..=rest.len());
        parts.push(rest[..take].iter().copied().collect());
        rest = &rest[take..];
    }
    while parts.len() > 1 {
        let i = rng.random_range(0..parts.len() - 1);
        let right = parts.remove(i + 1);
        parts[i] = parts[i].merge(right); // neighbours, in any grouping
    }
    parts.pop().unwrap_or_default()
}

fn online<T: Fp>() -> Vec<Worst> {
    let mut cc = Consts::new().expect("constants");
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    let mut worst = vec![
        Worst::new(&format!("online_softmax {}", T::NAME), 1),
        Worst::new(&format!("OnlineSoftmax (random trees) {}", T::NAME), 1),
        Worst::new(&format!("log_sum_exp (random trees) {}", T::NAME), 1),
    ];
    for row in rows::<T>(&mut rng) {
        let wide: Vec<f64> = row.iter().map(|x| x.widen()).collect();
        let (p, lse) = softmax_reference(&wide, &mut cc);
        let p: Vec<T> = p.iter().map(|b| rounded(b, &mut cc)).collect();
        let lse: T = rounded(&lse, &mut cc);
        for (i, (c, e)) in online_softmax(&row).into_iter().zip(&p).enumerate() {
            worst[0].record(c, *e, || format!("x[{i}] of {row:?}"));
        }
        for _ in 0..3 {
            let state = random_state(&row, &mut rng);
            for (i, (x, e)) in row.iter().zip(&p).enumerate() {
                worst[1].record(state.probability(*x), *e, || format!("x[{i}] of {row:?}"));
            }
            worst[2].record(state.log_sum_exp(), lse, || format!("{row:?}"));
        }
    }
    worst
}

#[test]
fn online_softmax_is_within_one_step_in_any_merge_order() {
    check(&online::<f64>());
    check(&online::<f32>());
}

/// Sparsemax, entmax15 and their Jacobians against the references. A
/// probability or Jacobian entry below 2⁻⁴⁰ is allowed an absolute error of
/// 2⁻⁹⁰ instead: on the boundary of the support, where the exact value is 0,
/// the double-double arithmetic may leave a positive value below 2⁻¹⁰⁰.
fn sparse<T: Fp>() -> Vec<Worst> {
    let mut cc = Consts::new().expect("constants");
    let mut rng = ChaCha8Rng::seed_from_u64(15);
    let mut worst = vec![
        Worst::new(&format!("sparsemax {}", T::NAME), 1),
        Worst::new(&format!("entmax15 {}", T::NAME), 1),
        Worst::new(&format!("entmax15_jacobian {}", T::NAME), 1),
        Worst::new(&format!("sparsemax_jacobian {}", T::NAME), 0),
    ];
    let tiny = 2f64.powi(-40);
    let mut rows = rows::<T>(&mut rng);
    // Many near-ties around the support boundary.
    for _ in 0..200 {
        let n = rng.random_range(2..=12);
        rows.push(
            (0..n)
                .map(|_| T::narrow(rng.random_range(-1.0..1.0) / 4.0))
                .collect(),
        );
    }
    for row in rows {
        let wide: Vec<f64> = row.iter().map(|x| x.widen()).collect();
        let m = wide.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        // The references take z − m, exact in f64 for these rows (checked);
        // a −∞ logit stands as −10³⁰⁰, far outside any support.
        let shifted: Vec<f64> = wide
            .iter()
            .map(|&x| {
                if x == f64::NEG_INFINITY {
                    -1e300
                } else {
                    x - m
                }
            })
            .collect();
        let exact_shift = wide
            .iter()
            .zip(&shifted)
            .all(|(&x, &s)| x == f64::NEG_INFINITY || s + m == x && x - s == m);
        if !exact_shift {
            continue; // rare with these rows
        }
        for (index, entmax) in [(0, false), (1, true)] {
            let s = sparse_reference(&shifted, entmax, &mut cc);
            let exact: Vec<BigFloat> = if entmax {
                s.iter().map(|s| s.mul(s, P, RM)).collect()
            } else {
                s.clone()
            };
            let computed = if entmax {
                entmax15(&row)
            } else {
                sparsemax(&row)
            };
            for (i, (c, e)) in computed.iter().zip(&exact).enumerate() {
                let e: T = rounded(e, &mut cc);
                if e.widen() < tiny {
                    assert!((c.widen() - e.widen()).abs() <= 2f64.powi(-90), "{row:?}");
                } else {
                    worst[index].record(*c, e, || format!("p[{i}] of {row:?}"));
                }
            }
            if entmax {
                let total = s.iter().fold(BigFloat::new(P), |t, v| t.add(v, P, RM));
                let jacobian = entmax15_jacobian(&row);
                for (i, row_j) in jacobian.iter().enumerate() {
                    for (j, c) in row_j.iter().enumerate() {
                        let delta = if i == j {
                            s[i].clone()
                        } else {
                            BigFloat::new(P)
                        };
                        let e = delta.sub(&s[i].mul(&s[j], P, RM).div(&total, P, RM), P, RM);
                        let e: T = rounded(&e, &mut cc);
                        if e.widen().abs() >= tiny {
                            worst[2].record(*c, e, || format!("J[{i}][{j}] of {row:?}"));
                        } else {
                            // On the boundary of the support (y = τ exactly)
                            // the double-double s may be a tiny positive number.
                            assert!((c.widen() - e.widen()).abs() <= 2f64.powi(-90));
                        }
                    }
                }
            } else {
                let k = s.iter().filter(|v| !v.is_zero()).count();
                for (i, row_j) in sparsemax_jacobian(&row).iter().enumerate() {
                    for (j, c) in row_j.iter().enumerate() {
                        let e = if s[i].is_zero() || s[j].is_zero() {
                            BigFloat::new(P)
                        } else {
                            let delta = int(usize::from(i == j));
                            delta.sub(&int(1).div(&int(k), P, RM), P, RM)
                        };
                        worst[3].record(*c, rounded::<T>(&e, &mut cc), || format!("{row:?}"));
                    }
                }
            }
        }
    }
    worst
}

#[test]
fn sparsemax_and_entmax_are_within_one_step() {
    check(&sparse::<f64>());
    check(&sparse::<f32>());
}

fn sigmoid<T: Fp>() -> Vec<Worst> {
    let mut cc = Consts::new().expect("constants");
    let mut rng = ChaCha8Rng::seed_from_u64(16);
    let mut worst = vec![Worst::new(&format!("sigmoid_attention {}", T::NAME), 1)];
    for n in [1, 2, 3, 7, 64, 1000, 4096] {
        let ln_n = int(n).ln(P, RM, &mut cc);
        let scores: Vec<T> = (0..n)
            .map(|i| match i % 4 {
                0 => T::narrow(rng.random_range(-4.0..4.0)),
                1 => T::narrow(rng.random_range(-1.5 * T::SPREAD..40.0)),
                2 => T::narrow((n as f64).ln() + rng.random_range(-1e-6..1e-6)),
                _ => T::narrow(rng.random_range(-1e-3..1e-3)),
            })
            .collect();
        for (s, w) in scores.iter().zip(sigmoid_attention(&scores)) {
            let x = big(s.widen()).sub(&ln_n, P, RM);
            let e = x.neg().exp(P, RM, &mut cc);
            let exact = int(1).div(&int(1).add(&e, P, RM), P, RM);
            worst[0].record(w, rounded(&exact, &mut cc), || {
                format!("s = {s:?}, n = {n}")
            });
        }
    }
    worst
}

#[test]
fn sigmoid_attention_is_within_one_step() {
    check(&sigmoid::<f64>());
    check(&sigmoid::<f32>());
}
