//! Every `f32` through the fast kernels of `activations::slice`, against the
//! scalar functions of the crate root.
//!
//! `src/slice/tests.rs` checks every kernel at every dispatch level on a
//! sample of the range (every 9973rd bit pattern, random patterns, a dense
//! grid) and that all levels agree bit for bit. This test leaves nothing to
//! sampling: all 2³² bit patterns — ±0, every subnormal, every normal number,
//! ±∞ and every NaN — go through each element-wise kernel at the level this
//! CPU runs by default, and each result must be within 2 steps of the scalar
//! function's (3 for the exact GELU), with the same sign where both are 0 and
//! NaN exactly where the scalar function gives NaN.
//!
//! It takes about six minutes on two cores in release, so a plain
//! `cargo test` skips it; CI runs it with
//!
//! ```text
//! cargo test --release --test every_f32 -- --ignored --nocapture
//! ```
//!
//! which also prints how many inputs land at each distance.

mod kernel_list;

/// Steps between representable numbers from a to b (+0 and −0 are one).
fn steps(a: f32, b: f32) -> u64 {
    let key = |v: f32| {
        let i = v.to_bits() as i32;
        i64::from(if i < 0 { -(i & 0x7fff_ffff) } else { i })
    };
    key(a).abs_diff(key(b))
}

/// The largest distance, how many inputs reach 0, 1, 2, … 5 and more steps,
/// and one input where the largest distance occurs, over every bit pattern.
/// Panics at the first NaN mismatch or zero of the wrong sign.
fn sweep(name: &str, fast: fn(&[f32], &mut [f32]), scalar: fn(f32) -> f32) -> (u64, [u64; 6], f32) {
    const BLOCK: u64 = 1 << 16;
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
    let blocks = (1_u64 << 32) / BLOCK;
    let parts: Vec<(u64, [u64; 6], f32)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    let mut x = vec![0.0_f32; BLOCK as usize];
                    let mut y = vec![0.0_f32; x.len()];
                    let (mut worst, mut histogram, mut at) = (0, [0_u64; 6], 0.0_f32);
                    for block in (t..blocks).step_by(threads as usize) {
                        for (i, x) in x.iter_mut().enumerate() {
                            *x = f32::from_bits((block * BLOCK + i as u64) as u32);
                        }
                        fast(&x, &mut y);
                        for (&x, &y) in x.iter().zip(&y) {
                            let e = scalar(x);
                            assert_eq!(
                                y.is_nan(),
                                e.is_nan(),
                                "{name}({x:e}) = {y:e}, scalar {e:e}"
                            );
                            if e.is_nan() {
                                histogram[0] += 1;
                                continue;
                            }
                            assert!(
                                !(y == 0.0 && e == 0.0)
                                    || y.is_sign_negative() == e.is_sign_negative(),
                                "{name}({x:e}) = {y:e}, scalar {e:e}"
                            );
                            let d = steps(y, e);
                            histogram[d.min(5) as usize] += 1;
                            if d > worst {
                                (worst, at) = (d, x);
                            }
                        }
                    }
                    (worst, histogram, at)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut total = (0, [0_u64; 6], 0.0_f32);
    for (worst, histogram, at) in parts {
        for (t, h) in total.1.iter_mut().zip(histogram) {
            *t += h;
        }
        if worst > total.0 {
            (total.0, total.2) = (worst, at);
        }
    }
    eprintln!(
        "{name}: at most {} steps (at x = {:e}); inputs at 0, 1, 2, 3, 4, ≥5 steps: {:?}",
        total.0, total.2, total.1
    );
    total
}

#[test]
#[ignore = "every f32 through seven kernels: about six minutes on two cores in release; \
            .ci/run runs it with --release --ignored"]
fn every_f32_is_within_two_steps_of_the_scalar_function() {
    for (name, fast, scalar) in kernel_list::smooth::<f32>() {
        let bound = if name == "gelu" { 3 } else { 2 };
        let (worst, histogram, at) = sweep(name, fast, scalar);
        assert!(worst <= bound, "{name}: {worst} steps at x = {at:e}");
        assert_eq!(histogram.iter().sum::<u64>(), 1_u64 << 32);
    }
}
