#!/usr/bin/env rust-script
//! `mish.md` — 第一张图：Mish 函数及其导数（与 SiLU 对照） — Mish, in Rust.
//!
//! Run it on its own with `rust-script examples/mish.rs` or
//! `cargo run --example mish`; it writes `src/figures/mish.svg`.
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::{linspace, mish, mish_derivative, silu};
use activations_plot::LineFigure;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 生成数据：-5 到 5 之间的 101 个点（包含 0）
    let x = linspace(-5.0, 5.0, 101);
    let y: Vec<f64> = x.iter().map(|&x| mish(x)).collect();
    let dy: Vec<f64> = x.iter().map(|&x| mish_derivative(x)).collect();
    let s: Vec<f64> = x.iter().map(|&x| silu(x)).collect();

    // 绘制图形：函数用实线，导数用虚线，SiLU 作为对照
    LineFigure::new("mish", "Mish 函数及其导数")
        .curve("Mish 函数 x tanh(softplus(x))", &x, &y)
        .dashed("Mish 导数", &x, &dy)
        .curve("SiLU（对照）", &x, &s)
        .save()?;
    Ok(())
}
// ANCHOR_END: cell
