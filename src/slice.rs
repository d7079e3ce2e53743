//! Fast bulk kernels: the activation functions applied to whole slices.
//!
//! ```
//! use activations::slice;
//!
//! let x = [-2.0_f32, 0.0, 3.0];
//! let mut y = [0.0_f32; 3];
//! slice::sigmoid(&x, &mut y);
//! assert_eq!(y[1], 0.5);
//!
//! let mut logits = vec![1.0_f64, 2.0, 3.0, 0.0, 0.0, 0.0]; // two rows of 3
//! slice::softmax_rows_in_place(&mut logits, 3);
//! assert!((logits[3] - 1.0 / 3.0).abs() < 1e-16);
//! ```
//!
//! Each function computes the same thing as the scalar function of the same
//! name in the crate root — the same stable formula, the same treatment of
//! NaN, ±∞, −0 and subnormals — to within a few ULP (the tests in
//! `slice/tests.rs` measure the largest difference over the whole range and
//! bound it), but many elements at a time:
//!
//! * the exponentials are branch-free polynomials instead
//!   of calls to the C library, so the loops vectorise;
//! * each loop is compiled for AVX-512, for AVX2 + FMA and for the portable
//!   baseline, and the best one the CPU supports is chosen at run time
//!   ([`Level`]; [`Level::run`] forces another, to measure it);
//! * the longer kernels run as two stages, each a loop over a chunk of 128
//!   elements that stays in the L1 cache, so that the CPU can overlap more
//!   elements than one long chain of dependent operations lets it
//!   ([`Loop`]; [`Loop::run`] chooses one loop instead, to measure it);
//! * each kernel reads its input once and writes its output once: numpy's
//!   `1 / (1 + np.exp(-x))` makes four passes and three temporary arrays.
//!
//! Every function comes in two forms, `NAME(input, output)` and
//! `NAME_in_place(data)`, for `f32` and `f64` ([`Element`]). Slices of
//! different lengths are a bug in the caller and panic, naming the function
//! and both lengths.

mod dispatch;
mod exp;
mod gelu_tail;
mod kernels;
mod softmax;
#[cfg(test)]
mod tests;

use dispatch::{Kernel, Staged, map, map_in_place, map_staged, map_staged_in_place};
pub use dispatch::{Level, Loop, Threads};

/// The element types of the slice kernels: `f32` and `f64`.
///
/// The trait is sealed: its methods are the per-element kernels, which are
/// an implementation detail.
pub trait Element: sealed::Kernels {}

impl Element for f32 {}
impl Element for f64 {}

mod sealed {
    /// The per-element kernels of one floating-point type: one function for
    /// a kernel in one stage, `NAME_first` and `NAME_second` for a kernel in
    /// two (see `dispatch::Staged`; σ′ and SiLU share σ's first stage).
    pub trait Kernels: Copy + Send + Sync + crate::Float + 'static {
        fn sigmoid_first(x: Self) -> (Self, Self);
        fn sigmoid_second(x: Self, p: Self, s: Self) -> Self;
        fn sigmoid_derivative_second(x: Self, p: Self, s: Self) -> Self;
        fn tanh_derivative_first(x: Self) -> (Self, Self);
        fn tanh_derivative_second(x: Self, p: Self, s: Self) -> Self;
        fn silu_first(x: Self) -> (Self, Self);
        fn silu_second(x: Self, p: Self, s: Self) -> Self;
        fn gelu_tanh_first(x: Self) -> (Self, Self);
        fn gelu_tanh_prepare(x: Self) -> (Self, Self);
        fn gelu_tanh_first_prepared(x: Self, w_hi: Self, w_lo: Self) -> (Self, Self);
        fn gelu_tanh_second(x: Self, p: Self, s: Self) -> Self;
        fn gelu_first(x: Self) -> (Self, Self);
        fn gelu_second(x: Self, p: Self, s: Self) -> Self;
        /// Whether the exact GELU runs in two loops (`f32`, whose stage one
        /// has a loop of its own at each level) or in one (`f64`).
        const GELU_STAGED: bool;
        /// The exact GELU's stage one over a chunk, compiled for `level`.
        fn gelu_first_chunk(level: super::Level, x: &[Self], p: &mut [Self], s: &mut [Self]);
        fn tanh(x: Self) -> Self;
        fn relu(x: Self) -> Self;
        fn relu_derivative(x: Self) -> Self;
        fn leaky_relu(x: Self, alpha: Self) -> Self;
        fn leaky_relu_derivative(x: Self, alpha: Self) -> Self;
        fn softmax_row(input: Option<&[Self]>, row: &mut [Self]);
    }
}

