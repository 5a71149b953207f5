"""Matplotlib's SVG made smaller without changing the picture: the site's figures and the
notebooks' figures are both compacted this way."""

from __future__ import annotations

import collections
import re

_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<metadata>.*?</metadata>", re.S)
_BETWEEN_TAGS = re.compile(r">\s+<")
_NUMBER = re.compile(r"-?\d+\.\d+")
_PATH_DATA = re.compile(r' d="([^"]*)"')
_PATH_COMMAND = re.compile(r"\s*([MLQCz])\s*")
_POSITION = re.compile(r' (x|y|width|height)="(-?\d+\.\d+)"')
_NO_ROTATION = re.compile(r' transform="rotate\(-0 [^"]*\)"')
_STYLE = re.compile(r'style="([^"]*)"')
_STYLE_SPACE = re.compile(r"([:;]) ")
_GROUP_TAG = re.compile(r"<g\b[^>]*>|</g>")
_PLAIN_GROUP = re.compile(
    r'<g(?: id="(?:figure|axes|patch|line2d|text|[xy]tick|matplotlib\.axis|legend)_\d+")?>'
)


def _tenths(match: re.Match) -> str:
    text = f"{float(match[0]):.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _path_data(match: re.Match) -> str:
    data = _PATH_COMMAND.sub(r"\1", _NUMBER.sub(_tenths, match[1]))
    return f' d="{data}"'


def _position(match: re.Match) -> str:
    return f' {match[1]}="{_NUMBER.sub(_tenths, match[2])}"'


def _style(match: re.Match) -> str:
    declarations = _STYLE_SPACE.sub(r"\1", match[1])
    return f'style="{declarations}"'


_FONT_FAMILY = re.compile(r";font-family:([^;\"]+)")
_STYLE_SHEET = "</style>"


def _shared_font(svg: str) -> str:
    """The font family most texts name, said once in the style sheet instead."""
    families = _FONT_FAMILY.findall(svg)
    if not families:
        return svg
    ((common, _),) = collections.Counter(families).most_common(1)
    svg = svg.replace(f";font-family:{common}", "")
    rule = "text{font-family:" + common.replace(", ", ",") + "}"
    return svg.replace(_STYLE_SHEET, rule + _STYLE_SHEET, 1)


def compact_svg(svg: str) -> str:
    """Matplotlib's SVG without what does not change the picture.

    Drops the XML prolog and metadata, indentation, rotations by 0, groups that carry
    nothing but a generated id; names the texts' usual font once; rounds coordinates to
    0.1 pt (a seventh of a CSS pixel at the figure's natural size).
    """
    svg = _BETWEEN_TAGS.sub("><", _PROLOG.sub("", svg)).strip()
    svg = _PATH_DATA.sub(_path_data, svg)
    svg = _POSITION.sub(_position, svg)
    svg = _STYLE.sub(_style, _NO_ROTATION.sub("", svg))
    return _shared_font(_without_plain_groups(svg))


def _without_plain_groups(svg: str) -> str:
    """Unwrap each ``<g>`` whose only attribute is matplotlib's generated id, and drop each
    empty one (``<g …/>``: an axis turned off)."""
    kept, position, plain = [], 0, []
    for tag in _GROUP_TAG.finditer(svg):
        kept.append(svg[position : tag.start()])
        position = tag.end()
        if tag[0].endswith("/>"):
            continue
        if tag[0] == "</g>":
            if not plain.pop():
                kept.append(tag[0])
        else:
            plain.append(bool(_PLAIN_GROUP.fullmatch(tag[0])))
            if not plain[-1]:
                kept.append(tag[0])
    kept.append(svg[position:])
    return "".join(kept)
