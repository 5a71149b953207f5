"""KaTeX's fonts, each cut to the glyphs the site's formulas draw with it.

A page that uses a KaTeX font fetches the whole font, though the site draws a fraction of
its glyphs (the AMS font is fetched for a single 𝔼). Once every page is rendered, each
font is cut (fontTools) to the characters drawn with it: the formulas' text is walked with
KaTeX's stylesheet's font rules (family, weight and style set by class, inherited
otherwise), which name the face, and so the font file, of each character. A formula's
MathML (hidden, for screen readers) counts for the formulas' default face, and what
KaTeX's stylesheet writes itself (equation numbers) for every face. A font rule the walk
cannot read stops the build rather than lose a glyph.

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
from typing import NamedTuple

import tinycss2
from tinycss2.ast import Declaration, QualifiedRule

from scripts.pipeline import katex
from scripts.pipeline.cache import Cache, digest, keep_newest, keep_only
from scripts.pipeline.errors import BuildError
from scripts.pipeline.files import write_atomic

KIND = "katex-fonts"  # the cache's kind for cut fonts
DRAWN_KIND = "katex-drawn"  # and for the characters a page draws with each font
# In every cut: KaTeX's stylesheet writes equation numbers, "(n)", itself; a browser draws
# whitespace and the zero-width spaces of KaTeX's struts with the font's space
ALWAYS = " ()0123456789"
ROOT_CLASS = "katex"  # a formula's outermost element
MATHML_CLASS = "katex-mathml"
_FONT_URL = re.compile(r"url\((fonts/[^)?]+\.woff2)\)")
_MARKUP = re.compile(r"<(/?)([A-Za-z][\w-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>|([^<]+)")
_CLASS = re.compile(r"""\sclass=(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_COMPOUND = re.compile(r"([A-Za-z][\w-]*)?((?:\.[\w-]+)*)")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}  # fmt: skip


class Face(NamedTuple):
    """A font face as CSS picks it: family, weight ("normal" or "bold") and style."""

    family: str
    weight: str = "normal"
    style: str = "normal"


class _Step(NamedTuple):
    """One compound selector (an element name or none, and classes) and the combinator
    that joins it to the step before it (" " or ">")."""

    tag: str | None
    classes: frozenset
    combinator: str


class _Rule(NamedTuple):
    steps: tuple[_Step, ...]
    font: dict  # the face's fields it sets
    rank: tuple  # (specificity, order in the sheet)


