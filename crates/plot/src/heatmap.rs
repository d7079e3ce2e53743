//! A heat map of a matrix: matplotlib's `imshow` with a diverging colour map,
//! the value written in each cell and a colour bar. The book draws the
//! Jacobian of softmax with it (in `softmax_in_depth.md`).
//!
//! Same look as [`LineFigure`](super::LineFigure): an 800 × 500 figure drawn
//! on the doubled canvas, the same fonts, title and axis labels.

use super::{Area, DrawResult, FONT, Figure, FigureError, px, tick};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::PathBuf;

/// A heat map of a matrix, row 0 at the top as in matplotlib's `imshow`.
///
/// Colours are centred on 0: negative values are blue, positive ones red,
/// 0 is white, and the deepest colour is the largest |value| (see
/// [`diverging_color`]). Each cell also shows its value, so the figure can be
/// read without judging colours.
pub struct HeatmapFigure {
    name: String,
    title: String,
    x_label: String,
    y_label: String,
    row_labels: Vec<String>,
    column_labels: Vec<String>,
    values: Vec<Vec<f64>>,
    decimals: usize,
}

impl HeatmapFigure {
    /// A heat map of `values` (a list of rows) saved as `NAME.svg`. Rows and
    /// columns are labelled 0, 1, 2, … until other labels are given.
    pub fn new(name: &str, title: &str, values: &[Vec<f64>]) -> Self {
        let columns = values.first().map_or(0, Vec::len);
        HeatmapFigure {
            name: name.to_owned(),
            title: title.to_owned(),
            x_label: "列 (column)".to_owned(),
            y_label: "行 (row)".to_owned(),
            row_labels: (0..values.len()).map(|i| i.to_string()).collect(),
            column_labels: (0..columns).map(|j| j.to_string()).collect(),
            values: values.to_vec(),
            decimals: 3,
        }
    }

    /// The descriptions of the horizontal (columns) and vertical (rows) axes.
    pub fn axes(mut self, x_label: &str, y_label: &str) -> Self {
        self.x_label = x_label.to_owned();
        self.y_label = y_label.to_owned();
        self
    }

    /// One label per row, top to bottom.
    pub fn row_labels(mut self, labels: &[&str]) -> Self {
        self.row_labels = labels.iter().map(|s| s.to_string()).collect();
        self
    }

    /// One label per column, left to right.
    pub fn column_labels(mut self, labels: &[&str]) -> Self {
        self.column_labels = labels.iter().map(|s| s.to_string()).collect();
        self
    }

    /// How many decimals the values in the cells show (3 unless set).
    pub fn decimals(mut self, decimals: usize) -> Self {
        self.decimals = decimals;
        self
    }

    /// The text written in a cell: the value with `decimals` decimals, and
    /// never "-0.000" for a value that rounds to zero.
    fn cell_text(&self, v: f64) -> String {
        let text = format!("{v:.*}", self.decimals);
        match text.strip_prefix('-') {
            Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_owned(),
            _ => text,
        }
    }

    /// The figure as SVG text.
    pub fn render(&self) -> Result<String, FigureError> {
        super::render(self)
    }

    /// Renders the figure and writes `figures_dir()/NAME.svg` (if it changed).
    pub fn save(&self) -> Result<PathBuf, FigureError> {
        super::save(self)
    }
}

impl Figure for HeatmapFigure {
    fn name(&self) -> &str {
        &self.name
    }

    fn check(&self) -> Result<(), String> {
        let rows = self.values.len();
        let columns = self.values.first().map_or(0, Vec::len);
        if rows == 0 || columns == 0 {
            return Err("no values to draw (the matrix is empty)".into());
        }
        if let Some((i, row)) = self
            .values
            .iter()
            .enumerate()
            .find(|(_, r)| r.len() != columns)
        {
            return Err(format!(
                "row {i} has {} values, row 0 has {columns}",
                row.len()
            ));
        }
        for (i, row) in self.values.iter().enumerate() {
            if let Some((j, v)) = row.iter().enumerate().find(|(_, v)| !v.is_finite()) {
                return Err(format!("value [{i}][{j}] = {v} is not finite"));
            }
        }
        if self.row_labels.len() != rows {
            return Err(format!(
                "{} row labels for {rows} rows",
                self.row_labels.len()
            ));
        }
        if self.column_labels.len() != columns {
            return Err(format!(
                "{} column labels for {columns} columns",
                self.column_labels.len()
            ));
        }
        Ok(())
    }

