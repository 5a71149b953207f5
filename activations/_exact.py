"""Closed forms of the ends of an output range, found from the sympy definition.

The range itself is measured on the kernels (``_properties._output_range``); this module
looks, for each finite end, for an exact value the definition gives: a limit of a piece of f
at one of its ends (π/2 for arctan at +∞, f at a breakpoint) or f at a root of f′ inside a
piece (−W(1/e) for SiLU). A candidate is kept only when it equals the measured end to
``_MATCH`` and is a closed form, not a decimal in disguise (see :func:`_closed_form`).
Parameters and constants enter as the exact decimals the record gives them.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator

import numpy as np

from activations import _symbolic as sym
from activations._symbolic import expand_helpers
from activations._sympy import sp

_MATCH = 1e-9  # relative: the measured ends are polished to about 1e-12
_MATCH_ESTIMATE = 1e-6  # relative: the kernel beside an edge, against the end sought
_BESIDE = 1e-10  # relative offset from a finite edge where the kernel estimates its limit
_SEARCH = 60.0  # how far out a piece is searched for a change of sign of f′
_DIGITS = 6  # a rational with a longer numerator or denominator is a float written exactly


# Functions through which sympy's solver finds real roots quickly, when their arguments
# hold integers only; another one (erf, tanh, a sinc), or e^(−1.702 z), sends it searching
# for seconds or minutes, usually in vain: such a root stays numeric.
@functools.cache
def _solvable() -> tuple:
    return (sp.exp, sp.log, sp.sin, sp.cos, sp.Abs)


def exact_ends(act, ends: list[float]) -> tuple[sp.Expr | None, ...]:
    """For each value of ``ends`` (the range's interval ends, ±∞ included), the closed form
    that equals it, or None when the definition yields none.

    An edge of a piece is worked out exactly only when the kernel's value there is close to
    the end sought; the roots of f′ are sought only for an end no edge gives, in the pieces
    where the kernel's f′ changes sign, and only a value that matches is simplified."""
    if all(math.isinf(end) for end in ends):
        return tuple(sp.oo if end > 0 else -sp.oo for end in ends)
    pieces = _pieces(act, _exact_definition(act))
    edges = list(_edges(act, pieces))
    roots: list[sp.Expr] | None = None
    found: list[sp.Expr | None] = []
    for end in ends:
        if math.isinf(end):
            found.append(sp.oo if end > 0 else -sp.oo)
            continue
        near = _MATCH_ESTIMATE * max(1.0, abs(end))
        matches = [c for e, exact in edges if abs(e - end) <= near and _matches(c := exact(), end)]
        if not matches:
            roots = list(_values_at_roots(act, pieces)) if roots is None else roots
            matches = [_simplified(c) for c in roots if _matches(c, end)]
        found.append(min(matches, key=sp.count_ops) if matches else None)
    return tuple(found)


def _exact_definition(act) -> sp.Expr:
    """f with its parameters and constants as exact rationals (0.01 → 1/100)."""
    definition = act.definition
    values = {p.sympy_symbol: sp.Rational(repr(float(act.params[p.name])))
              for p in definition.params}  # fmt: skip
    values |= {sp.Symbol(name, positive=True): sp.Rational(text)
               for name, text, _ in definition.constants}  # fmt: skip
    expr = expand_helpers(act.sympy(bound=False)).xreplace(values)
    return expr.xreplace({f: sp.Rational(str(f)) for f in expr.atoms(sp.Float)})


def _pieces(act, expr: sp.Expr) -> list[tuple[sp.Expr, sp.Interval | sp.FiniteSet]]:
    """(formula, where it holds): one per interval between the record's breakpoints and one
    per breakpoint; the branch of a piecewise f that holds there, tested at one point."""
    cuts = [sp.Rational(repr(b)) for b in act.breakpoints]
    edges = [-sp.oo, *cuts, sp.oo]
    parts: list[sp.Interval | sp.FiniteSet] = [sp.FiniteSet(c) for c in cuts]
    parts += [sp.Interval.open(lo, hi) for lo, hi in zip(edges[:-1], edges[1:])]
    pieces = [(_branch(expr, _inside(part)), part) for part in parts]
    return [(formula, part) for formula, part in pieces if formula is not None]


def _inside(part: sp.Interval | sp.FiniteSet) -> sp.Expr:
    """A point of ``part``."""
    if isinstance(part, sp.FiniteSet):
        return part.args[0]
    if part.inf.is_infinite and part.sup.is_infinite:
        return sp.Integer(0)
    if part.inf.is_infinite:
        return part.sup - 1
    if part.sup.is_infinite:
        return part.inf + 1
    return (part.inf + part.sup) / 2


def _branch(expr: sp.Expr, at: sp.Expr) -> sp.Expr | None:
    """The formula of a piecewise ``expr`` at ``at`` (``expr`` itself if not piecewise);
    None when sympy cannot tell which branch holds there."""
    if not isinstance(expr, sp.Piecewise):
        return expr
    return next((e for e, condition in expr.args if condition.subs(sym.z, at) is sp.true), None)


def _edges(act, pieces) -> Iterator[tuple[float, Callable[[], sp.Expr]]]:
    """For each piece: its value where it is a point, else its limits at both ends (±∞
    included), with the kernel's value there (beside a finite end, on the piece's side) as
    an estimate that decides whether the exact value is worth working out."""
    f = act.f
    for expr, part in pieces:
        if isinstance(part, sp.FiniteSet):
            yield float(f(float(part.args[0]))), functools.partial(expr.subs, sym.z, part.args[0])
            continue
        for at, side in ((part.inf, 1), (part.sup, -1)):
            beside = float(at) + side * _BESIDE * max(1.0, abs(float(at)))
            estimate = float(f(float(at) if at.is_infinite else beside))
            yield estimate, functools.cache(functools.partial(_limit, expr, at, side))


def _values_at_roots(act, pieces) -> Iterator[sp.Expr]:
    """f at each real root of f′ inside a piece where the kernel's f′ changes sign, when
    sympy's solver finds them quickly."""
    for expr, part in pieces:
        if isinstance(part, sp.FiniteSet) or not _slope_changes_sign(act, part):
            continue
        slope = sp.diff(expr, sym.z)
        if not _quickly_solvable(slope):
            continue
        try:
            roots = sp.solve(slope, sym.z, check=False, simplify=False)
        except NotImplementedError:
            continue
        for root in roots:
            if root.is_finite and root.is_real and part.contains(root) is sp.true:
                yield _with_lambert_w_rewritten(expr.subs(sym.z, root))


def _slope_changes_sign(act, part: sp.Interval) -> bool:
    """The kernel's f′ is positive and negative inside ``part`` (on [−60, 60] at most)."""
    low, high = max(float(part.inf), -_SEARCH), min(float(part.sup), _SEARCH)
    slopes = act.df(np.linspace(low, high, 4001)[1:-1])
    return bool(np.any(slopes > 0) and np.any(slopes < 0))


def _quickly_solvable(slope: sp.Expr) -> bool:
    """Every function in ``slope`` is one of :func:`_solvable`, of an argument written with
    integers and z alone."""
    for f in slope.atoms(sp.Function):
        argument = f.args[0]
        simple = all(n.is_Integer for n in argument.atoms(sp.Number))
        if f.func not in _solvable() or not simple or argument.atoms(sp.NumberSymbol):
            return False
    return True


def _limit(expr: sp.Expr, at: sp.Expr, side: int) -> sp.Expr:
    """The limit of ``expr`` as z → ``at`` (from above when ``side`` is 1, finite ``at``):
    its value there when sympy can evaluate it (tanh(∞) = 1; the pieces are continuous
    inside their intervals), a quarter of the time ``sp.limit`` takes, else the limit."""
    value = expr.subs(sym.z, at)
    if value.is_finite:
        return value
    return (
        sp.limit(expr, sym.z, at) if at.is_infinite else sp.limit(expr, sym.z, at, "+-"[side < 0])
    )


def _with_lambert_w_rewritten(value: sp.Expr) -> sp.Expr:
    """``value`` with e^(W(x) + c) written e^c · x / W(x), so that it can simplify."""
    value = sp.expand(value, power_base=False, mul=False, multinomial=False, log=False)
    return value.replace(
        lambda e: isinstance(e, sp.exp) and isinstance(e.args[0], sp.LambertW),
        lambda e: e.args[0].args[0] / e.args[0],
    )


def _simplified(value: sp.Expr) -> sp.Expr:
    """``value`` or its simplified form, the shorter."""
    return min(value, sp.simplify(value), key=sp.count_ops)


def _matches(candidate: sp.Expr, end: float) -> bool:
    if not _closed_form(candidate):
        return False
    value = candidate.evalf(30)
    if not value.is_real or not value.is_finite:
        return False
    return abs(float(value) - end) <= _MATCH * max(1.0, abs(end))


def _closed_form(value: sp.Expr) -> bool:
    """A number written with no float and no long rational (a float made exact would pass
    for a closed form: 4472135954999579/10¹⁶ for −1/√5)."""
    if not value.is_number or value.has(sp.Float, sp.AccumBounds, sp.zoo, sp.nan):
        return False
    return all(
        len(str(abs(r.p))) <= _DIGITS and len(str(r.q)) <= _DIGITS for r in value.atoms(sp.Rational)
    )
