"""The framework record (measurements/frameworks.json) against the frameworks and the catalog.

The record is written by `make frameworks` in the frameworks' own environment
(.venv-frameworks). Where that environment exists, the record is measured again
and every field that changed is named; without it the re-measurement is skipped
locally with the reason, and fails under CI, whose .ci/run installs it. The other
tests read the record alone: it covers every framework name of the catalog, and
its derived fields agree with its data.

Values are compared bit for bit on a processor of the record's kind (its `cpu`: the
architecture and the widest vector instructions, whose code paths differ in last bits
and in some special values). On another kind, the re-measurement must find the same
callables under the same names, and the package's values must agree within 8 ULP.
"""

from __future__ import annotations

import json
import os
import re
import subprocess

import numpy as np
import pytest

import activations
from activations import reference
from scripts.tools import measure_frameworks as measure

FRAMEWORKS_PYTHON = measure.ROOT / ".venv-frameworks" / "bin" / "python"
RECORD = json.loads(measure.RECORD.read_text())
SAME_CPU = RECORD["about"]["cpu"] == measure.cpu_class()
PRECISIONS = {"float32": np.float32, "float64": np.float64}


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
    measured = json.loads(fresh.read_text())
    if SAME_CPU:
        problems = measure.stale(RECORD, measured)
    else:  # last bits and some special values are the processor's: the callables are not
        problems = measure.stale(callables(RECORD), callables(measured))
    assert not problems, "the record is stale (run `make frameworks`):\n" + "\n".join(problems)


def callables(record: dict) -> dict:
    """Each activation's measured callables by framework run and role, by name."""
    return {slug: {run: {role: entry["name"] for role, entry in roles.items()}
                   for run, roles in item.get("frameworks", {}).items()}
            for slug, item in record["activations"].items()}  # fmt: skip


def within_ulps(recorded, today, dtype=np.float64, ulps: int = 8) -> bool:
    """The same structure, texts and special values, and numbers within ``ulps`` ULP of
    their precision (the one their key names, float64 elsewhere)."""
    if isinstance(recorded, dict) and isinstance(today, dict):
        return recorded.keys() == today.keys() and all(
            within_ulps(recorded[key], today[key], PRECISIONS.get(key, dtype), ulps)
            for key in recorded
        )
    if isinstance(recorded, list) and isinstance(today, list):
        return len(recorded) == len(today) and all(
            within_ulps(old, new, dtype, ulps) for old, new in zip(recorded, today)
        )
    if isinstance(recorded, float) and isinstance(today, float):
        return abs(recorded - today) <= ulps * reference.ulp(recorded, dtype)
    return recorded == today


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


# Names whose transformers class keeps its default parameters in a narrower type, which
# the page names: XIELUActivation stores alpha_p, alpha_n, beta and eps in bfloat16.
ROUNDED_DEFAULTS = {"xielu": "bfloat16"}


@pytest.mark.parametrize("key", sorted(CONFIG_NAMES))
def test_each_model_config_name_resolves_to_the_function_it_computes(key):
    """`activations.get(hidden_act)` is the function transformers computes for that name: the
    catalog function the measurement found nearest, at its defaults, within 1e-5 on [-10, 10]
    (transformers rounds some constants, e.g. laplace's mu = 0.707107)."""
    computes = CONFIG_NAMES[key]["computes"]
    act = activations.get(key)
    assert (act.slug, dict(act.params)) == (computes["slug"], computes["params"]), computes
    if key in ROUNDED_DEFAULTS:  # the gap is the rounding, and the page says so
        prose = (measure.ROOT / "docs" / "functions" / f"{act.slug}.md").read_text()
        assert ROUNDED_DEFAULTS[key] in prose and computes["max_abs_diff"] <= 0.1, computes
    else:
        assert computes["max_abs_diff"] <= 1e-5, computes


