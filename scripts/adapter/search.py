"""MkDocs hooks of the site's search (scripts.pipeline.search): each function page's names
in its content, its article and tags marked for the index, and the index built once the site
is written."""

from pathlib import Path

from mkdocs.plugins import event_priority

from scripts.pipeline import search

_state: dict = {}


def on_config(config):
    _state["names"] = search.Names()  # read anew on each build: records change in serve


def on_page_content(html, page, config, files):
    return html + _state["names"].block(page.file.src_uri)


def on_post_page(output, page, config):  # before the page is minified (hooks.py, at -100)
    return search.mark(output, page.meta)


@event_priority(-50)  # once every page is written, before the site is published (at -100)
def on_post_build(config):
    search.index(Path(config.site_dir), _state["names"].table())
