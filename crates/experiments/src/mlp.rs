//! A tiny multilayer perceptron, written out by hand: dense layers, one
//! activation function for every hidden layer, softmax + cross-entropy at the
//! output, and stochastic gradient descent: plain, with momentum, or Adam.
//!
//! Nothing here is clever, on purpose. The forward pass is z = W·a + b and
//! a = f(z), layer after layer; the backward pass is the chain rule, and the
//! only thing it needs from the activation function is its derivative — the
//! very `*_derivative` functions of the earlier chapters. Everything is `f64`
//! and every random number comes from a seeded ChaCha8 generator, so the same
//! seed gives the same network, the same training run and the same bytes.
//!
//! ```
//! use activations_experiments::data::two_moons;
//! use activations_experiments::mlp::{Activation, Mlp};
//!
//! let data = two_moons(50, 0.1, 1);
//! let mut net = Mlp::new(&[2, 8, 2], Activation::Tanh, 7);
//! let before = net.loss(&data);
//! net.train(&data, 0.5, 10, 20, 7);
//! assert!(net.loss(&data) < before);
//! ```

use crate::random::{rng, uniform};
use activations::{
    cross_entropy, cross_entropy_gradient, elu, elu_derivative, gelu, gelu_derivative, hardsigmoid,
    hardsigmoid_derivative, hardswish, hardswish_derivative, leaky_relu, leaky_relu_derivative,
    mish, mish_derivative, relu, relu_derivative, relu6, relu6_derivative, selu, selu_derivative,
    sigmoid, sigmoid_derivative, silu, silu_derivative, softmax, softplus, softplus_derivative,
    softsign, softsign_derivative, tanh, tanh_derivative,
};
use rand::RngCore;
use rand_chacha::ChaCha8Rng;
use std::fmt;

// ANCHOR: activation
/// The activation function of the hidden layers: the book's functions, each
/// with the derivative its chapter derived.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Activation {
    /// σ(z) (`sigmoid.md`).
    Sigmoid,
    /// σ(z) − 1/2 = tanh(z/2)/2: sigmoid moved down to be zero-centred, with
    /// sigmoid's own derivative (the control of the zero-centred experiment).
    CentredSigmoid,
    /// tanh(z) (`tanh.md`).
    Tanh,
    /// max(0, z) (`relu.md`).
    Relu,
    /// Leaky ReLU with negative slope α (`leaky_relu.md`).
    LeakyRelu(f64),
    /// ELU with parameter α (`elu.md`).
    Elu(f64),
    /// The exact GELU, z·Φ(z) (`gelu.md`).
    Gelu,
    /// SELU (`selu.md`).
    Selu,
    /// min(max(0, z), 6) (`relu6.md`).
    Relu6,
    /// ln(1 + eᶻ) (`softplus.md`).
    Softplus,
    /// z·σ(z) (`silu.md`).
    Silu,
    /// z·tanh(softplus(z)) (`mish.md`).
    Mish,
    /// The piecewise linear sigmoid (`hardsigmoid.md`).
    Hardsigmoid,
    /// z·hardsigmoid(z) (`hardsigmoid.md`).
    Hardswish,
    /// z / (1 + |z|) (`softsign.md`).
    Softsign,
}

impl Activation {
    /// f(z): the function itself, for the forward pass.
    pub fn apply(self, z: f64) -> f64 {
        match self {
            Activation::Sigmoid => sigmoid(z),
            Activation::CentredSigmoid => sigmoid(z) - 0.5,
            Activation::Tanh => tanh(z),
            Activation::Relu => relu(z),
            Activation::LeakyRelu(alpha) => leaky_relu(z, alpha),
            Activation::Elu(alpha) => elu(z, alpha),
            Activation::Gelu => gelu(z),
            Activation::Selu => selu(z),
            Activation::Relu6 => relu6(z),
            Activation::Softplus => softplus(z),
            Activation::Silu => silu(z),
            Activation::Mish => mish(z),
            Activation::Hardsigmoid => hardsigmoid(z),
            Activation::Hardswish => hardswish(z),
            Activation::Softsign => softsign(z),
        }
    }

