"""Array handling shared by every activation: accepted inputs, dtypes, scalars, nan, masks."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable

import numpy as np

_FLOAT_DTYPES = (np.float16, np.float32, np.float64)
_REAL_KINDS = "biuf"  # booleans, signed and unsigned integers, floats
CHUNK = 1 << 16  # elements per kernel call: the temporaries of a kernel stay in the CPU caches


def real_array(values, name: str) -> np.ndarray:
    """``values`` as a numpy array of real numbers (booleans, integers or floats).

    Anything else is a ``TypeError`` naming what was given: None, strings,
    bytes, dates and times, complex numbers, structured and object arrays.
    A masked array is refused too: the callers that honour masks take them
    off first, so a mask is never dropped silently.
    """
    if isinstance(values, np.ma.MaskedArray):
        raise TypeError(
            f"{name}: masked arrays are not supported; pass the data with the masked "
            "entries filled in (e.g. z.filled(-np.inf) for softmax) or removed (z.compressed())"
        )
    array = np.asarray(values)
    if array.dtype.kind not in _REAL_KINDS:
        raise TypeError(f"{name}: expected real numbers, got {_described(values, array)}")
    return array


def _described(values, array: np.ndarray) -> str:
    """What ``values`` is, in words, for an error message."""
    if array.dtype.kind == "O":
        if array.ndim == 0:
            return "None" if values is None else f"a {type(array.item()).__name__}"
        first = itertools.islice(array.flat, 1000)
        types = sorted({type(item).__name__ for item in first if not _is_real(item)})
        return f"an object array (holding {', '.join(types) or 'numbers as Python objects'})"
    kinds = {"c": "complex numbers", "U": "strings", "S": "bytes", "V": "a structured array",
             "M": "dates and times", "m": "time differences"}  # fmt: skip
    shown = f" {values!r}" if array.ndim == 0 else ""
    return f"{kinds.get(array.dtype.kind, 'values')} (dtype {array.dtype}){shown}"


def _is_real(item) -> bool:
    return np.asarray(item).dtype.kind in _REAL_KINDS


def elementwise(kernel: Callable[..., np.ndarray]) -> Callable[..., np.ndarray]:
    """Wrap a float64 kernel so it accepts any real array-like and keeps the input's dtype.

    The kernel always sees a float64 array, so float16 and float32 results are
    rounded once from a float64 value. Integers and booleans come back as
    float64, nan comes back as nan, and a scalar input gives a numpy scalar.
    A masked array gives a masked array with the same mask (the masked
    entries are never evaluated). Large inputs are evaluated ``CHUNK``
    elements at a time, so the memory used beyond the input and the output
    stays bounded whatever the input's size; the result is the same.
    """
    name = kernel.__name__.lstrip("_")

    @functools.wraps(kernel)
    def wrapper(z, **params):
        mask = np.ma.getmaskarray(z) if isinstance(z, np.ma.MaskedArray) else None
        array = real_array(z if mask is None else np.ma.getdata(z), name)
        out_dtype = array.dtype.type if array.dtype.type in _FLOAT_DTYPES else np.float64
        result = np.empty(array.shape, dtype=out_dtype)
        flat_in, flat_out = array.reshape(-1), result.reshape(-1)
        flat_mask = None if mask is None else mask.reshape(-1)
        with np.errstate(divide="raise", over="raise", invalid="raise", under="ignore"):
            for start in range(0, flat_in.size, CHUNK):
                part = slice(start, start + CHUNK)
                # contiguous (a view if it already is): numpy's vectorised loops, which other
                # layouts skip, may differ in the last bit from its element-by-element ones
                x = np.ascontiguousarray(flat_in[part], dtype=np.float64)
                if flat_mask is not None:  # a masked entry's data may be anything: not evaluated
                    x = np.where(flat_mask[part], 0.0, x)
                _round_into(flat_out[part], kernel(x, **params), x)
        if mask is not None:
            result = np.ma.MaskedArray(result, mask=mask.copy())
        return result[()] if result.ndim == 0 else result

    return wrapper


def _round_into(out: np.ndarray, values: np.ndarray, x: np.ndarray) -> None:
    """``values`` written into ``out`` (rounded once to its dtype), nan where x is nan."""
    if out.dtype == np.float64:  # nothing to round
        np.copyto(out, values, casting="unsafe")
    else:
        with np.errstate(over="ignore"):  # rounding a large float64 to inf is the answer
            np.copyto(out, values, casting="unsafe")
    np.copyto(out, np.nan, where=np.isnan(x))


def masked(z: np.ndarray, keep: np.ndarray, fill: float = 0.0) -> np.ndarray:
    """``z`` where ``keep`` holds and ``fill`` elsewhere, so a branch not taken cannot overflow."""
    return np.where(keep, z, fill)
