#!/usr/bin/env rust-script
//! `hardsigmoid.md` — 第一张图：Hardsigmoid 与 Sigmoid；第二张图：Hardswish 与 SiLU — the
//! piecewise-linear stand-ins of MobileNetV3, in Rust.
//!
//! Run it on its own with `rust-script examples/hardsigmoid.rs` or
//! `cargo run --example hardsigmoid`; it writes `src/figures/hardsigmoid.svg`
//! and `src/figures/hardsigmoid-hardswish.svg`.
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::{
    hardsigmoid, hardsigmoid_derivative, hardswish, hardswish_derivative, linspace, sigmoid, silu,
};
use activations_plot::LineFigure;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // -6 到 6 之间的 241 个点，步长 0.05
    let x = linspace(-6.0, 6.0, 241);
    let map = |f: fn(f64) -> f64| -> Vec<f64> { x.iter().map(|&x| f(x)).collect() };

    // 第一张图：Hardsigmoid（实线）、它的导数（虚线）和 Sigmoid（对照）
    LineFigure::new("hardsigmoid", "Hardsigmoid 函数及其导数")
        .curve("Hardsigmoid 函数 relu6(x + 3)/6", &x, &map(hardsigmoid))
        .dashed("Hardsigmoid 导数", &x, &map(hardsigmoid_derivative))
        .curve("Sigmoid（对照）", &x, &map(sigmoid))
        .save()?;

    // 第二张图：Hardswish（实线）、它的导数（虚线）和 SiLU（对照）
    LineFigure::new("hardsigmoid-hardswish", "Hardswish 函数及其导数")
        .curve("Hardswish 函数 x relu6(x + 3)/6", &x, &map(hardswish))
        .dashed("Hardswish 导数", &x, &map(hardswish_derivative))
        .curve("SiLU（对照）", &x, &map(silu))
        .save()?;
    Ok(())
}
// ANCHOR_END: cell
