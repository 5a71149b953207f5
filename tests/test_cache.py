"""The build's caches: stage keys follow what a stage reads; every entry is verified, and a
damaged one is named, discarded and made again."""

from __future__ import annotations

import dataclasses
import errno
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import types
from pathlib import Path

import jinja2
import pytest

import activations
from scripts.adapter import notebook_pages
from scripts.pipeline import build, downloads, figures, pagehtml
from scripts.pipeline.cache import Cache
from scripts.pipeline.files import write_atomic
from scripts.pipeline.stage import Stage
from tests.conftest import ROOT, mkdocs_build, project_copy
from tests.test_build import digest_tree

# Every stage's key, printed by the copy's own code (a fresh process imports the edited files).
KEYS = """
import json
from pathlib import Path
from scripts.adapter import rendercache
from scripts.pipeline import build, figures, notebooks, pages
print(json.dumps({
    "properties": build.PROPERTIES.family_keys(build.family_modules()),
    "assets": build.ASSETS.key(),
    "pages": build.PAGES.key(),
    "drawing": figures.DRAWING.key(),
    "differences": pages.differences_key(),
    "renders": rendercache.STAGE.key(),
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
    assert after["differences"] != before["differences"]
    assert after["notebooks"].keys() == before["notebooks"].keys()
    assert all(after["notebooks"][n] != key for n, key in before["notebooks"].items())
    assert after["drawing"] == before["drawing"], "drawing reads figures.py alone"
    assert after["renders"] == before["renders"], "every page would be rendered again"
    after_figures = edited(project, "scripts.pipeline.figures", lambda s: s + "\nLIMIT = 3\n")
    assert after_figures["drawing"] != before["drawing"]
    assert after_figures["notebooks"] == before["notebooks"]


def test_an_edit_to_an_activations_summary_measures_nothing_again(project):
    """Properties and formulas never read the descriptive fields: a new summary changes the
    pages, not one activation's properties key."""
    before = keys(project)
    after = edited(project, "activations._relu", lambda s: re.sub(
        r'(slug="relu",.*?summary=\(?\s*")', r"\g<1>Edited. ", s, count=1, flags=re.S))  # fmt: skip
    assert after["properties"] == before["properties"]
    assert after["differences"] == before["differences"], "no function is compared again"
    assert after["assets"] != before["assets"] and after["pages"] != before["pages"]


def _described_otherwise(definition):
    """``definition`` with every descriptive field emptied (its default, or "")."""
    blank = {}
    for field in dataclasses.fields(definition):
        if field.name in build.DESCRIPTIVE_FIELDS:
            factory = field.default_factory
            default = field.default if factory is dataclasses.MISSING else factory()
            blank[field.name] = "" if default is dataclasses.MISSING else default
    return dataclasses.replace(definition, **blank)


def test_no_property_formula_figure_or_download_reads_a_descriptive_field():
    """What lets a descriptive edit keep the cached properties, formulas, figure samples and
    downloads: each activation's, computed from its definition with every descriptive field
    emptied, are its own."""
    field_names = {field.name for field in dataclasses.fields(activations.catalog()[0].definition)}
    assert set(build.DESCRIPTIVE_FIELDS) <= field_names
    for act in activations.catalog():
        bare = activations.Activation(_described_otherwise(act.definition), act.params)
        assert bare.definition.summary == "" and bare.definition.references == ()
        assert repr(bare.properties) == repr(act.properties), act.slug  # nan is nan
        assert bare.latex == act.latex, act.slug
        # nor does a figure's samples or a download (their stages ignore those fields too)
        assert figures.activation_spec(bare).digest() == figures.activation_spec(act).digest()
        assert downloads.csv_text(bare) == downloads.csv_text(act), act.slug


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


# --- every cache heals: a damaged entry is named, discarded, made again, never published ---


def damage(path: Path) -> None:
    """Change one byte in the middle of ``path``, as a failing disk might."""
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x20
    path.write_bytes(bytes(raw))


def test_a_damaged_entry_is_named_in_the_log(tmp_path, caplog):
    cache = Cache(tmp_path)
    cache.write("probe", "key", b"content")
    damage(cache.path("probe", "key"))
    with caplog.at_level(logging.INFO, logger="scripts.pipeline.cache"):
        assert cache.read("probe", "key") is None
    assert f"Discarded cache entry {cache.path('probe', 'key')}" in caplog.text
    assert not cache.path("probe", "key").exists()


