//! The book's figures: one plotting style for all of them.
//!
//! Every example program in `examples/` draws its figure through this crate,
//! so the figures share one look, modelled on matplotlib's defaults that the
//! notebook used: an 8 × 5 inch canvas at 100 dpi (800 × 500 px), lines
//! 1.5 pt wide, matplotlib's first colours, a light grid, a framed legend.
//!
//! Figures are SVG: vectors that stay sharp when zoomed or printed, and text
//! that the reader's browser draws with its own CJK fonts. The output depends
//! on nothing but the data — no system fonts are read, no time stamps are
//! written — so the same code always produces the same bytes.

use axis::{Axis, Ticked};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::{env, error, fmt, fs, io};

// Further kinds of figure, one file each (see the files for what they draw),
// and the linear and logarithmic axes of line figures.
mod axis;
mod boundary;
mod heatmap;
mod interval;
mod slider;
mod small_multiples;
pub use axis::Scale;
pub use boundary::*;
pub use heatmap::*;
pub use interval::IntervalFigure;
pub use slider::SliderFigure;
pub use small_multiples::*;

// ANCHOR: style
/// Canvas size in pixels: matplotlib's `figsize=(8, 5)` at 100 dpi.
pub const SIZE: (u32, u32) = (800, 500);

/// plotters places everything on whole pixels, which makes curves look jagged.
/// We therefore draw on a canvas `SCALE` times larger and declare the SVG's
/// display size as [`SIZE`]: the viewBox maps the fine grid onto it.
const SCALE: i32 = 2;

/// A length in display pixels, on the drawing canvas.
const fn px(v: i32) -> i32 {
    v * SCALE
}

/// Fonts the SVG asks for, in order: the common CJK fonts on Linux, macOS and
/// Windows, then whatever sans-serif font the reader has.
const FONT: &str = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif";

/// matplotlib's default colour cycle ("tab10").
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0x8c, 0x56, 0x4b),
    RGBColor(0xe3, 0x77, 0xc2),
    RGBColor(0x7f, 0x7f, 0x7f),
    RGBColor(0xbc, 0xbd, 0x22),
    RGBColor(0x17, 0xbe, 0xcf),
];
const GRID: RGBColor = RGBColor(0xd0, 0xd0, 0xd0);
const LINE_WIDTH: u32 = px(2) as u32;
// ANCHOR_END: style

/// The environment variable that redirects figures to another directory.
pub const FIGURES_DIR_VAR: &str = "ACTIVATIONS_FIGURES_DIR";

/// Where figures are written: `$ACTIVATIONS_FIGURES_DIR` if set, otherwise the
/// book's `src/figures`, wherever the program was started from (so that
/// `rust-script examples/sigmoid.rs` and `cargo run --example sigmoid` agree).
/// This crate lives in the book's `crates/plot`; the library `activations`
/// itself never writes a file.
pub fn figures_dir() -> PathBuf {
    match env::var_os(FIGURES_DIR_VAR) {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../src/figures")
            .components()
            .collect(),
    }
}

/// Writes `contents` to `path` unless the file already holds exactly these
/// bytes; returns whether it wrote. Leaving an unchanged file untouched keeps
/// `mdbook serve` from seeing a change and rebuilding again.
pub fn write_if_changed(path: &Path, contents: &[u8]) -> io::Result<bool> {
    if fs::read(path).is_ok_and(|old| old == contents) {
        return Ok(false);
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    // Write beside the target, then rename: a reader never sees half a file.
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, contents)?;
    fs::rename(&tmp, path)?;
    Ok(true)
}

/// A figure that could not be drawn or saved, with the figure's name.
#[derive(Debug)]
pub struct FigureError {
    figure: String,
    message: String,
}

impl FigureError {
    fn new(figure: &str, message: impl fmt::Display) -> Self {
        FigureError {
            figure: figure.to_owned(),
            message: message.to_string(),
        }
    }
}

impl fmt::Display for FigureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "figure `{}`: {}", self.figure, self.message)
    }
}

