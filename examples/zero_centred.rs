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
use activations_experiments::mlp::Activation;
use activations_experiments::zero_centred::{self, EPOCHS, SEED_COUNT};
use activations_plot::{Legend, LineFigure, Scale};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let report = zero_centred::run();

    let mut figure = LineFigure::new(
        "zero_centred",
        &format!("零中心与否：训练损失（2-16-16-16-16-2，{SEED_COUNT} 个种子）"),
    )
    .axes("训练轮数 (epoch)", "训练集上的平均交叉熵损失")
    .y_scale(Scale::Log)
    .legend(Legend::LowerLeft);
    let epochs: Vec<f64> = (0..=EPOCHS).map(|e| e as f64).collect();
    for run in &report.runs {
        let ci: Vec<_> = (0..=EPOCHS).map(|e| run.at(e)).collect();
        let mean: Vec<f64> = ci.iter().map(|c| c.mean).collect();
        let low: Vec<f64> = ci.iter().map(|c| c.low()).collect();
        let high: Vec<f64> = ci.iter().map(|c| c.high()).collect();
        figure = figure.curve_with_band(&run.activation.to_string(), &epochs, &mean, &low, &high);
    }
    figure.save()?;

    println!("初始化时各隐藏层输出的平均值，以及“一层的输入全部同号”的比例（种子 1）：");
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
    println!("训练损失与准确率（{SEED_COUNT} 个种子的平均 ± 95% 置信区间的半宽）：");
    for run in &report.runs {
        let (l10, l200, acc) = (run.at(10), run.at(EPOCHS), run.accuracy());
        println!(
            "  {:<10}第 10 轮 {:.3} ± {:.3}  第 {EPOCHS} 轮 {:.3} ± {:.3}  准确率 {:.1}% ± {:.1}%",
            run.activation.to_string(),
            l10.mean,
            l10.half_width,
            l200.mean,
            l200.half_width,
            100.0 * acc.mean,
            100.0 * acc.half_width
        );
        let finals: Vec<String> = run
            .final_losses()
            .iter()
            .map(|l| format!("{l:.2}"))
            .collect();
        println!("            各种子最后的损失：{}", finals.join(" "));
    }
    println!("第 {EPOCHS} 轮损失的配对差（同一种子）：");
    for (a, b) in [
        (Activation::CentredSigmoid, Activation::Sigmoid),
        (Activation::Tanh, Activation::CentredSigmoid),
    ] {
        let d = report.final_loss_difference(a, b);
        println!("  {a} 减 {b}：{:+.3} ± {:.3}", d.mean, d.half_width);
    }
    let d = report.slope_versus_centring();
    println!(
        "  斜率的份额减去零中心的份额：{:+.3} ± {:.3}",
        d.mean, d.half_width
    );
    Ok(())
}
// ANCHOR_END: cell
