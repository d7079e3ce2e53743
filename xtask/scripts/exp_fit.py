#!/usr/bin/env python3
"""The polynomial behind the fast `f32` exponential of src/slice/exp.rs.

After the range reduction y = n·ln 2 + r, |r| ≤ ln 2 / 2, the kernels need eʳ.
They evaluate it as 1 + r·(1 + r·Q(r)) with Q of degree 4 — six FMAs by
Horner's rule — so the two leading coefficients are exactly 1 and only Q's
five are fitted. This script fits Q for the smallest relative error of eʳ
(least squares on the relative error at Chebyshev points of [−R, R], close to
minimax), rounds Q's coefficients to `f32` one at a time from the constant term
up, refitting the rest after each rounding, and reports the largest relative
error of the rounded polynomial against mpmath's exponential on a fine grid.
Run it to reproduce the constants:

    python3 -m venv venv && venv/bin/pip install mpmath==1.3.0
    venv/bin/python xtask/scripts/exp_fit.py

It is not run by the build: the polynomial's error is checked by a test in
src/slice/exp.rs, and the kernels' by the tests of src/slice/tests.rs.
"""

import struct

import mpmath as mp

mp.mp.dps = 40

# A little beyond ln 2 / 2: the reduced argument is computed with two FMAs and
# may overshoot ln 2 / 2 by a few units of its last place.
R = mp.log(2) / 2 + mp.mpf("1e-6")
DEGREE = 4  # of Q
POINTS = 400


def f32(value):
    return struct.unpack("f", struct.pack("f", float(value)))[0]


def q_exact(r):
    """(eʳ − 1 − r)/r², the function Q approximates."""
    if r == 0:
        return mp.mpf(1) / 2
    return (mp.exp(r) - 1 - r) / r**2


def main():
    points = [R * mp.cos(mp.pi * (j + mp.mpf(1) / 2) / POINTS) for j in range(POINTS)]
    exact = [mp.exp(r) for r in points]
    coefficients = [None] * (DEGREE + 1)  # Q's, constant term first
    for fixed in range(DEGREE + 1):
        # Fit the free coefficients for the smallest relative error of
        # 1 + r + r²·Q(r), given those already rounded.
        rows, rhs = [], []
        for r, e in zip(points, exact):
            known = 1 + r + r**2 * sum(coefficients[j] * r**j for j in range(fixed))
            rows.append([r ** (2 + j) / e for j in range(fixed, DEGREE + 1)])
            rhs.append((e - known) / e)
        solution = mp.qr_solve(mp.matrix(rows), mp.matrix(rhs))[0]
        coefficients[fixed] = mp.mpf(f32(solution[0]))
    worst = mp.mpf(0)
    steps = 20000
    for i in range(-steps, steps + 1):
        r = R * i / steps
        q = mp.mpf(0)
        for c in reversed(coefficients):
            q = q * r + c
        worst = max(worst, abs((1 + r * (1 + r * q)) / mp.exp(r) - 1))
    print(f"// Q of degree {DEGREE} on |r| ≤ {float(R):.7f}: largest relative error of "
          f"1 + r·(1 + r·Q(r)) {float(worst):.2e} (2^{float(mp.log(worst, 2)):.1f})")
    print(f"const EXP_F32: [f32; {DEGREE + 1}] = [")
    for c in reversed(coefficients):
        print(f"    {float(c):.9e},")
    print("];")


if __name__ == "__main__":
    main()