def test_every_recorded_name_resolved_where_it_lives():
    for slug, run, role, entry in recorded_callables():
        assert entry["lives_in"].strip("."), f"{slug} {run} {role}: {entry['name']} not resolved"
        assert set(measure.DTYPES) <= set(entry), f"{slug} {run} {role}: not measured"


@pytest.mark.parametrize("slug", sorted(RECORD["activations"]))
def test_record_is_internally_consistent(slug):
    """The package's values are today's, and every summary follows from the record's data."""
    item = RECORD["activations"][slug]
    today = json.loads(json.dumps(measure.package_entry(slug)))
    same = item["package"] == today if SAME_CPU else within_ulps(item["package"], today)
    assert same, f"{slug}: the package's values changed; run `make frameworks`"
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


# --- the pages generated from the record (scripts/pipeline/frameworks.py) -------------------


def test_a_record_naming_an_unmeasured_framework_fails_the_build_naming_it():
    """A new record's framework names are measured (`make frameworks`) before publishing."""
    import dataclasses

    from scripts.pipeline import frameworks
    from scripts.pipeline.errors import BuildError

    relu = activations.get("relu")
    unmeasured = activations.FrameworkName("JAX", function="jax.nn.relu_not_measured")
    stub = dataclasses.make_dataclass("Stub", ["slug", "frameworks"])("relu", (unmeasured,))
    with pytest.raises(BuildError, match="relu: JAX function jax.nn.relu_not_measured"):
        frameworks.measured(stub)
    assert frameworks.measured(relu)  # the real record is measured


def test_every_function_page_shows_every_measured_framework_with_a_documentation_link():
    from scripts.pipeline import frameworks, pages

    for act in frameworks.every_record():
        table = pages.frameworks_markdown(act)
        for m in frameworks.callables(act):
            url = frameworks.DOC_URLS[m.framework](m.name, m.role)
            code = m.name.replace(".", ".<wbr>") + frameworks.keywords_text(m.keywords)
            assert f'<a href="{url}"><code>{code}</code></a>' in table, (act.slug, m.run)


def test_a_call_with_keywords_computes_its_function_and_the_pages_show_them():
    """Where a framework computes an activation only with keyword arguments (PyTorch's GELU
    with approximate='tanh'), the record measured that call, it computes the function, and
    the page's table and code tab both pass them."""
    from scripts.pipeline import frameworks, pages, snippets

    with_keywords = [(act, m) for act in frameworks.every_record()
                     for m in frameworks.callables(act) if m.keywords]  # fmt: skip
    assert ("gelu_tanh", "PyTorch") in {(act.slug, m.run) for act, m in with_keywords}
    for act, m in with_keywords:
        fw = next(f for f in act.frameworks if f.framework == m.framework)
        assert m.keywords == dict(fw.keywords), (act.slug, m.run)
        assert m.entry["computes"]["slug"] == act.slug, (act.slug, m.run, m.entry["computes"])
        call = frameworks.keywords_text(m.keywords)
        assert call in pages.frameworks_markdown(act), (act.slug, m.run)
        tab = snippets.framework_snippet(act, m.framework)
        assert ", ".join(f"{k}={v!r}" for k, v in m.keywords.items()) in tab.code, tab


def test_defaults_shown_with_a_parameter_are_what_the_default_call_computes():
    from scripts.pipeline import frameworks

    assert frameworks.frameworks_with_default(activations.get("leaky_relu"), "alpha", 0.01) == [
        "PyTorch", "JAX", "Flax", "MLX"
    ]  # fmt: skip
    assert frameworks.frameworks_with_default(activations.get("prelu"), "alpha", 0.25) == [
        "PyTorch", "MLX"
    ]  # fmt: skip


def test_the_porting_checklist_names_the_differences_the_issue_reports():
    from scripts.pipeline import frameworks

    defaults = frameworks.porting_defaults()
    assert "**GELU (tanh approximation)**: JAX, Flax" in defaults
    keras = '<code class="identifier">LeakyReLU</code>'
    assert f"**Leaky ReLU with α = 0.3**: Keras {keras}" in defaults
    kinks = frameworks.porting_kinks()
    assert "**f′ = 2**: Keras (TensorFlow)" in kinks and "**f′ = 0**: MLX" in kinks


