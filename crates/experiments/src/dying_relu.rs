//! The experiment of `dying_relu.md`: how many ReLU units die when the learning rate
//! is too large, and whether Leaky ReLU and ELU escape.

use crate::data::two_moons;
use crate::mlp::{Activation, Mlp, Optimizer, Sample, Training};
use crate::stats::{Interval, over_seeds, seeds};

// ANCHOR: setup
/// Hidden layers, units per layer.
pub const HIDDEN: [usize; 2] = [32, 32];
/// The learning rates tried, from gentle to reckless.
pub const LEARNING_RATES: [f64; 9] = [0.01, 0.03, 0.1, 0.3, 1.0, 1.5, 2.0, 3.0, 10.0];
/// Epochs of minibatch SGD, and the batch size.
pub const EPOCHS: usize = 10;
pub const BATCH: usize = 10;
/// One network per seed, seeds 1, 2, …, [`SEED_COUNT`] (initial weights
/// and minibatch order; the data are the same for all); the seeds run in
/// parallel.
pub const SEED_COUNT: u64 = 10;

pub const ACTIVATIONS: [Activation; 3] = [
    Activation::Relu,
    Activation::LeakyRelu(0.01),
    Activation::Elu(1.0),
];
// ANCHOR_END: setup

// ANCHOR: dead
/// The hidden units of `net` that no sample in `data` gets a gradient
/// through, as a fraction of all hidden units: f′(z) = 0 for every sample.
/// For ReLU that is exactly a unit whose z ≤ 0 for every sample, a dead unit:
/// its incoming weights and bias never change again.
pub fn dead_fraction(net: &Mlp, data: &[Sample]) -> f64 {
    fraction(net, data, |z| net.activation.derivative(z) == 0.0)
}

/// The hidden units whose pre-activation z ≤ 0 for every sample in `data`
/// (silent on the whole data set), as a fraction of all hidden units. For
/// ReLU this equals [`dead_fraction`]; for Leaky ReLU and ELU such units
/// still pass a small gradient and can come back.
pub fn silent_fraction(net: &Mlp, data: &[Sample]) -> f64 {
    fraction(net, data, |z| z <= 0.0)
}

fn fraction(net: &Mlp, data: &[Sample], condition: impl Fn(f64) -> bool) -> f64 {
    let hidden = net.layers.len() - 1;
    let mut always: Vec<Vec<bool>> = net.layers[..hidden]
        .iter()
        .map(|l| vec![true; l.outputs])
        .collect();
    for sample in data {
        let trace = net.forward(&sample.input);
        for (flags, z) in always.iter_mut().zip(&trace.pre_activations) {
            for (flag, &z) in flags.iter_mut().zip(z) {
                *flag &= condition(z);
            }
        }
    }
    let all: Vec<bool> = always.into_iter().flatten().collect();
    all.iter().filter(|&&f| f).count() as f64 / all.len() as f64
}
// ANCHOR_END: dead

/// The result for one activation and one learning rate: means over the
/// seeds with their 95% intervals.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub learning_rate: f64,
    /// Hidden units with zero gradient for every sample, after training.
    pub dead: Interval,
    /// Hidden units with z ≤ 0 for every sample, after training.
    pub silent: Interval,
    /// Accuracy on the training data after training.
    pub accuracy: Interval,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    pub activation: Activation,
    pub points: Vec<Point>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Dead units at initialisation (ReLU, over the seeds).
    pub dead_at_init: Interval,
    pub curves: Vec<Curve>,
}

impl Report {
    pub fn curve(&self, activation: Activation) -> &Curve {
        activation.find_in(&self.curves, |c| c.activation)
    }

    /// The point of `activation` at `learning_rate`.
    pub fn at(&self, activation: Activation, learning_rate: f64) -> &Point {
        self.curve(activation)
            .points
            .iter()
            .find(|p| p.learning_rate == learning_rate)
            .expect("a learning rate of the experiment")
    }
}