macro_rules! impl_kernels {
    ($t:ident, $module:ident, $softmax_row:path, $gelu_staged:literal) => {
        impl sealed::Kernels for $t {
            const GELU_STAGED: bool = $gelu_staged;
            #[inline(always)]
            fn gelu_first_chunk(level: Level, x: &[$t], p: &mut [$t], s: &mut [$t]) {
                impl_kernels!(@gelu_chunk $t, level, x, p, s)
            }
            impl_kernels!(@first $t, $module, sigmoid_first, tanh_derivative_first, silu_first,
                gelu_tanh_first, gelu_first);
            impl_kernels!(@second $t, $module, sigmoid_second, sigmoid_derivative_second,
                tanh_derivative_second, silu_second, gelu_tanh_second, gelu_second);
            impl_kernels!(@one $t, $module, tanh, relu, relu_derivative);
            #[inline(always)]
            fn gelu_tanh_prepare(x: $t) -> ($t, $t) {
                kernels::$module::gelu_tanh_prepare(x)
            }
            #[inline(always)]
            fn gelu_tanh_first_prepared(x: $t, w_hi: $t, w_lo: $t) -> ($t, $t) {
                kernels::$module::gelu_tanh_first_prepared(x, w_hi, w_lo)
            }
            #[inline(always)]
            fn leaky_relu(x: $t, alpha: $t) -> $t {
                kernels::$module::leaky_relu(x, alpha)
            }
            #[inline(always)]
            fn leaky_relu_derivative(x: $t, alpha: $t) -> $t {
                kernels::$module::leaky_relu_derivative(x, alpha)
            }
            #[inline(always)]
            fn softmax_row(input: Option<&[$t]>, row: &mut [$t]) {
                $softmax_row(input, row)
            }
        }
    };
    (@first $t:ident, $module:ident, $($name:ident),*) => {$(
        #[inline(always)]
        fn $name(x: $t) -> ($t, $t) {
            kernels::$module::$name(x)
        }
    )*};
    (@second $t:ident, $module:ident, $($name:ident),*) => {$(
        #[inline(always)]
        fn $name(x: $t, p: $t, s: $t) -> $t {
            kernels::$module::$name(x, p, s)
        }
    )*};
    (@gelu_chunk f32, $level:ident, $x:ident, $p:ident, $s:ident) => {{
        let _ = $s;
        gelu_tail::tails($level, $x, $p)
    }};
    (@gelu_chunk f64, $level:ident, $x:ident, $p:ident, $s:ident) => {{
        let _ = $level;
        for ((p, s), &x) in $p.iter_mut().zip($s.iter_mut()).zip($x) {
            (*p, *s) = kernels::f64k::gelu_first(x);
        }
    }};
    (@one $t:ident, $module:ident, $($name:ident),*) => {$(
        #[inline(always)]
        fn $name(x: $t) -> $t {
            kernels::$module::$name(x)
        }
    )*};
}

impl_kernels!(f32, f32k, softmax::softmax_row_f32, true);
impl_kernels!(f64, f64k, softmax::softmax_row_f64, false);

/// Panics unless the two lengths agree.
#[track_caller]
fn check_lengths(function: &str, input: usize, output: usize) {
    assert!(
        input == output,
        "activations::slice::{function}: input has {input} elements but output has {output}"
    );
}

/// The element-wise kernels as unit types that call the kernel directly (see
/// `dispatch::Kernel`): `direct::sigmoid` is the σ kernel of every
/// [`Element`] type. One type per kernel, so that each kernel's loop is its
/// own function at each level.
mod direct {
    use super::{Element, Kernel, Level, Staged, sealed::Kernels};

    macro_rules! direct {
        ($($name:ident),*) => {$(
            #[allow(non_camel_case_types)]
            #[derive(Clone, Copy)]
            pub(super) struct $name;

            impl<T: Element> Kernel<T> for $name {
                #[inline(always)]
                fn apply(self, x: T) -> T {
                    <T as Kernels>::$name(x)
                }
            }
        )*};
    }

    direct!(tanh, relu, relu_derivative);

    macro_rules! staged {
        ($($name:ident: $first:ident, $second:ident);*) => {$(
            #[allow(non_camel_case_types)]
            #[derive(Clone, Copy)]
            pub(super) struct $name;

            impl<T: Element> Staged<T> for $name {
                #[inline(always)]
                fn first(self, x: T) -> (T, T) {
                    <T as Kernels>::$first(x)
                }
                #[inline(always)]
                fn second(self, x: T, p: T, s: T) -> T {
                    <T as Kernels>::$second(x, p, s)
                }
            }
        )*};
    }

