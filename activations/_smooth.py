"""Smooth rectifiers and gated activations: softplus, the exponential linear units, the
input times a smooth gate (GELU, SiLU, Mish, hard swish, ELiSH) and algebraic cousins.

In the gated functions every lower tail is a factor times an exponential, e^(-a) or
e^(-z²/2); where that exponential would be subnormal it is applied as two halves, so the
product is rounded once instead of carrying the exponential's lost digits.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import mpmath
import numpy as np
import scipy  # scipy.special is imported when a kernel first uses it

from activations import _papers as papers
from activations import _stable as st
from activations import _symbolic as sym
from activations._arrays import masked
from activations._definition import Definition, Naive, Param, StabilityCase, Variant
from activations._sympy import sp
from activations._types import FrameworkName, Reference, Use

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


# --- xIELU -------------------------------------------------------------------------------
# α_p z² + βz for z > 0 and α_n(expm1(min(z, ε)) - z) + βz for z <= 0, as transformers'
# XIELUActivation: between ε and 0 the exponential is frozen at ε, so f is linear there.
_EXPM1_MINUS_X_TERMS = 20  # 1/20! < 1e-18: the series is exact to double precision for |x| <= 1


def _expm1_minus_x(x):
    """e^x - 1 - x for -1 <= x <= 1, summed as x²/2·(1 + x/3·(1 + x/4·(...))): the closed
    form cancels all but the x² term near 0."""
    total = np.ones_like(x)
    for k in range(_EXPM1_MINUS_X_TERMS, 2, -1):
        total = 1.0 + total * x / k
    return total * x * x / 2.0


@functools.cache
def _xielu_root(alpha_n: float, beta: float, eps: float):
    """The root r < min(ε, 0) of α_n(e^z - 1 - z) + βz, where the two terms cancel, with
    f'(r) and f''(r) = α_n e^r: (r_hi, r_lo, f'(r), f''(r)), or None when there is none
    (f is convex left of ε and negative just below 0, so there is one exactly when
    0 < β < α_n)."""
    if not 0.0 < beta < alpha_n:
        return None
    with mpmath.workdps(40):
        a, b = mpmath.mpf(alpha_n), mpmath.mpf(beta)
        # f > 0 below -α_n/(α_n - β) (f ≥ -α_n + (β - α_n)z), f < 0 at -β/α_n (e^z-1-z ≤ z²/2)
        bracket = (-a / (a - b) - 1, -b / a)
        root = mpmath.findroot(lambda x: a * (mpmath.expm1(x) - x) + b * x, bracket,
                               solver="anderson")  # fmt: skip
        if root >= min(eps, 0.0):
            return None
        return (*_double_double(root), float(a * mpmath.expm1(root) + b),
                float(a * mpmath.exp(root)))  # fmt: skip


def _xielu(z, alpha_p, alpha_n, beta, eps):
    """(α_p z + β)z above 0; below, α_n(e^m - 1 - m + (m - z)) + βz with m = min(z, ε) near 0
    and α_n expm1(z) + (β - α_n)z below -1. Left of ε, where the left branch has a root r,
    also f'(r)·d + f''(r)(e^d - 1 - d) with d = z - r, which is exact there too: of the two,
    the one whose terms are smaller, so cancel least (about r, where the first cancels)."""
    m = np.minimum(z, eps)
    near = m >= -1.0
    shifted = masked(m, near)
    with np.errstate(over="ignore", invalid="ignore"):  # the far tail may overflow to inf
        near_exp = alpha_n * (_expm1_minus_x(shifted) + (shifted - masked(z, near)))
        near_linear = beta * z
        far_exp, far_linear = alpha_n * np.expm1(z), (beta - alpha_n) * z
        right = (alpha_p * z + beta) * z
        left = np.where(near, near_exp + near_linear, far_exp + far_linear)
    root = _xielu_root(alpha_n, beta, eps)
    if root is not None:
        root_hi, root_lo, slope, curvature = root
        d = (z - root_hi) - root_lo
        unit = np.abs(d) <= 1.0
        with np.errstate(over="ignore", invalid="ignore"):  # far from r: not taken
            terms = np.where(near, np.abs(near_exp) + np.abs(near_linear),
                             np.abs(far_exp) + np.abs(far_linear))  # fmt: skip
            bend = np.where(unit, _expm1_minus_x(masked(d, unit)), np.expm1(d) - d)
            linear, curved = slope * d, curvature * bend
            about_root = (z <= eps) & (np.abs(linear) + np.abs(curved) < terms)
        left = np.where(about_root, linear + curved, left)
    left = np.where(z == -np.inf, np.inf if beta < alpha_n else -alpha_n, left)
    return np.where(z > 0, right, left)


@functools.cache
def _xielu_df_root(alpha_n: float, beta: float) -> tuple[float, float]:
    """log(1 - β/α_n), where α_n(e^z - 1) + β = 0, as a double-double (hi, lo)."""
    with mpmath.workdps(40):
        return _double_double(mpmath.log(1 - mpmath.mpf(beta) / mpmath.mpf(alpha_n)))


def _xielu_df(z, alpha_p, alpha_n, beta, eps):
    """2α_p z + β above 0, β - α_n on (ε, 0], and below ε α_n(e^z - 1) + β written as
    (α_n - β)·expm1(z - r) about its root r, so that f' keeps its digits where it changes sign
    (α_n e^z when α_n = β, where there is no root)."""
    with np.errstate(over="ignore"):  # 2α_p z beyond the largest float is inf, the answer
        right = 2.0 * (alpha_p * z) + beta
    x = np.minimum(z, eps)
    if alpha_n > beta:
        root_hi, root_lo = _xielu_df_root(alpha_n, beta)
        below = (alpha_n - beta) * np.expm1((x - root_hi) - root_lo)
    else:
        below = alpha_n * np.exp(x)
    return np.where(z > 0, right, np.where(z > eps, beta - alpha_n, below))


def _xielu_d2f(z, alpha_p, alpha_n, beta, eps):
    """2α_p above 0, 0 on (ε, 0], α_n e^z below ε."""
    left = np.where(z > eps, 0.0, alpha_n * np.exp(np.minimum(z, eps)))
    return np.where(z > 0, 2.0 * alpha_p, left)


def _xielu_breakpoints(alpha_p, alpha_n, beta, eps):
    return (eps, 0.0) if eps < 0 else (0.0,)


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


# --- gated: the input times a smooth gate ----------------------------------------------
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


def _times_exp_neg(p, a_hi, a_lo, w=None):
    """p·e^(-a) for a = a_hi + a_lo ≥ 0 with |a_lo| ≤ ulp(a_hi), to first order in a_lo
    (``w``: e^(-a_hi)·(1 - a_lo), when the caller has it).

    Where e^(-a) is subnormal it enters as (p·e^(-a/2))·e^(-a/2), so the result
    is rounded once.
    """
    value = p * (np.exp(-a_hi) * (1.0 - a_lo) if w is None else w)
    far = ~(a_hi < _SUBNORMAL_FROM)
    if far.any():
        lo = a_lo[far] if np.ndim(a_lo) else a_lo
        half = np.exp(-0.5 * a_hi[far]) * (1.0 - 0.5 * lo)
        value[far] = (p[far] * half) * half
    return value


def _inverse_power(hi, lo, n: int):
    """(hi + lo)^(-n) for |lo| ≤ ulp(hi), to first order in lo."""
    return hi ** float(-n) * (1.0 - n * lo / hi)


def _one_plus_power(w, n: int):
    """(1 + w)^(-n), with the rounding error of 1 + w put back."""
    hi, lo = _two_sum(1.0, w)
    return _inverse_power(hi, lo, n)


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


# --- square root of softplus -------------------------------------------------------------
# f = √softplus(z). Below z = -30 softplus is e^z·(log1p(w)/w) with w = e^z, so f is
# e^(z/2)·r with r = √(log1p(w)/w): e^(z/2) stays a normal float down to z = -1416, long
# after softplus itself has underflowed. f'' = f'·B/(2f²) with B = 2σ(-z)·softplus(z) - σ(z)
# changes sign near z = 0.92, where B cancels; a Taylor series about that root takes over.
_SQRT_SOFTPLUS_TAIL = -30.0
_SQRT_SOFTPLUS_WINDOW = 0.9  # the series' radius of convergence is |0.92 - iπ| ≈ 3.3


def _sqrt_softplus_series(center: mpmath.mpf, terms: int) -> list[mpmath.mpf]:
    """Taylor coefficients of √log(1 + e^z) about ``center``: σ from σ' = σ - σ², then
    softplus' = σ, then the square root from f² = softplus."""
    gate = [1 / (1 + mpmath.exp(-center))]
    for n in range(terms):
        gate.append((gate[n] - mpmath.fsum(gate[i] * gate[n - i] for i in range(n + 1))) / (n + 1))
    soft = [mpmath.log1p(mpmath.exp(center))] + [gate[n] / (n + 1) for n in range(terms - 1)]
    root = [mpmath.sqrt(soft[0])]
    for n in range(1, terms):
        cross = mpmath.fsum(root[i] * root[n - i] for i in range(1, n))
        root.append((soft[n] - cross) / (2 * root[0]))
    return root


