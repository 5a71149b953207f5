"""What the package accepts: real numbers only, masks kept, any allowed parameter, any size.

Every elementwise function and every vector-valued one refuses what is not a
real number with a TypeError naming what it got; booleans and integers are
accepted as the numbers they are. A masked array keeps its mask through the
elementwise functions, and the vector-valued ones refuse it rather than let a
masked entry take part. Parameters at the ends of their domains give the
finite answer wherever one exists, and a large input is evaluated in pieces
whose results are the same bits as one call.
"""

from __future__ import annotations

import datetime
import decimal
import math
import tracemalloc

import mpmath
import numpy as np
import pytest

import activations
from activations import _arrays, reference

KERNELS = ("f", "df", "d2f", "df_from_output")
VECTOR_FUNCTIONS = {
    name: function
    for slug in activations.vector_names()
    for name, function in (
        (slug, activations.get(slug).f),
        (f"{slug}_jacobian", activations.get(slug).jacobian),
    )
}

# (id, value, what the message must name)
NOT_REAL_NUMBERS = [
    ("None", None, "None"),
    ("string", "1.5", "strings"),
    ("list-of-strings", ["1.5", "2.0"], "strings"),
    ("bytes", b"1.5", "bytes"),
    ("date", datetime.date(2026, 12, 6), "date"),
    ("datetime", datetime.datetime(2026, 12, 6, 9, 30), "datetime"),
    ("timedelta", datetime.timedelta(seconds=1.5), "timedelta"),
    ("datetime64", np.array(["2026-12-06", "2026-12-07"], dtype="datetime64[D]"), "dates"),
    ("timedelta64", np.array([1, 2], dtype="timedelta64[s]"), "time differences"),
    ("structured", np.zeros(2, dtype=[("x", float), ("y", float)]), "structured"),
    ("object-with-None", np.array([1.0, None, 2.0, 3.0], dtype=object), "NoneType"),
    ("decimal", decimal.Decimal("1.5"), "Decimal"),
    ("complex", np.array([1.0, 2j]), "complex"),
]
NOT_REAL_IDS = [case[0] for case in NOT_REAL_NUMBERS]


def kernels(act):
    return {name: getattr(act, name) for name in KERNELS if getattr(act, name) is not None}


# --- what is not a real number ----------------------------------------------------------------
@pytest.mark.parametrize("slug", activations.names())
@pytest.mark.parametrize("label,value,named", NOT_REAL_NUMBERS, ids=NOT_REAL_IDS)
def test_elementwise_functions_refuse_what_is_not_a_real_number(slug, label, value, named):
    for name, kernel in kernels(activations.get(slug)).items():
        with pytest.raises(TypeError, match=f"expected real numbers, got.*{named}"):
            kernel(value)
            pytest.fail(f"{slug}.{name} accepted {label} {value!r}")


@pytest.mark.parametrize("function", list(VECTOR_FUNCTIONS))
@pytest.mark.parametrize("label,value,named", NOT_REAL_NUMBERS, ids=NOT_REAL_IDS)
def test_vector_functions_refuse_what_is_not_a_real_number(function, label, value, named):
    with pytest.raises(TypeError, match=f"{function}: expected real numbers, got.*{named}"):
        VECTOR_FUNCTIONS[function](value)


@pytest.mark.parametrize("slug", activations.names())
def test_booleans_and_integers_are_the_numbers_they_are(slug):
    for name, kernel in kernels(activations.get(slug)).items():
        for values in ([True, False], np.array([-3, 0, 2], dtype=np.int8), np.uint64([7])):
            got = kernel(values)
            assert got.dtype == np.float64, f"{slug}.{name}({values!r}) is {got.dtype}"
            want = kernel(np.asarray(values, dtype=np.float64))
            np.testing.assert_array_equal(got, want, err_msg=f"{slug}.{name}({values!r})")


# --- masked arrays -------------------------------------------------------------------------------
MASKED_DATA = [-1.5, np.nan, 2.0, 1e300, 0.5, -np.inf]
MASK = [False, True, False, True, False, True]


@pytest.mark.parametrize("slug", activations.names())
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_elementwise_functions_keep_the_mask(slug, dtype):
    """Same mask, same dtype, and each unmasked entry as if the masked ones were not there."""
    with np.errstate(over="ignore"):  # 1e300 becomes inf in float32: it is masked anyway
        z = np.ma.array(MASKED_DATA, mask=MASK, dtype=dtype)
    for name, kernel in kernels(activations.get(slug)).items():
        got = kernel(z)
        assert isinstance(got, np.ma.MaskedArray), f"{slug}.{name} dropped the mask"
        assert got.dtype == dtype
        np.testing.assert_array_equal(got.mask, MASK, err_msg=f"{slug}.{name}")
        np.testing.assert_array_equal(got.compressed(), kernel(z.compressed()), f"{slug}.{name}")


def test_a_masked_array_without_masked_entries_stays_a_masked_array():
    got = activations.get("gelu").f(np.ma.array([0.0, 1.0]))
    assert isinstance(got, np.ma.MaskedArray) and not got.mask.any()


