"""An activation with its parameters bound: callables, formulas and computed facts."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from activations._arrays import elementwise
from activations._definition import Definition, Kernel, Latex
from activations._properties import Properties, compute_properties
from activations._symbolic import definition_expr, latex_forms
from activations._sympy import sp


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

    slug = property(lambda self: self.definition.slug)
    name = property(lambda self: self.definition.name)
    family = property(lambda self: self.definition.family)
    summary = property(lambda self: self.definition.summary)
    aliases = property(lambda self: self.definition.aliases)
    tags = property(lambda self: self.definition.tags)
    param_specs = property(lambda self: self.definition.params)
    constants = property(lambda self: self.definition.constants)
    references = property(lambda self: self.definition.references)
    frameworks = property(lambda self: self.definition.frameworks)
    used_in = property(lambda self: self.definition.used_in)

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
        return latex_forms(self.definition)

    @functools.cached_property
    def properties(self) -> Properties:
        return compute_properties(self)

    def sympy(self, *, bound: bool = True) -> sp.Expr:
        """The sympy expression of f in ``z``; with ``bound`` the parameters are numbers."""
        return definition_expr(self.definition, self.params if bound else None)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"Activation({self.slug!r}{', ' if args else ''}{args})"


def _bind(kernel: Kernel, params: Mapping[str, float]) -> Callable:
    wrapped = elementwise(kernel)
    bound = functools.partial(wrapped, **params) if params else wrapped
    return functools.update_wrapper(bound, kernel) if params else wrapped