    fn draw(&self, root: &Area<'_>) -> DrawResult {
        let rows = self.values.len() as i32;
        let columns = self.values[0].len() as i32;
        let largest = self
            .values
            .iter()
            .flatten()
            .fold(0.0, |m, v| v.abs().max(m));
        let scale = if largest > 0.0 { largest } else { 1.0 };

        let area = root
            .margin(px(14), px(14), px(14), px(14))
            .titled(&self.title, (FONT, px(24)))?;

        // Square cells where they fit, the map and its colour bar centred.
        let (width, height) = area.dim_in_pixel();
        let (width, height) = (width as i32, height as i32);
        let (x_axis, y_axis, bar_width, gap) = (px(56), px(76), px(120), px(24));
        let plot_height = height - x_axis;
        let plot_width = (plot_height * columns / rows).min(width - y_axis - gap - bar_width);
        let map_width = y_axis + plot_width;
        let left = (width - map_width - gap - bar_width) / 2;
        let (_, rest) = area.split_horizontally(left);
        let (map_area, rest) = rest.split_horizontally(map_width);
        let (_, rest) = rest.split_horizontally(gap);
        let (bar_area, _) = rest.split_horizontally(bar_width);

        let mut chart = ChartBuilder::on(&map_area)
            .x_label_area_size(x_axis)
            .y_label_area_size(y_axis)
            .build_cartesian_2d(
                (0..columns - 1).into_segmented(),
                (0..rows - 1).into_segmented(),
            )?;
        // Row i is drawn in segment rows − 1 − i, so that row 0 is on top.
        let label = |labels: &[String], index: i32| {
            usize::try_from(index)
                .ok()
                .and_then(|i| labels.get(i))
                .cloned()
                .unwrap_or_default()
        };
        let column_label = |v: &SegmentValue<i32>| match v {
            SegmentValue::CenterOf(j) => label(&self.column_labels, *j),
            _ => String::new(),
        };
        let row_label = |v: &SegmentValue<i32>| match v {
            SegmentValue::CenterOf(s) => label(&self.row_labels, rows - 1 - s),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .axis_style(BLACK.stroke_width(px(1) as u32))
            .x_labels(columns as usize)
            .y_labels(rows as usize)
            .x_label_formatter(&column_label)
            .y_label_formatter(&row_label)
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .label_style((FONT, px(20)))
            .axis_desc_style((FONT, px(18)))
            .draw()?;

        let cells = self.values.iter().enumerate().flat_map(|(i, row)| {
            row.iter()
                .enumerate()
                .map(move |(j, &v)| (i as i32, j as i32, v))
        });
        let segment = |i: i32, j: i32| {
            let s = rows - 1 - i;
            [
                (SegmentValue::Exact(j), SegmentValue::Exact(s)),
                (SegmentValue::Exact(j + 1), SegmentValue::Exact(s + 1)),
            ]
        };
        chart.draw_series(
            cells.clone().map(|(i, j, v)| {
                Rectangle::new(segment(i, j), diverging_color(v / scale).filled())
            }),
        )?;
        chart.draw_series(
            cells
                .clone()
                .map(|(i, j, _)| Rectangle::new(segment(i, j), WHITE.stroke_width(px(1) as u32))),
        )?;
        // plotters divides font sizes by 1.24 when it writes SVG; undo that.
        let value_style = TextStyle::from((FONT, f64::from(px(17)) * 1.24).into_font())
            .pos(Pos::new(HPos::Center, VPos::Center));
        chart.draw_series(cells.map(|(i, j, v)| {
            let color: &'static RGBColor = if is_dark(diverging_color(v / scale)) {
                &WHITE
            } else {
                &BLACK
            };
            Text::new(
                self.cell_text(v),
                (
                    SegmentValue::CenterOf(j),
                    SegmentValue::CenterOf(rows - 1 - i),
                ),
                value_style.color(color),
            )
        }))?;

        draw_color_bar(&bar_area, x_axis, scale)
    }
}

/// The colour bar: the colour map from −scale (bottom) to +scale (top), with
/// its ticks on the right. The empty `x_axis` strip below keeps it level with
/// the map.
fn draw_color_bar(area: &Area<'_>, x_axis: i32, scale: f64) -> DrawResult {
    let mut bar = ChartBuilder::on(area)
        .x_label_area_size(x_axis)
        .right_y_label_area_size(px(80))
        .build_cartesian_2d(0.0..1.0, -scale..scale)?;
    bar.configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .axis_style(BLACK.stroke_width(px(1) as u32))
        .y_labels(5)
        .y_label_formatter(&|v| tick(*v))
        .label_style((FONT, px(16)))
        .draw()?;
    // Each band overlaps the next, so that no seam shows between them.
    const STEPS: usize = 200;
    bar.draw_series((0..STEPS).map(|k| {
        let lo = -scale + 2.0 * scale * k as f64 / STEPS as f64;
        let hi = (-scale + 2.0 * scale * (k + 2) as f64 / STEPS as f64).min(scale);
        let t = (k as f64 + 0.5) / STEPS as f64 * 2.0 - 1.0;
        Rectangle::new([(0.0, lo), (1.0, hi)], diverging_color(t).filled())
    }))?;
    bar.draw_series(std::iter::once(Rectangle::new(
        [(0.0, -scale), (1.0, scale)],
        BLACK.stroke_width(px(1) as u32),
    )))?;
    Ok(())
}

