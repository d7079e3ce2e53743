//! The one seeded generator of the experiments, and the uniform numbers the
//! MLP's initial weights and the data sets are drawn from.
//!
//! ChaCha with 8 rounds is portable and reproducible: the same seed gives the
//! same stream of bits on every platform and with every compiler, so a
//! figure drawn from seeded data has the same bytes everywhere.

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The seeded generator every experiment draws from.
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

// ANCHOR: uniform
/// A uniform number in [0, 1) from the top 53 bits of the generator's next
/// `u64` (every such number is an exact `f64`, so nothing is rounded).
pub fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}
// ANCHOR_END: uniform

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_is_in_the_unit_interval_and_seeded() {
        let mut a = rng(0);
        let draws: Vec<f64> = (0..1000).map(|_| uniform(&mut a)).collect();
        assert!(draws.iter().all(|u| (0.0..1.0).contains(u)));
        let mut b = rng(0);
        assert!(draws.iter().all(|&u| u == uniform(&mut b)));
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((mean - 0.5).abs() < 0.05, "{mean}");
    }
}
