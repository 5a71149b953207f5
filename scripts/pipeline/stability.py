"""Numerical stability: textbook formulas against the package's kernels, in ULP.

For a few functions whose textbook formula goes wrong in float64, both the
formula and the package's kernel are evaluated on a grid of inputs spanning
the float range and compared with a high-precision reference: the package's
sympy definition, differentiated symbolically and evaluated with mpmath
(50 significant digits plus guard digits for cancellation, checked against a
second evaluation with 30 more). The reference is slow, so it is cached
under ``.cache/stability/`` by a hash of everything it depends on; the float
evaluations are cheap and redone on every build, so a changed kernel shows
at once. What each case claims goes wrong (overflow, an exact 0,
cancellation) is checked against the data: a claim the data does not show,
or a failure no claim explains, stops the build.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from dataclasses import dataclass

import mpmath
import numpy as np
import sympy as sp

import activations
from activations import reference
from activations._definition import StabilityCase
from scripts.pipeline import figures
from scripts.pipeline.cache import Cache
from scripts.pipeline.files import CACHE_DIR
from scripts.pipeline.urls import function_page

REFERENCE_VERSION = "2"  # bump when the reference evaluation changes in a way the key misses
DIGITS = reference.DIGITS
ULPS = 8  # the tolerance tests/test_accuracy.py holds every kernel to in float64
CLIP = 1e17  # where an inf, a nan or a wrong sign is drawn: above any finite ULP error
FLOOR = 0.5  # errors below half an ULP (correctly rounded) are drawn here
LINTHRESH = 1e-8  # the symlog x axis is linear within ±LINTHRESH


def grid() -> tuple[float, ...]:
    """0, ±10^k for k from -8 to 3 in steps of 1/9 decade, and a few landmarks."""
    magnitudes = [float(f"{v:.6g}") for v in np.logspace(-8, 3, 100)]
    magnitudes += [20.0, 40.0, 710.0, 720.0, 740.0, 800.0]  # the page's examples
    return tuple(sorted({0.0, *magnitudes, *(-m for m in magnitudes)}))


# --- the cases: each activation's record says where its textbook formula goes wrong -------


@dataclass(frozen=True)
class Case:
    """One stability case of an activation's record (see ``StabilityCase``), with the
    activation's naive formula and stable kernel of the case's order."""

    slug: str
    spec: StabilityCase

    key = property(lambda self: self.spec.key)
    order = property(lambda self: self.spec.order)
    label = property(lambda self: self.spec.label)
    naive_label = property(lambda self: self.spec.naive_label)
    naive_tex = property(lambda self: self.spec.naive_tex)
    causes = property(lambda self: self.spec.causes)
    examples = property(lambda self: self.spec.examples)

    @property
    def activation(self) -> activations.Activation:
        return activations.get(self.slug)

    def stable(self, x: np.ndarray) -> np.ndarray:
        act = self.activation
        return np.asarray((act.f, act.df)[self.order](x), dtype=float)

    def evaluate_naive(self, x: np.ndarray) -> np.ndarray:
        act = self.activation
        naive = (act.definition.naive.f, act.definition.naive.df)[self.order]
        with np.errstate(all="ignore"):
            return np.asarray(naive(x, **act.params), dtype=float)


CASES: tuple[Case, ...] = tuple(
    Case(act.slug, spec) for act in activations.catalog() for spec in act.definition.stability
)
BY_KEY = {case.key: case for case in CASES}


# --- the reference ------------------------------------------------------------------------


@functools.cache  # the sympy forms take a while to print; the code is the same all process
def reference_key(points: tuple[float, ...]) -> str:
    """A hash of everything the reference values depend on."""
    payload = [REFERENCE_VERSION, DIGITS, mpmath.__version__, [float.hex(p) for p in points]]
    payload += [[c.key, sp.srepr(reference.forms(c.slug)[c.order])] for c in CASES]
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()[:20]


def compute_reference(points: tuple[float, ...]) -> dict[str, list[str]]:
    """Each case's reference values at ``points``, as 40-digit strings."""
    values = {}
    for case in CASES:
        exact = [reference.evaluate(case.slug, case.order, x) for x in points]
        with mpmath.workdps(DIGITS):
            values[case.key] = [mpmath.nstr(+e, 40, min_fixed=1, max_fixed=0) for e in exact]
    return values


def load_reference(points: tuple[float, ...], cache: Cache) -> dict[str, list[str]]:
    """The reference values, from the build's cache when its key matches."""
    key = reference_key(points)
    values = cache.load("stability", key)
    if values is None:
        values = compute_reference(points)
        cache.store("stability", key, values)
    return values


