//! Accuracy of every activation function against a correctly rounded,
//! 256-bit reference computed with `astro-float`.
//!
//! For each function and each of `f32` and `f64` the test measures the error
//! at tens of thousands of inputs spread over the *whole* floating-point range
//! (±0, subnormals, every power of two, a dense grid, pseudo-random points, and
//! the neighbourhood of every threshold where a textbook formula breaks), and
//! asserts a bound in ULP. Run
//!
//! ```text
//! cargo test --test accuracy -- --nocapture
//! ```
//!
//! to see the table of the largest errors and where they occur.
//!
//! Two measures are reported, and both are bounded:
//!
//! * **ULP error**: |computed − exact| / ulp(exact), where ulp(exact) is the
//!   spacing of the format (`f32` or `f64`) in the binade of the exact value,
//!   and 2⁻¹⁰⁷⁴ (2⁻¹⁴⁹) in the subnormal range. A correctly rounded result has
//!   an error of at most 0.5.
//! * **ULP distance**: how many steps from one representable number to the
//!   next lead from the computed value to the correctly rounded reference
//!   (+0 and −0 count as equal).

use std::fmt::{Debug, Display, LowerExp};

use activations::{
    Float, leaky_relu, leaky_relu_derivative, relu, relu_derivative, sigmoid, sigmoid_derivative,
    softmax, tanh, tanh_derivative,
};
use astro_float::{BigFloat, Consts, Radix, RoundingMode, Sign, WORD_BIT_SIZE};

/// Working precision of the reference, in bits.
const P: usize = 256;
const RM: RoundingMode = RoundingMode::ToEven;

/// Largest accepted error, in ULP, for `f32` and `f64` results.
const BOUND_F32: f64 = 2.0;
const BOUND_F64: f64 = 4.0;

// ---------------------------------------------------------------------------
// The two formats.
// ---------------------------------------------------------------------------

trait Fp: Float + Debug + Display + LowerExp + Send + Sync + 'static {
    const NAME: &'static str;
    /// Significand bits, including the implicit one: 24 or 53.
    const DIGITS: i64;
    /// `MIN_POSITIVE` is 2^MIN_EXP.
    const MIN_EXP: i64;
    /// `MAX` lies in [2^MAX_EXP, 2^(MAX_EXP + 1)).
    const MAX_EXP: i64;
    const BOUND: f64;
    /// Grid half-width for the dense grid: it covers every threshold.
    const GRID: f64;
    fn widen(self) -> f64;
    /// Rounds to nearest (only used to *make* inputs).
    fn narrow(x: f64) -> Self;
    fn from_bits_u64(bits: u64) -> Self;
    fn to_bits_u64(self) -> u64;
    /// A monotone integer image of the value; +0 and −0 both map to 0.
    fn ordinal(self) -> i64;
    /// Rust's correctly rounding decimal parser.
    fn parse_decimal(s: &str) -> Self;
}

impl Fp for f64 {
    const NAME: &'static str = "f64";
    const DIGITS: i64 = 53;
    const MIN_EXP: i64 = -1022;
    const MAX_EXP: i64 = 1023;
    const BOUND: f64 = BOUND_F64;
    const GRID: f64 = 800.0;
    fn widen(self) -> f64 {
        self
    }
    fn narrow(x: f64) -> Self {
        x
    }
    fn from_bits_u64(bits: u64) -> Self {
        f64::from_bits(bits)
    }
    fn to_bits_u64(self) -> u64 {
        self.to_bits()
    }
    fn ordinal(self) -> i64 {
        let magnitude = (self.to_bits() & !(1 << 63)) as i64;
        if self.is_sign_negative() {
            -magnitude
        } else {
            magnitude
        }
    }
    fn parse_decimal(s: &str) -> Self {
        s.parse()
            .unwrap_or_else(|e| panic!("cannot parse {s:?}: {e}"))
    }
}

impl Fp for f32 {
    const NAME: &'static str = "f32";
    const DIGITS: i64 = 24;
    const MIN_EXP: i64 = -126;
    const MAX_EXP: i64 = 127;
    const BOUND: f64 = BOUND_F32;
    const GRID: f64 = 110.0;
    fn widen(self) -> f64 {
        f64::from(self)
    }
    fn narrow(x: f64) -> Self {
        x as f32
    }
    fn from_bits_u64(bits: u64) -> Self {
        f32::from_bits(bits as u32)
    }
    fn to_bits_u64(self) -> u64 {
        u64::from(self.to_bits())
    }
    fn ordinal(self) -> i64 {
        let magnitude = i64::from(self.to_bits() & !(1 << 31));
        if self.is_sign_negative() {
            -magnitude
        } else {
            magnitude
        }
    }
    fn parse_decimal(s: &str) -> Self {
        s.parse()
            .unwrap_or_else(|e| panic!("cannot parse {s:?}: {e}"))
    }
}

