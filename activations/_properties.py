"""Properties computed from an activation's implementation, each with its definition.

Every property is measured on the kernels themselves (f, f', f'' in float64)
or on the sympy definition that the tests tie to them; none is typed by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import mpmath
import numpy as np

from activations import _symbolic as sym
from activations._exact import exact_ends
from activations._symbolic import expand_helpers
from activations._sympy import sp

# Where properties are sampled: finely on [-GRID_HALF_WIDTH, GRID_HALF_WIDTH], where
# float64 still tells every S-curve from its asymptote, then ±inf for the limits.
GRID_HALF_WIDTH = 12.0
_GRID = np.linspace(-GRID_HALF_WIDTH, GRID_HALF_WIDTH, 24_001)
_JUMP_STEP = 1e-7  # one-sided offset used to measure a jump at a breakpoint
_JUMP_TOLERANCE = 1e-4  # a change larger than this across a breakpoint is a jump
_ZERO_MEAN_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Interval:
    """A real interval; ``low_closed``/``high_closed`` say whether an end belongs to it."""

    low: float
    high: float
    low_closed: bool
    high_closed: bool

    @property
    def is_point(self) -> bool:
        return self.low == self.high

    def __contains__(self, value: float) -> bool:
        above = value > self.low or (self.low_closed and value == self.low)
        below = value < self.high or (self.high_closed and value == self.high)
        return above and below

    def __str__(self) -> str:
        if self.is_point:
            return f"{{{format_number(self.low)}}}"
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{left}{format_number(self.low)}, {format_number(self.high)}{right}"


def format_number(value: float) -> str:
    """A value for a table: ±∞, integers as integers, else four significant digits."""
    if math.isnan(value):
        return "none"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value == round(value) and abs(value) < 1e6:
        return str(int(value)).replace("-", "−")
    return f"{value:.4g}".replace("-", "−")


@dataclass(frozen=True)
class Range:
    """A union of disjoint intervals, lowest first (one interval for a continuous f).

    ``exact`` holds, for each interval, the closed forms of its low and high ends that the
    definition gives (π/2 for 1.571), None for an end that has none (see
    :mod:`activations._exact`); empty when they were not sought.
    """

    intervals: tuple[Interval, ...]
    exact: tuple[tuple[sp.Expr | None, sp.Expr | None], ...] = ()

    @property
    def low(self) -> float:
        return self.intervals[0].low

    @property
    def high(self) -> float:
        return self.intervals[-1].high

    @property
    def low_closed(self) -> bool:
        return self.intervals[0].low_closed

    @property
    def high_closed(self) -> bool:
        return self.intervals[-1].high_closed

    def __contains__(self, value: float) -> bool:
        return any(value in interval for interval in self.intervals)

    def __str__(self) -> str:
        if all(i.is_point for i in self.intervals):
            return "{" + ", ".join(format_number(i.low) for i in self.intervals) + "}"
        return " ∪ ".join(str(i) for i in self.intervals)


@dataclass(frozen=True)
class SlopePlace:
    """Where f' reaches its supremum, or, when no input reaches it, where it is approached.

    ``where`` is a point, an interval, or ±∞ (a point at infinity). ``side`` is 0 when
    f' equals the supremum there (a maximum); -1 when f' only tends to it as z → where
    from the left (z → a⁻, or z → +∞), +1 from the right (z → a⁺, or z → −∞).
    """

    where: Interval
    side: int = 0

    @property
    def attained(self) -> bool:
        return self.side == 0


OUTPUT_FORMS = ("closed form", "function of y", "not a function of y")


@dataclass(frozen=True)
class Properties:
    """Facts about f computed from its implementation.

    - ``output_range``: the set of values f takes over the real line, as a
      union of intervals (one for a continuous f); an end is closed when some
      finite z reaches it and open when f only approaches it.
    - ``bounded``: both ends of the output range are finite.
    - ``monotonic``: ``"increasing"`` when f' > 0 except at isolated points,
      ``"non-decreasing"`` when f' ≥ 0 with an interval where f' = 0, and
      ``"no"`` otherwise (jumps at breakpoints count).
    - ``derivative_monotonic``: f' itself never decreases, or never increases.
    - ``continuity``: the highest order k for which f is k times continuously
      differentiable: ``"discontinuous"``, ``"C0"``, ``"C1"``, ``"C2"`` or ``"C∞"``
      (C∞ when no breakpoint exists; ``"C3+"`` would mean a breakpoint smoother than C²).
    - ``smooth``: continuity is C∞.
    - ``identity_near_origin``: f(0) = 0, f'(0) = 1 and f' is continuous at 0.
    - ``max_slope`` and ``max_slope_at``: the supremum of f' and where it is
      reached (a maximum: points or intervals), or, when no input reaches it, where
      f' approaches it: from one side of a breakpoint, or in a tail (a supremum).
    - ``df_limits``: the limits of f' as z → -∞ and z → +∞ (nan when none exists).
    - ``saturation``: on which sides f' → 0: ``"both"``, ``"left"``, ``"right"`` or ``"none"``.
    - ``saturating``: f' → 0 on both sides (the vanishing-gradient shape).
    - ``dead_zone``: the intervals on which f' is exactly 0.
    - ``piecewise_linear``: f has breakpoints and f'' is exactly 0 between them.
    - ``odd``: f(-z) = -f(z) for every z.
    - ``gaussian_mean`` and ``gaussian_variance``: mean and variance of f(Z)
      for a standard normal Z. The mean is exactly 0 for an odd f (by symmetry) and
      when the quadrature's error bound covers its result (no digit of it is known).
    - ``slope_sign_changes``: the inputs in [-12, 12] where f' changes sign, between
      negative and positive (the turning points of f).
    - ``output_form``: how f' depends on the output y = f(z), one of ``OUTPUT_FORMS``:
      a printed formula in y, checked on the kernels (``"closed form"``); a function of
      y without one, because f is strictly monotonic (``"function of y"``); or not a
      function of y at all, shown by ``output_witness``, two inputs with the same output
      and different slopes (``"not a function of y"``).
    - ``zero_centred``: |E f(Z)| < 1e-6 for a standard normal Z.
    """

    output_range: Range
    monotonic: str
    derivative_monotonic: bool
    continuity: str
    identity_near_origin: bool
    max_slope: float
    max_slope_at: tuple[SlopePlace, ...]
    df_limits: tuple[float, float]
    dead_zone: tuple[Interval, ...]
    piecewise_linear: bool
    odd: bool
    gaussian_mean: float
    gaussian_variance: float
    slope_sign_changes: tuple[float, ...]
    output_form: str
    output_witness: tuple[float, float] | None

    @property
    def max_slope_attained(self) -> bool:
        """Some input reaches the largest slope: a maximum, not only a supremum."""
        return any(place.attained for place in self.max_slope_at)

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.output_range.low) and math.isfinite(self.output_range.high)

    @property
    def smooth(self) -> bool:
        return self.continuity == "C∞"

    @property
    def saturation(self) -> str:
        left, right = (limit == 0 for limit in self.df_limits)
        return {(True, True): "both", (True, False): "left", (False, True): "right"}.get(
            (left, right), "none"
        )

    @property
    def saturating(self) -> bool:
        return self.saturation == "both"

    @property
    def zero_centred(self) -> bool:
        return abs(self.gaussian_mean) < _ZERO_MEAN_TOLERANCE


def compute_properties(act) -> Properties:
    """Measure every property of ``act`` (an ``Activation``) on its kernels."""
    f, df, d2f = act.f, act.df, act.d2f
    breaks = act.breakpoints
    grid = np.union1d(_GRID, [b for b in breaks if abs(b) <= GRID_HALF_WIDTH])
    limits = (float(df(-np.inf)), float(df(np.inf)))
    odd = _odd(f)
    mean, variance = _gaussian_moments(f, breaks)
    if odd:
        mean = 0.0  # Z and -Z have the same law, so E f(Z) = -E f(Z)
    max_slope, max_slope_at = _max_slope(df, grid, limits, breaks)
    monotonic = _monotonic(act, grid, breaks)
    output_form, witness = _output_form(act, grid, monotonic)
    return Properties(
        output_range=_output_range(act, breaks),
        monotonic=monotonic,
        derivative_monotonic=_derivative_monotonic(df, d2f, grid, breaks),
        continuity=_continuity(act, breaks),
        identity_near_origin=_identity_near_origin(f, df),
        max_slope=max_slope,
        max_slope_at=max_slope_at,
        df_limits=limits,
        dead_zone=_dead_zone(df, breaks),
        piecewise_linear=bool(breaks) and not np.any(d2f(np.setdiff1d(grid, breaks))),
        odd=odd,
        gaussian_mean=mean,
        gaussian_variance=variance,
        slope_sign_changes=_sign_changes(df, grid),
        output_form=output_form,
        output_witness=witness,
    )


def _output_range(act, breaks) -> Range:
    """The image of f: the image of each smooth piece, plus the values at the breakpoints."""
    f = act.f
    edges = [-math.inf, *breaks, math.inf]
    parts = [_piece_image(act, lo, hi) for lo, hi in zip(edges[:-1], edges[1:])]
    parts += [Interval(float(f(b)), float(f(b)), True, True) for b in breaks]
    intervals = _merge(parts)
    ends = exact_ends(act, [end for i in intervals for end in (i.low, i.high)])
    return Range(intervals, tuple(zip(ends[::2], ends[1::2], strict=True)))


def _piece_image(act, lo: float, hi: float) -> Interval:
    """The image of f on the open piece (lo, hi), where f is continuous. An end that the
    float64 f reaches only because its tail rounds onto a limit (a normal CDF is 0.0 and 1.0
    a dozen widths out) is open when the definition does not reach it there."""
    f = act.f
    if math.isinf(lo) and math.isinf(hi):
        grid = _GRID
    else:
        start = lo if math.isfinite(lo) else min(hi, 0.0) - 2 * GRID_HALF_WIDTH
        stop = hi if math.isfinite(hi) else max(lo, 0.0) + 2 * GRID_HALF_WIDTH
        grid = np.linspace(start, stop, 4003)[1:-1]
    values = f(grid)
    ends = [_one_sided_limit(f, lo, +1), _one_sided_limit(f, hi, -1)]
    if any(math.isnan(x) for x in ends):  # oscillating tails: sample them far out
        far = f(np.linspace(-1e4, 1e4, 200_001))
        values = np.concatenate([values, far])
        grid = np.concatenate([grid, np.linspace(-1e4, 1e4, 200_001)])
    ends = [x for x in ends if not math.isnan(x)]
    low_ends = [x for x in ends if x < values.min()]
    high_ends = [x for x in ends if x > values.max()]
    if low_ends:
        low, low_closed = min(low_ends), False
    else:
        index = int(np.argmin(values))
        low = _refine_extreme(f, grid, values, index, 1.0)
        low_closed = low not in ends or _reaches(act, grid[index], low)
    if high_ends:
        high, high_closed = max(high_ends), False
    else:
        index = int(np.argmax(values))
        high = -_refine_extreme(lambda x: -f(x), grid, -values, index, 1.0)
        high_closed = high not in ends or _reaches(act, grid[index], high)
    return Interval(low, high, low_closed and math.isfinite(low),
                    high_closed and math.isfinite(high))  # fmt: skip


def _reaches(act, at: float, value: float) -> bool:
    """The definition's f(at) is exactly ``value``: evaluated with mpmath, which has no
    underflow, to 1000 digits, enough to tell 1 - Φ(40) ≈ 4e-350 from 0."""
    exact = sp.lambdify(sym.z, expand_helpers(act.sympy()), modules="mpmath")
    with mpmath.workdps(1000):
        return exact(mpmath.mpf(float(at))) == value


def _one_sided_limit(f, at: float, side: int) -> float:
    """lim f(z) as z → ``at`` from ``side``: f(±∞) at infinity; f(at) where f is continuous
    from that side (so a value such as -1/√5 is not rounded away from itself); else f just
    beside ``at``, rounded to 9 decimals."""
    if math.isinf(at):
        return float(f(at))
    beside, value = float(f(at + side * 1e-12 * max(1.0, abs(at)))), float(f(at))
    if abs(beside - value) <= 1e-9 * max(1.0, abs(value)):
        return value
    return round(beside, 9)


def _merge(parts: list[Interval]) -> tuple[Interval, ...]:
    """Sorted, with overlapping or touching intervals joined."""
    merged: list[Interval] = []
    for part in sorted(parts, key=lambda i: (i.low, not i.low_closed)):
        if merged:
            last = merged[-1]
            touching = part.low == last.high and (part.low_closed or last.high_closed)
            if part.low < last.high or touching:
                if (part.high, part.high_closed) > (last.high, last.high_closed):
                    merged[-1] = Interval(last.low, part.high, last.low_closed, part.high_closed)
                continue
        merged.append(part)
    return tuple(merged)


def _refine_extreme(g, grid, values, index, sign) -> float:
    """The minimum of g near grid[index], polished with a bounded scalar search."""
    lo = grid[max(index - 1, 0)]
    hi = grid[min(index + 1, len(grid) - 1)]
    best = float(values[index])
    if lo < hi:
        from scipy import optimize  # here: measuring properties is rare, importing it is slow

        result = optimize.minimize_scalar(
            lambda x: float(g(x)),
            bounds=(lo, hi),
            method="bounded",
            options={"xatol": 1e-12},
        )
        best = min(best, float(result.fun))
    return sign * best


def _jumps(g, breaks) -> list[float]:
    """g(b + h) - g(b - h) at each breakpoint: how much g jumps there."""
    return [
        float(g(b + _JUMP_STEP * max(1.0, abs(b))) - g(b - _JUMP_STEP * max(1.0, abs(b))))
        for b in breaks
    ]


def _direction(slope, grid, jumps) -> str | None:
    """ "up" or "down" when the slope never changes sign and jumps agree, else None."""
    s = slope(grid)
    ups = bool(np.all(s >= 0)) and all(j >= -_JUMP_TOLERANCE for j in jumps)
    downs = bool(np.all(s <= 0)) and all(j <= _JUMP_TOLERANCE for j in jumps)
    return "up" if ups else "down" if downs else None


def _monotonic(act, grid, breaks) -> str:
    direction = _direction(act.df, grid, _jumps(act.f, breaks))
    if direction is None:
        return "no"
    flat = _flat(act, grid)
    if direction == "up":
        return "non-decreasing" if flat else "increasing"
    return "non-increasing" if flat else "decreasing"


def _flat(act, grid) -> bool:
    """f' is 0 at more than one grid point, and exactly so: the definition's f' is 0 at the
    two such points nearest the origin (a normal CDF's float64 slope is 0 far out, below the
    float range, though the function still rises)."""
    zeros = grid[act.df(grid) == 0]
    if zeros.size <= 1:
        return False
    slope = sp.lambdify(sym.z, expand_helpers(sp.diff(act.sympy(), sym.z)), modules="mpmath")
    return all(slope(float(x)) == 0 for x in zeros[np.argsort(np.abs(zeros))[:2]])


def _derivative_monotonic(df, d2f, grid, breaks) -> bool:
    return _direction(d2f, grid, _jumps(df, breaks)) is not None


def _continuity(act, breaks) -> str:
    if not breaks:
        return "C∞"
    kernels = (act.f, act.df, act.d2f)
    for order, kernel in enumerate(kernels):
        if any(abs(j) > _JUMP_TOLERANCE for j in _jumps(kernel, breaks)):
            return "discontinuous" if order == 0 else f"C{order - 1}"
    if any(abs(j) > _JUMP_TOLERANCE for j in _third_derivative_jumps(act, breaks)):
        return "C2"
    return "C3+"


def _third_derivative_jumps(act, breaks) -> list[float]:
    third = sp.lambdify(sym.z, sp.diff(act.sympy(), sym.z, 3), modules="mpmath")
    return [float(third(b + _JUMP_STEP) - third(b - _JUMP_STEP)) for b in breaks]


def _identity_near_origin(f, df) -> bool:
    h = _JUMP_STEP
    continuous = abs(float(df(h)) - 1.0) < 1e-5 and abs(float(df(-h)) - 1.0) < 1e-5
    return float(f(0.0)) == 0.0 and float(df(0.0)) == 1.0 and continuous


_SLOPE_TOLERANCE = 1e-12  # relative: one-sided limits are extrapolated to about 1e-15


def _max_slope(df, grid, limits, breaks) -> tuple[float, tuple[SlopePlace, ...]]:
    """sup f' and where it is reached; where no input reaches it, where f' approaches it."""
    slopes = df(grid)
    inside = [b for b in breaks if abs(b) <= GRID_HALF_WIDTH]
    beside = [(b, side, _one_sided_slope(df, b, side)) for b in inside for side in (-1, 1)]
    tails = [x for x in limits if not math.isnan(x)]
    best = max([float(slopes.max()), *tails, *(v for _, _, v in beside)])
    if math.isinf(best):
        return best, tuple(SlopePlace(_point(x), _tail_side(x)) for x in _tails_at(limits, best))
    top = np.flatnonzero(slopes >= best - 1e-6 * max(1.0, abs(best)))
    runs = np.split(top, np.flatnonzero(np.diff(top) > 1) + 1) if top.size else []
    step = grid[1] - grid[0]
    reached = []
    for run in runs:
        if np.all(slopes[run] == slopes[run[0]]) and len(run) > 2:
            interval = _slope_run(df, grid, run, limits, breaks, slopes[run[0]], step)
            reached.append((float(slopes[run[0]]), interval))
            continue
        i = run[np.argmax(slopes[run])]
        from scipy import optimize  # here: measuring properties is rare, importing it is slow

        result = optimize.minimize_scalar(
            lambda x: -float(df(x)),
            bounds=(grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]),
            method="bounded",
            options={"xatol": 1e-10},
        )
        at = result.x if -result.fun > slopes[i] * (1 + 1e-15) else grid[i]
        reached.append((float(df(at)), _point(at, closed=True)))
    best = max([best, *(value for value, _ in reached)])
    tolerance = _SLOPE_TOLERANCE * max(1.0, abs(best))
    places = [SlopePlace(where) for value, where in reached if value >= best - tolerance]
    if not places:  # a supremum: approached beside a breakpoint or in a tail
        places = [
            SlopePlace(_point(b), side)
            for b, side, value in beside
            if value >= best - tolerance and float(df(b)) < best - tolerance
        ]
        places += [SlopePlace(_point(x), _tail_side(x)) for x in _tails_at(limits, best)]
    return best, tuple(sorted(places, key=lambda p: (p.where.low, p.side)))


def _point(x: float, closed: bool = False) -> Interval:
    return Interval(x, x, closed, closed)


def _tail_side(x: float) -> int:
    """The side a tail is approached from: +∞ from the left, −∞ from the right."""
    return -1 if x > 0 else 1


def _tails_at(limits, value) -> list[float]:
    return [x for x, limit in zip((-math.inf, math.inf), limits) if limit == value]


def _one_sided_slope(df, at: float, side: int) -> float:
    """lim f'(z) as z → ``at`` from ``side``, extrapolated linearly from two nearby points."""
    h = 1e-8 * max(1.0, abs(at))
    near, far = float(df(at + side * h)), float(df(at + 2 * side * h))
    return 2 * near - far


