"""High-precision references: every activation evaluated to 50 digits with mpmath.

The definition of f is a sympy expression; its derivatives are taken symbolically and
evaluated with mpmath at 50 significant digits plus enough guard digits to survive the
cancellation a tail can cause (1 + erf(z/√2) at z = −30 cancels about 200 digits). Each value
is checked against a second evaluation with 30 more digits; where they disagree the digits
are doubled, and a reference that still loses its precision raises instead of passing a wrong
answer. The vector-valued references (softmax, log-softmax, the sigmoid gate) work at 2400
bits, where z_i − z_j of any two doubles is exact.

The tests, the stability page and the benchmarks compare the package's float kernels with
these values, in units in the last place (``ulp_error``).

>>> float(evaluate("sigmoid", 1, 0.0))
0.25
"""

from __future__ import annotations

import functools
import math

import mpmath
import numpy as np
import sympy as sp

from activations._registry import get
from activations._symbolic import expand_helpers, z

DIGITS = 50
PRECISION = 2400  # bits: z_i - z_j of any two doubles is exact at this precision


@functools.cache
def forms(slug: str, params: tuple[tuple[str, float], ...] = ()) -> tuple[sp.Expr, ...]:
    """The sympy forms of f, f′, f″ and f‴ of the activation, helpers written out; only the
    classical derivative (the point masses of a kink's distributional derivative drop)."""
    act = get(slug, **dict(params))
    # Exact rationals: rounded to a few dozen digits, a huge parameter would lose the terms
    # that cancel in a derivative.
    unbound = act.sympy(bound=False)
    constants = {name: sp.Rational(text) for name, text, _ in act.constants}
    exact = {s: constants[s.name] for s in unbound.free_symbols if s.name in constants}
    exact |= {p.sympy_symbol: sp.Rational(act.params[p.name]) for p in act.param_specs}
    expr = expand_helpers(unbound.subs(exact))
    derivatives = [sp.diff(expr, z, order) for order in range(4)]
    return tuple(form.replace(sp.DiracDelta, lambda *args: 0) for form in derivatives)


@functools.cache
def derivatives(slug: str, params: tuple[tuple[str, float], ...] = ()) -> tuple:
    """mpmath callables for f, f′, f″, f‴ of the activation."""
    return tuple(sp.lambdify(z, form, modules="mpmath") for form in forms(slug, params))


def guard_digits(x: float) -> int:
    """Extra digits for cancellation.

    Exponential tails cost about |z|/2 + z²/4 digits (capped: beyond the cap every answer is
    far below the float range); near z = 0 a term of size z³ can be left from terms of size
    1, which costs 3·log10(1/|z|).
    """
    size = abs(x)
    tails = min(1000.0, 0.5 * size + 0.25 * size * size)
    near_zero = 3 * max(0.0, -math.log10(size)) if size else 0.0
    return int(30 + 2 * math.log10(1 + size) + tails + near_zero)


def parameter_guard_digits(params) -> int:
    """Extra digits for the cancellation a parameter far from 1 causes (α·expm1(z/α) at
    α = 1e300 cancels 300 digits): twice its number of decimal orders of magnitude."""
    sizes = [abs(value) for value in dict(params).values() if value]
    return int(2 * max((abs(math.log10(size)) for size in sizes), default=0.0))


def evaluate(slug: str, order: int, x: float, params=()) -> mpmath.mpf:
    """The ``order``-th derivative at the float ``x``, correct to DIGITS digits."""
    func = derivatives(slug, tuple(sorted(dict(params).items())))[order]
    digits = DIGITS + guard_digits(x) + parameter_guard_digits(params)
    for _ in range(3):
        with mpmath.workdps(digits):
            value = mpmath.mpf(func(mpmath.mpf(x)))
        with mpmath.workdps(digits + 30):
            check = mpmath.mpf(func(mpmath.mpf(x)))
        with mpmath.workdps(DIGITS):
            if abs(value - check) <= abs(check) * mpmath.mpf(10) ** (-DIGITS + 5):
                return check
        digits *= 2
    raise ArithmeticError(f"{slug} order {order} at z = {x!r}: the reference is unstable")


def limit(slug: str, order: int, sign: int, params=()) -> float:
    """The limit at ±∞ as a float, or nan when none exists (e.g. sin z): f at three points
    beyond 1e1000, far enough that even √z has left the float range."""
    func = derivatives(slug, tuple(sorted(dict(params).items())))[order]
    with mpmath.workdps(60):
        far = [to_float(mpmath.mpf(func(sign * mpmath.mpf(10) ** e))) for e in (1000, 1001)]
        far += [to_float(mpmath.mpf(func(sign * mpmath.mpf("1.37e1000"))))]
    return far[0] if far[0] == far[1] == far[2] else math.nan


def softmax(values, log: bool = False) -> list[mpmath.mpf]:
    """s_i, or log s_i, of the float vector ``values`` from exact differences z_i − max z."""
    with mpmath.workprec(PRECISION):
        zs = [mpmath.mpf(float(v)) for v in values]
        m = max(zs)
        e = [mpmath.exp(v - m) for v in zs]
        total = mpmath.fsum(e)
        return [(v - m) - mpmath.log(total) if log else x / total for v, x in zip(zs, e)]


def sigmoid(x: float) -> mpmath.mpf:
    """σ(x) at 2400 bits (the gate of GLU)."""
    with mpmath.workprec(PRECISION):
        return 1 / (1 + mpmath.exp(-mpmath.mpf(x)))


def to_float(value: mpmath.mpf, dtype=np.float64) -> float:
    """Round an mpmath number to the nearest ``dtype`` value (±inf beyond the largest)."""
    if mpmath.isnan(value):
        return math.nan
    if abs(value) >= _rounds_to_inf(np.dtype(dtype)):
        return math.copysign(math.inf, value)
    return float(dtype(float(value)))


@functools.cache
def _rounds_to_inf(dtype: np.dtype) -> mpmath.mpf:
    """The largest ``dtype`` value plus half a unit in its last place, exactly: from there
    on a number rounds to inf."""
    info = np.finfo(dtype)
    with mpmath.workdps(30):
        return mpmath.mpf(float(info.max)) * (1 + mpmath.mpf(2) ** -(info.nmant + 1))


def ulp(value: float, dtype=np.float64) -> float:
    """The spacing of ``dtype`` at ``value`` (the smallest subnormal near 0)."""
    info = np.finfo(dtype)
    size = min(abs(value), float(info.max))
    exponent = max(math.frexp(size)[1], int(info.minexp) + 1) if size else int(info.minexp) + 1
    return math.ldexp(1.0, exponent - 1 - int(info.nmant))


def ulp_error(got: float, want: mpmath.mpf, dtype=np.float64) -> float:
    """|got − want| in units of the last place of want's nearest ``dtype`` number; 0 for an
    inf or nan that is the right answer, inf for one that is wrong."""
    nearest = to_float(want, dtype)
    if math.isnan(got) or math.isinf(got) or math.isinf(nearest):
        return 0.0 if nearest == got or (math.isnan(got) and math.isnan(nearest)) else math.inf
    with mpmath.workdps(DIGITS):
        return float(abs(mpmath.mpf(got) - want) / ulp(nearest, dtype))
