#!/usr/bin/env rust-script
//! `sigmoid.md` — 第一张图：Sigmoid 函数及其导数 — the notebook's Sigmoid cell, in Rust.
//!
//! Run it on its own with `rust-script examples/sigmoid.rs` or
//! `cargo run --example sigmoid`; it writes `src/figures/sigmoid.svg`.
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::{linspace, sigmoid, sigmoid_derivative};
use activations_plot::LineFigure;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 生成数据：与 np.linspace(-10, 10, 100) 相同的 100 个点
    let x = linspace(-10.0, 10.0, 100);
    let y: Vec<f64> = x.iter().map(|&x| sigmoid(x)).collect();
    let dy: Vec<f64> = x.iter().map(|&x| sigmoid_derivative(x)).collect();

    // 绘制图形：函数用实线，导数用虚线
    LineFigure::new("sigmoid", "Sigmoid 函数及其导数")
        .curve("Sigmoid 函数 σ(x)", &x, &y)
        .dashed("Sigmoid 导数 σ′(x)", &x, &dy)
        .save()?;
    Ok(())
}
// ANCHOR_END: cell
