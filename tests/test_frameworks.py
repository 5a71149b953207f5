"""The framework record (measurements/frameworks.json) against the frameworks and the catalog.

The record is written by `make frameworks` in the frameworks' own environment
(.venv-frameworks). Where that environment exists, the record is measured again
and every field that changed is named; without it the re-measurement is skipped
locally with the reason, and fails under CI, whose .ci/run installs it. The other
tests read the record alone: it covers every framework name of the catalog, and
its derived fields agree with its data.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

import activations
from activations import reference
from scripts.tools import measure_frameworks as measure

FRAMEWORKS_PYTHON = measure.ROOT / ".venv-frameworks" / "bin" / "python"
RECORD = json.loads(measure.RECORD.read_text())


def recorded_callables():
    """(slug, run, role, entry) for every measured function and layer."""
    for slug, item in RECORD["activations"].items():
        for run, roles in item.get("frameworks", {}).items():
            for role, entry in roles.items():
                yield slug, run, role, entry


def test_record_is_current(tmp_path):
    if not FRAMEWORKS_PYTHON.exists():
        reason = "no .venv-frameworks: `make frameworks-env` installs the frameworks to re-measure"
        if os.environ.get("CI"):
            pytest.fail(f"CI must re-measure the frameworks: {reason}")
        pytest.skip(reason)
    fresh = tmp_path / "frameworks.json"
    subprocess.run(
        [str(FRAMEWORKS_PYTHON), measure.__file__, "--output", str(fresh)],
        env={**os.environ, "PYTHONPATH": str(measure.ROOT)},
        check=True,
    )
    problems = measure.stale(RECORD, json.loads(fresh.read_text()))
    assert not problems, "the record is stale (run `make frameworks`):\n" + "\n".join(problems)


def test_record_covers_every_framework_name():
    wanted = {
        (slug, run, role, name)
        for run, (framework, _, _) in measure.RUNS.items()
        for slug, fw in measure.entries(framework)
        for role, name in (("function", fw.function), ("layer", fw.layer))
        if name
    }
    recorded = {(slug, run, role, entry["name"]) for slug, run, role, entry in recorded_callables()}
    assert sorted(wanted - recorded) == [], "named in FRAMEWORKS, missing from the record"
    assert sorted(recorded - wanted) == [], "in the record, no longer named in FRAMEWORKS"
    assert set(RECORD["about"]["runs"]) == set(measure.RUNS)
    missing = {d: v for d, v in RECORD["about"]["versions"].items() if v == "not installed"}
    assert not missing, f"measured without {sorted(missing)}"


CONFIG_NAMES = RECORD["model_configs"]["names"]


def test_the_record_measured_transformers_activation_registry():
    assert RECORD["about"]["versions"]["transformers"] != "not installed"
    assert {"gelu_new", "gelu_fast", "quick_gelu", "relu2", "silu", "xielu"} <= set(CONFIG_NAMES)


@pytest.mark.parametrize("key", sorted(CONFIG_NAMES))
def test_each_model_config_name_resolves_to_the_function_it_computes(key):
    """`activations.get(hidden_act)` is the function transformers computes for that name: the
    catalog function the measurement found nearest, at its defaults, within 1e-5 on [-10, 10]
    (transformers rounds some constants, e.g. laplace's mu = 0.707107)."""
    computes = CONFIG_NAMES[key]["computes"]
    act = activations.get(key)
    assert (act.slug, dict(act.params)) == (computes["slug"], computes["params"]), computes
    assert computes["max_abs_diff"] <= 1e-5, computes


def test_every_recorded_name_resolved_where_it_lives():
    for slug, run, role, entry in recorded_callables():
        assert entry["lives_in"].strip("."), f"{slug} {run} {role}: {entry['name']} not resolved"
        assert set(measure.DTYPES) <= set(entry), f"{slug} {run} {role}: not measured"


@pytest.mark.parametrize("slug", sorted(RECORD["activations"]))
def test_record_is_internally_consistent(slug):
    """The package's values are today's, and every summary follows from the record's data."""
    item = RECORD["activations"][slug]
    assert item["package"] == json.loads(json.dumps(measure.package_entry(slug))), (
        f"{slug}: the package's values changed; run `make frameworks`"
    )
    breakpoints = activations.get(slug).breakpoints if slug in activations.names() else None
    for run, roles in item["frameworks"].items():
        for role, entry in roles.items():
            for dtype in measure.DTYPES:
                for order, values in entry[dtype].get("breakpoints", {}).items():
                    if not isinstance(values, str):
                        assert len(values) == len(breakpoints), (slug, run, role, order)
            derived = json.loads(json.dumps(measure.differences(slug, entry, item["package"])))
            assert entry["differs"] == derived, f"{slug} {run} {role}: differs is not derived"


def test_the_package_takes_pytorchs_gradient_at_each_kink():
    """Activation.df documents PyTorch's autograd value at a breakpoint (ReLU′(0) = 0)."""
    for slug in activations.names():
        item = RECORD["activations"].get(slug, {})
        entry = item.get("frameworks", {}).get("PyTorch", {}).get("function")
        if entry is None or "computes" in entry["differs"]:
            continue
        zs = item["package"]["breakpoints"]
        theirs = entry["float64"]["breakpoints"]["df"]
        ours = item["package"]["float64"]["breakpoints"]["df"]
        for z, got, want in zip(zs, theirs, ours):
            apart = abs(float(got) - float(want)) / reference.ulp(float(want))
            assert apart <= 1, f"{slug}′({z}): PyTorch {got}, the package {want}"


# The frameworks page, "Precision in the tails": where PyTorch's float64 values lose their
# digits (the page names each), as (slug, which, where the loss shows: "tails" anywhere on the
# grid, "near" within |z| <= 10).
PYTORCH_TAIL_CLAIMS = [
    ("sigmoid", "df", "tails"), ("tanh", "df", "near"), ("gelu", "f", "near"),
    ("gelu_tanh", "f", "near"), ("sigmoid", "f", "tails"), ("silu", "f", "tails"),
    ("mish", "df", "tails"), ("tanhshrink", "f", "near"), ("hard_sigmoid", "df", "near"),
]  # fmt: skip


@pytest.mark.parametrize(("slug", "which", "where"), PYTORCH_TAIL_CLAIMS)
def test_the_frameworks_pages_precision_claims_hold_in_the_record(slug, which, where):
    """Each loss of digits the frameworks page states is in the record: thousands of ULP or
    more, where the package stays within a few (tests/test_accuracy.py)."""
    entry = RECORD["activations"][slug]["frameworks"]["PyTorch"]["function"]["float64"][which]
    assert entry["max_ulp" if where == "tails" else "max_ulp_within_10"] > 1e3
    page = (measure.ROOT / "docs" / "frameworks.md").read_text(encoding="utf-8")
    assert "measurements/frameworks.json" in page
