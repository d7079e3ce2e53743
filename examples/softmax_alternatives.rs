#!/usr/bin/env rust-script
//! `softmax_alternatives.md` — 第一张图：两个类别时 softmax、1.5-entmax 与 sparsemax 的概率曲线；第二张图：放大 logits 时非零分量的个数；第三张图：三个类别的概率在单纯形上的路径.
//!
//! Run it on its own with `rust-script examples/softmax_alternatives.rs` or
//! `cargo run --example softmax_alternatives`; it writes
//! `src/figures/softmax_alternatives.svg` and
//! `src/figures/softmax_alternatives-support.svg` and
//! `src/figures/softmax_alternatives-simplex.svg`, and prints the lines the
//! book shows (the build saves them as `src/figures/softmax_alternatives.txt`).
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::{entmax15, linspace, sigmoid_attention, softmax, sparsemax};
use activations_plot::{Legend, LineFigure, Scale};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 第一张图：两个类别，logits = [t, 0]，第一个类别的概率 p₁(t)
    let t = linspace(-4.0, 4.0, 161);
    let first =
        |f: fn(&[f64]) -> Vec<f64>| -> Vec<f64> { t.iter().map(|&t| f(&[t, 0.0])[0]).collect() };
    LineFigure::new(
        "softmax_alternatives",
        "两个类别时的 p₁(t)，logits = [t, 0]",
    )
    .axes("t（两个 logit 之差）", "第一个类别的概率 p₁")
    .curve("softmax：σ(t)，永不为 0 或 1", &t, &first(softmax))
    .curve("1.5-entmax：|t| ≥ 2 时恰为 0 或 1", &t, &first(entmax15))
    .curve("sparsemax：clip((t + 1)/2, 0, 1)", &t, &first(sparsemax))
    .save()?;

    // 第二张图：10 个固定的 logit 乘以放大倍数 s，数一数非零的概率有几个
    let base = [1.3, 0.9, 0.7, 0.2, 0.0, -0.3, -0.4, -0.9, -1.2, -2.0];
    let scales: Vec<f64> = (0..=120)
        .map(|k| 0.1 * 1000.0_f64.powf(f64::from(k) / 120.0))
        .collect();
    let nonzero = |f: fn(&[f64]) -> Vec<f64>| -> Vec<f64> {
        scales
            .iter()
            .map(|&s| f(&base.map(|z| s * z)).iter().filter(|&&p| p > 0.0).count() as f64)
            .collect()
    };
    LineFigure::new(
        "softmax_alternatives-support",
        "把 10 个 logit 放大 s 倍：有几个概率不为 0",
    )
    .x_scale(Scale::Log)
    .axes("放大倍数 s（对数刻度）", "非零概率的个数")
    .legend(Legend::UpperRight)
    .y_range(0.0, 15.0)
    .curve("softmax", &scales, &nonzero(softmax))
    .curve("1.5-entmax", &scales, &nonzero(entmax15))
    .curve("sparsemax", &scales, &nonzero(sparsemax))
    .save()?;

    // 第三张图：三个类别，logits 沿一个圆周 zₖ = 0.6·cos(θ − 2πk/3) 变化，
    // 概率向量画在单纯形（等边三角形）上：顶点是 one-hot，边上有一个概率为 0
    let theta = linspace(0.0, std::f64::consts::TAU, 721);
    let on_triangle = |f: fn(&[f64]) -> Vec<f64>| -> (Vec<f64>, Vec<f64>) {
        theta
            .iter()
            .map(|&t| {
                let z =
                    [0.0, 1.0, 2.0].map(|k: f64| 0.6 * (t - k * std::f64::consts::TAU / 3.0).cos());
                let p = f(&z);
                (p[1] + p[2] / 2.0, p[2] * 3f64.sqrt() / 2.0)
            })
            .unzip()
    };
    let (edge_x, edge_y) = (
        vec![0.0, 1.0, 0.5, 0.0],
        vec![0.0, 0.0, 3f64.sqrt() / 2.0, 0.0],
    );
    let (sx, sy) = on_triangle(softmax);
    let (ex, ey) = on_triangle(entmax15);
    let (px, py) = on_triangle(sparsemax);
    LineFigure::new(
        "softmax_alternatives-simplex",
        "logits 沿圆周变化时，概率在单纯形上走过的路径",
    )
    .axes("p₂ + p₃/2", "(√3/2)·p₃")
    .legend(Legend::UpperRight)
    .y_range(-0.05, 1.0)
    .dashed("单纯形的边（有一个概率为 0）", &edge_x, &edge_y)
    .curve("softmax", &sx, &sy)
    .curve("1.5-entmax", &ex, &ey)
    .curve("sparsemax", &px, &py)
    .save()?;

    let z = [1.0, 0.8, 0.1, -1.0];
    println!("logits z = {z:?}");
    println!("  softmax(z)   = {:.4?}", softmax(&z));
    println!("  entmax15(z)  = {:.4?}", entmax15(&z));
    println!("  sparsemax(z) = {:.4?}", sparsemax(&z));
    let scores = [0.0, 0.0, 0.0, 0.0];
    println!(
        "\nsigmoid_attention({scores:?}) = {:.4?}",
        sigmoid_attention(&scores)
    );
    Ok(())
}
// ANCHOR_END: cell
