#!/usr/bin/env rust-script
//! `comparison.md` — 第一张图：本书所有激活函数一览 — every function of the book on one page.
//!
//! Run it on its own with `rust-script examples/comparison.rs` or
//! `cargo run --example comparison`; it writes `src/figures/comparison.svg`.
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::*;
use activations_plot::SmallMultiples;

/// A function of one variable and its derivative, as plotted in one panel.
type Panel = (&'static str, fn(f64) -> f64, fn(f64) -> f64);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 带参数的函数取常用的默认值：Leaky ReLU 0.01 太小看不清，这里用 0.1；
    // PReLU 用 He 等人的初始值 0.25；RReLU 取评估模式（固定斜率 (1/8 + 1/3)/2）。
    let panels: [Panel; 16] = [
        ("Sigmoid", sigmoid, sigmoid_derivative),
        ("Tanh", tanh, tanh_derivative),
        ("ReLU", relu, relu_derivative),
        (
            "Leaky ReLU (α = 0.1)",
            |x| leaky_relu(x, 0.1),
            |x| leaky_relu_derivative(x, 0.1),
        ),
        (
            "PReLU (α = 0.25)",
            |x| prelu(x, 0.25),
            |x| prelu_derivative(x, 0.25),
        ),
        ("RReLU（评估模式）", rrelu_eval, rrelu_eval_derivative),
        ("ELU (α = 1)", |x| elu(x, 1.0), |x| elu_derivative(x, 1.0)),
        ("SELU", selu, selu_derivative),
        ("ReLU6", relu6, relu6_derivative),
        ("Softplus", softplus, softplus_derivative),
        ("GELU", gelu, gelu_derivative),
        ("SiLU (Swish, β = 1)", silu, silu_derivative),
        ("Mish", mish, mish_derivative),
        ("Hardsigmoid", hardsigmoid, hardsigmoid_derivative),
        ("Hardswish", hardswish, hardswish_derivative),
        ("Softsign", softsign, softsign_derivative),
    ];

    let x = linspace(-6.0, 8.0, 281);
    let mut figure = SmallMultiples::new("comparison", "激活函数一览（实线：函数，虚线：导数）", 4);
    for (title, f, df) in panels {
        let y: Vec<f64> = x.iter().map(|&x| f(x)).collect();
        let dy: Vec<f64> = x.iter().map(|&x| df(x)).collect();
        figure = figure.panel(title, &x, &y, &dy);
    }
    figure.save()?;
    Ok(())
}

/// RReLU in evaluation mode: the fixed mean slope, no generator.
fn rrelu_eval(x: f64) -> f64 {
    rrelu(x, 1.0 / 8.0, 1.0 / 3.0, RreluMode::Evaluation)
}

fn rrelu_eval_derivative(x: f64) -> f64 {
    rrelu_derivative(x, 1.0 / 8.0, 1.0 / 3.0, RreluMode::Evaluation)
}
// ANCHOR_END: cell
