"""1.5-entmax: sparse probabilities between softmax and sparsemax."""

from __future__ import annotations

import functools
from types import SimpleNamespace

import numpy as np

from activations._papers import BLONDEL_2020, MARTINS_2016
from activations._sympy import sp, symbols_on_first_use
from activations._types import Reference
from activations._vectors import _common as common
from activations._vectors import sparsemax
from activations._vectors._common import (
    VectorActivation,
    VectorForms,
    VectorLabels,
    _minus,
    _sum_k,
)
from activations._vectors._simplex import along_axis, at_vector, sorted_scores, support_jacobian

PETERS = Reference(
    authors="B. Peters, V. Niculae, A. F. T. Martins",
    title="Sparse Sequence-to-Sequence Models",
    year=2019,
    arxiv="1905.05702",
    venue="ACL 2019",
    kind="inproceedings",
)


def _entmax15_64(d: np.ndarray) -> np.ndarray:
    """1.5-entmax of rows whose largest entry is 0: p = [d/2 − τ]₊² with τ from the sorted
    entries (Peters et al.'s exact algorithm for α = 1.5), then τ again from the support
    found, in two passes, and p scaled to sum to 1; entries at or below −2 are never in the
    support."""
    x = 0.5 * d
    ordered, k = sorted_scores(x, -1.0)
    mean = np.cumsum(ordered, axis=-1) / k
    spread = k * (np.cumsum(ordered * ordered, axis=-1) / k - mean * mean)
    tau = mean - np.sqrt(np.maximum((1.0 - spread) / k, 0.0))
    size = np.count_nonzero(tau <= ordered, axis=-1, keepdims=True)
    in_support = x >= np.take_along_axis(ordered, size - 1, axis=-1)
    size = np.count_nonzero(in_support, axis=-1, keepdims=True)
    mean = np.where(in_support, x, 0.0).sum(axis=-1, keepdims=True) / size
    with np.errstate(invalid="ignore"):  # -inf entries are outside the support
        centred = np.where(in_support, x - mean, 0.0)
        spread = (centred * centred).sum(axis=-1, keepdims=True)
        tau = mean - np.sqrt(np.maximum((1.0 - spread) / size, 0.0))
        p = np.square(np.maximum(x - tau, 0.0))
        return p / p.sum(axis=-1, keepdims=True)  # Σ p = 1 to rounding; ties split exactly


def entmax15(z, axis: int = -1) -> np.ndarray:
    r"""1.5-entmax: sparse probabilities between softmax and sparsemax.

    .. math::
        p_i = \max\Big(0, \frac{z_i}{2} - \tau\Big)^2, \qquad \tau \text{ such that }
        \sum_k p_k = 1

    α-entmax with α = 1.5 (Peters, Niculae and Martins 2019, "Sparse Sequence-to-Sequence
    Models", https://arxiv.org/abs/1905.05702), computed by their exact sort-based
    algorithm: for the k largest entries, with mean M_k and sum of squared deviations
    S_k of z/2, τ_k = M_k − √((1 − S_k)/k), and the support is the largest k with
    τ_k ≤ z_(k)/2. Entries below the threshold are exactly 0. The scores are first
    shifted by their largest entry, so no input overflows; each output is within a few
    units of 2⁻⁵³ of the exact one.

    Args:
        z: scores, an array-like of any shape; float16/32/64 keep their dtype, integers
            and booleans give float64.
        axis: the axis holding each score vector (default: the last).

    Returns:
        An array of z's shape whose entries along ``axis`` are in [0, 1] and sum to 1.
        One +inf in a vector takes all the probability and −inf entries get 0; a vector
        with a nan, two or more +inf or only −inf gives nan, as softmax does.

    Raises:
        ValueError: z is a scalar or ``axis`` is out of range.
        TypeError: z is complex, not numeric, or a masked array.

    >>> entmax15([1.0, 0.0, -3.0])
    array([0.83071891, 0.16928109, 0.        ])
    """
    return along_axis(_entmax15_64, z, axis, "entmax15")


