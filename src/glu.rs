//! The GLU family — GLU, ReGLU, GEGLU and SwiGLU — and their partial
//! derivatives (see glu.md).
//!
//! Each is a gate function F applied to one number, the *gate* g, times a
//! second number, the *value* v: F(g)·v, with F = σ, ReLU, GELU (exact) or
//! SiLU. The product is where the care goes:
//!
//! * F(g) can underflow while F(g)·v is an ordinary number (σ(−800)·10³⁰⁰ ≈
//!   3.7·10⁻⁴⁸, but σ(−800) rounds to 0). Where F(g) is tiny it is therefore
//!   kept as a double-double mantissa times a power of two ([`Scaled`]), and
//!   only the final product is rounded.
//! * 0·∞ is NaN in floating point. An infinite argument here means the limit
//!   in that argument with the other one held fixed: glu(g, +∞) = +∞ for
//!   every finite g (σ(g) > 0), reglu(−1, +∞) = 0 (relu(−1)·v is 0 for every v),
//!   swiglu(0, +∞) = 0, glu(−∞, v) = 0·v. Where both are infinite and the two
//!   orders of taking the limits disagree — glu(−∞, +∞): 0 one way, +∞ the
//!   other — there is no limit and the result is NaN.
//!
//! For `f32` everything runs in `f64` and the result is rounded once.

use crate::Float;
use crate::double_double::{Dd, LN2, exp_split, two_sum, via_f64_2};
use crate::gelu::gelu_tail;
use crate::math;

// ANCHOR: glu
/// GLU, glu(g, v) = σ(g)·v (Dauphin et al. 2017): the value v let through by
/// the sigmoid gate σ(g).
///
/// PyTorch's `F.glu(x, dim)` splits x in halves a (first) and b (second)
/// along `dim` and returns a·σ(b): that is `glu(b, a)`, gate second.
///
/// NaN gives NaN; glu(+∞, v) = v; glu(−∞, v) = ±0; glu(g, ±∞) = ±∞ for finite
/// g; glu(−∞, ±∞) is NaN (no limit).
pub fn glu<T: Float>(gate: T, value: T) -> T {
    if let Some(y) = math::via_wide2(gate, value, glu) {
        return y;
    }
    via_f64_2(gate, value, |g, v| gated(&GLU, g, v))
}
// ANCHOR_END: glu

// ANCHOR: glu_derivative
/// The partial derivatives of GLU, (∂/∂gate, ∂/∂value) = (σ′(g)·v, σ(g)).
///
/// ∂/∂value is [`sigmoid`](fn@crate::sigmoid)(g) itself (NaN if either
/// argument is NaN); ∂/∂gate follows the conventions of [`glu`]: it is 0 at
/// g = ±∞ for finite v and NaN at (±∞, ±∞).
pub fn glu_derivative<T: Float>(gate: T, value: T) -> (T, T) {
    if let Some(y) = math::via_wide2_pair(gate, value, glu_derivative) {
        return y;
    }
    let d_gate = via_f64_2(gate, value, |g, v| gated(&GLU_DERIVATIVE, g, v));
    (d_gate, nan_or(value, crate::sigmoid(gate)))
}
// ANCHOR_END: glu_derivative

// ANCHOR: reglu
/// ReGLU, reglu(g, v) = relu(g)·v (Shazeer 2020): g·v for g > 0, else 0,
/// rounded once, so exact.
///
/// NaN gives NaN; reglu(g, ±∞) = 0 for g ≤ 0 and ±∞ for g > 0;
/// reglu(+∞, v) = ±∞ for v ≠ 0 and 0 for v = 0.
pub fn reglu<T: Float>(gate: T, value: T) -> T {
    if let Some(y) = math::via_wide2(gate, value, reglu) {
        return y;
    }
    via_f64_2(gate, value, |g, v| gated(&REGLU, g, v))
}
// ANCHOR_END: reglu

// ANCHOR: reglu_derivative
/// The partial derivatives of ReGLU, (relu′(g)·v, relu(g)): (v, g) for g > 0,
/// (0, 0) for g ≤ 0 (at g = 0 the subgradient 0, as ReLU′ in
/// [`relu_derivative`](fn@crate::relu_derivative)).
pub fn reglu_derivative<T: Float>(gate: T, value: T) -> (T, T) {
    if let Some(y) = math::via_wide2_pair(gate, value, reglu_derivative) {
        return y;
    }
    let d_gate = via_f64_2(gate, value, |g, v| gated(&REGLU_DERIVATIVE, g, v));
    (d_gate, nan_or(value, crate::relu(gate)))
}
// ANCHOR_END: reglu_derivative

