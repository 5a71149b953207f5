"""Gated activations: the input times a smooth gate (GELU, SiLU, Mish, hard swish, ELiSH).

Every lower tail is a factor times an exponential, e^(-a) or e^(-z²/2); where
that exponential would be subnormal it is applied as two halves, so the
product is rounded once instead of carrying the exponential's lost digits.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy as sp

from activations import _stable as st
from activations._core import Definition, Param
from activations._symbolic import Phi, gelu_d2u, gelu_du, gelu_u, phi, sigma, softplus

_EXP_CAP = 800.0  # e^(-800) underflows to 0: larger exponential arguments change nothing
_SUBNORMAL_FROM = 700.0  # e^(-a) is subnormal beyond a ≈ 708


def _two_sum(a, b):
    """(s, e) with s = fl(a + b) and s + e = a + b exactly (Knuth)."""
    s = a + b
    b_virtual = s - a
    return s, (a - (s - b_virtual)) + (b - b_virtual)


def _double_double(value: mpmath.mpf) -> tuple[float, float]:
    """A constant as hi + lo, hi the nearest double and lo the nearest double to the rest."""
    hi = float(value)
    return hi, float(value - hi)


def _times_exp_neg(p, a_hi, a_lo):
    """p·e^(-a) for a = a_hi + a_lo ≥ 0 with |a_lo| ≤ ulp(a_hi), to first order in a_lo.

    Where e^(-a) is subnormal it enters as (p·e^(-a/2))·e^(-a/2), so the result
    is rounded once.
    """
    direct = p * (np.exp(-a_hi) * (1.0 - a_lo))
    half = np.exp(-0.5 * a_hi) * (1.0 - 0.5 * a_lo)
    return np.where(a_hi < _SUBNORMAL_FROM, direct, (p * half) * half)


def _inverse_power(hi, lo, n: int):
    """(hi + lo)^(-n) for |lo| ≤ ulp(hi), to first order in lo."""
    return hi ** float(-n) * (1.0 - n * lo / hi)


def _one_plus_power(w, n: int):
    """(1 + w)^(-n), with the rounding error of 1 + w put back."""
    return _inverse_power(*_two_sum(1.0, w), n)


def _derivative_series(series, order: int, guess: float, terms: int) -> tuple[float, np.ndarray]:
    """(r, c): r the double nearest the root of f's order-th derivative near ``guess``, c the
    Taylor coefficients of that derivative about r; ``series(center, n)`` gives f's first n
    Taylor coefficients (mpmath, 40 digits)."""
    with mpmath.workdps(40):
        order_factorial = mpmath.factorial(order)
        root = float(
            mpmath.findroot(lambda t: series(t, order + 1)[order] * order_factorial, guess)
        )
        f = series(mpmath.mpf(root), terms + order)
        c = [f[n + order] * mpmath.factorial(n + order) / mpmath.factorial(n) for n in range(terms)]
    return root, np.array([float(v) for v in c])


def _horner(coefficients: np.ndarray, d):
    """The polynomial with these coefficients (lowest first) at d."""
    total = np.zeros_like(d)
    for c in coefficients[::-1]:
        total = total * d + c
    return total


# --- GELU ---------------------------------------------------------------------------------
# Φ(-x) = φ(x)·R(x), with R the Mills ratio, smooth and of size 1/x: all of GELU's tails
# follow from R and an exact e^(-x²/2). R is summed from Taylor series about four centres
# (the first is the root of R(x) = x, where GELU' = φ(x)·(R(x) - x) changes sign) and from
# Laplace's continued fraction R(x) = 1/(x + 1/(x + 2/(x + 3/(x + ...)))) beyond 4.25.
_MILLS_TERMS = 30
_MILLS_EDGES = np.array([1.25, 2.25, 3.25])  # between consecutive centres
_MILLS_SERIES_END = 4.25
_MILLS_FRACTION_DEPTH = 40  # enough for 1e-17 at x = 4.25
_GAUSS_CAP = 40.0  # e^(-40²/2) underflows to 0
_PDF_SUBNORMAL_FROM = 37.0  # φ(x) is subnormal beyond x ≈ 37.5


def _mills(x: mpmath.mpf) -> mpmath.mpf:
    return mpmath.ncdf(-x) / mpmath.npdf(x)


def _mills_taylor(center: float) -> tuple[list[float], float, float]:
    """Taylor coefficients of R at ``center`` (R' = xR - 1 gives the recurrence), and the
    first two coefficients of R(x) - x."""
    with mpmath.workdps(60):
        c = mpmath.mpf(center)
        r0 = _mills(c)
        r = [r0, c * r0 - 1]
        for k in range(1, _MILLS_TERMS - 1):
            r.append((c * r[k] + r[k - 1]) / (k + 1))
        return [float(v) for v in r], float(r[0] - c), float(r[1] - 1)


with mpmath.workdps(60):
    _GELU_DF_ROOT = float(mpmath.findroot(lambda x: _mills(x) - x, 0.75))  # GELU'(-x) = 0
_MILLS_CENTERS = np.array([_GELU_DF_ROOT, 1.75, 2.75, 3.75])
_MILLS_TABLES = [_mills_taylor(c) for c in _MILLS_CENTERS]
_MILLS_COEFFICIENTS = np.array([t[0] for t in _MILLS_TABLES])
_MILLS_MINUS_X = np.array([t[1:] for t in _MILLS_TABLES])  # R(c) - c and R'(c) - 1


def _mills_ratio(x):
    """(R(x), R(x) - x) for 0 ≤ x ≤ 40, each to about 1 ULP.

    The Taylor series (x ≤ 4.25) and the continued fraction (beyond) are each evaluated
    only where they are used.
    """
    series = x <= _MILLS_SERIES_END
    ratio, minus_x = np.empty_like(x), np.empty_like(x)
    near = x[series]
    row = np.searchsorted(_MILLS_EDGES, near)
    d = near - _MILLS_CENTERS[row]  # exact for x within a factor 2 of c
    tail = np.zeros_like(near)
    for k in range(_MILLS_TERMS - 1, 1, -1):
        tail = tail * d + _MILLS_COEFFICIENTS[row, k]
    ratio[series] = _MILLS_COEFFICIENTS[row, 0] + d * (_MILLS_COEFFICIENTS[row, 1] + d * tail)
    minus_x[series] = _MILLS_MINUS_X[row, 0] + d * (_MILLS_MINUS_X[row, 1] + d * tail)
    far = x[~series]
    denominator = far.copy()
    for k in range(_MILLS_FRACTION_DEPTH, 0, -1):
        denominator = far + k / denominator
    fraction = 1.0 / denominator
    ratio[~series], minus_x[~series] = fraction, fraction - far
    return ratio, minus_x


def _times_pdf(x, factor):
    """factor·φ(x) for 0 ≤ x ≤ 40, with x² exact and a subnormal e^(-x²/2) split in halves."""
    product = factor * st.normal_pdf(x)
    subnormal = x >= _PDF_SUBNORMAL_FROM
    half = st.exp_neg_square(x[subnormal], 0.25)
    product[subnormal] = (factor[subnormal] * st.SQRT_2PI_INV * half) * half
    return product


def _gelu(z):
    """zΦ(z), with Φ(z) = φ(z)R(-z) below 0 and 1 - φ(z)R(z) above."""
    x = np.minimum(np.abs(z), _GAUSS_CAP)
    ratio, _ = _mills_ratio(x)
    return np.where(z < 0, _times_pdf(x, -x * ratio), z * (1.0 - _times_pdf(x, ratio)))


def _gelu_df(z):
    """Φ(z) + zφ(z) = φ(z)(R(|z|) - |z|) below 0 and 1 - φ(z)(R(z) - z) above: R(x) - x is
    summed about its root, so the sign change at z ≈ -0.7518 keeps full relative accuracy."""
    x = np.minimum(np.abs(z), _GAUSS_CAP)
    _, minus_x = _mills_ratio(x)
    scaled = _times_pdf(x, minus_x)
    return np.where(z < 0, scaled, 1.0 - scaled)


def _gelu_d2f(z):
    """φ(z)(2 - z²), with z² carried exactly through the roots at ±√2."""
    x = np.minimum(np.abs(z), _GAUSS_CAP)
    square, square_lo = st.two_product(x, x)
    return _times_pdf(x, (2.0 - square) - square_lo)


# --- GELU, tanh approximation -------------------------------------------------------------
# f = (z/2)(1 + tanh u) = z·σ(2u) with 2u = kz + mz³; a rounding error δ in 2u costs
# |2u|·δ in the lower tail, so 2u is carried as a double-double. Near the root of f'
# (z ≈ -0.752) and those of f'' (z ≈ ±1.4185) the closed forms cancel, and Taylor series
# about the roots (coefficients from mpmath at import) take over.
_GELU_CUBIC = sp.Rational(44715, 1_000_000)
_GELU_TANH_CAP = 100.0  # |2u| > 70000 there: the gate is exactly 0 or 1
_GELU_TANH_DF_WINDOW = (-1.45, -0.35)
_GELU_TANH_D2F_WINDOW = (0.95, 2.15)  # in |z|: f'' is even


def _gelu_tanh_series(center: mpmath.mpf, terms: int) -> list[mpmath.mpf]:
    """Taylor coefficients of z·σ(2u(z)) about ``center``, with 2u = kz + mz³ a cubic in d
    and σ' = σ - σ² giving each coefficient of σ(2u) from the earlier ones."""
    k = 2 * mpmath.sqrt(2 / mpmath.pi)
    m = k * mpmath.mpf(44715) / 10**6
    c = center
    inner = [k * c + m * c**3, k + 3 * m * c**2, 3 * m * c, m]  # 2u(c + d) in powers of d
    gate = [1 / (1 + mpmath.exp(-inner[0]))]
    slope = []  # σ'(2u) = σ - σ², in powers of d
    for n in range(terms - 1):
        slope.append(gate[n] - mpmath.fsum(gate[i] * gate[n - i] for i in range(n + 1)))
        chain = [slope[j] * (n + 1 - j) * inner[n + 1 - j] for j in range(max(0, n - 2), n + 1)]
        gate.append(mpmath.fsum(chain) / (n + 1))
    return [c * gate[0]] + [c * gate[n] + gate[n - 1] for n in range(1, terms)]


with mpmath.workdps(40):
    _K = 2 * mpmath.sqrt(2 / mpmath.pi)
    _K_HI, _K_LO = _double_double(_K)
    _M_HI, _M_LO = _double_double(_K * mpmath.mpf(44715) / 10**6)
    _M3_HI, _M3_LO = _double_double(3 * _K * mpmath.mpf(44715) / 10**6)
_GELU_TANH_DF_ROOT, _GELU_TANH_DF_SERIES = _derivative_series(_gelu_tanh_series, 1, -0.75, 30)
_GELU_TANH_D2F_ROOT, _GELU_TANH_D2F_SERIES = _derivative_series(_gelu_tanh_series, 2, 1.42, 34)


def _gelu_tanh_parts(z):
    """(x, a_hi, a_lo, w, slope): z capped at ±100, |2u| = a_hi + a_lo, w = e^(-|2u|) and
    (2u)' = k + 3mz² as a pair (hi, lo)."""
    x = np.clip(z, -_GELU_TANH_CAP, _GELU_TANH_CAP)
    square, square_lo = st.two_product(x, x)
    cube, cube_lo = st.two_product(square, x)
    cubic, cubic_lo = st.two_product(_M_HI, cube)
    linear, linear_lo = st.two_product(_K_HI, x)
    total, total_lo = _two_sum(linear, cubic)
    lo = total_lo + linear_lo + cubic_lo + _M_HI * (cube_lo + square_lo * x)
    lo = lo + _M_LO * cube + _K_LO * x
    hi = total + lo
    lo = lo - (hi - total)
    a_hi, a_lo = np.abs(hi), np.where(hi < 0, -lo, lo)
    quadratic, quadratic_lo = st.two_product(_M3_HI, square)
    slope, slope_lo = _two_sum(_K_HI, quadratic)
    slope_lo = slope_lo + quadratic_lo + _K_LO + _M3_LO * square + _M3_HI * square_lo
    return x, a_hi, a_lo, np.exp(-a_hi) * (1.0 - a_lo), (slope, slope_lo)


def _gelu_tanh(z):
    """z·σ(2u): z/(1 + w) above 0 and z·w/(1 + w) below."""
    x, a_hi, a_lo, w, _ = _gelu_tanh_parts(z)
    gate = _one_plus_power(w, 1)
    upper = np.where(z > _GELU_TANH_CAP, z, x) * gate
    return np.where(z < 0, _times_exp_neg(x * gate, a_hi, a_lo), upper)


def _gelu_tanh_df(z):
    """σ(2u) + z·σ'(2u)·(2u)', as w(1 + w + z(2u)')/(1 + w)² below 0."""
    x, a_hi, a_lo, w, (slope, slope_lo) = _gelu_tanh_parts(z)
    inverse_square = _one_plus_power(w, 2)
    one_plus_w, one_plus_w_lo = _two_sum(1.0, w)
    product, product_lo = st.two_product(x, slope)
    total, total_lo = _two_sum(one_plus_w, product)
    bracket = total + (total_lo + one_plus_w_lo + product_lo + x * slope_lo)
    lower = _times_exp_neg(bracket * inverse_square, a_hi, a_lo)
    upper = (1.0 + w + x * slope * w) * inverse_square
    low, high = _GELU_TANH_DF_WINDOW
    near = (x >= low) & (x <= high)
    series = _horner(_GELU_TANH_DF_SERIES, np.where(near, x - _GELU_TANH_DF_ROOT, 0.0))
    return np.where(near, series, np.where(z < 0, lower, upper))


def _gelu_tanh_d2f(z):
    """σ'(2u)·(2k + 12mz² - z·tanh(u)·((2u)')²), with 2k + 12mz² = 4(2u)' - 2k."""
    x, a_hi, a_lo, w, (slope, slope_lo) = _gelu_tanh_parts(z)
    size = np.abs(x)
    curvature = 4.0 * slope - 2.0 * _K_HI  # 2k + 12mz²
    square, square_lo = st.two_product(slope, slope)
    cubic, cubic_lo = st.two_product(size, square)  # |z|((2u)')²
    cubic_lo = cubic_lo + size * (square_lo + 2.0 * slope * slope_lo)
    tanh = np.tanh(0.5 * a_hi)
    bracket = (curvature - cubic * tanh) + (4.0 * slope_lo - 2.0 * _K_LO - cubic_lo * tanh)
    direct = _times_exp_neg(bracket * _one_plus_power(w, 2), a_hi, a_lo)
    low, high = _GELU_TANH_D2F_WINDOW
    near = (size >= low) & (size <= high)
    series = _horner(_GELU_TANH_D2F_SERIES, np.where(near, size - _GELU_TANH_D2F_ROOT, 0.0))
    return np.where(near, series, direct)


def _gelu_tanh_u(z):
    return sp.sqrt(2 / sp.pi) * (z + _GELU_CUBIC * z**3)


# --- SiLU / swish-β -----------------------------------------------------------------------
# With a = |βz| and w = e^(-a): σ(βz) = 1/(1 + w) or w/(1 + w), and every derivative is a
# polynomial in a and w over a power of 1 + w. βz is an exact product a_hi + a_lo; where a
# polynomial cancels near a root it is evaluated at a_hi, plus its derivative times a_lo.
def _silu_parts(z, beta):
    """(|z|, a_hi, a_lo, w): a = |βz| and w = e^(-a), with |z| capped where all has underflowed.

    β = m·2^e with m in [0.5, 1), so βz = m·(2^e·z) is split exactly by ``two_product``
    whatever the size of β.
    """
    size = np.minimum(np.abs(z), min(2.0 * _EXP_CAP / beta, 1e308))
    mantissa, exponent = math.frexp(beta)
    a_hi, a_lo = st.two_product(mantissa, np.ldexp(size, exponent))
    return size, a_hi, a_lo, np.exp(-a_hi) * (1.0 - a_lo)


def _at_infinities(z, value, below, above):
    """``value``, with the limits ``below`` at z = -inf and ``above`` at z = +inf.

    For β < 2·800/1e308 the cap of |z| in _silu_parts leaves βz small even at ±inf.
    """
    return np.where(z == -np.inf, below, np.where(z == np.inf, above, value))


def _silu(z, beta=1.0):
    size, a_hi, a_lo, w = _silu_parts(z, beta)
    gate = _one_plus_power(w, 1)
    value = np.where(z < 0, _times_exp_neg(-size * gate, a_hi, a_lo), z * gate)
    return _at_infinities(z, value, 0.0, np.inf)


def _silu_df(z, beta=1.0):
    """σ(βz)(1 + βz(1 - σ(βz))): (1 + w + aw)/(1 + w)² above 0, w(1 - a + w)/(1 + w)² below."""
    _, a_hi, a_lo, w = _silu_parts(z, beta)
    inverse_square = _one_plus_power(w, 2)
    w_hi = np.exp(-a_hi)
    bracket = ((1.0 - a_hi) + w_hi) - a_lo * (1.0 + w_hi)
    lower = _times_exp_neg(bracket * inverse_square, a_hi, a_lo)
    return _at_infinities(
        z, np.where(z < 0, lower, (1.0 + w + a_hi * w) * inverse_square), 0.0, 1.0
    )


def _silu_d2f(z, beta=1.0):
    """βσ'(βz)(2 - βz·tanh(βz/2)) = βw((2 - a) + w(2 + a))/(1 + w)³.

    β = s·(β/s) with s a power of two near √β, applied after e^(-a) has made the
    product small: β·a alone may overflow.
    """
    _, a_hi, a_lo, w = _silu_parts(z, beta)
    w_hi = np.exp(-a_hi)
    bracket = ((2.0 - a_hi) + w_hi * (2.0 + a_hi)) - a_lo * (1.0 + w_hi * (1.0 + a_hi))
    scale = math.ldexp(1.0, math.frexp(beta)[1] // 2)
    value = _times_exp_neg(beta / scale * bracket * _one_plus_power(w, 3), a_hi, a_lo) * scale
    return _at_infinities(z, value, 0.0, 0.0)


def _silu_df_form(z, p):
    s = sigma(p["beta"] * z)
    return s * (1 + p["beta"] * z * (1 - s))


def _silu_d2f_form(z, p):
    s = sigma(p["beta"] * z)
    return p["beta"] * s * (1 - s) * (2 + p["beta"] * z * (1 - 2 * s))


# --- Mish ---------------------------------------------------------------------------------
# With w = e^z below 0: tanh(softplus z) = w(w + 2)/D, D = w² + 2w + 2, and
#   f' = w(4(1 + z) + w(6 + 4z) + 4w² + w³)/D²,
#   f'' = 4w(2(z + 2) + w(2z + 8) + w²(6 - 3z) + w³(2 - 2z))/D³.
# With v = e^(-z) above 0: tanh(softplus z) = (1 + 2v)/E, E = 1 + 2v + 2v², and
#   f' = (1 + 4v + v²(6 + 4z) + v³(4 + 4z))/E²,
#   f'' = 4v²((2 - 2z) + v(6 - 3z) + v²(8 + 2z) + v³(4 + 2z))/E³.
def _mish_parts(z):
    """(n, w, p, v): z clipped to ≤ 0 and ≥ 0 (and saturated), with w = e^n and v = e^(-p)."""
    n = np.clip(z, -2.0 * _EXP_CAP, 0.0)
    p = np.clip(z, 0.0, 1e300)
    return n, np.exp(n), p, np.exp(-p)


def _mish_denominators(w, v, n: int):
    """(D^(-n), E^(-n)) with D = 2 + w(w + 2) and E = 1 + 2v(1 + v), rounding errors put back."""
    d = _inverse_power(*_two_sum(2.0, w * (w + 2.0)), n)
    e = _inverse_power(*_two_sum(1.0, 2.0 * v * (1.0 + v)), n)
    return d, e


def _mish(z):
    n, w, p, v = _mish_parts(z)
    d, e = _mish_denominators(w, v, 1)
    lower = _times_exp_neg(n * (w + 2.0) * d, -n, 0.0)
    return np.where(z < 0, lower, np.maximum(z, 0.0) * (1.0 + 2.0 * v) * e)


def _mish_df(z):
    n, w, p, v = _mish_parts(z)
    d, e = _mish_denominators(w, v, 2)
    lower = 4.0 * (1.0 + n) + w * (6.0 + 4.0 * n + w * (4.0 + w))
    upper = 1.0 + v * (4.0 + v * (6.0 + 4.0 * p + v * (4.0 + 4.0 * p)))
    return np.where(z < 0, _times_exp_neg(lower * d, -n, 0.0), upper * e)


def _mish_d2f(z):
    n, w, p, v = _mish_parts(z)
    d, e = _mish_denominators(w, v, 3)
    lower = 2.0 * (n + 2.0) + w * ((2.0 * n + 8.0) + w * ((6.0 - 3.0 * n) + w * (2.0 - 2.0 * n)))
    upper = (2.0 - 2.0 * p) + v * ((6.0 - 3.0 * p) + v * ((8.0 + 2.0 * p) + v * (4.0 + 2.0 * p)))
    return np.where(
        z < 0,
        _times_exp_neg(4.0 * lower * d, -n, 0.0),
        _times_exp_neg(4.0 * upper * e, 2.0 * p, 0.0),
    )


# --- hard swish ---------------------------------------------------------------------------
def _hard_swish(z):
    """z·relu6(z + 3)/6: 0 up to -3, z(z + 3)/6 between, z from 3 (z + 3 is exact near -3)."""
    inside = np.clip(z, -3.0, 3.0)
    return np.where(z <= -3.0, 0.0, np.where(z < 3.0, inside * (inside + 3.0) / 6.0, z))


def _hard_swish_df(z):
    """(2z + 3)/6 strictly inside (-3, 3), 0 below and 1 above; at the kinks the outer
    pieces, as PyTorch's autograd and JAX return: f'(-3) = 0 and f'(3) = 1."""
    inside = np.clip(z, -3.0, 3.0)
    return np.where(z <= -3.0, 0.0, np.where(z < 3.0, (2.0 * inside + 3.0) / 6.0, 1.0))


def _hard_swish_d2f(z):
    """1/3 strictly inside (-3, 3), 0 elsewhere (following f')."""
    return np.where((z > -3.0) & (z < 3.0), 1.0 / 3.0, 0.0)


# --- ELiSH --------------------------------------------------------------------------------
# Below 0, with w = e^z: f = (e^z - 1)σ(z), f' = w(w² + 2w - 1)/(1 + w)² and
# f'' = w(w³ + 3w² + 5w - 1)/(1 + w)³. Each polynomial is factored at its root r as
# (w - r)(...), with w - r = r·expm1(z - ln r) exact in relative terms through the root.
with mpmath.workdps(40):
    _DF_ROOT = mpmath.sqrt(2) - 1  # w² + 2w - 1 = (w - r)(w + 1 + √2)
    _D2F_ROOT = mpmath.findroot(lambda w: w**3 + 3 * w**2 + 5 * w - 1, 0.18)
    _ELISH_DF_ROOT = (float(_DF_ROOT), _double_double(mpmath.log(_DF_ROOT)))
    _ELISH_D2F_ROOT = (float(_D2F_ROOT), _double_double(mpmath.log(_D2F_ROOT)))
    _ELISH_D2F_ROOT_INV = float(1 / _D2F_ROOT)  # w³ + 3w² + 5w - 1 = (w - r)(w² + (3 + r)w + 1/r)
_SQRT2_PLUS_1 = 1.0 + math.sqrt(2.0)


def _exp_minus_root(n, root):
    """e^n - r as r·expm1(n - ln r), for ``root`` = (r, (ln r as hi, lo))."""
    r, (log_hi, log_lo) = root
    return r * np.expm1((n - log_hi) - log_lo)


def _elish_negative(z):
    """z clipped to [-1600, 0]: below 0 every term has saturated beyond that."""
    return np.clip(z, -2.0 * _EXP_CAP, 0.0)


def _elish(z):
    """(e^z - 1)σ(z) below 0 and zσ(z) from 0 on."""
    n = _elish_negative(z)
    w = np.exp(n)
    lower = _times_exp_neg(np.expm1(n) * _one_plus_power(w, 1), -n, 0.0)
    return np.where(z < 0, lower, _silu(z))


def _elish_df(z):
    """w(w - r)(w + 1 + √2)/(1 + w)² below 0 (r = √2 - 1), SiLU's f' from 0 on."""
    n = _elish_negative(z)
    w = np.exp(n)
    lower = _exp_minus_root(n, _ELISH_DF_ROOT) * (w + _SQRT2_PLUS_1) * _one_plus_power(w, 2)
    return np.where(z < 0, _times_exp_neg(lower, -n, 0.0), _silu_df(z))


def _elish_d2f(z):
    """w(w - r)(w² + (3 + r)w + 1/r)/(1 + w)³ below 0, SiLU's f'' from 0 on: f''(0) = 1/2,
    while the left limit is 1 (ELiSH is C¹ at 0)."""
    n = _elish_negative(z)
    w = np.exp(n)
    quadratic = w * (w + (3.0 + _ELISH_D2F_ROOT[0])) + _ELISH_D2F_ROOT_INV
    lower = _exp_minus_root(n, _ELISH_D2F_ROOT) * quadratic * _one_plus_power(w, 3)
    return np.where(z < 0, _times_exp_neg(lower, -n, 0.0), _silu_d2f(z))


DEFINITIONS = (
    Definition(
        slug="gelu",
        name="GELU",
        family="smooth",
        summary=(
            "zΦ(z): the input weighted by the standard normal CDF, a smooth ReLU that dips"
            " slightly below zero; common in transformers."
        ),
        f=_gelu,
        df=_gelu_df,
        d2f=_gelu_d2f,
        expr=lambda z, p: z * (1 + sp.erf(z / sp.sqrt(2))) / 2,
        display={
            "f": lambda z, p: z * Phi(z),
            "df": lambda z, p: Phi(z) + z * phi(z),
            "d2f": lambda z, p: (2 - z**2) * phi(z),
        },
        tags=("hidden-layer",),
    ),
    Definition(
        slug="gelu_tanh",
        name="GELU (tanh approximation)",
        family="smooth",
        summary=(
            "GELU with Φ(z) replaced by (1 + tanh(√(2/π)(z + 0.044715z³)))/2, the form used"
            " by the original BERT and GPT-2 code."
        ),
        f=_gelu_tanh,
        df=_gelu_tanh_df,
        d2f=_gelu_tanh_d2f,
        expr=lambda z, p: z / (1 + sp.exp(-2 * _gelu_tanh_u(z))),
        display={
            "f": lambda z, p: z / 2 * (1 + sp.tanh(gelu_u(z))),
            "df": lambda z, p: (
                (1 + sp.tanh(gelu_u(z))) / 2 + z / 2 * (1 - sp.tanh(gelu_u(z)) ** 2) * gelu_du(z)
            ),
            "d2f": lambda z, p: (
                (1 - sp.tanh(gelu_u(z)) ** 2)
                * (gelu_du(z) + z / 2 * gelu_d2u(z) - z * sp.tanh(gelu_u(z)) * gelu_du(z) ** 2)
            ),
        },
        tags=("hidden-layer",),
    ),
    Definition(
        slug="silu",
        name="SiLU / Swish",
        aliases=("swish",),
        family="smooth",
        summary=(
            "zσ(βz): the input gated by its own sigmoid; β = 1 is SiLU, and as β grows it"
            " approaches ReLU."
        ),
        f=_silu,
        df=_silu_df,
        d2f=_silu_d2f,
        params=(
            Param(
                "beta",
                1.0,
                0.0,
                low_open=True,
                symbol="beta",
                doc="sharpness of the gate (Swish-β); PyTorch, JAX and Keras fix β = 1",
                family=(0.5, 1.0, 2.0),
            ),
        ),
        expr=lambda z, p: z / (1 + sp.exp(-p["beta"] * z)),
        display={"df": _silu_df_form, "d2f": _silu_d2f_form},
        tags=("hidden-layer",),
    ),
    Definition(
        slug="mish",
        name="Mish",
        family="smooth",
        summary=(
            "z·tanh(softplus(z)): a smooth, non-monotonic self-gated rectifier, used in the"
            " YOLOv4 backbone."
        ),
        f=_mish,
        df=_mish_df,
        d2f=_mish_d2f,
        expr=lambda z, p: z * sp.tanh(sp.log(1 + sp.exp(z))),
        display={
            "df": lambda z, p: sp.tanh(softplus(z)) + z * sigma(z) * sp.sech(softplus(z)) ** 2,
            "d2f": lambda z, p: (
                sigma(z)
                * sp.sech(softplus(z)) ** 2
                * (2 + z * (1 - sigma(z)) - 2 * z * sigma(z) * sp.tanh(softplus(z)))
            ),
        },
        tags=("hidden-layer",),
    ),
    Definition(
        slug="hard_swish",
        name="Hard swish",
        aliases=("hard_silu",),
        family="smooth",
        summary=(
            "z·relu6(z + 3)/6: a piecewise-quadratic SiLU without exponentials, from MobileNetV3."
        ),
        f=_hard_swish,
        df=_hard_swish_df,
        d2f=_hard_swish_d2f,
        expr=lambda z, p: sp.Piecewise((0, z <= -3), (z * (z + 3) / 6, z < 3), (z, True)),
        display={
            "df": lambda z, p: sp.Piecewise(
                (0, z <= -3), (z / 3 + sp.Rational(1, 2), z < 3), (1, True)
            ),
            "d2f": lambda z, p: sp.Piecewise((0, z <= -3), (sp.Rational(1, 3), z < 3), (0, True)),
        },
        breakpoints=lambda: (-3.0, 3.0),
        tags=("hidden-layer",),
    ),
    Definition(
        slug="elish",
        name="ELiSH",
        family="smooth",
        summary=(
            "SiLU zσ(z) for z ≥ 0 and (e^z - 1)σ(z) below: an ELU gated by a sigmoid on the"
            " negative side."
        ),
        f=_elish,
        df=_elish_df,
        d2f=_elish_d2f,
        expr=lambda z, p: sp.Piecewise(
            ((sp.exp(z) - 1) / (1 + sp.exp(-z)), z < 0), (z / (1 + sp.exp(-z)), True)
        ),
        display={
            "df": lambda z, p: sp.Piecewise(
                (sigma(z) * (sp.exp(z) + (sp.exp(z) - 1) * (1 - sigma(z))), z < 0),
                (sigma(z) * (1 + z * (1 - sigma(z))), True),
            ),
            "d2f": lambda z, p: sp.Piecewise(
                (
                    sigma(z)
                    * (
                        sp.exp(z) * (1 + 2 * (1 - sigma(z)))
                        + (sp.exp(z) - 1) * (1 - sigma(z)) * (1 - 2 * sigma(z))
                    ),
                    z < 0,
                ),
                (sigma(z) * (1 - sigma(z)) * (2 + z * (1 - 2 * sigma(z))), True),
            ),
        },
        breakpoints=lambda: (0.0,),
    ),
)
