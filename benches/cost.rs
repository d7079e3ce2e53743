//! The measurements behind the cost chapter: `cargo xtask cost` runs this
//! (`cargo bench --bench cost`), which times our kernels, has
//! `benches/numpy_kernels.py` time numpy's versions of the same kernels —
//! held to each of our dispatch levels in turn, so that a level is compared
//! with numpy at the same level — and writes both to `data/cost.csv`.
//!
//! Each kernel runs on 10⁶ `f32` (softmax: 1000 rows of 1000), uniform on
//! [−10, 10) as in the numpy script, into a preallocated output; the time
//! reported is the best of `REPEATS` runs, like numpy's, taken in rounds of
//! `REPEATS_PER_ROUND` spread over the whole measurement; the ratios are
//! medians of ratios within a round (the machine's speed drifts; see
//! `cost::rows`). The slice kernels run
//! at every dispatch level this CPU supports (`Level::run` forces each), the
//! portable one included, and at the SIMD levels once more with both stages
//! of a two-stage kernel in one loop (`Loop::Single`, the implementation
//! `single_loop`). The kernels are those of `cost::KERNELS`, the one
//! list; the file's format is `cost::Row`. The rows of this machine replace
//! its earlier ones in the file; other machines' rows are kept.
//!
//! Each round also measures where a second thread starts to pay: σ and ReLU
//! on 2¹² to 2²⁰ elements, in one thread and cut into pieces for all the
//! machine's threads (at least two) however short
//! (`Threads::min_per_thread(1)`), written
//! to `data/cost_threads.csv` (`cost::ThreadRow`).
//!
//! Options (after `--`): `--quick` takes the best of 2 runs instead of 100 (to
//! check that the pipeline works, not to measure); `--output PATH` writes
//! there instead of `data/cost.csv`, and the crossover to `PATH.threads`.

mod common;

use activations::slice::{Level, Loop, Threads};
use activations_experiments::cost::{
    self, Costs, KERNELS, MEMCPY, Machine, SINGLE_LOOP, THREAD_KERNELS, THREAD_SIZES, ThreadTiming,
    Timing, memcpy_beside, timing,
};
use common::{N, implementation, inputs};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Instant;

/// Runs of each kernel; the best counts.
const REPEATS: usize = 100;

/// Runs of each kernel in a row, before the next kernel's (see `run`).
const REPEATS_PER_ROUND: usize = 10;

