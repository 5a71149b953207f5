"""KaTeX's fonts, each cut to the characters the site's formulas draw with it: no glyph a
page draws is lost (Chromium draws every formula with the same fonts as from KaTeX's whole
ones), the cut fonts are smaller, and every URL of a font names the version of the cut
that the page goes with."""

from __future__ import annotations

import io
import re

import pytest
from fontTools.ttLib import TTFont

from scripts.pipeline import katex, katexfonts
from scripts.pipeline.cache import Cache
from scripts.pipeline.errors import BuildError

ORIGINALS = katex.KATEX_DIR / "dist" / "fonts"


def cmap(font: bytes) -> set[int]:
    return set(TTFont(io.BytesIO(font)).getBestCmap() or ())


@pytest.fixture(scope="module")
def drawn_by_page(site) -> dict[str, dict[str, set[str]]]:
    """For each page with formulas (site path), the characters each font draws in them."""
    rules = katexfonts.FontRules(katex.asset_files()[katex.CSS_URI].decode())
    found = {}
    for page in sorted(site.rglob("index.html")):
        if drawn := rules.characters(page.read_text(encoding="utf-8")):
            found[page.parent.relative_to(site).as_posix().removeprefix(".") + "/"] = drawn
    return found


def test_each_font_keeps_the_characters_the_formulas_draw_with_it(site, drawn_by_page):
    """Each font served keeps every character the site's formulas draw with it; the fonts
    together are a fraction of KaTeX's, the bold font a small one (the site sets few
    bold symbols)."""
    served = site / katex.ASSET_DIR / "fonts"
    sizes = {"original": 0, "served": 0}
    for original in sorted(ORIGINALS.glob("*.woff2")):
        cut = (served / original.name).read_bytes()
        drawn = set().union(*(page.get(f"fonts/{original.name}", set())
                              for page in drawn_by_page.values()))  # fmt: skip
        wanted = {ord(c) for c in drawn | set(katexfonts.ALWAYS)}
        lost = (wanted & cmap(original.read_bytes())) - cmap(cut)
        assert not lost, f"{original.name} lost {''.join(map(chr, sorted(lost)))!r}"
        sizes["original"] += original.stat().st_size
        sizes["served"] += len(cut)
    assert sizes["served"] < 0.35 * sizes["original"], sizes
    for font in ("KaTeX_AMS-Regular.woff2", "KaTeX_Main-Bold.woff2"):
        assert (served / font).stat().st_size < 0.5 * (ORIGINALS / font).stat().st_size


def _fonts_drawn(context, url: str) -> list[tuple[str, tuple]]:
    """Each text of each formula on the page at ``url`` and the fonts Chromium draws it
    with (family and glyph count), once every font the page uses has loaded."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(
        "document.fonts.status === 'loaded' && document.readyState === 'complete'"
    )
    cdp = context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    selector = ".katex-html span:not(:has(*))"  # the elements that hold the text
    drawn = []
    for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        text = cdp.send("DOM.describeNode", {"nodeId": node, "depth": 1})["node"]
        words = "".join(child.get("nodeValue", "") for child in text.get("children", []))
        drawn.append((words, tuple(sorted((f["familyName"], f["glyphCount"]) for f in fonts))))
    page.close()
    return drawn


def test_chromium_draws_every_formula_with_the_same_fonts_as_with_katexs_whole_ones(
    chromium, site_url, drawn_by_page
):
    """The cut is checked against the browser, not against the walk that made it: on pages
    that together draw every character of every font, Chromium draws each text of each
    formula with the same fonts from the fonts served as from KaTeX's whole fonts (a glyph
    lost would fall back to another font)."""
    pages, left = [], {(font, c) for drawn in drawn_by_page.values()
                       for font, characters in drawn.items() for c in characters}  # fmt: skip
    while left:  # the fewest pages that draw them all, greedily
        page = max(drawn_by_page, key=lambda p: len(left & _pairs(drawn_by_page[p])))
        pages.append(page)
        left -= _pairs(drawn_by_page[page])
    for page in pages:
        served = chromium.new_context()
        whole = chromium.new_context()
        whole.route("**/fonts/KaTeX_*.woff2*", lambda route: route.fulfill(
            path=ORIGINALS / route.request.url.split("?")[0].rsplit("/", 1)[1]))  # fmt: skip
        try:
            cut, original = (
                _fonts_drawn(served, site_url + page),
                _fonts_drawn(whole, site_url + page),
            )
        finally:
            served.close()
            whole.close()
        assert len(cut) > 10 and len(cut) == len(original), page
        different = [(text, a, b) for (text, a), (_, b) in zip(cut, original) if a != b]
        assert not different, f"/{page}: {different[:5]}"


def _pairs(drawn: dict[str, set[str]]) -> set[tuple[str, str]]:
    return {(font, c) for font, characters in drawn.items() for c in characters}


def test_the_walk_finds_each_characters_font_from_katexs_rules():
    """Classes set a face, children inherit it, the more specific rule wins, a child
    combinator counts, and a formula's hidden MathML counts for the formula's own face."""
    css = """