// ANCHOR: geglu
/// GEGLU, geglu(g, v) = gelu(g)·v with the exact, erf-based GELU (Shazeer
/// 2020).
///
/// NaN gives NaN; geglu(0, ±∞) = 0; geglu(g, ±∞) = ±∞ (signed) for other
/// finite g; geglu(−∞, v) = ∓0; geglu(−∞, ±∞) is NaN (no limit).
pub fn geglu<T: Float>(gate: T, value: T) -> T {
    if let Some(y) = math::via_wide2(gate, value, geglu) {
        return y;
    }
    via_f64_2(gate, value, |g, v| gated(&GEGLU, g, v))
}
// ANCHOR_END: geglu

// ANCHOR: geglu_derivative
/// The partial derivatives of GEGLU, (gelu′(g)·v, gelu(g)).
///
/// gelu′ is taken from [`gelu_derivative`](fn@crate::gelu_derivative), which
/// keeps its digits at its zero g ≈ −0.7518, so ∂/∂gate does too.
pub fn geglu_derivative<T: Float>(gate: T, value: T) -> (T, T) {
    if let Some(y) = math::via_wide2_pair(gate, value, geglu_derivative) {
        return y;
    }
    let d_gate = via_f64_2(gate, value, |g, v| gated(&GEGLU_DERIVATIVE, g, v));
    (d_gate, nan_or(value, crate::gelu(gate)))
}
// ANCHOR_END: geglu_derivative

// ANCHOR: swiglu
/// SwiGLU, swiglu(g, v) = silu(g)·v = g·σ(g)·v (Shazeer 2020), the
/// feed-forward activation of PaLM and LLaMA.
///
/// NaN gives NaN; swiglu(0, ±∞) = 0; swiglu(g, ±∞) = ±∞ (signed) for other
/// finite g; swiglu(−∞, v) = ∓0; swiglu(−∞, ±∞) is NaN (no limit).
pub fn swiglu<T: Float>(gate: T, value: T) -> T {
    if let Some(y) = math::via_wide2(gate, value, swiglu) {
        return y;
    }
    via_f64_2(gate, value, |g, v| gated(&SWIGLU, g, v))
}
// ANCHOR_END: swiglu

// ANCHOR: swiglu_derivative
/// The partial derivatives of SwiGLU, (silu′(g)·v, silu(g)).
///
/// silu′ is taken from [`silu_derivative`](fn@crate::silu_derivative), which
/// keeps its digits at its zero g ≈ −1.2785.
pub fn swiglu_derivative<T: Float>(gate: T, value: T) -> (T, T) {
    if let Some(y) = math::via_wide2_pair(gate, value, swiglu_derivative) {
        return y;
    }
    let d_gate = via_f64_2(gate, value, |g, v| gated(&SWIGLU_DERIVATIVE, g, v));
    (d_gate, nan_or(value, crate::silu(gate)))
}
// ANCHOR_END: swiglu_derivative

/// `x` unless `value` is NaN.
fn nan_or<T: Float>(value: T, x: T) -> T {
    if value.is_nan() { value } else { x }
}

// ANCHOR: gate
/// A gate function F: its values at finite g, and how it behaves at ±∞.
struct Gate {
    /// F(g) for finite g, never rounded to 0 unless it is 0.
    factor: fn(f64) -> Scaled,
    /// At g = −∞ and at g = +∞.
    ends: [End; 2],
}

/// A gate function at an infinite gate.
struct End {
    /// The limit of F.
    limit: f64,
    /// The sign of F on the way there, or 0 where F is identically 0 there.
    sign: f64,
}

/// F(g)·v, with the conventions for ±∞ of the module documentation.
fn gated(gate: &Gate, g: f64, v: f64) -> f64 {
    if g.is_nan() || v.is_nan() {
        return g + v;
    }
    if g.is_infinite() {
        let end = &gate.ends[usize::from(g > 0.0)];
        if v.is_infinite() {
            // First g → ±∞, then v: limit·v. First v, then g: sign·∞.
            let g_first = if end.limit == 0.0 {
                end.limit * v.signum()
            } else {
                end.limit.signum() * v
            };
            let v_first = if end.sign == 0.0 { 0.0 } else { end.sign * v };
            return if g_first == v_first {
                g_first
            } else {
                f64::NAN
            };
        }
        if end.limit.is_infinite() && v == 0.0 {
            return end.limit.signum() * v; // F(g)·0 = 0 all the way
        }
        return end.limit * v;
    }
    let f = (gate.factor)(g);
    if v.is_infinite() {
        // F(g)·v for ever larger |v|: ±∞ unless F(g) is exactly 0.
        return if f.m.hi == 0.0 {
            f.m.hi * v.signum()
        } else {
            f.m.hi.signum() * v
        };
    }
    if f.e == 0 && f.m.lo == 0.0 {
        f.m.hi * v // F(g) is an f64: one rounding, as exact as can be
    } else {
        f.mul(Scaled::of(v)).to_f64()
    }
}
// ANCHOR_END: gate

