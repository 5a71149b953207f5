"""Other activations: the exponential, the Gaussian bump, the periodic sin, Snake and sinc, and
LiSHT."""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import mpmath
import numpy as np

from activations import _stable as st
from activations._arrays import masked
from activations._definition import Definition, Naive, Param
from activations._sympy import sp
from activations._types import FrameworkName, Reference, Use

# --- exponential --------------------------------------------------------------------------
_EXP_LIMIT = 709.782712893384  # the largest float64 whose exponential is finite


def _exponential(z):
    """e^z, and inf above 709.78 where e^z exceeds the float range (without an overflow trap)."""
    return np.where(z > _EXP_LIMIT, np.inf, np.exp(np.minimum(z, _EXP_LIMIT)))


def _identity(y):
    return y.copy()


# --- Gaussian -----------------------------------------------------------------------------
# ln 2 split so that 256·_LN2_HI is exact and p - 256·_LN2_HI is exact for 512 < p < 900
# (fdlibm's constants: _LN2_HI has 32 significant bits).
_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
_DEEP_TAIL = 512.0  # from z² = 512 on, e^(-z²) is carried as m·2^(-256) with m normal
_GAUSSIAN_ZERO = 30.0  # e^(-z²)·4z² underflows to 0 beyond |z| = 27.5


def _gaussian_parts(z):
    """(x, p, e, m, k): x is z masked to |z| < 30, x² = p + e exactly, e^(-x²) = m·2^(-k).

    In the deep tail the value and its products with 2z and 4z² - 2 are
    subnormal; scaling by 2^256 keeps m normal so that those products round
    once, in the final ``ldexp``, instead of multiplying an already rounded
    subnormal by up to 3000.
    """
    near = np.abs(z) < _GAUSSIAN_ZERO
    x = masked(z, near)
    p, e = st.two_product(x, x)
    k = np.where(p > _DEEP_TAIL, 256, 0)
    m = np.exp(k * _LN2_HI - p) * np.exp(k * _LN2_LO - e)
    return x, p, e, np.where(near, m, 0.0), k


def _gaussian(z):
    _, _, _, m, k = _gaussian_parts(z)
    return np.ldexp(m, -k)


def _gaussian_df(z):
    """-2z·e^(-z²)."""
    x, _, _, m, k = _gaussian_parts(z)
    return np.ldexp(-2.0 * x * m, -k)


def _gaussian_d2f(z):
    """(4z² - 2)·e^(-z²), with 2z² - 1 = (2p - 1) + 2e rounded once (2p - 1 is exact near 1/2)."""
    _, p, e, m, k = _gaussian_parts(z)
    return np.ldexp(2.0 * ((2.0 * p - 1.0) + 2.0 * e) * m, -k)


# --- sinusoid -----------------------------------------------------------------------------
def _sin(z):
    """sin z, and nan at ±inf where it has no limit (masked, so numpy reports nothing invalid)."""
    finite = np.isfinite(z)
    return np.where(finite, np.sin(masked(z, finite)), np.nan)


def _cos(z):
    finite = np.isfinite(z)
    return np.where(finite, np.cos(masked(z, finite)), np.nan)


def _negative_sin(z):
    return -_sin(z)


# --- Snake --------------------------------------------------------------------------------
# With u = αz: f = z + sin²u/α, f' = 1 + sin 2u = (sin u + cos u)², f'' = 2α·cos 2u. Where
# sin u and cos u have opposite signs their sum cancels (f' has double roots at u = -π/4 + kπ),
# and there it is computed as -cos 2u/(sin u - cos u) instead. For α ≠ 1 the product αz is
# rounded, and sin of a large rounded argument is noise; u is carried as hi + lo (Dekker) and
# sin u = sin hi·cos lo + cos hi·sin lo, every argument an exact double.
_HALF_MAX = 8.98846567431158e307  # 2u is finite below it
_SPLIT_MAX = 1.3e300  # Dekker's split of a factor, 134217729 times it, stays finite below it


