"""The stage that depends on the code alone: figures, downloads and the explorer's modules."""

from __future__ import annotations

import time
from pathlib import Path

import activations
from scripts.pipeline import downloads, explorer, figures, frameworks, stability
from scripts.pipeline.cache import Cache
from scripts.pipeline.stage import DESCRIPTIVE_FIELDS, Stage

# Per activation, kept by its family's code: a figure's samples and a CSV read the kernels
# and parameters, never a descriptive field (tests/test_cache.py); the explorer shows some
FIGURE_SPECS = Stage("figure-specs", (figures.__name__,), ignores=DESCRIPTIVE_FIELDS)
DOWNLOADS = Stage("downloads", (downloads.__name__,), ignores=DESCRIPTIVE_FIELDS)
EXPLORER_MODULES = Stage("explorer-modules", (explorer.__name__,))


def comparison_specs() -> list[figures.FigureSpec]:
    """The figures that compare several functions."""
    get = activations.get
    sigmoid, tanh = get("sigmoid"), get("tanh")
    specs = [
        figures.FigureSpec(
            "compare-sigmoid-tanh",
            "Sigmoid and tanh with their derivatives",
            tuple(
                figures.Curve(label, *map(tuple, figures.sample(func)), style)
                for style, (label, func) in enumerate(
                    [
                        ("σ(z)", sigmoid.f),
                        ("tanh(z)", tanh.f),
                        ("σ′(z)", sigmoid.df),
                        ("tanh′(z)", tanh.df),
                    ]
                )
            ),  # fmt: skip
            ylim=(-1.5, 1.5),
        ),
        figures.overlay_spec(
            "compare-relu-family",
            "The ReLU family",
            [
                ("ReLU", get("relu")),
                ("leaky ReLU, α = 0.1", get("leaky_relu", alpha=0.1)),
                ("PReLU, α = 0.25", get("prelu")),
                ("ReLU6", get("relu6")),
                ("ELU", get("elu")),
            ],
            ylim=(-1.5, 3),
        ),  # fmt: skip
        figures.overlay_spec(
            "compare-smooth-rectifiers",
            "Smooth rectifiers",
            [
                (get(s).name, get(s))
                for s in ("softplus", "elu", "selu", "gelu", "silu", "mish", "squareplus")
            ],
            xlim=(-4, 3),
            ylim=(-2, 3),
        ),  # fmt: skip
        figures.overlay_spec(
            "gradient-decay",
            "How fast f′ vanishes: |f′(z)| on a log scale",
            [
                (get(s).name, get(s))
                for s in ("sigmoid", "tanh", "arctan", "softsign", "gelu", "relu")
            ],
            which="df",
            xlim=(0, 40),
            ylim=(1e-18, 2),
            log_y=True,
        ),  # fmt: skip
    ]
    return specs


def build(catalog, out_dir: Path, cache: Cache, family_of: dict[str, str], stage,
          drawing: figures.Drawing) -> dict[str, Path]:  # fmt: skip
    """Figures, downloads and the explorer's modules under ``out_dir``; site path → file.
    The figures are handed to ``drawing`` as soon as each group is worked out (its workers
    draw them meanwhile) and are written when the caller finishes it. ``stage(name,
    started, detail)`` records each part's time."""
    assets: dict[str, Path] = {}
    by_slug, _ = cache.per_activation(FIGURE_SPECS, catalog, figures.activation_spec, family_of)
    specs = [by_slug[act.slug] for act in catalog] + comparison_specs()
    parity = frameworks.figure_spec()  # from the committed framework measurement
    drawing.add([*specs, parity])  # the workers start on these while the rest is made
    measured = stability.figure_specs(cache)
    drawing.add(measured)  # the stability figures join them
    specs += [*measured, parity]
    for spec in specs:
        for name in figures.file_names(spec).values():
            assets[f"figures/{name}"] = out_dir / "figures" / name

    started = time.perf_counter()
    texts, _ = cache.per_activation(DOWNLOADS, catalog, downloads.csv_text, family_of)
    assets.update(downloads.write_csvs({act.slug: texts[act.slug] for act in catalog}, out_dir))
    stage("downloads", started, f"f, f′ and f″ of {len(catalog)} functions as CSV")

    started = time.perf_counter()
    modules, _ = cache.per_activation(EXPLORER_MODULES, catalog, explorer.module_source, family_of)
    explorer_assets = explorer.build(out_dir, modules)
    assets.update(explorer_assets)
    stage("explorer", started, f"{len(explorer_assets) - 1} evaluator modules and an index")
    return assets
