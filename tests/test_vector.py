"""Softmax (with its temperature), log-softmax, softmin, log-sum-exp and GLU: accuracy against
50-digit references, Jacobians, edge cases.

Tolerance: 4 ULP of the reference in float64 (every z_i - max z is carried
exactly, so the shifted exponentials lose nothing), 1 ULP in float32 and
float16, whose results are rounded once from float64.
"""

from __future__ import annotations

import doctest
import importlib.util
import math
from pathlib import Path

import mpmath
import numpy as np
import pytest
import sympy as sp

import activations
from activations import reference, vector
from activations._symbolic import expand_helpers
from activations._vectors import _common as symbols
from activations.reference import ulp_error
from activations.vector import (
    glu,
    glu_jacobian,
    log_softmax,
    log_softmax_jacobian,
    logsumexp,
    logsumexp_jacobian,
    softmax,
    softmax_jacobian,
    softmin,
    softmin_jacobian,
)

ULPS = 4
EPS = float(np.finfo(np.float64).eps)

ORDINARY = [
    [2.0, 1.0, 0.1],
    [0.0],
    [-1.5, 3.25, 0.125, -7.0],
    [1e-300, 0.0],
    [5.0, 5.0, 5.0, -3.0],
    [0.0, -40.0],
    [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
]
EXTREME = [
    [1000.0, 0.0, -1000.0],
    [-1e308, 0.0],
    [710.0, 710.0],
    [0.0, -800.0],
    [0.1, -700.3, -745.1, 3.3],
    [-1e308, 1e308],
    [1.7976931348623157e308, 1.7976931348623157e308 * 0.5, -1e300],
    [-1000.0, -1001.0, -1002.5],
    [709.78, 0.0],
    [0.0, -708.4, -745.13],
]
RANDOM = [
    (np.random.default_rng(seed).standard_normal(int(n)) * 10.0 ** (seed % 7 - 3)).tolist()
    for seed, n in enumerate(np.random.default_rng(2026).integers(2, 9, 30))
]
TAILS = [np.random.default_rng(seed).uniform(-760, 0, 4).tolist() for seed in range(20)]
VECTORS = ORDINARY + EXTREME + RANDOM + TAILS


def worst(got, want, dtype=np.float64) -> float:
    return max(ulp_error(float(g), w, dtype) for g, w in zip(got, want))


def central_difference(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """The Jacobian of f at x by central differences, column j for input j."""
    columns = []
    for j in range(x.size):
        step = np.zeros_like(x)
        step[j] = h
        columns.append((f(x + step) - f(x - step)) / (2 * h))
    return np.stack(columns, axis=1)


# --- softmax and log-softmax: values ------------------------------------------------------
@pytest.mark.parametrize("z", VECTORS)
def test_softmax_matches_reference(z):
    assert worst(softmax(z), reference.softmax(z)) <= ULPS


@pytest.mark.parametrize("z", VECTORS)
def test_log_softmax_matches_reference(z):
    assert worst(log_softmax(z), reference.softmax(z, log=True)) <= ULPS


@pytest.mark.parametrize("z", VECTORS)
def test_softmax_is_a_probability_vector(z):
    s = softmax(z)
    assert np.all((s >= 0) & (s <= 1))
    assert abs(math.fsum(s) - 1.0) <= len(z) * EPS


def test_log_softmax_stays_finite_where_log_of_softmax_is_minus_infinity():
    z = np.array([0.0, -800.0])
    with np.errstate(divide="ignore"):
        naive = np.log(softmax(z))
    assert naive[1] == -np.inf  # e^-800 underflows to 0, and log 0 = -inf
    assert log_softmax(z).tolist() == [0.0, -800.0]
    # log s_0 = -log(1 + e^-40): the sum 1 + t is never formed, so its digits survive
    assert log_softmax([0.0, -40.0])[0] == pytest.approx(-4.248354255291589e-18, rel=2 * EPS)


def test_naive_exponential_overflows_where_softmax_does_not():
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(np.array([710.0, 709.0]))
        assert math.isinf(e[0]) and math.isnan((e / e.sum())[0])
    assert softmax([710.0, 709.0])[0] == pytest.approx(1 / (1 + math.exp(-1)), rel=2 * EPS)


@pytest.mark.parametrize("z", ORDINARY + RANDOM)
def test_shift_invariance(z):
    z = np.array(z)
    for shift in (-3.0, 0.5, 1e3):
        assert np.allclose(softmax(z + shift), softmax(z), rtol=1e-12, atol=0)
    # where z + c is exact, the shifted differences are identical and so are the results
    dyadic = np.round(z * 64) / 64
    for shift in (1.0, -512.0, 2.0**20):
        assert np.array_equal(softmax(dyadic + shift), softmax(dyadic))
        assert np.array_equal(log_softmax(dyadic + shift) + shift, log_softmax(dyadic) + shift)


@pytest.mark.parametrize(
    "z0,z1",
    [(0.0, 0.0), (2.0, -1.0), (36.5, 0.0), (-36.5, 0.0), (-700.25, 3.0), (-745.0, 0.0)]
    + [
        tuple(pair)
        for pair in (
            np.round(np.random.default_rng(7).uniform(-800, 800, (40, 2)) * 1024) / 1024
        ).tolist()
    ],
)
def test_two_classes_is_the_sigmoid_of_the_difference(z0, z1):
    """softmax([z0, z1])_0 = σ(z0 - z1); the inputs are chosen so that z0 - z1 is exact."""
    sigmoid = activations.get("sigmoid").f
    assert z0 - z1 == float(mpmath.mpf(z0) - mpmath.mpf(z1))
    s0, s1 = softmax([z0, z1])
    want = reference.sigmoid(z0 - z1)
    assert ulp_error(float(s0), want) <= ULPS
    assert ulp_error(float(sigmoid(z0 - z1)), want) <= ULPS
    assert ulp_error(float(s1), reference.sigmoid(z1 - z0)) <= ULPS


# --- dtypes, infinities, axes, errors ------------------------------------------------------
SMALL_FLOAT_CASES = [
    (dtype, z)
    for dtype in (np.float32, np.float16)
    for z in ORDINARY + EXTREME + RANDOM + TAILS
    if max(map(abs, z)) < float(np.finfo(dtype).max)
]


@pytest.mark.parametrize("dtype,z", SMALL_FLOAT_CASES)
def test_small_floats_keep_their_dtype_and_are_rounded_once(dtype, z):
    x = np.array(z, dtype=dtype)
    exact = x.astype(np.float64)
    for kernel, log in ((softmax, False), (log_softmax, True)):
        got = kernel(x)
        assert got.dtype == dtype
        assert worst(got, reference.softmax(exact, log), dtype) <= 1


@pytest.mark.parametrize("values", [[1, 2, 3, 4], [True, False], np.arange(4, dtype=np.int8)])
def test_integers_and_booleans_give_float64(values):
    kernels = (softmax, log_softmax, glu, softmax_jacobian, log_softmax_jacobian, glu_jacobian)
    for kernel in kernels:
        assert kernel(values).dtype == np.float64
        np.testing.assert_array_equal(kernel(values), kernel(np.asarray(values, dtype=float)))


INF = math.inf
NAN = math.nan


@pytest.mark.parametrize(
    "z,s,log_s",
    [
        ([INF, 0.0, -1.0], [1.0, 0.0, 0.0], [0.0, -INF, -INF]),
        ([-INF, 0.0, 0.0], [0.0, 0.5, 0.5], [-INF, -math.log(2), -math.log(2)]),
        ([-INF, 3.0], [0.0, 1.0], [-INF, 0.0]),
        ([INF, -INF], [1.0, 0.0], [0.0, -INF]),
        ([INF, INF, 0.0], [NAN] * 3, [NAN] * 3),
        ([-INF, -INF], [NAN] * 2, [NAN] * 2),
        ([NAN, 0.0, 1.0], [NAN] * 3, [NAN] * 3),
        ([NAN, INF], [NAN] * 2, [NAN] * 2),
        ([-1e308, 1e308], [0.0, 1.0], [-INF, 0.0]),
        ([1e308, -1e308], [1.0, 0.0], [0.0, -INF]),
    ],
)
def test_infinities_give_the_limit_or_nan(z, s, log_s):
    """Runs with warnings as errors: no input makes numpy warn."""
    np.testing.assert_array_equal(softmax(z), s)
    np.testing.assert_allclose(log_softmax(z), log_s, rtol=EPS)
    for jacobian in (softmax_jacobian(z), log_softmax_jacobian(z)):
        assert np.isnan(jacobian).all() == any(map(math.isnan, s))


def test_one_infinite_entry_gives_zero_softmax_jacobian():
    np.testing.assert_array_equal(softmax_jacobian([INF, 0.0, 2.0]), np.zeros((3, 3)))
    np.testing.assert_array_equal(log_softmax_jacobian([0.0, INF]), [[1.0, -1.0], [0.0, 0.0]])


def _along(kernel, x, axis):
    """``kernel`` applied to every 1-D slice of ``x`` along ``axis`` by a Python loop."""
    return np.apply_along_axis(kernel, axis, x)


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2, -3])
def test_axis_on_a_three_dimensional_array(axis):
    x = np.random.default_rng(3).standard_normal((4, 6, 8)) * 5
    for kernel in (softmax, log_softmax, glu):
        got = kernel(x, axis=axis)
        assert np.array_equal(got, _along(kernel, x, axis))
        assert got.shape == _along(kernel, x, axis).shape
    assert np.allclose(softmax(x, axis=axis).sum(axis=axis), 1.0, rtol=0, atol=8 * EPS)
    assert glu(x, axis=axis).shape[axis] == x.shape[axis] // 2


