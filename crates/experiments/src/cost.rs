//! The measurements of `cost.md`: the slice kernels, the naive scalar loop
//! and numpy, timed on the same data, in `data/cost.csv`.
//!
//! This module is the one place that knows the file's format. Each row is a
//! [`Row`]; its fields are the CSV's columns, written and read by name with
//! the `csv` crate, so adding or reordering a column can't make a reader take
//! the wrong number. [`KERNELS`] is the one list of the kernels that are
//! timed: `benches/cost.rs` times them, asks `benches/numpy_kernels.py` to
//! time numpy's versions of the same ones, and writes the file with
//! [`write()`]; `examples/cost.rs` and the chapter's tests read it with
//! [`Costs::committed`].

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A timed kernel: its name (the `activations::slice` function, and the
/// `kernel` column), the short label of its bar in the figure, and whether
/// `benches/numpy_kernels.py` has a numpy version of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kernel {
    pub name: &'static str,
    pub label: &'static str,
    /// numpy has no error function (`scipy.special.erf` is another
    /// package), so the exact GELU has no numpy version to be timed.
    pub numpy: bool,
}

/// The kernels that are timed, in the order of the chapter's table.
pub const KERNELS: [Kernel; 12] = [
    Kernel {
        name: "sigmoid",
        label: "σ",
        numpy: true,
    },
    Kernel {
        name: "sigmoid_derivative",
        label: "σ′",
        numpy: true,
    },
    Kernel {
        name: "tanh",
        label: "tanh",
        numpy: true,
    },
    Kernel {
        name: "tanh_derivative",
        label: "tanh′",
        numpy: true,
    },
    Kernel {
        name: "relu",
        label: "ReLU",
        numpy: true,
    },
    Kernel {
        name: "relu_derivative",
        label: "ReLU′",
        numpy: true,
    },
    Kernel {
        name: "leaky_relu",
        label: "Leaky",
        numpy: true,
    },
    Kernel {
        name: "leaky_relu_derivative",
        label: "Leaky′",
        numpy: true,
    },
    Kernel {
        name: "softmax_rows",
        label: "softmax",
        numpy: true,
    },
    Kernel {
        name: "silu",
        label: "SiLU",
        numpy: true,
    },
    Kernel {
        name: "gelu_tanh",
        label: "GELU≈",
        numpy: true,
    },
    Kernel {
        name: "gelu",
        label: "GELU",
        numpy: false,
    },
];

/// The implementation name of a slice kernel timed with both stages in one
/// loop (`activations::slice::Loop::Single`), at the SIMD levels; `rust` is
/// the default, two loops per chunk. Optional in the file: machines measured
/// before the two stages existed have no such rows.
pub const SINGLE_LOOP: &str = "single_loop";

/// The reference every ratio is taken against: a plain copy of the input
/// (`copy_from_slice`, `np.copyto`), timed like the kernels.
pub const MEMCPY: &str = "memcpy";

/// Elements per kernel call: 10⁶ `f32` (softmax: 1000 rows of 1000).
pub const ELEMENTS: usize = 1_000_000;

/// Bytes moved per element: one `f32` read and one written.
pub const BYTES_PER_ELEMENT: usize = 8;

/// One measurement: a kernel in one implementation, on one machine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The CPU model and the number of logical CPUs.
    pub machine: String,
    /// The day of the measurement, YYYY-MM-DD.
    pub date: String,
    /// numpy's version.
    pub numpy: String,
    /// A name from [`KERNELS`], or [`MEMCPY`].
    pub kernel: String,
    /// `rust` (the slice kernel), `naive` (the scalar loop) or `numpy`.
    pub implementation: String,
    /// The instruction-set level (`activations::slice::Level::name`:
    /// `portable`, `avx2`, `avx512`): for `rust` and [`SINGLE_LOOP`] rows the
    /// one the slice kernel was compiled for and forced to; for `numpy` rows
    /// the highest numpy was allowed to use (`benches/numpy_kernels.py
    /// --level`). Empty for `naive` rows and our copy, which do not dispatch.
    pub level: String,
    /// The best time, in nanoseconds per element.
    pub ns_per_element: f64,
    /// Bytes read and written per second, in GB/s.
    pub gb_per_s: f64,
    /// This time ÷ numpy's time for the same kernel at the same level (a
    /// row without a level: numpy at the fastest level); empty for a kernel
    /// numpy has no version of ([`Kernel::numpy`]).
    pub numpy_time_ratio: Option<f64>,
    /// This time ÷ the time of our memory copy (`copy_from_slice`): the
    /// memory limit of the machine, the same yardstick for every row.
    pub memcpy_time_ratio: f64,
}