fn best(repeats: usize, mut f: impl FnMut()) -> f64 {
    f(); // warm up: page in the output, detect the CPU
    (0..repeats)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("benches/cost.rs: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut repeats = REPEATS;
    let mut output = root.join("data").join("cost.csv");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bench" => {} // cargo bench passes it
            "--quick" => repeats = 2,
            "--output" => output = args.next().ok_or("--output needs a path")?.into(),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }

    // The machine this runs on is shared: its speed drifts by a fifth or
    // more within tens of seconds. So the runs are spread over the whole
    // measurement, in rounds of everything — each kernel just after a copy
    // of the same bytes, then numpy's script at each level — and `cost::rows` keeps each
    // timing's best round and the median of ratios taken within a round.
    let (rounds, per_round) = (
        repeats.div_ceil(REPEATS_PER_ROUND),
        repeats.min(REPEATS_PER_ROUND),
    );
    let mut seconds: BTreeMap<Timing, Vec<f64>> = BTreeMap::new();
    let mut record = |key: Timing, t: f64| seconds.entry(key).or_default().push(t);
    let mut crossover: BTreeMap<ThreadTiming, Vec<f64>> = BTreeMap::new();
    let threads = Threads::available().count().max(2);
    let x = inputs();
    let mut y = vec![0.0_f32; N];
    // The crossover's inputs: the same values, repeated up to 2²⁰.
    let longest = THREAD_SIZES[THREAD_SIZES.len() - 1];
    let long: Vec<f32> = x.iter().copied().cycle().take(longest).collect();
    let mut out = vec![0.0_f32; longest];
    let levels = Level::supported();
    let script = root.join("benches").join("numpy_kernels.py");
    let mut numpy = String::from("?");
    for _ in 0..rounds {
        for kernel in KERNELS {
            let (fast, naive) = implementation(kernel.name);
            let t = best(per_round, || y.copy_from_slice(black_box(&x)));
            record(memcpy_beside(kernel.name), t);
            // The SIMD levels first, close to the copy, each followed at once
            // by the same kernel with both stages in one loop (`Loop::Single`:
            // what running in two stages gains); then the slow ones.
            for level in levels.iter().rev() {
                let t = level.run(|| best(per_round, || fast(black_box(&x), black_box(&mut y))));
                record(timing(kernel.name, "rust", level.name()), t);
                if *level != levels[0] {
                    let t = level.run(|| {
                        Loop::Single
                            .run(|| best(per_round, || fast(black_box(&x), black_box(&mut y))))
                    });
                    record(timing(kernel.name, SINGLE_LOOP, level.name()), t);
                }
            }
            let t = best(per_round, || naive(black_box(&x), black_box(&mut y)));
            record(timing(kernel.name, "naive", ""), t);
        }
        let t = best(per_round, || y.copy_from_slice(black_box(&x)));
        record(timing(MEMCPY, "rust", ""), t);

        // Where a second thread pays: each size in one thread, then at once
        // in all of them. A short array is timed over a batch of calls (a
        // total of 2²⁰ elements), so that the clock's resolution and the
        // cost of starting threads are both counted per element.
        for kernel in THREAD_KERNELS {
            let (fast, _) = implementation(kernel);
            for n in THREAD_SIZES {
                let calls = longest / n;
                let mut batch = || {
                    for _ in 0..calls {
                        fast(black_box(&long[..n]), black_box(&mut out[..n]));
                    }
                };
                let one = best(per_round, &mut batch) / calls as f64;
                let split = Threads::new(threads).min_per_thread(1);
                let many = split.run(|| best(per_round, &mut batch)) / calls as f64;
                crossover
                    .entry((kernel.to_owned(), n, 1))
                    .or_default()
                    .push(one);
                crossover
                    .entry((kernel.to_owned(), n, threads))
                    .or_default()
                    .push(many);
            }
        }

        // numpy's side: the same kernels, named on the command line, with
        // numpy held to each of our levels in turn (`--level`).
        for level in levels.iter().rev() {
            let out = Command::new("python3")
                .arg(&script)
                .args(["--repeats", &per_round.to_string()])
                .args(["--level", level.name()])
                .args(KERNELS.iter().filter(|k| k.numpy).map(|k| k.name))
                .output()
                .map_err(|e| format!("cannot run python3 {}: {e}", script.display()))?;
            if !out.status.success() {
                return Err(format!(
                    "{} --level {} failed:\n{}",
                    script.display(),
                    level.name(),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                let (kernel, value) = line
                    .split_once(',')
                    .ok_or_else(|| format!("numpy_kernels.py printed `{line}`"))?;
                if kernel == "numpy_version" {
                    numpy = value.to_owned();
                } else {
                    let t = value
                        .parse()
                        .map_err(|e| format!("numpy_kernels.py printed `{line}`: {e}"))?;
                    record(timing(kernel, "numpy", level.name()), t);
                }
            }
        }
    }

    let machine = Machine {
        machine: machine(),
        date: today(),
        numpy,
    };
    let level_names: Vec<&str> = levels.iter().map(|l| l.name()).collect();
    let rows = cost::rows(&machine, &level_names, &seconds)?;
    // Other machines' measurements stay; a scratch output starts empty.
    let earlier = match std::fs::read_to_string(&output) {
        Ok(text) => Costs::parse(&text)?.rows().to_vec(),
        Err(_) => Vec::new(),
    };
    let csv = cost::write(&cost::merge(&earlier, &rows))?;
    std::fs::write(&output, csv).map_err(|e| format!("cannot write {}: {e}", output.display()))?;
    // The crossover: this machine's rows only (the file's first measurement
    // of another machine would be kept the same way, but there is none yet).
    let fastest = levels.last().map_or("portable", |l| l.name());
    let thread_rows = cost::thread_rows(&machine, fastest, threads, &crossover)?;
    let threads_output = if output == root.join("data").join("cost.csv") {
        root.join("data").join("cost_threads.csv")
    } else {
        output.with_extension("threads")
    };
    std::fs::write(&threads_output, cost::write_threads(&thread_rows)?)
        .map_err(|e| format!("cannot write {}: {e}", threads_output.display()))?;
    eprintln!(
        "cost: {}, numpy {}; wrote {}",
        machine.machine,
        machine.numpy,
        output.display()
    );
    for row in &thread_rows {
        eprintln!(
            "  {:<8} {:>8} elements: {:.3} ns/element in one thread, {:.3} in {}: {:.2}×",
            row.kernel,
            row.elements,
            row.ns_per_element_one,
            row.ns_per_element_threads,
            row.threads,
            row.speedup
        );
    }
    for row in rows.iter().filter(|r| r.implementation == "rust") {
        let numpy = row
            .numpy_time_ratio
            .map_or("no numpy version".to_owned(), |r| {
                format!("{:>5.2}× faster than numpy", 1.0 / r)
            });
        eprintln!(
            "  {:<22} {:<9} {:>7.3} ns/element   {numpy:<24}   {:>5.2}× a memcpy",
            row.kernel, row.level, row.ns_per_element, row.memcpy_time_ratio
        );
    }
    Ok(())
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
    format!("{model} ({cpus} CPUs)")
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
