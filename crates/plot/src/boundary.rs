//! Decision boundaries of two-class classifiers in the plane, side by side:
//! each panel colours the plane by the predicted probability of class 1 and
//! shows the training points on top (the convergence chapter, the figure of `convergence.md`).
//!
//! Same look as [`SmallMultiples`](super::SmallMultiples): 960 px wide, one
//! row of panels per `columns` panels, the book's fonts and grid.

use super::{Area, DrawResult, FONT, Figure, FigureError, PALETTE, diverging_color, px};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::PathBuf;

const ROW_HEIGHT: u32 = 320;

struct Panel {
    title: String,
    probabilities: Vec<Vec<f64>>,
}

/// A grid of panels, one classifier each, over the square [−limit, limit]².
pub struct BoundaryFigure {
    name: String,
    title: String,
    columns: usize,
    limit: f64,
    points: Vec<(f64, f64, usize)>,
    panels: Vec<Panel>,
}

impl BoundaryFigure {
    /// A figure saved as `NAME.svg`, `columns` panels per row, each showing
    /// the square [−limit, limit]².
    pub fn new(name: &str, title: &str, columns: usize, limit: f64) -> Self {
        assert!(columns > 0, "a grid needs at least one column");
        BoundaryFigure {
            name: name.to_owned(),
            title: title.to_owned(),
            columns,
            limit,
            points: Vec::new(),
            panels: Vec::new(),
        }
    }

    /// The labelled points (x, y, class 0 or 1) drawn on every panel.
    pub fn points(mut self, points: &[(f64, f64, usize)]) -> Self {
        self.points = points.to_vec();
        self
    }

    /// Adds a panel: P(class 1) sampled on an n × n grid of the square, row 0
    /// at the top (y = limit), column 0 at the left (x = −limit), the grid
    /// lines evenly spaced from −limit to limit.
    pub fn panel(mut self, title: &str, probabilities: &[Vec<f64>]) -> Self {
        self.panels.push(Panel {
            title: title.to_owned(),
            probabilities: probabilities.to_vec(),
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

impl Figure for BoundaryFigure {
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
            let n = panel.probabilities.len();
            if n < 2 || panel.probabilities.iter().any(|row| row.len() != n) {
                return Err(format!(
                    "panel `{}`: the probabilities must be an n × n grid, n ≥ 2",
                    panel.title
                ));
            }
            if let Some(p) = panel
                .probabilities
                .iter()
                .flatten()
                .find(|p| !(0.0..=1.0).contains(*p))
            {
                return Err(format!("panel `{}`: {p} is not a probability", panel.title));
            }
        }
        if let Some(p) = self
            .points
            .iter()
            .find(|p| !p.0.is_finite() || !p.1.is_finite() || p.2 > 1)
        {
            return Err(format!("point {p:?} is not a finite point of class 0 or 1"));
        }
        Ok(())
    }

    fn draw(&self, root: &Area<'_>) -> DrawResult {
        let class_colors = [PALETTE[0], PALETTE[3]];
        let (header, areas) =
            super::titled_grid(root, &self.title, self.panels.len(), self.columns)?;
        draw_key(&header, &class_colors)?;
        let l = self.limit;
        for (panel, area) in self.panels.iter().zip(areas.iter()) {
            let mut chart = super::panel(area, &panel.title, -l..l, -l..l, 5, 36)?;
            // Each grid value colours the cell around its grid point,
            // half a step each way, clipped to the square.
            let n = panel.probabilities.len();
            let step = 2.0 * l / (n - 1) as f64;
            let cells = panel.probabilities.iter().enumerate().flat_map(|(r, row)| {
                row.iter().enumerate().map(move |(c, &p)| {
                    let x = -l + step * c as f64;
                    let y = l - step * r as f64;
                    let corner = |dx: f64, dy: f64| ((x + dx).clamp(-l, l), (y + dy).clamp(-l, l));
                    // A pale version of the diverging map: blue for
                    // class 0, red for class 1, white at p = 1/2.
                    let color = diverging_color(2.0 * p - 1.0).mix(0.75);
                    Rectangle::new(
                        [
                            corner(-step / 2.0, -step / 2.0),
                            corner(step / 2.0, step / 2.0),
                        ],
                        color.filled(),
                    )
                })
            });
            chart.draw_series(cells)?;
            chart.draw_series(
                self.points
                    .iter()
                    .map(|&(x, y, class)| Circle::new((x, y), px(3), class_colors[class].filled())),
            )?;
            chart.draw_series(
                self.points
                    .iter()
                    .map(|&(x, y, _)| Circle::new((x, y), px(3), BLACK.stroke_width(1))),
            )?;
        }
        Ok(())
    }
}

/// The key in the header's right corner: the two classes' markers and the
/// meaning of the background.
fn draw_key(header: &Area<'_>, class_colors: &[RGBColor; 2]) -> DrawResult {
    // plotters divides font sizes by 1.24 when it writes SVG; undo that.
    let style = TextStyle::from((FONT, f64::from(px(15)) * 1.24).into_font())
        .pos(Pos::new(HPos::Left, VPos::Center));
    let x = px(super::GRID_WIDTH as i32 - 250);
    let entries = [
        (class_colors[0], "类别 0；背景蓝：预测类别 0"),
        (class_colors[1], "类别 1；背景红：预测类别 1"),
    ];
    for (i, (color, label)) in entries.iter().enumerate() {
        let y = px(20 + 24 * i as i32);
        header.draw(&Circle::new((x, y), px(5), color.filled()))?;
        header.draw(&Circle::new((x, y), px(5), BLACK.stroke_width(1)))?;
        header.draw(&Text::new(
            label.to_string(),
            (x + px(12), y),
            style.clone(),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> BoundaryFigure {
        let grid: Vec<Vec<f64>> = (0..5)
            .map(|r| (0..5).map(|c| (r + c) as f64 / 8.0).collect())
            .collect();
        BoundaryFigure::new("boundary", "边界 demo", 2, 1.5)
            .points(&[(0.0, 0.0, 0), (1.0, -1.0, 1)])
            .panel("甲", &grid)
            .panel("乙", &grid)
            .panel("丙", &grid)
    }

    #[test]
    fn deterministic_with_a_row_for_every_two_panels() {
        let svg = demo().render().unwrap();
        assert_eq!(svg, demo().render().unwrap());
        assert!(svg.starts_with("<svg width=\"960\" height=\"720\""));
        for text in ["边界 demo", "甲", "丙", "类别 1"] {
            assert!(svg.contains(text), "missing {text}");
        }
    }

    #[test]
    fn bad_data_names_the_problem() {
        let e = BoundaryFigure::new("b", "t", 1, 1.0)
            .panel("坏", &[vec![0.0, 2.0], vec![0.0, 0.0]])
            .render()
            .unwrap_err();
        assert!(
            e.to_string().contains("panel `坏`: 2 is not a probability"),
            "{e}"
        );
        let e = BoundaryFigure::new("b", "t", 1, 1.0)
            .panel("斜", &[vec![0.0, 1.0]])
            .render()
            .unwrap_err();
        assert!(e.to_string().contains("n × n grid"), "{e}");
        let e = BoundaryFigure::new("b", "t", 1, 1.0).render().unwrap_err();
        assert!(e.to_string().contains("no panels"), "{e}");
    }
}