def _exact_trig(alpha: float, z: float) -> tuple[float, float, float]:
    """sin u, cos u and cos 2u of u = αz, the exact product of two doubles, with mpmath: for
    the rare inputs where αz overflows or its rounding error cannot be split off."""
    with mpmath.workprec(120):  # two 53-bit mantissas: the product is exact
        u = mpmath.mpf(alpha) * mpmath.mpf(z)
    with mpmath.workprec(max(int(mpmath.mag(u)), 0) + 120):  # reduction mod 2π keeps 120 bits
        return float(mpmath.sin(u)), float(mpmath.cos(u)), float(mpmath.cos(2 * u))


def _snake_parts(z, alpha):
    """(known, sin u, cos u, cos 2u) for u = αz; ``known`` is False at ±inf only. Where αz
    overflows, or α or z is too large for Dekker's split of its rounding error, the few
    values come from ``_exact_trig``."""
    x = masked(z, np.isfinite(z))
    with np.errstate(over="ignore"):
        hi = alpha * x
    known = np.isfinite(z)
    fast = known & np.isfinite(hi)
    lo = np.zeros_like(x)
    if alpha != 1.0:
        fast &= (alpha < _SPLIT_MAX) & (np.abs(x) < _SPLIT_MAX)
        if alpha < _SPLIT_MAX:
            _, error = st.two_product(np.full_like(x, alpha), masked(x, fast))
            lo = np.where(fast, error, 0.0)
    hi = masked(hi, fast)
    s_hi, c_hi, s_lo, c_lo = np.sin(hi), np.cos(hi), np.sin(lo), np.cos(lo)
    s, c = s_hi * c_lo + c_hi * s_lo, c_hi * c_lo - s_hi * s_lo
    fits = np.abs(hi) < _HALF_MAX
    twice, twice_lo = 2.0 * masked(hi, fits), 2.0 * masked(lo, fits)
    exact = np.cos(twice) * np.cos(twice_lo) - np.sin(twice) * np.sin(twice_lo)
    cos_double = np.where(fits, exact, (c - s) * (c + s))
    s, c, cos_double = np.atleast_1d(s, c, cos_double)
    for i in np.flatnonzero(known & ~fast):
        s.flat[i], c.flat[i], cos_double.flat[i] = _exact_trig(alpha, float(x.flat[i]))
    return known, s.reshape(np.shape(z)), c.reshape(np.shape(z)), cos_double.reshape(np.shape(z))


def _snake(z, alpha):
    """z + sin²(αz)/α, and ±inf at ±inf."""
    known, s, _, _ = _snake_parts(z, alpha)
    with np.errstate(over="ignore"):  # z + sin²(αz)/α beyond the float range is inf
        return np.where(known, z + s * s / alpha, z)


def _snake_df(z, alpha):
    """(sin u + cos u)², the sum taken without cancellation; no limit at ±inf."""
    known, s, c, cos_double = _snake_parts(z, alpha)
    opposite = s * c < 0
    gap = np.where(opposite, s - c, 1.0)  # |s - c| ≥ 1 where s and c have opposite signs
    total = np.where(opposite, -cos_double / gap, s + c)
    return np.where(known, total * total, np.nan)


def _snake_d2f(z, alpha):
    known, _, _, cos_double = _snake_parts(z, alpha)
    with np.errstate(over="ignore"):
        return np.where(known, 2.0 * alpha * cos_double, np.nan)


# --- LiSHT --------------------------------------------------------------------------------
# f = z·tanh z, f' = tanh z + z·sech²z (two terms of one sign), f'' = 2sech²z·(1 - z·tanh z)
# with 1 - x·tanh x = (1 - x) + 2x·t/(1 + t), t = e^(-2x), x = |z|, which loses only the
# rounding of e^(-2x) where it cancels. Around the root of f'' (x ≈ 1.1997, where f' peaks)
# a Taylor series about the root takes over, so f'' keeps its relative accuracy there.
_TANH_FLAT = 400.0  # sech²z underflows to 0 beyond it
_LISHT_ROOT_WINDOW = 0.15  # the series' terms shrink by 0.15/1.98 each (tanh's poles at ±iπ/2)


