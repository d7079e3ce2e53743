#!/usr/bin/env rust-script
//! `cost.md` — 第一张图：快速内核比 numpy 快多少 — drawn from the committed measurements.
//!
//! The data are `data/cost.csv`, written by `cargo xtask cost`; this program
//! only reads them (`activations_experiments::cost` compiles them in with
//! `include_str!`, so a new measurement rebuilds this program), so the figure
//! and the table it prints are a pure function of the committed file. Run it
//! on its own with `rust-script examples/cost.rs` or `cargo run --example
//! cost`; it writes `src/figures/cost.svg` and prints the chapter's table.
//!
//! ```cargo
//! [dependencies]
//! activations-experiments = { path = "../crates/experiments" }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations_experiments::cost::{self, Costs, KERNELS, MEMCPY, THREAD_KERNELS, THREAD_SIZES};
use activations_plot::BarFigure;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // data/cost.csv，按列名读取（cargo xtask cost 写入的测量结果）
    let costs = Costs::committed();

    // 第一张表：参照机器（文件中的第一台）上最快的分派级别
    println!("ANCHOR: reference");
    println!("| 内核 | 本库 | 朴素循环 | numpy | 比 numpy 快 | 本库 GB/s | ÷ memcpy |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut figure = BarFigure::new(
        "cost",
        "本库的快速内核比 numpy 快多少倍（10⁶ 个 f32）",
        "内核",
        "numpy 用时 ÷ 本库用时",
    )
    .value_format(|v| format!("{v:.2}×"));
    for kernel in KERNELS {
        let ours = costs.get(kernel.name, "rust")?;
        let naive = costs.get(kernel.name, "naive")?;
        // numpy 没有 erf，精确 GELU 没有 numpy 版本：表中写“—”，图中没有这根柱
        let (numpy, speedup) = match ours.numpy_time_ratio {
            Some(ratio) => {
                let numpy = costs.get(kernel.name, "numpy")?.ns_per_element;
                figure = figure.bar(kernel.label, 1.0 / ratio);
                (format!("{numpy:.3}"), format!("{:.2}×", 1.0 / ratio))
            }
            None => ("—".to_owned(), "—".to_owned()),
        };
        println!(
            "| `{}` | {:.3} | {:.2} | {numpy} | {speedup} | {:.1} | {:.2} |",
            kernel.name,
            ours.ns_per_element,
            naive.ns_per_element,
            ours.gb_per_s,
            ours.memcpy_time_ratio,
        );
    }
    let (memcpy, numpy_memcpy) = (costs.get(MEMCPY, "rust")?, costs.get(MEMCPY, "numpy")?);
    println!(
        "| memcpy（`copy_from_slice` / `np.copyto`） | {:.3} | — | {:.3} | — | {:.1} | 1.00 |",
        memcpy.ns_per_element, numpy_memcpy.ns_per_element, memcpy.gb_per_s,
    );
    println!();
    println!(
        "测量于 {}，{}，numpy {}；本库一列是该机器支持的最快级别 {}。",
        memcpy.date,
        memcpy.machine,
        memcpy.numpy,
        costs.levels().last().copied().unwrap_or("?"),
    );
    println!("ANCHOR_END: reference");

    // 第二张表：每台机器、每个分派级别，本库用时 ÷ memcpy（括号中是比限制在同一级别的 numpy 快几倍）
    println!("ANCHOR: levels");
    let mut columns = Vec::new();
    for machine in costs.machines() {
        let one = costs.machine(machine)?;
        for level in one.levels() {
            columns.push((one.clone(), level));
        }
    }
    // 表头用简称（去掉“(R)”“Processor”和 CPU 数），全名与日期写在表下
    let short = |machine: &str| {
        let name = machine.split(" (").next().unwrap_or(machine);
        name.replace("(R)", "").replace(" Processor", "")
    };
    print!("| 内核 |");
    for (one, level) in &columns {
        print!(" {}<br>`{level}` |", short(&one.rows()[0].machine));
    }
    // 一台机器若测于某个内核加入之前，就没有它的数据：写“—”
    println!();
    println!("| --- |{}", " ---: |".repeat(columns.len()));
    for kernel in KERNELS {
        print!("| `{}` |", kernel.name);
        for (one, level) in &columns {
            // 只有 numpy 也在这一级别上测过时，才写括号中的倍数
            let numpy_here = one.numpy_at(kernel.name, level).is_ok();
            match one.get_at(kernel.name, level) {
                Ok(row) => match row.numpy_time_ratio.filter(|_| numpy_here) {
                    Some(ratio) => print!(" {:.2}（{:.2}×） |", row.memcpy_time_ratio, 1.0 / ratio),
                    None => print!(" {:.2} |", row.memcpy_time_ratio),
                },
                Err(_) => print!(" — |"),
            }
        }
        println!();
    }
    print!("| memcpy（ns/元素） |");
    for (one, _) in &columns {
        print!(" {:.3} |", one.get(MEMCPY, "rust")?.ns_per_element);
    }
    println!();
    println!();
    for machine in costs.machines() {
        let one = costs.machine(machine)?;
        let row = &one.rows()[0];
        println!(
            "- {}：{}，测于 {}，numpy {}",
            short(machine),
            machine,
            row.date,
            row.numpy
        );
    }
    println!("ANCHOR_END: levels");

    // 第三张表：参考机器的每个 SIMD 级别上，两段循环（默认）的用时，和单个循环的用时与它之比
    println!("ANCHOR: loops");
    let simd: Vec<&str> = costs.levels().into_iter().skip(1).collect();
    print!("| 内核 |");
    for level in &simd {
        print!(" `{level}`<br>两段 | `{level}`<br>单个÷两段 |");
    }
    println!();
    println!("| --- |{}", " ---: | ---: |".repeat(simd.len()));
    for kernel in KERNELS {
        print!("| `{}` |", kernel.name);
        for level in &simd {
            let staged = costs.get_at(kernel.name, level)?.ns_per_element;
            let single = costs.single_loop_at(kernel.name, level)?.ns_per_element;
            print!(" {staged:.3} | {:.2} |", single / staged);
        }
        println!();
    }
    println!("ANCHOR_END: loops");

    // 第四张表：多大的数组才值得用多个线程（data/cost_threads.csv）
    println!("ANCHOR: threads");
    let crossover = cost::committed_threads();
    let threads = crossover[0].threads;
    print!("| 元素个数 |");
    for kernel in THREAD_KERNELS {
        print!(" `{kernel}`<br>1 个线程 | `{kernel}`<br>{threads} 个线程 | 加速 |");
    }
    println!();
    println!(
        "| ---: |{}",
        " ---: | ---: | ---: |".repeat(THREAD_KERNELS.len())
    );
    for elements in THREAD_SIZES {
        // 2 的幂写成上标：2¹²
        let exponent: String = elements
            .trailing_zeros()
            .to_string()
            .chars()
            .map(|d| {
                "⁰¹²³⁴⁵⁶⁷⁸⁹"
                    .chars()
                    .nth(d as usize - '0' as usize)
                    .unwrap_or(d)
            })
            .collect();
        print!("| 2{exponent} |");
        for kernel in THREAD_KERNELS {
            let row = crossover
                .iter()
                .find(|r| r.kernel == kernel && r.elements == elements)
                .ok_or_else(|| {
                    format!("data/cost_threads.csv has no row for {kernel} on {elements} elements")
                })?;
            print!(
                " {:.3} | {:.3} | {:.2}× |",
                row.ns_per_element_one, row.ns_per_element_threads, row.speedup
            );
        }
        println!();
    }
    println!();
    println!(
        "测量于 {}，{}，`{}` 级别；用时是每个元素的纳秒数。",
        crossover[0].date, crossover[0].machine, crossover[0].level
    );
    println!("ANCHOR_END: threads");
    figure.save()?;
    Ok(())
}
// ANCHOR_END: cell