def _slope_run(df, grid, run, limits, breaks, best, step) -> Interval:
    """The interval a run of grid points stands for: out to ±∞ or to the nearest breakpoint."""
    lo, hi = grid[run[0]], grid[run[-1]]
    if run[0] == 0 and limits[0] == best:
        lo = -math.inf
    else:
        lo = next((b for b in breaks if lo - 1.5 * step < b <= lo), lo)
    if run[-1] == len(grid) - 1 and limits[1] == best:
        hi = math.inf
    else:
        hi = next((b for b in breaks if hi <= b < hi + 1.5 * step), hi)
    return Interval(
        lo,
        hi,
        math.isfinite(lo) and float(df(lo)) == best,
        math.isfinite(hi) and float(df(hi)) == best,
    )


def _sign_changes(df, grid) -> tuple[float, ...]:
    """Where f' goes from negative to positive or back, each refined to ~1e-13."""
    from scipy import optimize  # here: measuring properties is rare, importing it is slow

    slopes = df(grid)
    signed = np.flatnonzero(slopes != 0)
    signs = np.sign(slopes[signed])
    changes = np.flatnonzero(signs[1:] != signs[:-1])
    roots = []
    for k in changes:
        lo, hi = grid[signed[k]], grid[signed[k + 1]]
        roots.append(float(optimize.brentq(lambda x: float(df(x)), lo, hi, xtol=1e-13)))
    return tuple(roots)


