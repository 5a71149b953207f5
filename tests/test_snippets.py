"""The code a function page offers to copy: every snippet runs and computes the page's function.

The NumPy function is held to the package over the package's accuracy grid (every order of
magnitude, both signs, breakpoints) at its defaults and at each value a figure shows. Its
tolerance is that of a backward-stable formula: an error no larger than moving the input and
each parameter p by TOLERANCE_EPS float64 epsilons, |Δf| ≤ TOLERANCE_EPS·eps·(|f| + |z·∂f/∂z| +
Σ|p·∂f/∂p|) (the package itself is within 8 ULP of the true value); a formula that overflows,
underflows or cancels where the true value does not fails it. The framework calls run in the
frameworks' own environment (.venv-frameworks, as tests/test_frameworks.py) and are compared
with the package in float32; their names and keywords are checked against the measured record.
"""

from __future__ import annotations

import ast
import html
import json
import math
import os
import re
import subprocess

import numpy as np
import pytest

import activations
from scripts.pipeline import explorer, frameworks, snippets
from tests.test_accuracy import points
from tests.test_vector import VECTORS

TOLERANCE_EPS = 8
EPS = float(np.finfo(np.float64).eps)
TINY = float(np.finfo(np.float64).tiny)
ELEMENTWISE = activations.names()
VECTOR = activations.vector_names()
FRAMEWORKS_PYTHON = frameworks.ROOT / ".venv-frameworks" / "bin" / "python"


def numpy_function(act):
    """The page's NumPy snippet, executed with nothing but its own imports."""
    namespace: dict = {}
    exec(compile(snippets.numpy_source(act), f"<{act.slug} snippet>", "exec"), namespace)
    return namespace[act.slug]


def mismatches(z, got, want, scale, magnitude) -> list[str]:
    """Entries farther apart than the tolerance, each with the input and both values. Below
    the normal range an intermediate (e^z in z·σ(z)) holds only an absolute accuracy, half
    the subnormal spacing eps·tiny, which the factor |z| multiplies: that is allowed too."""
    found = []
    for x, g, w, s, m in zip(*map(np.ravel, (z, got, want, scale, magnitude))):
        if g == w or (math.isnan(g) and math.isnan(w)):
            continue
        allowed = TOLERANCE_EPS * EPS * (s + TINY * (1.0 + m))
        if not abs(g - w) <= allowed:
            found.append(f"z={x!r}: got {g!r}, want {w!r} (allowed ±{allowed:.3g})")
    return found


def parameter_sensitivity(slug: str, params: dict, z: np.ndarray) -> np.ndarray:
    """Σ|p·∂f/∂p| over the parameters, by central differences of the package (step 1e-6·p)."""
    total = np.zeros_like(z)
    for name, value in params.items():
        step = 1e-6 * value
        if step == 0:  # a parameter at 0: moving it by a relative amount moves nothing
            continue
        try:
            up, down = (activations.get(slug, **params | {name: value + s}) for s in (step, -step))
        except ValueError:  # a parameter at the end of its domain: one side only
            continue
        slope = value * (up.f(z) - down.f(z)) / (2 * step)
        total += np.nan_to_num(np.abs(slope), nan=0.0)  # ∞ - ∞ where f is infinite
    return total


@pytest.mark.parametrize("slug", ELEMENTWISE)
def test_numpy_snippet_matches_the_package(slug):
    failures = []
    for params in explorer.parameter_sets(activations.get(slug).definition):
        act = activations.get(slug, **params)
        z = np.array(points(act))
        with np.errstate(all="ignore"):
            got = numpy_function(act)(z, **params)
            want = act.f(z)
            scale = np.abs(want) + np.abs(z * act.df(z)) + parameter_sensitivity(slug, params, z)
        failures += [f"{params}: {m}" for m in mismatches(z, got, want, scale, np.abs(z))]
    assert not failures, f"{slug} NumPy snippet:\n" + "\n".join(failures)


