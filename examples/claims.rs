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
use activations_plot::BarFigure;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows = ledger();

    // 每条论断一根柱：|均值| / 区间半宽。大于 1，区间就不含 0；
    // 柱的编号是表中的行号。远大于 1 的截在 20（那里的结论早已确定）。
    let mut figure = BarFigure::new(
        "claims",
        "论断总表：每条论断的均值离 0 有几个区间半宽",
        "论断（表中的行号）",
        "|均值| / 区间半宽（大于 1 即区间不含 0）",
    )
    .value_format(|v| format!("{v:.2}"));
    for (k, row) in rows.iter().enumerate() {
        let r = &row.result;
        let ratio = if r.half_width > 0.0 {
            (r.mean.abs() / r.half_width).min(20.0)
        } else {
            20.0
        };
        figure = figure.bar(&(k + 1).to_string(), ratio);
    }
    figure.save()?;

    print!("{}", markdown(&rows));
    Ok(())
}
// ANCHOR_END: cell
