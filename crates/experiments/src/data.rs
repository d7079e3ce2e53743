//! Data sets of the experiments: the “two moons” of scikit-learn's
//! `make_moons`, and the normal numbers that blur them. Every random number
//! comes from [`rng`], the one seeded generator of the
//! book's experiments.

use crate::mlp::Sample;
use crate::random::{rng, uniform};
use rand_chacha::ChaCha8Rng;
use std::f64::consts::PI;

// ANCHOR: two_moons
/// The “two moons” toy data set: two interleaving half circles in the plane,
/// `per_class` points each, with Gaussian noise of standard deviation
/// `noise` added to both coordinates. Class 0 is the upper moon, centred at
/// (0, 0); class 1 the lower one, centred at (1, 0.5) and flipped (as in
/// scikit-learn's `make_moons`). The points are then shifted and scaled to
/// lie roughly in [−1, 1]², and the two classes alternate in the list.
pub fn two_moons(per_class: usize, noise: f64, seed: u64) -> Vec<Sample> {
    let mut rng = rng(seed);
    let mut data = Vec::with_capacity(2 * per_class);
    for k in 0..per_class {
        // Evenly spaced angles in [0, π], as make_moons does.
        let t = if per_class > 1 {
            PI * k as f64 / (per_class - 1) as f64
        } else {
            0.0
        };
        let (cos, sin) = (libm::cos(t), libm::sin(t));
        let moons = [(cos, sin), (1.0 - cos, 0.5 - sin)];
        for (label, (x, y)) in moons.into_iter().enumerate() {
            let x = x + noise * standard_normal(&mut rng);
            let y = y + noise * standard_normal(&mut rng);
            // Centre (0.5, 0.25) and scale the width 3 to about 2.
            let input = vec![(x - 0.5) / 1.5, (y - 0.25) / 1.5];
            data.push(Sample { input, label });
        }
    }
    data
}

/// A standard normal number by the Box–Muller transform. 1 − u lies in
/// (0, 1], so the logarithm is finite.
pub fn standard_normal(rng: &mut ChaCha8Rng) -> f64 {
    let u = 1.0 - uniform(rng);
    let v = uniform(rng);
    (-2.0 * libm::log(u)).sqrt() * libm::cos(2.0 * PI * v)
}
// ANCHOR_END: two_moons

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moons_are_seeded_balanced_and_bounded() {
        let a = two_moons(100, 0.1, 1);
        assert_eq!(a, two_moons(100, 0.1, 1));
        assert_ne!(a, two_moons(100, 0.1, 2));
        assert_eq!(a.len(), 200);
        assert_eq!(a.iter().filter(|s| s.label == 1).count(), 100);
        for s in &a {
            assert!(s.input.iter().all(|v| v.abs() < 1.5), "{s:?}");
        }
        // Without noise the points lie exactly on the two half circles.
        for s in two_moons(10, 0.0, 0) {
            let (x, y) = (s.input[0] * 1.5 + 0.5, s.input[1] * 1.5 + 0.25);
            let (cx, cy) = if s.label == 0 { (0.0, 0.0) } else { (1.0, 0.5) };
            let r = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
            assert!((r - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn normal_numbers_have_mean_zero_and_variance_one() {
        let mut rng = rng(7);
        let n = 20_000;
        let xs: Vec<f64> = (0..n).map(|_| standard_normal(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.03, "{mean}");
        assert!((var - 1.0).abs() < 0.03, "{var}");
    }
}
