"""Figures: what each plot shows (specs, computed from the package) and how it is drawn.

A spec holds the sampled numbers; its content hash names the drawn files, so a
figure is redrawn exactly when what it shows, or the style, changes. Drawing
happens in worker processes; files are written atomically. Each figure is drawn
once, in the light theme: the dark variant is the same SVG with each light colour
swapped for its dark counterpart. Matplotlib's SVG is then compacted (no metadata,
indentation, no-op groups or sub-pixel digits), which about halves its size. A function's
figure is also saved as a PNG, on white, from the same matplotlib figure: a download.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import os
import re
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np

import activations
from scripts.pipeline import workers
from scripts.pipeline.cache import Cache
from scripts.pipeline.files import write_atomic
from scripts.pipeline.stage import Stage
from scripts.pipeline.svg import compact_svg

# What drawing reads: its own code and the compaction's (not what they import), and the
# drawing library.
DRAWING = Stage("figures", (__name__, "scripts.pipeline.svg"), follow_imports=False)
FRAME_X = (-5.0, 5.0)  # the fixed frame shared by every function's figure
FRAME_Y = (-2.0, 3.0)
SAMPLES = 501
FIGSIZE = (6.4, 4.0)  # inches
FUNCTION_FIGSIZE = (6.4, 6.4)  # f above, then f′ and f″, each on its own scale
PANEL_HEIGHTS = (2, 1, 1)  # the shares of a function figure's height: f, f′, f″
PANEL_GAP = 0.18  # between panels, as a share of their mean height
PNG_DPI = 120  # a function figure's PNG download: 768 × 768 pixels
# Nothing waits for the figures until the pages are written: their workers yield the cores
DRAWING_NICENESS = 10
THEMES = {
    "light": {"fg": "#1f2328", "muted": "#59636e", "grid": "#d8dee4",
              "lines": ("#0969da", "#cf222e", "#1a7f37", "#8250df", "#9a6700", "#bf3989",
                        "#1b7c83")},
    "dark": {"fg": "#e6edf3", "muted": "#9198a1", "grid": "#3d444d",
             "lines": ("#58a6ff", "#ff7b72", "#3fb950", "#d2a8ff", "#e3b341", "#f778ba",
                       "#56d4dd")},
}  # fmt: skip
DARK_COLOURS = {
    light: dark
    for role in ("fg", "muted", "grid", "lines")
    for light, dark in zip(*(
        (t[role],) if isinstance(t[role], str) else t[role] for t in THEMES.values()
    ), strict=True)
}  # fmt: skip
GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "lambda": "λ", "theta": "θ", "epsilon": "ε",
    "alpha_p": "α_p", "alpha_n": "α_n",
}  # fmt: skip
DASHES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1)), (0, (8, 2)))


@dataclass(frozen=True)
class Curve:
    """One line: its label, points, colour/dash index, and whether it is a faded variant."""

    label: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    style: int
    faded: bool = False
    strokes: bool = False  # short solid strokes, one per value of a category, nan-separated


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
    xticks: tuple[str, ...] = ()  # category labels at x = 0, 1, …, instead of numbers
    png: bool = False  # also a PNG, on white (a function figure's download)
    slopes: tuple[Curve, ...] = ()  # each drawn in a panel below, on a y-range of its own
    slopes_ylim: tuple[tuple[float, float], ...] = ()
    figsize: tuple[float, float] = FIGSIZE

    def digest(self) -> str:
        """A hash of every field and of what drawing reads (:data:`DRAWING`)."""
        digest = hashlib.sha256(DRAWING.key().encode())
        for name in (f.name for f in fields(self) if f.name not in ("curves", "slopes")):
            digest.update(repr((name, getattr(self, name))).encode())
        for curve in self.curves + self.slopes:
            digest.update(repr((curve.label, curve.style, curve.faded, curve.strokes,
                                len(curve.x))).encode())  # fmt: skip
            digest.update(np.asarray(curve.x + curve.y, dtype=float).tobytes())
        return digest.hexdigest()[:16]


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
    """f on the shared frame, with f for the parameter family if it has one; below it, f'
    and then f'', each on a y-range of its own (on f's frame a slope peaking at 0.25 looks
    flat, and next to f' a small f'' would)."""
    curves = [Curve("f", *map(tuple, sample(act.f, breakpoints=act.breakpoints)), 0)]
    slopes = tuple(
        Curve(label, *map(tuple, sample(func, breakpoints=act.breakpoints)), index)
        for index, (label, func) in enumerate((("f′", act.df), ("f″", act.d2f)), start=1)
    )
    for spec in act.param_specs:
        for value in spec.family:
            if value == act.params[spec.name]:
                continue
            variant = activations.get(act.slug, **{spec.name: value})
            xs, ys = sample(variant.f, breakpoints=variant.breakpoints)
            label = f"f, {GREEK.get(spec.symbol, spec.symbol or spec.name)} = {value:g}"
            curves.append(Curve(label, tuple(xs), tuple(ys), 0, faded=True))
    return FigureSpec(act.slug, act.name, tuple(curves), marks=act.breakpoints, png=True,
                      slopes=slopes, slopes_ylim=tuple(map(padded_range, slopes)),
                      figsize=FUNCTION_FIGSIZE)  # fmt: skip


def padded_range(curve: Curve) -> tuple[float, float]:
    """A y-range holding every finite point of ``curve`` and 0, with a margin of 8 %."""
    values = np.array(curve.y, dtype=float)
    values = values[np.isfinite(values)]
    low, high = min(0.0, values.min(initial=0.0)), max(0.0, values.max(initial=0.0))
    if high - low < 1e-9:  # a constant zero (a step's slope): any range shows it
        return (-1.0, 1.0)
    margin = 0.08 * (high - low)
    return (_round(low - margin), _round(high + margin))


def css_size(figsize: tuple[float, float]) -> tuple[int, int]:
    """A figure's natural size in CSS pixels (96 to the inch) as its SVG states it, in points."""
    width, height = (round(inches * 96) for inches in figsize)
    return width, height


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


def render(spec: FigureSpec, paths: dict[str, Path]) -> None:
    """Draw ``spec`` to its files (``{"light": path, "dark": path}``, and "png" if it has
    one), atomically."""
    for kind, content in drawn(spec).items():
        write_atomic(paths[kind], content)


def drawn(spec: FigureSpec) -> dict[str, bytes]:
    """Each theme's SVG of ``spec``: drawn once, in the light theme, then recoloured; and
    its PNG when ``spec.png``, saved from the same figure."""
    import matplotlib.pyplot as plt

    fig = figure(spec)
    light = compact_svg(_svg(fig))
    files = {"light": light.encode(), "dark": dark_variant(light).encode()}
    if spec.png:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=PNG_DPI, facecolor="white",
                    metadata={"Software": None})  # fmt: skip
        files["png"] = buffer.getvalue()
    plt.close(fig)
    return files


