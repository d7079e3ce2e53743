//! The ledger of claims of `claims.md` (论断总表): every empirical claim of
//! the notebook (and the book's own main ones), the experiment that tests
//! it, the measured interval and the verdict that interval allows. This is
//! the one source of the chapter's table: `examples/claims.rs` prints it,
//! and the test below asserts every verdict, so a change of the code that
//! turns a verdict around fails the tests before it reaches the text.

use crate::mlp::{Activation, Optimizer};
use crate::stats::{Interval, Verdict};
use crate::{convergence, digits, dying_relu, vanishing_gradients, zero_centred};

// ANCHOR: claim
/// One row of the ledger.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// Who makes the claim: 笔记本 or 本书.
    pub source: &'static str,
    /// The claim, in the notebook's words where it has them.
    pub claim: &'static str,
    /// The chapter (file name without `.md`) whose experiment tests it.
    pub chapter: &'static str,
    /// What is measured, in words, oriented so that the claim predicts the
    /// direction given by `expect_positive`.
    pub measure: &'static str,
    /// The measured interval (mean ± half-width of the 95% interval).
    pub result: Interval,
    /// Decimals to print the interval with.
    pub decimals: usize,
    pub verdict: Verdict,
}

/// The verdict on a claim that predicts a positive (`positive = true`) or a
/// negative mean: 支持 if the interval lies on the predicted side of 0, 不支持
/// if it lies on the other side, 无法判断 if it contains 0.
pub fn directional(result: Interval, positive: bool) -> Verdict {
    let (on_side, against) = if positive {
        (result.above_zero(), result.below_zero())
    } else {
        (result.below_zero(), result.above_zero())
    };
    match (on_side, against) {
        (true, _) => Verdict::Supported,
        (_, true) => Verdict::Contradicted,
        _ => Verdict::Undecided,
    }
}
// ANCHOR_END: claim

