"""MkDocs hooks: hand the pipeline's output to MkDocs. The work itself is in scripts.pipeline."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import logging
import re
import shutil
import sys
from pathlib import Path

import minify_html
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import CountHandler

from scripts.pipeline.errors import BuildError
from scripts.pipeline.files import CACHE_DIR
from scripts.pipeline.katex import for_search as formulas_for_search

CATALOG_NAV_MARKER = "activations:catalog"
_state: dict = {}


def on_startup(command, dirty):
    """Called once per MkDocs process: remember whether this is a build or a serve."""
    _state["command"] = command


def _forget_changed_code() -> None:
    """Drop the package and build script from the imported modules when their code changed,
    so that `mkdocs serve` imports the edited code (and a page edit does not pay for it)."""
    code = Path(__file__).resolve().parents[2]
    folders = (code / "activations", code / "scripts")
    stamps = {p: p.stat().st_mtime_ns for d in folders for p in d.rglob("*.py")}
    if _state.get("stamps") == stamps:
        return
    _state["stamps"] = stamps
    build_modules = {
        f"scripts.pipeline.{name}"
        for name in ("build", "pages", "figures", "notebooks", "explorer", "stability")
    }
    for name in [
        n
        for n in sys.modules
        if n == "activations" or n.startswith("activations.") or n in build_modules
    ]:
        del sys.modules[name]
        # `from scripts.pipeline import figures` takes the package's attribute when it has one:
        # without this, the re-imported build script would keep the old modules.
        parent, _, child = name.rpartition(".")
        if parent in sys.modules and hasattr(sys.modules[parent], child):
            delattr(sys.modules[parent], child)


def on_config(config):
    """Called after mkdocs.yml is read (again on every serve rebuild): the notebooks start
    executing, then fresh code, nav and output."""
    _forget_changed_code()
    # The experiments first: their kernels start while the package is imported (the
    # notebooks module imports no part of it).
    notebooks = importlib.import_module("scripts.pipeline.notebooks")
    _state["batch"] = notebooks.start(
        Path(config.docs_dir), _output_dir(config), CACHE_DIR, serving=_serving()
    )
    _state["modules"] = (
        importlib.import_module("activations"),
        importlib.import_module("scripts.pipeline.build"),
    )
    config.nav = _expand_nav(config.nav)
    if _state.get("command") == "build":
        final = Path(config.site_dir)
        partial = final.with_name(final.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        _state["site_dirs"] = (partial, final)
        config.site_dir = str(partial)
    return config


def _output_dir(config) -> Path:
    """Where the build script writes: ``build/generated`` beside mkdocs.yml."""
    return Path(config.config_file_path).parent / "build" / "generated"


def _serving() -> bool:
    return _state.get("command") == "serve"


def _expand_nav(nav):
    """Give the entry whose value is ``activations:catalog`` one section per family."""
    if nav is None:
        return None
    expanded = []
    for item in nav:
        if isinstance(item, dict):
            ((title, value),) = item.items()
            if value == CATALOG_NAV_MARKER:
                item = {title: _catalog_nav()}
            elif isinstance(value, list):
                item = {title: _expand_nav(value)}
        expanded.append(item)
    return expanded


def _catalog_nav():
    activations = _state["modules"][0]
    sections = []
    for family, title in activations.FAMILIES.items():
        members = [a for a in activations.catalog() if a.family == family]
        sections.append({title: [{a.name: f"functions/{a.slug}.md"} for a in members]})
    return sections


@event_priority(50)  # before mkdocs-jupyter's on_files, which must see the notebooks
def on_files(files: Files, config) -> Files:
    """Called with the docs files: run the build script and swap in what it generated."""
    _, pipeline = _state["modules"]
    try:
        manifest = pipeline.build(
            Path(config.docs_dir),
            out_dir=_output_dir(config),
            serving=_serving(),
            wait=False,  # notebooks: waited for in on_pre_page, while MkDocs reads the others
            batch=_state.pop("batch"),
        )
    except BuildError as error:
        raise PluginError(str(error)) from None
    _state["manifest"] = manifest
    for uri, path in manifest.pages.items():
        existing = files.get_file_from_path(uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, uri, content=path.read_text(encoding="utf-8")))
    for uri, path in manifest.assets.items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    # Each experiment's executed .ipynb replaces its .py (mkdocs-jupyter renders it). Added
    # last, their pages are read last: the notebooks have the most time to finish.
    _state["notebooks"] = {}
    for notebook in manifest.notebooks.experiments:
        source = files.get_file_from_path(notebook.source_uri)
        if source is not None:
            files.remove(source)
        # A plain File rooted in the output folder, not File.generated: mkdocs-jupyter wraps
        # it, and its wrapper recomputes abs_src_path from src_dir.
        files.append(File(notebook.uri, src_dir=str(notebook.src_dir), dest_dir=config.site_dir,
                          use_directory_urls=config.use_directory_urls))  # fmt: skip
        _state["notebooks"][notebook.uri] = notebook
    return files


def on_env(env, config, files):
    """Keep the theme's compiled templates on disk: Jinja compiles them anew on every build
    (and every `mkdocs serve` rebuild) otherwise; its cache checks each template's source."""
    from jinja2 import FileSystemBytecodeCache

    folder = Path(config.config_file_path).parent / ".cache" / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env


