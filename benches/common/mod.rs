//! What both benchmarks share: the input data and the table of kernels.
//! (A folder with `mod.rs`, so that cargo does not take it for a benchmark.)

use activations::slice;

/// Elements per measurement: 10⁶ `f32`, 4 MB in and 4 MB out.
pub const N: usize = 1_000_000;

/// Softmax runs on N / ROW rows of ROW logits.
pub const ROW: usize = 1000;

/// 10⁶ `f32` uniform on [−10, 10), as in `benches/numpy_kernels.py`, from a
/// fixed xorshift generator (the same data on every run).
pub fn inputs() -> Vec<f32> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    (0..N)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 40) as f32 / (1u64 << 24) as f32 * 20.0 - 10.0
        })
        .collect()
}

/// A slice kernel with no parameter.
pub type Kernel = fn(&[f32], &mut [f32]);

/// (name, slice kernel, the scalar function the naive loop calls).
pub type Entry = (&'static str, Kernel, fn(f32) -> f32);

/// The kernels without a parameter, in the order of the cost chapter's table.
pub const KERNELS: [Entry; 6] = [
    ("sigmoid", slice::sigmoid, activations::sigmoid),
    (
        "sigmoid_derivative",
        slice::sigmoid_derivative,
        activations::sigmoid_derivative,
    ),
    ("tanh", slice::tanh, activations::tanh),
    (
        "tanh_derivative",
        slice::tanh_derivative,
        activations::tanh_derivative,
    ),
    ("relu", slice::relu, activations::relu),
    (
        "relu_derivative",
        slice::relu_derivative,
        activations::relu_derivative,
    ),
];