def _output_form(act, grid, monotonic) -> tuple[str, tuple[float, float] | None]:
    """How f' depends on y = f(z) (see ``Properties.output_form``), with a witness pair when
    it is not a function of y."""
    f, df = act.f, act.df
    points = np.union1d(grid, act.breakpoints)
    kernel = act.df_from_output
    if kernel is not None:
        with np.errstate(invalid="ignore"):
            got = kernel(f(points))
        if np.allclose(got, df(points), rtol=1e-9, atol=1e-12):
            return OUTPUT_FORMS[0], None
    if monotonic in ("increasing", "decreasing"):
        return OUTPUT_FORMS[1], None
    witness = _same_output_different_slope(f, df, points)
    if witness is None:
        raise ValueError(f"{act.slug}: f' neither has an output form nor is shown not to be one")
    return OUTPUT_FORMS[2], witness


def _same_output_different_slope(f, df, points) -> tuple[float, float] | None:
    """Two inputs z₁ < z₂ with f(z₁) = f(z₂) and f'(z₁) ≠ f'(z₂): one of them a multiple of
    1/2 (searched from the origin out, so a page shows a readable pair), the other on
    ``points`` or found by root-finding."""
    from scipy import optimize  # here: measuring properties is rare, importing it is slow

    values, slopes = f(points), df(points)
    halves = [sign * k / 2 for k in range(int(2 * GRID_HALF_WIDTH) + 1) for sign in (-1, 1)]
    for i in np.searchsorted(points, halves):
        level = values[i]
        same = np.flatnonzero(values == level)
        other = same[np.abs(slopes[same] - slopes[i]) > 1e-6]
        if other.size:  # a plateau, or an exact repeat on the grid
            nearest = other[np.argmin(np.abs(other - i))]
            a, b = float(points[i]), float(points[nearest])
            return (min(a, b), max(a, b))
        crossings = np.flatnonzero(np.diff(np.sign(values - level)) != 0)
        for k in sorted(crossings, key=lambda k: abs(k - i)):
            if abs(k - i) <= 1 or not np.all(np.isfinite(values[k : k + 2])):
                continue
            root = optimize.brentq(
                lambda x, level=level: float(f(x)) - level, points[k], points[k + 1]
            )
            if abs(float(df(root)) - slopes[i]) > 1e-3:
                a, b = float(points[i]), float(root)
                return (min(a, b), max(a, b))
    return None


