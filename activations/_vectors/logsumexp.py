"""Log-sum-exp: the logarithm of the sum of exponentials, a smooth maximum (ℝⁿ → ℝ)."""

from __future__ import annotations

import numpy as np

from activations._sympy import sp
from activations._types import FrameworkName
from activations._vectors import _common as common
from activations._vectors._common import (
    VectorActivation,
    VectorForms,
    VectorLabels,
    _as_float64,
    _check_axis,
    _check_vector,
    _minus,
    _rounded,
    _shifted,
    _softmax64,
    _sum_k,
)
from activations._vectors.softmax import REFERENCES


def _logsumexp64(z: np.ndarray) -> np.ndarray:
    """log Σ e^z_k over the last axis of a float64 array: m + log1p(t), m the largest entry.

    Every limit exists here: any +inf gives +inf, only -inf (or no entry) gives -inf
    (log 0); only a nan gives nan.
    """
    if z.shape[-1] == 0:
        return np.full(z.shape[:-1], -np.inf)
    p = _shifted(z)
    value = (p.m + np.log1p(p.t))[..., 0]
    value = np.where(np.isfinite(z).any(axis=-1), value, -np.inf)
    value = np.where((z == np.inf).any(axis=-1), np.inf, value)
    return np.where(np.isnan(z).any(axis=-1), np.nan, value)


def logsumexp(z, axis: int = -1):
    r"""Log-sum-exp: log Σ e^(z_k) along ``axis``, a smooth maximum of the scores.

    .. math::
        \ell = \log \sum_k e^{z_k} = m + \log \sum_k e^{z_k - m}, \qquad m = \max_k z_k

    The shifted form is the one computed, with the sum written 1 + t (t the terms
    other than the largest) and its logarithm taken as log1p(t), so it neither
    overflows nor loses t when t is tiny (Blanchard, Higham and Higham 2021,
    https://doi.org/10.1093/imanum/draa038). The result is within a few ULP of
    max(|ℓ|, |m|): where ℓ is much smaller than the largest score (m close to
    -log n, say) the cancellation of m against the logarithm shows in ℓ's last
    digits, as it does for any formula that starts from the rounded terms.

    Args:
        z: scores, an array-like of any shape; float16/32/64 keep their dtype,
            integers and booleans give float64.
        axis: the axis to reduce (default: the last); it is removed from the result.

    Returns:
        An array of z's shape without ``axis`` (a numpy scalar for a 1-D z):
        +inf where a vector holds +inf, -inf where it holds only -inf or is
        empty (the logarithm of an empty sum, 0), nan where it holds a nan.

    Raises:
        ValueError: z is a scalar or ``axis`` is out of range.
        TypeError: z is complex, masked or not numeric.

    >>> logsumexp([0.0, 0.0])
    np.float64(0.6931471805599453)
    >>> logsumexp([1000.0, 1000.0, -np.inf])
    np.float64(1000.6931471805599)
    """
    x, out_dtype = _as_float64(z, "logsumexp")
    axis = _check_axis(x, axis, "logsumexp")
    result = _rounded(_logsumexp64(np.moveaxis(x, axis, -1)), out_dtype)
    return result[()] if result.ndim == 0 else result


def logsumexp_jacobian(z) -> np.ndarray:
    r"""The Jacobian of log-sum-exp at a 1-D vector z: the 1 × n row sᵀ, s = softmax(z).

    .. math::
        \frac{\partial \ell}{\partial z_j} = \frac{e^{z_j}}{\sum_k e^{z_k}} = s_j

    The gradient of log-sum-exp is softmax; its Hessian, softmax's Jacobian
    diag(s) - s sᵀ, is ``softmax_jacobian(z)``.

    Args:
        z: a 1-D array-like of scores; float16/32/64 keep their dtype.

    Returns:
        The 1 × n matrix J with J[0, j] = ∂ℓ/∂z_j, entries in [0, 1] summing to 1.

    Raises:
        ValueError: z is not 1-D.

    >>> logsumexp_jacobian([0.0, 0.0])
    array([[0.5, 0.5]])
    """
    x, out_dtype = _as_float64(z, "logsumexp_jacobian")
    _check_vector(x, "logsumexp_jacobian")
    s = _softmax64(x) if x.size else x
    return _rounded(s[np.newaxis, :], out_dtype)


def _forms() -> VectorForms:
    return VectorForms(
        f=sp.log(_sum_k(lambda k: sp.exp(common._z[k]))),
        stable=sp.Add(
            common._m,
            sp.log(_sum_k(lambda k: sp.exp(_minus(common._z[k], common._m)))),
            evaluate=False,
        ),
        jacobian=(common._s[common._j],),
        matrix=common._S.T,
    )


RECORD = VectorActivation(
    slug="logsumexp",
    name="Log-sum-exp",
    summary="The logarithm of a sum of exponentials: a smooth maximum whose gradient is softmax.",
    numpy="""
        top = np.expand_dims(np.argmax(z, axis=axis), axis)  # one largest entry
        m = np.take_along_axis(z, top, axis=axis)
        others = np.exp(z - m)  # every exponent ≤ 0
        np.put_along_axis(others, top, 0.0, axis=axis)  # its term, e⁰ = 1, goes to log1p
        return np.squeeze(m + np.log1p(np.sum(others, axis=axis, keepdims=True)), axis)
    """,
    f=logsumexp,
    jacobian=logsumexp_jacobian,
    forms=_forms,
    labels=VectorLabels(
        f=r"\ell = \operatorname{logsumexp}(\mathbf{z}) = ",
        after_f=r", \qquad \ell \in \mathbb{R}",
        stable=r"\ell = ",
        jacobian=(r"\frac{\partial \ell}{\partial z_{j}} = ",),
        matrix=r"J = \frac{\partial \ell}{\partial \mathbf{z}} = ",
        after_matrix=r", \qquad \mathbf{s} = \operatorname{softmax}(\mathbf{z})",
        output=r"\ell",
    ),
    references=REFERENCES[1:],
    aliases=("reduce_logsumexp",),
    frameworks=(
        FrameworkName("PyTorch", function="torch.logsumexp"),
        FrameworkName("JAX", function="jax.nn.logsumexp"),
        FrameworkName("Flax", function="flax.nnx.logsumexp"),
        FrameworkName("Keras", function="keras.ops.logsumexp"),
        FrameworkName("TensorFlow", function="tf.math.reduce_logsumexp"),
        FrameworkName("MLX", function="mlx.core.logsumexp"),
    ),
)
