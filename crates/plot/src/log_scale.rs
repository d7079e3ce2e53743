//! Line figures with logarithmic axes: matplotlib's `semilogy`, `semilogx`
//! and `loglog`. The book plots relative errors with it
//! (`numerical_stability.md`), which span many orders of magnitude, and
//! softmax against the temperature (`softmax_in_depth.md`), where T = 0.1 and
//! T = 10 deserve the same room.
//!
//! Same look as [`LineFigure`](super::LineFigure): 800 × 500, the doubled
//! canvas, the same fonts, colours, grid and legend. A logarithmic axis has
//! its grid lines and labels at powers of ten (10⁻¹⁶, 10⁻⁸, …), or at 1, 2
//! and 5 times a power of ten when it holds fewer than four powers of ten.

use super::{
    Curve, FONT, FigureError, GRID, PALETTE, canvas_size, display_size, draw_curve, draw_legend,
    legend_entries, padded, px, save_svg, text_width, tick,
};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

/// How an axis maps values to positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// Equal steps for equal differences, as in [`LineFigure`](super::LineFigure).
    Linear,
    /// Equal steps for equal ratios: 10⁻⁸ is as far from 10⁻⁷ as 1 from 10.
    /// Every value drawn on it must be positive.
    Logarithmic,
}

/// Where the legend goes, inside the plotting area (matplotlib's `loc`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Legend {
    UpperLeft,
    UpperRight,
    LowerLeft,
    LowerRight,
    /// At the left edge, halfway up.
    CenterLeft,
    /// At the right edge, halfway up.
    CenterRight,
}

/// A line plot with a logarithmic y axis (and, if asked for, x axis).
pub struct LogLineFigure {
    name: String,
    title: String,
    x_label: String,
    y_label: String,
    x_scale: Scale,
    y_scale: Scale,
    legend: Legend,
    /// The y interval shown, in data units, when the data's own would leave
    /// no room for the legend.
    y_range: Option<(f64, f64)>,
    curves: Vec<Curve>,
}

impl LogLineFigure {
    /// A figure saved as `NAME.svg`: a linear x axis, a logarithmic y axis,
    /// the notebook's axis labels and the legend in the upper left corner.
    pub fn new(name: &str, title: &str) -> Self {
        LogLineFigure {
            name: name.to_owned(),
            title: title.to_owned(),
            x_label: "x".to_owned(),
            y_label: "值 (value)".to_owned(),
            x_scale: Scale::Linear,
            y_scale: Scale::Logarithmic,
            legend: Legend::UpperLeft,
            y_range: None,
            curves: Vec::new(),
        }
    }

    /// The descriptions of the x and y axes.
    pub fn axes(mut self, x_label: &str, y_label: &str) -> Self {
        self.x_label = x_label.to_owned();
        self.y_label = y_label.to_owned();
        self
    }

    /// The scale of the x axis (linear unless set).
    pub fn x_scale(mut self, scale: Scale) -> Self {
        self.x_scale = scale;
        self
    }

    /// The scale of the y axis (logarithmic unless set).
    pub fn y_scale(mut self, scale: Scale) -> Self {
        self.y_scale = scale;
        self
    }

    /// Puts the legend somewhere else than the upper left corner.
    pub fn legend(mut self, location: Legend) -> Self {
        self.legend = location;
        self
    }

    /// Shows y from `low` to `high` (data units) instead of the data's range
    /// plus a margin: room for a legend that would otherwise cover a curve.
    pub fn y_range(mut self, low: f64, high: f64) -> Self {
        self.y_range = Some((low, high));
        self
    }

    /// Adds a solid curve through the points (`x[i]`, `y[i]`).
    pub fn curve(self, label: &str, x: &[f64], y: &[f64]) -> Self {
        self.push(label, x, y, false)
    }

    /// Adds a dashed curve.
    pub fn dashed(self, label: &str, x: &[f64], y: &[f64]) -> Self {
        self.push(label, x, y, true)
    }

    fn push(mut self, label: &str, x: &[f64], y: &[f64], dashed: bool) -> Self {
        self.curves.push(Curve::new(label, x, y, dashed));
        self
    }

