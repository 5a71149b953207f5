"""Time the package's f and df against naive textbook numpy formulas and scipy.special.

Usage: .venv/bin/python -m scripts.tools.bench_activations [-n 1000000] [--repeat 7] [SLUG ...]
For every activation in the catalog (or the slugs given), times f and df on n float64
and n float32 inputs, uniform in [-10, 10] with a fixed seed, and prints the median of
``--repeat`` single calls in ms. A ratio is ours / other: above 1, ours is slower.
A naive formula is timed only if it agrees with ours on [-5, 5] (so a wrong formula or
a parameter it misreads shows as a note, not as a timing).
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
import timeit
from collections.abc import Callable, Mapping

import numpy as np
import scipy
from scipy import special

import activations

Formula = Callable[[np.ndarray, Mapping[str, float]], np.ndarray]

SELU_LAMBDA = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717
LECUN = 1.7159
GELU_C = math.sqrt(2.0 / math.pi)


def _sig(z):
    return 1 / (1 + np.exp(-z))


def _sigmoid_df(z, p):
    s = _sig(z)
    return s * (1 - s)


def _silu_df(z, p):
    s = _sig(z)
    return s * (1 + z * (1 - s))


def _mish_df(z, p):
    t = np.tanh(np.log(1 + np.exp(z)))
    return t + z * (1 - t * t) * _sig(z)


def _gelu_tanh(z, p):
    return 0.5 * z * (1 + np.tanh(GELU_C * (z + 0.044715 * z**3)))


def _gelu_tanh_df(z, p):
    t = np.tanh(GELU_C * (z + 0.044715 * z**3))
    return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * z**2)


def _elish(z, p):
    return np.where(z >= 0, z * _sig(z), (np.exp(z) - 1) * _sig(z))


def _elish_df(z, p):
    s = _sig(z)
    return np.where(z >= 0, s + z * s * (1 - s), np.exp(z) * s + (np.exp(z) - 1) * s * (1 - s))


def _softshrink(z, p):
    lam = p["lambd"]
    return np.where(z > lam, z - lam, np.where(z < -lam, z + lam, 0.0))


def _rrelu_slope(p):
    return (p["lower"] + p["upper"]) / 2


# slug -> (naive f, naive df): the formulas as a textbook writes them, straight in numpy.
NAIVE: dict[str, tuple[Formula, Formula]] = {
    "linear": (lambda z, p: z.copy(), lambda z, p: np.ones_like(z)),
    "binary_step": (lambda z, p: np.where(z >= 0, 1.0, 0.0), lambda z, p: np.zeros_like(z)),
    "sigmoid": (lambda z, p: 1 / (1 + np.exp(-z)), _sigmoid_df),
    "tanh": (lambda z, p: np.tanh(z), lambda z, p: 1 - np.tanh(z) ** 2),
    "hard_sigmoid": (
        lambda z, p: np.clip(z / 6 + 0.5, 0, 1),
        lambda z, p: np.where(np.abs(z) < 3, 1 / 6, 0.0),
    ),
    "hard_tanh": (lambda z, p: np.clip(z, -1, 1), lambda z, p: np.where(np.abs(z) < 1, 1.0, 0.0)),
    "softsign": (lambda z, p: z / (1 + np.abs(z)), lambda z, p: 1 / (1 + np.abs(z)) ** 2),
    "arctan": (lambda z, p: np.arctan(z), lambda z, p: 1 / (1 + z**2)),
    "lecun_tanh": (
        lambda z, p: LECUN * np.tanh(2 * z / 3),
        lambda z, p: LECUN * 2 / 3 * (1 - np.tanh(2 * z / 3) ** 2),
    ),
    "isru": (
        lambda z, p: z / np.sqrt(1 + p["alpha"] * z**2),
        lambda z, p: (1 / np.sqrt(1 + p["alpha"] * z**2)) ** 3,
    ),
    "log_sigmoid": (lambda z, p: np.log(1 / (1 + np.exp(-z))), lambda z, p: 1 / (1 + np.exp(z))),
    "tanhshrink": (lambda z, p: z - np.tanh(z), lambda z, p: np.tanh(z) ** 2),
    "sparse_sigmoid": (
        lambda z, p: np.clip((z + 1) / 2, 0, 1),
        lambda z, p: np.where(np.abs(z) < 1, 0.5, 0.0),
    ),
    "relu": (lambda z, p: np.maximum(z, 0), lambda z, p: np.where(z > 0, 1.0, 0.0)),
    "leaky_relu": (
        lambda z, p: np.where(z > 0, z, p["alpha"] * z),
        lambda z, p: np.where(z > 0, 1.0, p["alpha"]),
    ),
    "prelu": (
        lambda z, p: np.where(z > 0, z, p["alpha"] * z),
        lambda z, p: np.where(z > 0, 1.0, p["alpha"]),
    ),
    "rrelu": (
        lambda z, p: np.where(z > 0, z, _rrelu_slope(p) * z),
        lambda z, p: np.where(z > 0, 1.0, _rrelu_slope(p)),
    ),
    "relu6": (
        lambda z, p: np.minimum(np.maximum(z, 0), 6),
        lambda z, p: np.where((z > 0) & (z < 6), 1.0, 0.0),
    ),
    "threshold": (
        lambda z, p: np.where(z > p["threshold"], z, p["value"]),
        lambda z, p: np.where(z > p["threshold"], 1.0, 0.0),
    ),
    "hardshrink": (
        lambda z, p: np.where(np.abs(z) > p["lambd"], z, 0.0),
        lambda z, p: np.where(np.abs(z) > p["lambd"], 1.0, 0.0),
    ),
    "softshrink": (_softshrink, lambda z, p: np.where(np.abs(z) > p["lambd"], 1.0, 0.0)),
    "softplus": (
        lambda z, p: np.log(1 + np.exp(p["beta"] * z)) / p["beta"],
        lambda z, p: 1 / (1 + np.exp(-p["beta"] * z)),
    ),
    "elu": (
        lambda z, p: np.where(z > 0, z, p["alpha"] * (np.exp(z) - 1)),
        lambda z, p: np.where(z > 0, 1.0, p["alpha"] * np.exp(z)),
    ),
    "selu": (
        lambda z, p: SELU_LAMBDA * np.where(z > 0, z, SELU_ALPHA * (np.exp(z) - 1)),
        lambda z, p: SELU_LAMBDA * np.where(z > 0, 1.0, SELU_ALPHA * np.exp(z)),
    ),
    "celu": (
        lambda z, p: np.where(z > 0, z, p["alpha"] * (np.exp(z / p["alpha"]) - 1)),
        lambda z, p: np.where(z > 0, 1.0, np.exp(z / p["alpha"])),
    ),
    "gelu": (
        lambda z, p: 0.5 * z * (1 + special.erf(z / np.sqrt(2))),
        lambda z, p: (
            0.5 * (1 + special.erf(z / np.sqrt(2))) + z * np.exp(-(z**2) / 2) / np.sqrt(2 * np.pi)
        ),
    ),
    "gelu_tanh": (_gelu_tanh, _gelu_tanh_df),
    "silu": (lambda z, p: z / (1 + np.exp(-z)), _silu_df),
    "mish": (lambda z, p: z * np.tanh(np.log(1 + np.exp(z))), _mish_df),
    "hard_swish": (
        lambda z, p: z * np.clip(z + 3, 0, 6) / 6,
        lambda z, p: np.where(z < -3, 0.0, np.where(z > 3, 1.0, (2 * z + 3) / 6)),
    ),
    "squareplus": (
        lambda z, p: (z + np.sqrt(z**2 + p["b"])) / 2,
        lambda z, p: (1 + z / np.sqrt(z**2 + p["b"])) / 2,
    ),
    "sparse_plus": (
        lambda z, p: np.where(z <= -1, 0.0, np.where(z >= 1, z, (z + 1) ** 2 / 4)),
        lambda z, p: np.where(z <= -1, 0.0, np.where(z >= 1, 1.0, (z + 1) / 2)),
    ),
    "isrlu": (
        lambda z, p: np.where(z >= 0, z, z / np.sqrt(1 + p["alpha"] * z**2)),
        lambda z, p: np.where(z >= 0, 1.0, (1 / np.sqrt(1 + p["alpha"] * z**2)) ** 3),
    ),
    "elish": (_elish, _elish_df),
    "bent_identity": (
        lambda z, p: (np.sqrt(z**2 + 1) - 1) / 2 + z,
        lambda z, p: z / (2 * np.sqrt(z**2 + 1)) + 1,
    ),
    "exponential": (lambda z, p: np.exp(z), lambda z, p: np.exp(z)),
    "gaussian": (lambda z, p: np.exp(-(z**2)), lambda z, p: -2 * z * np.exp(-(z**2))),
    "sinusoid": (lambda z, p: np.sin(z), lambda z, p: np.cos(z)),
    "sinc": (lambda z, p: np.sin(z) / z, lambda z, p: (z * np.cos(z) - np.sin(z)) / z**2),
}

# slug -> f through scipy.special (or numpy's stable logaddexp) where one exists.
SCIPY: dict[str, Formula] = {
    "sigmoid": lambda z, p: special.expit(z),
    "log_sigmoid": lambda z, p: special.log_expit(z),
    "softplus": lambda z, p: np.logaddexp(0, p["beta"] * z) / p["beta"],
    "gelu": lambda z, p: z * special.ndtr(z),
    "silu": lambda z, p: z * special.expit(z),
}


def quiet(formula: Formula, params: Mapping[str, float]) -> Callable[[np.ndarray], np.ndarray]:
    """``formula`` bound to ``params``, with numpy's overflow and invalid warnings off."""

    def call(z):
        with np.errstate(all="ignore"):
            return formula(z, params)

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
        if act.slug in NAIVE:
            f, df = (quiet(g, params) for g in NAIVE[act.slug])
            naive_f = f if agrees(act.f, f, sample) else None
            naive_df = df if agrees(act.df, df, sample) else None
            for label, kept in (("f", naive_f), ("df", naive_df)):
                if kept is None:
                    notes.append(f"{act.slug}: naive {label} disagrees with ours; not timed")
        if act.slug in SCIPY:
            scipy_f = quiet(SCIPY[act.slug], params)
            if not agrees(act.f, scipy_f, sample):
                notes.append(f"{act.slug}: scipy f disagrees with ours; not timed")
                scipy_f = None
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
            )
    for note in notes:
        print(f"note: {note}")
    print(f"total {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