/// Where and with what a set of timings was taken.
#[derive(Clone, Debug, PartialEq)]
pub struct Machine {
    pub machine: String,
    pub date: String,
    pub numpy: String,
}

/// What a raw timing is of: (kernel, implementation, level), the level
/// empty except for `rust`, [`SINGLE_LOOP`] and `numpy`.
pub type Timing = (String, String, String);

/// The key of a timing.
pub fn timing(kernel: &str, implementation: &str, level: &str) -> Timing {
    (
        kernel.to_owned(),
        implementation.to_owned(),
        level.to_owned(),
    )
}

/// The key of the copy timed just before `kernel`'s runs of a round: the
/// copy its ratios are taken against.
pub fn memcpy_beside(kernel: &str) -> Timing {
    timing(MEMCPY, "beside", kernel)
}

/// The rows of `data/cost.csv` from raw times in seconds, one per round of
/// the measurement (the best run of the round), every timing with the same
/// number of rounds. A row's time is the best of all rounds. Its ratios are
/// *paired*: each round gives the ratio of two times taken close together —
/// a kernel and the copy timed just before it ([`memcpy_beside`]); ours and
/// numpy's in the same round — and the row keeps the median of these
/// ratios, so that a machine whose speed drifts during the measurement does
/// not compare one kernel's fast moment with another's slow one.
///
/// Every kernel of [`KERNELS`] needs `rust` at each of `levels` (slowest
/// first), `naive`, `numpy` at each level (if it has a numpy version) and
/// a copy beside it; [`MEMCPY`] needs `rust` (no level) and `numpy` at each
/// level. [`SINGLE_LOOP`] timings are optional. A slice kernel at a level is
/// compared with numpy at the same level, the naive loop and our copy with
/// numpy at the fastest.
pub fn rows(
    machine: &Machine,
    levels: &[&str],
    seconds: &BTreeMap<Timing, Vec<f64>>,
) -> Result<Vec<Row>, String> {
    let get = |key: Timing| {
        seconds.get(&key).map(Vec::as_slice).ok_or_else(|| {
            let (kernel, implementation, level) = key;
            if kernel == MEMCPY && implementation == "beside" {
                return format!("no timing for the copy beside {level}");
            }
            let at = if level.is_empty() {
                String::new()
            } else {
                format!(" at {level}")
            };
            format!("no timing for {kernel} ({implementation}{at})")
        })
    };
    let rounds = seconds.values().map(Vec::len).next().unwrap_or(0);
    if rounds == 0 || seconds.values().any(|v| v.len() != rounds) {
        return Err(format!(
            "every timing needs the same number of rounds (at least one): {:?}",
            seconds
                .iter()
                .map(|(k, v)| (k, v.len()))
                .collect::<Vec<_>>()
        ));
    }
    let Some(&fastest) = levels.last() else {
        return Err("no dispatch level was measured".to_owned());
    };
    let memcpy = get(timing(MEMCPY, "rust", ""))?;
    let row = |kernel: &str,
               implementation: &str,
               level: &str,
               t: &[f64],
               beside: &[f64],
               numpy: Option<&[f64]>| {
        let best = t.iter().copied().fold(f64::INFINITY, f64::min);
        Row {
            machine: machine.machine.clone(),
            date: machine.date.clone(),
            numpy: machine.numpy.clone(),
            kernel: kernel.to_owned(),
            implementation: implementation.to_owned(),
            level: level.to_owned(),
            ns_per_element: round(best / ELEMENTS as f64 * 1e9, 4),
            gb_per_s: round((ELEMENTS * BYTES_PER_ELEMENT) as f64 / best / 1e9, 2),
            numpy_time_ratio: numpy.map(|numpy| round(median_ratio(t, numpy), 3)),
            memcpy_time_ratio: round(median_ratio(t, beside), 3),
        }
    };
    let mut rows = Vec::new();
    for kernel in KERNELS {
        let numpy = |level: &str| -> Result<Option<&[f64]>, String> {
            if kernel.numpy {
                get(timing(kernel.name, "numpy", level)).map(Some)
            } else {
                Ok(None)
            }
        };
        let beside = get(memcpy_beside(kernel.name))?;
        for &level in levels {
            let t = get(timing(kernel.name, "rust", level))?;
            rows.push(row(kernel.name, "rust", level, t, beside, numpy(level)?));
        }
        for &level in levels {
            if let Some(t) = seconds.get(&timing(kernel.name, SINGLE_LOOP, level)) {
                rows.push(row(
                    kernel.name,
                    SINGLE_LOOP,
                    level,
                    t,
                    beside,
                    numpy(level)?,
                ));
            }
        }
        let naive = get(timing(kernel.name, "naive", ""))?;
        rows.push(row(
            kernel.name,
            "naive",
            "",
            naive,
            beside,
            numpy(fastest)?,
        ));
        for &level in levels {
            if let Some(t) = numpy(level)? {
                rows.push(row(kernel.name, "numpy", level, t, memcpy, Some(t)));
            }
        }
    }
    let numpy_memcpy = |level: &str| get(timing(MEMCPY, "numpy", level));
    rows.push(row(
        MEMCPY,
        "rust",
        "",
        memcpy,
        memcpy,
        Some(numpy_memcpy(fastest)?),
    ));
    for &level in levels {
        let t = numpy_memcpy(level)?;
        rows.push(row(MEMCPY, "numpy", level, t, memcpy, Some(t)));
    }
    Ok(rows)
}

