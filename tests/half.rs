//! Every scalar function of the library, on every one of the 65 536 inputs of
//! `f16` and of `bf16` (feature `half`; see low_precision.md): NaN gives NaN,
//! and every other result is within one ULP of the correctly rounded value.
//!
//! ```text
//! cargo test --test half -- --nocapture
//! ```
//!
//! prints, per function and format, how many results are the correctly
//! rounded value, how many are one step from it, and the worst input.
//!
//! **The reference, without multi-precision arithmetic per input.** Every
//! 16-bit value is an `f64` exactly, and the library's `f64` result y is within
//! 4 `f64` ULP of the exact value (tests/accuracy.rs asserts that bound against a
//! 256-bit reference at tens of thousands of points over the whole range: a
//! measured bound, which this test takes as given). Measured in `f64` steps from y that
//! is at most 8 steps (the exact value may lie in the next binade up, whose ULP
//! is twice y's). So the exact value lies in [lo, hi], 8 steps below and above
//! y, and because rounding is monotone its correctly rounded 16-bit value lies
//! between round(lo) and round(hi). If the two agree, that is the correctly
//! rounded result, and the library must return it or a neighbour; if they
//! differ, they are neighbours (the interval is far narrower than a 16-bit
//! ULP), the correctly rounded value is one of them, and the library must
//! return one of the two — which is within one ULP of whichever it is.
//!
//! round() is written here from the definition (nearest, ties to the even
//! significand, ±∞ from max + ½ULP on), not taken from the `half` crate, and
//! the 16-bit values are decoded from their bits by hand: the test trusts
//! neither the conversions it checks nor the library's `f64` beyond the bound
//! that tests/accuracy.rs proves.
//!
//! To add a function: one line in `cases` (for a function with two results,
//! one line for each).

use activations::{
    Float, RreluMode, elu, elu_derivative, geglu, geglu_derivative, gelu, gelu_derivative,
    gelu_tanh, gelu_tanh_derivative, glu, glu_derivative, hardsigmoid, hardsigmoid_derivative,
    hardswish, hardswish_derivative, hardtanh, hardtanh_derivative, leaky_relu,
    leaky_relu_derivative, logsigmoid, logsigmoid_derivative, mish, mish_derivative, prelu,
    prelu_alpha_derivative, prelu_derivative, reglu, reglu_derivative, relu, relu_derivative,
    relu6, relu6_derivative, rrelu, rrelu_derivative, selu, selu_derivative, sigmoid,
    sigmoid_derivative, silu, silu_derivative, softplus, softplus_derivative, softsign,
    softsign_derivative, squared_relu, squared_relu_derivative, swiglu, swiglu_derivative, swish,
    swish_derivative, tanh, tanh_derivative,
};
use half::{bf16, f16};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

// ---------------------------------------------------------------------------
// The two formats, from their bits.
// ---------------------------------------------------------------------------

trait Half: Float + std::fmt::Debug {
    const NAME: &'static str;
    /// Stored significand bits: 10 (`f16`) or 7 (`bf16`).
    const MANTISSA: u32;
    /// Exponent bias: 15 (`f16`) or 127 (`bf16`).
    const BIAS: i32;
    fn from_bits(bits: u16) -> Self;
    fn to_bits(self) -> u16;
}

impl Half for f16 {
    const NAME: &'static str = "f16";
    const MANTISSA: u32 = 10;
    const BIAS: i32 = 15;
    fn from_bits(bits: u16) -> Self {
        f16::from_bits(bits)
    }
    fn to_bits(self) -> u16 {
        f16::to_bits(self)
    }
}

impl Half for bf16 {
    const NAME: &'static str = "bf16";
    const MANTISSA: u32 = 7;
    const BIAS: i32 = 127;
    fn from_bits(bits: u16) -> Self {
        bf16::from_bits(bits)
    }
    fn to_bits(self) -> u16 {
        bf16::to_bits(self)
    }
}

