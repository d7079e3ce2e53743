#!/usr/bin/env python3
"""numpy's versions of the notebook's formulas, timed like benches/cost.rs.

Run by `cargo xtask cost` (see xtask/src/cost.rs), which puts these timings
beside ours in data/cost.csv. Each kernel runs on the same data as ours:
10**6 float32 values (softmax: 1000 rows of 1000), best of REPEATS runs, so a
stray interrupt or a cold cache cannot make numpy look slower than it is.

Output: one line per kernel, `kernel,seconds` (the best run), on stdout.
"""

import sys
import time

try:
    import numpy as np
except ImportError:
    sys.exit("numpy is not installed: pip install numpy==2.1.3 (or apt-get install python3-numpy)")

N = 1_000_000
ROWS = 1000
REPEATS = 50
ALPHA = np.float32(0.01)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_derivative(x):
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x):
    return np.tanh(x)


def tanh_derivative(x):
    return 1 - np.tanh(x) ** 2


def relu(x):
    return np.maximum(0, x)


def relu_derivative(x):
    return np.where(x > 0, 1, 0)


def leaky_relu(x):
    return np.where(x > 0, x, x * ALPHA)


def leaky_relu_derivative(x):
    return np.where(x > 0, 1, ALPHA)


def softmax_rows(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def best(f, *args):
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        f(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    rng = np.random.default_rng(42)
    # The same distribution as benches/cost.rs: uniform on [-10, 10).
    x = rng.uniform(-10, 10, N).astype(np.float32)
    m = x.reshape(ROWS, N // ROWS)
    out = np.empty_like(x)
    kernels = [
        ("sigmoid", sigmoid, x),
        ("sigmoid_derivative", sigmoid_derivative, x),
        ("tanh", tanh, x),
        ("tanh_derivative", tanh_derivative, x),
        ("relu", relu, x),
        ("relu_derivative", relu_derivative, x),
        ("leaky_relu", leaky_relu, x),
        ("leaky_relu_derivative", leaky_relu_derivative, x),
        ("softmax_rows", softmax_rows, m),
    ]
    for name, f, arg in kernels:
        assert f(arg).size == N, name
        print(f"{name},{best(f, arg):.9e}")
    print(f"memcpy,{best(np.copyto, out, x):.9e}")
    print(f"numpy_version,{np.__version__}")


if __name__ == "__main__":
    main()
