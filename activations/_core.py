"""The records behind the catalog: parameters, definitions and bound activations."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import sympy as sp

from activations._arrays import elementwise
from activations._types import FrameworkName, Reference

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


Kernel = Callable[..., object]
SymbolicForm = Callable[[sp.Symbol, Mapping[str, sp.Expr]], sp.Expr]


@dataclass(frozen=True)
class Definition:
    """Everything the catalog knows about one activation, before parameters are bound.

    Kernels take a float64 array and the parameters as keywords. ``expr`` is
    the sympy definition of f; ``display`` holds the forms printed for
    ``"f"`` (when the definition is written for stable evaluation rather than
    reading), ``"df"``, ``"d2f"`` (in z) and ``"output"`` (f' in terms of
    y = f(z)); each is tested against ``expr`` or its derivative.
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
    constants: tuple[tuple[str, str, str], ...] = ()  # (symbol, exact decimal value, meaning)
    aliases: tuple[str, ...] = ()
    breakpoints: Callable[..., tuple[float, ...]] = lambda **_: ()
    tags: tuple[str, ...] = ()


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


@dataclass(frozen=True, eq=False)
class Activation:
    """An activation with its parameters bound: callables, formulas and facts.

    ``f``, ``df`` and ``d2f`` accept Python scalars, lists and arrays of any
    shape; float16/32/64 keep their dtype and integers give float64. At a
    point where f is not differentiable, ``df`` returns the value PyTorch's
    autograd returns there (ReLU'(0) = 0), as JAX does for ReLU.
    """

    definition: Definition
    params: Mapping[str, float]
    references: tuple[Reference, ...]
    frameworks: tuple[FrameworkName, ...]

    slug = property(lambda self: self.definition.slug)
    name = property(lambda self: self.definition.name)
    family = property(lambda self: self.definition.family)
    summary = property(lambda self: self.definition.summary)
    aliases = property(lambda self: self.definition.aliases)
    tags = property(lambda self: self.definition.tags)
    param_specs = property(lambda self: self.definition.params)
    constants = property(lambda self: self.definition.constants)

    @functools.cached_property
    def f(self) -> Callable:
        return _bind(self.definition.f, self.params)

    @functools.cached_property
    def df(self) -> Callable:
        return _bind(self.definition.df, self.params)

    @functools.cached_property
    def d2f(self) -> Callable:
        return _bind(self.definition.d2f, self.params)

    @functools.cached_property
    def df_from_output(self) -> Callable | None:
        kernel = self.definition.df_from_output
        return None if kernel is None else _bind(kernel, self.params)

    @property
    def breakpoints(self) -> tuple[float, ...]:
        """Points where f or one of its derivatives is not smooth, in increasing order."""
        return tuple(sorted(self.definition.breakpoints(**self.params)))

    @functools.cached_property
    def latex(self) -> Latex:
        from activations._symbolic import latex_forms

        return latex_forms(self.definition)

    @functools.cached_property
    def properties(self):
        from activations._properties import compute_properties

        return compute_properties(self)

    def sympy(self, *, bound: bool = True) -> sp.Expr:
        """The sympy expression of f in ``z``; with ``bound`` the parameters are numbers."""
        from activations._symbolic import definition_expr

        return definition_expr(self.definition, self.params if bound else None)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"Activation({self.slug!r}{', ' if args else ''}{args})"


def _bind(kernel: Kernel, params: Mapping[str, float]) -> Callable:
    wrapped = elementwise(kernel)
    bound = functools.partial(wrapped, **params) if params else wrapped
    return functools.update_wrapper(bound, kernel) if params else wrapped


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
    return MappingProxyType(values)