    /// The points of every curve in plotting coordinates (log₁₀ of the value
    /// on a logarithmic axis), or what makes one impossible to draw.
    fn coordinates(&self) -> Result<Vec<Vec<(f64, f64)>>, String> {
        if self.curves.is_empty() {
            return Err("no curves to draw".into());
        }
        let mut all = Vec::new();
        for curve in &self.curves {
            let mut points = Vec::new();
            for &(x, y) in &curve.points {
                if !x.is_finite() || !y.is_finite() {
                    return Err(format!(
                        "curve `{}`: point {:?} is not finite",
                        curve.label,
                        (x, y)
                    ));
                }
                for (axis, v, scale) in [("x", x, self.x_scale), ("y", y, self.y_scale)] {
                    if scale == Scale::Logarithmic && v <= 0.0 {
                        return Err(format!(
                            "curve `{}`: point {:?} has {axis} = {v}, which a logarithmic axis cannot show",
                            curve.label,
                            (x, y)
                        ));
                    }
                }
                points.push((to_axis(self.x_scale, x), to_axis(self.y_scale, y)));
            }
            all.push(points);
        }
        Ok(all)
    }

    /// The figure as SVG text.
    pub fn render(&self) -> Result<String, FigureError> {
        let err = |e: &dyn fmt::Display| FigureError::new(&self.name, e);
        let coordinates = self.coordinates().map_err(|e| err(&e))?;
        let points = || coordinates.iter().flatten();
        let x_axis = Axis::new(self.x_scale, padded(points().map(|p| p.0)), 11);
        let y_range = match self.y_range {
            Some((low, high)) => to_axis(self.y_scale, low)..to_axis(self.y_scale, high),
            None => padded(points().map(|p| p.1)),
        };
        let y_axis = Axis::new(self.y_scale, y_range, 8);

        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, canvas_size()).into_drawing_area();
            root.fill(&WHITE).map_err(|e| err(&e))?;
            let mut chart = ChartBuilder::on(&root)
                .caption(&self.title, (FONT, px(24)))
                .margin(px(14))
                .x_label_area_size(px(50))
                .y_label_area_size(px(66))
                .build_cartesian_2d(x_axis.coordinates(), y_axis.coordinates())
                .map_err(|e| err(&e))?;
            chart
                .configure_mesh()
                .max_light_lines(0)
                .bold_line_style(GRID.stroke_width(px(1) as u32))
                .axis_style(BLACK.stroke_width(px(1) as u32))
                .x_label_formatter(&|v| x_axis.label(*v))
                .y_label_formatter(&|v| y_axis.label(*v))
                .x_desc(&self.x_label)
                .y_desc(&self.y_label)
                .label_style((FONT, px(16)))
                .axis_desc_style((FONT, px(18)))
                .draw()
                .map_err(|e| err(&e))?;
            for ((curve, points), color) in self
                .curves
                .iter()
                .zip(&coordinates)
                .zip(PALETTE.iter().cycle())
            {
                draw_curve(&mut chart, points, color, curve.dashed).map_err(|e| err(&e))?;
            }
            let entries = legend_entries(&self.curves);
            let (xs, ys) = chart.plotting_area().get_pixel_range();
            let (w, h) = legend_size(&entries);
            let inset = px(12);
            let x = match self.legend {
                Legend::UpperLeft | Legend::LowerLeft | Legend::CenterLeft => xs.start + inset,
                _ => xs.end - inset - w,
            };
            let y = match self.legend {
                Legend::UpperLeft | Legend::UpperRight => ys.start + inset,
                Legend::LowerLeft | Legend::LowerRight => ys.end - inset - h,
                Legend::CenterLeft | Legend::CenterRight => (ys.start + ys.end - h) / 2,
            };
            draw_legend(&root, (x, y), &entries).map_err(|e| err(&e))?;
            root.present().map_err(|e| err(&e))?;
        }
        Ok(display_size(svg))
    }

    /// Renders the figure and writes `figures_dir()/NAME.svg` (if it changed).
    pub fn save(&self) -> Result<PathBuf, FigureError> {
        save_svg(&self.name, &self.render()?)
    }
}

