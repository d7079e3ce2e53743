//! Means with error bars: one row per category, a dot at the mean and a
//! horizontal bar across its confidence interval, the categories named on
//! the left. The book draws the test accuracy of every activation with it
//! (in `digits.md`): many categories, whose intervals are compared by eye.
//!
//! Rows go top to bottom in the order they are added, like the rows of the
//! table beside the figure. A dashed vertical line may mark a reference
//! value (e.g. the best mean). A fixed value axis ([`IntervalFigure::x_range`])
//! keeps one wide interval from squeezing all the others: a bar that leaves
//! the range ends in an arrow at the edge, and a mean outside it is written
//! there as a number instead of drawn as a dot.

use super::{Area, DrawResult, FONT, Figure, FigureError, GRID, PALETTE, px, tick};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::PathBuf;

/// Height of one row, and of the title and axis around the rows.
const ROW_HEIGHT: u32 = 30;
const FRAME_HEIGHT: u32 = 130;

struct Row {
    label: String,
    mean: f64,
    low: f64,
    high: f64,
}

/// A dot-and-whisker chart of means and their intervals.
pub struct IntervalFigure {
    name: String,
    title: String,
    x_label: String,
    rows: Vec<Row>,
    reference: Option<f64>,
    range: Option<(f64, f64)>,
}

impl IntervalFigure {
    /// A figure saved as `NAME.svg`, with a title and the description of the
    /// value axis.
    pub fn new(name: &str, title: &str, x_label: &str) -> Self {
        IntervalFigure {
            name: name.to_owned(),
            title: title.to_owned(),
            x_label: x_label.to_owned(),
            rows: Vec::new(),
            reference: None,
            range: None,
        }
    }

    /// Adds a row: the mean and the interval from `low` to `high`.
    pub fn row(mut self, label: &str, mean: f64, low: f64, high: f64) -> Self {
        self.rows.push(Row {
            label: label.to_owned(),
            mean,
            low,
            high,
        });
        self
    }

    /// Marks `value` with a dashed vertical line.
    pub fn reference(mut self, value: f64) -> Self {
        self.reference = Some(value);
        self
    }

