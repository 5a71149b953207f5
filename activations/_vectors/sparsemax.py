"""Sparsemax: the Euclidean projection of a score vector onto the probability simplex."""

from __future__ import annotations

import functools
from types import SimpleNamespace

import numpy as np

from activations._papers import BLONDEL_2020, MARTINS_2016
from activations._sympy import sp, symbols_on_first_use
from activations._types import FrameworkName, Reference, Use
from activations._vectors import _common as common
from activations._vectors._common import (
    VectorActivation,
    VectorForms,
    VectorLabels,
    _minus,
    _sum_k,
)
from activations._vectors._simplex import along_axis, at_vector, sorted_scores, support_jacobian


@functools.cache
def _symbols() -> SimpleNamespace:
    """The threshold τ and 1/|S|, made on first use (sympy is imported then)."""
    return SimpleNamespace(
        TAU=sp.Symbol("tau", real=True),
        _INVERSE_SIZE=sp.Symbol(r"\frac{1}{\lvert S \rvert}", positive=True),  # 1/|S|
    )


__getattr__ = symbols_on_first_use(__name__, ("TAU", "_INVERSE_SIZE"), _symbols)


def _sparsemax64(d: np.ndarray) -> np.ndarray:
    """Sparsemax of rows whose largest entry is 0: p = [d − τ]₊ with τ from the sorted
    entries (Martins and Astudillo's Algorithm 1); entries at or below −1 are never in
    the support."""
    ordered, k = sorted_scores(d, -1.0)
    cumulative = np.cumsum(ordered, axis=-1)
    size = np.count_nonzero(1.0 + k * ordered > cumulative, axis=-1, keepdims=True)
    in_support = d >= np.take_along_axis(ordered, size - 1, axis=-1)
    size = np.count_nonzero(in_support, axis=-1, keepdims=True)
    tau = (np.where(in_support, d, 0.0).sum(axis=-1, keepdims=True) - 1.0) / size
    with np.errstate(invalid="ignore"):  # -inf - tau is -inf, never nan: tau is finite
        return np.maximum(d - tau, 0.0)


def sparsemax(z, axis: int = -1) -> np.ndarray:
    r"""Sparsemax: the point of the probability simplex closest to z.

    .. math::
        p_i = \max(0, z_i - \tau), \qquad \tau \text{ such that } \sum_k p_k = 1

    The Euclidean projection onto the simplex (Martins and Astudillo 2016, "From Softmax
    to Sparsemax", https://arxiv.org/abs/1602.02068), computed by their exact sort-based
    algorithm: with z sorted in decreasing order, the support holds the k largest
    entries for the largest k with 1 + k z_(k) > Σ_{j≤k} z_(j), and τ = (Σ_{j≤k} z_(j) − 1)/k.
    Entries below τ are exactly 0. The scores are first shifted by their largest entry,
    so no input overflows; each output is within a few units of 2⁻⁵³ of the exact one.

    Args:
        z: scores, an array-like of any shape; float16/32/64 keep their dtype, integers
            and booleans give float64.
        axis: the axis holding each score vector (default: the last).

    Returns:
        An array of z's shape whose entries along ``axis`` are in [0, 1] and sum to 1.
        One +inf in a vector takes all the probability and −inf entries get 0; a vector
        with a nan, two or more +inf (whose split depends on how they grow) or only −inf
        gives nan, as softmax does.

    Raises:
        ValueError: z is a scalar or ``axis`` is out of range.
        TypeError: z is complex, not numeric, or a masked array.

    >>> sparsemax([1.0, 0.5, -1.0])
    array([0.75, 0.25, 0.  ])
    """
    return along_axis(_sparsemax64, z, axis, "sparsemax")