def test_empty_axis_gives_an_empty_result():
    assert softmax(np.empty((2, 0))).shape == (2, 0)
    assert log_softmax(np.empty((0, 3)), axis=0).shape == (0, 3)
    assert glu(np.empty((3, 0))).shape == (3, 0)
    assert softmax_jacobian([]).shape == (0, 0)


@pytest.mark.parametrize(
    "call,error,message",
    [
        (lambda: softmax(1.0), ValueError, "at least one dimension"),
        (lambda: softmax([1.0, 2.0], axis=1), ValueError, "axis 1 is out of range"),
        (lambda: log_softmax(np.ones((2, 2)), axis=-3), ValueError, "axis -3 is out of range"),
        (lambda: softmax([1.0], axis=0.5), TypeError, "axis must be an integer"),
        (lambda: softmax([1j, 2.0]), TypeError, "complex"),
        (lambda: softmax(["a", "b"]), TypeError, "real numbers"),
        (lambda: softmax_jacobian(np.ones((2, 2))), ValueError, r"1-D vector.*\(2, 2\)"),
        (lambda: log_softmax_jacobian(1.0), ValueError, "1-D vector"),
        (lambda: glu([1.0, 2.0, 3.0]), ValueError, "length along axis 0 must be even, got 3"),
        (lambda: glu(np.ones((4, 5)), axis=-1), ValueError, "axis 1 must be even, got 5"),
        (lambda: glu(np.ones((3, 4)), axis=0), ValueError, "axis 0 must be even, got 3"),
        (lambda: glu_jacobian([1.0, 2.0, 3.0]), ValueError, "must be even, got 3"),
        (lambda: glu_jacobian(np.ones((2, 2))), ValueError, "1-D vector"),
    ],
)
def test_bad_input_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- Jacobians -----------------------------------------------------------------------------
JACOBIAN_POINTS = [[2.0, 1.0, 0.1], [0.3, -1.2, 2.5, 0.0, -0.7], [4.0, -4.0], [0.0, 0.0, 0.0]]


