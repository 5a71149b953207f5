"""Smooth rectifiers: softplus, the exponential linear units and their algebraic cousins."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import sympy as sp

from activations import _stable as st
from activations._arrays import masked
from activations._core import Definition, Param
from activations._symbolic import sigma

SELU_ALPHA_TEXT = "1.6732632423543772848170429916717"
SELU_LAMBDA_TEXT = "1.0507009873554804934193349852946"
SELU_ALPHA = float(SELU_ALPHA_TEXT)
SELU_LAMBDA = float(SELU_LAMBDA_TEXT)
# λα rounded once from the exact decimals: the float product of the two is 1 ULP low.
SELU_LAMBDA_ALPHA = float(Fraction(SELU_LAMBDA_TEXT) * Fraction(SELU_ALPHA_TEXT))

_EXP_CAP = 800.0  # e^(-800) underflows to 0: larger exponential arguments change nothing
_HALF_SQRT3 = math.sqrt(3.0) / 2.0
_BIG = 1e10  # beyond x = 1e10, (1 + x²)^k = x^(2k)·(1 + k/x²) with k/x² below double precision


def _plus_square(m, x, k=1.0):
    """(s, c) with m + k·x² = s·(1 + c) to double-double accuracy, for m, k > 0.

    s is m + k·x² rounded and c its relative rounding error (the products from
    two_product, the sum from Fast2Sum), so a power s^n·(1 + n·c) loses only its own
    rounding. Needs k·x² well inside the float range (|x| <= 1e10·√(m/k) here).
    """
    p, e = st.two_product(x, x)
    q, f = st.two_product(p, np.full_like(p, k))
    s = m + q
    low = np.where(q > m, (q - s) + m, (m - s) + q) + (f + k * e)
    return s, low / s


# --- softplus -----------------------------------------------------------------------------
def _scaled(z, beta):
    """(x, e) with x + e = βz exactly: x rounded, e its rounding error; |βz| capped at 800.

    Beyond 800 every exponential of βz has saturated. An argument off by 1 ULP costs
    |βz| ULP after exp, so e re-enters as a first-order correction (0 when β = 1).
    """
    w = np.clip(z, -_EXP_CAP / beta, _EXP_CAP / beta)
    if not 1e-140 < beta < 1e140:  # outside two_product's range
        return beta * w, np.zeros_like(w)
    return st.two_product(w, np.full_like(w, beta))


def _softplus(z, beta):
    """log(1 + e^(βz))/β = max(z, 0) + log1p(e^(-β|z|))/β, exact for large |z|.

    PyTorch's softplus returns z itself once βz > 20 (its ``threshold``); this is the
    exact function, which differs from z by log1p(e^(-βz))/β there.
    """
    x, e = _scaled(z, beta)
    tail = np.exp(-np.abs(x)) * (1.0 - np.sign(x) * e)
    with np.errstate(over="ignore"):  # log1p(tail)/β beyond the largest float is inf, the answer
        return np.maximum(z, 0.0) + np.log1p(tail) / beta


def _softplus_df(z, beta):
    x, e = _scaled(z, beta)
    return st.sigmoid(x) + st.sigmoid_prime(x) * e


def _softplus_d2f(z, beta):
    """βσ'(βz), with σ''/σ' = -tanh(βz/2) for the rounding error of βz."""
    x, e = _scaled(z, beta)
    return beta * st.sigmoid_prime(x) * (1.0 - np.tanh(0.5 * x) * e)


def _softplus_from_output(y, beta):
    """1 - e^(-βy), as -expm1 so that small y keeps its digits; nan for y < 0, never an output."""
    inside = y >= 0
    x, e = _scaled(masked(y, inside), beta)
    return np.where(inside, -np.expm1(-x) + np.exp(-x) * e, np.nan)


# --- ELU ----------------------------------------------------------------------------------
def _elu(z, alpha):
    """z for z > 0, α(e^z - 1) for z <= 0 (the left branch at 0, as PyTorch)."""
    return np.where(z > 0, z, alpha * np.expm1(masked(z, z <= 0)))


def _elu_df(z, alpha):
    """1 for z > 0, αe^z for z <= 0: ELU'(0) = α, as PyTorch's autograd."""
    return np.where(z > 0, 1.0, alpha * np.exp(masked(z, z <= 0)))


def _elu_d2f(z, alpha):
    return np.where(z > 0, 0.0, alpha * np.exp(masked(z, z <= 0)))


def _elu_from_output(y, alpha):
    """1 for y > 0, y + α down to y = -α; nan below, where no input gives y."""
    return np.where(y > 0, 1.0, np.where(y >= -alpha, y + alpha, np.nan))


# --- SELU ---------------------------------------------------------------------------------
def _selu(z):
    """λz for z > 0, λα(e^z - 1) for z <= 0 (the left branch at 0, as PyTorch)."""
    with np.errstate(over="ignore"):  # λz beyond the largest float is inf, the right answer
        right = SELU_LAMBDA * z
    return np.where(z > 0, right, SELU_LAMBDA_ALPHA * np.expm1(masked(z, z <= 0)))


def _selu_df(z):
    """λ for z > 0, λαe^z for z <= 0: SELU'(0) = λα, as PyTorch's autograd."""
    return np.where(z > 0, SELU_LAMBDA, SELU_LAMBDA_ALPHA * np.exp(masked(z, z <= 0)))


def _selu_d2f(z):
    return np.where(z > 0, 0.0, SELU_LAMBDA_ALPHA * np.exp(masked(z, z <= 0)))


def _selu_from_output(y):
    """λ for y > 0, y + λα down to y = -λα; nan below, where no input gives y."""
    left = np.where(y >= -SELU_LAMBDA_ALPHA, y + SELU_LAMBDA_ALPHA, np.nan)
    return np.where(y > 0, SELU_LAMBDA, left)


# --- CELU ---------------------------------------------------------------------------------
def _celu_exponent(z, alpha):
    """(q, e) with q + e = z/α to double-double accuracy for z <= 0 (0 for z > 0).

    e^(z/α) from a rounded z/α would be off by |z/α| ULP; the rounding error e
    re-enters as e^(q + e) ≈ e^q·(1 + e). z is capped at -800α, below which
    e^(z/α) is 0 anyway.
    """
    x = np.maximum(masked(z, z <= 0), -_EXP_CAP * alpha)
    q = x / alpha
    if not 1e-150 < alpha < 1e150:  # outside two_product's range; e^q then ignores e
        return q, np.zeros_like(q)
    product, error = st.two_product(q, np.full_like(q, alpha))
    return q, ((x - product) - error) / alpha


def _celu(z, alpha):
    """max(0, z) + min(0, α(e^(z/α) - 1)); its slope is 1 on both sides of 0.

    Where |z/α| < 1e-200 (it may have underflowed), α(e^(z/α) - 1) = z to double precision.
    """
    q, e = _celu_exponent(z, alpha)
    left = np.where(np.abs(q) < 1e-200, z, alpha * (np.expm1(q) + np.exp(q) * e))
    return np.where(z > 0, z, left)


def _celu_df(z, alpha):
    q, e = _celu_exponent(z, alpha)
    return np.where(z > 0, 1.0, np.exp(q) * (1.0 + e))


def _celu_d2f(z, alpha):
    """e^(z/α)/α for z <= 0 (the left branch at 0), 0 for z > 0."""
    q, e = _celu_exponent(z, alpha)
    with np.errstate(over="ignore"):  # e^(z/α)/α beyond the largest float is inf, the answer
        return np.where(z > 0, 0.0, np.exp(q) * (1.0 + e) / alpha)


def _celu_from_output(y, alpha):
    """1 for y > 0, 1 + y/α down to y = -α; nan below, where no input gives y."""
    inside = (y <= 0) & (y >= -alpha)
    left = np.where(inside, masked(y, inside) / alpha + 1.0, np.nan)
    return np.where(y > 0, 1.0, left)


# --- squareplus ---------------------------------------------------------------------------
def _squareplus_parts(z, b):
    """(f(|z|), f(-|z|), r) with r = √(z² + b), through hypot so that z² never overflows.

    f(z)·f(-z) = b/4 gives the left branch without the cancelling z + √(z² + b).
    At b = 0 (ReLU) and z = 0, where f and r are 0, f(-|z|) is 0 and r is taken as ∞.
    """
    a = np.abs(z)
    root_b = math.sqrt(b)
    r = np.hypot(a, root_b)
    p = 0.5 * a + 0.5 * r
    half = 0.5 * root_b  # (b/4)/p as h·(h/p), h = √b/2: b/4 alone may underflow
    return p, half * (half / np.where(p > 0, p, np.inf)), np.where(r > 0, r, np.inf)


def _squareplus(z, b):
    """(z + √(z² + b))/2, as (b/4)/f(|z|) for z < 0."""
    right, left, _ = _squareplus_parts(z, b)
    return np.where(z >= 0, right, left)


def _squareplus_df(z, b):
    """f'(-|z|) = f(-|z|)/√(z² + b), and f'(z) = 1 - f'(-z): no 1 + z/√(z² + b) to cancel.

    The left branch holds at 0, so at b = 0 the slope there is 0, as ReLU's.
    """
    _, left, root = _squareplus_parts(z, b)
    slope_left = left / root
    return np.where(z <= 0, slope_left, 1.0 - slope_left)


def _squareplus_d2f(z, b):
    """b/(2(z² + b)^(3/2)), with z² + b carried exactly; b/(2|z|³) beyond |z| = 1e10·√b.

    (b/s)/√s for s = z² + b: neither b/s ≤ 1 nor 1/√s ≤ 1/√b leaves the float range.
    """
    if b == 0:  # ReLU
        return np.zeros_like(z)
    a = np.abs(z)
    big = a > _BIG * math.sqrt(b)
    s, c = _plus_square(b, masked(a, ~big))
    tail = np.power(masked(a, big, 1.0), -3.0)
    return 0.5 * np.where(big, b * tail, (b / s) / np.sqrt(s) * (1.0 - 1.5 * c))


def _squareplus_from_output(y, b):
    """4y²/(4y² + b); nan for y < 0, never an output.

    Above y = √b/2 = f(0) as 1 - u/(y + u) with u = b/(4y), so y² cannot overflow.
    """
    c = 0.25 * b
    high = y > math.sqrt(c)
    upper = masked(y, high, 1.0)
    u = c / upper
    lower = masked(y, ~high & (y >= 0))
    square = lower * lower
    denominator = square + c
    low = square / np.where(denominator > 0, denominator, 1.0)  # 0 at y = 0 when b = 0
    return np.where(high, 1.0 - u / (upper + u), np.where(y >= 0, low, np.nan))


# --- sparse plus --------------------------------------------------------------------------
def _sparse_plus(z):
    """0 for z <= -1, (z + 1)²/4 for -1 < z < 1, z for z >= 1 (as jax.nn.sparse_plus)."""
    s = np.clip(z, -1.0, 1.0) + 1.0
    return np.where(z >= 1, z, 0.25 * s * s)


def _sparse_plus_df(z):
    """The sparse sigmoid clip((z + 1)/2, 0, 1), continuous at ±1."""
    return 0.5 * np.clip(z + 1.0, 0.0, 2.0)


def _sparse_plus_d2f(z):
    """1/2 strictly inside (-1, 1), 0 elsewhere (the outer branches hold at ±1)."""
    return np.where((z > -1.0) & (z < 1.0), 0.5, 0.0)


def _sparse_plus_from_output(y):
    """√y below 1, 1 above: (z + 1)/2 = √y on the quadratic piece; nan for y < 0."""
    inside = y >= 0
    return np.where(inside, np.sqrt(np.minimum(masked(y, inside), 1.0)), np.nan)


# --- ISRLU --------------------------------------------------------------------------------
def _isrlu_terms(z, alpha):
    """(big, a, u, far, s, c) for z < 0, in u = √α·|z|, split at u = 1e10 (``big`` beyond).

    a = |z| and u below the split (0 elsewhere), with 1 + αz² = 1 + u² = s·(1 + c) (see
    _plus_square); far = u beyond it (1 elsewhere), where 1 + u² = u² to double precision.
    Written in u, so that no α, however large or small, makes αz² overflow or underflow.
    Zero-filled for z >= 0.
    """
    a = np.abs(masked(z, z < 0))
    with np.errstate(over="ignore"):  # √α·|z| beyond the largest float is inf: the limit
        u = math.sqrt(alpha) * a
    big = u > _BIG
    near = masked(u, ~big)
    s, c = _plus_square(1.0, near)
    return big, masked(a, ~big), near, masked(u, big, 1.0), s, c


def _isrlu(z, alpha):
    """z for z >= 0, z/√(1 + αz²) for z < 0."""
    big, a, _, _, s, c = _isrlu_terms(z, alpha)
    left = np.where(big, -1.0 / math.sqrt(alpha), -a / np.sqrt(s) * (1.0 - 0.5 * c))
    return np.where(z < 0, left, z)


def _isrlu_df(z, alpha):
    """(1 + αz²)^(-3/2) for z < 0, 1 for z >= 0: both sides give 1 at 0."""
    big, _, _, far, s, c = _isrlu_terms(z, alpha)
    tail = np.power(far, -3.0)
    return np.where(z < 0, np.where(big, tail, np.power(s, -1.5) * (1.0 - 1.5 * c)), 1.0)


def _isrlu_d2f(z, alpha):
    """-3αz(1 + αz²)^(-5/2) = 3√α·u·(1 + u²)^(-5/2) for z < 0, 0 for z >= 0: continuous at 0."""
    big, _, u, far, s, c = _isrlu_terms(z, alpha)
    root = math.sqrt(alpha)
    tail = 3.0 * root * np.power(far, -4.0)
    inner = 3.0 * root * u * np.power(s, -2.5) * (1.0 - 2.5 * c)
    return np.where(z < 0, np.where(big, tail, inner), 0.0)


def _isrlu_from_output(y, alpha):
    """(1 - αy²)^(3/2) for y < 0, 1 for y >= 0; nan below -1/√α, where no input gives y.

    A y rounded a few ULP past -1/√α still counts as the limit, with slope 0.
    """
    inside = (y < 0) & (y >= -(1.0 + 1e-15) / math.sqrt(alpha))
    x = masked(y, inside)
    s = np.maximum(1.0 - alpha * x * x, 0.0)
    return np.where(y >= 0, 1.0, np.where(inside, s * np.sqrt(s), np.nan))


# --- bent identity ------------------------------------------------------------------------
def _bent_parts(a):
    """(r, d) = (√(a² + 1), √(a² + 1) - 1) for finite a >= 0, with d = a·(a/(r + 1)).

    d is written without the cancelling subtraction and without a² overflowing.
    """
    r = np.hypot(a, 1.0)
    return r, a * (a / (r + 1.0))


def _bent_identity(z):
    """z + (√(z² + 1) - 1)/2.

    For z < 0 as -(|z| + (|z| + d)/(r + |z|))/2 (r = √(z² + 1), d = r - 1): a sum of
    like signs in place of z + d/2, which cancels half of z's digits for z ≪ 0.
    """
    finite = np.isfinite(z)
    x = masked(z, finite)
    a = np.abs(x)
    _, d = _bent_parts(a)
    with np.errstate(over="ignore"):  # f(z) ≈ 1.5z exceeds the largest float: inf is right
        right = x + 0.5 * d
    capped = np.minimum(a, 1e300)  # the ratio below is 1 to double precision from here on
    r_c, d_c = _bent_parts(capped)
    ratio = (capped + d_c) / (r_c + capped)
    left = -0.5 * (a + ratio)
    return np.where(finite, np.where(z >= 0, right, left), z)


def _bent_identity_gap(z):
    """g = 1/(2r(r + |z|)) with r = √(z² + 1): how far f' is from 1/2 (z < 0) or 3/2 (z >= 0)."""
    a = np.abs(z)
    r = np.hypot(a, 1.0)
    return 0.25 / r / (0.5 * r + 0.5 * a)