@pytest.mark.parametrize("slug", VECTOR)
def test_numpy_snippet_matches_the_package_on_vectors(slug):
    record = activations.get(slug)
    halves = len(record.labels.inputs)
    failures = []
    for vector in (v for v in VECTORS if len(v) % halves == 0):
        z = np.array(vector)
        with np.errstate(all="ignore"):
            got = numpy_function(record)(z)
            want = record.f(z)
            jacobian = np.atleast_2d(record.jacobian(z))
            scale = np.abs(want) + np.abs(jacobian) @ np.abs(z)
        shape = np.shape(want)
        size = np.broadcast_to(np.max(np.abs(z)), shape)
        failures += mismatches(np.broadcast_to(str(vector), shape), got, want, scale, size)
    assert not failures, f"{slug} NumPy snippet:\n" + "\n".join(failures)


@pytest.mark.parametrize("slug", VECTOR)
@pytest.mark.parametrize("axis", [0, -1])
def test_numpy_snippet_takes_the_axis(slug, axis):
    record = activations.get(slug)
    z = np.random.default_rng(7).normal(size=(4, 6)) * 3.0
    np.testing.assert_allclose(
        numpy_function(record)(z, axis=axis), record.f(z, axis=axis), rtol=1e-13, atol=1e-15
    )


@pytest.mark.parametrize("slug", [*ELEMENTWISE, *VECTOR])
def test_numpy_snippet_imports_only_numpy_and_the_standard_library(slug):
    tree = ast.parse(snippets.numpy_source(activations.get(slug)))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module)])
    }
    assert imported <= {"numpy", "math"}, f"{slug} imports {sorted(imported)}"


def test_a_record_without_a_numpy_body_fails_the_build_naming_it():
    import dataclasses

    from scripts.pipeline.errors import BuildError

    act = activations.get("relu")
    bare = dataclasses.replace(act, definition=dataclasses.replace(act.definition, numpy=""))
    with pytest.raises(BuildError, match="relu: the record has no `numpy` body"):
        snippets.numpy_source(bare)


# --- the framework calls ----------------------------------------------------------------------

FRAMEWORK_SNIPPETS = {
    (act.slug, tab): snippet
    for act in frameworks.every_record()
    for tab, snippet in snippets.snippets(act).items()
    if tab in snippets.TABS and snippet.code
}
# Run in the frameworks' environment: each snippet as a reader would paste it, then its z and
# y as lists (a layer's output is detached from autograd first).
RUNNER = """
import json, sys
import numpy as np
results = {}
for key, code in json.load(sys.stdin).items():
    namespace = {}
    try:
        exec(code, namespace)
    except Exception as error:
        results[key] = {"error": f"{type(error).__name__}: {error}"}
        continue
    z, y = (namespace[n] for n in ("z", "y"))
    z, y = (v.detach() if hasattr(v, "detach") else v for v in (z, y))
    results[key] = {"z": np.asarray(z).tolist(), "y": np.asarray(y).tolist()}
json.dump(results, sys.stdout)
"""


@pytest.fixture(scope="module")
def framework_results() -> dict:
    """Snippet key "slug/tab" → its z and y, or the error it raised, from one run of them all."""
    if not FRAMEWORKS_PYTHON.exists():
        reason = "no .venv-frameworks: `make frameworks-env` installs the frameworks"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the framework snippets: {reason}")
        pytest.skip(reason)
    codes = {f"{slug}/{tab}": s.code for (slug, tab), s in FRAMEWORK_SNIPPETS.items()}
    done = subprocess.run(
        [str(FRAMEWORKS_PYTHON), "-c", RUNNER],
        input=json.dumps(codes),
        env={**os.environ, "KERAS_BACKEND": "jax"},  # the run whose names the Keras tab shows
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize("slug,tab", sorted(FRAMEWORK_SNIPPETS))
def test_framework_snippet_computes_the_page_function(framework_results, slug, tab):
    """In float32 (the frameworks' default), within 1e-5 of the package: enough to tell GELU
    from its tanh form (4.7e-4 apart) or one slope default from another."""
    result = framework_results[f"{slug}/{tab}"]
    assert "error" not in result, f"{slug} {tab} snippet raised {result.get('error')}"
    z, got = np.array(result["z"]), np.array(result["y"])
    act = activations.get(slug)
    want = act.f(z, axis=-1) if frameworks.is_vector(act) else act.f(z)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5, err_msg=f"{slug} {tab}")