// ANCHOR: run
/// Trains a 2 → 32 → 32 → 2 network on 200 two-moons points for each
/// activation, learning rate and seed, and counts the dead units.
pub fn run() -> Report {
    let data = two_moons(100, 0.2, 7);
    let mut sizes = vec![2];
    sizes.extend(HIDDEN);
    sizes.push(2);
    // per_seed[s][a][r]: (dead, silent, accuracy) of activation a at
    // learning rate r with seed s + 1.
    let per_seed = over_seeds(&seeds(SEED_COUNT), |seed| {
        ACTIVATIONS.map(|activation| {
            LEARNING_RATES.map(|learning_rate| {
                let mut net = Mlp::new(&sizes, activation, seed);
                net.train(&data, learning_rate, EPOCHS, BATCH, seed);
                (
                    dead_fraction(&net, &data),
                    silent_fraction(&net, &data),
                    net.accuracy(&data),
                )
            })
        })
    });
    // The interval over the seeds of one measure of activation a at rate r.
    let over = |measure: fn(&(f64, f64, f64)) -> f64, a: usize, r: usize| {
        Interval::of(
            &per_seed
                .iter()
                .map(|s| measure(&s[a][r]))
                .collect::<Vec<f64>>(),
        )
    };
    let dead_at_init: Vec<f64> = seeds(SEED_COUNT)
        .iter()
        .map(|&seed| dead_fraction(&Mlp::new(&sizes, Activation::Relu, seed), &data))
        .collect();
    let curves = ACTIVATIONS
        .iter()
        .enumerate()
        .map(|(a, &activation)| {
            let points = LEARNING_RATES
                .iter()
                .enumerate()
                .map(|(r, &learning_rate)| Point {
                    learning_rate,
                    dead: over(|m| m.0, a, r),
                    silent: over(|m| m.1, a, r),
                    accuracy: over(|m| m.2, a, r),
                })
                .collect();
            Curve { activation, points }
        })
        .collect();
    Report {
        dead_at_init: Interval::of(&dead_at_init),
        curves,
    }
}
// ANCHOR_END: run

// ANCHOR: optimizers
// The many-optimiser version, over the same seeds 1, 2, …, `SEED_COUNT`,
// each with its own data.

/// (optimiser, learning rate): plain SGD at a usual and a large learning
/// rate, SGD with momentum 0.9 (whose steps are up to 10 times larger, so
/// its learning rates are 10 times smaller), and Adam at three rates.
pub const CONFIGS: [(Optimizer, f64); 7] = [
    (Optimizer::Sgd, 0.1),
    (Optimizer::Sgd, 3.0),
    (Optimizer::Momentum(0.9), 0.01),
    (Optimizer::Momentum(0.9), 0.3),
    (Optimizer::Adam, 0.001),
    (Optimizer::Adam, 0.01),
    (Optimizer::Adam, 0.1),
];

/// ReLU and Leaky ReLU under one optimiser and learning rate, over the seeds.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigRuns {
    pub optimizer: Optimizer,
    pub learning_rate: f64,
    /// Dead ReLU units after training, one fraction per seed.
    pub relu_dead: Vec<f64>,
    /// Training accuracy of the ReLU and of the Leaky ReLU network, per seed.
    pub relu_accuracy: Vec<f64>,
    pub leaky_accuracy: Vec<f64>,
}

impl ConfigRuns {
    pub fn dead(&self) -> Interval {
        Interval::of(&self.relu_dead)
    }

    /// Leaky ReLU's accuracy minus ReLU's, paired by seed.
    pub fn leaky_gain(&self) -> Interval {
        Interval::paired(&self.leaky_accuracy, &self.relu_accuracy)
    }
}

