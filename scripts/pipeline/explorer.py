"""The interactive explorer's data: an index of the catalog and one JavaScript module per function.

Each module exports ``f``, ``df`` and ``d2f`` as functions of ``z`` and the parameters
``p``, printed by sympy's JavaScript printer from the package's own sympy forms:
the definition for f and the displayed (tested) forms for f′ and f″, with the named
helpers (σ, Φ, φ, softplus) written out. A few identities make the printed code
evaluate well: ``log(1 + x)`` is printed as ``Math.log1p(x)``, ``c·e^x - c`` as
``c·Math.expm1(x)`` and ``c ± c·erf(x)`` as ``c·erfc(∓x)``. Nothing here evaluates
a function: the browser test checks every module against the package, point by
point, at default and other parameters.

Site paths: ``data/explorer/index.json`` (read on first view) and
``data/explorer/<slug>.js`` (fetched when a reader picks the function).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import sympy as sp
from sympy.printing.jscode import JavascriptCodePrinter

import activations
from activations._definition import Definition, Param
from activations._symbolic import expand_helpers, z
from scripts.pipeline import figures
from scripts.pipeline.errors import BuildError
from scripts.pipeline.files import write_atomic

SITE_DIR = "data/explorer"
FORMAT_VERSION = 1
RUNTIME = "../../assets/explorer.js"  # the page's script, seen from SITE_DIR: it exports erf, erfc
WHICH = ("f", "df", "d2f")
SLIDER_STEPS = 200  # about this many slider positions across a parameter's range


# --- identities that evaluate better, as functions sympy leaves alone ----------------------
class Log1p(sp.Function):
    """log(1 + x), printed as Math.log1p."""

    nargs = 1


class Expm1(sp.Function):
    """e^x - 1, printed as Math.expm1."""

    nargs = 1


class Erfc(sp.Function):
    """erfc(x), kept as written (sympy's erfc rewrites erfc(-x) as 2 - erfc(x))."""

    nargs = 1


def _rewrite_add(expr: sp.Add) -> sp.Expr:
    """c·e^x - c → c·expm1(x) and c ± c·erf(x) → c·erfc(∓x), for the first match of each."""
    terms = list(expr.args)
    constants = [t for t in terms if t.is_number]
    for term in terms:
        coefficient, rest = term.as_independent(z, *expr.free_symbols, as_Add=False)
        if not coefficient.is_number:
            continue
        if isinstance(rest, sp.exp) and -coefficient in constants:
            terms.remove(term)
            terms.remove(-coefficient)
            return sp.Add(coefficient * Expm1(rest.args[0]), *terms)
        if isinstance(rest, sp.erf):
            if coefficient in constants:
                terms.remove(term)
                terms.remove(coefficient)
                return sp.Add(coefficient * Erfc(-rest.args[0]), *terms)
            if -coefficient in constants:
                terms.remove(term)
                terms.remove(-coefficient)
                return sp.Add(-coefficient * Erfc(rest.args[0]), *terms)
    return expr


def evaluation_form(expr: sp.Expr) -> sp.Expr:
    """``expr`` with helpers written out and the identities above applied, bottom up."""
    expr = expand_helpers(expr)
    # the package's own functions written as the cases the site prints (sinc and its limit)
    expr = expr.replace(lambda e: hasattr(e, "as_cases"), lambda e: e.as_cases())

    def walk(e: sp.Basic) -> sp.Basic:
        if e.is_Atom or not e.args:
            return e
        args = [walk(a) for a in e.args]
        if any(a is not b for a, b in zip(args, e.args)):
            e = e.func(*args)
        if isinstance(e, sp.log) and e.args[0].is_Add and 1 in e.args[0].args:
            return Log1p(e.args[0] - 1)
        if isinstance(e, sp.Add):
            return _rewrite_add(e)
        return e

    return walk(expr)


# --- printing ------------------------------------------------------------------------------
class EvaluatorPrinter(JavascriptCodePrinter):
    """sympy's JavaScript printer: z as ``z``, a parameter as ``p.<name>``, compact ternaries."""

    def __init__(self, names: dict[sp.Symbol, str]):
        super().__init__({"strict": True})
        self._names = names

    def _print_Symbol(self, expr):
        if expr == z:
            return "z"
        if expr in self._names:
            return f"p.{self._names[expr]}"
        raise BuildError(f"explorer: unexpected symbol {expr} in a printed form")

    def _print_Piecewise(self, expr):
        if expr.args[-1].cond != sp.true:
            raise BuildError(f"explorer: a Piecewise without an otherwise branch: {expr}")
        text = self._print(expr.args[-1].expr)
        for value, condition in reversed(expr.args[:-1]):
            text = f"({self._print(condition)} ? {self._print(value)} : {text})"
        return text

    def _print_And(self, expr):
        return " && ".join(f"({self._print(a)})" for a in expr.args)

    def _print_Or(self, expr):
        return " || ".join(f"({self._print(a)})" for a in expr.args)

    def _print_Relational(self, expr):
        ops = {"==": "===", "!=": "!==", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
        return f"{self._print(expr.lhs)} {ops[expr.rel_op]} {self._print(expr.rhs)}"

    def _print_Float(self, expr):
        return repr(float(expr))  # the double JavaScript would read from the long decimal

    def _print_Log1p(self, expr):
        return f"Math.log1p({self._print(expr.args[0])})"

    def _print_Expm1(self, expr):
        return f"Math.expm1({self._print(expr.args[0])})"

    def _print_Erfc(self, expr):
        return f"erfc({self._print(expr.args[0])})"

    def _print_erf(self, expr):
        return f"erf({self._print(expr.args[0])})"

    def _print_sech(self, expr):
        return f"(1/Math.cosh({self._print(expr.args[0])}))"


def _symbols(definition: Definition) -> tuple[dict[str, sp.Expr], dict[sp.Symbol, str]]:
    """The keyword → sympy value map for the forms (constants as numbers), and symbol → name."""
    params = {p.name: p.sympy_symbol for p in definition.params}
    constants = {name: sp.Float(text, 30) for name, text, _ in definition.constants}
    return params | constants, {p.sympy_symbol: p.name for p in definition.params}


def forms(definition: Definition) -> dict[str, sp.Expr]:
    """f from the definition; f′ and f″ as displayed on the site, or differentiated."""
    values, _ = _symbols(definition)
    params = {p.name: p.sympy_symbol for p in definition.params}
    expr = definition.expr(z, values)
    result = {"f": expr}
    for order, which in ((1, "df"), (2, "d2f")):
        form = definition.display.get(which)
        result[which] = (
            form(z, values) if form is not None else sp.simplify(sp.diff(expr, z, order))
        )
    for which in WHICH:
        evaluation = definition.evaluation.get(which)
        if evaluation is not None:  # a form that evaluates better than the printed one
            result[which] = evaluation(z, result[which], params)
        if result[which].has(sp.DiracDelta, sp.Heaviside, sp.Derivative):
            raise BuildError(f"explorer: {definition.slug} {which} is not elementary")
    return result


def symbolic_breakpoints(act: activations.Activation) -> list[sp.Expr] | None:
    """The breakpoints in terms of the parameters, or None when they cannot be written so.

    Checked against the package at the defaults and at each value of each parameter's
    family; a function whose breakpoints change in kind (squareplus has one only at
    b = 0) gets None, and the page finds its jumps numerically.
    """
    definition = act.definition
    values, _ = _symbols(definition)
    symbols = {p.name: values[p.name] for p in definition.params}
    try:
        points = [sp.sympify(b) for b in definition.breakpoints(**symbols)]
    except (TypeError, ValueError):
        return None
    for params in parameter_sets(definition):
        expected = sorted(set(activations.get(act.slug, **params).breakpoints))
        numbers = {p.sympy_symbol: params[p.name] for p in definition.params}
        got = sorted({float(b.subs(numbers)) for b in points})
        if got != expected:
            return None
    return points


def parameter_sets(definition: Definition) -> list[dict[str, float]]:
    """Defaults, then each family value of each parameter with the others at default."""
    defaults = {p.name: p.default for p in definition.params}
    sets = [defaults]
    for p in definition.params:
        for value in p.family:
            candidate = defaults | {p.name: value}
            try:
                activations.get(definition.slug, **candidate)
            except ValueError:
                continue
            if candidate not in sets:
                sets.append(candidate)
    return sets


def module_source(act: activations.Activation) -> str:
    """The JavaScript module for one activation."""
    definition = act.definition
    _, names = _symbols(definition)
    printer = EvaluatorPrinter(names)
    lines = [
        f"// {act.name}: f, f′ and f″ of z, with parameters p = {{{', '.join(names.values())}}}.",
        "// Generated by scripts/explorer.py from the activations package's sympy forms.",
    ]
    body = []
    for which, expr in forms(definition).items():
        try:
            code = printer.doprint(evaluation_form(expr))
        except (NotImplementedError, ValueError, TypeError) as error:
            raise BuildError(f"explorer: cannot print {act.slug} {which}: {error}") from None
        body.append(f"export const {which} = (z, p) => {code};")
    points = symbolic_breakpoints(act)
    if points is not None:
        printed = ", ".join(printer.doprint(sp.sympify(b)) for b in points)
        body.append(f"export const breakpoints = (p) => [{printed}];")
    used = [name for name in ("erf", "erfc") if f"{name}(" in "\n".join(body).replace("Math.", "")]
    if used:
        lines.append(f'import {{ {", ".join(used)} }} from "{RUNTIME}";')
    return "\n".join(lines + body) + "\n"


# --- the index ------------------------------------------------------------------------------
def _nice(value: float, up: bool) -> float:
    """The nearest of 1, 2, 5 × 10^k above (``up``) or below ``value`` > 0."""
    exponent = math.floor(math.log10(value))
    candidates = [m * 10.0**e for e in (exponent - 1, exponent, exponent + 1) for m in (1, 2, 5)]
    fits = [c for c in candidates if (c >= value * (1 - 1e-12) if up else c <= value * (1 + 1e-12))]
    return float(f"{(min(fits) if up else max(fits)):.12g}")


def slider(param: Param) -> dict[str, float]:
    """A slider range inside the domain: from the domain's ends where finite, else from the
    parameter's figure family (twice its largest value, rounded up to 1, 2 or 5 × 10^k)."""
    shown = [abs(v) for v in (*param.family, param.default) if v]
    reach = _nice(2 * max(shown or [1.0]), up=True)
    high = param.high if math.isfinite(param.high) else reach
    low = param.low if math.isfinite(param.low) else -reach
    step = _nice((high - low) / SLIDER_STEPS, up=False)
    if param.low_open and math.isfinite(param.low):
        low += step
    if param.high_open and math.isfinite(param.high):
        high -= step
    return {"min": low, "max": high, "step": step}


def _number(value: float) -> float | str:
    """JSON has no infinity: ±inf as the strings "inf" and "-inf"."""
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def index_data() -> dict:
    """Everything the page needs before a function is picked."""
    functions = []
    for act in activations.catalog():
        params = []
        for p in act.param_specs:
            params.append(
                {
                    "name": p.name,
                    "symbol": figures.GREEK.get(p.symbol, p.symbol or p.name),
                    "default": p.default,
                    "low": _number(p.low),
                    "high": _number(p.high),
                    "lowOpen": p.low_open,
                    "highOpen": p.high_open,
                    "doc": p.doc,
                    "slider": slider(p),
                }
            )
        entry = {
            "slug": act.slug,
            "name": act.name,
            "family": act.family,
            "summary": act.summary,
            "params": params,
        }
        if act.definition.ordered:
            entry["ordered"] = [list(pair) for pair in act.definition.ordered]
        functions.append(entry)
    return {
        "version": FORMAT_VERSION,
        "families": [{"key": k, "title": t} for k, t in activations.FAMILIES.items()],
        "themes": {
            name: {"fg": t["fg"], "muted": t["muted"], "grid": t["grid"], "lines": list(t["lines"])}
            for name, t in figures.THEMES.items()
        },
        "functions": functions,
    }


def build(out_dir: Path, modules: dict[str, str]) -> dict[str, Path]:
    """Write the index and the ``modules`` (slug → :func:`module_source`) under ``out_dir``;
    site path → file."""
    assets = {}
    index = json.dumps(index_data(), ensure_ascii=False, separators=(",", ":"))
    files = {"index.json": index}
    for act in activations.catalog():
        files[f"{act.slug}.js"] = modules[act.slug]
    for name, text in files.items():
        path = out_dir / SITE_DIR / name
        write_atomic(path, text)
        assets[f"{SITE_DIR}/{name}"] = path
    return assets
