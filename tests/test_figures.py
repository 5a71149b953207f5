"""Figures: the compacted SVG draws the same picture, and the dark variant is fully dark."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import activations
from scripts.pipeline import figures
from scripts.pipeline.svg import compact_svg
from scripts.pipeline.urls import built_url, function_page
from tests.conftest import ROOT, start_tags

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def drawn() -> tuple[str, str]:
    """Matplotlib's SVG of a parametric function's figure, and its compacted form."""
    raw = figures.draw(figures.activation_spec(activations.get("leaky_relu")))
    return raw, compact_svg(raw)


def drawables(svg: str) -> list[tuple]:
    """What is drawn, in order: each shape's kind, commands, style, text and attributes.

    A text's font is the one its style names, or else the style sheet's rule for texts.
    """
    shapes = []
    root = ET.fromstring(svg)
    sheet = "".join(e.text or "" for e in root.iter(f"{SVG}style"))
    default_font = re.search(r"text\{font-family:([^}]*)\}", sheet)
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        if tag in ("path", "use", "text", "rect", "image"):
            attrs = {k: v for k, v in element.attrib.items() if k not in ("d", "style", "id")}
            if attrs.get("transform", "").startswith("rotate(-0 "):
                del attrs["transform"]  # a rotation by 0 draws nothing different
            style = set(re.sub(r"\s", "", element.get("style", "")).split(";"))
            if tag == "text" and not any(d.startswith("font-family:") for d in style):
                style.add("font-family:" + re.sub(r"\s", "", default_font[1]))
            shapes.append((tag, re.sub(r"[^A-Za-z]", "", element.get("d", "")), sorted(style),
                           element.text, sorted(attrs)))  # fmt: skip
    return shapes


def numbers(svg: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", " ".join(
        " ".join(e.get(a, "") for a in ("d", "x", "y", "width", "height"))
        for e in ET.fromstring(svg).iter()
    ))]  # fmt: skip


def test_compacted_svg_draws_the_same_shapes_at_the_same_places(drawn):
    raw, compact = drawn
    assert drawables(compact) == drawables(raw)
    before, after = numbers(raw), numbers(compact)
    assert len(after) == len(before)
    assert max(abs(a - b) for a, b in zip(after, before, strict=True)) <= 0.05 + 1e-9
    assert len(compact) < 0.75 * len(raw)


def test_a_figure_with_an_image_and_no_axes_compacts_to_the_same_drawing():
    """A notebook's figure may have axes without ticks (matplotlib then writes empty
    ``<g …/>``) and hold a raster image: compacted, it is still well-formed and draws the
    same."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2)
    left.imshow(np.arange(12.0).reshape(3, 4))
    left.set(xticks=[], yticks=[])
    right.plot([0.123456, 1.5, 2.25])
    raw = io.StringIO()
    fig.savefig(raw, format="svg")
    plt.close(fig)
    assert re.search(r"<g id=\"matplotlib\.axis_\d\"/>", raw.getvalue())
    compact = compact_svg(raw.getvalue())
    assert drawables(compact) == drawables(raw.getvalue())
    assert any(shape[0] == "image" for shape in drawables(compact))


def test_dark_variant_uses_only_dark_colours(drawn):
    _, light = drawn
    dark = figures.dark_variant(light)
    colours = set(re.findall(r"#[0-9a-f]{6}\b", light))
    assert colours and colours <= set(figures.DARK_COLOURS)  # every colour belongs to the theme
    assert set(re.findall(r"#[0-9a-f]{6}\b", dark)) == {figures.DARK_COLOURS[c] for c in colours}
    assert re.sub(r"#[0-9a-f]{6}\b", "", dark) == re.sub(r"#[0-9a-f]{6}\b", "", light)


def test_each_light_colour_has_one_role():
    light = figures.THEMES["light"]
    listed = [light["fg"], light["muted"], light["grid"], *light["lines"]]
    assert len(set(listed)) == len(listed) == len(figures.DARK_COLOURS)


@pytest.mark.parametrize("slug", activations.names())
def test_each_slope_fills_its_own_panel(slug):
    """f′ and then f″ are drawn below f, each on a y-range of its own: every finite point
    inside it, and a slope that varies (by a tenth of its size or more) spans at least a third
    of its panel's height (on f's frame, sigmoid′, which peaks at 0.25, was a flat line). The
    range holds 0, so a nearly constant slope (softcap′ ≈ 1) shows as such."""
    spec = figures.activation_spec(activations.get(slug))
    fig = figures.figure(spec)
    try:
        upper, *below = fig.axes
        assert [c.label for c in spec.slopes] == ["f′", "f″"]
        assert upper.get_ylim() == spec.ylim == figures.FRAME_Y  # f on the shared frame
        for panel, curve in zip(below, spec.slopes, strict=True):
            low, high = panel.get_ylim()
            ys = np.array(curve.y, dtype=float)
            ys = ys[np.isfinite(ys)]
            assert low <= ys.min() and ys.max() <= high, curve.label
            if np.ptp(ys) > 0.1 * np.abs(ys).max():
                spanned = np.ptp(panel.transData.transform([(0, ys.min()), (0, ys.max())])[:, 1])
                assert spanned >= panel.get_window_extent().height / 3, (curve.label, spanned)
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)


