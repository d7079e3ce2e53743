//! The experiment of `vanishing_gradients.md`: the size of the gradient, layer by layer, in a
//! deep network at initialisation.

use crate::data::two_moons;
use crate::mlp::{Activation, Mlp};
use crate::stats::{Interval, over_seeds, seeds};

// ANCHOR: setup
/// Hidden layers of the deep network.
pub const DEPTH: usize = 20;
/// Units in each hidden layer.
pub const WIDTH: usize = 32;
/// The seed of the data and of the initial weights.
pub const SEED: u64 = 2024;

/// The activations compared, each with its usual initialisation
/// (Xavier for sigmoid and tanh, He for the ReLU family).
pub const ACTIVATIONS: [Activation; 5] = [
    Activation::Sigmoid,
    Activation::Tanh,
    Activation::Relu,
    Activation::LeakyRelu(0.01),
    Activation::Gelu,
];
// ANCHOR_END: setup

/// The gradient norms of one network.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub activation: Activation,
    /// The size (root mean square of the entries, see
    /// [`Gradients::weight_rms`](crate::mlp::Gradients::weight_rms)) of ∂L/∂W
    /// for each weight matrix, from the first (input → hidden 1, index 0) to
    /// the last (hidden 20 → output, index `DEPTH`).
    pub norms: Vec<f64>,
}

impl Row {
    /// The gradient size of the first layer divided by that of the last.
    pub fn first_to_last(&self) -> f64 {
        self.norms[0] / self.norms[self.norms.len() - 1]
    }
}

/// One row per activation in [`ACTIVATIONS`].
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub rows: Vec<Row>,
}

impl Report {
    /// The row of `activation`.
    pub fn row(&self, activation: Activation) -> &Row {
        activation.find_in(&self.rows, |r| r.activation)
    }
}

// ANCHOR: run
/// Builds a network 2 → 32 × 20 → 2 for each activation (same seed), and
/// computes the gradient of the mean loss over 200 two-moons points once,
/// at initialisation, without any training.
pub fn run() -> Report {
    let data = two_moons(100, 0.1, SEED);
    let mut sizes = vec![2];
    sizes.extend([WIDTH; DEPTH]);
    sizes.push(2);
    let rows = ACTIVATIONS
        .iter()
        .map(|&activation| {
            let net = Mlp::new(&sizes, activation, SEED);
            let (_, gradients) = net.gradients(&data);
            Row {
                activation,
                norms: gradients.weight_rms(),
            }
        })
        .collect();
    Report { rows }
}
// ANCHOR_END: run

// ANCHOR: seeds
/// The many-seed version: seeds 1, 2, …, `SEED_COUNT` (cheap: no training).
pub const SEED_COUNT: u64 = 20;

/// The gradient sizes of the network of [`run`] with `activation`, one
/// row of [`Row::norms`] per seed (the seed's own data and initial
/// weights); the seeds run in parallel.
pub fn norms_over_seeds(activation: Activation) -> Vec<Vec<f64>> {
    let mut sizes = vec![2];
    sizes.extend([WIDTH; DEPTH]);
    sizes.push(2);
    over_seeds(&seeds(SEED_COUNT), |seed| {
        let data = two_moons(100, 0.1, seed);
        let (_, gradients) = Mlp::new(&sizes, activation, seed).gradients(&data);
        gradients.weight_rms()
    })
}

/// log₁₀ of [`Row::first_to_last`] for `activation`, one per seed, with
/// its 95% interval: −11 means the first layer's gradient is 10⁻¹¹ times
/// the last layer's.
pub fn log_first_to_last(activation: Activation) -> Interval {
    let ratios: Vec<f64> = norms_over_seeds(activation)
        .iter()
        .map(|norms| (norms[0] / norms[DEPTH]).log10())
        .collect();
    Interval::of(&ratios)
}

/// For each layer, log₁₀ of its gradient size over the seeds, with its 95%
/// interval: the spread of the curves of [`run`].
pub fn log_norms(activation: Activation) -> Vec<Interval> {
    let per_seed = norms_over_seeds(activation);
    (0..=DEPTH)
        .map(|k| Interval::of(&per_seed.iter().map(|n| n[k].log10()).collect::<Vec<f64>>()))
        .collect()
}
// ANCHOR_END: seeds

#[cfg(test)]
mod tests {
    use super::*;

    // ANCHOR: tests
    #[test]
    fn sigmoid_gradients_vanish_tanh_and_the_relu_family_do_not() {
        let report = run();
        assert_eq!(report, run(), "deterministic");
        let sigmoid = report.row(Activation::Sigmoid);
        // The first layer's gradient is 4.4e-12 times the last layer's.
        assert!(sigmoid.first_to_last() < 1e-11);
        // From hidden layer 20 back to hidden layer 2, every layer shrinks it,
        // by about a factor 1/4 per layer (geometric mean 0.255).
        for k in 1..DEPTH {
            assert!(sigmoid.norms[k] < 0.5 * sigmoid.norms[k + 1], "layer {k}");
        }
        let per_layer = (sigmoid.norms[1] / sigmoid.norms[DEPTH - 1]).powf(1.0 / 18.0);
        assert!((0.25..0.26).contains(&per_layer), "{per_layer}");
        // Tanh with Xavier initialisation: no vanishing at all; the first
        // layer's gradient is even larger than the last's.
        assert!(report.row(Activation::Tanh).first_to_last() > 1.0);
        // The ReLU family with He initialisation: every layer within a factor
        // of 10 of every other.
        for activation in [
            Activation::Relu,
            Activation::LeakyRelu(0.01),
            Activation::Gelu,
        ] {
            let norms = &report.row(activation).norms;
            let max = norms.iter().fold(0.0_f64, |m, &v| m.max(v));
            let min = norms.iter().fold(f64::INFINITY, |m, &v| m.min(v));
            assert!(max / min < 10.0, "{activation}: {}", max / min);
        }
    }
    // ANCHOR_END: tests
}