    /// Fixes the value axis to `low..high` (otherwise it spans every
    /// interval, a little padded).
    pub fn x_range(mut self, low: f64, high: f64) -> Self {
        self.range = Some((low, high));
        self
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

impl Figure for IntervalFigure {
    fn name(&self) -> &str {
        &self.name
    }

    /// The book's width; one row's height per category.
    fn size(&self) -> (u32, u32) {
        (
            super::SIZE.0,
            FRAME_HEIGHT + ROW_HEIGHT * self.rows.len() as u32,
        )
    }

    fn check(&self) -> Result<(), String> {
        if self.rows.is_empty() {
            return Err("no rows to draw".into());
        }
        for row in &self.rows {
            let finite = [row.mean, row.low, row.high].iter().all(|v| v.is_finite());
            if !finite || row.low > row.mean || row.mean > row.high {
                return Err(format!(
                    "row `{}`: the mean {} and interval {} to {} cannot be shown",
                    row.label, row.mean, row.low, row.high
                ));
            }
        }
        if self.reference.is_some_and(|r| !r.is_finite()) {
            return Err("the reference value is not finite".into());
        }
        if let Some((low, high)) = self.range
            && !(low.is_finite() && high.is_finite() && low < high)
        {
            return Err(format!("the value axis {low} to {high} is empty"));
        }
        Ok(())
    }

    fn draw(&self, root: &Area<'_>) -> DrawResult {
        let n = self.rows.len() as i32;
        let values = self
            .rows
            .iter()
            .flat_map(|r| [r.low, r.high])
            .chain(self.reference);
        let x_range = match self.range {
            Some((low, high)) => low..high,
            None => super::padded(values),
        };
        let (left, right) = (x_range.start, x_range.end);
        let width = self
            .rows
            .iter()
            .map(|r| super::text_width(&r.label, 16.0))
            .max()
            .unwrap_or(0);
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FONT, px(24)))
            .margin(px(14))
            .x_label_area_size(px(50))
            .y_label_area_size(px(width + 16))
            .build_cartesian_2d(x_range, (0..n - 1).into_segmented())?;
        // Row 0 at the top: the segment of row i is n − 1 − i.
        let names: Vec<&str> = self.rows.iter().map(|r| r.label.as_str()).collect();
        let category = |v: &SegmentValue<i32>| match v {
            SegmentValue::CenterOf(i) => names
                .get((n - 1 - *i) as usize)
                .copied()
                .unwrap_or("")
                .to_owned(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_max_light_lines(0)
            .bold_line_style(GRID.stroke_width(px(1) as u32))
            .axis_style(BLACK.stroke_width(px(1) as u32))
            .y_labels(self.rows.len())
            .y_label_formatter(&category)
            .x_label_formatter(&|v| tick(*v))
            .x_desc(&self.x_label)
            .label_style((FONT, px(16)))
            .axis_desc_style((FONT, px(18)))
            .draw()?;
        let at = |i: usize| SegmentValue::CenterOf(n - 1 - i as i32);
        if let Some(r) = self.reference {
            chart.draw_series(DashedLineSeries::new(
                [(r, SegmentValue::Exact(0)), (r, SegmentValue::Exact(n))],
                px(6) as u32,
                px(4) as u32,
                PALETTE[7].stroke_width(px(1) as u32),
            ))?;
        }
        let color = PALETTE[0];
        let line = color.stroke_width(px(2) as u32);
        for (i, row) in self.rows.iter().enumerate() {
            let (low, high) = (row.low.max(left), row.high.min(right));
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(low, at(i)), (high, at(i))],
                line,
            )))?;
            // The bar's ends: short vertical ticks, or an arrow pointing out
            // of the figure where the interval goes on; drawn in pixels.
            for (end, clipped, outward) in [(low, row.low < left, -1), (high, row.high > right, 1)]
            {
                let (x, y) = chart.backend_coord(&(end, at(i)));
                if clipped {
                    let back = x - outward * px(10);
                    root.draw(&Polygon::new(
                        vec![(x, y), (back, y - px(6)), (back, y + px(6))],
                        color.filled(),
                    ))?;
                } else {
                    root.draw(&PathElement::new(
                        vec![(x, y - px(6)), (x, y + px(6))],
                        line,
                    ))?;
                }
            }
            if (left..=right).contains(&row.mean) {
                chart.draw_series(std::iter::once(Circle::new(
                    (row.mean, at(i)),
                    px(4),
                    color.filled(),
                )))?;
            } else {
                // The mean is off the axis: say where, beside the arrow.
                let (side, anchor, shift) = if row.mean < left {
                    (left, HPos::Left, px(14))
                } else {
                    (right, HPos::Right, -px(14))
                };
                let (x, y) = chart.backend_coord(&(side, at(i)));
                let style = TextStyle::from((FONT, px(15)).into_font())
                    .color(&color)
                    .pos(Pos::new(anchor, VPos::Bottom));
                root.draw(&Text::new(
                    format!("均值 {}", tick((row.mean * 1000.0).round() / 1000.0)),
                    (x + shift, y - px(4)),
                    style,
                ))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> IntervalFigure {
        IntervalFigure::new("demo-interval", "区间 demo", "准确率")
            .row("甲", 0.9, 0.85, 0.95)
            .row("乙 (B)", 0.8, 0.7, 0.82)
            .row("丙", 0.5, 0.5, 0.5)
            .reference(0.9)
    }

    #[test]
    fn deterministic_one_row_per_category() {
        let svg = demo().render().unwrap();
        assert_eq!(svg, demo().render().unwrap());
        // 130 px of frame and 30 px per row.
        assert!(
            svg.starts_with("<svg width=\"800\" height=\"220\""),
            "{}",
            &svg[..60]
        );
        for text in ["区间 demo", "准确率", "甲", "乙 (B)", "丙"] {
            assert!(svg.contains(text), "missing {text}");
        }
        // A dot per row.
        assert_eq!(svg.matches("<circle").count(), 3);
        // The first row is drawn at the top: its label comes before the
        // others' in the SVG's vertical order.
        let y_of = |label: &str| {
            let i = svg.find(&format!("\n{label}\n")).expect(label);
            let tag = &svg[svg[..i].rfind("<text").unwrap()..i];
            let y = tag.split("y=\"").nth(1).unwrap();
            y[..y.find('"').unwrap()].parse::<f64>().unwrap()
        };
        assert!(y_of("甲") < y_of("乙 (B)") && y_of("乙 (B)") < y_of("丙"));
    }

    #[test]
    fn a_fixed_axis_clips_a_wide_interval_with_an_arrow_and_names_its_mean() {
        let figure = IntervalFigure::new("demo-clipped", "t", "x")
            .row("窄", 0.95, 0.94, 0.96)
            .row("宽", 0.82, 0.63, 1.01)
            .x_range(0.9, 1.0);
        let svg = figure.render().unwrap();
        // One dot (the narrow row's): the wide row's mean is off the axis
        // and written as a number; its bar ends in two arrows.
        assert_eq!(svg.matches("<circle").count(), 1);
        assert!(svg.contains("均值 0.82"), "no label for the mean");
        assert_eq!(svg.matches("<polygon").count(), 2);
        // Without the fixed axis, nothing is clipped.
        let free = IntervalFigure::new("demo-free", "t", "x")
            .row("宽", 0.82, 0.63, 1.01)
            .render()
            .unwrap();
        assert_eq!(free.matches("<polygon").count(), 0);
        assert_eq!(free.matches("<circle").count(), 1);
        let empty = IntervalFigure::new("bad-axis", "t", "x")
            .row("窄", 0.95, 0.94, 0.96)
            .x_range(1.0, 0.9)
            .render()
            .unwrap_err();
        assert!(empty.to_string().contains("empty"), "{empty}");
    }

    #[test]
    fn a_mean_outside_its_interval_is_refused() {
        let e = IntervalFigure::new("bad", "t", "x")
            .row("坏", 1.0, 0.0, 0.5)
            .render()
            .unwrap_err();
        assert!(e.to_string().contains("row `坏`"), "{e}");
        assert!(IntervalFigure::new("empty", "t", "x").render().is_err());
    }
}
