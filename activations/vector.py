"""Vector-valued activations: softmax, log-softmax and the gated linear unit (GLU).

Each output of these functions depends on a whole vector of inputs, taken
along one ``axis`` of an array of any shape, so their derivative is a
Jacobian matrix rather than one number per input. As for the scalar
activations, float16 and float32 inputs are computed in float64 and rounded
once, integers and booleans give float64, and no input, finite or infinite,
makes numpy warn.

Infinite inputs give the limit when it does not depend on how the inputs
grow: softmax([∞, 0]) = [1, 0]. A vector whose limit does depend on it (two
entries +∞, or every entry −∞) gives nan, as a vector holding a nan does.

The formulas are sympy expressions (``vector_sympy``) and their LaTeX
(``vector_latex``) is printed from them, so the tests can check each printed
formula against the code and against the derivative of the definition.

>>> softmax([0.0, 0.0])
array([0.5, 0.5])
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import sympy as sp

from activations import _stable as st
from activations._arrays import _FLOAT_DTYPES, real_array
from activations._symbolic import _SitePrinter, sigma
from activations._types import Reference

__all__ = [
    "REFERENCES",
    "VectorForms",
    "VectorLatex",
    "glu",
    "glu_jacobian",
    "log_softmax",
    "log_softmax_jacobian",
    "softmax",
    "softmax_jacobian",
    "vector_latex",
    "vector_sympy",
]

NAMES = ("softmax", "log_softmax", "glu")

REFERENCES: dict[str, tuple[Reference, ...]] = {
    "softmax": (
        Reference(
            authors="J. S. Bridle",
            title=(
                "Probabilistic Interpretation of Feedforward Classification Network Outputs, "
                "with Relationships to Statistical Pattern Recognition"
            ),
            year=1990,
            url="https://doi.org/10.1007/978-3-642-76153-9_28",
            venue="Neurocomputing: Algorithms, Architectures and Applications, Springer",
        ),
        Reference(
            authors="P. Blanchard, D. J. Higham, N. J. Higham",
            title="Accurately computing the log-sum-exp and softmax functions",
            year=2021,
            url="https://doi.org/10.1093/imanum/draa038",
            venue="IMA Journal of Numerical Analysis",
        ),
    ),
    "glu": (
        Reference(
            authors="Y. N. Dauphin, A. Fan, M. Auli, D. Grangier",
            title="Language Modeling with Gated Convolutional Networks",
            year=2017,
            url="https://arxiv.org/abs/1612.08083",
            venue="ICML",
        ),
        Reference(
            authors="N. Shazeer",
            title="GLU Variants Improve Transformer",
            year=2020,
            url="https://arxiv.org/abs/2002.05202",
            venue="arXiv preprint",
        ),
    ),
}
REFERENCES["log_softmax"] = REFERENCES["softmax"]

_TAIL = -700.0  # below this e^x is near the subnormal range (e^-708 is the smallest normal)


# --- arrays -------------------------------------------------------------------------------
def _as_float64(values, name: str) -> tuple[np.ndarray, type]:
    """``values`` as a float64 array, with the dtype the result is returned in."""
    array = real_array(values, name)
    out_dtype = array.dtype.type if array.dtype.type in _FLOAT_DTYPES else np.float64
    return array.astype(np.float64, copy=False), out_dtype


def _rounded(result: np.ndarray, out_dtype: type) -> np.ndarray:
    """The float64 ``result`` rounded once to ``out_dtype``."""
    if out_dtype is np.float64:
        return result
    with np.errstate(over="ignore"):  # rounding a large float64 to inf is the answer
        return result.astype(out_dtype)


def _check_axis(array: np.ndarray, axis, name: str) -> int:
    """``axis`` as a non-negative index of ``array``, or an error naming the problem."""
    if isinstance(axis, bool) or not isinstance(axis, int | np.integer):
        raise TypeError(f"{name}: axis must be an integer, got {axis!r}")
    if array.ndim == 0:
        raise ValueError(f"{name}: needs an array with at least one dimension, got a scalar")
    if not -array.ndim <= axis < array.ndim:
        raise ValueError(
            f"{name}: axis {axis} is out of range for an array with {array.ndim} dimension(s)"
        )
    return int(axis) % array.ndim


def _check_vector(array: np.ndarray, name: str) -> None:
    if array.ndim != 1:
        raise ValueError(f"{name}: expected a 1-D vector, got an array of shape {array.shape}")


# --- softmax and log-softmax --------------------------------------------------------------
@dataclass(frozen=True)
class _Shifted:
    """The pieces of the stable softmax of each row (last axis) of a float64 array.

    For rows with a finite entry, z_i - m = hi_i + lo_i exactly (m the largest
    finite entry), e_i = e^(z_i - m) and t = Σ e_i over every entry but the
    first largest one, whose e is exactly 1: Σ e = 1 + t with t kept apart,
    so log Σ e = log1p(t) keeps its digits when t is tiny.
    """

    hi: np.ndarray
    lo: np.ndarray
    e: np.ndarray
    t: np.ndarray
    one_pos: np.ndarray  # rows with exactly one +inf: the limit is one-hot there
    undefined: np.ndarray  # rows with a nan, two +inf, or only -inf: nan


def _shifted(z: np.ndarray) -> _Shifted:
    finite = np.isfinite(z)
    m = np.max(np.where(finite, z, -np.inf), axis=-1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    a, b = np.where(finite, z, m), -m
    with np.errstate(over="ignore", invalid="ignore"):  # z - m beyond the float range
        hi = a + b
        b_virtual = hi - a
        lo = (a - (hi - b_virtual)) + (b - b_virtual)
    hi = np.where(finite, hi, -np.inf)
    lo = np.where(np.isfinite(hi), lo, 0.0)
    with np.errstate(under="ignore"):
        e = np.exp(hi) * (1.0 + lo)
    others = e.copy()
    np.put_along_axis(others, np.argmax(hi, axis=-1, keepdims=True), 0.0, axis=-1)
    t = others.sum(axis=-1, keepdims=True)
    n_pos = np.count_nonzero(z == np.inf, axis=-1, keepdims=True)
    no_finite = ~finite.any(axis=-1, keepdims=True)
    has_nan = np.isnan(z).any(axis=-1, keepdims=True)
    undefined = has_nan | (n_pos >= 2) | ((n_pos == 0) & no_finite)
    return _Shifted(hi, lo, e, t, n_pos == 1, undefined)


def _softmax64(z: np.ndarray) -> np.ndarray:
    """Softmax along the last axis of a float64 array (at least one entry per row)."""
    p = _shifted(z)
    total = 1.0 + p.t
    with np.errstate(under="ignore"):
        # Where e_i is nearly subnormal it enters as two halves, so s_i is rounded once.
        half = np.exp(0.5 * p.hi) * (1.0 + 0.5 * p.lo)
        s = np.where(p.hi < _TAIL, (half / total) * half, p.e / total)
    s = np.where(p.one_pos, np.where(z == np.inf, 1.0, 0.0), s)
    return np.where(p.undefined, np.nan, s)


def _log_softmax64(z: np.ndarray) -> np.ndarray:
    """Log-softmax along the last axis: (z_i - m) - log1p(t), two terms of one sign."""
    p = _shifted(z)
    r = (p.hi - np.log1p(p.t)) + p.lo
    r = np.where(p.one_pos, np.where(z == np.inf, 0.0, -np.inf), r)
    return np.where(p.undefined, np.nan, r)


def _along_axis(kernel, z, axis, name: str) -> np.ndarray:
    """Apply a last-axis ``kernel`` along ``axis`` of ``z``, keeping the input's dtype."""
    x, out_dtype = _as_float64(z, name)
    axis = _check_axis(x, axis, name)
    if x.shape[axis] == 0:
        return np.empty(x.shape, dtype=out_dtype)
    moved = np.moveaxis(x, axis, -1)
    result = np.moveaxis(kernel(moved), -1, axis)
    return _rounded(np.ascontiguousarray(result), out_dtype)


