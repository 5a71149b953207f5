"""The step-by-step derivations are correct: each step equals the next, the last is the package's.

Steps are compared symbolically where sympy can (smooth derivations: the difference
simplifies to 0) and, for every derivation, numerically with mpmath at 30 digits at
seeded random points, near the origin, in the tails and on both sides of every
breakpoint, for the default parameters and two other values of each parameter.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path

import mpmath
import numpy as np
import pytest
import sympy as sp
from sympy.core.function import AppliedUndef

import activations
from activations import derivations
from activations._symbolic import Phi, expand_helpers, param_symbols, phi, sigma, y, z
from activations.derivations import Derivation, Step, alpha, beta
from scripts.pipeline import pages

SLUGS = list(derivations.DERIVATIONS)
PAIRS = [(slug, i) for slug, d in derivations.DERIVATIONS.items() for i in range(len(d.steps) - 1)]
DIGITS = 30
TOLERANCE = mpmath.mpf(10) ** -(DIGITS - 5)  # relative, after 30-digit evaluation
HELPERS = {sigma, Phi, phi}


def _parameter_sets(slug: str) -> list[dict[str, float]]:
    """The defaults, then each parameter scaled up and down (or small values if it is 0)."""
    act = activations.get(slug)
    if not act.param_specs:
        return [{}]
    sets = [dict(act.params)]
    for factor, instead in ((1.37, 0.3), (0.6, 0.05)):
        sets.append({s.name: s.default * factor if s.default else instead for s in act.param_specs})
    return sets


def _points(slug: str, values: dict[str, float]) -> list[float]:
    """Seeded random points, magnitudes from 1e-6 to 50 of both signs, and both sides of breaks."""
    rng = np.random.default_rng(sum(map(ord, slug)))
    xs = list(rng.uniform(-9.0, 9.0, 40))
    magnitudes = 10.0 ** rng.uniform(-6.0, np.log10(50.0), 12)
    xs += list(magnitudes) + list(-magnitudes)
    for b in activations.get(slug, **values).breakpoints:
        xs += [b + side * 10.0**-k for side in (-1, 1) for k in (2, 9, 20)]
    return [float(x) for x in xs]


@functools.cache
def _forward(slug: str, values: tuple) -> Callable:
    """f(z) of the package at 30 digits: what ``y`` stands for in a step."""
    f = expand_helpers(activations.get(slug, **dict(values)).sympy())
    return sp.lambdify(z, f, modules="mpmath")


def _numeric(expr: sp.Expr, slug: str, values: dict[str, float]):
    """``expr`` as a function of z at 30 digits: parameters bound, y = f(z), helpers written out."""
    act = activations.get(slug, **values)
    bound = {symbol: sp.Float(values[name], DIGITS) for name, symbol in
             param_symbols(act.definition).items()}  # fmt: skip
    form = expand_helpers(expr.subs(bound)).doit()
    assert form.free_symbols <= {z, y}, f"{slug}: unbound symbols {form.free_symbols - {z, y}}"
    g = sp.lambdify((z, y), form, modules="mpmath")
    f = _forward(slug, tuple(sorted(values.items())))

    def evaluate(x: float):
        with mpmath.workdps(DIGITS):
            point = mpmath.mpf(x)
            return g(point, f(point))

    return evaluate


def _mismatch(a: sp.Expr, b: sp.Expr, slug: str, at_breaks: bool = False) -> str | None:
    """Where ``a`` and ``b`` differ, for any parameter set; None if they agree everywhere tried.

    Breakpoints themselves are left out (a step may leave the value there open) unless
    ``at_breaks``, which compares only there.
    """
    for values in _parameter_sets(slug):
        breaks = activations.get(slug, **values).breakpoints
        xs = list(breaks) if at_breaks else _points(slug, values)
        fa, fb = _numeric(a, slug, values), _numeric(b, slug, values)
        for x in xs:
            if not at_breaks and x in breaks:
                continue
            got, want = fa(x), fb(x)
            if not abs(got - want) <= TOLERANCE * max(1, abs(want)):
                got, want = mpmath.nstr(got, 15), mpmath.nstr(want, 15)
                return f"at z = {x!r} with {values}: {got} ≠ {want}"
    return None


def _written_out(expr: sp.Expr, derivation: Derivation) -> sp.Expr:
    """``expr`` in elementary functions, y replaced by the function the derivation starts from."""
    start = derivation.steps[0].expr.expr.doit()
    return expand_helpers(expr.subs(y, start)).doit()


def _symbolic_difference(a: sp.Expr, b: sp.Expr, derivation: Derivation) -> sp.Expr:
    return sp.simplify(_written_out(a, derivation) - _written_out(b, derivation))


def _is_piecewise(derivation: Derivation) -> bool:
    return any(step.expr.has(sp.Piecewise) for step in derivation.steps)


def _package_derivative(slug: str) -> sp.Expr:
    """The derivative the package itself gives, as an expression in z (parameters as symbols)."""
    return sp.diff(activations.get(slug).sympy(bound=False), z)


def problems(derivation: Derivation) -> list[str]:
    """What is wrong with ``derivation``: unequal steps, a wrong end, a wrong value at a break."""
    found = []
    slug, steps = derivation.slug, derivation.steps
    for i in range(len(steps) - 1):
        where = _mismatch(steps[i].expr, steps[i + 1].expr, slug)
        if where:
            found.append(f"{slug}: step {i + 1} ≠ step {i + 2} {where}")
    last = steps[-1].expr
    for label, at_breaks in (("the package's derivative", False), ("at a breakpoint", True)):
        where = _mismatch(last, _package_derivative(slug), slug, at_breaks)
        if where:
            found.append(f"{slug}: last step ≠ {label} {where}")
    for values in _parameter_sets(slug):
        act = activations.get(slug, **values)
        last_value = _numeric(last, slug, values)
        for b in act.breakpoints:
            got, kernel = last_value(b), float(act.df(b))
            if abs(float(got) - kernel) > 1e-15 * max(1.0, abs(kernel)):
                found.append(f"{slug}: at z = {b} the last step gives {got}, df gives {kernel}")
    return found


# --- each derivation is right ---------------------------------------------------------------


@pytest.mark.parametrize("slug,i", PAIRS, ids=[f"{s}-step{i + 1}" for s, i in PAIRS])
def test_each_step_equals_the_next(slug, i):
    steps = derivations.get(slug).steps
    where = _mismatch(steps[i].expr, steps[i + 1].expr, slug)
    assert where is None, f"{slug}: step {i + 1} ≠ step {i + 2} {where}"


@pytest.mark.parametrize(
    "slug,i",
    [p for p in PAIRS if not _is_piecewise(derivations.get(p[0]))],
    ids=[f"{s}-step{i + 1}" for s, i in PAIRS if not _is_piecewise(derivations.get(s))],
)
def test_smooth_steps_simplify_to_the_next(slug, i):
    """Where no step is piecewise, sympy proves the equality outright."""
    derivation = derivations.get(slug)
    a, b = derivation.steps[i].expr, derivation.steps[i + 1].expr
    assert _symbolic_difference(a, b, derivation) == 0


@pytest.mark.parametrize("slug", SLUGS)
def test_last_step_is_the_packages_derivative(slug):
    derivation = derivations.get(slug)
    assert problems(derivation) == []


@pytest.mark.parametrize("slug", SLUGS)
def test_derivation_starts_from_the_packages_function(slug):
    """Step 1 differentiates the package's f, and the label in front of it names f too."""
    derivation = derivations.get(slug)
    first = derivation.steps[0].expr
    assert isinstance(first, sp.Derivative) and first.variables == (z,)
    package_f = activations.get(slug).sympy(bound=False)
    assert _mismatch(first.expr, package_f, slug) is None
    lhs = expand_helpers(derivation.lhs)
    lhs = lhs.replace(lambda e: isinstance(e, AppliedUndef) and e.func not in HELPERS,
                      lambda e: package_f)  # fmt: skip
    assert isinstance(derivation.lhs, sp.Derivative)
    assert _mismatch(lhs, derivation.steps[-1].expr, slug) is None


