"""The rendered pages' HTML: the page as written (KaTeX fonts preloaded, Material's unnamed
widgets named, minified; kept in the build's cache), and where the theme's compiled templates
are kept."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import minify_html
from jinja2.bccache import Bucket, BytecodeCache

from scripts.pipeline import katex, usedcss
from scripts.pipeline.cache import Cache, digest, keep_only
from scripts.pipeline.files import CACHE_DIR
from scripts.pipeline.stage import Stage

# Material's instant-navigation progress bar has no accessible name (axe-core:
# aria-progressbar-name); the written page gives it one (the search dialog, in
# overrides/partials/search.html, has its own).
ACCESSIBLE_NAMES = {
    'data-md-component="progress" role="progressbar">': 'data-md-component="progress"'
    ' role="progressbar" aria-label="Loading page">',
}


_STYLESHEET_LINK = re.compile(r"""<link\b[^>]*\brel=["']?stylesheet\b[^>]*>""")
_HREF = re.compile(r"""\bhref=(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def finish(output: str, candidates: set[str] = frozenset(),
           read: Callable[[str], str | None] = str, fonts: Sequence[str] = ()) -> str:  # fmt: skip
    """A rendered page (or theme template) as written: its links to those of the
    ``candidates`` stylesheets that can style nothing on it dropped (:func:`unlink_unused`),
    the KaTeX ``fonts`` its formulas draw with preloaded, Material's progress bar named,
    then minified (Material's templates indent every tag: a fifth of a page's bytes)."""
    output = unlink_unused(output, candidates, read) if candidates else output
    output = katex.preload_fonts(output, fonts)
    for old, new in ACCESSIBLE_NAMES.items():
        output = output.replace(old, new, 1)
    return minify_html.minify(output, keep_closing_tags=True, keep_html_and_head_opening_tags=True)


def unlink_unused(output: str, candidates: set[str], read: Callable[[str], str | None]) -> str:
    """``output`` without its links to those of the ``candidates`` stylesheets (site paths)
    that can style nothing on it (usedcss.can_style, given the page's other stylesheets);
    ``read`` gives a stylesheet's CSS by its site path, None if there is no such file (its
    link is kept)."""
    linked = {link: _site_path(link) for link in _STYLESHEET_LINK.findall(output)}
    for link, path in linked.items():
        if path not in candidates or (css := read(path)) is None:
            continue
        others = [other for p in linked.values() if p != path and (other := read(p))]
        if not usedcss.can_style(css, output, others):
            output = output.replace(link, "", 1)
    return output


def _site_path(link: str) -> str:
    """The site path of a ``<link>``'s local file ("../../assets/site.css?v=1": assets/site.css)."""
    href = _HREF.search(link)
    path = "".join(href.groups("")).split("?")[0].split("#")[0] if href else ""
    return re.sub(r"^(?:\.\./|\./|/)+", "", path)


FINISHING = Stage("finished-pages", (__name__,))  # its entries: pages as written


class FinishedPages:
    """Pages as :func:`finish` writes them, kept in the build's cache by the page as rendered
    and the code that finishes it: minifying is a third of writing the site's pages, and a
    rebuild writes most pages as they were. Entries no build used are dropped at
    :meth:`end`."""

    def __init__(self, cache: Cache):
        self.cache = cache
        self._code = ""
        self._used: set[str] = set()
        self._site_dir: Path | None = None
        self._candidates: set[str] = set()
        self._sheets: dict[str, str | None] = {}
        self._keyed = True  # the candidates' CSS is in the code's key
        self._fonts: dict[str, list[str]] = {}

    def begin(self) -> None:
        """A build starts (during `mkdocs serve`, after an edit to the code perhaps)."""
        self._code = FINISHING.key()
        self._used = set()
        self._site_dir, self._candidates, self._sheets, self._fonts = None, set(), {}, {}

    def link_only_where_used(self, site_dir: Path, candidates: list[str]) -> None:
        """Pages link the ``candidates`` stylesheets (site paths) only if they can style
        them; stylesheets are read from ``site_dir`` as the pages are written (they are
        there by then), and the candidates' CSS is part of each page's cache key."""
        self._site_dir = site_dir
        self._candidates = {_site_path(f'<link href="{uri}">') for uri in candidates}
        self._keyed = False

    def preload(self, fonts: dict[str, list[str]]) -> None:
        """Pages preload the KaTeX fonts their formulas draw with (``fonts``: by the page's
        source path, as scripts.pipeline.katexfonts.apply finds them)."""
        self._fonts = fonts

    def _read(self, path: str) -> str | None:
        """A stylesheet's CSS by its site path; None if the site has no such file."""
        if path not in self._sheets:
            file = self._site_dir / path
            self._sheets[path] = file.read_text(encoding="utf-8") if file.is_file() else None
        return self._sheets[path]

    def __call__(self, output: str, page: str | None = None) -> str:
        """``output`` as written; ``page``, its source path (None for a theme template)."""
        fonts = self._fonts.get(page, [])
        if not self._keyed:  # the first page: the candidates are written
            sheets = sorted((path, self._read(path) or "") for path in self._candidates)
            self._code = digest(self._code, *(part for sheet in sheets for part in sheet))
            self._keyed = True
        key = digest(self._code, output, *fonts)
        self._used.add(key)
        if (stored := self.cache.read(FINISHING.name, key)) is not None:
            return stored.decode("utf-8")
        finished = finish(output, self._candidates, self._read, fonts)
        self.cache.write(FINISHING.name, key, finished.encode("utf-8"))
        return finished

    def end(self) -> None:
        """A build succeeded: drop the pages it did not write."""
        keep_only(self.cache, FINISHING.name, self._used)


class TemplateCache(BytecodeCache):
    """Jinja's compiled templates, kept in the build's cache: Jinja compiles the theme's
    templates anew on every build (and every `mkdocs serve` rebuild) otherwise. Jinja checks
    that an entry is of the template's current source; the cache checks that it is the code
    Jinja wrote (a damaged entry is compiled again, never run)."""

    def __init__(self, cache: Cache):
        self.cache = cache

    def load_bytecode(self, bucket: Bucket) -> None:
        if (content := self.cache.read(TEMPLATES, bucket.key)) is not None:
            bucket.load_bytecode(io.BytesIO(content))

    def dump_bytecode(self, bucket: Bucket) -> None:
        compiled = io.BytesIO()
        bucket.write_bytecode(compiled)
        self.cache.write(TEMPLATES, bucket.key, compiled.getvalue())


TEMPLATES = "templates"  # the kind of the compiled templates' entries in the build's cache


def template_cache() -> TemplateCache:
    return TemplateCache(Cache(CACHE_DIR))
