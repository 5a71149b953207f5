"""The site's search (scripts.pipeline.search) in a build: each function page's names in
its content, its article and tags marked for the index, and the index built once the site
is written (during `mkdocs serve` alongside, so that a reload never waits for it: the next
build stops it, and waits for it to end, before it empties the site folder the index
reads; its failure is reported but not counted against the next build). A build that
strict mode will abort builds no index."""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from scripts.adapter import reporting
from scripts.pipeline import search
from scripts.pipeline.cache import Cache
from scripts.pipeline.errors import BuildError
from scripts.pipeline.files import CACHE_DIR

_log = logging.getLogger("mkdocs.hooks.search")
_background_log = reporting.uncounted_logger("scripts.adapter.search.background")


class SiteSearch:
    """The search of one site generator process's builds."""

    def __init__(self):
        self.serving = False
        self._indexer = ThreadPoolExecutor(max_workers=1)  # one index at a time, in order
        self._indexing: Future | None = None
        self._names: search.Names | None = None
        self._tags: set[str] = set()

    def begin(self) -> None:
        """A build starts: the previous build's index (serve), still reading a site this
        build replaces, is stopped and waited for; names are read anew (records change)."""
        earlier, self._indexing = self._indexing, None
        if earlier is not None and not earlier.done():
            search.stop()
            earlier.result()
        self._names = search.Names(Cache(CACHE_DIR))
        self._tags = set()

    def add_names(self, html: str, page) -> str:
        """A page's content with the names the index finds it by."""
        return html + self._names.block(page.file.src_uri)

    def mark(self, output: str, page) -> str:
        """A written page, its article and tags marked for the index (before minifying)."""
        self._tags.update(page.meta.get("tags") or ())
        return search.mark(output, page.meta)

    def index(self, config) -> None:
        """Index the written site (during `serve`, in the background)."""
        if config.strict and reporting.warnings_logged():
            return  # the build is aborted: no site to search
        site, names, tags = Path(config.site_dir), self._names.table(), self._tags
        if self.serving:
            self._indexing = self._indexer.submit(_index_in_background, site, names, tags)
        else:
            _log.info("search index built in %.2f s", _index(site, names, tags))


def _index(site: Path, names: dict, tags: set) -> float:
    """Build the index; the seconds it took."""
    try:
        return search.index(site, names, tags, Cache(CACHE_DIR))
    except (OSError, RuntimeError) as error:
        raise BuildError(f"the search index was not built: {error}") from error


def _index_in_background(site: Path, names: dict, tags: set) -> None:
    """Build the index, reporting to a log strict mode does not count (see the docstring)."""
    try:
        _background_log.info("search index built in %.2f s", _index(site, names, tags))
    except search.Stopped:
        _background_log.info("search index stopped: the next build indexes its own site")
    except BuildError as error:
        _background_log.error("%s", error)