/// The median of a[i]/b[i] (for an even count, the mean of the middle two).
fn median_ratio(a: &[f64], b: &[f64]) -> f64 {
    let mut ratios: Vec<f64> = a.iter().zip(b).map(|(a, b)| a / b).collect();
    ratios.sort_by(f64::total_cmp);
    let n = ratios.len();
    if n % 2 == 1 {
        ratios[n / 2]
    } else {
        (ratios[n / 2 - 1] + ratios[n / 2]) / 2.0
    }
}

/// The committed rows with those of `fresh`'s machine replaced by `fresh`:
/// measurements of other machines are kept, in their place; a machine not
/// measured before is appended.
pub fn merge(existing: &[Row], fresh: &[Row]) -> Vec<Row> {
    let Some(machine) = fresh.first().map(|r| r.machine.clone()) else {
        return existing.to_vec();
    };
    let mut out = Vec::new();
    let mut placed = false;
    for row in existing {
        if row.machine == machine {
            if !placed {
                out.extend_from_slice(fresh);
                placed = true;
            }
        } else {
            out.push(row.clone());
        }
    }
    if !placed {
        out.extend_from_slice(fresh);
    }
    out
}

/// The dispatch levels, slowest first: the order of
/// `activations::slice::Level::supported`.
pub const LEVELS: [&str; 3] = ["portable", "avx2", "avx512"];

/// `x` rounded to `digits` decimals, as the file stores it.
fn round(x: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (x * scale).round() / scale
}

/// The rows as CSV text, with a header line naming the columns.
pub fn write(rows: &[Row]) -> Result<String, String> {
    to_csv(rows)
}

/// Any rows as CSV text, with a header line naming the columns (their
/// fields).
fn to_csv<R: Serialize>(rows: &[R]) -> Result<String, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.serialize(row).map_err(|e| e.to_string())?;
    }
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// Rows from CSV text, by column name; the error names `file` and the line
/// at fault.
fn from_csv<R: for<'de> Deserialize<'de>>(text: &str, file: &str) -> Result<Vec<R>, String> {
    let rows = csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<R>, _>>()
        .map_err(|e| format!("{file}: {e}"))?;
    if rows.is_empty() {
        return Err(format!("{file}: no measurements"));
    }
    Ok(rows)
}