def on_nav(nav, config, files):
    """Called once the site's files are final: during `mkdocs serve`, they and the Markdown
    configuration are part of what a page's cached render depends on (see _render_once)."""
    if _serving():
        listing = "\n".join(f"{f.src_uri}\t{f.url}" for f in files)
        setup = repr((config.markdown_extensions, config.mdx_configs))
        _state["render_inputs"] = hashlib.sha256((listing + setup).encode()).hexdigest()
        _state["rendered_now"] = set()
    return nav


@event_priority(100)  # before mkdocs-jupyter's on_pre_page, which reads the notebook
def on_pre_page(page, config, files):
    """A notebook's page: wait until its notebook has been executed (or found in the cache).
    During `mkdocs serve`, any other page is rendered from Markdown only when it changed."""
    if page.file.src_uri in _state.get("notebooks", {}):
        try:
            _state["manifest"].notebooks.wait(page.file.src_uri)
        except BuildError as error:
            raise PluginError(str(error)) from None
    elif "render_inputs" in _state:
        page.render = functools.partial(_render_once, page, page.render)
    return page


_RENDERED: dict[tuple[str, str, str], tuple] = {}  # `mkdocs serve`: a page's render by input


def _render_once(page, render, config, files):
    """``page.render``, reused while the page's Markdown, the site's files and the Markdown
    configuration are unchanged (a rebuild during `mkdocs serve` then only renders the pages
    an edit changed). A render that logged a warning is never reused: it must warn again."""
    key = (page.file.src_uri, page.markdown, _state["render_inputs"])
    _state["rendered_now"].add(key)
    if key not in _RENDERED:
        warnings = CountHandler(level=logging.WARNING)
        logging.getLogger("mkdocs").addHandler(warnings)
        try:
            render(config, files)
        finally:
            logging.getLogger("mkdocs").removeHandler(warnings)
        if warnings.get_counts():
            return
        links = {f.src_uri: anchors for f, anchors in (page.links_to_anchors or {}).items()}
        _RENDERED[key] = (page.content, page.toc, page._title_from_render,
                          page.present_anchor_ids, links)  # fmt: skip
        return
    content, toc, title, anchors, links = _RENDERED[key]
    page.content, page.toc, page._title_from_render = content, toc, title
    page.present_anchor_ids = anchors
    page.links_to_anchors = {files.get_file_from_path(uri): a for uri, a in links.items()}


def on_page_markdown(markdown, page, config, files):
    """A notebook page's tags and description come from its notebook metadata."""
    notebook = _state.get("notebooks", {}).get(page.file.src_uri)
    if notebook is not None:
        try:
            page.meta = {**page.meta, **_notebooks().page_meta(notebook.path)}
        except BuildError as error:
            raise PluginError(str(error)) from None
    return markdown


def on_page_content(html, page, config, files):
    """A notebook page: math rendered, CDN scripts dropped, links resolved (see page_html)."""
    if page.file.src_uri not in _state.get("notebooks", {}):
        return html
    from scripts.pipeline.katex import RENDERER

    notebooks = _notebooks()
    try:
        return notebooks.page_html(html, page, files, RENDERER.render, config.site_dir)
    except BuildError as error:
        raise PluginError(str(error)) from None


