"""The site build: generated pages, self-containment, determinism and failure on bad input."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

import pytest

import activations
from scripts.pipeline import build, notebooks, pages
from scripts.pipeline.errors import BuildError
from scripts.pipeline.urls import built_url, function_page
from tests.conftest import classes, mkdocs_build, project_copy, start_tags, tags_of

ROOT = Path(__file__).resolve().parent.parent


def digest_tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }  # fmt: skip


def test_every_activation_has_a_page_with_formulas_and_figures(site):
    for act in activations.catalog():
        html = (site / "functions" / act.slug / "index.html").read_text(encoding="utf-8")
        assert "<h1" in html and act.name in html
        display = [a for a, _ in start_tags(html, "span") if "katex-display" in classes(a)]
        assert len(display) >= 3, f"{act.slug}: formulas missing"
        assert f"figures/{act.slug}-light.svg" in html
        assert f"figures/{act.slug}-dark.svg" in html
        assert (site / "figures" / f"{act.slug}-dark.svg").stat().st_size > 1000


def test_every_vector_record_has_a_page_with_formulas_example_and_derivation(site):
    """Its formulas and worked example on its page, and its Jacobian derived step by step on
    the derivations page, which the page links to."""
    from activations import derivations

    derived = (site / "derivations" / "index.html").read_text(encoding="utf-8")
    for slug in activations.vector_names():
        record = activations.get(slug)
        html = (site / "functions" / slug / "index.html").read_text(encoding="utf-8")
        assert "<h1" in html and record.name in html
        display = [a for a, _ in start_tags(html, "span") if "katex-display" in classes(a)]
        # f, its stable form (if any), the Jacobian entrywise and as a matrix
        assert len(display) >= 3 + (record.latex.stable is not None), f"{slug}: formulas missing"
        for heading in ("formulas", "worked-example", "references"):
            assert re.search(f'id="?{heading}"?[ >]', html), f"{slug}: no {heading}"
        assert "#tag:vector-valued" in html, f"{slug}: not tagged vector-valued"
        anchor = pages.jacobian_anchor(slug)
        assert f"derivations/#{anchor}" in html, f"{slug}: no link to its derivation"
        section = re.split(f'id="?{anchor}"?[ >]', derived, maxsplit=1)[1].split("<h3", 1)[0]
        steps = sum(len(d.steps) for d in derivations.JACOBIAN_DERIVATIONS[slug])
        assert section.count("katex-display") >= steps, f"{slug}: derivation steps missing"


def test_the_overview_links_every_vector_page(site):
    html = (site / "vector" / "index.html").read_text(encoding="utf-8")
    links = {attrs.get("href") for attrs, _ in start_tags(html, "a")}
    for slug in activations.vector_names():
        assert "../" + built_url(function_page(slug)) in links, slug


def test_every_model_a_function_is_used_in_is_named_with_its_source(site):
    records = [*activations.catalog(), *map(activations.get, activations.vector_names())]
    uses = [(act, use) for act in records for use in act.used_in]
    assert uses, "no activation names a model that uses it"
    for act, use in uses:
        assert use.source.link.startswith("https://"), f"{act.slug}: {use.model} has no link"
        html = (site / "functions" / act.slug / "index.html").read_text(encoding="utf-8")
        section = re.split(r'id="?used-in"?[ >]', html, maxsplit=1)[-1].split("<h2", 1)[0]
        assert f"<strong>{use.model}</strong>" in section, f"{act.slug}: {use.model} missing"
        assert use.source.link in section


def test_summary_table_links_every_function(site):
    html = (site / "summary" / "index.html").read_text(encoding="utf-8")
    links = {attrs.get("href") for attrs, _ in start_tags(html, "a")}
    for slug in activations.names():
        assert "../" + built_url(function_page(slug)) in links


def test_summary_table_prints_arctan_range_as_plus_or_minus_pi_over_2(site):
    """The exact range, typeset (π in KaTeX's MathML), with its decimals below it."""
    html = (site / "summary" / "index.html").read_text(encoding="utf-8")
    link = "../" + built_url(function_page("arctan"))
    row = html.split(link, 1)[1].split("</tr>", 1)[0]
    range_cell = row.split("</td>", 2)[1]
    assert range_cell.count("<mi>π</mi>") == 2 and "≈ (−1.571, 1.571)" in range_cell


def test_nothing_is_requested_from_another_origin(site):
    """No stylesheet, script, image, font or frame comes from outside the site, whether its
    attribute is quoted or not (the pages are minified: most are not).

    (A canonical link names the published address, and a reader follows a link to another
    site; browsers fetch neither when a page loads.)"""
    elsewhere = re.compile(r"\s*(?:https?:)?//", re.I)
    for page in site.rglob("*.html"):
        for tag, attrs in tags_of(page.read_text(encoding="utf-8")):
            urls = [attrs.get(name) or "" for name in ("src", "poster", "data")]
            urls += [c.split()[0] for c in (attrs.get("srcset") or "").split(",") if c.strip()]
            if tag == "link" and attrs.get("rel") not in ("canonical", "alternate"):
                urls.append(attrs.get("href") or "")
            fetched = [url for url in urls if elsewhere.match(url)]
            assert not fetched, f"{page}: <{tag}> fetches {fetched}"
    css_elsewhere = re.compile(r"(?:url\(|@import)\s*['\"]?\s*(?:https?:)?//", re.I)
    for sheet in site.rglob("*.css"):
        assert not css_elsewhere.search(sheet.read_text(encoding="utf-8")), sheet


def test_generated_output_is_never_written_into_docs(tmp_path):
    """A full build leaves docs/ byte-for-byte as it was (writing there would loop `serve`)."""
    before = digest_tree(ROOT / "docs")
    result = mkdocs_build(ROOT, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert digest_tree(ROOT / "docs") == before


def test_build_script_is_deterministic(tmp_path):
    """Two cold runs (empty caches) give the same bytes."""
    trees = []
    for run in ("a", "b"):
        out, cache = tmp_path / run / "out", tmp_path / run / "cache"
        build.build(out_dir=out, cache_dir=cache, verbose=False)
        trees.append(digest_tree(out))
    assert trees[0] == trees[1]
    assert any(name.endswith(".svg") for name in trees[0])


def test_a_rebuild_reuses_unchanged_stages_but_never_a_changed_file(tmp_path):
    """Same code and docs: figures, explorer and pages are reused; a generated file
    whose content differs from what was recorded (another build's) makes the stage run."""
    out = tmp_path / "out"
    first = build.build(out_dir=out, verbose=False)
    again = build.build(out_dir=out, verbose=False)
    assert sum("reused: same code" in line for line in again.log) == 2, again.log
    # in the same order: it is the order of the site's files (search index, sitemap, tags)
    assert list(again.pages) == list(first.pages) and list(again.assets) == list(first.assets)
    figure = out / "figures" / "relu-light.svg"
    drawn = figure.read_bytes()
    figure.write_text("<svg/>", encoding="utf-8")  # as a build of other code would leave it
    third = build.build(out_dir=out, verbose=False)
    assert any(line.split()[1] == "figures" and "rendered" in line for line in third.log)
    assert figure.read_bytes() == drawn


def test_the_notebooks_stage_is_timed_until_the_last_notebook_was_ready():
    """Not until the build asked for it: that is after every other page, and would make
    the notebooks look like what a cold build waits for."""
    started = time.perf_counter()
    ready = [notebooks.Notebook(Path(f"{name}.py"), Path("out"), finished=started + seconds)
             for name, seconds in (("a", 2.5), ("b", 4.0))]  # fmt: skip
    batch = types.SimpleNamespace(started=started, wait_all=lambda: ready)
    manifest = build.Manifest(notebooks=batch, verbose=False)
    build.finish_notebooks(manifest)
    (line,) = manifest.log
    assert re.fullmatch(
        r"\[build\] notebooks +4\.00 s  0 executed, 2 cached, alongside the rest", line
    )


def test_the_pages_are_written_while_the_figures_are_drawn(tmp_path, monkeypatch):
    """The build hands over every asset's name, and its pages, before the figures are
    drawn (in worker processes): MkDocs renders the pages meanwhile; the figures are there
    once it waits for them."""
    from scripts.pipeline import figures

    drawing, finish = threading.Event(), figures.Drawing.finish

    def held_back(self):
        assert drawing.wait(timeout=300), "the build waited for the figures"
        return finish(self)

    monkeypatch.setattr(figures.Drawing, "finish", held_back)
    out = tmp_path / "out"
    manifest = build.build(out_dir=out, verbose=False, wait=False)
    try:
        assert "functions/relu.md" in manifest.pages
        assert manifest.assets["figures/relu-light.svg"] == out / "figures" / "relu-light.svg"
        assert not (out / "figures" / "relu-light.svg").exists()
    finally:
        drawing.set()
        manifest.notebooks.settle()
    manifest.wait_for_assets()
    assert (out / "figures" / "relu-light.svg").read_bytes().startswith(b"<svg")


# Appended to a project copy's hooks: the figures' drawing ends only once the build has
# written every page and asks for the figures (or, with FAIL, it fails then). Patched as
# each build begins: the build imports its pipeline afresh.
_FIGURES_LAST = """
import importlib
import threading
from scripts.adapter import session
from scripts.pipeline.errors import BuildError

_asked, _copy, _begin = threading.Event(), session.Session.copy_drawn, session.Session.begin
session.Session.copy_drawn = lambda self: (_asked.set(), _copy(self))[1]


def _begin_with_figures_last(self, config):
    _begin(self, config)
    drawing = importlib.import_module("scripts.pipeline.figures").Drawing
    finish = drawing.finish

    def finish_when_asked(self):
        if not _asked.wait(timeout=600):
            raise BuildError("the build waited for the figures before it wrote the pages")
        if FAIL:
            raise BuildError("figure relu: cannot be drawn")
        return finish(self)

    drawing.finish = finish_when_asked


session.Session.begin = _begin_with_figures_last
"""


@pytest.mark.parametrize("fail", [False, True], ids=["drawn", "failing"])
def test_mkdocs_writes_every_page_before_it_waits_for_the_figures(tmp_path, fail):
    """The figures are drawn while MkDocs renders and writes the pages, and copied into the
    site after: a build whose figures end only when asked for completes with every figure
    in the site; one whose figures then fail publishes nothing and names the figure."""
    project = project_copy(tmp_path, own_code=True)
    hooks = project / "scripts" / "adapter" / "hooks.py"
    hooks.write_text(hooks.read_text() + f"\nFAIL = {fail}\n" + _FIGURES_LAST)
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    if fail:
        assert result.returncode != 0
        assert "figure relu: cannot be drawn" in result.stderr
        assert not site.exists()
        return
    assert result.returncode == 0, result.stderr[-3000:]
    figures = {p.name for p in (project / "build" / "generated" / "figures").iterdir()}
    assert figures and figures == {p.name for p in (site / "figures").iterdir()}
    assert (site / "functions" / "relu" / "index.html").is_file()


def test_the_package_computes_in_one_thread_and_the_figures_start_before_it_is_measured(
    tmp_path, monkeypatch
):
    """Whatever computes with the package runs in the build's own thread: mpmath has one
    working precision for the whole process, and a computation in another thread changed it
    under the catalog's measurement (which then found the Laplace function's range closed at
    1). The figure workers start before the catalog is measured (the figures need the
    functions, not their properties), so that they draw meanwhile."""
    from scripts.pipeline import downloads, explorer, figures, pages, stability

    threads, calls = set(), []

    def watch(owner, name):
        original = getattr(owner, name)

        def watched(*args, **kwargs):
            threads.add(threading.current_thread().name)
            calls.append(name)
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, watched)

    for owner, name in ((figures, "activation_spec"), (stability, "figure_specs"),
                        (downloads, "write_csvs"), (explorer, "module_source"),
                        (build, "load_properties"), (pages, "write_pages"),
                        (figures.Drawing, "add")):  # fmt: skip
        watch(owner, name)
    build.build(out_dir=tmp_path / "out", verbose=False)
    assert threads == {threading.current_thread().name}
    assert calls.index("add") < calls.index("load_properties")


def test_a_failure_drawing_the_figures_fails_the_build(tmp_path, monkeypatch):
    from scripts.pipeline import figures

    def broken(self):
        raise BuildError("figure relu: cannot be drawn")

    monkeypatch.setattr(figures.Drawing, "finish", broken)
    with pytest.raises(BuildError, match="figure relu: cannot be drawn"):
        build.build(out_dir=tmp_path / "out", verbose=False)


def test_a_rebuild_with_nothing_changed_does_not_import_the_package(tmp_path):
    """Importing the package (and sympy) is a third of a rebuild: when every stage made from
    it is reused, the build, the nav and the search's names take what they need from the
    cache."""
    out = tmp_path / "out"
    script = f"""
import sys
from pathlib import Path
from mkdocs.config import load_config
from scripts.pipeline import build, nav, search
from scripts.pipeline.cache import Cache
from scripts.pipeline.files import CACHE_DIR
manifest = build.build(out_dir=Path({str(out)!r}), verbose=False)
nav.site_nav(load_config({str(ROOT / "mkdocs.yml")!r}).nav, Cache(CACHE_DIR))
search.Names(Cache(CACHE_DIR))
print(len(manifest.pages), sorted({{"activations", "sympy"}} & set(sys.modules)))
"""
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
            for _ in range(2)]  # fmt: skip
    assert all(run.returncode == 0 for run in runs), runs[-1].stderr[-3000:]
    pages = len(build.build(out_dir=tmp_path / "again", verbose=False).pages)
    assert runs[1].stdout.split(maxsplit=1) == [str(pages), "[]\n"]


