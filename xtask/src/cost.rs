//! `cargo xtask cost`: our kernels beside numpy's, written to `data/cost.csv`
//! (and where a second thread pays, to `data/cost_threads.csv`).
//!
//! Runs `cargo bench --bench cost` (benches/cost.rs), which times the slice
//! kernels, the naive scalar loop and a memory copy, has
//! `benches/numpy_kernels.py` time numpy's versions of the notebook's formulas
//! the same way, and writes the CSV. Which kernels, and the file's format, are
//! decided there (`activations_experiments::cost`), not here.
//!
//! `cargo xtask cost --check` runs the same pipeline with 2 runs per kernel
//! instead of 100 and writes to a scratch file: it shows that everything works
//! (CI runs it) without taking measurements a shared machine can't make.

use crate::Result;
use std::path::Path;
use std::process::Command;

pub fn run(root: &Path, args: &[String]) -> Result {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err(format!("usage: cargo xtask cost [--check], not {args:?}")),
    };
    check_numpy()?;
    let scratch = std::env::temp_dir().join(format!("activations-cost-{}.csv", std::process::id()));
    let mut bench = crate::cargo();
    bench.current_dir(root).args([
        "bench",
        "--quiet",
        "--package",
        "activations",
        "--bench",
        "cost",
        "--",
    ]);
    if check {
        bench.arg("--quick").arg("--output").arg(&scratch);
    }
    eprintln!("cost: building and running benches/cost.rs (release) …");
    let status = bench
        .status()
        .map_err(|e| format!("cannot run cargo bench: {e}"))?;
    let written = std::fs::read_to_string(&scratch);
    let _ = std::fs::remove_file(&scratch);
    // benches/cost.rs writes the crossover beside it (`data/cost_threads.csv`
    // when measuring).
    let _ = std::fs::remove_file(scratch.with_extension("threads"));
    if !status.success() {
        return Err(format!(
            "`cargo bench --bench cost` failed ({status}); its messages are above"
        ));
    }
    if check {
        let text = written.map_err(|e| format!("benches/cost.rs wrote no CSV: {e}"))?;
        eprintln!(
            "cost: the pipeline works ({} rows, not measurements: 2 runs each); data/cost.csv is unchanged",
            text.lines().count().saturating_sub(1)
        );
    }
    Ok(())
}

/// A clear error when python3 or numpy is missing.
fn check_numpy() -> Result {
    let status = Command::new("python3")
        .args(["-c", "import numpy"])
        .output()
        .map_err(|_| {
            "`cargo xtask cost` needs python3 (with numpy) on the PATH: \
             apt-get install python3 python3-numpy, or pip install numpy==2.1.3"
                .to_owned()
        })?;
    if !status.status.success() {
        return Err("`cargo xtask cost` needs numpy: pip install numpy==2.1.3 \
                    (or apt-get install python3-numpy)"
            .to_owned());
    }
    Ok(())
}
