#!/usr/bin/env rust-script
//! `vanishing_gradients.md` — 第一张图：20 层网络在初始化时各层权重梯度的大小 — the vanishing-gradient
//! experiment.
//!
//! Run it on its own with `rust-script examples/vanishing_gradients.rs` or
//! `cargo run --example vanishing_gradients`; it writes
//! `src/figures/vanishing_gradients.svg` (one seed),
//! `src/figures/vanishing_gradients-seeds.svg` (twenty seeds) and prints the
//! gradient sizes (the build saves them as
//! `src/figures/vanishing_gradients.txt`).
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! activations-experiments = { path = "../crates/experiments" }
//! ```

// ANCHOR: cell
use activations_experiments::stats::Interval;
use activations_experiments::vanishing_gradients::{self, ACTIVATIONS, SEED_COUNT, log_norms};
use activations_plot::{Legend, LineFigure, Scale};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let report = vanishing_gradients::run();

    // 横轴：第几个权重矩阵（1 = 输入层 → 第 1 个隐藏层，21 = 第 20 个隐藏层 → 输出层）
    let layers: Vec<f64> = (1..=report.rows[0].norms.len()).map(|l| l as f64).collect();
    let mut figure = LineFigure::new(
        "vanishing_gradients",
        "初始化时各层权重梯度的大小（20 个隐藏层）",
    )
    .axes(
        "层 (layer)：1 靠近输入，21 是输出层",
        "梯度的均方根 (RMS of ∂L/∂W)",
    )
    .y_scale(Scale::Log)
    .legend(Legend::LowerRight);
    for row in &report.rows {
        figure = figure.curve(&row.activation.to_string(), &layers, &row.norms);
    }
    figure.save()?;

    // 多个种子：各层梯度大小的常用对数的均值与 95% 置信区间，画回原来的刻度
    let mut figure = LineFigure::new(
        "vanishing_gradients-seeds",
        &format!("各层权重梯度的大小，{SEED_COUNT} 个种子（几何平均与 95% 置信区间）"),
    )
    .axes(
        "层 (layer)：1 靠近输入，21 是输出层",
        "梯度的均方根 (RMS of ∂L/∂W)",
    )
    .y_scale(Scale::Log)
    .legend(Legend::LowerRight);
    for activation in ACTIVATIONS {
        let logs = log_norms(activation);
        let power = |f: fn(&Interval) -> f64| -> Vec<f64> {
            logs.iter().map(|i| 10f64.powf(f(i))).collect()
        };
        figure = figure.curve_with_band(
            &activation.to_string(),
            &layers,
            &power(|i| i.mean),
            &power(Interval::low),
            &power(Interval::high),
        );
    }
    figure.save()?;

    println!("激活函数                   第 1 层   第 11 层   第 21 层   1 层/21 层");
    for row in &report.rows {
        println!(
            "{:<24}{:>11.2e}{:>11.2e}{:>11.2e}{:>13.2e}",
            row.activation.to_string(),
            row.norms[0],
            row.norms[10],
            row.norms[20],
            row.first_to_last()
        );
    }
    Ok(())
}
// ANCHOR_END: cell