def test_site_is_reproducible(site, tmp_path):
    again = tmp_path / "again"
    result = mkdocs_build(ROOT, again)
    assert result.returncode == 0, result.stderr[-3000:]
    first, second = digest_tree(site), digest_tree(again)
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert not differing, f"differ between two builds: {differing[:10]}"


def test_pages_rendered_from_the_cache_are_the_pages_rendered_anew(tmp_path):
    """A build takes every unchanged page's render from the build's cache, the API page's
    too (its objects' anchors and inventory repeated): its site is byte for byte the site of
    a build that renders every page."""
    from scripts.adapter.rendercache import STAGE
    from scripts.pipeline.files import CACHE_DIR

    renders = CACHE_DIR / STAGE.name

    def stamps() -> dict[str, int]:
        return {entry.name: entry.stat().st_mtime_ns for entry in renders.iterdir()}

    warm = mkdocs_build(ROOT, tmp_path / "warm")  # every page's render stored
    assert warm.returncode == 0, warm.stderr[-3000:]
    stored = stamps()
    cached = mkdocs_build(ROOT, tmp_path / "cached")
    assert cached.returncode == 0, cached.stderr[-3000:]
    assert stamps() == stored, "a build with nothing changed rendered a page again"
    shutil.rmtree(renders)
    fresh = mkdocs_build(ROOT, tmp_path / "fresh")
    assert fresh.returncode == 0, fresh.stderr[-3000:]
    assert len(stamps()) == len(stored)
    first, second = digest_tree(tmp_path / "cached"), digest_tree(tmp_path / "fresh")
    assert "objects.inv" in first and "package/index.html" in first
    differing = [name for name in first.keys() | second.keys()
                 if first.get(name) != second.get(name)]  # fmt: skip
    assert not differing, f"differ between the cached and the fresh render: {differing[:10]}"