/// A set of measurements, from one machine or several, looked up by kernel,
/// implementation and level.
///
/// The lookups without a machine ([`get`](Self::get), [`row`](Self::row))
/// read the *reference machine*, the first in the file, and for `rust` its
/// fastest level (the one `Level::detect` chooses there);
/// [`machine`](Self::machine) selects another.
#[derive(Clone, Debug, PartialEq)]
pub struct Costs {
    rows: Vec<Row>,
}

/// The committed measurements, compiled in: a program that shows them is
/// rebuilt (and so re-run by the book's build) whenever they change.
const COMMITTED: &str = include_str!("../../../data/cost.csv");

impl Costs {
    /// Parses CSV text by column name; the error names the line at fault.
    pub fn parse(text: &str) -> Result<Costs, String> {
        Ok(Costs {
            rows: from_csv(text, "data/cost.csv")?,
        })
    }

    /// The measurements committed in `data/cost.csv`.
    ///
    /// # Panics
    ///
    /// If the committed file does not parse (a test checks that it does).
    pub fn committed() -> Costs {
        Costs::parse(COMMITTED).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Every row, in the file's order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The machines measured, in the file's order (the first is the
    /// reference machine).
    pub fn machines(&self) -> Vec<&str> {
        let mut machines: Vec<&str> = Vec::new();
        for row in &self.rows {
            if !machines.contains(&row.machine.as_str()) {
                machines.push(&row.machine);
            }
        }
        machines
    }

    /// The measurements of one machine.
    pub fn machine(&self, machine: &str) -> Result<Costs, String> {
        let rows: Vec<Row> = self
            .rows
            .iter()
            .filter(|r| r.machine == machine)
            .cloned()
            .collect();
        if rows.is_empty() {
            return Err(format!("data/cost.csv has no measurements of {machine}"));
        }
        Ok(Costs { rows })
    }

    /// The rows of the reference machine.
    fn reference(&self) -> impl Iterator<Item = &Row> {
        let first = self.rows.first().map(|r| r.machine.clone());
        self.rows
            .iter()
            .filter(move |r| Some(&r.machine) == first.as_ref())
    }

    /// The levels at which the reference machine's kernels were measured,
    /// slowest first.
    pub fn levels(&self) -> Vec<&'static str> {
        LEVELS
            .into_iter()
            .filter(|l| self.reference().any(|r| r.level == *l))
            .collect()
    }

    /// The row of `kernel` in `implementation` on the reference machine;
    /// for `rust` and `numpy`, at its fastest level.
    pub fn get(&self, kernel: &str, implementation: &str) -> Result<&Row, String> {
        let dispatches =
            implementation == "numpy" || (implementation == "rust" && kernel != MEMCPY);
        match self.levels().last() {
            Some(level) if dispatches => self.find(kernel, implementation, level),
            _ => self
                .reference()
                .find(|r| r.kernel == kernel && r.implementation == implementation)
                .ok_or_else(|| format!("data/cost.csv has no row for {kernel} ({implementation})")),
        }
    }

    /// The row of the slice kernel `kernel` at dispatch level `level` on the
    /// reference machine.
    pub fn get_at(&self, kernel: &str, level: &str) -> Result<&Row, String> {
        self.find(kernel, "rust", level)
    }

    /// The row of numpy's version of `kernel` held to `level` (`--level`
    /// of `benches/numpy_kernels.py`) on the reference machine.
    pub fn numpy_at(&self, kernel: &str, level: &str) -> Result<&Row, String> {
        self.find(kernel, "numpy", level)
    }

    fn find(&self, kernel: &str, implementation: &str, level: &str) -> Result<&Row, String> {
        self.reference()
            .find(|r| r.kernel == kernel && r.implementation == implementation && r.level == level)
            .ok_or_else(|| {
                format!("data/cost.csv has no row for {kernel} ({implementation} at {level})")
            })
    }

    /// The row of `kernel` timed with both stages in one loop
    /// ([`SINGLE_LOOP`]) at `level`, on the reference machine.
    pub fn single_loop_at(&self, kernel: &str, level: &str) -> Result<&Row, String> {
        self.find(kernel, SINGLE_LOOP, level)
    }

    /// Like [`get`](Self::get), for the chapter's tests: panics with that
    /// message instead.
    pub fn row(&self, kernel: &str, implementation: &str) -> &Row {
        self.get(kernel, implementation)
            .unwrap_or_else(|e| panic!("{e}"))
    }
}

/// The kernels whose crossover to several threads is measured: one that
/// computes (σ) and one that only moves memory (ReLU).
pub const THREAD_KERNELS: [&str; 2] = ["sigmoid", "relu"];

/// The array lengths of the crossover measurement, from 2¹² to 2²⁰
/// elements: around `activations::slice::Threads::MIN_PER_THREAD` (2¹⁷)
/// in steps of 2.
pub const THREAD_SIZES: [usize; 9] = [
    1 << 12,
    1 << 13,
    1 << 14,
    1 << 15,
    1 << 16,
    1 << 17,
    1 << 18,
    1 << 19,
    1 << 20,
];

/// One measurement of `data/cost_threads.csv`: a slice kernel on
/// `elements` elements, in one thread and cut into `threads` pieces (each
/// on its own thread, however short: `Threads::min_per_thread(1)`), at the
/// fastest level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadRow {
    /// The CPU model and the number of logical CPUs.
    pub machine: String,
    /// The day of the measurement, YYYY-MM-DD.
    pub date: String,
    /// A name from [`THREAD_KERNELS`].
    pub kernel: String,
    /// The dispatch level (`activations::slice::Level::name`).
    pub level: String,
    /// The array's length.
    pub elements: usize,
    /// The number of threads of the second timing.
    pub threads: usize,
    /// The best time in one thread, in nanoseconds per element.
    pub ns_per_element_one: f64,
    /// The best time in `threads` threads, in nanoseconds per element.
    pub ns_per_element_threads: f64,
    /// One thread's time ÷ `threads` threads' time, the median of the
    /// ratios paired within a round (as in [`rows`]): above 1, the threads
    /// are faster.
    pub speedup: f64,
}

