//! What both benchmarks share: the input data and how to run each kernel.
//! (A folder with `mod.rs`, so that cargo does not take it for a benchmark.)
//!
//! Which kernels are timed is not decided here: the one list is
//! `activations_experiments::cost::KERNELS`, and [`implementation`] finds
//! the code for each name on it.

use activations::slice;
use activations_experiments::cost::ELEMENTS;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;

/// Elements per measurement: 10⁶ `f32`, 4 MB in and 4 MB out.
pub const N: usize = ELEMENTS;

/// Softmax runs on N / ROW rows of ROW logits.
pub const ROW: usize = 1000;

/// Leaky ReLU's negative slope.
pub const ALPHA: f32 = 0.01;

/// 10⁶ `f32` uniform on [−10, 10), as in `benches/numpy_kernels.py`, from
/// the book's one seeded generator (the same data on every run).
pub fn inputs() -> Vec<f32> {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    (0..N).map(|_| rng.random_range(-10.0..10.0)).collect()
}

/// A way of running a kernel over a whole slice.
pub type Run = Box<dyn Fn(&[f32], &mut [f32])>;

/// The slice kernel and the naive loop (one scalar call per element, as most
/// code is written) for a kernel named on `cost::KERNELS`.
///
/// # Panics
///
/// For a name this file has no code for, naming it.
pub fn implementation(kernel: &str) -> (Run, Run) {
    fn naive(x: &[f32], y: &mut [f32], f: impl Fn(f32) -> f32) {
        for (o, &v) in y.iter_mut().zip(x) {
            *o = f(black_box(v));
        }
    }
    macro_rules! map {
        ($name:ident) => {
            (
                Box::new(|x, y| slice::$name(x, y)),
                Box::new(|x, y| naive(x, y, activations::$name)),
            )
        };
    }
    match kernel {
        "sigmoid" => map!(sigmoid),
        "sigmoid_derivative" => map!(sigmoid_derivative),
        "tanh" => map!(tanh),
        "tanh_derivative" => map!(tanh_derivative),
        "silu" => map!(silu),
        "gelu_tanh" => map!(gelu_tanh),
        "gelu" => map!(gelu),
        "relu" => map!(relu),
        "relu_derivative" => map!(relu_derivative),
        "leaky_relu" => (
            Box::new(|x, y| slice::leaky_relu(x, y, ALPHA)),
            Box::new(|x, y| naive(x, y, |v| activations::leaky_relu(v, ALPHA))),
        ),
        "leaky_relu_derivative" => (
            Box::new(|x, y| slice::leaky_relu_derivative(x, y, ALPHA)),
            Box::new(|x, y| naive(x, y, |v| activations::leaky_relu_derivative(v, ALPHA))),
        ),
        "softmax_rows" => (
            Box::new(|x, y| slice::softmax_rows(x, ROW, y)),
            Box::new(|x, y| {
                for (row, out) in x.chunks_exact(ROW).zip(y.chunks_exact_mut(ROW)) {
                    out.copy_from_slice(&activations::softmax(black_box(row)));
                }
            }),
        ),
        other => {
            panic!("benches/common/mod.rs has no code for the kernel `{other}` of cost::KERNELS")
        }
    }
}