def _dead_zone(df, breaks) -> tuple[Interval, ...]:
    """Intervals where f' is exactly 0: pieces between breakpoints, plus breakpoints."""
    edges = [-math.inf, *breaks, math.inf]
    pieces = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        a = max(lo, -20.0) if math.isfinite(lo) or hi > -20.0 else hi - 20.0
        b = min(hi, 20.0) if math.isfinite(hi) or lo < 20.0 else lo + 20.0
        a, b = (a, b) if a < b else (hi - 1.0, hi) if math.isinf(lo) else (lo, lo + 1.0)
        samples = np.linspace(a, b, 203)[1:-1]
        pieces.append((lo, hi, bool(np.all(df(samples) == 0))))
    zones: list[list] = []
    for index, (lo, hi, dead) in enumerate(pieces):
        if not dead:
            continue
        left_in = index > 0 and float(df(lo)) == 0
        if zones and zones[-1][1] == lo and left_in:
            zones[-1][1], zones[-1][3] = hi, False
        else:
            zones.append([lo, hi, left_in, False])
        if math.isfinite(hi) and float(df(hi)) == 0:
            zones[-1][3] = True
    return tuple(Interval(lo, hi, lc, hc) for lo, hi, lc, hc in zones)


def _odd(f) -> bool:
    z = _GRID[_GRID > 0]
    return bool(np.allclose(f(-z), -f(z), rtol=1e-13, atol=0.0)) and float(f(0.0)) == 0.0


