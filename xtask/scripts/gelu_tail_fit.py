#!/usr/bin/env python3
"""The polynomial behind `activations::slice::gelu`'s tail (src/slice/kernels.rs).

The exact GELU is x·Φ(x), and Φ(−a) = e^(−a²/2)·R(a) for a ≥ 0, with
R(a) = ½·erfcx(a/√2) = ½·e^(a²/2)·erfc(a/√2). R is smooth and falls like
1/(a·√(2π)), so the kernel writes it as R(a) = q·P(u) with q = 1/(a + K),
u = q − Q₀ (Q₀ the middle of the interval q runs over as a runs over [0, A],
rounded to the kernel's type) and P a polynomial: (a + K)·R(a) tends to a
constant as a → ∞, and as a function of q it is analytic, so its Chebyshev
series converges geometrically. The kernel computes u with a subtraction,
not with the FMA α·q + β that would map q onto [−1, 1]: the scale α goes
into the coefficients instead.

This script interpolates (a + K)·R(a) at the Chebyshev points of u's interval
with mpmath (60 digits), converts the series to powers of u (the kernel's
Horner's rule), rounds the coefficients to the kernel's type, and reports the
largest relative error of the rounded polynomial against mpmath's R on a
fine grid. Run it to reproduce the constants:

    python3 -m venv venv && venv/bin/pip install mpmath==1.3.0
    venv/bin/python xtask/scripts/gelu_tail_fit.py

It is not run by the build: the kernel's accuracy is checked by the tests of
src/slice/tests.rs against the scalar `activations::gelu`.
"""

import struct

import mpmath as mp

mp.mp.dps = 60

# (type, A: the largest a the kernel evaluates, K, degree)
# A: below −A, gelu(x) rounds to −0 (f32: gelu(−15) ≈ −5·10⁻⁵⁰; f64: gelu(−40)
# ≈ −10⁻³⁴⁸); above +A it rounds to x. K and the degree: the smallest degree
# whose interpolation error is far below half an ULP (about 10⁻⁹ for f32,
# 10⁻¹⁸ for f64), with K chosen for it.
FITS = [("f32", 15, 3.5, 9), ("f64", 40, 6, 24)]


def r_exact(a):
    a = mp.mpf(a)
    return mp.erfc(a / mp.sqrt(2)) * mp.exp(a * a / 2) / 2


def center(a_max, k, ty):
    """Q₀, the middle of [1/(A + K), 1/K], rounded to the kernel's type, and
    the interval u = q − Q₀ runs over (the fit below uses the rounded Q₀)."""
    q_lo, q_hi = 1 / (mp.mpf(a_max) + k), 1 / mp.mpf(k)
    q0 = mp.mpf(to_type((q_lo + q_hi) / 2, ty))
    return q0, q_lo - q0, q_hi - q0


def powers(cheb, lo, hi):
    """The Chebyshev series Σ cᵢ·Tᵢ(s), s = (2u − lo − hi)/(hi − lo), in powers of u."""
    n = len(cheb)
    scale, shift = 2 / (hi - lo), -(lo + hi) / (hi - lo)
    # Tᵢ(s) as polynomials in u, by the recurrence T₂ = 2s·T₁ − T₀.
    s_poly = [shift, scale]

    def times_s(p):
        out = [mp.mpf(0)] * (len(p) + 1)
        for j, c in enumerate(p):
            out[j] += c * s_poly[0]
            out[j + 1] += c * s_poly[1]
        return out

    t_prev, t_cur = [mp.mpf(1)], s_poly[:]
    mono = [mp.mpf(0)] * n
    mono[0] += cheb[0]
    for j, c in enumerate(t_cur):
        if n > 1:
            mono[j] += cheb[1] * c
    for i in range(2, n):
        t_next = [2 * c for c in times_s(t_cur)]
        for j, c in enumerate(t_prev):
            t_next[j] -= c
        for j, c in enumerate(t_next):
            mono[j] += cheb[i] * c
        t_prev, t_cur = t_cur, t_next
    return mono


def target(u, q0, k):
    """(a + K)·R(a) at u = q − Q₀."""
    q = u + q0
    a = 1 / q - k
    return r_exact(a) * (a + k)


def fit(ty, a_max, k, degree):
    q0, lo, hi = center(a_max, k, ty)
    n = degree + 1
    nodes = [(lo + hi) / 2 + (hi - lo) / 2 * mp.cos(mp.pi * (j + mp.mpf(1) / 2) / n) for j in range(n)]
    values = [target(u, q0, k) for u in nodes]
    cheb = []
    for i in range(n):
        s = sum(values[j] * mp.cos(mp.pi * i * (j + mp.mpf(1) / 2) / n) for j in range(n))
        cheb.append(2 * s / n)
    cheb[0] /= 2
    return q0, lo, hi, powers(cheb, lo, hi)


def to_type(value, ty):
    if ty == "f32":
        return struct.unpack("f", struct.pack("f", float(value)))[0]
    return float(value)


def rust_literal(value, ty):
    if ty == "f32":
        return f"{float(value):.9e}"
    return f"{float(value):.17e}"


def round_coefficients(ty, q0, lo, hi, k, mono):
    """Rounds the coefficients to the type one at a time, from the constant
    term up, refitting the ones not yet rounded (weighted least squares on
    the relative error at 200 points) to absorb each rounding: the rounding
    errors then no longer add up, as they would if all were rounded at once."""
    m = 200
    points = [(lo + hi) / 2 + (hi - lo) / 2 * mp.cos(mp.pi * (j + mp.mpf(1) / 2) / m) for j in range(m)]
    targets = [target(u, q0, k) for u in points]
    coefficients = list(mono)
    for i in range(len(coefficients)):
        coefficients[i] = mp.mpf(to_type(coefficients[i], ty))
        free = list(range(i + 1, len(coefficients)))
        if not free:
            break
        # The columns in powers of u/h (h the largest |u|), which keeps
        # the least-squares problem well conditioned: uʲ alone falls to
        # 10⁻²⁴ and below.
        h = max(abs(lo), abs(hi))
        rows, rhs = [], []
        for u, f in zip(points, targets):
            fixed = sum(coefficients[j] * u**j for j in range(i + 1))
            rows.append([(u / h) ** j / f for j in free])
            rhs.append((f - fixed) / f)
        solution = mp.qr_solve(mp.matrix(rows), mp.matrix(rhs))[0]
        for j, c in zip(free, solution):
            coefficients[j] = c / h**j
    return coefficients


def main():
    for ty, a_max, k, degree in FITS:
        q0, lo, hi, mono = fit(ty, a_max, k, degree)
        coefficients = round_coefficients(ty, q0, lo, hi, k, mono)
        worst = mp.mpf(0)
        steps = 3000
        for i in range(steps + 1):
            a = mp.mpf(a_max) * i / steps
            q = 1 / (a + k)
            u = q - q0
            p = mp.mpf(0)
            for c in reversed(coefficients):
                p = p * u + mp.mpf(c)
            worst = max(worst, abs(p * q / r_exact(a) - 1))
        print(f"// {ty}: A = {a_max}, K = {k}, degree {degree}; rounded coefficients: "
              f"largest relative error {float(worst):.2e} on [0, A]")
        print(f"const K: {ty} = {rust_literal(to_type(k, ty), ty)};")
        print(f"const Q0: {ty} = {rust_literal(q0, ty)};")
        print(f"/// P(u), highest power first.")
        print(f"const P: [{ty}; {degree + 1}] = [")
        for c in reversed(coefficients):
            print(f"    {rust_literal(c, ty)},")
        print("];")
        print()


if __name__ == "__main__":
    main()
