//! The measurements behind the cost chapter: `cargo xtask cost` runs this
//! (`cargo bench --bench cost`) and puts its output beside numpy's in
//! `data/cost.csv`.
//!
//! Each kernel runs on 10⁶ `f32` (softmax: 1000 rows of 1000), uniform on
//! [−10, 10) as in `benches/numpy_kernels.py`, into a preallocated output; the
//! time reported is the best of `REPEATS` runs, like numpy's. Output lines:
//! `kernel,implementation,seconds`, where implementation is `rust` (the slice
//! kernel, or `copy_from_slice` for memcpy) or `naive` (the scalar loop).

mod common;

use activations::slice;
use common::{KERNELS, N, ROW, inputs};
use std::hint::black_box;
use std::time::Instant;

const REPEATS: usize = 50;
const ALPHA: f32 = 0.01;

fn best(mut f: impl FnMut()) -> f64 {
    f(); // warm up: page in the output, detect the CPU
    (0..REPEATS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// The naive loop: one scalar call per element, as most code is written.
fn naive(x: &[f32], y: &mut [f32], f: impl Fn(f32) -> f32) {
    for (o, &v) in y.iter_mut().zip(x) {
        *o = f(black_box(v));
    }
}

fn main() {
    // cargo passes `--bench`; nothing else is accepted.
    let x = inputs();
    let mut y = vec![0.0_f32; N];
    let report = |kernel: &str, implementation: &str, seconds: f64| {
        println!("{kernel},{implementation},{seconds:.9e}");
    };
    for (name, fast, scalar) in KERNELS {
        report(
            name,
            "rust",
            best(|| fast(black_box(&x), black_box(&mut y))),
        );
        report(name, "naive", best(|| naive(&x, &mut y, scalar)));
    }
    let t = best(|| slice::leaky_relu(black_box(&x), black_box(&mut y), ALPHA));
    report("leaky_relu", "rust", t);
    let t = best(|| naive(&x, &mut y, |v| activations::leaky_relu(v, ALPHA)));
    report("leaky_relu", "naive", t);
    let t = best(|| slice::leaky_relu_derivative(black_box(&x), black_box(&mut y), ALPHA));
    report("leaky_relu_derivative", "rust", t);
    let t = best(|| naive(&x, &mut y, |v| activations::leaky_relu_derivative(v, ALPHA)));
    report("leaky_relu_derivative", "naive", t);
    let t = best(|| slice::softmax_rows(black_box(&x), ROW, black_box(&mut y)));
    report("softmax_rows", "rust", t);
    let t = best(|| {
        for (row, out) in x.chunks_exact(ROW).zip(y.chunks_exact_mut(ROW)) {
            out.copy_from_slice(&activations::softmax(black_box(row)));
        }
    });
    report("softmax_rows", "naive", t);
    report("memcpy", "rust", best(|| y.copy_from_slice(black_box(&x))));
}
