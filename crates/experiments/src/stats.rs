//! The statistics of the experiments: a mean over many seeds and its 95%
//! confidence interval (Student's t), the interval of a paired difference,
//! the verdict an interval allows, and the parallel loop over seeds that
//! stays deterministic.
//!
//! One run of an experiment is one draw of a random variable: the seed fixes
//! the initial weights, the data and the order of the minibatches. A claim
//! such as “ReLU reaches a lower loss than sigmoid” is a claim about the
//! mean of that variable, and n runs estimate it only up to an interval. The
//! t interval x̄ ± t₀.₉₇₅(n − 1)·s/√n covers the true mean in 95% of
//! repetitions when the runs are independent and roughly normal; with 10 to
//! 20 seeds it is honest enough for the book's purpose, and the text never
//! rests a conclusion on an interval's last digit.
//!
//! ```
//! use activations_experiments::stats::{Interval, Verdict};
//!
//! let sample = [1.0, 2.0, 3.0, 4.0, 5.0];
//! let ci = Interval::of(&sample);
//! assert_eq!(ci.mean, 3.0);
//! // s = √2.5, t₀.₉₇₅(4) = 2.776445, half-width = t·s/√5.
//! assert!((ci.half_width - 2.776445 * 2.5_f64.sqrt() / 5.0_f64.sqrt()).abs() < 1e-6);
//! assert_eq!(ci.verdict_positive(), Verdict::Supported);
//! ```

use rayon::prelude::*;
use std::fmt;

// ANCHOR: interval
/// A mean and the half-width of its 95% confidence interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    pub mean: f64,
    pub half_width: f64,
    /// How many values the interval is computed from.
    pub n: usize,
}

impl Interval {
    /// The mean of `values` with the t interval x̄ ± t₀.₉₇₅(n − 1)·s/√n,
    /// where s is the sample standard deviation (divisor n − 1).
    ///
    /// # Panics
    ///
    /// If there are fewer than two values: one value has no spread, and an
    /// interval of width 0 would claim a certainty the data do not give.
    pub fn of(values: &[f64]) -> Interval {
        let n = values.len();
        assert!(n >= 2, "a confidence interval needs at least two values");
        let m = mean(values);
        let s = sample_sd(values);
        Interval {
            mean: m,
            half_width: t_975(n - 1) * s / (n as f64).sqrt(),
            n,
        }
    }

    /// The interval of the mean of the paired differences aᵢ − bᵢ: runs i of
    /// a and b share a seed (same data, same initial weights, same batch
    /// order), so most of the luck of the seed cancels in the difference.
    ///
    /// # Panics
    ///
    /// If `a` and `b` differ in length.
    pub fn paired(a: &[f64], b: &[f64]) -> Interval {
        assert_eq!(a.len(), b.len(), "paired values come in pairs");
        let d: Vec<f64> = a.iter().zip(b).map(|(a, b)| a - b).collect();
        Interval::of(&d)
    }

    pub fn low(&self) -> f64 {
        self.mean - self.half_width
    }

    pub fn high(&self) -> f64 {
        self.mean + self.half_width
    }

    /// Whether the interval lies entirely above 0.
    pub fn above_zero(&self) -> bool {
        self.low() > 0.0
    }

    /// Whether the interval lies entirely below 0.
    pub fn below_zero(&self) -> bool {
        self.high() < 0.0
    }

    /// The verdict on the claim “the mean is positive”: 支持 if the interval
    /// lies above 0, 不支持 if it lies below, 无法判断 if it contains 0.
    pub fn verdict_positive(&self) -> Verdict {
        if self.above_zero() {
            Verdict::Supported
        } else if self.below_zero() {
            Verdict::Contradicted
        } else {
            Verdict::Undecided
        }
    }
}

impl fmt::Display for Interval {
    /// “均值 ± 半宽”, with `precision` decimals if given (3 otherwise).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = f.precision().unwrap_or(3);
        write!(f, "{:.p$} ± {:.p$}", self.mean, self.half_width)
    }
}
// ANCHOR_END: interval

/// The verdict of the ledger (`claims.md`) on one claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// 支持: every interval the claim rests on lies on its side of 0.
    Supported,
    /// 部分支持: true in part of the conditions tested, or only in part.
    Partly,
    /// 不支持: an interval lies on the other side of 0.
    Contradicted,
    /// 无法判断: the intervals contain 0; the experiment cannot tell.
    Undecided,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Supported => "支持",
            Verdict::Partly => "部分支持",
            Verdict::Contradicted => "不支持",
            Verdict::Undecided => "无法判断",
        })
    }
}

/// The arithmetic mean.
pub fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// The sample standard deviation √(Σ(x − x̄)² / (n − 1)).
pub fn sample_sd(values: &[f64]) -> f64 {
    let m = mean(values);
    let ss: f64 = values.iter().map(|x| (x - m) * (x - m)).sum();
    (ss / (values.len() - 1) as f64).sqrt()
}