class FontRules:
    """KaTeX's stylesheet read for fonts: its font faces (face → font file) and the rules
    that set a formula's font family, weight or style."""

    def __init__(self, css: str):
        self.faces: dict[Face, str] = {}
        self.root = Face("serif")  # the formula's own face (the rule for .katex)
        self._by_class: dict[str, list[_Rule]] = {}
        for order, rule in enumerate(tinycss2.parse_stylesheet(css, True, True)):
            if rule.type == "at-rule" and rule.lower_at_keyword == "font-face":
                font, url = _font(rule.content), _FONT_URL.search(tinycss2.serialize(rule.content))
                if url and font.get("family"):
                    self.faces[Face(**font)] = url[1]
            elif isinstance(rule, QualifiedRule) and (font := _font(rule.content)):
                for selector in tinycss2.serialize(rule.prelude).split(","):
                    self._add(selector.strip(), font, order)

    def _add(self, selector: str, font: dict, order: int) -> None:
        if selector == f".{ROOT_CLASS}":
            self.root = self.root._replace(**font)
            return
        steps = _steps(selector)
        if steps is None or steps[0] != _Step(None, frozenset({ROOT_CLASS}), " "):
            raise BuildError(f"KaTeX's stylesheet sets fonts with a selector the cut of its "
                             f"fonts cannot follow: {selector!r}")  # fmt: skip
        rank = (sum(len(step.classes) + bool(step.tag) for step in steps), order)
        key = min(steps[-1].classes, default=f"<{steps[-1].tag}>")  # what it needs
        self._by_class.setdefault(key, []).append(_Rule(steps, font, rank))

    def face(self, parent: Face, path: list[tuple[str, frozenset]]) -> Face:
        """The face of the element ``path[-1]`` (the path from the formula's root), whose
        parent has ``parent``."""
        tag, classes = path[-1]
        rules = [rule for key in (*classes, f"<{tag}>") for rule in self._by_class.get(key, ())
                 if _matches(rule.steps, path)]  # fmt: skip
        for rule in sorted(rules, key=lambda rule: rule.rank):
            parent = parent._replace(**rule.font)
        return parent

    def characters(self, content: str) -> dict[str, set[str]]:
        """The characters each font file draws in a page's formulas (``content``: its HTML)."""
        drawn: dict[str, set[str]] = {}
        path: list[tuple[str, frozenset]] = []  # from the formula's root to the element
        faces: list[Face | None] = []  # theirs; None in the MathML
        for closing, tag, attributes, self_closing, text in _MARKUP.findall(content):
            tag = tag.lower()
            if text and faces:
                face = faces[-1] or self.root
                if face in self.faces:
                    drawn.setdefault(self.faces[face], set()).update(html.unescape(text))
            elif closing and faces and path[-1][0] == tag:
                path.pop()
                faces.pop()
            elif tag and not closing and not self_closing and tag not in _VOID:
                classes = _class_names(attributes)
                if not faces and ROOT_CLASS not in classes:
                    continue
                path.append((tag, classes))
                if not faces:
                    faces.append(self.root)
                elif faces[-1] is None or MATHML_CLASS in classes:
                    faces.append(None)
                else:
                    faces.append(self.face(faces[-1], path))
        return drawn


def _class_names(attributes: str) -> frozenset:
    found = _CLASS.search(attributes)
    return frozenset("".join(found.groups("")).split()) if found else frozenset()


def _font(content) -> dict:
    """The face fields a rule's declarations set (``font`` resets weight and style)."""
    font = {}
    for declaration in tinycss2.parse_blocks_contents(content, True, True):
        if not isinstance(declaration, Declaration):
            continue
        value = tinycss2.serialize(declaration.value).strip()
        if declaration.lower_name == "font":  # "normal 1.21em KaTeX_Main,Times New Roman,serif"
            family = re.sub(r"^(?:(?:normal|italic|bold|[\d.]+)\s+)*[\d.]+\w*(?:/\S+)?\s+", "",
                            value)  # fmt: skip
            font.update(family=_family(family), weight="normal", style="normal")
        elif declaration.lower_name == "font-family":
            font["family"] = _family(value)
        elif declaration.lower_name == "font-weight":
            font["weight"] = (
                "bold" if value == "bold" or value.isdigit() and int(value) >= 600 else "normal"
            )
        elif declaration.lower_name == "font-style":
            font["style"] = "italic" if value in ("italic", "oblique") else "normal"
    return font


def _family(value: str) -> str:
    return value.split(",")[0].strip().strip("\"'")


def _steps(selector: str) -> tuple[_Step, ...] | None:
    """A selector of compound selectors (element names and classes) joined by descendant
    and child combinators as steps, or None if it is anything else."""
    steps, combinator = [], " "
    for part in re.split(r"\s*(>)\s*|\s+", selector.strip()):
        if part is None or part == "":
            continue
        if part == ">":
            combinator = ">"
            continue
        compound = _COMPOUND.fullmatch(part)
        if compound is None or not part:
            return None
        classes = frozenset(filter(None, compound[2].split(".")))
        steps.append(_Step(compound[1] and compound[1].lower(), classes, combinator))
        combinator = " "
    return tuple(steps) if steps else None


def _fits(step: _Step, element: tuple[str, frozenset]) -> bool:
    return (step.tag is None or step.tag == element[0]) and step.classes <= element[1]


