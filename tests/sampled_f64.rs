//! The `f64` fast kernels of `activations::slice` on 8 million random inputs
//! each, against the scalar functions of the crate root.
//!
//! `tests/every_f32.rs` leaves nothing to sampling for `f32`; `f64` has 2⁶⁴
//! inputs, so it can only be sampled, and where it is sampled matters.
//! `src/slice/tests.rs` checks every level on bit patterns spread over the
//! whole range and on a grid; this test adds density where the functions
//! change: 2²² points uniform on [−50, 50] and 2²² with |x| log-uniform on
//! [2⁻³⁰, 2⁶], either sign, for each kernel. Each result must be within 2
//! steps of the scalar function's, 3 for the tanh GELU (see below). Inputs
//! at which a kernel and the scalar function round 3 or more apart are
//! rare, and a grid finds them only by luck: the one 0.016 apart in
//! `src/slice/tests.rs` missed those of an earlier `f64` tanh (3 in 10⁴
//! near |x| = 0.25) and of an earlier exact GELU (up to 5 steps).
//!
//! It takes about half a minute in release, so a plain `cargo test` skips
//! it; CI runs it with
//!
//! ```text
//! cargo test --release --test sampled_f64 -- --ignored --nocapture
//! ```
//!
//! which also prints how many inputs land at each distance.

mod kernel_list;

use rand::RngCore;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;

/// Steps between representable numbers from a to b (+0 and −0 are one).
fn steps(a: f64, b: f64) -> u64 {
    let key = |v: f64| {
        let i = v.to_bits() as i64;
        i128::from(if i < 0 { -(i & i64::MAX) } else { i })
    };
    u64::try_from(key(a).abs_diff(key(b))).unwrap_or(u64::MAX)
}

/// 2²² points uniform on [−50, 50], then 2²² with |x| log-uniform on
/// [2⁻³⁰, 2⁶] and a random sign.
fn inputs() -> Vec<f64> {
    const N: usize = 1 << 22;
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let unit = |rng: &mut ChaCha8Rng| (rng.next_u64() >> 11) as f64 / (1_u64 << 53) as f64;
    let mut x: Vec<f64> = (0..N).map(|_| 100.0 * unit(&mut rng) - 50.0).collect();
    x.extend((0..N).map(|_| {
        let a = (36.0 * unit(&mut rng) - 30.0).exp2();
        if rng.next_u32() & 1 == 0 { a } else { -a }
    }));
    x
}

#[test]
#[ignore = "8 million f64 through seven kernels: about half a minute in release; \
            .ci/run runs it with --release --ignored"]
fn sampled_f64_is_within_two_steps_of_the_scalar_function_but_far_out_for_gelu_tanh() {
    let x = inputs();
    let mut y = vec![0.0; x.len()];
    for (name, fast, scalar) in kernel_list::smooth::<f64>() {
        // Far out (|x| ≈ 20, where the argument w of σ is about 660 and
        // an error δ in it is a relative error δ of the result), kernel and
        // scalar function can each be 1.5 ULP from the exact value, in
        // opposite directions: 3 steps, at 1 input in 8 million.
        let bound = if name == "gelu_tanh" { 3 } else { 2 };
        fast(&x, &mut y);
        let (mut worst, mut at, mut histogram) = (0, 0.0, [0_u64; 4]);
        for (&x, &y) in x.iter().zip(&y) {
            let d = steps(y, scalar(x));
            histogram[d.min(3) as usize] += 1;
            if d > worst {
                (worst, at) = (d, x);
            }
        }
        eprintln!(
            "{name}: at most {worst} steps (at x = {at:e}); inputs at 0, 1, 2, ≥3 steps: {histogram:?}"
        );
        assert!(worst <= bound, "{name}: {worst} steps at x = {at:e}");
    }
}