def draw(spec: FigureSpec) -> str:
    """Matplotlib's SVG of ``spec`` in the light theme."""
    import matplotlib.pyplot as plt

    fig = figure(spec)
    svg = _svg(fig)
    plt.close(fig)
    return svg


def _svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def figure(spec: FigureSpec):
    """Matplotlib's figure of ``spec`` in the light theme (the caller closes it)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = THEMES["light"]
    matplotlib.rcParams.update({
        "svg.hashsalt": "activations",
        "svg.fonttype": "none",
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
        "font.size": 10,
        "path.simplify_threshold": 0.3,
    })  # fmt: skip
    if spec.slopes:
        fig, (ax, *below) = _panels(spec)
        for panel, curve, ylim in zip(below, spec.slopes, spec.slopes_ylim, strict=True):
            _panel(panel, spec, (curve,), ylim, colours)
        below[-1].set_xlabel(spec.xlabel, color=colours["fg"])
    else:
        fig, ax = plt.subplots(figsize=spec.figsize, dpi=96)
        ax.set_xlabel(spec.xlabel, color=colours["fg"])
    fig.patch.set_alpha(0.0)
    _panel(ax, spec, spec.curves, spec.ylim, colours)
    if spec.ylabel:
        ax.set_ylabel(spec.ylabel, color=colours["fg"])
    _fit_layout(fig, spec)
    return fig


_PANELS: dict[tuple, object] = {}  # a function figure's empty panels, per drawing process


def _panels(spec: FigureSpec):
    """A function figure and its panels (f, then each slope), emptied of the last figure's
    lines and legends: making the panels is most of a figure's making. Each drawing sets
    all else it shows again, as on new panels, but for the scales, ticks and labels that a
    drawing sets only when they are not the default: panels are kept per value of those."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    frame = (spec.figsize, len(spec.slopes), spec.log_y, spec.symlog_x, spec.xticks, spec.ylabel)
    if frame not in _PANELS:  # kept out of pyplot's figures, which closing would drop
        _PANELS[frame] = Figure(figsize=spec.figsize, dpi=96)
        FigureCanvasAgg(_PANELS[frame])
        _PANELS[frame].subplots(1 + len(spec.slopes), 1, sharex=True,
                                height_ratios=PANEL_HEIGHTS)  # fmt: skip
    fig = _PANELS[frame]
    # the margins of new panels: the ticks, and so the layout, depend on the panels' size
    fig.subplots_adjust(**{side: matplotlib.rcParams[f"figure.subplot.{side}"]
                           for side in (*_MARGINS, "hspace")})  # fmt: skip
    for ax in fig.axes:
        for line in list(ax.lines):
            line.remove()
        if legend := ax.get_legend():
            legend.remove()
    return fig, fig.axes