/// For each of [`CONFIGS`] and each seed: a ReLU and a Leaky ReLU network
/// (2 → 32 → 32 → 2, the seed's own 200 two-moons points) trained for
/// [`EPOCHS`] epochs; the seeds run in parallel.
pub fn run_optimizers() -> Vec<ConfigRuns> {
    let mut sizes = vec![2];
    sizes.extend(HIDDEN);
    sizes.push(2);
    let per_seed = over_seeds(&seeds(SEED_COUNT), |seed| {
        let data = two_moons(100, 0.2, seed);
        CONFIGS.map(|(optimizer, learning_rate)| {
            let plan = Training {
                optimizer,
                learning_rate,
                epochs: EPOCHS,
                batch_size: BATCH,
            };
            let mut relu = Mlp::new(&sizes, Activation::Relu, seed);
            relu.train_with(&data, &plan, seed);
            let mut leaky = Mlp::new(&sizes, Activation::LeakyRelu(0.01), seed);
            leaky.train_with(&data, &plan, seed);
            (
                dead_fraction(&relu, &data),
                relu.accuracy(&data),
                leaky.accuracy(&data),
            )
        })
    });
    CONFIGS
        .iter()
        .enumerate()
        .map(|(k, &(optimizer, learning_rate))| ConfigRuns {
            optimizer,
            learning_rate,
            relu_dead: per_seed.iter().map(|r| r[k].0).collect(),
            relu_accuracy: per_seed.iter().map(|r| r[k].1).collect(),
            leaky_accuracy: per_seed.iter().map(|r| r[k].2).collect(),
        })
        .collect()
}
// ANCHOR_END: optimizers

#[cfg(test)]
mod tests {
    use super::*;

    // ANCHOR: tests
    #[test]
    fn large_learning_rates_kill_relu_units_but_never_leaky_ones() {
        let report = run();
        let at = |a: Activation, lr: f64| report.at(a, lr);
        let relu = Activation::Relu;
        let leaky = Activation::LeakyRelu(0.01);
        let elu = Activation::Elu(1.0);
        // A few ReLU units are dead from the start (3.6% ± 1.4%).
        let init = &report.dead_at_init;
        assert!(init.low() > 0.0 && init.high() < 0.06);
        // Up to a learning rate of 1, training hardly adds any.
        for lr in [0.01, 0.03, 0.1, 0.3, 1.0] {
            assert!(at(relu, lr).dead.mean < 0.07, "{lr}");
        }
        // From 1 on, the fraction climbs steeply: 7%, 22%, 48%, 85%, 95%;
        // from 1.5 on, each interval lies above the one at 1.
        let rising = [1.0, 1.5, 2.0, 3.0, 10.0].map(|lr| at(relu, lr).dead.mean);
        assert!(rising.windows(2).all(|w| w[0] < w[1]), "{rising:?}");
        for lr in [1.5, 2.0, 3.0, 10.0] {
            assert!(at(relu, lr).dead.low() > at(relu, 1.0).dead.high(), "{lr}");
        }
        assert!(at(relu, 3.0).dead.low() > 0.8 && at(relu, 10.0).dead.low() > 0.9);
        // Leaky ReLU: never a unit without gradient...
        assert!(
            report
                .curve(leaky)
                .points
                .iter()
                .all(|p| p.dead.mean == 0.0)
        );
        // ...although at a learning rate of 3, most of its units are silent
        // (z ≤ 0 for every sample); it does better than ReLU there, but far
        // worse than at a usual learning rate.
        assert!(at(leaky, 3.0).silent.low() > 0.4);
        assert!(at(leaky, 3.0).accuracy.low() > at(relu, 3.0).accuracy.high());
        assert!(at(leaky, 3.0).accuracy.high() < at(leaky, 0.3).accuracy.low());
        // ELU: no dead unit up to 0.3; from 1.5 on, more than a tenth have
        // a gradient that is exactly 0 (α·eᶻ underflows for z < −745).
        for lr in [0.01, 0.03, 0.1, 0.3] {
            assert_eq!(at(elu, lr).dead.mean, 0.0);
        }
        for lr in [1.5, 2.0, 3.0, 10.0] {
            assert!(at(elu, lr).dead.low() > 0.1, "{lr}");
        }
        // At 10, no activation learns the data any more.
        for a in ACTIVATIONS {
            assert!(at(a, 10.0).accuracy.high() < 0.6, "{a}");
        }
    }
    // ANCHOR_END: tests
}
