"""The rendered pages' HTML: the page as written (KaTeX fonts preloaded, Material's unnamed
widgets named, minified; kept in the build's cache), and where the theme's compiled templates
are kept."""

from __future__ import annotations

import io

import minify_html
from jinja2.bccache import Bucket, BytecodeCache

from scripts.pipeline import katex
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


def finish(output: str) -> str:
    """A rendered page (or theme template) as written: the KaTeX fonts it uses preloaded,
    Material's progress bar named, then minified (Material's templates indent
    every tag: a fifth of a page's bytes)."""
    output = katex.preload_fonts(output)
    for old, new in ACCESSIBLE_NAMES.items():
        output = output.replace(old, new, 1)
    return minify_html.minify(output, keep_closing_tags=True, keep_html_and_head_opening_tags=True)


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

    def begin(self) -> None:
        """A build starts (during `mkdocs serve`, after an edit to the code perhaps)."""
        self._code = FINISHING.key()
        self._used = set()

    def __call__(self, output: str) -> str:
        key = digest(self._code, output)
        self._used.add(key)
        if (stored := self.cache.read(FINISHING.name, key)) is not None:
            return stored.decode("utf-8")
        finished = finish(output)
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