impl error::Error for FigureError {}

/// The SVG canvas, or a part of it, that a figure is drawn on.
type Area<'b> = DrawingArea<SVGBackend<'b>, Shift>;

/// What drawing on an [`Area`] returns, or fails with.
type DrawResult<T = ()> = Result<T, DrawingAreaErrorKind<io::Error>>;

/// What each kind of figure supplies; [`render`] and [`save`] do the rest,
/// the same for all of them.
trait Figure {
    /// The figure's name: it is saved as `NAME.svg`, its errors name it.
    fn name(&self) -> &str;

    /// The display size; the canvas drawn on is `SCALE` times larger.
    fn size(&self) -> (u32, u32) {
        SIZE
    }

    /// What makes the figure's data impossible to draw, if anything.
    fn check(&self) -> Result<(), String>;

    /// Draws the figure, its data checked, on the white canvas `root`.
    fn draw(&self, root: &Area<'_>) -> DrawResult;
}

/// The figure as SVG text: its data checked, drawn on a white canvas and
/// shown at its display size. Every error names the figure.
fn render(figure: &impl Figure) -> Result<String, FigureError> {
    let error = |e: &dyn fmt::Display| FigureError::new(figure.name(), e);
    figure.check().map_err(|e| error(&e))?;
    let size = figure.size();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, canvas_for(size)).into_drawing_area();
        root.fill(&WHITE)
            .and_then(|()| figure.draw(&root))
            .and_then(|()| root.present())
            .map_err(|e| error(&e))?;
    }
    Ok(shown_at(svg, size))
}

/// Renders the figure and writes `figures_dir()/NAME.svg` (if it changed).
fn save(figure: &impl Figure) -> Result<PathBuf, FigureError> {
    let svg = render(figure)?;
    let path = figures_dir().join(format!("{}.svg", figure.name()));
    write_if_changed(&path, svg.as_bytes()).map_err(|e| {
        FigureError::new(
            figure.name(),
            format!("cannot write {}: {e}", path.display()),
        )
    })?;
    Ok(path)
}

struct Curve {
    label: String,
    points: Vec<(f64, f64)>,
    dashed: bool,
    /// A shaded band around the curve, (x, low, high) per point: the spread
    /// of a quantity measured over many seeds (e.g. a 95% confidence
    /// interval of the mean).
    band: Vec<(f64, f64, f64)>,
}

impl Curve {
    /// The curve through (`x[i]`, `y[i]`); x and y of different lengths are a bug
    /// in the example program, named by the curve's label.
    fn new(label: &str, x: &[f64], y: &[f64], dashed: bool) -> Curve {
        assert_eq!(
            x.len(),
            y.len(),
            "curve `{label}`: x and y differ in length"
        );
        Curve {
            label: label.to_owned(),
            points: x.iter().copied().zip(y.iter().copied()).collect(),
            dashed,
            band: Vec::new(),
        }
    }
}

