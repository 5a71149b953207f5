"""The gated linear unit (GLU): the first half of x, gated by the sigmoid of the second."""

from __future__ import annotations

import numpy as np

from activations import _stable as st
from activations import _symbolic as sym
from activations._papers import DAUPHIN_2017, SHAZEER_2020
from activations._sympy import sp
from activations._types import FrameworkName
from activations._vectors import _common as common
from activations._vectors._common import (
    _TAIL,
    VectorActivation,
    VectorForms,
    VectorLabels,
    _as_float64,
    _check_axis,
    _check_vector,
    _minus,
    _rounded,
)


# --- GLU ----------------------------------------------------------------------------------
def _times_gate(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a·σ(b) elementwise; where σ(b) ≈ e^b is nearly subnormal, as (a·e^(b/2))·e^(b/2).

    An infinite a gives ±inf where σ(b) > 0 and nan at b = -inf (∞·0).
    """
    finite = np.isfinite(a)
    x, y = np.where(finite, a, 0.0), np.where(np.isnan(b), 0.0, b)
    with np.errstate(under="ignore"):
        half = np.exp(0.5 * np.maximum(y, -2000.0))
        product = np.where(y < _TAIL, (x * half) * half, x * st.sigmoid(y))
    product = np.where(finite, product, np.where(b == -np.inf, np.nan, a))
    return np.where(np.isnan(b), np.nan, product)


def _times_gate_slope(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a·σ'(b) elementwise; for |b| > 700, σ'(b) ≈ e^-|b| enters as two halves."""
    finite = np.isfinite(a)
    x, y = np.where(finite, a, 0.0), np.where(np.isnan(b), 0.0, b)
    with np.errstate(under="ignore"):
        half = np.exp(-0.5 * np.minimum(np.abs(y), 2000.0))
        product = np.where(np.abs(y) > -_TAIL, (x * half) * half, x * st.sigmoid_prime(y))
    product = np.where(finite, product, np.where(np.isinf(b), np.nan, a))
    return np.where(np.isnan(b), np.nan, product)


def _halves(x: np.ndarray, axis: int, name: str) -> tuple[np.ndarray, np.ndarray]:
    length = x.shape[axis]
    if length % 2:
        raise ValueError(f"{name}: the length along axis {axis} must be even, got {length}")
    a, b = np.split(x, 2, axis=axis)
    return a, b


def glu(x, axis: int = -1) -> np.ndarray:
    r"""Gated linear unit: the first half of x, gated by the sigmoid of the second half.

    .. math::
        \operatorname{GLU}(\mathbf{x}) = \mathbf{a} \odot \sigma(\mathbf{b}),
        \qquad \mathbf{x} = (\mathbf{a}, \mathbf{b})

    Each half has n entries: a is the first n entries of x along ``axis`` and
    b the last n (Dauphin et al. 2017, "Language Modeling with Gated
    Convolutional Networks", https://arxiv.org/abs/1612.08083). The same split
    as PyTorch's ``glu(input, dim)``, JAX's and Keras's ``glu(x, axis)``.

    Args:
        x: an array-like of any shape whose length along ``axis`` is even;
            float16/32/64 keep their dtype, integers and booleans give float64.
        axis: the axis to split in halves (default: the last).

    Returns:
        An array of x's shape with the length along ``axis`` halved.

    Raises:
        ValueError: the length along ``axis`` is odd, x is a scalar, or ``axis``
            is out of range.
        TypeError: x is complex or not numeric.

    >>> glu([1.0, -2.0, 0.0, 100.0])
    array([ 0.5, -2. ])
    """
    array, out_dtype = _as_float64(x, "glu")
    axis = _check_axis(array, axis, "glu")
    a, b = _halves(array, axis, "glu")
    return _rounded(_times_gate(a, b), out_dtype)


def glu_jacobian(x) -> np.ndarray:
    r"""The Jacobian of GLU at a 1-D vector x = (a, b) of even length 2n.

    .. math::
        \frac{\partial g_i}{\partial a_j} = \delta_{ij}\, \sigma(b_i), \qquad
        \frac{\partial g_i}{\partial b_j} = \delta_{ij}\, a_i\, \sigma(b_i)(1 - \sigma(b_i))

    Two diagonal blocks side by side: J = [diag(σ(b)) | diag(a ⊙ σ'(b))].

    Args:
        x: a 1-D array-like of even length; float16/32/64 keep their dtype.

    Returns:
        The n × 2n matrix J with J[i, j] = ∂g_i/∂x_j.

    Raises:
        ValueError: x is not 1-D or its length is odd.

    >>> glu_jacobian([2.0, 0.0])
    array([[0.5, 0.5]])
    """
    array, out_dtype = _as_float64(x, "glu_jacobian")
    _check_vector(array, "glu_jacobian")
    a, b = _halves(array, 0, "glu_jacobian")
    n = a.size
    jacobian = np.zeros((n, 2 * n))
    index = np.arange(n)
    jacobian[index, index] = st.sigmoid(b)
    jacobian[index, n + index] = _times_gate_slope(a, b)
    return _rounded(jacobian, out_dtype)


def _forms() -> VectorForms:
    gate, delta = sym.sigma(common._b[common._i]), sp.KroneckerDelta(common._i, common._j)
    return VectorForms(
        f=sp.Mul(common._a[common._i], gate, evaluate=False),
        stable=None,
        jacobian=(
            sp.Mul(delta, gate, evaluate=False),
            sp.Mul(delta, common._a[common._i], gate, _minus(1, gate), evaluate=False),
        ),
        matrix=sp.BlockMatrix([[sp.DiagMatrix(common._GATE), sp.DiagMatrix(common._GATE_SLOPE)]]),
    )


def gated_labels(name: str) -> VectorLabels:
    """The printed labels of a gated unit a ⊙ φ(b) called ``name`` (GLU and its variants)."""
    return VectorLabels(
        f=rf"g_{{i}} = \operatorname{{{name}}}(\mathbf{{x}})_{{i}} = ",
        after_f=r", \qquad a_{i} = x_{i},\ b_{i} = x_{n+i}",
        jacobian=(
            r"\frac{\partial g_{i}}{\partial a_{j}} = ",
            r"\frac{\partial g_{i}}{\partial b_{j}} = ",
        ),
        matrix=r"J = \frac{\partial \mathbf{g}}{\partial (\mathbf{a}, \mathbf{b})} = ",
        output="g",
        inputs=("a", "b"),
    )


RECORD = VectorActivation(
    slug="glu",
    name="Gated linear unit (GLU)",
    summary="The first half of x, gated by the sigmoid of the second half.",
    numpy="""
        a, b = np.split(z, 2, axis=axis)
        h = np.exp(-np.abs(b) / 2.0)  # e^(-|b|) as h·h, each factor kept above the subnormals
        return np.where(b >= 0, a, (a * h) * h) / (1.0 + h * h)
    """,
    f=glu,
    jacobian=glu_jacobian,
    forms=_forms,
    labels=gated_labels("GLU"),
    gate="sigmoid",
    references=(DAUPHIN_2017, SHAZEER_2020),
    frameworks=(
        FrameworkName("PyTorch", function="torch.nn.functional.glu", layer="torch.nn.GLU"),
        FrameworkName("JAX", function="jax.nn.glu"),
        FrameworkName("Flax", function="flax.nnx.glu"),
        FrameworkName("Keras", function="keras.activations.glu"),
        FrameworkName("MLX", function="mlx.nn.glu", layer="mlx.nn.GLU"),
    ),
)