@pytest.mark.parametrize("slug", SLUGS)
def test_every_step_is_explained_and_printable(slug):
    for text, tex in derivations.latex_steps(slug):
        assert text.strip().endswith((".", ")")), f"{slug}: {text!r}"
        assert tex.startswith(("=", r"\frac{d}{d z}")), tex
        assert r"\partial" not in tex and "UnevaluatedExpr" not in tex, tex


def test_the_derivative_symbols_are_the_package_parameters():
    """alpha and beta in the derivations are the very symbols the package's formulas use."""
    assert param_symbols(activations.get("elu").definition)["alpha"] == alpha
    assert param_symbols(activations.get("softplus").definition)["beta"] == beta


def test_unknown_derivation_names_the_known_ones():
    with pytest.raises(KeyError, match="sigmoid"):
        derivations.get("swish-ish")


# --- a wrong step does not get through -------------------------------------------------------


def _with_step(slug: str, index: int, expr: sp.Expr) -> Derivation:
    derivation = derivations.get(slug)
    steps = list(derivation.steps)
    steps[index] = Step("a deliberately wrong step", expr)
    return dataclasses.replace(derivation, steps=tuple(steps))


_S = sigma(z)
WRONG = {
    "sigmoid: σ(1 + σ)": ("sigmoid", -2, _S * (1 + _S)),
    "sigmoid: sign lost in the chain rule": ("sigmoid", 2, -sp.exp(-z) / (1 + sp.exp(-z)) ** 2),
    "tanh: 1 − tanh, square forgotten": ("tanh", -2, 1 - sp.tanh(z)),
    "tanh: output form 1 − y": ("tanh", -1, 1 - y),
    "leaky ReLU: slopes swapped": ("leaky_relu", -1, sp.Piecewise((1, z <= 0), (alpha, True))),
    "ReLU: slope 1 at 0 (right everywhere else)": (
        "relu", -1, sp.Piecewise((0, z < 0), (1, True))),
    "ELU: α dropped (right only for α = 1)": (
        "elu", 3, sp.Piecewise((sp.exp(z), z <= 0), (1, True))),
    "softplus: σ(z) for σ(βz) (right only for β = 1)": ("softplus", 4, sigma(z)),
    "SiLU: product rule's second term lost": ("silu", 2, sigma(beta * z)),
    "GELU: Φ + φ, factor z lost": ("gelu", 2, Phi(z) + phi(z)),
}  # fmt: skip


