//! The online softmax: log-sum-exp and softmax in one streaming pass, with
//! a merge of partial results — the step FlashAttention's tiling relies on
//! (see online_softmax.md).

use std::marker::PhantomData;

use crate::Float;
use crate::double_double::{Dd, div, exp_dd, exp_mul, fast_two_sum, two_prod, two_sum};
use crate::math;

// ANCHOR: state
/// The running state of a softmax over a stream of logits: the running
/// maximum m and the running normaliser d = Σᵢ e^(xᵢ − m) (Milakov and
/// Gimelshein, 2018).
///
/// [`push`](Self::push) adds one logit, [`merge`](Self::merge) combines the
/// states of two disjoint parts of the input (in any grouping: the merge is
/// associative and commutative), and the state gives the log-sum-exp
/// m + ln d and each probability e^(x − m)/d. Nothing else of the input is
/// kept, so a stream of any length needs O(1) memory.
///
/// The recurrence is the textbook one; the arithmetic is not. m is the exact
/// value of a logit (widened to `f64`), and d is a double-double (about 100
/// bits): each exponential e^(x − m) and each rescaling factor e^(m_old −
/// m_new) is computed to about 100 bits, with x − m formed exactly. So no
/// order of pushes and merges changes the result by more than a hair far
/// below one ULP of `f64`, and every result is rounded once at the end:
/// within one ULP (`f64`) or half an ULP and a hair (`f32`) of the exact
/// value. Terms below e^(−700) of the running maximum are dropped from d:
/// since d ≥ 1, they are below 2⁻¹⁰⁰⁰ of it.
///
/// Special values: the empty state (and a state of only −∞ logits) has
/// m = −∞ and d = 0; −∞ logits add nothing; a +∞ logit sets m = +∞, and d
/// then counts the +∞ logits; a NaN logit makes the whole state NaN.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OnlineSoftmax<T> {
    max: f64,
    sum: Dd,
    _logits: PhantomData<T>,
}
// ANCHOR_END: state

impl<T: Float> Default for OnlineSoftmax<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Float> OnlineSoftmax<T> {
    /// The state of no logits: m = −∞, d = 0.
    pub fn new() -> Self {
        OnlineSoftmax {
            max: f64::NEG_INFINITY,
            sum: Dd::from_f64(0.0),
            _logits: PhantomData,
        }
    }

    fn nan() -> Self {
        OnlineSoftmax {
            max: f64::NAN,
            sum: Dd::from_f64(f64::NAN),
            _logits: PhantomData,
        }
    }

    // ANCHOR: push
    /// Adds one logit x: if x > m, the old d is rescaled to the new maximum,
    /// d ← d·e^(m − x) + 1 and m ← x; otherwise d ← d + e^(x − m).
    pub fn push(&mut self, x: T) {
        let x = widen(x);
        if x.is_nan() || self.max.is_nan() {
            *self = Self::nan();
        } else if x > self.max {
            self.sum = self.sum.mul(shifted_exp(self.max, x)).add_f64(1.0);
            self.max = x;
        } else {
            self.sum = self.sum.add(shifted_exp(x, self.max));
        }
    }
    // ANCHOR_END: push

    // ANCHOR: merge
    /// The state of the union of two disjoint parts of the input:
    /// m = max(m₁, m₂), d = d₁·e^(m₁ − m) + d₂·e^(m₂ − m).
    ///
    /// One of the two factors is e⁰ = 1. A part with no finite logit has
    /// m = −∞, and its factor is 0 (not e^(−∞ − (−∞)) = NaN).
    pub fn merge(self, other: Self) -> Self {
        if self.max.is_nan() || other.max.is_nan() {
            return Self::nan();
        }
        let max = self.max.max(other.max);
        let sum = self
            .sum
            .mul(shifted_exp(self.max, max))
            .add(other.sum.mul(shifted_exp(other.max, max)));
        OnlineSoftmax {
            max,
            sum,
            _logits: PhantomData,
        }
    }
    // ANCHOR_END: merge