def _lisht_d2f_about_root(terms):
    """(hi, lo, c): r = hi + lo is the root of f'' and f''(r + d) = d·Σ c[k]·d^k. tanh's
    Taylor coefficients t_k about r follow from tanh' = 1 - tanh², those of z·tanh z are
    r·t_k + t_(k-1), and f'' takes the (k + 2)-th of them times (k + 1)(k + 2)."""
    with mpmath.workdps(40):
        root = mpmath.findroot(lambda x: 1 - x * mpmath.tanh(x), 1.2)
        hi = float(root)
        lo = float(root - hi)
        centre = mpmath.mpf(hi) + lo
        t = [mpmath.tanh(centre)]
        for k in range(terms + 2):
            square = mpmath.fsum(t[i] * t[k - i] for i in range(k + 1))
            t.append(((1 if k == 0 else 0) - square) / (k + 1))
        f = [centre * t[k] + (t[k - 1] if k else 0) for k in range(terms + 3)]
        coefficients = tuple(float((k + 1) * (k + 2) * f[k + 2]) for k in range(1, terms + 1))
    return hi, lo, coefficients


_LISHT_ROOT_HI, _LISHT_ROOT_LO, _LISHT_ROOT_SERIES = _lisht_d2f_about_root(20)


def _lisht(z):
    return z * np.tanh(z)


def _lisht_df(z):
    capped = np.clip(z, -_TANH_FLAT, _TANH_FLAT)
    return np.tanh(z) + capped * st.sech2(capped)


def _lisht_d2f(z):
    x = np.minimum(np.abs(z), _TANH_FLAT)
    t = np.exp(-2.0 * x)
    closed = 2.0 * st.sech2(x) * ((1.0 - x) + 2.0 * x * t / (1.0 + t))
    around = np.abs(x - _LISHT_ROOT_HI) <= _LISHT_ROOT_WINDOW
    d = (masked(x, around, _LISHT_ROOT_HI) - _LISHT_ROOT_HI) - _LISHT_ROOT_LO  # exact difference
    return np.where(around, d * _polynomial(d, _LISHT_ROOT_SERIES), closed)


# --- sinc ---------------------------------------------------------------------------------
# Taylor coefficients in z² of f'(z)/z and f''(z): sin z/z = sum over k of (-1)^k z^(2k)/(2k+1)!
_SINC_SERIES_LIMIT = 1.5  # below it the alternating series loses less than the closed forms
_SINC_DF_SERIES = tuple(
    (-1) ** (j + 1) * (2 * j + 2) / math.factorial(2 * j + 3) for j in range(13)
)
_SINC_D2F_SERIES = tuple(
    (-1) ** (j + 1) * (2 * j + 2) * (2 * j + 1) / math.factorial(2 * j + 3) for j in range(13)
)


def _sinc_derivative_mp(x, n=0):
    """The n-th derivative of sin(x)/x in mpmath at the working precision, also at x = 0."""
    x, n = mpmath.mpf(x), int(n)
    if abs(x) < 1:  # the Taylor series, termwise differentiated
        total, k = mpmath.mpf(0), (n + 1) // 2
        while True:
            term = (-1) ** k * mpmath.ff(2 * k, n) * x ** (2 * k - n) / mpmath.factorial(2 * k + 1)
            total += term
            if abs(term) <= mpmath.eps * abs(total):
                return total
            k += 1
    # Leibniz's rule with sin^(m) x = sin(x + mπ/2) and (1/x)^(k) = (-1)^k k!/x^(k+1)
    s, c = mpmath.sin(x), mpmath.cos(x)
    trig = (s, c, -s, -c)
    return mpmath.fsum(
        mpmath.binomial(n, k) * trig[(n - k) % 4] * (-1) ** k * mpmath.factorial(k) / x ** (k + 1)
        for k in range(n + 1)
    )


def _taylor_about_root(order, guess, terms):
    """(hi, lo, c): r = hi + lo is a root of g = sinc^(order) and g(r + d) = d·Σ c[k]·d^k."""
    with mpmath.workdps(40):
        root = mpmath.findroot(lambda x: _sinc_derivative_mp(x, order), guess)
        hi = float(root)
        lo = float(root - hi)
        centre = mpmath.mpf(hi) + lo
        coefficients = tuple(
            float(_sinc_derivative_mp(centre, order + k) / mpmath.factorial(k))
            for k in range(1, terms + 1)
        )
    return hi, lo, coefficients