@pytest.mark.parametrize("case", WRONG)
def test_a_wrong_step_is_caught(case):
    slug, index, expr = WRONG[case]
    assert problems(derivations.get(slug)) == []
    assert problems(_with_step(slug, index, expr)), f"{case} was not caught"


def test_a_wrong_smooth_step_fails_the_symbolic_check_too():
    derivation = _with_step("sigmoid", -2, _S * (1 + _S))
    a, b = derivation.steps[-3].expr, derivation.steps[-2].expr
    assert _symbolic_difference(a, b, derivation) != 0


# --- the page and its marker ----------------------------------------------------------------


def test_marker_renders_every_step():
    text = pages.expand_markers("<!-- activations:derivation tanh -->", "x.md", 1, "")
    assert text.count("```math") == len(derivations.get("tanh").steps)
    assert derivations.get("tanh").title in text


def test_unknown_derivation_marker_fails_naming_the_place():
    with pytest.raises(pages.BuildError, match=r"x\.md:3: marker derivation swish"):
        pages.expand_markers("\n\n<!-- activations:derivation swish -->", "x.md", 1, "")


def test_the_page_shows_every_derivation():
    text = (Path(__file__).parent.parent / "docs" / "derivations.md").read_text("utf-8")
    for slug in SLUGS:
        assert f"<!-- activations:derivation {slug} -->" in text, slug