/// How many steps from one representable number to the next lead from `a` to
/// `b`: 0 if they are equal (+0 and −0 are), 1 if they are neighbours.
fn ulp_distance<T: Fp>(a: T, b: T) -> u64 {
    if a.is_nan() || b.is_nan() {
        return u64::MAX;
    }
    (i128::from(a.ordinal()) - i128::from(b.ordinal())).unsigned_abs() as u64
}

/// The next representable value towards +∞ (`steps` > 0) or −∞ (`steps` < 0).
fn step<T: Fp>(x: T, steps: i64) -> T {
    let ordinal = x.ordinal() + steps;
    let magnitude = T::from_bits_u64(ordinal.unsigned_abs());
    if ordinal < 0 { -magnitude } else { magnitude }
}

/// 2^k as an `f64`, exactly, for −1074 ≤ k ≤ 1023.
fn pow2(k: i64) -> f64 {
    assert!((-1074..=1023).contains(&k), "2^{k} is not an f64");
    if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        f64::from_bits(1 << (k + 1074))
    }
}

// ---------------------------------------------------------------------------
// Between big floats and machine floats.
// ---------------------------------------------------------------------------

/// The exact value of `x` as a big float.
///
/// (`BigFloat::from_f64` of astro-float 0.9.6 halves subnormal inputs, so
/// those are scaled into the normal range first and scaled back exactly.)
fn big(x: f64) -> BigFloat {
    assert!(x.is_finite(), "no big float for {x}");
    if x != 0.0 && x.abs() < f64::MIN_POSITIVE {
        let mut b = BigFloat::from_f64(x * pow2(64), P);
        b.set_exponent(b.exponent().unwrap() - 64);
        b
    } else {
        BigFloat::from_f64(x, P)
    }
}

fn word(n: u64) -> BigFloat {
    BigFloat::from_word(n, P)
}

/// The significand as 0.1xxx… (top 128 bits, plus a sticky flag for the
/// rest), the binary exponent e with |b| = 0.1xxx… · 2^e, and the sign.
/// `None` for zero.
fn decompose(b: &BigFloat) -> Option<(u128, bool, i64, bool)> {
    let (words, _, sign, exponent, _) = b.as_raw_parts().expect("a finite number");
    let mut top = 0u128;
    let mut taken = 0;
    let mut sticky = false;
    for &w in words.iter().rev() {
        if taken < 128 {
            top |= u128::from(w) << (128 - WORD_BIT_SIZE - taken);
            taken += WORD_BIT_SIZE;
        } else {
            sticky |= w != 0;
        }
    }
    if top == 0 {
        assert!(!sticky, "unnormalised big float");
        return None;
    }
    let shift = top.leading_zeros();
    assert_eq!(shift, 0, "unnormalised big float");
    Some((top, sticky, i64::from(exponent), sign == Sign::Neg))
}

/// The exponent of one ULP of T at the (nonzero) magnitude 0.1xxx… · 2^e.
fn ulp_exponent<T: Fp>(e: i64) -> i64 {
    (e - 1).max(T::MIN_EXP) - (T::DIGITS - 1)
}

/// `b` rounded to the nearest `T`, ties to even, with gradual underflow and
/// overflow to ±∞: an exact binary rounding, no decimal detour.
fn round_to<T: Fp>(b: &BigFloat) -> T {
    if b.is_nan() {
        return T::nan();
    }
    if b.is_inf_pos() {
        return T::infinity();
    }
    if b.is_inf_neg() {
        return T::neg_infinity();
    }
    let Some((top, sticky, e, negative)) = decompose(b) else {
        return T::zero();
    };
    let signed = |m: f64| T::narrow(if negative { -m } else { m });
    if e - 1 > T::MAX_EXP {
        return signed(f64::INFINITY);
    }
    let quantum = ulp_exponent::<T>(e);
    // |b| / 2^quantum = 0.top… · 2^kept: `kept` bits lie above the quantum.
    let kept = e - quantum;
    let q: u128 = if kept <= 0 {
        // Below half an ULP, except for kept == 0: 0.1xxx… ≥ 1/2, a tie only
        // if nothing follows the leading bit (and then 0 is the even choice).
        u128::from(kept == 0 && (top > 1 << 127 || sticky))
    } else {
        let kept = kept as u32;
        let q = top >> (128 - kept);
        let rest = top & ((1u128 << (128 - kept)) - 1);
        let half = 1u128 << (127 - kept);
        let up = rest > half || (rest == half && (sticky || q & 1 == 1));
        q + u128::from(up)
    };
    // q ≤ 2^DIGITS is exact in an f64, and so is the product unless it
    // overflows, which is then the correctly rounded overflow.
    signed(q as f64 * pow2(quantum))
}