@pytest.mark.parametrize("z", JACOBIAN_POINTS)
def test_softmax_jacobians_match_finite_differences(z):
    x = np.array(z)
    for kernel, jacobian in ((softmax, softmax_jacobian), (log_softmax, log_softmax_jacobian)):
        np.testing.assert_allclose(jacobian(x), central_difference(kernel, x), atol=1e-9)


@pytest.mark.parametrize("z", JACOBIAN_POINTS + EXTREME[:4])
def test_softmax_jacobians_match_their_closed_forms(z):
    s = softmax(z)
    n = s.size
    np.testing.assert_allclose(softmax_jacobian(z), np.diag(s) - np.outer(s, s), atol=4 * EPS)
    np.testing.assert_allclose(
        log_softmax_jacobian(z), np.eye(n) - np.outer(np.ones(n), s), atol=4 * EPS
    )
    j = softmax_jacobian(z)
    assert np.array_equal(j, j.T)
    assert np.allclose(j.sum(axis=0), 0.0, atol=4 * EPS)
    assert np.allclose(log_softmax_jacobian(z).sum(axis=1), 0.0, atol=4 * EPS)


@pytest.mark.parametrize("z", [[40.0, 0.0], [0.0, 1e-10, -3.0], [2.0, 1.0, 0.1], [700.0, 0.0]])
def test_softmax_jacobian_diagonal_keeps_its_digits(z):
    """s_i(1 - s_i) with s_i ≈ 1: the naive 1 - s_i would cancel to 0."""
    ref = reference.softmax(z)
    with mpmath.workprec(reference.PRECISION):
        diagonal = [r * (1 - r) for r in ref]
        complement = [1 - r for r in ref]
    assert worst(np.diag(softmax_jacobian(z)), diagonal) <= 8
    assert worst(np.diag(log_softmax_jacobian(z)), complement) <= 8


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_jacobians_keep_the_dtype(dtype):
    x = np.array([1.0, -2.0, 0.5, 3.0], dtype=dtype)
    for kernel in (softmax_jacobian, log_softmax_jacobian, glu_jacobian):
        assert kernel(x).dtype == dtype


