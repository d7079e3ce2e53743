//! `linspace`, the grid every figure and many tests are drawn on.

/// `n` evenly spaced numbers from `start` to `stop`, both included — the same
/// numbers as numpy's `np.linspace(start, stop, n)`.
///
/// ```
/// let x = activations::linspace(-10.0, 10.0, 100);
/// assert_eq!(x.len(), 100);
/// assert_eq!((x[0], x[99]), (-10.0, 10.0));
/// ```
///
/// # Panics
/// If `n < 2`: a grid needs both of its end points.
pub fn linspace(start: f64, stop: f64, n: usize) -> Vec<f64> {
    assert!(n >= 2, "linspace needs n >= 2 points, got {n}");
    let step = (stop - start) / (n - 1) as f64;
    let mut points: Vec<f64> = (0..n).map(|i| start + step * i as f64).collect();
    points[n - 1] = stop; // as numpy does, so the end point is exact
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_numpy() {
        // np.linspace(-10, 10, 100)[1] == -9.797979797979798
        let x = linspace(-10.0, 10.0, 100);
        assert_eq!(x[1], -9.797_979_797_979_798);
        assert!(x.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(linspace(0.0, 1.0, 5), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
    }

    #[test]
    #[should_panic(expected = "linspace needs n >= 2")]
    fn rejects_a_single_point() {
        linspace(0.0, 1.0, 1);
    }
}