/// Rounding through Rust's decimal parser: the route the self-test compares
/// `round_to` with. (It is correct except for exact ties that need more
/// decimal digits than astro-float prints.)
fn round_via_decimal<T: Fp>(b: &BigFloat, cc: &mut Consts) -> T {
    T::parse_decimal(&b.format(Radix::Dec, RM, cc).expect("formatting"))
}

/// |computed − exact| in ULP of the exact value (see the module docs).
fn ulp_error<T: Fp>(computed: T, exact: &BigFloat) -> f64 {
    if !computed.is_finite() {
        return if round_to::<T>(exact) == computed {
            0.0
        } else {
            f64::INFINITY
        };
    }
    let quantum = match decompose(exact) {
        Some((_, _, e, _)) => ulp_exponent::<T>(e),
        None => T::MIN_EXP - (T::DIGITS - 1),
    };
    let mut diff = big(computed.widen()).sub(exact, P, RM).abs();
    if diff.is_zero() {
        return 0.0;
    }
    diff.set_exponent(diff.exponent().unwrap() - quantum as i32);
    round_to::<f64>(&diff)
}

// ---------------------------------------------------------------------------
// References.
// ---------------------------------------------------------------------------

/// Correctly rounded (to 256 bits, a few ULP of 256 bits at worst) values of
/// σ, σ′, tanh and tanh′ at `x`, in that order.
fn scalar_references(x: f64, cc: &mut Consts) -> [BigFloat; 4] {
    let one = word(1);
    let four = word(4);
    let bx = big(x);
    let negative = x < 0.0;
    // u = e^−|x|: everything below is built from it without cancellation.
    let u = if x.abs() > 1e5 {
        BigFloat::new(P)
    } else {
        bx.abs().neg().exp(P, RM, cc)
    };
    let one_plus_u = one.add(&u, P, RM);
    let sigmoid = if negative {
        u.div(&one_plus_u, P, RM)
    } else {
        one.div(&one_plus_u, P, RM)
    };
    let sigmoid_derivative = u.div(&one_plus_u.mul(&one_plus_u, P, RM), P, RM);
    // u² = e^−2|x|; tanh′ = 4u² / (1 + u²)².
    let u2 = u.mul(&u, P, RM);
    let one_plus_u2 = one.add(&u2, P, RM);
    let tanh_derivative = four
        .mul(&u2, P, RM)
        .div(&one_plus_u2.mul(&one_plus_u2, P, RM), P, RM);
    let tanh = if x.abs() < pow2(-40) {
        // tanh x = x − x³/3 + 2x⁵/15 − …; the next term is below 2⁻²⁴⁰·|x|.
        let x2 = bx.mul(&bx, P, RM);
        let x3 = x2.mul(&bx, P, RM);
        let x5 = x3.mul(&x2, P, RM);
        bx.sub(&x3.div(&word(3), P, RM), P, RM).add(
            &word(2).mul(&x5, P, RM).div(&word(15), P, RM),
            P,
            RM,
        )
    } else {
        // (1 − u²)/(1 + u²) loses at most 40 of the 256 bits here.
        let t = one.sub(&u2, P, RM).div(&one_plus_u2, P, RM);
        if negative { t.neg() } else { t }
    };
    [sigmoid, sigmoid_derivative, tanh, tanh_derivative]
}

const SCALAR_NAMES: [&str; 4] = ["sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative"];

fn scalar_values<T: Fp>(x: T) -> [T; 4] {
    [
        sigmoid(x),
        sigmoid_derivative(x),
        tanh(x),
        tanh_derivative(x),
    ]
}

/// The exact softmax of `logits` (finite or −∞, at least one finite).
fn softmax_reference(logits: &[f64], cc: &mut Consts) -> Vec<BigFloat> {
    let m = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    assert!(m.is_finite());
    let bm = big(m);
    let terms: Vec<BigFloat> = logits
        .iter()
        .map(|&x| {
            if x == f64::NEG_INFINITY {
                return BigFloat::new(P);
            }
            // Exact: all test vectors keep x − m within 256 bits.
            let d = big(x).sub(&bm, P, RM);
            if d.cmp(&BigFloat::from_f64(-1e5, P)).is_some_and(|c| c < 0) {
                BigFloat::new(P)
            } else {
                d.exp(P, RM, cc)
            }
        })
        .collect();
    let sum = terms.iter().fold(BigFloat::new(P), |s, t| s.add(t, P, RM));
    terms.iter().map(|t| t.div(&sum, P, RM)).collect()
}