/// The largest exponent field: all ones (∞ and NaN).
fn exponent_all_ones<T: Half>() -> u16 {
    (1 << (15 - T::MANTISSA)) - 1
}

/// The value of a bit pattern, decoded by hand: ±0, subnormal, normal, ±∞, NaN.
fn decode<T: Half>(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = (bits & 0x7fff) >> T::MANTISSA;
    let mantissa = f64::from(bits & ((1 << T::MANTISSA) - 1));
    let scale = f64::from(1_u32 << T::MANTISSA);
    let magnitude = if exponent == exponent_all_ones::<T>() {
        if mantissa == 0.0 {
            f64::INFINITY
        } else {
            f64::NAN
        }
    } else if exponent == 0 {
        mantissa / scale * 2.0_f64.powi(1 - T::BIAS)
    } else {
        (1.0 + mantissa / scale) * 2.0_f64.powi(i32::from(exponent) - T::BIAS)
    };
    sign * magnitude
}

/// A monotone integer image of a non-NaN bit pattern; +0 and −0 both map to 0.
fn ordinal(bits: u16) -> i32 {
    let magnitude = i32::from(bits & 0x7fff);
    if bits & 0x8000 != 0 {
        -magnitude
    } else {
        magnitude
    }
}

/// The bits of `v` correctly rounded to the format: to nearest, ties to the
/// even significand, ±∞ from |v| ≥ max + ½ULP on, and the sign of v on 0.
fn round<T: Half>(v: f64) -> u16 {
    assert!(!v.is_nan());
    let sign = if v.is_sign_negative() { 0x8000 } else { 0 };
    let a = v.abs();
    let infinity = exponent_all_ones::<T>() << T::MANTISSA;
    let max = infinity - 1; // the largest finite magnitude
    if a == f64::INFINITY {
        return sign | infinity;
    }
    // The largest magnitude k ≤ a (bit patterns of non-negative values are
    // ordered like the values).
    let (mut below, mut above) = (0_u16, max);
    if decode::<T>(max) <= a {
        below = max;
    } else {
        while above - below > 1 {
            let mid = below + (above - below) / 2;
            if decode::<T>(mid) <= a {
                below = mid;
            } else {
                above = mid;
            }
        }
    }
    let low = decode::<T>(below);
    if low == a {
        return sign | below;
    }
    let next = if below == max {
        // One ULP above max, where ∞ "would be": max + (max − its predecessor).
        2.0 * low - decode::<T>(max - 1)
    } else {
        decode::<T>(below + 1)
    };
    let midpoint = 0.5 * (low + next); // exact in f64
    let up = a > midpoint || (a == midpoint && below & 1 == 1);
    sign | if up { below + 1 } else { below }
}

/// `steps` f64 steps from y towards +∞ (positive) or −∞ (negative).
fn f64_steps(mut y: f64, steps: i32) -> f64 {
    for _ in 0..steps.abs() {
        y = if steps > 0 {
            y.next_up()
        } else {
            y.next_down()
        };
    }
    y
}

// ---------------------------------------------------------------------------
// The table of functions.
// ---------------------------------------------------------------------------

struct Case<T> {
    name: &'static str,
    /// The function under test, at `T`.
    f: fn(T) -> T,
    /// The same function at `f64` (with the same, 16-bit parameters).
    reference: fn(f64) -> f64,
}

fn case<T>(name: &'static str, f: fn(T) -> T, reference: fn(f64) -> f64) -> Case<T> {
    Case { name, f, reference }
}

/// A parameter rounded to the format, as the argument of the 16-bit call...
fn p<T: Half>(v: f64) -> T {
    T::from_bits(round::<T>(v))
}

/// ...and the very same value for the `f64` reference.
fn p64<T: Half>(v: f64) -> f64 {
    decode::<T>(round::<T>(v))
}