# --- errors -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    """One case on the grid: the reference (nearest float) and both evaluations."""

    case: Case
    z: tuple[float, ...]
    want: tuple[float, ...]
    naive: tuple[float, ...]
    stable: tuple[float, ...]
    naive_ulp: tuple[float, ...]
    stable_ulp: tuple[float, ...]

    def symptom(self, i: int) -> str | None:
        """What is wrong with the naive value at point ``i``, if anything."""
        got, want = self.naive[i], self.want[i]
        if not math.isfinite(got) and math.isfinite(want):
            return "overflow"
        if got == 0.0 and want != 0.0:
            return "zero"
        if self.naive_ulp[i] > ULPS:
            return "cancellation"
        return None

    def symptoms(self) -> set[str]:
        return {s for i in range(len(self.z)) if (s := self.symptom(i))}

    def onsets(self, symptom: str) -> dict[str, float]:
        """Where ``symptom`` starts on each side of 0 ("-" and "+"), refined between grid points.

        On each side, the grid point nearest 0 showing it and its neighbour towards 0
        bracket the onset; for an exact 0 or an inf/nan, bisection on the naive formula
        alone narrows it to a float. From there outwards the naive value stays wrong.
        """
        places = {}
        for name, side in (("-", -1), ("+", 1)):
            indices = [i for i in range(len(self.z)) if self.z[i] * side > 0]
            indices.sort(key=lambda i: abs(self.z[i]))
            hits = [k for k, i in enumerate(indices) if self.symptom(i) == symptom]
            if not hits:
                continue
            first = hits[0]
            outer = self.z[indices[first]]
            inner = self.z[indices[first - 1]] if first else 0.0
            places[name] = self._bisect(symptom, inner, outer)
        return places

    def _bisect(self, symptom: str, inner: float, outer: float) -> float:
        def shows(x: float) -> bool:
            value = float(self.case.evaluate_naive(np.array([x]))[0])
            return value == 0.0 if symptom == "zero" else not math.isfinite(value)

        if symptom == "cancellation" or not shows(outer):
            return outer
        for _ in range(200):
            middle = 0.5 * (inner + outer)
            if middle in (inner, outer):
                break
            inner, outer = (inner, middle) if shows(middle) else (middle, outer)
        return outer

    def runs(self, threshold: float = ULPS) -> list[tuple[float, float, bool, bool]]:
        """Maximal runs of grid points where the naive error exceeds ``threshold``:
        (first z, last z, whether the run starts at the grid's low end, ends at its high end)."""
        out, start = [], None
        count = len(self.z)
        bad = [self.naive_ulp[i] > threshold for i in range(count)]
        for i, flag in enumerate([*bad, False]):
            if flag and start is None:
                start = i
            elif not flag and start is not None:
                out.append((self.z[start], self.z[i - 1], start == 0, i == count))
                start = None
        return out

    def at(self, x: float) -> int:
        if x not in self.z:
            raise ValueError(f"z = {x:g} is not on the stability grid")
        return self.z.index(x)


def measure(case: Case, points: tuple[float, ...], exact_values: list[str]) -> Measured:
    x = np.array(points)
    naive = [float(v) for v in case.evaluate_naive(x)]
    stable = [float(v) for v in case.stable(x)]
    with mpmath.workdps(DIGITS):
        exact = [mpmath.mpf(r) for r in exact_values]
        return Measured(
            case,
            points,
            tuple(reference.to_float(e) for e in exact),
            tuple(naive),
            tuple(stable),
            tuple(reference.ulp_error(g, e) for g, e in zip(naive, exact)),
            tuple(reference.ulp_error(g, e) for g, e in zip(stable, exact)),
        )


_RESULTS: dict[str, dict[str, Measured]] = {}


def results(cache: Cache | None = None) -> dict[str, Measured]:
    """Every case measured on the grid (kept for the rest of the process)."""
    points = grid()
    key = reference_key(points)
    if key not in _RESULTS:
        exact = load_reference(points, cache or Cache(CACHE_DIR))
        measured = {c.key: measure(c, points, exact[c.key]) for c in CASES}
        for item in measured.values():
            _check_causes(item)
        _RESULTS[key] = measured
    return _RESULTS[key]


class StabilityError(ValueError):
    """A case's stated causes disagree with what was measured."""