// ANCHOR: ledger
/// Runs the experiments and returns the ledger.
pub fn ledger() -> Vec<Claim> {
    use Activation::*;
    let conv = convergence::run_seeds();
    let optimizers = dying_relu::run_optimizers();
    let config = |optimizer: Optimizer, lr: f64| {
        optimizers
            .iter()
            .find(|c| c.optimizer == optimizer && c.learning_rate == lr)
            .expect("a configuration of the experiment")
    };
    let zero = zero_centred::run();
    let mut rows = Vec::new();
    let mut row = |source, claim, chapter, measure, result: Interval, decimals, verdict| {
        rows.push(Claim {
            source,
            claim,
            chapter,
            measure,
            result,
            decimals,
            verdict,
        })
    };

    let sigmoid = vanishing_gradients::log_first_to_last(Sigmoid);
    row(
        "笔记本",
        "Sigmoid 在深层网络中梯度消失",
        "vanishing_gradients",
        "20 层网络初始化时 lg(第一层梯度 / 最后一层梯度)",
        sigmoid,
        2,
        directional(sigmoid, false),
    );
    let tanh = vanishing_gradients::log_first_to_last(Tanh);
    row(
        "笔记本",
        "Tanh 同样存在梯度消失问题",
        "vanishing_gradients",
        "同上，Tanh（Xavier 初始化）",
        tanh,
        2,
        directional(tanh, false),
    );
    let d = conv.epochs_difference(Tanh, Sigmoid);
    row(
        "笔记本",
        "Tanh 通常比 Sigmoid 收敛更快",
        "convergence",
        "损失首次低于 0.2 的轮数之差 Tanh − Sigmoid",
        d,
        1,
        directional(d, false),
    );
    let d = conv.epochs_difference(Relu, Tanh);
    row(
        "笔记本",
        "ReLU 能显著加速网络的训练",
        "convergence",
        "损失首次低于 0.2 的轮数之差 ReLU − Tanh",
        d,
        1,
        directional(d, false),
    );
    let d = conv.epochs_difference(Elu(1.0), Relu);
    row(
        "笔记本",
        "ELU 通常能带来更快的收敛",
        "convergence",
        "损失首次低于 0.2 的轮数之差 ELU − ReLU",
        d,
        1,
        directional(d, false),
    );
    let d = conv.final_loss_difference(Gelu, Relu);
    row(
        "本书（单种子）",
        "GELU 100 轮后的损失比 ReLU 低",
        "convergence",
        "第 100 轮的损失之差 GELU − ReLU",
        d,
        3,
        directional(d, false),
    );
    // The same claims on a real data set, each activation at the learning
    // rate it chose on the validation set (`digits.md`).
    let digits = digits::report();
    let d = digits.epochs_difference(Tanh, Sigmoid);
    row(
        "笔记本",
        "Tanh 通常比 Sigmoid 收敛更快",
        "digits",
        "手写数字：训练损失首次低于 0.25 的轮数之差 Tanh − Sigmoid（各用自己的学习率）",
        d,
        1,
        directional(d, false),
    );
    let d = digits.epochs_difference(Relu, Tanh);
    row(
        "笔记本",
        "ReLU 能显著加速网络的训练",
        "digits",
        "手写数字：同上，ReLU − Tanh",
        d,
        1,
        directional(d, false),
    );
    let d = digits.epochs_difference(Elu(1.0), Relu);
    row(
        "笔记本",
        "ELU 通常能带来更快的收敛",
        "digits",
        "手写数字：同上，ELU − ReLU",
        d,
        1,
        directional(d, false),
    );
    let d = digits.accuracy_difference(Relu, Sigmoid);
    row(
        "本书",
        "隐藏层用 ReLU 比用 Sigmoid 准确率更高",
        "digits",
        "手写数字：测试准确率之差 ReLU − Sigmoid（各用自己的学习率）",
        d,
        3,
        directional(d, true),
    );
    let d = zero.final_loss_difference(CentredSigmoid, Sigmoid);
    row(
        "笔记本",
        "零中心的输出让收敛更快",
        "zero_centred",
        "第 200 轮的损失之差 (σ − 1/2) − σ",
        d,
        3,
        directional(d, false),
    );
    let (usual, large) = (config(Optimizer::Sgd, 0.1), config(Optimizer::Sgd, 3.0));
    let d = Interval::paired(&large.relu_dead, &usual.relu_dead);
    row(
        "笔记本",
        "学习率过大时，大量 ReLU 神经元会“死亡”",
        "dying_relu",
        "死亡单元比例之差：SGD 学习率 3 − 学习率 0.1",
        d,
        3,
        directional(d, true),
    );
    let d = large.leaky_gain();
    // Leaky ReLU keeps every unit alive and gains accuracy where ReLU dies,
    // but if it still does not learn the data, the fix is only partial.
    let leaky_accuracy = Interval::of(&large.leaky_accuracy);
    let verdict = match directional(d, true) {
        Verdict::Supported if leaky_accuracy.high() < 0.9 => Verdict::Partly,
        v => v,
    };
    row(
        "笔记本",
        "Leaky ReLU 解决了死亡 ReLU 问题",
        "dying_relu",
        "准确率之差 Leaky ReLU − ReLU（SGD 学习率 3）",
        d,
        3,
        verdict,
    );
    let d = usual.leaky_gain();
    // “Not always significant”: one usual setting whose gain interval
    // contains 0 is enough to show it.
    let verdict = if d.above_zero() {
        Verdict::Contradicted
    } else {
        Verdict::Supported
    };
    row(
        "笔记本",
        "Leaky ReLU 的提升并不总是显著",
        "dying_relu",
        "准确率之差 Leaky ReLU − ReLU（SGD 学习率 0.1）",
        d,
        3,
        verdict,
    );
    let d = Interval::paired(
        &config(Optimizer::Adam, 0.1).relu_dead,
        &config(Optimizer::Adam, 0.001).relu_dead,
    );
    row(
        "本书",
        "Adam 也会让 ReLU 单元死亡，若学习率过大",
        "dying_relu",
        "死亡单元比例之差：Adam 学习率 0.1 − 学习率 0.001",
        d,
        3,
        directional(d, true),
    );
    rows
}
// ANCHOR_END: ledger