def test_a_full_disk_leaves_no_temporary_file(tmp_path, monkeypatch):
    def disk_full(self, data):
        with open(self, "wb") as file:
            file.write(data[:10])
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(tmp_path / "figure.svg", b"<svg>" + b" " * 100 + b"</svg>")
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_compiled_template_is_compiled_again(tmp_path, caplog):
    """A garbled entry of Jinja's bytecode cache once put garbage in every page."""
    loader = jinja2.DictLoader({"page.html": "<script>const page = {{ name|tojson }};</script>"})

    def render() -> str:
        environment = jinja2.Environment(loader=loader, bytecode_cache=template_cache)
        return environment.get_template("page.html").render(name="relu")

    template_cache = pagehtml.TemplateCache(Cache(tmp_path))
    rendered = render()
    (entry,) = (tmp_path / pagehtml.TEMPLATES).iterdir()
    compiled = entry.read_bytes()
    entry.write_bytes(compiled.replace(b"const page", b"evil(page)"))  # the code Jinja runs
    with caplog.at_level(logging.INFO, logger="scripts.pipeline.cache"):
        assert render() == rendered
    assert str(entry) in caplog.text
    assert entry.read_bytes() == compiled


def test_a_finished_page_is_kept_and_a_damaged_one_finished_again(tmp_path, monkeypatch):
    """A page as written (minified) is taken from the build's cache while the page MkDocs
    rendered is the same; a damaged entry is made again; a build drops what it did not use."""
    finished = []
    finish = pagehtml.finish

    def counted(page, *stylesheets):
        finished.append(page)
        return finish(page, *stylesheets)

    monkeypatch.setattr(pagehtml, "finish", counted)
    pages = pagehtml.FinishedPages(Cache(tmp_path / "cache"))
    page = "<html>\n  <body>\n    <p>A   page</p>\n  </body>\n</html>\n"

    def build(*outputs: str) -> list[str]:
        pages.begin()
        written = [pages(output) for output in outputs]
        pages.end()
        return written

    (written,) = build(page)
    assert len(written) < len(page) and build(page) == [written] and finished == [page]
    (entry,) = (tmp_path / "cache" / pagehtml.FINISHING.name).iterdir()
    entry.write_bytes(entry.read_bytes()[:-5])
    assert build(page) == [written] and len(finished) == 2
    build(page.replace("A", "Another"))
    assert len(list(entry.parent.iterdir())) == 1, "the page as it was is still kept"


def test_a_notebook_page_fitted_to_the_site_is_kept_unless_it_warned(tmp_path, caplog):
    """A notebook page made to fit the site (math rendered, links resolved, its stylesheet
    moved out) is taken from the build's cache the next time, its stylesheet written and its
    links given to MkDocs again; a page with a link to no page warns every time."""
    from mkdocs.structure.files import File, Files

    def file(uri: str) -> File:
        return File(uri, src_dir=str(tmp_path / "docs"), dest_dir=str(tmp_path / "site"),
                    use_directory_urls=True)  # fmt: skip

    notebook = notebook_pages.NotebookFile("experiments/probe.ipynb", str(tmp_path / "docs"),
                                           str(tmp_path / "site"), True)  # fmt: skip
    files = Files([notebook, file("glossary.md")])
    page = types.SimpleNamespace(file=notebook, url="experiments/probe/")
    rendered = []

    def render(tex, display):
        rendered.append(tex)
        return f"<span>{tex}</span>"

    def fit(link: str) -> str:
        converted = (
            "<style>.jp-Cell { color: red }</style>"
            '<div class="jp-Cell" data-mime-type="text/markdown">'
            f'<p>See $x^2$ and <a href="{link}#dying-relu">the glossary</a>.</p>'
            "</div> <!-- jp-Notebook -->"
        )
        return notebook_pages.page_html(converted, page, files, render, str(tmp_path / "site"),
                                        Cache(tmp_path / "cache"), "inputs")  # fmt: skip

    first = fit("../glossary.md")
    assert rendered == ["x^2"] and 'href="../../glossary/#dying-relu"' in first
    sheets = list((tmp_path / "site" / "assets").iterdir())
    shutil.rmtree(tmp_path / "site" / "assets")
    page.links_to_anchors = page.present_anchor_ids = None
    assert fit("../glossary.md") == first and rendered == ["x^2"], "not taken from the cache"
    assert list((tmp_path / "site" / "assets").iterdir()) == sheets
    assert page.links_to_anchors == {files.get_file_from_path("glossary.md"): {
        "dying-relu": "../glossary.md#dying-relu"}}  # fmt: skip
    for _ in range(2):
        fit("../nowhere.md")
    assert caplog.text.count("target 'nowhere.md' is not found") == 2