def _bent_identity_df(z):
    """1 + z/(2√(z² + 1)) as 1/2 + g for z < 0 and 3/2 - g for z >= 0: nothing cancels."""
    gap = _bent_identity_gap(z)
    return np.where(z < 0, 0.5 + gap, 1.5 - gap)


def _bent_identity_d2f(z):
    """1/(2(z² + 1)^(3/2)); 1/(2|z|³) beyond |z| = 1e10."""
    a = np.abs(z)
    big = a > _BIG
    s, c = _plus_square(1.0, masked(a, ~big))
    tail = 0.5 * np.power(masked(a, big, 1.0), -3.0)
    return np.where(big, tail, 0.5 * np.power(s, -1.5) * (1.0 - 1.5 * c))


def _bent_identity_from_output(y):
    """3√(y² + y + 1)/(4√(y² + y + 1) - 2y - 1), from solving y = f(z) for z.

    Evaluated as 3/(4 - 2w/√(w² + 3/4)) with w = y + 1/2, so y² cannot overflow.
    """
    finite = np.isfinite(y)
    w = masked(y, finite) + 0.5
    q = np.where(finite, w / np.hypot(w, _HALF_SQRT3), np.sign(y))
    return 3.0 / (4.0 - 2.0 * q)


# --- symbolic forms -----------------------------------------------------------------------
def _bent_root(y):
    return sp.sqrt(y**2 + y + 1)