// ---------------------------------------------------------------------------
// Inputs.
// ---------------------------------------------------------------------------

/// Knuth's MMIX linear congruential generator, fixed seed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        // The low bits of an LCG are weak; mix the high ones down.
        let x = self.0;
        (x ^ (x >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (x >> 32)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 * pow2(-53)
    }
    /// Uniform in [lo, hi).
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
}

/// Points where a textbook formula, or a rounding of the result, changes
/// behaviour, for T (positive; both signs are tested).
fn thresholds<T: Fp>() -> Vec<f64> {
    let ln2 = std::f64::consts::LN_2;
    let ln4 = 2.0 * ln2;
    let (p, emin, emax) = (T::DIGITS as f64, T::MIN_EXP as f64, T::MAX_EXP as f64);
    vec![
        (emax + 1.0) * ln2,              // e^x overflows (709.78 / 88.72)
        -emin * ln2,                     // e^−x becomes subnormal (708.40 / 87.34)
        (p - emin - 1.0) * ln2,          // e^−x is the smallest subnormal (744.44 / 103.28)
        (p - emin) * ln2,                // e^−x rounds to 0 (745.13 / 103.97)
        (p - 1.0) * ln2,                 // 1 + e^−x rounds to 1 + ulp(1) above this
        p * ln2,                         // 1 + e^−x rounds to 1 (36.74 / 16.64)
        (p + 1.0) * ln2,                 // σ rounds to 1 (37.43 / 17.33)
        (p + 1.0) * ln2 / 2.0,           // tanh reaches 1 − ulp
        (p + 2.0) * ln2 / 2.0,           // tanh rounds to 1 (19.06 / 9.01)
        -emin * ln2 / 2.0,               // e^−2x becomes subnormal (354.20 / 43.67)
        (-emin * ln2 + ln4) / 2.0,       // tanh′ becomes subnormal (354.89 / 44.36)
        (p - emin) * ln2 / 2.0,          // e^−2x rounds to 0 (372.57 / 51.99)
        ((p - emin) * ln2 + ln4) / 2.0,  // tanh′ rounds to 0 (373.26 / 52.68)
        (3.0 * pow2(-T::DIGITS)).sqrt(), // tanh x rounds to x below this
        (8.0 * pow2(-T::DIGITS)).sqrt(), // σ′ rounds to 1/4 below this
        2.0 * pow2(-T::DIGITS),          // σ rounds to 1/2 below this
        1.0,
        0.5,
    ]
}

/// All scalar inputs for T: both signs of everything.
fn scalar_inputs<T: Fp>() -> Vec<T> {
    let mut xs: Vec<T> = Vec::new();
    let push = |xs: &mut Vec<T>, x: T| {
        xs.push(x);
        xs.push(-x);
    };
    // Zero, subnormals, the normal range's edges.
    let smallest = T::from_bits_u64(1);
    push(&mut xs, T::zero());
    for bits in [1u64, 2, 3, 4, 5, 7, 100, 12_345, 0x5555, 1 << 20] {
        push(&mut xs, T::from_bits_u64(bits));
    }
    push(&mut xs, step(T::min_positive_value(), -1)); // largest subnormal
    push(&mut xs, step(T::min_positive_value(), -12_345));
    push(&mut xs, T::min_positive_value());
    push(&mut xs, step(T::min_positive_value(), 1));
    push(&mut xs, T::max_value());
    push(&mut xs, step(T::max_value(), -1));
    push(&mut xs, T::epsilon());
    push(&mut xs, T::one());
    assert_eq!(smallest.widen(), pow2(T::MIN_EXP - T::DIGITS + 1));
    // Every power of two, and its neighbours.
    for k in (T::MIN_EXP - T::DIGITS + 1)..=T::MAX_EXP {
        let x = T::narrow(pow2(k));
        push(&mut xs, x);
        push(&mut xs, step(x, 1));
        if k > T::MIN_EXP - T::DIGITS + 1 {
            push(&mut xs, step(x, -1));
        }
    }
    // A dense grid over every threshold. Its step (0.04 for f64, 0.0055 for
    // f32) is not a power of two, so the points fall irregularly on the
    // binary grid.
    let n = 40_000;
    for i in 0..=n {
        let x = T::narrow(-T::GRID + 2.0 * T::GRID * i as f64 / n as f64);
        xs.push(x);
    }
    for i in -100..=100 {
        push(&mut xs, T::narrow(f64::from(i) / 8.0));
    }
    // Pseudo-random points: some uniform in the bits, most with log-uniform
    // magnitude in [2^−40, 2^10] (where the functions vary).
    let mut rng = Lcg(0x5eed_ac71_0a7e_0001);
    let mut added = 0;
    while added < 20_000 {
        let x = T::from_bits_u64(rng.next() >> (64 - 8 * std::mem::size_of::<T>()));
        if x.is_finite() {
            xs.push(x);
            added += 1;
        }
    }
    for _ in 0..60_000 {
        let magnitude = rng.uniform(-40.0, 10.0).exp2();
        let x = T::narrow(magnitude);
        xs.push(if rng.next() & 1 == 0 { x } else { -x });
    }
    // The neighbourhood of every threshold.
    for t in thresholds::<T>() {
        let x0 = T::narrow(t);
        for k in -48..=48 {
            push(&mut xs, step(x0, k));
        }
        for j in 1..=12 {
            let dt = t * 10f64.powi(-j);
            push(&mut xs, T::narrow(t + dt));
            push(&mut xs, T::narrow(t - dt));
            push(&mut xs, T::narrow(t + 2.7 * dt));
            push(&mut xs, T::narrow(t - 2.7 * dt));
        }
    }
    xs
}

