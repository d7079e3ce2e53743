//! # activations
//!
//! The library behind the book *激活函数* (see `src/SUMMARY.md`): the notebook's
//! activation functions and their derivatives, written once, generic over `f32`
//! and `f64`, and accurate to a few ULP over the whole floating-point range.
//!
//! Every function follows three rules that the book's chapters explain and the
//! tests check:
//!
//! * **NaN in, NaN out.** A silent `0` would hide a bug upstream; numpy and
//!   PyTorch propagate NaN too.
//! * **±∞ give the limits**, e.g. `sigmoid(-∞) = 0`, `tanh(+∞) = 1`.
//! * **No textbook formula where it breaks.** Where the notebook's formula
//!   overflows, underflows or cancels, the code uses an equivalent stable form
//!   and the chapter says why.
//!
//! ```
//! use activations::{sigmoid, softmax, tanh};
//!
//! assert_eq!(sigmoid(0.0_f64), 0.5);
//! assert_eq!(tanh(0.0_f32), 0.0);
//! let p = softmax(&[2.0_f64, 1.0, 0.1]);
//! assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-15);
//! ```

mod leaky_relu;
mod linspace;
mod relu;
mod sigmoid;
mod softmax;
mod tanh;

#[cfg(feature = "figures")]
pub mod plot;

pub use leaky_relu::{leaky_relu, leaky_relu_derivative};
pub use linspace::linspace;
pub use relu::{relu, relu_derivative};
pub use sigmoid::{sigmoid, sigmoid_derivative};
pub use softmax::softmax;
pub use tanh::{tanh, tanh_derivative};

/// The floating-point types the library works with: `f32` and `f64`.
///
/// This is [`num_traits::Float`], re-exported so that callers can write
/// generic code without naming `num-traits` themselves.
pub use num_traits::Float;

// Every chapter of the book becomes a doctest module, so every ```rust block in
// the book is compiled and run by plain `cargo test`. `build.rs` writes the list
// from `src/SUMMARY.md`, so no chapter can be left out.
#[cfg(doctest)]
mod book {
    include!(concat!(env!("OUT_DIR"), "/book_chapters.rs"));
}

#[cfg(test)]
pub(crate) mod test_support;
