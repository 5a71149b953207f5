"""What the GLU variants share: x = (a, b) split in halves along an axis, and a ⊙ φ(b) with
the gate φ taken from an elementwise record (SiLU, GELU, ReLU), so each variant reuses that
record's stable kernels for φ and φ′.

Where φ(b) is nearly subnormal, a·φ(b) would lose the gate's digits although the product may
be an ordinary number (a = 1e300); there φ(b) = h²·r with h an exponential that is still
normal, and the product is formed as ((a·h)·r)·h, rounded at each step like any other product.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import numpy as np

from activations._arrays import elementwise
from activations._papers import DAUPHIN_2017, SHAZEER_2020
from activations._sympy import sp
from activations._types import Use
from activations._vectors import _common as common
from activations._vectors._common import (
    VectorActivation,
    VectorForms,
    _as_float64,
    _check_axis,
    _check_vector,
    _rounded,
)
from activations._vectors.glu import _halves, gated_labels

Tail = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class Gate:
    """The gate φ of a gated unit a ⊙ φ(b).

    ``slug`` names the elementwise record, in its family module ``family``, whose kernels
    give φ and φ′ (the registry cannot be asked: it imports this package); ``tex`` is φ's name
    in formulas; ``form`` and ``slope`` are φ(b) and φ′(b) in sympy. ``tail``, where φ(b)
    can be nearly subnormal, gives for finite b below ``tail_below`` the pieces h, r, r′
    with φ(b) = h²·r and φ′(b) = h²·r′.
    """

    slug: str
    family: ModuleType
    tex: str
    form: Callable[[sp.Expr], sp.Expr]
    slope: Callable[[sp.Expr], sp.Expr]
    tail_below: float | None = None
    tail: Tail | None = None

    @functools.cached_property
    def kernels(self) -> tuple[Callable[..., np.ndarray], Callable[..., np.ndarray]]:
        """φ and φ′: the record's kernels with its default parameters."""
        definition = next(d for d in self.family.DEFINITIONS if d.slug == self.slug)
        params = {p.name: p.default for p in definition.params}
        f, df = (functools.partial(elementwise(k), **params) for k in (definition.f, definition.df))
        return f, df


def _times(gate: Gate, a: np.ndarray, b: np.ndarray, slope: bool) -> np.ndarray:
    """a·φ(b), or a·φ′(b), elementwise; ∞·0 (an infinite a where φ(b) = 0) gives nan."""
    f, df = gate.kernels
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        product = a * (df(b) if slope else f(b))
        if gate.tail is None:
            return product
        in_tail = np.isfinite(b) & (b < gate.tail_below)
        below = gate.tail_below
        assert below is not None  # a gate with a tail states where it starts
        h, r, r_slope = gate.tail(np.where(in_tail, b, below))
        tail = ((a * h) * (r_slope if slope else r)) * h
    return np.where(in_tail, tail, product)


def gated(gate: Gate, x, axis: int, name: str) -> np.ndarray:
    """a ⊙ φ(b) for x = (a, b) split in halves along ``axis``."""
    array, out_dtype = _as_float64(x, name)
    axis = _check_axis(array, axis, name)
    a, b = _halves(array, axis, name)
    return _rounded(_times(gate, a, b, slope=False), out_dtype)


def gated_jacobian(gate: Gate, x, name: str) -> np.ndarray:
    """[diag(φ(b)) | diag(a ⊙ φ′(b))] at a 1-D x = (a, b)."""
    array, out_dtype = _as_float64(x, name)
    _check_vector(array, name)
    a, b = _halves(array, 0, name)
    n = a.size
    jacobian = np.zeros((n, 2 * n))
    index = np.arange(n)
    jacobian[index, index] = gate.kernels[0](b)
    jacobian[index, n + index] = _times(gate, a, b, slope=True)
    return _rounded(jacobian, out_dtype)


def gated_forms(gate: Gate) -> Callable[[], VectorForms]:
    """The forms of a ⊙ φ(b): the definition, the two diagonal blocks and the matrix."""

    def forms() -> VectorForms:
        delta = sp.KroneckerDelta(common._i, common._j)
        value = sp.MatrixSymbol(rf"{gate.tex}(\mathbf{{b}})", common._n, 1)
        slope = sp.MatrixSymbol(rf"\mathbf{{a}} \odot {gate.tex}'(\mathbf{{b}})", common._n, 1)
        return VectorForms(
            f=sp.Mul(common._a[common._i], gate.form(common._b[common._i]), evaluate=False),
            stable=None,
            jacobian=(
                sp.Mul(delta, gate.form(common._b[common._i]), evaluate=False),
                sp.Mul(
                    delta, common._a[common._i], gate.slope(common._b[common._i]), evaluate=False
                ),
            ),
            matrix=sp.BlockMatrix([[sp.DiagMatrix(value), sp.DiagMatrix(slope)]]),
        )

    return forms


def gated_record(
    gate: Gate,
    *,
    slug: str,
    name: str,
    summary: str,
    f: Callable[..., np.ndarray],
    jacobian: Callable[..., np.ndarray],
    numpy: str,
    used_in: tuple[Use, ...] = (),
) -> VectorActivation:
    """The record of the gated unit a ⊙ φ(b), labelled like GLU's."""
    return VectorActivation(
        slug=slug,
        name=name,
        summary=summary,
        f=f,
        jacobian=jacobian,
        forms=gated_forms(gate),
        labels=gated_labels(name),
        references=(SHAZEER_2020, DAUPHIN_2017),
        used_in=used_in,
        numpy=numpy,
        gate=gate.slug,
    )
