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

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::{Path, PathBuf};
use std::{env, error, fmt, fs, io};

// Further kinds of figure, one file each (see the files for what they draw).
mod boundary;
mod heatmap;
mod log_scale;
mod small_multiples;
pub use boundary::*;
pub use heatmap::*;
pub use log_scale::*;
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

struct Curve {
    label: String,
    points: Vec<(f64, f64)>,
    dashed: bool,
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
        }
    }
}

/// A line plot of one or more curves: the notebook's `plt.plot` figures.
pub struct LineFigure {
    name: String,
    title: String,
    x_label: String,
    y_label: String,
    curves: Vec<Curve>,
}

impl LineFigure {
    /// A figure saved as `NAME.svg`, with a title and the notebook's axis labels.
    pub fn new(name: &str, title: &str) -> Self {
        LineFigure {
            name: name.to_owned(),
            title: title.to_owned(),
            x_label: "x".to_owned(),
            y_label: "值 (value)".to_owned(),
            curves: Vec::new(),
        }
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

    /// The figure as SVG text.
    pub fn render(&self) -> Result<String, FigureError> {
        let err = |e: &dyn fmt::Display| FigureError::new(&self.name, e);
        if self.curves.is_empty() {
            return Err(err(&"no curves to draw"));
        }
        let all = || self.curves.iter().flat_map(|c| c.points.iter());
        if let Some(p) = all().find(|(x, y)| !x.is_finite() || !y.is_finite()) {
            return Err(err(&format!("point {p:?} is not finite")));
        }
        let x_range = padded(all().map(|p| p.0));
        let y_range = padded(all().map(|p| p.1));

        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, canvas_size()).into_drawing_area();
            root.fill(&WHITE).map_err(|e| err(&e))?;
            let mut chart = ChartBuilder::on(&root)
                .caption(&self.title, (FONT, px(24)))
                .margin(px(14))
                .x_label_area_size(px(50))
                .y_label_area_size(px(66))
                .build_cartesian_2d(x_range, y_range)
                .map_err(|e| err(&e))?;
            configure_mesh(&mut chart, &self.x_label, &self.y_label).map_err(|e| err(&e))?;
            for (curve, color) in self.curves.iter().zip(PALETTE.iter().cycle()) {
                draw_curve(&mut chart, &curve.points, color, curve.dashed).map_err(|e| err(&e))?;
            }
            let entries = legend_entries(&self.curves);
            let (xs, ys) = chart.plotting_area().get_pixel_range();
            draw_legend(&root, (xs.start + px(12), ys.start + px(12)), &entries)
                .map_err(|e| err(&e))?;
            root.present().map_err(|e| err(&e))?;
        }
        Ok(display_size(svg))
    }

    /// Renders the figure and writes `figures_dir()/NAME.svg` (if it changed).
    pub fn save(&self) -> Result<PathBuf, FigureError> {
        save_svg(&self.name, &self.render()?)
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
        let err = |e: &dyn fmt::Display| FigureError::new(&self.name, e);
        if self.bars.is_empty() {
            return Err(err(&"no bars to draw"));
        }
        if let Some((label, v)) = self.bars.iter().find(|(_, v)| !v.is_finite() || *v < 0.0) {
            return Err(err(&format!(
                "bar `{label}` has value {v}; bars must be finite and ≥ 0"
            )));
        }
        let n = self.bars.len() as i32;
        let top = self
            .bars
            .iter()
            .map(|b| b.1)
            .fold(0.0, f64::max)
            .max(f64::MIN_POSITIVE)
            * 1.15;

        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, canvas_size()).into_drawing_area();
            root.fill(&WHITE).map_err(|e| err(&e))?;
            let mut chart = ChartBuilder::on(&root)
                .caption(&self.title, (FONT, px(24)))
                .margin(px(14))
                .x_label_area_size(px(50))
                .y_label_area_size(px(66))
                .build_cartesian_2d((0..n - 1).into_segmented(), 0.0..top)
                .map_err(|e| err(&e))?;
            let names: Vec<&str> = self.bars.iter().map(|b| b.0.as_str()).collect();
            let category = |v: &SegmentValue<i32>| match v {
                SegmentValue::CenterOf(i) => {
                    names.get(*i as usize).copied().unwrap_or("").to_owned()
                }
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
                .draw()
                .map_err(|e| err(&e))?;
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
            chart.draw_series(bars).map_err(|e| err(&e))?;
            let value_style = TextStyle::from((FONT, px(16)).into_font())
                .pos(Pos::new(HPos::Center, VPos::Bottom));
            let labels = self.bars.iter().enumerate().map(|(i, (_, v))| {
                Text::new(
                    (self.value_format)(*v),
                    (SegmentValue::CenterOf(i as i32), *v),
                    value_style.clone(),
                )
            });
            chart.draw_series(labels).map_err(|e| err(&e))?;
            root.present().map_err(|e| err(&e))?;
        }
        Ok(display_size(svg))
    }

    /// Renders the figure and writes `figures_dir()/NAME.svg` (if it changed).
    pub fn save(&self) -> Result<PathBuf, FigureError> {
        save_svg(&self.name, &self.render()?)
    }
}

fn canvas_size() -> (u32, u32) {
    canvas_for(SIZE)
}

/// The drawing canvas for a figure shown at `size`.
fn canvas_for(size: (u32, u32)) -> (u32, u32) {
    (size.0 * SCALE as u32, size.1 * SCALE as u32)
}

