//! The notebook's numpy cells (`examples/numpy/*.py`) against the library.
//!
//! `examples/numpy/dump.py` runs each cell as it is and prints what it
//! computed on the notebook's grid, `np.linspace(-10, 10, 100)`, and what its
//! functions give at the edge cases named by the chapters' numerical
//! stability notes. These tests compute the same numbers with the library
//! (whose own accuracy `tests/accuracy.rs` measures against a multi-precision
//! reference) and check two things: where numpy's formula is accurate the two
//! agree, within a bound derived from the formula's rounding steps; where it
//! is not, the tests pin down the threshold the chapter names (the naive
//! sigmoid derivative is 0 from x = 37, `1 - np.tanh(x)**2` from x = 20, the
//! unshifted softmax overflows at 1000).
//!
//! They need python3 with the packages pinned in
//! `examples/numpy/requirements.txt`, which a plain `cargo test` cannot
//! assume, so they are `#[ignore]`d: `cargo test` reports them as ignored,
//! never as passed. `.ci/run` installs the packages in a virtual environment
//! and runs
//!
//! ```text
//! cargo test --test numpy -- --ignored
//! ```
//!
//! which fails, naming the requirements file, if numpy is missing.

use activations::{
    leaky_relu, leaky_relu_derivative, linspace, relu, relu_derivative, sigmoid,
    sigmoid_derivative, softmax, tanh, tanh_derivative,
};
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

const REASON: &str = "needs python3 with numpy and matplotlib (examples/numpy/requirements.txt); .ci/run runs it with --ignored";
const EPS: f64 = f64::EPSILON;

/// One line of `dump.py`'s output.
#[derive(Debug)]
struct Row {
    function: String,
    set: String,
    x: f64,
    value: f64,
}

/// What the cells computed, from one run of `dump.py` shared by all tests.
fn dump() -> &'static [Row] {
    static ROWS: OnceLock<Vec<Row>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/numpy/dump.py");
        let output = Command::new("python3")
            .arg(&script)
            .output()
            .unwrap_or_else(|e| panic!("cannot run python3: {e}; {REASON}"));
        assert!(
            output.status.success(),
            "{} failed ({}): {}\n{REASON}: python3 -m venv DIR && DIR/bin/pip install -r examples/numpy/requirements.txt, then run with DIR/bin first on the PATH",
            script.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim_end()
        );
        let text = String::from_utf8(output.stdout).expect("dump.py prints UTF-8");
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("function,set,x,value"));
        lines
            .map(|line| {
                let fields: Vec<&str> = line.split(',').collect();
                let [function, set, x, value] = fields[..] else {
                    panic!("not four fields: {line}");
                };
                let number = |s: &str| s.parse::<f64>().unwrap_or_else(|e| panic!("{s}: {e}"));
                Row {
                    function: function.to_owned(),
                    set: set.to_owned(),
                    x: number(x),
                    value: number(value),
                }
            })
            .collect()
    })
}

/// The rows of one function and set, in the order the cell computed them.
fn rows(function: &str, set: &str) -> Vec<&'static Row> {
    let found: Vec<_> = dump()
        .iter()
        .filter(|r| r.function == function && r.set == set)
        .collect();
    assert!(!found.is_empty(), "dump.py printed no `{function},{set}`");
    found
}

/// The value at `x` in the rows of one function and set.
fn at(function: &str, set: &str, x: f64) -> f64 {
    rows(function, set)
        .iter()
        .find(|r| r.x.to_bits() == x.to_bits())
        .unwrap_or_else(|| panic!("dump.py printed no `{function},{set},{x:?}`"))
        .value
}

/// The number of `f64` values from `a` to `b` (+0 and −0 count as one).
fn ulps(a: f64, b: f64) -> u64 {
    let ordered = |x: f64| {
        let bits = x.to_bits() as i64;
        if bits < 0 { i64::MIN - bits } else { bits }
    };
    ordered(a).abs_diff(ordered(b))
}

fn relative(computed: f64, exact: f64) -> f64 {
    ((computed - exact) / exact).abs()
}

