"""Sparsemax and 1.5-entmax: the projections against 50-digit references, their Jacobians,
the properties a reader relies on (simplex, exact zeros, the argmax limit, entmax between
softmax and sparsemax) and bad input.

Tolerance: outputs are probabilities computed from a threshold τ, so an entry just above τ
carries τ's absolute error; every entry is within 4·n·2⁻⁵³ of the reference (n the vector's
length), not within a few ULP of its own size.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

import activations
from activations import reference
from activations.vector import (
    entmax15,
    entmax15_jacobian,
    softmax,
    sparsemax,
    sparsemax_jacobian,
)

EPS = float(np.finfo(np.float64).eps)
INF, NAN = math.inf, math.nan
ALPHA = {"sparsemax": 2.0, "entmax15": 1.5}
KERNELS = {"sparsemax": (sparsemax, sparsemax_jacobian), "entmax15": (entmax15, entmax15_jacobian)}

ORDINARY = [
    [1.0, 0.5, -1.0],
    [0.0],
    [2.0, 1.0, 0.1],
    [0.3, 0.3, 0.3, -0.2],
    [-1.5, 3.25, 0.125, -7.0, 3.0],
    [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
    [1e-300, 0.0, -1e-300],
]
EXTREME = [
    [1e308, -1e308],
    [1.7976931348623157e308, 1.7976931348623157e308, 0.0],
    [1e308, 1e308 - 2**970, 1e308 - 2**971],
    [-1e308, -1e308 + 2**970],
    [-1000.0, -1000.5, -1001.25],
    [710.0, 709.5, 0.0],
]
RANDOM = [
    (np.random.default_rng(seed).standard_normal(int(n)) * 10.0 ** (seed % 5 - 2)).tolist()
    for seed, n in enumerate(np.random.default_rng(13).integers(2, 10, 30))
]
VECTORS = ORDINARY + EXTREME + RANDOM


def close(got, want, n: int) -> bool:
    return all(abs(float(g) - float(w)) <= 4 * n * EPS for g, w in zip(got, want))


# --- values ---------------------------------------------------------------------------------
@pytest.mark.parametrize("slug", ALPHA)
@pytest.mark.parametrize("z", VECTORS)
def test_matches_the_reference_projection(slug, z):
    want, support = reference.simplex_projection(z, ALPHA[slug])
    got = KERNELS[slug][0](z)
    assert close(got, want, len(z)), (z, got.tolist(), [float(w) for w in want])
    outside = [i for i in range(len(z)) if i not in support]
    assert all(got[i] == 0.0 for i in outside), "entries outside the support are exactly 0"


@pytest.mark.parametrize("slug", ALPHA)
@pytest.mark.parametrize("z", VECTORS)
def test_outputs_lie_on_the_simplex(slug, z):
    p = KERNELS[slug][0](z)
    assert np.all((p >= 0) & (p <= 1))
    assert abs(math.fsum(p) - 1.0) <= len(z) * EPS


def test_sparse_where_softmax_is_not():
    z = [2.0, 1.0, 0.1, -1.0]
    assert np.all(softmax(z) > 0)
    assert sparsemax(z).tolist() == [1.0, 0.0, 0.0, 0.0]
    p = entmax15(z)
    assert np.count_nonzero(p) == 2 and p[2:].tolist() == [0.0, 0.0]


@pytest.mark.parametrize("seed", range(40))
def test_entmax15_lies_between_softmax_and_sparsemax(seed):
    """As sparse as neither: its support holds sparsemax's, its largest probability lies
    between softmax's and sparsemax's."""
    z = np.random.default_rng(seed).standard_normal(6) * 2
    soft, ent, sparse = softmax(z), entmax15(z), sparsemax(z)
    assert set(np.flatnonzero(sparse)) <= set(np.flatnonzero(ent))
    assert np.count_nonzero(soft) == z.size
    assert soft.max() <= ent.max() <= sparse.max()


@pytest.mark.parametrize("z", [[0.3, -1.2, 2.5, 2.4], [1.0, 0.999, -4.0], [5.0, 4.0, 3.0]])
def test_scaling_up_the_scores_tends_to_argmax(z):
    """Sparsemax is exactly one-hot once the gap between the two largest scores reaches 1
    (entmax15: 2); softmax only approaches it."""
    z = np.array(z)
    gap = np.diff(np.sort(z)[-2:])[0]
    one_hot = (z == z.max()).astype(float)
    for t in (1.0 / gap, 3.0 / gap):
        assert np.array_equal(sparsemax(t * z), one_hot)
        assert np.array_equal(entmax15(2 * t * z), one_hot)
    assert not np.array_equal(sparsemax(0.5 / gap * z), one_hot)
    assert softmax(3.0 / gap * z).max() < 1.0


@pytest.mark.parametrize("slug", ALPHA)
def test_shift_invariance(slug):
    f = KERNELS[slug][0]
    z = np.round(np.random.default_rng(5).standard_normal(7) * 64) / 64
    for shift in (1.0, -512.0, 2.0**20):
        assert np.array_equal(f(z + shift), f(z))


# --- bad input ------------------------------------------------------------------------------
@pytest.mark.parametrize("slug", ALPHA)
@pytest.mark.parametrize(
    "z,want",
    [
        ([INF, 0.0, -1.0], [1.0, 0.0, 0.0]),
        ([-INF, 0.0, 0.0], [0.0, 0.5, 0.5]),
        ([INF, -INF], [1.0, 0.0]),
        ([INF, INF, 0.0], [NAN] * 3),
        ([-INF, -INF], [NAN] * 2),
        ([NAN, 0.0, 1.0], [NAN] * 3),
        ([NAN, INF], [NAN] * 2),
        ([-1e308, 1e308], [0.0, 1.0]),
        ([1e308, 1e308], [0.5, 0.5]),
        ([-1.7976931348623157e308, -1.7976931348623157e308, -INF], [0.5, 0.5, 0.0]),
    ],
)
def test_infinities_give_the_limit_or_nan(slug, z, want):
    """Runs with warnings as errors: no input makes numpy warn. Two +inf entries share the
    probability in a way that depends on how they grow (sparsemax([t, t + c]) moves with
    c), so that limit does not exist and the answer is nan, as for softmax."""
    f, jacobian = KERNELS[slug]
    np.testing.assert_array_equal(f(z), want)
    assert np.isnan(jacobian(z)).all() == any(map(math.isnan, want))


@pytest.mark.parametrize("slug", ALPHA)
def test_one_infinite_entry_gives_a_zero_jacobian(slug):
    np.testing.assert_array_equal(KERNELS[slug][1]([INF, 0.0, 2.0]), np.zeros((3, 3)))


@pytest.mark.parametrize("slug", ALPHA)
def test_empty_input(slug):
    f, jacobian = KERNELS[slug]
    assert f(np.empty((2, 0))).shape == (2, 0)
    assert f(np.empty((0, 3)), axis=0).shape == (0, 3)
    assert jacobian([]).shape == (0, 0)


@pytest.mark.parametrize("slug", ALPHA)
def test_errors_name_the_problem(slug):
    f, jacobian = KERNELS[slug]
    with pytest.raises(ValueError, match=f"{slug}: needs an array with at least one dimension"):
        f(1.0)
    with pytest.raises(ValueError, match="axis 2 is out of range"):
        f(np.ones((2, 2)), axis=2)
    with pytest.raises(ValueError, match=r"1-D vector.*\(2, 2\)"):
        jacobian(np.ones((2, 2)))
    with pytest.raises(TypeError, match=f"{slug}: masked arrays are not supported"):
        f(np.ma.array([0.0, 1.0], mask=[True, False]))


# --- dtypes and axes ------------------------------------------------------------------------
@pytest.mark.parametrize("slug", ALPHA)
@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_small_floats_keep_their_dtype_and_are_rounded_once(slug, dtype):
    f, jacobian = KERNELS[slug]
    for z in ORDINARY + RANDOM:
        x = np.array(z, dtype=dtype)
        got = f(x)
        assert got.dtype == dtype and jacobian(x).dtype == dtype
        np.testing.assert_array_equal(got, f(x.astype(np.float64)).astype(dtype))


@pytest.mark.parametrize("slug", ALPHA)
def test_integers_and_booleans_give_float64(slug):
    f, jacobian = KERNELS[slug]
    for values in ([3, 1, 2], [True, False]):
        assert f(values).dtype == np.float64 and jacobian(values).dtype == np.float64
        np.testing.assert_array_equal(f(values), f(np.asarray(values, dtype=float)))


@pytest.mark.parametrize("slug", ALPHA)
@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2, -3])
def test_axis_on_a_three_dimensional_array(slug, axis):
    f = KERNELS[slug][0]
    x = np.random.default_rng(3).standard_normal((4, 5, 6)) * 2
    assert np.array_equal(f(x, axis=axis), np.apply_along_axis(f, axis, x))
    assert np.allclose(f(x, axis=axis).sum(axis=axis), 1.0, rtol=0, atol=8 * EPS)


# --- Jacobians ------------------------------------------------------------------------------
JACOBIAN_POINTS = [[1.0, 0.5, -1.0], [0.3, -1.2, 2.5, 0.0, 2.2], [2.0, 1.9, 1.7, 0.0], [0.4, 0.4]]


def central_difference(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    columns = []
    for j in range(x.size):
        step = np.zeros_like(x)
        step[j] = h
        columns.append((f(x + step) - f(x - step)) / (2 * h))
    return np.stack(columns, axis=1)


@pytest.mark.parametrize("slug", ALPHA)
@pytest.mark.parametrize("z", JACOBIAN_POINTS + RANDOM[:10])
def test_jacobian_matches_finite_differences(slug, z):
    """At these points no entry is within h of the threshold, so p is smooth nearby."""
    f, jacobian = KERNELS[slug]
    x = np.array(z)
    np.testing.assert_allclose(jacobian(x), central_difference(f, x), atol=1e-8)


def reference_jacobian(z, slug: str) -> list[list[mpmath.mpf]]:
    """diag(g) − g gᵀ/Σ g at 2400 bits: g the support indicator (sparsemax) or √p."""
    p, support = reference.simplex_projection(z, ALPHA[slug])
    with mpmath.workprec(reference.PRECISION):
        if slug == "sparsemax":
            g = [mpmath.mpf(1 if i in support else 0) for i in range(len(z))]
        else:
            g = [mpmath.sqrt(v) for v in p]
        total = mpmath.fsum(g)
        return [[(g[i] if i == j else 0) - g[i] * g[j] / total for j in range(len(z))]
                for i in range(len(z))]  # fmt: skip


def on_a_kink(z) -> bool:
    """Whether an entry of z sits within 1e-12 of sparsemax's threshold, where its Jacobian
    jumps (0.4 in (0.1, 0.2, …, 0.8), for one)."""
    p, support = reference.simplex_projection(z, 2.0)
    with mpmath.workprec(reference.PRECISION):
        tau = mpmath.mpf(z[support[0]]) - p[support[0]]
        return any(abs(mpmath.mpf(v) - tau) < 1e-12 for v in z)


SMOOTH_VECTORS = [z for z in VECTORS if not on_a_kink(z)]


@pytest.mark.parametrize("slug", ALPHA)
@pytest.mark.parametrize("z", SMOOTH_VECTORS)
def test_jacobian_matches_the_reference(slug, z):
    got = KERNELS[slug][1](z)
    want = reference_jacobian(z, slug)
    for row, wanted in zip(got, want):
        assert close(row, wanted, len(z)), (z, row.tolist())


@pytest.mark.parametrize("slug", ALPHA)
@pytest.mark.parametrize("z", VECTORS)
def test_jacobian_is_symmetric_sums_to_zero_and_vanishes_off_the_support(slug, z):
    f, jacobian = KERNELS[slug]
    j, p = jacobian(z), f(z)
    assert np.array_equal(j, j.T)
    assert np.allclose(j.sum(axis=0), 0.0, rtol=0, atol=4 * len(z) * EPS)
    off = p == 0
    assert np.all(j[off] == 0) and np.all(j[:, off] == 0)


def test_sparsemax_jacobian_is_the_projection_on_the_support():
    """diag(s) − s sᵀ/|S|: on a support of 3, 1 − 1/3 on the diagonal and −1/3 off it."""
    j = sparsemax_jacobian([1.0, 0.9, 0.8, -2.0])
    np.testing.assert_allclose(j[:3, :3], np.eye(3) - 1 / 3, rtol=EPS)
    np.testing.assert_allclose(j @ j, j, rtol=0, atol=4 * EPS)  # a projection: J² = J


def test_entmax15_jacobian_is_continuous_where_sparsemax_jumps():
    """z = (1, c) leaves one-hot at c = 0 for sparsemax and at c = −1 for entmax15. Across
    that point sparsemax's Jacobian jumps by 1/2, entmax15's moves by about √p₂ ≈ 1e-9."""
    jump = sparsemax_jacobian([1.0, 1e-9]) - sparsemax_jacobian([1.0, -1e-9])
    np.testing.assert_allclose(jump, [[0.5, -0.5], [-0.5, 0.5]], atol=1e-8)
    step = entmax15_jacobian([1.0, -1.0 + 1e-9]) - entmax15_jacobian([1.0, -1.0 - 1e-9])
    assert 0 < np.abs(step).max() < 1e-8


def test_the_vector_pages_example_keeps_two_and_three_entries():
    """docs/vector.md: at (1.2, 0.9, 0.1, −1) sparsemax keeps the first two entries and
    1.5-entmax three, one more."""
    z = [1.2, 0.9, 0.1, -1.0]
    assert np.flatnonzero(sparsemax(z)).tolist() == [0, 1]
    assert np.flatnonzero(entmax15(z)).tolist() == [0, 1, 2]


@pytest.mark.parametrize("z", [-3.0, -1.0, -0.5, 0.0, 0.25, 0.999, 1.0, 7.5])
def test_two_class_sparsemax_is_the_sparse_sigmoid(z):
    """sparsemax([z, 0])[0] = ½·clip(z + 1, 0, 2), as the sparsemax page says."""
    assert sparsemax([z, 0.0])[0] == activations.get("sparse_sigmoid").f(z)
