//! `cargo bench`: the slice kernels on 10⁶ `f32`, at every dispatch level this
//! CPU supports (forced with `Level::run`), at the SIMD levels also with both
//! stages in one loop (`Loop::Single`), against the naive loop of scalar
//! calls and against a plain memory copy (the floor for any kernel that reads
//! one array and writes another); and σ and ReLU on arrays of 2¹² to 2²⁰
//! elements in one thread and in all of the machine's (`Threads`), where
//! a second thread starts to pay.

mod common;

use activations::slice::{Level, Loop, Threads};
use activations_experiments::cost::{KERNELS, THREAD_KERNELS, THREAD_SIZES};
use common::{N, implementation, inputs};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn kernels(c: &mut Criterion) {
    let x = inputs();
    let mut y = vec![0.0_f32; N];
    let mut group = c.benchmark_group("1e6 f32");
    group.throughput(Throughput::Bytes((2 * N * size_of::<f32>()) as u64));
    group.bench_function("memcpy", |b| b.iter(|| y.copy_from_slice(black_box(&x))));
    for kernel in KERNELS {
        let (fast, naive) = implementation(kernel.name);
        for level in Level::supported() {
            let name = format!("slice::{} {}", kernel.name, level.name());
            group.bench_function(name, |b| {
                level.run(|| b.iter(|| fast(black_box(&x), black_box(&mut y))))
            });
        }
        // Both stages in one loop, at the SIMD levels: what the two-stage
        // loops gain (the same for a kernel that runs in one stage anyway).
        for level in Level::supported().into_iter().skip(1) {
            let name = format!("slice::{} {} single loop", kernel.name, level.name());
            group.bench_function(name, |b| {
                level.run(|| Loop::Single.run(|| b.iter(|| fast(black_box(&x), black_box(&mut y)))))
            });
        }
        group.bench_function(format!("naive {}", kernel.name), |b| {
            b.iter(|| naive(black_box(&x), black_box(&mut y)))
        });
    }
    group.finish();
}

fn threads(c: &mut Criterion) {
    let longest = THREAD_SIZES[THREAD_SIZES.len() - 1];
    let x: Vec<f32> = inputs().into_iter().cycle().take(longest).collect();
    let mut y = vec![0.0_f32; longest];
    let all = Threads::available().count().max(2);
    for kernel in THREAD_KERNELS {
        let (fast, _) = implementation(kernel);
        let mut group = c.benchmark_group(format!("slice::{kernel} threads"));
        for n in THREAD_SIZES {
            group.throughput(Throughput::Elements(n as u64));
            let (x, y) = (&x[..n], &mut y[..n]);
            group.bench_function(format!("{n} in 1"), |b| {
                b.iter(|| fast(black_box(x), black_box(y)))
            });
            // However short: the same split the cost chapter measures.
            let split = Threads::new(all).min_per_thread(1);
            group.bench_function(format!("{n} in {all}"), |b| {
                split.run(|| b.iter(|| fast(black_box(x), black_box(y))))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, kernels, threads);
criterion_main!(benches);