_SQRT_SOFTPLUS_D2F_ROOT, _SQRT_SOFTPLUS_D2F_SERIES = _derivative_series(
    _sqrt_softplus_series, 2, 0.92, 34
)


def _sqrt_softplus_tail(z):
    """(tail, x, h, w, r): the mask z < -30, z there (0 elsewhere), e^(x/2), e^x and
    r = √(log1p(w)/w) (1 where w has underflowed)."""
    tail = z < _SQRT_SOFTPLUS_TAIL
    x = masked(z, tail)
    w = np.exp(x)
    ratio = np.log1p(w) / np.where(w > 0, w, 1.0)
    return tail, x, np.exp(0.5 * x), w, np.sqrt(np.where(w > 0, ratio, 1.0))


def _sqrt_softplus(z):
    tail, _, half, _, r = _sqrt_softplus_tail(z)
    return np.where(tail, half * r, np.sqrt(_softplus(z, 1.0)))


def _sqrt_softplus_df(z):
    """σ(z)/(2f); below -30, e^(z/2)/(2(1 + w)r)."""
    tail, _, half, w, r = _sqrt_softplus_tail(z)
    with np.errstate(invalid="ignore"):  # σ/(2f) is 1/∞ at z = +∞, handled by the limit
        direct = st.sigmoid(z) / (2.0 * np.sqrt(_softplus(z, 1.0)))
    direct = np.where(z == np.inf, 0.0, direct)
    return np.where(tail, half / (2.0 * (1.0 + w) * r), direct)


def _sqrt_softplus_d2f(z):
    """f'·B/(2f²) = ((f'/f)·B)/(2f), so that f³ never overflows; below -30
    e^(z/2)(2r² - 1)/(4(1 + w)²r³); near the root of B, its Taylor series."""
    tail, _, half, w, r = _sqrt_softplus_tail(z)
    soft = _softplus(z, 1.0)
    root = np.sqrt(soft)
    gate = st.sigmoid(z)
    bracket = 2.0 * st.sigmoid(-z) * np.where(np.isinf(z), 0.0, soft) - gate
    with np.errstate(invalid="ignore", divide="ignore"):
        direct = (gate / (2.0 * root) / root * bracket) / (2.0 * root)
    direct = np.where(np.isinf(z), 0.0, direct)
    lower = half * (2.0 * r * r - 1.0) / (4.0 * (1.0 + w) * (1.0 + w) * r * r * r)
    offset = z - _SQRT_SOFTPLUS_D2F_ROOT
    near = np.abs(offset) <= _SQRT_SOFTPLUS_WINDOW
    series = _horner(_SQRT_SOFTPLUS_D2F_SERIES, np.where(near, offset, 0.0))
    return np.where(tail, lower, np.where(near, series, direct))


def _sqrt_softplus_from_output(y):
    """(1 - e^(-y²))/(2y), as -expm1(-y²)/(2y): σ(z) = 1 - e^(-softplus(z)); nan for y < 0."""
    inside = y > 0
    v = masked(y, inside, 1.0)
    with np.errstate(over="ignore"):  # y² beyond the largest float: e^(-y²) = 0, as it should
        value = -np.expm1(-v * v) / (2.0 * v)
    return np.where(inside, value, np.where(y == 0, 0.0, np.nan))


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
_MILLS_BY_TERM = np.ascontiguousarray(_MILLS_COEFFICIENTS.T)  # row k: each centre's k-th
_MILLS_MINUS_X_BY_TERM = np.ascontiguousarray(_MILLS_MINUS_X.T)


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
    for k in range(_MILLS_TERMS - 1, 1, -1):  # Horner, in place
        tail *= d
        tail += _MILLS_BY_TERM[k].take(row)
    c, m = _MILLS_BY_TERM, _MILLS_MINUS_X_BY_TERM
    ratio[series] = c[0].take(row) + d * (c[1].take(row) + d * tail)
    minus_x[series] = m[0].take(row) + d * (m[1].take(row) + d * tail)
    far = x[~series]
    denominator = far.copy()
    for k in range(_MILLS_FRACTION_DEPTH, 0, -1):
        denominator = far + k / denominator
    fraction = 1.0 / denominator
    ratio[~series], minus_x[~series] = fraction, fraction - far
    return ratio, minus_x


def _times_pdf(x, factor, pdf=None):
    """factor·φ(x) for 0 ≤ x ≤ 40, with x² exact and a subnormal e^(-x²/2) split in halves;
    ``pdf``: φ(x), when the caller has it."""
    product = factor * (st.normal_pdf(x) if pdf is None else pdf)
    subnormal = x >= _PDF_SUBNORMAL_FROM
    half = st.exp_neg_square(x[subnormal], 0.25)
    product[subnormal] = (factor[subnormal] * st.SQRT_2PI_INV * half) * half
    return product


def _gelu(z):
    """zΦ(z), with Φ(z) = φ(z)R(-z) below 0; above, where Φ ≥ 1/2 and so no digit is lost,
    Φ from scipy's ndtr (the Mills ratio, only where it is needed, is the slow part)."""
    lower = z < 0
    value = np.empty_like(z)
    upper = z[~lower]
    value[~lower] = upper * st.normal_cdf(upper)
    x = np.minimum(-z[lower], _GAUSS_CAP)
    ratio, _ = _mills_ratio(x)
    value[lower] = _times_pdf(x, -x * ratio)
    return value


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
    return sp.sqrt(2 / sp.pi) * (z + sp.Rational(44715, 1_000_000) * z**3)


