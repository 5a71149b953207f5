"""Softmax: turns a vector of scores into probabilities that sum to 1."""

from __future__ import annotations

import numpy as np

from activations import _papers as papers
from activations._sympy import sp
from activations._types import FrameworkName, Reference, Use
from activations._vectors import _common as common
from activations._vectors._common import (
    TEMPERATURE,
    VectorActivation,
    VectorForms,
    VectorLabels,
    _along_axis,
    _as_float64,
    _check_temperature,
    _check_vector,
    _complement,
    _minus,
    _over_tau,
    _rounded,
    _softmax64,
    _sum_k,
)

REFERENCES = (
    Reference(
        authors="J. S. Bridle",
        title=(
            "Probabilistic Interpretation of Feedforward Classification Network Outputs, "
            "with Relationships to Statistical Pattern Recognition"
        ),
        year=1990,
        doi="10.1007/978-3-642-76153-9_28",
        venue="Neurocomputing: Algorithms, Architectures and Applications",
        kind="incollection",
        publisher="Springer",
    ),
    Reference(
        authors="P. Blanchard, D. J. Higham, N. J. Higham",
        title="Accurately computing the log-sum-exp and softmax functions",
        year=2021,
        doi="10.1093/imanum/draa038",
        venue="IMA Journal of Numerical Analysis",
        kind="article",
        arxiv="1909.03469",
        volume="41",
        number="4",
        pages="2311–2330",
    ),
)