    /// f′(z): the derivative, which is all that backpropagation needs.
    pub fn derivative(self, z: f64) -> f64 {
        match self {
            Activation::Sigmoid | Activation::CentredSigmoid => sigmoid_derivative(z),
            Activation::Tanh => tanh_derivative(z),
            Activation::Relu => relu_derivative(z),
            Activation::LeakyRelu(alpha) => leaky_relu_derivative(z, alpha),
            Activation::Elu(alpha) => elu_derivative(z, alpha),
            Activation::Gelu => gelu_derivative(z),
            Activation::Selu => selu_derivative(z),
            Activation::Relu6 => relu6_derivative(z),
            Activation::Softplus => softplus_derivative(z),
            Activation::Silu => silu_derivative(z),
            Activation::Mish => mish_derivative(z),
            Activation::Hardsigmoid => hardsigmoid_derivative(z),
            Activation::Hardswish => hardswish_derivative(z),
            Activation::Softsign => softsign_derivative(z),
        }
    }
}
// ANCHOR_END: activation

impl Activation {
    /// The item of `items` that belongs to this activation (`of` reads an
    /// item's activation): how each experiment's report looks up one
    /// activation's result. Panics if there is none — a report holds every
    /// activation its experiment ran, so asking for another is a bug.
    pub fn find_in<T>(self, items: &[T], of: impl Fn(&T) -> Activation) -> &T {
        items
            .iter()
            .find(|item| of(item) == self)
            .expect("the activation is in the experiment")
    }
}

impl Activation {
    /// The initialisation that keeps signals at a steady size through this
    /// function: Xavier for the S-shaped ones, LeCun for SELU (the variance
    /// its self-normalisation assumes, `selu.md`), He for the ReLU family
    /// and the other functions that are ≈ z for large z.
    pub fn init(self) -> Init {
        match self {
            Activation::Sigmoid
            | Activation::CentredSigmoid
            | Activation::Tanh
            | Activation::Hardsigmoid
            | Activation::Softsign => Init::Xavier,
            Activation::Selu => Init::LeCun,
            _ => Init::He,
        }
    }
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Activation::Sigmoid => write!(f, "Sigmoid"),
            Activation::CentredSigmoid => write!(f, "σ − 1/2"),
            Activation::Tanh => write!(f, "Tanh"),
            Activation::Relu => write!(f, "ReLU"),
            Activation::LeakyRelu(alpha) => write!(f, "Leaky ReLU (α = {alpha})"),
            Activation::Elu(alpha) => write!(f, "ELU (α = {alpha})"),
            Activation::Gelu => write!(f, "GELU"),
            Activation::Selu => write!(f, "SELU"),
            Activation::Relu6 => write!(f, "ReLU6"),
            Activation::Softplus => write!(f, "Softplus"),
            Activation::Silu => write!(f, "SiLU"),
            Activation::Mish => write!(f, "Mish"),
            Activation::Hardsigmoid => write!(f, "Hardsigmoid"),
            Activation::Hardswish => write!(f, "Hardswish"),
            Activation::Softsign => write!(f, "Softsign"),
        }
    }
}

// ANCHOR: init
/// How the initial weights are drawn. Both are uniform on [−r, r], and the
/// biases start at 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Init {
    /// Xavier/Glorot (2010): r = √(6 / (fan_in + fan_out)), so that
    /// Var(w) = 2 / (fan_in + fan_out) keeps the variance of the signal
    /// roughly constant through functions with slope 1 at 0 (tanh).
    Xavier,
    /// He/Kaiming (2015): r = √(6 / fan_in), Var(w) = 2 / fan_in — twice as
    /// much, because ReLU sets half of its inputs to 0.
    He,
    /// LeCun: r = √(3 / fan_in), Var(w) = 1 / fan_in, the variance SELU's
    /// fixed point assumes.
    LeCun,
}

