#!/usr/bin/env rust-script
//! 图 20-1：快速内核比 numpy 快多少 — drawn from the committed measurements.
//!
//! The data are `data/cost.csv`, written by `cargo xtask cost`; this program
//! only reads them (they are compiled in with `include_str!`), so the figure
//! and the table it prints are a pure function of the committed file. Run it
//! on its own with `rust-script examples/cost.rs` or `cargo run --example
//! cost`; it writes `src/figures/cost.svg` and prints the chapter's table.
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! ```

// ANCHOR: cell
use activations::plot::BarFigure;

/// The measurements: machine, date, numpy version, kernel, implementation,
/// ns/element, GB/s, time ÷ numpy's time, time ÷ memcpy's time.
const CSV: &str = include_str!("../data/cost.csv");

/// The kernels in the order of the table, with the short names of the bars.
const KERNELS: [(&str, &str); 9] = [
    ("sigmoid", "σ"),
    ("sigmoid_derivative", "σ′"),
    ("tanh", "tanh"),
    ("tanh_derivative", "tanh′"),
    ("relu", "ReLU"),
    ("relu_derivative", "ReLU′"),
    ("leaky_relu", "Leaky"),
    ("leaky_relu_derivative", "Leaky′"),
    ("softmax_rows", "softmax"),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows: Vec<Vec<&str>> = CSV
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let find = |kernel: &str, implementation: &str| {
        rows.iter()
            .find(|r| r[3] == kernel && r[4] == implementation)
            .ok_or(format!(
                "data/cost.csv has no row for {kernel} ({implementation})"
            ))
    };
    let number = |r: &Vec<&str>, i: usize| r[i].parse::<f64>();

    println!("| 内核 | 本库 | 朴素循环 | numpy | 比 numpy 快 | 本库 GB/s | ÷ memcpy |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut figure = BarFigure::new(
        "cost",
        "本库的快速内核比 numpy 快多少倍（10⁶ 个 f32）",
        "内核",
        "numpy 用时 ÷ 本库用时",
    )
    .value_format(|v| format!("{v:.2}×"));
    for (kernel, short) in KERNELS {
        let (ours, naive, numpy) = (
            find(kernel, "rust")?,
            find(kernel, "naive")?,
            find(kernel, "numpy")?,
        );
        let speedup = 1.0 / number(ours, 7)?;
        println!(
            "| `{kernel}` | {:.3} | {:.2} | {:.3} | {speedup:.2}× | {:.1} | {:.2} |",
            number(ours, 5)?,
            number(naive, 5)?,
            number(numpy, 5)?,
            number(ours, 6)?,
            number(ours, 8)?,
        );
        figure = figure.bar(short, speedup);
    }
    let (memcpy, numpy_memcpy) = (find("memcpy", "rust")?, find("memcpy", "numpy")?);
    println!(
        "| memcpy（`copy_from_slice` / `np.copyto`） | {:.3} | — | {:.3} | — | {:.1} | 1.00 |",
        number(memcpy, 5)?,
        number(numpy_memcpy, 5)?,
        number(memcpy, 6)?,
    );
    println!();
    println!(
        "测量于 {}，{}，numpy {}。",
        rows[0][1], rows[0][0], rows[0][2]
    );
    figure.save()?;
    Ok(())
}
// ANCHOR_END: cell
