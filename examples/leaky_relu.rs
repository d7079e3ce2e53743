#!/usr/bin/env rust-script
//! `leaky_relu.md` — 第一张图：Leaky ReLU 函数及其导数（α = 0.01） — the notebook's Leaky ReLU cell, in Rust.
//!
//! Run it on its own with `rust-script examples/leaky_relu.rs` or
//! `cargo run --example leaky_relu`; it writes `src/figures/leaky_relu.svg`.
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::{leaky_relu, leaky_relu_derivative, linspace};
use activations_plot::{LineFigure, SliderFigure};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 负半轴的斜率，与笔记本的默认值 alpha=0.01 相同
    const ALPHA: f64 = 0.01;
    // 生成数据：与 np.linspace(-10, 10, 100) 相同的 100 个点
    let x = linspace(-10.0, 10.0, 100);
    let y: Vec<f64> = x.iter().map(|&x| leaky_relu(x, ALPHA)).collect();
    let dy: Vec<f64> = x.iter().map(|&x| leaky_relu_derivative(x, ALPHA)).collect();

    // 绘制图形：函数用实线，导数用虚线
    LineFigure::new("leaky_relu", "Leaky ReLU 函数及其导数（α = 0.01）")
        .curve("Leaky ReLU 函数", &x, &y)
        .dashed("Leaky ReLU 导数", &x, &dy)
        .save()?;

    // 网页上的交互图：α 从 0 到 0.5（步长 0.01）的每一个值，都在构建时由库计算
    let alphas: Vec<f64> = (0..=50).map(|i| f64::from(i) / 100.0).collect();
    let x = linspace(-5.0, 5.0, 101);
    SliderFigure::new("leaky_relu-slider", "Leaky ReLU 函数及其导数", "α", &alphas)
        .initial(ALPHA)
        .x(&x)
        .curve("Leaky ReLU 函数", |alpha, x| leaky_relu(x, alpha))
        .dashed("Leaky ReLU 导数", |alpha, x| {
            leaky_relu_derivative(x, alpha)
        })
        .readout("f(−5)", |alpha| leaky_relu(-5.0, alpha))
        .save()?;
    Ok(())
}
// ANCHOR_END: cell
