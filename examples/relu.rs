#!/usr/bin/env rust-script
//! `relu.md` — 第一张图：ReLU 函数及其导数 — the notebook's ReLU cell, in Rust.
//!
//! Run it on its own with `rust-script examples/relu.rs` or
//! `cargo run --example relu`; it writes `src/figures/relu.svg`.
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::{linspace, relu, relu_derivative};
use activations_plot::LineFigure;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 生成数据：与 np.linspace(-10, 10, 100) 相同的 100 个点
    let x = linspace(-10.0, 10.0, 100);
    let y: Vec<f64> = x.iter().map(|&x| relu(x)).collect();
    let dy: Vec<f64> = x.iter().map(|&x| relu_derivative(x)).collect();

    // 绘制图形：函数用实线，导数用虚线
    LineFigure::new("relu", "ReLU 函数及其导数")
        .curve("ReLU 函数 relu(x)", &x, &y)
        .dashed("ReLU 导数 relu′(x)", &x, &dy)
        .save()?;
    Ok(())
}
// ANCHOR_END: cell
