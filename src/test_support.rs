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

/// Distance in representable steps between two values (+0 and −0 are one
/// value, NaN only matches NaN: then 0, otherwise u64::MAX).
pub fn steps<T: crate::Float>(a: T, b: T) -> u64 {
    if a.is_nan() || b.is_nan() {
        return if a.is_nan() && b.is_nan() {
            0
        } else {
            u64::MAX
        };
    }
    let key = |v: T| {
        let v = v.to_f64().unwrap();
        // Order-preserving integer keys, per type.
        if std::mem::size_of::<T>() == 4 {
            let i = (v as f32).to_bits() as i32;
            i64::from(if i < 0 { -(i & 0x7fff_ffff) } else { i })
        } else {
            let i = v.to_bits() as i64;
            if i < 0 {
                -(i & 0x7fff_ffff_ffff_ffff)
            } else {
                i
            }
        }
    };
    key(a).abs_diff(key(b))
}
