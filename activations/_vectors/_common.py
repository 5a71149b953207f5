"""What the vector-valued activations share: their record, array handling, the stable
softmax pieces, the indexed symbols of their formulas and the printer of those formulas."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType, SimpleNamespace

import numpy as np

from activations._arrays import _FLOAT_DTYPES, real_array
from activations._definition import Param
from activations._symbolic import site_printer
from activations._sympy import sp, symbols_on_first_use
from activations._types import FrameworkName, Reference, Use

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


@dataclass(frozen=True)
class _Shifted:
    """The pieces of the stable softmax of each row (last axis) of a float64 array.

    For rows with a finite entry, z_i - m = hi_i + lo_i exactly (m the largest
    finite entry), e_i = e^(z_i - m) and t = Σ e_i over every entry but the
    first largest one, whose e is exactly 1: Σ e = 1 + t with t kept apart,
    so log Σ e = log1p(t) keeps its digits when t is tiny.
    """

    m: np.ndarray  # the largest finite entry of each row (0 where there is none)
    hi: np.ndarray
    lo: np.ndarray
    e: np.ndarray
    t: np.ndarray
    one_pos: np.ndarray  # rows with exactly one +inf: the limit is one-hot there
    undefined: np.ndarray  # rows with a nan, two +inf, or only -inf: nan


def _two_product(a: np.ndarray, b: float) -> tuple[np.ndarray, np.ndarray]:
    """a·b = p + e exactly (Dekker's product with Veltkamp's split), for |a·b| < 1e300."""
    p = a * b
    split = 134217729.0  # 2^27 + 1
    a_big, b_big = split * a, split * b
    a_hi = a_big - (a_big - a)
    b_hi = b_big - (b_big - b)
    a_lo, b_lo = a - a_hi, b - b_hi
    return p, ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo


def _divided(hi: np.ndarray, lo: np.ndarray, tau: float) -> tuple[np.ndarray, np.ndarray]:
    """(hi + lo)/τ as a new pair hi + lo, the quotient's rounding error kept in lo.

    hi - q·τ is exact; for an extreme τ, hi and τ are first scaled by the same power of
    two, so that the split products neither overflow nor underflow where e^q matters.
    """
    scale = 2.0**-600 if tau > 1e290 else 2.0**600 if tau < 1e-290 else 1.0
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        q = hi / tau
        small = np.abs(q) < 1e300  # beyond, e^q is 0 (q ≤ 0) and the error does not matter
        h, t = np.where(small, hi * scale, 0.0), tau * scale
        p, error = _two_product(np.where(small, q, 0.0), t)
        rest = ((h - p) - error + lo * scale) / t
    return q, np.where(small & np.isfinite(rest), rest, 0.0)


def _shifted(z: np.ndarray, tau: float = 1.0) -> _Shifted:
    """The pieces of softmax(z/τ) (see ``_Shifted``; for τ ≠ 1, hi + lo = (z_i - m)/τ)."""
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
    if tau != 1.0:
        hi, lo = _divided(hi, lo, tau)
    if tau > 1.0:  # z_i - m beyond the float range, (z_i - m)/τ perhaps not
        with np.errstate(over="ignore"):
            hi = np.where(finite & np.isinf(hi), z / tau - m / tau, hi)
    with np.errstate(under="ignore"):
        e = np.exp(hi) * (1.0 + lo)
    others = e.copy()
    np.put_along_axis(others, np.argmax(hi, axis=-1, keepdims=True), 0.0, axis=-1)
    t = others.sum(axis=-1, keepdims=True)
    n_pos = np.count_nonzero(z == np.inf, axis=-1, keepdims=True)
    no_finite = ~finite.any(axis=-1, keepdims=True)
    has_nan = np.isnan(z).any(axis=-1, keepdims=True)
    undefined = has_nan | (n_pos >= 2) | ((n_pos == 0) & no_finite)
    return _Shifted(m, hi, lo, e, t, n_pos == 1, undefined)


def _softmax64(z: np.ndarray, tau: float = 1.0) -> np.ndarray:
    """Softmax of z/τ along the last axis of a float64 array (at least one entry per row)."""
    p = _shifted(z, tau)
    total = 1.0 + p.t
    with np.errstate(under="ignore"):
        # Where e_i is nearly subnormal it enters as two halves, so s_i is rounded once.
        half = np.exp(0.5 * p.hi) * (1.0 + 0.5 * p.lo)
        s = np.where(p.hi < _TAIL, (half / total) * half, p.e / total)
    s = np.where(p.one_pos, np.where(z == np.inf, 1.0, 0.0), s)
    return np.where(p.undefined, np.nan, s)


def _log_softmax64(z: np.ndarray, tau: float = 1.0) -> np.ndarray:
    """Log-softmax of z/τ along the last axis: (z_i - m)/τ - log1p(t), two terms of one sign."""
    p = _shifted(z, tau)
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


TEMPERATURE = Param(
    "temperature",
    1.0,
    0.0,
    low_open=True,
    symbol="tau",
    doc="divides the scores: τ < 1 sharpens the distribution, τ > 1 flattens it",
)


def _check_temperature(tau, name: str) -> float:
    """τ as a float, or a ValueError naming the function and the domain (0, ∞)."""
    try:
        return TEMPERATURE.check(tau)
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from None


def _complement(s: np.ndarray) -> np.ndarray:
    """1 - s_i as the sum of the other entries, which keeps its digits when s_i ≈ 1."""
    others = np.where(np.eye(s.size, dtype=bool), 0.0, s[np.newaxis, :])
    return np.where(np.isnan(s), np.nan, others.sum(axis=1))


# --- formulas -----------------------------------------------------------------------------
# The symbols of the vector forms, made on first use (sympy is imported then), as this
# module's attributes (``_common._i``), by :func:`_symbols`.
_SYMBOL_NAMES = ("_i", "_j", "_k", "_n", "_m", "_TAU", "_z", "_s", "_a", "_b", "_S", "_GATE",
                 "_GATE_SLOPE")  # fmt: skip


@functools.cache
def _symbols() -> SimpleNamespace:
    i, j, k = sp.symbols("i j k", integer=True, positive=True)
    n = sp.Symbol("n", integer=True, positive=True)
    return SimpleNamespace(
        _i=i,
        _j=j,
        _k=k,
        _n=n,
        _m=sp.Symbol("m", real=True),
        _TAU=sp.Symbol("tau", positive=True),  # the temperature of softmax
        _z=sp.IndexedBase("z", real=True),
        _s=sp.IndexedBase("s", real=True),
        _a=sp.IndexedBase("a", real=True),
        _b=sp.IndexedBase("b", real=True),
        _S=sp.MatrixSymbol(r"\mathbf{s}", n, 1),
        _GATE=sp.MatrixSymbol(r"\sigma(\mathbf{b})", n, 1),
        _GATE_SLOPE=sp.MatrixSymbol(r"\mathbf{a} \odot \sigma'(\mathbf{b})", n, 1),
    )


__getattr__ = symbols_on_first_use(__name__, _SYMBOL_NAMES, _symbols)


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


_MAX = r", \qquad m = \max_k z_{k}"


@dataclass(frozen=True)
class VectorLabels:
    """The left-hand sides of a vector activation's printed equations (and what follows the
    definition); ``jacobian`` has one label per block of the Jacobian. ``output`` is the
    output's symbol and ``inputs`` the input symbols, one per part of x, in tables;
    ``after_stable`` says what the stable form's shift m is, ``after_matrix`` what a symbol
    of the matrix form stands for."""

    f: str
    jacobian: tuple[str, ...]
    matrix: str
    stable: str | None = None
    after_f: str = ""
    after_stable: str = _MAX
    after_matrix: str = ""
    output: str = "s"
    inputs: tuple[str, ...] = ("z",)


@dataclass(frozen=True)
class VectorActivation:
    """A vector-valued activation: each output depends on a whole vector of inputs.

    ``f(x, axis=-1)`` evaluates it along ``axis`` of an array of any shape and
    ``jacobian(x)`` gives its Jacobian matrix at a 1-D vector; ``forms()`` builds its
    sympy forms, from which ``latex`` is printed (labels from ``labels``). ``params`` are
    keywords of both functions; a record from ``bind`` holds their ``values`` and passes
    them on. ``numpy`` is the body of the NumPy implementation a page offers to copy, as an
    elementwise record's (``z`` an array, ``axis`` and the parameters by name). ``gate``: for a
    gated unit a ⊙ φ(b), the slug of the elementwise record φ.
    """

    slug: str
    name: str
    summary: str
    f: Callable[..., np.ndarray]
    jacobian: Callable[..., np.ndarray]
    forms: Callable[[], VectorForms]
    labels: VectorLabels
    references: tuple[Reference, ...] = ()
    frameworks: tuple[FrameworkName, ...] = ()
    used_in: tuple[Use, ...] = ()
    aliases: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    values: Mapping[str, float] = dataclasses.field(default_factory=dict)
    numpy: str = ""
    gate: str = ""

    def bind(self, given: Mapping[str, object]) -> VectorActivation:
        """This record with the parameters ``given`` (the others at their defaults) passed to
        ``f`` and ``jacobian``; an unknown or out-of-domain value is a ValueError."""
        specs = {p.name: p for p in self.params}
        for name in given:
            if name not in specs:
                allowed = ", ".join(specs) or "none"
                raise ValueError(f"{self.slug}: unknown parameter {name!r} (parameters: {allowed})")
        values = {name: spec.default for name, spec in specs.items()}
        values |= {name: specs[name].check(value) for name, value in given.items()}
        return dataclasses.replace(
            self,
            f=functools.partial(self.f, **values),
            jacobian=functools.partial(self.jacobian, **values),
            values=MappingProxyType(values),
        )

    @functools.cached_property
    def sympy(self) -> VectorForms:
        """The sympy forms (see ``VectorForms``)."""
        return self.forms()

    @functools.cached_property
    def latex(self) -> VectorLatex:
        """The KaTeX-ready equations, each printed from ``sympy``."""
        forms, labels = self.sympy, self.labels
        jacobian = r", \qquad ".join(
            left + print_latex(form)
            for left, form in zip(labels.jacobian, forms.jacobian, strict=True)
        )
        stable = None
        if forms.stable is not None and labels.stable is not None:
            stable = labels.stable + print_latex(forms.stable) + labels.after_stable
        return VectorLatex(
            f=labels.f + print_latex(forms.f) + labels.after_f,
            stable=stable,
            jacobian=jacobian,
            matrix=labels.matrix + print_latex(forms.matrix) + labels.after_matrix,
        )

    def __repr__(self) -> str:
        return f"VectorActivation({self.slug!r})"


def _sum_k(term) -> sp.Expr:
    return sp.Sum(term(_symbols()._k), (_symbols()._k, 1, _symbols()._n))


def _over_tau(expr: sp.Expr) -> sp.Expr:
    """expr/τ, written as a fraction over τ."""
    return sp.Mul(expr, sp.Pow(_symbols()._TAU, -1), evaluate=False)


def _minus(left, right) -> sp.Expr:
    """left - right, kept in that order for printing."""
    return sp.Add(left, sp.Mul(-1, right, evaluate=False), evaluate=False)


@functools.cache
def vector_printer() -> type:
    """The site's printer for vector forms (made on first use, from sympy's)."""

    class VectorPrinter(site_printer()):  # type: ignore[misc]  # a base made on first use
        """The site's printer, keeping terms in the written order, with plain subscripts."""

        def __init__(self):
            super().__init__({"order": "none"})

        def _print_ExpBase(self, expr, exp=None):
            """e^{z_i/τ}: a fraction in an exponent on one line."""
            folded = self._settings["fold_short_frac"]
            self._settings["fold_short_frac"] = True
            try:
                return super()._print_ExpBase(expr, exp)
            finally:
                self._settings["fold_short_frac"] = folded

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

    return VectorPrinter


def print_latex(expr: sp.Expr) -> str:
    """KaTeX-ready LaTeX of a vector form."""
    return vector_printer()().doprint(expr)