def softmax(z, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    r"""Softmax: turns a vector of scores into probabilities that sum to 1.

    .. math::
        s_i = \frac{e^{z_i/\tau}}{\sum_k e^{z_k/\tau}}
            = \frac{e^{(z_i - m)/\tau}}{\sum_k e^{(z_k - m)/\tau}}, \qquad m = \max_k z_k

    The shifted form is the one computed: every exponent is at most 0, so no
    exponential overflows, and (z_i - m)/τ is carried to twice the working
    precision (Bridle 1990,
    https://doi.org/10.1007/978-3-642-76153-9_28; Blanchard, Higham and Higham
    2021, https://doi.org/10.1093/imanum/draa038). Accurate to a few ULP.

    Args:
        z: scores (logits), an array-like of any shape; float16/32/64 keep their
            dtype, integers and booleans give float64.
        axis: the axis holding each score vector (default: the last).
        temperature: τ > 0, which divides the scores: below 1 the distribution is
            sharper, above 1 flatter (default 1, plain softmax).

    Returns:
        An array of z's shape whose entries along ``axis`` are in [0, 1] and sum
        to 1. One +inf in a vector takes all the probability; a vector with a
        nan, two +inf or only -inf gives nan.

    Raises:
        ValueError: z is a scalar, ``axis`` is out of range or τ is not in (0, ∞).
        TypeError: z is complex or not numeric.

    >>> softmax([1000.0, 0.0, -1000.0])
    array([1., 0., 0.])
    >>> softmax([[0.0, 0.0], [0.0, 1.0]], axis=0)
    array([[0.5       , 0.26894142],
           [0.5       , 0.73105858]])
    >>> softmax([0.0, 1.0], temperature=0.5)
    array([0.11920292, 0.88079708])
    """
    tau = _check_temperature(temperature, "softmax")
    return _along_axis(lambda x: _softmax64(x, tau), z, axis, "softmax")


def softmax_jacobian(z, temperature: float = 1.0) -> np.ndarray:
    r"""The Jacobian of softmax at a 1-D vector z: (diag(s) - s sᵀ)/τ.

    .. math::
        J_{ij} = \frac{\partial s_i}{\partial z_j} = \frac{1}{\tau}\, s_i (\delta_{ij} - s_j)

    The diagonal s_i(1 - s_i) is computed with 1 - s_i as the sum of the other
    probabilities, so it keeps its digits when s_i is close to 1.

    Args:
        z: a 1-D array-like of scores; float16/32/64 keep their dtype.
        temperature: τ > 0, as for ``softmax`` (default 1).

    Returns:
        The n × n matrix J with J[i, j] = ∂s_i/∂z_j; symmetric, every row and
        column sums to 0.

    Raises:
        ValueError: z is not 1-D.

    >>> softmax_jacobian([0.0, 0.0])
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    tau = _check_temperature(temperature, "softmax_jacobian")
    x, out_dtype = _as_float64(z, "softmax_jacobian")
    _check_vector(x, "softmax_jacobian")
    s = _softmax64(x, tau) if x.size else x
    with np.errstate(under="ignore", over="ignore"):  # a tiny τ: entries beyond the range
        jacobian = -np.outer(s, s)
        np.fill_diagonal(jacobian, s * _complement(s))
        if tau != 1.0:
            jacobian = jacobian / tau
    return _rounded(jacobian, out_dtype)


def _forms() -> VectorForms:
    return VectorForms(
        f=sp.exp(common._z[common._i] / common._TAU)
        / _sum_k(lambda k: sp.exp(common._z[k] / common._TAU)),
        stable=sp.exp(_over_tau(_minus(common._z[common._i], common._m)))
        / _sum_k(lambda k: sp.exp(_over_tau(_minus(common._z[k], common._m)))),
        jacobian=(
            _over_tau(
                sp.Mul(
                    common._s[common._i],
                    _minus(sp.KroneckerDelta(common._i, common._j), common._s[common._j]),
                    evaluate=False,
                )
            ),
        ),
        matrix=sp.MatMul(
            sp.Pow(common._TAU, -1),
            sp.MatAdd(sp.DiagMatrix(common._S), -common._S * common._S.T, evaluate=False),
            evaluate=False,
        ),
    )


RECORD = VectorActivation(
    slug="softmax",
    name="Softmax",
    summary="Turns a vector of scores into probabilities that sum to 1.",
    numpy="""
        u = z / temperature
        e = np.exp(u - np.max(u, axis=axis, keepdims=True))  # every exponent ≤ 0
        return e / np.sum(e, axis=axis, keepdims=True)
    """,
    f=softmax,
    jacobian=softmax_jacobian,
    forms=_forms,
    labels=VectorLabels(
        f=r"s_{i} = \operatorname{softmax}(\mathbf{z} / \tau)_{i} = ",
        stable="s_{i} = ",
        jacobian=(r"\frac{\partial s_{i}}{\partial z_{j}} = ",),
        matrix=r"J = \frac{\partial \mathbf{s}}{\partial \mathbf{z}} = ",
        output="s",
    ),
    references=(
        *REFERENCES,
        Reference(
            authors="G. Hinton, O. Vinyals, J. Dean",
            title="Distilling the Knowledge in a Neural Network",
            year=2015,
            arxiv="1503.02531",
            venue="arXiv preprint",
        ),
    ),
    params=(TEMPERATURE,),
    used_in=(
        Use(
            "GPT-2",
            "the attention weights of every transformer block (`softmax` of the scaled, masked"
            " scores in `multihead_attn`, `model.py`)",
            papers.GPT2_MODEL_CODE,
        ),
        Use(
            "GPT-2",
            "text generation: the next token's logits are divided by a `temperature` (default"
            " 1) and sampled with `tf.multinomial`, that is from their softmax (`sample.py`)",
            Reference(
                authors="OpenAI",
                title="gpt-2, src/sample.py",
                year=2019,
                url="https://github.com/openai/gpt-2/blob/master/src/sample.py",
                venue="released code",
            ),
        ),
    ),
    frameworks=(
        FrameworkName("PyTorch", function="torch.nn.functional.softmax", layer="torch.nn.Softmax"),
        FrameworkName("JAX", function="jax.nn.softmax"),
        FrameworkName("Flax", function="flax.nnx.softmax"),
        FrameworkName("Keras", function="keras.activations.softmax", layer="keras.layers.Softmax"),
        FrameworkName("TensorFlow", function="tf.nn.softmax"),
        FrameworkName("MLX", function="mlx.nn.softmax", layer="mlx.nn.Softmax"),
    ),
)
