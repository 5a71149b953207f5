"""Array handling shared by every activation: dtypes, scalars, nan."""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

_FLOAT_DTYPES = (np.float16, np.float32, np.float64)


def elementwise(kernel: Callable[..., np.ndarray]) -> Callable[..., np.ndarray]:
    """Wrap a float64 kernel so it accepts any array-like and keeps the input's dtype.

    The kernel always sees a float64 array, so float16 and float32 results are
    rounded once from a float64 value. Integers and booleans come back as
    float64, nan comes back as nan, and a scalar input gives a numpy scalar.
    """

    @functools.wraps(kernel)
    def wrapper(z, **params):
        array = np.asarray(z)
        if array.dtype.kind == "c":
            raise TypeError(f"{kernel.__name__}: complex input is not supported")
        out_dtype = array.dtype.type if array.dtype.type in _FLOAT_DTYPES else np.float64
        x = array.astype(np.float64, copy=False)
        with np.errstate(divide="raise", over="raise", invalid="raise", under="ignore"):
            result = np.asarray(kernel(x, **params), dtype=np.float64)
        result = np.where(np.isnan(x), np.nan, result)
        if out_dtype is not np.float64:
            with np.errstate(over="ignore"):  # rounding a large float64 to inf is the answer
                result = result.astype(out_dtype)
        return result[()] if result.ndim == 0 else result

    return wrapper


def masked(z: np.ndarray, keep: np.ndarray, fill: float = 0.0) -> np.ndarray:
    """``z`` where ``keep`` holds and ``fill`` elsewhere, so a branch not taken cannot overflow."""
    return np.where(keep, z, fill)