def _panel(ax, spec: FigureSpec, curves: tuple[Curve, ...], ylim, colours) -> None:
    """One axes of ``spec``'s figure: ``curves`` on ``ylim``, its marks, grid and legend."""
    ax.set_facecolor("none")
    for curve in curves:
        colour = colours["lines"][curve.style % len(colours["lines"])]
        if curve.strokes:  # separate strokes (nan between them), solid whatever the style
            ax.plot(curve.x, curve.y, label=curve.label, color=colour, linewidth=2.2)
            continue
        ax.plot(
            curve.x,
            curve.y,
            label=curve.label,
            color=colour,
            linestyle=":" if curve.faded else DASHES[curve.style % len(DASHES)],
            linewidth=1.1 if curve.faded else 2.0,
            alpha=0.75 if curve.faded else 1.0,
        )
    for mark in spec.marks:
        if spec.xlim[0] < mark < spec.xlim[1]:
            ax.axvline(mark, color=colours["grid"], linewidth=0.8, linestyle="--")
    if spec.log_y:
        from matplotlib.ticker import FuncFormatter, NullFormatter

        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(_power_label))
        ax.yaxis.set_minor_formatter(NullFormatter())
    if spec.symlog_x is not None:
        _symlog_x(ax, spec.symlog_x, spec.xlim)
    if spec.xticks:
        ax.set_xticks(range(len(spec.xticks)), spec.xticks, fontsize=8)
    ax.set_xlim(*spec.xlim)
    ax.set_ylim(*ylim)
    ax.axhline(0, color=colours["muted"], linewidth=0.8)
    if not spec.xticks:  # categories have no origin
        ax.axvline(0, color=colours["muted"], linewidth=0.8)
    ax.grid(True, color=colours["grid"], linewidth=0.6)
    ax.tick_params(colors=colours["fg"])
    for side in ax.spines.values():
        side.set_color(colours["muted"])
    if spec.xticks:  # points fill the frame: the legend goes below the category labels
        legend = ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=4, fontsize=9)
    else:
        legend = ax.legend(loc="upper left", frameon=True, fontsize=9)
    legend.get_frame().set_facecolor("none")
    legend.get_frame().set_edgecolor(colours["grid"])
    for text in legend.get_texts():
        text.set_color(colours["fg"])


_LAYOUTS: dict[tuple, dict[str, float]] = {}  # frame -> margins, per drawing process
_MARGINS = ("left", "right", "top", "bottom")


def _fit_layout(fig, spec: FigureSpec) -> None:
    """Matplotlib's tight layout, computed once per frame and reused.

    The margins depend only on the frame (size, limits, scales, axis labels: the tick
    labels), which every function's upper panel shares; below it, each slope's own range
    has its own tick labels, part of the frame. The gap between panels is fixed: tight_layout
    would fit it to where the labels fall in each range. tight_layout is a third of a
    figure's drawing.
    """
    frame = (spec.figsize, spec.xlim, spec.ylim, spec.log_y, spec.symlog_x, spec.xlabel,
             spec.ylabel, tuple(_tick_labels(ax) for ax in fig.axes[1:]))  # fmt: skip
    if frame not in _LAYOUTS:
        fig.tight_layout()
        params = fig.subplotpars
        _LAYOUTS[frame] = {side: getattr(params, side) for side in _MARGINS}
        _LAYOUTS[frame]["hspace"] = PANEL_GAP
    fig.subplots_adjust(**_LAYOUTS[frame])


