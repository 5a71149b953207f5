"""ReGLU: the first half of x, gated by the ReLU of the second half."""

from __future__ import annotations

import numpy as np

from activations import _relu
from activations._sympy import sp
from activations._vectors._gated import Gate, gated, gated_jacobian, gated_record

GATE = Gate(
    slug="relu",
    family=_relu,
    tex=r"\operatorname{ReLU}",
    form=lambda b: sp.Max(0, b),
    slope=lambda b: sp.Piecewise((1, b > 0), (0, True)),
)


def reglu(x, axis: int = -1) -> np.ndarray:
    r"""ReGLU: the first half of x, gated by the ReLU of the second half.

    .. math::
        \operatorname{ReGLU}(\mathbf{x}) = \mathbf{a} \odot \max(0, \mathbf{b}),
        \qquad \mathbf{x} = (\mathbf{a}, \mathbf{b})

    Shazeer 2020, "GLU Variants Improve Transformer", https://arxiv.org/abs/2002.05202.
    The split of PyTorch's ``glu``: a is the first half of x along ``axis`` (the value), b
    the second (the gate). The gate is the ReLU record's kernel; each output is one
    rounded product.

    Args:
        x: an array-like of any shape whose length along ``axis`` is even;
            float16/32/64 keep their dtype, integers and booleans give float64.
        axis: the axis to split in halves (default: the last).

    Returns:
        An array of x's shape with the length along ``axis`` halved. An infinite a
        where b ≤ 0 gives nan (∞·0).

    Raises:
        ValueError: the length along ``axis`` is odd, x is a scalar, or ``axis`` is out
            of range.
        TypeError: x is complex or not numeric.

    >>> reglu([2.0, -1.0, 3.0, -5.0])
    array([ 6., -0.])
    """
    return gated(GATE, x, axis, "reglu")


def reglu_jacobian(x) -> np.ndarray:
    r"""The Jacobian of ReGLU at a 1-D vector x = (a, b) of even length 2n.

    .. math::
        \frac{\partial g_i}{\partial a_j} = \delta_{ij} \max(0, b_i), \qquad
        \frac{\partial g_i}{\partial b_j} = \delta_{ij}\, a_i\, H(b_i)

    J = [diag(ReLU(b)) | diag(a ⊙ H(b))], with the step H(0) = 0 of the ReLU record
    (the kink at b = 0 takes the left slope, as PyTorch and JAX do).

    Args:
        x: a 1-D array-like of even length; float16/32/64 keep their dtype.

    Returns:
        The n × 2n matrix J with J[i, j] = ∂g_i/∂x_j.

    Raises:
        ValueError: x is not 1-D or its length is odd.

    >>> reglu_jacobian([3.0, 2.0])
    array([[2., 3.]])
    """
    return gated_jacobian(GATE, x, "reglu_jacobian")


RECORD = gated_record(
    GATE,
    slug="reglu",
    name="ReGLU",
    summary="The first half of x, gated by the ReLU of the second half.",
    numpy="""
        a, b = np.split(z, 2, axis=axis)
        return a * np.maximum(b, 0.0)
    """,
    f=reglu,
    jacobian=reglu_jacobian,
)
