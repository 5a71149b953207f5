"""Figures: what each plot shows (specs, computed from the package) and how it is drawn.

A spec holds the sampled numbers; its content hash names the SVG files, so a
figure is redrawn exactly when what it shows, or the style, changes. Drawing
happens in worker processes; files are written atomically.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import astuple, dataclass, field, fields
from pathlib import Path

import numpy as np

import activations
from scripts.files import write_atomic

STYLE_VERSION = "3"  # bump when the drawing code changes in a way the specs do not show
FRAME_X = (-5.0, 5.0)  # the fixed frame shared by every function's figure
FRAME_Y = (-2.0, 3.0)
SAMPLES = 501
THEMES = {
    "light": {"fg": "#1f2328", "muted": "#59636e", "grid": "#d8dee4",
              "lines": ("#0969da", "#cf222e", "#1a7f37", "#8250df", "#9a6700", "#bf3989",
                        "#1b7c83")},
    "dark": {"fg": "#e6edf3", "muted": "#9198a1", "grid": "#3d444d",
             "lines": ("#58a6ff", "#ff7b72", "#3fb950", "#d2a8ff", "#e3b341", "#f778ba",
                       "#56d4dd")},
}  # fmt: skip
GREEK = {"alpha": "α", "beta": "β", "lambda": "λ", "theta": "θ"}
DASHES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1)), (0, (8, 2)))


@dataclass(frozen=True)
class Curve:
    """One line: its label, points, colour/dash index, and whether it is a faded variant."""

    label: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    style: int
    faded: bool = False


@dataclass(frozen=True)
class FigureSpec:
    """Everything that determines a figure; its hash names the rendered files."""

    name: str
    title: str
    curves: tuple[Curve, ...]
    xlim: tuple[float, float] = FRAME_X
    ylim: tuple[float, float] = FRAME_Y
    log_y: bool = False
    xlabel: str = "z"
    marks: tuple[float, ...] = field(default=())
    ylabel: str = ""
    symlog_x: float | None = None  # a symmetric-log x axis, linear within ±symlog_x

    def digest(self) -> str:
        """A hash of every field and the style version (fields read directly: no deep copy)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["curves"] = [astuple(curve) for curve in self.curves]
        payload = json.dumps([STYLE_VERSION, data], sort_keys=True, allow_nan=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


def sample(func, xlim=FRAME_X, breakpoints=(), n=SAMPLES) -> tuple[list[float], list[float]]:
    """Points of ``func`` on ``xlim``, with a gap (nan) at each breakpoint: no jump is drawn."""
    inside = [b for b in breakpoints if xlim[0] < b < xlim[1]]
    x = np.linspace(*xlim, n)
    x = x[[all(abs(v - b) > 1e-6 for b in inside) for v in x]]
    xs = np.sort(np.concatenate([x, *[[b - 1e-9, b + 1e-9] for b in inside]]))
    ys = np.asarray(func(xs), dtype=float)
    xs_out, ys_out = list(xs), list(ys)
    for b in sorted(inside, reverse=True):
        at = int(np.searchsorted(xs, b))
        xs_out.insert(at, b)
        ys_out.insert(at, math.nan)
    return [_round(v) for v in xs_out], [_round(v) for v in ys_out]


def _round(value: float) -> float:
    """Six significant digits: far below a pixel, and stable across platforms."""
    return float(f"{value:.6g}") if math.isfinite(value) else value


def activation_spec(act: activations.Activation) -> FigureSpec:
    """f, f' and f'' on the shared frame, plus f for the parameter family if it has one."""
    curves = []
    for index, (label, func) in enumerate((("f", act.f), ("f′", act.df), ("f″", act.d2f))):
        curves.append(Curve(label, *map(tuple, sample(func, breakpoints=act.breakpoints)), index))
    for spec in act.param_specs:
        for value in spec.family:
            if value == act.params[spec.name]:
                continue
            variant = activations.get(act.slug, **{spec.name: value})
            xs, ys = sample(variant.f, breakpoints=variant.breakpoints)
            label = f"f, {GREEK.get(spec.symbol, spec.symbol or spec.name)} = {value:g}"
            curves.append(Curve(label, tuple(xs), tuple(ys), 0, faded=True))
    return FigureSpec(act.slug, act.name, tuple(curves), marks=act.breakpoints)


def overlay_spec(name, title, entries, which="f", xlim=FRAME_X, ylim=FRAME_Y, log_y=False):
    """Several functions (``(label, activation)`` pairs) in one figure."""
    curves = []
    for index, (label, act) in enumerate(entries):
        func = getattr(act, which)
        if log_y:
            func = _abs_of(func)
        xs, ys = sample(func, xlim=xlim, breakpoints=act.breakpoints)
        curves.append(Curve(label, tuple(xs), tuple(ys), index))
    return FigureSpec(name, title, tuple(curves), xlim=xlim, ylim=ylim, log_y=log_y)


def _abs_of(func):
    return lambda x: np.abs(func(x))


def render(spec: FigureSpec, theme: str, path: Path) -> None:
    """Draw ``spec`` in ``theme`` to the SVG ``path`` (written atomically)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = THEMES[theme]
    matplotlib.rcParams.update({
        "svg.hashsalt": "activations",
        "svg.fonttype": "none",
        "font.family": "sans-serif",
        "font.size": 10,
        "path.simplify_threshold": 0.3,
    })  # fmt: skip
    fig, ax = plt.subplots(figsize=(6.4, 4.0), dpi=96)
    fig.patch.set_alpha(0.0)
    ax.set_facecolor("none")
    for curve in spec.curves:
        ax.plot(
            curve.x,
            curve.y,
            label=curve.label,
            color=colours["lines"][curve.style % len(colours["lines"])],
            linestyle=":" if curve.faded else DASHES[curve.style % len(DASHES)],
            linewidth=1.1 if curve.faded else 2.0,
            alpha=0.75 if curve.faded else 1.0,
        )
    for mark in spec.marks:
        if spec.xlim[0] < mark < spec.xlim[1]:
            ax.axvline(mark, color=colours["grid"], linewidth=0.8, linestyle="--")
    if spec.log_y:
        ax.set_yscale("log")
    if spec.symlog_x is not None:
        _symlog_x(ax, spec.symlog_x, spec.xlim)
    ax.set_xlim(*spec.xlim)
    ax.set_ylim(*spec.ylim)
    ax.axhline(0, color=colours["muted"], linewidth=0.8)
    ax.axvline(0, color=colours["muted"], linewidth=0.8)
    ax.grid(True, color=colours["grid"], linewidth=0.6)
    ax.set_xlabel(spec.xlabel, color=colours["fg"])
    if spec.ylabel:
        ax.set_ylabel(spec.ylabel, color=colours["fg"])
    ax.tick_params(colors=colours["fg"])
    for side in ax.spines.values():
        side.set_color(colours["muted"])
    legend = ax.legend(loc="upper left", frameon=True, fontsize=9)
    legend.get_frame().set_facecolor("none")
    legend.get_frame().set_edgecolor(colours["grid"])
    for text in legend.get_texts():
        text.set_color(colours["fg"])
    fig.tight_layout()
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    fig.savefig(temporary, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    os.replace(temporary, path)


def _symlog_x(ax, linthresh: float, xlim: tuple[float, float]) -> None:
    """A symmetric-log x axis with a tick at 0 and at every few decades on each side."""
    from matplotlib.ticker import NullLocator

    ax.set_xscale("symlog", linthresh=linthresh, linscale=0.5)
    low = math.floor(math.log10(linthresh))
    high = math.ceil(math.log10(max(abs(xlim[0]), abs(xlim[1]))))
    step = max(1, math.ceil((high - low) / 4))
    powers = list(range(high, low - 1, -step))
    ticks = [-(10.0**p) for p in powers] + [0.0] + [10.0**p for p in reversed(powers)]
    ax.set_xticks(ticks)
    ax.set_xticklabels([_power_label(t) for t in ticks])
    ax.xaxis.set_minor_locator(NullLocator())


def _power_label(value: float) -> str:
    if value == 0:
        return "0"
    exponent = round(math.log10(abs(value)))
    return f"{'−' if value < 0 else ''}10$^{{{exponent}}}$"


def _render_job(job: tuple[FigureSpec, str, str]) -> str:
    spec, theme, path = job
    render(spec, theme, Path(path))
    return path


def file_names(spec: FigureSpec) -> dict[str, str]:
    """The SVG file name for each theme: ``<name>-<theme>.svg``."""
    return {theme: f"{spec.name}-{theme}.svg" for theme in THEMES}


def render_all(specs: list[FigureSpec], out_dir: Path, cache_dir: Path) -> tuple[int, int]:
    """Make sure every spec's SVGs are in ``out_dir``; returns (rendered, cached) counts.

    Rendered files are kept in ``cache_dir`` under their content hash and
    copied (hard-linked where possible) to their stable names.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    jobs, placements = [], []
    for spec in specs:
        digest = spec.digest()
        for theme, name in file_names(spec).items():
            cached = cache_dir / f"{digest}-{theme}.svg"
            if not cached.exists():
                jobs.append((spec, theme, str(cached)))
            placements.append((cached, out_dir / name))
    if len(jobs) <= 2:
        for job in jobs:
            _render_job(job)
    else:
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            list(
                pool.map(
                    _render_job, jobs, chunksize=max(1, len(jobs) // (4 * (os.cpu_count() or 1)))
                )
            )
    for cached, target in placements:
        _place(cached, target)
    return len(jobs), len(placements) - len(jobs)


def _place(source: Path, target: Path) -> None:
    write_atomic(target, source.read_bytes())
