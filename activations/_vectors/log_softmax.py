"""Log-softmax: the logarithm of softmax, computed without forming softmax."""

from __future__ import annotations

import numpy as np

from activations._sympy import sp
from activations._types import FrameworkName
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
    _log_softmax64,
    _minus,
    _over_tau,
    _rounded,
    _softmax64,
    _sum_k,
)
from activations._vectors.softmax import REFERENCES


def log_softmax(z, axis: int = -1, temperature: float = 1.0) -> np.ndarray:
    r"""Log-softmax: the logarithm of softmax, computed without forming softmax.

    .. math::
        \log s_i = \frac{z_i}{\tau} - \log \sum_k e^{z_k/\tau}
                 = \frac{z_i - m}{\tau} - \log \sum_k e^{(z_k - m)/\tau}, \qquad m = \max_k z_k

    The log-sum-exp trick: with the shift, the sum is 1 + t (t ≥ 0, the terms
    other than the largest) and its logarithm is log1p(t), so both terms have
    the same sign and nothing cancels. Stays finite where log(softmax(z))
    would be log 0 = -inf (Blanchard, Higham and Higham 2021,
    https://doi.org/10.1093/imanum/draa038). Accurate to a few ULP.

    Args:
        z: scores (logits), an array-like of any shape; float16/32/64 keep their
            dtype, integers and booleans give float64.
        axis: the axis holding each score vector (default: the last).
        temperature: τ > 0, which divides the scores as in ``softmax`` (default 1).

    Returns:
        An array of z's shape with entries ≤ 0 whose exponentials sum to 1
        along ``axis``; -inf only for an entry -inf (or beside a +inf), nan for
        the vectors where softmax gives nan.

    Raises:
        ValueError: z is a scalar, ``axis`` is out of range or τ is not in (0, ∞).
        TypeError: z is complex or not numeric.

    >>> log_softmax([0.0, -800.0])
    array([   0., -800.])
    """
    tau = _check_temperature(temperature, "log_softmax")
    return _along_axis(lambda x: _log_softmax64(x, tau), z, axis, "log_softmax")


def log_softmax_jacobian(z, temperature: float = 1.0) -> np.ndarray:
    r"""The Jacobian of log-softmax at a 1-D vector z: (I - 1 sᵀ)/τ.

    .. math::
        J_{ij} = \frac{\partial \log s_i}{\partial z_j} = \frac{1}{\tau}(\delta_{ij} - s_j)

    Every row is the same vector -s with 1 added on the diagonal; the diagonal
    1 - s_i is the sum of the other probabilities.

    Args:
        z: a 1-D array-like of scores; float16/32/64 keep their dtype.
        temperature: τ > 0, as for ``log_softmax`` (default 1).

    Returns:
        The n × n matrix J with J[i, j] = ∂ log s_i / ∂z_j; every row sums to 0.

    Raises:
        ValueError: z is not 1-D.

    >>> log_softmax_jacobian([0.0, 0.0])
    array([[ 0.5, -0.5],
           [-0.5,  0.5]])
    """
    tau = _check_temperature(temperature, "log_softmax_jacobian")
    x, out_dtype = _as_float64(z, "log_softmax_jacobian")
    _check_vector(x, "log_softmax_jacobian")
    s = _softmax64(x, tau) if x.size else x
    jacobian = np.broadcast_to(-s, (s.size, s.size)).copy()
    np.fill_diagonal(jacobian, _complement(s))
    if tau != 1.0:
        with np.errstate(over="ignore", under="ignore"):  # an extreme τ: beyond the range
            jacobian = jacobian / tau
    return _rounded(jacobian, out_dtype)


def _forms() -> VectorForms:
    return VectorForms(
        f=_minus(
            common._z[common._i] / common._TAU,
            sp.log(_sum_k(lambda k: sp.exp(common._z[k] / common._TAU))),
        ),
        stable=_minus(
            _over_tau(_minus(common._z[common._i], common._m)),
            sp.log(_sum_k(lambda k: sp.exp(_over_tau(_minus(common._z[k], common._m))))),
        ),
        jacobian=(
            _over_tau(_minus(sp.KroneckerDelta(common._i, common._j), common._s[common._j])),
        ),
        matrix=sp.MatMul(
            sp.Pow(common._TAU, -1),
            sp.MatAdd(
                sp.Identity(common._n), -sp.OneMatrix(common._n, 1) * common._S.T, evaluate=False
            ),
            evaluate=False,
        ),
    )


RECORD = VectorActivation(
    slug="log_softmax",
    name="Log-softmax",
    summary="The logarithm of softmax, computed without forming softmax.",
    numpy="""
        u = z / temperature
        top = np.expand_dims(np.argmax(u, axis=axis), axis)  # one largest entry
        shifted = u - np.take_along_axis(u, top, axis=axis)  # every exponent ≤ 0
        others = np.exp(shifted)
        np.put_along_axis(others, top, 0.0, axis=axis)  # its term, e⁰ = 1, goes to log1p
        return shifted - np.log1p(np.sum(others, axis=axis, keepdims=True))
    """,
    f=log_softmax,
    jacobian=log_softmax_jacobian,
    forms=_forms,
    labels=VectorLabels(
        f=r"\log s_{i} = ",
        stable=r"\log s_{i} = ",
        jacobian=(r"\frac{\partial \log s_{i}}{\partial z_{j}} = ",),
        matrix=r"J = \frac{\partial \log \mathbf{s}}{\partial \mathbf{z}} = ",
        output=r"\log s",
    ),
    references=REFERENCES,
    params=(TEMPERATURE,),
    frameworks=(
        FrameworkName(
            "PyTorch", function="torch.nn.functional.log_softmax", layer="torch.nn.LogSoftmax"
        ),
        FrameworkName("JAX", function="jax.nn.log_softmax"),
        FrameworkName("Flax", function="flax.nnx.log_softmax"),
        FrameworkName("Keras", function="keras.activations.log_softmax"),
        FrameworkName("TensorFlow", function="tf.nn.log_softmax"),
        FrameworkName("MLX", function="mlx.nn.log_softmax", layer="mlx.nn.LogSoftmax"),
    ),
)