# --- GLU ----------------------------------------------------------------------------------
def test_glu_matches_its_definition():
    x = np.random.default_rng(11).standard_normal((6, 8)) * 4
    a, b = x[:, :4], x[:, 4:]
    sigmoid = activations.get("sigmoid").f
    np.testing.assert_allclose(glu(x), a * sigmoid(b), rtol=2 * EPS, atol=0)
    np.testing.assert_allclose(glu(x, axis=0), x[:3] * sigmoid(x[3:]), rtol=0, atol=0)


@pytest.mark.parametrize(
    "a,b",
    [(1.0, 0.0), (-2.5, 3.0), (1e300, -740.0), (3.0, -745.5), (1e-300, 30.0), (7.0, -700.5)],
)
def test_glu_tails_match_reference(a, b):
    """a·σ(b) with σ(b) subnormal is still accurate: the product is rounded once."""
    with mpmath.workprec(reference.PRECISION):
        want = mpmath.mpf(a) * reference.sigmoid(b)
        slope = mpmath.mpf(a) * reference.sigmoid(b) * (1 - reference.sigmoid(b))
    assert ulp_error(float(glu([a, b])[0]), want) <= ULPS
    assert ulp_error(float(glu_jacobian([a, b])[0, 1]), slope) <= ULPS


def test_glu_infinities():
    x = [INF, -INF, INF, 1e308, 0.0, -INF, -1000.0, -2000.0, NAN, 1.0]
    got = glu(x)
    np.testing.assert_array_equal(got, [NAN, -INF, INF, NAN, 0.0])
    want = [[1.0, 0.0, NAN, 0.0], [0.0, 0.5, 0.0, INF]]
    np.testing.assert_array_equal(glu_jacobian([INF, INF, INF, 0.0]), want)


@pytest.mark.parametrize("x", [[1.0, 0.0], [0.5, -2.0, 3.0, 1.5], [-1.0, 2.0, 0.3, -4.0, 0.0, 2.2]])
def test_glu_jacobian_matches_finite_differences_and_closed_form(x):
    x = np.array(x)
    n = x.size // 2
    a, b = x[:n], x[n:]
    sigmoid = activations.get("sigmoid")
    np.testing.assert_allclose(glu_jacobian(x), central_difference(glu, x), atol=1e-9)
    closed = np.hstack([np.diag(sigmoid.f(b)), np.diag(a * sigmoid.df(b))])
    np.testing.assert_allclose(glu_jacobian(x), closed, rtol=2 * EPS, atol=0)


# --- formulas -----------------------------------------------------------------------------
N = 3  # the symbolic checks use vectors of this length


def _concrete(expr, **indices):
    """``expr`` with n = N, the sums written out and the indices i, j given."""
    subs = {symbols._n: N} | {getattr(symbols, f"_{k}"): v for k, v in indices.items()}
    return expand_helpers(expr.subs(subs).doit())


TAU = 0.7  # a temperature other than 1 for the symbolic checks
OUTPUTS_OF = {"softmax": "softmax", "log_softmax": "softmax", "softmin": "softmin",
              "logsumexp": "softmax"}  # fmt: skip
KERNELS = {"softmax": softmax, "log_softmax": log_softmax, "softmin": softmin}


def _outputs(name: str, tau: float = TAU):
    """s_1 … s_N as the expressions in z they stand for in ``name``'s formulas."""
    f = activations.get(OUTPUTS_OF[name]).sympy.f.subs(symbols._TAU, tau)
    return {symbols._s[k]: _concrete(f, i=k) for k in range(1, N + 1)}


@pytest.mark.parametrize("name", list(KERNELS))
@pytest.mark.parametrize("tau", [1.0, TAU])
def test_printed_softmax_forms_are_the_code(name, tau):
    forms = activations.get(name).sympy
    z = np.array([0.7, -1.3, 2.2])
    values = {symbols._z[k + 1]: z[k] for k in range(N)} | {symbols._TAU: tau}
    params = {"temperature": tau} if activations.get(name).params else {}
    got_kernel = activations.get(name, **params).f(z)
    for i in range(1, N + 1):
        for form in (forms.f, forms.stable.subs(symbols._m, 0.4)):
            got = float(_concrete(form, i=i).subs(values))
            assert got == pytest.approx(got_kernel[i - 1], rel=1e-14)
        # the stable form is the definition for every shift m
        assert sp.simplify(_concrete(forms.stable, i=i) - _concrete(forms.f, i=i)) == 0


