#!/usr/bin/env rust-script
//! `prelu.md` — 第一张图：不同 α 下的 PReLU 及其对 α 的导数 — PReLU with several slopes, in Rust.
//!
//! Run it on its own with `rust-script examples/prelu.rs` or
//! `cargo run --example prelu`; it writes `src/figures/prelu.svg`.
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::{linspace, prelu, prelu_alpha_derivative, prelu_derivative};
use activations_plot::{LineFigure, SliderFigure};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 生成数据：与 np.linspace(-10, 10, 100) 相同的 100 个点
    let x = linspace(-10.0, 10.0, 100);

    // 几个负斜率：0 就是 ReLU，0.25 是 He 等人的初始值
    let mut figure = LineFigure::new("prelu", "PReLU：不同 α 下的函数及其对 α 的导数");
    for (alpha, label) in [
        (0.0, "α = 0（ReLU）"),
        (0.1, "α = 0.1"),
        (0.25, "α = 0.25（初始值）"),
        (0.5, "α = 0.5"),
    ] {
        let y: Vec<f64> = x.iter().map(|&x| prelu(x, alpha)).collect();
        figure = figure.curve(label, &x, &y);
    }

    // 对 α 的导数 ∂f/∂α = min(0, x) 与 α 无关，画一条虚线就够了
    let d_alpha: Vec<f64> = x.iter().map(|&x| prelu_alpha_derivative(x, 0.25)).collect();
    figure
        .dashed("对 α 的导数 ∂f/∂α = min(0, x)", &x, &d_alpha)
        .save()?;

    // 网页上的交互图：α 从 0 到 1（步长 0.02）的每一个值，
    // 函数与它对 x 的导数都在构建时由库计算
    let alphas: Vec<f64> = (0..=50).map(|i| f64::from(i) / 50.0).collect();
    let x = linspace(-5.0, 5.0, 101);
    SliderFigure::new("prelu-slider", "PReLU 函数及其对 x 的导数", "α", &alphas)
        .initial(0.25)
        .x(&x)
        .curve("PReLU 函数", |alpha, x| prelu(x, alpha))
        .dashed("对 x 的导数", |alpha, x| prelu_derivative(x, alpha))
        .readout("f(−5)", |alpha| prelu(-5.0, alpha))
        .save()?;
    Ok(())
}
// ANCHOR_END: cell
