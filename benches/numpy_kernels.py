#!/usr/bin/env python3
"""numpy's versions of the notebook's formulas, timed like benches/cost.rs.

Run by benches/cost.rs (`cargo xtask cost`), which names the kernels to time
on the command line (its list, activations_experiments::cost::KERNELS, is the
only one) and puts these timings beside ours in data/cost.csv. Each kernel
runs on the same distribution as ours: 10**6 float32 values uniform on
[-10, 10) (softmax: 1000 rows of 1000), best of --repeats runs (default 50),
so a stray interrupt or a cold cache cannot make numpy look slower than it is.

`--level LEVEL` holds numpy to the instruction set of one of our dispatch
levels (activations::slice::Level::name), as `Level::run` holds ours, so that
each level is compared with numpy running at the same level: `avx512` leaves
numpy as it is, `avx2` switches off numpy's AVX-512 code and `portable` all
of its dispatched code, leaving its baseline (SSE to SSE3 on x86-64). numpy
reads the switch, the environment variable NPY_DISABLE_CPU_FEATURES, once,
when it is imported; the script sets it before importing numpy and then
checks with numpy's own table of CPU features that they are off.

Usage: numpy_kernels.py [--repeats N] [--level LEVEL] KERNEL...
Output: one line per kernel, `kernel,seconds` (the best run), then
`memcpy,seconds` and `numpy_version,VERSION`, on stdout.
"""

import argparse
import os
import sys
import time

# numpy's dispatched x86 features above AVX2 (numpy 2.1; a name numpy does not
# dispatch is ignored with a warning, so later additions can be listed too),
# and below it: what each of our levels switches off.
AVX512 = ["AVX512F", "AVX512CD", "AVX512_KNL", "AVX512_KNM", "AVX512_SKX",
          "AVX512_CLX", "AVX512_CNL", "AVX512_ICL", "AVX512_SPR"]
UP_TO_AVX2 = ["SSSE3", "SSE41", "POPCNT", "SSE42", "AVX", "F16C", "FMA3", "AVX2"]
DISABLED = {"avx512": [], "avx2": AVX512, "portable": UP_TO_AVX2 + AVX512}


def import_numpy(level):
    """numpy, imported with the features above `level` switched off."""
    if DISABLED[level]:
        os.environ["NPY_DISABLE_CPU_FEATURES"] = " ".join(DISABLED[level])
    try:
        import numpy
    except ImportError:
        sys.exit("numpy is not installed: pip install numpy==2.1.3 (or apt-get install python3-numpy)")
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    still_on = [f for f in __cpu_dispatch__ if __cpu_features__.get(f) and f in DISABLED[level]]
    # A dispatched feature this list does not know could also sit above the level.
    unknown = [f for f in __cpu_dispatch__ if __cpu_features__.get(f)
               and f not in UP_TO_AVX2 + AVX512 and level != "avx512"]
    if still_on or unknown:
        sys.exit(f"benches/numpy_kernels.py: numpy {numpy.__version__} still uses "
                 f"{', '.join(still_on + unknown)} at level {level}: add it to the lists at the top")
    return numpy

N = 1_000_000
ROWS = 1000
np = None  # numpy, imported by main() at the level asked for


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
    return np.where(x > 0, x, x * np.float32(0.01))


def leaky_relu_derivative(x):
    return np.where(x > 0, 1, np.float32(0.01))


def softmax_rows(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def silu(x):
    return x / (1 + np.exp(-x))


def gelu_tanh(x):
    sqrt_2_over_pi = np.float32(np.sqrt(2 / np.pi))
    return 0.5 * x * (1 + np.tanh(sqrt_2_over_pi * (x + np.float32(0.044715) * (x * x * x))))


# The exact GELU, x·Φ(x), needs an error function, which numpy does not have
# (scipy.special.erf is another package): cost::KERNELS marks it, and it is
# not asked for here.


def best(repeats, f, *args):
    f(*args)  # warm up: let glibc's mmap threshold adapt to the 4 MB arrays
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        f(*args)
        times.append(time.perf_counter() - start)
    return min(times)


KERNELS = {
    "sigmoid": sigmoid,
    "sigmoid_derivative": sigmoid_derivative,
    "tanh": tanh,
    "tanh_derivative": tanh_derivative,
    "relu": relu,
    "relu_derivative": relu_derivative,
    "leaky_relu": leaky_relu,
    "leaky_relu_derivative": leaky_relu_derivative,
    "softmax_rows": softmax_rows,
    "silu": silu,
    "gelu_tanh": gelu_tanh,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--level", choices=DISABLED, default="avx512")
    parser.add_argument("kernels", nargs="+", metavar="KERNEL")
    args = parser.parse_args()
    unknown = [k for k in args.kernels if k not in KERNELS]
    if unknown:
        sys.exit(f"benches/numpy_kernels.py: no numpy version of {', '.join(unknown)}")

    global np
    np = import_numpy(args.level)
    rng = np.random.default_rng(42)
    # The same distribution as benches/cost.rs: uniform on [-10, 10).
    x = rng.uniform(-10, 10, N).astype(np.float32)
    m = x.reshape(ROWS, N // ROWS)
    out = np.empty_like(x)
    for name in args.kernels:
        f = KERNELS[name]
        arg = m if name == "softmax_rows" else x
        assert f(arg).size == N, name
        print(f"{name},{best(args.repeats, f, arg):.9e}")
    print(f"memcpy,{best(args.repeats, np.copyto, out, x):.9e}")
    print(f"numpy_version,{np.__version__}")


if __name__ == "__main__":
    main()