/// A line plot of one or more curves: the notebook's `plt.plot` figures, and
/// with a logarithmic axis its `semilogy`, `semilogx` and `loglog` ones.
pub struct LineFigure {
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

impl LineFigure {
    /// A figure saved as `NAME.svg`, with a title, the notebook's axis labels,
    /// linear axes and the legend in the upper left corner.
    pub fn new(name: &str, title: &str) -> Self {
        LineFigure {
            name: name.to_owned(),
            title: title.to_owned(),
            x_label: "x".to_owned(),
            y_label: "值 (value)".to_owned(),
            x_scale: Scale::Linear,
            y_scale: Scale::Linear,
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

    /// The scale of the y axis (linear unless set).
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

    /// Adds a dashed curve: the notebook's `linestyle='--'`, used for derivatives.
    pub fn dashed(self, label: &str, x: &[f64], y: &[f64]) -> Self {
        self.push(label, x, y, true)
    }

    fn push(mut self, label: &str, x: &[f64], y: &[f64], dashed: bool) -> Self {
        self.curves.push(Curve::new(label, x, y, dashed));
        self
    }

    /// Adds a solid curve through (`x[i]`, `y[i]`) with a shaded band from
    /// `low[i]` to `high[i]` around it, in the curve's colour: a mean over
    /// many seeds and its confidence interval.
    pub fn curve_with_band(
        mut self,
        label: &str,
        x: &[f64],
        y: &[f64],
        low: &[f64],
        high: &[f64],
    ) -> Self {
        assert!(
            low.len() == x.len() && high.len() == x.len(),
            "curve `{label}`: the band and x differ in length"
        );
        let mut curve = Curve::new(label, x, y, false);
        curve.band = (0..x.len()).map(|i| (x[i], low[i], high[i])).collect();
        self.curves.push(curve);
        self
    }

    /// The figure as SVG text.
    pub fn render(&self) -> Result<String, FigureError> {
        render(self)
    }

    /// Renders the figure and writes `figures_dir()/NAME.svg` (if it changed).
    pub fn save(&self) -> Result<PathBuf, FigureError> {
        save(self)
    }

    /// The points of every curve in plotting coordinates (log₁₀ of the value
    /// on a logarithmic axis).
    fn coordinates(&self) -> Vec<Vec<(f64, f64)>> {
        let position = |&(x, y): &(f64, f64)| (self.x_scale.position(x), self.y_scale.position(y));
        self.curves
            .iter()
            .map(|curve| curve.points.iter().map(position).collect())
            .collect()
    }

    /// The polygon of every curve's band in plotting coordinates (empty for
    /// a curve without one): along the lower edge, then back along the upper.
    fn bands(&self) -> Vec<Vec<(f64, f64)>> {
        let x = |v: f64| self.x_scale.position(v);
        let y = |v: f64| self.y_scale.position(v);
        self.curves
            .iter()
            .map(|curve| {
                let lower = curve.band.iter().map(|&(bx, low, _)| (x(bx), y(low)));
                let upper = curve
                    .band
                    .iter()
                    .rev()
                    .map(|&(bx, _, high)| (x(bx), y(high)));
                lower.chain(upper).collect()
            })
            .collect()
    }
}

impl Figure for LineFigure {
    fn name(&self) -> &str {
        &self.name
    }

    fn check(&self) -> Result<(), String> {
        if self.curves.is_empty() {
            return Err("no curves to draw".into());
        }
        for curve in &self.curves {
            for &(x, y) in &curve.points {
                if !x.is_finite() || !y.is_finite() {
                    return Err(format!(
                        "curve `{}`: point {:?} is not finite",
                        curve.label,
                        (x, y)
                    ));
                }
                for (axis, v, scale) in [("x", x, self.x_scale), ("y", y, self.y_scale)] {
                    if scale == Scale::Log && v <= 0.0 {
                        return Err(format!(
                            "curve `{}`: point {:?} has {axis} = {v}, which a logarithmic axis cannot show",
                            curve.label,
                            (x, y)
                        ));
                    }
                }
            }
        }
        for curve in &self.curves {
            for &(x, low, high) in &curve.band {
                let shown = |v: f64| v.is_finite() && (self.y_scale == Scale::Linear || v > 0.0);
                if !shown(low) || !shown(high) || low > high {
                    return Err(format!(
                        "curve `{}`: the band {low} to {high} at x = {x} cannot be shown",
                        curve.label
                    ));
                }
            }
        }
        if let Some((low, high)) = self.y_range {
            let positive = self.y_scale == Scale::Linear || low > 0.0;
            if !low.is_finite() || !high.is_finite() || low >= high || !positive {
                return Err(format!("the y range {low} to {high} cannot be shown"));
            }
        }
        Ok(())
    }

    fn draw(&self, root: &Area<'_>) -> DrawResult {
        let coordinates = self.coordinates();
        let bands = self.bands();
        let points = || coordinates.iter().flatten().chain(bands.iter().flatten());
        let x_axis = Axis::new(self.x_scale, padded(points().map(|p| p.0)), 11);
        let y_range = match self.y_range {
            Some((low, high)) => self.y_scale.position(low)..self.y_scale.position(high),
            None => padded(points().map(|p| p.1)),
        };
        let y_axis = Axis::new(self.y_scale, y_range, 8);
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FONT, px(24)))
            .margin(px(14))
            .x_label_area_size(px(50))
            .y_label_area_size(px(66))
            .build_cartesian_2d(x_axis.coordinates(), y_axis.coordinates())?;
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
            .draw()?;
        // The bands first, pale, so that every curve stays visible on top.
        for (band, color) in bands.iter().zip(PALETTE.iter().cycle()) {
            if !band.is_empty() {
                chart.draw_series(std::iter::once(Polygon::new(
                    band.clone(),
                    color.mix(0.2).filled(),
                )))?;
            }
        }
        let mut entries = Vec::new();
        for ((curve, points), color) in self
            .curves
            .iter()
            .zip(&coordinates)
            .zip(PALETTE.iter().cycle())
        {
            draw_curve(&mut chart, points, color, curve.dashed)?;
            entries.push((curve.label.as_str(), *color, curve.dashed));
        }
        let area = chart.plotting_area().get_pixel_range();
        let corner = self.legend.corner(area, &entries);
        draw_legend(root, corner, &entries)
    }
}

/// Where the legend of a [`LineFigure`] goes, inside the plotting area
/// (matplotlib's `loc`).
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

impl Legend {
    /// The upper left corner of the legend for `entries` in the plotting
    /// area that spans the pixels `xs` × `ys`, 12 px in from the edges it
    /// sits at.
    fn corner(
        self,
        (xs, ys): (Range<i32>, Range<i32>),
        entries: &[(&str, RGBColor, bool)],
    ) -> (i32, i32) {
        let (w, h) = legend_size(entries);
        let inset = px(12);
        let x = match self {
            Legend::UpperLeft | Legend::LowerLeft | Legend::CenterLeft => xs.start + inset,
            Legend::UpperRight | Legend::LowerRight | Legend::CenterRight => xs.end - inset - w,
        };
        let y = match self {
            Legend::UpperLeft | Legend::UpperRight => ys.start + inset,
            Legend::LowerLeft | Legend::LowerRight => ys.end - inset - h,
            Legend::CenterLeft | Legend::CenterRight => (ys.start + ys.end - h) / 2,
        };
        (x, y)
    }
}

/// A bar chart of named values: the notebook's `plt.bar` figure for Softmax.
pub struct BarFigure {
    name: String,
    title: String,
    x_label: String,
    y_label: String,
    bars: Vec<(String, f64)>,
    /// How the value above each bar is written.
    value_format: fn(f64) -> String,
}

impl BarFigure {
    /// A bar chart saved as `NAME.svg`.
    pub fn new(name: &str, title: &str, x_label: &str, y_label: &str) -> Self {
        BarFigure {
            name: name.to_owned(),
            title: title.to_owned(),
            x_label: x_label.to_owned(),
            y_label: y_label.to_owned(),
            bars: Vec::new(),
            value_format: |v| format!("{v:.4}"),
        }
    }

