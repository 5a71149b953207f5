"""Classic and sigmoidal activations: linear, step, sigmoid, tanh and their relatives."""

from __future__ import annotations

import math

import numpy as np
import scipy  # scipy.special is imported when a kernel first uses it

from activations import _papers as papers
from activations import _stable as st
from activations import _symbolic as sym
from activations._arrays import masked
from activations._definition import Definition, Naive, Param, StabilityCase, Variant
from activations._smooth import _GAUSS_CAP, _mills_ratio, _times_pdf
from activations._sympy import sp
from activations._types import FrameworkName, Reference, Use

LECUN_SCALE = 1.7159  # LeCun et al. (1998): f(±1) = ±1 with the 2/3 slope


# --- linear -------------------------------------------------------------------------------
def _linear(z):
    return z.copy()


def _one(z):
    return np.ones_like(z)


def _zero(z):
    return np.zeros_like(z)


# --- binary step --------------------------------------------------------------------------
def _binary_step(z):
    """1 for z >= 0, else 0 (H(0) = 1); its derivative is taken as 0 everywhere."""
    return np.where(z >= 0, 1.0, 0.0)


# --- sigmoid ------------------------------------------------------------------------------
def _sigmoid_d2f(z):
    """σ'' = σ'(1 - 2σ) = -σ'·tanh(z/2): no 1 - 2σ to cancel near 0."""
    return -st.sigmoid_prime(z) * np.tanh(0.5 * z)


def _sigmoid_from_output(y):
    """y(1 - y); nan outside [0, 1], where no input gives y."""
    inside = (y >= 0.0) & (y <= 1.0)
    v = masked(y, inside)
    return np.where(inside, v * (1.0 - v), np.nan)


# --- tanh ---------------------------------------------------------------------------------
def _tanh(z):
    return np.tanh(z)


def _tanh_d2f(z):
    return -2.0 * np.tanh(z) * st.sech2(z)


def _tanh_from_output(y):
    """1 - y²; nan outside [-1, 1], where no input gives y."""
    inside = np.abs(y) <= 1.0
    v = masked(y, inside)
    return np.where(inside, 1.0 - v * v, np.nan)


# --- hard sigmoid -------------------------------------------------------------------------
def _hard_sigmoid(z):
    """relu6(z + 3)/6; its slope at ±3 is taken as 0, as in PyTorch."""
    return np.clip((z + 3.0) / 6.0, 0.0, 1.0)


def _hard_sigmoid_df(z):
    return np.where((z > -3.0) & (z < 3.0), 1.0 / 6.0, 0.0)


def _hard_sigmoid_from_output(y):
    return np.where((y > 0.0) & (y < 1.0), 1.0 / 6.0, 0.0)


# --- hard tanh ----------------------------------------------------------------------------
def _hard_tanh(z):
    return np.clip(z, -1.0, 1.0)


def _hard_tanh_df(z):
    """1 strictly inside (-1, 1), 0 elsewhere (PyTorch's slope at ±1 is 0)."""
    return np.where(np.abs(z) < 1.0, 1.0, 0.0)


def _hard_tanh_from_output(y):
    return np.where(np.abs(y) < 1.0, 1.0, 0.0)


# --- softsign -----------------------------------------------------------------------------
def _softsign(z):
    finite = np.isfinite(z)
    x = masked(z, finite)
    return np.where(finite, x / (1.0 + np.abs(x)), np.sign(z))


def _softsign_df(z):
    r = 1.0 / (1.0 + np.abs(z))
    return r * r


def _softsign_d2f(z):
    """-2 sgn(z)/(1 + |z|)³, taken as 0 at z = 0 where its one-sided limits are ∓2."""
    r = 1.0 / (1.0 + np.abs(z))
    return -2.0 * np.sign(z) * r * r * r


def _softsign_from_output(y):
    """(1 - |y|)²; nan outside (-1, 1), where no input gives y."""
    inside = np.abs(y) < 1.0
    r = 1.0 - np.abs(masked(y, inside))
    return np.where(inside, r * r, np.nan)


# --- arctan -------------------------------------------------------------------------------
def _arctan(z):
    return np.arctan(z)


def _arctan_df(z):
    """1/(1 + z²), written in t = 1/z for |z| > 1 so z² never overflows."""
    big = np.abs(z) > 1.0
    t = 1.0 / np.where(big, z, 1.0)
    x = masked(z, ~big)
    return np.where(big, t * t / (1.0 + t * t), 1.0 / (1.0 + x * x))


def _arctan_d2f(z):
    big = np.abs(z) > 1.0
    t = 1.0 / np.where(big, z, 1.0)
    x = masked(z, ~big)
    tail = -2.0 * t * t * t / ((1.0 + t * t) * (1.0 + t * t))
    return np.where(big, tail, -2.0 * x / ((1.0 + x * x) * (1.0 + x * x)))


def _arctan_from_output(y):
    """cos² y; nan outside the output range, where no input gives y."""
    inside = np.abs(y) < np.pi / 2
    c = np.cos(masked(y, inside))
    return np.where(inside, c * c, np.nan)


# --- LeCun's scaled tanh ------------------------------------------------------------------
def _lecun_arg(z):
    """(2z/3 rounded, its rounding error): the tails of sech² need the error carried."""
    x = np.where(np.abs(z) < 1e300, z, np.sign(z) * 1e300)
    hi = (x + x) / 3.0
    p, e = st.two_product(np.where(np.abs(hi) < 1e150, hi, 0.0), np.full_like(hi, 3.0))
    lo = np.where(np.abs(hi) < 1e150, ((x + x) - p - e) / 3.0, 0.0)
    return hi, lo


def _sech2_dd(hi, lo):
    """sech²(hi + lo) for |lo| ≤ ulp(hi): the first-order correction in lo."""
    return st.sech2(hi) * (1.0 - 2.0 * np.tanh(hi) * lo)


def _lecun_tanh(z):
    hi, lo = _lecun_arg(z)
    return LECUN_SCALE * (np.tanh(hi) + st.sech2(hi) * lo)


def _lecun_tanh_df(z):
    hi, lo = _lecun_arg(z)
    return LECUN_SCALE * (2.0 / 3.0) * _sech2_dd(hi, lo)


def _lecun_tanh_d2f(z):
    hi, lo = _lecun_arg(z)
    tanh = np.tanh(hi) + st.sech2(hi) * lo
    return -LECUN_SCALE * (8.0 / 9.0) * tanh * _sech2_dd(hi, lo)