_GAUSS_NODES, _GAUSS_WEIGHTS = np.polynomial.legendre.leggauss(24)
_MOMENT_PANEL = 0.5  # Gauss-Legendre panels this wide: exact to ~1e-15 for these integrands
_MOMENT_HALF_WIDTH = 40.0  # φ(40) ≈ 1e-348: nothing beyond contributes


def _gaussian_moments(f, breaks, std: float = 1.0) -> tuple[float, float]:
    """E f(σZ) and Var f(σZ) for Z ~ N(0, 1) and σ = ``std``: composite Gauss-Legendre
    quadrature on panels that end at 0 and at every breakpoint (b/σ in Z), so each panel sees
    one smooth piece of f."""
    inner = {b / std for b in breaks if abs(b / std) < _MOMENT_HALF_WIDTH}
    edges = sorted({0.0, -_MOMENT_HALF_WIDTH, _MOMENT_HALF_WIDTH} | inner)
    x, w = [], []
    for lo, hi in zip(edges[:-1], edges[1:]):
        panels = np.linspace(lo, hi, math.ceil((hi - lo) / _MOMENT_PANEL) + 1)
        centre, half = (panels[1:] + panels[:-1]) / 2, (panels[1:] - panels[:-1]) / 2
        x.append((centre[:, None] + half[:, None] * _GAUSS_NODES).ravel())
        w.append((half[:, None] * _GAUSS_WEIGHTS).ravel())
    z = np.concatenate(x)
    density = np.concatenate(w) * np.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    values = np.asarray(f(std * z), dtype=float)
    terms = density * values
    mean = float(np.sum(terms))
    if abs(mean) <= _rounding_bound(terms):
        mean = 0.0  # the sum cancels to below its own rounding error: no digit of it is known
    second = float(np.sum(terms * values))
    return mean, max(second - mean * mean, 0.0)


