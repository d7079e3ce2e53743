#!/usr/bin/env rust-script
//! `softmax_in_depth.md` — 第一张图：Softmax 的雅可比矩阵；第二张图：温度对 Softmax 的影响.
//!
//! Run it on its own with `rust-script examples/softmax_in_depth.rs` or
//! `cargo run --example softmax_in_depth`; it writes
//! `src/figures/softmax_in_depth.svg` and
//! `src/figures/softmax_in_depth-temperature.svg`, and prints the lines the
//! book shows (the build saves them as `src/figures/softmax_in_depth.txt`).
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::{cross_entropy, cross_entropy_gradient, log_softmax, softmax, softmax_jacobian};
use activations_plot::{HeatmapFigure, Legend, LineFigure, Scale};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 第一张图：四个类别的雅可比矩阵 J = diag(p) − p pᵀ
    let logits = [2.0, 1.0, 0.1, -1.0];
    let jacobian = softmax_jacobian(&logits);
    HeatmapFigure::new(
        "softmax_in_depth",
        "Softmax 的雅可比矩阵 J = ∂p/∂x（logits = [2, 1, 0.1, −1]）",
        &jacobian,
    )
    .axes("对 logit xⱼ 求偏导（列 j）", "概率 pᵢ（行 i）")
    .row_labels(&["p₀", "p₁", "p₂", "p₃"])
    .column_labels(&["x₀", "x₁", "x₂", "x₃"])
    .save()?;

    // 第二张图：笔记本的 logits 除以温度 T 之后的概率，T 从 0.05 到 20（对数刻度）
    let notebook = [2.0, 1.0, 0.1];
    let temperatures: Vec<f64> = (0..=260)
        .map(|k| 0.05 * 400.0_f64.powf(f64::from(k) / 260.0))
        .collect();
    let mut figure = LineFigure::new(
        "softmax_in_depth-temperature",
        "温度 T 对 softmax(z / T) 的影响",
    )
    .x_scale(Scale::Log)
    .axes("温度 T（对数刻度）", "概率 (probability)")
    .legend(Legend::UpperRight);
    for class in 0..notebook.len() {
        let p: Vec<f64> = temperatures
            .iter()
            .map(|&t| softmax(&notebook.map(|z| z / t))[class])
            .collect();
        let label = format!("类别 {class}（z = {}）", notebook[class]);
        figure = figure.curve(&label, &temperatures, &p);
    }
    let uniform = vec![1.0 / 3.0; temperatures.len()];
    figure
        .dashed("均匀分布 1/3", &temperatures, &uniform)
        .save()?;

    println!("温度 T 与 softmax(z / T)，z = {notebook:?}:");
    for t in [0.5, 1.0, 2.0, 5.0] {
        let p = softmax(&notebook.map(|z| z / t));
        println!("  T = {t:<3}  p = [{:.4}, {:.4}, {:.4}]", p[0], p[1], p[2]);
    }

    // 朴素公式 exp(x) / Σ exp(x) 与减去最大值的 softmax
    let large = [1000.0_f64, 1001.0, 1002.0];
    let exps: Vec<f64> = large.iter().map(|x| x.exp()).collect();
    let sum: f64 = exps.iter().sum();
    let naive: Vec<f64> = exps.iter().map(|e| e / sum).collect();
    println!("\nlogits = {large:?}");
    println!("  朴素公式 exp(x)/Σexp(x): {naive:?}");
    println!("  softmax（减去最大值）:   {:?}", softmax(&large));

    // ln(softmax) 与 log_softmax
    let far = [0.0_f64, -800.0];
    let ln_p: Vec<f64> = softmax(&far).iter().map(|p| p.ln()).collect();
    println!("\nlogits = {far:?}");
    println!("  ln(softmax(x)):  {ln_p:?}");
    println!("  log_softmax(x):  {:?}", log_softmax(&far));

    // 交叉熵与它的梯度 p − y
    let target = 0;
    println!("\nlogits = {notebook:?}，真实类别 y = {target}");
    println!("  p = softmax(x):     {:?}", softmax(&notebook));
    println!(
        "  交叉熵 L = −ln p_y: {:?}",
        cross_entropy(&notebook, target)
    );
    println!(
        "  梯度 ∂L/∂x = p − y: {:?}",
        cross_entropy_gradient(&notebook, target)
    );
    Ok(())
}
// ANCHOR_END: cell
