//! The experiment of `zero_centred.md`: sigmoid's outputs are all positive, tanh's are
//! centred on 0. What does that do to the next layer, and to training?

use crate::data::two_moons;
use crate::mlp::{Activation, Mlp, Sample};
use crate::stats::{Interval, at_epoch, over_seeds, seeds};

// ANCHOR: setup
/// Hidden layers, units per layer.
pub const DEPTH: usize = 4;
pub const WIDTH: usize = 16;
/// Minibatch SGD: learning rate, epochs, batch size.
pub const LEARNING_RATE: f64 = 0.1;
pub const EPOCHS: usize = 200;
pub const BATCH: usize = 10;
/// One network per seed, seeds 1, 2, …, `SEED_COUNT` (initial weights and
/// minibatch order; the data are the same for all); the seeds run in
/// parallel.
pub const SEED_COUNT: u64 = 20;

/// Sigmoid, sigmoid moved down by 1/2 (zero-centred, same derivative), tanh.
pub const ACTIVATIONS: [Activation; 3] = [
    Activation::Sigmoid,
    Activation::CentredSigmoid,
    Activation::Tanh,
];
// ANCHOR_END: setup

#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub activation: Activation,
    /// The mean output of each hidden layer at initialisation, over all
    /// samples and units.
    pub mean_activation: Vec<f64>,
    /// The fraction of (sample, hidden layer after the first) pairs in which
    /// every input of the layer has the same sign, at initialisation: then
    /// the gradients of all weights into one unit share one sign.
    pub same_sign: f64,
    /// `losses[s][e]`: the loss on the whole data set after epoch e (before
    /// training for e = 0) with seed s + 1.
    pub losses: Vec<Vec<f64>>,
    /// Accuracy on the training data after training, one per seed.
    pub accuracies: Vec<f64>,
}

impl Run {
    /// The mean loss after `epoch` over the seeds, with its 95% interval.
    pub fn at(&self, epoch: usize) -> Interval {
        at_epoch(&self.losses, epoch)
    }

    /// The loss after the last epoch, one per seed.
    pub fn final_losses(&self) -> Vec<f64> {
        self.losses.iter().map(|l| l[EPOCHS]).collect()
    }

    /// The mean accuracy after training, with its 95% interval.
    pub fn accuracy(&self) -> Interval {
        Interval::of(&self.accuracies)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub runs: Vec<Run>,
}

impl Report {
    pub fn run(&self, activation: Activation) -> &Run {
        activation.find_in(&self.runs, |r| r.activation)
    }

    /// The paired difference of the final losses, a − b, seed by seed: an
    /// interval below 0 says that a ends lower than b.
    pub fn final_loss_difference(&self, a: Activation, b: Activation) -> Interval {
        Interval::paired(&self.run(a).final_losses(), &self.run(b).final_losses())
    }