// ANCHOR_END: init

/// A labelled point of a data set: the network's input and the true class.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    pub input: Vec<f64>,
    pub label: usize,
}

// ANCHOR: dense
/// A dense (fully connected) layer: z = W·a + b.
#[derive(Clone, Debug, PartialEq)]
pub struct Dense {
    pub inputs: usize,
    pub outputs: usize,
    /// W, row-major: `weights[j * inputs + i]` connects input i to output j.
    pub weights: Vec<f64>,
    /// b, one per output.
    pub biases: Vec<f64>,
}

impl Dense {
    /// A layer with weights drawn from `init` and zero biases.
    pub fn new(inputs: usize, outputs: usize, init: Init, rng: &mut ChaCha8Rng) -> Self {
        let r = match init {
            Init::Xavier => (6.0 / (inputs + outputs) as f64).sqrt(),
            Init::He => (6.0 / inputs as f64).sqrt(),
            Init::LeCun => (3.0 / inputs as f64).sqrt(),
        };
        let weights = (0..inputs * outputs)
            .map(|_| r * (2.0 * uniform(rng) - 1.0))
            .collect();
        Dense {
            inputs,
            outputs,
            weights,
            biases: vec![0.0; outputs],
        }
    }

    /// z = W·a + b.
    ///
    /// # Panics
    ///
    /// If `a` does not have exactly `inputs` elements: a wrong-sized input
    /// is a bug in the caller, and silently using part of it would hide it.
    pub fn forward(&self, a: &[f64]) -> Vec<f64> {
        assert_eq!(
            a.len(),
            self.inputs,
            "Dense::forward: the layer has {} inputs, but the input has {} elements",
            self.inputs,
            a.len()
        );
        self.weights
            .chunks(self.inputs)
            .zip(&self.biases)
            .map(|(row, b)| row.iter().zip(a).map(|(w, a)| w * a).sum::<f64>() + b)
            .collect()
    }
}
// ANCHOR_END: dense

/// A multilayer perceptron: dense layers, `activation` after every hidden
/// layer, and softmax + cross-entropy after the last (the logits).
#[derive(Clone, Debug, PartialEq)]
pub struct Mlp {
    pub layers: Vec<Dense>,
    pub activation: Activation,
}

/// What the forward pass remembers for the backward pass, layer by layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    /// `inputs[l]`: the input a of layer l (`inputs[0]` is the sample itself,
    /// `inputs[l]` = f(`pre_activations[l − 1]`) after it).
    pub inputs: Vec<Vec<f64>>,
    /// `pre_activations[l]`: z = W·a + b of layer l; the last one is the logits.
    pub pre_activations: Vec<Vec<f64>>,
}

impl Trace {
    /// The output of the network before softmax.
    pub fn logits(&self) -> &[f64] {
        self.pre_activations.last().expect("a network has layers")
    }
}

/// ∂L/∂W and ∂L/∂b for every layer, in the layout of the layers.
#[derive(Clone, Debug, PartialEq)]
pub struct Gradients {
    pub weights: Vec<Vec<f64>>,
    pub biases: Vec<Vec<f64>>,
}

impl Gradients {
    /// All zeros, shaped like `net`.
    pub fn zeros(net: &Mlp) -> Self {
        Gradients {
            weights: net
                .layers
                .iter()
                .map(|l| vec![0.0; l.weights.len()])
                .collect(),
            biases: net
                .layers
                .iter()
                .map(|l| vec![0.0; l.biases.len()])
                .collect(),
        }
    }

    /// The size of each layer's weight gradient as the root mean square of
    /// its entries, √(Σ g² / n): unlike the plain norm √(Σ g²) it does not
    /// grow with the number n of weights, so that a 32 × 2 first layer and a
    /// 32 × 32 hidden layer can be compared.
    pub fn weight_rms(&self) -> Vec<f64> {
        self.weights
            .iter()
            .map(|g| (g.iter().map(|g| g * g).sum::<f64>() / g.len() as f64).sqrt())
            .collect()
    }
}