def _lecun_tanh_from_output(y):
    """(2/3)(1.7159 - y²/1.7159); nan outside the output range."""
    inside = np.abs(y) <= LECUN_SCALE
    u = masked(y, inside) / LECUN_SCALE
    return np.where(inside, LECUN_SCALE * (2.0 / 3.0) * (1.0 - u * u), np.nan)


# --- scaled tanh: soft-capping and Dynamic Tanh ------------------------------------------
# Both are tanh of a scaled input u = z/c or αz. u is carried as hi + lo (lo its rounding
# error), since tanh's tails and sech² would otherwise pay |hi| ULP for it. Beyond |u| = 400
# tanh is ±1 and sech² is 0, so hi is capped there (with lo = 0). Below |u| = 1e-9,
# tanh u = u to double precision, and the result is formed from z without forming u, which
# may have underflowed.
_TANH_CAP = 400.0
_TANH_LINEAR = 1e-9  # tanh u = u(1 - u²/3 + ...): u²/3 is below 1e-18 here


def _tanh_dd(hi, lo):
    """tanh(hi + lo) for |lo| ≤ ulp(hi), to first order in lo."""
    return np.tanh(hi) + st.sech2(hi) * lo


def _scaled(z, scale, divide: bool):
    """(hi, lo, small): hi + lo = z/scale (``divide``) or z·scale to double-double accuracy,
    hi capped at ±400; ``small`` where |hi| < 1e-9."""
    with np.errstate(over="ignore", under="ignore"):  # a capped or linear hi is not used raw
        raw = z / scale if divide else z * scale
    hi = np.clip(raw, -_TANH_CAP, _TANH_CAP)
    small = np.abs(hi) < _TANH_LINEAR
    if not 1e-140 < scale < 1e140:  # outside two_product's range
        return hi, np.zeros_like(hi), small
    exact = np.abs(raw) < _TANH_CAP
    h = masked(hi, exact)
    if divide:
        product, error = st.two_product(h, np.full_like(h, scale))
        lo = ((masked(z, exact) - product) - error) / scale
    else:
        product, lo = st.two_product(np.full_like(h, scale), masked(z, exact))
    return hi, np.where(exact, lo, 0.0), small


def _softcap(z, cap):
    """c·tanh(z/c); z itself where |z/c| < 1e-9."""
    hi, lo, small = _scaled(z, cap, divide=True)
    return np.where(small, z, cap * _tanh_dd(hi, lo))


def _softcap_df(z, cap):
    hi, lo, _ = _scaled(z, cap, divide=True)
    return _sech2_dd(hi, lo)


def _softcap_d2f(z, cap):
    """-(2/c)·tanh(z/c)·sech²(z/c); -2(z/c)/c where |z/c| < 1e-9."""
    hi, lo, small = _scaled(z, cap, divide=True)
    with np.errstate(over="ignore"):  # beyond the largest float for a tiny c: inf, the answer
        return np.where(
            small,
            -2.0 * (z / cap) / cap,
            -2.0 * (_tanh_dd(hi, lo) * _sech2_dd(hi, lo)) / cap,
        )


def _softcap_from_output(y, cap):
    """1 - (y/c)²; nan outside [-c, c], where no input gives y."""
    inside = np.abs(y) <= cap
    u = masked(y, inside) / cap
    return np.where(inside, 1.0 - u * u, np.nan)


def _dyt(z, alpha, gamma, beta):
    """γ·tanh(αz) + β; (γz)α + β where |αz| < 1e-9, as αz alone may have underflowed."""
    hi, lo, small = _scaled(z, alpha, divide=False)
    with np.errstate(over="ignore", under="ignore"):
        linear = (gamma * z) * alpha
    return np.where(small, linear, gamma * _tanh_dd(hi, lo)) + beta


def _dyt_df(z, alpha, gamma, beta):
    with np.errstate(over="ignore"):  # γα beyond the largest float: inf, the answer near 0
        return (gamma * alpha) * _sech2_dd(*_scaled(z, alpha, divide=False)[:2])


def _dyt_d2f(z, alpha, gamma, beta):
    """-2γα²·tanh(αz)·sech²(αz), the small factors multiplied first (0 where tanh·sech² is,
    even when γα² overflows); -2(γz)α³ where |αz| < 1e-9."""
    hi, lo, small = _scaled(z, alpha, divide=False)
    shape = _tanh_dd(hi, lo) * _sech2_dd(hi, lo)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        value = -2.0 * (((shape * alpha) * gamma) * alpha)
        linear = -2.0 * ((((gamma * z) * alpha) * alpha) * alpha)
    return np.where(small, linear, np.where(shape == 0, 0.0 * shape, value))


def _dyt_from_output(y, alpha, gamma, beta):
    """γα(1 - ((y - β)/γ)²); nan outside [β - γ, β + γ], where no input gives y."""
    u = (y - beta) / gamma
    inside = np.abs(u) <= 1.0
    v = masked(u, inside)
    return np.where(inside, (gamma * alpha) * (1.0 - v * v), np.nan)


# --- inverse square root unit -------------------------------------------------------------
_ISRU_SPLIT = 1e8  # beyond |√α·z| = 1e8, 1 + αz² = αz² to double precision


def _isru_parts(z, alpha):
    """(u, big, r): u = √α·z, ``big`` where |u| > 1e8, and r = 1/√(1 + u²) (1/|u| there).

    Written in u, so that no α, however large or small, makes αz² overflow or underflow.
    """
    with np.errstate(over="ignore"):  # √α·z beyond the largest float is inf, and r is 0 there
        u = math.sqrt(alpha) * z
    big = np.abs(u) > _ISRU_SPLIT
    v = masked(u, ~big)
    return u, big, np.where(big, 1.0 / np.abs(masked(u, big, 1.0)), 1.0 / np.sqrt(1.0 + v * v))


def _isru(z, alpha):
    u, big, r = _isru_parts(z, alpha)
    return np.where(big, np.sign(u) / math.sqrt(alpha), masked(z, ~big) * r)


def _isru_df(z, alpha):
    _, _, r = _isru_parts(z, alpha)
    return r * r * r


def _isru_d2f(z, alpha):
    """-3αz·r⁵ = -3√α·(u·r)·r⁴, with u·r = sgn(u) where |u| > 1e8: nothing overflows."""
    u, big, r = _isru_parts(z, alpha)
    ur = np.where(big, np.sign(u), masked(u, ~big) * r)
    return -3.0 * math.sqrt(alpha) * ur * (r * r * r * r)