/// Softmax test vectors for T: (description, logits).
fn softmax_inputs<T: Fp>() -> Vec<(String, Vec<T>)> {
    let mut vectors: Vec<(String, Vec<f64>)> = vec![
        ("notebook".into(), vec![2.0, 1.0, 0.1]),
        ("ties".into(), vec![5.0, 5.0, 5.0, -3.0]),
        ("single".into(), vec![-7.25]),
        ("with -inf".into(), vec![0.5, f64::NEG_INFINITY, -1.5, 1.25]),
    ];
    // Wide spreads: the small probabilities go through the subnormal range.
    let deep = if T::DIGITS == 53 {
        vec![
            0.3, -0.1, -10.7, -100.9, -300.3, -699.7, -700.1, -708.9, -730.3, -740.9, -744.9,
            -745.3, -800.0,
        ]
    } else {
        vec![
            0.3, -0.1, -10.7, -50.9, -86.3, -87.9, -95.3, -100.1, -103.1, -103.5, -104.3, -110.0,
        ]
    };
    vectors.push(("deep tail".into(), deep.clone()));
    vectors.push(("two, far apart".into(), vec![deep[7], 0.3]));
    // Shifts make x − m inexact (and test shift invariance).
    for shift in [1000.1, -1000.37, 31_415.926_5, -2.0e6 / 3.0, 1e9 + 0.5] {
        if T::DIGITS == 24 && shift.abs() > 1e5 {
            continue;
        }
        vectors.push((
            format!("deep tail + {shift}"),
            deep.iter().map(|x| x + shift).collect(),
        ));
        vectors.push((
            format!("notebook + {shift}"),
            [2.0, 1.0, 0.1].iter().map(|x| x + shift).collect(),
        ));
    }
    // Huge logits.
    let max = T::max_value().widen();
    vectors.push((
        "near MAX".into(),
        vec![
            max,
            step(T::max_value(), -1).widen(),
            step(T::max_value(), -3).widen(),
            -max,
        ],
    ));
    // Random short vectors of every spread.
    let mut rng = Lcg(0x50f7_3a11);
    let spread_max = T::GRID;
    for i in 0..2000 {
        let n = 2 + (rng.next() % 11) as usize;
        let spread = spread_max * rng.unit().powi(3);
        let shift = if i % 3 == 0 {
            rng.uniform(-1e4, 1e4)
        } else {
            0.0
        };
        let v = (0..n)
            .map(|_| shift + rng.uniform(-spread, spread))
            .collect();
        vectors.push((format!("random #{i}"), v));
    }
    // Long vectors: the error must not grow with the length.
    for (n, spread) in [(1000, 20.0), (5000, 30.0), (2000, spread_max)] {
        let v = (0..n).map(|_| rng.uniform(-spread, spread)).collect();
        vectors.push((format!("long, n = {n}, spread {spread}"), v));
    }
    vectors.push((
        "long, ramp".into(),
        (0..3000).map(|i| f64::from(i) * 0.01 - 10.0).collect(),
    ));
    vectors
        .into_iter()
        .map(|(name, v)| (name, v.into_iter().map(T::narrow).collect()))
        .collect()
}

// ---------------------------------------------------------------------------
// Measuring.
// ---------------------------------------------------------------------------

