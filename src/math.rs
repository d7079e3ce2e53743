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

/// The floating-point types the library works with: `f32` and `f64`.
///
/// It is [`num_traits::Float`] (every method a generic caller needs) plus
/// the library's own elementary functions; sealed, because those exist only
/// for `f32` and `f64`.
pub trait Float: num_traits::Float + sealed::Elementary {}

impl Float for f32 {}
impl Float for f64 {}

pub(crate) mod sealed {
    /// One `libm` function per method, for `f32` and `f64`.
    pub trait Elementary: Copy {
        fn libm_exp(self) -> Self;
        fn libm_exp_m1(self) -> Self;
        fn libm_ln(self) -> Self;
        fn libm_ln_1p(self) -> Self;
        fn libm_tanh(self) -> Self;
    }

    impl Elementary for f32 {
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
