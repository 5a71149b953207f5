"""A page's template output reused during `mkdocs serve` while everything it shows is
unchanged: MkDocs renders every page's template at each build (Material's navigation
alone is a third of a page edit's time), though an edit changes one page or a few.

The key holds what a page's template reads: the page (its content, title, table of
contents, front matter, address, neighbours and tags), the navigation (every item's title
and address, and the front-matter fields that the templates read from a page other than
the one they render: Material's icon, subtitle and status, found in the templates
themselves), the stylesheets and scripts, the build's date, the configuration and the
site's files (:attr:`RenderCache.inputs`, which holds Material's version too), and the
templates (this site's overrides and the code that adapts Material's). A context holding
anything else is rendered, never reused. Kept in memory only, for one process: `mkdocs
build` renders every page.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from scripts.pipeline.cache import digest
from scripts.pipeline.stage import Stage

# The code that adapts the templates: this module and the header's search
STAGE = Stage("templates", ("scripts.adapter.templates", "scripts.adapter.theme"))
_KNOWN = {"nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version",
          "build_date_utc", "config", "page", "tags"}  # fmt: skip


_META_READ = re.compile(r"\b(\w+)\.meta\.(\w+)")  # "nav_item.meta.status"


class ReusedTemplates:
    """The pages' template outputs of the last build, by key."""

    def __init__(self):
        self._outputs: dict[str, str] = {}
        self._used: set[str] = set()
        self._site = ""
        self._nav: tuple = (None, "")  # this build's navigation and its key
        self._nav_fields: frozenset[str] = frozenset()
        self.reused = 0

    def begin(self, env, config, inputs: str) -> None:
        """A build's templates are loaded by ``env``: pages rendered with it are reused by
        key; ``inputs``: the hash of the site's files and configuration."""
        overrides = Path(config.theme.custom_dir or "")
        sources = sorted(overrides.rglob("*")) if config.theme.custom_dir else []
        templates = digest(STAGE.key(), *(
            part for path in sources if path.is_file()
            for part in (path.relative_to(overrides).as_posix(), path.read_bytes())
        ))  # fmt: skip
        self._site = digest(inputs, templates)
        self._nav_fields = nav_fields(tuple(config.theme.dirs), templates)
        self._used, self._nav, self.reused = set(), (None, ""), 0
        env.get_template = functools.partial(self._template, env.get_template)

    def end(self) -> None:
        """The build succeeded: the outputs it did not use are dropped."""
        self._outputs = {key: self._outputs[key] for key in self._used if key in self._outputs}

    def _template(self, get_template, name, *args, **kwargs):
        # MkDocs asks for a page's template by its name alone; Jinja, for a template that
        # another includes or extends, with the other's name too: that one renders as it is
        template = get_template(name, *args, **kwargs)
        return _Reusing(template, self) if not args and not kwargs else template

    def render(self, template, context) -> str:
        key = self._key(template.name, context)
        if key is None:
            return template.render(context)
        self._used.add(key)
        if key in self._outputs:
            self.reused += 1
        else:
            self._outputs[key] = template.render(context)
        return self._outputs[key]

    def _key(self, name: str, context) -> str | None:
        page, nav = context.get("page"), context.get("nav")
        if page is None or not set(context) <= _KNOWN:
            return None
        if self._nav[0] is not nav:  # the same all build: its titles are known by now
            self._nav = (nav, digest(repr(_items(nav.items, self._nav_fields))))
        return digest(
            self._site, name, self._nav[1], repr(context["extra_css"]),
            repr([str(script) for script in context["extra_javascript"]]),
            context["base_url"], context["mkdocs_version"], repr(context["build_date_utc"]),
            repr([(file.src_uri, file.url) for file in context["pages"]]),
            repr([(tag.name, getattr(tag, "url", None)) for tag in context.get("tags", ())]),
            page.file.src_uri, page.url, repr(page.title), page.content or "",
            repr(_toc(page.toc)), repr(page.meta), repr(page.canonical_url),
            repr(page.edit_url), repr(page.is_homepage),
            *(repr((other.url, other.title) if other else None)
              for other in (page.previous_page, page.next_page)),
        )  # fmt: skip


class _Reusing:
    """A template whose :meth:`render` may return the output kept for its context; the rest
    is the template's own (Jinja itself uses the template, never this wrapper)."""

    def __init__(self, template, reused: ReusedTemplates):
        self._template, self._reused = template, reused

    def __getattr__(self, name):
        return getattr(self._template, name)

    def render(self, context) -> str:
        return self._reused.render(self._template, context)


@functools.lru_cache(maxsize=4)
def nav_fields(theme_dirs: tuple[str, ...], _version: str) -> frozenset[str]:
    """The front-matter fields the templates in ``theme_dirs`` read from a page other than
    the one they render (``nav_item.meta.status``, not ``page.meta.description``);
    ``_version``: a hash of the site's own templates and of the code adapting Material's
    (Material's own are those of its installed version, the same all process long)."""
    return frozenset(
        field for folder in theme_dirs for path in Path(folder).rglob("*.html")
        for owner, field in _META_READ.findall(path.read_text(encoding="utf-8"))
        if owner != "page"
    )  # fmt: skip


def _items(items, fields: frozenset[str]) -> list:
    shown = []
    for item in items:
        meta = getattr(item, "meta", None) or {}
        read = sorted((field, repr(meta[field])) for field in fields & meta.keys())
        shown.append((type(item).__name__, item.title, getattr(item, "url", None),
                      bool(meta), read, _items(item.children or (), fields)))  # fmt: skip
    return shown


def _toc(toc) -> list:
    return [(item.title, item.id, item.level, _toc(item.children)) for item in toc]
