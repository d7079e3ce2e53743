//! The library's elementary functions: exp, exp_m1, ln, ln_1p and tanh from
//! the `libm` crate (a Rust port of musl's C library), not from the
//! platform's C library.
//!
//! `f64::exp` and friends call whatever `exp` the operating system ships
//! (glibc, macOS's libm, the MSVC runtime), and those differ in the last bit
//! for some inputs. Every function of this library computes through here, so
//! its results — and every figure and printed number of the book drawn from
//! them — are the same bits on every platform. musl's routines are accurate to
//! within one ULP, like glibc's; the accuracy tests bound what the library
//! makes of them.

/// The floating-point types the library works with: `f32` and `f64`, and with
/// the cargo feature `half` also `half::f16` and `half::bf16`.
///
/// It is [`num_traits::Float`] (every method a generic caller needs) plus
/// the library's own elementary functions and the type it computes in; sealed,
/// because those exist only for these four types.
pub trait Float: num_traits::Float + sealed::Elementary {}

impl Float for f32 {}
impl Float for f64 {}
#[cfg(feature = "half")]
impl Float for half::f16 {}
#[cfg(feature = "half")]
impl Float for half::bf16 {}

pub(crate) mod sealed {
    // ANCHOR: elementary
    /// One `libm` function per method, and the type the library computes in.
    pub trait Elementary: Copy {
        /// The type in which the library evaluates its functions for `Self`
        /// (PyTorch's `opmath_type`): `Self` for `f32` and `f64`, `f32` for
        /// the 16-bit types, whose every value it holds exactly.
        type Wide: super::Float;
        /// Whether `Wide` is not `Self`: true for `f16` and `bf16` only.
        const NARROW: bool;
        /// `self` in `Wide`, exactly.
        fn to_wide(self) -> Self::Wide;
        /// `w` rounded to the nearest `Self` (ties to even).
        fn from_wide(w: Self::Wide) -> Self;
        fn libm_exp(self) -> Self;
        fn libm_exp_m1(self) -> Self;
        fn libm_ln(self) -> Self;
        fn libm_ln_1p(self) -> Self;
        fn libm_tanh(self) -> Self;
    }
    // ANCHOR_END: elementary

    /// `f32` and `f64` compute in themselves.
    macro_rules! computes_in_itself {
        ($t:ty) => {
            type Wide = $t;
            const NARROW: bool = false;
            fn to_wide(self) -> $t {
                self
            }
            fn from_wide(w: $t) -> $t {
                w
            }
        };
    }

    impl Elementary for f32 {
        computes_in_itself!(f32);
        fn libm_exp(self) -> f32 {
            libm::expf(self)
        }
        fn libm_exp_m1(self) -> f32 {
            libm::expm1f(self)
        }
        fn libm_ln(self) -> f32 {
            libm::logf(self)
        }
        fn libm_ln_1p(self) -> f32 {
            libm::log1pf(self)
        }
        fn libm_tanh(self) -> f32 {
            libm::tanhf(self)
        }
    }

    impl Elementary for f64 {
        computes_in_itself!(f64);
        fn libm_exp(self) -> f64 {
            libm::exp(self)
        }
        fn libm_exp_m1(self) -> f64 {
            libm::expm1(self)
        }
        fn libm_ln(self) -> f64 {
            libm::log(self)
        }
        fn libm_ln_1p(self) -> f64 {
            libm::log1p(self)
        }
        fn libm_tanh(self) -> f64 {
            libm::tanh(self)
        }
    }

    /// The 16-bit types: each value widens exactly to `f32`, and every
    /// function is evaluated there and rounded once (see `via_wide`). Their
    /// elementary functions, used only by the deliberately naive formulas of
    /// numerical_stability.rs (a 16-bit kernel, op by op), are `f32`'s
    /// rounded to 16 bits.
    #[cfg(feature = "half")]
    macro_rules! computes_in_f32 {
        ($t:ty) => {
            impl Elementary for $t {
                type Wide = f32;
                const NARROW: bool = true;
                fn to_wide(self) -> f32 {
                    self.to_f32()
                }
                fn from_wide(w: f32) -> $t {
                    <$t>::from_f32(w)
                }
                fn libm_exp(self) -> $t {
                    Self::from_wide(libm::expf(self.to_wide()))
                }
                fn libm_exp_m1(self) -> $t {
                    Self::from_wide(libm::expm1f(self.to_wide()))
                }
                fn libm_ln(self) -> $t {
                    Self::from_wide(libm::logf(self.to_wide()))
                }
                fn libm_ln_1p(self) -> $t {
                    Self::from_wide(libm::log1pf(self.to_wide()))
                }
                fn libm_tanh(self) -> $t {
                    Self::from_wide(libm::tanhf(self.to_wide()))
                }
            }
        };
    }
    #[cfg(feature = "half")]
    computes_in_f32!(half::f16);
    #[cfg(feature = "half")]
    computes_in_f32!(half::bf16);
}

