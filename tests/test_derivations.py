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
from activations._vectors import _common as vs
from activations._vectors.entmax15 import _P as P
from activations._vectors.sparsemax import TAU
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
    assert "<!-- activations:jacobian-derivations -->" in text  # every vector record's


# --- the Jacobians of the vector-valued activations ------------------------------------------
# Each step is checked with n = 3 for a diagonal and two off-diagonal entries (i, j):
# symbolically (the difference simplifies to 0) and at 30 digits at seeded random inputs,
# with τ left a symbol in the first check and given three values in the second.
JACOBIANS = [d for ds in derivations.JACOBIAN_DERIVATIONS.values() for d in ds]
JACOBIAN_IDS = [f"{d.slug}-block{d.block}" for d in JACOBIANS]
N = 3
ENTRIES = [(1, 1), (1, 2), (3, 2)]
SUPPORT = {1, 2}  # a sparse output's fixed support: (3, 2) is an entry off it


def _entry(expr: sp.Expr, derivation, i: int, j: int) -> sp.Expr:
    """``expr`` for the entry (i, j) with n = N: shorthands, outputs and helpers written out."""
    expr = expr.subs(list(derivation.where)).subs({vs._n: N, vs._i: i, vs._j: j})
    if derivation.outputs:
        f = activations.get(derivation.outputs).sympy.f.subs(vs._n, N)
        expr = expr.subs({vs._s[k]: f.subs(vs._i, k) for k in range(1, N + 1)})
    if not activations.get(derivation.slug).params:
        expr = expr.subs(vs._TAU, 1)  # softmax's s in log-sum-exp: τ = 1
    expr = _kinks_as_the_records_take_them(expand_helpers(expr).doit())
    if derivation.sparse:
        expr = expr.subs({vs._s[k]: int(k in SUPPORT) for k in range(1, N + 1)})
    return expr


def _kinks_as_the_records_take_them(expr: sp.Expr) -> sp.Expr:
    """``expr`` with the slope of max(0, x) at x = 0 (sympy's Heaviside(0) = 1/2) set to the
    records' 0, and written as cases, so that it can be compared with a step in cases."""
    if not expr.has(sp.Heaviside):
        return expr
    return expr.replace(sp.Heaviside, lambda x, *_: sp.Heaviside(x, 0)).rewrite(sp.Piecewise)


def _inputs(seed: int) -> list[dict]:
    """Seeded values of z, a, b (and τ) at which two forms must agree."""
    rng = np.random.default_rng(seed)
    found = []
    for tau in (1.0, 0.6, 2.5):
        values = {vs._TAU: sp.Float(tau, DIGITS)}
        for base in (vs._z, vs._a, vs._b):
            values |= {base[k]: sp.Float(rng.uniform(-4, 4), DIGITS) for k in range(1, N + 1)}
        found.append(values)
    return found


def _jacobian_mismatch(a: sp.Expr, b: sp.Expr, derivation) -> str | None:
    for i, j in ENTRIES:
        left, right = _entry(a, derivation, i, j), _entry(b, derivation, i, j)
        if sp.simplify(left - right) != 0:
            return f"entry ({i}, {j}): {left} ≠ {right}"
        for values in _inputs(i * 10 + j):
            got, want = left.subs(values).evalf(DIGITS), right.subs(values).evalf(DIGITS)
            if abs(got - want) > 10 ** -(DIGITS - 5) * max(1, abs(want)):
                return f"entry ({i}, {j}) at {values}: {got} ≠ {want}"
    return None


def jacobian_problems(derivation) -> list[str]:
    """Unequal consecutive steps of a Jacobian derivation."""
    steps = derivation.steps
    found = []
    for k in range(len(steps) - 1):
        where = _jacobian_mismatch(steps[k].expr, steps[k + 1].expr, derivation)
        if where:
            found.append(f"{derivation.slug}: step {k + 1} ≠ step {k + 2} at {where}")
    return found


@pytest.mark.parametrize("derivation", JACOBIANS, ids=JACOBIAN_IDS)
def test_each_jacobian_step_equals_the_next(derivation):
    assert jacobian_problems(derivation) == []


