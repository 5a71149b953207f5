"""The built site's search index, sitemap, figures and page sizes, read from the files.

Each formula is indexed once, as the text of its MathML: KaTeX also writes the visible
glyphs (HTML spans), which scripts/pipeline/katex.py keeps out of the index, and the TeX source (a
MathML annotation), which it drops. The byte budgets that need a browser are measured by
scripts/tools/bench_site.py (see docs/performance.md); the sizes of files are checked here.
"""

from __future__ import annotations

import html
import html.parser
import re
from pathlib import Path

import pytest

import activations
from scripts.pipeline import katex
from tests.conftest import classes, search_index, start_tags

FIGURE_BUDGET = 40_000  # bytes, each figure SVG
# Bytes, a function page's HTML plus its figure, uncompressed. Every page carries the
# navigation, which grows with the catalog (51 elementwise and 10 vector-valued functions:
# about 22 kB), and a piecewise function's typeset formulas run to 30 kB (xIELU's page is the
# largest, about 111 kB). What a reader downloads, gzipped, is held to its own budget by
# scripts/tools/bench_site.py.
PAGE_BUDGET = 120_000


class _Formulas(html.parser.HTMLParser):
    """The text of each KaTeX formula's parts: MathML, TeX annotation (if any), glyphs."""

    PARTS = {"katex-mathml": "mathml", "katex-html": "glyphs"}

    def __init__(self):
        super().__init__()
        self.formulas: list[dict[str, str]] = []
        self.stack: list[str | None] = []  # per open element: the part it starts, if any

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if "katex" in classes:
            self.formulas.append({"mathml": "", "tex": "", "glyphs": ""})
        part = next((self.PARTS[c] for c in classes if c in self.PARTS), None)
        if tag == "annotation":
            part = "tex"
        self.stack.append(part)

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        parts = [p for p in self.stack if p]
        if parts and self.formulas:
            part = "tex" if "tex" in parts else parts[0]
            self.formulas[-1][part] += data


def formulas(page: Path) -> list[dict[str, str]]:
    parser = _Formulas()
    parser.feed(page.read_text(encoding="utf-8"))
    return [{k: v.strip() for k, v in f.items()} for f in parser.formulas]


@pytest.fixture(scope="module")
def index(site) -> list[dict]:
    return search_index(site)


def indexed_text(index: list[dict], url: str) -> str:
    return next(page["content"] for page in index if page["url"] == url)


def test_a_formula_is_indexed_once_as_its_mathml_text(site, index):
    page = formulas(site / "functions/sigmoid/index.html")
    f = next(f for f in page if f["mathml"].startswith("f(z)="))  # the first of "Formulas"
    assert f["mathml"] == "f(z)=11+e−z" and f["glyphs"] != f["mathml"], f
    text = indexed_text(index, "functions/sigmoid/")
    assert text.count(f["mathml"]) == 1, (f, text)
    assert f["glyphs"] not in text


def test_pages_carry_no_tex_copy_of_a_formula(site):
    page = formulas(site / "functions/gelu/index.html")
    assert len(page) > 10 and not any(f["tex"] for f in page)


def test_no_tex_source_and_no_katex_glyphs_anywhere_in_the_index(index):
    text = " ".join(page["title"] + " " + page["content"] for page in index)
    assert not re.findall(r".{0,40}\\[A-Za-z]{2,}.{0,20}", text), "TeX source in the index"
    # KaTeX's glyph HTML has a zero-width space in every vertical list; MathML has none.
    assert "\u200b" not in text, "KaTeX glyph text in the index"


def test_every_display_formula_of_a_function_page_is_in_the_index(site, index):
    text = indexed_text(index, "functions/relu/")
    page = formulas(site / "functions/relu/index.html")
    missing = [f["mathml"] for f in page if f["mathml"] not in text]
    assert not missing, missing


def test_the_sitemap_lists_every_page(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    root = min(locs, key=len)
    listed = {loc.removeprefix(root) for loc in locs}
    pages = {
        p.relative_to(site).as_posix().removesuffix("index.html")
        for p in site.rglob("*.html")
        if p.name != "404.html"
    }
    assert listed == pages


def test_every_figure_is_within_its_budget(site):
    sizes = {f.name: f.stat().st_size for f in (site / "figures").glob("*.svg")}
    assert len(sizes) >= 80
    over = {name: size for name, size in sizes.items() if size > FIGURE_BUDGET}
    assert not over, over


HTML_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "source", "track", "wbr"}  # fmt: skip


