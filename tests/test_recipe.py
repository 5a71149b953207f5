"""README's "Adding an activation", proven: one new record in one file is all it takes.

In a copy of the project, one ``Definition`` is appended to a family module (a softsign under
another name, so its kernels are known to be accurate). The build then gives it a page, a
figure, a summary-table row, an explorer entry and a search entry, and the accuracy,
formula and snippet tests, parametrised over the catalog, test it without being edited. A
vector-valued record in a module of its own (softmin under another name) gets a page in the
navigation's vector-valued section.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, mkdocs_build, project_copy, search_index

SLUG = "recipe_check"
RECORD = f'''

import dataclasses  # noqa: E402

DEFINITIONS = (
    *DEFINITIONS,
    dataclasses.replace(
        next(d for d in DEFINITIONS if d.slug == "softsign"),
        slug="{SLUG}",
        name="Recipe check",
        aliases=(),
        references=(),
        frameworks=(),
        stability=(),
    ),
)
'''
VECTOR_SLUG = "recipe_vector"
VECTOR_MODULE = f'''"""A vector-valued record added by the recipe test."""

import dataclasses

from activations._vectors.softmin import RECORD as SOFTMIN

RECORD = dataclasses.replace(
    SOFTMIN, slug="{VECTOR_SLUG}", name="Recipe vector", aliases=(), frameworks=(), used_in=()
)
'''


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project with one more record in ``activations/_sigmoidal.py``."""
    project = project_copy(tmp_path_factory.mktemp("recipe"), own_code=True)
    shutil.copytree(ROOT / "tests", project / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    with (project / "activations" / "_sigmoidal.py").open("a", encoding="utf-8") as module:
        module.write(RECORD)
    (project / "activations" / "_vectors" / f"{VECTOR_SLUG}.py").write_text(VECTOR_MODULE)
    return project


@pytest.fixture(scope="module")
def site(project):
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


def test_the_record_gets_a_page_in_the_navigation(site):
    page = (site / "functions" / SLUG / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>Recipe check", page)
    active = re.search(r'md-nav__link--active" href=\./> <span class=md-ellipsis> ([^<]*) <', page)
    assert active and active.group(1) == "Recipe check"  # in the catalog's navigation
    assert f"functions/{SLUG}/" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_a_vector_record_gets_a_page_in_the_vector_section(site):
    page = (site / "functions" / VECTOR_SLUG / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>Recipe vector", page)
    active = re.search(r'md-nav__link--active" href=\./> <span class=md-ellipsis> ([^<]*) <', page)
    assert active and active.group(1) == "Recipe vector"
    section = page.split("<span class=md-ellipsis> Vector-valued </span>", 1)[1]
    assert "Recipe vector" in section.split("</nav>", 1)[0]  # listed in that section
    assert f"functions/{VECTOR_SLUG}/" in {page["url"] for page in search_index(site)}


def test_the_record_gets_figures_and_a_summary_row(site):
    assert {p.name for p in (site / "figures").glob(f"{SLUG}-*.svg")} == {
        f"{SLUG}-light.svg",
        f"{SLUG}-dark.svg",
    }
    summary = (site / "summary" / "index.html").read_text(encoding="utf-8")
    assert f"functions/{SLUG}/" in summary


def test_the_record_gets_an_explorer_entry_and_a_search_entry(site):
    explorer = site / "data" / "explorer"
    assert (explorer / f"{SLUG}.js").is_file()
    entries = json.loads((explorer / "index.json").read_text(encoding="utf-8"))["functions"]
    assert SLUG in [entry["slug"] for entry in entries]
    assert f"functions/{SLUG}/" in {page["url"] for page in search_index(site)}


def test_the_accuracy_formula_and_snippet_tests_pick_it_up(project):
    env = {**os.environ, "PYTHONPATH": str(project)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", SLUG,
         "tests/test_accuracy.py", "tests/test_formulas.py", "tests/test_snippets.py"],
        capture_output=True, text=True, cwd=project, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:]
    passed = int(re.search(r"(\d+) passed", result.stdout).group(1))
    assert passed >= 10, result.stdout[-2000:]


def test_the_benchmark_adds_the_records_it_says(tmp_path):
    """`bench_build --marginal` times a cold build with ``MORE`` records more: copies that
    really join the catalog, or the cost it reports would be nobody's."""
    from scripts.tools import bench_build

    shutil.copytree(ROOT / "activations", tmp_path / "activations",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    bench_build.with_more_records(tmp_path, bench_build.MORE)
    listing = "import activations; print(' '.join(activations.names()))"
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", listing], capture_output=True, text=True,
                            cwd=tmp_path, env=env)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    names = result.stdout.split()
    import activations

    added = [name for name in names if name not in activations.names()]
    assert len(added) == bench_build.MORE and all(name.endswith("_again") for name in added)