def _tick_labels(ax) -> tuple[str, ...]:
    """The y tick labels ``ax`` will show."""
    low, high = ax.get_ylim()
    ticks = [t for t in ax.yaxis.get_major_locator()() if low <= t <= high]
    return tuple(ax.yaxis.get_major_formatter().format_ticks(ticks))


_HEX_COLOUR = re.compile(r"#[0-9a-f]{6}\b")


def dark_variant(svg: str) -> str:
    """The light SVG with every theme colour swapped for its dark counterpart."""
    return _HEX_COLOUR.sub(lambda m: DARK_COLOURS.get(m[0], m[0]), svg)


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


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def power_of_ten(exponent: int) -> str:
    """10 to the power ``exponent`` in plain text with superscript digits: "10⁻⁸"."""
    return f"10{str(exponent).translate(_SUPERSCRIPT)}"


def _power_label(value: float, _position=None) -> str:
    """A tick label on a log scale: "10⁻⁸" in plain text (matplotlib's mathtext labels cost
    a third of a figure's drawing time and an SVG text element per glyph)."""
    if value == 0:
        return "0"
    return f"{'−' if value < 0 else ''}{power_of_ten(round(math.log10(abs(value))))}"


def file_names(spec: FigureSpec) -> dict[str, str]:
    """The SVG file name for each theme, ``<name>-<theme>.svg``, and ``<name>.png`` (under
    "png") when the spec has a PNG."""
    names = {theme: f"{spec.name}-{theme}.svg" for theme in THEMES}
    return names | ({"png": f"{spec.name}.png"} if spec.png else {})


class Drawing:
    """Figures drawn as their specs come in: each added spec's files are taken from
    ``cache`` (by the spec's hash) or drawn in worker processes, side by side, while the
    caller works out the next specs; :meth:`finish` writes them all under ``out_dir`` by
    their stable names. A context manager: leaving it stops the workers."""

    def __init__(self, out_dir: Path, cache: Cache):
        self.out_dir, self.cache = out_dir, cache
        self._specs: dict[str, FigureSpec] = {}  # spec hash → spec, in the order added
        self._files: dict[str, dict[str, bytes]] = {}  # spec hash → files, once known
        self._drawing: dict[str, Future] = {}  # spec hash → its files, being drawn
        self._waiting: list[tuple[str, FigureSpec]] = []  # to draw: a worker is not worth it yet
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Drawing:
        return self

    def __exit__(self, *_) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers (a figure not drawn yet never is)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def add(self, specs: list[FigureSpec]) -> None:
        """Start on ``specs`` (those added already are skipped)."""
        for spec in specs:
            key = spec.digest()
            if key in self._specs:
                continue
            self._specs[key] = spec
            kinds = file_names(spec)
            stored = {kind: self.cache.read(DRAWING.name, f"{key}-{kind}") for kind in kinds}
            if None not in stored.values():
                self._files[key] = stored  # type: ignore[assignment]  # no None left
            else:
                self._waiting.append((key, spec))
        if len(self._waiting) > 1 or self._pool is not None:  # one alone: drawn here
            pool = self._workers()
            for key, spec in self._waiting:
                self._drawing[key] = pool.submit(drawn, spec)
            self._waiting.clear()

    def _workers(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = workers.pool(os.cpu_count() or 1, niceness=DRAWING_NICENESS)
        return self._pool

    def finish(self) -> tuple[int, int]:
        """Every added spec's files written; returns how many were drawn and how many came
        from the cache."""
        rendered = 0
        drawing = {key: future.result for key, future in self._drawing.items()}
        drawing |= {key: functools.partial(drawn, spec) for key, spec in self._waiting}
        for key, files in drawing.items():
            self._files[key] = files()
            for kind, content in self._files[key].items():
                self.cache.write(DRAWING.name, f"{key}-{kind}", content)
            rendered += len(self._files[key])
        for key, spec in self._specs.items():
            for kind, name in file_names(spec).items():
                write_atomic(self.out_dir / name, self._files[key][kind])
        return rendered, sum(len(files) for files in self._files.values()) - rendered
