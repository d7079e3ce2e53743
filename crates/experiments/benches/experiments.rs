//! `cargo bench -p activations-experiments`: how long each experiment takes
//! (the figure programs run exactly these functions). The budget is 60 s for
//! all of them together, in release, on 2 cores (the many-seed runs use
//! both), so that the book build stays quick; the sum of the means is that
//! number. `claims` runs the many-seed experiments again (the ledger is built
//! from them), so it is not added to the sum. `digits_epoch` times one
//! epoch of the digits experiment for each activation: the cost of the
//! function and its derivative inside a whole network (not in the sum either).

use activations_experiments::{
    claims, convergence, digits, dying_relu, gradient_check, vanishing_gradients, zero_centred,
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
            for activation in vanishing_gradients::ACTIVATIONS {
                black_box(vanishing_gradients::log_norms(activation));
            }
        })
    });
    group.bench_function("digits", |b| b.iter(|| black_box(digits::run())));
    // `claims` reads the digits report computed once per process (above it
    // is `digits::run`, which computes it afresh every time).
    group.bench_function("claims", |b| b.iter(|| black_box(claims::ledger())));
    group.finish();
}

/// One epoch of the digits experiment per activation (training set, batch
/// 32, its chosen rate's size does not matter for the time): what the
/// activation's function and derivative cost inside a whole network.
fn digits_epoch(c: &mut Criterion) {
    let data = digits::load().expect("the data set");
    let (train, _, _) = digits::split(&data, digits::SPLIT_SEED);
    let mut plan = digits::plan(0.3);
    plan.epochs = 1;
    let mut group = c.benchmark_group("digits_epoch");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for activation in digits::ACTIVATIONS {
        group.bench_function(activation.to_string(), |b| {
            b.iter(|| {
                let mut net = digits::network(activation, 1);
                net.train_epochs(&train, &plan, 1, |_, _| true);
                black_box(net)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, experiments, digits_epoch);
criterion_main!(benches);