def test_a_notebook_render_is_kept_and_a_damaged_one_rendered_again(tmp_path, monkeypatch):
    """A notebook page's render (its HTML and table of contents, by mkdocs-jupyter's
    converter) is taken from the build's cache; an empty entry left by a killed build is
    rendered again (mkdocs-jupyter's own cache failed every later build on one)."""
    import nbformat

    notebook = tmp_path / "probe.ipynb"
    cells = [nbformat.v4.new_markdown_cell("# Probe\n\n## A section\n\nSome text.")]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), notebook)
    renders = []
    convert = notebook_pages.convert
    monkeypatch.setattr(notebook_pages, "convert",
                        lambda *args: renders.append(1) or convert(*args))  # fmt: skip

    def page():
        made = types.SimpleNamespace(file=types.SimpleNamespace(abs_src_path=str(notebook)))
        notebook_pages.set_render(made, Cache(tmp_path / "cache"))
        made.render(None, None)
        return made

    first = page()
    assert "Some text." in first.content and len(renders) == 1
    assert [(h.title, [c.title for c in h.children]) for h in first.toc] == [
        ("Probe", ["A section"])
    ]
    assert page().content == first.content and len(renders) == 1, "not taken from the cache"
    (entry,) = (tmp_path / "cache" / notebook_pages.RENDERS).iterdir()
    entry.write_bytes(b"")
    assert page().content == first.content and len(renders) == 2


def test_a_notebook_converted_as_it_is_made_is_its_page_and_is_kept(tmp_path, monkeypatch):
    """A notebook converted in the worker process while the build does other work is the
    page's render, as a conversion in the page would make it, and is kept: the next build
    starts no conversion."""
    import mkdocs_jupyter.convert
    import nbformat

    notebook = tmp_path / "probe.ipynb"
    cells = [nbformat.v4.new_markdown_cell("# Probe\n\n## A section\n\nSome text.")]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), notebook)
    expected = notebook_pages.convert(notebook, notebook_pages.SETTINGS)
    cache = Cache(tmp_path / "cache")
    conversions = notebook_pages.Conversions(cache)
    try:
        conversions.start(notebook)  # the worker starts here: what follows is not in it
        monkeypatch.setattr(mkdocs_jupyter.convert, "nb2html", lambda *_, **__: pytest.fail())
        page = types.SimpleNamespace(file=types.SimpleNamespace(abs_src_path=str(notebook)))
        notebook_pages.set_render(page, cache, conversions)
        page.render(None, None)
    finally:
        conversions.close()
    assert page.content == expected[0] and "Some text." in page.content
    assert [(h.title, [c.title for c in h.children]) for h in page.toc] == [
        ("Probe", ["A section"])
    ]
    again = notebook_pages.Conversions(cache)
    assert again.start(notebook) is None, "converted again"
    again.close()


def test_a_notebook_ending_after_a_failed_build_is_not_converted(tmp_path):
    """A failed build closes its conversions while its notebooks may still run: one that
    ends then starts nothing (it once raised, from its callback, into the build's log)."""
    import nbformat

    notebook = tmp_path / "late.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# L")]), notebook)
    conversions = notebook_pages.Conversions(Cache(tmp_path / "cache"))
    conversions.close()
    assert conversions.start(notebook) is None
    assert conversions._worker is None, "a worker started for a build that is over"


def _draw(specs: list, out: Path, cache: Cache) -> tuple[int, int]:
    with figures.Drawing(out, cache) as drawing:
        drawing.add(specs)
        return drawing.finish()


