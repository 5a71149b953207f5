"""SwiGLU, GeGLU and ReGLU: a ⊙ φ(b) against 50-digit references (tails included), their
Jacobians, the split convention, the printed formulas and bad input.

Tolerance: 4 ULP in float64; the gate comes from the elementwise record's kernel (a few ULP)
and the product adds half a unit.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

import activations
from activations import reference
from activations._symbolic import expand_helpers
from activations._vectors import _common as symbols
from activations.reference import ulp_error

ULPS = 4
INF, NAN = math.inf, math.nan
GATES = {"swiglu": "silu", "geglu": "gelu", "reglu": "relu"}

ORDINARY = [(1.0, 0.0), (-2.5, 3.0), (0.5, -1.25), (3.0, 1e-300), (-7.0, 20.0), (1e-300, 2.0)]
TAILS = {
    # a large value times a gate that is nearly subnormal: the product is an ordinary number
    "swiglu": [(1e300, -740.0), (3.0, -745.5), (-1e250, -705.25), (7.0, -700.5), (1e308, -1400.0)],
    "geglu": [(1e300, -38.0), (1e280, -42.5), (-2.0, -37.5), (1e308, -45.0), (5.0, -36.9)],
    "reglu": [(1e300, 1e-300), (1e-300, 1e-10), (-1e308, 1.5)],
}


def gate_reference(slug: str, order: int, b: float) -> mpmath.mpf:
    """φ(b) or φ′(b) from the elementwise record's 50-digit reference."""
    return reference.evaluate(GATES[slug], order, b)


@pytest.mark.parametrize("slug", GATES)
@pytest.mark.parametrize("kind", ["ordinary", "tail"])
def test_values_and_jacobian_match_the_reference(slug, kind):
    record = activations.get(slug)
    for a, b in ORDINARY if kind == "ordinary" else TAILS[slug]:
        with mpmath.workdps(reference.DIGITS):
            value = mpmath.mpf(a) * gate_reference(slug, 0, b)
            slope = mpmath.mpf(a) * gate_reference(slug, 1, b)
        got = record.f([a, b])[0]
        jacobian = record.jacobian([a, b])
        assert ulp_error(float(got), value) <= ULPS, (slug, a, b, got, value)
        assert ulp_error(float(jacobian[0, 1]), slope) <= ULPS, (slug, a, b, jacobian)
        assert ulp_error(float(jacobian[0, 0]), gate_reference(slug, 0, b)) <= ULPS


@pytest.mark.parametrize("slug", ["swiglu", "geglu"])
def test_the_tail_needs_the_split_product(slug):
    """The first tail case formed naively, a times the subnormal φ(b), is off by thousands
    of ULP: the split product is what keeps the digits."""
    a, b = TAILS[slug][0]
    with mpmath.workdps(reference.DIGITS):
        value = mpmath.mpf(a) * gate_reference(slug, 0, b)
    assert ulp_error(float(a * activations.get(GATES[slug]).f(b)), value) > 1000
    assert ulp_error(float(activations.get(slug).f([a, b])[0]), value) <= ULPS


@pytest.mark.parametrize("slug", GATES)
def test_split_convention_first_half_value_second_half_gate(slug):
    """gated([a; b]) = a ⊙ φ(b), so LLaMA-style down(φ(gate(x)) * up(x)) is
    down(swiglu(concatenate([up(x), gate(x)])))."""
    rng = np.random.default_rng(4)
    x, w_gate, w_up = (
        rng.standard_normal((3, 8)),
        rng.standard_normal((8, 5)),
        rng.standard_normal((8, 5)),
    )
    gate, up = x @ w_gate, x @ w_up
    phi = activations.get(GATES[slug]).f
    got = activations.get(slug).f(np.concatenate([up, gate], axis=-1))
    np.testing.assert_allclose(got, phi(gate) * up, rtol=2 * np.finfo(float).eps, atol=0)
    along_rows = activations.get(slug).f(np.concatenate([up, gate], axis=0), axis=0)
    np.testing.assert_array_equal(along_rows, got)


@pytest.mark.parametrize("slug", GATES)
@pytest.mark.parametrize("x", [[1.0, 0.5], [0.5, -2.0, 3.0, 1.5], [-1.0, 2.0, 0.3, -4.0, 0.7, 2.2]])
def test_jacobian_matches_finite_differences(slug, x):
    record = activations.get(slug)
    x = np.array(x)
    h = 1e-6
    columns = []
    for j in range(x.size):
        step = np.zeros_like(x)
        step[j] = h
        columns.append((record.f(x + step) - record.f(x - step)) / (2 * h))
    np.testing.assert_allclose(record.jacobian(x), np.stack(columns, axis=1), atol=1e-8)


@pytest.mark.parametrize("slug", GATES)
@pytest.mark.parametrize("axis", [0, 1, -1, -2])
def test_axis_on_a_two_dimensional_array(slug, axis):
    f = activations.get(slug).f
    x = np.random.default_rng(3).standard_normal((6, 8)) * 3
    assert np.array_equal(f(x, axis=axis), np.apply_along_axis(f, axis, x))
    assert f(x, axis=axis).shape[axis] == x.shape[axis] // 2


