"""KaTeX's fonts cut to the glyphs the site's formulas can draw.

A page that uses a KaTeX font fetches the whole font, though the site draws a fraction of
its glyphs (the AMS font is fetched for a single 𝔼). Once every page is rendered, each
font is cut (fontTools) to the characters of the pages' text that it has, plus what
KaTeX's stylesheet writes itself (equation numbers). The text of the whole page counts,
not only its formulas: a glyph is never missing, whatever class draws it.

The fonts keep their names; the stylesheet's URL and its fonts' URLs carry a version,
the hash of the cut fonts, so that a browser never pairs a page with a font cut for
another version of the site. Cut fonts are kept in the build's cache by the font and
the characters.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable
from pathlib import Path

from scripts.pipeline import katex
from scripts.pipeline.cache import Cache, digest, keep_newest
from scripts.pipeline.files import write_atomic

KIND = "katex-fonts"  # the cache's kind for cut fonts
ALWAYS = "()0123456789"  # KaTeX's stylesheet writes equation numbers as "(n)" itself
_TEXT = re.compile(r">([^<]+)<")
_FONT_URL = re.compile(r"url\((fonts/[^)?]+\.woff2)\)")


def page_characters(content: str) -> set[str]:
    """The characters of a page's text (its HTML without tags, character references read)."""
    return set(html.unescape("".join(_TEXT.findall(content))))


def cut_font(font: bytes, characters: Iterable[str]) -> bytes:
    """``font`` (WOFF2) with only the glyphs of ``characters`` that it has (and what those
    need: composites, ligatures, kerning)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    ttf = TTFont(io.BytesIO(font))
    cmap = ttf.getBestCmap()
    options = subset.Options(flavor="woff2", layout_features=["*"], name_IDs=["*"],
                             notdef_outline=True, hinting=True)  # fmt: skip
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(c) for c in characters} & cmap.keys()))
    subsetter.subset(ttf)
    out = io.BytesIO()
    ttf.save(out)
    return out.getvalue()


def cut(css: str, fonts: dict[str, bytes], characters: set[str],
        cache: Cache | None = None) -> tuple[str, dict[str, bytes], str]:  # fmt: skip
    """(the stylesheet with versioned font URLs, each font cut, the version) for KaTeX's
    stylesheet ``css`` and its ``fonts`` (site path relative to the stylesheet → WOFF2)."""
    from fontTools import version as fonttools_version

    wanted = "".join(sorted(characters | set(ALWAYS)))
    cut_fonts = {}
    for name, font in fonts.items():
        stem = re.sub(r"[^A-Za-z0-9]+", "-", name) + "-"
        key = stem + digest(font, wanted, fonttools_version)[:20]
        stored = cache.read(KIND, key) if cache is not None else None
        if stored is None:
            stored = cut_font(font, wanted)
            if cache is not None:
                cache.write(KIND, key, stored)
                keep_newest(cache, KIND, stem, 2)
        cut_fonts[name] = stored
    version = digest(*(part for item in sorted(cut_fonts.items()) for part in item))[:12]
    css = _FONT_URL.sub(rf"url(\1?v={version})", css)
    return css, cut_fonts, version


def apply(contents: Iterable[str], assets: dict[str, Path], cache: Cache | None = None) -> str:
    """Cut the fonts among ``assets`` (site path → the file the site copies, written by
    :func:`scripts.pipeline.katex.asset_files`) to the characters of the pages'
    ``contents``, rewrite their stylesheet there, and return the stylesheet's versioned
    site path (for the pages' ``<link>``). A site without formulas rendered by KaTeX at
    build time, or with math left to a script in the browser (``pymdownx.arithmatex``),
    keeps the fonts whole: what such a script will draw is not in the pages' text."""
    contents = list(contents)
    rendered = any('class="katex"' in content for content in contents)
    if not rendered or any('class="arithmatex"' in content for content in contents):
        return katex.CSS_URI
    originals = katex.asset_files()
    fonts_dir = f"{katex.ASSET_DIR}/"
    fonts = {uri.removeprefix(fonts_dir): content for uri, content in originals.items()
             if uri.endswith(".woff2")}  # fmt: skip
    characters = set().union(*map(page_characters, contents))
    css, cut_fonts, version = cut(originals[katex.CSS_URI].decode(), fonts, characters, cache)
    for name, content in cut_fonts.items():
        write_atomic(assets[fonts_dir + name], content)
    write_atomic(assets[katex.CSS_URI], css.encode())
    return f"{katex.CSS_URI}?v={version}"