def test_a_truncated_figure_is_drawn_again_never_published(tmp_path):
    cache, out = Cache(tmp_path / "cache"), tmp_path / "figures"
    spec = figures.activation_spec(activations.get("relu"))
    files = len(figures.file_names(spec))  # light and dark SVG, and the PNG
    assert files == 3 and _draw([spec], out, cache) == (files, 0)
    published = out / "relu-light.svg"
    drawn = published.read_bytes()
    entry = cache.path(figures.DRAWING.name, f"{spec.digest()}-light")
    entry.write_bytes(entry.read_bytes()[: len(drawn) // 2])  # a kill in mid-write
    published.write_bytes(drawn[: len(drawn) // 2])
    assert _draw([spec], out, cache) == (files, 0)
    assert published.read_bytes() == drawn


def test_a_build_with_every_cache_damaged_publishes_the_same_site(site, tmp_path):
    """Compiled templates, page renders, pages as written, notebook conversions, the search
    index, the nav, KaTeX's formulas, figures and stage records, all damaged at once: the
    build names them, makes them again and publishes the same bytes."""
    project = project_copy(tmp_path, own_code=True)
    cache = project / ".cache"
    read_by_every_build = ("templates", "renders", "finished-pages", "notebook-pages",
                           "notebook-pages-fitted", "search-index", "nav", "search-names",
                           "assets", "pages")  # fmt: skip
    for kind in read_by_every_build:
        for entry in (cache / kind).iterdir():
            damage(entry)
    for entry in sorted((cache / "figures").iterdir())[::3]:  # read when "assets" is made
        damage(entry)
    database = sqlite3.connect(cache / "katex" / "katex.sqlite")
    database.execute("UPDATE formulas SET html = replace(html, 'mord', 'mbin')")
    database.commit()
    database.close()
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    log = result.stdout + result.stderr
    assert "Discarded cache entry" in log and "Discarded a damaged formula" in log
    assert digest_tree(tmp_path / "site") == digest_tree(site)


def test_an_edit_of_one_page_makes_that_page_again_and_no_other(tmp_path, monkeypatch):
    """Generated pages are kept one by one: after an edit of one hand-written page only that
    page is made again (the same text as a build without the cache); other code or data
    (another key) makes every page again."""
    import shutil

    from scripts.pipeline import pages

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    catalog = [activations.get(slug) for slug in activations.names()]
    cache = Cache(tmp_path / "cache")
    made, making = [], []  # what each page was made from; pages being made (nested calls)
    for maker in ("activation_page", "vector_page", "expand_markers"):
        original = getattr(pages, maker)

        def counted(*args, _original=original, **kwargs):
            if not making:
                made.append(args[0])
            making.append(args[0])
            try:
                return _original(*args, **kwargs)
            finally:
                making.pop()

        monkeypatch.setattr(pages, maker, counted)

    def build(key="code"):
        made.clear()
        written = pages.write_pages(catalog, docs, tmp_path / "out", cache, key)
        return {uri: path.read_text(encoding="utf-8") for uri, path in written.items()}

    first = build()
    assert len(made) == len(first)
    summary = docs / "summary.md"
    summary.write_text(summary.read_text(encoding="utf-8") + "\nAn added line.\n")
    second = build()
    assert made == [summary.read_text(encoding="utf-8")]  # expand_markers' first argument
    assert {uri for uri in first if first[uri] != second[uri]} == {"summary.md"}
    uncached = pages.write_pages(catalog, docs, tmp_path / "fresh")
    assert second == {uri: path.read_text(encoding="utf-8") for uri, path in uncached.items()}
    build("other code")
    assert len(made) == len(first)


def _rebuild_config(**mdx_configs):
    """The site's configuration as a (serve) rebuild loads it: mkdocstrings adds a Markdown
    extension object, made anew each time."""
    from mkdocs.config import load_config

    class Extension:  # like mkdocstrings' extension
        pass

    config = load_config(str(ROOT / "mkdocs.yml"))
    config.markdown_extensions.append(Extension())
    config.mdx_configs.update(mdx_configs)
    return config


def _render_pages(renders, markdowns: tuple[str, ...], rendered: list[str]) -> list:
    """One build's renders of pages with ``markdowns`` through ``renders``; each render
    that really happens is appended to ``rendered``."""
    from mkdocs.structure.files import Files

    files = Files([])
    renders.begin(files, _rebuild_config())
    pages = []
    for markdown in markdowns:
        page = types.SimpleNamespace(markdown=markdown, links_to_anchors={}, toc=[],
                                     file=types.SimpleNamespace(src_uri=markdown))  # fmt: skip

        def render(config, files, page=page):
            rendered.append(page.markdown)
            page.content = f"<p>{page.markdown}</p>"
            page._title_from_render, page.present_anchor_ids = None, {"a"}

        page.render = render
        renders.wrap(page)
        page.render(types.SimpleNamespace(plugins={}), files)
        pages.append(page)
    renders.end()
    return pages


def test_serve_reuses_a_render_across_rebuilds_and_of_documented_code_while_it_is_unchanged(
    tmp_path, monkeypatch
):
    """Each `mkdocs serve` rebuild loads the configuration anew, and mkdocstrings adds new
    Markdown extension objects to it: the key of a render must stay the same, so unchanged
    pages are not rendered again. A page documenting code (``::: activations``) is rendered
    again when that code changes, though its Markdown does not."""
    from mkdocs.structure.files import Files

    from scripts.adapter import rendercache
    from scripts.adapter.rendercache import RenderCache, inputs_key

    files = Files([])
    assert inputs_key(files, _rebuild_config()) == inputs_key(files, _rebuild_config())
    assert inputs_key(files, _rebuild_config()) != inputs_key(files, _rebuild_config(toc={}))

    package = tmp_path / "probe_package"
    package.mkdir()
    (package / "__init__.py").write_text('"""A package."""\n')
    monkeypatch.setattr(rendercache, "ROOT", tmp_path)
    found = {"probe_package": package / "__init__.py"}
    monkeypatch.setattr(rendercache, "module_file", found.get)
    renders, rendered = RenderCache(), []
    pages = ("# A page\n", "# API\n\n::: probe_package\n")
    for _ in range(2):
        _render_pages(renders, pages, rendered)
    assert rendered == list(pages)
    (package / "__init__.py").write_text('"""A package, documented anew."""\n')
    _render_pages(renders, pages, rendered)
    assert rendered == [*pages, pages[1]]


def test_a_page_listing_the_members_it_documents_is_keyed_by_the_files_defining_them(
    tmp_path, monkeypatch
):
    """A ``:::`` block that lists its members is rendered again when a file defining one of
    them (or a base of a class among them) changes, not when another file of the package
    does, such as an activation's family module; a block listing none, when any file does."""
    from scripts.adapter import rendercache
    from scripts.adapter.rendercache import RenderCache

    package = tmp_path / "probe_members"
    package.mkdir()
    sources = {
        "__init__.py": '"""A package."""\nfrom probe_members._shown import Shown, shown\n',
        "_base.py": 'class Base:\n    """A base."""\n',
        "_shown.py": "from probe_members._base import Base\n\n\nclass Shown(Base):\n"
        '    """Shown."""\n\n\ndef shown():\n    """A function."""\n',
        "_records.py": 'RECORDS = ("a summary",)\n',
    }
    for name, source in sources.items():
        (package / name).write_text(source)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(rendercache, "ROOT", tmp_path)
    monkeypatch.setattr(rendercache, "module_file", {"probe_members": package / "__init__.py"}.get)
    listing = "# API\n\n::: probe_members\n    options:\n      members: [Shown, shown]\n"
    whole = "# All\n\n::: probe_members\n"
    renders, rendered = RenderCache(), []
    for _ in range(2):
        _render_pages(renders, (listing, whole), rendered)
    assert rendered == [listing, whole]
    for name, again in (("_records.py", [whole]), ("_base.py", [listing, whole]),
                        ("_shown.py", [listing, whole])):  # fmt: skip
        (package / name).write_text(sources[name] + "# edited\n")
        rendered.clear()
        _render_pages(renders, (listing, whole), rendered)
        assert rendered == again, name


def test_a_build_reuses_the_renders_of_the_last_and_heals_a_corrupt_one(tmp_path):
    """A new build (a new process) takes unchanged pages' renders from the build's cache; an
    entry that fails its checksum is rendered again; renders no build uses any more go."""
    from scripts.adapter.rendercache import STAGE, RenderCache

    cache, rendered = Cache(tmp_path / "cache"), []
    first = _render_pages(RenderCache(cache), ("# A\n", "# B\n"), rendered)
    again = _render_pages(RenderCache(cache), ("# A\n", "# B\n"), rendered)
    assert rendered == ["# A\n", "# B\n"], "the second build rendered again"
    assert [p.content for p in again] == [p.content for p in first]
    assert [p.present_anchor_ids for p in again] == [{"a"}, {"a"}]
    entry = sorted((tmp_path / "cache" / STAGE.name).iterdir())[0]
    entry.write_bytes(entry.read_bytes()[:-3])  # a kill in mid-write
    healed = _render_pages(RenderCache(cache), ("# A\n", "# B\n"), rendered)
    assert len(rendered) == 3 and [p.content for p in healed] == [p.content for p in first]
    _render_pages(RenderCache(cache), ("# A, edited\n",), rendered)
    assert len(list((tmp_path / "cache" / STAGE.name).iterdir())) == 1, "stale renders kept"


def test_two_functions_compared_once_are_not_compared_again(tmp_path, monkeypatch):
    """A `difference` marker keeps its comparison in the build's cache: the next build (a
    page edit, a summary's edit) reads it, for every field, without comparing again."""
    from activations import _properties
    from scripts.pipeline import pages

    monkeypatch.setattr(pages, "CACHE_DIR", tmp_path)
    marker = "<!-- activations:difference quick_gelu gelu {} -->"
    expand = lambda field: pages.expand_markers(marker.format(field), Path("a.md"), 1, "")  # noqa: E731
    first = {field: expand(field) for field in ("largest", "at", "where")}
    assert first["largest"] != first["at"] and "∪" in first["where"], first

    def compare_again(*args):
        raise AssertionError("compared again")

    monkeypatch.setattr(_properties, "difference", compare_again)
    assert {field: expand(field) for field in first} == first
