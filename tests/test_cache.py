"""The build's one cache: stage keys follow what a stage reads, entries are verified."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import activations
from scripts.pipeline.cache import Cache
from scripts.pipeline.stage import Stage
from tests.conftest import project_copy

# Every stage's key, printed by the copy's own code (a fresh process imports the edited files).
KEYS = """
import json
from pathlib import Path
from scripts.pipeline import build, figures, notebooks
print(json.dumps({
    "properties": build.PROPERTIES.family_keys(build.family_modules()),
    "assets": build.ASSETS.key(),
    "pages": build.PAGES.key(),
    "drawing": figures.DRAWING.key(),
    "notebooks": {p.stem: notebooks.cache_key(p) for p in notebooks.sources(Path("docs"))},
}))
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return project_copy(tmp_path_factory.mktemp("keys"), own_code=True)


def keys(project: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(project)}
    result = subprocess.run([sys.executable, "-c", KEYS], cwd=project, env=env,
                            capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(result.stdout)


def edited(project: Path, module: str, edit) -> dict:
    """The keys with ``module``'s file edited, then the file as it was."""
    path = project / (module.replace(".", "/") + ".py")
    before = path.read_text(encoding="utf-8")
    path.write_text(edit(before), encoding="utf-8")
    try:
        return keys(project)
    finally:
        path.write_text(before, encoding="utf-8")


def comments_and_blank_lines(source: str) -> str:
    """``source`` with comments and blank lines added (around its imports: no string there)."""
    source = source.replace("\nimport ", "\n\n# a comment\nimport ").replace("\nfrom ", "\n\nfrom ")
    return "# a first comment\n\n" + source.replace(":\n", ":  # a trailing comment\n", 1) + "\n\n"


def test_a_comment_or_layout_edit_changes_no_key(project):
    before = keys(project)
    for module in ("activations._relu", "activations._core", "scripts.pipeline.figures"):
        assert edited(project, module, comments_and_blank_lines) == before, module


def test_a_benchmark_edit_changes_no_key(project):
    before = keys(project)
    assert edited(project, "scripts.tools.bench_katex", lambda s: s + "\nLIMIT = 3\n") == before


def test_a_code_edit_to_one_family_changes_only_its_keys(project):
    before = keys(project)
    after = edited(project, "activations._relu", lambda s: s + "\nLIMIT = 3\n")
    relu_family = {
        s for s in activations.names() if activations.module_of(s) == "activations._relu"
    }
    changed = {s for s, key in after["properties"].items() if key != before["properties"][s]}
    assert changed == relu_family
    assert after["assets"] != before["assets"] and after["pages"] != before["pages"]
    assert after["notebooks"].keys() == before["notebooks"].keys()
    assert all(after["notebooks"][n] != key for n, key in before["notebooks"].items())
    assert after["drawing"] == before["drawing"], "drawing reads figures.py alone"
    after_figures = edited(project, "scripts.pipeline.figures", lambda s: s + "\nLIMIT = 3\n")
    assert after_figures["drawing"] != before["drawing"]
    assert after_figures["notebooks"] == before["notebooks"]


def test_a_new_vector_activation_module_changes_the_keys_that_read_the_package(project):
    """The vector records are found by walking their package, not by an import statement:
    a module added there is still part of what the stages read."""
    before = keys(project)
    added = project / "activations" / "_vectors" / "probe.py"
    added.write_text(
        "import dataclasses\nfrom activations._vectors.glu import RECORD as GLU\n\n"
        'RECORD = dataclasses.replace(GLU, slug="probe")\n',
        encoding="utf-8",
    )
    try:
        after = keys(project)
    finally:
        added.unlink()
    assert after["assets"] != before["assets"] and after["pages"] != before["pages"]


def test_a_damaged_entry_is_dropped_and_computed_again(tmp_path):
    cache = Cache(tmp_path)
    stage = Stage("probe", ("activations",))
    catalog = activations.catalog()
    family_of = {slug: activations.module_of(slug) for slug in activations.names()}
    computed = []
    compute = lambda act: computed.append(act.slug) or act.slug.upper()  # noqa: E731
    results, count = cache.per_activation(stage, catalog, compute, family_of)
    assert count == len(catalog) and results == {s: s.upper() for s in activations.names()}
    assert cache.per_activation(stage, catalog, compute, family_of) == (results, 0)
    entries = sorted((tmp_path / "probe").iterdir())
    entries[0].write_bytes(entries[0].read_bytes()[:-1] + b"?")  # one byte changed
    entries[1].write_bytes(b"")  # an interrupted write
    computed.clear()
    assert cache.per_activation(stage, catalog, compute, family_of)[0] == results
    assert 0 < len(computed) < len(catalog)
    assert cache.per_activation(stage, catalog, compute, family_of) == (results, 0)


def test_a_stage_output_changed_on_disk_is_produced_again(tmp_path):
    cache, stage, out = (
        Cache(tmp_path / "cache"),
        Stage("probe", ("scripts.pipeline.urls",)),
        tmp_path,
    )
    runs = []

    def produce():
        runs.append(1)
        (out / "a.txt").write_text("made")
        return {"a.txt": out / "a.txt"}

    assert cache.files(stage, out, produce) == ({"a.txt": out / "a.txt"}, False)
    assert cache.files(stage, out, produce)[1] is True
    (out / "a.txt").write_text("another build's")
    assert cache.files(stage, out, produce)[1] is False
    assert (out / "a.txt").read_text() == "made" and len(runs) == 2
    assert cache.files(stage, out, produce, "other data")[1] is False
