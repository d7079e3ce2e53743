#!/usr/bin/env rust-script
//! `dying_relu.md` — 第一张图：训练后死亡单元的比例与学习率 — the dying-ReLU experiment.
//!
//! Run it on its own with `rust-script examples/dying_relu.rs` or
//! `cargo run --example dying_relu`; it writes `src/figures/dying_relu.svg`
//! and prints the table behind it (the build saves it as
//! `src/figures/dying_relu.txt`).
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! activations-experiments = { path = "../crates/experiments" }
//! ```

// ANCHOR: cell
use activations_experiments::dying_relu::{self, SEED_COUNT};
use activations_experiments::stats::Interval;
use activations_plot::{Legend, LineFigure, Scale};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let report = dying_relu::run();

    let mut figure = LineFigure::new(
        "dying_relu",
        &format!("训练 10 轮后死亡单元（对所有样本梯度都为 0）的比例，{SEED_COUNT} 个种子"),
    )
    .axes("学习率 (learning rate)", "隐藏单元中的比例")
    .x_scale(Scale::Log)
    .legend(Legend::UpperLeft);
    for curve in &report.curves {
        let x: Vec<f64> = curve.points.iter().map(|p| p.learning_rate).collect();
        let dead: Vec<f64> = curve.points.iter().map(|p| p.dead.mean).collect();
        // 比例在 [0, 1] 内：区间截到这个范围
        let low: Vec<f64> = curve.points.iter().map(|p| p.dead.low().max(0.0)).collect();
        let high: Vec<f64> = curve
            .points
            .iter()
            .map(|p| p.dead.high().min(1.0))
            .collect();
        figure = figure.curve_with_band(&curve.activation.to_string(), &x, &dead, &low, &high);
    }
    figure.save()?;

    println!(
        "初始化时（未训练）死亡的 ReLU 单元：{:.1}% ± {:.1}%",
        100.0 * report.dead_at_init.mean,
        100.0 * report.dead_at_init.half_width
    );
    println!("{SEED_COUNT} 个种子的平均 ± 95% 置信区间的半宽：");
    let percent = |i: &Interval| format!("{:.1} ± {:.1}", 100.0 * i.mean, 100.0 * i.half_width);
    for curve in &report.curves {
        println!("{}", curve.activation);
        println!("  学习率   死亡 (%)       z<=0 (%)       准确率 (%)");
        for p in &curve.points {
            println!(
                "  {:>6}  {:<13}  {:<13}  {}",
                p.learning_rate,
                percent(&p.dead),
                percent(&p.silent),
                percent(&p.accuracy)
            );
        }
    }
    optimizers();
    Ok(())
}
// ANCHOR_END: cell

// ANCHOR: optimizers
/// 换优化器、换学习率、多个种子：ReLU 的死亡单元与 Leaky ReLU 的准确率增益
fn optimizers() {
    use activations_experiments::dying_relu::run_optimizers;
    println!();
    println!("{SEED_COUNT} 个种子（均值 ± 95% 置信区间半宽）：");
    println!("优化器               学习率    ReLU 死亡单元  ReLU 准确率  Leaky − ReLU 准确率");
    for c in run_optimizers() {
        let accuracy = Interval::of(&c.relu_accuracy);
        // 汉字占两列宽：按显示宽度补齐第一列
        let name = c.optimizer.to_string();
        let wide = name.chars().filter(|&ch| ch >= '\u{2E80}').count();
        let pad = " ".repeat(20usize.saturating_sub(name.chars().count() + wide));
        println!(
            "{name}{pad}{:>7}{:>16}{:>15}{:>21}",
            c.learning_rate,
            format!("{:.3}", c.dead()),
            format!("{:.3}", accuracy),
            format!("{:.3}", c.leaky_gain())
        );
    }
}
// ANCHOR_END: optimizers