// ANCHOR: via_wide
/// For a 16-bit `T`: `f` evaluated in `T::Wide` (`f32`) and rounded once to
/// `T`. `None` for `f32` and `f64`, where the branch is a constant `false`
/// that an optimised build removes.
///
/// Every public scalar function begins with
/// `if let Some(y) = math::via_wide(x, itself) { return y; }`. In 16-bit
/// arithmetic every operation would round to 11 (`f16`) or 8 (`bf16`)
/// significant bits, and a formula of several operations would be off by
/// several ULP; the `f32` result is within 2 `f32` ULP of the exact value,
/// 2⁻¹² (`f16`) or 2⁻¹⁵ (`bf16`) of a 16-bit ULP, so rounding it once gives
/// the correctly rounded result or, rarely, its neighbour.
pub(crate) fn via_wide<T: Float>(x: T, f: fn(T::Wide) -> T::Wide) -> Option<T> {
    T::NARROW.then(|| T::from_wide(f(x.to_wide())))
}
// ANCHOR_END: via_wide

/// [`via_wide`] for a function of two arguments.
pub(crate) fn via_wide2<T: Float>(x: T, a: T, f: fn(T::Wide, T::Wide) -> T::Wide) -> Option<T> {
    T::NARROW.then(|| T::from_wide(f(x.to_wide(), a.to_wide())))
}

/// [`via_wide`] for a function of three arguments.
pub(crate) fn via_wide3<T: Float>(
    x: T,
    a: T,
    b: T,
    f: fn(T::Wide, T::Wide, T::Wide) -> T::Wide,
) -> Option<T> {
    T::NARROW.then(|| T::from_wide(f(x.to_wide(), a.to_wide(), b.to_wide())))
}

/// A function of two arguments with two results, in the type `T` computes in.
type WidePair<T> = fn(
    <T as sealed::Elementary>::Wide,
    <T as sealed::Elementary>::Wide,
) -> (
    <T as sealed::Elementary>::Wide,
    <T as sealed::Elementary>::Wide,
);

/// [`via_wide`] for a function of two arguments with two results (a gradient
/// with respect to both), each rounded once.
pub(crate) fn via_wide2_pair<T: Float>(x: T, a: T, f: WidePair<T>) -> Option<(T, T)> {
    T::NARROW.then(|| {
        let (p, q) = f(x.to_wide(), a.to_wide());
        (T::from_wide(p), T::from_wide(q))
    })
}

/// eˣ.
pub(crate) fn exp<T: Float>(x: T) -> T {
    x.libm_exp()
}

/// eˣ − 1, accurate for small |x|.
pub(crate) fn exp_m1<T: Float>(x: T) -> T {
    x.libm_exp_m1()
}

/// ln x.
pub(crate) fn ln<T: Float>(x: T) -> T {
    x.libm_ln()
}

/// ln(1 + x), accurate for small |x|.
pub(crate) fn ln_1p<T: Float>(x: T) -> T {
    x.libm_ln_1p()
}

/// tanh x.
pub(crate) fn tanh<T: Float>(x: T) -> T {
    x.libm_tanh()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::steps;

    /// Spot checks against values known to many digits (the constants of
    /// `std`, correctly rounded, and exact identities): the wiring is right
    /// for both types, and musl's routines are within one ULP (they are not
    /// correctly rounded everywhere: e¹ comes out one ULP above `E`).
    #[test]
    fn each_function_is_the_one_named() {
        assert_eq!(exp(0.0_f64), 1.0);
        assert!(steps(exp(1.0_f64), std::f64::consts::E) <= 1);
        assert!(steps(exp(1.0_f32), std::f32::consts::E) <= 1);
        assert!(steps(ln(std::f64::consts::E), 1.0) <= 1);
        assert!(steps(ln(2.0_f32), std::f32::consts::LN_2) <= 1);
        assert!(steps(ln(2.0_f64), std::f64::consts::LN_2) <= 1);
        assert_eq!(exp_m1(1e-300_f64), 1e-300);
        assert_eq!(ln_1p(1e-300_f64), 1e-300);
        assert_eq!(exp_m1(-1e-30_f32), -1e-30);
        assert_eq!(ln_1p(1e-30_f32), 1e-30);
        // tanh(1/2) = 0.46211715726000975850…
        assert!(steps(tanh(0.5_f64), 0.462_117_157_260_009_74) <= 1);
        assert_eq!(tanh(-20.0_f32), -1.0);
        assert!(exp(f64::NAN).is_nan() && ln(-1.0_f32).is_nan());
    }
}