def _check_causes(item: Measured) -> None:
    claimed = {symptom for symptom, _ in item.case.causes}
    seen = item.symptoms()
    if claimed != seen:
        raise StabilityError(
            f"stability case {item.case.key}: the causes name {sorted(claimed)} but the "
            f"naive formula shows {sorted(seen)}"
        )


# --- figures ------------------------------------------------------------------------------


def figure_name(key: str) -> str:
    return f"stability-{key}"


def figure_specs(cache: Cache | None = None) -> list[figures.FigureSpec]:
    """One figure per case: the naive and the stable error in ULP against z."""
    specs = []
    for key, item in results(cache).items():
        case = item.case

        def clipped(errors):
            return tuple(
                figures._round(min(max(e, FLOOR), CLIP)) if not math.isnan(e) else CLIP
                for e in errors
            )

        span = (item.z[0], item.z[-1])
        curves = (
            figures.Curve(case.naive_label, item.z, clipped(item.naive_ulp), 1),
            figures.Curve("this site", item.z, clipped(item.stable_ulp), 0),
            figures.Curve(f"{ULPS} ULP", span, (float(ULPS), float(ULPS)), 2, faded=True),
        )
        specs.append(
            figures.FigureSpec(
                figure_name(key),
                f"{case.label}: error against a 50-digit reference",
                curves,
                xlim=span,
                ylim=(0.25, 1e22),
                log_y=True,
                symlog_x=LINTHRESH,
                ylabel="error (ULP)",
            )
        )
    return specs


# --- text ---------------------------------------------------------------------------------

NBSP = "\u00a0"  # keeps "z ≥ 36.74" and "4.25 × 10⁻¹⁸" on one line in a narrow table cell


def _rel(op: str, value: str) -> str:
    return f"z{NBSP}{op}{NBSP}{value}"


def number(value: float, digits: int = 3) -> str:
    """A number for prose: 0.0123, 36.74, 4.25 × 10⁻¹⁸, with a real minus sign."""
    if value == 0:
        return "0"
    if math.isinf(value):
        return "−∞" if value < 0 else "∞"
    if math.isnan(value):
        return "nan"
    sign = "−" if value < 0 else ""
    size = abs(value)
    if 1e-3 <= size < 1e5:
        text = f"{size:.{digits}g}"
        if "e" in text:  # e.g. 1e+03 for 999.9 at 3 digits
            text = f"{float(text):.0f}"
        return sign + text
    mantissa, exponent = f"{size:.{digits - 1}e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    power = figures.power_of_ten(int(exponent))
    return sign + (power if mantissa == "1" else f"{mantissa}{NBSP}×{NBSP}{power}")


def _place(value: float) -> str:
    """An onset such as 36.74 or 709.78: two decimals, enough to find the edge."""
    sign = "−" if value < 0 else ""
    return sign + (f"{abs(value):.2f}" if abs(value) >= 1 else number(abs(value)))


def _distinct(got: float, want: float) -> tuple[str, str]:
    """The two values, with enough digits to show where they part."""
    if got == 0 or want == 0 or not math.isfinite(got) or not math.isfinite(want):
        return number(got), number(want)
    apart = abs(got - want) / abs(want)
    digits = min(17, max(3, math.ceil(-math.log10(apart)) + 1)) if apart else 3
    return _fixed(got, digits), _fixed(want, digits)


def _fixed(value: float, digits: int) -> str:
    """``value`` with exactly ``digits`` significant digits, trailing zeros kept."""
    sign = "−" if value < 0 else ""
    mantissa, exponent = f"{abs(value):.{digits - 1}e}".split("e")
    power = int(exponent)
    if -3 <= power < 5:
        return sign + f"{abs(value):.{max(0, digits - 1 - power)}f}"
    return sign + f"{mantissa}{NBSP}×{NBSP}{figures.power_of_ten(power)}"


def example_text(item: Measured, x: float) -> str:
    i = item.at(x)
    got, want = _distinct(item.naive[i], item.want[i])
    return f"{_rel('=', number(x))}: {got} instead of {want}"


def worst_text(item: Measured, naive: bool) -> str:
    errors = item.naive_ulp if naive else item.stable_ulp
    if not all(math.isfinite(e) for e in errors):
        return "∞ (inf or nan)"
    worst = max(range(len(errors)), key=errors.__getitem__)
    zero = naive and item.symptom(worst) == "zero"
    return f"{number(errors[worst], 2)} ULP" + (" (an exact 0)" if zero else "")


