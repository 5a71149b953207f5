"""The rendered pages' HTML: the page as written (KaTeX fonts preloaded, Material's unnamed
widgets named, minified), and where the theme's compiled templates are kept."""

from __future__ import annotations

import functools
import io

import minify_html
from jinja2.bccache import Bucket, BytecodeCache

from scripts.pipeline import katex
from scripts.pipeline.cache import Cache
from scripts.pipeline.files import CACHE_DIR

# Material's instant-navigation progress bar has no accessible name (axe-core:
# aria-progressbar-name); the written page gives it one (the search dialog, in
# overrides/partials/search.html, has its own).
ACCESSIBLE_NAMES = {
    'data-md-component="progress" role="progressbar">': 'data-md-component="progress"'
    ' role="progressbar" aria-label="Loading page">',
}


@functools.lru_cache(maxsize=256)  # `mkdocs serve` renders every page again on each edit
def finish(output: str) -> str:
    """A rendered page (or theme template) as written: the KaTeX fonts it uses preloaded,
    Material's progress bar named, then minified (Material's templates indent
    every tag: a fifth of a page's bytes)."""
    output = katex.preload_fonts(output)
    for old, new in ACCESSIBLE_NAMES.items():
        output = output.replace(old, new, 1)
    return minify_html.minify(output, keep_closing_tags=True, keep_html_and_head_opening_tags=True)


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