    /// Adds one bar; its value is also printed above it.
    pub fn bar(mut self, label: &str, value: f64) -> Self {
        self.bars.push((label.to_owned(), value));
        self
    }

    /// Writes the value above each bar with `format` instead of with four
    /// decimals (the notebook's probabilities).
    pub fn value_format(mut self, format: fn(f64) -> String) -> Self {
        self.value_format = format;
        self
    }

    /// The figure as SVG text.
    pub fn render(&self) -> Result<String, FigureError> {
        render(self)
    }

    /// Renders the figure and writes `figures_dir()/NAME.svg` (if it changed).
    pub fn save(&self) -> Result<PathBuf, FigureError> {
        save(self)
    }
}

impl Figure for BarFigure {
    fn name(&self) -> &str {
        &self.name
    }

    fn check(&self) -> Result<(), String> {
        if self.bars.is_empty() {
            return Err("no bars to draw".into());
        }
        if let Some((label, v)) = self.bars.iter().find(|(_, v)| !v.is_finite() || *v < 0.0) {
            return Err(format!(
                "bar `{label}` has value {v}; bars must be finite and ≥ 0"
            ));
        }
        Ok(())
    }

    fn draw(&self, root: &Area<'_>) -> DrawResult {
        let n = self.bars.len() as i32;
        let top = self
            .bars
            .iter()
            .map(|b| b.1)
            .fold(0.0, f64::max)
            .max(f64::MIN_POSITIVE)
            * 1.15;
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FONT, px(24)))
            .margin(px(14))
            .x_label_area_size(px(50))
            .y_label_area_size(px(66))
            .build_cartesian_2d((0..n - 1).into_segmented(), 0.0..top)?;
        let names: Vec<&str> = self.bars.iter().map(|b| b.0.as_str()).collect();
        let category = |v: &SegmentValue<i32>| match v {
            SegmentValue::CenterOf(i) => names.get(*i as usize).copied().unwrap_or("").to_owned(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .y_max_light_lines(0)
            .bold_line_style(GRID.stroke_width(px(1) as u32))
            .axis_style(BLACK.stroke_width(px(1) as u32))
            .x_labels(self.bars.len())
            .x_label_formatter(&category)
            .y_label_formatter(&|v| tick(*v))
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .label_style((FONT, px(16)))
            .axis_desc_style((FONT, px(18)))
            .draw()?;
        // matplotlib's bars fill 80% of their slot.
        let (xs, _) = chart.plotting_area().get_pixel_range();
        let gap = ((xs.end - xs.start) / n / 10) as u32;
        let bars = self.bars.iter().enumerate().map(|(i, (_, v))| {
            let i = i as i32;
            let mut bar = Rectangle::new(
                [
                    (SegmentValue::Exact(i), 0.0),
                    (SegmentValue::Exact(i + 1), *v),
                ],
                PALETTE[0].filled(),
            );
            bar.set_margin(0, 0, gap, gap);
            bar
        });
        chart.draw_series(bars)?;
        let value_style =
            TextStyle::from((FONT, px(16)).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom));
        let labels = self.bars.iter().enumerate().map(|(i, (_, v))| {
            Text::new(
                (self.value_format)(*v),
                (SegmentValue::CenterOf(i as i32), *v),
                value_style.clone(),
            )
        });
        chart.draw_series(labels)?;
        Ok(())
    }
}

