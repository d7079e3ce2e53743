//! The gradient check of `mlp.md`: the backward pass of a small network
//! against central finite differences, for every activation function the
//! experiments use.

use crate::data::two_moons;
use crate::mlp::{Activation, Mlp, Sample, gradient_check};

/// The activation functions checked, each with its own initialisation.
pub const ACTIVATIONS: [Activation; 7] = [
    Activation::Sigmoid,
    Activation::CentredSigmoid,
    Activation::Tanh,
    Activation::Relu,
    Activation::LeakyRelu(0.01),
    Activation::Elu(1.0),
    Activation::Gelu,
];

/// The layer sizes of the checked network: 2 inputs, hidden layers of 5 and
/// 4 units, 3 classes.
pub const SIZES: [usize; 4] = [2, 5, 4, 3];

/// The seed of the checked network's initial weights.
pub const SEED: u64 = 11;

/// The small data set of the check: eight two-moons points given three
/// classes in turn (so that the output layer has three units).
pub fn data() -> Vec<Sample> {
    two_moons(4, 0.1, 3)
        .into_iter()
        .enumerate()
        .map(|(k, mut s)| {
            s.label = k % 3;
            s
        })
        .collect()
}

/// The checked network for `activation`: [`SIZES`], seeded with [`SEED`],
/// and given small non-zero biases (they start at 0, where a bias error in
/// the backward pass could hide).
pub fn network(activation: Activation) -> Mlp {
    let mut net = Mlp::new(&SIZES, activation, SEED);
    for (k, layer) in net.layers.iter_mut().enumerate() {
        for (i, b) in layer.biases.iter_mut().enumerate() {
            *b = 0.1 * libm::sin((i + k + 1) as f64);
        }
    }
    net
}

/// Each activation with the largest relative error of its gradient check.
pub fn run() -> Vec<(Activation, f64)> {
    let data = data();
    ACTIVATIONS
        .into_iter()
        .map(|activation| (activation, gradient_check(&network(activation), &data)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // ANCHOR: gradient_check_test
    /// The backward pass agrees with central finite differences for every
    /// weight and bias of a small 2-5-4-3 network, for each activation.
    #[test]
    fn gradient_check_against_finite_differences() {
        for (activation, error) in run() {
            assert!(error < 1e-6, "{activation}: relative error {error:e}");
        }
    }
    // ANCHOR_END: gradient_check_test

    #[test]
    fn the_check_sees_three_classes_and_non_zero_biases() {
        let data = data();
        assert_eq!(data.len(), 8);
        assert_eq!(data.iter().map(|s| s.label).max(), Some(2));
        let net = network(Activation::Relu);
        assert!(net.layers.iter().flat_map(|l| &l.biases).all(|&b| b != 0.0));
    }
}
