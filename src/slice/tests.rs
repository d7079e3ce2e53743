//! The fast kernels against the scalar functions of the crate root, at every
//! instruction-set level this CPU supports, over the whole floating-point
//! range.

use super::dispatch::{Level, softmax_rows};
use super::*;
use crate::test_support::steps;
use rand::RngCore;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;

/// Special values, then `dense` values: every `stride`-th bit pattern of the
/// type's positive half (and its negative), then random bit patterns.
fn inputs32(random: usize) -> Vec<f32> {
    let mut v = vec![
        0.0,
        -0.0,
        f32::from_bits(1),
        -f32::from_bits(1),
        f32::MIN_POSITIVE,
        -f32::MIN_POSITIVE,
        1e-30,
        -1e-30,
        1.0,
        -1.0,
        f32::MAX,
        f32::MIN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        -f32::NAN,
    ];
    for bits in (0..0x7f80_0000_u32).step_by(9_973) {
        let x = f32::from_bits(bits);
        v.extend([x, -x]);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    v.extend((0..random).map(|_| f32::from_bits(rng.next_u32())));
    // Where the functions actually change, densely.
    v.extend((0..100_000).map(|i| (i as f32 - 50_000.0) * 2.2e-3));
    v
}

fn inputs64(random: usize) -> Vec<f64> {
    let mut v = vec![
        0.0,
        -0.0,
        f64::from_bits(1),
        -f64::from_bits(1),
        f64::MIN_POSITIVE,
        -f64::MIN_POSITIVE,
        1e-300,
        -1e-300,
        1.0,
        -1.0,
        f64::MAX,
        f64::MIN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        -f64::NAN,
    ];
    for i in 0..200_000_u64 {
        let x = f64::from_bits(i * (0x7ff0_0000_0000_0000 / 200_000));
        v.extend([x, -x]);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(64);
    v.extend((0..random).map(|_| f64::from_bits(rng.next_u64())));
    v.extend((0..100_000).map(|i| (f64::from(i) - 50_000.0) * 1.6e-2));
    // Where the functions change, at random: uniform on [−50, 50] (the grid
    // above is 0.016 apart, too coarse to find the rare inputs at which a
    // kernel and the scalar function round apart), and |x| log-uniform on
    // [2⁻³⁰, 2⁶], either sign.
    let unit = |rng: &mut ChaCha8Rng| (rng.next_u64() >> 11) as f64 / (1_u64 << 53) as f64;
    v.extend((0..random).map(|_| 100.0 * unit(&mut rng) - 50.0));
    v.extend((0..random).map(|_| {
        let x = (36.0 * unit(&mut rng) - 30.0).exp2();
        if rng.next_u32() & 1 == 0 { x } else { -x }
    }));
    v
}

/// The largest distance between the slice function `fast` at every level and
/// `scalar`, and a check that all levels agree bit for bit.
fn worst<T: Element + std::fmt::Debug>(
    name: &str,
    xs: &[T],
    fast: impl Fn(&[T], &mut [T]),
    scalar: impl Fn(T) -> T,
) -> u64 {
    let expected: Vec<T> = xs.iter().map(|&x| scalar(x)).collect();
    let mut first: Option<Vec<T>> = None;
    let mut worst = 0;
    for level in Level::supported() {
        let mut got = vec![T::zero(); xs.len()];
        level.run(|| fast(xs, &mut got));
        for ((&x, &g), &e) in xs.iter().zip(&got).zip(&expected) {
            let d = steps(g, e);
            assert!(
                d <= 4,
                "{name} at {level:?}: x = {x:?} gives {g:?}, scalar {e:?} ({d} steps)"
            );
            // `steps` counts −0 and +0 as one number; the sign of a zero
            // must agree as well.
            assert!(
                !(g == T::zero() && e == T::zero()) || g.is_sign_negative() == e.is_sign_negative(),
                "{name} at {level:?}: x = {x:?} gives {g:?}, scalar {e:?}"
            );
            worst = worst.max(d);
        }
        match &first {
            None => first = Some(got),
            Some(f) => assert!(
                f.iter().zip(&got).all(|(a, b)| steps(*a, *b) == 0),
                "{name}: {level:?} differs from the portable level"
            ),
        }
    }
    worst
}

// ANCHOR: accuracy_bounds
/// A function of one element: a scalar function.
type Scalar<T> = fn(T) -> T;
/// A function of a slice: a kernel.
type Slice<T> = fn(&[T], &mut [T]);

/// The largest difference of each smooth kernel of `T` from its scalar
/// function over `xs`, at every level, labelled with `ty`.
fn smooth_kernels<T: Element + std::fmt::Debug>(ty: &str, xs: &[T]) -> Vec<(String, u64)> {
    let kernels: [(&str, Slice<T>, Scalar<T>); 4] = [
        ("sigmoid", super::sigmoid, crate::sigmoid),
        (
            "sigmoid′",
            super::sigmoid_derivative,
            crate::sigmoid_derivative,
        ),
        ("tanh", super::tanh, crate::tanh),
        ("tanh′", super::tanh_derivative, crate::tanh_derivative),
    ];
    kernels
        .into_iter()
        .map(|(name, fast, scalar)| (format!("{name} {ty}"), worst(name, xs, fast, scalar)))
        .collect()
}

/// The kernels of the activations modern networks spend time in: SiLU, the
/// tanh GELU and the exact GELU, against their scalar functions (which round
/// once from `f64` or double-double).
fn modern_kernels<T: Element + std::fmt::Debug>(ty: &str, xs: &[T]) -> Vec<(String, u64)> {
    let kernels: [(&str, Slice<T>, Scalar<T>); 3] = [
        ("silu", super::silu, crate::silu),
        ("gelu_tanh", super::gelu_tanh, crate::gelu_tanh),
        ("gelu", super::gelu, crate::gelu),
    ];
    kernels
        .into_iter()
        .map(|(name, fast, scalar)| (format!("{name} {ty}"), worst(name, xs, fast, scalar)))
        .collect()
}

#[test]
fn modern_kernels_agree_with_the_scalar_functions() {
    let table = [
        modern_kernels("f32", &inputs32(300_000)),
        modern_kernels("f64", &inputs64(300_000)),
    ]
    .concat();
    for (name, measured) in &table {
        eprintln!("{name}: at most {measured} ULP from the scalar function");
    }
    // Measured: 2 for every kernel, f32 and f64. For the exact GELU in
    // `f64` the kernel is within 0.6 ULP of the exact value and the 2 steps
    // are the scalar function's (up to 1.5 ULP for x < −4); in `f32`, every
    // input is at most 3 steps away (80 of them; tests/every_f32.rs).
    for (name, measured) in table {
        let bound = if name == "gelu f32" { 3 } else { 2 };
        assert!(measured <= bound, "{name}: {measured} > {bound} ULP");
    }
}

#[test]
fn smooth_kernels_agree_with_the_scalar_functions() {
    // The largest differences from the scalar functions over these inputs, in
    // steps between representable numbers, must be at most 2 (measured: 2 for
    // every kernel, f32 and f64; the scalar functions are within 2 ULP of exact).
    let table = [
        smooth_kernels("f32", &inputs32(300_000)),
        smooth_kernels("f64", &inputs64(300_000)),
    ]
    .concat();
    // ANCHOR_END: accuracy_bounds
    for (name, measured) in &table {
        eprintln!("{name}: at most {measured} ULP from the scalar function");
    }
    for (name, measured) in table {
        assert!(measured <= 2, "{name}: {measured} > 2 ULP");
    }
}

#[test]
fn piecewise_kernels_are_exact() {
    let x32 = inputs32(10_000);
    let x64 = inputs64(10_000);
    let exact = |m: u64| assert_eq!(m, 0);
    exact(worst("relu", &x32, super::relu::<f32>, crate::relu));
    exact(worst(
        "relu′",
        &x32,
        super::relu_derivative::<f32>,
        crate::relu_derivative,
    ));
    exact(worst("relu", &x64, super::relu::<f64>, crate::relu));
    exact(worst(
        "relu′",
        &x64,
        super::relu_derivative::<f64>,
        crate::relu_derivative,
    ));
    for alpha in [0.01, 0.2, 0.0] {
        exact(worst(
            "leaky_relu",
            &x32,
            |x, y| super::leaky_relu(x, y, alpha as f32),
            |x| crate::leaky_relu(x, alpha as f32),
        ));
        exact(worst(
            "leaky_relu′",
            &x64,
            |x, y| super::leaky_relu_derivative(x, y, alpha),
            |x| crate::leaky_relu_derivative(x, alpha),
        ));
        exact(worst(
            "leaky_relu",
            &x64,
            |x, y| super::leaky_relu(x, y, alpha),
            |x| crate::leaky_relu(x, alpha),
        ));
        exact(worst(
            "leaky_relu′",
            &x32,
            |x, y| super::leaky_relu_derivative(x, y, alpha as f32),
            |x| crate::leaky_relu_derivative(x, alpha as f32),
        ));
    }
    // The signs: relu(−0) = +0, as the scalar function.
    let mut y = [1.0_f32];
    super::relu(&[-0.0], &mut y);
    assert!(y[0] == 0.0 && y[0].is_sign_positive());
}

/// Softmax of rows of different lengths and contents, at every level.
fn softmax_worst<T: Element + std::fmt::Debug>(rows_in: &[Vec<T>]) -> u64 {
    let mut worst = 0;
    for level in Level::supported() {
        for row in rows_in {
            let expected = crate::softmax(row);
            let mut got = row.clone();
            softmax_rows(level, None, &mut got, row.len());
            let mut out = vec![T::zero(); row.len()];
            softmax_rows(level, Some(row), &mut out, row.len());
            assert!(got.iter().zip(&out).all(|(a, b)| steps(*a, *b) == 0));
            for (i, (&g, &e)) in got.iter().zip(&expected).enumerate() {
                let d = steps(g, e);
                assert!(
                    d <= 3,
                    "{level:?}, row {row:?}: p[{i}] = {g:?}, scalar {e:?}"
                );
                worst = worst.max(d);
            }
        }
    }
    worst
}

fn softmax_rows_for_tests<T: crate::Float>(cast: impl Fn(f64) -> T) -> Vec<Vec<T>> {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut uniform = move |scale: f64| (rng.next_u64() >> 11) as f64 / 2f64.powi(53) * scale;
    let mut out = Vec::new();
    for len in [1, 2, 3, 15, 16, 17, 33, 100, 1000, 4099] {
        for scale in [1.0, 10.0, 100.0, 1000.0] {
            out.push(
                (0..len)
                    .map(|_| cast(uniform(2.0 * scale) - scale))
                    .collect(),
            );
        }
    }
    // Around the points where the f32 kernel switches between not
    // subtracting the maximum (|m| ≤ 256) and subtracting it, and around
    // the clamp 120 below the maximum: centre, half-width.
    for (centre, half_width) in [
        (250.0, 10.0),
        (200.0, 70.0),
        (256.0, 0.0),
        (260.0, 5.0),
        (300.0, 125.0),
        (-250.0, 10.0),
        (-300.0, 50.0),
        (0.0, 300.0),
    ] {
        for len in [17, 1000] {
            let mut row: Vec<T> = (0..len)
                .map(|_| cast(centre + uniform(2.0 * half_width) - half_width))
                .collect();
            row[0] = cast(centre + half_width);
            out.push(row);
        }
    }
    out.push(
        [256.0, 256.000_03, 136.0, 136.000_02, 1e-30, -1e-30, 0.0]
            .map(&cast)
            .to_vec(),
    );
    out.push([300.0, 180.0, 180.000_02, 179.999_98].map(&cast).to_vec());
    let inf = f64::INFINITY;
    for special in [
        vec![1.0, f64::NAN, 2.0],
        vec![1.0, -f64::NAN, 2.0], // a NaN with its sign bit set: the smallest key
        vec![inf, 3.0, -inf],
        vec![inf, inf, 0.0],
        vec![-inf, -inf],
        vec![0.0, -inf, 1.0],
        vec![f64::MAX, f64::MAX, -f64::MAX],
        vec![-1e30, 1e30],
        vec![f64::from_bits(1), 0.0, -0.0],
    ] {
        out.push(special.into_iter().map(&cast).collect());
    }
    out
}

#[test]
fn softmax_agrees_with_the_scalar_softmax() {
    let w32 = softmax_worst(&softmax_rows_for_tests(|x| x as f32));
    let w64 = softmax_worst(&softmax_rows_for_tests(|x| x));
    eprintln!("softmax: at most {w32} ULP (f32), {w64} ULP (f64) from the scalar softmax");
    assert!(w32 <= 2 && w64 <= 2, "{w32} {w64}");
}

/// The `f64` softmax kernel against a reference in double-double arithmetic
/// (each e^(x − m) to about 100 bits, their sum, one division that rounds
/// once), on rows of random logits whose probabilities stay normal numbers:
/// within 1 step. The scalar `f64` softmax (the C library's `exp`, a
/// correction, a division) is up to 3 steps from the same reference, and
/// the kernel and the scalar function up to 3 apart; these rows show both.
#[test]
fn f64_softmax_is_within_a_step_of_a_double_double_reference() {
    use crate::double_double::{Dd, div, exp_dd, two_sum};
    let mut rng = ChaCha8Rng::seed_from_u64(50);
    let (mut kernel, mut scalar, mut apart) = (0, 0, 0);
    for (scale, len, rows) in [(50.0, 1000, 60), (300.0, 100, 100), (3.0, 7, 2000)] {
        for _ in 0..rows {
            let row: Vec<f64> = (0..len)
                .map(|_| scale * (2.0 * (rng.next_u64() >> 11) as f64 / 2f64.powi(53) - 1.0))
                .collect();
            let m = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let terms: Vec<Dd> = row.iter().map(|&x| exp_dd(two_sum(x, -m))).collect();
            let sum = terms.iter().fold(Dd::from_f64(0.0), |s, &e| s.add(e));
            let mut got = vec![0.0; len];
            super::softmax_rows(&row, len, &mut got);
            let expected = crate::softmax(&row);
            for ((&g, &e), &t) in got.iter().zip(&expected).zip(&terms) {
                let reference = div(t, sum);
                kernel = kernel.max(steps(g, reference));
                scalar = scalar.max(steps(e, reference));
                apart = apart.max(steps(g, e));
            }
        }
    }
    eprintln!(
        "f64 softmax: kernel {kernel}, scalar {scalar} steps from the reference, {apart} apart"
    );
    assert!(kernel <= 1, "kernel: {kernel}");
    assert!(scalar <= 3 && apart <= 3, "scalar {scalar}, apart {apart}");
}

/// Every element-wise `f32` function without a parameter, with its in-place
/// form.
type Pair = (fn(&[f32], &mut [f32]), fn(&mut [f32]));
const PAIRS: [Pair; 9] = [
    (super::silu, super::silu_in_place),
    (super::gelu_tanh, super::gelu_tanh_in_place),
    (super::gelu, super::gelu_in_place),
    (super::sigmoid, super::sigmoid_in_place),
    (
        super::sigmoid_derivative,
        super::sigmoid_derivative_in_place,
    ),
    (super::tanh, super::tanh_in_place),
    (super::tanh_derivative, super::tanh_derivative_in_place),
    (super::relu, super::relu_in_place),
    (super::relu_derivative, super::relu_derivative_in_place),
];

#[test]
fn public_functions_match_their_in_place_forms_and_check_lengths() {
    let x: Vec<f32> = (0..1001).map(|i| (i as f32 - 500.0) / 37.0).collect();
    for (f, f_in_place) in PAIRS {
        let mut y = vec![0.0; x.len()];
        f(&x, &mut y);
        let mut z = x.clone();
        f_in_place(&mut z);
        assert_eq!(y, z);
    }
    let mut y = vec![0.0; x.len()];
    super::leaky_relu(&x, &mut y, 0.1);
    let mut z = x.clone();
    super::leaky_relu_in_place(&mut z, 0.1);
    assert_eq!(y, z);
    super::leaky_relu_derivative(&x, &mut y, 0.1);
    let mut z = x.clone();
    super::leaky_relu_derivative_in_place(&mut z, 0.1);
    assert_eq!(y, z);
    let x = &x[..1000];
    let mut y = vec![0.0; 1000];
    super::softmax_rows(x, 100, &mut y);
    let mut z = x.to_vec();
    super::softmax_rows_in_place(&mut z, 100);
    assert_eq!(y, z);
    let scalar = crate::softmax(&x[..100]);
    assert!(
        y[..100]
            .iter()
            .zip(&scalar)
            .all(|(a, b)| steps(*a, *b) <= 1)
    );

    let message = |f: fn()| {
        let e = std::panic::catch_unwind(f).unwrap_err();
        e.downcast_ref::<String>().cloned().unwrap_or_default()
    };
    assert_eq!(
        message(|| super::sigmoid(&[1.0_f64, 2.0], &mut [0.0])),
        "activations::slice::sigmoid: input has 2 elements but output has 1"
    );
    assert!(
        message(|| super::softmax_rows(&[1.0_f32; 6], 4, &mut [0.0; 6])).contains("row_len = 4")
    );
    assert!(message(|| super::softmax_rows_in_place(&mut [1.0_f32; 6], 0)).contains("row_len = 0"));
    assert!(
        message(|| super::leaky_relu(&[1.0_f32], &mut [], 0.1)).contains("leaky_relu: input has 1")
    );
}

#[test]
fn a_forced_level_holds_inside_run_and_is_undone_after_it_even_after_a_panic() {
    let levels = Level::supported();
    let (slowest, best) = (levels[0], Level::detect());
    assert_eq!(Level::current(), best);
    slowest.run(|| {
        assert_eq!(Level::current(), slowest);
        best.run(|| assert_eq!(Level::current(), best));
        assert_eq!(Level::current(), slowest);
    });
    assert_eq!(Level::current(), best);
    let panicked = std::panic::catch_unwind(|| slowest.run(|| panic!("inside"))).is_err();
    assert!(panicked);
    assert_eq!(Level::current(), best);
    // Another thread is not affected.
    slowest.run(|| {
        let other = std::thread::spawn(Level::current).join().unwrap();
        assert_eq!(other, best);
    });
    let names: Vec<_> = levels.iter().map(|l| l.name()).collect();
    assert_eq!(names[0], "portable");
    assert!(
        names
            .iter()
            .all(|n| ["portable", "avx2", "avx512"].contains(n))
    );
}

/// Split across threads — into pieces of any size, down to one chunk —
/// every kernel gives the bits it gives in one thread, in place or not, in
/// both loop forms; and arrays are cut only into pieces of at least
/// `min_per_thread` elements, at most `count` of them.
#[test]
fn threads_give_the_same_bits_as_one_thread() {
    use super::{Loop, Threads};
    let many = [
        Threads::new(2).min_per_thread(1),
        Threads::new(3).min_per_thread(1),
        Threads::new(7).min_per_thread(200),
    ];
    for len in [0, 1, 127, 128, 129, 3 * 128 + 5, 1001, 10_007] {
        let x: Vec<f32> = (0..len).map(|i| (i as f32 - 500.0) / 37.0).collect();
        for (f, f_in_place) in PAIRS {
            let mut one = vec![0.0; len];
            f(&x, &mut one);
            for threads in many {
                for chosen_loop in [Loop::Staged, Loop::Single] {
                    let (mut y, mut z) = (vec![0.0; len], x.clone());
                    threads.run(|| {
                        chosen_loop.run(|| {
                            f(&x, &mut y);
                            f_in_place(&mut z);
                        })
                    });
                    assert_eq!(y, one, "{len} {threads:?}");
                    assert_eq!(z, one, "{len} {threads:?} in place");
                }
            }
        }
        let mut one = vec![0.0; len];
        super::leaky_relu(&x, &mut one, 0.1);
        let mut y = vec![0.0; len];
        many[1].run(|| super::leaky_relu(&x, &mut y, 0.1));
        assert_eq!(y, one);
    }
    // Softmax is cut into whole rows: 1001 = 143 rows of 7, and 3 rows of 1.
    let x: Vec<f64> = (0..1001).map(|i| (i as f64 * 0.618).sin() * 30.0).collect();
    for row_len in [7, 1001] {
        let mut one = vec![0.0; x.len()];
        super::softmax_rows(&x, row_len, &mut one);
        for threads in many {
            let (mut y, mut z) = (vec![0.0; x.len()], x.clone());
            threads.run(|| {
                super::softmax_rows(&x, row_len, &mut y);
                super::softmax_rows_in_place(&mut z, row_len);
            });
            assert_eq!((&y, &z), (&one, &one), "{row_len} {threads:?}");
        }
    }
    // How arrays are cut.
    let pieces =
        |threads: Threads, len, unit| threads.run(|| super::dispatch::Threads::pieces(len, unit));
    let min = Threads::MIN_PER_THREAD;
    assert_eq!(pieces(Threads::new(1), 1 << 24, 128), 1);
    assert_eq!(pieces(Threads::new(2), 2 * min - 128, 128), 1);
    assert_eq!(pieces(Threads::new(2), 2 * min, 128), 2);
    assert_eq!(pieces(Threads::new(2), 1 << 24, 128), 2);
    assert_eq!(pieces(Threads::new(8), 3 * min, 128), 3);
    assert_eq!(pieces(Threads::new(8).min_per_thread(1), 1000, 128), 7);
    assert_eq!(pieces(Threads::new(8).min_per_thread(1), 1000, 1000), 1);
    // Outside `run`, one thread; `run` restores the choice after a panic.
    let panicked = std::panic::catch_unwind(|| Threads::new(4).run(|| panic!("inside"))).is_err();
    assert!(panicked);
    assert_eq!(super::dispatch::Threads::pieces(1 << 24, 128), 1);
    assert_eq!(Threads::new(0).count(), 1);
    assert!(Threads::available().count() >= 1);
}