@pytest.mark.parametrize("derivation", JACOBIANS, ids=JACOBIAN_IDS)
def test_jacobian_derivation_runs_from_the_records_f_to_its_printed_entry(derivation):
    """Step 1 differentiates the record's f by the block's input; the last step is the very
    expression the record prints for that block of its Jacobian."""
    record = activations.get(derivation.slug)
    first = derivation.steps[0].expr
    assert isinstance(first, sp.Derivative) and first.variables == (derivation.wrt,)
    for i, j in ENTRIES:
        written = _entry(first.expr, derivation, i, j)
        assert sp.simplify(written - _entry(record.sympy.f, derivation, i, j)) == 0
    assert derivation.steps[-1].expr == record.sympy.jacobian[derivation.block]
    assert str(derivation.wrt.base) in record.labels.inputs


def test_every_block_of_every_vector_jacobian_is_derived():
    derived = {(d.slug, d.block) for d in JACOBIANS}
    wanted = {(slug, block) for slug in activations.vector_names()
              for block in range(len(activations.get(slug).sympy.jacobian))}  # fmt: skip
    assert derived == wanted


@pytest.mark.parametrize("derivation", JACOBIANS, ids=JACOBIAN_IDS)
def test_every_jacobian_step_is_explained_and_printable(derivation):
    steps = derivations.jacobian_latex_steps(derivation)
    label = activations.get(derivation.slug).labels.jacobian[derivation.block]
    assert steps[0][1].startswith(label + r"\frac{\partial}{\partial ")
    for text, tex in steps:
        assert text.strip().endswith((".", ")")), text
        assert "UnevaluatedExpr" not in tex and r"\frac{d}" not in tex, tex
    assert all(tex.startswith("= ") for _, tex in steps[1:])


_GATE = sigma(vs._b[vs._i])
_DELTA = sp.KroneckerDelta(vs._i, vs._j)
_ROOT_SUM = vs._sum_k(lambda k: sp.sqrt(P[k]))
WRONG_JACOBIAN_STEPS = {
    "softmax: 1/τ lost (right only for τ = 1)": (
        "softmax", 0, 4, vs._s[vs._i] * (sp.KroneckerDelta(vs._i, vs._j) - vs._s[vs._j])),
    "softmax: s_j for s_i in front": (
        "softmax", 0, 4, vs._s[vs._j] * (sp.KroneckerDelta(vs._i, vs._j) - vs._s[vs._j]) / vs._TAU),
    "log-softmax: δ_ij dropped": ("log_softmax", 0, 2, -vs._s[vs._j] / vs._TAU),
    "softmin: sign not flipped": (
        "softmin", 0, 4, vs._s[vs._i] * (sp.KroneckerDelta(vs._i, vs._j) - vs._s[vs._j])),
    "log-sum-exp: s_i for s_j": ("logsumexp", 0, 2, vs._s[vs._i]),
    "GLU: the gate's slope without a_i": (
        "glu", 1, 1, sp.KroneckerDelta(vs._i, vs._j) * _GATE * (1 - _GATE)),
    "SwiGLU: SiLU′ taken as σ": (
        "swiglu", 1, 2, sp.KroneckerDelta(vs._i, vs._j) * vs._a[vs._i] * _GATE),
    "ReGLU: the gate's slope 1 for every b": (
        "reglu", 1, 2, sp.KroneckerDelta(vs._i, vs._j) * vs._a[vs._i]),
    "sparsemax: |S| taken as n": (
        "sparsemax", 0, 3, vs._s[vs._i] * (_DELTA - vs._s[vs._j] / vs._n)),
    "1.5-entmax: τ held fixed": (
        "entmax15", 0, 2, vs._s[vs._i] * (vs._z[vs._i] / 2 - TAU) * _DELTA),
    "1.5-entmax: the 2 of ∂τ/∂z_j lost": (
        "entmax15", 0, 4, 2 * sp.sqrt(P[vs._i]) * (_DELTA / 2 - sp.sqrt(P[vs._j]) / _ROOT_SUM)),
}  # fmt: skip


@pytest.mark.parametrize("case", WRONG_JACOBIAN_STEPS)
def test_a_wrong_jacobian_step_is_caught(case):
    slug, block, index, expr = WRONG_JACOBIAN_STEPS[case]
    derivation = derivations.JACOBIAN_DERIVATIONS[slug][block]
    steps = list(derivation.steps)
    steps[index] = Step("a deliberately wrong step", expr)
    assert jacobian_problems(dataclasses.replace(derivation, steps=tuple(steps)))
