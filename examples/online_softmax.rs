#!/usr/bin/env rust-script
//! `online_softmax.md` — 第一张图：数据流中的运行最大值与运行对数归一化因子；第二张图：教科书一遍递推的舍入误差；第三张图：按块计算注意力时的运行输出.
//!
//! Run it on its own with `rust-script examples/online_softmax.rs` or
//! `cargo run --example online_softmax`; it writes
//! `src/figures/online_softmax.svg`, `src/figures/online_softmax-error.svg` and
//! `src/figures/online_softmax-tiles.svg`,
//! and prints the lines the book shows (the build saves them as
//! `src/figures/online_softmax.txt`).
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! ```

// ANCHOR: cell
use activations::{
    OnlineSoftmax, attention_row, online_softmax, online_softmax_naive, softmax, ulp,
};
use activations_plot::{Legend, LineFigure, Scale};

/// 一个确定的伪随机数生成器（xorshift），输出 [0, 1) 内的数
struct Stream(u64);
impl Stream {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 第一张图：200 个 logit 逐个到来，记录运行最大值 m 与 m + ln d
    let mut stream = Stream(2018);
    let logits: Vec<f64> = (0..200)
        .map(|t| 4.0 * (f64::from(t) / 23.0).sin() + 0.02 * f64::from(t) + 3.0 * stream.next())
        .collect();
    let mut state = OnlineSoftmax::new();
    let (mut max, mut lse) = (Vec::new(), Vec::new());
    for &x in &logits {
        state.push(x);
        max.push(state.max());
        lse.push(state.log_sum_exp());
    }
    let t: Vec<f64> = (1..=logits.len()).map(|t| t as f64).collect();
    let last = vec![state.log_sum_exp(); t.len()];
    LineFigure::new(
        "online_softmax",
        "在线 Softmax：数据流中的运行最大值 m 与 m + ln d",
    )
    .axes("已读入的 logit 个数 t", "值 (value)")
    .legend(Legend::LowerRight)
    .curve("第 t 个 logit xₜ", &t, &logits)
    .curve("运行最大值 mₜ", &t, &max)
    .curve("运行对数和 mₜ + ln dₜ", &t, &lse)
    .dashed("全部读完后的 log-sum-exp", &t, &last)
    .save()?;

    // 第二张图：教科书一遍递推（f32）与精确结果相差几个 ULP
    let sizes: Vec<f64> = (1..=12).map(|k| f64::from(1 << k)).collect();
    let (mut random, mut ascending, mut two_pass) = (Vec::new(), Vec::new(), Vec::new());
    for &n in &sizes {
        let (mut r, mut a, mut s) = (0.0_f64, 0.0_f64, 0.0_f64);
        for _ in 0..20 {
            let row: Vec<f32> = (0..n as usize)
                .map(|_| (8.0 * stream.next()) as f32)
                .collect();
            let mut sorted = row.clone();
            sorted.sort_by(f32::total_cmp);
            r = r.max(worst_ulps(
                &online_softmax_naive(&row),
                &online_softmax(&row),
            ));
            a = a.max(worst_ulps(
                &online_softmax_naive(&sorted),
                &online_softmax(&sorted),
            ));
            s = s.max(worst_ulps(&softmax(&row), &online_softmax(&row)));
        }
        random.push(r);
        ascending.push(a);
        two_pass.push(s);
    }
    LineFigure::new(
        "online_softmax-error",
        "f32 中的舍入误差：每行 20 个随机样本中的最大值",
    )
    .x_scale(Scale::Log)
    .axes("一行的长度 n（对数刻度）", "与精确结果的距离（ULP）")
    .curve(
        "教科书一遍递推，升序输入（每步都重新缩放）",
        &sizes,
        &ascending,
    )
    .curve("教科书一遍递推，随机顺序", &sizes, &random)
    .curve(
        "本书的 softmax（在 f64 中计算，只舍入一次）",
        &sizes,
        &two_pass,
    )
    .save()?;

    // 第三张图：按块计算一行注意力（256 个键），每读完一块，运行输出 õ/d 就是
    // 已读入的键上的注意力输出；块大小只决定在哪些位置停下来
    let dim = 16;
    let mut gaussian = || {
        (0..dim)
            .map(|_| 2.0 * stream.next() - 1.0)
            .collect::<Vec<f64>>()
    };
    let query = gaussian();
    let keys: Vec<Vec<f64>> = (0..256).map(|_| gaussian()).collect();
    let values: Vec<Vec<f64>> = (0..256).map(|_| gaussian()).collect();
    let whole = attention_row(&query, &keys, &values, 32)[0];
    let mut figure = LineFigure::new(
        "online_softmax-tiles",
        "按块计算注意力：每块之后的运行输出（第一个分量）",
    )
    .axes("已读入的键的个数", "运行输出 õ/d 的第一个分量")
    .legend(Legend::UpperRight);
    for tile in [1, 32, 128] {
        let read: Vec<f64> = (tile..=keys.len())
            .step_by(tile)
            .map(|k| k as f64)
            .collect();
        let running: Vec<f64> = read
            .iter()
            .map(|&k| attention_row(&query, &keys[..k as usize], &values[..k as usize], tile)[0])
            .collect();
        figure = figure.curve(&format!("块大小 {tile}"), &read, &running);
    }
    let ends = [1.0, keys.len() as f64];
    figure.dashed("整行的结果", &ends, &[whole, whole]).save()?;

    println!("n      升序递推   随机顺序递推   softmax  （最大误差，ULP）");
    for (i, n) in sizes.iter().enumerate() {
        println!(
            "{n:<6} {:>8.1} {:>12.1} {:>10.1}",
            ascending[i], random[i], two_pass[i]
        );
    }
    Ok(())
}

/// 两组概率之间最大的误差，以精确值（第二组，误差在半个 ULP 之内）的 ULP 计
fn worst_ulps(computed: &[f32], exact: &[f32]) -> f64 {
    computed
        .iter()
        .zip(exact)
        .map(|(&c, &e)| f64::from((c - e).abs() / ulp(e)))
        .fold(0.0, f64::max)
}
// ANCHOR_END: cell
