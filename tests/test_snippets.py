"""The code a function page offers to copy: every snippet runs and computes the page's function.

The NumPy function is held to the package over the package's accuracy grid (every order of
magnitude, both signs, breakpoints) at its defaults and at each value a figure shows. Its
tolerance is that of a backward-stable formula: an error no larger than moving the input and
each parameter p by TOLERANCE_EPS float64 epsilons, |Δf| ≤ TOLERANCE_EPS·eps·(|f| + |z·∂f/∂z| +
Σ|p·∂f/∂p|) (the package itself is within 8 ULP of the true value); a formula that overflows,
underflows or cancels where the true value does not fails it. The framework calls run in the
frameworks' own environment (.venv-frameworks, as tests/test_frameworks.py) and are compared
with the package in float32; their names and keywords are checked against the measured record.
"""

from __future__ import annotations

import ast
import math

import numpy as np
import pytest

import activations
from scripts.pipeline import explorer, frameworks, snippets
from tests.test_accuracy import points
from tests.test_vector import VECTORS

TOLERANCE_EPS = 8
EPS = float(np.finfo(np.float64).eps)
TINY = float(np.finfo(np.float64).tiny)
ELEMENTWISE = activations.names()
VECTOR = activations.vector_names()
FRAMEWORKS_PYTHON = frameworks.ROOT / ".venv-frameworks" / "bin" / "python"


def numpy_function(act):
    """The page's NumPy snippet, executed with nothing but its own imports."""
    namespace: dict = {}
    exec(compile(snippets.numpy_source(act), f"<{act.slug} snippet>", "exec"), namespace)
    return namespace[act.slug]


def mismatches(z, got, want, scale, magnitude) -> list[str]:
    """Entries farther apart than the tolerance, each with the input and both values. Below
    the normal range an intermediate (e^z in z·σ(z)) holds only an absolute accuracy, half
    the subnormal spacing eps·tiny, which the factor |z| multiplies: that is allowed too."""
    found = []
    for x, g, w, s, m in zip(*map(np.ravel, (z, got, want, scale, magnitude))):
        if g == w or (math.isnan(g) and math.isnan(w)):
            continue
        allowed = TOLERANCE_EPS * EPS * (s + TINY * (1.0 + m))
        if not abs(g - w) <= allowed:
            found.append(f"z={x!r}: got {g!r}, want {w!r} (allowed ±{allowed:.3g})")
    return found


def parameter_sensitivity(slug: str, params: dict, z: np.ndarray) -> np.ndarray:
    """Σ|p·∂f/∂p| over the parameters, by central differences of the package (step 1e-6·p)."""
    total = np.zeros_like(z)
    for name, value in params.items():
        step = 1e-6 * value
        if step == 0:  # a parameter at 0: moving it by a relative amount moves nothing
            continue
        try:
            up, down = (activations.get(slug, **params | {name: value + s}) for s in (step, -step))
        except ValueError:  # a parameter at the end of its domain: one side only
            continue
        slope = value * (up.f(z) - down.f(z)) / (2 * step)
        total += np.nan_to_num(np.abs(slope), nan=0.0)  # ∞ - ∞ where f is infinite
    return total


@pytest.mark.parametrize("slug", ELEMENTWISE)
def test_numpy_snippet_matches_the_package(slug):
    failures = []
    for params in explorer.parameter_sets(activations.get(slug).definition):
        act = activations.get(slug, **params)
        z = np.array(points(act))
        with np.errstate(all="ignore"):
            got = numpy_function(act)(z, **params)
            want = act.f(z)
            scale = np.abs(want) + np.abs(z * act.df(z)) + parameter_sensitivity(slug, params, z)
        failures += [f"{params}: {m}" for m in mismatches(z, got, want, scale, np.abs(z))]
    assert not failures, f"{slug} NumPy snippet:\n" + "\n".join(failures)


@pytest.mark.parametrize("slug", VECTOR)
def test_numpy_snippet_matches_the_package_on_vectors(slug):
    record = activations.get(slug)
    halves = len(record.labels.inputs)
    failures = []
    for vector in (v for v in VECTORS if len(v) % halves == 0):
        z = np.array(vector)
        with np.errstate(all="ignore"):
            got = numpy_function(record)(z)
            want = record.f(z)
            jacobian = np.atleast_2d(record.jacobian(z))
            scale = np.abs(want) + np.abs(jacobian) @ np.abs(z)
        shape = np.shape(want)
        size = np.broadcast_to(np.max(np.abs(z)), shape)
        failures += mismatches(np.broadcast_to(str(vector), shape), got, want, scale, size)
    assert not failures, f"{slug} NumPy snippet:\n" + "\n".join(failures)


@pytest.mark.parametrize("slug", VECTOR)
@pytest.mark.parametrize("axis", [0, -1])
def test_numpy_snippet_takes_the_axis(slug, axis):
    record = activations.get(slug)
    z = np.random.default_rng(7).normal(size=(4, 6)) * 3.0
    np.testing.assert_allclose(
        numpy_function(record)(z, axis=axis), record.f(z, axis=axis), rtol=1e-13, atol=1e-15
    )


@pytest.mark.parametrize("slug", [*ELEMENTWISE, *VECTOR])
def test_numpy_snippet_imports_only_numpy_and_the_standard_library(slug):
    tree = ast.parse(snippets.numpy_source(activations.get(slug)))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module)])
    }
    assert imported <= {"numpy", "math"}, f"{slug} imports {sorted(imported)}"


def test_a_record_without_a_numpy_body_fails_the_build_naming_it():
    import dataclasses

    from scripts.pipeline.errors import BuildError

    act = activations.get("relu")
    bare = dataclasses.replace(act, definition=dataclasses.replace(act.definition, numpy=""))
    with pytest.raises(BuildError, match="relu: the record has no `numpy` body"):
        snippets.numpy_source(bare)
