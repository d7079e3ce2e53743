//! low_precision.md: the library in `f16` and `bf16`, measured on every one
//! of the 65 536 inputs of each format.
//!
//! Two ways to evaluate an activation function for a 16-bit input are
//! compared: **op by op** in the 16-bit type, each operation rounded to 16
//! bits (what a kernel that computes in 16 bits does), and the library's way,
//! in `f32` and rounded once (see `via_wide` in the library's math.rs). Both
//! are measured against the library's `f64` value, in ULP of the 16-bit
//! format.

use activations::{Float, sigmoid_naive};
use half::{bf16, f16};

/// `f16` or `bf16`: the bits and the name.
pub trait Half: Float + std::fmt::Debug {
    const NAME: &'static str;
    fn from_bits(bits: u16) -> Self;
    fn value(self) -> f64;
}

impl Half for f16 {
    const NAME: &'static str = "f16";
    fn from_bits(bits: u16) -> Self {
        f16::from_bits(bits)
    }
    fn value(self) -> f64 {
        self.to_f64()
    }
}

impl Half for bf16 {
    const NAME: &'static str = "bf16";
    fn from_bits(bits: u16) -> Self {
        bf16::from_bits(bits)
    }
    fn value(self) -> f64 {
        self.to_f64()
    }
}

/// Every finite value of the format in increasing order (−0 left out: it
/// equals +0), from the 65 536 bit patterns.
pub fn finite_values<T: Half>() -> Vec<T> {
    let mut values: Vec<T> = (0..=u16::MAX)
        .map(T::from_bits)
        .filter(|x| x.is_finite() && !(x.is_zero() && x.is_sign_negative()))
        .collect();
    values.sort_by(|a, b| a.partial_cmp(b).expect("finite values compare"));
    values
}

/// The spacing of the format's numbers around |v|: 2ᵉ·ε in the binade
/// [2ᵉ, 2ᵉ⁺¹) of v, and the subnormal spacing below the smallest normal.
pub fn ulp_of<T: Half>(v: f64) -> f64 {
    let eps = T::epsilon().value();
    let min_normal = T::min_positive_value().value();
    let a = v.abs();
    if a < min_normal {
        return min_normal * eps;
    }
    2.0_f64.powi(a.log2().floor() as i32) * eps
}

/// |computed − exact| / ulp(exact), in ULP of the 16-bit format. 0 if both
/// are the same infinity; +∞ if only one is infinite or NaN.
pub fn ulp_error<T: Half>(computed: T, exact: f64) -> f64 {
    let c = computed.value();
    if c == exact {
        return 0.0;
    }
    if !c.is_finite() || !exact.is_finite() {
        return f64::INFINITY;
    }
    (c - exact).abs() / ulp_of::<T>(exact)
}

// ANCHOR: op_by_op
/// SiLU x·σ(x), op by op: the textbook σ, then one multiplication.
pub fn silu_op_by_op<T: Float>(x: T) -> T {
    x * sigmoid_naive(x)
}

/// GELU's tanh form ½x(1 + tanh(√(2/π)(x + 0.044715x³))), op by op.
pub fn gelu_tanh_op_by_op<T: Float>(x: T) -> T {
    let c = |v: f64| T::from(v).expect("a constant");
    let inner = c(0.797_884_560_802_865_4) * (x + c(0.044_715) * x * x * x);
    c(0.5) * x * (T::one() + inner.tanh())
}
// ANCHOR_END: op_by_op

/// The worst error of `f` over all finite inputs in each of `buckets` equal
/// intervals of [low, high], against `exact`: (centre of the interval, error
/// in ULP). Intervals without an input are left out.
pub fn worst_error_per_bucket<T: Half>(
    f: impl Fn(T) -> T,
    exact: impl Fn(f64) -> f64,
    (low, high): (f64, f64),
    buckets: usize,
) -> Vec<(f64, f64)> {
    let width = (high - low) / buckets as f64;
    let mut worst = vec![None::<f64>; buckets];
    for x in finite_values::<T>() {
        let xv = x.value();
        if xv < low || xv >= high {
            continue;
        }
        let i = (((xv - low) / width) as usize).min(buckets - 1);
        let e = ulp_error(f(x), exact(xv));
        worst[i] = Some(worst[i].map_or(e, |w: f64| w.max(e)));
    }
    worst
        .into_iter()
        .enumerate()
        .filter_map(|(i, w)| w.map(|w| (low + (i as f64 + 0.5) * width, w)))
        .collect()
}

/// The worst error of `f` over every finite input of the format, and where
/// it occurs.
pub fn worst_error<T: Half>(f: impl Fn(T) -> T, exact: impl Fn(f64) -> f64) -> (f64, f64) {
    finite_values::<T>()
        .into_iter()
        .map(|x| (ulp_error(f(x), exact(x.value())), x.value()))
        .fold((0.0, 0.0), |w, e| if e.0 > w.0 { e } else { w })
}

/// The smallest input from which `f` returns exactly `value` for every larger
/// finite input of the format (None if the last input does not give it).
pub fn saturates_from<T: Half>(f: impl Fn(T) -> T, value: T) -> Option<f64> {
    let values = finite_values::<T>();
    let mut from = None;
    for x in values.into_iter().rev() {
        if f(x) == value {
            from = Some(x.value());
        } else {
            break;
        }
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;
    use activations::{gelu_tanh, sigmoid, silu};

    #[test]
    fn there_are_as_many_finite_values_as_the_format_has() {
        // 2¹⁶ patterns, minus NaNs and ±∞ (exponent all ones), minus −0.
        assert_eq!(finite_values::<f16>().len(), 65536 - 2 * 1024 - 1);
        assert_eq!(finite_values::<bf16>().len(), 65536 - 2 * 128 - 1);
        assert_eq!(finite_values::<f16>()[0], f16::MIN);
        assert_eq!(*finite_values::<bf16>().last().unwrap(), bf16::MAX);
    }

    #[test]
    fn ulp_is_the_spacing() {
        assert_eq!(ulp_of::<f16>(1.0), 2.0_f64.powi(-10));
        assert_eq!(ulp_of::<f16>(0.999), 2.0_f64.powi(-11));
        assert_eq!(ulp_of::<f16>(1e-9), 2.0_f64.powi(-24));
        assert_eq!(ulp_of::<bf16>(-3.0), 2.0_f64.powi(-6));
        assert_eq!(ulp_error(f16::from_f32(1.0), 1.0 + 2.0_f64.powi(-11)), 0.5);
    }

    #[test]
    fn the_library_is_within_one_ulp_and_op_by_op_is_not() {
        for (f, op, exact) in [
            (
                sigmoid::<f16> as fn(f16) -> f16,
                sigmoid_naive::<f16> as fn(f16) -> f16,
                sigmoid::<f64> as fn(f64) -> f64,
            ),
            (silu, silu_op_by_op, silu),
            (gelu_tanh, gelu_tanh_op_by_op, gelu_tanh),
        ] {
            assert!(worst_error(f, exact).0 < 1.0);
            assert!(worst_error(op, exact).0 > 1.0);
        }
    }

    #[test]
    fn gelu_op_by_op_matches_the_formula_in_f64() {
        for x in [-3.0, -0.5, 0.0, 0.7, 2.0] {
            let y: f64 = gelu_tanh_op_by_op(x);
            assert!((y - gelu_tanh(x)).abs() < 1e-15, "{x}");
        }
    }
}