impl Mlp {
    /// A network with layer widths `sizes` (input, hidden…, classes), weights
    /// drawn with `activation.init()` from a generator seeded with `seed`.
    pub fn new(sizes: &[usize], activation: Activation, seed: u64) -> Self {
        Mlp::with_init(sizes, activation, activation.init(), seed)
    }

    /// As [`Mlp::new`], with the initialisation chosen by the caller.
    pub fn with_init(sizes: &[usize], activation: Activation, init: Init, seed: u64) -> Self {
        assert!(
            sizes.len() >= 2,
            "a network needs an input and an output size"
        );
        let mut rng = rng(seed);
        let layers = sizes
            .windows(2)
            .map(|w| Dense::new(w[0], w[1], init, &mut rng))
            .collect();
        Mlp { layers, activation }
    }

    // ANCHOR: forward
    /// The forward pass, keeping every layer's input a and pre-activation z:
    ///
    /// z⁽ˡ⁾ = W⁽ˡ⁾ a⁽ˡ⁾ + b⁽ˡ⁾,  a⁽ˡ⁺¹⁾ = f(z⁽ˡ⁾),
    ///
    /// with no f after the last layer: its z is the logits.
    pub fn forward(&self, input: &[f64]) -> Trace {
        let mut inputs = vec![input.to_vec()];
        let mut pre_activations = Vec::with_capacity(self.layers.len());
        for (l, layer) in self.layers.iter().enumerate() {
            let z = layer.forward(&inputs[l]);
            if l + 1 < self.layers.len() {
                inputs.push(z.iter().map(|&z| self.activation.apply(z)).collect());
            }
            pre_activations.push(z);
        }
        Trace {
            inputs,
            pre_activations,
        }
    }
    // ANCHOR_END: forward

    // ANCHOR: backward
    /// The backward pass for one sample: adds ∂L/∂W and ∂L/∂b of its loss
    /// L = cross_entropy(logits, label), times `scale`, to `gradients`.
    ///
    /// δ⁽ˡ⁾ = ∂L/∂z⁽ˡ⁾ is carried from the output back to the input:
    ///
    /// 1. At the output, softmax and cross-entropy together give
    ///    δ = p − y (`cross_entropy_gradient`, `softmax_in_depth.md`).
    /// 2. A layer's parameters get ∂L/∂W = δ aᵀ and ∂L/∂b = δ: each weight
    ///    W_ji is multiplied by its input aᵢ in z_j.
    /// 3. One layer back, δ ← (Wᵀ δ) ⊙ f′(z): Wᵀ sends the error back along the
    ///    same weights, and the chain rule multiplies it, unit by unit, by the
    ///    derivative of the activation at that unit's pre-activation z.
    ///
    /// Step 3 is where the activation function matters: a deep network
    /// multiplies one f′(z) per layer into the gradient of its first layers.
    pub fn backward(&self, trace: &Trace, label: usize, scale: f64, gradients: &mut Gradients) {
        let mut delta = cross_entropy_gradient(trace.logits(), label); // step 1
        for l in (0..self.layers.len()).rev() {
            let layer = &self.layers[l];
            let a = &trace.inputs[l];
            // Step 2: ∂L/∂W = δ aᵀ, ∂L/∂b = δ.
            let rows = gradients.weights[l].chunks_mut(layer.inputs);
            for ((row, d), gb) in rows.zip(&delta).zip(&mut gradients.biases[l]) {
                for (gw, a) in row.iter_mut().zip(a) {
                    *gw += scale * d * a;
                }
                *gb += scale * d;
            }
            if l == 0 {
                break;
            }
            // Step 3: δ ← (Wᵀ δ) ⊙ f′(z) of the layer below.
            let z = &trace.pre_activations[l - 1];
            let mut back = vec![0.0; layer.inputs];
            for (row, d) in layer.weights.chunks(layer.inputs).zip(&delta) {
                for (b, w) in back.iter_mut().zip(row) {
                    *b += w * d;
                }
            }
            delta = back
                .iter()
                .zip(z)
                .map(|(b, &z)| b * self.activation.derivative(z))
                .collect();
        }
    }
    // ANCHOR_END: backward