@font-face{font-family:KaTeX_Main;font-style:normal;font-weight:400;src:url(fonts/M.woff2)}
@font-face{font-family:KaTeX_Main;font-style:normal;font-weight:700;src:url(fonts/B.woff2)}
@font-face{font-family:KaTeX_Math;font-style:italic;font-weight:400;src:url(fonts/I.woff2)}
@font-face{font-family:KaTeX_Size1;font-style:normal;font-weight:400;src:url(fonts/S.woff2)}
.katex{font:normal 1.21em KaTeX_Main,Times New Roman,serif}
.katex .mathnormal{font-family:KaTeX_Math;font-style:italic}
.katex .mathbf{font-family:KaTeX_Main;font-weight:700}
.katex .mathnormal.upright{font-family:KaTeX_Main;font-style:normal}
.katex .delimsizing.mult .delim-size1>span{font-family:KaTeX_Size1}"""
    page = ('<p>prose ÷</p><span class="katex"><span class="katex-mathml"><math><mi>q</mi>'
            '</math></span><span class="katex-html">1<span class="mathnormal">x<span>y</span>'
            '<span class="mathnormal upright">r</span></span><span class="mathbf">v</span>'
            '<span class="delimsizing mult"><span class="delim-size1"><span>(</span>'
            '<div><span>[</span></div></span></span></span></span>')  # fmt: skip
    drawn = katexfonts.FontRules(css).characters(page)
    assert drawn == {"fonts/M.woff2": {"q", "1", "r", "["}, "fonts/I.woff2": {"x", "y"},
                     "fonts/B.woff2": {"v"}, "fonts/S.woff2": {"("}}  # fmt: skip


@pytest.mark.parametrize("selector", [".katex .op:hover", ".katex .a+.b", ".katex [dir] .x",
                                      ".mathbf"])  # fmt: skip
def test_a_font_rule_the_walk_cannot_follow_stops_the_build(selector):
    """A KaTeX whose stylesheet sets fonts in a way the walk does not read fails the build,
    naming the selector, rather than cut a glyph a formula draws."""
    with pytest.raises(BuildError, match=re.escape(repr(selector))):
        katexfonts.FontRules(selector + "{font-family:KaTeX_Main}")


def test_pages_ask_for_the_fonts_of_one_version(site):
    """The stylesheet's link and every font URL in it carry the same version: the hash of
    the cut fonts, so a browser never pairs a page with fonts cut for another build."""
    css = (site / katex.CSS_URI).read_text(encoding="utf-8")
    versions = set(re.findall(r"url\(fonts/[^)?]+\.woff2\?v=(\w+)\)", css))
    assert len(versions) == 1 and len(re.findall(r"url\(", css)) >= 20, versions
    (version,) = versions
    page = (site / "functions" / "sigmoid" / "index.html").read_text(encoding="utf-8")
    assert f"katex.min.css?v={version}" in page
    preloads = re.findall(r"\.woff2\?v=(\w+)", page)
    assert len(preloads) >= 2 and set(preloads) == {version}, preloads


def test_a_cut_is_kept_by_the_font_and_the_characters(tmp_path, monkeypatch):
    """A font is cut once for a set of characters: the next build takes it from the cache;
    other characters make another cut, and another version."""
    font = (ORIGINALS / "KaTeX_AMS-Regular.woff2").read_bytes()
    css = '@font-face{src:url(fonts/KaTeX_AMS-Regular.woff2) format("woff2")}'
    fonts = {"fonts/KaTeX_AMS-Regular.woff2": font}
    cache = Cache(tmp_path)
    first = katexfonts.cut(css, fonts, {"fonts/KaTeX_AMS-Regular.woff2": {"R"}}, cache)
    assert ord("R") in cmap(first[1]["fonts/KaTeX_AMS-Regular.woff2"])
    assert first[0] == css.replace(".woff2)", f".woff2?v={first[2]})")

    def refuse(*args):
        raise AssertionError("cut again")

    monkeypatch.setattr(katexfonts, "cut_font", refuse)
    assert katexfonts.cut(css, fonts, {"fonts/KaTeX_AMS-Regular.woff2": {"R"}}, cache) == first
    monkeypatch.undo()
    other = katexfonts.cut(css, fonts, {"fonts/KaTeX_AMS-Regular.woff2": {"R", "N"}}, cache)
    assert other[2] != first[2] and ord("N") in cmap(other[1]["fonts/KaTeX_AMS-Regular.woff2"])


def test_pages_without_build_time_math_keep_the_fonts_whole(tmp_path):
    """Math typeset by a script in the browser draws glyphs no page's text names: with no
    formula rendered at build time, or math left to the browser on any page, nothing is cut
    and the stylesheet keeps its URL."""
    plain = {"a.md": "<p>$\\sigma(x)$</p>"}
    assert katexfonts.apply(plain, {}, Cache(tmp_path)) == (katex.CSS_URI, {})
    left_to_the_browser = {"a.md": '<span class="katex">x</span>',
                           "b.md": '<span class="arithmatex">\\(\\sigma\\)</span>'}  # fmt: skip
    assert katexfonts.apply(left_to_the_browser, {}, Cache(tmp_path)) == (katex.CSS_URI, {})


FONT_REQUESTS = """() => ({
    fetched: performance.getEntriesByType('resource')
        .filter((entry) => entry.name.includes('.woff2'))
        .map((entry) => [entry.name.split('/').pop(), entry.initiatorType]),
    drawn: [...document.fonts].filter((font) => font.status === 'loaded')
        .map((font) => `${font.family} ${font.weight} ${font.style}`),
})"""


def test_every_font_a_page_draws_with_comes_by_its_preload(chromium, site_url, drawn_by_page):
    """On every page with formulas, each KaTeX font arrives by the page's preload, none by
    the stylesheet once the text is laid out (a late font reflows the lines around its
    glyphs), and each font preloaded is one the page draws with."""
    for page in drawn_by_page:
        context = chromium.new_context()
        try:
            tab = context.new_page()
            tab.goto(site_url + page)
            tab.wait_for_function(
                "document.fonts.status === 'loaded' && document.readyState === 'complete'"
            )
            requests = tab.evaluate(FONT_REQUESTS)
        finally:
            context.close()
        late = [name for name, initiator in requests["fetched"] if initiator != "link"]
        assert not late, f"/{page}: fonts found through the stylesheet: {late}"
        assert len(requests["fetched"]) == len(requests["drawn"]), f"/{page}: {requests}"
