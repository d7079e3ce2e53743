#!/usr/bin/env rust-script
//! `rrelu.md` — 第一张图：RReLU 的训练模式与评估模式 — RReLU's random and mean slopes, in Rust.
//!
//! Run it on its own with `rust-script examples/rrelu.rs` or
//! `cargo run --example rrelu`; it writes `src/figures/rrelu.svg`.
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! rand_chacha = { version = "0.9", default-features = false }
//! ```

// ANCHOR: cell
use activations::{RreluMode, leaky_relu, linspace, rrelu};
use activations_plot::LineFigure;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // PyTorch 的默认范围：训练时 α ~ U(1/8, 1/3)
    const LOWER: f64 = 1.0 / 8.0;
    const UPPER: f64 = 1.0 / 3.0;
    // x 从 −10 到 5，步长 0.1：负半轴才是 RReLU 与 ReLU 不同的地方
    let x = linspace(-10.0, 5.0, 151);

    // 评估模式：固定斜率 (1/8 + 1/3)/2 = 11/48，不需要随机数生成器
    let eval: Vec<f64> = x
        .iter()
        .map(|&x| rrelu(x, LOWER, UPPER, RreluMode::Evaluation))
        .collect();
    // 训练模式：每个元素各抽一个 α（固定种子，每次运行画出同一张图）
    let mut rng = ChaCha8Rng::seed_from_u64(2015);
    let train: Vec<f64> = x
        .iter()
        .map(|&x| rrelu(x, LOWER, UPPER, RreluMode::Training(&mut rng)))
        .collect();
    // α 可能取到的范围：两条边界直线
    let low: Vec<f64> = x.iter().map(|&x| leaky_relu(x, LOWER)).collect();
    let high: Vec<f64> = x.iter().map(|&x| leaky_relu(x, UPPER)).collect();

    LineFigure::new("rrelu", "RReLU：训练时随机斜率，评估时取平均斜率")
        .curve("评估模式（α = 11/48）", &x, &eval)
        .curve("训练模式（每个元素各抽一个 α）", &x, &train)
        .dashed("α = 1/8（下界）", &x, &low)
        .dashed("α = 1/3（上界）", &x, &high)
        .save()?;
    Ok(())
}
// ANCHOR_END: cell
