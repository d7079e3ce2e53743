#!/usr/bin/env rust-script
//! `tanh.md` — 第一张图：Tanh 函数及其导数 — the notebook's Tanh cell, in Rust.
//!
//! Run it on its own with `rust-script examples/tanh.rs` or
//! `cargo run --example tanh`; it writes `src/figures/tanh.svg`.
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::{linspace, tanh, tanh_derivative};
use activations_plot::LineFigure;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 生成数据：与 np.linspace(-10, 10, 100) 相同的 100 个点
    let x = linspace(-10.0, 10.0, 100);
    let y: Vec<f64> = x.iter().map(|&x| tanh(x)).collect();
    let dy: Vec<f64> = x.iter().map(|&x| tanh_derivative(x)).collect();

    // 绘制图形：函数用实线，导数用虚线
    LineFigure::new("tanh", "Tanh 函数及其导数")
        .curve("Tanh 函数 tanh(x)", &x, &y)
        .dashed("Tanh 导数 tanh′(x)", &x, &dy)
        .save()?;
    Ok(())
}
// ANCHOR_END: cell