def _notebooks():
    return importlib.import_module("scripts.pipeline.notebooks")


_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_SPAN_TAG = re.compile(r"<span\b[^>]*>|</span>")
_full_content: dict[int, str] = {}


def for_search(html: str) -> str:
    """``html`` with only what the search index keeps of it: each formula as its MathML text,
    no inline SVG drawings (a notebook's plots: paths, no words), and no span tags (code
    highlighting: the words stay). Material's search parses a page tag by tag, and these
    were most of the tags. A page that excludes a span from search keeps its spans."""
    html = _SVG.sub("", formulas_for_search(html))
    return html if "data-search-exclude" in html else _SPAN_TAG.sub("", html)


@event_priority(100)
def _lighter_for_search(context, page, config, nav):
    """Before the search plugin: hand it the page as :func:`for_search` gives it."""
    _full_content[id(page)] = page.content
    page.content = for_search(page.content)
    return context


@event_priority(-100)
def _full_page_back(context, page, config, nav):
    """After the search plugin, before the template: the full page again."""
    page.content = _full_content.pop(id(page))
    return context


on_page_context = CombinedEvent(_lighter_for_search, _full_page_back)


# Material's search dialog and instant-navigation progress bar have no accessible name
# (axe-core: aria-dialog-name, aria-progressbar-name); the rendered page gives them one.
ACCESSIBLE_NAMES = {
    'data-md-component="search" role="dialog">': 'data-md-component="search" role="dialog"'
    ' aria-label="Search">',
    'data-md-component="progress" role="progressbar">': 'data-md-component="progress"'
    ' role="progressbar" aria-label="Loading page">',
}


@event_priority(-100)  # after every other change to the page (scripts/katex.py's preloads)
def on_post_page(output, page, config):
    """Called with each rendered page: name Material's unnamed dialog and progress bar, then
    minify the HTML (Material's templates indent every tag: a fifth of a page's bytes)."""
    for old, new in ACCESSIBLE_NAMES.items():
        output = output.replace(old, new, 1)
    return minify_html.minify(output, keep_closing_tags=True, keep_html_and_head_opening_tags=True)


def on_post_template(output, template_name, config):
    """Called with each rendered theme template: the 404 page as a page, sitemaps as they are."""
    return on_post_page(output, None, config) if template_name.endswith(".html") else output


@event_priority(-100)  # after every plugin has written its files
def on_post_build(config):
    """Called after the pages are written: move the finished site into place in one step.

    MkDocs aborts a strict build for its warnings only after this event, so the warnings
    counted so far are checked here: a site with a warning is dropped, not published.
    """
    if "manifest" in _state:  # every notebook has been waited for by its page: this logs
        _state["modules"][1].finish_notebooks(_state.pop("manifest"))
    for key in set(_RENDERED) - _state.get("rendered_now", set()):
        del _RENDERED[key]  # renders of pages as they were before an edit
    if "site_dirs" not in _state:
        return
    partial, final = _state.pop("site_dirs")
    if config.strict and _strict_warnings():
        shutil.rmtree(partial, ignore_errors=True)
        return
    shutil.rmtree(final, ignore_errors=True)
    partial.rename(final)


def _strict_warnings() -> bool:
    """Whether MkDocs' strict-mode counter has seen a warning in this build."""
    counters = [h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)]
    return any(counter.get_counts() for counter in counters)


def on_build_error(error):
    """Called when the build fails: let running notebooks finish (a rebuild would otherwise
    start them again alongside), drop the half-written site, keep the previous one."""
    manifest = _state.pop("manifest", None)
    batch = _state.pop("batch", None) or (manifest.notebooks if manifest else None)
    if batch is not None:
        # a notebook's error was reported by the page that waited for it, or is moot now
        with contextlib.suppress(BuildError):
            batch.wait_all()
    if "site_dirs" in _state:
        partial, _ = _state.pop("site_dirs")
        shutil.rmtree(partial, ignore_errors=True)