/// The size of the box `draw_legend` draws for these entries (its layout:
/// rows of 26 px, a 36 px line sample, the widest label, and padding).
fn legend_size(entries: &[(&str, RGBColor, bool)]) -> (i32, i32) {
    let label_width = entries
        .iter()
        .map(|e| text_width(e.0, f64::from(px(16))))
        .max()
        .unwrap_or(0);
    (
        px(36) + label_width + px(30),
        px(26) * entries.len() as i32 + px(12),
    )
}

/// A value's position on an axis of the given scale.
fn to_axis(scale: Scale, v: f64) -> f64 {
    match scale {
        Scale::Linear => v,
        Scale::Logarithmic => v.log10(),
    }
}

/// One axis in plotting coordinates: its range and its labelled ticks.
struct Axis {
    range: Range<f64>,
    ticks: Vec<(f64, String)>,
}

impl Axis {
    /// `range` is in plotting coordinates (log₁₀ on a logarithmic axis);
    /// `labels` is about how many ticks a linear axis gets.
    fn new(scale: Scale, range: Range<f64>, labels: usize) -> Self {
        let ticks = match scale {
            Scale::Linear => RangedCoordf64::from(range.clone())
                .key_points(labels)
                .into_iter()
                .map(|v| (v, tick(v)))
                .collect(),
            Scale::Logarithmic => log_ticks(&range),
        };
        Axis { range, ticks }
    }

    fn coordinates(&self) -> Ticked {
        Ticked {
            linear: self.range.clone().into(),
            ticks: self.ticks.iter().map(|t| t.0).collect(),
        }
    }

    /// The label of the tick at `position` (plotters asks for exactly these).
    fn label(&self, position: f64) -> String {
        self.ticks
            .iter()
            .min_by(|a, b| (a.0 - position).abs().total_cmp(&(b.0 - position).abs()))
            .map(|t| t.1.clone())
            .unwrap_or_default()
    }
}

/// A linear coordinate with our own ticks (and grid lines) instead of
/// plotters' choice. (plotters' `with_key_points` does the same, but then
/// refuses a label formatter.)
struct Ticked {
    linear: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.linear.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new() // no light grid lines, as in LineFigure
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.linear.range()
    }
}

/// The ticks of a logarithmic axis spanning `range` (in log₁₀): every power
/// of ten, or every second, third, … one so that at most 12 remain; for
/// fewer than four powers of ten, 1, 2 and 5 times each power.
fn log_ticks(range: &Range<f64>) -> Vec<(f64, String)> {
    let (first, last) = (range.start.ceil() as i32, range.end.floor() as i32);
    let decades = (last - first + 1).max(0);
    if decades >= 4 {
        let step = (decades + 11) / 12;
        let offset = last.rem_euclid(step); // keep 10⁰ when it is in range
        (first..=last)
            .filter(|k| k.rem_euclid(step) == offset)
            .map(|k| (f64::from(k), power_of_ten(k)))
            .collect()
    } else {
        let (lo, hi) = (range.start.floor() as i32, range.end.ceil() as i32);
        (lo..=hi)
            .flat_map(|k| [1, 2, 5].map(|m| (m, k)))
            .map(|(m, k)| (f64::from(m).log10() + f64::from(k), m, k))
            .filter(|(position, _, _)| range.contains(position))
            .map(|(position, m, k)| (position, times_power_of_ten(m, k)))
            .collect()
    }
}

/// 10ᵏ with a superscript exponent, as matplotlib writes it: "10⁻¹⁶".
fn power_of_ten(k: i32) -> String {
    let exponent: String = k
        .to_string()
        .chars()
        .map(|c| match c {
            '-' => '⁻',
            digit => ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹']
                [digit.to_digit(10).unwrap_or(0) as usize],
        })
        .collect();
    format!("10{exponent}")
}