/// The ledger as a Markdown table (the chapter includes it).
pub fn markdown(rows: &[Claim]) -> String {
    let mut out = String::from(
        "| 行 | 来源 | 论断 | 检验它的实验 | 测量 | 结果（均值 ± 95% 区间半宽） | 判断 |\n",
    );
    out.push_str("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (k, r) in rows.iter().enumerate() {
        out.push_str(&format!(
            "| {} | {} | {} | [{}]({}.md) | {} | {:.p$}（n = {}） | **{}** |\n",
            k + 1,
            r.source,
            r.claim,
            r.chapter,
            r.chapter,
            r.measure,
            r.result,
            r.result.n,
            r.verdict,
            p = r.decimals
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directional_verdicts() {
        let i = |mean, half_width| Interval {
            mean,
            half_width,
            n: 10,
        };
        assert_eq!(directional(i(-2.0, 1.0), false), Verdict::Supported);
        assert_eq!(directional(i(-2.0, 1.0), true), Verdict::Contradicted);
        assert_eq!(directional(i(0.5, 1.0), true), Verdict::Undecided);
        assert_eq!(directional(i(0.5, 1.0), false), Verdict::Undecided);
    }

    // ANCHOR: tests
    #[test]
    fn every_verdict_of_the_ledger() {
        let rows = ledger();
        let verdicts: Vec<(&str, Verdict)> = rows.iter().map(|r| (r.claim, r.verdict)).collect();
        use Verdict::*;
        assert_eq!(
            verdicts,
            [
                ("Sigmoid 在深层网络中梯度消失", Supported),
                ("Tanh 同样存在梯度消失问题", Undecided),
                ("Tanh 通常比 Sigmoid 收敛更快", Supported),
                ("ReLU 能显著加速网络的训练", Supported),
                ("ELU 通常能带来更快的收敛", Contradicted),
                ("GELU 100 轮后的损失比 ReLU 低", Undecided),
                ("Tanh 通常比 Sigmoid 收敛更快", Supported),
                ("ReLU 能显著加速网络的训练", Contradicted),
                ("ELU 通常能带来更快的收敛", Supported),
                ("隐藏层用 ReLU 比用 Sigmoid 准确率更高", Undecided),
                ("零中心的输出让收敛更快", Supported),
                ("学习率过大时，大量 ReLU 神经元会“死亡”", Supported),
                ("Leaky ReLU 解决了死亡 ReLU 问题", Partly),
                ("Leaky ReLU 的提升并不总是显著", Supported),
                ("Adam 也会让 ReLU 单元死亡，若学习率过大", Supported),
            ]
        );
        // Every interval rests on ten seeds or more.
        assert!(rows.iter().all(|r| r.result.n >= 10));
        // The table has one line per claim, and the verdicts as printed.
        let table = markdown(&rows);
        assert_eq!(table.lines().count(), rows.len() + 2);
        assert!(table.contains("**部分支持**") && table.contains("**无法判断**"));
        // The same claim can get different verdicts on the two moons and on
        // the digits: the table says which experiment each row rests on.
        let speed = |claim: &str, chapter: &str| {
            rows.iter()
                .find(|r| r.claim == claim && r.chapter == chapter)
                .map(|r| r.verdict)
        };
        let elu = "ELU 通常能带来更快的收敛";
        assert_eq!(speed(elu, "convergence"), Some(Contradicted));
        assert_eq!(speed(elu, "digits"), Some(Supported));
        let relu = "ReLU 能显著加速网络的训练";
        assert_eq!(speed(relu, "convergence"), Some(Supported));
        assert_eq!(speed(relu, "digits"), Some(Contradicted));
        // The measure names the digits experiment's own target loss.
        let target = format!("低于 {} 的轮数", digits::TARGET_LOSS);
        assert!(
            rows.iter()
                .any(|r| r.chapter == "digits" && r.measure.contains(&target))
        );
    }
    // ANCHOR_END: tests
}
