//! The experiment of `convergence.md`: how fast the same network learns the two moons
//! with each activation, and the decision boundary it ends up with.

use crate::data::two_moons;
use crate::mlp::{Activation, Mlp};
use crate::stats::{Interval, at_epoch, first_below, over_seeds, seeds};

// ANCHOR: setup
/// Hidden layers, units per layer.
pub const HIDDEN: [usize; 2] = [16, 16];
/// Minibatch SGD: learning rate, epochs, batch size.
pub const LEARNING_RATE: f64 = 0.1;
pub const EPOCHS: usize = 100;
pub const BATCH: usize = 10;
/// The seed of the data, of the initial weights and of the batch order.
pub const SEED: u64 = 42;

pub const ACTIVATIONS: [Activation; 6] = [
    Activation::Sigmoid,
    Activation::Tanh,
    Activation::Relu,
    Activation::LeakyRelu(0.01),
    Activation::Elu(1.0),
    Activation::Gelu,
];
// ANCHOR_END: setup

/// Points per side of the grid on which the decision boundary is sampled.
pub const GRID: usize = 41;
/// The grid covers [−LIMIT, LIMIT]² (the data lie well inside).
pub const LIMIT: f64 = 1.5;

/// One training run.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub activation: Activation,
    /// Loss on the whole data set before training and after every epoch.
    pub losses: Vec<f64>,
    /// Accuracy on the training data after the last epoch.
    pub accuracy: f64,
    /// P(class 1) on a GRID × GRID grid over [−LIMIT, LIMIT]², row 0 at the
    /// top (y = LIMIT), column 0 at the left (x = −LIMIT).
    pub probabilities: Vec<Vec<f64>>,
}

impl Run {
    /// The first epoch after which the loss is below `target`, if any.
    pub fn epochs_to(&self, target: f64) -> Option<usize> {
        self.losses.iter().position(|&l| l < target)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The training data, as (x, y, label).
    pub data: Vec<(f64, f64, usize)>,
    pub runs: Vec<Run>,
}

impl Report {
    pub fn run(&self, activation: Activation) -> &Run {
        activation.find_in(&self.runs, |r| r.activation)
    }
}

/// The coordinate of grid line `k` of [`GRID`] in [−LIMIT, LIMIT].
pub fn grid_coordinate(k: usize) -> f64 {
    -LIMIT + 2.0 * LIMIT * k as f64 / (GRID - 1) as f64
}

// ANCHOR: run
/// Trains a 2 → 16 → 16 → 2 network on 200 two-moons points (noise 0.2)
/// with each activation: same data, same seed, same learning rate.
pub fn run() -> Report {
    let data = two_moons(100, 0.2, SEED);
    let mut sizes = vec![2];
    sizes.extend(HIDDEN);
    sizes.push(2);
    let runs = ACTIVATIONS
        .iter()
        .map(|&activation| {
            let mut net = Mlp::new(&sizes, activation, SEED);
            let losses = net.train(&data, LEARNING_RATE, EPOCHS, BATCH, SEED);
            let probabilities = (0..GRID)
                .map(|row| {
                    let y = grid_coordinate(GRID - 1 - row);
                    (0..GRID)
                        .map(|col| net.probabilities(&[grid_coordinate(col), y])[1])
                        .collect()
                })
                .collect();
            Run {
                activation,
                losses,
                accuracy: net.accuracy(&data),
                probabilities,
            }
        })
        .collect();
    Report {
        data: data
            .iter()
            .map(|s| (s.input[0], s.input[1], s.label))
            .collect(),
        runs,
    }
}
// ANCHOR_END: run

// ANCHOR: seeds
/// The many-seed version of the experiment: seeds 1, 2, …, `SEED_COUNT`,
/// each with its own data set (200 fresh two-moons points), initial weights
/// and batch order, shared by all activations (so that differences between
/// activations can be paired seed by seed).
pub const SEED_COUNT: u64 = 10;

/// The losses of one activation over all seeds.
#[derive(Clone, Debug, PartialEq)]
pub struct Seeds {
    pub activation: Activation,
    /// `losses[s][e]`: the loss after epoch e with seed s + 1.
    pub losses: Vec<Vec<f64>>,
}

impl Seeds {
    /// The loss after the last epoch, one per seed.
    pub fn final_losses(&self) -> Vec<f64> {
        self.losses.iter().map(|l| l[EPOCHS]).collect()
    }

