#!/usr/bin/env rust-script
//! `softsign.md` — 第一张图：Softsign 与 Tanh 及其导数 — softsign, in Rust.
//!
//! Run it on its own with `rust-script examples/softsign.rs` or
//! `cargo run --example softsign`; it writes `src/figures/softsign.svg` and
//! prints how far each function is from 1 (the build saves that as
//! `src/figures/softsign.txt`).
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::{linspace, sigmoid, softsign, softsign_derivative, tanh, tanh_derivative};
use activations_plot::LineFigure;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 生成数据：-10 到 10 之间的 201 个点（包含 0）
    let x = linspace(-10.0, 10.0, 201);
    let map = |f: fn(f64) -> f64| -> Vec<f64> { x.iter().map(|&x| f(x)).collect() };

    // 绘制图形：函数用实线，导数用虚线
    LineFigure::new("softsign", "Softsign 与 Tanh 及其导数")
        .curve("Softsign 函数 x/(1 + |x|)", &x, &map(softsign))
        .dashed("Softsign 导数", &x, &map(softsign_derivative))
        .curve("Tanh 函数", &x, &map(tanh))
        .dashed("Tanh 导数", &x, &map(tanh_derivative))
        .save()?;

    // 两条尾巴：离上界 1 还有多远，导数还剩多少。
    // 1 − tanh(x) 用 2σ(−2x) 计算：直接相减在 x = 100 处会相消成 0
    println!("     x   1 - softsign(x)   1 - tanh(x)   softsign'(x)   tanh'(x)");
    for x in [1.0, 2.0, 5.0, 10.0, 100.0] {
        println!(
            "{x:>6}   {:>15.3e}   {:>11.3e}   {:>12.3e}   {:>8.3e}",
            1.0 - softsign(x),
            2.0 * sigmoid(-2.0 * x),
            softsign_derivative(x),
            tanh_derivative(x)
        );
    }
    Ok(())
}
// ANCHOR_END: cell