    /// The running maximum m (−∞ for the empty state).
    pub fn max(&self) -> T {
        narrow(self.max)
    }

    /// The running normaliser d = Σᵢ e^(xᵢ − m), rounded to `T` (0 for the
    /// empty state, the number of +∞ logits when m = +∞).
    pub fn normalizer(&self) -> T {
        narrow(self.sum.to_f64())
    }

    // ANCHOR: log_sum_exp
    /// ln Σᵢ e^(xᵢ) = m + ln d, with ln d to about 100 bits and one rounding
    /// of the sum, so it stays accurate even where m and ln d cancel.
    ///
    /// −∞ for the empty state (the logarithm of an empty sum), +∞ if a logit
    /// is +∞, NaN if a logit is NaN.
    pub fn log_sum_exp(&self) -> T {
        if !self.max.is_finite() {
            return narrow(self.max); // −∞ (empty), +∞ or NaN
        }
        narrow(Dd::from_f64(self.max).add(ln_dd(self.sum)).to_f64())
    }
    // ANCHOR_END: log_sum_exp

    // ANCHOR: probability
    /// The softmax probability e^(x − m)/d of a logit x that was pushed.
    ///
    /// A −∞ logit gets 0. With m = +∞ the probabilities are the limit where
    /// one exists (1 for the single +∞ logit, 0 for the others) and NaN when
    /// several logits are +∞; a state with no finite logit, or a NaN, gives
    /// NaN — as [`softmax`](crate::softmax) does.
    pub fn probability(&self, x: T) -> T {
        let x = widen(x);
        if x.is_nan() || self.max.is_nan() || self.max == f64::NEG_INFINITY {
            return T::nan();
        }
        if self.max == f64::INFINITY {
            return match (self.sum.hi == 1.0, x == f64::INFINITY) {
                (true, true) => T::one(),
                (true, false) => T::zero(),
                (false, _) => T::nan(),
            };
        }
        if x == f64::NEG_INFINITY {
            return T::zero();
        }
        let y = two_sum(x, -self.max); // x − m, exactly
        if y.hi >= -700.0 {
            narrow(div(exp_dd(y), self.sum))
        } else {
            // Deep in the tail: the result may be subnormal, so round only once.
            narrow(exp_mul(reciprocal(self.sum), y).to_f64())
        }
    }
    // ANCHOR_END: probability
}

impl<T: Float> FromIterator<T> for OnlineSoftmax<T> {
    /// The state after pushing every logit of the iterator, in order.
    fn from_iter<I: IntoIterator<Item = T>>(logits: I) -> Self {
        let mut state = Self::new();
        for x in logits {
            state.push(x);
        }
        state
    }
}

// ANCHOR: online_softmax
/// Softmax in two passes over the logits: the first builds the online state
/// (m, d), the second writes e^(xᵢ − m)/d. The two-pass algorithm of
/// [`softmax`](crate::softmax) needs a third pass (one for the maximum, one
/// for the sum, one for the probabilities).
///
/// The result equals the exact softmax to within one ULP (`f64`) or half an
/// ULP and a hair (`f32`); special values follow `softmax`: an empty slice
/// gives an empty `Vec`, a NaN anywhere NaN everywhere, −∞ logits get 0, a
/// single +∞ logit takes all the probability, several +∞ logits (or only
/// −∞ logits) give NaN.
pub fn online_softmax<T: Float>(logits: &[T]) -> Vec<T> {
    let state: OnlineSoftmax<T> = logits.iter().copied().collect(); // pass 1
    logits.iter().map(|&x| state.probability(x)).collect() // pass 2
}
// ANCHOR_END: online_softmax