/// Every scalar function of the library; the two-argument ones at typical
/// parameters (rounded to the format). One line per function.
#[rustfmt::skip]
fn cases<T: Half>() -> Vec<Case<T>> {
    vec![
        case("sigmoid", sigmoid, sigmoid),
        case("sigmoid_derivative", sigmoid_derivative, sigmoid_derivative),
        case("tanh", tanh, tanh),
        case("tanh_derivative", tanh_derivative, tanh_derivative),
        case("relu", relu, relu),
        case("relu_derivative", relu_derivative, relu_derivative),
        case("leaky_relu(x, 0.01)", |x| leaky_relu(x, p(0.01)), |x| leaky_relu(x, p64::<T>(0.01))),
        case("leaky_relu_derivative(x, 0.01)", |x| leaky_relu_derivative(x, p(0.01)), |x| leaky_relu_derivative(x, p64::<T>(0.01))),
        case("prelu(x, 0.25)", |x| prelu(x, p(0.25)), |x| prelu(x, 0.25)),
        case("prelu(x, -0.3)", |x| prelu(x, p(-0.3)), |x| prelu(x, p64::<T>(-0.3))),
        case("prelu_derivative(x, 0.25)", |x| prelu_derivative(x, p(0.25)), |x| prelu_derivative(x, 0.25)),
        case("prelu_alpha_derivative(x, 0.25)", |x| prelu_alpha_derivative(x, p(0.25)), |x| prelu_alpha_derivative(x, 0.25)),
        case("rrelu(x, 1/8, 1/3) eval", |x| rrelu(x, p(0.125), p(1.0 / 3.0), RreluMode::Evaluation), |x| rrelu(x, 0.125, p64::<T>(1.0 / 3.0), RreluMode::Evaluation)),
        case("rrelu_derivative eval", |x| rrelu_derivative(x, p(0.125), p(1.0 / 3.0), RreluMode::Evaluation), |x| rrelu_derivative(x, 0.125, p64::<T>(1.0 / 3.0), RreluMode::Evaluation)),
        case("elu(x, 1)", |x| elu(x, T::one()), |x| elu(x, 1.0)),
        case("elu(x, 0.3)", |x| elu(x, p(0.3)), |x| elu(x, p64::<T>(0.3))),
        case("elu_derivative(x, 1)", |x| elu_derivative(x, T::one()), |x| elu_derivative(x, 1.0)),
        case("elu_derivative(x, 0.3)", |x| elu_derivative(x, p(0.3)), |x| elu_derivative(x, p64::<T>(0.3))),
        case("selu", selu, selu),
        case("selu_derivative", selu_derivative, selu_derivative),
        case("relu6", relu6, relu6),
        case("relu6_derivative", relu6_derivative, relu6_derivative),
        case("softplus", softplus, softplus),
        case("softplus_derivative", softplus_derivative, softplus_derivative),
        case("gelu", gelu, gelu),
        case("gelu_derivative", gelu_derivative, gelu_derivative),
        case("gelu_tanh", gelu_tanh, gelu_tanh),
        case("gelu_tanh_derivative", gelu_tanh_derivative, gelu_tanh_derivative),
        case("silu", silu, silu),
        case("silu_derivative", silu_derivative, silu_derivative),
        case("swish(x, 1.702)", |x| swish(x, p(1.702)), |x| swish(x, p64::<T>(1.702))),
        case("swish(x, 0.5)", |x| swish(x, p(0.5)), |x| swish(x, 0.5)),
        case("swish_derivative(x, 1.702)", |x| swish_derivative(x, p(1.702)), |x| swish_derivative(x, p64::<T>(1.702))),
        case("mish", mish, mish),
        case("mish_derivative", mish_derivative, mish_derivative),
        case("hardsigmoid", hardsigmoid, hardsigmoid),
        case("hardsigmoid_derivative", hardsigmoid_derivative, hardsigmoid_derivative),
        case("hardswish", hardswish, hardswish),
        case("hardswish_derivative", hardswish_derivative, hardswish_derivative),
        case("softsign", softsign, softsign),
        case("softsign_derivative", softsign_derivative, softsign_derivative),
        case("squared_relu", squared_relu, squared_relu),
        case("squared_relu_derivative", squared_relu_derivative, squared_relu_derivative),
        case("logsigmoid", logsigmoid, logsigmoid),
        case("logsigmoid_derivative", logsigmoid_derivative, logsigmoid_derivative),
        case("hardtanh(x, -1, 1)", |x| hardtanh(x, -T::one(), T::one()), |x| hardtanh(x, -1.0, 1.0)),
        case("hardtanh_derivative(x, -1, 1)", |x| hardtanh_derivative(x, -T::one(), T::one()), |x| hardtanh_derivative(x, -1.0, 1.0)),
        case("hardtanh(x, 0, 6)", |x| hardtanh(x, T::zero(), p(6.0)), |x| hardtanh(x, 0.0, 6.0)),
        // The gated units: every gate with a fixed value, every value with a
        // fixed gate, and each of the two partial derivatives.
        case("glu(g, 1.5)", |g| glu(g, p(1.5)), |g| glu(g, 1.5)),
        case("glu(0.7, v)", |v| glu(p(0.7), v), |v| glu(p64::<T>(0.7), v)),
        case("glu_derivative(g, 1.5).0", |g| glu_derivative(g, p(1.5)).0, |g| glu_derivative(g, 1.5).0),
        case("glu_derivative(g, 1.5).1", |g| glu_derivative(g, p(1.5)).1, |g| glu_derivative(g, 1.5).1),
        case("glu_derivative(-2.5, v).0", |v| glu_derivative(p(-2.5), v).0, |v| glu_derivative(-2.5, v).0),
        case("reglu(g, 1.5)", |g| reglu(g, p(1.5)), |g| reglu(g, 1.5)),
        case("reglu(0.7, v)", |v| reglu(p(0.7), v), |v| reglu(p64::<T>(0.7), v)),
        case("reglu_derivative(g, 1.5).0", |g| reglu_derivative(g, p(1.5)).0, |g| reglu_derivative(g, 1.5).0),
        case("reglu_derivative(g, 1.5).1", |g| reglu_derivative(g, p(1.5)).1, |g| reglu_derivative(g, 1.5).1),
        case("geglu(g, 1.5)", |g| geglu(g, p(1.5)), |g| geglu(g, 1.5)),
        case("geglu(0.7, v)", |v| geglu(p(0.7), v), |v| geglu(p64::<T>(0.7), v)),
        case("geglu_derivative(g, 1.5).0", |g| geglu_derivative(g, p(1.5)).0, |g| geglu_derivative(g, 1.5).0),
        case("geglu_derivative(g, 1.5).1", |g| geglu_derivative(g, p(1.5)).1, |g| geglu_derivative(g, 1.5).1),
        case("geglu_derivative(-2.5, v).0", |v| geglu_derivative(p(-2.5), v).0, |v| geglu_derivative(-2.5, v).0),
        case("swiglu(g, 1.5)", |g| swiglu(g, p(1.5)), |g| swiglu(g, 1.5)),
        case("swiglu(0.7, v)", |v| swiglu(p(0.7), v), |v| swiglu(p64::<T>(0.7), v)),
        case("swiglu_derivative(g, 1.5).0", |g| swiglu_derivative(g, p(1.5)).0, |g| swiglu_derivative(g, 1.5).0),
        case("swiglu_derivative(g, 1.5).1", |g| swiglu_derivative(g, p(1.5)).1, |g| swiglu_derivative(g, 1.5).1),
        case("swiglu_derivative(-2.5, v).0", |v| swiglu_derivative(p(-2.5), v).0, |v| swiglu_derivative(-2.5, v).0),
    ]
}

