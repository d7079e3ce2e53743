#!/usr/bin/env rust-script
//! `softmax.md` — 第一张图：Softmax 输出的概率分布 — the notebook's Softmax cell, in Rust.
//!
//! Run it on its own with `rust-script examples/softmax.rs` or
//! `cargo run --example softmax`; it writes `src/figures/softmax.svg` and
//! prints the three lines the book shows (the build saves them as
//! `src/figures/softmax.txt`).
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::softmax;
use activations_plot::{BarFigure, SliderFigure};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Softmax 的导数是一个雅可比矩阵，这里和笔记本一样只画函数本身：
    // 一个 3 维的 logits 向量
    let logits = [2.0, 1.0, 0.1];
    let probabilities = softmax(&logits);

    // 绘制条形图
    let mut figure = BarFigure::new(
        "softmax",
        "Softmax 输出的概率",
        "类别 (class index)",
        "概率 (probability)",
    );
    for (class, &p) in probabilities.iter().enumerate() {
        figure = figure.bar(&format!("类别 {class}"), p);
    }
    figure.save()?;

    println!("Logits: {logits:?}");
    println!("Probabilities: {probabilities:?}");
    println!(
        "Sum of Probabilities: {:?}",
        probabilities.iter().sum::<f64>()
    );

    // 网页上的交互图：温度 T 从 0.1 到 5（步长 0.1）时 softmax(logits / T)，
    // 每个温度的概率都在构建时由库计算
    let temperatures: Vec<f64> = (1..=50).map(|i| f64::from(i) / 10.0).collect();
    let with_temperature = |t: f64| softmax(&logits.map(|z| z / t));
    SliderFigure::new(
        "softmax-slider",
        "温度 T 下的 Softmax 概率",
        "T",
        &temperatures,
    )
    .initial(1.0)
    .bars("概率", &["类别 0", "类别 1", "类别 2"], with_temperature)
    .readout("最大概率 p₀", |t| with_temperature(t)[0])
    .save()?;
    Ok(())
}
// ANCHOR_END: cell