    /// The mean loss over `batch` and its gradient.
    pub fn gradients(&self, batch: &[Sample]) -> (f64, Gradients) {
        self.gradients_of(batch.iter(), batch.len())
    }

    /// As [`Mlp::gradients`], for the `len` samples that `batch` yields (a
    /// minibatch picked from the data set without copying it).
    fn gradients_of<'a>(
        &self,
        batch: impl Iterator<Item = &'a Sample>,
        len: usize,
    ) -> (f64, Gradients) {
        let mut gradients = Gradients::zeros(self);
        let scale = 1.0 / len as f64;
        let mut loss = 0.0;
        for sample in batch {
            let trace = self.forward(&sample.input);
            loss += cross_entropy(trace.logits(), sample.label);
            self.backward(&trace, sample.label, scale, &mut gradients);
        }
        (loss * scale, gradients)
    }

    // ANCHOR: sgd
    /// One step of gradient descent: θ ← θ − η ∂L/∂θ for every parameter θ.
    pub fn step(&mut self, gradients: &Gradients, learning_rate: f64) {
        for (l, layer) in self.layers.iter_mut().enumerate() {
            for (w, g) in layer.weights.iter_mut().zip(&gradients.weights[l]) {
                *w -= learning_rate * g;
            }
            for (b, g) in layer.biases.iter_mut().zip(&gradients.biases[l]) {
                *b -= learning_rate * g;
            }
        }
    }

    /// Minibatch SGD: for each of `epochs` epochs, shuffle the data (with a
    /// generator seeded by `seed`), cut it into batches of `batch_size`, and
    /// take one step per batch. Returns the loss over the whole data set
    /// before training and after each epoch (`epochs + 1` values).
    pub fn train(
        &mut self,
        data: &[Sample],
        learning_rate: f64,
        epochs: usize,
        batch_size: usize,
        seed: u64,
    ) -> Vec<f64> {
        let plan = Training {
            optimizer: Optimizer::Sgd,
            learning_rate,
            epochs,
            batch_size,
        };
        self.train_with(data, &plan, seed)
    }

    /// Minibatch training as [`Mlp::train`], with the optimiser, learning
    /// rate, epochs and batch size of `plan`.
    pub fn train_with(&mut self, data: &[Sample], plan: &Training, seed: u64) -> Vec<f64> {
        let mut losses = vec![self.loss(data)];
        self.train_epochs(data, plan, seed, |net, _| {
            losses.push(net.loss(data));
            true
        });
        losses
    }

    /// The loop of [`Mlp::train_with`]: after each epoch it calls
    /// `after_epoch(net, epoch)` (epoch 1, 2, …) and stops early if that
    /// returns false.
    pub fn train_epochs(
        &mut self,
        data: &[Sample],
        plan: &Training,
        seed: u64,
        mut after_epoch: impl FnMut(&Mlp, usize) -> bool,
    ) {
        let mut rng = rng(seed);
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut state = OptimizerState::new(self);
        for epoch in 1..=plan.epochs {
            shuffle(&mut order, &mut rng);
            for batch in order.chunks(plan.batch_size) {
                let samples = batch.iter().map(|&i| &data[i]);
                let (_, gradients) = self.gradients_of(samples, batch.len());
                match plan.optimizer {
                    Optimizer::Sgd => self.step(&gradients, plan.learning_rate),
                    _ => state.step(self, &gradients, plan.optimizer, plan.learning_rate),
                }
            }
            if !after_epoch(self, epoch) {
                break;
            }
        }
    }
    // ANCHOR_END: sgd

    /// The mean cross-entropy loss over `data`.
    pub fn loss(&self, data: &[Sample]) -> f64 {
        let total: f64 = data
            .iter()
            .map(|s| cross_entropy(&self.logits(&s.input), s.label))
            .sum();
        total / data.len() as f64
    }

    /// The logits (the last layer's z) for one input.
    pub fn logits(&self, input: &[f64]) -> Vec<f64> {
        let mut a = input.to_vec();
        for (l, layer) in self.layers.iter().enumerate() {
            let z = layer.forward(&a);
            a = if l + 1 < self.layers.len() {
                z.iter().map(|&z| self.activation.apply(z)).collect()
            } else {
                z
            };
        }
        a
    }

    /// The predicted class probabilities, softmax(logits).
    pub fn probabilities(&self, input: &[f64]) -> Vec<f64> {
        softmax(&self.logits(input))
    }

    /// The fraction of `data` whose most probable class is the true one.
    pub fn accuracy(&self, data: &[Sample]) -> f64 {
        let correct = data
            .iter()
            .filter(|s| {
                let logits = self.logits(&s.input);
                let best = (0..logits.len())
                    .reduce(|a, b| if logits[b] > logits[a] { b } else { a })
                    .unwrap_or(0);
                best == s.label
            })
            .count();
        correct as f64 / data.len() as f64
    }
}