# f'' = 0 at 2.0815759...: Taylor series about it out to |z| = 3.2, where its terms stop cancelling
_SINC_D2F_ROOT_HI, _SINC_D2F_ROOT_LO, _SINC_D2F_ROOT_SERIES = _taylor_about_root(2, 2.08, 22)
_SINC_D2F_ROOT_LIMIT = 3.2


def _polynomial(w, coefficients):
    total = np.zeros_like(w)
    for coefficient in reversed(coefficients):
        total = total * w + coefficient
    return total


def _sinc_regions(z):
    """(x near 0, t = 1/z away from it, sin z, cos z, mask of the near region)."""
    near = np.abs(z) <= _SINC_SERIES_LIMIT
    finite = np.isfinite(z)
    x = masked(z, near)
    far = masked(z, finite & ~near, 1.0)
    t = np.where(finite, 1.0 / far, 0.0)  # the limits at ±inf are 0
    return x, t, np.sin(far), np.cos(far), near


def _sinc(z):
    """sin z / z with the value 1 at z = 0 (unnormalised: numpy's np.sinc uses πz)."""
    finite = np.isfinite(z) & (z != 0)
    x = masked(z, finite, 1.0)
    return np.where(finite, np.sin(x) / x, np.where(z == 0, 1.0, 0.0))


def _sinc_df(z):
    """(z cos z - sin z)/z² as t(cos z - t sin z), t = 1/z; a series near 0 where it cancels."""
    x, t, s, c, near = _sinc_regions(z)
    series = x * _polynomial(x * x, _SINC_DF_SERIES)
    return np.where(near, series, t * (c - t * s))


def _sinc_d2f(z):
    """((2 - z²) sin z - 2z cos z)/z³ as t((2t² - 1) sin z - 2t cos z), t = 1/z.

    Near 0 a series; around its first root (2.08) f'' stays small while its
    terms do not, so there a Taylor series about the root.
    """
    x, t, s, c, near = _sinc_regions(z)
    series = _polynomial(x * x, _SINC_D2F_SERIES)
    around = (np.abs(z) > _SINC_SERIES_LIMIT) & (np.abs(z) <= _SINC_D2F_ROOT_LIMIT)
    w = np.abs(masked(z, around, _SINC_D2F_ROOT_HI))
    d = (w - _SINC_D2F_ROOT_HI) - _SINC_D2F_ROOT_LO  # w - hi is exact (Sterbenz)
    at_root = d * _polynomial(d, _SINC_D2F_ROOT_SERIES)
    far = t * ((2.0 * t * t - 1.0) * s - 2.0 * t * c)
    return np.where(near, series, np.where(around, at_root, far))