/// The drawing canvas for a figure shown at `size`.
fn canvas_for(size: (u32, u32)) -> (u32, u32) {
    (size.0 * SCALE as u32, size.1 * SCALE as u32)
}

/// Declares the display size `size` on an SVG drawn on `canvas_for(size)`.
fn shown_at(svg: String, size: (u32, u32)) -> String {
    let (w, h) = canvas_for(size);
    let drawn = format!("<svg width=\"{w}\" height=\"{h}\" ");
    assert!(svg.starts_with(&drawn), "plotters changed its SVG header");
    format!(
        "<svg width=\"{}\" height=\"{}\" {}",
        size.0,
        size.1,
        &svg[drawn.len()..]
    )
}

/// The data range with 5% added on each side, as matplotlib's autoscale does.
fn padded(values: impl Iterator<Item = f64>) -> Range<f64> {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let pad = if hi > lo { (hi - lo) * 0.05 } else { 0.5 };
    (lo - pad)..(hi + pad)
}

/// A tick label without floating-point noise: 0.30000000000000004 → "0.3".
fn tick(v: f64) -> String {
    let rounded = (v * 1e6).round() / 1e6;
    if rounded == 0.0 {
        "0".to_owned()
    } else {
        format!("{rounded}")
    }
}

type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Display width of a figure made of a grid of panels (small multiples,
/// decision boundaries), and height of its header (title and key).
const GRID_WIDTH: u32 = 960;
const GRID_HEADER: u32 = 80;

/// The display size of `panels` panels in rows of `columns`, each row
/// `row_height` high, under the header.
fn grid_size(panels: usize, columns: usize, row_height: u32) -> (u32, u32) {
    let rows = panels.div_ceil(columns) as u32;
    (GRID_WIDTH, GRID_HEADER + rows * row_height)
}

/// Splits `root` into the header, with `title` drawn in it, and one area per
/// panel, row by row.
fn titled_grid<'b>(
    root: &Area<'b>,
    title: &str,
    panels: usize,
    columns: usize,
) -> DrawResult<GridAreas<'b>> {
    let (header, body) = root.split_vertically(px(GRID_HEADER as i32));
    header
        .margin(px(12), 0, 0, 0)
        .titled(title, (FONT, px(24)))?;
    let areas = body.split_evenly((panels.div_ceil(columns), columns));
    Ok((header, areas))
}

