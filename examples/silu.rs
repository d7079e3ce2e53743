#!/usr/bin/env rust-script
//! `silu.md` — 第一张图：SiLU 函数及其导数；第二张图：不同 β 的 Swish — SiLU and Swish, in Rust.
//!
//! Run it on its own with `rust-script examples/silu.rs` or
//! `cargo run --example silu`; it writes `src/figures/silu.svg` and
//! `src/figures/silu-beta.svg`.
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::{linspace, relu, silu, silu_derivative, swish, swish_derivative};
use activations_plot::{LineFigure, SliderFigure};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 第一张图：-5 到 5 之间的 101 个点（包含 0）
    let x = linspace(-5.0, 5.0, 101);
    let y: Vec<f64> = x.iter().map(|&x| silu(x)).collect();
    let dy: Vec<f64> = x.iter().map(|&x| silu_derivative(x)).collect();
    let r: Vec<f64> = x.iter().map(|&x| relu(x)).collect();
    LineFigure::new("silu", "SiLU 函数及其导数")
        .curve("SiLU 函数 xσ(x)", &x, &y)
        .dashed("SiLU 导数", &x, &dy)
        .curve("ReLU（对照）", &x, &r)
        .save()?;

    // 第二张图：Swish 函数 xσ(βx) 随 β 的变化，β → ∞ 时趋于 ReLU（虚线）
    let x = linspace(-4.0, 4.0, 161);
    let mut figure = LineFigure::new("silu-beta", "Swish 函数 xσ(βx)：不同的 β");
    for beta in [0.0, 0.5, 1.0, 2.0, 10.0] {
        let y: Vec<f64> = x.iter().map(|&x| swish(x, beta)).collect();
        let label = match beta {
            0.0 => "β = 0（x/2）".to_string(),
            1.0 => "β = 1（SiLU）".to_string(),
            _ => format!("β = {beta}"),
        };
        figure = figure.curve(&label, &x, &y);
    }
    let r: Vec<f64> = x.iter().map(|&x| relu(x)).collect();
    figure.dashed("ReLU（β → ∞）", &x, &r).save()?;

    // 网页上的交互图：β 从 0 到 5（步长 0.1）的每一个值，
    // Swish 函数及其对 x 的导数都在构建时由库计算
    let betas: Vec<f64> = (0..=50).map(|i| f64::from(i) / 10.0).collect();
    let x = linspace(-4.0, 4.0, 81);
    SliderFigure::new("silu-slider", "Swish 函数 xσ(βx) 及其导数", "β", &betas)
        .initial(1.0)
        .x(&x)
        .curve("Swish 函数", |beta, x| swish(x, beta))
        .dashed("Swish 导数", |beta, x| swish_derivative(x, beta))
        .fixed("ReLU（β → ∞）", false, relu)
        .save()?;
    Ok(())
}
// ANCHOR_END: cell
