"""GeGLU: the first half of x, gated by the (exact) GELU of the second half."""

from __future__ import annotations

import math

import numpy as np
import scipy  # scipy.special is imported when a kernel first uses it

from activations import _smooth
from activations import _stable as st
from activations import _symbolic as sym
from activations._types import Reference, Use
from activations._vectors._gated import Gate, gated, gated_jacobian, gated_record

_GELU_TAIL = -37.0  # below this GELU(b) = bΦ(b) nears the subnormal range


def _gelu_tail(b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """GELU(b) = h²·b·erfcx(−b/√2)/2 and GELU′(b) = h²·(erfcx(−b/√2)/2 + b/√(2π)) with
    h = e^(−b²/4), b² carried exactly."""
    h = st.exp_neg_square(b, 0.25)
    half_erfcx = 0.5 * scipy.special.erfcx(-b / math.sqrt(2.0))
    return h, b * half_erfcx, half_erfcx + b * st.SQRT_2PI_INV


GATE = Gate(
    slug="gelu",
    family=_smooth,
    tex=r"\operatorname{GELU}",
    form=lambda b: b * sym.Phi(b),
    slope=lambda b: sym.Phi(b) + b * sym.phi(b),
    tail_below=_GELU_TAIL,
    tail=_gelu_tail,
)


def geglu(x, axis: int = -1) -> np.ndarray:
    r"""GeGLU: the first half of x, gated by the GELU of the second half.

    .. math::
        \operatorname{GeGLU}(\mathbf{x}) = \mathbf{a} \odot \operatorname{GELU}(\mathbf{b}),
        \qquad \operatorname{GELU}(b) = b\,\Phi(b), \qquad \mathbf{x} = (\mathbf{a}, \mathbf{b})

    Shazeer 2020, "GLU Variants Improve Transformer", https://arxiv.org/abs/2002.05202,
    with the exact GELU (Φ the standard normal CDF); Gemma and T5 v1.1 gate with the tanh
    approximation instead. The split of PyTorch's ``glu``: a is the first half of x along
    ``axis`` (the value), b the second (the gate). The gate is the GELU record's kernel;
    where GELU(b) is nearly subnormal (b < -37) the product is formed from e^(-b²/4)
    twice, so a large a keeps its digits.

    Args:
        x: an array-like of any shape whose length along ``axis`` is even;
            float16/32/64 keep their dtype, integers and booleans give float64.
        axis: the axis to split in halves (default: the last).

    Returns:
        An array of x's shape with the length along ``axis`` halved. An infinite a
        where GELU(b) = 0 gives nan (∞·0).

    Raises:
        ValueError: the length along ``axis`` is odd, x is a scalar, or ``axis`` is out
            of range.
        TypeError: x is complex or not numeric.

    >>> geglu([2.0, -1.0, 0.0, 1.0])
    array([ 0.        , -0.84134475])
    """
    return gated(GATE, x, axis, "geglu")


def geglu_jacobian(x) -> np.ndarray:
    r"""The Jacobian of GeGLU at a 1-D vector x = (a, b) of even length 2n.

    .. math::
        \frac{\partial g_i}{\partial a_j} = \delta_{ij} \operatorname{GELU}(b_i), \qquad
        \frac{\partial g_i}{\partial b_j} = \delta_{ij}\, a_i \operatorname{GELU}'(b_i)

    J = [diag(GELU(b)) | diag(a ⊙ GELU′(b))], with GELU′(b) = Φ(b) + bφ(b).

    Args:
        x: a 1-D array-like of even length; float16/32/64 keep their dtype.

    Returns:
        The n × 2n matrix J with J[i, j] = ∂g_i/∂x_j.

    Raises:
        ValueError: x is not 1-D or its length is odd.

    >>> geglu_jacobian([3.0, 0.0])
    array([[0. , 1.5]])
    """
    return gated_jacobian(GATE, x, "geglu_jacobian")


RECORD = gated_record(
    GATE,
    slug="geglu",
    name="GeGLU",
    summary="The first half of x, gated by the GELU of the second half.",
    numpy="""
        import math

        erfc = np.vectorize(math.erfc, otypes=[float])  # numpy has no erfc
        a, b = np.split(z, 2, axis=axis)
        return a * (b * erfc(-b / np.sqrt(2.0)) / 2.0)
    """,
    f=geglu,
    jacobian=geglu_jacobian,
    used_in=(
        Use(
            "Gemma",
            "the feed-forward layers: `nn.gelu(gate[..., 0, :]) * gate[..., 1, :]` in "
            "`FeedForward`, Flax's `gelu`, whose default is the tanh approximation",
            Reference(
                authors="Google DeepMind",
                title="gemma, gemma/gm/nn/_modules.py",
                year=2025,
                url="https://github.com/google-deepmind/gemma/blob/03258cda22988c84733b813f696ac3a83a5a2fd6/gemma/gm/nn/_modules.py",
                venue="released code",
            ),
        ),
        Use(
            "T5 v1.1",
            'the feed-forward layers: `DenseReluDense.activation = ["gelu", "linear"]`; '
            "Mesh TensorFlow's `gelu` is the tanh approximation",
            Reference(
                authors="Google Research",
                title="text-to-text-transfer-transformer, t5/models/gin/models/t5.1.1.base.gin",
                year=2020,
                url="https://github.com/google-research/text-to-text-transfer-transformer/blob/a9a4c85a6368a9ad8c8b52eefa1564487c92bbee/t5/models/gin/models/t5.1.1.base.gin",
                venue="released configuration",
            ),
        ),
    ),
)
