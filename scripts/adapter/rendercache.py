"""`mkdocs serve`: a page's render reused while its inputs are unchanged, so a rebuild only
renders the pages an edit changed. A render that logged a warning is never reused: it must
warn again (strict mode holds in serve too). Nor is a page that documents code from its
docstrings (a mkdocstrings ``:::`` block): its Markdown stays the same when the code changes."""

from __future__ import annotations

import functools
import hashlib
import logging
import re

from mkdocs.utils import CountHandler

AUTODOC = re.compile(r"^::: ", re.M)  # mkdocstrings: "document this object here"


class RenderCache:
    """Renders by (page, Markdown, the site's files and Markdown configuration)."""

    def __init__(self):
        self._renders: dict[tuple[str, str, str], tuple] = {}
        self._used: set[tuple[str, str, str]] = set()
        self._inputs = ""

    def begin(self, files, config) -> None:
        """A rebuild starts: its files and Markdown configuration are part of every key."""
        self._inputs = inputs_key(files, config)
        self._used = set()

    def wrap(self, page) -> None:
        """Make ``page.render`` reuse an earlier render of the same inputs."""
        page.render = functools.partial(self._render, page, page.render)

    def end(self) -> None:
        """A rebuild ended: forget the renders of pages as they were before an edit."""
        for key in set(self._renders) - self._used:
            del self._renders[key]

    def _render(self, page, render, config, files) -> None:
        if AUTODOC.search(page.markdown):
            return render(config, files)
        key = (page.file.src_uri, page.markdown, self._inputs)
        self._used.add(key)
        if key in self._renders:
            content, toc, title, anchors, links = self._renders[key]
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


def inputs_key(files, config) -> str:
    """A hash of what every page's render reads besides its Markdown: the site's files, the
    configuration file and the Markdown extensions. A plugin may add an extension as an
    object (mkdocstrings does, anew at each rebuild): it counts by its class, which the
    configuration file sets up."""
    listing = "\n".join(f"{f.src_uri}\t{f.url}" for f in files)
    extensions = [
        name if isinstance(name, str) else f"{type(name).__module__}.{type(name).__qualname__}"
        for name in config.markdown_extensions
    ]
    with open(config.config_file_path, encoding="utf-8") as source:
        setup = repr((extensions, config.mdx_configs, source.read()))
    return hashlib.sha256((listing + setup).encode()).hexdigest()