def sparsemax_jacobian(z) -> np.ndarray:
    r"""The Jacobian of sparsemax at a 1-D vector z: diag(s) − s sᵀ/|S|.

    .. math::
        J_{ij} = \frac{\partial p_i}{\partial z_j} = s_i \Big(\delta_{ij} - \frac{s_j}{|S|}\Big)

    s is the indicator of the support S = {i : p_i > 0}: the Jacobian is 0 outside the
    support and there the projection onto the hyperplane Σ p = 1 (Martins and
    Astudillo 2016). It is piecewise constant; at a point where an entry meets the
    threshold (p_i = 0 with z_i = τ) it jumps, and this is the side where that entry
    is out.

    Args:
        z: a 1-D array-like of scores; float16/32/64 keep their dtype.

    Returns:
        The n × n matrix J with J[i, j] = ∂p_i/∂z_j; symmetric, every row and column
        sums to 0; nan where sparsemax is nan.

    Raises:
        ValueError: z is not 1-D.

    >>> sparsemax_jacobian([1.0, 0.5, -1.0])
    array([[ 0.5, -0.5,  0. ],
           [-0.5,  0.5,  0. ],
           [ 0. ,  0. ,  0. ]])
    """
    p, out_dtype = at_vector(_sparsemax64, z, "sparsemax_jacobian")
    support = np.where(np.isnan(p), np.nan, (p > 0).astype(np.float64))
    return support_jacobian(support, out_dtype)


def _forms() -> VectorForms:
    return VectorForms(
        f=sp.Max(0, _minus(common._z[common._i], _symbols().TAU)),
        stable=None,
        jacobian=(
            sp.Mul(
                common._s[common._i],
                _minus(
                    sp.KroneckerDelta(common._i, common._j),
                    common._s[common._j] / _sum_k(lambda k: common._s[k]),
                ),
                evaluate=False,
            ),
        ),
        matrix=sp.MatAdd(
            sp.DiagMatrix(common._S),
            sp.MatMul(-1, _symbols()._INVERSE_SIZE, common._S, common._S.T),
            evaluate=False,
        ),
    )


RECORD = VectorActivation(
    slug="sparsemax",
    name="Sparsemax",
    summary="The point of the probability simplex closest to the scores: sparse probabilities.",
    numpy="""
        z = np.moveaxis(z, axis, -1)
        z = z - np.max(z, axis=-1, keepdims=True)  # the result is the same, and no sum overflows
        sorted_z = -np.sort(-z, axis=-1)
        k = np.arange(1, z.shape[-1] + 1)
        cumulative = np.cumsum(sorted_z, axis=-1)
        size = np.sum(1.0 + k * sorted_z > cumulative, axis=-1, keepdims=True)  # support size
        tau = (np.take_along_axis(cumulative, size - 1, axis=-1) - 1.0) / size
        return np.moveaxis(np.maximum(z - tau, 0.0), -1, axis)
    """,
    f=sparsemax,
    jacobian=sparsemax_jacobian,
    forms=_forms,
    labels=VectorLabels(
        f=r"p_{i} = \operatorname{sparsemax}(\mathbf{z})_{i} = ",
        after_f=r", \qquad \tau \text{ such that } \sum_{k} p_{k} = 1",
        jacobian=(r"\frac{\partial p_{i}}{\partial z_{j}} = ",),
        matrix=r"J = \frac{\partial \mathbf{p}}{\partial \mathbf{z}} = ",
        output="p",
    ),
    references=(MARTINS_2016, BLONDEL_2020),
    frameworks=(FrameworkName("Keras", function="keras.activations.sparsemax"),),
    used_in=(
        Use(
            "TabNet",
            "the attentive transformer's feature-selection masks: "
            "`contrib_sparsemax.sparsemax(mask_values)` in `tabnet_model.py`",
            Reference(
                authors="S. Ö. Arık, T. Pfister",
                title="google-research, tabnet/tabnet_model.py",
                year=2019,
                url="https://github.com/google-research/google-research/blob/066e6a12a3817e45919458090102abfc0a09d287/tabnet/tabnet_model.py",
                venue="released code",
            ),
        ),
    ),
)