// ANCHOR: scaled
/// (m.hi + m.lo)·2ᵉ: a double-double with an exponent of its own, so that a
/// factor far below the smallest subnormal (e⁻⁸⁰⁰ = 2⁻¹¹⁵⁴·…) keeps all its
/// digits until it is multiplied by a large value.
#[derive(Clone, Copy, Debug)]
struct Scaled {
    m: Dd,
    e: i32,
}

impl Scaled {
    fn of(x: f64) -> Self {
        Scaled {
            m: Dd::from_f64(x),
            e: 0,
        }
    }

    /// The same number with m.hi in [½, 1) (or 0).
    fn normalized(self) -> Self {
        if self.m.hi == 0.0 || !self.m.hi.is_finite() {
            return self;
        }
        let (hi, k) = libm::frexp(self.m.hi);
        Scaled {
            m: Dd::new(hi, libm::scalbn(self.m.lo, -k)),
            e: self.e + k,
        }
    }

    fn mul(self, other: Scaled) -> Self {
        if self.m.hi == 0.0 || other.m.hi == 0.0 {
            return Scaled::of(self.m.hi * other.m.hi);
        }
        let (a, b) = (self.normalized(), other.normalized());
        Scaled {
            m: a.m.mul(b.m),
            e: a.e + b.e,
        }
    }

    /// Rounded to `f64`: once where the result is a normal number; in the
    /// subnormal range hi and lo are rounded separately (within an ULP).
    fn to_f64(self) -> f64 {
        let e = self.e.clamp(-1_000_000, 1_000_000);
        libm::scalbn(self.m.hi, e) + libm::scalbn(self.m.lo, e)
    }
}

/// eʸ for y ≤ 0 as 2ᵏ·e^(y − k·ln 2): never under- or overflows, and keeps
/// the low part of y.
fn exp_scaled(y: Dd) -> Scaled {
    if y.hi.is_nan() || y.hi <= -1e5 {
        // Below 2⁻¹⁴⁴⁰⁰⁰: beyond any product with an f64. Nonzero, so that it
        // still counts as not 0 times an infinite value.
        return Scaled {
            m: Dd::from_f64(1.0),
            e: -1_000_000,
        };
    }
    let k = (y.hi * std::f64::consts::LOG2_E).round();
    let r = y.sub(LN2.mul_f64(k)); // |r| ≤ ln 2 / 2
    Scaled {
        m: exp_split(r),
        e: k as i32,
    }
}
// ANCHOR_END: scaled

// ANCHOR: factors
/// Below this, 1 + eᵍ is 1 to within 2⁻⁶⁴: σ(g) = eᵍ, σ′(g) = e^(−|g|),
/// silu(g) = g·eᵍ and silu′(g) = (1 + g)·eᵍ, each to far better than an ULP.
const TAIL: f64 = -45.0;
/// Below this, silu(g) and gelu(g) are g/2 to within 2⁻⁶⁰ (relative).
const TINY: f64 = 8.673_617_379_884_035e-19; // 2⁻⁶⁰

fn sigmoid_factor(g: f64) -> Scaled {
    if g < TAIL {
        exp_scaled(Dd::from_f64(g))
    } else {
        Scaled::of(crate::sigmoid(g))
    }
}

fn sigmoid_derivative_factor(g: f64) -> Scaled {
    if -g.abs() < TAIL {
        exp_scaled(Dd::from_f64(-g.abs()))
    } else {
        Scaled::of(crate::sigmoid_derivative(g))
    }
}

fn relu_factor(g: f64) -> Scaled {
    Scaled::of(crate::relu(g))
}

fn relu_derivative_factor(g: f64) -> Scaled {
    Scaled::of(crate::relu_derivative(g))
}

/// g/2, exactly, without rounding a subnormal g/2.
fn half(g: f64) -> Scaled {
    Scaled {
        m: Dd::from_f64(g),
        e: -1,
    }
}

fn silu_factor(g: f64) -> Scaled {
    if g.abs() < TINY {
        half(g)
    } else if g < TAIL {
        Scaled::of(g).mul(exp_scaled(Dd::from_f64(g)))
    } else {
        Scaled::of(crate::silu(g))
    }
}