class _Nesting(html.parser.HTMLParser):
    """The first end tag that does not close the element opened last, and what stays open."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.mismatch: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag not in HTML_VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass  # <path/>, <mspace/>: opened and closed at once

    def handle_endtag(self, tag):
        if self.mismatch is None and (not self.open or self.open.pop() != tag):
            self.mismatch = f"</{tag}> at line {self.getpos()[0]}"


def test_every_page_keeps_its_structure_after_minifying(site):
    """Each end tag closes the element opened last: no element swallows the footer."""
    broken = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Nesting()
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        if parser.mismatch or parser.open:
            broken[page.relative_to(site).as_posix()] = parser.mismatch or parser.open
    assert not broken, broken


def test_every_function_page_with_its_figure_is_within_the_budget(site):
    """A vector-valued function's page has no figure: the page alone."""
    vector = set(activations.vector_names())
    sizes = {
        page.parent.name: page.stat().st_size
        + (0 if page.parent.name in vector else
           (site / "figures" / f"{page.parent.name}-light.svg").stat().st_size)
        for page in site.glob("functions/*/index.html")
    }  # fmt: skip
    assert len(sizes) >= 39 + len(vector)
    over = {name: size for name, size in sizes.items() if size > PAGE_BUDGET}
    assert not over, over


def test_a_function_figure_comes_with_its_page_and_pages_with_math_preload_fonts(site):
    """A function page's figure, on its first screen, is fetched as the browser reads the
    page (a lazy image waits for the first layout); every other figure is lazy."""
    elementwise = set(activations.names())
    for page in [site / "index.html", *sorted(site.glob("functions/*/index.html"))]:
        text = page.read_text(encoding="utf-8")
        images = [a for a, _ in start_tags(text, "img") if "figures/" in a.get("src", "")]
        name = page.parent.name if page.parent.parent.name == "functions" else None
        first = 2 if name in elementwise else 0
        assert [img["src"].rsplit("/", 1)[-1] for img in images[:first]] == [
            f"{name}-light.svg#only-light", f"{name}-dark.svg#only-dark"
        ][:first], page  # fmt: skip
        assert all("loading" not in img for img in images[:first]), page
        assert all(img.get("loading") == "lazy" for img in images[first:]), page
        links = start_tags(text, "link")
        preloaded = [a["href"] for a, _ in links if a.get("rel") == "preload"]
        if any("katex" in classes(a) for a, _ in start_tags(text, "span")):
            fonts = [h for h in preloaded if "fonts/KaTeX_Main-Regular.woff2" in h]
            assert fonts, page
            # the URL the stylesheet asks for (the same version), or the font comes twice
            sheet = next(a["href"] for a, _ in links if katex.CSS_URI in a.get("href", ""))
            css = (page.parent / sheet.split("?")[0]).read_text(encoding="utf-8")
            wanted = re.search(r"url\((fonts/KaTeX_Main-Regular\.woff2[^)]*)\)", css)[1]
            assert fonts[0] == sheet.split("katex.min.css")[0] + wanted, page


def test_every_page_is_shown_once_its_content_is_in(site):
    """Every page asks the browser to wait for the element that ends its content before
    the first paint (rel=expect, render-blocking), and has that element once, right after
    the article."""
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        head = text[: text.index("<body")]
        expecting = [a for a, _ in start_tags(head, "link") if a.get("rel") == "expect"]
        assert expecting == [{"rel": "expect", "href": "#content-end", "blocking": "render"}], page
        ends = [a for a, _ in start_tags(text) if a.get("id") == "content-end"]
        assert len(ends) == 1, page
        end = text.index("</article>")
        assert re.match(r"</article>\s*</div>\s*<span id=content-end>", text[end:]), page


def test_a_page_loads_only_the_stylesheets_that_style_it(site):
    """mkdocstrings' stylesheet comes with the package's API page only, the notebook
    pages' palette with the notebook pages only; the site's own comes with every page."""
    linked = {}
    for page in sorted(site.rglob("index.html")):
        hrefs = [a["href"] for a, _ in start_tags(page.read_text(encoding="utf-8"), "link")
                 if a.get("rel") == "stylesheet"]  # fmt: skip
        linked[page.parent.relative_to(site).as_posix()] = {h.rsplit("/", 1)[-1] for h in hrefs}
    assert len(linked) > 70
    assert {p for p, sheets in linked.items() if "_mkdocstrings.css" in sheets} == {"package"}
    notebooks = {p for p, sheets in linked.items() if "notebooks.css" in sheets}
    assert notebooks == {p for p in linked if p.startswith("experiments/")} and notebooks
    assert all("site.css" in sheets for sheets in linked.values())


def test_the_page_benchmark_serves_text_gzipped_as_it_counts_it(tmp_path):
    """scripts/tools/bench_site.py times pages served as a static host serves them: text
    gzipped (the bytes its budgets count), fonts and images as they are."""
    import gzip
    import urllib.request

    from scripts.tools import bench_site

    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text("<p>word</p>" * 500, encoding="utf-8")
    (tmp_path / "font.woff2").write_bytes(b"\0" * 500)
    base, server = bench_site.serve(tmp_path)
    try:
        for path, encoding in [("page/", "gzip"), ("font.woff2", None)]:
            request = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(request) as response:
                body = response.read()
                assert response.headers["Content-Encoding"] == encoding, path
            file = tmp_path / path / ("index.html" if path.endswith("/") else "")
            assert len(body) == bench_site.sent_size(file), path
            assert (gzip.decompress(body) if encoding else body) == file.read_bytes(), path
    finally:
        server.shutdown()
        server.server_close()
