#!/usr/bin/env python3
"""The numbers the notebook's numpy cells compute, for tests/numpy.rs.

Runs each cell (sigmoid.py, tanh.py, relu.py, leaky_relu.py, softmax.py) as
it is, with its figure written to a scratch directory, and takes from it the
grid it plotted (`x`, `y`, `dy`; softmax: `logits`, `probabilities`) and its
functions, which it evaluates again at the edge cases the chapters' numerical
stability notes name. tests/numpy.rs computes the same numbers with the
library and compares.

Usage: dump.py
Output on stdout, CSV: `function,set,x,value`, every number as Python's repr
(the shortest string that reads back as the same float64). `set` is `grid`
(the cell's own arrays), `edge` (extra points), or for softmax the name of
the logits vector, whose elements are the rows' `x` in order.
"""

import os
import runpy
import sys
import tempfile

try:
    import numpy as np
except ImportError:
    sys.exit("numpy is not installed: pip install -r examples/numpy/requirements.txt")

HERE = os.path.dirname(os.path.abspath(__file__))
SPECIAL = [0.0, -0.0, 5e-324, -5e-324, float("inf"), float("-inf"), float("nan")]


def run_cell(name, figures):
    """Runs examples/numpy/NAME.py like `python3 NAME.py`; returns its globals."""
    os.environ["ACTIVATIONS_FIGURES_DIR"] = figures
    stdout = sys.stdout
    sys.stdout = open(os.devnull, "w")  # softmax.py prints; keep the CSV clean
    try:
        return runpy.run_path(os.path.join(HERE, name + ".py"), run_name="__main__")
    finally:
        sys.stdout.close()
        sys.stdout = stdout


def row(function, subset, x, value):
    print(f"{function},{subset},{float(x)!r},{float(value)!r}")


def rows(function, subset, xs, values):
    for x, value in zip(np.asarray(xs, dtype=np.float64).tolist(), np.asarray(values).tolist()):
        row(function, subset, x, value)


def main():
    print("function,set,x,value")
    with tempfile.TemporaryDirectory() as figures, np.errstate(all="ignore"):
        for cell, edges in [
            ("sigmoid", {
                "sigmoid": [-745.0, -720.0, -710.0, -709.0, 36.0, 40.0] + SPECIAL,
                "sigmoid_derivative": [float(x) for x in range(30, 46)] + SPECIAL,
            }),
            ("tanh", {
                "tanh": [1e-10, 19.0, 20.0, 709.0, 710.0, 800.0] + SPECIAL,
                "tanh_derivative": [float(x) for x in range(10, 23)] + SPECIAL,
            }),
            ("relu", {"relu": SPECIAL, "relu_derivative": SPECIAL}),
            ("leaky_relu", {"leaky_relu": SPECIAL, "leaky_relu_derivative": SPECIAL}),
        ]:
            ns = run_cell(cell, figures)
            function, derivative = edges
            rows(function, "grid", ns["x"], ns["y"])
            rows(derivative, "grid", ns["x"], ns["dy"])
            for name, xs in edges.items():
                rows(name, "edge", xs, ns[name](np.array(xs)))

        ns = run_cell("softmax", figures)
        rows("softmax", "notebook", ns["logits"], ns["probabilities"])
        for subset, logits in [
            ("overflow", [1000.0, 1001.0, 1002.0]),
            ("underflow", [-1000.0, -1001.0]),
        ]:
            x = np.array(logits)
            rows("softmax", subset, x, ns["softmax"](x))
            # The formula without the notebook's shift by the maximum.
            rows("softmax_unshifted", subset, x, np.exp(x) / np.sum(np.exp(x)))
        for name in ["sigmoid", "tanh", "relu", "leaky_relu", "softmax"]:
            if not os.path.isfile(os.path.join(figures, name + ".png")):
                sys.exit(f"examples/numpy/{name}.py did not draw {name}.png")


if __name__ == "__main__":
    main()
