//! `cargo xtask cost`: our kernels beside numpy's, written to `data/cost.csv`.
//!
//! Runs `cargo bench --bench cost` (benches/cost.rs: the slice kernels, the
//! naive scalar loop and a memory copy, best of 50 runs on 10⁶ `f32`) and
//! `python3 benches/numpy_kernels.py` (numpy's versions of the notebook's
//! formulas, timed the same way), then writes one CSV row per kernel and
//! implementation. The cost chapter and its figure are drawn from that file.

use crate::Result;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// Elements per kernel call, and bytes moved per element (read + write f32).
const N: f64 = 1e6;
const BYTES_PER_ELEMENT: f64 = 8.0;

/// The kernels, in the order of the table.
const KERNELS: [&str; 9] = [
    "sigmoid",
    "sigmoid_derivative",
    "tanh",
    "tanh_derivative",
    "relu",
    "relu_derivative",
    "leaky_relu",
    "leaky_relu_derivative",
    "softmax_rows",
];

pub fn run(root: &Path) -> Result {
    check_numpy()?;
    eprintln!("cost: building and running benches/cost.rs (release) …");
    let ours = output(
        crate::cargo().current_dir(root).args([
            "bench",
            "--quiet",
            "--package",
            "activations",
            "--bench",
            "cost",
        ]),
        "cargo bench --bench cost",
    )?;
    eprintln!("cost: running benches/numpy_kernels.py …");
    let theirs = output(
        Command::new("python3")
            .current_dir(root)
            .arg("benches/numpy_kernels.py"),
        "python3 benches/numpy_kernels.py",
    )?;

    let mut times: BTreeMap<(String, String), f64> = BTreeMap::new();
    for line in ours.lines().filter(|l| l.matches(',').count() == 2) {
        let f: Vec<&str> = line.split(',').collect();
        let t = f[2]
            .parse()
            .map_err(|e| format!("bad line `{line}`: {e}"))?;
        times.insert((f[0].to_owned(), f[1].to_owned()), t);
    }
    let mut numpy_version = String::from("?");
    for line in theirs.lines() {
        let Some((kernel, value)) = line.split_once(',') else {
            continue;
        };
        if kernel == "numpy_version" {
            numpy_version = value.to_owned();
        } else {
            let t = value
                .parse()
                .map_err(|e| format!("bad line `{line}`: {e}"))?;
            times.insert((kernel.to_owned(), "numpy".to_owned()), t);
        }
    }
    let get = |k: &str, i: &str| {
        times
            .get(&(k.to_owned(), i.to_owned()))
            .copied()
            .ok_or_else(|| format!("no timing for {k} ({i})"))
    };
    let memcpy = get("memcpy", "rust")?;
    let machine = machine();
    let date = today();

    let mut csv = String::from(
        "machine,date,numpy,kernel,implementation,ns_per_element,gb_per_s,numpy_time_ratio,memcpy_time_ratio\n",
    );
    let mut row = |kernel: &str, implementation: &str, t: f64, numpy: f64| {
        let _ = writeln!(
            csv,
            "{machine},{date},{numpy_version},{kernel},{implementation},{:.4},{:.2},{:.3},{:.3}",
            t / N * 1e9,
            N * BYTES_PER_ELEMENT / t / 1e9,
            t / numpy,
            t / memcpy,
        );
    };
    let mut summary = String::new();
    for kernel in KERNELS {
        let numpy = get(kernel, "numpy")?;
        for implementation in ["rust", "naive", "numpy"] {
            row(kernel, implementation, get(kernel, implementation)?, numpy);
        }
        let ours = get(kernel, "rust")?;
        let _ = writeln!(
            summary,
            "  {kernel:<22} {:>7.3} ns/element   {:>5.2}× faster than numpy   {:>5.2}× a memcpy",
            ours / N * 1e9,
            numpy / ours,
            ours / memcpy
        );
    }
    let numpy_memcpy = get("memcpy", "numpy")?;
    row("memcpy", "rust", memcpy, numpy_memcpy);
    row("memcpy", "numpy", numpy_memcpy, numpy_memcpy);

    let path = root.join("data").join("cost.csv");
    std::fs::create_dir_all(path.parent().expect("data/"))
        .and_then(|()| std::fs::write(&path, &csv))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!(
        "cost: {machine}, numpy {numpy_version}; wrote {}",
        path.display()
    );
    eprint!("{summary}");
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

fn output(command: &mut Command, what: &str) -> Result<String> {
    let out = command
        .output()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{what} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("{what}: {e}"))
}

/// The CPU model and the number of logical CPUs, from /proc/cpuinfo.
fn machine() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = info
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')))
        .map(|(_, m)| m.trim().to_owned())
        .unwrap_or_else(|| std::env::consts::ARCH.to_owned());
    let cpus = info.lines().filter(|l| l.starts_with("processor")).count();
    format!("{model} ({cpus} CPUs)").replace(',', " ")
}

/// Today's date (UTC) as YYYY-MM-DD, from the system clock.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Howard Hinnant's days-to-civil algorithm.
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