    /// Which lowers the final loss more, the slope or the centring? Per
    /// seed, (tanh − centred) − (centred − sigmoid): the first difference
    /// is the slope's share, the second the centring's. An interval below 0
    /// says the slope's share is the larger.
    pub fn slope_versus_centring(&self) -> Interval {
        let (s, c, t) = (
            self.run(Activation::Sigmoid).final_losses(),
            self.run(Activation::CentredSigmoid).final_losses(),
            self.run(Activation::Tanh).final_losses(),
        );
        let d: Vec<f64> = (0..s.len())
            .map(|i| (t[i] - c[i]) - (c[i] - s[i]))
            .collect();
        Interval::of(&d)
    }
}

// ANCHOR: run
/// For each activation: a 2 → 16 × 4 → 2 network with Xavier
/// initialisation, its mean activations and same-sign inputs at
/// initialisation (seed 1), and a training run on 200 two-moons points
/// for every seed.
pub fn run() -> Report {
    let data = two_moons(100, 0.2, 1);
    let mut sizes = vec![2];
    sizes.extend([WIDTH; DEPTH]);
    sizes.push(2);
    let per_seed = over_seeds(&seeds(SEED_COUNT), |seed| {
        ACTIVATIONS.map(|activation| {
            let mut net = Mlp::new(&sizes, activation, seed);
            let losses = net.train(&data, LEARNING_RATE, EPOCHS, BATCH, seed);
            (losses, net.accuracy(&data))
        })
    });
    let runs = ACTIVATIONS
        .iter()
        .enumerate()
        .map(|(k, &activation)| {
            let (mean_activation, same_sign) = signs(&Mlp::new(&sizes, activation, 1), &data);
            Run {
                activation,
                mean_activation,
                same_sign,
                losses: per_seed.iter().map(|runs| runs[k].0.clone()).collect(),
                accuracies: per_seed.iter().map(|runs| runs[k].1).collect(),
            }
        })
        .collect();
    Report { runs }
}

/// The mean output of each hidden layer, and the fraction of (sample, layer
/// after the first) pairs whose inputs all have one sign.
fn signs(net: &Mlp, data: &[Sample]) -> (Vec<f64>, f64) {
    let mut sums = [0.0; DEPTH];
    let mut same = 0;
    for sample in data {
        let trace = net.forward(&sample.input);
        // inputs[1..] are the outputs of the hidden layers.
        for (l, a) in trace.inputs[1..].iter().enumerate() {
            sums[l] += a.iter().sum::<f64>() / a.len() as f64;
            let all_positive = a.iter().all(|&v| v > 0.0);
            let all_negative = a.iter().all(|&v| v < 0.0);
            if l + 1 < DEPTH && (all_positive || all_negative) {
                same += 1; // layer l + 1 gets inputs of one sign
            }
        }
    }
    let means = sums.iter().map(|s| s / data.len() as f64).collect();
    (means, same as f64 / (data.len() * (DEPTH - 1)) as f64)
}
// ANCHOR_END: run

#[cfg(test)]
mod tests {
    use super::*;

    // ANCHOR: tests
    #[test]
    fn sigmoid_is_off_centre_and_centring_it_helps_less_than_the_slope() {
        use Activation::*;
        let report = run();
        let (sigmoid, centred, tanh) = (
            report.run(Sigmoid),
            report.run(CentredSigmoid),
            report.run(Tanh),
        );
        // Mean outputs: sigmoid about 1/2 in every layer, the others about 0.
        assert!(
            sigmoid
                .mean_activation
                .iter()
                .all(|m| (m - 0.5).abs() < 0.03)
        );
        for run in [centred, tanh] {
            assert!(run.mean_activation.iter().all(|m| m.abs() < 0.002));
        }
        // Behind a sigmoid layer, every input is positive, always; behind
        // the other two, never all of one sign.
        assert_eq!(sigmoid.same_sign, 1.0);
        assert_eq!(centred.same_sign, 0.0);
        assert_eq!(tanh.same_sign, 0.0);
        // After 10 epochs tanh is at 0.3, the other two still at ln 2 (or
        // above): they have learnt nothing yet.
        assert!(tanh.at(10).high() < 0.32);
        for run in [sigmoid, centred] {
            assert!(run.at(10).low() > 0.69);
        }
        // Centring alone lowers the final loss: the paired interval lies
        // below 0...
        let centring = report.final_loss_difference(CentredSigmoid, Sigmoid);
        assert!(centring.below_zero());
        // ...and the slope lowers it further. Which of the two lowers it
        // more, these seeds cannot tell: the interval contains 0.
        let slope = report.final_loss_difference(Tanh, CentredSigmoid);
        assert!(slope.below_zero());
        let which = report.slope_versus_centring();
        assert!(!which.below_zero() && !which.above_zero());
        // Tanh's accuracy interval lies above both of the others'.
        let top = tanh.accuracy().low();
        assert!(top > sigmoid.accuracy().high() && top > centred.accuracy().high());
    }
    // ANCHOR_END: tests
}
