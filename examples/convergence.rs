#!/usr/bin/env rust-script
//! `convergence.md` — 第一张图：六种激活函数的训练损失曲线；第二张图：训练后的决策边界 — the
//! convergence experiment.
//!
//! Run it on its own with `rust-script examples/convergence.rs` or
//! `cargo run --example convergence`; it writes
//! `src/figures/convergence.svg` and `src/figures/convergence-boundaries.svg`
//! and prints the losses (the build saves them as
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
    Ok(())
}
// ANCHOR_END: cell