def test_printed_logsumexp_forms_are_the_code():
    forms = activations.get("logsumexp").sympy
    z = np.array([0.7, -1.3, 2.2])
    values = {symbols._z[k + 1]: z[k] for k in range(N)}
    for form in (forms.f, forms.stable.subs(symbols._m, 0.4)):
        assert float(_concrete(form).subs(values)) == pytest.approx(logsumexp(z), rel=1e-14)
    assert sp.simplify(_concrete(forms.stable) - _concrete(forms.f)) == 0


@pytest.mark.parametrize("name", list(OUTPUTS_OF))
def test_printed_softmax_jacobians_are_the_derivatives(name):
    """Each printed entry, its s written out, is the derivative of the printed f (with τ
    left a symbol where the function has one)."""
    forms = activations.get(name).sympy
    outputs = _outputs(name, symbols._TAU if forms.f.has(symbols._TAU) else 1)
    for i in range(1, N + 1):
        for j in range(1, N + 1):
            derivative = sp.diff(_concrete(forms.f, i=i), symbols._z[j])
            printed = _concrete(forms.jacobian[0], i=i, j=j).subs(outputs)
            assert sp.simplify(derivative - printed) == 0, (name, i, j)


def test_printed_glu_forms_are_the_code_and_derivatives():
    forms = activations.get("glu").sympy
    x = np.array([0.5, -2.0, 1.5, 0.3, -1.0, 4.0])
    values = {symbols._a[k + 1]: x[k] for k in range(N)} | {
        symbols._b[k + 1]: x[N + k] for k in range(N)
    }
    for i in range(1, N + 1):
        f = _concrete(forms.f, i=i)
        assert float(f.subs(values)) == pytest.approx(glu(x)[i - 1], rel=1e-14)
        for j in range(1, N + 1):
            for block, wrt in zip(forms.jacobian, (symbols._a[j], symbols._b[j])):
                printed = _concrete(block, i=i, j=j)
                assert sp.simplify(sp.diff(f, wrt) - printed) == 0


def test_printed_matrix_forms_are_the_code():
    z = np.array([0.7, -1.3, 2.2])
    kernels = {"softmax": softmax_jacobian, "log_softmax": log_softmax_jacobian,
               "softmin": softmin_jacobian, "logsumexp": logsumexp_jacobian}  # fmt: skip
    for name, kernel in kernels.items():
        tau = TAU if activations.get(name).params else 1.0
        s = activations.get(OUTPUTS_OF[name], **({"temperature": tau} if tau != 1 else {})).f(z)
        matrix = activations.get(name).sympy.matrix
        matrix = matrix.subs({symbols._S: sp.Matrix(s.tolist()), symbols._n: N,
                              symbols._TAU: tau})  # fmt: skip
        explicit = np.array(matrix.as_explicit().tolist(), dtype=float)
        want = kernel(z, temperature=tau) if tau != 1 else kernel(z)
        np.testing.assert_allclose(explicit, want, atol=4 * EPS)
    x = np.array([0.5, -2.0, 1.5, 0.3, -1.0, 4.0])
    a, b = x[:N], x[N:]
    sigmoid = activations.get("sigmoid")
    blocks = {symbols._GATE: sp.Matrix(sigmoid.f(b).tolist()),
              symbols._GATE_SLOPE: sp.Matrix((a * sigmoid.df(b)).tolist())}  # fmt: skip
    matrix = activations.get("glu").sympy.matrix.subs(blocks).subs(symbols._n, N)
    explicit = np.array(matrix.as_explicit().tolist(), dtype=float)
    np.testing.assert_allclose(explicit, glu_jacobian(x), rtol=2 * EPS)


@pytest.mark.parametrize("name", activations.vector_names())
def test_latex_is_printed_from_the_forms(name):
    forms, latex = activations.get(name).sympy, activations.get(name).latex
    assert symbols.print_latex(forms.f) in latex.f
    assert symbols.print_latex(forms.matrix) in latex.matrix
    assert all(symbols.print_latex(block) in latex.jacobian for block in forms.jacobian)
    assert (latex.stable is None) == (forms.stable is None)
    if forms.stable is not None:
        assert symbols.print_latex(forms.stable) in latex.stable
    with pytest.raises(KeyError, match="unknown activation 'sparsestmax'"):
        activations.get("sparsestmax")


