#!/usr/bin/env rust-script
//! `numerical_stability.md` — 第一张图与第二张图：σ′ 与 tanh′ 的教科书公式和稳定形式在 f32、f64 中的相对误差；
//! 第三张图：softplus 的相对误差.
//!
//! Run it on its own with `rust-script examples/numerical_stability.rs` or
//! `cargo run --example numerical_stability`; it writes
//! `src/figures/numerical_stability.svg`,
//! `src/figures/numerical_stability-f64.svg` and
//! `src/figures/numerical_stability-softplus.svg`, and prints where each
//! textbook formula fails (the build saves that as
//! `src/figures/numerical_stability.txt`).
//!
//! ```cargo
//! [dependencies]
//! activations = { path = ".." }
//! activations-plot = { path = "../crates/plot" }
//! astro-float = "0.9.6"
//! ```

// ANCHOR: cell
use activations::{
    Float, linspace, relative_error, sigmoid_derivative, sigmoid_derivative_naive, sigmoid_naive,
    softmax_naive, softplus, softplus_naive, tanh_derivative, tanh_derivative_naive,
};
use activations_plot::{Legend, LineFigure, Scale};
use astro_float::{BigFloat, Consts, Radix, RoundingMode};

/// 每 40 个相邻的点（x 方向 0.2 宽）画一个点：其中最大的相对误差。
const BIN: usize = 40;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // f32 的相对误差：参考值是 f64 的库函数（准确到几个 f64 ULP）。
    // 相对误差为 0 的点画在下限 10⁻¹⁰ 上（对数坐标画不出 0）。
    let f32_error = |x: &[f64], f: fn(f32) -> f32, reference: fn(f64) -> f64| {
        let errors: Vec<f64> = x
            .iter()
            .map(|&x| relative_error(f(x as f32), reference(f64::from(x as f32))))
            .collect();
        worst_per_bin(&errors, 1e-10)
    };
    // f64 的相对误差：参考值是 256 位精度的多精度计算，下限 10⁻¹⁹。
    let mut exact = Exact::new();
    let mut f64_error =
        |x: &[f64], f: fn(f64) -> f64, reference: fn(&mut Exact, f64) -> BigFloat| {
            let errors: Vec<f64> = x
                .iter()
                .map(|&x| {
                    let r = reference(&mut exact, x);
                    exact.relative_error(f(x), &r)
                })
                .collect();
            worst_per_bin(&errors, 1e-19)
        };

    // 第一张图和第二张图：σ′ 与 tanh′，x 从 0 到 60
    let x = linspace(0.0, 60.0, 12_001);
    let centres = bin_centres(&x);
    LineFigure::new("numerical_stability", "f32：σ′ 与 tanh′ 的相对误差")
        .axes("x", "相对误差（每 0.2 内的最大值）")
        .y_scale(Scale::Log)
        .legend(Legend::CenterRight)
        .dashed(
            "σ′：s·(1 − s)",
            &centres,
            &f32_error(&x, sigmoid_derivative_naive, sigmoid_derivative),
        )
        .curve(
            "σ′：稳定形式",
            &centres,
            &f32_error(&x, sigmoid_derivative, sigmoid_derivative),
        )
        .dashed(
            "tanh′：1 − tanh²",
            &centres,
            &f32_error(&x, tanh_derivative_naive, tanh_derivative),
        )
        .curve(
            "tanh′：稳定形式",
            &centres,
            &f32_error(&x, tanh_derivative, tanh_derivative),
        )
        .dashed(
            "ε = 2⁻²³（f32）",
            &centres,
            &vec![f64::from(f32::EPSILON); centres.len()],
        )
        .save()?;
    LineFigure::new("numerical_stability-f64", "f64：σ′ 与 tanh′ 的相对误差")
        .axes("x", "相对误差（每 0.2 内的最大值）")
        .y_scale(Scale::Log)
        .legend(Legend::CenterRight)
        .dashed(
            "σ′：s·(1 − s)",
            &centres,
            &f64_error(&x, sigmoid_derivative_naive, Exact::sigmoid_derivative),
        )
        .curve(
            "σ′：稳定形式",
            &centres,
            &f64_error(&x, sigmoid_derivative, Exact::sigmoid_derivative),
        )
        .dashed(
            "tanh′：1 − tanh²",
            &centres,
            &f64_error(&x, tanh_derivative_naive, Exact::tanh_derivative),
        )
        .curve(
            "tanh′：稳定形式",
            &centres,
            &f64_error(&x, tanh_derivative, Exact::tanh_derivative),
        )
        .dashed(
            "ε = 2⁻⁵²（f64）",
            &centres,
            &vec![f64::EPSILON; centres.len()],
        )
        .save()?;

    // 第三张图：softplus，x 从 −70 到 20，f32 与 f64
    let x = linspace(-70.0, 20.0, 18_001);
    let centres = bin_centres(&x);
    LineFigure::new(
        "numerical_stability-softplus",
        "softplus：ln(1 + eˣ) 与稳定形式的相对误差",
    )
    .axes("x", "相对误差（每 0.2 内的最大值）")
    .y_scale(Scale::Log)
    .legend(Legend::UpperRight)
    .dashed(
        "f32：ln(1 + eˣ)",
        &centres,
        &f32_error(&x, softplus_naive, softplus),
    )
    .curve(
        "f32：稳定形式",
        &centres,
        &f32_error(&x, softplus, softplus),
    )
    .dashed(
        "f64：ln(1 + eˣ)",
        &centres,
        &f64_error(&x, softplus_naive, Exact::softplus),
    )
    .curve(
        "f64：稳定形式",
        &centres,
        &f64_error(&x, softplus, Exact::softplus),
    )
    .save()?;

    // 教科书公式第一次失效的位置：在“正常”与“失效”之间二分查找
    println!("教科书公式失效的范围（f32；f64）：");
    let both = |what: &str, x: &str, f32_edge: f32, f64_edge: f64| {
        println!("  {what}：{x} {f32_edge:?}；{x} {f64_edge:?}");
    };
    both(
        "1/(1+e⁻ˣ) 得 0",
        "x ≤",
        first_failure(-80.0, -120.0, |x| sigmoid_naive(x) == 0.0),
        first_failure(-700.0, -800.0, |x| sigmoid_naive(x) == 0.0),
    );
    both(
        "s·(1−s) 得 0",
        "x ≥",
        first_failure(10.0, 20.0, |x| sigmoid_derivative_naive(x) == 0.0),
        first_failure(30.0, 40.0, |x| sigmoid_derivative_naive(x) == 0.0),
    );
    both(
        "1 − tanh² 得 0",
        "|x| ≥",
        first_failure(5.0, 20.0, |x| tanh_derivative_naive(x) == 0.0),
        first_failure(10.0, 30.0, |x| tanh_derivative_naive(x) == 0.0),
    );
    both(
        "ln(1+eˣ) 得 0",
        "x ≤",
        first_failure(-10.0, -20.0, |x| softplus_naive(x) == 0.0),
        first_failure(-30.0, -40.0, |x| softplus_naive(x) == 0.0),
    );
    both(
        "ln(1+eˣ) 得 ∞",
        "x ≥",
        first_failure(80.0, 100.0, |x| softplus_naive(x).is_infinite()),
        first_failure(700.0, 800.0, |x| softplus_naive(x).is_infinite()),
    );
    both(
        "不减最大值的 softmax([x, 0]) 得 NaN",
        "x ≥",
        first_failure(80.0, 100.0, |x| softmax_naive(&[x, 0.0])[0].is_nan()),
        first_failure(700.0, 800.0, |x| softmax_naive(&[x, 0.0])[0].is_nan()),
    );
    both(
        "不减最大值的 softmax([x, x]) 得 NaN",
        "x ≤",
        first_failure(-100.0, -120.0, |x| softmax_naive(&[x, x])[0].is_nan()),
        first_failure(-700.0, -800.0, |x| softmax_naive(&[x, x])[0].is_nan()),
    );
    Ok(())
}
// ANCHOR_END: cell

