#!/usr/bin/env rust-script
//! `zero_centred.md` — 第一张图：Sigmoid、移到零中心的 Sigmoid 与 Tanh 的训练损失 — the
//! zero-centred experiment.
//!
//! Run it on its own with `rust-script examples/zero_centred.rs` or
//! `cargo run --example zero_centred`; it writes
//! `src/figures/zero_centred.svg` and prints the mean activations and
//! losses (the build saves them as `src/figures/zero_centred.txt`).
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! activations-experiments = { path = "../crates/experiments" }
//! ```

// ANCHOR: cell
use activations_experiments::zero_centred;
use activations_plot::{Legend, LineFigure, Scale};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let report = zero_centred::run();

    let mut figure = LineFigure::new(
        "zero_centred",
        "零中心与否：训练损失（2-16-16-16-16-2，5 个种子的平均）",
    )
    .axes("训练轮数 (epoch)", "训练集上的平均交叉熵损失")
    .y_scale(Scale::Log)
    .legend(Legend::LowerLeft);
    for run in &report.runs {
        let epochs: Vec<f64> = (0..run.losses.len()).map(|e| e as f64).collect();
        figure = figure.curve(&run.activation.to_string(), &epochs, &run.losses);
    }
    figure.save()?;

    println!("初始化时各隐藏层输出的平均值，以及“一层的输入全部同号”的比例：");
    for run in &report.runs {
        let means: Vec<String> = run
            .mean_activation
            .iter()
            .map(|&m| format!("{:+.3}", if m.abs() < 5e-4 { 0.0 } else { m }))
            .collect();
        println!(
            "  {:<10}层 1–4：{}  全部同号：{:.0}%",
            run.activation.to_string(),
            means.join(" "),
            100.0 * run.same_sign
        );
    }
    println!("训练损失与准确率（5 个种子的平均）：");
    for run in &report.runs {
        println!(
            "  {:<10}第 10 轮 {:.3}  第 100 轮 {:.3}  第 200 轮 {:.3}  准确率 {:.1}%",
            run.activation.to_string(),
            run.losses[10],
            run.losses[100],
            run.losses[200],
            100.0 * run.accuracy
        );
        let finals: Vec<String> = run.final_losses.iter().map(|l| format!("{l:.3}")).collect();
        println!("            各种子最后的损失：{}", finals.join(" "));
    }
    Ok(())
}
// ANCHOR_END: cell
