"""The ReLU family: rectifiers, their leaky variants, and the shrink and threshold maps."""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from activations._arrays import masked
from activations._core import Definition, Param


def _zero(z, **_):
    return np.zeros_like(z)


# --- ReLU ---------------------------------------------------------------------------------
def _relu(z):
    """z for z > 0, else 0; the slope at 0 is taken as 0, as in PyTorch and JAX."""
    return np.where(z > 0, z, 0.0)


def _step(z):
    return np.where(z > 0, 1.0, 0.0)


# --- leaky ReLU, PReLU, RReLU -------------------------------------------------------------
def _leaky_relu(z, alpha):
    """z for z > 0 and α·z for z <= 0, so the slope at 0 is α (PyTorch's choice)."""
    if alpha == 0.0:
        return _relu(z)
    with np.errstate(over="ignore"):  # α·z beyond the float range is -inf, its true value
        return np.where(z > 0, z, alpha * z)


def _leaky_relu_df(z, alpha):
    return np.where(z > 0, 1.0, alpha)


def _rrelu_slope(lower, upper):
    """The evaluation-mode slope (l + u)/2, the mean of the training slope U(l, u)."""
    if lower > upper:
        raise ValueError(
            f"rrelu: parameter 'lower' ({lower!r}) must not exceed parameter 'upper' ({upper!r})"
        )
    return 0.5 * (lower + upper)


def _rrelu(z, lower, upper):
    return _leaky_relu(z, _rrelu_slope(lower, upper))


def _rrelu_df(z, lower, upper):
    return _leaky_relu_df(z, _rrelu_slope(lower, upper))


def _rrelu_d2f(z, lower, upper):
    _rrelu_slope(lower, upper)
    return np.zeros_like(z)


# --- ReLU6 --------------------------------------------------------------------------------
def _relu6(z):
    return np.clip(z, 0.0, 6.0)


def _relu6_df(z):
    """1 strictly inside (0, 6), 0 elsewhere: PyTorch (hardtanh's backward) gives 0 at 0 and 6."""
    return np.where((z > 0.0) & (z < 6.0), 1.0, 0.0)


# --- threshold ----------------------------------------------------------------------------
def _threshold(z, threshold, value):
    """z for z > threshold, else ``value``; the slope at the threshold is 0, as in PyTorch."""
    return np.where(z > threshold, z, value)


def _threshold_df(z, threshold, value):
    return np.where(z > threshold, 1.0, 0.0)


def _threshold_from_output(y, threshold, value):
    """1 where y > θ, which happens exactly where z > θ when v ≤ θ."""
    return np.where(y > threshold, 1.0, 0.0)


# --- hard and soft shrinkage --------------------------------------------------------------
def _hardshrink(z, lambd):
    """z where |z| > λ, else 0; the slope at ±λ is 0, as in PyTorch."""
    return np.where(np.abs(z) > lambd, z, 0.0)


def _shrink_df(z, lambd):
    return np.where(np.abs(z) > lambd, 1.0, 0.0)


def _shrink_from_output(y, lambd):
    """1 where y != 0, which happens exactly where |z| > λ."""
    return np.where(y != 0.0, 1.0, 0.0)


def _softshrink(z, lambd):
    """z - λ above λ, z + λ below -λ, else 0; the slope at ±λ is 0, as in PyTorch."""
    above, below = z > lambd, z < -lambd
    return np.where(above, masked(z, above) - lambd, np.where(below, masked(z, below) + lambd, 0.0))


def _cases(*pairs):
    """A Piecewise that keeps its conditions as written (z ≤ θ, not θ ≥ z) when printed."""
    return sp.Piecewise(*pairs, evaluate=False)


def _leaky_expr(z, scaled):
    """``scaled`` (the slope times z) for z <= 0, z above."""
    return _cases((scaled, z <= 0), (z, True))


