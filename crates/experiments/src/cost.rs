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
/// `kernel` column) and the short label of its bar in the figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kernel {
    pub name: &'static str,
    pub label: &'static str,
}

/// The kernels that are timed, in the order of the chapter's table.
pub const KERNELS: [Kernel; 9] = [
    Kernel {
        name: "sigmoid",
        label: "σ",
    },
    Kernel {
        name: "sigmoid_derivative",
        label: "σ′",
    },
    Kernel {
        name: "tanh",
        label: "tanh",
    },
    Kernel {
        name: "tanh_derivative",
        label: "tanh′",
    },
    Kernel {
        name: "relu",
        label: "ReLU",
    },
    Kernel {
        name: "relu_derivative",
        label: "ReLU′",
    },
    Kernel {
        name: "leaky_relu",
        label: "Leaky",
    },
    Kernel {
        name: "leaky_relu_derivative",
        label: "Leaky′",
    },
    Kernel {
        name: "softmax_rows",
        label: "softmax",
    },
];

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
    /// The best time, in nanoseconds per element.
    pub ns_per_element: f64,
    /// Bytes read and written per second, in GB/s.
    pub gb_per_s: f64,
    /// This time ÷ numpy's time for the same kernel.
    pub numpy_time_ratio: f64,
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

/// The rows of `data/cost.csv` from raw best times in seconds, keyed by
/// (kernel, implementation). Every kernel of [`KERNELS`] needs all three
/// implementations, and [`MEMCPY`] needs `rust` and `numpy`.
pub fn rows(
    machine: &Machine,
    seconds: &BTreeMap<(String, String), f64>,
) -> Result<Vec<Row>, String> {
    let get = |kernel: &str, implementation: &str| {
        seconds
            .get(&(kernel.to_owned(), implementation.to_owned()))
            .copied()
            .ok_or_else(|| format!("no timing for {kernel} ({implementation})"))
    };
    let (memcpy, numpy_memcpy) = (get(MEMCPY, "rust")?, get(MEMCPY, "numpy")?);
    let row = |kernel: &str, implementation: &str, t: f64, numpy: f64| Row {
        machine: machine.machine.clone(),
        date: machine.date.clone(),
        numpy: machine.numpy.clone(),
        kernel: kernel.to_owned(),
        implementation: implementation.to_owned(),
        ns_per_element: round(t / ELEMENTS as f64 * 1e9, 4),
        gb_per_s: round((ELEMENTS * BYTES_PER_ELEMENT) as f64 / t / 1e9, 2),
        numpy_time_ratio: round(t / numpy, 3),
        memcpy_time_ratio: round(t / memcpy, 3),
    };
    let mut rows = Vec::new();
    for kernel in KERNELS {
        let numpy = get(kernel.name, "numpy")?;
        for implementation in ["rust", "naive", "numpy"] {
            rows.push(row(
                kernel.name,
                implementation,
                get(kernel.name, implementation)?,
                numpy,
            ));
        }
    }
    rows.push(row(MEMCPY, "rust", memcpy, numpy_memcpy));
    rows.push(row(MEMCPY, "numpy", numpy_memcpy, numpy_memcpy));
    Ok(rows)
}

/// `x` rounded to `digits` decimals, as the file stores it.
fn round(x: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (x * scale).round() / scale
}

/// The rows as CSV text, with a header line naming the columns.
pub fn write(rows: &[Row]) -> Result<String, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.serialize(row).map_err(|e| e.to_string())?;
    }
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// A set of measurements, looked up by kernel and implementation.
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
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows = reader
            .deserialize()
            .collect::<Result<Vec<Row>, _>>()
            .map_err(|e| format!("data/cost.csv: {e}"))?;
        if rows.is_empty() {
            return Err("data/cost.csv: no measurements".to_owned());
        }
        Ok(Costs { rows })
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

    /// The row of `kernel` in `implementation`.
    pub fn get(&self, kernel: &str, implementation: &str) -> Result<&Row, String> {
        self.rows
            .iter()
            .find(|r| r.kernel == kernel && r.implementation == implementation)
            .ok_or_else(|| format!("data/cost.csv has no row for {kernel} ({implementation})"))
    }

    /// Like [`get`](Self::get), for the chapter's tests: panics with that
    /// message instead.
    pub fn row(&self, kernel: &str, implementation: &str) -> &Row {
        self.get(kernel, implementation)
            .unwrap_or_else(|e| panic!("{e}"))
    }
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

    fn timings() -> BTreeMap<(String, String), f64> {
        let mut t = BTreeMap::new();
        for (k, kernel) in KERNELS.iter().enumerate() {
            for (i, implementation) in ["rust", "naive", "numpy"].into_iter().enumerate() {
                let seconds = 1e-4 * (k + 1) as f64 * (i + 1) as f64;
                t.insert((kernel.name.to_owned(), implementation.to_owned()), seconds);
            }
        }
        t.insert((MEMCPY.to_owned(), "rust".to_owned()), 1e-4);
        t.insert((MEMCPY.to_owned(), "numpy".to_owned()), 2e-4);
        t
    }

    #[test]
    fn rows_compute_the_ratios_and_round_trip_through_csv() {
        let rows = rows(&machine(), &timings()).unwrap();
        assert_eq!(rows.len(), 3 * KERNELS.len() + 2);
        let costs = Costs::parse(&write(&rows).unwrap()).unwrap();
        assert_eq!(costs.rows(), rows.as_slice());
        // tanh (the third kernel): rust 3e-4 s, numpy 9e-4 s, memcpy 1e-4 s.
        let tanh = costs.row("tanh", "rust");
        assert_eq!(tanh.ns_per_element, 0.3);
        assert_eq!(tanh.numpy_time_ratio, 0.333);
        assert_eq!(tanh.memcpy_time_ratio, 3.0);
        assert_eq!(tanh.gb_per_s, 26.67);
        // Every row is measured against our copy, numpy's too.
        assert_eq!(costs.row("tanh", "numpy").memcpy_time_ratio, 9.0);
        assert_eq!(costs.row(MEMCPY, "numpy").memcpy_time_ratio, 2.0);
    }

    #[test]
    fn columns_are_read_by_name_in_any_order() {
        let text = "kernel,implementation,machine,date,numpy,memcpy_time_ratio,numpy_time_ratio,gb_per_s,ns_per_element\n\
                    relu,rust,M,2026-01-01,2.1.3,1.01,0.5,29.6,0.27\n";
        let costs = Costs::parse(text).unwrap();
        let relu = costs.row("relu", "rust");
        assert_eq!((relu.ns_per_element, relu.memcpy_time_ratio), (0.27, 1.01));
    }

    #[test]
    fn a_missing_timing_or_column_is_named() {
        let mut t = timings();
        t.remove(&("softmax_rows".to_owned(), "numpy".to_owned()));
        assert_eq!(
            rows(&machine(), &t).unwrap_err(),
            "no timing for softmax_rows (numpy)"
        );
        let e = Costs::parse("kernel,implementation\nrelu,rust\n").unwrap_err();
        assert!(
            e.starts_with("data/cost.csv:") && e.contains("missing field"),
            "{e}"
        );
    }

    #[test]
    fn the_committed_file_has_every_kernel_in_every_implementation() {
        let costs = Costs::committed();
        for kernel in KERNELS {
            for implementation in ["rust", "naive", "numpy"] {
                costs.get(kernel.name, implementation).unwrap();
            }
        }
        costs.get(MEMCPY, "rust").unwrap();
    }
}