def softmax(z, axis: int = -1) -> np.ndarray:
    r"""Softmax: turns a vector of scores into probabilities that sum to 1.

    .. math::
        s_i = \frac{e^{z_i}}{\sum_k e^{z_k}} = \frac{e^{z_i - m}}{\sum_k e^{z_k - m}},
        \qquad m = \max_k z_k

    The shifted form is the one computed: every exponent is at most 0, so no
    exponential overflows, and z_i - m is carried exactly (Bridle 1990,
    https://doi.org/10.1007/978-3-642-76153-9_28; Blanchard, Higham and Higham
    2021, https://doi.org/10.1093/imanum/draa038). Accurate to a few ULP.

    Args:
        z: scores (logits), an array-like of any shape; float16/32/64 keep their
            dtype, integers and booleans give float64.
        axis: the axis holding each score vector (default: the last).

    Returns:
        An array of z's shape whose entries along ``axis`` are in [0, 1] and sum
        to 1. One +inf in a vector takes all the probability; a vector with a
        nan, two +inf or only -inf gives nan.

    Raises:
        ValueError: z is a scalar or ``axis`` is out of range.
        TypeError: z is complex or not numeric.

    >>> softmax([1000.0, 0.0, -1000.0])
    array([1., 0., 0.])
    >>> softmax([[0.0, 0.0], [0.0, 1.0]], axis=0)
    array([[0.5       , 0.26894142],
           [0.5       , 0.73105858]])
    """
    return _along_axis(_softmax64, z, axis, "softmax")