def called(code: str) -> tuple[str, dict[str, object]]:
    """The dotted name the snippet's `y = …` line calls (a layer: its class), with keywords."""
    line = next(line for line in code.splitlines() if line.startswith("y = "))
    call = next(n for n in ast.walk(ast.parse(line)) if isinstance(n, ast.Call))
    if isinstance(call.func, ast.Call):  # a layer: built, then called on z
        call = call.func
    keywords = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    return ast.unparse(call.func), keywords


@pytest.mark.parametrize("slug,tab", sorted(FRAMEWORK_SNIPPETS))
def test_framework_snippet_names_and_keywords_come_from_the_record(slug, tab):
    """The callable is one the record measured for the function in that framework (for a
    gated unit the framework lacks, for its gate); a keyword is a required argument as
    measured, a site default where the measured default differs (never the measured default
    itself), the switch off another function's default, or one the record's call passed."""
    name, keywords = called(FRAMEWORK_SNIPPETS[slug, tab].code)
    recorded = frameworks.record()["activations"].get(slug, {}).get("frameworks", {})
    if not any(run in recorded for run in snippets.TABS[tab]):
        slug = activations.get(slug).gate
        recorded = frameworks.record()["activations"][slug]["frameworks"]
    entries = [
        e for run in snippets.TABS[tab] for e in recorded.get(run, {}).values() if e["name"] == name
    ]
    assert entries, f"{slug} {tab}: {name} is not in the record for {tab}"
    entry = entries[0]
    sig = entry["signature"]
    defaults = sig.get("defaults", {})
    act = activations.get(slug)
    params = {p.name: p.default for p in getattr(act, "definition", act).params}
    for key, value in keywords.items():
        if key in entry["called_with"].get("keywords", {}):
            assert value == entry["called_with"]["keywords"][key], key
            continue
        if key in sig.get("required", []):
            assert value == entry["called_with"]["args"][sig["required"].index(key)], key
            continue
        assert key in defaults and value != defaults[key], f"{slug} {tab}: {key}={value!r}"
        if isinstance(defaults[key], bool):
            assert entry["computes"]["slug"] != slug and value is not defaults[key]
        elif key in ("axis", "dim"):
            assert value == -1
        else:
            measured = {p: v for p, v in entry["computes"]["params"].items() if v == defaults[key]}
            assert any(params[p] == value for p in measured), f"{slug} {tab}: {key}={value!r}"
    if "computes" in entry and entry["computes"]["slug"] == slug:
        differs = [p for p, v in entry["computes"]["params"].items() if v != params[p]]
        assert len(differs) <= len(keywords), f"{slug} {tab}: {differs} not set by a keyword"


# --- the built pages --------------------------------------------------------------------------


@pytest.mark.parametrize("slug", [*ELEMENTWISE, *VECTOR])
def test_every_function_page_shows_the_code_in_tabs(site, slug):
    """The page's Code section has a tab per framework and one for NumPy, whose code is the
    function these tests run, to the character."""
    page = (site / "functions" / slug / "index.html").read_text(encoding="utf-8")
    start = re.search(r"<h2 id=\"?code\"?>", page).start()
    section = page[start : re.search(r"<h2 id=\"?references\"?>", page).start()]
    labels = re.findall(r"<label for=\"?__tabbed_\d+_\d+\"?>([^<]+)</label>", section)
    assert labels == [*snippets.TABS, "NumPy"], labels
    blocks = re.findall(r"<pre>.*?<code>(.*?)</code></pre>", section, re.S)
    shown = [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]
    assert snippets.numpy_source(activations.get(slug)) in shown


@pytest.mark.parametrize("slug", VECTOR)
def test_the_calls_table_shows_the_calls_the_code_tabs_run(slug):
    """The framework-calls table (docs/vector.md) is made from the same record as the code
    tabs: each of its function calls is the one its tab runs, and a framework without one
    shows a dash."""
    act = activations.get(slug)
    for tab, cell in zip(snippets.TABS, snippets.call_cells(act, x="z"), strict=True):
        code = snippets.framework_snippet(act, tab).code
        if cell == "—":
            continue
        shown = re.findall(r"<code[^>]*>(.*?)</code>", cell.replace("<wbr>", ""))
        assert shown and all("(" in call for call in shown), cell
        functions = [call for call in shown if call.endswith("(z)") or "(z," in call]
        assert any(f"y = {call}" in code for call in functions), (tab, shown, code)
