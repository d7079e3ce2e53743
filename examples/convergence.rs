#!/usr/bin/env rust-script
//! `convergence.md` — 第一张图：六种激活函数的训练损失曲线；第二张图：训练后的决策边界 — the
//! convergence experiment.
//!
//! Run it on its own with `rust-script examples/convergence.rs` or
//! `cargo run --example convergence`; it writes
//! `src/figures/convergence.svg`, `src/figures/convergence-boundaries.svg`
//! and `src/figures/convergence-seeds.svg` and prints the losses (the build saves them as
//! `src/figures/convergence.txt`).
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! activations-experiments = { path = "../crates/experiments" }
//! ```

// ANCHOR: cell
use activations_experiments::convergence::{self, LIMIT};
use activations_plot::{BoundaryFigure, Legend, LineFigure, Scale};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let report = convergence::run();

    // 第一张图：损失曲线（纵轴对数刻度，小的损失也看得清）
    let mut figure = LineFigure::new(
        "convergence",
        "双月数据上的训练损失（2-16-16-2，学习率 0.1）",
    )
    .axes("训练轮数 (epoch)", "训练集上的平均交叉熵损失")
    .y_scale(Scale::Log)
    .y_range(0.03, 4.0)
    .legend(Legend::UpperRight);
    for run in &report.runs {
        let epochs: Vec<f64> = (0..run.losses.len()).map(|e| e as f64).collect();
        figure = figure.curve(&run.activation.to_string(), &epochs, &run.losses);
    }
    figure.save()?;

    // 第二张图：100 轮后的决策边界
    // 表格：“低于 0.2”是损失第一次低于 0.2 的轮数（“-”表示 100 轮内没有）
    let mut boundaries = BoundaryFigure::new(
        "convergence-boundaries",
        "训练 100 轮后的决策边界",
        3,
        LIMIT,
    )
    .points(&report.data);
    for run in &report.runs {
        let title = format!("{}（准确率 {:.1}%）", run.activation, 100.0 * run.accuracy);
        boundaries = boundaries.panel(&title, &run.probabilities);
    }
    boundaries.save()?;

    // 表头的汉字占两列宽，所以手工对齐
    println!("激活函数                  0 轮   10 轮   30 轮  100 轮 首次<0.2  准确率");
    for run in &report.runs {
        let reached = run.epochs_to(0.2).map_or("-".to_owned(), |e| e.to_string());
        println!(
            "{:<22}{:>8.3}{:>8.3}{:>8.3}{:>8.3}{:>9}{:>7.1}%",
            run.activation.to_string(),
            run.losses[0],
            run.losses[10],
            run.losses[30],
            run.losses[100],
            reached,
            100.0 * run.accuracy
        );
    }
    seeds()
}
// ANCHOR_END: cell

// ANCHOR: seeds
/// 多个种子：平均损失曲线与 95% 置信区间（阴影），以及配对差的区间
fn seeds() -> Result<(), Box<dyn std::error::Error>> {
    use activations_experiments::convergence::{EPOCHS, SEED_COUNT, run_seeds};
    use activations_experiments::mlp::Activation::*;
    let report = run_seeds();
    let mut figure = LineFigure::new(
        "convergence-seeds",
        &format!("{SEED_COUNT} 个种子的平均训练损失与 95% 置信区间"),
    )
    .axes("训练轮数 (epoch)", "训练集上的平均交叉熵损失")
    .y_scale(Scale::Log)
    .y_range(0.02, 4.0)
    .legend(Legend::UpperRight);
    let epochs: Vec<f64> = (0..=EPOCHS).map(|e| e as f64).collect();
    for run in &report.runs {
        let ci: Vec<_> = (0..=EPOCHS).map(|e| run.at(e)).collect();
        let mean: Vec<f64> = ci.iter().map(|c| c.mean).collect();
        // 对数纵轴上区间的下端不能小于 0
        let low: Vec<f64> = ci.iter().map(|c| c.low().max(0.02)).collect();
        let high: Vec<f64> = ci.iter().map(|c| c.high()).collect();
        let label = run.activation.to_string();
        figure = figure.curve_with_band(&label, &epochs, &mean, &low, &high);
    }
    figure.save()?;

    println!();
    println!("{SEED_COUNT} 个种子（均值 ± 95% 置信区间半宽）：");
    println!("激活函数              第 100 轮的损失     首次<0.2 的轮数");
    for run in &report.runs {
        let epochs = activations_experiments::stats::Interval::of(&run.epochs_to(0.2));
        let (loss, epochs) = (format!("{:.3}", run.at(EPOCHS)), format!("{epochs:.1}"));
        println!("{:<22}{loss:>16}{epochs:>18}", run.activation.to_string());
    }
    println!("配对差（同一种子，a − b；区间不含 0 才算有差别）：");
    let pairs = [
        (Tanh, Sigmoid),
        (Relu, Tanh),
        (Relu, Sigmoid),
        (LeakyRelu(0.01), Relu),
        (Elu(1.0), Relu),
        (Gelu, Relu),
    ];
    for (a, b) in pairs {
        println!(
            "  {a} − {b}：第 100 轮的损失 {:.3}，首次<0.2 的轮数 {:.1}",
            report.final_loss_difference(a, b),
            report.epochs_difference(a, b)
        );
    }
    Ok(())
}
// ANCHOR_END: seeds