    /// The first epoch with a loss below `target`, one per seed; a run that
    /// never gets there counts as `EPOCHS + 1` (a lower bound of the truth,
    /// which makes the slow activation look faster than it is, never slower).
    pub fn epochs_to(&self, target: f64) -> Vec<f64> {
        first_below(&self.losses, target, EPOCHS + 1)
    }

    /// The mean loss after `epoch` over the seeds, with its 95% interval.
    pub fn at(&self, epoch: usize) -> Interval {
        at_epoch(&self.losses, epoch)
    }
}

/// One [`Seeds`] per activation of [`ACTIVATIONS`], in that order.
#[derive(Clone, Debug, PartialEq)]
pub struct SeedsReport {
    pub runs: Vec<Seeds>,
}

impl SeedsReport {
    pub fn run(&self, activation: Activation) -> &Seeds {
        activation.find_in(&self.runs, |r| r.activation)
    }

    /// The paired difference of the final losses, a − b, seed by seed: an
    /// interval below 0 says that a ends lower than b.
    pub fn final_loss_difference(&self, a: Activation, b: Activation) -> Interval {
        Interval::paired(&self.run(a).final_losses(), &self.run(b).final_losses())
    }

    /// The paired difference of the epochs to a loss of 0.2, a − b.
    pub fn epochs_difference(&self, a: Activation, b: Activation) -> Interval {
        Interval::paired(&self.run(a).epochs_to(0.2), &self.run(b).epochs_to(0.2))
    }
}

/// Trains the network of [`run`] with every activation and every seed; the
/// seeds run in parallel.
pub fn run_seeds() -> SeedsReport {
    let mut sizes = vec![2];
    sizes.extend(HIDDEN);
    sizes.push(2);
    let per_seed = over_seeds(&seeds(SEED_COUNT), |seed| {
        let data = two_moons(100, 0.2, seed);
        ACTIVATIONS.map(|activation| {
            let mut net = Mlp::new(&sizes, activation, seed);
            net.train(&data, LEARNING_RATE, EPOCHS, BATCH, seed)
        })
    });
    let runs = ACTIVATIONS
        .iter()
        .enumerate()
        .map(|(k, &activation)| Seeds {
            activation,
            losses: per_seed.iter().map(|runs| runs[k].clone()).collect(),
        })
        .collect();
    SeedsReport { runs }
}
// ANCHOR_END: seeds

#[cfg(test)]
mod tests {
    use super::*;

    // ANCHOR: tests
    #[test]
    fn relu_family_first_then_tanh_then_sigmoid() {
        let report = run();
        let last = |a: Activation| report.run(a).losses[EPOCHS];
        let (sigmoid, tanh) = (last(Activation::Sigmoid), last(Activation::Tanh));
        // After 100 epochs: sigmoid 0.31, tanh 0.09, ReLU family 0.05–0.06.
        assert!(tanh < sigmoid / 3.0);
        for a in [
            Activation::Relu,
            Activation::LeakyRelu(0.01),
            Activation::Elu(1.0),
            Activation::Gelu,
        ] {
            assert!(last(a) < 0.7 * tanh, "{a}");
            assert!(report.run(a).accuracy >= 0.97, "{a}");
        }
        // Epochs until the loss first falls below 0.2.
        let epochs = |a: Activation| report.run(a).epochs_to(0.2);
        assert_eq!(epochs(Activation::Relu), Some(10));
        assert_eq!(epochs(Activation::LeakyRelu(0.01)), Some(10));
        assert_eq!(epochs(Activation::Gelu), Some(15));
        assert_eq!(epochs(Activation::Elu(1.0)), Some(26));
        assert_eq!(epochs(Activation::Tanh), Some(61));
        assert_eq!(epochs(Activation::Sigmoid), None);
        // Sigmoid is stuck with an almost straight boundary.
        assert!(report.run(Activation::Sigmoid).accuracy < 0.9);
    }
    // ANCHOR_END: tests
}