/// The header and the panel areas of a grid figure.
type GridAreas<'b> = (Area<'b>, Vec<Area<'b>>);

/// One small panel of a grid of panels (small multiples, decision
/// boundaries): a title, axes with a few ticks and the book's light grid.
/// `y_labels` ticks on the y axis, `y_label_width` pixels for their labels.
fn panel<'a, 'b>(
    area: &'a Area<'b>,
    title: &str,
    x: Range<f64>,
    y: Range<f64>,
    y_labels: usize,
    y_label_width: i32,
) -> DrawResult<Chart<'a, 'b>> {
    let mut chart = ChartBuilder::on(area)
        .caption(title, (FONT, px(17)))
        .margin(px(8))
        .x_label_area_size(px(24))
        .y_label_area_size(px(y_label_width))
        .build_cartesian_2d(x, y)?;
    chart
        .configure_mesh()
        .max_light_lines(0)
        .bold_line_style(GRID.stroke_width(px(1) as u32))
        .axis_style(BLACK.stroke_width(px(1) as u32))
        .x_labels(5)
        .y_labels(y_labels)
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| tick(*v))
        .label_style((FONT, px(12)))
        .draw()?;
    Ok(chart)
}

/// Draws one curve in the book's line width: solid, or dashed like
/// matplotlib's `linestyle='--'` (the derivatives).
fn draw_curve(
    chart: &mut ChartContext<'_, SVGBackend<'_>, Cartesian2d<Ticked, Ticked>>,
    points: &[(f64, f64)],
    color: &RGBColor,
    dashed: bool,
) -> DrawResult {
    let style = color.stroke_width(LINE_WIDTH);
    let points = points.iter().copied();
    if dashed {
        chart.draw_series(DashedLineSeries::new(
            points,
            px(9) as u32,
            px(6) as u32,
            style,
        ))?;
    } else {
        chart.draw_series(LineSeries::new(points, style))?;
    }
    Ok(())
}

/// Width of `text` in pixels at `size`: CJK characters are square, others about
/// 0.6 em. (plotters' own estimate counts UTF-8 bytes, three per CJK character.)
fn text_width(text: &str, size: f64) -> i32 {
    let ems: f64 = text
        .chars()
        .map(|c| if c >= '\u{2E80}' { 1.0 } else { 0.6 })
        .sum();
    (ems * size).ceil() as i32
}

/// The legend's font size, row height and line sample length.
const LEGEND_FONT_PX: f64 = px(16) as f64;
const LEGEND_ROW: i32 = px(26);
const LEGEND_SAMPLE: i32 = px(36);

/// The size of the box `draw_legend` draws for `entries`: a row for each, a
/// line sample and the widest label side by side, and padding.
fn legend_size(entries: &[(&str, RGBColor, bool)]) -> (i32, i32) {
    let label_width = entries
        .iter()
        .map(|e| text_width(e.0, LEGEND_FONT_PX))
        .max()
        .unwrap_or(0);
    (
        LEGEND_SAMPLE + label_width + px(30),
        LEGEND_ROW * entries.len() as i32 + px(12),
    )
}