def test_the_accuracy_table_has_every_functions_recorded_errors():
    from scripts.pipeline import frameworks

    table = frameworks.accuracy_table("grid")
    rows = table.count("<tr><td")
    assert rows == len(frameworks.accuracy_rows())
    entry = RECORD["activations"]["hard_sigmoid"]["frameworks"]["PyTorch"]["function"]
    assert f'data-sort="{entry["float64"]["df"]["max_ulp"]!r}"' in table


def test_each_finding_states_the_records_numbers():
    """Every finding's error is the record's largest error for that callable, dtype and order."""
    from scripts.pipeline import frameworks

    for kind, found in frameworks.findings().items():
        for f in found:
            entry = RECORD["activations"][f.slug]["frameworks"][f.run]
            entry = entry.get("function") or entry["layer"]
            assert f.ulp == float(entry[f.dtype][f.order]["max_ulp"]), (kind, f.text)
            if kind != "tails":  # those state where, not how far
                assert frameworks.ulp_text(f.ulp) in f.text


def test_float32_findings_are_explained_by_rounding_the_true_value_to_float32():
    """PyTorch's hardsigmoid slope in float64 is 1/6 rounded to float32: the record's error at
    the point it names is |fl32(1/6) − 1/6| in float64 ULP."""
    import numpy as np

    from scripts.pipeline import frameworks

    found = {(f.slug, f.run, f.order): f for f in frameworks.findings()["float32"]}
    hard = found["hard_sigmoid", "PyTorch", "df"]
    sixth = 1 / 6
    assert hard.ulp == pytest.approx(abs(float(np.float32(sixth)) - sixth) / reference.ulp(sixth),
                                     rel=0.01)  # fmt: skip
    assert ("tanh", "Keras (JAX)", "f") in found  # its float64 result is float32
    assert ("leaky_relu", "TensorFlow", "df") in found  # alpha = 0.2 held in float32


def test_softplus_threshold_finding_is_the_dropped_term():
    """PyTorch returns z above threshold=20: at z = 25 the float64 errors are log(1 + e⁻²⁵) in
    ULP of f(25), and 1 − σ(25) in ULP of σ(25)."""
    import mpmath

    from scripts.pipeline import frameworks

    (f,) = [f for f in frameworks.findings()["threshold"] if f.run == "PyTorch"]
    assert f.z == 25 and "threshold=20" in f.text
    entry = RECORD["activations"]["softplus"]["frameworks"]["PyTorch"]["function"]["float64"]
    dropped = float(mpmath.log1p(mpmath.exp(-25)))
    assert float(entry["f"]["max_ulp"]) == pytest.approx(dropped / reference.ulp(25.0), rel=0.01)
    tail = float(1 - 1 / (1 + mpmath.exp(-25)))
    assert float(entry["df"]["max_ulp"]) == pytest.approx(tail / reference.ulp(1 - tail), rel=0.01)


def test_mlx_elu_gradient_fails_where_a_float32_exponential_overflows_even_in_float64():
    """The finding's cause: between the last finite grid point and the first NaN lies
    ln(float32 max) = 88.72, in float64 as in float32."""
    import numpy as np

    from scripts.pipeline import frameworks

    (f,) = [f for f in frameworks.findings()["tails"] if f.slug == "elu" and f.run == "MLX"]
    limit = float(np.log(np.finfo(np.float32).max))
    for dtype in ("float32", "float64"):
        bad = RECORD["activations"]["elu"]["frameworks"]["MLX"]["function"][dtype]["df"]
        first = bad["nonfinite_at"][0]
        good = max(x for x in RECORD["about"]["grid_points"][dtype] if 0 < x < first)
        assert good < limit < first
    assert "e^|z| overflows float32 at |z| = 88.72" in f.text


