#!/usr/bin/env rust-script
//! `claims.md` — 论断总表：每条论断的区间（以半宽为单位）与判断 — the ledger of claims.
//!
//! Run it on its own with `rust-script examples/claims.rs` or
//! `cargo run --example claims`; it writes `src/figures/claims.svg` and
//! prints the ledger as a Markdown table (the build saves it as
//! `src/figures/claims.txt`, which the chapter includes).
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! activations-experiments = { path = "../crates/experiments" }
//! ```

// ANCHOR: cell
use activations_experiments::claims::{ledger, markdown};
use activations_plot::{Legend, LineFigure};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows = ledger();

    // 每条论断一条横线：区间以它自己的半宽为单位，中心是 均值/半宽。
    // 横线不碰到 0 的竖线，区间就不含 0。
    let mut figure = LineFigure::new("claims", "论断总表：各条论断的 95% 置信区间")
        .axes(
            "均值 / 区间半宽（区间不跨过 0 才算有差别）",
            "论断（自上而下，与图例同序）",
        )
        // 图例占上半部分，各条论断的区间画在下半部分
        .legend(Legend::UpperLeft)
        .y_range(0.0, 2.2 * rows.len() as f64);
    let n = rows.len() as f64;
    for (k, row) in rows.iter().enumerate() {
        let r = &row.result;
        // 半宽为 0（所有种子结果相同）时用一个很小的数，避免除以 0
        let unit = r.half_width.max(1e-12 * r.mean.abs().max(1e-12));
        let y = n - k as f64;
        let label = format!("{}. {}：{}", k + 1, row.claim, row.verdict);
        // 远离 0 的区间截在 ±20 处：那里的结论早已确定
        let x = [r.mean / unit - 1.0, r.mean / unit + 1.0].map(|x| x.clamp(-20.0, 20.0));
        figure = figure.curve(&label, &x, &[y, y]);
    }
    figure = figure.dashed("0：没有差别", &[0.0, 0.0], &[0.5, n + 0.5]);
    figure.save()?;

    print!("{}", markdown(&rows));
    Ok(())
}
// ANCHOR_END: cell
