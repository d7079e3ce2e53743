//! The experiment of `zero_centred.md`: sigmoid's outputs are all positive, tanh's are
//! centred on 0. What does that do to the next layer, and to training?

use crate::data::two_moons;
use crate::mlp::{Activation, Mlp, Sample};

// ANCHOR: setup
/// Hidden layers, units per layer.
pub const DEPTH: usize = 4;
pub const WIDTH: usize = 16;
/// Minibatch SGD: learning rate, epochs, batch size.
pub const LEARNING_RATE: f64 = 0.1;
pub const EPOCHS: usize = 200;
pub const BATCH: usize = 10;
/// One network per seed; losses and accuracies are averaged over them.
pub const SEEDS: [u64; 5] = [1, 2, 3, 4, 5];

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
    /// Loss on the whole data set before training and after every epoch,
    /// averaged over the seeds.
    pub losses: Vec<f64>,
    /// The loss after the last epoch, for each seed.
    pub final_losses: Vec<f64>,
    /// Accuracy on the training data after training, averaged over the seeds.
    pub accuracy: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub runs: Vec<Run>,
}

impl Report {
    pub fn run(&self, activation: Activation) -> &Run {
        self.runs
            .iter()
            .find(|r| r.activation == activation)
            .expect("the activation is in the experiment")
    }
}

// ANCHOR: run
/// For each activation and seed: a 2 → 16 × 4 → 2 network with Xavier
/// initialisation, its mean activations and same-sign inputs at
/// initialisation (first seed), and a training run on 200 two-moons points.
pub fn run() -> Report {
    let data = two_moons(100, 0.2, SEEDS[0]);
    let mut sizes = vec![2];
    sizes.extend([WIDTH; DEPTH]);
    sizes.push(2);
    let runs = ACTIVATIONS
        .iter()
        .map(|&activation| {
            let net = Mlp::new(&sizes, activation, SEEDS[0]);
            let (mean_activation, same_sign) = signs(&net, &data);
            let mut losses = vec![0.0; EPOCHS + 1];
            let mut final_losses = Vec::new();
            let mut accuracy = 0.0;
            for &seed in &SEEDS {
                let mut net = Mlp::new(&sizes, activation, seed);
                let run = net.train(&data, LEARNING_RATE, EPOCHS, BATCH, seed);
                for (sum, l) in losses.iter_mut().zip(&run) {
                    *sum += l / SEEDS.len() as f64;
                }
                final_losses.push(run[EPOCHS]);
                accuracy += net.accuracy(&data) / SEEDS.len() as f64;
            }
            Run {
                activation,
                mean_activation,
                same_sign,
                losses,
                final_losses,
                accuracy,
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
    fn sigmoid_is_off_centre_and_centring_it_helps_a_little() {
        let report = run();
        let sigmoid = report.run(Activation::Sigmoid);
        let centred = report.run(Activation::CentredSigmoid);
        let tanh = report.run(Activation::Tanh);
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
        // Centring alone lowers the final loss for every seed...
        for (c, s) in centred.final_losses.iter().zip(&sigmoid.final_losses) {
            assert!(c < s);
        }
        // ...from 0.60 to 0.37 on average, but tanh gets to 0.07.
        assert!(sigmoid.losses[EPOCHS] > 0.55 && centred.losses[EPOCHS] < 0.4);
        assert!(tanh.losses[EPOCHS] < 0.08);
        assert!(tanh.losses[10] < 0.31 && centred.losses[10] > 0.69);
    }
    // ANCHOR_END: tests
}