SYMPTOM_NAMES = {"zero": "exact 0", "overflow": "overflow", "cancellation": "cancellation"}


def cause_texts(item: Measured) -> list[tuple[str, str]]:
    """(symptom, explanation) pairs, each explanation with its onsets filled in."""
    out = []
    for symptom, text in item.case.causes:
        for side, place in item.onsets(symptom).items():
            text = text.replace("{onset" + side + "}", _place(place))
        if "{onset" in text:
            raise StabilityError(f"stability case {item.case.key}: {text!r} names no onset")
        out.append((symptom, text.replace("z ≤ ", _rel("≤", "")).replace("z ≥ ", _rel("≥", ""))))
    return out


def symptoms_text(item: Measured) -> str:
    """The short form for the table: each symptom, with where it starts if it has an onset."""
    parts = []
    for symptom, _ in item.case.causes:
        text = SYMPTOM_NAMES[symptom]
        if symptom != "cancellation":
            onsets = item.onsets(symptom)
            places = [_rel("≤", _place(onsets["-"]))] if "-" in onsets else []
            places += [_rel("≥", _place(onsets["+"]))] if "+" in onsets else []
            text += f" for {' and '.join(places)}"
        parts.append(text)
    return "<br>".join(parts)


def causes_markdown(prefix: str = "") -> str:
    """A list: for each case, why its naive formula fails, with measured onsets."""
    lines = []
    for item in results().values():
        case = item.case
        lines.append(f"- **[{case.label}]({function_page(case.slug, prefix)})**, "
                     f"{_math(case.naive_tex)}:")  # fmt: skip
        for symptom, text in cause_texts(item):
            lines.append(f"    - *{SYMPTOM_NAMES[symptom].capitalize()}*: {text}.")
    return "\n".join(lines) + "\n"


def runs_text(item: Measured) -> str:
    parts = []
    for first, last, from_low, to_high in item.runs():
        if first == last:
            parts.append(_rel("=", number(first)))
        elif to_high:
            parts.append(_rel("≥", number(first)))
        elif from_low:
            parts.append(_rel("≤", number(last)))
        else:
            parts.append(f"{number(first)}{NBSP}≤{NBSP}{_rel('≤', number(last))}")
    return ", ".join(parts) or "nowhere"


def _math(tex: str) -> str:
    return f"$`{tex}`$"


def table_markdown(prefix: str = "") -> str:
    """The stability table: one row per case, every number measured."""
    header = ["Function", "Naive formula", "What goes wrong", "Worst error, naive",
              f"Naive is more than {ULPS} ULP off at", "Worst error, this site"]  # fmt: skip
    rows = []
    for item in results().values():
        case = item.case
        examples = "<br>".join(example_text(item, x) for x in case.examples)
        rows.append([
            f"[{case.label}]({function_page(case.slug, prefix)})",
            _math(case.naive_tex),
            symptoms_text(item),
            f"{worst_text(item, naive=True)}<br>{examples}",
            runs_text(item),
            worst_text(item, naive=False),
        ])  # fmt: skip
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    grid_note = (
        f"\nMeasured at {len(grid())} points: 0, and ±z for z from "
        f"{number(LINTHRESH)} to {number(max(grid()))} in steps of a ninth of a decade, plus "
        "the examples. Errors are in ULP (units in the last place) of the correctly rounded "
        "answer; under the worst error, an input where the naive formula fails, with the "
        "true value.\n"
    )
    return "\n".join(lines) + "\n" + grid_note


def value_text(key: str, field: str, *args: str) -> str:
    """One measured fact for prose: ``naive Z``, ``true Z``, ``stable Z``, ``ulp Z`` (the
    naive error there), ``worst-naive``, ``worst-stable``, ``onset SYMPTOM SIDE`` (where the
    symptom starts on the side "-" or "+" of 0), ``off`` (where naive is > ULPS off)."""
    item = results()[key]
    if field in ("naive", "true", "stable", "ulp"):
        i = item.at(float(args[0]))
        if field == "ulp":
            return number(item.naive_ulp[i], 2)
        value = {"naive": item.naive, "true": item.want, "stable": item.stable}[field][i]
        return number(value)
    if field == "worst-naive":
        return worst_text(item, naive=True)
    if field == "worst-stable":
        return worst_text(item, naive=False)
    if field == "onset":  # onset SYMPTOM SIDE, SIDE "-" or "+"
        return _place(item.onsets(args[0])[args[1]])
    if field == "off":
        return runs_text(item)
    raise ValueError(f"unknown stability field {field!r}")
