"""The built site's search index, sitemap and figures, read from the files (no browser).

Each formula is indexed once, as the text of its MathML: KaTeX also writes the TeX source
(a MathML annotation) and the visible glyphs (HTML spans), and scripts/katex.py keeps both
out of the index. The byte budgets that need a browser are measured by
scripts/bench_site.py (see docs/performance.md); a figure's size is checked here.
"""

from __future__ import annotations

import html
import html.parser
import json
import re
from pathlib import Path

import pytest

FIGURE_BUDGET = 40_000  # bytes, each figure SVG


class _Formulas(html.parser.HTMLParser):
    """The text of each KaTeX formula's three parts: MathML, TeX annotation, glyphs."""

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
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_a_formula_is_indexed_once_as_its_mathml_text(site, index):
    display = [f for f in formulas(site / "functions/sigmoid/index.html") if len(f["tex"]) > 8]
    f = display[0]  # f(z) = 1 / (1 + e^{-z}), the first formula of the page's "Formulas"
    assert "frac" in f["tex"] and f["mathml"] != f["glyphs"], f
    section = next(d for d in index if d["location"] == "functions/sigmoid/#formulas")
    assert section["text"].count(f["mathml"]) == 1, (f, section["text"])
    assert f["glyphs"] not in section["text"] and f["tex"] not in section["text"]


def test_no_tex_source_and_no_katex_glyphs_anywhere_in_the_index(index):
    text = " ".join(d["title"] + " " + d["text"] for d in index)
    assert not re.findall(r".{0,40}\\[A-Za-z]{2,}.{0,20}", text), "TeX source in the index"
    # KaTeX's glyph HTML has a zero-width space in every vertical list; MathML has none.
    assert "\u200b" not in text, "KaTeX glyph text in the index"


def test_every_display_formula_of_a_function_page_is_in_the_index(site, index):
    texts = " ".join(d["text"] for d in index if d["location"].startswith("functions/relu/"))
    page = formulas(site / "functions/relu/index.html")
    missing = [f["tex"] for f in page if html.escape(f["mathml"], quote=False) not in texts]
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


def test_figures_are_lazy_and_pages_with_math_preload_its_fonts(site):
    for page in [site / "index.html", *sorted(site.glob("functions/*/index.html"))]:
        text = page.read_text(encoding="utf-8")
        figures = re.findall(r'<img [^>]*src="[^"]*figures/[^>]*>', text)
        assert all('loading="lazy"' in img for img in figures), page
        if 'class="katex"' in text:
            assert 'fonts/KaTeX_Main-Regular.woff2" as="font"' in text, page
