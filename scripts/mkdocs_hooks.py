"""MkDocs hooks: hand the build script's output to MkDocs. The work itself is in build_site."""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

CATALOG_NAV_MARKER = "activations:catalog"
_state: dict = {}


def on_startup(command, dirty):
    """Called once per MkDocs process: remember whether this is a build or a serve."""
    _state["command"] = command


def _fresh_modules():
    """The package and build script, re-imported so `mkdocs serve` sees edited code."""
    for name in [
        n
        for n in sys.modules
        if n == "activations"
        or n.startswith("activations.")
        or n in ("scripts.build_site", "scripts.pages", "scripts.figures", "scripts.notebooks")
    ]:
        del sys.modules[name]
    return (
        importlib.import_module("activations"),
        importlib.import_module("scripts.build_site"),
        importlib.import_module("scripts.pages"),
    )


def on_config(config):
    """Called after mkdocs.yml is read (again on every serve rebuild): fresh code, nav, output."""
    _state["modules"] = _fresh_modules()
    config.nav = _expand_nav(config.nav)
    if _state.get("command") == "build":
        final = Path(config.site_dir)
        partial = final.with_name(final.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        _state["site_dirs"] = (partial, final)
        config.site_dir = str(partial)
    return config


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
    _, build_site, pages = _state["modules"]
    try:
        project = Path(config.config_file_path).parent
        manifest = build_site.build(Path(config.docs_dir), out_dir=project / "build" / "generated")
    except pages.BuildError as error:
        raise PluginError(str(error)) from None
    for uri, path in manifest.pages.items():
        existing = files.get_file_from_path(uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, uri, content=path.read_text(encoding="utf-8")))
    for uri, path in manifest.assets.items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    # Each experiment's executed .ipynb replaces its .py (mkdocs-jupyter renders it).
    _state["notebooks"] = {}
    for notebook in manifest.notebooks:
        source = files.get_file_from_path(notebook.source_uri)
        if source is not None:
            files.remove(source)
        files.append(File.generated(config, notebook.uri, abs_src_path=str(notebook.path)))
        _state["notebooks"][notebook.uri] = notebook
    return files


def on_page_markdown(markdown, page, config, files):
    """A notebook page's tags and description come from its notebook metadata."""
    notebook = _state.get("notebooks", {}).get(page.file.src_uri)
    if notebook is not None:
        page.meta = {**page.meta, **_notebooks().page_meta(notebook.path)}
    return markdown


def on_page_content(html, page, config, files):
    """A notebook page: math rendered, CDN scripts dropped, links resolved (see page_html)."""
    if page.file.src_uri not in _state.get("notebooks", {}):
        return html
    from scripts.katex import RENDERER

    notebooks = _notebooks()
    try:
        return notebooks.page_html(html, page, files, RENDERER.render)
    except _state["modules"][2].BuildError as error:
        raise PluginError(str(error)) from None


def _notebooks():
    return importlib.import_module("scripts.notebooks")


def on_post_build(config):
    """Called after a successful build: move the finished site into place in one step."""
    if "site_dirs" in _state:
        partial, final = _state.pop("site_dirs")
        shutil.rmtree(final, ignore_errors=True)
        partial.rename(final)


def on_build_error(error):
    """Called when the build fails: drop the half-written site, keep the previous one."""
    if "site_dirs" in _state:
        partial, _ = _state.pop("site_dirs")
        shutil.rmtree(partial, ignore_errors=True)