/// What a raw crossover timing is of: (kernel, elements, threads).
pub type ThreadTiming = (String, usize, usize);

/// The rows of `data/cost_threads.csv` from raw times in seconds, one per
/// round: every kernel of [`THREAD_KERNELS`] at every size of
/// [`THREAD_SIZES`] in 1 and in `threads` threads.
pub fn thread_rows(
    machine: &Machine,
    level: &str,
    threads: usize,
    seconds: &BTreeMap<ThreadTiming, Vec<f64>>,
) -> Result<Vec<ThreadRow>, String> {
    let get = |kernel: &str, elements: usize, threads: usize| {
        seconds
            .get(&(kernel.to_owned(), elements, threads))
            .map(Vec::as_slice)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                format!("no timing for {kernel} on {elements} elements in {threads} thread(s)")
            })
    };
    let mut rows = Vec::new();
    for kernel in THREAD_KERNELS {
        for elements in THREAD_SIZES {
            let (one, many) = (get(kernel, elements, 1)?, get(kernel, elements, threads)?);
            if one.len() != many.len() {
                return Err(format!(
                    "{kernel} on {elements} elements: {} rounds in one thread, {} in {threads}",
                    one.len(),
                    many.len()
                ));
            }
            let best = |t: &[f64]| t.iter().copied().fold(f64::INFINITY, f64::min);
            let ns = |t: &[f64]| round(best(t) / elements as f64 * 1e9, 4);
            rows.push(ThreadRow {
                machine: machine.machine.clone(),
                date: machine.date.clone(),
                kernel: kernel.to_owned(),
                level: level.to_owned(),
                elements,
                threads,
                ns_per_element_one: ns(one),
                ns_per_element_threads: ns(many),
                speedup: round(median_ratio(one, many), 3),
            });
        }
    }
    Ok(rows)
}

/// The crossover rows as CSV text, with a header line naming the columns.
pub fn write_threads(rows: &[ThreadRow]) -> Result<String, String> {
    to_csv(rows)
}