def _rounding_bound(terms) -> float:
    """A bound on the rounding error of summing ``terms`` in float64: each term carries a few
    ulps (node, weight, density, f), and the pairwise sum adds log2(n) more."""
    ulps = 8 + math.ceil(math.log2(terms.size))
    return ulps * np.finfo(float).eps * float(np.sum(np.abs(terms)))


def gaussian_moments(act, variance: float = 1.0) -> tuple[float, float]:
    """Mean and variance of f(Z) for Z ~ N(0, ``variance``): what a layer's outputs have when
    its inputs to f are centred normal with that variance."""
    return _gaussian_moments(act.f, act.breakpoints, math.sqrt(variance))


@dataclass(frozen=True)
class MomentFixedPoint:
    """Where the layers of a deep network with LeCun-normal weights (variance 1/fan-in, no
    bias) stop changing the size of their signal.

    Such a layer turns outputs of second moment q = mean² + variance into inputs to f that are
    centred normal with variance q; so the second moment goes from q to E f(√q Z)². The fixed
    point is the q > 0 it maps to itself; ``mean`` and ``variance`` are the outputs' moments
    there, and ``slope`` is the map's derivative at q: below 1, nearby q are pulled to it;
    above 1, they are pushed away, and the signal grows or dies out with depth.
    """

    input_variance: float
    mean: float
    variance: float
    slope: float


