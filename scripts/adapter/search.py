"""MkDocs hooks of the site's search (scripts.pipeline.search): each function page's names
in its content, its article and tags marked for the index, and the index built once the site
is written (during `mkdocs serve` alongside, so that a reload never waits for it)."""

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from mkdocs.plugins import event_priority

from scripts.adapter import reporting
from scripts.pipeline import search
from scripts.pipeline.cache import Cache
from scripts.pipeline.files import CACHE_DIR

_state: dict = {"serving": False}
_INDEXER = ThreadPoolExecutor(max_workers=1)  # one index build at a time, in build order
_log = logging.getLogger("mkdocs.hooks.search")


def on_startup(command, dirty):
    _state["serving"] = command == "serve"


def on_config(config):
    _state["names"] = search.Names(Cache(CACHE_DIR))  # anew each build: records change in serve
    _state["tags"] = set()


def on_page_content(html, page, config, files):
    return html + _state["names"].block(page.file.src_uri)


def on_post_page(output, page, config):  # before the page is minified (hooks.py, at -100)
    _state["tags"].update(page.meta.get("tags") or ())
    return search.mark(output, page.meta)


@event_priority(-50)  # once every page is written, before the site is published (at -100)
def on_post_build(config):
    names, tags = _state["names"].table(), _state["tags"]
    build = _INDEXER.submit(search.index, Path(config.site_dir), names, tags, Cache(CACHE_DIR))
    if not _state["serving"]:
        build.result()
    build.add_done_callback(_report)


def _report(build: Future) -> None:
    """Log how long the index took, or that it failed (in the background during serve)."""
    if error := build.exception():
        _log.error("the search index was not built: %s", error)
    else:
        _log.info("search index built in %.2f s", build.result())


reporting.report_build_errors(globals())