#[derive(Clone)]
struct Worst {
    function: &'static str,
    ty: &'static str,
    bound: f64,
    points: usize,
    max_error: f64,
    max_distance: u64,
    worst_input: String,
    worst_result: String,
}

impl Worst {
    fn new(function: &'static str, ty: &'static str, bound: f64) -> Self {
        Worst {
            function,
            ty,
            bound,
            points: 0,
            max_error: 0.0,
            max_distance: 0,
            worst_input: "-".into(),
            worst_result: String::new(),
        }
    }

    fn record<T: Fp>(&mut self, input: impl FnOnce() -> String, computed: T, exact: &BigFloat) {
        self.points += 1;
        let error = ulp_error(computed, exact);
        let rounded: T = round_to(exact);
        let distance = ulp_distance(computed, rounded);
        if error > self.max_error || (error == self.max_error && distance > self.max_distance) {
            self.max_error = error;
            self.worst_input = input();
            self.worst_result = format!("{computed:e} (correctly rounded: {rounded:e})");
        }
        self.max_distance = self.max_distance.max(distance);
    }

    fn ok(&self) -> bool {
        self.max_error <= self.bound && self.max_distance as f64 <= self.bound
    }
}

fn measure_scalars<T: Fp>() -> Vec<Worst> {
    let mut cc = Consts::new().expect("constants cache");
    let mut worst: Vec<Worst> = SCALAR_NAMES
        .iter()
        .map(|&f| Worst::new(f, T::NAME, T::BOUND))
        .collect();
    for x in scalar_inputs::<T>() {
        let exact = scalar_references(x.widen(), &mut cc);
        let computed = scalar_values(x);
        for ((w, c), e) in worst.iter_mut().zip(computed).zip(&exact) {
            w.record(|| format!("x = {x:e}"), c, e);
        }
        // tanh keeps the sign of x, even for ±0.
        assert_eq!(
            computed[2].is_sign_negative(),
            x.is_sign_negative(),
            "{} tanh({x:e})",
            T::NAME
        );
    }
    worst
}

fn measure_softmax<T: Fp>() -> Worst {
    let mut cc = Consts::new().expect("constants cache");
    let mut worst = Worst::new("softmax", T::NAME, T::BOUND);
    for (name, logits) in softmax_inputs::<T>() {
        let computed = softmax(&logits);
        let wide: Vec<f64> = logits.iter().map(|x| x.widen()).collect();
        let exact = softmax_reference(&wide, &mut cc);
        assert_eq!(computed.len(), logits.len());
        for (i, (c, e)) in computed.iter().zip(&exact).enumerate() {
            let x = logits[i];
            worst.record(
                || format!("{name} (n = {}), x[{i}] = {x:e}", logits.len()),
                *c,
                e,
            );
        }
    }
    worst
}