# --- QuickGELU: SiLU's kernels at β = 1.702 ----------------------------------------------------
QUICK_GELU_SCALE_TEXT = "1.702"  # Hendrycks & Gimpel (2016): Φ(z) ≈ σ(1.702z)
QUICK_GELU_SCALE = float(QUICK_GELU_SCALE_TEXT)
# The double nearest 1.702 is 4e-17 low: over |βz| = 700 that would cost 30 ULP in the tail.
_QUICK_GELU_SCALE_LO = float(Fraction(QUICK_GELU_SCALE_TEXT) - Fraction(QUICK_GELU_SCALE))


def _quick_gelu(z):
    return _silu(z, QUICK_GELU_SCALE, beta_lo=_QUICK_GELU_SCALE_LO)


def _quick_gelu_df(z):
    return _silu_df(z, QUICK_GELU_SCALE, beta_lo=_QUICK_GELU_SCALE_LO)


def _quick_gelu_d2f(z):
    return _silu_d2f(z, QUICK_GELU_SCALE, beta_lo=_QUICK_GELU_SCALE_LO)


# --- clipped GELU -------------------------------------------------------------------------
# clip(GELU(z), min, max), as transformers' ClippedGELUActivation: the clip is decided on the
# rounded GELU, so f' passes GELU' where GELU(z) equals a bound, as torch.clip's gradient.
def _clipped_gelu(z, min, max):
    return np.clip(_gelu(z), min, max)


def _clipped(z, min, max, derivative):
    value = _gelu(z)
    return np.where((value > max) | (value < min), 0.0, derivative(z))


def _clipped_gelu_df(z, min, max):
    return _clipped(z, min, max, _gelu_df)


def _clipped_gelu_d2f(z, min, max):
    return _clipped(z, min, max, _gelu_d2f)


def _gelu_crossing(level: float, low: float, high: float) -> float:
    """The z in [low, high] where GELU(z) = level, GELU(z) - level changing sign there:
    bisected down to adjacent doubles, each sign from 30 digits."""
    with mpmath.workdps(30):
        rising = low * mpmath.ncdf(low) < level
        while True:
            middle = 0.5 * (low + high)
            if middle in (low, high):
                return middle
            if (middle * mpmath.ncdf(middle) < level) == rising:
                low = middle
            else:
                high = middle


_GELU_MINIMUM = float(_gelu(np.array([-_GELU_DF_ROOT]))[0])


def _clipped_gelu_breakpoints(min, max):
    """Where GELU crosses max (once, z > 0) and min (twice if min is above GELU's minimum)."""
    points = [_gelu_crossing(max, 0.0, max + 10.0)]
    if min > _GELU_MINIMUM:
        dip = -_GELU_DF_ROOT
        points += [_gelu_crossing(min, -50.0, dip), _gelu_crossing(min, dip, 0.0)]
    return tuple(sorted(points))


# --- SiLU / swish-β -----------------------------------------------------------------------
# With a = |βz| and w = e^(-a): σ(βz) = 1/(1 + w) or w/(1 + w), and every derivative is a
# polynomial in a and w over a power of 1 + w. βz is an exact product a_hi + a_lo; where a
# polynomial cancels near a root it is evaluated at a_hi, plus its derivative times a_lo.
def _silu_parts(z, beta, beta_lo=0.0):
    """(|z|, a_hi, a_lo, w): a = |βz| and w = e^(-a), with |z| capped where all has underflowed.

    β = m·2^e with m in [0.5, 1), so βz = m·(2^e·z) is split exactly by ``two_product``
    whatever the size of β. ``beta_lo`` is the rounding error of a β given as a decimal
    (QuickGELU's 1.702), added to a_lo.
    """
    size = np.minimum(np.abs(z), min(2.0 * _EXP_CAP / beta, 1e308))
    mantissa, exponent = math.frexp(beta)
    if mantissa == 0.5 and exponent >= 1 and beta_lo == 0.0:  # β = 1, 2, 4…: βz is exact
        a_hi = np.ldexp(size, exponent - 1)
        a_lo = 0.0 * size
    else:
        a_hi, a_lo = st.two_product(mantissa, np.ldexp(size, exponent))
        a_lo = a_lo + beta_lo * size
    return size, a_hi, a_lo, np.exp(-a_hi) * (1.0 - a_lo)


def _at_infinities(z, value, below, above):
    """``value``, with the limits ``below`` at z = -inf and ``above`` at z = +inf (a limit 0
    approached from below is -0.0).

    For β < 2·800/1e308 the cap of |z| in _silu_parts leaves βz small even at ±inf.
    """
    return np.where(z == -np.inf, below, np.where(z == np.inf, above, value))


def _silu(z, beta=1.0, *, beta_lo=0.0):
    size, a_hi, a_lo, w = _silu_parts(z, beta, beta_lo)
    gate = _one_plus_power(w, 1)
    value = np.where(z < 0, _times_exp_neg(-size * gate, a_hi, a_lo, w), z * gate)
    return _at_infinities(z, value, -0.0, np.inf)  # f < 0 for every z < 0


def _silu_df(z, beta=1.0, *, beta_lo=0.0):
    """σ(βz)(1 + βz(1 - σ(βz))): (1 + w + aw)/(1 + w)² above 0, w(1 - a + w)/(1 + w)² below."""
    _, a_hi, a_lo, w = _silu_parts(z, beta, beta_lo)
    inverse_square = _one_plus_power(w, 2)
    w_hi = np.exp(-a_hi)
    bracket = ((1.0 - a_hi) + w_hi) - a_lo * (1.0 + w_hi)
    lower = _times_exp_neg(bracket * inverse_square, a_hi, a_lo, w)
    return _at_infinities(
        z, np.where(z < 0, lower, (1.0 + w + a_hi * w) * inverse_square), -0.0, 1.0
    )  # f' < 0 left of the minimum


