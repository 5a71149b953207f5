"""KaTeX's fonts cut to the site's characters: no glyph a page draws is lost, the cut fonts
are smaller, and every URL of a font names the version of the cut that the page goes with."""

from __future__ import annotations

import html.parser
import io
import re

import pytest
from fontTools.ttLib import TTFont

from scripts.pipeline import katex, katexfonts
from scripts.pipeline.cache import Cache

ORIGINALS = katex.KATEX_DIR / "dist" / "fonts"


class _Text(html.parser.HTMLParser):
    """Every character of a page's text (what a KaTeX font could be asked to draw)."""

    def __init__(self):
        super().__init__()
        self.characters: set[str] = set()

    def handle_data(self, data):
        self.characters.update(data)


def cmap(font: bytes) -> set[int]:
    return set(TTFont(io.BytesIO(font)).getBestCmap() or ())


@pytest.fixture(scope="module")
def site_characters(site) -> set[int]:
    text = _Text()
    for page in site.rglob("*.html"):
        text.feed(page.read_text(encoding="utf-8"))
    return {ord(c) for c in text.characters | set(katexfonts.ALWAYS)}


def test_every_character_the_site_shows_keeps_its_glyph(site, site_characters):
    """Each font served keeps every character of the site's text that KaTeX's font has;
    the fonts together are much smaller than KaTeX's."""
    served = site / katex.ASSET_DIR / "fonts"
    sizes = {"original": 0, "served": 0}
    for original in sorted(ORIGINALS.glob("*.woff2")):
        cut = (served / original.name).read_bytes()
        lost = (site_characters & cmap(original.read_bytes())) - cmap(cut)
        assert not lost, f"{original.name} lost {''.join(map(chr, sorted(lost)))!r}"
        sizes["original"] += original.stat().st_size
        sizes["served"] += len(cut)
    assert sizes["served"] < 0.8 * sizes["original"], sizes
    ams = (served / "KaTeX_AMS-Regular.woff2").stat().st_size
    assert ams < 0.5 * (ORIGINALS / "KaTeX_AMS-Regular.woff2").stat().st_size


def test_pages_ask_for_the_fonts_of_one_version(site):
    """The stylesheet's link and every font URL in it carry the same version: the hash of
    the cut fonts, so a browser never pairs a page with fonts cut for another build."""
    css = (site / katex.CSS_URI).read_text(encoding="utf-8")
    versions = set(re.findall(r"url\(fonts/[^)?]+\.woff2\?v=(\w+)\)", css))
    assert len(versions) == 1 and len(re.findall(r"url\(", css)) >= 20, versions
    (version,) = versions
    page = (site / "functions" / "sigmoid" / "index.html").read_text(encoding="utf-8")
    assert f"katex.min.css?v={version}" in page
    assert re.findall(r"\.woff2\?v=(\w+)", page) == [version] * 2  # the two preloads


def test_a_cut_is_kept_by_the_font_and_the_characters(tmp_path, monkeypatch):
    """A font is cut once for a set of characters: the next build takes it from the cache;
    other characters make another cut, and another version."""
    font = (ORIGINALS / "KaTeX_AMS-Regular.woff2").read_bytes()
    css = '@font-face{src:url(fonts/KaTeX_AMS-Regular.woff2) format("woff2")}'
    fonts = {"fonts/KaTeX_AMS-Regular.woff2": font}
    cache = Cache(tmp_path)
    first = katexfonts.cut(css, fonts, {"R"}, cache)
    assert ord("R") in cmap(first[1]["fonts/KaTeX_AMS-Regular.woff2"])
    assert first[0] == css.replace(".woff2)", f".woff2?v={first[2]})")

    def refuse(*args):
        raise AssertionError("cut again")

    monkeypatch.setattr(katexfonts, "cut_font", refuse)
    assert katexfonts.cut(css, fonts, {"R"}, cache) == first
    monkeypatch.undo()
    other = katexfonts.cut(css, fonts, {"R", "N"}, cache)
    assert other[2] != first[2] and ord("N") in cmap(other[1]["fonts/KaTeX_AMS-Regular.woff2"])


def test_pages_without_build_time_math_keep_the_fonts_whole(tmp_path):
    """Math typeset by a script in the browser draws glyphs no page's text names: with no
    formula rendered at build time, or math left to the browser on any page, nothing is cut
    and the stylesheet keeps its URL."""
    assert katexfonts.apply(["<p>$\\sigma(x)$</p>"], {}, Cache(tmp_path)) == katex.CSS_URI
    left_to_the_browser = ['<span class="katex">x</span>',
                           '<span class="arithmatex">\\(\\sigma\\)</span>']  # fmt: skip
    assert katexfonts.apply(left_to_the_browser, {}, Cache(tmp_path)) == katex.CSS_URI
