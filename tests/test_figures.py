"""Figures: the compacted SVG draws the same picture, and the dark variant is fully dark."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

import activations
from scripts.pipeline import figures

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def drawn() -> tuple[str, str]:
    """Matplotlib's SVG of a parametric function's figure, and its compacted form."""
    raw = figures.draw(figures.activation_spec(activations.get("leaky_relu")))
    return raw, figures.compact_svg(raw)


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
        if tag in ("path", "use", "text", "rect"):
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