@pytest.mark.parametrize("function", list(VECTOR_FUNCTIONS))
def test_vector_functions_refuse_masked_arrays(function):
    """Silently dropping the mask would give a masked score probability: refused instead."""
    z = np.ma.array([0.0, 5.0, 1.0, -1.0], mask=[False, True, False, False])
    with pytest.raises(TypeError, match=f"{function}: masked arrays are not supported"):
        VECTOR_FUNCTIONS[function](z)


# --- parameters at the ends of their domains ---------------------------------------------------
TINY, HUGE = 5e-324, float(np.finfo(np.float64).max)
CANDIDATES = (TINY, 1e-300, 1e-30, 1e30, 1e300, HUGE)
POINTS = [0.0, TINY, 1e-300, 1.0, 1e300, math.inf]
POINTS = sorted({*POINTS, *(-x for x in POINTS)})
EXTREME_ULPS = 8  # as tests/test_accuracy.py


def extreme_values(act, spec) -> list[float]:
    """The domain's closed ends, and the tiny and huge values of either sign it allows, that
    the activation takes with its other parameters at their defaults (RReLU needs l <= u)."""
    values = (spec.low, spec.high, *CANDIDATES, *(-c for c in CANDIDATES))
    allowed = set()
    for value in values:
        try:
            activations.get(act.slug, **{spec.name: value}).f(0.0)
        except ValueError:
            continue
        except FloatingPointError:
            pass  # allowed, and a fault the test below reports
        allowed.add(value)
    return sorted(allowed - {spec.default})


EXTREMES = [
    pytest.param(act.slug, spec.name, value, id=f"{act.slug}-{spec.name}={value:g}")
    for act in activations.catalog()
    for spec in act.param_specs
    for value in extreme_values(act, spec)
]


def error_in_ulp(slug: str, order: int, x: float, got: float, params) -> float:
    """got's error against the 50-digit value at x, or against the limit at ±inf (0 when the
    reference finds no limit beyond ±1e1000: nothing to compare with)."""
    if math.isfinite(x):
        return reference.ulp_error(got, reference.evaluate(slug, order, x, params))
    limit = reference.limit(slug, order, 1 if x > 0 else -1, params)
    return 0.0 if math.isnan(limit) else reference.ulp_error(got, mpmath.mpf(limit))


@pytest.mark.parametrize("slug,param,value", EXTREMES)
def test_extreme_parameters_give_the_finite_answer(slug, param, value):
    """No FloatingPointError and no nan where the value is a number; 8 ULP of the reference."""
    act = activations.get(slug, **{param: value})
    params = tuple(act.params.items())
    failures = []
    for order, name in enumerate(("f", "df", "d2f")):
        for x in POINTS:
            try:
                got = float(getattr(act, name)(x))
            except FloatingPointError as error:
                failures.append(f"{name}({x!r}) raised FloatingPointError: {error}")
                continue
            if order and x in act.breakpoints:
                assert not math.isnan(got), f"{name}({x!r}) is nan"
                continue  # the derivative at a kink is a convention (ReLU'(0) = 0)
            error = error_in_ulp(slug, order, x, got, params)
            if error > EXTREME_ULPS:
                want = reference.evaluate(slug, order, x, params) if math.isfinite(x) else "limit"
                failures.append(f"{name}({x!r}) = {got!r}, want {want} ({error:.3g} ULP)")
    assert not failures, f"{act!r}:\n" + "\n".join(failures)


def test_every_parameter_has_extreme_values_probed():
    probed = {(slug, param) for slug, param, _ in (case.values for case in EXTREMES)}
    declared = {(act.slug, spec.name) for act in activations.catalog() for spec in act.param_specs}
    assert probed == declared


# --- large inputs ------------------------------------------------------------------------------
@pytest.mark.parametrize("slug", activations.names())
def test_evaluation_in_pieces_gives_the_same_bits(slug, monkeypatch):
    """A large input is evaluated CHUNK elements at a time: the pieces change no bit."""
    rng = np.random.default_rng(20261206)
    specials = [0.0, -0.0, 5e-324, 1e-300, 1.0, 710.0, 1e300, np.inf, np.nan]
    z = np.concatenate([rng.normal(0, 10, 1006), specials, np.negative(specials)])
    act = activations.get(slug)
    whole = {name: kernel(z) for name, kernel in kernels(act).items()}
    monkeypatch.setattr(_arrays, "CHUNK", 7)
    for name, kernel in kernels(act).items():
        for layout in (z.reshape(4, -1, 2), np.asfortranarray(z.reshape(4, -1, 2)), z[::-1]):
            pieces = kernel(layout)
            want = whole[name].reshape(4, -1, 2) if layout.ndim == 3 else whole[name][::-1]
            np.testing.assert_array_equal(pieces, want, err_msg=f"{slug}.{name}", strict=True)


@pytest.mark.parametrize("slug", activations.names())
def test_large_inputs_take_bounded_memory(slug):
    """Besides its output, a call allocates at most the input's size again (numpy reports its
    allocations to tracemalloc); evaluated whole, GELU took 14 times the input."""
    z = np.linspace(-10.0, 10.0, 2_000_000)
    act = activations.get(slug)
    for name, kernel in kernels(act).items():
        tracemalloc.start()
        try:
            kernel(z)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak <= 2 * z.nbytes, f"{slug}.{name} took {peak / z.nbytes:.1f}x the input"
