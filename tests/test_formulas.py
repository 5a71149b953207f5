"""The printed formulas are the code's formulas: each is checked against the definition."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp

import activations
from activations._symbolic import display_expr, expand_helpers, to_latex, y, z

SLUGS = activations.names()


def _parameter_sets(act):
    """The defaults, and a second set of values inside each parameter's domain."""
    other = {}
    for spec in act.param_specs:
        value = spec.default * 1.37 if spec.default else 0.3
        other[spec.name] = min(value, (spec.default + spec.high) / 2)
    return [dict(act.params), other] if other else [dict(act.params)]


def _sample_points(act) -> list[float]:
    """Points in every piece of a piecewise definition, avoiding the breakpoints."""
    xs = np.linspace(-6.1, 6.3, 23).tolist()
    return [x for x in xs if all(abs(x - b) > 1e-6 for b in act.breakpoints)]


def _evaluator(expr, variable):
    form = expand_helpers(expr).replace(sp.DiracDelta, lambda *args: 0)
    return sp.lambdify(variable, form, modules="mpmath")


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("which,order", [("f", 0), ("df", 1), ("d2f", 2)])
def test_printed_derivative_is_the_derivative(slug, which, order):
    base = activations.get(slug)
    for values in _parameter_sets(base):
        act = activations.get(slug, **values)
        printed = _evaluator(display_expr(act.definition, which, act.params), z)
        derived = _evaluator(sp.diff(act.sympy(), z, order), z)
        with mpmath.workdps(40):
            for x in _sample_points(act):
                got, want = printed(mpmath.mpf(x)), derived(mpmath.mpf(x))
                assert abs(got - want) <= 1e-30 * max(1, abs(want)), (
                    f"{slug} {which} printed form differs at z={x} ({values}): {got} vs {want}"
                )


@pytest.mark.parametrize("slug", SLUGS)
def test_printed_output_form_gives_the_derivative(slug):
    base = activations.get(slug)
    if base.latex.df_output is None:
        assert base.df_from_output is None
        return
    assert base.df_from_output is not None, f"{slug} prints an output form but has no kernel"
    for values in _parameter_sets(base):
        act = activations.get(slug, **values)
        output = _evaluator(display_expr(act.definition, "output", act.params), y)
        f = _evaluator(act.sympy(), z)
        derived = _evaluator(sp.diff(act.sympy(), z), z)
        with mpmath.workdps(40):
            for x in _sample_points(act):
                got = output(f(mpmath.mpf(x)))
                want = derived(mpmath.mpf(x))
                assert abs(got - want) <= 1e-30 * max(1, abs(want)), (
                    f"{slug} output form differs at z={x} ({values}): {got} vs {want}"
                )


@pytest.mark.parametrize("slug", SLUGS)
def test_kernels_follow_the_definition_at_other_parameter_values(slug):
    """The sympy definition and the kernels agree for non-default parameters too."""
    base = activations.get(slug)
    for values in _parameter_sets(base)[1:]:
        act = activations.get(slug, **values)
        xs = np.array(_sample_points(act))
        for order, kernel in enumerate((act.f, act.df, act.d2f)):
            exact = _evaluator(sp.diff(act.sympy(), z, order), z)
            with mpmath.workdps(40):
                want = np.array([float(exact(mpmath.mpf(x))) for x in xs])
            got = kernel(xs)
            bad = np.abs(got - want) > 1e-13 * np.maximum(1, np.abs(want))
            assert not bad.any(), f"{slug} order {order} ({values}) at z={xs[bad][:3]}"


@pytest.mark.parametrize("slug", SLUGS)
def test_latex_is_printed_from_the_expressions(slug):
    act = activations.get(slug)
    assert act.latex.f == to_latex(display_expr(act.definition, "f"))
    assert act.latex.df == to_latex(display_expr(act.definition, "df"))
    assert act.latex.d2f == to_latex(display_expr(act.definition, "d2f"))
    for tex in (act.latex.f, act.latex.df, act.latex.d2f):
        assert tex.count("{") == tex.count("}"), f"{slug}: unbalanced braces in {tex}"


def test_a_typo_in_a_printed_form_is_caught():
    """A wrong display form (σ(1 + σ) instead of σ(1 - σ)) differs from the derivative."""
    from activations._symbolic import sigma

    wrong = _evaluator(sigma(z) * (1 + sigma(z)), z)
    right = _evaluator(sp.diff(activations.get("sigmoid").sympy(), z), z)
    with mpmath.workdps(30):
        assert abs(wrong(mpmath.mpf(0.5)) - right(mpmath.mpf(0.5))) > 0.1
