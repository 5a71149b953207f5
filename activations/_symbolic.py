"""Symbolic forms: the sympy definition of each activation and the LaTeX printed from it.

The site's formulas are printed from sympy expressions, and the tests check
each printed expression against the derivative of the definition, so a
formula on the site cannot drift from the code.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import SimpleNamespace

from activations._definition import Definition, Latex
from activations._sympy import sp, symbols_on_first_use

# Named helpers that formulas may use (``expand_helpers`` replaces them by their
# definitions), GELU's tanh-approximation constants, and the symbols z and y: made on
# first use, as this module's attributes (``_symbolic.sigma``), by :func:`_symbols`.
_SYMBOL_NAMES = ("z", "y", "sigma", "Phi", "phi", "softplus", "gelu_u", "gelu_du", "gelu_d2u",
                 "GELU_CUBIC", "GELU_SCALE")  # fmt: skip


@functools.cache
def _symbols() -> SimpleNamespace:
    def helper(name):
        return sp.Function(name, real=True)

    return SimpleNamespace(
        z=sp.Symbol("z", real=True),
        y=sp.Symbol("y", real=True),
        sigma=helper("sigma"),
        Phi=helper("Phi"),
        phi=helper("phi"),
        softplus=helper("softplus"),
        # the argument of tanh in GELU's tanh approximation, and its first two derivatives
        gelu_u=helper("gelu_u"),
        gelu_du=helper("gelu_du"),
        gelu_d2u=helper("gelu_d2u"),
        GELU_CUBIC=sp.Float("0.044715", 40),
        GELU_SCALE=sp.Symbol("c", positive=True),  # √(2/π), named so that u, u', u'' stay short
    )


__getattr__ = symbols_on_first_use(__name__, _SYMBOL_NAMES, _symbols)


@functools.cache
def _constants() -> dict:
    return {_symbols().GELU_SCALE: sp.sqrt(sp.UnevaluatedExpr(2 / sp.pi))}  # printed as √(2/π)


_HELPER_LATEX = {
    "sigma": r"\sigma",
    "Phi": r"\Phi",
    "phi": r"\varphi",
    "softplus": r"\operatorname{softplus}",
    "gelu_u": "u",
    "gelu_du": "u'",
    "gelu_d2u": "u''",
}


@functools.cache
def _helper_definitions() -> dict:
    s = _symbols()
    return {
        s.sigma: lambda a: 1 / (1 + sp.exp(-a)),
        s.Phi: lambda a: (1 + sp.erf(a / sp.sqrt(2))) / 2,
        s.phi: lambda a: sp.exp(-(a**2) / 2) / sp.sqrt(2 * sp.pi),
        s.softplus: lambda a: sp.log(1 + sp.exp(a)),
        s.gelu_u: lambda a: s.GELU_SCALE * (a + s.GELU_CUBIC * a**3),
        s.gelu_du: lambda a: s.GELU_SCALE * (1 + 3 * s.GELU_CUBIC * a**2),
        s.gelu_d2u: lambda a: s.GELU_SCALE * 6 * s.GELU_CUBIC * a,
    }


def helper_definitions(*exprs: sp.Expr) -> list[str]:
    """LaTeX lines ``σ(z) = …`` defining each named helper that ``exprs`` use, then
    ``c = …`` for each named constant that those definitions use."""
    used = {f.func for e in exprs if e is not None for f in e.atoms(sp.Function)}
    z = _symbols().z
    definitions = [(h(z), d(z)) for h, d in _helper_definitions().items() if h in used]
    symbols = {s for _, d in definitions for s in d.free_symbols}
    definitions += [(c, value) for c, value in _constants().items() if c in symbols]
    return [f"{to_latex(name)} = {to_latex(value)}" for name, value in definitions]


def expand_helpers(expr: sp.Expr) -> sp.Expr:
    """``expr`` with σ, Φ, φ, softplus and GELU's u written out in elementary functions."""
    for helper, definition in _helper_definitions().items():
        expr = expr.replace(helper, definition)
    return expr.subs({name: value.doit() for name, value in _constants().items()})


@functools.cache
def site_printer() -> type:
    """The site's LaTeX printer class (made on first use, from sympy's)."""
    from sympy.printing.latex import LatexPrinter

    class SitePrinter(LatexPrinter):
        """sympy's LaTeX printer with plain function brackets and readable cases."""

        def _print_Function(self, expr, exp=None):
            name = _HELPER_LATEX.get(expr.func.__name__)
            if name is None:
                return super()._print_Function(expr, exp)
            args = ", ".join(self._print(a) for a in expr.args)
            head = name if exp is None else f"{name}^{{{exp}}}"
            return rf"{head}\left({args}\right)"

        def _print_Piecewise(self, expr):
            rows = []
            for value, condition in expr.args:
                when = r"\text{otherwise}" if condition is sp.true else self._print(condition)
                rows.append(rf"{self._print(value)} & {when}")
            return r"\begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"

        def _print_sign(self, expr, exp=None):
            tex = rf"\operatorname{{sgn}}\left({self._print(expr.args[0])}\right)"
            return tex if exp is None else f"{tex}^{{{exp}}}"

    return SitePrinter


def to_latex(expr: sp.Expr) -> str:
    """KaTeX-compatible LaTeX for ``expr``."""
    return site_printer()().doprint(expr)


def param_symbols(definition: Definition) -> dict[str, sp.Symbol]:
    """The sympy symbol of each parameter, by keyword."""
    return {p.name: p.sympy_symbol for p in definition.params}


def _substitutions(definition: Definition, values: Mapping[str, float] | None):
    """Parameters and named constants as symbols, or as numbers when ``values`` is given."""
    symbols = param_symbols(definition)
    constants = {name: sp.Symbol(name, positive=True) for name, _, _ in definition.constants}
    if values is None:
        return symbols | constants
    numbers = {name: sp.Float(values[name], 30) for name in symbols}
    return numbers | {name: sp.Float(text, 30) for name, text, _ in definition.constants}


def definition_expr(definition: Definition, values: Mapping[str, float] | None) -> sp.Expr:
    """f as a sympy expression of ``z``; with ``values`` the parameters are numbers."""
    return definition.expr(_symbols().z, _substitutions(definition, values))


def display_expr(
    definition: Definition, which: str, values: Mapping[str, float] | None = None
) -> sp.Expr | None:
    """The printed form of ``"f"``, ``"df"``, ``"d2f"`` or ``"output"`` (None if absent)."""
    params, z = _substitutions(definition, values), _symbols().z
    form = definition.display.get(which)
    if which == "f" and form is None:
        return definition.expr(z, params)
    if form is not None:
        return form(_symbols().y if which == "output" else z, params)
    if which == "output":
        return None
    order = {"df": 1, "d2f": 2}[which]
    return sp.simplify(sp.diff(definition.expr(z, params), z, order))


def latex_forms(definition: Definition) -> Latex:
    """The four formulas of an activation, printed with symbolic parameters."""
    forms = {which: display_expr(definition, which) for which in ("f", "df", "d2f", "output")}
    return Latex(
        f=to_latex(forms["f"]),
        df=to_latex(forms["df"]),
        d2f=to_latex(forms["d2f"]),
        df_output=None if forms["output"] is None else to_latex(forms["output"]),
        where=tuple(helper_definitions(*forms.values())),
    )