def test_frameworks_that_ship_the_classic_functions():
    for slug in ("softmax", "log_softmax", "glu"):
        assert {f.framework for f in activations.get(slug).frameworks} >= {"PyTorch", "JAX"}


def test_public_names_and_doctests():
    for name in vector.__all__:
        assert name in activations.__all__
        assert getattr(activations, name) is getattr(vector, name)
    attempted = 0
    for slug in activations.vector_names():
        module = importlib.import_module(activations.module_of(slug))
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0
        attempted += result.attempted
    assert attempted >= 17


@pytest.mark.parametrize("slug", activations.vector_names())
def test_a_vector_record_holds_what_the_site_knows(slug):
    record = activations.get(slug)
    assert isinstance(record, activations.VectorActivation) and record.slug == slug
    assert slug not in activations.names()
    assert record.references and all(r.link.startswith("https://") for r in record.references)
    assert all(use.source.link.startswith("https://github.com/") or "arxiv.org" in use.source.link
               for use in record.used_in)  # fmt: skip
    frameworks = {"PyTorch", "JAX", "Flax", "Keras", "TensorFlow", "MLX"}
    assert {f.framework for f in record.frameworks} <= frameworks
    x = np.array([0.25, -1.5, 2.0, 0.5])
    assert np.atleast_1d(record.f(x)).shape[-1] == record.jacobian(x).shape[0]
    assert record.jacobian(x).shape[1] == x.size
    assert set(vars(record.latex)) == {"f", "stable", "jacobian", "matrix"}
    with pytest.raises(ValueError, match="unknown parameter 'axis'"):
        activations.get(slug, axis=0)


def test_latex_renders_with_katex(tmp_path):
    """Every printed equation is valid KaTeX (the site renders them at build time)."""
    hook = Path(__file__).resolve().parent.parent / "scripts" / "pipeline" / "katex.py"
    spec = importlib.util.spec_from_file_location("katex_hook_vector", hook)
    katex = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(katex)
    renderer = katex.Renderer(tmp_path / "cache")
    try:
        for name in activations.vector_names():
            forms = activations.get(name).latex
            for tex in (forms.f, forms.stable, forms.jacobian, forms.matrix):
                if tex is not None:
                    assert 'class="katex' in renderer.render(tex, display=True)
    finally:
        renderer.close()


# --- temperature ---------------------------------------------------------------------------
TEMPERATURES = [1e-300, 1e-3, 0.1, 0.5, 2.0, 7.3, 1e3, 1e300]


@pytest.mark.parametrize("tau", TEMPERATURES)
def test_softmax_with_a_temperature_matches_reference(tau):
    """softmax(z/τ) and its logarithm with (z_i − m)/τ carried to twice the precision: the
    division adds no error beyond the few ULP of τ = 1, even for exponents near −745."""
    for z in ORDINARY + EXTREME + RANDOM + TAILS:
        want = reference.softmax(z, temperature=tau)
        assert worst(softmax(z, temperature=tau), want) <= ULPS, z
        want = reference.softmax(z, log=True, temperature=tau)
        assert worst(log_softmax(z, temperature=tau), want) <= ULPS, z


def test_temperature_one_is_plain_softmax_and_a_power_of_two_scales_exactly():
    for z in ORDINARY + EXTREME + RANDOM:
        assert np.array_equal(softmax(z, temperature=1.0), softmax(z))
        z = np.array(z)
        if np.all(np.abs(z) < 1e300):  # z/4 is exact there
            assert np.array_equal(softmax(z, temperature=4.0), softmax(z / 4))
            assert np.array_equal(log_softmax(z, temperature=0.25), log_softmax(z * 4))


def test_temperature_sharpens_below_one_and_flattens_above():
    z = [2.0, 1.0, 0.1]
    peaks = [softmax(z, temperature=tau).max() for tau in (0.01, 0.5, 1.0, 2.0, 100.0)]
    assert peaks == sorted(peaks, reverse=True)
    assert peaks[0] == 1.0 and abs(peaks[-1] - 1 / 3) < 0.01