/// Declares the display size [`SIZE`] on the SVG drawn on the larger canvas.
fn display_size(svg: String) -> String {
    shown_at(svg, SIZE)
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

fn save_svg(name: &str, svg: &str) -> Result<PathBuf, FigureError> {
    let path = figures_dir().join(format!("{name}.svg"));
    write_if_changed(&path, svg.as_bytes())
        .map_err(|e| FigureError::new(name, format!("cannot write {}: {e}", path.display())))?;
    Ok(path)
}

/// The data range with 5% added on each side, as matplotlib's autoscale does.
fn padded(values: impl Iterator<Item = f64>) -> std::ops::Range<f64> {
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
    root: &DrawingArea<SVGBackend<'b>, Shift>,
    title: &str,
    panels: usize,
    columns: usize,
) -> Result<GridAreas<'b>, DrawingAreaErrorKind<io::Error>> {
    let (header, body) = root.split_vertically(px(GRID_HEADER as i32));
    header
        .margin(px(12), 0, 0, 0)
        .titled(title, (FONT, px(24)))?;
    let areas = body.split_evenly((panels.div_ceil(columns), columns));
    Ok((header, areas))
}

/// The header and the panel areas of a grid figure.
type GridAreas<'b> = (
    DrawingArea<SVGBackend<'b>, Shift>,
    Vec<DrawingArea<SVGBackend<'b>, Shift>>,
);

/// One small panel of a grid of panels (small multiples, decision
/// boundaries): a title, axes with a few ticks and the book's light grid.
/// `y_labels` ticks on the y axis, `y_label_width` pixels for their labels.
fn panel<'a, 'b>(
    area: &'a DrawingArea<SVGBackend<'b>, Shift>,
    title: &str,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
    y_labels: usize,
    y_label_width: i32,
) -> Result<Chart<'a, 'b>, DrawingAreaErrorKind<io::Error>> {
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
fn draw_curve<X, Y>(
    chart: &mut ChartContext<'_, SVGBackend<'_>, Cartesian2d<X, Y>>,
    points: &[(f64, f64)],
    color: &RGBColor,
    dashed: bool,
) -> Result<(), DrawingAreaErrorKind<io::Error>>
where
    X: plotters::coord::ranged1d::Ranged<ValueType = f64>,
    Y: plotters::coord::ranged1d::Ranged<ValueType = f64>,
{
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

/// The legend's rows for `curves`, in the colours they were drawn in.
fn legend_entries(curves: &[Curve]) -> Vec<(&str, RGBColor, bool)> {
    curves
        .iter()
        .zip(PALETTE.iter().cycle())
        .map(|(c, color)| (c.label.as_str(), *color, c.dashed))
        .collect()
}

fn configure_mesh(
    chart: &mut Chart<'_, '_>,
    x_label: &str,
    y_label: &str,
) -> Result<(), DrawingAreaErrorKind<io::Error>> {
    chart
        .configure_mesh()
        .max_light_lines(0)
        .bold_line_style(GRID.stroke_width(px(1) as u32))
        .axis_style(BLACK.stroke_width(px(1) as u32))
        .x_labels(11)
        .y_labels(8)
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| tick(*v))
        .x_desc(x_label)
        .y_desc(y_label)
        .label_style((FONT, px(16)))
        .axis_desc_style((FONT, px(18)))
        .draw()
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

/// matplotlib's legend: a framed, slightly transparent box with a sample of
/// each line (dashed where the line is) and its label.
fn draw_legend(
    root: &DrawingArea<SVGBackend<'_>, Shift>,
    (x, y): (i32, i32),
    entries: &[(&str, RGBColor, bool)],
) -> Result<(), DrawingAreaErrorKind<io::Error>> {
    const FONT_PX: f64 = px(16) as f64;
    const ROW: i32 = px(26);
    const SAMPLE: i32 = px(36);
    let label_width = entries
        .iter()
        .map(|e| text_width(e.0, FONT_PX))
        .max()
        .unwrap_or(0);
    let (w, h) = (
        SAMPLE + label_width + px(30),
        ROW * entries.len() as i32 + px(12),
    );
    root.draw(&Rectangle::new(
        [(x, y), (x + w, y + h)],
        WHITE.mix(0.85).filled(),
    ))?;
    root.draw(&Rectangle::new(
        [(x, y), (x + w, y + h)],
        RGBColor(0xcc, 0xcc, 0xcc).stroke_width(px(1) as u32),
    ))?;
    // plotters divides font sizes by 1.24 when it writes SVG; undo that.
    let style =
        TextStyle::from((FONT, FONT_PX * 1.24).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
    for (i, (label, color, dashed)) in entries.iter().enumerate() {
        let cy = y + px(6) + ROW * i as i32 + ROW / 2;
        let (x0, x1) = (x + px(10), x + px(10) + SAMPLE);
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
    fn bad_data_is_reported_with_the_figure_name() {
        let e = LineFigure::new("broken", "t")
            .curve("nan", &[0.0, 1.0], &[0.0, f64::NAN])
            .render()
            .unwrap_err();
        assert!(e.to_string().starts_with("figure `broken`:"), "{e}");
        let e = BarFigure::new("bars", "t", "x", "y").render().unwrap_err();
        assert!(e.to_string().contains("figure `bars`: no bars"), "{e}");
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