/// Equal, or both NaN.
fn same(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

#[test]
#[ignore = "needs python3 with numpy and matplotlib (examples/numpy/requirements.txt); .ci/run runs it with --ignored"]
fn every_cell_plots_the_notebooks_grid() {
    let grid = linspace(-10.0, 10.0, 100);
    for function in [
        "sigmoid",
        "sigmoid_derivative",
        "tanh",
        "tanh_derivative",
        "relu",
        "relu_derivative",
        "leaky_relu",
        "leaky_relu_derivative",
    ] {
        let x: Vec<f64> = rows(function, "grid").iter().map(|r| r.x).collect();
        assert_eq!(x, grid, "{function}: np.linspace(-10, 10, 100) differs");
    }
}

#[test]
#[ignore = "needs python3 with numpy and matplotlib (examples/numpy/requirements.txt); .ci/run runs it with --ignored"]
fn relu_and_leaky_relu_agree_exactly() {
    // Neither rounds (a comparison, and one correctly rounded multiplication),
    // so the two must give the same numbers, on the grid and at ±0, the
    // smallest subnormals and ±∞ alike.
    for set in ["grid", "edge"] {
        for r in rows("relu", set) {
            assert!(same(r.value, relu(r.x)), "relu({:?})", r.x);
        }
        for r in rows("leaky_relu", set) {
            assert!(
                same(r.value, leaky_relu(r.x, 0.01)),
                "leaky_relu({:?})",
                r.x
            );
        }
        for r in rows("relu_derivative", set)
            .into_iter()
            .filter(|r| !r.x.is_nan())
        {
            assert_eq!(r.value, relu_derivative(r.x), "relu_derivative({:?})", r.x);
        }
        for r in rows("leaky_relu_derivative", set)
            .into_iter()
            .filter(|r| !r.x.is_nan())
        {
            let library = leaky_relu_derivative(r.x, 0.01);
            assert_eq!(r.value, library, "leaky_relu_derivative({:?})", r.x);
        }
    }
    // Both take 0 at the kink: the left derivative.
    assert_eq!(at("relu_derivative", "edge", 0.0), 0.0);
    assert_eq!(at("leaky_relu_derivative", "edge", 0.0), 0.01);
    // The one difference: `np.where(x > 0, 1, 0)` turns NaN into the
    // negative side's slope, the library passes NaN on.
    assert_eq!(at("relu_derivative", "edge", f64::NAN), 0.0);
    assert_eq!(at("leaky_relu_derivative", "edge", f64::NAN), 0.01);
    assert!(relu_derivative(f64::NAN).is_nan());
    assert!(leaky_relu_derivative(f64::NAN, 0.01).is_nan());
}

#[test]
#[ignore = "needs python3 with numpy and matplotlib (examples/numpy/requirements.txt); .ci/run runs it with --ignored"]
fn sigmoid_agrees_until_exp_overflows() {
    // 1 / (1 + np.exp(-x)): exp (within 1 ULP), an addition and a division
    // (half an ULP each) leave numpy within 2.5 ULP of the exact value, the
    // library within 1: at most 4 apart.
    let points = rows("sigmoid", "grid")
        .into_iter()
        .chain(rows("sigmoid", "edge"));
    for r in points.filter(|r| r.x > -710.0 || r.x.is_infinite()) {
        let library = sigmoid(r.x);
        assert!(
            ulps(r.value, library) <= 4,
            "sigmoid({:?}): numpy {:e}, library {library:e}",
            r.x,
            r.value
        );
    }
    assert!(at("sigmoid", "edge", f64::NAN).is_nan());
    // The chapter's first trap: np.exp(710) overflows, and numpy returns 0
    // where σ is still a (subnormal) positive number.
    assert!(at("sigmoid", "edge", -709.0) > 0.0);
    for x in [-710.0, -720.0, -745.0] {
        assert_eq!(at("sigmoid", "edge", x), 0.0, "numpy at {x}");
        assert!(sigmoid(x) > 0.0, "library at {x}");
    }
    assert!(relative(sigmoid(-720.0), 2.03e-313) < 0.01);
}

#[test]
#[ignore = "needs python3 with numpy and matplotlib (examples/numpy/requirements.txt); .ci/run runs it with --ignored"]
fn sigmoid_derivative_cancels_and_is_zero_from_37() {
    // s * (1 - s): for x > 0, s is within about ε/2 + ε/4 of σ(x) and
    // 1 - s is exact (Sterbenz), so the cancellation multiplies that error
    // by 1/(1 - σ) ≈ 1 + eˣ; the rest of the formula adds a few ε.
    let bound = |x: f64| (6.0 + 2.0 * x.max(0.0).exp()) * EPS;
    let points = rows("sigmoid_derivative", "grid")
        .into_iter()
        .chain(rows("sigmoid_derivative", "edge"));
    let mut worst_on_grid = 0.0_f64;
    for r in points.filter(|r| r.x.is_finite() && r.x < 37.0) {
        let error = relative(r.value, sigmoid_derivative(r.x));
        assert!(
            error <= bound(r.x),
            "σ'({:?}): relative error {error:e}",
            r.x
        );
        if r.x.abs() <= 10.0 {
            worst_on_grid = worst_on_grid.max(error);
        }
    }
    // Even on the notebook's grid the formula loses digits: about 4 of its
    // 16 near x = 10, where 1 - σ ≈ 4.5e-5.
    assert!(
        worst_on_grid > 1e-13 && worst_on_grid < 1e-11,
        "{worst_on_grid:e}"
    );
    // The chapter's second trap: 4 % off at 36, exactly 0 from 37 on.
    let error_at_36 = relative(
        at("sigmoid_derivative", "edge", 36.0),
        sigmoid_derivative(36.0),
    );
    assert!((0.03..0.06).contains(&error_at_36), "{error_at_36}");
    for x in 37..=45 {
        let x = f64::from(x);
        assert_eq!(at("sigmoid_derivative", "edge", x), 0.0, "numpy at {x}");
        assert!(sigmoid_derivative(x) > 0.0);
    }
    assert!(relative(sigmoid_derivative(40.0), 4.25e-18) < 0.001);
}

#[test]
#[ignore = "needs python3 with numpy and matplotlib (examples/numpy/requirements.txt); .ci/run runs it with --ignored"]
fn tanh_agrees_and_its_derivative_cancels() {
    // np.tanh and the library's tanh (libm) are each within 1 ULP.
    for set in ["grid", "edge"] {
        for r in rows("tanh", set) {
            let library = tanh(r.x);
            assert!(
                ulps(r.value, library) <= 2 || (r.x.is_nan() && r.value.is_nan()),
                "tanh({:?}): numpy {:e}, library {library:e}",
                r.x,
                r.value
            );
        }
    }
    assert_eq!(at("tanh", "edge", 1e-10), 1e-10);
    assert_eq!(at("tanh", "edge", 800.0), 1.0);

    // 1 - t*t: t is within 1 ULP (ε/2 near 1) of tanh x, which the
    // subtraction turns into an error of about 1.5ε / (1 - tanh²x)
    // = 1.5ε·cosh²x relative.
    let bound = |x: f64| (4.0 + 2.0 * x.cosh().powi(2)) * EPS;
    let points = rows("tanh_derivative", "grid")
        .into_iter()
        .chain(rows("tanh_derivative", "edge"));
    for r in points.filter(|r| r.x.is_finite() && r.x < 19.0) {
        let error = relative(r.value, tanh_derivative(r.x));
        assert!(
            error <= bound(r.x),
            "tanh'({:?}): relative error {error:e}",
            r.x
        );
    }
    // At 19, 1 - tanh(19) ≈ 6.3e-17 is barely above half the spacing below 1
    // (2⁻⁵⁴ ≈ 5.6e-17): a correctly rounded tanh gives 1 - 2⁻⁵³ and the
    // formula 2⁻⁵² (77 % too large); numpy's own tanh may round to 1 and give
    // 0. Either way nothing of the true 1.26e-16 is left. From 20 on, 0.
    let at_19 = at("tanh_derivative", "edge", 19.0);
    assert!(at_19 == 0.0 || at_19 == EPS, "{at_19:e}");
    assert!(relative(tanh_derivative(19.0), 1.26e-16) < 0.01);
    for x in 20..=22 {
        let x = f64::from(x);
        assert_eq!(at("tanh_derivative", "edge", x), 0.0, "numpy at {x}");
        assert!(tanh_derivative(x) > 0.0);
    }
}

#[test]
#[ignore = "needs python3 with numpy and matplotlib (examples/numpy/requirements.txt); .ci/run runs it with --ignored"]
fn softmax_with_the_shift_agrees_without_it_overflows() {
    // The notebook's softmax subtracts the maximum: exp's arguments are ≤ 0,
    // each probability is within a few ULP, at 1000 as at 1.
    for set in ["notebook", "overflow", "underflow"] {
        let rows = rows("softmax", set);
        let logits: Vec<f64> = rows.iter().map(|r| r.x).collect();
        let library = softmax(&logits);
        for (r, p) in rows.iter().zip(&library) {
            assert!(
                ulps(r.value, *p) <= 4,
                "{set} {logits:?}: numpy {:e}, library {p:e}",
                r.value
            );
        }
    }
    // The cell's own vector is the notebook's.
    let logits: Vec<f64> = rows("softmax", "notebook").iter().map(|r| r.x).collect();
    assert_eq!(logits, [2.0, 1.0, 0.1]);
    // Without the shift: ∞/∞ at [1000, 1001, 1002], 0/0 at [-1000, -1001].
    for set in ["overflow", "underflow"] {
        assert!(
            rows("softmax_unshifted", set)
                .iter()
                .all(|r| r.value.is_nan())
        );
    }
}
