"""SwiGLU: the first half of x, gated by the SiLU (Swish) of the second half."""

from __future__ import annotations

import numpy as np

from activations import _smooth
from activations import _symbolic as sym
from activations._types import Reference, Use
from activations._vectors._common import (
    _TAIL,
)
from activations._vectors._gated import Gate, gated, gated_jacobian, gated_record


def _silu_tail(b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For b < -700, where σ(b) = e^b to within e^b: SiLU(b) = h²·b, SiLU′(b) = h²·(1 + b)."""
    with np.errstate(under="ignore"):
        h = np.exp(0.5 * b)
    return h, b, 1.0 + b


GATE = Gate(
    slug="silu",
    family=_smooth,
    tex=r"\operatorname{SiLU}",
    form=lambda b: b * sym.sigma(b),
    slope=lambda b: sym.sigma(b) * (1 + b * (1 - sym.sigma(b))),
    tail_below=_TAIL,
    tail=_silu_tail,
)


def swiglu(x, axis: int = -1) -> np.ndarray:
    r"""SwiGLU: the first half of x, gated by the SiLU (Swish) of the second half.

    .. math::
        \operatorname{SwiGLU}(\mathbf{x}) = \mathbf{a} \odot \operatorname{SiLU}(\mathbf{b}),
        \qquad \operatorname{SiLU}(b) = b\,\sigma(b), \qquad \mathbf{x} = (\mathbf{a}, \mathbf{b})

    Shazeer 2020, "GLU Variants Improve Transformer", https://arxiv.org/abs/2002.05202.
    The split of PyTorch's ``glu``: a is the first half of x along ``axis`` (the value), b
    the second (the gate). LLaMA-style code writes the same product as
    ``silu(gate(x)) * up(x)``. The gate is the SiLU record's kernel; where SiLU(b) is
    nearly subnormal (b < -700) the product is formed from e^(b/2) twice, so a large a
    keeps its digits.

    Args:
        x: an array-like of any shape whose length along ``axis`` is even;
            float16/32/64 keep their dtype, integers and booleans give float64.
        axis: the axis to split in halves (default: the last).

    Returns:
        An array of x's shape with the length along ``axis`` halved. An infinite a
        where SiLU(b) = 0 gives nan (∞·0).

    Raises:
        ValueError: the length along ``axis`` is odd, x is a scalar, or ``axis`` is out
            of range.
        TypeError: x is complex or not numeric.

    >>> swiglu([2.0, -1.0, 0.0, 1.0])
    array([ 0.        , -0.73105858])
    """
    return gated(GATE, x, axis, "swiglu")


def swiglu_jacobian(x) -> np.ndarray:
    r"""The Jacobian of SwiGLU at a 1-D vector x = (a, b) of even length 2n.

    .. math::
        \frac{\partial g_i}{\partial a_j} = \delta_{ij} \operatorname{SiLU}(b_i), \qquad
        \frac{\partial g_i}{\partial b_j} = \delta_{ij}\, a_i \operatorname{SiLU}'(b_i)

    J = [diag(SiLU(b)) | diag(a ⊙ SiLU′(b))], with SiLU′(b) = σ(b)(1 + b(1 − σ(b))).

    Args:
        x: a 1-D array-like of even length; float16/32/64 keep their dtype.

    Returns:
        The n × 2n matrix J with J[i, j] = ∂g_i/∂x_j.

    Raises:
        ValueError: x is not 1-D or its length is odd.

    >>> swiglu_jacobian([3.0, 0.0])
    array([[0. , 1.5]])
    """
    return gated_jacobian(GATE, x, "swiglu_jacobian")


RECORD = gated_record(
    GATE,
    slug="swiglu",
    name="SwiGLU",
    summary="The first half of x, gated by the SiLU (Swish) of the second half.",
    numpy="""
        a, b = np.split(z, 2, axis=axis)
        h = np.exp(-np.abs(b) / 2.0)  # e^(-|b|) as h·h, each factor kept above the subnormals
        return np.where(b >= 0, a * b, ((a * b) * h) * h) / (1.0 + h * h)
    """,
    f=swiglu,
    jacobian=swiglu_jacobian,
    used_in=(
        Use(
            "PaLM",
            "the feed-forward layers (SwiGLU, Section 2 of the paper)",
            Reference(
                authors="A. Chowdhery et al.",
                title="PaLM: Scaling Language Modeling with Pathways",
                year=2022,
                arxiv="2204.02311",
                venue="arXiv preprint",
            ),
        ),
        Use(
            "LLaMA",
            "the feed-forward layers: `w2(F.silu(w1(x)) * w3(x))` in `FeedForward`",
            Reference(
                authors="Meta AI",
                title="llama, llama/model.py",
                year=2023,
                url="https://github.com/meta-llama/llama/blob/0504cf440a50aab815cadccd10a46e7ba70ff344/llama/model.py",
                venue="released code",
            ),
        ),
        Use(
            "Mistral 7B",
            "the feed-forward layers: `w2(silu(w1(x)) * w3(x))` in `FeedForward`",
            Reference(
                authors="Mistral AI",
                title="mistral-inference, mistral/model.py",
                year=2023,
                url="https://github.com/mistralai/mistral-inference/blob/372ba00898c400648c11202bbe3d5a962c207aa8/mistral/model.py",
                venue="released code",
            ),
        ),
    ),
)
