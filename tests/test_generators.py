"""The site builds from the same mkdocs.yml with MkDocs and with ProperDocs, its maintained
fork: every file is identical but for the generator's name, and a failed strict build
leaves the previous site in place under both."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import mkdocs_build, project_copy

GENERATOR_TAG = re.compile(rb"<meta content=\"?[^>]*\"? name=\"?generator\"?>")


def test_properdocs_builds_the_site_mkdocs_builds(site, tmp_path):
    from tests.conftest import ROOT

    other = tmp_path / "site"
    result = mkdocs_build(ROOT, other, generator="properdocs")
    assert result.returncode == 0, result.stderr[-4000:]
    ours = {p.relative_to(site) for p in site.rglob("*") if p.is_file()}
    theirs = {p.relative_to(other) for p in other.rglob("*") if p.is_file()}
    assert ours == theirs
    differing = []
    for name in sorted(ours):
        a, b = (site / name).read_bytes(), (other / name).read_bytes()
        if a != b:
            assert b"ProperDocs" in GENERATOR_TAG.search(b).group(0), name
            if GENERATOR_TAG.sub(b"", a) != GENERATOR_TAG.sub(b"", b):
                differing.append(str(name))
    assert not differing, f"differ beyond the generator tag: {differing[:10]}"


@pytest.mark.parametrize("generator", ["mkdocs", "properdocs"])
def test_a_failed_strict_build_keeps_the_previous_site(tmp_path, generator):
    project = project_copy(tmp_path)
    page = project / "docs" / "glossary.md"
    page.write_text(page.read_text() + "\n[a broken link](no-such-page.md)\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site")
    result = mkdocs_build(project, site, generator=generator)
    assert result.returncode != 0, "the build should have failed"
    assert "no-such-page.md" in result.stdout + result.stderr
    assert (site / "index.html").read_text() == "previous site", "the old site was replaced"
    assert not Path(f"{site}.partial").exists(), "a half-written site was left behind"


FAULTS = {  # a fault in a page -> what the failed build must say about it
    "a formula KaTeX rejects": ("\n$`\\frac{1`$\n", r"KaTeX cannot render '\\frac\{1'"),
    "an unknown marker": ("\n<!-- activations:no-such-marker -->\n",
                          r"glossary\.md:\d+: .*no-such-marker"),
}  # fmt: skip


@pytest.mark.parametrize(
    ("generator", "fault"),
    [("mkdocs", name) for name in FAULTS] + [("properdocs", "an unknown marker")],
)
def test_a_fault_is_reported_as_one_message_naming_it(tmp_path, generator, fault):
    """The pipeline's errors reach the generator through the adapter as a message naming
    the fault, not as a traceback (the pipeline imports nothing of MkDocs)."""
    text, message = FAULTS[fault]
    project = project_copy(tmp_path)
    page = project / "docs" / "glossary.md"
    page.write_text(page.read_text() + text)
    result = mkdocs_build(project, tmp_path / "site", generator=generator)
    output = result.stdout + result.stderr
    assert result.returncode != 0, "the build should have failed"
    assert re.search(message, output), output[-3000:]
    assert "Traceback" not in output, output[-3000:]


def test_the_pipeline_imports_nothing_of_the_generator():
    """Only the adapter knows MkDocs: a move to another generator touches the adapter alone."""
    from tests.conftest import ROOT

    generator_modules = ("mkdocs", "properdocs", "material", "mkdocs_jupyter")
    found = []
    for path in sorted((ROOT / "scripts" / "pipeline").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])  # fmt: skip
            found += [f"{path.name}: {n}" for n in names if n.split(".")[0] in generator_modules]
    assert not found, found