def test_no_correct_digit_findings_have_errors_of_at_least_half_the_true_value():
    """sigmoid′(50) = 1.93 × 10⁻²² in float64 in every framework: their y(1 − y) rounds to 0."""
    import mpmath

    from scripts.pipeline import frameworks

    found = [f for f in frameworks.findings()["digits"]]
    assert {(f.slug, f.order, f.z) for f in found} >= {("sigmoid", "df", 50.0)}
    for f in found:
        true = float(getattr(activations.get(f.slug), f.order)(f.z))
        assert f.ulp * reference.ulp(true) >= abs(true) / 2, f.text
    sigmoid_df_50 = float(mpmath.exp(-50) / (1 + mpmath.exp(-50)) ** 2)
    entry = RECORD["activations"]["sigmoid"]["frameworks"]["PyTorch"]["function"]["float64"]["df"]
    assert entry["at"] == 50.0
    assert float(entry["max_ulp"]) * reference.ulp(sigmoid_df_50) == pytest.approx(
        sigmoid_df_50, rel=0.01
    )  # the whole value: PyTorch returns 0


def test_each_function_page_lists_the_config_names_that_compute_it_with_the_measured_gap():
    from scripts.pipeline import frameworks, pages

    for key, entry in CONFIG_NAMES.items():
        act = activations.get(entry["computes"]["slug"])
        page = pages.activation_page(act, None)
        section = page.split("### In model configurations", 1)[1].split("\n## ", 1)[0]
        cell = f"| {frameworks.identifier_code(key)} |"
        row = next(line for line in section.splitlines() if line.startswith(cell))
        gap = frameworks.number_text(entry["float64"]["f"]["to_package"]["max_abs"])
        assert gap in row, (key, row)


def test_an_identifier_in_a_table_breaks_only_after_a_dot_or_an_underscore():
    from scripts.pipeline import frameworks

    code = frameworks.identifier_code("transformers.activations.GELUActivation_x")
    assert code == ('<code class="identifier">transformers.<wbr>activations.<wbr>'
                    "GELUActivation_<wbr>x</code>")  # fmt: skip
    gelu = frameworks.callables(activations.get("gelu"))
    layer = next(m for m in gelu if m.run == "PyTorch" and m.role == "layer")
    assert frameworks.defaults_text(layer.entry) == (
        "<code class=\"identifier\">approximate=<wbr>'none'</code>"
    )  # a default breaks after its name, never inside it
    css = (measure.ROOT / "docs" / "assets" / "site.css").read_text(encoding="utf-8")
    rule = re.search(r"\.md-typeset :is\(td, th\) code\.identifier \{([^}]*)\}", css)
    assert rule and "word-break: normal" in rule[1] and "overflow-wrap: normal" in rule[1]


def test_on_another_processor_values_may_move_by_8_ulp_of_their_precision():
    """The comparison used on a processor of another kind than the record's: a package value
    may differ in its last bits (in float32 units for float32), not by more; names must not."""
    recorded = {"float32": {"f": [0.1, 1.0, "nan"]}, "float64": {"f": [0.1, 1.0, "inf"]}}

    def moved(dtype: str, ulps: int) -> dict:
        today = json.loads(json.dumps(recorded))
        today[dtype]["f"][0] += ulps * reference.ulp(0.1, PRECISIONS[dtype])
        return today

    assert within_ulps(recorded, moved("float64", 3)) and within_ulps(recorded, moved("float32", 3))
    assert not within_ulps(recorded, moved("float64", 100))
    assert not within_ulps(recorded, {**recorded, "float64": {"f": [0.1, 1.0, "nan"]}})
    fewer = json.loads(json.dumps(RECORD))
    fewer["activations"]["gelu"]["frameworks"]["PyTorch"].pop("layer")
    assert measure.stale(callables(RECORD), callables(fewer)) == [
        "/gelu/PyTorch/layer: not measured"
    ]