@functools.cache
def sinc_function() -> type:
    """The sympy function ``Sinc`` (made on first use: sympy is imported then)."""

    class Sinc(sp.Function):
        """sin(z)/z extended by its limit 1 at z = 0; ``Sinc(z, n)`` is its n-th derivative.

        sympy's own ``sinc`` differentiates to cos(z)/z - sin(z)/z², which has no
        value at z = 0 (sympy issue 11402), and a Piecewise with a constant branch
        at 0 differentiates to 0 there; so the derivatives here are again ``Sinc``,
        evaluated by mpmath (lambdify and evalf use ``_imp_``).
        """

        nargs = (1, 2)
        _imp_ = staticmethod(_sinc_derivative_mp)

        @property
        def derivative_order(self) -> int:
            return int(self.args[1]) if len(self.args) == 2 else 0

        def fdiff(self, argindex=1):
            if argindex != 1:
                raise sp.ArgumentIndexError(self, argindex)
            return self.func(self.args[0], self.derivative_order + 1)

        def _eval_is_real(self):
            return self.args[0].is_real

        def as_cases(self) -> sp.Piecewise:
            """The closed form, and its limit at 0: how the site prints and evaluates it."""
            x, n = self.args[0], self.derivative_order
            at_zero = 0 if n % 2 else sp.Rational((-1) ** (n // 2), n + 1)
            return sp.Piecewise((sp.diff(sp.sin(x) / x, x, n), sp.Ne(x, 0)), (at_zero, True))

        def _latex(self, printer):
            return printer._print(self.as_cases())

    return Sinc


def _sinc_display(closed, at_zero: Fraction):
    return lambda z, p: sp.Piecewise((closed(z), sp.Ne(z, 0)), (sp.Rational(at_zero), True))


# Near 0 the explorer evaluates sinc's f′ and f″ as their Taylor polynomials (terms through
# z^20 of sin z/z; what is left is below 1e-25 at |z| = 0.5): the closed forms subtract
# nearly equal terms there, and all of f′ is lost by |z| = 1e-8.
SINC_SERIES_BELOW = 0.5


def _sinc_near_zero(order: int):
    def form(z: sp.Symbol, closed: sp.Expr, p) -> sp.Expr:
        taylor = sp.diff(sp.series(sp.sin(z) / z, z, 0, 21).removeO(), z, order)
        return sp.Piecewise((sp.horner(taylor), sp.Abs(z) < SINC_SERIES_BELOW), (closed, True))

    return form


DEFINITIONS = (
    Definition(
        slug="exponential",
        name="Exponential",
        aliases=("exp",),
        family="other",
        summary="e^z: positive and unbounded, it turns a real score into a rate or a scale "
        "(the inverse of the log link).",
        numpy="return np.exp(z)",
        f=_exponential,
        df=_exponential,
        d2f=_exponential,
        expr=lambda z, p: sp.exp(z),
        display={
            "df": lambda z, p: sp.exp(z),
            "d2f": lambda z, p: sp.exp(z),
            "output": lambda y, p: y,
        },
        df_from_output=_identity,
        tags=("output-layer",),
        frameworks=(FrameworkName("Keras", function="keras.activations.exponential"),),
        naive=Naive(f=lambda z: np.exp(z), df=lambda z: np.exp(z)),
    ),
    Definition(
        slug="gaussian",
        name="Gaussian",
        family="other",
        summary="e^(-z²): a bell that peaks at 1 at z = 0 and vanishes in both tails; the "
        "profile of the Gaussian radial basis function.",
        numpy="return np.exp(-z * z)",
        f=_gaussian,
        df=_gaussian_df,
        d2f=_gaussian_d2f,
        expr=lambda z, p: sp.exp(-(z**2)),
        display={
            "df": lambda z, p: -2 * z * sp.exp(-(z**2)),
            "d2f": lambda z, p: (4 * z**2 - 2) * sp.exp(-(z**2)),
        },
        naive=Naive(f=lambda z: np.exp(-(z**2)), df=lambda z: -2 * z * np.exp(-(z**2))),
        references=(
            Reference(
                authors="D. S. Broomhead, D. Lowe",
                title="Multivariable Functional Interpolation and Adaptive Networks",
                year=1988,
                venue="Complex Systems",
                kind="article",
                volume="2",
                pages="321–355",
            ),
        ),
    ),
    Definition(
        slug="sinusoid",
        name="Sinusoid",
        aliases=("sin", "sine"),
        family="other",
        summary="sin z: periodic and non-monotonic, with no limit at ±∞; the activation of "
        "SIREN networks (applied to a scaled input ω₀z).",
        numpy="return np.sin(z)",
        f=_sin,
        df=_cos,
        d2f=_negative_sin,
        expr=lambda z, p: sp.sin(z),
        display={"df": lambda z, p: sp.cos(z), "d2f": lambda z, p: -sp.sin(z)},
        tags=("hidden-layer",),
        references=(
            Reference(
                authors="G. Parascandolo, H. Huttunen, T. Virtanen",
                title="Taming the waves: sine as activation function in deep neural networks",
                year=2016,
                url="https://openreview.net/forum?id=Sks3zF9eg",
                venue="ICLR 2017 submission (OpenReview)",
            ),
            Reference(
                authors="V. Sitzmann, J. N. P. Martel, A. W. Bergman, D. B. Lindell, G. Wetzstein",
                title="Implicit Neural Representations with Periodic Activation Functions",
                year=2020,
                arxiv="2006.09661",
                venue="NeurIPS 2020",
                kind="inproceedings",
            ),
        ),
        naive=Naive(f=lambda z: np.sin(z), df=lambda z: np.cos(z)),
    ),
    Definition(
        slug="snake",
        name="Snake",
        family="other",
        summary="z + sin²(αz)/α: the identity plus a periodic ripple; monotonic, with slope "
        "between 0 and 2, it lets a network extrapolate periodic signals.",
        numpy="""
            u = alpha * z
            s = np.sin(np.where(np.isinf(u), 0.0, u))  # where αz overflows, z alone is f
            return z + s * s / alpha
        """,
        f=_snake,
        df=_snake_df,
        d2f=_snake_d2f,
        params=(
            Param(
                "alpha",
                1.0,
                0.0,
                low_open=True,
                symbol="alpha",
                doc="frequency of the ripple (its period is π/α); learned per channel in BigVGAN",
                family=(0.5, 1.0, 2.0),
            ),
        ),
        expr=lambda z, p: z + sp.sin(p["alpha"] * z) ** 2 / p["alpha"],
        display={
            "df": lambda z, p: 1 + sp.sin(2 * p["alpha"] * z),
            "d2f": lambda z, p: 2 * p["alpha"] * sp.cos(2 * p["alpha"] * z),
        },
        tags=("hidden-layer",),
        references=(
            Reference(
                authors="L. Ziyin, T. Hartwig, M. Ueda",
                title="Neural Networks Fail to Learn Periodic Functions and How to Fix It",
                year=2020,
                arxiv="2006.08195",
                venue="NeurIPS 2020",
                kind="inproceedings",
            ),
        ),
        used_in=(
            Use(
                "BigVGAN",
                "every residual block of the vocoder's generator, with α learned per channel"
                " (`Snake`; the released configurations use `SnakeBeta`, z + sin²(αz)/β, with"
                " a separate magnitude β)",
                Reference(
                    authors="NVIDIA",
                    title="BigVGAN, activations.py",
                    year=2022,
                    url="https://github.com/NVIDIA/BigVGAN/blob/main/activations.py",
                    venue="released code",
                ),
            ),
        ),
        naive=Naive(
            f=lambda z, alpha: z + np.sin(alpha * z) ** 2 / alpha,
            df=lambda z, alpha: 1 + np.sin(2 * alpha * z),
        ),
    ),
    Definition(
        slug="sinc",
        name="Sinc",
        family="other",
        summary="sin z / z with value 1 at z = 0: an even bump whose ripples decay like 1/|z| "
        "(unnormalised; numpy's np.sinc is sin(πz)/(πz)).",
        numpy="""
            x = np.where(z == 0, 1.0, z)
            return np.where(z == 0, 1.0, np.sin(x) / x)
        """,
        f=_sinc,
        df=_sinc_df,
        d2f=_sinc_d2f,
        expr=lambda z, p: sinc_function()(z),
        evaluation={"df": _sinc_near_zero(1), "d2f": _sinc_near_zero(2)},
        display={
            "df": _sinc_display(lambda z: (z * sp.cos(z) - sp.sin(z)) / z**2, Fraction(0)),
            "d2f": _sinc_display(
                lambda z: ((2 - z**2) * sp.sin(z) - 2 * z * sp.cos(z)) / z**3, Fraction(-1, 3)
            ),
        },
        naive=Naive(f=lambda z: np.sin(z) / z, df=lambda z: (z * np.cos(z) - np.sin(z)) / z**2),
    ),
    Definition(
        slug="lisht",
        name="LiSHT",
        family="other",
        summary="z·tanh z: the input scaled by its own tanh; even and non-negative, close to "
        "|z| far from 0 and to z² near it.",
        numpy="return z * np.tanh(z)",
        f=_lisht,
        df=_lisht_df,
        d2f=_lisht_d2f,
        expr=lambda z, p: z * sp.tanh(z),
        display={
            "df": lambda z, p: sp.tanh(z) + z * (1 - sp.tanh(z) ** 2),
            "d2f": lambda z, p: 2 * (1 - sp.tanh(z) ** 2) * (1 - z * sp.tanh(z)),
        },
        references=(
            Reference(
                authors="S. K. Roy, S. Manna, S. R. Dubey, B. B. Chaudhuri",
                title=(
                    "LiSHT: Non-Parametric Linearly Scaled Hyperbolic Tangent Activation"
                    " Function for Neural Networks"
                ),
                year=2019,
                arxiv="1901.05894",
                venue="arXiv preprint",
            ),
        ),
        naive=Naive(
            f=lambda z: z * np.tanh(z),
            df=lambda z: np.tanh(z) + z * (1 - np.tanh(z) ** 2),
        ),
    ),
)