// ANCHOR: optimizer
/// How the gradient g of a minibatch moves the parameters θ.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Optimizer {
    /// Plain SGD: θ ← θ − η g.
    Sgd,
    /// SGD with momentum β, Polyak's heavy ball (1964) as deep-learning
    /// libraries write it: v ← β v + g, θ ← θ − η v. The velocity v sums
    /// the past gradients with weights 1, β, β², …: steps along a direction
    /// the gradient keeps pointing to grow up to 1/(1 − β) times.
    Momentum(f64),
    /// Adam (Kingma & Ba 2015) with β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸:
    /// m ← β₁ m + (1 − β₁) g, v ← β₂ v + (1 − β₂) g², m̂ = m/(1 − β₁ᵗ),
    /// v̂ = v/(1 − β₂ᵗ), θ ← θ − η m̂ / (√v̂ + ε). Each parameter's step is
    /// about η whatever the size of its gradient.
    Adam,
}

impl fmt::Display for Optimizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Optimizer::Sgd => write!(f, "SGD"),
            Optimizer::Momentum(beta) => write!(f, "动量 SGD (β = {beta})"),
            Optimizer::Adam => write!(f, "Adam"),
        }
    }
}

/// The first and second moments of the gradient that momentum and Adam keep
/// between steps, shaped like the network, and Adam's step count t.
struct OptimizerState {
    first: Gradients,
    second: Gradients,
    t: i32,
}

impl OptimizerState {
    fn new(net: &Mlp) -> Self {
        OptimizerState {
            first: Gradients::zeros(net),
            second: Gradients::zeros(net),
            t: 0,
        }
    }

    fn step(&mut self, net: &mut Mlp, g: &Gradients, optimizer: Optimizer, eta: f64) {
        const B1: f64 = 0.9;
        const B2: f64 = 0.999;
        const EPS: f64 = 1e-8;
        self.t += 1;
        let (c1, c2) = (1.0 - B1.powi(self.t), 1.0 - B2.powi(self.t));
        for (l, layer) in net.layers.iter_mut().enumerate() {
            let params = [&mut layer.weights, &mut layer.biases];
            let grads = [&g.weights[l], &g.biases[l]];
            let firsts = [&mut self.first.weights[l], &mut self.first.biases[l]];
            let seconds = [&mut self.second.weights[l], &mut self.second.biases[l]];
            for (((theta, g), m), v) in params.into_iter().zip(grads).zip(firsts).zip(seconds) {
                for (((theta, &g), m), v) in theta.iter_mut().zip(g).zip(m).zip(v) {
                    match optimizer {
                        Optimizer::Momentum(beta) => {
                            *m = beta * *m + g;
                            *theta -= eta * *m;
                        }
                        Optimizer::Adam => {
                            *m = B1 * *m + (1.0 - B1) * g;
                            *v = B2 * *v + (1.0 - B2) * g * g;
                            *theta -= eta * (*m / c1) / ((*v / c2).sqrt() + EPS);
                        }
                        Optimizer::Sgd => *theta -= eta * g,
                    }
                }
            }
        }
    }
}

