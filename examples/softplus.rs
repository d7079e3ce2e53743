#!/usr/bin/env rust-script
//! `softplus.md` — 第一张图：Softplus 函数及其导数（与 ReLU 对照） — softplus, a smooth ReLU, in Rust.
//!
//! Run it on its own with `rust-script examples/softplus.rs` or
//! `cargo run --example softplus`; it writes `src/figures/softplus.svg`.
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::{linspace, relu, sigmoid, softplus, softplus_derivative};
use activations_plot::{LineFigure, SliderFigure};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 生成数据：-5 到 5 之间的 101 个点（包含 0）
    let x = linspace(-5.0, 5.0, 101);
    let y: Vec<f64> = x.iter().map(|&x| softplus(x)).collect();
    let dy: Vec<f64> = x.iter().map(|&x| softplus_derivative(x)).collect();
    let r: Vec<f64> = x.iter().map(|&x| relu(x)).collect();

    // 绘制图形：函数用实线，导数用虚线，ReLU 作为对照
    LineFigure::new("softplus", "Softplus 函数及其导数")
        .curve("Softplus 函数 ln(1 + eˣ)", &x, &y)
        .dashed("Softplus 导数 σ(x)", &x, &dy)
        .curve("ReLU（对照）", &x, &r)
        .save()?;

    // 网页上的交互图：β 从 0.25 到 10（步长 0.25）的每一个值，
    // softplus_β(x) = softplus(βx)/β 及其导数 σ(βx)，都在构建时由库计算
    let betas: Vec<f64> = (1..=40).map(|i| f64::from(i) * 0.25).collect();
    SliderFigure::new(
        "softplus-slider",
        "softplus_β(x) = softplus(βx)/β 及其导数",
        "β",
        &betas,
    )
    .initial(1.0)
    .x(&x)
    .curve("softplus_β(x)", |beta, x| softplus(beta * x) / beta)
    .dashed("导数 σ(βx)", |beta, x| sigmoid(beta * x))
    .fixed("ReLU（对照）", false, relu)
    .readout("softplus_β(0) = ln 2 / β", |beta| softplus(0.0) / beta)
    .save()?;
    Ok(())
}
// ANCHOR_END: cell