@pytest.mark.parametrize("tau", [0.3, 1.0, 2.5])
@pytest.mark.parametrize("z", JACOBIAN_POINTS)
def test_jacobians_with_a_temperature(z, tau):
    """(diag(s) − s sᵀ)/τ and (I − 1 sᵀ)/τ: finite differences, and the closed form from the
    50-digit s."""
    x = np.array(z)
    s = [float(v) for v in reference.softmax(z, temperature=tau)]
    closed = {
        softmax_jacobian: (np.diag(s) - np.outer(s, s)) / tau,
        log_softmax_jacobian: (np.eye(x.size) - np.outer(np.ones(x.size), s)) / tau,
    }
    for kernel, jacobian in ((softmax, softmax_jacobian), (log_softmax, log_softmax_jacobian)):
        got = jacobian(x, temperature=tau)
        numeric = central_difference(lambda v, k=kernel: k(v, temperature=tau), x)
        np.testing.assert_allclose(got, numeric, atol=1e-8)
        np.testing.assert_allclose(got, closed[jacobian], rtol=0, atol=4 * EPS / tau)


def test_temperature_is_a_parameter_of_the_records():
    z = [2.0, 1.0, 0.1]
    for name, kernel, jacobian in (("softmax", softmax, softmax_jacobian),
                                   ("log_softmax", log_softmax, log_softmax_jacobian)):  # fmt: skip
        record = activations.get(name, temperature=0.5)
        assert record.values == {"temperature": 0.5}
        assert np.array_equal(record.f(z), kernel(z, temperature=0.5))
        assert np.array_equal(record.jacobian(z), jacobian(z, temperature=0.5))
        assert activations.get(name).params[0].default == 1.0
    with pytest.raises(ValueError, match=r"temperature.*\(0, inf\)"):
        activations.get("softmax", temperature=0.0)


@pytest.mark.parametrize("tau", [0.0, -1.0, math.inf, math.nan, "hot"])
def test_bad_temperature_is_named(tau):
    for kernel in (softmax, log_softmax, softmax_jacobian, log_softmax_jacobian):
        with pytest.raises(ValueError, match=f"{kernel.__name__}: parameter 'temperature'"):
            kernel([1.0, 2.0], temperature=tau)


# --- softmin -------------------------------------------------------------------------------
def _negated(z):
    return [-float(v) for v in z]


@pytest.mark.parametrize("z", VECTORS)
def test_softmin_matches_reference(z):
    assert worst(softmin(z), reference.softmax(_negated(z))) <= ULPS


@pytest.mark.parametrize("dtype,z", SMALL_FLOAT_CASES)
def test_softmin_keeps_small_floats_and_is_rounded_once(dtype, z):
    x = np.array(z, dtype=dtype)
    got = softmin(x)
    assert got.dtype == dtype and softmin_jacobian(x).dtype == dtype
    assert worst(got, reference.softmax(_negated(x.astype(np.float64))), dtype) <= 1


@pytest.mark.parametrize("z", JACOBIAN_POINTS + EXTREME[:4])
def test_softmin_jacobian_matches_differences_and_the_reference(z):
    x = np.array(z)
    if np.all(np.abs(x) < 100):
        np.testing.assert_allclose(softmin_jacobian(x), central_difference(softmin, x), atol=1e-9)
    with mpmath.workprec(reference.PRECISION):
        s = reference.softmax(_negated(z))
        want = [[-si * ((i == j) - sj) for j, sj in enumerate(s)] for i, si in enumerate(s)]
    got = softmin_jacobian(x)
    for row, want_row in zip(got, want):
        assert worst(row, want_row) <= 8


@pytest.mark.parametrize(
    "z,s",
    [
        ([], []),
        ([-INF, 0.0, 5.0], [1.0, 0.0, 0.0]),
        ([INF, 0.0, 0.0], [0.0, 0.5, 0.5]),
        ([-INF, -INF], [NAN, NAN]),  # the limit depends on how the entries fall
        ([INF, INF], [NAN, NAN]),
        ([NAN, 0.0], [NAN, NAN]),
        ([1e308, -1e308], [0.0, 1.0]),
        ([1.7976931348623157e308, 1.7976931348623157e308], [0.5, 0.5]),
    ],
)
def test_softmin_bad_input_gives_the_limit_or_nan_without_warning(z, s):
    """Runs with warnings as errors: no input makes numpy warn."""
    np.testing.assert_array_equal(softmin(np.array(z, dtype=float)), s)


def test_softmin_is_softmax_of_the_negation():
    for z in ORDINARY + EXTREME + RANDOM:
        assert np.array_equal(softmin(z), softmax(np.negative(z)))
        np.testing.assert_array_equal(softmin_jacobian(z), -softmax_jacobian(np.negative(z)))


