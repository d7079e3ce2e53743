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
use activations_plot::{Legend, LineFigure, SliderFigure};

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

    // 网页上的交互图：滑块选一个点 x₀，读出精确 GELU 与 tanh 近似在该点的
    // 值、导数和差；所有数都在构建时由库计算
    let x = linspace(-6.0, 6.0, 121);
    SliderFigure::new("gelu-slider", "GELU 与 tanh 近似：逐点比较", "x₀", &x)
        .initial(2.7)
        .marker()
        .x(&x)
        .fixed("GELU（精确）", false, gelu)
        .fixed("tanh 近似", true, gelu_tanh)
        .fixed("GELU 导数（精确）", false, gelu_derivative)
        .fixed("tanh 近似的导数", true, gelu_tanh_derivative)
        .readout("gelu(x₀)", gelu)
        .readout("gelu_tanh(x₀)", gelu_tanh)
        .readout("gelu_tanh(x₀) − gelu(x₀)", |x| gelu_tanh(x) - gelu(x))
        .readout("gelu_tanh′(x₀) − gelu′(x₀)", |x| {
            gelu_tanh_derivative(x) - gelu_derivative(x)
        })
        .save()?;
    Ok(())
}
// ANCHOR_END: cell
