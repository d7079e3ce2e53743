//! Helpers shared by the unit tests of every function module.

pub use crate::linspace as grid;

/// The central difference (f(x + h) − f(x − h)) / 2h.
///
/// Its truncation error is O(h²) and its rounding error O(ε/h); h = ∛ε·max(1, |x|)
/// balances the two, leaving about 1e-10 of relative error for smooth functions.
pub fn central_difference(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    let h = f64::EPSILON.cbrt() * x.abs().max(1.0);
    (f(x + h) - f(x - h)) / (2.0 * h)
}
