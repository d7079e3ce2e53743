#!/usr/bin/env rust-script
//! `digits.md` — 第一张图：每种激活函数的测试准确率与 95% 置信区间；
//! 其余的图：验证准确率随学习率的变化（三组函数各一张）、训练损失曲线 —
//! the experiment on the UCI handwritten digits.
//!
//! Run it on its own with `rust-script examples/digits.rs` or
//! `cargo run --release --example digits`; it writes `src/figures/digits.svg`,
//! `src/figures/digits-rates-*.svg` and `src/figures/digits-losses.svg`, and
//! prints the chapter's tables (the build saves them as
//! `src/figures/digits.txt`, which the chapter includes by anchor). The data
//! file is compiled in (`digits::FILE`), so a changed file rebuilds this
//! program and redraws its figures.
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! activations-experiments = { path = "../crates/experiments" }
//! ```

// ANCHOR: cell
use activations_experiments::digits::{self, EPOCHS, RATES, TARGET_LOSS, TEST_SEEDS, TUNING_SEEDS};
use activations_experiments::mlp::Activation::{self, *};
use activations_plot::{IntervalFigure, Legend, LineFigure, Scale};

/// 学习率敏感性的三张图：每张一组函数
const GROUPS: [(&str, &str, [Activation; 5]); 3] = [
    (
        "s",
        "S 形函数",
        [Sigmoid, CentredSigmoid, Tanh, Hardsigmoid, Softsign],
    ),
    (
        "relu",
        "ReLU 家族",
        [Relu, LeakyRelu(0.01), Elu(1.0), Selu, Relu6],
    ),
    (
        "smooth",
        "平滑的 ReLU",
        [Softplus, Gelu, Silu, Mish, Hardswish],
    ),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let report = digits::report();

    // 第一张图：测试准确率，点是均值，横线是 95% 置信区间
    let best = report
        .outcomes
        .iter()
        .map(|o| o.test().mean)
        .fold(0.0, f64::max);
    let mut figure = IntervalFigure::new(
        "digits",
        &format!(
            "手写数字的测试准确率（{} 个种子，均值与 95% 置信区间）",
            TEST_SEEDS.len()
        ),
        "测试集上的准确率（虚线：最高的均值）",
    )
    .reference(best)
    // 横轴固定在 0.9 到 1：一个很宽的区间不会把其余的挤成一团；伸出图外的
    // 区间画成箭头，图外的均值写成数字
    .x_range(0.9, 1.0);
    for o in &report.outcomes {
        let ci = o.test();
        let label = format!("{}（η = {}）", o.activation, o.learning_rate());
        figure = figure.row(&label, ci.mean, ci.low(), ci.high());
    }
    figure.save()?;

    // 学习率敏感性：每个学习率下的平均验证准确率（对数横轴）
    for (name, title, group) in GROUPS {
        let mut figure = LineFigure::new(
            &format!("digits-rates-{name}"),
            &format!(
                "{title}：验证准确率与学习率（{} 个种子的平均）",
                TUNING_SEEDS.len()
            ),
        )
        .axes("学习率 η（对数刻度）", "验证集上的准确率")
        .x_scale(Scale::Log)
        .y_range(0.0, 1.05)
        .legend(Legend::LowerLeft);
        for a in group {
            let o = report.outcome(a);
            figure = figure.curve(&a.to_string(), &RATES, &o.sensitivity());
        }
        figure.save()?;
    }

    // 训练损失：几种函数在各自学习率下的平均与 95% 置信区间（对数纵轴）
    let mut figure = LineFigure::new(
        "digits-losses",
        &format!("训练损失（各自选出的学习率，{} 个种子）", TEST_SEEDS.len()),
    )
    .axes("训练轮数 (epoch)", "训练集上的平均交叉熵损失")
    .y_scale(Scale::Log)
    .legend(Legend::UpperRight);
    let epochs: Vec<f64> = (0..=EPOCHS).map(|e| e as f64).collect();
    for a in [Sigmoid, Tanh, Relu, Elu(1.0), Gelu] {
        let o = report.outcome(a);
        let ci: Vec<_> = (0..=EPOCHS).map(|e| o.loss_at(e)).collect();
        let mean: Vec<f64> = ci.iter().map(|c| c.mean).collect();
        let low: Vec<f64> = ci.iter().map(|c| c.low().max(0.01)).collect();
        let high: Vec<f64> = ci.iter().map(|c| c.high()).collect();
        let label = format!("{a}（η = {}）", o.learning_rate());
        figure = figure.curve_with_band(&label, &epochs, &mean, &low, &high);
    }
    figure.save()?;

    print_tables(report);
    Ok(())
}
// ANCHOR_END: cell

/// 本章的三张表（Markdown），以锚点分开，正文分别包含
fn print_tables(report: &digits::Report) {
    println!("ANCHOR: rates");
    let header: Vec<String> = RATES.iter().map(|r| format!("η = {r}")).collect();
    println!("| 激活函数 | {} |", header.join(" | "));
    println!("| --- |{}", " ---: |".repeat(RATES.len()));
    for o in &report.outcomes {
        let cells: Vec<String> = o
            .sensitivity()
            .iter()
            .enumerate()
            .map(|(r, v)| {
                if r == o.chosen {
                    format!("**{v:.3}**")
                } else {
                    format!("{v:.3}")
                }
            })
            .collect();
        println!("| {} | {} |", o.activation, cells.join(" | "));
    }
    println!("ANCHOR_END: rates");

    println!("ANCHOR: results");
    println!(
        "| 激活函数 | 学习率 | 测试准确率 | 损失首次低于 {TARGET_LOSS} 的轮数 | 达到的运行 | 第 {EPOCHS} 轮的训练损失 |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for o in &report.outcomes {
        let epochs = activations_experiments::stats::Interval::of(&o.epochs_to_target());
        println!(
            "| {} | {} | {:.3} | {:.1} | {}/{} | {:.3} |",
            o.activation,
            o.learning_rate(),
            o.test(),
            epochs,
            o.reached(),
            TEST_SEEDS.len(),
            o.loss_at(EPOCHS)
        );
    }
    println!("ANCHOR_END: results");

    println!("ANCHOR: pairs");
    println!("| a − b | 测试准确率之差 | 轮数之差 |");
    println!("| --- | ---: | ---: |");
    for (a, b) in digits::PAIRS {
        println!(
            "| {a} − {b} | {:.3} | {:.1} |",
            report.accuracy_difference(a, b),
            report.epochs_difference(a, b)
        );
    }
    println!("ANCHOR_END: pairs");
}