// ANCHOR: helpers
/// The first floating-point number, going from `ok` towards `bad`, where
/// `fails` holds — by bisection, assuming it holds from there on.
fn first_failure<T: Float>(mut ok: T, mut bad: T, fails: impl Fn(T) -> bool) -> T {
    assert!(
        !fails(ok) && fails(bad),
        "the interval does not bracket a failure"
    );
    let two = T::one() + T::one();
    loop {
        let middle = ok + (bad - ok) / two;
        if middle == ok || middle == bad {
            return bad; // ok and bad are neighbours
        }
        if fails(middle) {
            bad = middle;
        } else {
            ok = middle;
        }
    }
}

/// The middle x of each group of `BIN` neighbouring points.
fn bin_centres(x: &[f64]) -> Vec<f64> {
    x.chunks(BIN)
        .map(|c| (c[0] + c[c.len() - 1]) / 2.0)
        .collect()
}

/// The largest value of each group of `BIN` neighbouring points, but at least
/// `floor`: a logarithmic axis cannot show 0.
fn worst_per_bin(values: &[f64], floor: f64) -> Vec<f64> {
    values
        .chunks(BIN)
        .map(|c| c.iter().fold(floor, |m, &v| m.max(v)))
        .collect()
}
// ANCHOR_END: helpers

