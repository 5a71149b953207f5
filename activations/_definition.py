"""The record of an elementwise activation: its parameters, kernels, formulas and sources."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from activations._sympy import sp
from activations._types import FrameworkName, Reference, Use

FAMILIES = {
    "sigmoidal": "Classic and sigmoidal",
    "relu": "ReLU family",
    "smooth": "Smooth rectifiers and gated",
    "other": "Others",
}


@dataclass(frozen=True)
class Param:
    """A tunable parameter: its keyword, default, allowed domain and display symbol.

    The domain runs from ``low`` to ``high``; ``low_open``/``high_open`` say
    whether an end is excluded. ``family`` lists the values a figure shows.
    """

    name: str
    default: float
    low: float
    high: float = math.inf
    low_open: bool = False
    high_open: bool = True
    symbol: str = ""
    doc: str = ""
    family: tuple[float, ...] = ()

    @property
    def sympy_symbol(self) -> sp.Symbol:
        return sp.Symbol(self.symbol or self.name, real=True)

    def domain_text(self) -> str:
        """The domain in interval notation, e.g. ``(0, inf)``."""
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        return f"{left}{self.low:g}, {self.high:g}{right}"

    def check(self, value: object) -> float:
        """``value`` as a float, or ``ValueError`` naming the parameter and its domain."""
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValueError(
                f"parameter {self.name!r} must be a number in {self.domain_text()}, got {value!r}"
            ) from None
        too_low = number < self.low or (self.low_open and number == self.low)
        too_high = number > self.high or (self.high_open and number == self.high)
        if not math.isfinite(number) or too_low or too_high:
            raise ValueError(
                f"parameter {self.name!r} must be finite and in {self.domain_text()}, got {value!r}"
            )
        return number


Kernel = Callable[..., np.ndarray]
SymbolicForm = Callable[["sp.Symbol", Mapping[str, "sp.Expr"]], "sp.Expr"]


@dataclass(frozen=True)
class Naive:
    """The formula as a textbook writes it, straight in numpy (kernels' signature): what the
    stability page and the benchmark compare the stable kernels against.

    ``library``: f through scipy.special or numpy's stable functions, where one exists.
    """

    f: Kernel
    df: Kernel
    library: Kernel | None = None


@dataclass(frozen=True)
class StabilityCase:
    """Where the naive formula of f (``order`` 0) or f' (1) goes wrong in float64.

    ``key`` names the case on the stability page; ``causes`` pairs a symptom ("overflow": inf
    or nan where the answer is finite; "zero": an exact 0 where it is not; "cancellation": a
    finite, non-zero result more than the accuracy tolerance off) with its explanation, in
    which ``{onset-}`` and ``{onset+}`` stand for where the symptom starts below and above 0;
    ``examples`` are inputs the page quotes.
    """

    key: str
    order: int
    label: str  # plain text, e.g. "σ′(z)"
    naive_label: str  # plain text for the legend
    naive_tex: str
    causes: tuple[tuple[str, str], ...]
    examples: tuple[float, ...]


@dataclass(frozen=True)
class Variant:
    """Another function that has gone by the activation's name (an older framework's
    definition, say), for pages that compare the two: ``f`` is a float64 kernel like the
    record's, ``breakpoints`` where it has kinks; ``key`` names it in markers."""

    key: str
    name: str
    f: Kernel
    breakpoints: tuple[float, ...] = ()


EvaluationForm = Callable[["sp.Symbol", "sp.Expr", Mapping[str, "sp.Symbol"]], "sp.Expr"]


@dataclass(frozen=True)
class Definition:
    """Everything the catalog knows about one activation, before parameters are bound.

    Kernels take a float64 array and the parameters as keywords. ``expr`` is
    the sympy definition of f; ``display`` holds the forms printed for
    ``"f"`` (when the definition is written for stable evaluation rather than
    reading), ``"df"``, ``"d2f"`` (in z) and ``"output"`` (f' in terms of
    y = f(z)); each is tested against ``expr`` or its derivative.

    ``ordered`` lists pairs of parameters (low, high) that must satisfy low <= high.
    ``variants`` are other functions that went by the same name.
    ``used_in`` names notable models that use it, each with a primary source.
    ``evaluation`` maps "f", "df" or "d2f" to a function ``(z, form, params)`` giving the
    form the explorer evaluates where it differs from the printed one (for accuracy);
    each is checked point by point against the package.
    ``numpy`` is the body of the NumPy implementation a page offers to copy: statements in
    ``z`` (a float64 array) and the parameters by name, ending in ``return``, using ``np``
    and nothing else unless the body imports it first; stable for every float64 z, which the
    tests check against ``f``. scripts/pipeline/snippets.py wraps it in a function.
    """

    slug: str
    name: str
    family: str
    summary: str
    f: Kernel
    df: Kernel
    d2f: Kernel
    expr: SymbolicForm
    display: Mapping[str, SymbolicForm] = field(default_factory=dict)
    df_from_output: Kernel | None = None
    params: tuple[Param, ...] = ()
    ordered: tuple[tuple[str, str], ...] = ()
    constants: tuple[tuple[str, str, str], ...] = ()  # (symbol, exact decimal value, meaning)
    aliases: tuple[str, ...] = ()
    breakpoints: Callable[..., tuple[float, ...]] = lambda **_: ()
    tags: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    frameworks: tuple[FrameworkName, ...] = ()
    used_in: tuple[Use, ...] = ()
    naive: Naive | None = None
    stability: tuple[StabilityCase, ...] = ()
    evaluation: Mapping[str, EvaluationForm] = field(default_factory=dict)
    variants: tuple[Variant, ...] = ()
    numpy: str = ""


@dataclass(frozen=True)
class Latex:
    """KaTeX-ready formulas: f, f', f'' in z and f' in terms of y = f(z) (or None).

    ``where`` defines the named helpers the formulas use, e.g. σ(z) = 1/(1 + e^(-z)).
    """

    f: str
    df: str
    d2f: str
    df_output: str | None
    where: tuple[str, ...] = ()


def bind_params(definition: Definition, given: Mapping[str, object]) -> Mapping[str, float]:
    """Defaults overridden by ``given``; an unknown or out-of-domain value is a ValueError."""
    specs = {p.name: p for p in definition.params}
    unknown = sorted(set(given) - set(specs))
    if unknown:
        allowed = ", ".join(specs) or "none"
        raise ValueError(
            f"{definition.slug}: unknown parameter {unknown[0]!r} (parameters: {allowed})"
        )
    values = {name: spec.default for name, spec in specs.items()}
    values.update({name: specs[name].check(value) for name, value in given.items()})
    for low, high in definition.ordered:
        if values[low] > values[high]:
            raise ValueError(
                f"{definition.slug}: parameter {low!r} ({values[low]!r}) must not exceed "
                f"parameter {high!r} ({values[high]!r})"
            )
    return MappingProxyType(values)
