"""A stylesheet cut to what one page can use: the notebook pages' stylesheet (JupyterLab's,
about 0.6 MB) styles a few dozen of its 1,400 classes. And whether a stylesheet can style
a page at all: the site's own sheets are linked only from the pages they can style.

A selector is kept unless it needs a class or id the page lacks (classes the theme adds
around or into the content, named ``md-…``, count as present; so do the parts of a
selector inside a pseudo-class's parentheses, such as ``:not(.x)``, and every element name
and attribute): a rule that can match is never dropped. Then custom properties no kept
declaration reads (through ``var()``, directly or through other custom properties) go,
and animations no kept declaration names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import NamedTuple

import tinycss2
from tinycss2.ast import (
    AtRule,
    Declaration,
    FunctionBlock,
    HashToken,
    IdentToken,
    LiteralToken,
    QualifiedRule,
)

# an attribute's value, quoted or not (as a minified page writes it)
_CLASS_ATTRIBUTE = re.compile(r"""\sclass=(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_ID_ATTRIBUTE = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_VARIABLE = re.compile(r"var\(\s*(--[\w-]+)")
THEME_CLASS = "md-"  # Material's classes: on the page around the content, or added by script
_ANIMATIONS = ("keyframes", "-webkit-keyframes", "-moz-keyframes", "-o-keyframes")


class _Style(NamedTuple):
    """A style rule: its selectors (text, classes and ids needed) and declarations (name,
    value, !important)."""

    selectors: tuple[tuple[str, frozenset, frozenset], ...]
    declarations: tuple[tuple[str, str, bool], ...]


class _Media(NamedTuple):
    """An @media rule and the rules inside it."""

    rule: AtRule
    children: tuple


def used_css(css: str, html: str) -> str:
    """The rules and declarations of ``css`` that can apply to the page ``html``."""
    rules = _kept_rules(_parsed(css), *_names(html))
    declarations = [d for style in _styles(rules) for d in style.declarations]
    needed = _needed_variables(declarations)
    values = " ".join(value for name, value, _ in declarations if not name.startswith("--"))
    return "".join(_serialized(rule, needed, values) for rule in rules)


def can_style(css: str, html: str, others: Iterable[str] = ()) -> bool:
    """Whether a rule of ``css`` that can apply to the page ``html`` sets a property, or a
    custom property that the page's ``others`` stylesheets read: custom properties alone
    style nothing (a sheet's variables for its own rules are dropped with them; a sheet of
    variables for the theme's stylesheet is kept)."""
    rules = _styles(_kept_rules(_parsed(css), *_names(html)))
    declared = {name for style in rules for name, _, _ in style.declarations}
    if any(not name.startswith("--") for name in declared):
        return True
    return bool(declared & set().union(*map(_read_variables, others)))


@functools.lru_cache(maxsize=16)
def _read_variables(css: str) -> frozenset[str]:
    return frozenset(_VARIABLE.findall(css))


def _names(html: str) -> tuple[set[str], set[str]]:
    """The classes and the ids on the page ``html``."""
    classes = {name for value in _values(_CLASS_ATTRIBUTE, html) for name in value.split()}
    return classes, set(_values(_ID_ATTRIBUTE, html))


def _values(attribute: re.Pattern, html: str) -> list[str]:
    return ["".join(groups) for groups in attribute.findall(html)]


@functools.lru_cache(maxsize=8)  # each sheet parsed once for every page
def _parsed(css: str) -> tuple:
    """``css`` as style rules, @media rules and other at-rules."""
    return tuple(_rule(rule) for rule in tinycss2.parse_stylesheet(css, True, True))


def _rule(rule):
    if isinstance(rule, QualifiedRule):
        declarations = tinycss2.parse_blocks_contents(rule.content, True, True)
        return _Style(
            _selectors(rule.prelude),
            tuple((d.name if d.name.startswith("--") else d.lower_name,
                   tinycss2.serialize(d.value).strip(), d.important)
                  for d in declarations if isinstance(d, Declaration)),
        )  # fmt: skip
    if isinstance(rule, AtRule) and rule.lower_at_keyword == "media" and rule.content:
        children = tinycss2.parse_blocks_contents(rule.content, True, True)
        return _Media(rule, tuple(_rule(child) for child in children))
    return rule


def _selectors(prelude) -> tuple[tuple[str, frozenset, frozenset], ...]:
    """Each selector of a list: (its text, the classes and the ids it needs)."""
    selectors, current = [], []
    for token in [*prelude, LiteralToken(0, 0, ",")]:
        if token == ",":
            text = tinycss2.serialize(current).strip()
            classes = {b.value for a, b in zip(current, current[1:])
                       if a == "." and isinstance(b, IdentToken)}  # fmt: skip
            ids = {t.value for t in current if isinstance(t, HashToken) and t.is_identifier}
            classes = {c for c in classes if not c.startswith(THEME_CLASS)}
            selectors.append((text, frozenset(classes), frozenset(ids)))
            current = []
        elif not isinstance(token, FunctionBlock):  # :not(.x), :is(…): needs nothing
            current.append(token)
        else:
            current.append(LiteralToken(0, 0, tinycss2.serialize([token])))
    return tuple(selectors)


def _kept_rules(rules: tuple, classes: set, ids: set) -> list:
    kept = []
    for rule in rules:
        if isinstance(rule, _Media):
            children = _kept_rules(rule.children, classes, ids)
            if children:
                kept.append(_Media(rule.rule, tuple(children)))
        elif isinstance(rule, _Style):
            selectors = tuple(s for s in rule.selectors if s[1] <= classes and s[2] <= ids)
            if selectors:
                kept.append(_Style(selectors, rule.declarations))
        elif not (isinstance(rule, AtRule) and rule.lower_at_keyword == "charset"):
            kept.append(rule)
    return kept


def _styles(rules):
    """Every style rule among ``rules``, in @media too."""
    for rule in rules:
        if isinstance(rule, _Media):
            yield from _styles(rule.children)
        elif isinstance(rule, _Style):
            yield rule


def _needed_variables(declarations: list) -> set[str]:
    """The custom properties the ordinary declarations read, directly or through others."""
    reads: dict[str, set[str]] = {}
    for name, value, _ in declarations:
        if name.startswith("--"):
            reads.setdefault(name, set()).update(_VARIABLE.findall(value))
    needed: set[str] = set()
    todo = [v for name, value, _ in declarations if not name.startswith("--")
            for v in _VARIABLE.findall(value)]  # fmt: skip
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            todo.extend(reads.get(name, ()))
    return needed


def _serialized(rule, needed: set[str], values: str) -> str:
    if isinstance(rule, _Media):
        children = "".join(_serialized(child, needed, values) for child in rule.children)
        prelude = tinycss2.serialize(rule.rule.prelude).strip()
        return f"@media {prelude}{{{children}}}\n" if children else ""
    if isinstance(rule, _Style):
        body = ";".join(f"{name}:{value}{' !important' if important else ''}"
                        for name, value, important in rule.declarations
                        if not name.startswith("--") or name in needed)  # fmt: skip
        return f"{','.join(s[0] for s in rule.selectors)}{{{body}}}\n" if body else ""
    if rule.lower_at_keyword in _ANIMATIONS:
        name = tinycss2.serialize(rule.prelude).strip()
        if not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", values):
            return ""
    return tinycss2.serialize([rule]) + "\n"
