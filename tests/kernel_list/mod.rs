//! The element-wise fast kernels that have a smooth scalar counterpart, in
//! one list for the tests that compare each with its scalar function over
//! many inputs (`every_f32.rs`, `sampled_f64.rs`).

use activations::Float;
use activations::slice::{self, Element};

/// A kernel's name, the slice function and the scalar function.
pub type Kernel<T> = (&'static str, fn(&[T], &mut [T]), fn(T) -> T);

/// σ, σ′, tanh, tanh′, SiLU, the tanh GELU and the exact GELU.
pub fn smooth<T: Element + Float>() -> [Kernel<T>; 7] {
    [
        ("sigmoid", slice::sigmoid, activations::sigmoid),
        (
            "sigmoid_derivative",
            slice::sigmoid_derivative,
            activations::sigmoid_derivative,
        ),
        ("tanh", slice::tanh, activations::tanh),
        (
            "tanh_derivative",
            slice::tanh_derivative,
            activations::tanh_derivative,
        ),
        ("silu", slice::silu, activations::silu),
        ("gelu_tanh", slice::gelu_tanh, activations::gelu_tanh),
        ("gelu", slice::gelu, activations::gelu),
    ]
}