    staged!(
        sigmoid: sigmoid_first, sigmoid_second;
        sigmoid_derivative: sigmoid_first, sigmoid_derivative_second;
        tanh_derivative: tanh_derivative_first, tanh_derivative_second;
        silu: silu_first, silu_second
    );

    /// The exact GELU: stage one is R(a), with a loop of its own at each
    /// level for `f32` (see `slice::gelu_tail`).
    #[allow(non_camel_case_types)]
    #[derive(Clone, Copy)]
    pub(super) struct gelu;

    impl<T: Element> Staged<T> for gelu {
        #[inline(always)]
        fn first(self, x: T) -> (T, T) {
            <T as Kernels>::gelu_first(x)
        }
        #[inline(always)]
        fn second(self, x: T, p: T, s: T) -> T {
            <T as Kernels>::gelu_second(x, p, s)
        }
        #[inline(always)]
        fn first_chunk(self, level: Level, x: &[T], p: &mut [T], s: &mut [T])
        where
            T: Copy,
        {
            <T as Kernels>::gelu_first_chunk(level, x, p, s)
        }
    }

    /// The tanh GELU, in three stages (see `dispatch::Staged`).
    #[allow(non_camel_case_types)]
    #[derive(Clone, Copy)]
    pub(super) struct gelu_tanh;

    impl<T: Element> Staged<T> for gelu_tanh {
        #[inline(always)]
        fn first(self, x: T) -> (T, T) {
            <T as Kernels>::gelu_tanh_first(x)
        }
        #[inline(always)]
        fn second(self, x: T, p: T, s: T) -> T {
            <T as Kernels>::gelu_tanh_second(x, p, s)
        }
        const PREPARED: bool = true;
        #[inline(always)]
        fn prepare(self, x: T) -> (T, T) {
            <T as Kernels>::gelu_tanh_prepare(x)
        }
        #[inline(always)]
        fn first_prepared(self, x: T, w_hi: T, w_lo: T) -> (T, T) {
            <T as Kernels>::gelu_tanh_first_prepared(x, w_hi, w_lo)
        }
    }
}

/// [`map`] of a [`Staged`] kernel, both stages in one loop.
#[inline(always)]
fn map_whole<T: Copy + Send + Sync>(
    level: Level,
    input: &[T],
    output: &mut [T],
    f: impl Staged<T>,
) {
    map(level, input, output, dispatch::Whole(f))
}

/// [`map_in_place`] of a [`Staged`] kernel, both stages in one loop.
#[inline(always)]
fn map_whole_in_place<T: Copy + Send + Sync>(level: Level, data: &mut [T], f: impl Staged<T>) {
    map_in_place(level, data, dispatch::Whole(f))
}

/// The exact GELU: two loops for `f32`, one for `f64` (see
/// `sealed::Kernels::GELU_STAGED`).
#[inline(always)]
fn map_gelu<T: Element>(level: Level, input: &[T], output: &mut [T], f: direct::gelu) {
    if T::GELU_STAGED {
        map_staged(level, input, output, f)
    } else {
        map_whole(level, input, output, f)
    }
}

#[inline(always)]
fn map_gelu_in_place<T: Element>(level: Level, data: &mut [T], f: direct::gelu) {
    if T::GELU_STAGED {
        map_staged_in_place(level, data, f)
    } else {
        map_whole_in_place(level, data, f)
    }
}