DEFINITIONS = (
    Definition(
        slug="softplus",
        name="Softplus",
        family="smooth",
        summary=(
            "log(1 + e^(βz))/β: a smooth ReLU, always positive, whose slope is the sigmoid σ(βz)."
        ),
        f=_softplus,
        df=_softplus_df,
        d2f=_softplus_d2f,
        params=(
            Param(
                "beta",
                1.0,
                0.0,
                low_open=True,
                symbol="beta",
                doc="sharpness of the corner: large β approaches ReLU",
                family=(0.5, 1.0, 3.0),
            ),
        ),
        expr=lambda z, p: sp.Piecewise(
            (sp.log(1 + sp.exp(p["beta"] * z)) / p["beta"], z <= 0),
            (z + sp.log(1 + sp.exp(-p["beta"] * z)) / p["beta"], True),
        ),
        display={
            "f": lambda z, p: sp.log(1 + sp.exp(p["beta"] * z)) / p["beta"],
            "df": lambda z, p: sigma(p["beta"] * z),
            "d2f": lambda z, p: p["beta"] * sigma(p["beta"] * z) * (1 - sigma(p["beta"] * z)),
            "output": lambda y, p: 1 - sp.exp(-p["beta"] * y),
        },
        df_from_output=_softplus_from_output,
        tags=("hidden-layer", "output-layer"),
    ),
    Definition(
        slug="elu",
        name="ELU",
        family="smooth",
        summary=(
            "Exponential linear unit: the identity for z > 0 and α(e^z - 1) below; its negative "
            "values, saturating at -α, push mean activations toward 0."
        ),
        f=_elu,
        df=_elu_df,
        d2f=_elu_d2f,
        params=(
            Param(
                "alpha",
                1.0,
                0.0,
                symbol="alpha",
                doc="the negative saturation value -α",
                family=(0.5, 1.0, 2.0),
            ),
        ),
        expr=lambda z, p: sp.Piecewise((p["alpha"] * (sp.exp(z) - 1), z <= 0), (z, True)),
        display={
            "df": lambda z, p: sp.Piecewise((p["alpha"] * sp.exp(z), z <= 0), (1, True)),
            "d2f": lambda z, p: sp.Piecewise((p["alpha"] * sp.exp(z), z <= 0), (0, True)),
            "output": lambda y, p: sp.Piecewise((y + p["alpha"], y <= 0), (1, True)),
        },
        df_from_output=_elu_from_output,
        breakpoints=lambda alpha: (0.0,),
        tags=("hidden-layer",),
    ),
    Definition(
        slug="selu",
        name="SELU",
        family="smooth",
        summary=(
            "Scaled ELU, λ·ELU_α(z), with λ and α fixed so that the activations of a suitably "
            "initialised deep network are driven toward zero mean and unit variance."
        ),
        f=_selu,
        df=_selu_df,
        d2f=_selu_d2f,
        constants=(
            ("lambda", SELU_LAMBDA_TEXT, "the scale λ"),
            ("alpha", SELU_ALPHA_TEXT, "the negative saturation α (f tends to -λα)"),
        ),
        expr=lambda z, p: sp.Piecewise(
            (p["lambda"] * p["alpha"] * (sp.exp(z) - 1), z <= 0), (p["lambda"] * z, True)
        ),
        display={
            "df": lambda z, p: sp.Piecewise(
                (p["lambda"] * p["alpha"] * sp.exp(z), z <= 0), (p["lambda"], True)
            ),
            "d2f": lambda z, p: sp.Piecewise(
                (p["lambda"] * p["alpha"] * sp.exp(z), z <= 0), (0, True)
            ),
            "output": lambda y, p: sp.Piecewise(
                (y + p["lambda"] * p["alpha"], y <= 0), (p["lambda"], True)
            ),
        },
        df_from_output=_selu_from_output,
        breakpoints=lambda: (0.0,),
        tags=("hidden-layer",),
    ),
    Definition(
        slug="celu",
        name="CELU",
        family="smooth",
        summary=(
            "Continuously differentiable ELU, max(0, z) + min(0, α(e^(z/α) - 1)): its slope is 1 "
            "on both sides of 0 for every α."
        ),
        f=_celu,
        df=_celu_df,
        d2f=_celu_d2f,
        params=(
            Param(
                "alpha",
                1.0,
                0.0,
                low_open=True,
                symbol="alpha",
                doc="the negative saturation value -α",
                family=(0.5, 1.0, 2.0),
            ),
        ),
        expr=lambda z, p: sp.Piecewise(
            (p["alpha"] * (sp.exp(z / p["alpha"]) - 1), z <= 0), (z, True)
        ),
        display={
            "df": lambda z, p: sp.Piecewise((sp.exp(z / p["alpha"]), z <= 0), (1, True)),
            "d2f": lambda z, p: sp.Piecewise(
                (sp.exp(z / p["alpha"]) / p["alpha"], z <= 0), (0, True)
            ),
            "output": lambda y, p: sp.Piecewise((y / p["alpha"] + 1, y <= 0), (1, True)),
        },
        df_from_output=_celu_from_output,
        breakpoints=lambda alpha: (0.0,),
        tags=("hidden-layer",),
    ),
    Definition(
        slug="squareplus",
        name="Squareplus",
        family="smooth",
        summary=(
            "(z + √(z² + b))/2: a softplus-like rectifier from a square root alone, with no "
            "exponential or logarithm; b = 0 gives ReLU."
        ),
        f=_squareplus,
        df=_squareplus_df,
        d2f=_squareplus_d2f,
        params=(
            Param(
                "b",
                4.0,
                0.0,
                symbol="b",
                doc="curvature of the corner: f(0) = √b/2, and b = 0 is ReLU",
                family=(0.0, 1.0, 4.0),
            ),
        ),
        expr=lambda z, p: sp.Mul(sp.Rational(1, 2), z + sp.sqrt(z**2 + p["b"]), evaluate=False),
        display={
            "df": lambda z, p: (1 + z / sp.sqrt(z**2 + p["b"])) / 2,
            "d2f": lambda z, p: p["b"] / (2 * (z**2 + p["b"]) ** sp.Rational(3, 2)),
            "output": lambda y, p: 4 * y**2 / (4 * y**2 + p["b"]),
        },
        df_from_output=_squareplus_from_output,
        breakpoints=lambda b: (0.0,) if b == 0 else (),
        tags=("hidden-layer",),
    ),
    Definition(
        slug="sparse_plus",
        name="Sparse plus",
        family="smooth",
        summary=(
            "0 below -1, (z + 1)²/4 between -1 and 1, z above: a rectifier with a quadratic "
            "corner whose slope is the sparse sigmoid."
        ),
        f=_sparse_plus,
        df=_sparse_plus_df,
        d2f=_sparse_plus_d2f,
        expr=lambda z, p: sp.Piecewise((0, z <= -1), ((z + 1) ** 2 / 4, z < 1), (z, True)),
        display={
            "df": lambda z, p: sp.Piecewise(
                (0, z <= -1), (sp.Mul(sp.Rational(1, 2), z + 1, evaluate=False), z < 1), (1, True)
            ),
            "d2f": lambda z, p: sp.Piecewise((0, z <= -1), (sp.Rational(1, 2), z < 1), (0, True)),
            "output": lambda y, p: sp.Piecewise((sp.sqrt(y), y < 1), (1, True)),
        },
        df_from_output=_sparse_plus_from_output,
        breakpoints=lambda: (-1.0, 1.0),
    ),
    Definition(
        slug="isrlu",
        name="ISRLU",
        family="smooth",
        summary=(
            "Inverse square root linear unit: the identity for z ≥ 0 and z/√(1 + αz²) below, an "
            "ELU-like curve saturating at -1/√α without an exponential."
        ),
        f=_isrlu,
        df=_isrlu_df,
        d2f=_isrlu_d2f,
        params=(
            Param(
                "alpha",
                1.0,
                0.0,
                low_open=True,
                symbol="alpha",
                doc="sets the negative saturation value -1/√α",
                family=(0.5, 1.0, 3.0),
            ),
        ),
        expr=lambda z, p: sp.Piecewise((z / sp.sqrt(1 + p["alpha"] * z**2), z < 0), (z, True)),
        display={
            "df": lambda z, p: sp.Piecewise(
                ((1 / sp.sqrt(1 + p["alpha"] * z**2)) ** 3, z < 0), (1, True)
            ),
            "d2f": lambda z, p: sp.Piecewise(
                (-3 * p["alpha"] * z * (1 / sp.sqrt(1 + p["alpha"] * z**2)) ** 5, z < 0),
                (0, True),
            ),
            "output": lambda y, p: sp.Piecewise(
                ((1 - p["alpha"] * y**2) ** sp.Rational(3, 2), y < 0), (1, True)
            ),
        },
        df_from_output=_isrlu_from_output,
        breakpoints=lambda alpha: (0.0,),
        tags=("hidden-layer",),
    ),
    Definition(
        slug="bent_identity",
        name="Bent identity",
        family="smooth",
        summary=(
            "(√(z² + 1) - 1)/2 + z: a smooth, unbounded curve whose slope rises from 1/2 to 3/2 "
            "and is never 0."
        ),
        f=_bent_identity,
        df=_bent_identity_df,
        d2f=_bent_identity_d2f,
        expr=lambda z, p: sp.Mul(sp.Rational(1, 2), sp.sqrt(z**2 + 1) - 1, evaluate=False) + z,
        display={
            "df": lambda z, p: z / (2 * sp.sqrt(z**2 + 1)) + 1,
            "d2f": lambda z, p: 1 / (2 * (z**2 + 1) ** sp.Rational(3, 2)),
            "output": lambda y, p: 3 * _bent_root(y) / (4 * _bent_root(y) - 2 * y - 1),
        },
        df_from_output=_bent_identity_from_output,
    ),
)
