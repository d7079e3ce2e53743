//! `cargo bench`: the slice kernels on 10⁶ `f32`, against the naive loop of
//! scalar calls and against a plain memory copy (the floor for any kernel that
//! reads one array and writes another).

mod common;

use activations::slice;
use common::{KERNELS, N, ROW, inputs};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn kernels(c: &mut Criterion) {
    let x = inputs();
    let mut y = vec![0.0_f32; N];
    let mut group = c.benchmark_group("1e6 f32");
    group.throughput(Throughput::Bytes((2 * N * size_of::<f32>()) as u64));
    group.bench_function("memcpy", |b| b.iter(|| y.copy_from_slice(black_box(&x))));
    for (name, kernel, scalar) in KERNELS {
        group.bench_function(format!("slice::{name}"), |b| {
            b.iter(|| kernel(black_box(&x), black_box(&mut y)))
        });
        group.bench_function(format!("naive {name}"), |b| {
            b.iter(|| {
                for (o, &v) in y.iter_mut().zip(&x) {
                    *o = scalar(black_box(v));
                }
            })
        });
    }
    group.bench_function("slice::leaky_relu", |b| {
        b.iter(|| slice::leaky_relu(black_box(&x), black_box(&mut y), 0.01))
    });
    group.bench_function("slice::leaky_relu_derivative", |b| {
        b.iter(|| slice::leaky_relu_derivative(black_box(&x), black_box(&mut y), 0.01))
    });
    group.bench_function("slice::softmax_rows (1000 × 1000)", |b| {
        b.iter(|| slice::softmax_rows(black_box(&x), ROW, black_box(&mut y)))
    });
    group.finish();
}

criterion_group!(benches, kernels);
criterion_main!(benches);