def entmax15_jacobian(z) -> np.ndarray:
    r"""The Jacobian of 1.5-entmax at a 1-D vector z: diag(g) − g gᵀ / Σ g, g = √p.

    .. math::
        J_{ij} = \frac{\partial p_i}{\partial z_j}
               = \sqrt{p_i}\,\delta_{ij} - \frac{\sqrt{p_i}\sqrt{p_j}}{\sum_k \sqrt{p_k}}

    From p_i = (z_i/2 − τ)² on the support and Σ p = 1 (Peters, Niculae and Martins
    2019). Zero outside the support, continuous everywhere (unlike sparsemax's), since
    √p_i → 0 as an entry leaves the support.

    Args:
        z: a 1-D array-like of scores; float16/32/64 keep their dtype.

    Returns:
        The n × n matrix J with J[i, j] = ∂p_i/∂z_j; symmetric, every row and column
        sums to 0; nan where entmax15 is nan.

    Raises:
        ValueError: z is not 1-D.

    >>> entmax15_jacobian([0.0, 0.0])
    array([[ 0.35355339, -0.35355339],
           [-0.35355339,  0.35355339]])
    """
    p, out_dtype = at_vector(_entmax15_64, z, "entmax15_jacobian")
    return support_jacobian(np.sqrt(p), out_dtype)


@functools.cache
def _symbols() -> SimpleNamespace:
    """p, √p and 1/(1ᵀ√p), made on first use (sympy is imported then)."""
    return SimpleNamespace(
        _P=sp.IndexedBase("p", nonnegative=True),
        _ROOT=sp.MatrixSymbol(r"\sqrt{\mathbf{p}}", common._n, 1),
        _INVERSE_ROOT_SUM=sp.Symbol(
            r"\frac{1}{\mathbf{1}^{\top} \sqrt{\mathbf{p}}}", positive=True
        ),
    )


__getattr__ = symbols_on_first_use(__name__, ("_P", "_ROOT", "_INVERSE_ROOT_SUM"), _symbols)


def _forms() -> VectorForms:
    own = _symbols()
    root = sp.sqrt(own._P[common._i])
    return VectorForms(
        f=sp.Pow(sp.Max(0, _minus(common._z[common._i] / 2, sparsemax.TAU)), 2),
        stable=None,
        jacobian=(
            _minus(
                sp.Mul(root, sp.KroneckerDelta(common._i, common._j), evaluate=False),
                root * sp.sqrt(own._P[common._j]) / _sum_k(lambda k: sp.sqrt(own._P[k])),
            ),
        ),
        matrix=sp.MatAdd(
            sp.DiagMatrix(own._ROOT),
            sp.MatMul(-1, own._INVERSE_ROOT_SUM, own._ROOT, own._ROOT.T),
            evaluate=False,
        ),
    )


RECORD = VectorActivation(
    slug="entmax15",
    name="1.5-entmax",
    summary="Sparse probabilities between softmax and sparsemax: α-entmax with α = 1.5.",
    numpy="""
        z = np.moveaxis(z, axis, -1)
        z = (z - np.max(z, axis=-1, keepdims=True)) / 2.0  # the same result, without overflow
        sorted_z = -np.sort(-z, axis=-1)
        k = np.arange(1, z.shape[-1] + 1)
        mean = np.cumsum(sorted_z, axis=-1) / k
        spread = k * (np.cumsum(sorted_z**2, axis=-1) / k - mean**2)
        taus = mean - np.sqrt(np.maximum((1.0 - spread) / k, 0.0))
        size = np.sum(taus <= sorted_z, axis=-1, keepdims=True)  # support size
        tau = np.take_along_axis(taus, size - 1, axis=-1)
        return np.moveaxis(np.maximum(z - tau, 0.0) ** 2, -1, axis)
    """,
    f=entmax15,
    jacobian=entmax15_jacobian,
    forms=_forms,
    labels=VectorLabels(
        f=r"p_{i} = 1.5\text{-}\operatorname{entmax}(\mathbf{z})_{i} = ",
        after_f=r", \qquad \tau \text{ such that } \sum_{k} p_{k} = 1",
        jacobian=(r"\frac{\partial p_{i}}{\partial z_{j}} = ",),
        matrix=r"J = \frac{\partial \mathbf{p}}{\partial \mathbf{z}} = ",
        output="p",
    ),
    references=(PETERS, MARTINS_2016, BLONDEL_2020),
)