def test_every_figure_states_the_size_it_is_drawn_at(site):
    """Each figure on a page states its width and height, and they are its SVG's: the page
    keeps the figure's place while it loads instead of shifting."""
    checked = 0
    for page in site.rglob("*.html"):
        for attrs, _ in start_tags(page.read_text(encoding="utf-8"), "img"):
            source = attrs.get("src") or ""
            if source.startswith("data:") or not source.split("#")[0].endswith(".svg"):
                continue
            svg = (page.parent / source.split("#")[0]).resolve()
            root = ET.fromstring(svg.read_text(encoding="utf-8"))
            stated = [round(float(root.get(side).removesuffix("pt")) * 4 / 3)
                      for side in ("width", "height")]  # fmt: skip
            assert [int(attrs.get("width")), int(attrs.get("height"))] == stated, (page, source)
            checked += 1
    experiments = len(list((ROOT / "docs" / "experiments").glob("*.py")))
    assert checked >= 2 * (len(activations.names()) + experiments)  # light and dark, each page


def test_a_figure_is_the_same_whatever_was_drawn_before_it(monkeypatch):
    """Drawing processes reuse layouts and a function figure's panels between figures: a
    figure drawn first in a process and one drawn after every other function's, on the
    panels of the one before, are the same bytes, SVG and PNG (a build's cached and fresh
    figures must agree)."""
    specs = [figures.activation_spec(activations.get(slug)) for slug in activations.names()]
    monkeypatch.setattr(figures, "_LAYOUTS", {})
    monkeypatch.setattr(figures, "_PANELS", {})
    after_others = [figures.drawn(spec) for spec in specs]
    for spec, drawn_late in zip(specs, after_others, strict=True):
        figures._LAYOUTS.clear()
        figures._PANELS.clear()
        assert figures.drawn(spec) == drawn_late, spec.name


@pytest.mark.parametrize("viewport", [(1366, 768), (390, 844)], ids=["1366x768", "390x844"])
def test_a_function_page_does_not_move_when_its_figure_arrives(chromium, site_url, viewport):
    """The figure's box is kept from the start: once it and the fonts are in, nothing on a
    function page has shifted (cumulative layout shift 0)."""
    from tests.test_explorer import CLS_JS

    width, height = viewport
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(site_url + built_url(function_page("sigmoid")))
    page.wait_for_function("""() => {
        const figure = document.querySelector('img[src*="figures/sigmoid-light.svg"]');
        return figure.complete && figure.naturalWidth > 0 && document.fonts.status === 'loaded';
    }""")
    shifts = page.evaluate(CLS_JS)
    assert shifts == [], f"cumulative layout shift {sum(s['value'] for s in shifts)}: {shifts}"
    context.close()


LOAD_EVERY_FONT = """async () => (await Promise.all([...document.fonts].map((font) => font.load())))
    .filter((font) => font.family.startsWith('KaTeX_') && font.status === 'loaded').length"""

NOTEBOOK_FIGURES_IN = """async () => {
    // every figure shown for the palette in use, brought into view so that it loads
    const shown = [...document.querySelectorAll('img[src*="figure-"]')]
        .filter((img) => img.checkVisibility());
    for (const img of shown) {
        img.scrollIntoView({block: 'center'});
        await img.decode();
    }
    window.scrollTo(0, 0);
    await document.fonts.ready;
    return shown.map((img) => img.getAttribute('src'));
}"""


@pytest.mark.parametrize("viewport", [(1366, 768), (390, 844)], ids=["1366x768", "390x844"])
def test_a_notebook_page_does_not_move_when_its_figures_arrive(chromium, site_url, viewport):
    """A notebook page's figures are lazy images that keep their box from the start: once
    every one of them is in (the reader scrolled to each), nothing has shifted. KaTeX's
    fonts are in the browser's cache first (a reader who saw another page): on a starved
    machine a font fetched with the page can come after the browser stopped waiting for it,
    and move the text, which is not what this measures."""
    from tests.test_explorer import CLS_JS

    width, height = viewport
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(site_url + "404.html")  # KaTeX's stylesheet, no figure
    assert page.evaluate(LOAD_EVERY_FONT) >= 20  # every font of KaTeX's stylesheet
    page.goto(site_url + "experiments/backpropagation/")
    loaded = page.evaluate(NOTEBOOK_FIGURES_IN)
    assert len(loaded) >= 3 and all(src.endswith("#only-light") for src in loaded), loaded
    shifts = page.evaluate(CLS_JS)
    assert shifts == [], f"cumulative layout shift {sum(s['value'] for s in shifts)}: {shifts}"
    context.close()


SECONDARY_TEXT_COLOUR = """(figureColour) => {
    const probe = (colour) => {
        const span = document.createElement('span');
        span.style.color = colour;
        document.querySelector('article').append(span);
        const computed = getComputedStyle(span).color;
        span.remove();
        return computed;
    };
    return [probe('var(--md-default-fg-color--light)'), probe(figureColour)];
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_notebook_figures_draw_in_the_palettes_secondary_text_colour(browser, site_url, scheme):
    """A notebook figure's text and axes are drawn in the colour the page gives secondary
    text in the palette the figure is shown in (Material's --md-default-fg-color--light),
    as when the figures took the page's colour inline."""
    from scripts.adapter.notebook_pages import SCHEMES

    page = browser.new_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + "experiments/dying-relu/")
    expected = {"light": "default", "dark": "slate"}[scheme]
    page.wait_for_function(f"document.body.dataset.mdColorScheme === '{expected}'")
    palette, figure = page.evaluate(SECONDARY_TEXT_COLOUR, SCHEMES[scheme])
    assert palette == figure
    shown = page.evaluate(NOTEBOOK_FIGURES_IN)
    assert shown and all(src.endswith(f"#only-{scheme}") for src in shown), shown