// ---------------------------------------------------------------------------
// The exhaustive check.
// ---------------------------------------------------------------------------

/// What one function did on all 65 536 inputs of one format.
#[derive(Default)]
struct Tally {
    /// Results equal to the correctly rounded value (where the reference
    /// decides it).
    exact: u32,
    /// Results one step from the correctly rounded value.
    one_off: u32,
    /// Inputs where the exact value lies so close to a midpoint that the
    /// reference only narrows the correctly rounded value to two neighbours.
    undecided: u32,
    /// The first input with a one-step result, if any.
    example: Option<(f64, f64, f64)>,
    /// Every violation of the promise, described.
    failures: Vec<String>,
}

fn check<T: Half>(case: &Case<T>) -> Tally {
    let mut tally = Tally::default();
    for bits in 0..=u16::MAX {
        let x = T::from_bits(bits);
        let got = (case.f)(x);
        let (xv, gv) = (decode::<T>(bits), decode::<T>(got.to_bits()));
        if xv.is_nan() || gv.is_nan() {
            if !(xv.is_nan() && gv.is_nan()) {
                tally
                    .failures
                    .push(format!("{xv:e} → {gv:e} (NaN in, NaN out)"));
            }
            continue;
        }
        let y = (case.reference)(xv);
        assert!(
            !y.is_nan(),
            "{}: the f64 reference is NaN at {xv:e}",
            case.name
        );
        let (low, high) = if y.is_infinite() {
            (round::<T>(y), round::<T>(y))
        } else {
            (round::<T>(f64_steps(y, -8)), round::<T>(f64_steps(y, 8)))
        };
        let (lo, hi, g) = (ordinal(low), ordinal(high), ordinal(got.to_bits()));
        assert!(
            hi - lo <= 1,
            "{}: the reference interval at {xv:e} spans {} steps",
            case.name,
            hi - lo
        );
        if lo == hi {
            match (g - lo).abs() {
                0 => tally.exact += 1,
                1 => {
                    tally.one_off += 1;
                    tally.example.get_or_insert((xv, gv, decode::<T>(low)));
                }
                d => tally.failures.push(format!(
                    "{xv:e} → {gv:e}, correctly rounded {:e}: {d} steps",
                    decode::<T>(low)
                )),
            }
        } else if g == lo || g == hi {
            tally.undecided += 1;
        } else {
            tally.failures.push(format!(
                "{xv:e} → {gv:e}, correctly rounded {:e} or {:e}",
                decode::<T>(low),
                decode::<T>(high)
            ));
        }
    }
    tally
}

