"""Time the package's f and df against naive textbook numpy formulas and scipy.special.

Usage: .venv/bin/python -m scripts.tools.bench_activations [-n 1000000] [--repeat 7] [SLUG ...]
For every activation in the catalog (or the slugs given), times f and df on n float64
and n float32 inputs, uniform in [-10, 10] with a fixed seed, and prints the median of
``--repeat`` single calls in ms. A ratio is ours / other: above 1, ours is slower.
A naive formula is timed only if it agrees with ours on [-5, 5] (so a wrong formula or
a parameter it misreads shows as a note, not as a timing). The naive formulas are each
record's textbook formula (``Definition.naive``). The last columns give the largest error of
f, ours and naive, in float64 ULP against the 50-digit reference (``activations.reference``)
on ACCURACY_POINTS, which span the float range.
"""

from __future__ import annotations

import argparse
import statistics
import time
import timeit
from collections.abc import Callable, Mapping

import numpy as np
import scipy

import activations
from activations import reference

ACCURACY_POINTS = np.array(
    sorted({0.0, *(s * 10.0**k for s in (-1, 1) for k in np.arange(-8, 3.01, 0.5))})
)


def quiet(formula: Callable, params: Mapping[str, float]) -> Callable[[np.ndarray], np.ndarray]:
    """``formula`` bound to ``params``, with numpy's overflow and invalid warnings off."""

    def call(z):
        with np.errstate(all="ignore"):
            return formula(z, **params)

    return call


def agrees(ours: Callable, other: Callable, sample: np.ndarray) -> bool:
    """Whether ``other`` gives ours' values on ``sample`` (float64, where both are tame)."""
    try:
        return bool(np.allclose(other(sample), ours(sample), rtol=1e-6, atol=1e-9))
    except (KeyError, ValueError, TypeError, FloatingPointError):
        return False


def median_ms(func: Callable, x: np.ndarray, repeat: int) -> float:
    """Median over ``repeat`` single calls of ``func(x)``, in milliseconds (after a warm-up)."""
    func(x)
    return statistics.median(timeit.repeat(lambda: func(x), repeat=repeat, number=1)) * 1e3


def worst_ulp(func: Callable | None, act: activations.Activation) -> float | None:
    """The largest error of ``func`` in ULP against the reference of f on ACCURACY_POINTS."""
    if func is None:
        return None
    got = func(ACCURACY_POINTS)
    return max(
        reference.ulp_error(float(g), reference.evaluate(act.slug, 0, float(x), act.params))
        for g, x in zip(got, ACCURACY_POINTS)
    )


def cell(value: float | None, width: int) -> str:
    return f"{'—':>{width}}" if value is None else f"{value:{width}.2f}"


def ratio(ours: float, other: float | None) -> float | None:
    return None if other is None else ours / other


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", help="activations to time (default: the catalog)")
    parser.add_argument("-n", type=int, default=1_000_000, help="elements per input array")
    parser.add_argument("--repeat", type=int, default=7, help="timed calls per measurement")
    args = parser.parse_args()

    start = time.perf_counter()
    rng = np.random.default_rng(20240601)
    inputs = {"float64": rng.uniform(-10.0, 10.0, args.n)}
    inputs["float32"] = inputs["float64"].astype(np.float32)
    sample = np.random.default_rng(1).uniform(-5.0, 5.0, 10_000)
    acts = [activations.get(s) for s in args.slugs] if args.slugs else activations.catalog()

    print(
        f"n = {args.n:,} elements, uniform in [-10, 10]; median of {args.repeat} calls, in ms; "
        f"ratio = ours / other. numpy {np.__version__}, scipy {scipy.__version__}."
    )
    head = (
        f"{'function':<16}{'dtype':<9}{'ours f':>8}{'naive f':>9}{'ratio':>7}"
        f"{'scipy f':>9}{'ratio':>7}{'ours df':>9}{'naive df':>9}{'ratio':>7}"
        f"{'ULP ours':>10}{'ULP naive':>10}"
    )
    print(head)
    print("-" * len(head))
    notes = []
    for act in acts:
        params = act.params
        try:
            act.f(sample), act.df(sample)
        except Exception as error:  # a family still being written: skip, say why
            notes.append(f"{act.slug}: skipped, {type(error).__name__}: {error}")
            continue
        naive_f = naive_df = scipy_f = None
        naive = act.definition.naive
        if naive is not None:
            f, df = quiet(naive.f, params), quiet(naive.df, params)
            naive_f = f if agrees(act.f, f, sample) else None
            naive_df = df if agrees(act.df, df, sample) else None
            for label, kept in (("f", naive_f), ("df", naive_df)):
                if kept is None:
                    notes.append(f"{act.slug}: naive {label} disagrees with ours; not timed")
        if naive is not None and naive.library is not None:
            scipy_f = quiet(naive.library, params)
            if not agrees(act.f, scipy_f, sample):
                notes.append(f"{act.slug}: scipy f disagrees with ours; not timed")
                scipy_f = None
        errors = (worst_ulp(act.f, act), worst_ulp(naive_f, act))
        for dtype, x in inputs.items():
            t = {
                name: None if func is None else median_ms(func, x, args.repeat)
                for name, func in (
                    ("f", act.f),
                    ("naive f", naive_f),
                    ("scipy f", scipy_f),
                    ("df", act.df),
                    ("naive df", naive_df),
                )
            }
            print(
                f"{act.slug:<16}{dtype:<9}{cell(t['f'], 8)}{cell(t['naive f'], 9)}"
                f"{cell(ratio(t['f'], t['naive f']), 7)}{cell(t['scipy f'], 9)}"
                f"{cell(ratio(t['f'], t['scipy f']), 7)}{cell(t['df'], 9)}"
                f"{cell(t['naive df'], 9)}{cell(ratio(t['df'], t['naive df']), 7)}"
                + (
                    "".join(f"{'—' if e is None else f'{e:.3g}':>10}" for e in errors)
                    if dtype == "float64"
                    else ""
                )  # fmt: skip
            )
    for note in notes:
        print(f"note: {note}")
    print(f"total {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