# --- bad input ------------------------------------------------------------------------------
@pytest.mark.parametrize("slug", GATES)
def test_odd_length_is_an_error_naming_the_axis_and_length(slug):
    record = activations.get(slug)
    with pytest.raises(ValueError, match=f"{slug}: the length along axis 0 must be even, got 3"):
        record.f([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="length along axis 1 must be even, got 5"):
        record.f(np.ones((4, 5)))
    with pytest.raises(ValueError, match=f"{slug}_jacobian: .* must be even, got 3"):
        record.jacobian([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=f"{slug}_jacobian: expected a 1-D vector"):
        record.jacobian(np.ones((2, 2)))


# (a, b, a·φ(b)): an infinite a gives ±inf where φ(b) ≠ 0 and nan (∞·0) where φ(b) = 0
SMOOTH_GATE_INFINITIES = [
    (INF, 1.0, INF),
    (-INF, 1.0, -INF),
    (INF, 0.0, NAN),
    (INF, -INF, NAN),
    (2.0, INF, INF),
    (-2.0, INF, -INF),
    (2.0, -INF, 0.0),
    (0.0, INF, NAN),
    (NAN, 1.0, NAN),
    (1.0, NAN, NAN),
    (1e308, 1e308, INF),
    (1e308, -1e308, 0.0),
]
INFINITIES = {
    "swiglu": SMOOTH_GATE_INFINITIES,
    "geglu": SMOOTH_GATE_INFINITIES,
    "reglu": [(INF, 1.0, INF), (INF, -1.0, NAN), (INF, 0.0, NAN), (2.0, INF, INF),
              (2.0, -INF, 0.0), (0.0, INF, NAN), (1e308, 1e308, INF), (NAN, 1.0, NAN)],
}  # fmt: skip


@pytest.mark.parametrize("slug", GATES)
def test_infinities(slug):
    """Runs with warnings as errors: no input makes numpy warn."""
    a, b, want = (list(column) for column in zip(*INFINITIES[slug]))
    np.testing.assert_array_equal(activations.get(slug).f(a + b), want)


def test_empty_and_dtypes():
    for slug in GATES:
        record = activations.get(slug)
        assert record.f(np.empty((3, 0))).shape == (3, 0)
        assert record.jacobian([]).shape == (0, 0)
        for dtype in (np.float16, np.float32):
            x = np.array([1.5, -2.0, 0.25, 3.0], dtype=dtype)
            assert record.f(x).dtype == dtype and record.jacobian(x).dtype == dtype
            want = record.f(x.astype(np.float64)).astype(dtype)
            np.testing.assert_array_equal(record.f(x), want)
        assert record.f([1, 2, 3, 4]).dtype == np.float64


# --- formulas -------------------------------------------------------------------------------
N = 3
X = np.array([0.5, -2.0, 1.5, 0.3, -1.0, 4.0])  # no b at ReLU's kink


def concrete(expr, **indices):
    subs = {symbols._n: N} | {getattr(symbols, f"_{k}"): v for k, v in indices.items()}
    return expand_helpers(expr.subs(subs).doit())


@pytest.mark.parametrize("slug", GATES)
def test_printed_forms_are_the_code_and_the_derivatives(slug):
    record = activations.get(slug)
    forms = record.sympy
    values = {symbols._a[k + 1]: X[k] for k in range(N)} | {
        symbols._b[k + 1]: X[N + k] for k in range(N)
    }
    jacobian = record.jacobian(X)
    for i in range(1, N + 1):
        f = concrete(forms.f, i=i)
        assert float(f.subs(values)) == pytest.approx(record.f(X)[i - 1], rel=1e-14)
        for j in range(1, N + 1):
            for block, (wrt, column) in enumerate(((symbols._a[j], j), (symbols._b[j], N + j))):
                printed = concrete(forms.jacobian[block], i=i, j=j)
                derivative = sp.diff(f, wrt).subs(values)
                assert float(printed.subs(values)) == pytest.approx(float(derivative), abs=1e-14)
                assert float(printed.subs(values)) == pytest.approx(
                    jacobian[i - 1, column - 1], abs=1e-14
                )


@pytest.mark.parametrize("slug", GATES)
def test_printed_matrix_is_the_code(slug):
    record = activations.get(slug)
    a, b = X[:N], X[N:]
    gate = activations.get(GATES[slug])
    value, slope = sorted(record.sympy.matrix.free_symbols - {symbols._n}, key=str)[::-1]
    if "odot" in str(value):
        value, slope = slope, value
    blocks = {value: sp.Matrix(gate.f(b).tolist()), slope: sp.Matrix((a * gate.df(b)).tolist())}
    matrix = record.sympy.matrix.subs(blocks).subs(symbols._n, N)
    explicit = np.array(matrix.as_explicit().tolist(), dtype=float)
    np.testing.assert_allclose(explicit, record.jacobian(X), rtol=2 * np.finfo(float).eps)
