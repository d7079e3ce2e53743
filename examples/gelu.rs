#!/usr/bin/env rust-script
//! `gelu.md` — 第一张图：GELU 函数及其导数；第二张图：tanh 近似与精确 GELU 之差 — GELU, in Rust.
//!
//! Run it on its own with `rust-script examples/gelu.rs` or
//! `cargo run --example gelu`; it writes `src/figures/gelu.svg` and
//! `src/figures/gelu-difference.svg`, and prints the largest differences (the
//! build saves them as `src/figures/gelu.txt`).
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::{gelu, gelu_derivative, gelu_tanh, gelu_tanh_derivative, linspace, relu};
use activations_plot::{Legend, LineFigure};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 第一张图：-5 到 5 之间的 101 个点（包含 0）
    let x = linspace(-5.0, 5.0, 101);
    let y: Vec<f64> = x.iter().map(|&x| gelu(x)).collect();
    let dy: Vec<f64> = x.iter().map(|&x| gelu_derivative(x)).collect();
    let r: Vec<f64> = x.iter().map(|&x| relu(x)).collect();
    LineFigure::new("gelu", "GELU 函数及其导数")
        .curve("GELU 函数 xΦ(x)", &x, &y)
        .dashed("GELU 导数", &x, &dy)
        .curve("ReLU（对照）", &x, &r)
        .save()?;

    // 第二张图：tanh 近似减去精确值。差值只有 10⁻⁴ 的量级，乘以 10⁴ 后作图
    let x = linspace(-6.0, 6.0, 1201);
    let diff: Vec<f64> = x.iter().map(|&x| gelu_tanh(x) - gelu(x)).collect();
    let scaled: Vec<f64> = diff.iter().map(|d| d * 1e4).collect();
    LineFigure::new("gelu-difference", "GELU 的 tanh 近似与精确值之差")
        .axes("x", "差值（× 10⁻⁴）")
        .legend(Legend::LowerLeft)
        .curve("gelu_tanh − gelu", &x, &scaled)
        .save()?;

    // 打印函数之差与导数之差的最大绝对值及其位置（两者分别关于 x = 0 偶、奇对称）
    let diff_d: Vec<f64> = x
        .iter()
        .map(|&x| gelu_tanh_derivative(x) - gelu_derivative(x))
        .collect();
    let worst = |d: &[f64]| {
        x.iter()
            .zip(d)
            .map(|(&x, &d)| (x.abs(), d.abs()))
            .fold((0.0, 0.0), |a, b| if b.1 > a.1 { b } else { a })
    };
    let (at, max) = worst(&diff);
    println!("max |gelu_tanh(x)  - gelu(x)|  = {max:.3e} at x = ±{at:.2}");
    let (at, max) = worst(&diff_d);
    println!("max |gelu_tanh'(x) - gelu'(x)| = {max:.3e} at x = ±{at:.2}");
    Ok(())
}
// ANCHOR_END: cell
