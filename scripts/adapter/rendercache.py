"""A page's Markdown render reused while its inputs are unchanged, so a build renders only
the pages an edit changed: within `mkdocs serve` from memory, and across builds from the
build's cache (:mod:`scripts.pipeline.cache`, checked when read). A render that logged a
warning is never reused: it must warn again (strict mode holds in serve too). Nor is a page
that documents code from its docstrings (a mkdocstrings ``:::`` block): its Markdown stays
the same when the code changes."""

from __future__ import annotations

import functools
import hashlib
import logging
import re

from mkdocs.utils import CountHandler

from scripts.pipeline.cache import Cache, digest
from scripts.pipeline.imports import library_version
from scripts.pipeline.katex import katex_version
from scripts.pipeline.stage import Stage

AUTODOC = re.compile(r"^::: ", re.M)  # mkdocstrings: "document this object here"
STAGE = Stage("renders", ("scripts.adapter.katex", "scripts.adapter.rendercache"))
# What renders Markdown besides the configured extensions' own packages
RENDERING_LIBRARIES = ("markdown", "mkdocs", "pygments")


class RenderCache:
    """Renders by (page, Markdown, the site's files and Markdown configuration, the code
    that renders); ``store``: the build's cache, which keeps them across builds."""

    def __init__(self, store: Cache | None = None):
        self.store = store
        self._renders: dict[tuple[str, str, str], tuple] = {}
        self._used: set[tuple[str, str, str]] = set()
        self._inputs = ""

    def begin(self, files, config) -> None:
        """A build starts: its files, Markdown configuration and code are part of every key."""
        self._inputs = digest(inputs_key(files, config), code_key(config))
        self._used = set()

    def wrap(self, page) -> None:
        """Make ``page.render`` reuse an earlier render of the same inputs."""
        page.render = functools.partial(self._render, page, page.render)

    def end(self) -> None:
        """A build succeeded: forget the renders of pages as they were before an edit (in
        memory and in the store)."""
        for key in set(self._renders) - self._used:
            del self._renders[key]
        if self.store is not None:
            kept = {_stored_key(key) for key in self._used}
            for name in self.store.keys(STAGE.name):
                if name not in kept:
                    self.store.path(STAGE.name, name).unlink(missing_ok=True)

    def _render(self, page, render, config, files) -> None:
        if AUTODOC.search(page.markdown):
            return render(config, files)
        key = (page.file.src_uri, page.markdown, self._inputs)
        self._used.add(key)
        stored = self._renders.get(key) or self._load(key)
        if stored is not None:
            content, toc, title, anchors, links = stored
            page.content, page.toc, page._title_from_render = content, toc, title
            page.present_anchor_ids = anchors
            page.links_to_anchors = {files.get_file_from_path(u): a for u, a in links.items()}
            return
        warnings = CountHandler(level=logging.WARNING)
        logging.getLogger("mkdocs").addHandler(warnings)
        try:
            render(config, files)
        finally:
            logging.getLogger("mkdocs").removeHandler(warnings)
        if not warnings.get_counts():
            links = {f.src_uri: anchors for f, anchors in (page.links_to_anchors or {}).items()}
            self._renders[key] = (page.content, page.toc, page._title_from_render,
                                  page.present_anchor_ids, links)  # fmt: skip
            if self.store is not None:
                self.store.store(STAGE.name, _stored_key(key), self._renders[key])

    def _load(self, key) -> tuple | None:
        if self.store is None:
            return None
        stored = self.store.load(STAGE.name, _stored_key(key))
        if not (isinstance(stored, tuple) and len(stored) == 5):
            return None
        self._renders[key] = stored
        return stored


def _stored_key(key: tuple[str, str, str]) -> str:
    return digest(*key)


def inputs_key(files, config) -> str:
    """A hash of what every page's render reads besides its Markdown: the site's files, the
    configuration file (and the site's address, which it may take from the environment)
    and the Markdown extensions. A plugin may add an extension as an
    object (mkdocstrings does, anew at each rebuild): it counts by its class, which the
    configuration file sets up."""
    listing = "\n".join(f"{f.src_uri}\t{f.url}" for f in files)
    with open(config.config_file_path, encoding="utf-8") as source:
        setup = repr((_extension_names(config), config.mdx_configs, config.site_url,
                      source.read()))  # fmt: skip
    return hashlib.sha256((listing + setup).encode()).hexdigest()


def code_key(config) -> str:
    """A hash of the code that renders Markdown: this project's extensions, the versions of
    the libraries that provide the configured extensions and of KaTeX."""
    packages = {name.split(".")[0] for name in _extension_names(config)}
    packages = sorted((packages | set(RENDERING_LIBRARIES)) - {"scripts"})
    versions = [library_version(name) for name in packages if _importable(name)]
    return digest(STAGE.key(), katex_version(), *versions)


def _extension_names(config) -> list[str]:
    return [
        name if isinstance(name, str) else f"{type(name).__module__}.{type(name).__qualname__}"
        for name in config.markdown_extensions
    ]


@functools.cache
def _importable(name: str) -> bool:
    """Whether ``name`` is a top-level package (Markdown's own extensions are named bare:
    ``toc`` is ``markdown.extensions.toc``, covered by Markdown's version)."""
    import importlib.util

    return importlib.util.find_spec(name) is not None