/// Parses `data/cost_threads.csv` by column name; the error names the line
/// at fault.
pub fn parse_threads(text: &str) -> Result<Vec<ThreadRow>, String> {
    from_csv(text, "data/cost_threads.csv")
}

/// The committed crossover measurements, compiled in (see [`Costs::committed`]).
///
/// # Panics
///
/// If the committed file does not parse (a test checks that it does).
pub fn committed_threads() -> Vec<ThreadRow> {
    parse_threads(include_str!("../../../data/cost_threads.csv")).unwrap_or_else(|e| panic!("{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn machine() -> Machine {
        Machine {
            machine: "Test CPU (2 CPUs)".into(),
            date: "2026-12-03".into(),
            numpy: "2.1.3".into(),
        }
    }

    const TWO_LEVELS: [&str; 2] = ["portable", "avx2"];

    /// Kernel k (from 1) takes k·10⁻⁴ s in rust at avx2, twice that at the
    /// portable level, 2k·10⁻⁴ naive, and in numpy 3k·10⁻⁴ at avx2 and
    /// 4k·10⁻⁴ at the portable level. One round each, so every ratio is the
    /// ratio of the two times.
    fn timings() -> BTreeMap<Timing, Vec<f64>> {
        let mut t = BTreeMap::new();
        for (k, kernel) in KERNELS.iter().enumerate() {
            let k = (k + 1) as f64 * 1e-4;
            t.insert(timing(kernel.name, "rust", "avx2"), vec![k]);
            t.insert(timing(kernel.name, "rust", "portable"), vec![2.0 * k]);
            t.insert(timing(kernel.name, "naive", ""), vec![2.0 * k]);
            if kernel.numpy {
                t.insert(timing(kernel.name, "numpy", "avx2"), vec![3.0 * k]);
                t.insert(timing(kernel.name, "numpy", "portable"), vec![4.0 * k]);
            }
            t.insert(memcpy_beside(kernel.name), vec![1e-4]);
        }
        t.insert(timing(MEMCPY, "rust", ""), vec![1e-4]);
        t.insert(timing(MEMCPY, "numpy", "avx2"), vec![2e-4]);
        t.insert(timing(MEMCPY, "numpy", "portable"), vec![2e-4]);
        t
    }

    /// Over several rounds a row keeps its best time and the median of its
    /// paired ratios: here the kernel is 3 × its copy in every round though
    /// the machine ran at half speed in one of them, and the ratio stays 3
    /// — where a ratio of the best times would say 1.5.
    #[test]
    fn ratios_are_medians_of_pairs_from_the_same_round() {
        let mut t = BTreeMap::new();
        for v in t_values() {
            t.insert(v.0, v.1);
        }
        let rows = rows(&machine(), &["avx2"], &t).unwrap();
        let costs = Costs { rows };
        let sigmoid = costs.row("sigmoid", "rust");
        assert_eq!(sigmoid.ns_per_element, 0.3); // 3e-4 s, the best round
        assert_eq!(sigmoid.memcpy_time_ratio, 3.0);
        assert_eq!(sigmoid.numpy_time_ratio, Some(0.5));
        let e = rows_error(&t);
        assert!(
            e.starts_with("every timing needs the same number of rounds"),
            "{e}"
        );
    }

    /// Three rounds of timings: round 2 ran at half speed, except the global
    /// copy, which was timed in a fast moment of it.
    fn t_values() -> Vec<(Timing, Vec<f64>)> {
        let mut v = Vec::new();
        for kernel in KERNELS {
            v.push((timing(kernel.name, "rust", "avx2"), vec![3e-4, 6e-4, 3e-4]));
            v.push((timing(kernel.name, "naive", ""), vec![6e-4, 12e-4, 6e-4]));
            if kernel.numpy {
                v.push((
                    timing(kernel.name, "numpy", "avx2"),
                    vec![6e-4, 12e-4, 6e-4],
                ));
            }
            v.push((memcpy_beside(kernel.name), vec![1e-4, 2e-4, 1e-4]));
        }
        v.push((timing(MEMCPY, "rust", ""), vec![1e-4, 1e-4, 1e-4]));
        v.push((timing(MEMCPY, "numpy", "avx2"), vec![1e-4, 1e-4, 1e-4]));
        v
    }

    fn rows_error(t: &BTreeMap<Timing, Vec<f64>>) -> String {
        let mut t = t.clone();
        t.insert(timing("relu", "naive", ""), vec![1e-4]);
        rows(&machine(), &["avx2"], &t).unwrap_err()
    }

    #[test]
    fn rows_compute_the_ratios_and_round_trip_through_csv() {
        let rows = rows(&machine(), &TWO_LEVELS, &timings()).unwrap();
        let with_numpy = KERNELS.iter().filter(|k| k.numpy).count();
        assert_eq!(rows.len(), 3 * KERNELS.len() + 2 * with_numpy + 3);
        let costs = Costs::parse(&write(&rows).unwrap()).unwrap();
        assert_eq!(costs.rows(), rows.as_slice());
        // tanh (the third kernel): rust 3e-4 s at avx2 (the fastest level,
        // so the one `row` reads), numpy 9e-4 s, memcpy 1e-4 s.
        assert_eq!(costs.levels(), TWO_LEVELS);
        let tanh = costs.row("tanh", "rust");
        assert_eq!(tanh.level, "avx2");
        assert_eq!(tanh.ns_per_element, 0.3);
        assert_eq!(tanh.numpy_time_ratio, Some(0.333));
        // The exact GELU has no numpy version: no numpy row, no ratio.
        assert_eq!(costs.row("gelu", "rust").numpy_time_ratio, None);
        assert!(costs.get("gelu", "numpy").is_err());
        assert_eq!(tanh.memcpy_time_ratio, 3.0);
        assert_eq!(tanh.gb_per_s, 26.67);
        // Each level is compared with numpy held to the same level; the
        // naive loop, which does not dispatch, with numpy at the fastest.
        let portable = costs.get_at("tanh", "portable").unwrap();
        assert_eq!(portable.memcpy_time_ratio, 6.0);
        assert_eq!(portable.numpy_time_ratio, Some(0.5));
        assert_eq!(costs.row("tanh", "naive").numpy_time_ratio, Some(0.667));
        assert_eq!(costs.row("tanh", "numpy").level, "avx2");
        assert_eq!(
            costs.numpy_at("tanh", "portable").unwrap().ns_per_element,
            1.2
        );
        assert!(costs.get_at("tanh", "avx512").is_err());
        // Every row is measured against our copy, numpy's too.
        assert_eq!(costs.row("tanh", "numpy").memcpy_time_ratio, 9.0);
        assert_eq!(costs.row(MEMCPY, "numpy").memcpy_time_ratio, 2.0);
    }

    #[test]
    fn columns_are_read_by_name_in_any_order() {
        let text = "kernel,level,implementation,machine,date,numpy,memcpy_time_ratio,numpy_time_ratio,gb_per_s,ns_per_element\n\
                    relu,avx2,rust,M,2026-01-01,2.1.3,1.01,0.5,29.6,0.27\n";
        let costs = Costs::parse(text).unwrap();
        let relu = costs.row("relu", "rust");
        assert_eq!((relu.ns_per_element, relu.memcpy_time_ratio), (0.27, 1.01));
    }

    #[test]
    fn a_missing_timing_or_column_is_named() {
        let mut t = timings();
        t.remove(&timing("softmax_rows", "numpy", "portable"));
        let mut u = timings();
        u.remove(&memcpy_beside("tanh"));
        assert_eq!(
            rows(&machine(), &TWO_LEVELS, &u).unwrap_err(),
            "no timing for the copy beside tanh"
        );
        assert_eq!(
            rows(&machine(), &TWO_LEVELS, &t).unwrap_err(),
            "no timing for softmax_rows (numpy at portable)"
        );
        assert_eq!(
            rows(&machine(), &["avx512"], &timings()).unwrap_err(),
            "no timing for sigmoid (rust at avx512)"
        );
        let e = Costs::parse("kernel,implementation\nrelu,rust\n").unwrap_err();
        assert!(
            e.starts_with("data/cost.csv:") && e.contains("missing field"),
            "{e}"
        );
    }

    #[test]
    fn merging_replaces_one_machines_rows_and_keeps_the_others() {
        let rows_of = |name: &str| {
            let m = Machine {
                machine: name.into(),
                ..machine()
            };
            rows(&m, &TWO_LEVELS, &timings()).unwrap()
        };
        let (a, b) = (rows_of("A"), rows_of("B"));
        let both = merge(&a, &b);
        assert_eq!(both.len(), a.len() + b.len());
        let costs = Costs { rows: both.clone() };
        assert_eq!(costs.machines(), ["A", "B"]);
        // B measured again, slower: A stays first and untouched.
        let mut b2 = b.clone();
        b2[0].ns_per_element = 99.0;
        let again = merge(&both, &b2);
        assert_eq!(&again[..a.len()], a.as_slice());
        assert_eq!(again[a.len()].ns_per_element, 99.0);
        assert_eq!(
            Costs { rows: again }.machine("B").unwrap().rows(),
            b2.as_slice()
        );
        assert!(
            costs
                .machine("C")
                .unwrap_err()
                .contains("no measurements of C")
        );
    }

    #[test]
    fn the_committed_file_has_every_kernel_in_every_implementation_on_every_machine() {
        let costs = Costs::committed();
        for machine in costs.machines() {
            let one = costs.machine(machine).unwrap();
            assert!(!one.levels().is_empty(), "{machine}");
            // A machine measured before a kernel was added has none of its
            // rows; one it has, it has in full. The reference machine (the
            // first) has every kernel.
            for kernel in KERNELS {
                if machine != costs.machines()[0] && one.get(kernel.name, "naive").is_err() {
                    continue;
                }
                for level in one.levels() {
                    one.get_at(kernel.name, level).unwrap();
                }
                one.get(kernel.name, "naive").unwrap();
                assert_eq!(one.get(kernel.name, "numpy").is_ok(), kernel.numpy);
                assert_eq!(
                    one.get(kernel.name, "rust")
                        .unwrap()
                        .numpy_time_ratio
                        .is_some(),
                    kernel.numpy
                );
            }
            one.get(MEMCPY, "rust").unwrap();
            one.get(MEMCPY, "numpy").unwrap();
        }
        // The reference machine also has every kernel in one loop, at each
        // SIMD level, and numpy's versions held to each level.
        let reference = costs.machine(costs.machines()[0]).unwrap();
        for kernel in KERNELS {
            for level in reference.levels().into_iter().skip(1) {
                reference.single_loop_at(kernel.name, level).unwrap();
            }
            for level in reference.levels() {
                assert_eq!(reference.numpy_at(kernel.name, level).is_ok(), kernel.numpy);
            }
        }
    }

    #[test]
    fn thread_rows_pair_the_rounds_and_round_trip_through_csv() {
        let mut t = BTreeMap::new();
        for kernel in THREAD_KERNELS {
            for elements in THREAD_SIZES {
                let one = elements as f64 * 1e-9;
                // Two threads: twice as fast in rounds 1 and 3; round 2 ran
                // at half speed for both.
                t.insert((kernel.to_owned(), elements, 1), vec![one, 2.0 * one, one]);
                t.insert(
                    (kernel.to_owned(), elements, 2),
                    vec![one / 2.0, one, one / 2.0],
                );
            }
        }
        let rows = thread_rows(&machine(), "avx2", 2, &t).unwrap();
        assert_eq!(rows.len(), THREAD_KERNELS.len() * THREAD_SIZES.len());
        assert!(
            rows.iter()
                .all(|r| r.speedup == 2.0 && r.ns_per_element_one == 1.0)
        );
        assert_eq!(parse_threads(&write_threads(&rows).unwrap()).unwrap(), rows);
        t.remove(&("relu".to_owned(), 1 << 14, 2));
        assert_eq!(
            thread_rows(&machine(), "avx2", 2, &t).unwrap_err(),
            "no timing for relu on 16384 elements in 2 thread(s)"
        );
        assert!(committed_threads().iter().all(|r| r.threads >= 2));
    }
}
