#!/usr/bin/env rust-script
//! `elu.md` — 第一张图：ELU 函数及其导数（α = 1 与 α = 2） — ELU with two values of α, in Rust.
//!
//! Run it on its own with `rust-script examples/elu.rs` or
//! `cargo run --example elu`; it writes `src/figures/elu.svg`.
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::{elu, elu_derivative, linspace};
use activations_plot::{LineFigure, SliderFigure};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // x 取 −5 到 5：负半轴的饱和在这个范围里已经很明显
    let x = linspace(-5.0, 5.0, 101);

    let mut figure = LineFigure::new("elu", "ELU 函数及其导数（α = 1 与 α = 2）");
    for alpha in [1.0, 2.0] {
        let y: Vec<f64> = x.iter().map(|&x| elu(x, alpha)).collect();
        let dy: Vec<f64> = x.iter().map(|&x| elu_derivative(x, alpha)).collect();
        // 函数用实线，导数用虚线
        figure = figure
            .curve(&format!("ELU 函数（α = {alpha}）"), &x, &y)
            .dashed(&format!("ELU 导数（α = {alpha}）"), &x, &dy);
    }
    figure.save()?;

    // 网页上的交互图：α 从 0.1 到 3（步长 0.1）的每一个值，都在构建时由库计算
    let alphas: Vec<f64> = (1..=30).map(|i| f64::from(i) / 10.0).collect();
    SliderFigure::new("elu-slider", "ELU 函数及其导数", "α", &alphas)
        .initial(1.0)
        .x(&x)
        .curve("ELU 函数", |alpha, x| elu(x, alpha))
        .dashed("ELU 导数", |alpha, x| elu_derivative(x, alpha))
        .readout("f(−5)", |alpha| elu(-5.0, alpha))
        .readout("x → 0⁻ 时的导数", |alpha| {
            elu_derivative(-f64::MIN_POSITIVE, alpha)
        })
        .save()?;
    Ok(())
}
// ANCHOR_END: cell