def _isru_from_output(y, alpha):
    """(1 - αy²)^(3/2); nan outside the output range, where no input gives y."""
    inside = np.abs(y) <= 1.0 / np.sqrt(alpha)
    v = masked(y, inside)
    s = np.maximum(1.0 - alpha * v * v, 0.0)
    return np.where(inside, s * np.sqrt(s), np.nan)


# --- log-sigmoid --------------------------------------------------------------------------
def _log_sigmoid(z):
    """log σ(z) = -softplus(-z): exact for large |z|."""
    return -st.softplus(-z)


def _log_sigmoid_df(z):
    return st.sigmoid(-z)


def _log_sigmoid_d2f(z):
    return -st.sigmoid_prime(z)


def _log_sigmoid_from_output(y):
    """1 - e^y; nan for y > 0, which no input gives."""
    inside = y <= 0.0
    return np.where(inside, -np.expm1(masked(y, inside)), np.nan)


# --- tanhshrink ---------------------------------------------------------------------------
# z·cosh z - sinh z = sum over n >= 1 of z^(2n+1)·2n/(2n+1)!: every term has z's sign.
_TANHSHRINK_SERIES = tuple(2 * n / math.factorial(2 * n + 1) for n in range(1, 18))


def _tanhshrink(z):
    """z - tanh z; for |z| <= 2 as (z·cosh z - sinh z)/cosh z from a series without cancellation."""
    small = np.abs(z) <= 2.0
    x = masked(z, small)
    x2 = x * x
    series = np.zeros_like(x)
    for coefficient in reversed(_TANHSHRINK_SERIES):
        series = series * x2 + coefficient
    near = x * x2 * series / np.cosh(x)
    finite = np.isfinite(z)
    w = masked(z, finite)
    return np.where(small, near, np.where(finite, w - np.tanh(w), z))


def _tanhshrink_df(z):
    """tanh² z."""
    t = np.tanh(z)
    return t * t


def _tanhshrink_d2f(z):
    return 2.0 * np.tanh(z) * st.sech2(z)


# --- sparse sigmoid -----------------------------------------------------------------------
def _sparse_sigmoid(z):
    return 0.5 * np.clip(z + 1.0, 0.0, 2.0)


def _sparse_sigmoid_df(z):
    """1/2 strictly inside (-1, 1), 0 elsewhere (slope at ±1 taken as 0)."""
    return np.where((z > -1.0) & (z < 1.0), 0.5, 0.0)


def _sparse_sigmoid_from_output(y):
    return np.where((y > 0.0) & (y < 1.0), 0.5, 0.0)


def _lecun_tanh_of(z):
    return sp.tanh(sp.Rational(2, 3) * z)


# --- Laplace (MEGA) -----------------------------------------------------------------------
# f = Φ(u) with u = (z - μ)/σ. In the lower tail Φ(u) ≈ φ(u)/|u| changes by a factor
# 1 + |u|·δ when u moves by δ, so the rounding of u would cost about u² ULP at u = -38; u is
# carried as a double-double hi + lo instead, and Φ(hi + lo) = Φ(hi) + φ(hi)·lo (the next
# term is below 1e-26 relative). Φ(hi) is GELU's: φ(x)·R(x), R the Mills ratio, x = |hi|.
MEGA_MU = 0.707107  # √(1/2) = 0.70710678…, as MEGA's code and transformers round it
MEGA_SIGMA = 0.282095  # 1/√(4π) = 0.28209479…, likewise
_FAR_BELOW = 1e100  # Φ(u) < 10^(-10^199) for u < -1e100: 0 in any float


def _laplace_expr(z, p):
    """Φ((z - μ)/σ) for the 50-digit reference: erfc below μ, where 1 + erf would cancel all
    its digits, erf above; and 0 beyond 1e100 widths below μ, where mpmath's erfc overflows
    (its arguments past about 1e154)."""
    mu, sigma = p["mu"], p["sigma"]
    scaled = sigma * sp.sqrt(2)
    return sp.Piecewise(
        (0, z < mu - _FAR_BELOW * sigma),
        (sp.erfc((mu - z) / scaled) / 2, z < mu),
        ((1 + sp.erf((z - mu) / scaled)) / 2, True),
    )


def _laplace_u(z, mu, sigma):
    """(hi, x, lo, near): u = (z - μ)/σ = hi + lo and x = |hi| where ``near``, within 41
    widths of μ; beyond, Φ is exactly 0 or 1 and φ is 0 (z - μ is clipped there first, so
    nothing overflows)."""
    reach = (_GAUSS_CAP + 1.0) * sigma
    with np.errstate(over="ignore", invalid="ignore"):  # z - μ beyond the range is clipped
        d = z - mu
        back = d - z  # z - μ = d + d_lo exactly (Knuth's TwoSum)
        d_lo = (z - (d - back)) + (-mu - back)
    near = (np.abs(d) <= reach) & np.isfinite(d_lo)
    d, d_lo = np.where(near, d, np.copysign(min(reach, 1e300), d)), np.where(near, d_lo, 0.0)
    hi = d / sigma
    if sigma < 1e150:  # the rounding of d/σ, exactly (Dekker's product needs σ < 1e150)
        product, product_lo = st.two_product(hi, np.full_like(hi, sigma))
        d_lo = ((d - product) - product_lo) + d_lo
    return hi, np.minimum(np.abs(hi), _GAUSS_CAP), d_lo / sigma, near


def _laplace(z, mu, sigma):
    """Φ((z - μ)/σ): φ(x)(R(x) + lo) below μ, 1 - φ(x)(R(x) - lo) above."""
    hi, x, lo, near = _laplace_u(z, mu, sigma)
    ratio, _ = _mills_ratio(x)
    pdf = st.normal_pdf(x)
    value = np.where(hi < 0, _times_pdf(x, ratio + lo, pdf), 1.0 - _times_pdf(x, ratio - lo, pdf))
    return np.where(near, value, np.where(hi < 0, 0.0, 1.0))


def _laplace_df(z, mu, sigma):
    """φ(u)/σ, with φ(hi + lo) = φ(hi)·(1 - hi·lo); inf where it exceeds the float range."""
    hi, x, lo, near = _laplace_u(z, mu, sigma)
    return np.where(near, _over_sigma(x, 1.0 - hi * lo, 1.0 / sigma), 0.0)