// ANCHOR: reference
/// Exact values to 256 bits (astro-float), for the f64 errors.
struct Exact {
    constants: Consts,
}

const BITS: usize = 256;
const RM: RoundingMode = RoundingMode::ToEven;

impl Exact {
    fn new() -> Self {
        Exact {
            constants: Consts::new().expect("astro-float's constants cache"),
        }
    }

    fn exp(&mut self, x: &BigFloat) -> BigFloat {
        x.exp(BITS, RM, &mut self.constants)
    }

    /// σ′(x) = u / (1 + u)², u = e^−|x|.
    fn sigmoid_derivative(&mut self, x: f64) -> BigFloat {
        let u = self.exp(&BigFloat::from_f64(-x.abs(), BITS));
        let d = BigFloat::from_word(1, BITS).add(&u, BITS, RM);
        u.div(&d.mul(&d, BITS, RM), BITS, RM)
    }

    /// tanh′(x) = 4u / (1 + u)², u = e^−2|x|.
    fn tanh_derivative(&mut self, x: f64) -> BigFloat {
        let u = self.exp(&BigFloat::from_f64(-2.0 * x.abs(), BITS));
        let d = BigFloat::from_word(1, BITS).add(&u, BITS, RM);
        let four_u = BigFloat::from_word(4, BITS).mul(&u, BITS, RM);
        four_u.div(&d.mul(&d, BITS, RM), BITS, RM)
    }

    /// softplus(x) = ln(1 + eˣ); for x ≥ −70, 1 + eˣ keeps ~150 of the 256 bits.
    fn softplus(&mut self, x: f64) -> BigFloat {
        let e = self.exp(&BigFloat::from_f64(x, BITS));
        let one_plus = BigFloat::from_word(1, BITS).add(&e, BITS, RM);
        one_plus.ln(BITS, RM, &mut self.constants)
    }

    /// |computed − exact| / |exact|, as an f64.
    fn relative_error(&mut self, computed: f64, exact: &BigFloat) -> f64 {
        let error = BigFloat::from_f64(computed, BITS)
            .sub(exact, BITS, RM)
            .div(exact, BITS, RM)
            .abs();
        if error.is_zero() {
            return 0.0;
        }
        let decimal = error
            .format(Radix::Dec, RM, &mut self.constants)
            .expect("a finite number");
        decimal
            .parse()
            .expect("astro-float writes a number Rust can read")
    }
}
// ANCHOR_END: reference
