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
//!
//! The smooth functions of the later chapters (ELU, SELU, GELU and its tanh
//! form, SiLU, Swish, Mish, softplus, softsign and their derivatives) are
//! measured in the same table. Their references are built from e^(−|x|/2), one
//! exponential for each of GELU and its tanh form, and series where those are
//! faster than astro-float's functions; every series and continued fraction is
//! summed far enough for a relative error below 2⁻¹⁰⁵, far below what the ULP
//! measures resolve (see `activation_references` and the checks in
//! `activation_references_are_right`). The points include the zeros of the
//! derivatives, where terms cancel, and the edges of each function's
//! subnormal range.
//!
//! The piecewise functions (ReLU6, hard sigmoid, hard swish, PReLU, RReLU in
//! evaluation mode) are not measured but required to be *exact*: each result
//! must be the correctly rounded value, bit for bit.

use std::fmt::{Debug, Display, LowerExp};

use activations::{
    Float, RreluMode, elu, elu_derivative, geglu, geglu_derivative, gelu, gelu_derivative,
    gelu_tanh, gelu_tanh_derivative, glu, glu_derivative, hardsigmoid, hardsigmoid_derivative,
    hardswish, hardswish_derivative, hardtanh, hardtanh_derivative, leaky_relu,
    leaky_relu_derivative, logsigmoid, logsigmoid_derivative, mish, mish_derivative, prelu,
    prelu_alpha_derivative, prelu_derivative, reglu, reglu_derivative, relu, relu_derivative,
    relu6, relu6_derivative, rrelu, rrelu_derivative, selu, selu_derivative, sigmoid,
    sigmoid_derivative, silu, silu_derivative, softmax, softplus, softplus_derivative, softsign,
    softsign_derivative, squared_relu, squared_relu_derivative, swiglu, swiglu_derivative, swish,
    swish_derivative, tanh, tanh_derivative,
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
    scalar_references_from(x, &exp_neg_abs(&big(x), cc))
}