def _laplace_d2f(z, mu, sigma):
    """-u·φ(u)/σ², exactly 0 at z = μ."""
    hi, x, lo, near = _laplace_u(z, mu, sigma)
    return np.where(near, _over_sigma(x, -(hi + lo) * (1.0 - hi * lo), 1.0 / sigma / sigma), 0.0)


def _over_sigma(x, factor, scale):
    """factor·φ(x)·scale, rounded once where scale (a power of 1/σ) is finite, so a subnormal
    result keeps its digits; for a σ so small that it is not, inf where the result is."""
    if math.isfinite(scale):
        return _times_pdf(x, factor * scale)
    with np.errstate(over="ignore", invalid="ignore"):
        return _times_pdf(x, factor) * scale


# --- textbook formulas, for the stability page and the benchmark -----------------------------
def _naive_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _naive_sigmoid_df(z):
    s = _naive_sigmoid(z)
    return s * (1 - s)


def _keras2_hard_sigmoid(z):
    """clip(0.2 z + 0.5, 0, 1): tf.keras' (Keras 2's) hard sigmoid."""
    return np.clip(0.2 * z + 0.5, 0.0, 1.0)


DEFINITIONS = (
    Definition(
        slug="linear",
        name="Linear",
        aliases=("identity",),
        family="sigmoidal",
        summary="Passes its input through unchanged; the output layer of a regression model.",
        numpy="return z.copy()",
        f=_linear,
        df=_one,
        d2f=_zero,
        expr=lambda z, p: z,
        display={
            "df": lambda z, p: sp.Integer(1),
            "d2f": lambda z, p: sp.Integer(0),
            "output": lambda y, p: sp.Integer(1),
        },
        df_from_output=_one,
        tags=("output-layer",),
        frameworks=(
            FrameworkName("PyTorch", function="", layer="torch.nn.Identity"),
            FrameworkName("JAX", function="jax.nn.identity"),
            FrameworkName(
                "Keras", function="keras.activations.linear", layer="keras.layers.Identity"
            ),
            FrameworkName("Flax", function="flax.nnx.identity"),
            FrameworkName("MLX", function="", layer="mlx.nn.Identity"),
        ),
        references=(
            Reference(
                authors="B. Widrow, M. E. Hoff",
                title="Adaptive Switching Circuits",
                year=1960,
                url="https://apps.dtic.mil/sti/citations/AD0241531",
                venue="IRE WESCON Convention Record 1960",
                kind="inproceedings",
            ),
        ),
        naive=Naive(f=lambda z: z.copy(), df=lambda z: np.ones_like(z)),
    ),
    Definition(
        slug="binary_step",
        name="Binary step",
        family="sigmoidal",
        summary=(
            "The perceptron's threshold: 1 for z ≥ 0 and 0 below; its slope is 0 almost everywhere."
        ),
        numpy="return np.where(z < 0, 0.0, 1.0)",
        f=_binary_step,
        df=_zero,
        d2f=_zero,
        expr=lambda z, p: sp.Piecewise((0, z < 0), (1, True)),
        display={"output": lambda y, p: sp.Integer(0)},
        df_from_output=_zero,
        breakpoints=lambda: (0.0,),
        references=(
            Reference(
                authors="W. S. McCulloch, W. Pitts",
                title="A Logical Calculus of the Ideas Immanent in Nervous Activity",
                year=1943,
                doi="10.1007/BF02478259",
                venue="Bulletin of Mathematical Biophysics",
                kind="article",
                volume="5",
            ),
            Reference(
                authors="F. Rosenblatt",
                title=(
                    "The Perceptron: A Probabilistic Model for Information Storage and Organization"
                    " in the Brain"
                ),
                year=1958,
                doi="10.1037/h0042519",
                venue="Psychological Review",
                kind="article",
                volume="65",
                number="6",
            ),
        ),
        naive=Naive(f=lambda z: np.where(z >= 0, 1.0, 0.0), df=lambda z: np.zeros_like(z)),
        frameworks=(FrameworkName("MLX", function="mlx.nn.step", layer="mlx.nn.Step"),),
    ),
    Definition(
        slug="sigmoid",
        name="Sigmoid",
        aliases=("logistic",),
        family="sigmoidal",
        summary="Squashes any input into (0, 1); the probability output of binary classifiers.",
        numpy="""
            e = np.exp(-np.abs(z))
            return np.where(z >= 0, 1.0, e) / (1.0 + e)
        """,
        f=st.sigmoid,
        df=st.sigmoid_prime,
        d2f=_sigmoid_d2f,
        expr=lambda z, p: 1 / (1 + sp.exp(-z)),
        display={
            "df": lambda z, p: sym.sigma(z) * (1 - sym.sigma(z)),
            "d2f": lambda z, p: sym.sigma(z) * (1 - sym.sigma(z)) * (1 - 2 * sym.sigma(z)),
            "output": lambda y, p: y * (1 - y),
        },
        df_from_output=_sigmoid_from_output,
        tags=("output-layer",),
        frameworks=(
            FrameworkName(
                "PyTorch", function="torch.nn.functional.sigmoid", layer="torch.nn.Sigmoid"
            ),
            FrameworkName("JAX", function="jax.nn.sigmoid"),
            FrameworkName("Keras", function="keras.activations.sigmoid"),
            FrameworkName("Flax", function="flax.nnx.sigmoid"),
            FrameworkName("TensorFlow", function="tf.nn.sigmoid"),
            FrameworkName("MLX", function="mlx.nn.sigmoid", layer="mlx.nn.Sigmoid"),
        ),
        references=(
            Reference(
                authors="P.-F. Verhulst",
                title="Recherches mathématiques sur la loi d'accroissement de la population",
                year=1845,
                venue="Nouveaux Mémoires de l'Académie Royale des Sciences et Belles-Lettres de"
                " Bruxelles",
                kind="article",
                volume="18",
            ),
            Reference(
                authors="D. E. Rumelhart, G. E. Hinton, R. J. Williams",
                title="Learning representations by back-propagating errors",
                year=1986,
                doi="10.1038/323533a0",
                venue="Nature",
                kind="article",
                volume="323",
            ),
        ),
        naive=Naive(
            f=lambda z: 1 / (1 + np.exp(-z)),
            df=_naive_sigmoid_df,
            library=lambda z: scipy.special.expit(z),
        ),
        stability=(
            StabilityCase(
                key="sigmoid",
                order=0,
                label="σ(z)",
                naive_label="naive 1/(1 + exp(−z))",
                naive_tex=r"\frac{1}{1+e^{-z}}",
                causes=(
                    (
                        "zero",
                        r"$`e^{-z}`$ overflows to ∞ for z ≤ {onset-}, and $`1/(1+\infty) = 0`$, "
                        "while σ(z) stays a representable (subnormal) number a little further out",
                    ),
                ),
                examples=(-720.0,),
            ),
            StabilityCase(
                key="sigmoid-prime",
                order=1,
                label="σ′(z)",
                naive_label="naive σ(z)(1 − σ(z))",
                naive_tex=r"\sigma(z)\,(1-\sigma(z))",
                causes=(
                    (
                        "cancellation",
                        r"$`1-\sigma(z)`$ subtracts two nearly equal numbers for z > 0",
                    ),
                    (
                        "zero",
                        r"σ(z) rounds to exactly 1 for z ≥ {onset+}, so $`1-\sigma(z) = 0`$; for "
                        "z ≤ {onset-}, σ(z) itself is already 0",
                    ),
                ),
                examples=(40.0,),
            ),
        ),
    ),
    Definition(
        slug="tanh",
        name="Tanh",
        family="sigmoidal",
        summary="The hyperbolic tangent: a zero-centred S-curve onto (-1, 1).",
        numpy="return np.tanh(z)",
        f=_tanh,
        df=st.sech2,
        d2f=_tanh_d2f,
        expr=lambda z, p: sp.tanh(z),
        display={
            "df": lambda z, p: 1 - sp.tanh(z) ** 2,
            "d2f": lambda z, p: -2 * sp.tanh(z) * (1 - sp.tanh(z) ** 2),
            "output": lambda y, p: 1 - y**2,
        },
        df_from_output=_tanh_from_output,
        tags=("hidden-layer",),
        frameworks=(
            FrameworkName("PyTorch", function="torch.nn.functional.tanh", layer="torch.nn.Tanh"),
            FrameworkName("JAX", function="jax.nn.tanh"),
            FrameworkName("Keras", function="keras.activations.tanh"),
            FrameworkName("Flax", function="flax.nnx.tanh"),
            FrameworkName("TensorFlow", function="tf.nn.tanh"),
            FrameworkName("MLX", function="mlx.nn.tanh", layer="mlx.nn.Tanh"),
        ),
        references=(papers.LECUN_1998,),
        naive=Naive(f=lambda z: np.tanh(z), df=lambda z: 1 - np.tanh(z) ** 2),
        stability=(
            StabilityCase(
                key="tanh-prime",
                order=1,
                label="tanh′(z)",
                naive_label="naive 1 − tanh²(z)",
                naive_tex=r"1-\tanh^2 z",
                causes=(
                    (
                        "cancellation",
                        r"$`1-\tanh^2 z`$ subtracts two nearly equal numbers away from 0",
                    ),
                    ("zero", "tanh(z) rounds to exactly ±1 for z ≥ {onset+} and z ≤ {onset-}"),
                ),
                examples=(20.0,),
            ),
        ),
    ),
    Definition(
        slug="hard_sigmoid",
        name="Hard sigmoid",
        family="sigmoidal",
        summary=(
            "A piecewise-linear sigmoid, relu6(z + 3)/6, cheap on mobile and quantised hardware."
        ),
        numpy="return np.clip((z + 3.0) / 6.0, 0.0, 1.0)",
        f=_hard_sigmoid,
        df=_hard_sigmoid_df,
        d2f=_zero,
        expr=lambda z, p: sp.Piecewise(
            (0, z <= -3), (sp.Mul(sp.Rational(1, 6), z + 3, evaluate=False), z < 3), (1, True)
        ),
        display={
            "output": lambda y, p: sp.Piecewise(
                (sp.Rational(1, 6), sp.And(y > 0, y < 1)), (0, True)
            )
        },
        df_from_output=_hard_sigmoid_from_output,
        variants=(
            Variant(
                "keras2_hard_sigmoid",
                "Keras 2's hard sigmoid",
                _keras2_hard_sigmoid,
                (-2.5, 2.5),
            ),
        ),
        breakpoints=lambda: (-3.0, 3.0),
        frameworks=(
            FrameworkName(
                "PyTorch", function="torch.nn.functional.hardsigmoid", layer="torch.nn.Hardsigmoid"
            ),
            FrameworkName("JAX", function="jax.nn.hard_sigmoid"),
            FrameworkName("Keras", function="keras.activations.hard_sigmoid"),
            FrameworkName("Flax", function="flax.nnx.hard_sigmoid"),
        ),
        references=(papers.HOWARD_2019,),
        naive=Naive(
            f=lambda z: np.clip(z / 6 + 0.5, 0, 1), df=lambda z: np.where(np.abs(z) < 3, 1 / 6, 0.0)
        ),
    ),
    Definition(
        slug="hard_tanh",
        name="Hard tanh",
        family="sigmoidal",
        summary="Clips its input to [-1, 1]: the identity in the middle, flat outside.",
        numpy="return np.clip(z, -1.0, 1.0)",
        f=_hard_tanh,
        df=_hard_tanh_df,
        d2f=_zero,
        expr=lambda z, p: sp.Piecewise((-1, z <= -1), (z, z < 1), (1, True)),
        display={"output": lambda y, p: sp.Piecewise((1, sp.Abs(y) < 1), (0, True))},
        df_from_output=_hard_tanh_from_output,
        breakpoints=lambda: (-1.0, 1.0),
        frameworks=(
            FrameworkName(
                "PyTorch",
                function="torch.nn.functional.hardtanh",
                layer="torch.nn.Hardtanh",
            ),
            FrameworkName(
                "JAX",
                function="jax.nn.hard_tanh",
            ),
            FrameworkName("Keras", function="keras.activations.hard_tanh"),
            FrameworkName("Flax", function="flax.nnx.hard_tanh"),
            FrameworkName("MLX", function="mlx.nn.hard_tanh", layer="mlx.nn.HardTanh"),
        ),
        references=(
            Reference(
                authors="R. Collobert, J. Weston, L. Bottou, M. Karlen, K. Kavukcuoglu, P. Kuksa",
                title="Natural Language Processing (Almost) from Scratch",
                year=2011,
                url="https://jmlr.org/papers/v12/collobert11a.html",
                venue="Journal of Machine Learning Research",
                kind="article",
                arxiv="1103.0398",
                volume="12",
                pages="2493–2537",
            ),
        ),
        naive=Naive(f=lambda z: np.clip(z, -1, 1), df=lambda z: np.where(np.abs(z) < 1, 1.0, 0.0)),
    ),
    Definition(
        slug="softsign",
        name="Softsign",
        family="sigmoidal",
        summary=(
            "z/(1 + |z|): a tanh-like S-curve whose tails approach ±1 polynomially, not "
            "exponentially."
        ),
        numpy="return z / (1.0 + np.abs(z))",
        f=_softsign,
        df=_softsign_df,
        d2f=_softsign_d2f,
        expr=lambda z, p: z / (1 + sp.Abs(z)),
        display={
            "df": lambda z, p: 1 / (1 + sp.Abs(z)) ** 2,
            "d2f": lambda z, p: -2 * sp.sign(z) / (1 + sp.Abs(z)) ** 3,
            "output": lambda y, p: (1 - sp.Abs(y)) ** 2,
        },
        df_from_output=_softsign_from_output,
        breakpoints=lambda: (0.0,),
        frameworks=(
            FrameworkName(
                "PyTorch", function="torch.nn.functional.softsign", layer="torch.nn.Softsign"
            ),
            FrameworkName("JAX", function="jax.nn.soft_sign"),
            FrameworkName("Keras", function="keras.activations.softsign"),
            FrameworkName("Flax", function="flax.nnx.soft_sign"),
            FrameworkName("TensorFlow", function="tf.nn.softsign"),
            FrameworkName("MLX", function="mlx.nn.softsign", layer="mlx.nn.Softsign"),
        ),
        references=(
            Reference(
                authors="D. L. Elliott",
                title="A Better Activation Function for Artificial Neural Networks",
                year=1993,
                url="https://citeseerx.ist.psu.edu/viewdoc/summary?doi=10.1.1.46.7204",
                venue="University of Maryland",
                kind="techreport",
                number="ISR TR 93-8",
            ),
            Reference(
                authors="J. Bergstra, G. Desjardins, P. Lamblin, Y. Bengio",
                title="Quadratic polynomials learn better image features",
                year=2009,
                venue="DIRO, Université de Montréal",
                kind="techreport",
                number="1337",
            ),
        ),
        naive=Naive(f=lambda z: z / (1 + np.abs(z)), df=lambda z: 1 / (1 + np.abs(z)) ** 2),
    ),
    Definition(
        slug="arctan",
        name="Arctan",
        family="sigmoidal",
        summary="The inverse tangent: an S-curve onto (-π/2, π/2) with slowly decaying slope.",
        numpy="return np.arctan(z)",
        f=_arctan,
        df=_arctan_df,
        d2f=_arctan_d2f,
        expr=lambda z, p: sp.atan(z),
        display={
            "df": lambda z, p: 1 / (1 + z**2),
            "d2f": lambda z, p: -2 * z / (1 + z**2) ** 2,
            "output": lambda y, p: sp.cos(y) ** 2,
        },
        df_from_output=_arctan_from_output,
        naive=Naive(f=lambda z: np.arctan(z), df=lambda z: 1 / (1 + z**2)),
    ),
    Definition(
        slug="lecun_tanh",
        name="LeCun tanh",
        family="sigmoidal",
        summary=(
            "1.7159·tanh(2z/3): a tanh scaled so that f(±1) = ±1, where its slope is close to 1"
        ),
        numpy="return 1.7159 * np.tanh(z * (2.0 / 3.0))",
        f=_lecun_tanh,
        df=_lecun_tanh_df,
        d2f=_lecun_tanh_d2f,
        constants=(("1.7159", "1.7159", ""),),
        expr=lambda z, p: p["1.7159"] * _lecun_tanh_of(z),
        display={
            "df": lambda z, p: sp.Rational(2, 3) * p["1.7159"] * (1 - _lecun_tanh_of(z) ** 2),
            "d2f": lambda z, p: (
                -sp.Rational(8, 9) * p["1.7159"] * _lecun_tanh_of(z) * (1 - _lecun_tanh_of(z) ** 2)
            ),
            "output": lambda y, p: sp.Rational(2, 3) * (p["1.7159"] - y**2 / p["1.7159"]),
        },
        df_from_output=_lecun_tanh_from_output,
        tags=("hidden-layer",),
        references=(papers.LECUN_1998,),
        naive=Naive(
            f=lambda z: LECUN_SCALE * np.tanh(2 * z / 3),
            df=lambda z: LECUN_SCALE * 2 / 3 * (1 - np.tanh(2 * z / 3) ** 2),
        ),
    ),
    Definition(
        slug="softcap",
        name="Soft-capping",
        family="sigmoidal",
        summary=(
            "c·tanh(z/c): the identity near 0, bent smoothly to stay inside (-c, c); Gemma 2"
            " caps its logits with it."
        ),
        numpy="return cap * np.tanh(z / cap)",
        f=_softcap,
        df=_softcap_df,
        d2f=_softcap_d2f,
        params=(
            Param(
                "cap",
                30.0,
                0.0,
                low_open=True,
                symbol="c",
                doc="the bound: outputs stay inside (-c, c); Gemma 2 uses 30 for its final"
                " logits and 50 for its attention logits",
                family=(1.0, 3.0),
            ),
        ),
        expr=lambda z, p: p["cap"] * sp.tanh(z / p["cap"]),
        display={
            "df": lambda z, p: 1 - sp.tanh(z / p["cap"]) ** 2,
            "d2f": lambda z, p: (
                -2 * sp.tanh(z / p["cap"]) * (1 - sp.tanh(z / p["cap"]) ** 2) / p["cap"]
            ),
            "output": lambda y, p: 1 - (y / p["cap"]) ** 2,
        },
        df_from_output=_softcap_from_output,
        tags=("output-layer",),
        references=(
            Reference(
                authors="Gemma Team",
                title="Gemma 2: Improving Open Language Models at a Practical Size",
                year=2024,
                arxiv="2408.00118",
                venue="arXiv preprint",
            ),
        ),
        used_in=(
            Use(
                "Gemma 2",
                "the final logits (c = 30, `final_logit_softcap`) and the attention logits of"
                " every layer (c = 50, `attn_logits_soft_cap`)",
                Reference(
                    authors="Google DeepMind",
                    title="gemma, gemma/transformer.py",
                    year=2024,
                    url="https://github.com/google-deepmind/gemma/blob/main/gemma/transformer.py",
                    venue="released code",
                ),
            ),
            Use(
                "Grok-1",
                "the attention logits (c = 30, `max_attn_val` in `MultiHeadAttention`)",
                Reference(
                    authors="xAI",
                    title="grok-1, model.py",
                    year=2024,
                    url="https://github.com/xai-org/grok-1/blob/main/model.py",
                    venue="released code",
                ),
            ),
        ),
        naive=Naive(
            f=lambda z, cap: cap * np.tanh(z / cap),
            df=lambda z, cap: 1 - np.tanh(z / cap) ** 2,
        ),
    ),
    Definition(
        slug="dyt",
        name="Dynamic Tanh (DyT)",
        family="sigmoidal",
        summary=(
            "γ·tanh(αz) + β: the element-wise layer that replaces LayerNorm in"
            ' "Transformers without Normalization", with a learnt scalar α.'
        ),
        numpy="return gamma * np.tanh(alpha * z) + beta",
        f=_dyt,
        df=_dyt_df,
        d2f=_dyt_d2f,
        params=(
            Param(
                "alpha",
                0.5,
                0.0,
                low_open=True,
                symbol="alpha",
                doc="the input scale, one learnt scalar per layer; 0.5 is the paper's"
                " initial value",
                family=(0.25, 1.0, 2.0),
            ),
            Param(
                "gamma",
                1.0,
                0.0,
                low_open=True,
                symbol="gamma",
                doc="the output scale, learnt per channel (initialised to 1)",
            ),
            Param(
                "beta",
                0.0,
                -math.inf,
                symbol="beta",
                doc="the output shift, learnt per channel (initialised to 0)",
            ),
        ),
        expr=lambda z, p: p["gamma"] * sp.tanh(p["alpha"] * z) + p["beta"],
        display={
            "df": lambda z, p: p["gamma"] * p["alpha"] * (1 - sp.tanh(p["alpha"] * z) ** 2),
            "d2f": lambda z, p: (
                -2
                * p["gamma"]
                * p["alpha"] ** 2
                * sp.tanh(p["alpha"] * z)
                * (1 - sp.tanh(p["alpha"] * z) ** 2)
            ),
            "output": lambda y, p: (
                p["gamma"] * p["alpha"] * (1 - ((y - p["beta"]) / p["gamma"]) ** 2)
            ),
        },
        df_from_output=_dyt_from_output,
        references=(
            Reference(
                authors="J. Zhu, X. Chen, K. He, Y. LeCun, Z. Liu",
                title="Transformers without Normalization",
                year=2025,
                arxiv="2503.10622",
                venue="CVPR 2025",
                kind="inproceedings",
            ),
        ),
        naive=Naive(
            f=lambda z, alpha, gamma, beta: gamma * np.tanh(alpha * z) + beta,
            df=lambda z, alpha, gamma, beta: gamma * alpha * (1 - np.tanh(alpha * z) ** 2),
        ),
    ),
    Definition(
        slug="isru",
        name="ISRU",
        family="sigmoidal",
        summary=(
            "Inverse square root unit z/√(1 + αz²): a sigmoid-shaped curve onto (-1/√α, 1/√α) "
            "from cheap arithmetic."
        ),
        numpy="""
            big = np.abs(z) > 1e100  # there αz² ≫ 1 and f = sign(z)/√α to double precision
            x = np.where(big, 1.0, z)
            return np.where(big, np.sign(z) / np.sqrt(alpha), x / np.sqrt(1.0 + alpha * x * x))
        """,
        f=_isru,
        df=_isru_df,
        d2f=_isru_d2f,
        params=(
            Param(
                "alpha",
                1.0,
                0.0,
                low_open=True,
                symbol="alpha",
                doc="sets the asymptotes ±1/√α",
                family=(0.5, 1.0, 3.0),
            ),
        ),
        expr=lambda z, p: z / sp.sqrt(1 + p["alpha"] * z**2),
        display={
            "df": lambda z, p: (1 / sp.sqrt(1 + p["alpha"] * z**2)) ** 3,
            "d2f": lambda z, p: -3 * p["alpha"] * z * (1 / sp.sqrt(1 + p["alpha"] * z**2)) ** 5,
            "output": lambda y, p: (1 - p["alpha"] * y**2) ** sp.Rational(3, 2),
        },
        df_from_output=_isru_from_output,
        references=(papers.CARLILE_2017,),
        naive=Naive(
            f=lambda z, alpha: z / np.sqrt(1 + alpha * z**2),
            df=lambda z, alpha: (1 / np.sqrt(1 + alpha * z**2)) ** 3,
        ),
    ),
    Definition(
        slug="log_sigmoid",
        name="Log-sigmoid",
        family="sigmoidal",
        summary="log σ(z) = -softplus(-z): the log-probability form used inside stable losses.",
        numpy="return -np.logaddexp(0.0, -z)",
        f=_log_sigmoid,
        df=_log_sigmoid_df,
        d2f=_log_sigmoid_d2f,
        expr=lambda z, p: -sp.log(1 + sp.exp(-z)),
        display={
            "df": lambda z, p: 1 - sym.sigma(z),
            "d2f": lambda z, p: -sym.sigma(z) * (1 - sym.sigma(z)),
            "output": lambda y, p: 1 - sp.exp(y),
        },
        df_from_output=_log_sigmoid_from_output,
        frameworks=(
            FrameworkName(
                "PyTorch", function="torch.nn.functional.logsigmoid", layer="torch.nn.LogSigmoid"
            ),
            FrameworkName("JAX", function="jax.nn.log_sigmoid"),
            FrameworkName("Keras", function="keras.activations.log_sigmoid"),
            FrameworkName("Flax", function="flax.nnx.log_sigmoid"),
            FrameworkName("TensorFlow", function="tf.math.log_sigmoid"),
            FrameworkName("MLX", function="mlx.nn.log_sigmoid", layer="mlx.nn.LogSigmoid"),
        ),
        naive=Naive(
            f=lambda z: np.log(1 / (1 + np.exp(-z))),
            df=lambda z: 1 / (1 + np.exp(z)),
            library=lambda z: scipy.special.log_expit(z),
        ),
        stability=(
            StabilityCase(
                key="log-sigmoid",
                order=0,
                label="log σ(z)",
                naive_label="naive log(1/(1 + exp(−z)))",
                naive_tex=r"\log\frac{1}{1+e^{-z}}",
                causes=(
                    (
                        "overflow",
                        r"$`e^{-z}`$ overflows for z ≤ {onset-}: $`1/(1+\infty) = 0`$ and "
                        r"$`\log 0 = -\infty`$",
                    ),
                    (
                        "cancellation",
                        "$`1+e^{-z}`$ keeps only the digits of $`e^{-z}`$ that fit beside the 1",
                    ),
                    (
                        "zero",
                        r"$`1+e^{-z}`$ rounds to exactly 1 for z ≥ {onset+}, and $`\log 1 = 0`$",
                    ),
                ),
                examples=(-800.0, 40.0),
            ),
        ),
    ),
    Definition(
        slug="tanhshrink",
        name="Tanhshrink",
        family="sigmoidal",
        summary="z - tanh z: near-zero for small inputs and linear for large ones.",
        numpy="""
            # below |z| = 1, (z cosh z - sinh z)/cosh z: a series of positive terms, no cancellation
            small = np.abs(z) < 1.0
            x = np.where(small, z, 0.0)
            term, series = x, np.zeros_like(x)
            for k in range(1, 10):
                term = term * x * x / (2 * k * (2 * k + 1))  # x^(2k+1)/(2k+1)!
                series += 2 * k * term
            return np.where(small, series / np.cosh(x), z - np.tanh(z))
        """,
        f=_tanhshrink,
        df=_tanhshrink_df,
        d2f=_tanhshrink_d2f,
        expr=lambda z, p: z - sp.tanh(z),
        display={
            "df": lambda z, p: sp.tanh(z) ** 2,
            "d2f": lambda z, p: 2 * sp.tanh(z) * (1 - sp.tanh(z) ** 2),
        },
        frameworks=(
            FrameworkName(
                "PyTorch", function="torch.nn.functional.tanhshrink", layer="torch.nn.Tanhshrink"
            ),
            FrameworkName("Keras", function="keras.activations.tanh_shrink"),
        ),
        naive=Naive(f=lambda z: z - np.tanh(z), df=lambda z: np.tanh(z) ** 2),
    ),
    Definition(
        slug="sparse_sigmoid",
        name="Sparse sigmoid",
        family="sigmoidal",
        summary=(
            "½·clip(z + 1, 0, 2): a sigmoid that reaches exactly 0 and 1, the derivative of "
            "sparse plus."
        ),
        numpy="return np.clip((z + 1.0) / 2.0, 0.0, 1.0)",
        f=_sparse_sigmoid,
        df=_sparse_sigmoid_df,
        d2f=_zero,
        expr=lambda z, p: sp.Piecewise(
            (0, z <= -1), (sp.Mul(sp.Rational(1, 2), z + 1, evaluate=False), z < 1), (1, True)
        ),
        display={
            "output": lambda y, p: sp.Piecewise(
                (sp.Rational(1, 2), sp.And(y > 0, y < 1)), (0, True)
            )
        },
        df_from_output=_sparse_sigmoid_from_output,
        breakpoints=lambda: (-1.0, 1.0),
        frameworks=(
            FrameworkName(
                "JAX",
                function="jax.nn.sparse_sigmoid",
            ),
            FrameworkName("Keras", function="keras.activations.sparse_sigmoid"),
        ),
        references=(
            papers.MARTINS_2016,
            papers.BLONDEL_2020,
        ),
        naive=Naive(
            f=lambda z: np.clip((z + 1) / 2, 0, 1), df=lambda z: np.where(np.abs(z) < 1, 0.5, 0.0)
        ),
    ),
    Definition(
        slug="laplace",
        name="Laplace (MEGA)",
        family="sigmoidal",
        summary="Φ((z − μ)/σ), a normal CDF with μ = √½ and σ = 1/√(4π): a bounded stand-in for "
        "squared ReLU, with its value and slope at z = √½; MEGA's attention function.",
        numpy="""
            import math

            erfc = np.vectorize(math.erfc, otypes=[float])  # numpy has no erfc
            return erfc((mu - z) / (sigma * np.sqrt(2.0))) / 2.0
        """,
        f=_laplace,
        df=_laplace_df,
        d2f=_laplace_d2f,
        params=(
            Param(
                "mu",
                MEGA_MU,
                -math.inf,
                low_open=True,
                symbol="mu",
                doc="the input where f = ½ and the slope peaks; √½ rounded to six digits",
                family=(0.0, MEGA_MU, 1.5),
            ),
            Param(
                "sigma",
                MEGA_SIGMA,
                0.0,
                low_open=True,
                symbol="sigma",
                doc="the width of the step; 1/√(4π) rounded to six digits",
                family=(0.15, MEGA_SIGMA, 0.5),
            ),
        ),
        expr=_laplace_expr,
        display={
            "f": lambda z, p: sym.Phi((z - p["mu"]) / p["sigma"]),
            "df": lambda z, p: sym.phi((z - p["mu"]) / p["sigma"]) / p["sigma"],
            "d2f": lambda z, p: (
                -(z - p["mu"]) * sym.phi((z - p["mu"]) / p["sigma"]) / p["sigma"] ** 3
            ),
        },
        evaluation={"f": lambda z, form, p: sym.Phi((z - p["mu"]) / p["sigma"])},
        references=(
            Reference(
                authors="X. Ma, C. Zhou, X. Kong, J. He, L. Gui, G. Neubig, J. May, L. Zettlemoyer",
                title="Mega: Moving Average Equipped Gated Attention",
                year=2022,
                arxiv="2209.10655",
                venue="ICLR 2023",
                kind="inproceedings",
            ),
        ),
        used_in=(
            Use(
                "MEGA",
                "the attention weights of its image, Pathfinder and Path-X models on Long Range"
                " Arena, an elementwise alternative to softmax"
                " (`--attention-activation-fn 'laplace'`)",
                Reference(
                    authors="Meta AI",
                    title="mega, examples/mega/README.lra.md",
                    year=2022,
                    url="https://github.com/facebookresearch/mega/blob/main/examples/mega/README.lra.md",
                    venue="released training commands",
                ),
            ),
        ),
        naive=Naive(
            f=lambda z, mu, sigma: (
                0.5 * (1.0 + scipy.special.erf((z - mu) / (sigma * math.sqrt(2.0))))
            ),
            df=lambda z, mu, sigma: (
                np.exp(-(((z - mu) / sigma) ** 2) / 2) / (sigma * math.sqrt(2 * math.pi))
            ),
            library=lambda z, mu, sigma: scipy.special.ndtr((z - mu) / sigma),
        ),
    ),
)