def log_softmax(z, axis: int = -1) -> np.ndarray:
    r"""Log-softmax: the logarithm of softmax, computed without forming softmax.

    .. math::
        \log s_i = z_i - \log \sum_k e^{z_k}
                 = (z_i - m) - \log \sum_k e^{z_k - m}, \qquad m = \max_k z_k

    The log-sum-exp trick: with the shift, the sum is 1 + t (t ≥ 0, the terms
    other than the largest) and its logarithm is log1p(t), so both terms have
    the same sign and nothing cancels. Stays finite where log(softmax(z))
    would be log 0 = -inf (Blanchard, Higham and Higham 2021,
    https://doi.org/10.1093/imanum/draa038). Accurate to a few ULP.

    Args:
        z: scores (logits), an array-like of any shape; float16/32/64 keep their
            dtype, integers and booleans give float64.
        axis: the axis holding each score vector (default: the last).

    Returns:
        An array of z's shape with entries ≤ 0 whose exponentials sum to 1
        along ``axis``; -inf only for an entry -inf (or beside a +inf), nan for
        the vectors where softmax gives nan.

    Raises:
        ValueError: z is a scalar or ``axis`` is out of range.
        TypeError: z is complex or not numeric.

    >>> log_softmax([0.0, -800.0])
    array([   0., -800.])
    """
    return _along_axis(_log_softmax64, z, axis, "log_softmax")


def _complement(s: np.ndarray) -> np.ndarray:
    """1 - s_i as the sum of the other entries, which keeps its digits when s_i ≈ 1."""
    others = np.where(np.eye(s.size, dtype=bool), 0.0, s[np.newaxis, :])
    return np.where(np.isnan(s), np.nan, others.sum(axis=1))


