"""MkDocs hooks of the site's search (scripts.pipeline.search): each function page's names
in its content, its article and tags marked for the index, and the index built once the site
is written (during `mkdocs serve` alongside, so that a reload never waits for it: the next
build stops it, and waits for it to end, before it empties the site folder the index
reads; its failure is reported but not counted against the next build). A build that
strict mode will abort builds no index."""

import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mkdocs.plugins import event_priority

from scripts.adapter import reporting
from scripts.pipeline import search
from scripts.pipeline.cache import Cache
from scripts.pipeline.errors import BuildError
from scripts.pipeline.files import CACHE_DIR

_state: dict = {"serving": False, "indexing": None}
_INDEXER = ThreadPoolExecutor(max_workers=1)  # one index build at a time, in build order
_log = logging.getLogger("mkdocs.hooks.search")
_background_log = reporting.uncounted_logger("scripts.adapter.search.background")


def on_startup(command, dirty):
    _state["serving"] = command == "serve"


def on_config(config):
    earlier, _state["indexing"] = _state["indexing"], None
    if earlier is not None and not earlier.done():  # the previous build's (serve), still
        search.stop()  # reading a site this build replaces
        earlier.result()
    _state["names"] = search.Names(Cache(CACHE_DIR))  # anew each build: records change in serve
    _state["tags"] = set()


def on_page_content(html, page, config, files):
    return html + _state["names"].block(page.file.src_uri)


def on_post_page(output, page, config):  # before the page is minified (hooks.py, at -100)
    _state["tags"].update(page.meta.get("tags") or ())
    return search.mark(output, page.meta)


@event_priority(-50)  # once every page is written, before the site is published (at -100)
def on_post_build(config):
    if config.strict and reporting.warnings_logged():
        return  # the build is aborted: no site to search
    site, names, tags = Path(config.site_dir), _state["names"].table(), _state["tags"]
    if _state["serving"]:
        _state["indexing"] = _INDEXER.submit(_index_in_background, site, names, tags)
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


reporting.report_build_errors(globals())
