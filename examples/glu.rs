#!/usr/bin/env rust-script
//! `glu.md` — 第一张图：四种门控函数在 v = 1 时的切片及其对门的导数；第二、三张图：
//! SwiGLU 在 (g, v) 平面上的取值与对门的偏导 — the GLU family, in Rust.
//!
//! Run it on its own with `rust-script examples/glu.rs` or
//! `cargo run --example glu`; it writes `src/figures/glu.svg`,
//! `src/figures/glu-derivative.svg`, `src/figures/glu-surface.svg` and
//! `src/figures/glu-surface-gate.svg`.
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::{
    geglu, geglu_derivative, glu, glu_derivative, linspace, reglu, reglu_derivative, swiglu,
    swiglu_derivative,
};
use activations_plot::{HeatmapFigure, LineFigure};

type Gated = fn(f64, f64) -> f64;
type Partials = fn(f64, f64) -> (f64, f64);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 名字、门控函数 F、它的导数 F′，以及函数本身和它的两个偏导
    let family: [(&str, &str, &str, Gated, Partials); 4] = [
        ("GLU", "σ(g)", "σ′(g)", glu, glu_derivative),
        ("ReGLU", "relu(g)", "relu′(g)", reglu, reglu_derivative),
        ("GEGLU", "gelu(g)", "gelu′(g)", geglu, geglu_derivative),
        ("SwiGLU", "silu(g)", "silu′(g)", swiglu, swiglu_derivative),
    ];

    // 第一张图：值固定为 v = 1 时，四个函数都只剩下门控函数本身
    let g = linspace(-4.0, 4.0, 161);
    let mut slices = LineFigure::new("glu", "GLU 家族在 v = 1 处的切片：F(g)·1")
        .axes("门 g（gate）", "F(g)·v，v = 1");
    for (name, gate, _, f, _) in family {
        let y: Vec<f64> = g.iter().map(|&g| f(g, 1.0)).collect();
        slices = slices.curve(&format!("{name}：{gate}"), &g, &y);
    }
    slices.save()?;

    // 第二张图：对门的偏导 ∂/∂g = F′(g)·v，同样取 v = 1
    let mut slopes = LineFigure::new("glu-derivative", "对门的偏导 ∂/∂g 在 v = 1 处：F′(g)")
        .axes("门 g（gate）", "∂/∂g，v = 1");
    for (name, _, slope, _, df) in family {
        let y: Vec<f64> = g.iter().map(|&g| df(g, 1.0).0).collect();
        slopes = slopes.curve(&format!("{name}：{slope}"), &g, &y);
    }
    slopes.save()?;

    // 第三、四张图：SwiGLU 在 (g, v) 平面上，g 从 −4 到 4（列），v 从 2 到 −2（行）
    let gates = linspace(-4.0, 4.0, 9);
    let values = linspace(2.0, -2.0, 9);
    let labels = |xs: &[f64]| -> Vec<String> { xs.iter().map(|x| format!("{x}")).collect() };
    let (columns, rows) = (labels(&gates), labels(&values));
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let table = |f: &dyn Fn(f64, f64) -> f64| -> Vec<Vec<f64>> {
        values
            .iter()
            .map(|&v| gates.iter().map(|&g| f(g, v)).collect())
            .collect()
    };
    HeatmapFigure::new(
        "glu-surface",
        "SwiGLU：swiglu(g, v) = silu(g)·v",
        &table(&swiglu),
    )
    .axes("门 g（gate）", "值 v（value）")
    .column_labels(&columns)
    .row_labels(&rows)
    .decimals(2)
    .save()?;
    HeatmapFigure::new(
        "glu-surface-gate",
        "SwiGLU 对门的偏导：∂/∂g = silu′(g)·v",
        &table(&|g, v| swiglu_derivative(g, v).0),
    )
    .axes("门 g（gate）", "值 v（value）")
    .column_labels(&columns)
    .row_labels(&rows)
    .decimals(2)
    .save()?;
    Ok(())
}
// ANCHOR_END: cell
