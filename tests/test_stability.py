"""The numerical-stability page: its numbers, its claims, its cache and its markers."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import mpmath
import numpy as np
import pytest

from scripts.pipeline import figures, pages, stability
from scripts.pipeline.cache import Cache


@pytest.fixture(scope="module")
def measured() -> dict[str, stability.Measured]:
    return stability.results()


def table_rows() -> dict[str, list[str]]:
    """The stability table's rows by function label, as lists of cells."""
    rows = {}
    for line in stability.table_markdown().splitlines():
        if line.startswith("| [") and "](" in line:
            line = line.replace(stability.NBSP, " ")
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            rows[cells[0].split("]")[0][1:]] = cells
    return rows


def ulp_count(cell: str) -> float:
    assert cell.endswith(" ULP"), cell
    return float(cell.removesuffix(" ULP"))


def test_table_shows_sigmoid_prime_underflowing_to_zero_at_40(measured):
    with mpmath.workdps(60):
        e = mpmath.exp(-40)
        true = float(e / (1 + e) ** 2)  # σ′(40), independently of the package
    row = table_rows()["σ′(z)"]
    expected = f"z = 40: 0 instead of {stability.number(true)}".replace(stability.NBSP, " ")
    assert expected in row[3].split("<br>")
    assert "exact 0" in row[2] and "cancellation" in row[2]
    assert ulp_count(row[5]) <= stability.ULPS
    item = measured["sigmoid-prime"]
    i = item.at(40.0)
    assert item.naive[i] == 0.0
    assert item.want[i] == pytest.approx(true, rel=1e-15)
    assert item.stable_ulp[i] <= stability.ULPS


def test_naive_softplus_overflows_at_800(measured):
    item = measured["softplus"]
    i = item.at(800.0)
    assert math.isinf(item.naive[i]) and item.want[i] == 800.0
    assert item.symptom(i) == "overflow"
    row = table_rows()["softplus(z)"]
    assert row[3].split("<br>") == [
        "∞ (inf or nan)",
        "z = 800: ∞ instead of 800",
        "z = −40: 0 instead of 4.25 × 10⁻¹⁸",
    ]
    assert row[2].startswith("overflow for z ≥ 709.")


def test_stable_kernels_stay_within_8_ulp_everywhere_sampled(measured):
    for key, item in measured.items():
        worst = max(item.stable_ulp)
        assert worst <= stability.ULPS, f"{key}: {worst} ULP"


def test_every_naive_formula_fails_somewhere_and_its_failures_are_explained(measured):
    for item in measured.values():
        assert item.symptoms(), item.case.key
        assert {s for s, _ in item.case.causes} == item.symptoms()
        assert max(item.naive_ulp) > 1e6


def test_onsets_are_where_floats_run_out(measured):
    # 1 + e^(-z) == 1 once e^(-z) < 2^-53, i.e. from z ≈ 53 ln 2 ≈ 36.7; e^x overflows above
    # ln(max float) ≈ 709.78.
    top = math.log(np.finfo(float).max)
    assert measured["softplus"].onsets("overflow")["+"] == pytest.approx(top, abs=1e-9)
    assert measured["sigmoid-prime"].onsets("zero")["+"] == pytest.approx(36.7, abs=0.1)
    assert measured["log-sigmoid"].onsets("overflow")["-"] == pytest.approx(-top, abs=1e-9)


def test_a_claim_the_data_does_not_show_stops_the_build(measured):
    item = measured["elu"]
    spec = item.case.spec
    wrong = dataclasses.replace(
        item.case, spec=dataclasses.replace(spec, causes=(*spec.causes, ("overflow", "never")))
    )
    with pytest.raises(stability.StabilityError, match="elu"):
        stability._check_causes(dataclasses.replace(item, case=wrong))


def test_reference_is_cached_by_content_and_deterministic(tmp_path, monkeypatch):
    points = (-40.0, -1e-8, 0.0, 2.0, 40.0)
    first = stability.load_reference(points, Cache(tmp_path))
    files = list((tmp_path / "stability").iterdir())
    assert len(files) == 1 and stability.reference_key(points) in files[0].name

    def fail(_points):
        raise AssertionError("recomputed despite the cache")

    monkeypatch.setattr(stability, "compute_reference", fail)
    assert stability.load_reference(points, Cache(tmp_path)) == first
    assert stability.reference_key(points) != stability.reference_key((*points, 1.0))
    monkeypatch.undo()
    assert stability.compute_reference(points) == first


def test_numbers_are_formatted_for_prose():
    assert stability.number(4.248354255291589e-18) == "4.25\u00a0×\u00a010⁻¹⁸"
    assert stability.number(-800.0) == "−800"
    assert stability.number(1e-8) == "10⁻⁸"
    assert stability.number(math.inf) == "∞"


def test_figures_have_a_symlog_axis_and_render(measured, tmp_path):
    specs = stability.figure_specs()
    assert [s.name for s in specs] == [f"stability-{key}" for key in measured]
    spec = specs[1]
    assert spec.symlog_x == stability.LINTHRESH and spec.log_y
    assert all(stability.FLOOR <= y <= stability.CLIP for c in spec.curves for y in c.y)
    paths = {theme: tmp_path / f"figure-{theme}.svg" for theme in figures.THEMES}
    figures.render(spec, paths)
    assert all(path.read_text().startswith("<svg") for path in paths.values())


def test_every_figure_field_changes_the_hash():
    spec = figures.FigureSpec("x", "x", (figures.Curve("f", (0.0, 1.0), (0.0, 1.0), 0),))
    assert dataclasses.replace(spec, symlog_x=1e-8).digest() != spec.digest()
    assert dataclasses.replace(spec, ylabel="error").digest() != spec.digest()
    moved = (figures.Curve("f", (0.0, 1.0), (0.0, 1.5), 0),)
    assert dataclasses.replace(spec, curves=moved).digest() != spec.digest()


def test_markers_render(measured):
    text = (
        "<!-- activations:stability-table -->\n"
        "<!-- activations:stability-causes -->\n"
        "σ′(40) is <!-- activations:stability-value sigmoid-prime true 40 -->, the naive "
        "formula gives <!-- activations:stability-value sigmoid-prime naive 40 -->; "
        "worst <!-- activations:stability-value gelu worst-stable -->; from "
        "<!-- activations:stability-value softplus onset overflow + -->\n"
        "<!-- activations:framework-table -->\n"
    )
    out = pages.expand_markers(text, Path("docs/x.md"), 1, "")
    assert "<!--" not in out
    assert "| Function | Naive formula |" in out
    assert "the naive formula gives 0;" in out
    assert "| Function | PyTorch | JAX | Flax | TensorFlow | Keras | MLX |" in out
    assert "[Leaky ReLU](functions/leaky_relu.md)" in out
    assert 'title="torch.nn.functional.leaky_relu"><code>leaky_relu</code></a><br>' in out
    assert "*computes it with α = 0.2; f′(0) = 0.2*" in out  # tf.nn.leaky_relu, measured
    assert "`LeakyReLU` computes it with α = 0.3" in out  # Keras' layer, apart from its function


@pytest.mark.parametrize(
    "marker",
    [
        "stability-value gelu nonsense",
        "stability-value nothing worst-naive",
        "stability-value gelu true 41.5",
    ],
)
def test_bad_stability_markers_name_file_and_line(marker):
    with pytest.raises(pages.BuildError, match=r"docs/x\.md:2: marker stability-value"):
        pages.expand_markers(f"text\n<!-- activations:{marker} -->\n", Path("docs/x.md"), 1, "")
