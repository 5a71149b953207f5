"""The code's shape: no import cycle in the package or the build code (every import counts,
deferred or not), and MkDocs' hooks only hand the pipeline's output over."""

from __future__ import annotations

import re

import pytest

from scripts.pipeline import imports
from scripts.pipeline.reload import ROOT

HOOK_LINES = 150  # in all the hook files MkDocs loads


@pytest.mark.parametrize("package", ["activations", "scripts"])
def test_no_import_cycle(package):
    edges = imports.graph(package)
    assert len(edges) > 5, f"{package}: its modules were not found"
    assert imports.cycle(edges) is None, " → ".join(imports.cycle(edges))


def test_a_cycle_is_found_deferred_or_not(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg import b\n")
    (package / "b.py").write_text("def f():\n    from . import c\n")
    (package / "c.py").write_text("import pkg.a\n")
    edges = imports.graph("pkg", tmp_path)
    assert imports.cycle(edges) == ["pkg.a", "pkg.b", "pkg.c", "pkg.a"]
    (package / "c.py").write_text("import json\n")
    assert imports.cycle(imports.graph("pkg", tmp_path)) is None


def test_a_walk_is_done_again_after_an_edit_or_a_new_module(tmp_path):
    """closure() reuses its last walk of the same files only while they and the modules it
    did not find are as they were: a stage's cache key never misses new code."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    first = package / "first.py"
    first.write_text("import json\n")
    assert imports.closure((first,), tmp_path) == ({first, package / "__init__.py"}, set())
    first.write_text("import json\nfrom pkg import second\n")  # not written yet
    assert imports.closure((first,), tmp_path)[0] == {first, package / "__init__.py"}
    (package / "second.py").write_text("import numpy\n")
    files, libraries = imports.closure((first,), tmp_path)
    assert package / "second.py" in files and libraries == {"numpy"}
    (package / "second.py").write_text("import yaml\n")
    assert imports.closure((first,), tmp_path)[1] == {"yaml"}


def test_the_mkdocs_hook_files_are_thin():
    """The hooks hand the pipeline's output to MkDocs; what they do is in scripts.adapter's
    and scripts.pipeline's modules, which tests can call without MkDocs."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^hooks:\n((?:  - .*\n)+)", config, re.MULTILINE)
    assert block, "mkdocs.yml lists no hooks"
    hooks = [ROOT / line.strip()[2:] for line in block[1].splitlines()]
    lines = {hook.name: len(hook.read_text(encoding="utf-8").splitlines()) for hook in hooks}
    assert sum(lines.values()) <= HOOK_LINES, lines


NUMERICS_ONLY = """
import sys
import numpy as np
import activations
for name in activations.names():
    act = activations.get(name)
    act.f(np.linspace(-3.0, 3.0, 7)), act.df(0.5), act.d2f(-0.5)
for name in activations.vector_names():
    record = activations.get(name)
    record.f(np.arange(4.0)), record.jacobian(np.arange(4.0))
assert "sympy" not in sys.modules, "imported by evaluating"
activations.get("gelu_tanh").latex, activations.get("softmax").latex
assert "sympy" in sys.modules
"""


def test_evaluating_the_functions_does_not_import_sympy():
    """`import activations` and every function's f, f′, f″ (and each vector function and
    its Jacobian) need numpy alone: sympy, nine tenths of the import time, comes in with
    the first formula."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", NUMERICS_ONLY], cwd=ROOT, capture_output=True,
                         text=True, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]


def test_the_sources_are_parsed_one_at_a_time(tmp_path, monkeypatch):
    """The notebooks' threads and the build's read the same sources at once, and Python
    3.11's parser fails at random when two threads parse at once (CPython gh-106905): each
    parse of a source, for its imports or for a hash blind to some arguments, holds the
    module's lock."""
    import ast

    held, parse = [], ast.parse

    def watched(*args, **kwargs):
        held.append(imports._LOCK.locked())
        return parse(*args, **kwargs)

    monkeypatch.setattr(imports.ast, "parse", watched)
    source = tmp_path / "probe_source.py"
    # a source of its own: what a parse found is kept in the build's cache by content
    source.write_text(f"# {tmp_path}\nimport json\n\nVALUE = dict(summary='one')\n")
    imports.source_digest(source, "probe_source")
    imports.source_digest(source, "probe_source", ignoring=("summary",))
    assert held == [True, True]
