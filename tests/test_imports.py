"""No import cycle in the package or the build code: every import counts, deferred or not."""

from __future__ import annotations

import pytest

from scripts.pipeline import imports


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