def _silu_d2f(z, beta=1.0, *, beta_lo=0.0):
    """βσ'(βz)(2 - βz·tanh(βz/2)) = βw((2 - a) + w(2 + a))/(1 + w)³.

    β = s·(β/s) with s a power of two near √β, applied after e^(-a) has made the
    product small: β·a alone may overflow.
    """
    _, a_hi, a_lo, w = _silu_parts(z, beta, beta_lo)
    w_hi = np.exp(-a_hi)
    bracket = ((2.0 - a_hi) + w_hi * (2.0 + a_hi)) - a_lo * (1.0 + w_hi * (1.0 + a_hi))
    scale = math.ldexp(1.0, math.frexp(beta)[1] // 2)
    value = _times_exp_neg(beta / scale * bracket * _one_plus_power(w, 3), a_hi, a_lo, w) * scale
    return _at_infinities(z, value, -0.0, -0.0)  # f'' < 0 in both tails


def _silu_df_form(z, p):
    s = sym.sigma(p["beta"] * z)
    return s * (1 + p["beta"] * z * (1 - s))


def _silu_d2f_form(z, p):
    s = sym.sigma(p["beta"] * z)
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
    d_hi, d_lo = _two_sum(2.0, w * (w + 2.0))
    e_hi, e_lo = _two_sum(1.0, 2.0 * v * (1.0 + v))
    return _inverse_power(d_hi, d_lo, n), _inverse_power(e_hi, e_lo, n)


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


# --- symbolic forms -----------------------------------------------------------------------
def _bent_root(y):
    return sp.sqrt(y**2 + y + 1)


def _clip_form(gelu, z, p, inside=None):
    """``inside`` (GELU itself by default) where min <= ``gelu`` <= max; the bound, or 0 for a
    derivative, outside."""
    if inside is None:
        return sp.Piecewise((p["max"], gelu > p["max"]), (p["min"], gelu < p["min"]), (gelu, True))
    return sp.Piecewise((0, (gelu > p["max"]) | (gelu < p["min"])), (inside, True))


def _sqrt_softplus_form(z, p):
    """√log(1 + e^z), written so that 50-digit arithmetic keeps it: z + log(1 + e^(-z)) above
    0, and below -120 e^(z/2)·√(1 - w/2 + w²/3) with w = e^z, the series of log(1 + w)/w cut
    where its next term is below 1e-156 (1 + e^z itself rounds to 1 there)."""
    w = sp.exp(z)
    return sp.Piecewise(
        (sp.exp(z / 2) * sp.sqrt(1 - w / 2 + w**2 / 3), z < -120),
        (sp.sqrt(sp.log(1 + w)), z <= 0),
        (sp.sqrt(z + sp.log(1 + sp.exp(-z))), True),
    )


# --- textbook formulas, for the stability page and the benchmark -----------------------------
def _naive_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _naive_silu_df(z, beta):
    s = _naive_sigmoid(beta * z)
    return s * (1 + beta * z * (1 - s))


def _naive_mish_df(z):
    t = np.tanh(np.log(1 + np.exp(z)))
    return t + z * (1 - t * t) * _naive_sigmoid(z)


_NAIVE_GELU_C = math.sqrt(2.0 / math.pi)


def _naive_gelu_tanh(z):
    return 0.5 * z * (1 + np.tanh(_NAIVE_GELU_C * (z + 0.044715 * z**3)))


def _naive_gelu_tanh_df(z):
    t = np.tanh(_NAIVE_GELU_C * (z + 0.044715 * z**3))
    return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * _NAIVE_GELU_C * (1 + 3 * 0.044715 * z**2)


def _transformers_gelu_fast(z):
    """FastGELUActivation as transformers writes it, √(2/π) cut to 10 decimals."""
    return 0.5 * z * (1.0 + np.tanh(z * 0.7978845608 * (1.0 + 0.044715 * z * z)))


def _naive_elish(z):
    return np.where(z >= 0, z * _naive_sigmoid(z), (np.exp(z) - 1) * _naive_sigmoid(z))


def _naive_elish_df(z):
    s = _naive_sigmoid(z)
    return np.where(z >= 0, s + z * s * (1 - s), np.exp(z) * s + (np.exp(z) - 1) * s * (1 - s))


def _relu_at_origin(z: sp.Symbol, form: sp.Expr, p) -> sp.Expr:
    """Squareplus at b = 0 is ReLU: the displayed f′ and f″ are 0/0 at z = 0, where the
    package takes the left branch, 0."""
    return sp.Piecewise((0, sp.And(sp.Eq(z, 0), sp.Eq(p["b"], 0))), (form, True))


DEFINITIONS = (
    Definition(
        slug="softplus",
        name="Softplus",
        family="smooth",
        summary=(
            "log(1 + e^(βz))/β: a smooth ReLU, always positive, whose slope is the sigmoid σ(βz)."
        ),
        numpy="return np.logaddexp(beta * z, 0.0) / beta",
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
            "df": lambda z, p: sym.sigma(p["beta"] * z),
            "d2f": lambda z, p: (
                p["beta"] * sym.sigma(p["beta"] * z) * (1 - sym.sigma(p["beta"] * z))
            ),
            "output": lambda y, p: 1 - sp.exp(-p["beta"] * y),
        },
        df_from_output=_softplus_from_output,
        tags=("hidden-layer", "output-layer"),
        frameworks=(
            FrameworkName(
                "PyTorch",
                function="torch.nn.functional.softplus",
                layer="torch.nn.Softplus",
            ),
            FrameworkName("JAX", function="jax.nn.softplus"),
            FrameworkName("Keras", function="keras.activations.softplus"),
            FrameworkName("Flax", function="flax.nnx.softplus"),
            FrameworkName("TensorFlow", function="tf.nn.softplus"),
            FrameworkName("MLX", function="mlx.nn.softplus", layer="mlx.nn.Softplus"),
        ),
        references=(
            Reference(
                authors="C. Dugas, Y. Bengio, F. Bélisle, C. Nadeau, R. Garcia",
                title="Incorporating Second-Order Functional Knowledge for Better Option Pricing",
                year=2001,
                url=(
                    "https://proceedings.neurips.cc/paper/2000/hash/"
                    "44968aece94f667e4095002d140b5896-Abstract.html"
                ),
                venue="NIPS 13 (2000)",
                kind="inproceedings",
            ),
        ),
        naive=Naive(
            f=lambda z, beta: np.log(1 + np.exp(beta * z)) / beta,
            df=lambda z, beta: 1 / (1 + np.exp(-beta * z)),
            library=lambda z, beta: np.logaddexp(0, beta * z) / beta,
        ),
        stability=(
            StabilityCase(
                key="softplus",
                order=0,
                label="softplus(z)",
                naive_label="naive log(1 + exp(z))",
                naive_tex=r"\log(1+e^{z})",
                causes=(
                    (
                        "overflow",
                        r"$`e^{z}`$ overflows to ∞ for z ≥ {onset+}, and $`\log\infty = \infty`$",
                    ),
                    (
                        "cancellation",
                        "$`1+e^{z}`$ keeps only the digits of $`e^{z}`$ that fit beside the 1",
                    ),
                    (
                        "zero",
                        r"$`1+e^{z}`$ rounds to exactly 1 for z ≤ {onset-}, and $`\log 1 = 0`$",
                    ),
                ),
                examples=(800.0, -40.0),
            ),
        ),
    ),
    Definition(
        slug="sqrt_softplus",
        name="Square-root softplus",
        aliases=("sqrtsoftplus",),
        family="smooth",
        summary=(
            "√softplus(z) = √log(1 + e^z): positive and increasing, growing like √z on the right"
            " and like e^(z/2) on the left; a mixture-of-experts router's scoring function."
        ),
        numpy="""
            far = z < -40.0  # log(1 + e^z) = e^z there, to double precision: e^(z/2) stays normal
            return np.where(far, np.exp(z / 2.0), np.sqrt(np.logaddexp(z, 0.0)))
        """,
        f=_sqrt_softplus,
        df=_sqrt_softplus_df,
        d2f=_sqrt_softplus_d2f,
        expr=_sqrt_softplus_form,
        display={
            "f": lambda z, p: sp.sqrt(sym.softplus(z)),
            "df": lambda z, p: sym.sigma(z) / (2 * sp.sqrt(sym.softplus(z))),
            "d2f": lambda z, p: (
                sym.sigma(z)
                * (2 * (1 - sym.sigma(z)) * sym.softplus(z) - sym.sigma(z))
                / (4 * sym.softplus(z) ** sp.Rational(3, 2))
            ),
            "output": lambda y, p: (1 - sp.exp(-(y**2))) / (2 * y),
        },
        df_from_output=_sqrt_softplus_from_output,
        used_in=(
            Use(
                "DeepSeek-V4",
                "the router of its mixture-of-experts layers, which scores each expert with"
                ' it (`scoring_func: "sqrtsoftplus"`, the configuration\'s default)',
                Reference(
                    authors="Hugging Face",
                    title="transformers, models/deepseek_v4/configuration_deepseek_v4.py",
                    year=2026,
                    url=(
                        "https://github.com/huggingface/transformers/blob/main/src/transformers/"
                        "models/deepseek_v4/configuration_deepseek_v4.py"
                    ),
                    venue="released code",
                ),
            ),
        ),
        naive=Naive(
            f=lambda z: np.sqrt(np.log(1 + np.exp(z))),
            df=lambda z: 1 / (1 + np.exp(-z)) / (2 * np.sqrt(np.log(1 + np.exp(z)))),
        ),
    ),
    Definition(
        slug="elu",
        name="ELU",
        family="smooth",
        summary=(
            "Exponential linear unit: the identity for z > 0 and α(e^z - 1) below; its negative "
            "values, saturating at -α, push mean activations toward 0."
        ),
        numpy="return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))",
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
        frameworks=(
            FrameworkName(
                "PyTorch",
                function="torch.nn.functional.elu",
                layer="torch.nn.ELU",
            ),
            FrameworkName("JAX", function="jax.nn.elu"),
            FrameworkName(
                "Keras",
                function="keras.activations.elu",
                layer="keras.layers.ELU",
            ),
            FrameworkName("Flax", function="flax.nnx.elu"),
            FrameworkName("TensorFlow", function="tf.nn.elu"),
            FrameworkName("MLX", function="mlx.nn.elu", layer="mlx.nn.ELU"),
        ),
        references=(
            Reference(
                authors="D.-A. Clevert, T. Unterthiner, S. Hochreiter",
                title="Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)",
                year=2016,
                arxiv="1511.07289",
                venue="ICLR 2016",
                kind="inproceedings",
            ),
        ),
        naive=Naive(
            f=lambda z, alpha: np.where(z > 0, z, alpha * (np.exp(z) - 1)),
            df=lambda z, alpha: np.where(z > 0, 1.0, alpha * np.exp(z)),
        ),
        stability=(
            StabilityCase(
                key="elu",
                order=0,
                label="ELU(z)",
                naive_label="naive α(exp(z) − 1)",
                naive_tex=r"\alpha\,(e^{z}-1)",
                causes=(
                    ("cancellation", "$`e^{z}-1`$ subtracts two nearly equal numbers for z near 0"),
                ),
                examples=(-1e-8,),
            ),
        ),
    ),
    Definition(
        slug="selu",
        name="SELU",
        family="smooth",
        summary=(
            "Scaled ELU, λ·ELU_α(z), with λ and α fixed so that the activations of a suitably "
            "initialised deep network are driven toward zero mean and unit variance."
        ),
        numpy="""
            scale, alpha = 1.0507009873554804934193349852946, 1.6732632423543772848170429916717
            return scale * np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))
        """,
        f=_selu,
        df=_selu_df,
        d2f=_selu_d2f,
        constants=(
            ("lambda", SELU_LAMBDA_TEXT, "the scale of both sides"),
            ("alpha", SELU_ALPHA_TEXT, "ELU's α, fixed: f tends to −λα as z → −∞"),
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
        frameworks=(
            FrameworkName("PyTorch", function="torch.nn.functional.selu", layer="torch.nn.SELU"),
            FrameworkName("JAX", function="jax.nn.selu"),
            FrameworkName("Keras", function="keras.activations.selu"),
            FrameworkName("Flax", function="flax.nnx.selu"),
            FrameworkName("TensorFlow", function="tf.nn.selu"),
            FrameworkName("MLX", function="mlx.nn.selu", layer="mlx.nn.SELU"),
        ),
        references=(
            Reference(
                authors="G. Klambauer, T. Unterthiner, A. Mayr, S. Hochreiter",
                title="Self-Normalizing Neural Networks",
                year=2017,
                arxiv="1706.02515",
                venue="NeurIPS 2017",
                kind="inproceedings",
            ),
        ),
        naive=Naive(
            f=lambda z: SELU_LAMBDA * np.where(z > 0, z, SELU_ALPHA * (np.exp(z) - 1)),
            df=lambda z: SELU_LAMBDA * np.where(z > 0, 1.0, SELU_ALPHA * np.exp(z)),
        ),
    ),
    Definition(
        slug="celu",
        name="CELU",
        family="smooth",
        summary=(
            "Continuously differentiable ELU, max(0, z) + min(0, α(e^(z/α) - 1)): its slope is 1 "
            "on both sides of 0 for every α."
        ),
        numpy="return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0) / alpha))",
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
        frameworks=(
            FrameworkName(
                "PyTorch",
                function="torch.nn.functional.celu",
                layer="torch.nn.CELU",
            ),
            FrameworkName("JAX", function="jax.nn.celu"),
            FrameworkName("Keras", function="keras.activations.celu"),
            FrameworkName("Flax", function="flax.nnx.celu"),
            FrameworkName("MLX", function="mlx.nn.celu", layer="mlx.nn.CELU"),
        ),
        references=(
            Reference(
                authors="J. T. Barron",
                title="Continuously Differentiable Exponential Linear Units",
                year=2017,
                arxiv="1704.07483",
                venue="arXiv preprint",
            ),
        ),
        naive=Naive(
            f=lambda z, alpha: np.where(z > 0, z, alpha * (np.exp(z / alpha) - 1)),
            df=lambda z, alpha: np.where(z > 0, 1.0, np.exp(z / alpha)),
        ),
    ),
    Definition(
        slug="xielu",
        name="xIELU",
        family="smooth",
        summary=(
            "α_p z² + βz for z > 0 and α_n(e^z - 1 - z) + βz below: the integral of a"
            " trainable affine ELU, quadratic like squared ReLU on the right, with a slope that"
            " turns negative on the left (Apertus)."
        ),
        numpy="""
            negative = alpha_n * (np.expm1(np.minimum(z, eps)) - z) + beta * z
            return np.where(z > 0, alpha_p * z * z + beta * z, negative)
        """,
        f=_xielu,
        df=_xielu_df,
        d2f=_xielu_d2f,
        params=(
            Param(
                "alpha_p",
                0.8,
                0.0,
                low_open=True,
                symbol="alpha_p",
                doc="curvature of the right branch (softplus of a trained weight)",
                family=(0.4, 1.6),
            ),
            Param(
                "alpha_n",
                0.8,
                0.0,
                low_open=True,
                symbol="alpha_n",
                doc="scale of the left branch, at least β (β plus a softplus in training)",
            ),
            Param("beta", 0.5, 0.0, symbol="beta", doc="the slope at 0, fixed in training"),
            Param(
                "eps",
                -1e-6,
                -1.0,
                0.0,
                high_open=False,
                symbol="epsilon",
                doc="the exponential's argument is min(z, ε); ε = 0 is the paper's formula",
            ),
        ),
        ordered=(("beta", "alpha_n"),),
        expr=lambda z, p: sp.Piecewise(
            (p["alpha_p"] * z**2 + p["beta"] * z, z > 0),
            (p["alpha_n"] * (sp.exp(p["eps"]) - 1 - z) + p["beta"] * z, z > p["eps"]),
            (p["alpha_n"] * (sp.exp(z) - 1 - z) + p["beta"] * z, True),
        ),
        display={
            "df": lambda z, p: sp.Piecewise(
                (2 * p["alpha_p"] * z + p["beta"], z > 0),
                (p["beta"] - p["alpha_n"], z > p["eps"]),
                (p["alpha_n"] * (sp.exp(z) - 1) + p["beta"], True),
            ),
            "d2f": lambda z, p: sp.Piecewise(
                (2 * p["alpha_p"], z > 0),
                (0, z > p["eps"]),
                (p["alpha_n"] * sp.exp(z), True),
            ),
        },
        breakpoints=_xielu_breakpoints,
        tags=("hidden-layer",),
        references=(
            Reference(
                authors="A. H. Huang, I. Schlag",
                title="Deriving Activation Functions Using Integration",
                year=2024,
                arxiv="2411.13010",
                venue="arXiv preprint",
            ),
        ),
        used_in=(
            Use(
                "Apertus",
                'the MLP of every decoder layer (`hidden_act` defaults to `"xielu"` in'
                " `ApertusConfig`)",
                Reference(
                    authors="Hugging Face, Swiss AI",
                    title="transformers, models/apertus/configuration_apertus.py",
                    year=2025,
                    url=(
                        "https://github.com/huggingface/transformers/blob/main/src/transformers/"
                        "models/apertus/configuration_apertus.py"
                    ),
                    venue="released code",
                ),
            ),
        ),
        naive=Naive(
            f=lambda z, alpha_p, alpha_n, beta, eps: np.where(
                z > 0,
                alpha_p * z * z + beta * z,
                alpha_n * (np.expm1(np.minimum(z, eps)) - z) + beta * z,
            ),
            df=lambda z, alpha_p, alpha_n, beta, eps: np.where(
                z > 0,
                2 * alpha_p * z + beta,
                np.where(z > eps, beta - alpha_n, alpha_n * np.expm1(z) + beta),
            ),
        ),
    ),
    Definition(
        slug="gelu",
        name="GELU",
        aliases=("gelu_python",),
        family="smooth",
        summary=(
            "zΦ(z): the input weighted by the standard normal CDF, a smooth ReLU that dips"
            " slightly below zero; common in transformers."
        ),
        numpy="""
            import math

            erfc = np.vectorize(math.erfc, otypes=[float])  # numpy has no erfc
            return z * erfc(-z / np.sqrt(2.0)) / 2.0
        """,
        f=_gelu,
        df=_gelu_df,
        d2f=_gelu_d2f,
        expr=lambda z, p: z * (1 + sp.erf(z / sp.sqrt(2))) / 2,
        display={
            "f": lambda z, p: z * sym.Phi(z),
            "df": lambda z, p: sym.Phi(z) + z * sym.phi(z),
            "d2f": lambda z, p: (2 - z**2) * sym.phi(z),
        },
        tags=("hidden-layer",),
        frameworks=(
            FrameworkName(
                "PyTorch",
                function="torch.nn.functional.gelu",
                layer="torch.nn.GELU",
            ),
            FrameworkName(
                "JAX",
                function="jax.nn.gelu",
            ),
            FrameworkName("Keras", function="keras.activations.gelu"),
            FrameworkName("Flax", function="flax.nnx.gelu"),
            FrameworkName("TensorFlow", function="tf.nn.gelu"),
            FrameworkName("MLX", function="mlx.nn.gelu", layer="mlx.nn.GELU"),
        ),
        references=(papers.HENDRYCKS_2016,),
        naive=Naive(
            f=lambda z: z * (1.0 + scipy.special.erf(z / np.sqrt(2.0))) / 2.0,
            df=lambda z: (
                0.5 * (1 + scipy.special.erf(z / np.sqrt(2)))
                + z * np.exp(-(z**2) / 2) / np.sqrt(2 * np.pi)
            ),
            library=lambda z: z * scipy.special.ndtr(z),
        ),
        stability=(
            StabilityCase(
                key="gelu",
                order=0,
                label="GELU(z)",
                naive_label="naive z(1 + erf(z/√2))/2",
                naive_tex=r"\tfrac{z}{2}\bigl(1+\operatorname{erf}(z/\sqrt{2})\bigr)",
                causes=(
                    (
                        "cancellation",
                        r"$`1+\operatorname{erf}(z/\sqrt{2})`$ subtracts two nearly equal "
                        "numbers for z < 0",
                    ),
                    (
                        "zero",
                        r"$`\operatorname{erf}(z/\sqrt{2})`$ rounds to exactly −1 for "
                        "z ≤ {onset-}, so the sum is 0",
                    ),
                ),
                examples=(-10.0,),
            ),
        ),
    ),
    Definition(
        slug="gelu_tanh",
        name="GELU (tanh approximation)",
        # transformers' names: gelu_fast writes √(2/π) as 0.7978845608, 4e-12 off (see page)
        aliases=(
            "gelu_new",
            "gelu_pytorch_tanh",
            "gelu_python_tanh",
            "gelu_accurate",
            "gelu_fast",
        ),
        family="smooth",
        summary=(
            "GELU with Φ(z) replaced by (1 + tanh(√(2/π)(z + 0.044715z³)))/2, the form used"
            " by the original BERT and GPT-2 code."
        ),
        numpy="""
            t = np.sqrt(8.0 / np.pi) * (z + 0.044715 * z**3)  # 2u
            e = np.exp(-np.abs(t))
            gate = np.where(t >= 0, 1.0, e) / (1.0 + e)
            return z * gate
        """,
        f=_gelu_tanh,
        df=_gelu_tanh_df,
        d2f=_gelu_tanh_d2f,
        expr=lambda z, p: z / (1 + sp.exp(-2 * _gelu_tanh_u(z))),
        display={
            "f": lambda z, p: z / 2 * (1 + sp.tanh(sym.gelu_u(z))),
            "df": lambda z, p: (
                (1 + sp.tanh(sym.gelu_u(z))) / 2
                + z / 2 * (1 - sp.tanh(sym.gelu_u(z)) ** 2) * sym.gelu_du(z)
            ),
            "d2f": lambda z, p: (
                (1 - sp.tanh(sym.gelu_u(z)) ** 2)
                * (
                    sym.gelu_du(z)
                    + z / 2 * sym.gelu_d2u(z)
                    - z * sp.tanh(sym.gelu_u(z)) * sym.gelu_du(z) ** 2
                )
            ),
        },
        tags=("hidden-layer",),
        frameworks=(
            FrameworkName(
                "PyTorch",
                function="torch.nn.functional.gelu",
                layer="torch.nn.GELU",
                keywords=(("approximate", "tanh"),),
            ),
            FrameworkName("JAX", function="jax.nn.gelu"),
            FrameworkName(
                "Keras",
                function="keras.activations.gelu",
            ),
            FrameworkName("Flax", function="flax.nnx.gelu"),
            FrameworkName("TensorFlow", function="tf.nn.gelu"),
            FrameworkName("MLX", function="mlx.nn.gelu_approx"),
        ),
        references=(papers.HENDRYCKS_2016,),
        used_in=(
            Use(
                "GPT-2",
                "the feed-forward layers of every transformer block (`gelu` in `model.py`)",
                papers.GPT2_MODEL_CODE,
            ),
        ),
        naive=Naive(f=_naive_gelu_tanh, df=_naive_gelu_tanh_df),
        variants=(
            Variant(
                "transformers_gelu_fast",
                "transformers' gelu_fast, with √(2/π) written as 0.7978845608",
                _transformers_gelu_fast,
            ),
        ),
    ),
    Definition(
        slug="quick_gelu",
        name="QuickGELU",
        aliases=("gelu_fast_approx",),
        family="smooth",
        summary=(
            "zσ(1.702z): GELU with Φ(z) replaced by a sigmoid, the GELU paper's cheapest"
            " approximation, used by OpenAI's CLIP; a Swish with β fixed at 1.702."
        ),
        numpy="""
            t = 1.702 * z
            e = np.exp(-np.abs(t))
            gate = np.where(t >= 0, 1.0, e) / (1.0 + e)
            return z * gate
        """,
        f=_quick_gelu,
        df=_quick_gelu_df,
        d2f=_quick_gelu_d2f,
        constants=(("1.702", QUICK_GELU_SCALE_TEXT, "the gate's scale: σ(1.702z) ≈ Φ(z)"),),
        expr=lambda z, p: z / (1 + sp.exp(-p["1.702"] * z)),
        display={
            "f": lambda z, p: z * sym.sigma(p["1.702"] * z),
            "df": lambda z, p: _silu_df_form(z, {"beta": p["1.702"]}),
            "d2f": lambda z, p: _silu_d2f_form(z, {"beta": p["1.702"]}),
        },
        tags=("hidden-layer",),
        frameworks=(FrameworkName("MLX", function="mlx.nn.gelu_fast_approx", layer="mlx.nn.GELU"),),
        references=(papers.HENDRYCKS_2016,),
        used_in=(
            Use(
                "CLIP",
                "the MLP of every transformer block, in the text encoder and in the ViT image"
                " encoders (`QuickGELU` in `clip/model.py`)",
                Reference(
                    authors="OpenAI",
                    title="CLIP, clip/model.py",
                    year=2021,
                    url="https://github.com/openai/CLIP/blob/main/clip/model.py",
                    venue="released code",
                ),
            ),
        ),
        naive=Naive(
            f=lambda z: z / (1 + np.exp(-QUICK_GELU_SCALE * z)),
            df=lambda z: _naive_silu_df(z, QUICK_GELU_SCALE),
            library=lambda z: z * scipy.special.expit(QUICK_GELU_SCALE * z),
        ),
    ),
    Definition(
        slug="gelu_10",
        name="Clipped GELU",
        family="smooth",
        summary=(
            "GELU clipped to [min, max], by default [-10, 10]: the exact GELU with its output"
            " bounded, for quantisation (transformers' `gelu_10`)."
        ),
        numpy="""
            import math

            erfc = np.vectorize(math.erfc, otypes=[float])  # numpy has no erfc
            return np.clip(z * erfc(-z / np.sqrt(2.0)) / 2.0, min, max)
        """,
        f=_clipped_gelu,
        df=_clipped_gelu_df,
        d2f=_clipped_gelu_d2f,
        params=(
            Param(
                "min",
                -10.0,
                -math.inf,
                0.0,
                symbol="m",
                doc="the lower bound; below GELU's minimum (about -0.17) it never acts",
            ),
            Param(
                "max",
                10.0,
                0.0,
                low_open=True,
                symbol="M",
                doc="the upper bound: f(z) = M once zΦ(z) exceeds it",
                family=(1.0, 2.0),
            ),
        ),
        expr=lambda z, p: _clip_form(z * (1 + sp.erf(z / sp.sqrt(2))) / 2, z, p),
        display={
            "f": lambda z, p: _clip_form(z * sym.Phi(z), z, p),
            "df": lambda z, p: _clip_form(z * sym.Phi(z), z, p, sym.Phi(z) + z * sym.phi(z)),
            "d2f": lambda z, p: _clip_form(z * sym.Phi(z), z, p, (2 - z**2) * sym.phi(z)),
        },
        breakpoints=_clipped_gelu_breakpoints,
        tags=("hidden-layer",),
        references=(
            papers.HENDRYCKS_2016,
            Reference(
                authors="H. Wu, P. Judd, X. Zhang, M. Isaev, P. Micikevicius",
                title=(
                    "Integer Quantization for Deep Learning Inference: Principles and Empirical"
                    " Evaluation"
                ),
                year=2020,
                arxiv="2004.09602",
                venue="arXiv preprint",
            ),
        ),
        naive=Naive(
            f=lambda z, min, max: np.clip(z * scipy.special.ndtr(z), min, max),
            df=lambda z, min, max: np.where(
                (z * scipy.special.ndtr(z) > max) | (z * scipy.special.ndtr(z) < min),
                0.0,
                scipy.special.ndtr(z) + z * np.exp(-(z**2) / 2) / np.sqrt(2 * np.pi),
            ),
        ),
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
        numpy="""
            t = beta * z
            e = np.exp(-np.abs(t))
            gate = np.where(t >= 0, 1.0, e) / (1.0 + e)
            return z * gate
        """,
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
        frameworks=(
            FrameworkName("PyTorch", function="torch.nn.functional.silu", layer="torch.nn.SiLU"),
            FrameworkName("JAX", function="jax.nn.silu"),
            FrameworkName("Keras", function="keras.activations.silu"),
            FrameworkName("Flax", function="flax.nnx.silu"),
            FrameworkName("TensorFlow", function="tf.nn.silu"),
            FrameworkName("MLX", function="mlx.nn.silu", layer="mlx.nn.SiLU"),
        ),
        references=(
            papers.HENDRYCKS_2016,
            Reference(
                authors="S. Elfwing, E. Uchibe, K. Doya",
                title=(
                    "Sigmoid-Weighted Linear Units for Neural Network Function Approximation in"
                    " Reinforcement Learning"
                ),
                year=2018,
                doi="10.1016/j.neunet.2017.12.012",
                venue="Neural Networks",
                kind="article",
                volume="107",
            ),
            Reference(
                authors="P. Ramachandran, B. Zoph, Q. V. Le",
                title="Searching for Activation Functions",
                year=2017,
                arxiv="1710.05941",
                venue="arXiv preprint",
            ),
        ),
        naive=Naive(
            f=lambda z, beta: z / (1 + np.exp(-beta * z)),
            df=_naive_silu_df,
            library=lambda z, beta: z * scipy.special.expit(beta * z),
        ),
    ),
    Definition(
        slug="mish",
        name="Mish",
        family="smooth",
        summary=(
            "z·tanh(softplus(z)): a smooth, non-monotonic self-gated rectifier, used in the"
            " YOLOv4 backbone."
        ),
        numpy="return z * np.tanh(np.logaddexp(z, 0.0))",
        f=_mish,
        df=_mish_df,
        d2f=_mish_d2f,
        expr=lambda z, p: z * sp.tanh(sp.log(1 + sp.exp(z))),
        display={
            "df": lambda z, p: (
                sp.tanh(sym.softplus(z)) + z * sym.sigma(z) * sp.sech(sym.softplus(z)) ** 2
            ),
            "d2f": lambda z, p: (
                sym.sigma(z)
                * sp.sech(sym.softplus(z)) ** 2
                * (2 + z * (1 - sym.sigma(z)) - 2 * z * sym.sigma(z) * sp.tanh(sym.softplus(z)))
            ),
        },
        tags=("hidden-layer",),
        frameworks=(
            FrameworkName("PyTorch", function="torch.nn.functional.mish", layer="torch.nn.Mish"),
            FrameworkName("JAX", function="jax.nn.mish"),
            FrameworkName("Keras", function="keras.activations.mish"),
            FrameworkName("MLX", function="mlx.nn.mish", layer="mlx.nn.Mish"),
        ),
        references=(
            Reference(
                authors="D. Misra",
                title="Mish: A Self Regularized Non-Monotonic Activation Function",
                year=2019,
                arxiv="1908.08681",
                venue="arXiv preprint (BMVC 2020)",
            ),
        ),
        naive=Naive(f=lambda z: z * np.tanh(np.log(1 + np.exp(z))), df=_naive_mish_df),
    ),
    Definition(
        slug="hard_swish",
        name="Hard swish",
        aliases=("hard_silu", "hardswish"),
        family="smooth",
        summary=(
            "z·relu6(z + 3)/6: a piecewise-quadratic SiLU without exponentials, from MobileNetV3."
        ),
        numpy="return z * (np.clip(z + 3.0, 0.0, 6.0) / 6.0)",
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
        frameworks=(
            FrameworkName(
                "PyTorch", function="torch.nn.functional.hardswish", layer="torch.nn.Hardswish"
            ),
            FrameworkName("JAX", function="jax.nn.hard_silu"),
            FrameworkName("Keras", function="keras.activations.hard_silu"),
            FrameworkName("Flax", function="flax.nnx.hard_silu"),
            FrameworkName("MLX", function="mlx.nn.hardswish", layer="mlx.nn.Hardswish"),
        ),
        references=(papers.HOWARD_2019,),
        naive=Naive(
            f=lambda z: z * np.clip(z + 3, 0, 6) / 6,
            df=lambda z: np.where(z < -3, 0.0, np.where(z > 3, 1.0, (2 * z + 3) / 6)),
        ),
    ),
    Definition(
        slug="squareplus",
        name="Squareplus",
        family="smooth",
        summary=(
            "(z + √(z² + b))/2: a softplus-like rectifier from a square root alone, with no "
            "exponential or logarithm; b = 0 gives ReLU."
        ),
        numpy="""
            root = np.hypot(z, np.sqrt(b))  # √(z² + b) without overflow
            x = np.where(z < 0, z, -1.0)
            # below 0, (z + √(z² + b))/2 = b/(2(√(z² + b) - z)): a sum without cancellation
            return np.where(z < 0, b / (2.0 * (root - x)), (z + root) / 2.0)
        """,
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
        evaluation={"df": _relu_at_origin, "d2f": _relu_at_origin},
        tags=("hidden-layer",),
        frameworks=(
            FrameworkName("JAX", function="jax.nn.squareplus"),
            FrameworkName("Keras", function="keras.activations.squareplus"),
        ),
        references=(
            Reference(
                authors="J. T. Barron",
                title="Squareplus: A Softplus-Like Algebraic Rectifier",
                year=2021,
                arxiv="2112.11687",
                venue="arXiv preprint",
            ),
        ),
        naive=Naive(
            f=lambda z, b: (z + np.sqrt(z**2 + b)) / 2,
            df=lambda z, b: (1 + z / np.sqrt(z**2 + b)) / 2,
        ),
    ),
    Definition(
        slug="sparse_plus",
        name="Sparse plus",
        family="smooth",
        summary=(
            "0 below -1, (z + 1)²/4 between -1 and 1, z above: a rectifier with a quadratic "
            "corner whose slope is the sparse sigmoid."
        ),
        numpy="""
            x = np.clip(z, -1.0, 1.0)
            return np.where(z >= 1, z, (x + 1.0) ** 2 / 4.0)
        """,
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
        frameworks=(
            FrameworkName("JAX", function="jax.nn.sparse_plus"),
            FrameworkName("Keras", function="keras.activations.sparse_plus"),
        ),
        references=(papers.BLONDEL_2020,),
        naive=Naive(
            f=lambda z: np.where(z <= -1, 0.0, np.where(z >= 1, z, (z + 1) ** 2 / 4)),
            df=lambda z: np.where(z <= -1, 0.0, np.where(z >= 1, 1.0, (z + 1) / 2)),
        ),
    ),
    Definition(
        slug="isrlu",
        name="ISRLU",
        family="smooth",
        summary=(
            "Inverse square root linear unit: the identity for z ≥ 0 and z/√(1 + αz²) below, an "
            "ELU-like curve saturating at -1/√α without an exponential."
        ),
        numpy="""
            x = np.clip(z, -1e100, 0.0)  # below -1e100, αz² ≫ 1 and f = -1/√α to double precision
            negative = np.where(z < -1e100, -1.0 / np.sqrt(alpha), x / np.sqrt(1.0 + alpha * x * x))
            return np.where(z >= 0, z, negative)
        """,
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
        references=(papers.CARLILE_2017,),
        naive=Naive(
            f=lambda z, alpha: np.where(z >= 0, z, z / np.sqrt(1 + alpha * z**2)),
            df=lambda z, alpha: np.where(z >= 0, 1.0, (1 / np.sqrt(1 + alpha * z**2)) ** 3),
        ),
    ),
    Definition(
        slug="elish",
        name="ELiSH",
        family="smooth",
        summary=(
            "SiLU zσ(z) for z ≥ 0 and (e^z - 1)σ(z) below: an ELU gated by a sigmoid on the"
            " negative side."
        ),
        numpy="""
            e = np.exp(-np.abs(z))
            gate = np.where(z >= 0, 1.0, e) / (1.0 + e)
            return np.where(z < 0, np.expm1(np.minimum(z, 0.0)), z) * gate
        """,
        f=_elish,
        df=_elish_df,
        d2f=_elish_d2f,
        expr=lambda z, p: sp.Piecewise(
            ((sp.exp(z) - 1) / (1 + sp.exp(-z)), z < 0), (z / (1 + sp.exp(-z)), True)
        ),
        display={
            "df": lambda z, p: sp.Piecewise(
                (sym.sigma(z) * (sp.exp(z) + (sp.exp(z) - 1) * (1 - sym.sigma(z))), z < 0),
                (sym.sigma(z) * (1 + z * (1 - sym.sigma(z))), True),
            ),
            "d2f": lambda z, p: sp.Piecewise(
                (
                    sym.sigma(z)
                    * (
                        sp.exp(z) * (1 + 2 * (1 - sym.sigma(z)))
                        + (sp.exp(z) - 1) * (1 - sym.sigma(z)) * (1 - 2 * sym.sigma(z))
                    ),
                    z < 0,
                ),
                (sym.sigma(z) * (1 - sym.sigma(z)) * (2 + z * (1 - 2 * sym.sigma(z))), True),
            ),
        },
        breakpoints=lambda: (0.0,),
        references=(
            Reference(
                authors="M. Basirat, P. M. Roth",
                title="The Quest for the Golden Activation Function",
                year=2018,
                arxiv="1808.00783",
                venue="arXiv preprint",
            ),
        ),
        naive=Naive(f=_naive_elish, df=_naive_elish_df),
    ),
    Definition(
        slug="bent_identity",
        name="Bent identity",
        family="smooth",
        summary=(
            "(√(z² + 1) - 1)/2 + z: a smooth, unbounded curve whose slope rises from 1/2 to 3/2 "
            "and is never 0."
        ),
        numpy="""
            # (√(z² + 1) - 1)/2 = z²/(2(√(z² + 1) + 1)): no cancellation, no overflow of z²
            return z + 0.5 * z * (z / (np.hypot(z, 1.0) + 1.0))
        """,
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
        naive=Naive(
            f=lambda z: (np.sqrt(z**2 + 1) - 1) / 2 + z,
            df=lambda z: z / (2 * np.sqrt(z**2 + 1)) + 1,
        ),
    ),
)