// ANCHOR: t
/// t₀.₉₇₅(df): the 97.5% quantile of Student's t distribution with `df`
/// degrees of freedom, the factor of a two-sided 95% interval. From a table
/// (six decimals) up to 30, and above that from the Cornish–Fisher
/// expansion around the normal quantile z = 1.959964, whose error there is
/// below 10⁻⁶.
///
/// # Panics
///
/// If `df` is 0.
pub fn t_975(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157,
        2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922,
        2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831,
        2.048407, 2.045230, 2.042272,
    ];
    assert!(df > 0, "Student's t needs at least one degree of freedom");
    if df <= TABLE.len() {
        return TABLE[df - 1];
    }
    let (z, v) = (1.959_963_984_540_054_f64, df as f64);
    let (z3, z5, z7) = (z.powi(3), z.powi(5), z.powi(7));
    z + (z3 + z) / (4.0 * v)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * v * v)
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * v * v * v)
}
// ANCHOR_END: t

// ANCHOR: over_seeds
/// `run(seed)` for every seed, on all cores, the results in the order of
/// `seeds`. Each run is independent (its own generator, its own network),
/// and rayon's `collect` keeps the order, so the result — and every sum
/// computed from it afterwards, in that order — has the same bytes with one
/// thread or many.
pub fn over_seeds<T: Send>(seeds: &[u64], run: impl Fn(u64) -> T + Sync) -> Vec<T> {
    seeds.par_iter().map(|&seed| run(seed)).collect()
}
// ANCHOR_END: over_seeds

/// The seeds 1, 2, …, n.
pub fn seeds(n: u64) -> Vec<u64> {
    (1..=n).collect()
}

/// One curve per seed, `curves[s][e]` the value after epoch e with seed
/// s + 1: the mean after epoch `e` over the seeds, with its 95% interval.
pub fn at_epoch(curves: &[Vec<f64>], e: usize) -> Interval {
    Interval::of(&curves.iter().map(|c| c[e]).collect::<Vec<f64>>())
}

/// The first epoch at which each curve falls below `target`; a curve that
/// never does counts as `never` (a lower bound of the truth, which makes a
/// slow run look faster than it is, never slower).
pub fn first_below(curves: &[Vec<f64>], target: f64, never: usize) -> Vec<f64> {
    curves
        .iter()
        .map(|c| c.iter().position(|&v| v < target).unwrap_or(never) as f64)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The density of Student's t with ν degrees of freedom.
    fn t_density(x: f64, v: f64) -> f64 {
        let log_c = libm::lgamma((v + 1.0) / 2.0)
            - libm::lgamma(v / 2.0)
            - 0.5 * (v * std::f64::consts::PI).ln();
        (log_c - (v + 1.0) / 2.0 * (1.0 + x * x / v).ln()).exp()
    }

    /// ∫₀ᵗ density, by Simpson's rule on 20 000 intervals: an independent
    /// reference for the quantile (P(0 < T < t₀.₉₇₅) = 0.475).
    fn t_mass(t: f64, v: f64) -> f64 {
        let n = 20_000;
        let h = t / n as f64;
        let mut s = t_density(0.0, v) + t_density(t, v);
        for k in 1..n {
            let w = if k % 2 == 1 { 4.0 } else { 2.0 };
            s += w * t_density(k as f64 * h, v);
        }
        s * h / 3.0
    }

    #[test]
    fn t_quantiles_hold_95_percent_of_the_mass() {
        for df in [1, 2, 3, 4, 5, 9, 10, 19, 29, 30, 31, 39, 50, 100, 1000] {
            let mass = t_mass(t_975(df), df as f64);
            assert!((mass - 0.475).abs() < 2e-7, "df {df}: {mass}");
        }
        // Decreasing towards the normal quantile.
        assert!((1..200).all(|df| t_975(df) > t_975(df + 1)));
        assert!((t_975(1_000_000) - 1.959964).abs() < 1e-5);
    }

    #[test]
    fn intervals_and_verdicts() {
        let ci = Interval::of(&[3.0, 4.0, 5.0]);
        assert_eq!((ci.mean, ci.n), (4.0, 3));
        // s = 1, t₀.₉₇₅(2) = 4.302653.
        assert!((ci.half_width - 4.302653 / 3.0_f64.sqrt()).abs() < 1e-12);
        assert_eq!(ci.verdict_positive(), Verdict::Supported);
        assert_eq!(
            Interval::of(&[-1.0, 1.0, 0.5]).verdict_positive(),
            Verdict::Undecided
        );
        assert_eq!(
            Interval::of(&[-1.0, -1.1, -0.9]).verdict_positive(),
            Verdict::Contradicted
        );
        // Paired: a constant difference has a zero-width interval, however
        // much the pairs themselves vary.
        let p = Interval::paired(&[1.0, 5.0, 9.0], &[0.5, 4.5, 8.5]);
        assert_eq!((p.mean, p.half_width), (0.5, 0.0));
        assert_eq!(format!("{:.2}", p), "0.50 ± 0.00");
    }

    #[test]
    fn over_seeds_is_ordered_and_independent_of_the_thread_count() {
        let work = |seed: u64| {
            let mut rng = crate::random::rng(seed);
            (0..1000)
                .map(|_| crate::random::uniform(&mut rng))
                .sum::<f64>()
        };
        let pool = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
        };
        let one = pool(1).install(|| over_seeds(&seeds(16), work));
        let two = pool(2).install(|| over_seeds(&seeds(16), work));
        assert_eq!(one, two);
        assert_eq!(one[3], work(4));
    }
}