// ANCHOR: naive
/// The textbook online softmax, in plain `T` arithmetic: one pass for
/// m and d with d ← d·e^(m − m_new) + e^(x − m_new), one for e^(x − m)/d.
/// The book measures its rounding errors against [`online_softmax`]; each
/// rescaling costs about one rounding, so its error grows with the number of
/// times the maximum changes. For finite logits only (an initial −∞ − (−∞)
/// would be NaN).
pub fn online_softmax_naive<T: Float>(logits: &[T]) -> Vec<T> {
    let (mut m, mut d) = (T::neg_infinity(), T::zero());
    for &x in logits {
        let m_new = m.max(x);
        d = d * math::exp(m - m_new) + math::exp(x - m_new);
        m = m_new;
    }
    logits.iter().map(|&x| math::exp(x - m) / d).collect()
}
// ANCHOR_END: naive

// ANCHOR: attention_row
/// One row of scaled dot-product attention, Σᵢ softmax(s)ᵢ·vᵢ with scores
/// sᵢ = q·kᵢ/√dim, computed tile by tile as FlashAttention does: the scores
/// of `tile` keys at a time, an online state (m, d) and a running output o
/// that is rescaled whenever the maximum grows,
/// o ← o·e^(m_old − m_new) + Σ e^(s − m_new)·v, and divided by d at the end.
/// The whole row of scores is never stored: only one tile of it.
///
/// This is the plain kernel arithmetic in `T` (the book compares it with the
/// full-row computation); it is meant for finite inputs. No keys give an
/// empty result.
///
/// # Panics
/// If `tile` is 0, or `keys` and `values` differ in length, or a key's
/// length differs from the query's.
pub fn attention_row<T: Float>(
    query: &[T],
    keys: &[Vec<T>],
    values: &[Vec<T>],
    tile: usize,
) -> Vec<T> {
    assert!(tile > 0, "attention_row: the tile size must be at least 1");
    assert_eq!(keys.len(), values.len(), "attention_row: one value per key");
    let Some(first) = values.first() else {
        return Vec::new();
    };
    let scale = T::one() / T::from(query.len()).expect("a length is a float").sqrt();
    let (mut m, mut d) = (T::neg_infinity(), T::zero());
    let mut o = vec![T::zero(); first.len()];
    for (key_tile, value_tile) in keys.chunks(tile).zip(values.chunks(tile)) {
        let scores: Vec<T> = key_tile.iter().map(|k| dot(query, k) * scale).collect();
        let m_new = scores.iter().copied().fold(m, T::max);
        if m_new == T::neg_infinity() {
            continue; // nothing to add yet
        }
        let rescale = if m == T::neg_infinity() {
            T::zero()
        } else {
            math::exp(m - m_new)
        };
        d = d * rescale;
        o.iter_mut().for_each(|o| *o = *o * rescale);
        for (&s, v) in scores.iter().zip(value_tile) {
            let e = math::exp(s - m_new);
            d = d + e;
            for (o, &v) in o.iter_mut().zip(v) {
                *o = *o + e * v;
            }
        }
        m = m_new;
    }
    o.into_iter().map(|o| o / d).collect()
}

fn dot<T: Float>(a: &[T], b: &[T]) -> T {
    assert_eq!(
        a.len(),
        b.len(),
        "attention_row: keys have the query's length"
    );
    a.iter().zip(b).fold(T::zero(), |s, (&a, &b)| s + a * b)
}
// ANCHOR_END: attention_row

/// e^(x − m) for x ≤ m, to about 100 bits: 0 for x = −∞ (also when m = −∞),
/// 1 for x = m (also when both are +∞), 0 for finite x under m = +∞, and 0
/// when x − m < −700 (see `OnlineSoftmax`).
fn shifted_exp(x: f64, m: f64) -> Dd {
    if x == f64::NEG_INFINITY {
        return Dd::from_f64(0.0);
    }
    if x == m {
        return Dd::from_f64(1.0);
    }
    let y = two_sum(x, -m);
    if y.hi.is_nan() || y.hi < -700.0 {
        return Dd::from_f64(0.0); // m = +∞, x − m overflowed, or negligible
    }
    exp_dd(y)
}

