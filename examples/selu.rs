#!/usr/bin/env rust-script
//! `selu.md` — 第一张图：SELU 函数及其导数；第二张图：方差逐层趋于 1 — SELU and its fixed point, in Rust.
//!
//! Run it on its own with `rust-script examples/selu.rs` or
//! `cargo run --example selu`; it writes `src/figures/selu.svg` and
//! `src/figures/selu-fixed-point.svg`.
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::{linspace, selu, selu_derivative};
use activations_plot::{Legend, LineFigure, Scale};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 第一张图：函数用实线，导数用虚线
    let x = linspace(-5.0, 5.0, 101);
    let y: Vec<f64> = x.iter().map(|&x| selu(x)).collect();
    let dy: Vec<f64> = x.iter().map(|&x| selu_derivative(x)).collect();
    LineFigure::new("selu", "SELU 函数及其导数")
        .curve("SELU 函数", &x, &y)
        .dashed("SELU 导数", &x, &dy)
        .save()?;

    // 第二张图：预激活值 z ~ N(0, ν) 经过 SELU 和一层归一化的权重（ω = 0, τ = 1）后，
    // 下一层的方差是 Var[selu(z)]。从不同的 ν₀ 出发，逐层迭代这个映射。
    let layers: Vec<f64> = (0..=30).map(f64::from).collect();
    // 纵轴取对数刻度：ν₀ = 1/4 与 ν₀ = 4 离 1 一样“远”
    let mut figure = LineFigure::new("selu-fixed-point", "SELU 网络中方差逐层趋于 1")
        .axes("层数 l", "方差 ν（对数刻度）")
        .y_scale(Scale::Log)
        .legend(Legend::UpperRight);
    for nu0 in [0.25, 0.5, 1.0, 2.0, 4.0] {
        let mut nu = vec![nu0];
        for _ in 1..layers.len() {
            let (_, variance) = selu_moments(*nu.last().unwrap());
            nu.push(variance);
        }
        figure = figure.curve(&format!("ν₀ = {nu0}"), &layers, &nu);
    }
    figure.save()?;
    Ok(())
}

/// z ~ N(0, ν) 时 selu(z) 的均值和方差：在 [−12, 12] 上对标准正态密度用中点法积分。
fn selu_moments(nu: f64) -> (f64, f64) {
    let n = 20_000;
    let h = 24.0 / n as f64;
    let (mut mean, mut second) = (0.0, 0.0);
    for i in 0..n {
        let t = -12.0 + (i as f64 + 0.5) * h;
        let weight = (-t * t / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt() * h;
        let s = selu(nu.sqrt() * t);
        mean += s * weight;
        second += s * s * weight;
    }
    (mean, second - mean * mean)
}
// ANCHOR_END: cell
