"""Softmin: softmax of the negated scores, so the smallest score gets the most weight."""

from __future__ import annotations

import numpy as np

from activations._sympy import sp
from activations._types import FrameworkName
from activations._vectors import _common as common
from activations._vectors._common import (
    VectorActivation,
    VectorForms,
    VectorLabels,
    _along_axis,
    _as_float64,
    _check_vector,
    _complement,
    _minus,
    _rounded,
    _softmax64,
    _sum_k,
)
from activations._vectors.softmax import REFERENCES


def softmin(z, axis: int = -1) -> np.ndarray:
    r"""Softmin: probabilities that favour the smallest scores, softmax(-z).

    .. math::
        s_i = \frac{e^{-z_i}}{\sum_k e^{-z_k}} = \frac{e^{-(z_i - m)}}{\sum_k e^{-(z_k - m)}},
        \qquad m = \min_k z_k

    Negating a float is exact, so this is softmax's stable computation applied
    to -z, accurate to a few ULP (Bridle 1990, for softmax:
    https://doi.org/10.1007/978-3-642-76153-9_28).

    Args:
        z: scores (costs, distances, energies), an array-like of any shape;
            float16/32/64 keep their dtype, integers and booleans give float64.
        axis: the axis holding each score vector (default: the last).

    Returns:
        An array of z's shape whose entries along ``axis`` are in [0, 1] and sum
        to 1. One -inf in a vector takes all the probability; a vector with a
        nan, two -inf or only +inf gives nan (the limit depends on how the
        entries grow); an empty axis gives an empty array.

    Raises:
        ValueError: z is a scalar or ``axis`` is out of range.
        TypeError: z is complex, masked or not numeric.

    >>> softmin([0.0, 1000.0, 1.0])
    array([0.73105858, 0.        , 0.26894142])
    """
    return _along_axis(lambda x: _softmax64(-x), z, axis, "softmin")


def softmin_jacobian(z) -> np.ndarray:
    r"""The Jacobian of softmin at a 1-D vector z: -(diag(s) - s sᵀ), s = softmin(z).

    .. math::
        J_{ij} = \frac{\partial s_i}{\partial z_j} = -s_i (\delta_{ij} - s_j)

    Softmax's Jacobian at -z with its sign flipped (the chain rule through -z);
    the diagonal keeps its digits when s_i is close to 1, as softmax's does.

    Args:
        z: a 1-D array-like of scores; float16/32/64 keep their dtype.

    Returns:
        The n × n matrix J with J[i, j] = ∂s_i/∂z_j; symmetric, every row and
        column sums to 0.

    Raises:
        ValueError: z is not 1-D.

    >>> softmin_jacobian([0.0, 0.0])
    array([[-0.25,  0.25],
           [ 0.25, -0.25]])
    """
    x, out_dtype = _as_float64(z, "softmin_jacobian")
    _check_vector(x, "softmin_jacobian")
    s = _softmax64(-x) if x.size else x
    with np.errstate(under="ignore"):
        jacobian = np.outer(s, s)
        np.fill_diagonal(jacobian, -(s * _complement(s)))
    return _rounded(jacobian, out_dtype)


def _forms() -> VectorForms:
    return VectorForms(
        f=sp.exp(-common._z[common._i]) / _sum_k(lambda k: sp.exp(-common._z[k])),
        stable=sp.exp(-_minus(common._z[common._i], common._m))
        / _sum_k(lambda k: sp.exp(-_minus(common._z[k], common._m))),
        jacobian=(
            sp.Mul(
                -1,
                common._s[common._i],
                _minus(sp.KroneckerDelta(common._i, common._j), common._s[common._j]),
                evaluate=False,
            ),
        ),
        matrix=sp.MatAdd(common._S * common._S.T, -sp.DiagMatrix(common._S), evaluate=False),
    )


RECORD = VectorActivation(
    slug="softmin",
    name="Softmin",
    summary="Softmax of the negated scores: the smallest score gets the largest probability.",
    numpy="""
        e = np.exp(np.min(z, axis=axis, keepdims=True) - z)  # every exponent ≤ 0
        return e / np.sum(e, axis=axis, keepdims=True)
    """,
    f=softmin,
    jacobian=softmin_jacobian,
    forms=_forms,
    labels=VectorLabels(
        f=r"s_{i} = \operatorname{softmin}(\mathbf{z})_{i} = ",
        stable="s_{i} = ",
        after_stable=r", \qquad m = \min_k z_{k}",
        jacobian=(r"\frac{\partial s_{i}}{\partial z_{j}} = ",),
        matrix=r"J = \frac{\partial \mathbf{s}}{\partial \mathbf{z}} = ",
        output="s",
    ),
    references=REFERENCES[:1],
    frameworks=(
        FrameworkName("PyTorch", function="torch.nn.functional.softmin", layer="torch.nn.Softmin"),
        FrameworkName("MLX", function="mlx.nn.softmin", layer="mlx.nn.Softmin"),
    ),
)
