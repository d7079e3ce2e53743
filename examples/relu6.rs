#!/usr/bin/env rust-script
//! `relu6.md` — 第一张图：ReLU6 函数及其导数 — ReLU capped at 6, in Rust.
//!
//! Run it on its own with `rust-script examples/relu6.rs` or
//! `cargo run --example relu6`; it writes `src/figures/relu6.svg`.
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::{linspace, relu6, relu6_derivative};
use activations_plot::LineFigure;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 生成数据：与 np.linspace(-10, 10, 100) 相同的 100 个点
    let x = linspace(-10.0, 10.0, 100);
    let y: Vec<f64> = x.iter().map(|&x| relu6(x)).collect();
    let dy: Vec<f64> = x.iter().map(|&x| relu6_derivative(x)).collect();

    // 绘制图形：函数用实线，导数用虚线
    LineFigure::new("relu6", "ReLU6 函数及其导数")
        .curve("ReLU6 函数", &x, &y)
        .dashed("ReLU6 导数", &x, &dy)
        .save()?;
    Ok(())
}
// ANCHOR_END: cell