/// m·10ᵏ written exactly: as a decimal number ("0.05", "200") for
/// −4 ≤ k ≤ 5, otherwise as "5×10⁻⁹".
fn times_power_of_ten(m: i32, k: i32) -> String {
    match k {
        0..=5 => format!("{m}{}", "0".repeat(k as usize)),
        -4..=-1 => format!("0.{}{m}", "0".repeat((-k - 1) as usize)),
        _ if m == 1 => power_of_ten(k),
        _ => format!("{m}×{}", power_of_ten(k)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> LogLineFigure {
        let x = activations::linspace(0.0, 40.0, 41);
        let y: Vec<f64> = x.iter().map(|v| (-v).exp()).collect();
        let floor = vec![1e-12; x.len()];
        LogLineFigure::new("demo-log", "对数坐标 demo")
            .axes("x 轴", "相对误差")
            .legend(Legend::LowerLeft)
            .curve("e⁻ˣ", &x, &y)
            .dashed("下限", &x, &floor)
    }

    #[test]
    fn rendering_is_deterministic_and_keeps_chinese_text() {
        let a = demo().render().unwrap();
        assert_eq!(a, demo().render().unwrap());
        assert!(a.starts_with("<svg width=\"800\" height=\"500\""));
        for text in [
            "对数坐标 demo",
            "x 轴",
            "相对误差",
            "e⁻ˣ",
            "下限",
            "Noto Sans CJK SC",
        ] {
            assert!(a.contains(text), "{text} is missing");
        }
        // y from 10⁻¹⁸ to 1: every second power of ten is labelled.
        // (plotters writes each text on a line of its own.)
        assert!(a.contains("\n10⁻¹⁶\n") && a.contains("\n10⁰\n") && !a.contains("\n10⁻¹⁵\n"));
    }

    #[test]
    fn logarithmic_ticks() {
        let labels = |lo: f64, hi: f64| -> Vec<String> {
            log_ticks(&(lo..hi)).into_iter().map(|t| t.1).collect()
        };
        assert_eq!(labels(-10.2, 0.3), {
            let k: Vec<String> = (-10..=0).map(power_of_ten).collect();
            k
        });
        assert_eq!(labels(-18.5, 0.5), {
            let k: Vec<String> = (-18..=0).step_by(2).map(power_of_ten).collect();
            k
        });
        assert_eq!(
            labels(-1.31, 1.31),
            ["0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10", "20"]
        );
        assert_eq!(labels(-9.5, -8.5), ["5×10⁻¹⁰", "10⁻⁹", "2×10⁻⁹"]);
        assert_eq!(power_of_ten(-16), "10⁻¹⁶");
        assert_eq!(power_of_ten(308), "10³⁰⁸");
        assert_eq!(times_power_of_ten(5, -2), "0.05");
        assert_eq!(times_power_of_ten(2, 3), "2000");
    }

    #[test]
    fn logarithmic_x_and_linear_y() {
        let t = activations::linspace(0.1, 10.0, 50);
        let p: Vec<f64> = t.iter().map(|t| 1.0 / (1.0 + t)).collect();
        let svg = LogLineFigure::new("demo-semilogx", "t")
            .x_scale(Scale::Logarithmic)
            .y_scale(Scale::Linear)
            .legend(Legend::UpperRight)
            .curve("1/(1+T)", &t, &p)
            .render()
            .unwrap();
        assert!(svg.contains("\n0.1\n") && svg.contains("\n10\n"));
    }

    #[test]
    fn bad_data_is_reported_with_the_figure_name() {
        let e = LogLineFigure::new("zero", "t")
            .curve("exact", &[0.0, 1.0], &[1e-3, 0.0])
            .render()
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("figure `zero`: curve `exact`"), "{e}");
        assert!(
            e.contains("y = 0, which a logarithmic axis cannot show"),
            "{e}"
        );
        let e = LogLineFigure::new("nan", "t")
            .curve("c", &[0.0], &[f64::NAN])
            .render()
            .unwrap_err();
        assert!(e.to_string().contains("is not finite"), "{e}");
        let e = LogLineFigure::new("empty", "t").render().unwrap_err();
        assert!(e.to_string().contains("figure `empty`: no curves"), "{e}");
        // A linear axis takes 0 and negative values.
        LogLineFigure::new("linear", "t")
            .y_scale(Scale::Linear)
            .curve("c", &[0.0, 1.0], &[-1.0, 0.0])
            .render()
            .unwrap();
    }
}