/// ln d for a double-double d ≥ 1, to about 100 bits: one Newton step
/// L = L₀ + (d − e^L₀)/e^L₀ from the library's L₀ = ln d.hi.
pub(crate) fn ln_dd(d: Dd) -> Dd {
    let l0 = math::ln(d.hi);
    let e = exp_dd(Dd::from_f64(l0));
    fast_two_sum(l0, d.sub(e).hi / e.hi)
}

/// 1/d for a double-double d ≥ 1, to about 100 bits.
fn reciprocal(d: Dd) -> Dd {
    let q = 1.0 / d.hi;
    let p = two_prod(q, d.hi);
    let remainder = ((1.0 - p.hi) - p.lo) - q * d.lo;
    fast_two_sum(q, remainder / d.hi)
}

pub(crate) fn widen<T: Float>(x: T) -> f64 {
    x.to_f64().expect("f32 and f64 widen to f64")
}

pub(crate) fn narrow<T: Float>(x: f64) -> T {
    T::from(x).expect("an f64 converts to any float type")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::steps;
    use crate::{log_softmax, softmax};

    /// A small deterministic generator (xorshift), enough for shapes and orders.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
            lo + (hi - lo) * ((self.next() >> 11) as f64 / (1u64 << 53) as f64)
        }
    }

    /// Merges the single-logit states of `logits` in a random tree shape.
    fn random_tree(logits: &[f64], rng: &mut Rng) -> OnlineSoftmax<f64> {
        let mut parts: Vec<OnlineSoftmax<f64>> = logits
            .iter()
            .map(|&x| std::iter::once(x).collect())
            .collect();
        while parts.len() > 1 {
            let i = rng.below(parts.len());
            let a = parts.swap_remove(i);
            let j = rng.below(parts.len());
            let b = parts.swap_remove(j);
            parts.push(if rng.below(2) == 0 {
                a.merge(b)
            } else {
                b.merge(a)
            });
        }
        parts.pop().unwrap_or_default()
    }

    #[test]
    fn equals_softmax_and_log_softmax() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for n in 1..=40 {
            let logits: Vec<f64> = (0..n).map(|_| rng.uniform(-30.0, 30.0)).collect();
            let p = softmax(&logits);
            // ln Σ e^x = m − log_softmax(x)[argmax]: one rounding each.
            let top = (0..n).fold(0, |k, i| if logits[i] > logits[k] { i } else { k });
            let lse = logits[top] - log_softmax(&logits)[top];
            for _ in 0..5 {
                let state = random_tree(&logits, &mut rng);
                assert!(steps(state.log_sum_exp(), lse) <= 2, "{logits:?}");
                for (&x, &q) in logits.iter().zip(&p) {
                    assert!(steps(state.probability(x), q) <= 3, "{x} in {logits:?}");
                }
            }
            for (a, b) in online_softmax(&logits).iter().zip(&p) {
                assert!(steps(*a, *b) <= 3);
            }
        }
    }

    #[test]
    fn every_order_of_pushes_gives_the_same_bits() {
        // All 5! orders of five logits: the double-double state rounds to the
        // same result whatever the order.
        let logits = [0.3_f64, -2.5, 7.25, 7.0, -40.0];
        let first: OnlineSoftmax<f64> = logits.iter().copied().collect();
        let mut order = [0, 1, 2, 3, 4];
        let mut count = 0;
        permutations(&mut order, 0, &mut |order| {
            let state: OnlineSoftmax<f64> = order.iter().map(|&i| logits[i]).collect();
            assert_eq!(state.log_sum_exp(), first.log_sum_exp());
            assert_eq!(state.max(), 7.25);
            for &x in &logits {
                assert_eq!(state.probability(x), first.probability(x));
            }
            count += 1;
        });
        assert_eq!(count, 120);
    }

    fn permutations(a: &mut [usize; 5], k: usize, f: &mut impl FnMut(&[usize; 5])) {
        if k == a.len() {
            return f(a);
        }
        for i in k..a.len() {
            a.swap(k, i);
            permutations(a, k + 1, f);
            a.swap(k, i);
        }
    }

    #[test]
    fn special_values() {
        let empty = OnlineSoftmax::<f64>::new();
        assert_eq!(empty.log_sum_exp(), f64::NEG_INFINITY);
        assert_eq!(empty.normalizer(), 0.0);
        assert!(online_softmax::<f64>(&[]).is_empty());
        // −∞ states merge without ∞ − ∞.
        let minus: OnlineSoftmax<f64> = [f64::NEG_INFINITY; 3].into_iter().collect();
        assert_eq!(minus.log_sum_exp(), f64::NEG_INFINITY);
        let one: OnlineSoftmax<f64> = std::iter::once(2.0).collect();
        assert_eq!(minus.merge(one), one);
        assert_eq!(one.merge(minus), one);
        assert_eq!(minus.merge(empty).normalizer(), 0.0);
        // +∞ and NaN, as softmax.
        assert_eq!(
            online_softmax(&[1.0, f64::INFINITY, f64::NEG_INFINITY]),
            vec![0.0, 1.0, 0.0]
        );
        assert!(
            online_softmax(&[f64::INFINITY, 0.0, f64::INFINITY])
                .iter()
                .all(|p| p.is_nan())
        );
        assert!(
            online_softmax(&[f32::NEG_INFINITY; 2])
                .iter()
                .all(|p| p.is_nan())
        );
        assert!(
            online_softmax(&[1.0_f32, f32::NAN])
                .iter()
                .all(|p| p.is_nan())
        );
        let inf: OnlineSoftmax<f32> = [1.0, f32::INFINITY].into_iter().collect();
        assert_eq!(inf.log_sum_exp(), f32::INFINITY);
        let nan: OnlineSoftmax<f32> = [f32::NAN].into_iter().collect();
        assert!(nan.merge(inf).log_sum_exp().is_nan());
        // Huge logits: no overflow, and the tail below e^(−745) is 0.
        assert_eq!(
            online_softmax(&[f64::MAX, f64::MAX, -f64::MAX]),
            vec![0.5, 0.5, 0.0]
        );
        let deep = online_softmax(&[0.0_f64, -740.0]);
        assert!(deep[1] > 0.0 && deep[1] < f64::MIN_POSITIVE);
    }

    #[test]
    fn attention_matches_the_full_row_for_every_tile_size() {
        let mut rng = Rng(7);
        let (n, dim) = (13, 4);
        let mut row = || {
            (0..dim)
                .map(|_| rng.uniform(-3.0, 3.0))
                .collect::<Vec<f64>>()
        };
        let query = row();
        let keys: Vec<Vec<f64>> = (0..n).map(|_| row()).collect();
        let values: Vec<Vec<f64>> = (0..n).map(|_| row()).collect();
        let scale = 1.0 / (dim as f64).sqrt();
        let scores: Vec<f64> = keys.iter().map(|k| dot(&query, k) * scale).collect();
        let p = softmax(&scores);
        for tile in 1..=n + 1 {
            let o = attention_row(&query, &keys, &values, tile);
            for (c, o) in o.iter().enumerate() {
                let exact: f64 = p.iter().zip(&values).map(|(p, v)| p * v[c]).sum();
                let size: f64 = p.iter().zip(&values).map(|(p, v)| p * v[c].abs()).sum();
                assert!(
                    (o - exact).abs() <= 64.0 * f64::EPSILON * size,
                    "tile {tile}"
                );
            }
        }
        assert!(attention_row::<f64>(&query, &[], &[], 3).is_empty());
    }
}