_FIXED_POINT_SCAN = np.logspace(-4, 4, 33)  # where a sign change of E f(√q Z)² − q is sought


def moment_fixed_point(act) -> MomentFixedPoint | None:
    """The fixed point of the second-moment map of LeCun-initialised layers of ``act`` (see
    :class:`MomentFixedPoint`), the largest one in [1e-4, 1e4]; None when there is none there
    (the signal then shrinks or grows with depth whatever its size)."""
    from scipy import optimize  # here: measuring properties is rare, importing it is slow

    def gap(q: float) -> float:
        mean, variance = gaussian_moments(act, q)
        return mean * mean + variance - q

    gaps = [gap(q) for q in _FIXED_POINT_SCAN]
    crossings = [i for i in range(len(gaps) - 1) if (gaps[i] > 0) != (gaps[i + 1] > 0)]
    if not crossings:
        return None
    i = crossings[-1]
    q = optimize.brentq(gap, _FIXED_POINT_SCAN[i], _FIXED_POINT_SCAN[i + 1], xtol=1e-15)
    mean, variance = gaussian_moments(act, q)
    step = 1e-6 * q
    slope = 1 + (gap(q + step) - gap(q - step)) / (2 * step)
    return MomentFixedPoint(q, mean, variance, slope)


@dataclass(frozen=True)
class Difference:
    """Where two functions f and g differ and by how much: ``where`` is the set of inputs
    where f(z) and g(z) differ by more than rounding (4 ulps in float64), ``largest`` the
    supremum of |f − g|, reached at the points ``at``."""

    where: tuple[Interval, ...]
    largest: float
    at: tuple[float, ...]