#[test]
fn accuracy_table() {
    let start = std::time::Instant::now();
    // Two threads each do about half of the work.
    let (mut rows, more) = std::thread::scope(|s| {
        let other = s.spawn(|| {
            let mut rows = measure_scalars::<f32>();
            rows.push(measure_softmax::<f32>());
            rows.push(measure_softmax::<f64>());
            rows
        });
        (measure_scalars::<f64>(), other.join().expect("f32 thread"))
    });
    rows.extend(more);
    rows.sort_by_key(|w| (w.function, w.ty));

    let mut table = String::from(
        "\n| function | type | points | max ULP error | max ULP distance | bound | worst input | computed |\n\
         |---|---|---:|---:|---:|---:|---|---|\n",
    );
    for w in &rows {
        table += &format!(
            "| {} | {} | {} | {:.3} | {} | {} | {} | {} |\n",
            w.function,
            w.ty,
            w.points,
            w.max_error,
            w.max_distance,
            w.bound,
            w.worst_input,
            w.worst_result
        );
    }
    println!("{table}(measured in {:.1?})", start.elapsed());
    let failures: Vec<String> = rows
        .iter()
        .filter(|w| !w.ok())
        .map(|w| {
            format!(
                "{} {}: {:.3} ULP at {}",
                w.function, w.ty, w.max_error, w.worst_input
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "above the bound:\n{}",
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Exact functions and special values.
// ---------------------------------------------------------------------------

fn exactness<T: Fp>() {
    let alphas = [0.01, 0.1, 0.2, 0.3, 1.0 / 3.0, 0.5, 1e-3, 0.0, 1.0];
    let inputs = scalar_inputs::<T>();
    for &x in &inputs {
        let r = relu(x);
        let expected = if x > T::zero() { x } else { T::zero() };
        assert_eq!(r.to_bits_u64(), expected.to_bits_u64(), "relu({x:e})");
        assert_eq!(
            relu_derivative(x),
            if x > T::zero() { T::one() } else { T::zero() },
            "relu′({x:e})"
        );
        for alpha in alphas.map(T::narrow) {
            let y = leaky_relu(x, alpha);
            let d = leaky_relu_derivative(x, alpha);
            if x > T::zero() {
                assert_eq!(
                    y.to_bits_u64(),
                    x.to_bits_u64(),
                    "leaky_relu({x:e}, {alpha:e})"
                );
                assert_eq!(d, T::one());
            } else {
                // The correctly rounded product, from the exact one.
                let exact = big(x.widen()).mul(&big(alpha.widen()), P, RM);
                let rounded: T = round_to(&exact);
                assert_eq!(
                    ulp_distance(y, rounded),
                    0,
                    "leaky_relu({x:e}, {alpha:e}) = {y:e}, not {rounded:e}"
                );
                if y == T::zero() {
                    let negative = x.is_sign_negative() != alpha.is_sign_negative();
                    assert_eq!(
                        y.is_sign_negative(),
                        negative,
                        "sign of leaky_relu({x:e}, {alpha:e})"
                    );
                }
                assert_eq!(d.to_bits_u64(), alpha.to_bits_u64());
            }
        }
    }
}

#[test]
fn relu_and_leaky_relu_are_exact() {
    exactness::<f32>();
    exactness::<f64>();
}

fn special_values<T: Fp>() {
    let (inf, nan, zero, one) = (T::infinity(), T::nan(), T::zero(), T::one());
    let alpha = T::narrow(0.01);
    assert_eq!(sigmoid(inf), one);
    assert_eq!(sigmoid(-inf), zero);
    assert_eq!(sigmoid_derivative(inf), zero);
    assert_eq!(sigmoid_derivative(-inf), zero);
    assert_eq!(tanh(inf), one);
    assert_eq!(tanh(-inf), -one);
    assert_eq!(tanh_derivative(inf), zero);
    assert_eq!(tanh_derivative(-inf), zero);
    assert_eq!(relu(inf), inf);
    assert_eq!(relu(-inf).to_bits_u64(), zero.to_bits_u64());
    assert_eq!(relu_derivative(inf), one);
    assert_eq!(relu_derivative(-inf), zero);
    assert_eq!(leaky_relu(inf, alpha), inf);
    assert_eq!(leaky_relu(-inf, alpha), -inf);
    assert_eq!(leaky_relu_derivative(inf, alpha), one);
    assert_eq!(leaky_relu_derivative(-inf, alpha), alpha);
    for x in [nan, -nan] {
        assert!(sigmoid(x).is_nan());
        assert!(sigmoid_derivative(x).is_nan());
        assert!(tanh(x).is_nan());
        assert!(tanh_derivative(x).is_nan());
        assert!(relu(x).is_nan());
        assert!(relu_derivative(x).is_nan());
        assert!(leaky_relu(x, alpha).is_nan());
        assert!(leaky_relu_derivative(x, alpha).is_nan());
        assert!(softmax(&[one, x, zero]).iter().all(|p| p.is_nan()));
    }
    assert!(softmax::<T>(&[]).is_empty());
    assert_eq!(softmax(&[inf, one, -inf]), vec![one, zero, zero]);
    assert_eq!(
        softmax(&[-inf, T::max_value(), -T::max_value()]),
        vec![zero, one, zero]
    );
    assert!(softmax(&[inf, inf]).iter().all(|p| p.is_nan()));
    assert!(softmax(&[-inf, -inf]).iter().all(|p| p.is_nan()));
    // The exact values at 0.
    assert_eq!(sigmoid(zero), T::narrow(0.5));
    assert_eq!(sigmoid_derivative(-zero), T::narrow(0.25));
    assert_eq!(tanh_derivative(zero), one);
    assert!(tanh(-zero).is_sign_negative() && tanh(-zero) == zero);
}

#[test]
fn infinities_and_nan() {
    special_values::<f32>();
    special_values::<f64>();
}

// ---------------------------------------------------------------------------
// The measuring instruments themselves.
// ---------------------------------------------------------------------------

#[test]
fn rounding_and_ulp_helpers_are_right() {
    let mut cc = Consts::new().expect("constants cache");
    // Exact conversion in and out, subnormals included.
    for x in [
        0.0,
        1.0,
        -1.5,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
        -1e-310,
        2.225e-308,
        1e300,
        -3e-320,
    ] {
        assert_eq!(round_to::<f64>(&big(x)).to_bits(), x.to_bits());
    }
    for x in [
        1.0f32,
        f32::MIN_POSITIVE,
        f32::from_bits(1),
        -f32::from_bits(0x7f_ffff),
        f32::MAX,
    ] {
        assert_eq!(round_to::<f32>(&big(f64::from(x))), x);
        assert_eq!(round_to::<f64>(&big(f64::from(x))), f64::from(x));
    }
    // Ties to even, at 1 and in the subnormal range, and underflow.
    let one = word(1);
    let half_smallest = big(pow2(-1074)).mul(&big(0.5), P, RM);
    assert_eq!(round_to::<f64>(&one.add(&big(pow2(-53)), P, RM)), 1.0);
    assert_eq!(
        round_to::<f64>(&one.add(&big(3.0 * pow2(-53)), P, RM)),
        1.0 + pow2(-51)
    );
    assert_eq!(
        round_to::<f64>(&one.add(&big(pow2(-53) + pow2(-100)), P, RM)),
        1.0 + pow2(-52)
    );
    assert_eq!(round_to::<f64>(&half_smallest), 0.0);
    let three_halves_of_smallest = big(3.0 * pow2(-1074)).mul(&big(0.5), P, RM);
    assert_eq!(round_to::<f64>(&three_halves_of_smallest), pow2(-1073));
    let just_above = half_smallest.add(&half_smallest.mul(&big(pow2(-200)), P, RM), P, RM);
    assert_eq!(round_to::<f64>(&just_above), pow2(-1074));
    assert_eq!(round_to::<f32>(&big(pow2(-150))), 0.0);
    assert_eq!(round_to::<f32>(&big(3.0 * pow2(-150))), f32::from_bits(2));
    assert_eq!(round_to::<f32>(&big(pow2(-151) * 7.0)), f32::from_bits(2));
    let f32_max = big(f64::from(f32::MAX));
    assert_eq!(
        round_to::<f32>(&f32_max.add(&big(pow2(103)), P, RM)),
        f32::INFINITY
    );
    assert_eq!(
        round_to::<f32>(&f32_max.add(&big(pow2(103) - pow2(60)), P, RM)),
        f32::MAX
    );
    // Agreement with Rust's decimal parser on values far from ties.
    let mut rng = Lcg(7);
    for _ in 0..3000 {
        let x = rng.uniform(-760.0, 100.0);
        let b = big(x)
            .exp(P, RM, &mut cc)
            .mul(&big(rng.uniform(-1.0, 1.0)), P, RM);
        assert_eq!(
            round_to::<f64>(&b).to_bits(),
            round_via_decimal::<f64>(&b, &mut cc).to_bits(),
            "{x}"
        );
        let b = big(x / 7.0).exp(P, RM, &mut cc);
        assert_eq!(
            round_to::<f32>(&b).to_bits(),
            round_via_decimal::<f32>(&b, &mut cc).to_bits(),
            "{x}"
        );
    }
    // ULP measures.
    assert_eq!(ulp_distance(0.0, -0.0), 0);
    assert_eq!(ulp_distance(5e-324, -5e-324), 2);
    assert_eq!(ulp_distance(1.0, 1.0 - pow2(-53)), 1);
    assert_eq!(
        ulp_distance(f32::MIN_POSITIVE, step(f32::MIN_POSITIVE, -3)),
        3
    );
    assert_eq!(ulp_error(1.0 + pow2(-52), &one), 1.0);
    assert_eq!(ulp_error(1.0 - pow2(-53), &one), 0.5);
    assert_eq!(ulp_error(5e-324, &BigFloat::new(P)), 1.0);
    assert_eq!(ulp_error(f32::from_bits(3), &big(pow2(-149))), 2.0);
    assert_eq!(ulp_error(-0.0f32, &BigFloat::new(P)), 0.0);
    // In units of the ULP of the exact value: the binade below 1/2 is finer.
    assert_eq!(ulp_error(step(0.5f32, 2), &big(0.5)), 2.0);
    assert_eq!(ulp_error(step(0.5f32, -2), &big(0.5)), 1.0);
    // The tanh reference agrees with astro-float's own tanh.
    for x in [1e-30, -3e-12, 0.25, -1.0, 7.5, 19.0, -300.0, 5e-324] {
        let ours = &scalar_references(x, &mut cc)[2];
        let theirs = big(x).tanh(P, RM, &mut cc);
        let rel = ours.sub(&theirs, P, RM).div(&theirs, P, RM).abs();
        assert!(
            rel.is_zero() || rel.exponent().unwrap() < -200,
            "tanh({x}): {rel}"
        );
    }
}