# --- log-sum-exp ---------------------------------------------------------------------------
def _lse_error(z) -> float:
    """|logsumexp(z) − ℓ| in ULP of max(|ℓ|, max |z_k|): the bound its docstring states."""
    got, want = float(logsumexp(z)), reference.logsumexp(z)
    scale = max(abs(float(want)), max(abs(float(v)) for v in z))
    with mpmath.workdps(reference.DIGITS):
        return float(abs(mpmath.mpf(got) - want) / reference.ulp(scale))


@pytest.mark.parametrize("z", VECTORS)
def test_logsumexp_matches_reference(z):
    assert _lse_error(z) <= ULPS
    if abs(float(reference.logsumexp(z))) >= max(map(abs, z)) / 2:  # no cancellation
        assert ulp_error(float(logsumexp(z)), reference.logsumexp(z)) <= ULPS


def test_logsumexp_is_the_log_of_the_softmax_denominator():
    """ℓ = z_i − log s_i for every i: log-sum-exp and log-softmax agree."""
    for z in ORDINARY + RANDOM:
        np.testing.assert_allclose(np.array(z) - log_softmax(z), logsumexp(z), rtol=8 * EPS,
                                   atol=8 * EPS * max(map(abs, z)))  # fmt: skip


@pytest.mark.parametrize(
    "z,want",
    [
        ([], -INF),  # log of the empty sum 0
        ([-INF, -INF], -INF),
        ([-INF], -INF),
        ([INF, 1.0], INF),
        ([INF, INF], INF),
        ([INF, -INF], INF),
        ([NAN, 1.0], NAN),
        ([NAN, INF], NAN),
        ([-INF, 3.0], 3.0),
        ([1e308, 1e308], 1e308),
        ([1.7976931348623157e308] * 2, 1.7976931348623157e308),
        ([-1e308, 1e308], 1e308),
        ([-1e308, -1e308], -1e308),
        ([0.0, -800.0], 0.0),
    ],
)
def test_logsumexp_bad_input_gives_the_right_answer_without_warning(z, want):
    """Every one of these has a correct answer (a nan entry: nan); none makes numpy warn."""
    got = logsumexp(np.array(z, dtype=float))
    assert got == want or (math.isnan(got) and math.isnan(want))


def test_logsumexp_reduces_the_axis_and_keeps_the_dtype():
    x = np.random.default_rng(5).standard_normal((3, 4, 5)) * 30
    for axis in (0, 1, 2, -1):
        got = logsumexp(x, axis=axis)
        assert got.shape == tuple(np.delete(x.shape, axis % 3))
        np.testing.assert_array_equal(got, np.apply_along_axis(logsumexp, axis, x))
    assert logsumexp(np.empty((2, 0))).tolist() == [-INF, -INF]
    assert logsumexp(np.empty((0, 3))).shape == (0,)
    for dtype in (np.float16, np.float32):
        assert logsumexp(np.ones((2, 3), dtype=dtype)).dtype == dtype
        assert logsumexp_jacobian(np.ones(3, dtype=dtype)).dtype == dtype
    assert isinstance(logsumexp([1.0, 2.0]), np.float64)


@pytest.mark.parametrize("z", JACOBIAN_POINTS + EXTREME[:4])
def test_logsumexp_gradient_is_softmax(z):
    x = np.array(z)
    got = logsumexp_jacobian(x)
    assert got.shape == (1, x.size)
    assert worst(got[0], reference.softmax(z)) <= ULPS
    if np.all(np.abs(x) < 100):
        numeric = central_difference(lambda v: np.atleast_1d(logsumexp(v)), x)
        np.testing.assert_allclose(got, numeric, atol=1e-9)
        # the Hessian, diag(s) − s sᵀ, is softmax's Jacobian
        hessian = central_difference(lambda v: logsumexp_jacobian(v)[0], x, h=1e-5)
        np.testing.assert_allclose(softmax_jacobian(x), hessian, atol=1e-8)


@pytest.mark.parametrize("z", ORDINARY + RANDOM + EXTREME[:4])
def test_logsumexp_is_a_smooth_maximum(z):
    """max z ≤ ℓ ≤ max z + log n, the upper end reached when every entry is the same (the
    logsumexp page says so)."""
    top, n = max(z), len(z)
    assert top <= logsumexp(z) <= top + math.log(n) * (1 + EPS) + abs(top) * EPS
    if math.isfinite(top) and abs(top) < 1e300:
        assert logsumexp([top] * n) == pytest.approx(top + math.log(n), rel=EPS, abs=EPS)