# --- bad input ----------------------------------------------------------------------------


def failing_build(tmp_path: Path, edit) -> str:
    project = project_copy(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site")
    edit(project)
    result = mkdocs_build(project, site)
    assert result.returncode != 0, "the build should have failed"
    assert (site / "index.html").read_text() == "previous site", "the old site was damaged"
    assert not (tmp_path / "site.partial").exists(), "a half-written site was left behind"
    return result.stdout + result.stderr


def appending(page: str, text: str):
    """An edit that appends ``text`` to ``docs/<page>``."""

    def edit(project: Path) -> None:
        path = project / "docs" / page
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return edit


def test_malformed_tex_fails_naming_file_and_formula(tmp_path):
    log = failing_build(tmp_path, appending("index.md", "\n```math\n\\frac{1}{\n```\n"))
    assert "index.md" in log and "\\frac{1}{" in log


def test_unknown_tag_fails_naming_it(tmp_path):
    def edit(project):
        page = project / "docs" / "index.md"
        page.write_text(page.read_text().replace("  - deep learning", "  - deep lerning"))

    assert "deep lerning" in failing_build(tmp_path, edit)


def test_a_failing_page_stops_the_build_without_waiting_for_the_notebooks(tmp_path):
    """A page that fails stops the build at once, though a notebook is still running."""

    def edit(project):
        appending("index.md", "\n```math\n\\frac{1}{\n```\n")(project)
        notebook = project / "docs" / "experiments" / "linear-collapse.py"
        runaway = "\n# %%\nimport time\n\ntime.sleep(280)\n"  # under the cell time limit
        notebook.write_text(notebook.read_text(encoding="utf-8") + runaway, encoding="utf-8")

    started = time.monotonic()
    log = failing_build(tmp_path, edit)
    assert "index.md" in log and "\\frac{1}{" in log
    assert time.monotonic() - started < 200, "the build waited for the running notebook"


def test_broken_link_fails(tmp_path):
    log = failing_build(tmp_path, appending("index.md", "\n[gone](no-such-page.md)\n"))
    assert "no-such-page.md" in log


def test_broken_anchor_fails(tmp_path):
    log = failing_build(tmp_path, appending("index.md", "\n[gone](summary.md#no-such-anchor)\n"))
    assert "no-such-anchor" in log


def test_a_request_to_another_origin_fails_naming_page_and_url(tmp_path):
    """An unquoted script address on a page (as the minifier writes them) and a mermaid
    diagram in a notebook (Material loads mermaid from a CDN for it) both fail the build."""

    def edit(project):
        appending("glossary.md", "\n<script src=https://example.com/evil.js></script>\n")(project)
        notebook = project / "docs" / "experiments" / "vanishing-gradients.py"
        diagram = "\n# %% [markdown]\n# ```mermaid\n# graph LR\n#   a --> b\n# ```\n"
        notebook.write_text(notebook.read_text(encoding="utf-8") + diagram, encoding="utf-8")

    log = failing_build(tmp_path, edit)
    assert "glossary/index.html: <script src> https://example.com/evil.js" in log
    assert re.search(r"experiments/vanishing-gradients/index\.html: a mermaid diagram.*unpkg", log)


def test_invalid_front_matter_names_the_file(tmp_path):
    def edit(project):
        (project / "docs" / "functions" / "relu.md").write_text("---\ntags: [a, b\n---\nText\n")

    log = failing_build(tmp_path, edit)
    assert "relu.md" in log and "front matter" in log


def test_invalid_front_matter_on_an_ordinary_page_names_file_and_line(tmp_path):
    """MkDocs alone would show the broken front matter as a paragraph, without its tags."""

    def edit(project):
        page = project / "docs" / "glossary.md"
        page.write_text(page.read_text().replace("tags:\n", "tags: [oops\n", 1))

    assert re.search(r"docs/glossary\.md:\d+: invalid front matter", failing_build(tmp_path, edit))


def test_an_unknown_tag_on_a_generated_page_fails_naming_tag_and_page(tmp_path):
    """A function page is generated from its prose; Material's own message had no path."""

    def edit(project):
        prose = project / "docs" / "functions" / "relu.md"
        prose.write_text(prose.read_text().replace("  - backpropagation", "  - backprop", 1))

    log = failing_build(tmp_path, edit)
    assert "docs/functions/relu.md: tag 'backprop' is not in tags_allowed" in log
    assert "no path specified" not in log


@pytest.mark.parametrize(
    "marker, message",
    [
        ("stability-value", "needs a function and a fact"),
        ("stability-value elu", "needs a function and a fact"),
        ("value relu __class__", "relu has no property '__class__'"),
        ("value relu __init__", "relu has no property '__init__'"),
    ],
)
def test_a_marker_with_bad_arguments_names_file_line_and_what_is_wrong(marker, message):
    text = f"# Notes\n\n<!-- activations:{marker} -->\n"
    expected = rf"notes\.md:3: marker {marker.split()[0]}.*{re.escape(message)}"
    with pytest.raises(BuildError, match=expected):
        pages.expand_markers(text, Path("docs/notes.md"), 1, "")


def test_false_property_tag_fails(tmp_path):
    def edit(project):
        (project / "docs" / "functions" / "sigmoid.md").write_text(
            "---\ntags: [zero-centred]\n---\nText\n"
        )

    assert "zero-centred" in failing_build(tmp_path, edit)


def test_every_vector_record_gets_a_page_with_or_without_prose(tmp_path):
    """Pages come from the records: a new record in activations/_vectors has one at once."""
    docs = tmp_path / "docs"
    (docs / "functions").mkdir(parents=True)
    written = pages.write_pages([], docs, tmp_path / "out")
    for slug in activations.vector_names():
        text = written[function_page(slug)].read_text(encoding="utf-8")
        assert f"# {activations.get(slug).name}\n" in text and "vector-valued" in text


def test_a_computed_property_tag_on_a_vector_page_fails_naming_it(tmp_path):
    page = tmp_path / "softmax.md"
    page.write_text("---\ntags:\n  - bounded\n---\n\n## Intuition\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"softmax\.md: tag 'bounded'.*elementwise"):
        pages.vector_page(activations.get("softmax"), pages.read_prose(page))


def test_a_vector_pages_example_comes_from_its_front_matter(tmp_path):
    page = tmp_path / "softmin.md"
    page.write_text("---\nexample: [0, 3]\n---\n\n## Intuition\n", encoding="utf-8")
    text = pages.vector_page(activations.get("softmin"), pages.read_prose(page))
    assert "At the input (0, 3)" in text and "example:" not in text
    s = activations.softmin([0.0, 3.0])
    assert f"| 0 | {pages.format_number(float(s[0]))} |" in text


def test_a_vector_pages_bad_example_fails_naming_the_file(tmp_path):
    page = tmp_path / "glu.md"
    page.write_text("---\nexample: [1, 2, 3]\n---\n\n## Intuition\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"glu\.md: example \[1, 2, 3\]: "):
        pages.vector_page(activations.get("glu"), pages.read_prose(page))


def test_unknown_marker_fails_naming_file_and_line(tmp_path):
    log = failing_build(tmp_path, appending("summary.md", "\n<!-- activations:no-such-thing -->\n"))
    assert re.search(r"summary\.md:\d+: unknown marker 'no-such-thing'", log)


def test_unknown_marker_in_a_function_page_names_its_line_in_the_prose(tmp_path):
    """The line is the one in docs/functions/<slug>.md, not in the page assembled around it."""
    prose = tmp_path / "functions" / "relu.md"
    prose.parent.mkdir()
    prose.write_text("---\ntags: [backpropagation]\n---\n\nFirst line.\n\n"
                     "<!-- activations:no-such-thing -->\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(BuildError, match=r"relu\.md:7: unknown marker 'no-such-thing'"):
        build.build(docs_dir=tmp_path, out_dir=tmp_path / "out", verbose=False)


def test_summary_table_links_work_from_a_page_below_the_docs_root(tmp_path):
    """From learn/table.md, built as learn/table/, a function page is two folders up."""
    page = tmp_path / "learn" / "table.md"
    text = pages.expand_markers("<!-- activations:summary-table -->\n", page, 1, "../")
    links = re.findall(r'<a href="([^"]+)"', text)
    assert links == [f"../../{built_url(function_page(slug))}" for slug in activations.names()]


def test_activation_missing_a_field_fails_naming_it(monkeypatch):
    import dataclasses

    from activations import _registry

    broken = dataclasses.replace(_registry._BY_NAME["relu"], summary="")
    monkeypatch.setitem(_registry._BY_NAME, "relu", broken)
    _registry._bound.cache_clear()
    try:
        with pytest.raises(BuildError, match="'relu' is missing 'summary'"):
            build.check_catalog()
    finally:
        _registry._bound.cache_clear()
