"""What a reader can take from a function's page: its figure as SVG and PNG (drawn by
:mod:`scripts.pipeline.figures`) and f, f′, f″ on the figure's grid as CSV."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import activations
from scripts.pipeline import figures
from scripts.pipeline.files import write_atomic

FOLDER = "downloads"  # the CSVs' folder in the site
KERNELS = ("f", "df", "d2f")


def grid() -> np.ndarray:
    """The figure's grid: SAMPLES evenly spaced points of its z frame, ends included."""
    return np.linspace(*figures.FRAME_X, figures.SAMPLES)


def csv_path(slug: str) -> str:
    return f"{FOLDER}/{slug}.csv"


def header(act: activations.Activation) -> list[str]:
    """``z`` and each kernel named with the parameters it was computed with:
    ``f(z; alpha=0.01)``."""
    params = "".join(f"; {name}={value!r}" for name, value in act.params.items())
    return ["z", *(f"{kernel}(z{params})" for kernel in KERNELS)]


def csv_text(act: activations.Activation) -> str:
    """The package's f, f′ and f″ at every grid point, each value as the shortest decimal
    that reads back as the same float64."""
    z = grid()
    columns = [z, *(np.asarray(getattr(act, kernel)(z), dtype=float) for kernel in KERNELS)]
    rows = [",".join(header(act))]
    rows += [",".join(repr(float(v)) for v in row) for row in zip(*columns, strict=True)]
    return "\n".join(rows) + "\n"


def write_csvs(texts: dict[str, str], out_dir: Path) -> dict[str, Path]:
    """Each function's CSV (``texts``: slug → :func:`csv_text`) under ``out_dir``; site
    path → file."""
    written = {}
    for slug, text in texts.items():
        uri = csv_path(slug)
        write_atomic(out_dir / uri, text)
        written[uri] = out_dir / uri
    return written


def links_markdown(act: activations.Activation, prefix: str) -> str:
    """The line under a function's figure that offers its files."""
    names = figures.file_names(figures.FigureSpec(act.slug, act.name, (), png=True))
    lo, hi = (f"{v:g}".replace("-", "−") for v in figures.FRAME_X)
    width, height = (round(inches * figures.PNG_DPI) for inches in figures.FUNCTION_FIGSIZE)
    return (
        f"Download the figure as [SVG]({prefix}figures/{names['light']}){{ download }} or "
        f"[PNG]({prefix}figures/{names['png']}){{ download }} ({width} × {height} pixels), "
        f"or f, f′ and f″ at {figures.SAMPLES} evenly spaced points from z = {lo} to {hi} as "
        f"[CSV]({prefix}{csv_path(act.slug)}){{ download }}.\n"
    )
