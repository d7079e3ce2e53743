#!/usr/bin/env python3
"""The polynomials behind `activations::slice::gelu`'s tail (src/slice/kernels.rs).

The exact GELU is x·Φ(x), and Φ(−a) = e^(−a²/2)·R(a) for a ≥ 0, with
R(a) = ½·erfcx(a/√2) = ½·e^(a²/2)·erfc(a/√2), a smooth function that falls
like 1/(a·√(2π)).

`f32` cuts [0, 14.5] into eight pieces, narrow where R bends most, and gives
each a polynomial of degree 7 in t = a − center: the kernel finds a piece by
bits of a + 1 and picks its coefficients from eight-entry tables (one
`vpermps` each in the AVX2 and AVX-512 loops). Each center is moved a little
(a multiple of 2⁻¹², so t stays exact) to where R is closest to an `f32`,
because the constant term is R(center) rounded, which no refit can correct;
the piece at 0 keeps its center 0, where R = ½ exactly.

`f64` writes R(a) = q·P(u) with q = 1/(a + K), u = q − Q₀ (Q₀ the middle of
the interval q runs over as a runs over [0, A], rounded) and P a polynomial:
(a + K)·R(a) tends to a constant as a → ∞, and as a function of q it is
analytic, so its Chebyshev series converges geometrically. The kernel
computes u with a subtraction, not with the FMA α·q + β that would map q
onto [−1, 1]: the scale α goes into the coefficients instead.

Each fit interpolates at the Chebyshev points with mpmath (60 digits),
converts the series to powers of the variable (the kernel's Horner's rule),
rounds the coefficients to the kernel's type one by one with a refit of the
rest, and reports the largest relative error of the rounded polynomials
against mpmath's R on a fine grid. Run it to reproduce the constants:

    python3 -m venv venv && venv/bin/pip install mpmath==1.3.0
    venv/bin/python xtask/scripts/gelu_tail_fit.py

It is not run by the build: the kernel's accuracy is checked by the tests of
src/slice/gelu_tail.rs, src/slice/tests.rs and tests/every_f32.rs against
the scalar `activations::gelu`.
"""

import struct

import mpmath as mp

mp.mp.dps = 60

# (type, A: the largest a the kernel evaluates, K, degree) of the q form.
# A: below −A, gelu(x) rounds to −0 (gelu(−40) ≈ −10⁻³⁴⁸); above +A it
# rounds to x. K and the degree: the smallest degree whose interpolation
# error is far below half an ULP (about 10⁻¹⁸), with K chosen for it.
FITS = [("f64", 40, 6, 24)]


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


def chebyshev(f, lo, hi, degree):
    """f interpolated at the Chebyshev points of [lo, hi], in powers of the variable."""
    n = degree + 1
    nodes = [(lo + hi) / 2 + (hi - lo) / 2 * mp.cos(mp.pi * (j + mp.mpf(1) / 2) / n) for j in range(n)]
    values = [f(u) for u in nodes]
    cheb = []
    for i in range(n):
        s = sum(values[j] * mp.cos(mp.pi * i * (j + mp.mpf(1) / 2) / n) for j in range(n))
        cheb.append(2 * s / n)
    cheb[0] /= 2
    return powers(cheb, lo, hi)


def fit(ty, a_max, k, degree):
    q0, lo, hi = center(a_max, k, ty)
    return q0, lo, hi, chebyshev(lambda u: target(u, q0, k), lo, hi, degree)


def to_type(value, ty):
    if ty == "f32":
        return struct.unpack("f", struct.pack("f", float(value)))[0]
    return float(value)


def rust_literal(value, ty):
    if ty == "f32":
        return f"{float(value):.9e}"
    return f"{float(value):.17e}"


def round_coefficients(ty, lo, hi, f, mono):
    """Rounds the coefficients to the type one at a time, from the constant
    term up, refitting the ones not yet rounded (weighted least squares on
    the relative error at 200 points) to absorb each rounding: the rounding
    errors then no longer add up, as they would if all were rounded at once."""
    m = 200
    points = [(lo + hi) / 2 + (hi - lo) / 2 * mp.cos(mp.pi * (j + mp.mpf(1) / 2) / m) for j in range(m)]
    targets = [f(u) for u in points]
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


# The `f32` kernel's pieces, in the order of their slot: the slot of a is
# bits 22 to 24 of the `f32` a + 1 (its exponent's last two bits and the
# first bit of its mantissa), so each binade of a + 1 is cut in two halves.
# (lo, hi, center): R is evaluated at t = a − center, which is exact (the
# center is 0, or within a factor 2 of every a of its piece). The centers
# are moved by `best_center`.
PIECES_F32 = [(1, 2, 1.5), (2, 3, 2.5), (3, 5, 4), (5, 7, 6), (7, 11, 9), (11, 14.5, 13),
              (0, 0.5, 0), (0.5, 1, 0.75)]
PIECE_DEGREE = 7
# a + 1 may round up onto the next piece's lower end: each piece is fitted
# from 2⁻²⁰ (half an ULP of a + 1 < 16) below it.
MARGIN = mp.mpf(2) ** -20


def best_center(c):
    """A center near c (a multiple of 2⁻¹², so t = a − center stays exact)
    where R is closest to an `f32`: R(center) is the constant term, which no
    refit can correct, so its rounding would otherwise be the piece's error
    at t = 0 (up to 3·10⁻⁸). The center 0 stays: there R = ½ exactly."""
    if c == 0:
        return mp.mpf(0)
    candidates = [mp.mpf(c) + mp.mpf(k) / 4096 for k in range(-128, 129)]

    def rounding(x):
        r = r_exact(x)
        return abs(mp.mpf(to_type(r, "f32")) / r - 1)

    return min(candidates, key=rounding)


def piecewise_f32():
    columns, centers, worst = [], [], mp.mpf(0)
    for lo, hi, c in PIECES_F32:
        c = best_center(c)
        centers.append(c)
        lo_t = max(mp.mpf(lo) - MARGIN, mp.mpf(0)) - c
        hi_t = mp.mpf(hi) + MARGIN - c
        f = lambda t, c=c: r_exact(c + t)
        mono = chebyshev(f, lo_t, hi_t, PIECE_DEGREE)
        coefficients = round_coefficients("f32", lo_t, hi_t, f, mono)
        for i in range(401):
            t = lo_t + (hi_t - lo_t) * i / 400
            p = mp.mpf(0)
            for k in reversed(coefficients):
                p = p * t + k
            worst = max(worst, abs(p / f(t) - 1))
        columns.append(coefficients)
    print(f"// f32: {len(PIECES_F32)} pieces of degree {PIECE_DEGREE}; rounded coefficients: "
          f"largest relative error {float(worst):.2e} on [0, {PIECES_F32[5][1]}]")
    centers = ", ".join(rust_literal(c, "f32") for c in centers)
    print(f"const CENTER: [f32; 8] = [{centers}];")
    print("/// The coefficients of tᵏ, highest power first; one column per slot.")
    print(f"const P: [[f32; 8]; {PIECE_DEGREE + 1}] = [")
    for k in reversed(range(PIECE_DEGREE + 1)):
        print("    [" + ", ".join(rust_literal(col[k], "f32") for col in columns) + "],")
    print("];")
    print()


def main():
    piecewise_f32()
    for ty, a_max, k, degree in FITS:
        q0, lo, hi, mono = fit(ty, a_max, k, degree)
        coefficients = round_coefficients(ty, lo, hi, lambda u: target(u, q0, k), mono)
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