def softmax_jacobian(z) -> np.ndarray:
    r"""The Jacobian of softmax at a 1-D vector z: diag(s) - s sᵀ.

    .. math::
        J_{ij} = \frac{\partial s_i}{\partial z_j} = s_i (\delta_{ij} - s_j)

    The diagonal s_i(1 - s_i) is computed with 1 - s_i as the sum of the other
    probabilities, so it keeps its digits when s_i is close to 1.

    Args:
        z: a 1-D array-like of scores; float16/32/64 keep their dtype.

    Returns:
        The n × n matrix J with J[i, j] = ∂s_i/∂z_j; symmetric, every row and
        column sums to 0.

    Raises:
        ValueError: z is not 1-D.

    >>> softmax_jacobian([0.0, 0.0])
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    x, out_dtype = _as_float64(z, "softmax_jacobian")
    _check_vector(x, "softmax_jacobian")
    s = _softmax64(x) if x.size else x
    with np.errstate(under="ignore"):
        jacobian = -np.outer(s, s)
        np.fill_diagonal(jacobian, s * _complement(s))
    return _rounded(jacobian, out_dtype)


def log_softmax_jacobian(z) -> np.ndarray:
    r"""The Jacobian of log-softmax at a 1-D vector z: I - 1 sᵀ.

    .. math::
        J_{ij} = \frac{\partial \log s_i}{\partial z_j} = \delta_{ij} - s_j

    Every row is the same vector -s with 1 added on the diagonal; the diagonal
    1 - s_i is the sum of the other probabilities.

    Args:
        z: a 1-D array-like of scores; float16/32/64 keep their dtype.

    Returns:
        The n × n matrix J with J[i, j] = ∂ log s_i / ∂z_j; every row sums to 0.

    Raises:
        ValueError: z is not 1-D.

    >>> log_softmax_jacobian([0.0, 0.0])
    array([[ 0.5, -0.5],
           [-0.5,  0.5]])
    """
    x, out_dtype = _as_float64(z, "log_softmax_jacobian")
    _check_vector(x, "log_softmax_jacobian")
    s = _softmax64(x) if x.size else x
    jacobian = np.broadcast_to(-s, (s.size, s.size)).copy()
    np.fill_diagonal(jacobian, _complement(s))
    return _rounded(jacobian, out_dtype)


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
    return np.split(x, 2, axis=axis)


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


# --- formulas -----------------------------------------------------------------------------
_i, _j, _k = sp.symbols("i j k", integer=True, positive=True)
_n = sp.Symbol("n", integer=True, positive=True)
_m = sp.Symbol("m", real=True)
_z, _s = sp.IndexedBase("z", real=True), sp.IndexedBase("s", real=True)
_a, _b = sp.IndexedBase("a", real=True), sp.IndexedBase("b", real=True)
_S = sp.MatrixSymbol(r"\mathbf{s}", _n, 1)
_GATE = sp.MatrixSymbol(r"\sigma(\mathbf{b})", _n, 1)
_GATE_SLOPE = sp.MatrixSymbol(r"\mathbf{a} \odot \sigma'(\mathbf{b})", _n, 1)


@dataclass(frozen=True)
class VectorForms:
    """The sympy forms of a vector-valued activation.

    ``f`` and ``stable`` are the i-th output in the indexed symbols z_i (or
    a_i, b_i for GLU) with the sum over k = 1..n; ``jacobian`` holds the
    entry (i, j) of each block of the Jacobian (in s_j for softmax, whose
    entries are the outputs); ``matrix`` is the whole Jacobian as a matrix
    expression in the n × 1 vectors it names.
    """

    f: sp.Expr
    stable: sp.Expr | None
    jacobian: tuple[sp.Expr, ...]
    matrix: sp.Expr


@dataclass(frozen=True)
class VectorLatex:
    """KaTeX-ready equations: the definition, its stable form, the Jacobian entrywise
    and as a matrix (each side printed from ``VectorForms``)."""

    f: str
    stable: str | None
    jacobian: str
    matrix: str


def _sum_k(term) -> sp.Expr:
    return sp.Sum(term(_k), (_k, 1, _n))


def _minus(left, right) -> sp.Expr:
    """left - right, kept in that order for printing."""
    return sp.Add(left, sp.Mul(-1, right, evaluate=False), evaluate=False)


@functools.cache
def vector_sympy(name: str) -> VectorForms:
    """The sympy forms of ``"softmax"``, ``"log_softmax"`` or ``"glu"``."""
    delta = sp.KroneckerDelta(_i, _j)
    if name == "softmax":
        return VectorForms(
            f=sp.exp(_z[_i]) / _sum_k(lambda k: sp.exp(_z[k])),
            stable=sp.exp(_minus(_z[_i], _m)) / _sum_k(lambda k: sp.exp(_minus(_z[k], _m))),
            jacobian=(sp.Mul(_s[_i], _minus(delta, _s[_j]), evaluate=False),),
            matrix=sp.MatAdd(sp.DiagMatrix(_S), -_S * _S.T, evaluate=False),
        )
    if name == "log_softmax":
        return VectorForms(
            f=_minus(_z[_i], sp.log(_sum_k(lambda k: sp.exp(_z[k])))),
            stable=_minus(_minus(_z[_i], _m), sp.log(_sum_k(lambda k: sp.exp(_minus(_z[k], _m))))),
            jacobian=(_minus(delta, _s[_j]),),
            matrix=sp.MatAdd(sp.Identity(_n), -sp.OneMatrix(_n, 1) * _S.T, evaluate=False),
        )
    if name == "glu":
        gate = sigma(_b[_i])
        return VectorForms(
            f=sp.Mul(_a[_i], gate, evaluate=False),
            stable=None,
            jacobian=(
                sp.Mul(delta, gate, evaluate=False),
                sp.Mul(delta, _a[_i], gate, _minus(1, gate), evaluate=False),
            ),
            matrix=sp.BlockMatrix([[sp.DiagMatrix(_GATE), sp.DiagMatrix(_GATE_SLOPE)]]),
        )
    raise KeyError(f"unknown vector activation {name!r} (known: {', '.join(NAMES)})")


class _VectorPrinter(_SitePrinter):
    """The site's printer, keeping terms in the written order, with plain subscripts."""

    def __init__(self):
        super().__init__({"order": "none"})

    def _print_Indexed(self, expr):
        indices = " ".join(self._print(i) for i in expr.indices)
        return f"{self._print(expr.base.label)}_{{{indices}}}"

    def _print_DiagMatrix(self, expr):
        return rf"\operatorname{{diag}}\left({self._print(expr.args[0])}\right)"

    def _print_Transpose(self, expr):
        return rf"{self._print(expr.arg)}^{{\top}}"

    def _print_Identity(self, expr):
        return "I"

    def _print_OneMatrix(self, expr):
        return r"\mathbf{1}"

    def _print_BlockMatrix(self, expr):
        blocks = expr.blocks
        rows = [" & ".join(self._print(blocks[r, c]) for c in range(blocks.cols))
                for r in range(blocks.rows)]  # fmt: skip
        return r"\begin{bmatrix} " + r" \\ ".join(rows) + r" \end{bmatrix}"


