//! `cargo bench -p activations-experiments`: how long each experiment takes
//! (the figure programs run exactly these functions). The budget is 10 s for
//! all of them together, in release, on 2 cores, so that the book build
//! stays quick; the sum of the means is that number.

use activations_experiments::{
    convergence, dying_relu, gradient_check, vanishing_gradients, zero_centred,
};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

fn experiments(c: &mut Criterion) {
    let mut group = c.benchmark_group("experiments");
    // Each run takes up to a second or two: ten samples are plenty.
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("gradient_check", |b| {
        b.iter(|| black_box(gradient_check::run()))
    });
    group.bench_function("vanishing_gradients", |b| {
        b.iter(|| black_box(vanishing_gradients::run()))
    });
    group.bench_function("convergence", |b| b.iter(|| black_box(convergence::run())));
    group.bench_function("dying_relu", |b| b.iter(|| black_box(dying_relu::run())));
    group.bench_function("zero_centred", |b| {
        b.iter(|| black_box(zero_centred::run()))
    });
    group.finish();
}

criterion_group!(benches, experiments);
criterion_main!(benches);
