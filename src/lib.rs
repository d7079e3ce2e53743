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
//! Besides the notebook's sigmoid, tanh, ReLU, Leaky ReLU and softmax, the
//! library has the activation functions of PyTorch's `torch.nn.functional`,
//! under the same names: [`prelu()`], [`rrelu()`], [`relu6()`], [`elu()`],
//! [`selu()`], [`gelu()`] (exact) and [`gelu_tanh()`] (`approximate='tanh'`),
//! [`silu()`], [`swish()`], [`mish()`], [`softplus()`], [`softsign()`],
//! [`hardsigmoid()`], [`hardswish()`], [`hardtanh()`] and [`logsigmoid()`];
//! besides those, [`squared_relu()`] (Primer's ReLU²) and the gated units of
//! the GLU family, [`glu()`] (`F.glu`, gate and value as two arguments),
//! [`reglu()`], [`geglu()`] and [`swiglu()`]. Each has a `_derivative` twin
//! with the same arguments (PReLU also [`prelu_alpha_derivative()`], its
//! gradient with respect to α; the GLU family returns both partial
//! derivatives). For `f32` the smooth ones are computed in `f64` and
//! rounded once, so they are within half an ULP (plus a hair); in `f64` the
//! accuracy test bounds them by 4 ULP and measures at most 2.
//!
//! With the cargo feature `half`, every scalar function also takes
//! `half::f16` and `half::bf16`: it is evaluated in `f32` and rounded once, to
//! within one step of the correctly rounded result on every one of the 65,536
//! inputs of each format (tests/half.rs; see low_precision.md).
//!
//! For attention and sparse outputs there are the online softmax
//! ([`OnlineSoftmax`], whose states merge associatively, [`online_softmax()`]
//! and the tiled [`attention_row()`]), and softmax's rivals [`sparsemax()`] and
//! [`entmax15()`] with their Jacobians, and [`sigmoid_attention()`].
//!
//! ```
//! use activations::{sigmoid, softmax, tanh};
//!
//! assert_eq!(sigmoid(0.0_f64), 0.5);
//! assert_eq!(tanh(0.0_f32), 0.0);
//! let p = softmax(&[2.0_f64, 1.0, 0.1]);
//! assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-15);
//! ```

mod double_double;
mod elu;
mod gelu;
mod glu;
mod hardsigmoid;
mod leaky_relu;
mod linspace;
mod math;
mod mish;
mod numerical_stability;
mod online_softmax;
mod prelu;
mod relu;
mod relu6;
mod rrelu;
mod selu;
mod sigmoid;
mod silu;
pub mod slice;
mod softmax;
mod softmax_alternatives;
mod softmax_in_depth;
mod softplus;
mod softsign;
mod tanh;

pub use elu::{elu, elu_derivative};
pub use gelu::{gelu, gelu_derivative, gelu_tanh, gelu_tanh_derivative};
pub use glu::{
    geglu, geglu_derivative, glu, glu_derivative, reglu, reglu_derivative, swiglu,
    swiglu_derivative,
};
pub use hardsigmoid::{
    hardsigmoid, hardsigmoid_derivative, hardswish, hardswish_derivative, hardtanh,
    hardtanh_derivative,
};
pub use leaky_relu::{leaky_relu, leaky_relu_derivative};
pub use linspace::linspace;
pub use mish::{mish, mish_derivative};
pub use numerical_stability::{
    relative_error, sigmoid_derivative_naive, sigmoid_naive, softmax_naive, softplus_naive,
    tanh_derivative_naive, ulp,
};
pub use online_softmax::{OnlineSoftmax, attention_row, online_softmax, online_softmax_naive};
pub use prelu::{prelu, prelu_alpha_derivative, prelu_derivative};
pub use relu::{relu, relu_derivative, squared_relu, squared_relu_derivative};
pub use relu6::{relu6, relu6_derivative};
pub use rrelu::{RreluMode, rrelu, rrelu_derivative};
pub use selu::{selu, selu_derivative};
pub use sigmoid::{logsigmoid, logsigmoid_derivative, sigmoid, sigmoid_derivative};
pub use silu::{silu, silu_derivative, swish, swish_derivative};
pub use softmax::softmax;
pub use softmax_alternatives::{
    entmax15, entmax15_jacobian, sigmoid_attention, sparsemax, sparsemax_jacobian,
};
pub use softmax_in_depth::{cross_entropy, cross_entropy_gradient, log_softmax, softmax_jacobian};
pub use softplus::{softplus, softplus_derivative};
pub use softsign::{softsign, softsign_derivative};
pub use tanh::{tanh, tanh_derivative};

pub use math::Float;

// Every chapter of the book becomes a doctest module, so every ```rust block in
// the book is compiled and run by plain `cargo test`. `build.rs` writes the list
// from `src/SUMMARY.md`, so no chapter can be left out.
#[cfg(doctest)]
mod book {
    include!(concat!(env!("OUT_DIR"), "/book_chapters.rs"));
}

#[cfg(test)]
pub(crate) mod test_support;