def _leaky_forms(slope):
    """Display forms of f', f'' and f'(y) for a leaky ReLU whose slope is ``slope(p)``."""
    return {
        "df": lambda z, p: _cases((slope(p), z <= 0), (1, True)),
        "d2f": lambda z, p: sp.Integer(0),
        "output": lambda y, p: _cases((slope(p), y <= 0), (1, True)),
    }


def _rrelu_mean(p):
    return sp.Mul(p["lower"] + p["upper"], sp.Pow(2, -1, evaluate=False), evaluate=False)


def _origin(**_):
    return (0.0,)


def _plus_minus_lambda(lambd):
    return (-lambd, lambd) if lambd else (0.0,)


_SHRINK_DISPLAY = {
    "df": lambda z, p: _cases((0, sp.Abs(z) <= p["lambd"]), (1, True)),
    "d2f": lambda z, p: sp.Integer(0),
    "output": lambda y, p: _cases((0, sp.Eq(y, 0)), (1, True)),
}


_LAMBD = Param(
    "lambd",
    0.5,
    0.0,
    symbol="lambda",
    doc="half-width of the band set to 0",
    family=(0.25, 0.5, 1.0),
)


DEFINITIONS = (
    Definition(
        slug="relu",
        name="ReLU",
        aliases=("rectifier",),
        family="relu",
        summary="max(0, z): the identity for positive inputs and 0 otherwise; the default "
        "hidden-layer activation of deep networks.",
        f=_relu,
        df=_step,
        d2f=_zero,
        expr=lambda z, p: _cases((0, z <= 0), (z, True)),
        display={
            "df": lambda z, p: _cases((0, z <= 0), (1, True)),
            "d2f": lambda z, p: sp.Integer(0),
            "output": lambda y, p: _cases((0, y <= 0), (1, True)),
        },
        df_from_output=_step,
        breakpoints=_origin,
        tags=("hidden-layer",),
    ),
    Definition(
        slug="leaky_relu",
        name="Leaky ReLU",
        family="relu",
        summary="The identity for z > 0 and αz, with a small fixed slope α, at or below 0, so "
        "negative inputs keep a gradient.",
        f=_leaky_relu,
        df=_leaky_relu_df,
        d2f=_zero,
        params=(
            Param(
                "alpha", 0.01, 0.0, symbol="alpha", doc="slope for z ≤ 0", family=(0.01, 0.1, 0.3)
            ),
        ),
        expr=lambda z, p: _leaky_expr(z, p["alpha"] * z),
        display=_leaky_forms(lambda p: p["alpha"]),
        df_from_output=_leaky_relu_df,
        breakpoints=_origin,
        tags=("hidden-layer",),
    ),
    Definition(
        slug="prelu",
        name="PReLU",
        aliases=("parametric_relu",),
        family="relu",
        summary="Leaky ReLU whose negative slope α is learned with the network's weights; "
        "0.25 is PyTorch's initial value.",
        f=_leaky_relu,
        df=_leaky_relu_df,
        d2f=_zero,
        params=(
            Param(
                "alpha",
                0.25,
                0.0,
                symbol="alpha",
                doc="slope for z ≤ 0, learned in training",
                family=(0.1, 0.25, 0.5),
            ),
        ),
        expr=lambda z, p: _leaky_expr(z, p["alpha"] * z),
        display=_leaky_forms(lambda p: p["alpha"]),
        df_from_output=_leaky_relu_df,
        breakpoints=_origin,
        tags=("hidden-layer",),
    ),
    Definition(
        slug="rrelu",
        name="RReLU",
        aliases=("randomized_relu",),
        family="relu",
        summary="Leaky ReLU whose negative slope is drawn from U(l, u) in training; shown in "
        "its evaluation form, with the mean slope (l + u)/2.",
        f=_rrelu,
        df=_rrelu_df,
        d2f=_rrelu_d2f,
        params=(
            Param(
                "lower",
                1 / 8,
                0.0,
                1.0,
                high_open=False,
                symbol="l",
                doc="lower bound of the training slope",
                family=(0.05, 0.125, 0.2),
            ),
            Param(
                "upper",
                1 / 3,
                0.0,
                1.0,
                high_open=False,
                symbol="u",
                doc="upper bound of the training slope",
                family=(0.25, 1 / 3, 0.5),
            ),
        ),
        expr=lambda z, p: _leaky_expr(
            z, sp.Mul(sp.Rational(1, 2), p["lower"] + p["upper"], z, evaluate=False)
        ),
        display=_leaky_forms(_rrelu_mean),
        df_from_output=_rrelu_df,
        breakpoints=_origin,
        tags=("hidden-layer",),
    ),
    Definition(
        slug="relu6",
        name="ReLU6",
        family="relu",
        summary="ReLU capped at 6, min(max(0, z), 6): the bounded rectifier of MobileNet, "
        "friendly to low-precision arithmetic.",
        f=_relu6,
        df=_relu6_df,
        d2f=_zero,
        expr=lambda z, p: _cases((0, z <= 0), (z, z < 6), (6, True)),
        display={
            "df": lambda z, p: _cases((0, z <= 0), (1, z < 6), (0, True)),
            "d2f": lambda z, p: sp.Integer(0),
            "output": lambda y, p: _cases((0, y <= 0), (1, y < 6), (0, True)),
        },
        df_from_output=_relu6_df,
        breakpoints=lambda: (0.0, 6.0),
        tags=("hidden-layer",),
    ),
    Definition(
        slug="threshold",
        name="Threshold",
        family="relu",
        summary="z above the threshold θ and the constant v at or below it; θ = v = 0 gives ReLU.",
        f=_threshold,
        df=_threshold_df,
        d2f=_zero,
        params=(
            Param(
                "threshold",
                1.0,
                -math.inf,
                low_open=True,
                symbol="theta",
                doc="inputs at or below it are replaced",
                family=(-1.0, 0.0, 1.0),
            ),
            Param(
                "value",
                0.0,
                -math.inf,
                low_open=True,
                symbol="v",
                doc="the output at or below the threshold",
                family=(-1.0, 0.0, 1.0),
            ),
        ),
        expr=lambda z, p: _cases((p["value"], z <= p["threshold"]), (z, True)),
        display={
            "df": lambda z, p: _cases((0, z <= p["threshold"]), (1, True)),
            "d2f": lambda z, p: sp.Integer(0),
            "output": lambda y, p: _cases((0, y <= p["threshold"]), (1, True)),
        },
        df_from_output=_threshold_from_output,
        breakpoints=lambda threshold, value: (threshold,),
    ),
    Definition(
        slug="hardshrink",
        name="Hardshrink",
        aliases=("hard_shrink",),
        family="relu",
        summary="Keeps z where |z| > λ and sets the band |z| ≤ λ to 0: hard thresholding.",
        f=_hardshrink,
        df=_shrink_df,
        d2f=_zero,
        params=(_LAMBD,),
        expr=lambda z, p: _cases((0, sp.Abs(z) <= p["lambd"]), (z, True)),
        display=_SHRINK_DISPLAY,
        df_from_output=_shrink_from_output,
        breakpoints=_plus_minus_lambda,
    ),
    Definition(
        slug="softshrink",
        name="Softshrink",
        aliases=("soft_shrink",),
        family="relu",
        summary="Moves z toward 0 by λ and sets the band |z| ≤ λ to 0: soft thresholding, the "
        "proximal map of λ|z|.",
        f=_softshrink,
        df=_shrink_df,
        d2f=_zero,
        params=(_LAMBD,),
        expr=lambda z, p: _cases(
            (z + p["lambd"], z < -p["lambd"]), (0, sp.Abs(z) <= p["lambd"]), (z - p["lambd"], True)
        ),
        display=_SHRINK_DISPLAY,
        df_from_output=_shrink_from_output,
        breakpoints=_plus_minus_lambda,
    ),
)
