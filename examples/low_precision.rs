#!/usr/bin/env rust-script
//! `low_precision.md` — 低精度：f16 与 bf16 — the figures, in Rust.
//!
//! Run it on its own with `cargo run --example low_precision`; it writes
//! `src/figures/low_precision.svg` (the error of op-by-op 16-bit arithmetic
//! against the library, over every f16 input), `low_precision-saturation.svg`
//! (σ and σ′ in f16, bf16 and f64) and `low_precision-softmax.svg` (softmax
//! without the max shift in f16), and prints the worst errors (the build saves
//! that as `src/figures/low_precision.txt`).
//!
//! ```cargo
//! [dependencies]
//! activations = { path = "..", features = ["half"] }
//! activations-experiments = { path = "../crates/experiments" }
//! activations-plot = { path = "../crates/plot" }
//! half = { version = "2.7.1", default-features = false, features = ["num-traits"] }
//! ```

// ANCHOR: cell
use activations::{
    gelu_tanh, sigmoid, sigmoid_derivative, sigmoid_naive, silu, softmax, softmax_naive, softplus,
    softplus_naive,
};
use activations_experiments::low_precision::{
    gelu_tanh_op_by_op, silu_op_by_op, worst_error, worst_error_per_bucket,
};
use activations_plot::{Legend, LineFigure, Scale};
use half::{bf16, f16};

type Pair = (fn(f16) -> f16, fn(f64) -> f64);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 四个函数：逐步 f16 运算（每一步都舍入到 16 位）与本库（f32 中计算、舍入一次）
    // 每一行：名称，（逐步 f16 的写法，f64 参考值），（本库，f64 参考值）
    let functions: [(&str, Pair, Pair); 4] = [
        ("σ", (sigmoid_naive, sigmoid), (sigmoid, sigmoid)),
        ("softplus", (softplus_naive, softplus), (softplus, softplus)),
        ("SiLU", (silu_op_by_op, silu), (silu, silu)),
        (
            "GELU(tanh)",
            (gelu_tanh_op_by_op, gelu_tanh),
            (gelu_tanh, gelu_tanh),
        ),
    ];

    // 图 1：[-12, 12] 内的全部 f16 输入，分成 240 个区间，每个区间取最大误差
    let range = (-12.0, 12.0);
    let mut figure = LineFigure::new("low_precision", "f16 中逐步计算与舍入一次的误差")
        .axes("x", "区间内最大误差（f16 的 ULP）")
        .y_scale(Scale::Log)
        .y_range(1e-3, 1e9)
        .legend(Legend::UpperRight);
    let mut library_worst = vec![0.0_f64; 240];
    let mut centres = Vec::new();
    println!(
        "函数          逐步 f16 的最大误差（在 x）     本库的最大误差（在 x）   [全部 f16 输入，单位 ULP]"
    );
    for (name, (op, exact), (lib, _)) in functions {
        let op_curve = worst_error_per_bucket(op, exact, range, 240);
        let lib_curve = worst_error_per_bucket(lib, exact, range, 240);
        centres = lib_curve.iter().map(|p| p.0).collect();
        for (w, p) in library_worst.iter_mut().zip(&lib_curve) {
            *w = w.max(p.1);
        }
        // 对数纵轴画不出 0 和 ∞：误差小于 10⁻³ ULP 的点画在 10⁻³，∞ 画在 10⁴
        let (x, e): (Vec<f64>, Vec<f64>) = op_curve
            .iter()
            .map(|&(x, e)| (x, e.clamp(1e-3, 1e4)))
            .unzip();
        figure = figure.curve(&format!("{name}，逐步 f16"), &x, &e);
        let (op_worst, op_at) = worst_error(op, exact);
        let (lib_worst, lib_at) = worst_error(lib, exact);
        println!(
            "{name:<12}  {op_worst:>12.3e}（{op_at:>9.4}）    {lib_worst:>6.3}（{lib_at:>9.3e}）"
        );
    }
    let floor: Vec<f64> = library_worst.iter().map(|e| e.max(1e-3)).collect();
    figure
        .dashed("本库（四个函数中最大的）", &centres, &floor)
        .save()?;

    // 图 2：σ 与 σ′ 在三种格式中的值（对数纵轴）：1 − σ(x) 何时变成 0，σ′ 何时下溢
    let xs: Vec<f64> = (0..=1200).map(|i| f64::from(i) * 0.02).collect();
    let one_minus = |s: f64| 1.0 - s; // 16 位结果在 f64 中相减，精确
    let keep_positive = |ys: Vec<f64>| -> (Vec<f64>, Vec<f64>) {
        xs.iter()
            .zip(ys)
            .filter(|(_, y)| *y > 0.0)
            .map(|(&x, y)| (x, y))
            .unzip()
    };
    let curve = |f: &dyn Fn(f64) -> f64| keep_positive(xs.iter().map(|&x| f(x)).collect());
    let (a, b) = curve(&|x| one_minus(f64::from(sigmoid(f16::from_f64(x)))));
    let (c, d) = curve(&|x| one_minus(f64::from(sigmoid(bf16::from_f64(x)))));
    let (e, f) = curve(&|x| f64::from(sigmoid_derivative(f16::from_f64(x))));
    let (g, h) = curve(&|x| f64::from(sigmoid_derivative(bf16::from_f64(x))));
    let (i, j) = curve(&|x| sigmoid_derivative(x));
    LineFigure::new(
        "low_precision-saturation",
        "1 − σ(x) 与 σ′(x) 在 f16、bf16 中何时变成 0",
    )
    .axes("x", "值（对数纵轴）")
    .y_scale(Scale::Log)
    .legend(Legend::UpperRight)
    .curve("1 − σ(x)，f16", &a, &b)
    .curve("1 − σ(x)，bf16", &c, &d)
    .curve("σ′(x)，f16", &e, &f)
    .curve("σ′(x)，bf16", &g, &h)
    .dashed("σ′(x)，f64", &i, &j)
    .save()?;

    // 图 3：logits (x, 0, −1) 的 softmax 第一个分量：f16 中不减最大值在 x > 11.09 后是 NaN
    let xs: Vec<f64> = (0..=160).map(|i| f64::from(i) * 0.1).collect();
    let first = |p: Vec<f16>| f64::from(p[0]);
    let logits = |x: f64| [f16::from_f64(x), f16::ZERO, f16::from_f64(-1.0)];
    let (naive_x, naive_p): (Vec<f64>, Vec<f64>) = xs
        .iter()
        .map(|&x| (x, first(softmax_naive(&logits(x)))))
        .filter(|(_, p)| !p.is_nan())
        .unzip();
    let stable: Vec<f64> = xs.iter().map(|&x| first(softmax(&logits(x)))).collect();
    LineFigure::new(
        "low_precision-softmax",
        "f16 中的 softmax：不减最大值时 x > 11.09 后是 NaN",
    )
    .axes("x（logits 为 x、0、−1）", "第一个分量 p₁")
    .legend(Legend::LowerRight)
    .y_range(0.0, 1.05)
    .dashed("减去最大值（本库）", &xs, &stable)
    .curve("不减最大值（f16 逐步）", &naive_x, &naive_p)
    .save()?;
    println!(
        "softmax 不减最大值：最后一个有定义的 x = {:.4}",
        naive_x.last().unwrap()
    );
    println!(
        "σ′ 在 f16 中的最后一个非零点 x = {:.2}，bf16 中 {:.2}（图中范围内）",
        e.last().unwrap(),
        g.last().unwrap()
    );
    Ok(())
}
// ANCHOR_END: cell
