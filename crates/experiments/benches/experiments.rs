//! `cargo bench -p activations-experiments`: how long each experiment takes
//! (the figure programs run exactly these functions). The budget is 60 s for
//! all of them together, in release, on 2 cores (the many-seed runs use
//! both), so that the book build stays quick; the sum of the means is that
//! number. `claims` runs the many-seed experiments again (the ledger is built
//! from them), so it is not added to the sum.

use activations_experiments::mlp::Activation;
use activations_experiments::{
    claims, convergence, dying_relu, gradient_check, vanishing_gradients, zero_centred,
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
    group.bench_function("convergence_seeds", |b| {
        b.iter(|| black_box(convergence::run_seeds()))
    });
    group.bench_function("dying_relu_optimizers", |b| {
        b.iter(|| black_box(dying_relu::run_optimizers()))
    });
    group.bench_function("vanishing_gradients_seeds", |b| {
        b.iter(|| {
            black_box(vanishing_gradients::log_first_to_last(Activation::Sigmoid));
            black_box(vanishing_gradients::log_first_to_last(Activation::Tanh))
        })
    });
    group.bench_function("claims", |b| b.iter(|| black_box(claims::ledger())));
    group.finish();
}

criterion_group!(benches, experiments);
criterion_main!(benches);
