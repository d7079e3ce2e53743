#!/usr/bin/env rust-script
//! `mlp.md` — 第一张图：一个小型多层感知机在双月数据上的训练曲线；并打印梯度检验的结果.
//!
//! Run it on its own with `rust-script examples/mlp.rs` or
//! `cargo run --example mlp`; it writes `src/figures/mlp.svg` and prints the
//! gradient check and the training summary (the build saves them as
//! `src/figures/mlp.txt`).
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! activations-experiments = { path = "../crates/experiments" }
//! ```

// ANCHOR: cell
use activations_experiments::data::two_moons;
use activations_experiments::gradient_check;
use activations_experiments::mlp::{Activation, Mlp};
use activations_plot::{Legend, LineFigure};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 梯度检验：2-5-4-3 的小网络、8 个样本，逐个参数与中心差分比较
    println!("梯度检验（2-5-4-3 网络，8 个样本，h = 1e-5）的最大相对误差：");
    for (activation, error) in gradient_check::run() {
        println!("  {:<22}{error:.1e}", activation.to_string());
    }

    // 训练：200 个双月数据点，2-8-8-2 的 Tanh 网络，小批量 SGD
    let data = two_moons(100, 0.2, 1);
    let mut net = Mlp::new(&[2, 8, 8, 2], Activation::Tanh, 1);
    let losses = net.train(&data, 0.3, 100, 10, 1);
    let epochs: Vec<f64> = (0..losses.len()).map(|e| e as f64).collect();
    LineFigure::new("mlp", "2-8-8-2 Tanh 网络在双月数据上的训练")
        .axes("训练轮数 (epoch)", "训练集上的平均交叉熵损失")
        .legend(Legend::UpperRight)
        .curve("损失 (loss)", &epochs, &losses)
        .save()?;

    println!("训练（2-8-8-2，Tanh，学习率 0.3，批大小 10）：");
    println!("  训练前      损失 {:.4}", losses[0]);
    for e in [1, 10, 50, 100] {
        println!("  第 {e:>3} 轮后  损失 {:.4}", losses[e]);
    }
    println!("  训练集准确率 {:.1}%", 100.0 * net.accuracy(&data));
    Ok(())
}
// ANCHOR_END: cell
