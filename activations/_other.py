"""Other activations: the exponential, the Gaussian bump and the periodic sin and sinc."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy as sp

from activations import _stable as st
from activations._arrays import masked
from activations._definition import Definition, Naive
from activations._types import FrameworkName, Reference

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
        return Sinc(self.args[0], self.derivative_order + 1)

    def _eval_is_real(self):
        return self.args[0].is_real

    def as_cases(self) -> sp.Piecewise:
        """The closed form, and its limit at 0: how the site prints and evaluates it."""
        x, n = self.args[0], self.derivative_order
        at_zero = 0 if n % 2 else sp.Rational((-1) ** (n // 2), n + 1)
        return sp.Piecewise((sp.diff(sp.sin(x) / x, x, n), sp.Ne(x, 0)), (at_zero, True))

    def _latex(self, printer):
        return printer._print(self.as_cases())


def _sinc_display(closed, at_zero):
    return lambda z, p: sp.Piecewise((closed(z), sp.Ne(z, 0)), (at_zero, True))


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
                url="",
                venue="Complex Systems 2, 321–355",
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
                url="https://arxiv.org/abs/2006.09661",
                venue="NeurIPS 2020",
            ),
        ),
        naive=Naive(f=lambda z: np.sin(z), df=lambda z: np.cos(z)),
    ),
    Definition(
        slug="sinc",
        name="Sinc",
        family="other",
        summary="sin z / z with value 1 at z = 0: an even bump whose ripples decay like 1/|z| "
        "(unnormalised; numpy's np.sinc is sin(πz)/(πz)).",
        f=_sinc,
        df=_sinc_df,
        d2f=_sinc_d2f,
        expr=lambda z, p: Sinc(z),
        evaluation={"df": _sinc_near_zero(1), "d2f": _sinc_near_zero(2)},
        display={
            "df": _sinc_display(lambda z: (z * sp.cos(z) - sp.sin(z)) / z**2, 0),
            "d2f": _sinc_display(
                lambda z: ((2 - z**2) * sp.sin(z) - 2 * z * sp.cos(z)) / z**3, sp.Rational(-1, 3)
            ),
        },
        naive=Naive(f=lambda z: np.sin(z) / z, df=lambda z: (z * np.cos(z) - np.sin(z)) / z**2),
    ),
)
