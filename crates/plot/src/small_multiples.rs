//! Small multiples: many functions side by side, one small panel each, so
//! that their shapes can be compared at a glance (the comparison chapter).

use super::{Area, DrawResult, Figure, FigureError, LINE_WIDTH, PALETTE, draw_legend, padded, px};
use plotters::prelude::*;
use std::path::PathBuf;

/// Height of one row of panels (the width is the grid figures' `GRID_WIDTH`).
const ROW_HEIGHT: u32 = 230;

struct Panel {
    title: String,
    y: Vec<(f64, f64)>,
    dy: Vec<(f64, f64)>,
}

/// A grid of small plots, each with a function (solid) and its derivative
/// (dashed), sharing one legend.
pub struct SmallMultiples {
    name: String,
    title: String,
    columns: usize,
    panels: Vec<Panel>,
}

impl SmallMultiples {
    /// A figure saved as `NAME.svg`, with `columns` panels per row.
    pub fn new(name: &str, title: &str, columns: usize) -> Self {
        assert!(columns > 0, "a grid needs at least one column");
        SmallMultiples {
            name: name.to_owned(),
            title: title.to_owned(),
            columns,
            panels: Vec::new(),
        }
    }

    /// Adds a panel: the function y(x) and its derivative dy(x).
    pub fn panel(mut self, title: &str, x: &[f64], y: &[f64], dy: &[f64]) -> Self {
        assert!(
            x.len() == y.len() && x.len() == dy.len(),
            "panel `{title}`: x, y and dy differ in length"
        );
        let pair = |v: &[f64]| x.iter().copied().zip(v.iter().copied()).collect();
        self.panels.push(Panel {
            title: title.to_owned(),
            y: pair(y),
            dy: pair(dy),
        });
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

impl Figure for SmallMultiples {
    fn name(&self) -> &str {
        &self.name
    }

    /// `GRID_WIDTH` wide, one row of panels per `columns` panels.
    fn size(&self) -> (u32, u32) {
        super::grid_size(self.panels.len(), self.columns, ROW_HEIGHT)
    }

    fn check(&self) -> Result<(), String> {
        if self.panels.is_empty() {
            return Err("no panels to draw".into());
        }
        for panel in &self.panels {
            if let Some(p) = panel
                .y
                .iter()
                .chain(&panel.dy)
                .find(|(x, y)| !x.is_finite() || !y.is_finite())
            {
                return Err(format!(
                    "panel `{}`: point {p:?} is not finite",
                    panel.title
                ));
            }
        }
        Ok(())
    }

    fn draw(&self, root: &Area<'_>) -> DrawResult {
        let (header, areas) =
            super::titled_grid(root, &self.title, self.panels.len(), self.columns)?;
        let entries = [
            ("函数", PALETTE[0], false),
            ("导数（虚线）", PALETTE[1], true),
        ];
        draw_legend(
            &header,
            (px(super::GRID_WIDTH as i32 - 190), px(8)),
            &entries,
        )?;
        for (panel, area) in self.panels.iter().zip(areas.iter()) {
            let x_range = padded(panel.y.iter().map(|p| p.0));
            let y_range = padded(panel.y.iter().chain(&panel.dy).map(|p| p.1));
            let mut chart = super::panel(area, &panel.title, x_range, y_range, 4, 40)?;
            chart.draw_series(LineSeries::new(
                panel.y.iter().copied(),
                PALETTE[0].stroke_width(LINE_WIDTH),
            ))?;
            chart.draw_series(DashedLineSeries::new(
                panel.dy.iter().copied(),
                px(6) as u32,
                px(4) as u32,
                PALETTE[1].stroke_width(LINE_WIDTH),
            ))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> SmallMultiples {
        let x = activations::linspace(-2.0, 2.0, 9);
        let y: Vec<f64> = x.iter().map(|v| v * v).collect();
        let dy: Vec<f64> = x.iter().map(|v| 2.0 * v).collect();
        SmallMultiples::new("grid", "对比 demo", 2)
            .panel("平方", &x, &y, &dy)
            .panel("恒等", &x, &x, &[1.0; 9])
            .panel("三", &x, &y, &dy)
    }

    #[test]
    fn deterministic_with_rows_for_every_panel() {
        let svg = demo().render().unwrap();
        assert_eq!(svg, demo().render().unwrap());
        assert!(
            svg.starts_with("<svg width=\"960\" height=\"540\""),
            "{}",
            &svg[..60]
        );
        for text in ["对比 demo", "平方", "恒等", "导数（虚线）"] {
            assert!(svg.contains(text), "missing {text}");
        }
    }

    #[test]
    fn bad_points_name_the_panel() {
        let e = SmallMultiples::new("g", "t", 1)
            .panel("坏", &[0.0, 1.0], &[0.0, f64::NAN], &[0.0, 0.0])
            .render()
            .unwrap_err();
        assert!(e.to_string().contains("panel `坏`"), "{e}");
    }
}