fn silu_derivative_factor(g: f64) -> Scaled {
    if g < TAIL {
        Scaled {
            m: two_sum(1.0, g),
            e: 0,
        }
        .mul(exp_scaled(Dd::from_f64(g)))
    } else {
        Scaled::of(crate::silu_derivative(g))
    }
}

/// Below this, gelu(g)·v and gelu′(g)·v are 0 for every f64 v (e^(−g²/2) <
/// 2⁻¹⁰⁰⁰⁰⁰); the tail forms need g² to be finite.
const GELU_FAR: f64 = -1e3;

fn gelu_factor(g: f64) -> Scaled {
    if g.abs() < TINY {
        half(g)
    } else if g < GELU_FAR {
        Scaled::of(-1.0).mul(exp_scaled(Dd::from_f64(f64::NEG_INFINITY)))
    } else if g < -4.0 {
        let (c, _, y) = gelu_tail(g);
        Scaled::of(-c).mul(exp_scaled(y))
    } else {
        Scaled::of(crate::gelu(g))
    }
}

fn gelu_derivative_factor(g: f64) -> Scaled {
    if g < GELU_FAR {
        Scaled::of(-1.0).mul(exp_scaled(Dd::from_f64(f64::NEG_INFINITY)))
    } else if g < -4.0 {
        let (_, c, y) = gelu_tail(g);
        Scaled::of(-c).mul(exp_scaled(y))
    } else {
        Scaled::of(crate::gelu_derivative(g))
    }
}
// ANCHOR_END: factors

// ANCHOR: gates
const fn ends(minus: (f64, f64), plus: (f64, f64)) -> [End; 2] {
    [
        End {
            limit: minus.0,
            sign: minus.1,
        },
        End {
            limit: plus.0,
            sign: plus.1,
        },
    ]
}

const INF: f64 = f64::INFINITY;