def print_latex(expr: sp.Expr) -> str:
    """KaTeX-ready LaTeX of a vector form."""
    return _VectorPrinter().doprint(expr)


_MAX = r", \qquad m = \max_k z_{k}"
_LEFT = {
    "softmax": (
        r"s_{i} = \operatorname{softmax}(\mathbf{z})_{i} = ",
        "s_{i} = ",
        (r"\frac{\partial s_{i}}{\partial z_{j}} = ",),
        r"J = \frac{\partial \mathbf{s}}{\partial \mathbf{z}} = ",
    ),
    "log_softmax": (
        r"\log s_{i} = ",
        r"\log s_{i} = ",
        (r"\frac{\partial \log s_{i}}{\partial z_{j}} = ",),
        r"J = \frac{\partial \log \mathbf{s}}{\partial \mathbf{z}} = ",
    ),
    "glu": (
        r"g_{i} = \operatorname{GLU}(\mathbf{x})_{i} = ",
        None,
        (r"\frac{\partial g_{i}}{\partial a_{j}} = ", r"\frac{\partial g_{i}}{\partial b_{j}} = "),
        r"J = \frac{\partial \mathbf{g}}{\partial (\mathbf{a}, \mathbf{b})} = ",
    ),
}
_RIGHT = {"softmax": "", "log_softmax": "", "glu": r", \qquad a_{i} = x_{i},\ b_{i} = x_{n+i}"}


@functools.cache
def vector_latex(name: str) -> VectorLatex:
    """The LaTeX equations of ``"softmax"``, ``"log_softmax"`` or ``"glu"``.

    >>> print(vector_latex("log_softmax").jacobian)
    \\frac{\\partial \\log s_{i}}{\\partial z_{j}} = \\delta_{i j} - s_{j}
    """
    forms = vector_sympy(name)
    f_left, stable_left, jacobian_left, matrix_left = _LEFT[name]
    jacobian = r", \qquad ".join(
        left + print_latex(form) for left, form in zip(jacobian_left, forms.jacobian, strict=True)
    )
    return VectorLatex(
        f=f_left + print_latex(forms.f) + _RIGHT[name],
        stable=None if forms.stable is None else stable_left + print_latex(forms.stable) + _MAX,
        jacobian=jacobian,
        matrix=matrix_left + print_latex(forms.matrix),
    )