def _matches(steps: tuple[_Step, ...], path: list) -> bool:
    """Whether the element ``path[-1]`` matches the selector ``steps``, read right to left."""
    if not path or not _fits(steps[-1], path[-1]):
        return False
    if len(steps) == 1:
        return True
    if steps[-1].combinator == ">":
        return _matches(steps[:-1], path[:-1])
    return any(_matches(steps[:-1], path[:end]) for end in range(len(path) - 1, 0, -1))


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


def cut(css: str, fonts: dict[str, bytes], characters: dict[str, set[str]],
        cache: Cache | None = None) -> tuple[str, dict[str, bytes], str]:  # fmt: skip
    """(the stylesheet with versioned font URLs, each font cut, the version) for KaTeX's
    stylesheet ``css``, its ``fonts`` (site path relative to the stylesheet → WOFF2) and
    the ``characters`` drawn with each (by the same path)."""
    from fontTools import version as fonttools_version

    cut_fonts = {}
    for name, font in fonts.items():
        wanted = "".join(sorted(characters.get(name, set()) | set(ALWAYS)))
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


def drawn_characters(css: str, contents: Iterable[str],
                     cache: Cache | None = None) -> list[dict[str, set[str]]]:  # fmt: skip
    """The characters each of KaTeX's fonts draws in each page's formulas (``contents``:
    the pages' HTML; ``css``: KaTeX's stylesheet), each page's kept in the cache by its
    content and the stylesheet."""
    rules, pages, keys = None, [], set()
    for content in contents:
        key = digest(css, content)[:24]
        keys.add(key)
        found = cache.load(DRAWN_KIND, key) if cache is not None else None
        if found is None:
            rules = rules or FontRules(css)
            found = rules.characters(content)
            if cache is not None:
                cache.store(DRAWN_KIND, key, found)
        pages.append(found)
    if cache is not None:
        keep_only(cache, DRAWN_KIND, keys)
    return pages


class Cut(NamedTuple):
    """What :func:`apply` made: the stylesheet's site path (for the pages' ``<link>``) and,
    by page, the font files its formulas draw with, most characters first (to preload)."""

    stylesheet: str
    fonts: dict[str, list[str]]


def apply(contents: dict[str, str], assets: dict[str, Path], cache: Cache | None = None) -> Cut:
    """Cut the fonts among ``assets`` (site path → the file the site copies, written by
    :func:`scripts.pipeline.katex.asset_files`) to the characters the pages' ``contents``
    (a page's HTML by its name) draw with each, and rewrite their stylesheet there. A site
    without formulas rendered by KaTeX at build time, or with math left to a script in the
    browser (``pymdownx.arithmatex``), keeps the fonts whole: what such a script will draw
    is not in the pages' text."""
    rendered = any('class="katex"' in content for content in contents.values())
    if not rendered or any('class="arithmatex"' in content for content in contents.values()):
        return Cut(katex.CSS_URI, {})
    originals = katex.asset_files()
    fonts_dir = f"{katex.ASSET_DIR}/"
    fonts = {uri.removeprefix(fonts_dir): content for uri, content in originals.items()
             if uri.endswith(".woff2")}  # fmt: skip
    stylesheet = originals[katex.CSS_URI].decode()
    pages = drawn_characters(stylesheet, contents.values(), cache)
    drawn: dict[str, set[str]] = {}
    for found in pages:
        for font, characters in found.items():
            drawn.setdefault(font, set()).update(characters)
    css, cut_fonts, version = cut(stylesheet, fonts, drawn, cache)
    for name, content in cut_fonts.items():
        write_atomic(assets[fonts_dir + name], content)
    write_atomic(assets[katex.CSS_URI], css.encode())
    by_page = {
        name: [font for font, _ in sorted(found.items(), key=lambda item: (-len(item[1]), item[0]))]
        for name, found in zip(contents, pages)
    }
    return Cut(f"{katex.CSS_URI}?v={version}", by_page)