/// A training plan: optimiser, learning rate η, epochs and batch size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Training {
    pub optimizer: Optimizer,
    pub learning_rate: f64,
    pub epochs: usize,
    pub batch_size: usize,
}
// ANCHOR_END: optimizer

/// Fisher–Yates shuffle driven by the seeded generator.
fn shuffle(order: &mut [usize], rng: &mut ChaCha8Rng) {
    for i in (1..order.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
}

// ANCHOR: gradient_check
/// The largest relative difference between the backward pass (a) and
/// central finite differences n = (L(θ + h) − L(θ − h)) / 2h with h = 10⁻⁵,
/// over every weight and bias of `net`, for the mean loss L over `data`.
///
/// The relative difference is |a − n| / max(|a| + |n|, 10⁻⁴). The floor is
/// there because n is only accurate to about 10⁻¹¹ in absolute terms: the
/// rounding error of L, ε·L/h, and the truncation error, O(h²), are both of
/// that size. For a gradient of 10⁻⁶ a purely relative comparison would
/// measure that noise, not the backward pass.
pub fn gradient_check(net: &Mlp, data: &[Sample]) -> f64 {
    let h = 1e-5;
    let (_, analytic) = net.gradients(data);
    let mut worst: f64 = 0.0;
    let mut compare = |a: f64, get: &dyn Fn(&mut Mlp) -> &mut f64| {
        let (mut plus, mut minus) = (net.clone(), net.clone());
        *get(&mut plus) += h;
        *get(&mut minus) -= h;
        let n = (plus.loss(data) - minus.loss(data)) / (2.0 * h);
        worst = worst.max((a - n).abs() / (a.abs() + n.abs()).max(1e-4));
    };
    for l in 0..net.layers.len() {
        for k in 0..net.layers[l].weights.len() {
            compare(analytic.weights[l][k], &|m| &mut m.layers[l].weights[k]);
        }
        for k in 0..net.layers[l].biases.len() {
            compare(analytic.biases[l][k], &|m| &mut m.layers[l].biases[k]);
        }
    }
    worst
}
// ANCHOR_END: gradient_check

#[cfg(test)]
mod tests {
    use super::*;

    /// A handful of points of three classes (hand-written here, so that the
    /// MLP's tests depend on no other module of this crate).
    fn points() -> Vec<Sample> {
        [
            (0.1, 0.9),
            (-0.8, 0.2),
            (0.5, -0.4),
            (0.0, 0.0),
            (-0.3, -0.7),
        ]
        .into_iter()
        .enumerate()
        .map(|(k, (x, y))| Sample {
            input: vec![x, y],
            label: k % 2,
        })
        .collect()
    }

    #[test]
    fn same_seed_same_network_and_training() {
        let data = points();
        let run = || {
            let mut net = Mlp::new(&[2, 6, 2], Activation::Relu, 9);
            let losses = net.train(&data, 0.3, 3, 8, 4);
            (net, losses)
        };
        assert_eq!(run(), run());
        let other = Mlp::new(&[2, 6, 2], Activation::Relu, 10);
        assert_ne!(run().0.layers[0].weights, other.layers[0].weights);
    }

    #[test]
    fn momentum_zero_is_sgd_and_adam_steps_by_eta() {
        let data = points();
        let plan = |optimizer| Training {
            optimizer,
            learning_rate: 0.05,
            epochs: 3,
            batch_size: 2,
        };
        let train = |optimizer| {
            let mut net = Mlp::new(&[2, 6, 2], Activation::Tanh, 3);
            let losses = net.train_with(&data, &plan(optimizer), 5);
            (net, losses)
        };
        assert_eq!(train(Optimizer::Momentum(0.0)), train(Optimizer::Sgd));
        // Adam's first step: m̂ = g, v̂ = g², so every parameter with a
        // gradient moves by η·g/(|g| + ε) ≈ ±η.
        let net = Mlp::new(&[2, 6, 2], Activation::Tanh, 3);
        let (_, g) = net.gradients(&data);
        let mut after = net.clone();
        let mut state = OptimizerState::new(&after);
        state.step(&mut after, &g, Optimizer::Adam, 0.01);
        for l in 0..net.layers.len() {
            for k in 0..net.layers[l].weights.len() {
                let step = net.layers[l].weights[k] - after.layers[l].weights[k];
                let g = g.weights[l][k];
                assert!((step - 0.01 * g / (g.abs() + 1e-8)).abs() < 1e-15);
            }
        }
        // Momentum 0.9 and Adam both learn the points.
        for optimizer in [Optimizer::Momentum(0.9), Optimizer::Adam] {
            let (_, losses) = train(optimizer);
            assert!(losses[3] < losses[0], "{optimizer}");
        }
    }

    #[test]
    fn every_activation_matches_its_library_function() {
        // Derivative against a central difference at a few points away
        // from the kinks.
        for a in [
            Activation::Selu,
            Activation::Relu6,
            Activation::Softplus,
            Activation::Silu,
            Activation::Mish,
            Activation::Hardsigmoid,
            Activation::Hardswish,
            Activation::Softsign,
        ] {
            for z in [-2.7, -0.4, 0.3, 1.9] {
                let h = 1e-6;
                let n = (a.apply(z + h) - a.apply(z - h)) / (2.0 * h);
                assert!((a.derivative(z) - n).abs() < 1e-6, "{a} at {z}");
            }
        }
        assert_eq!(Activation::Selu.init(), Init::LeCun);
        assert_eq!(Activation::Softsign.init(), Init::Xavier);
    }

    #[test]
    fn initial_weights_have_the_chosen_range() {
        let xavier = Mlp::with_init(&[100, 300], Activation::Tanh, Init::Xavier, 1);
        let he = Mlp::with_init(&[100, 300], Activation::Relu, Init::He, 1);
        let max = |n: &Mlp| {
            n.layers[0]
                .weights
                .iter()
                .fold(0.0_f64, |m, w| m.max(w.abs()))
        };
        let var = |n: &Mlp| {
            let w = &n.layers[0].weights;
            w.iter().map(|w| w * w).sum::<f64>() / w.len() as f64
        };
        assert!(max(&xavier) <= (6.0_f64 / 400.0).sqrt());
        assert!(max(&he) <= (6.0_f64 / 100.0).sqrt());
        assert!((var(&xavier) / (2.0 / 400.0) - 1.0).abs() < 0.05);
        assert!((var(&he) / (2.0 / 100.0) - 1.0).abs() < 0.05);
        assert!(he.layers[0].biases.iter().all(|&b| b == 0.0));
    }

    #[test]
    #[should_panic(expected = "the layer has 2 inputs, but the input has 3 elements")]
    fn a_wrong_sized_input_is_refused() {
        let net = Mlp::new(&[2, 4, 2], Activation::Relu, 1);
        net.layers[0].forward(&[0.1, 0.2, 0.3]);
    }

    #[test]
    fn forward_matches_logits_and_probabilities_sum_to_one() {
        let net = Mlp::new(&[2, 4, 4, 3], Activation::Gelu, 2);
        let x = [0.3, -0.7];
        let trace = net.forward(&x);
        assert_eq!(trace.logits(), net.logits(&x).as_slice());
        assert_eq!(trace.inputs.len(), 3);
        let p = net.probabilities(&x);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-15);
    }
}