/// matplotlib's legend: a framed, slightly transparent box with a sample of
/// each line (dashed where the line is) and its label.
fn draw_legend(
    root: &Area<'_>,
    (x, y): (i32, i32),
    entries: &[(&str, RGBColor, bool)],
) -> DrawResult {
    let (w, h) = legend_size(entries);
    root.draw(&Rectangle::new(
        [(x, y), (x + w, y + h)],
        WHITE.mix(0.85).filled(),
    ))?;
    root.draw(&Rectangle::new(
        [(x, y), (x + w, y + h)],
        RGBColor(0xcc, 0xcc, 0xcc).stroke_width(px(1) as u32),
    ))?;
    // plotters divides font sizes by 1.24 when it writes SVG; undo that.
    let style = TextStyle::from((FONT, LEGEND_FONT_PX * 1.24).into_font())
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (i, (label, color, dashed)) in entries.iter().enumerate() {
        let cy = y + px(6) + LEGEND_ROW * i as i32 + LEGEND_ROW / 2;
        let (x0, x1) = (x + px(10), x + px(10) + LEGEND_SAMPLE);
        let line = color.stroke_width(LINE_WIDTH);
        if *dashed {
            root.draw(&PathElement::new(vec![(x0, cy), (x0 + px(14), cy)], line))?;
            root.draw(&PathElement::new(vec![(x1 - px(14), cy), (x1, cy)], line))?;
        } else {
            root.draw(&PathElement::new(vec![(x0, cy), (x1, cy)], line))?;
        }
        root.draw(&Text::new(
            label.to_string(),
            (x1 + px(10), cy),
            style.clone(),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> LineFigure {
        let x = [-1.0, -0.5, 0.0, 0.5, 1.0];
        let y: Vec<f64> = x.iter().map(|v| v * v).collect();
        LineFigure::new("demo", "演示 demo")
            .curve("x²", &x, &y)
            .dashed("导数 2x", &x, &x)
    }

    #[test]
    fn rendering_is_deterministic_and_keeps_chinese_text() {
        let a = demo().render().unwrap();
        assert_eq!(a, demo().render().unwrap());
        assert!(a.starts_with("<svg"));
        assert!(a.contains("演示 demo") && a.contains("导数 2x"));
        assert!(a.contains("Noto Sans CJK SC"));
    }

    #[test]
    fn a_logarithmic_axis_is_labelled_at_powers_of_ten() {
        // semilogy: e⁻ˣ falls from 1 to about 10⁻¹⁸.
        let x = activations::linspace(0.0, 40.0, 41);
        let y: Vec<f64> = x.iter().map(|v| (-v).exp()).collect();
        let a = LineFigure::new("demo-log", "对数坐标 demo")
            .axes("x 轴", "相对误差")
            .y_scale(Scale::Log)
            .legend(Legend::LowerLeft)
            .curve("e⁻ˣ", &x, &y)
            .dashed("下限", &x, &vec![1e-12; x.len()])
            .render()
            .unwrap();
        for text in ["x 轴", "相对误差", "下限"] {
            assert!(a.contains(text), "{text} is missing");
        }
        // y from 10⁻¹⁸ to 1: every second power of ten is labelled.
        // (plotters writes each text on a line of its own.)
        assert!(a.contains("\n10⁻¹⁶\n") && a.contains("\n10⁰\n") && !a.contains("\n10⁻¹⁵\n"));
    }

    #[test]
    fn a_band_is_drawn_under_its_curve_and_checked() {
        let x = [0.0, 1.0, 2.0];
        let plain = LineFigure::new("demo-band", "t")
            .curve("m", &x, &[1.0, 2.0, 3.0])
            .render()
            .unwrap();
        let banded = LineFigure::new("demo-band", "t")
            .curve_with_band(
                "m",
                &x,
                &[1.0, 2.0, 3.0],
                &[0.5, 1.5, 2.5],
                &[1.5, 2.5, 5.0],
            )
            .render()
            .unwrap();
        // One filled polygon more, pale (opacity 0.2), and drawn before the
        // curve's line.
        let polygons = |svg: &str| svg.matches("<polygon").count();
        assert_eq!(polygons(&banded), polygons(&plain) + 1);
        let band = banded.find("opacity=\"0.2").expect("a pale band");
        let curve = banded
            .match_indices("<polyline")
            .map(|(i, _)| i)
            .find(|&i| banded[i..].split('>').next().unwrap().contains("#1F77B4"))
            .expect("the curve, in the first colour");
        assert!(band < curve);
        // A band whose low end is above its high end, or not positive on a
        // logarithmic axis, is refused with the curve's name.
        let inverted = LineFigure::new("demo-band", "t")
            .curve_with_band(
                "m",
                &x,
                &[1.0, 2.0, 3.0],
                &[2.0, 1.5, 2.5],
                &[1.5, 2.5, 5.0],
            )
            .render();
        assert!(
            inverted
                .unwrap_err()
                .to_string()
                .contains("curve `m`: the band 2 to 1.5")
        );
        let log = LineFigure::new("demo-band", "t")
            .y_scale(Scale::Log)
            .curve_with_band(
                "m",
                &x,
                &[1.0, 2.0, 3.0],
                &[0.0, 1.5, 2.5],
                &[1.5, 2.5, 5.0],
            )
            .render();
        assert!(log.is_err());
    }

    #[test]
    fn logarithmic_x_and_linear_y() {
        let t = activations::linspace(0.1, 10.0, 50);
        let p: Vec<f64> = t.iter().map(|t| 1.0 / (1.0 + t)).collect();
        let svg = LineFigure::new("demo-semilogx", "t")
            .x_scale(Scale::Log)
            .legend(Legend::UpperRight)
            .curve("1/(1+T)", &t, &p)
            .render()
            .unwrap();
        assert!(svg.contains("\n0.1\n") && svg.contains("\n10\n"));
    }

    #[test]
    fn bad_data_is_reported_with_the_figure_name() {
        let e = LineFigure::new("broken", "t")
            .curve("nan", &[0.0, 1.0], &[0.0, f64::NAN])
            .render()
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("figure `broken`: curve `nan`"), "{e}");
        assert!(e.contains("is not finite"), "{e}");
        let e = LineFigure::new("zero", "t")
            .y_scale(Scale::Log)
            .curve("exact", &[0.0, 1.0], &[1e-3, 0.0])
            .render()
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("figure `zero`: curve `exact`"), "{e}");
        assert!(
            e.contains("y = 0, which a logarithmic axis cannot show"),
            "{e}"
        );
        let e = LineFigure::new("range", "t")
            .y_scale(Scale::Log)
            .y_range(0.0, 1.0)
            .curve("c", &[0.0, 1.0], &[0.5, 1.0])
            .render()
            .unwrap_err();
        assert!(e.to_string().contains("the y range 0 to 1 cannot"), "{e}");
        let e = LineFigure::new("empty", "t").render().unwrap_err();
        assert!(e.to_string().contains("figure `empty`: no curves"), "{e}");
        let e = BarFigure::new("bars", "t", "x", "y").render().unwrap_err();
        assert!(e.to_string().contains("figure `bars`: no bars"), "{e}");
        // A linear axis takes 0 and negative values.
        LineFigure::new("linear", "t")
            .curve("c", &[0.0, 1.0], &[-1.0, 0.0])
            .render()
            .unwrap();
    }

    #[test]
    fn tick_labels_have_no_noise() {
        assert_eq!(tick(0.30000000000000004), "0.3");
        assert_eq!(tick(-0.0), "0");
        assert_eq!(tick(-10.0), "-10");
    }

    #[test]
    fn unchanged_files_are_not_rewritten() {
        let dir = env::temp_dir().join(format!("activations-plot-test-{}", std::process::id()));
        let path = dir.join("f.svg");
        assert!(write_if_changed(&path, b"one").unwrap());
        assert!(!write_if_changed(&path, b"one").unwrap());
        assert!(write_if_changed(&path, b"two").unwrap());
        assert_eq!(fs::read(&path).unwrap(), b"two");
        fs::remove_dir_all(dir).unwrap();
    }
}
