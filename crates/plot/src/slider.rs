//! The data of an interactive figure on the book's website: the curves of a
//! function for every value of its parameter on a grid, computed here, at
//! build time, by the library, and written as `NAME.js` beside the figures.
//!
//! The website's script (`theme/param-figures.js`) draws the curves of the
//! value the reader's slider selects into an inline SVG; it computes nothing
//! but the drawing, so every number on the screen is one the library
//! returned. The static figure stays beside it for print, PDF and EPUB.
//!
//! The file is a script, not JSON, so that a page opened straight from the
//! disk (`file://`, where a browser refuses to fetch a JSON file) can load
//! it: it puts the data under its name into `window.PARAM_FIGURES`. Numbers
//! are written with Rust's shortest round-trip formatting, so JavaScript
//! reads exactly the `f64` the library computed, and the bytes are the same
//! on every run.

use crate::{FigureError, figures_dir, write_if_changed};
use std::fmt::Write as _;
use std::path::PathBuf;

/// How the selected values are drawn.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    /// Curves over x.
    Lines,
    /// One bar per category.
    Bars,
}

struct Series {
    label: String,
    dashed: bool,
    /// One row per parameter value (or a single row, the same for all).
    rows: Vec<Vec<f64>>,
}

/// An interactive figure: a slider over a parameter's grid of values, and
/// for each value the curves (or bars) and a few numbers to read off.
pub struct SliderFigure {
    name: String,
    title: String,
    parameter: String,
    values: Vec<f64>,
    initial: usize,
    kind: Kind,
    marker: bool,
    x: Vec<f64>,
    categories: Vec<String>,
    series: Vec<Series>,
    readouts: Vec<(String, Vec<f64>)>,
}

impl SliderFigure {
    /// A figure saved as `NAME.js` whose slider runs over `values` of the
    /// parameter written `parameter` (e.g. `α`), starting at the first.
    pub fn new(name: &str, title: &str, parameter: &str, values: &[f64]) -> Self {
        SliderFigure {
            name: name.to_owned(),
            title: title.to_owned(),
            parameter: parameter.to_owned(),
            values: values.to_vec(),
            initial: 0,
            kind: Kind::Lines,
            marker: false,
            x: Vec::new(),
            categories: Vec::new(),
            series: Vec::new(),
            readouts: Vec::new(),
        }
    }

    /// The slider starts at the grid value nearest to `value`.
    pub fn initial(mut self, value: f64) -> Self {
        let distance = |v: &f64| (v - value).abs();
        self.initial = (0..self.values.len())
            .min_by(|&a, &b| distance(&self.values[a]).total_cmp(&distance(&self.values[b])))
            .unwrap_or(0);
        self
    }

    /// The points at which the curves are computed.
    pub fn x(mut self, x: &[f64]) -> Self {
        self.x = x.to_vec();
        self
    }

    /// The slider marks a point on the x axis: the parameter is a position
    /// x₀ (curves that do not depend on it are drawn with [`Self::fixed`]).
    pub fn marker(mut self) -> Self {
        self.marker = true;
        self
    }

    /// A solid curve `f(parameter, x)`.
    pub fn curve(self, label: &str, f: impl Fn(f64, f64) -> f64) -> Self {
        self.series(label, false, f)
    }

    /// A dashed curve `f(parameter, x)`, e.g. the derivative.
    pub fn dashed(self, label: &str, f: impl Fn(f64, f64) -> f64) -> Self {
        self.series(label, true, f)
    }

    fn series(mut self, label: &str, dashed: bool, f: impl Fn(f64, f64) -> f64) -> Self {
        let rows = self
            .values
            .iter()
            .map(|&p| self.x.iter().map(|&x| f(p, x)).collect())
            .collect();
        self.series.push(Series {
            label: label.to_owned(),
            dashed,
            rows,
        });
        self
    }

    /// A curve `f(x)` that does not depend on the parameter (solid, or
    /// dashed when `dashed`).
    pub fn fixed(mut self, label: &str, dashed: bool, f: impl Fn(f64) -> f64) -> Self {
        let row = self.x.iter().map(|&x| f(x)).collect();
        self.series.push(Series {
            label: label.to_owned(),
            dashed,
            rows: vec![row],
        });
        self
    }

    /// Bars instead of curves: `f(parameter)` gives one value per category.
    pub fn bars(mut self, label: &str, categories: &[&str], f: impl Fn(f64) -> Vec<f64>) -> Self {
        self.kind = Kind::Bars;
        self.categories = categories.iter().map(|&c| c.to_owned()).collect();
        let rows = self.values.iter().map(|&p| f(p)).collect();
        self.series.push(Series {
            label: label.to_owned(),
            dashed: false,
            rows,
        });
        self
    }

    /// A number shown under the figure for the selected value, `f(parameter)`.
    pub fn readout(mut self, label: &str, f: impl Fn(f64) -> f64) -> Self {
        let values = self.values.iter().map(|&p| f(p)).collect();
        self.readouts.push((label.to_owned(), values));
        self
    }