/// [`scalar_references`], given u = e^−|x|: everything is built from it
/// without cancellation.
fn scalar_references_from(x: f64, u: &BigFloat) -> [BigFloat; 4] {
    let one = word(1);
    let four = word(4);
    let bx = big(x);
    let negative = x < 0.0;
    let one_plus_u = one.add(u, P, RM);
    let sigmoid = if negative {
        u.div(&one_plus_u, P, RM)
    } else {
        one.div(&one_plus_u, P, RM)
    };
    let sigmoid_derivative = u.div(&one_plus_u.mul(&one_plus_u, P, RM), P, RM);
    // u² = e^−2|x|; tanh′ = 4u² / (1 + u²)².
    let u2 = u.mul(u, P, RM);
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

// ---------------------------------------------------------------------------
// References for the other smooth activation functions.
// ---------------------------------------------------------------------------

/// The parameters the table measures: α of ELU and β of Swish (each rounded to
/// T before use, and the reference uses the rounded value).
const ELU_ALPHAS: [f64; 2] = [1.0, 1.7];
const SWISH_BETAS: [f64; 3] = [0.5, 1.5, -1.0];

const ACTIVATIONS: usize = 44;

const ACTIVATION_NAMES: [&str; ACTIVATIONS] = [
    "elu (α = 1)",
    "elu (α = 1.7)",
    "elu_derivative (α = 1)",
    "elu_derivative (α = 1.7)",
    "selu",
    "selu_derivative",
    "gelu",
    "gelu_derivative",
    "gelu_tanh",
    "gelu_tanh_derivative",
    "silu",
    "silu_derivative",
    "swish (β = 0.5)",
    "swish (β = 1.5)",
    "swish (β = -1)",
    "swish_derivative (β = 0.5)",
    "swish_derivative (β = 1.5)",
    "swish_derivative (β = -1)",
    "mish",
    "mish_derivative",
    "softplus",
    "softplus_derivative",
    "softsign",
    "softsign_derivative",
    "logsigmoid",
    "logsigmoid_derivative",
    "glu (v = 1.5)",
    "glu (v = -huge)",
    "glu (v = subnormal)",
    "glu ∂/∂gate (v = 1.5)",
    "glu ∂/∂gate (v = -huge)",
    "glu ∂/∂gate (v = subnormal)",
    "geglu (v = 1.5)",
    "geglu (v = -huge)",
    "geglu (v = subnormal)",
    "geglu ∂/∂gate (v = 1.5)",
    "geglu ∂/∂gate (v = -huge)",
    "geglu ∂/∂gate (v = subnormal)",
    "swiglu (v = 1.5)",
    "swiglu (v = -huge)",
    "swiglu (v = subnormal)",
    "swiglu ∂/∂gate (v = 1.5)",
    "swiglu ∂/∂gate (v = -huge)",
    "swiglu ∂/∂gate (v = subnormal)",
];

/// The values v of the GLU family's measurements, for T: an ordinary one, one
/// near the top of the range (so that F(g)·v is an ordinary number where F(g)
/// underflows) and a subnormal one.
fn gate_values<T: Fp>() -> [T; 3] {
    if T::DIGITS == 53 {
        [1.5, -1e300, 3.3e-310].map(T::narrow)
    } else {
        [1.5, -1e38, 3.3e-40].map(T::narrow)
    }
}

fn activation_values<T: Fp>(x: T) -> [T; ACTIVATIONS] {
    let [a1, a2] = ELU_ALPHAS.map(T::narrow);
    let [b1, b2, b3] = SWISH_BETAS.map(T::narrow);
    let [w1, w2, w3] = gate_values::<T>();
    [
        elu(x, a1),
        elu(x, a2),
        elu_derivative(x, a1),
        elu_derivative(x, a2),
        selu(x),
        selu_derivative(x),
        gelu(x),
        gelu_derivative(x),
        gelu_tanh(x),
        gelu_tanh_derivative(x),
        silu(x),
        silu_derivative(x),
        swish(x, b1),
        swish(x, b2),
        swish(x, b3),
        swish_derivative(x, b1),
        swish_derivative(x, b2),
        swish_derivative(x, b3),
        mish(x),
        mish_derivative(x),
        softplus(x),
        softplus_derivative(x),
        softsign(x),
        softsign_derivative(x),
        logsigmoid(x),
        logsigmoid_derivative(x),
        glu(x, w1),
        glu(x, w2),
        glu(x, w3),
        glu_derivative(x, w1).0,
        glu_derivative(x, w2).0,
        glu_derivative(x, w3).0,
        geglu(x, w1),
        geglu(x, w2),
        geglu(x, w3),
        geglu_derivative(x, w1).0,
        geglu_derivative(x, w2).0,
        geglu_derivative(x, w3).0,
        swiglu(x, w1),
        swiglu(x, w2),
        swiglu(x, w3),
        swiglu_derivative(x, w1).0,
        swiglu_derivative(x, w2).0,
        swiglu_derivative(x, w3).0,
    ]
}

/// Exact constants, computed once per thread.
struct Constants {
    ln2: BigFloat,
    sqrt2: BigFloat,
    sqrt_pi: BigFloat,
    sqrt_2pi: BigFloat,
    /// 2·√(2/π)
    two_sqrt_2_over_pi: BigFloat,
    /// 0.044715, exactly (not its binary rounding).
    cubic: BigFloat,
    /// The SELU constants of Klambauer et al., as decimals.
    lambda: BigFloat,
    lambda_alpha: BigFloat,
    /// α and β as rounded to T.
    alphas: [BigFloat; 2],
    betas: [BigFloat; 3],
    /// The values of `gate_values`.
    values: [BigFloat; 3],
}

impl Constants {
    fn new<T: Fp>(cc: &mut Consts) -> Self {
        let pi = cc.pi(P, RM);
        let two = word(2);
        let decimal = |s: &str, cc: &mut Consts| BigFloat::parse(s, Radix::Dec, P, RM, cc);
        let lambda = decimal("1.0507009873554804934193349852946", cc);
        let alpha = decimal("1.6732632423543772848170429916717", cc);
        Constants {
            ln2: cc.ln_2(P, RM),
            sqrt2: two.sqrt(P, RM),
            sqrt_pi: pi.sqrt(P, RM),
            sqrt_2pi: two.mul(&pi, P, RM).sqrt(P, RM),
            two_sqrt_2_over_pi: two.mul(&two.div(&pi, P, RM).sqrt(P, RM), P, RM),
            cubic: decimal("0.044715", cc),
            lambda_alpha: lambda.mul(&alpha, P, RM),
            lambda,
            alphas: ELU_ALPHAS.map(|a| big(T::narrow(a).widen())),
            betas: SWISH_BETAS.map(|b| big(T::narrow(b).widen())),
            values: gate_values::<T>().map(|v| big(v.widen())),
        }
    }
}

/// e^−|x| (0 where it is below 2⁻¹⁰⁰⁰⁰⁰, far below every subnormal).
fn exp_neg_abs(x: &BigFloat, cc: &mut Consts) -> BigFloat {
    if x.abs().cmp(&big(1e5)).is_some_and(|c| c > 0) {
        BigFloat::new(P)
    } else {
        exp(&x.abs().neg(), cc)
    }
}

/// eᶻ; for |z| < 2⁻²⁰ by its Taylor series (eight terms reach 2⁻¹⁶⁰), which is
/// much faster there than astro-float's `exp`.
fn exp(z: &BigFloat, cc: &mut Consts) -> BigFloat {
    if !below(z, &word(1), -20) {
        return z.exp(P, RM, cc);
    }
    let mut term = word(1);
    let mut sum = word(1);
    for k in 1..=8 {
        term = term.mul(z, P, RM).div(&word(k), P, RM);
        sum = sum.add(&term, P, RM);
    }
    sum
}

/// Whether |a| < 2^k·|b| (for nonzero b).
fn below(a: &BigFloat, b: &BigFloat, k: i32) -> bool {
    a.is_zero() || a.exponent().unwrap() < b.exponent().unwrap() + k
}

/// ln(1 + z) for −2⁻²⁰ < z ≤ 1, as 2·atanh(z/(2 + z)) = 2·Σ q²ᵏ⁺¹/(2k + 1),
/// q = z/(2 + z) ≤ 1/3: summed until the terms fall below 2⁻¹¹⁵ of the sum,
/// which is faster here than astro-float's `ln` and keeps a tiny z.
fn ln_1p(z: &BigFloat) -> BigFloat {
    let q = z.div(&word(2).add(z, P, RM), P, RM);
    let q2 = q.mul(&q, P, RM);
    let mut power = q.clone();
    let mut sum = q;
    for k in 1.. {
        power = power.mul(&q2, P, RM);
        let term = power.div(&word(2 * k + 1), P, RM);
        sum = sum.add(&term, P, RM);
        if below(&term, &sum, -115) {
            break;
        }
    }
    sum.mul(&word(2), P, RM)
}

/// eˣ − 1 given u = eˣ, without the cancellation for small |x|.
fn exp_m1(x: &BigFloat, u: &BigFloat) -> BigFloat {
    if below(x, &word(1), -20) {
        // Σ xᵏ/k! for k = 1..7: the next term is below 2⁻¹⁴⁰·|x|.
        let mut term = x.clone();
        let mut sum = x.clone();
        for k in 2..=7 {
            term = term.mul(x, P, RM).div(&word(k), P, RM);
            sum = sum.add(&term, P, RM);
        }
        sum
    } else {
        u.sub(&word(1), P, RM)
    }
}

/// σ(y) and σ′(y) = σ(y)·σ(−y) from v = e^−|y|.
fn sigmoid_pair(negative: bool, v: &BigFloat) -> (BigFloat, BigFloat) {
    let one_plus_v = word(1).add(v, P, RM);
    let s = if negative {
        v.div(&one_plus_v, P, RM)
    } else {
        word(1).div(&one_plus_v, P, RM)
    };
    let d = v.div(&one_plus_v.mul(&one_plus_v, P, RM), P, RM);
    (s, d)
}

/// Φ(x) and φ(x), the standard normal distribution function and density, to
/// far more than 100 bits, for |x| ≤ 40.
///
/// With t = |x|/√2, erfc(t) comes from the everywhere-positive series
/// erf(t) = (2t/√π)·e^(−t²)·Σ (2t²)ⁿ/(2n + 1)!! for t ≤ 3, summed to 2⁻¹³⁰
/// (1 − erf(t) then loses at most 13 bits to cancellation), and from Laplace's continued fraction
/// erfc(t) = e^(−t²)/√π · 1/(t + ½/(t + 1/(t + 3⁄2/(t + …)))) for t > 3,
/// evaluated from its (1000/t² + 16)th term back (enough for 2⁻¹¹⁰, checked in
/// `rounding_and_ulp_helpers_are_right` against the series).
fn normal_references(x: f64, k: &Constants, cc: &mut Consts) -> (BigFloat, BigFloat) {
    let bx = big(x);
    let x2 = bx.mul(&bx, P, RM); // = 2t²
    let e = exp(&x2.div(&word(2), P, RM).neg(), cc); // e^(−t²)
    let density = e.div(&k.sqrt_2pi, P, RM);
    let t = bx.abs().div(&k.sqrt2, P, RM);
    let erfc = if x.abs() <= 3.0 * std::f64::consts::SQRT_2 {
        erfc_by_series(&t, &x2, &e, k)
    } else {
        erfc_by_fraction(&t, x * x / 2.0, &e, k)
    };
    let half = erfc.div(&word(2), P, RM);
    let cdf = if x < 0.0 {
        half
    } else {
        word(1).sub(&half, P, RM)
    };
    (cdf, density)
}

fn erfc_by_series(t: &BigFloat, two_t2: &BigFloat, e: &BigFloat, k: &Constants) -> BigFloat {
    let mut term = word(1);
    let mut sum = word(1);
    for n in 1.. {
        term = term.mul(two_t2, P, RM).div(&word(2 * n + 1), P, RM);
        sum = sum.add(&term, P, RM);
        if below(&term, &sum, -130) {
            break;
        }
    }
    let erf = word(2)
        .mul(t, P, RM)
        .div(&k.sqrt_pi, P, RM)
        .mul(e, P, RM)
        .mul(&sum, P, RM);
    word(1).sub(&erf, P, RM)
}

fn erfc_by_fraction(t: &BigFloat, t2: f64, e: &BigFloat, k: &Constants) -> BigFloat {
    let terms = (1000.0 / t2) as u64 + 16;
    let mut f = t.clone();
    for j in (1..=terms).rev() {
        f = t.add(&big(j as f64 / 2.0).div(&f, P, RM), P, RM);
    }
    e.div(&k.sqrt_pi.mul(&f, P, RM), P, RM)
}

/// The references for `activation_values`, in the same order, given
/// v = e^−|x|/2 and u = e^−|x| = v².
fn activation_references(
    x: f64,
    v: &BigFloat,
    u: &BigFloat,
    k: &Constants,
    cc: &mut Consts,
) -> [BigFloat; ACTIVATIONS] {
    let one = word(1);
    let two = word(2);
    let four = word(4);
    let bx = big(x);
    let negative = x < 0.0;
    let mul = |a: &BigFloat, b: &BigFloat| a.mul(b, P, RM);
    let add = |a: &BigFloat, b: &BigFloat| a.add(b, P, RM);
    let div = |a: &BigFloat, b: &BigFloat| a.div(b, P, RM);

    let (sigmoid, sigmoid_derivative) = sigmoid_pair(negative, u);

    // ELU and SELU: x, or a multiple of eˣ − 1 (u = eˣ there).
    let expm1 = exp_m1(&bx, u);
    let elu = |alpha: &BigFloat| {
        if negative {
            mul(alpha, &expm1)
        } else {
            bx.clone()
        }
    };
    // At the kink x = 0 the derivatives take the left branch (α, λα).
    let left = x <= 0.0;
    let elu_derivative = |alpha: &BigFloat| if left { mul(alpha, u) } else { one.clone() };

    // GELU: x·Φ(x) and Φ(x) + x·φ(x).
    let (gelu, gelu_derivative) = if x.abs() > 40.0 {
        // 1 − Φ(|x|) < 10⁻³⁴⁹: x and 1, or (below half of any subnormal) 0.
        if negative {
            (BigFloat::new(P), BigFloat::new(P))
        } else {
            (bx.clone(), one.clone())
        }
    } else {
        let (cdf, density) = normal_references(x, k, cc);
        (mul(&bx, &cdf), add(&cdf, &mul(&bx, &density)))
    };

    // The tanh GELU: x·σ(w), w = 2√(2/π)·(x + 0.044715x³).
    let (gelu_tanh, gelu_tanh_derivative) = if x.abs() > 25.0 {
        // |w| > 1140, and e^−|w| < 10⁻⁴⁹⁵: x and 1, or 0.
        if negative {
            (BigFloat::new(P), BigFloat::new(P))
        } else {
            (bx.clone(), one.clone())
        }
    } else {
        let x2 = mul(&bx, &bx);
        let cx2 = mul(&k.cubic, &x2);
        let w = mul(&k.two_sqrt_2_over_pi, &mul(&bx, &add(&one, &cx2)));
        let w_slope = mul(&k.two_sqrt_2_over_pi, &add(&one, &mul(&word(3), &cx2)));
        let v = exp(&w.abs().neg(), cc);
        let (s, d) = sigmoid_pair(negative, &v);
        (mul(&bx, &s), add(&s, &mul(&mul(&bx, &w_slope), &d)))
    };

    // SiLU and Swish: x·σ(βx) and σ(y) + y·σ′(y), y = βx.
    let silu = mul(&bx, &sigmoid);
    let silu_derivative = add(&sigmoid, &mul(&bx, &sigmoid_derivative));
    let swish = |beta: &BigFloat, v: &BigFloat| {
        let y = mul(beta, &bx); // exact: 53 + 53 bits
        let (s, d) = sigmoid_pair(y.is_negative(), v);
        (mul(&bx, &s), add(&s, &mul(&y, &d)))
    };
    // e^−|βx| for β = 0.5, 1.5, −1: v, u·v, u.
    let (swish_1, swish_derivative_1) = swish(&k.betas[0], v);
    let (swish_2, swish_derivative_2) = swish(&k.betas[1], &mul(u, v));
    let (swish_3, swish_derivative_3) = swish(&k.betas[2], u);

    // Mish: tanh(ln(1 + eˣ)) is rational in eˣ.
    let (mish, mish_derivative) = if negative {
        // u = eˣ; n = u(u + 2), d = n + 2; mish = x·n/d, mish′ = u·B/d² with
        // B = u³ + 4u² + 6u + 4 + 4x(u + 1).
        let n = mul(u, &add(u, &two));
        let d = add(&n, &two);
        let u2 = mul(u, u);
        let b = add(
            &add(&mul(&u2, u), &mul(&four, &u2)),
            &add(
                &add(&mul(&word(6), u), &four),
                &mul(&mul(&four, &bx), &add(u, &one)),
            ),
        );
        (div(&mul(&bx, &n), &d), div(&mul(u, &b), &mul(&d, &d)))
    } else {
        // v = e⁻ˣ; D = 1 + 2v + 2v²; mish = x(1 + 2v)/D,
        // mish′ = ((1 + 2v)·D + 4x·v²(1 + v))/D².
        let v2 = mul(u, u);
        let one_2v = add(&one, &mul(&two, u));
        let big_d = add(&one_2v, &mul(&two, &v2));
        let numerator = add(
            &mul(&one_2v, &big_d),
            &mul(&mul(&four, &bx), &mul(&v2, &add(&one, u))),
        );
        (
            div(&mul(&bx, &one_2v), &big_d),
            div(&numerator, &mul(&big_d, &big_d)),
        )
    };

    // Softplus: max(x, 0) + ln(1 + e^−|x|); its derivative is σ. For tiny x,
    // ln(1 + u) = ln 2 + ln(1 + (u − 1)/2) takes two fast series.
    let log_term = if below(&bx, &one, -20) {
        let z = exp_m1(&bx.abs().neg(), u).div(&two, P, RM);
        k.ln2.add(&ln_1p(&z), P, RM)
    } else {
        ln_1p(u)
    };
    let softplus = if negative {
        log_term.clone()
    } else {
        add(&bx, &log_term)
    };

    // Softsign.
    let one_plus_abs = add(&one, &bx.abs());
    let softsign = div(&bx, &one_plus_abs);
    let softsign_derivative = div(&one, &mul(&one_plus_abs, &one_plus_abs));

    // Log-sigmoid: −softplus(−x) = min(x, 0) − ln(1 + e^−|x|); its
    // derivative is σ(−x).
    let logsigmoid = if negative {
        bx.sub(&log_term, P, RM)
    } else {
        log_term.neg()
    };
    let logsigmoid_derivative = if negative {
        one.div(&add(&one, u), P, RM)
    } else {
        div(u, &add(&one, u))
    };

    // The GLU family: F(g)·v for the three values. GELU beyond |x| = 40
    // matters here: gelu(−50)·10³⁰⁰ is an ordinary number. Below −60 it is
    // under 10⁻⁷⁰⁰·10³⁰⁸ for every v, and 0 will do.
    let (gelu_wide, gelu_derivative_wide) = if x.abs() <= 40.0 {
        (gelu.clone(), gelu_derivative.clone())
    } else if x.abs() <= 60.0 {
        let (cdf, density) = normal_references(x, k, cc);
        (mul(&bx, &cdf), add(&cdf, &mul(&bx, &density)))
    } else if negative {
        (BigFloat::new(P), BigFloat::new(P))
    } else {
        (bx.clone(), one.clone())
    };
    let times = |f: &BigFloat| k.values.clone().map(|v| mul(f, &v));
    let [glu_1, glu_2, glu_3] = times(&sigmoid);
    let [glu_d1, glu_d2, glu_d3] = times(&sigmoid_derivative);
    let [geglu_1, geglu_2, geglu_3] = times(&gelu_wide);
    let [geglu_d1, geglu_d2, geglu_d3] = times(&gelu_derivative_wide);
    let [swiglu_1, swiglu_2, swiglu_3] = times(&silu);
    let [swiglu_d1, swiglu_d2, swiglu_d3] = times(&silu_derivative);

    [
        elu(&k.alphas[0]),
        elu(&k.alphas[1]),
        elu_derivative(&k.alphas[0]),
        elu_derivative(&k.alphas[1]),
        if negative {
            mul(&k.lambda_alpha, &expm1)
        } else {
            mul(&k.lambda, &bx)
        },
        if left {
            mul(&k.lambda_alpha, u)
        } else {
            k.lambda.clone()
        },
        gelu,
        gelu_derivative,
        gelu_tanh,
        gelu_tanh_derivative,
        silu,
        silu_derivative,
        swish_1,
        swish_2,
        swish_3,
        swish_derivative_1,
        swish_derivative_2,
        swish_derivative_3,
        mish,
        mish_derivative,
        softplus,
        sigmoid,
        softsign,
        softsign_derivative,
        logsigmoid,
        logsigmoid_derivative,
        glu_1,
        glu_2,
        glu_3,
        glu_d1,
        glu_d2,
        glu_d3,
        geglu_1,
        geglu_2,
        geglu_3,
        geglu_d1,
        geglu_d2,
        geglu_d3,
        swiglu_1,
        swiglu_2,
        swiglu_3,
        swiglu_d1,
        swiglu_d2,
        swiglu_d3,
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

/// The book's one seeded generator (ChaCha8), with the draws these tests use.
struct Draws(rand_chacha::ChaCha8Rng);

impl Draws {
    fn seeded(seed: u64) -> Draws {
        Draws(<rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(seed))
    }
    fn next(&mut self) -> u64 {
        rand::RngCore::next_u64(&mut self.0)
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
        // Zeros of derivatives (where two terms cancel).
        0.751_791_524_693_564_5, // gelu′
        0.752_461_422_071_016_3, // gelu_tanh′
        1.278_464_542_761_073_7, // silu′ (and swish′ for β = ±1)
        1.278_464_542_761_073_7 / 0.5,
        1.278_464_542_761_073_7 / 1.5,
        1.192_431_214_515_495_2, // mish′
        // Where the Taylor expansions about those zeros end (2⁻¹⁰ away).
        0.751_791_524_693_564_5 - 1.0 / 1024.0,
        0.751_791_524_693_564_5 + 1.0 / 1024.0,
        0.752_461_422_071_016_3 + 1.0 / 1024.0,
        1.278_464_542_761_073_7 - 1.0 / 1024.0,
        1.192_431_214_515_495_2 + 1.0 / 1024.0,
        // Kinks, and where the implementations switch formulas.
        1.5,
        2.0,
        2.5,
        3.0,
        3.5,
        4.0,
        0.25,
        6.0,
        20.0,
        32.0,
        40.0,
        42.0,
        45.0,
        50.0,
        3.0 * std::f64::consts::SQRT_2, // the reference switches from series to fraction
        // Where the GLU family's gate factors switch to their scaled tails.
        60.0,
        800.0,
        1000.0,
        1400.0,
        pow2(-60),
    ]
}

/// Where the negative tails of the activation functions become subnormal and
/// where they round to 0, for T (found by bisection on the functions
/// themselves; the reference then judges the points around them).
fn underflow_edges<T: Fp>() -> Vec<f64> {
    let tails: [fn(T) -> T; 10] = [
        gelu,
        gelu_derivative,
        gelu_tanh,
        gelu_tanh_derivative,
        silu,
        silu_derivative,
        mish,
        mish_derivative,
        softplus,
        |x| elu_derivative(x, T::narrow(1.7)),
    ];
    let mut edges = Vec::new();
    for f in tails {
        for level in [T::min_positive_value(), T::from_bits_u64(1)] {
            // |f(lo)| < level ≤ |f(hi)|
            let (mut lo, mut hi) = (-2000.0_f64, -3.0_f64);
            assert!(f(T::narrow(lo)).abs() < level && f(T::narrow(hi)).abs() >= level);
            for _ in 0..60 {
                let mid = 0.5 * (lo + hi);
                if f(T::narrow(mid)).abs() >= level {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            edges.push(-hi);
        }
    }
    edges
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
    let mut rng = Draws::seeded(0x5eed_ac71_0a7e_0001);
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
    for t in thresholds::<T>().into_iter().chain(underflow_edges::<T>()) {
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
    for shift in [1000.1_f64, -1000.37, 31_415.926_5, -2.0e6 / 3.0, 1e9 + 0.5] {
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
    let mut rng = Draws::seeded(0x50f7_3a11);
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
        let rounded: T = round_to(exact);
        let distance = ulp_distance(computed, rounded);
        if distance == 0 && self.max_error >= 0.5 {
            return; // correctly rounded: an error of at most 0.5, nothing new
        }
        let error = ulp_error(computed, exact);
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
    let constants = Constants::new::<T>(&mut cc);
    let mut worst: Vec<Worst> = SCALAR_NAMES
        .iter()
        .chain(&ACTIVATION_NAMES)
        .map(|&f| Worst::new(f, T::NAME, T::BOUND))
        .collect();
    for x in scalar_inputs::<T>() {
        // v = e^−|x|/2 and u = e^−|x|, with a single exponential.
        let v = exp_neg_abs(&big(x.widen()).div(&word(2), P, RM), &mut cc);
        let u = v.mul(&v, P, RM);
        let exact = scalar_references_from(x.widen(), &u);
        let computed = scalar_values(x);
        let more_exact = activation_references(x.widen(), &v, &u, &constants, &mut cc);
        let more = activation_values(x);
        let all = computed.into_iter().chain(more);
        for ((w, c), e) in worst
            .iter_mut()
            .zip(all)
            .zip(exact.iter().chain(&more_exact))
        {
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

/// Enough bits to hold x·(x + 3) exactly for any `f64` x (x + 3 needs up to
/// 1077 bits for a subnormal x), so that the only rounding before `round_to` is
/// that of a division by 3, which cannot land on the wrong side of a tie.
const P_EXACT: usize = 2400;

/// The piecewise functions whose pieces are x, constants and, for the hard
/// sigmoid and hard swish, (x + 3)/6, x(x + 3)/6 and (2x + 3)/6: every result
/// must be the correctly rounded value.
fn piecewise_exactness<T: Fp>() {
    let mut inputs = scalar_inputs::<T>();
    // Dense around and between the kinks of the hard functions.
    let mut rng = Draws::seeded(0x4a2d_5eed);
    for _ in 0..40_000 {
        inputs.push(T::narrow(rng.uniform(-3.5, 3.5)));
    }
    for kink in [-3.0, -1.5, 0.0, 3.0, 6.0] {
        let k = T::narrow(kink);
        for s in -64..=64 {
            inputs.push(step(k, s));
        }
    }
    let (zero, one) = (T::zero(), T::one());
    let (three, six) = (T::narrow(3.0), T::narrow(6.0));
    // numerator(x)/6, correctly rounded to T.
    let exact = |x: T, numerator: &dyn Fn(&BigFloat) -> BigFloat| -> T {
        round_to(&numerator(&big(x.widen())).div(&word(6), P_EXACT, RM))
    };
    let bits = |v: T| v.to_bits_u64();
    for &x in &inputs {
        // ReLU6: x, 0 or 6.
        let expected = if x <= zero {
            zero
        } else if x >= six {
            six
        } else {
            x
        };
        assert_eq!(bits(relu6(x)), bits(expected), "relu6({x:e})");
        let d = if x > zero && x < six { one } else { zero };
        assert_eq!(relu6_derivative(x), d, "relu6′({x:e})");

        // Hard sigmoid: 0, 1, or (x + 3)/6 correctly rounded.
        let hs = hardsigmoid(x);
        if x <= -three {
            assert_eq!(bits(hs), bits(zero), "hardsigmoid({x:e})");
        } else if x >= three {
            assert_eq!(hs, one, "hardsigmoid({x:e})");
        } else {
            let e = exact(x, &|b| b.add(&word(3), P_EXACT, RM));
            assert_eq!(bits(hs), bits(e), "hardsigmoid({x:e}) = {hs:e}, not {e:e}");
        }
        let d = if x > -three && x < three {
            one / six
        } else {
            zero
        };
        assert_eq!(hardsigmoid_derivative(x), d, "hardsigmoid′({x:e})");

        // Hard swish: −0, x, or x(x + 3)/6 correctly rounded (with its sign).
        let hw = hardswish(x);
        if x <= -three {
            assert!(
                hw == zero && hw.is_sign_negative(),
                "hardswish({x:e}) = {hw:e}"
            );
        } else if x >= three {
            assert_eq!(bits(hw), bits(x), "hardswish({x:e})");
        } else {
            let e = exact(x, &|b| b.mul(&b.add(&word(3), P_EXACT, RM), P_EXACT, RM));
            assert_eq!(
                ulp_distance(hw, e),
                0,
                "hardswish({x:e}) = {hw:e}, not {e:e}"
            );
            assert_eq!(
                hw.is_sign_negative(),
                x.is_sign_negative(),
                "sign of hardswish({x:e})"
            );
        }
        let d = hardswish_derivative(x);
        if x < -three {
            assert_eq!(d, zero);
        } else if x > three {
            assert_eq!(d, one);
        } else {
            let e = exact(x, &|b| b.add(b, P_EXACT, RM).add(&word(3), P_EXACT, RM));
            assert_eq!(
                ulp_distance(d, e),
                0,
                "hardswish′({x:e}) = {d:e}, not {e:e}"
            );
        }
    }
}

#[test]
fn piecewise_functions_are_exact() {
    piecewise_exactness::<f32>();
    piecewise_exactness::<f64>();
}

/// PReLU and RReLU in evaluation mode: one correctly rounded product.
fn parametric_exactness<T: Fp>() {
    let zero = T::zero();
    let alphas = [0.25, 0.01, 0.3, 1.7, -0.5, 0.0, 1e-30];
    let bounds = [(1.0 / 8.0, 1.0 / 3.0), (0.1, 0.3), (0.0, 1.0), (0.2, 0.2)];
    let product = |x: T, a: T| -> T { round_to(&big(x.widen()).mul(&big(a.widen()), P, RM)) };
    for x in scalar_inputs::<T>() {
        for alpha in alphas.map(T::narrow) {
            let y = prelu(x, alpha);
            if x > zero {
                assert_eq!(y.to_bits_u64(), x.to_bits_u64());
                assert_eq!(prelu_derivative(x, alpha), T::one());
                assert_eq!(
                    prelu_alpha_derivative(x, alpha).to_bits_u64(),
                    zero.to_bits_u64()
                );
            } else {
                assert_eq!(
                    ulp_distance(y, product(x, alpha)),
                    0,
                    "prelu({x:e}, {alpha:e})"
                );
                assert_eq!(
                    prelu_derivative(x, alpha).to_bits_u64(),
                    alpha.to_bits_u64()
                );
                assert_eq!(
                    prelu_alpha_derivative(x, alpha).to_bits_u64(),
                    x.to_bits_u64()
                );
            }
        }
        for (lower, upper) in bounds {
            let (lower, upper) = (T::narrow(lower), T::narrow(upper));
            // The slope is the correctly rounded midpoint.
            let mid: T = round_to(&big(lower.widen()).add(&big(upper.widen()), P, RM).div(
                &word(2),
                P,
                RM,
            ));
            let y = rrelu(x, lower, upper, RreluMode::Evaluation);
            let d = rrelu_derivative(x, lower, upper, RreluMode::Evaluation);
            if x > zero {
                assert_eq!((y.to_bits_u64(), d), (x.to_bits_u64(), T::one()));
            } else {
                assert_eq!(ulp_distance(y, product(x, mid)), 0, "rrelu({x:e})");
                assert_eq!(d, mid);
            }
        }
    }
}

#[test]
fn prelu_and_rrelu_are_exact() {
    parametric_exactness::<f32>();
    parametric_exactness::<f64>();
}

/// The limits at ±∞, NaN, and the signs of zeros, for the other functions.
fn activation_special_values<T: Fp>() {
    let (inf, nan, zero, one) = (T::infinity(), T::nan(), T::zero(), T::one());
    let half = T::narrow(0.5);
    let negative_zero = |v: T| v == zero && v.is_sign_negative();
    let positive_zero = |v: T| v == zero && v.is_sign_positive();
    let betas = SWISH_BETAS.map(T::narrow);
    // NaN in, NaN out, for every function of one argument.
    let unary: [fn(T) -> T; 20] = [
        selu,
        selu_derivative,
        gelu,
        gelu_derivative,
        gelu_tanh,
        gelu_tanh_derivative,
        silu,
        silu_derivative,
        mish,
        mish_derivative,
        softplus,
        softplus_derivative,
        softsign,
        softsign_derivative,
        relu6,
        relu6_derivative,
        hardsigmoid,
        hardsigmoid_derivative,
        hardswish,
        hardswish_derivative,
    ];
    for f in unary {
        assert!(f(nan).is_nan() && f(-nan).is_nan());
    }
    let lambda = T::narrow(1.050_700_987_355_480_5);
    let lambda_alpha = T::narrow(1.758_099_340_847_376_8);
    assert_eq!(selu(inf), inf);
    assert_eq!(selu(-inf), -lambda_alpha);
    assert_eq!(
        (selu_derivative(inf), selu_derivative(-inf)),
        (lambda, zero)
    );
    for (f, d) in [
        (gelu as fn(T) -> T, gelu_derivative as fn(T) -> T),
        (gelu_tanh, gelu_tanh_derivative),
        (silu, silu_derivative),
        (mish, mish_derivative),
    ] {
        assert_eq!(f(inf), inf);
        assert!(negative_zero(f(-inf)));
        assert_eq!(d(inf), one);
        assert!(negative_zero(d(-inf)));
        assert!(negative_zero(f(-zero)) && positive_zero(f(zero)));
        assert!(f(T::max_value()) == T::max_value() && negative_zero(f(-T::max_value())));
    }
    assert_eq!((softplus(inf), softplus(-inf)), (inf, zero));
    assert_eq!(
        (softplus_derivative(inf), softplus_derivative(-inf)),
        (one, zero)
    );
    assert_eq!(softplus(zero), T::narrow(std::f64::consts::LN_2));
    assert_eq!((softsign(inf), softsign(-inf)), (one, -one));
    assert_eq!(
        (softsign_derivative(inf), softsign_derivative(-inf)),
        (zero, zero)
    );
    assert!(negative_zero(softsign(-zero)));
    assert_eq!((relu6(inf), relu6(-inf)), (T::narrow(6.0), zero));
    assert_eq!(
        (relu6_derivative(inf), relu6_derivative(-inf)),
        (zero, zero)
    );
    assert_eq!((hardsigmoid(inf), hardsigmoid(-inf)), (one, zero));
    assert_eq!((hardswish(inf), hardswish_derivative(inf)), (inf, one));
    assert!(negative_zero(hardswish(-inf)) && hardswish_derivative(-inf) == zero);
    for alpha in ELU_ALPHAS.map(T::narrow) {
        assert_eq!((elu(inf, alpha), elu(-inf, alpha)), (inf, -alpha));
        assert_eq!(
            (elu_derivative(inf, alpha), elu_derivative(-inf, alpha)),
            (one, zero)
        );
        assert!(elu(nan, alpha).is_nan() && elu_derivative(nan, alpha).is_nan());
        assert!(negative_zero(elu(-zero, alpha)));
        assert!(prelu(nan, alpha).is_nan() && prelu_derivative(nan, alpha).is_nan());
        assert!(prelu_alpha_derivative(nan, alpha).is_nan());
    }
    for beta in betas {
        let (up, down) = if beta > zero {
            (inf, -inf)
        } else {
            (-inf, inf)
        };
        // x·σ(βx) → x where βx → +∞, and → ±0 where βx → −∞.
        assert_eq!(swish(up, beta), up);
        assert!(swish(down, beta) == zero && swish(down, beta).is_sign_negative() == (down < zero));
        assert_eq!(swish_derivative(up, beta), one);
        assert_eq!(swish_derivative(down, beta), zero);
        assert!(swish(nan, beta).is_nan() && swish_derivative(nan, beta).is_nan());
        assert_eq!(
            (swish(zero, beta), swish_derivative(zero, beta)),
            (zero, half)
        );
    }
    assert!(swish(one, nan).is_nan() && swish_derivative(one, nan).is_nan());
    assert_eq!(swish(inf, zero), inf);
    let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(3);
    for training in [false, true] {
        let (l, u) = (T::narrow(0.125), T::narrow(1.0 / 3.0));
        assert!(rrelu(nan, l, u, mode(training, &mut rng)).is_nan());
        assert!(rrelu_derivative(nan, l, u, mode(training, &mut rng)).is_nan());
        assert_eq!(rrelu(inf, l, u, mode(training, &mut rng)), inf);
        assert_eq!(rrelu(-inf, l, u, mode(training, &mut rng)), -inf);
    }
}

/// RReLU's mode for a `training` flag, with `rng` for training.
fn mode(training: bool, rng: &mut rand_chacha::ChaCha8Rng) -> RreluMode<'_> {
    if training {
        RreluMode::Training(rng)
    } else {
        RreluMode::Evaluation
    }
}

fn special_values<T: Fp>() {
    activation_special_values::<T>();
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

/// The reference of one row of `activation_values`, by name.
fn activation_reference(name: &str, x: f64, k: &Constants, cc: &mut Consts) -> BigFloat {
    let i = ACTIVATION_NAMES
        .iter()
        .position(|&n| n == name)
        .expect("a row name");
    let v = exp_neg_abs(&big(x).div(&word(2), P, RM), cc);
    let u = v.mul(&v, P, RM);
    activation_references(x, &v, &u, k, cc)[i].clone()
}

/// |a − b| < 2^−bits·|b|.
fn agree(a: &BigFloat, b: &BigFloat, bits: i32) -> bool {
    let d = a.sub(b, P, RM);
    d.is_zero() || below(&d, b, -bits)
}

#[test]
fn activation_references_are_right() {
    let mut cc = Consts::new().expect("constants cache");
    let k = Constants::new::<f64>(&mut cc);
    let decimal = |s: &str, cc: &mut Consts| BigFloat::parse(s, Radix::Dec, P, RM, cc);
    // GELU and its derivative against values from mpmath (300 bits), in all
    // three regimes of Φ.
    for (x, gelu, derivative) in [
        (
            "1",
            "0.841344746068542948585232545632037922477912967",
            "1.08331547058768629838306273856759857730658494",
        ),
        (
            "-10",
            "-7.61985302416052606597334325159930836350403328e-23",
            "-7.61840009646481408567930014752588415172442228e-22",
        ),
        (
            "-37.8",
            "-2.14754802932143754795458471628422837096199784e-311",
            "-8.11772362613344515742530465759352085894459275e-310",
        ),
        (
            "3.5",
            "3.49918579822337566237277525939645205329257938",
            "1.00282176035362463519325424947786136476851305",
        ),
        (
            "-4.5",
            "-0.0000152895290612852718075935213589218558044714429",
            "-0.0000685291618563445745531754221747709446997049548",
        ),
        (
            "-0.75",
            "-0.169970514282651149495296627037607308826798695",
            "0.000774278260764895628308764459965318973019894016",
        ),
    ] {
        let x: f64 = x.parse().unwrap();
        let g = activation_reference("gelu", x, &k, &mut cc);
        let d = activation_reference("gelu_derivative", x, &k, &mut cc);
        assert!(agree(&g, &decimal(gelu, &mut cc), 105), "gelu({x}) = {g}");
        assert!(
            agree(&d, &decimal(derivative, &mut cc), 105),
            "gelu′({x}) = {d}"
        );
    }
    // erfc: the series and the continued fraction agree where both are used
    // near their limits.
    for i in 0..=24 {
        let x = 3.8 + 0.05 * f64::from(i);
        let bx = big(x);
        let x2 = bx.mul(&bx, P, RM);
        let t = bx.div(&k.sqrt2, P, RM);
        let e = x2.div(&word(2), P, RM).neg().exp(P, RM, &mut cc);
        let series = erfc_by_series(&t, &x2, &e, &k);
        let fraction = erfc_by_fraction(&t, x * x / 2.0, &e, &k);
        assert!(
            agree(&series, &fraction, 108),
            "erfc({x}/√2): {series} vs {fraction}"
        );
    }
    // Mish, the tanh GELU and their derivatives from their definitions, with
    // astro-float's tanh and ln.
    let one = word(1);
    for x in [-30.0, -5.0, -1.19, -0.3, 1e-3, 0.7, 3.0, 20.0] {
        let bx = big(x);
        let e = bx.exp(P, RM, &mut cc);
        let sp = one.add(&e, P, RM).ln(P, RM, &mut cc);
        let th = sp.tanh(P, RM, &mut cc);
        let sigma = e.div(&one.add(&e, P, RM), P, RM);
        let mish = bx.mul(&th, P, RM);
        let sech2 = one.sub(&th.mul(&th, P, RM), P, RM);
        let mish_derivative = th.add(&bx.mul(&sech2, P, RM).mul(&sigma, P, RM), P, RM);
        assert!(
            agree(&activation_reference("mish", x, &k, &mut cc), &mish, 200),
            "mish({x})"
        );
        let d = activation_reference("mish_derivative", x, &k, &mut cc);
        assert!(agree(&d, &mish_derivative, 190), "mish′({x})");
        let softplus = activation_reference("softplus", x, &k, &mut cc);
        assert!(
            agree(&softplus, &sp, 110),
            "softplus({x}): {softplus} vs {sp}"
        );
    }
    let half = big(0.5);
    let root = k.two_sqrt_2_over_pi.mul(&half, P, RM); // √(2/π)
    for x in [-3.0, -0.75, 0.5, 2.0, 10.0] {
        let bx = big(x);
        let x2 = bx.mul(&bx, P, RM);
        let z = root.mul(
            &bx.add(&k.cubic.mul(&x2, P, RM).mul(&bx, P, RM), P, RM),
            P,
            RM,
        );
        let th = z.tanh(P, RM, &mut cc);
        let one_plus = one.add(&th, P, RM);
        let gelu_tanh = half.mul(&bx, P, RM).mul(&one_plus, P, RM);
        let z_slope = root.mul(
            &one.add(&word(3).mul(&k.cubic, P, RM).mul(&x2, P, RM), P, RM),
            P,
            RM,
        );
        let sech2 = one.sub(&th.mul(&th, P, RM), P, RM);
        let derivative = half.mul(&one_plus, P, RM).add(
            &half.mul(&bx, P, RM).mul(&sech2, P, RM).mul(&z_slope, P, RM),
            P,
            RM,
        );
        let g = activation_reference("gelu_tanh", x, &k, &mut cc);
        assert!(agree(&g, &gelu_tanh, 200), "gelu_tanh({x})");
        let d = activation_reference("gelu_tanh_derivative", x, &k, &mut cc);
        assert!(agree(&d, &derivative, 200), "gelu_tanh′({x})");
    }
    // The fast series agree with astro-float's functions.
    for z in [1e-7, -3e-9, 2.5e-7, 9.5e-7] {
        let bz = big(z);
        assert!(
            agree(&exp(&bz, &mut cc), &bz.exp(P, RM, &mut cc), 150),
            "exp({z})"
        );
        let ln = one.add(&bz, P, RM).ln(P, RM, &mut cc);
        assert!(agree(&ln_1p(&bz), &ln, 110), "ln_1p({z})");
        assert!(agree(
            &exp_m1(&bz, &bz.exp(P, RM, &mut cc)),
            &bz.exp(P, RM, &mut cc).sub(&one, P, RM),
            100
        ));
    }
    for z in [0.3, 1.0, 1e-3] {
        let bz = big(z);
        let ln = one.add(&bz, P, RM).ln(P, RM, &mut cc);
        assert!(agree(&ln_1p(&bz), &ln, 110), "ln_1p({z})");
    }
}

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
    let mut rng = Draws::seeded(7);
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

// ---------------------------------------------------------------------------
// The GLU family's exact members, squared ReLU and hard tanh.
// ---------------------------------------------------------------------------

/// ReGLU, squared ReLU and hard tanh are exact (one correctly rounded product,
/// or x itself, or a bound), and the ∂/∂value of every GLU is its gate
/// function, bit for bit.
fn gated_exactness<T: Fp>() {
    let (zero, one) = (T::zero(), T::one());
    let bits = |v: T| v.to_bits_u64();
    let inputs = scalar_inputs::<T>();
    let mut values: Vec<T> = gate_values::<T>().to_vec();
    values.extend([T::narrow(-0.75), T::max_value(), T::min_positive_value()]);
    for &x in &inputs {
        let x_big = big(x.widen());
        // Squared ReLU: x² correctly rounded, or 0.
        let expected: T = if x > zero {
            round_to(&x_big.mul(&x_big, P, RM))
        } else {
            zero
        };
        assert_eq!(bits(squared_relu(x)), bits(expected), "squared_relu({x:e})");
        let expected: T = if x > zero { x + x } else { zero };
        assert_eq!(squared_relu_derivative(x), expected, "squared_relu′({x:e})");
        for &v in &values {
            // ReGLU: relu(g)·v correctly rounded (2·53 bits hold the product).
            let exact = if x > zero {
                round_to(&x_big.mul(&big(v.widen()), P, RM))
            } else {
                zero
            };
            let computed = reglu(x, v);
            assert_eq!(computed, exact, "reglu({x:e}, {v:e})");
            let (dg, dv) = reglu_derivative(x, v);
            assert_eq!(dg, if x > zero { v } else { zero * v }, "reglu ∂g");
            assert_eq!(bits(dv), bits(relu(x)), "reglu ∂v");
            assert_eq!(bits(glu_derivative(x, v).1), bits(sigmoid(x)));
            assert_eq!(bits(geglu_derivative(x, v).1), bits(gelu(x)));
            assert_eq!(bits(swiglu_derivative(x, v).1), bits(silu(x)));
        }
        // Hard tanh: a clamp, exactly; relu6 is hardtanh(x, 0, 6).
        for (lo, hi) in [(-1.0, 1.0), (0.0, 6.0), (-2.5, 0.5)] {
            let (lo, hi) = (T::narrow(lo), T::narrow(hi));
            let expected = if x <= lo {
                lo
            } else if x >= hi {
                hi
            } else {
                x
            };
            assert_eq!(bits(hardtanh(x, lo, hi)), bits(expected), "hardtanh({x:e})");
            let d = if x > lo && x < hi { one } else { zero };
            assert_eq!(hardtanh_derivative(x, lo, hi), d, "hardtanh′({x:e})");
        }
        assert_eq!(bits(hardtanh(x, zero, T::narrow(6.0))), bits(relu6(x)));
    }
}

#[test]
fn glu_family_squared_relu_and_hardtanh_are_exact() {
    gated_exactness::<f32>();
    gated_exactness::<f64>();
}

/// NaN, ±∞ and ±0 for the new functions: an infinite argument is the limit
/// in that argument, NaN where the two orders of limits disagree.
fn gated_special_values<T: Fp>() {
    let (inf, nan, zero, one) = (T::infinity(), T::nan(), T::zero(), T::one());
    let two = T::narrow(2.0);
    let negative_zero = |v: T| v == zero && v.is_sign_negative();
    type Pair<T> = fn(T, T) -> T;
    type Partials<T> = fn(T, T) -> (T, T);
    let family: [(Pair<T>, Partials<T>); 4] = [
        (glu, glu_derivative),
        (reglu, reglu_derivative),
        (geglu, geglu_derivative),
        (swiglu, swiglu_derivative),
    ];
    for (f, df) in family {
        for (g, v) in [(nan, one), (one, nan), (nan, inf), (inf, nan), (nan, nan)] {
            assert!(f(g, v).is_nan());
            assert!(df(g, v).0.is_nan() && df(g, v).1.is_nan());
        }
        // The gate wide open: F(+∞)·v with F(+∞) = 1 or +∞.
        assert_eq!(f(inf, inf), inf);
        assert_eq!(f(inf, -inf), -inf);
        assert!(f(inf, two) >= two);
        assert_eq!(f(inf, zero), zero);
        // A finite, nonzero F(g) times ±∞.
        assert_eq!(f(two, inf), inf);
        assert_eq!(f(two, -inf), -inf);
    }
    // σ(g) > 0 everywhere, even where it underflows.
    assert_eq!(glu(T::narrow(-1e4), inf), inf);
    assert!(glu(-inf, inf).is_nan() && glu(-inf, two) == zero);
    assert!(negative_zero(glu(-inf, -two)));
    assert_eq!(glu(inf, two), two);
    // ReLU(g) is 0 for all g ≤ 0: the product is 0 for every v, also ±∞.
    assert_eq!(
        (reglu(-one, inf), reglu(zero, inf), reglu(-inf, inf)),
        (zero, zero, zero)
    );
    assert_eq!(reglu_derivative(-inf, inf), (zero, zero));
    // SiLU and GELU vanish at 0 only, and are negative for g < 0.
    for (f, df) in [
        (swiglu as Pair<T>, swiglu_derivative as Partials<T>),
        (geglu, geglu_derivative),
    ] {
        assert_eq!(f(zero, inf), zero);
        assert_eq!(f(-one, inf), -inf);
        assert_eq!(f(T::narrow(-1e4), inf), -inf);
        assert!(negative_zero(f(-inf, two)));
        assert!(f(-inf, inf).is_nan() && f(-inf, -inf).is_nan());
        assert_eq!(df(inf, two), (two, inf));
        assert!(negative_zero(df(-inf, two).0));
        assert!(df(inf, inf).0 == inf && df(-inf, inf).0.is_nan());
    }
    assert_eq!(glu_derivative(inf, two), (zero, one));
    assert!(glu_derivative(inf, inf).0.is_nan());
    // Log-sigmoid and squared ReLU.
    assert_eq!(logsigmoid(-inf), -inf);
    assert!(negative_zero(logsigmoid(inf)));
    assert!(logsigmoid(nan).is_nan() && logsigmoid_derivative(nan).is_nan());
    assert_eq!(
        (logsigmoid_derivative(-inf), logsigmoid_derivative(inf)),
        (one, zero)
    );
    assert_eq!((squared_relu(inf), squared_relu(-inf)), (inf, zero));
    assert!(squared_relu(nan).is_nan() && squared_relu_derivative(nan).is_nan());
    assert!(squared_relu(-zero).is_sign_positive());
    assert!(hardtanh(nan, -one, one).is_nan() && hardtanh_derivative(nan, -one, one).is_nan());
    assert_eq!(
        (hardtanh(inf, -one, one), hardtanh(-inf, -one, one)),
        (one, -one)
    );
}

#[test]
fn glu_family_special_values() {
    gated_special_values::<f32>();
    gated_special_values::<f64>();
}