fn check_all<T: Half>() {
    let mut failures = Vec::new();
    println!(
        "\n{:<34} {:>5} {:>9} {:>7} {:>9}  first one-step result (x → got, correctly rounded)",
        "function", "type", "correct", "1 step", "undecided"
    );
    for case in cases::<T>() {
        let tally = check(&case);
        let example = tally
            .example
            .map(|(x, got, right)| format!("{x:e} → {got:e}, {right:e}"))
            .unwrap_or_default();
        println!(
            "{:<34} {:>5} {:>9} {:>7} {:>9}  {example}",
            case.name,
            T::NAME,
            tally.exact,
            tally.one_off,
            tally.undecided
        );
        assert_eq!(
            tally.exact + tally.one_off + tally.undecided + tally.failures.len() as u32,
            65536 - 2 * (1 << T::MANTISSA) + 2, // every input but the NaNs
            "{}: every non-NaN input is counted once",
            case.name
        );
        for failure in tally.failures.iter().take(5) {
            failures.push(format!("{} ({}): {failure}", case.name, T::NAME));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_f16_input_is_within_one_ulp() {
    check_all::<f16>();
}

#[test]
fn every_bf16_input_is_within_one_ulp() {
    check_all::<bf16>();
}

/// The hand-written rounding and decoding agree with the definition at the
/// points where they could go wrong (and so can be trusted as the reference).
#[test]
fn the_reference_rounding_is_right() {
    // f16: max 65504 = (2 − 2⁻¹⁰)·2¹⁵, ULP there 32; ∞ from 65520 on.
    assert_eq!(decode::<f16>(0x7bff), 65504.0);
    assert_eq!(round::<f16>(65519.99), 0x7bff);
    assert_eq!(round::<f16>(65520.0), 0x7c00);
    assert_eq!(round::<f16>(-1e300), 0xfc00);
    // The smallest subnormal 2⁻²⁴ and the tie at half of it (to even: 0).
    assert_eq!(decode::<f16>(0x0001), 2.0_f64.powi(-24));
    assert_eq!(round::<f16>(2.0_f64.powi(-25)), 0x0000);
    assert_eq!(round::<f16>(2.0_f64.powi(-25) * 1.0001), 0x0001);
    assert_eq!(round::<f16>(-1e-300), 0x8000);
    assert_eq!(round::<f16>(3.0 * 2.0_f64.powi(-25)), 0x0002); // tie 1.5 → 2
    // Ties to even in the normal range: 1 + 2⁻¹¹ lies halfway between 1 and 1 + 2⁻¹⁰.
    assert_eq!(round::<f16>(1.0 + 2.0_f64.powi(-11)), 0x3c00);
    assert_eq!(round::<f16>(1.0 + 3.0 * 2.0_f64.powi(-11)), 0x3c02);
    // bf16: 1 + 2⁻⁸ is the tie between 1 and 1 + 2⁻⁷; max = (2 − 2⁻⁷)·2¹²⁷.
    assert_eq!(round::<bf16>(1.0 + 2.0_f64.powi(-8)), 0x3f80);
    assert_eq!(
        decode::<bf16>(0x7f7f),
        (2.0 - 2.0_f64.powi(-7)) * 2.0_f64.powi(127)
    );
    assert_eq!(round::<bf16>(f64::from(f32::MAX)), 0x7f80); // above max + ½ULP
    assert_eq!(decode::<bf16>(0x0001), 2.0_f64.powi(-133));
    // Every 16-bit value rounds to itself, and half's own exact widening agrees.
    for bits in 0..=u16::MAX {
        let (h, b) = (decode::<f16>(bits), decode::<bf16>(bits));
        assert_eq!(h.is_nan(), f16::from_bits(bits).is_nan());
        if !h.is_nan() {
            assert_eq!(round::<f16>(h), bits);
            assert_eq!(h, f16::from_bits(bits).to_f64());
        }
        if !b.is_nan() {
            assert_eq!(round::<bf16>(b), bits);
            assert_eq!(b, bf16::from_bits(bits).to_f64());
        }
    }
}

/// RReLU in training: the slope is drawn and rounded to the format, and the
/// result is the correctly rounded product x·α (x itself for x > 0), on every
/// input of both formats.
#[test]
fn rrelu_training_rounds_the_product_once() {
    fn run<T: Half>() {
        let (lower, upper) = (p::<T>(0.125), p::<T>(1.0 / 3.0));
        let mut forward = ChaCha8Rng::seed_from_u64(12);
        let mut backward = forward.clone();
        for bits in 0..=u16::MAX {
            let x = T::from_bits(bits);
            let y = rrelu(x, lower, upper, RreluMode::Training(&mut forward));
            let alpha = rrelu_derivative(x, lower, upper, RreluMode::Training(&mut backward));
            let xv = decode::<T>(bits);
            if xv.is_nan() {
                assert!(y.is_nan());
                continue;
            }
            let a = decode::<T>(alpha.to_bits());
            if xv > 0.0 {
                assert_eq!(y.to_bits(), bits);
            } else {
                assert!((0.125..=decode::<T>(upper.to_bits())).contains(&a));
                // x·α is exact in f64 (at most 2·11 significant bits).
                assert_eq!(
                    ordinal(y.to_bits()),
                    ordinal(round::<T>(xv * a)),
                    "x = {xv:e}"
                );
            }
        }
    }
    run::<f16>();
    run::<bf16>();
}
