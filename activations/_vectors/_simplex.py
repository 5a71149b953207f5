"""What sparsemax and entmax15 share: both map a score vector to a point of the probability
simplex, a sparse one, through a threshold τ found from the sorted scores.

Each row (last axis) is shifted by its largest finite entry m first, d = z − m ≤ 0: every
entry that can be in the support lies within a bounded distance of 0, so nothing overflows,
and entries far below (or −∞) get exactly 0. Infinite inputs give the limit where it does not
depend on how the inputs grow (one +∞ takes all the probability); a row with a nan, two or
more +∞, or only −∞ gives nan, as softmax does.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from activations._vectors._common import _along_axis, _as_float64, _check_vector, _rounded


def _rows(kernel: Callable[[np.ndarray], np.ndarray], z: np.ndarray) -> np.ndarray:
    """``kernel`` (on shifted rows whose largest entry is 0) with the infinities handled."""
    finite = np.isfinite(z)
    m = np.max(np.where(finite, z, -np.inf), axis=-1, keepdims=True)
    has_finite = np.isfinite(m)
    with np.errstate(over="ignore", invalid="ignore"):  # z - m below -1.8e308 is -inf
        d = np.where(finite & has_finite, z - np.where(has_finite, m, 0.0), -np.inf)
    d = np.where(has_finite, d, 0.0)  # rows without a finite entry: replaced below
    p = kernel(d)
    n_pos = np.count_nonzero(z == np.inf, axis=-1, keepdims=True)
    p = np.where(n_pos == 1, np.where(z == np.inf, 1.0, 0.0), p)
    undefined = np.isnan(z).any(axis=-1, keepdims=True) | (n_pos >= 2)
    undefined |= (n_pos == 0) & ~has_finite
    return np.where(undefined, np.nan, p)


def sorted_scores(d: np.ndarray, floor: float) -> tuple[np.ndarray, np.ndarray]:
    """Each row of ``d`` sorted in decreasing order and raised to ``floor`` (no entry at or
    below it can be in the support, and −∞ must not reach a sum), with k = 1, 2, …, n."""
    ordered = np.maximum(-np.sort(-d, axis=-1), floor)
    return ordered, np.arange(1, d.shape[-1] + 1, dtype=np.float64)


def along_axis(kernel, z, axis: int, name: str) -> np.ndarray:
    """The projection ``kernel`` applied along ``axis`` of an array of any shape."""
    return _along_axis(lambda rows: _rows(kernel, rows), z, axis, name)


def at_vector(kernel, z, name: str) -> tuple[np.ndarray, type]:
    """The projection of a 1-D vector (float64), with the dtype to return results in."""
    x, out_dtype = _as_float64(z, name)
    _check_vector(x, name)
    return (_rows(kernel, x) if x.size else x), out_dtype


def support_jacobian(g: np.ndarray, out_dtype: type) -> np.ndarray:
    """diag(g) − g gᵀ / Σ g, the Jacobian of both projections (g is 0 off the support)."""
    total = g.sum()
    with np.errstate(invalid="ignore", divide="ignore"):  # an empty g, or nan, stays so
        jacobian = np.diag(g) - np.outer(g, g) / total
    return _rounded(jacobian, out_dtype)