macro_rules! elementwise {
    ($(#[$doc:meta])* $name:ident, $in_place:ident, $scalar:literal) => {
        elementwise!($(#[$doc])* $name, $in_place, $scalar, map, map_in_place);
    };
    ($(#[$doc:meta])* staged $name:ident, $in_place:ident, $scalar:literal) => {
        elementwise!($(#[$doc])* $name, $in_place, $scalar, map_staged, map_staged_in_place);
    };
    ($(#[$doc:meta])* whole $name:ident, $in_place:ident, $scalar:literal) => {
        elementwise!($(#[$doc])* $name, $in_place, $scalar, map_whole, map_whole_in_place);
    };
    ($(#[$doc:meta])* $name:ident, $in_place:ident, $scalar:literal, $map:ident, $map_in_place:ident) => {
        $(#[$doc])*
        ///
        #[doc = concat!("Element by element the same as [`crate::", $scalar, "`], within a few ULP.")]
        ///
        /// # Panics
        ///
        /// If `input` and `output` differ in length.
        #[track_caller]
        pub fn $name<T: Element>(input: &[T], output: &mut [T]) {
            check_lengths(stringify!($name), input.len(), output.len());
            $map(Level::current(), input, output, direct::$name);
        }

        #[doc = concat!("[`", stringify!($name), "`], overwriting `data` with the result.")]
        pub fn $in_place<T: Element>(data: &mut [T]) {
            $map_in_place(Level::current(), data, direct::$name);
        }
    };
}

elementwise!(
    /// σ(x) of every element.
    staged sigmoid, sigmoid_in_place, "sigmoid()"
);
elementwise!(
    /// σ′(x) of every element.
    staged sigmoid_derivative, sigmoid_derivative_in_place, "sigmoid_derivative()"
);
elementwise!(
    /// tanh(x) of every element.
    tanh, tanh_in_place, "tanh()"
);
elementwise!(
    /// tanh′(x) of every element.
    staged tanh_derivative, tanh_derivative_in_place, "tanh_derivative()"
);
elementwise!(
    /// silu(x) = x·σ(x) of every element.
    staged silu, silu_in_place, "silu()"
);
elementwise!(
    /// The tanh approximation of GELU, x·(1 + tanh(√(2/π)·(x + 0.044715x³)))/2,
    /// of every element.
    staged gelu_tanh, gelu_tanh_in_place, "gelu_tanh()"
);
elementwise!(
    /// The exact GELU, x·Φ(x) with Φ the standard normal distribution
    /// function, of every element.
    gelu, gelu_in_place, "gelu()", map_gelu, map_gelu_in_place
);
elementwise!(
    /// relu(x) of every element (NaN stays NaN, −0 becomes +0).
    relu, relu_in_place, "relu()"
);
elementwise!(
    /// relu′(x) of every element (0 at x = 0).
    relu_derivative, relu_derivative_in_place, "relu_derivative()"
);

/// Leaky ReLU of every element, with slope `alpha` for x ≤ 0.
///
/// Element by element exactly [`crate::leaky_relu()`].
///
/// # Panics
///
/// If `input` and `output` differ in length.
#[track_caller]
pub fn leaky_relu<T: Element>(input: &[T], output: &mut [T], alpha: T) {
    check_lengths("leaky_relu", input.len(), output.len());
    map(Level::current(), input, output, |x| {
        <T as sealed::Kernels>::leaky_relu(x, alpha)
    });
}

/// [`leaky_relu`], overwriting `data` with the result.
pub fn leaky_relu_in_place<T: Element>(data: &mut [T], alpha: T) {
    map_in_place(Level::current(), data, |x| {
        <T as sealed::Kernels>::leaky_relu(x, alpha)
    });
}

/// The derivative of Leaky ReLU of every element: 1 for x > 0, `alpha`
/// otherwise (also at 0), NaN for NaN — exactly [`crate::leaky_relu_derivative()`].
///
/// # Panics
///
/// If `input` and `output` differ in length.
#[track_caller]
pub fn leaky_relu_derivative<T: Element>(input: &[T], output: &mut [T], alpha: T) {
    check_lengths("leaky_relu_derivative", input.len(), output.len());
    map(Level::current(), input, output, |x| {
        <T as sealed::Kernels>::leaky_relu_derivative(x, alpha)
    });
}

/// [`leaky_relu_derivative`], overwriting `data` with the result.
pub fn leaky_relu_derivative_in_place<T: Element>(data: &mut [T], alpha: T) {
    map_in_place(Level::current(), data, |x| {
        <T as sealed::Kernels>::leaky_relu_derivative(x, alpha)
    });
}

#[track_caller]
fn check_rows(function: &str, len: usize, row_len: usize) {
    assert!(
        row_len > 0 && len.is_multiple_of(row_len),
        "activations::slice::{function}: {len} elements are not a whole number of rows of \
         row_len = {row_len}"
    );
}

/// The softmax of each row of a row-major matrix with rows of `row_len`
/// elements — numpy's `softmax(x, axis=1)`.
///
/// Each row is the same as [`crate::softmax()`] of that row, within a few ULP;
/// rows with NaN or ±∞ in them exactly so.
///
/// # Panics
///
/// If `input` and `output` differ in length, or `row_len` is 0 or does not
/// divide the length.
#[track_caller]
pub fn softmax_rows<T: Element>(input: &[T], row_len: usize, output: &mut [T]) {
    check_lengths("softmax_rows", input.len(), output.len());
    check_rows("softmax_rows", input.len(), row_len);
    dispatch::softmax_rows(Level::current(), Some(input), output, row_len);
}

/// [`softmax_rows`], overwriting `data` with the result.
///
/// # Panics
///
/// If `row_len` is 0 or does not divide `data.len()`.
#[track_caller]
pub fn softmax_rows_in_place<T: Element>(data: &mut [T], row_len: usize) {
    check_rows("softmax_rows_in_place", data.len(), row_len);
    dispatch::softmax_rows(Level::current(), None, data, row_len);
}