def difference(f, g, breaks=()) -> Difference:
    """Compare f and g on the property grid (with both functions' breakpoints) and at ±∞;
    each end of a set where they differ is refined by bisection to ~1e-12."""
    grid = np.union1d(_GRID, [b for b in breaks if abs(b) <= GRID_HALF_WIDTH])
    gap = np.abs(f(grid) - g(grid))
    differs = gap > _ROUNDING * np.maximum(np.abs(f(grid)), np.abs(g(grid)))
    where = []
    indices = np.flatnonzero(differs)
    last = len(grid) - 1

    def same(z: float) -> bool:
        return _same(float(f(z)), float(g(z)))

    for run in np.split(indices, np.flatnonzero(np.diff(indices) > 1) + 1) if indices.size else []:
        lo, hi = int(run[0]), int(run[-1])
        below = _agreeing_beyond(same, grid[0]) if lo == 0 else grid[lo - 1]
        above = _agreeing_beyond(same, grid[last]) if hi == last else grid[hi + 1]
        low = -math.inf if below is None else float(_edge(same, below, grid[lo]))
        high = math.inf if above is None else float(_edge(same, above, grid[hi]))
        where.append(Interval(low, high, math.isfinite(low) and not same(low),
                              math.isfinite(high) and not same(high)))  # fmt: skip
    if not where:
        return Difference((), 0.0, ())
    largest = float(gap.max())
    tops = np.flatnonzero(gap >= largest * (1 - 1e-9))
    at = []
    from scipy import optimize  # here: comparing functions is rare, importing it is slow

    for i in tops[np.r_[True, np.diff(tops) > 1]]:
        result = optimize.minimize_scalar(
            lambda x: -abs(float(f(x) - g(x))),
            bounds=(grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]),
            method="bounded",
            options={"xatol": 1e-12},
        )
        x, value = (result.x, -result.fun) if -result.fun > gap[i] else (grid[i], gap[i])
        largest = max(largest, float(value))
        at.append(float(x))
    return Difference(tuple(where), largest, tuple(at))


_ROUNDING = 4 * np.finfo(float).eps


def _same(a: float, b: float) -> bool:
    return bool(a == b or abs(a - b) <= _ROUNDING * max(abs(a), abs(b)))


def _agreeing_beyond(same, edge: float) -> float | None:
    """A point beyond the grid's ``edge`` (doubling outward) where f = g, or None when they
    differ all the way to infinity: the set where they differ may run past the grid."""
    point = edge
    while math.isfinite(point):
        point *= 2.0
        if same(point):
            return point
    return None


def _edge(same, agreeing: float, differing: float) -> float:
    """The boundary between a point where f = g and one where they differ, by bisection; the
    agreeing point itself when the boundary is within 1e-9 of it (a breakpoint, or 0)."""
    start = agreeing
    for _ in range(80):
        middle = (agreeing + differing) / 2
        if middle in (agreeing, differing):
            break
        agreeing, differing = (middle, differing) if same(middle) else (agreeing, middle)
    return start if abs(agreeing - start) <= 1e-9 * max(1.0, abs(start)) else agreeing