// (limit, sign) at −∞ and at +∞ of each gate function and its derivative.
const GLU: Gate = Gate {
    factor: sigmoid_factor,
    ends: ends((0.0, 1.0), (1.0, 1.0)),
};
const GLU_DERIVATIVE: Gate = Gate {
    factor: sigmoid_derivative_factor,
    ends: ends((0.0, 1.0), (0.0, 1.0)),
};
const REGLU: Gate = Gate {
    factor: relu_factor,
    ends: ends((0.0, 0.0), (INF, 1.0)),
};
const REGLU_DERIVATIVE: Gate = Gate {
    factor: relu_derivative_factor,
    ends: ends((0.0, 0.0), (1.0, 1.0)),
};
const GEGLU: Gate = Gate {
    factor: gelu_factor,
    ends: ends((-0.0, -1.0), (INF, 1.0)),
};
const GEGLU_DERIVATIVE: Gate = Gate {
    factor: gelu_derivative_factor,
    ends: ends((-0.0, -1.0), (1.0, 1.0)),
};
const SWIGLU: Gate = Gate {
    factor: silu_factor,
    ends: ends((-0.0, -1.0), (INF, 1.0)),
};
const SWIGLU_DERIVATIVE: Gate = Gate {
    factor: silu_derivative_factor,
    ends: ends((-0.0, -1.0), (1.0, 1.0)),
};
// ANCHOR_END: gates

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{central_difference, grid};
    use crate::{gelu, relu, sigmoid, silu};
    use approx::assert_relative_eq;

    type Pair = fn(f64, f64) -> f64;
    type Partials = fn(f64, f64) -> (f64, f64);
    type Unary = fn(f64) -> f64;
    const FAMILY: [(&str, Pair, Partials, Unary); 4] = [
        ("glu", glu, glu_derivative, sigmoid),
        ("reglu", reglu, reglu_derivative, relu),
        ("geglu", geglu, geglu_derivative, gelu),
        ("swiglu", swiglu, swiglu_derivative, silu),
    ];

    #[test]
    fn each_is_its_gate_function_times_the_value() {
        for (name, f, df, gate_fn) in FAMILY {
            for g in grid(-8.0, 8.0, 161) {
                for v in [-3.0, -0.5, 0.0, 1.0, 2.5] {
                    let expected = gate_fn(g) * v;
                    assert_relative_eq!(f(g, v), expected, max_relative = 3e-16);
                    assert_eq!(df(g, v).1, gate_fn(g), "{name}");
                }
            }
        }
    }

    #[test]
    fn partial_derivatives_match_finite_differences() {
        for (name, f, df, _) in FAMILY {
            for g in grid(-6.0, 6.0, 121) {
                if g.abs() < 1e-9 && name == "reglu" {
                    continue; // the kink
                }
                for v in [-2.0, 0.7, 3.0] {
                    let (dg, dv) = df(g, v);
                    let fd_g = central_difference(|g| f(g, v), g);
                    let fd_v = central_difference(|v| f(g, v), v);
                    assert_relative_eq!(dg, fd_g, epsilon = 1e-9, max_relative = 1e-7);
                    assert_relative_eq!(dv, fd_v, epsilon = 1e-9, max_relative = 1e-7);
                }
            }
        }
    }

    #[test]
    fn tiny_gate_times_huge_value_is_not_lost() {
        // σ(−800) underflows to 0, but σ(−800)·1e300 = e⁻⁸⁰⁰·1e300.
        assert_eq!(sigmoid(-800.0_f64), 0.0);
        let expected = (-800.0_f64 + 300.0 * std::f64::consts::LN_10).exp();
        assert_relative_eq!(glu(-800.0_f64, 1e300), expected, max_relative = 1e-12);
        assert_relative_eq!(
            swiglu(-800.0_f64, 1e300),
            -800.0 * expected,
            max_relative = 1e-12
        );
        // σ′(800)·1e300 = e⁻⁸⁰⁰·1e300, too.
        assert_relative_eq!(
            glu_derivative(800.0_f64, 1e300).0,
            expected,
            max_relative = 1e-12
        );
        // gelu(−38) is subnormal; gelu(−40)·1e300 ≈ −40·Φ(−40)·1e300 is not.
        assert!(geglu(-40.0_f64, 1e300) < -1e-48 && geglu(-40.0_f64, 1e300) > -1e-46);
        // A subnormal gate: silu(g) = g/2 exactly enough, times 1e300.
        let g = 3.0 * f64::from_bits(1);
        assert_eq!(swiglu(g, 1e300), g * 0.5e300);
        assert_eq!(geglu(g, 1e300), g * 0.5e300);
    }

    #[test]
    fn infinities_follow_the_limit_in_that_argument() {
        let (inf, nan) = (f64::INFINITY, f64::NAN);
        assert_eq!(glu(3.0, inf), inf);
        assert_eq!(glu(-800.0, inf), inf);
        assert_eq!(glu(-800.0, -inf), -inf);
        assert_eq!(glu(inf, 2.0), 2.0);
        assert_eq!(glu(-inf, 2.0), 0.0);
        assert!(glu(-inf, -2.0).is_sign_negative());
        assert_eq!(glu(inf, inf), inf);
        assert!(glu(-inf, inf).is_nan());
        assert_eq!(reglu(-1.0, inf), 0.0);
        assert_eq!(reglu(0.0, inf), 0.0);
        assert_eq!(reglu(2.0, -inf), -inf);
        assert_eq!(reglu(inf, 0.0), 0.0);
        assert_eq!(reglu(-inf, inf), 0.0);
        assert_eq!(swiglu(0.0, inf), 0.0);
        assert_eq!(swiglu(-1.0, inf), -inf);
        assert!(swiglu(-inf, 3.0) == 0.0 && swiglu(-inf, 3.0).is_sign_negative());
        assert!(swiglu(-inf, inf).is_nan());
        assert_eq!(swiglu(inf, -inf), -inf);
        assert_eq!(geglu(0.0, -inf), 0.0);
        assert_eq!(geglu(-50.0, inf), -inf);
        assert!(geglu(-inf, -inf).is_nan());
        assert_eq!(glu_derivative(inf, 5.0), (0.0, 1.0));
        assert!(glu_derivative(inf, inf).0.is_nan());
        assert_eq!(swiglu_derivative(inf, 5.0), (5.0, inf));
        for (_, f, df, _) in FAMILY {
            assert!(f(nan, 1.0).is_nan() && f(1.0, nan).is_nan());
            let (dg, dv) = df(1.0, nan);
            assert!(dg.is_nan() && dv.is_nan());
            assert!(df(nan, 1.0).0.is_nan() && df(nan, 1.0).1.is_nan());
        }
    }

    #[test]
    fn f32_agrees_with_f64_rounded_once() {
        for g in grid(-20.0, 20.0, 81) {
            let g32 = g as f32;
            for v in [-3.5_f32, 1e-30, 7.0e30] {
                let wide = |f: Pair| f(f64::from(g32), f64::from(v)) as f32;
                assert_eq!(glu(g32, v), wide(glu));
                assert_eq!(swiglu(g32, v), wide(swiglu));
                assert_eq!(geglu(g32, v), wide(geglu));
                assert_eq!(reglu(g32, v), wide(reglu));
            }
        }
    }
}