/// ColorBrewer's diverging "RdBu" map, reversed as matplotlib's `RdBu_r`:
/// nine colours from blue (−1) through near-white (0) to red (+1).
const DIVERGING: [RGBColor; 9] = [
    RGBColor(0x21, 0x66, 0xac),
    RGBColor(0x43, 0x93, 0xc3),
    RGBColor(0x92, 0xc5, 0xde),
    RGBColor(0xd1, 0xe5, 0xf0),
    RGBColor(0xf7, 0xf7, 0xf7),
    RGBColor(0xfd, 0xdb, 0xc7),
    RGBColor(0xf4, 0xa5, 0x82),
    RGBColor(0xd6, 0x60, 0x4d),
    RGBColor(0xb2, 0x18, 0x2b),
];

/// The colour of `t` ∈ [−1, 1] on the diverging map: blue for −1, near-white
/// for 0, red for +1, interpolated linearly between nine ColorBrewer colours.
/// Values outside [−1, 1] get the end colours; NaN gets the middle one.
pub fn diverging_color(t: f64) -> RGBColor {
    let t = if t.is_nan() { 0.0 } else { t.clamp(-1.0, 1.0) };
    let position = (t + 1.0) / 2.0 * (DIVERGING.len() - 1) as f64;
    let k = (position.floor() as usize).min(DIVERGING.len() - 2);
    let f = position - k as f64;
    let (a, b) = (DIVERGING[k], DIVERGING[k + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Whether black text would be hard to read on `color` (then use white).
fn is_dark(color: RGBColor) -> bool {
    let luma = 0.299 * f64::from(color.0) + 0.587 * f64::from(color.1) + 0.114 * f64::from(color.2);
    luma < 128.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> HeatmapFigure {
        let values = vec![vec![0.25, -0.125], vec![-0.125, 0.0001]];
        HeatmapFigure::new("demo-heatmap", "热图 demo", &values)
            .axes("列 j", "行 i")
            .row_labels(&["第 0 行", "第 1 行"])
            .column_labels(&["第 0 列", "第 1 列"])
    }

    #[test]
    fn rendering_is_deterministic_and_keeps_chinese_text() {
        let a = demo().render().unwrap();
        assert_eq!(a, demo().render().unwrap());
        assert!(a.starts_with("<svg width=\"800\" height=\"500\""));
        for text in [
            "热图 demo",
            "列 j",
            "行 i",
            "第 0 行",
            "第 1 列",
            "Noto Sans CJK SC",
        ] {
            assert!(a.contains(text), "{text} is missing");
        }
        // The values, with three decimals (plotters writes each text on a
        // line of its own).
        for text in ["\n0.250\n", "\n-0.125\n", "\n0.000\n"] {
            assert!(a.contains(text), "{text} is missing");
        }
    }

    #[test]
    fn cells_never_show_minus_zero() {
        let figure = demo();
        assert_eq!(figure.cell_text(-0.0001), "0.000");
        assert_eq!(figure.cell_text(-0.0), "0.000");
        assert_eq!(figure.cell_text(-0.0006), "-0.001");
        assert_eq!(figure.decimals(1).cell_text(-12.34), "-12.3");
    }

    #[test]
    fn one_by_one_and_non_square_matrices_render() {
        HeatmapFigure::new("one", "t", &[vec![0.0]])
            .render()
            .unwrap();
        let wide = vec![vec![1.0, -2.0, 3.0, -4.0, 5.0]; 2];
        HeatmapFigure::new("wide", "t", &wide).render().unwrap();
    }

    #[test]
    fn bad_data_is_reported_with_the_figure_name() {
        let cases: [(HeatmapFigure, &str); 5] = [
            (HeatmapFigure::new("empty", "t", &[]), "matrix is empty"),
            (
                HeatmapFigure::new("ragged", "t", &[vec![1.0, 2.0], vec![3.0]]),
                "row 1 has 1 values",
            ),
            (
                HeatmapFigure::new("nan", "t", &[vec![1.0, f64::NAN]]),
                "value [0][1] = NaN is not finite",
            ),
            (
                HeatmapFigure::new("rows", "t", &[vec![1.0]]).row_labels(&["a", "b"]),
                "2 row labels for 1 rows",
            ),
            (
                HeatmapFigure::new("columns", "t", &[vec![1.0, 2.0]]).column_labels(&["a"]),
                "1 column labels for 2 columns",
            ),
        ];
        for (figure, message) in cases {
            let e = figure.render().unwrap_err().to_string();
            assert!(e.starts_with(&format!("figure `{}`:", figure.name)), "{e}");
            assert!(e.contains(message), "{e}");
        }
    }

    #[test]
    fn colour_map_is_blue_white_red_and_centred_on_zero() {
        assert_eq!(diverging_color(-1.0), DIVERGING[0]);
        assert_eq!(diverging_color(0.0), RGBColor(0xf7, 0xf7, 0xf7));
        assert_eq!(diverging_color(1.0), DIVERGING[8]);
        assert_eq!(diverging_color(7.0), DIVERGING[8]);
        assert_eq!(diverging_color(f64::NAN), diverging_color(0.0));
        let blue = diverging_color(-0.6);
        let red = diverging_color(0.6);
        assert!(blue.2 > blue.0 && red.0 > red.2);
        assert!(is_dark(DIVERGING[0]) && is_dark(DIVERGING[8]));
        assert!(!is_dark(diverging_color(0.0)) && !is_dark(diverging_color(0.3)));
    }
}