    /// What makes the data impossible to show, if anything.
    fn check(&self) -> Result<(), String> {
        if self.values.is_empty() {
            return Err("the parameter has no values".into());
        }
        if self.series.is_empty() {
            return Err("nothing to draw".into());
        }
        let width = match self.kind {
            Kind::Lines => self.x.len(),
            Kind::Bars => self.categories.len(),
        };
        for s in &self.series {
            if s.rows.len() != 1 && s.rows.len() != self.values.len() {
                return Err(format!(
                    "`{}` has a row count other than the grid's",
                    s.label
                ));
            }
            if s.rows.iter().any(|r| r.len() != width) {
                return Err(format!("`{}` has rows of another length than x", s.label));
            }
        }
        let numbers = self.values.iter().chain(&self.x).chain(
            self.series
                .iter()
                .flat_map(|s| s.rows.iter().flatten())
                .chain(self.readouts.iter().flat_map(|(_, v)| v)),
        );
        if numbers.clone().any(|v| !v.is_finite()) {
            return Err("a value is not finite (JSON has no NaN or infinity)".into());
        }
        Ok(())
    }

    /// The smallest and largest value drawn, over the whole grid: the y axis
    /// stays put while the slider moves.
    fn y_range(&self) -> (f64, f64) {
        let all = self.series.iter().flat_map(|s| s.rows.iter().flatten());
        let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
        let lo = if self.kind == Kind::Bars { 0.0 } else { lo };
        let pad = (hi - lo).max(1e-12) * 0.05;
        (
            lo - if self.kind == Kind::Bars { 0.0 } else { pad },
            hi + pad,
        )
    }

    /// The file's text: `(window.PARAM_FIGURES ||= {})["NAME"] = {…};`.
    pub fn render(&self) -> Result<String, FigureError> {
        self.check().map_err(|e| FigureError::new(&self.name, e))?;
        let mut js = String::new();
        let kind = match self.kind {
            Kind::Lines => "lines",
            Kind::Bars => "bars",
        };
        let (lo, hi) = self.y_range();
        let _ = write!(
            js,
            "// The data of an interactive figure, computed by the library (see crates/plot/src/slider.rs).\n\
             (window.PARAM_FIGURES ||= {{}})[{}] = {{\"title\": {}, \"kind\": \"{kind}\", \"marker\": {}, \
             \"parameter\": {}, \"values\": {}, \"initial\": {}, \"x\": {}, \"categories\": [{}], \"yRange\": [{lo}, {hi}],\n\"series\": [",
            string(&self.name),
            string(&self.title),
            self.marker,
            string(&self.parameter),
            numbers(&self.values),
            self.initial,
            numbers(&self.x),
            self.categories
                .iter()
                .map(|c| string(c))
                .collect::<Vec<_>>()
                .join(", "),
        );
        for (i, s) in self.series.iter().enumerate() {
            let rows: Vec<String> = s.rows.iter().map(|r| numbers(r)).collect();
            let _ = write!(
                js,
                "{}\n{{\"label\": {}, \"dashed\": {}, \"rows\": [\n{}]}}",
                if i == 0 { "" } else { "," },
                string(&s.label),
                s.dashed,
                rows.join(",\n")
            );
        }
        js.push_str("],\n\"readouts\": [");
        for (i, (label, values)) in self.readouts.iter().enumerate() {
            let _ = write!(
                js,
                "{}\n{{\"label\": {}, \"values\": {}}}",
                if i == 0 { "" } else { "," },
                string(label),
                numbers(values)
            );
        }
        js.push_str("]};\n");
        Ok(js)
    }

    /// Writes `figures_dir()/NAME.js` (if it changed).
    pub fn save(&self) -> Result<PathBuf, FigureError> {
        let js = self.render()?;
        let path = figures_dir().join(format!("{}.js", self.name));
        write_if_changed(&path, js.as_bytes()).map_err(|e| {
            FigureError::new(&self.name, format!("cannot write {}: {e}", path.display()))
        })?;
        Ok(path)
    }
}

/// `[1, 0.5, -0.25]`: each number as Rust's shortest round-trip form.
fn numbers(values: &[f64]) -> String {
    let items: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
    format!("[{}]", items.join(", "))
}

/// A JSON string literal.
fn string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\u003c"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_value_exactly() {
        let js = SliderFigure::new("t", "T", "α", &[0.1, 0.2])
            .initial(0.19)
            .x(&[-1.0, 1.0])
            .curve("f", |a, x| a * x)
            .readout("r", |a| a / 3.0)
            .render()
            .unwrap();
        assert!(
            js.contains(r#"(window.PARAM_FIGURES ||= {})["t"] = "#),
            "{js}"
        );
        assert!(js.contains(r#""values": [0.1, 0.2], "initial": 1"#), "{js}");
        // 0.2 × 1 and the shortest form of 0.1 / 3 that reads back exactly
        assert!(js.contains("[-0.2, 0.2]"), "{js}");
        let third = format!("{:?}", 0.1 / 3.0);
        assert_eq!(third.parse::<f64>().unwrap(), 0.1 / 3.0);
        assert!(js.contains(&third), "{js}");
    }

    #[test]
    fn refuses_what_json_cannot_hold() {
        let figure = SliderFigure::new("t", "T", "α", &[0.0])
            .x(&[1.0])
            .curve("f", |a, x| x / a);
        assert!(
            figure
                .render()
                .unwrap_err()
                .to_string()
                .contains("not finite")
        );
    }

    #[test]
    fn escapes_strings() {
        assert_eq!(string("a\"b\\</script>"), r#""a\"b\\\u003c/script>""#);
    }
}
