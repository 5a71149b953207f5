"""The built site asks no other origin for anything: checked on what a browser fetches.

Every page, stylesheet, SVG and script of the built site is read as a browser reads it (HTML
through Lexbor's HTML5 parser, so quoted, unquoted and entity-escaped attributes alike; CSS
through tinycss2), and every URL the browser would fetch on loading it is collected: ``src``,
``srcset``, ``poster``, ``data``, ``background``, the ``href`` of a ``<link>`` that loads
something (a stylesheet, an icon, a preload; not a canonical or alternate address), of
``<base>`` and of SVG's ``<image>``/``<use>``; CSS ``url()``, ``image-set()`` and ``@import``
in stylesheets, ``<style>`` and ``style=""``; ES module imports in scripts. A link a reader
follows (``<a href>``) is navigation, not a request, and is not checked. Material's own
script loads mermaid from a CDN when a page holds a diagram (``pre.mermaid``): such a page
counts as fetching it. Any of these that names another origin fails the build.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import tinycss2
from selectolax.lexbor import LexborHTMLParser

from scripts.pipeline import workers
from scripts.pipeline.cache import Cache, digest
from scripts.pipeline.errors import BuildError
from scripts.pipeline.stage import Stage

MERMAID = "https://unpkg.com/mermaid@11/dist/mermaid.min.js"  # Material's bundle loads it
# Link relations that name an address without fetching it when the page loads.
NOT_FETCHED = {
    "canonical", "alternate", "author", "bookmark", "help", "license", "me", "next", "prev",
    "search", "tag", "external", "nofollow", "noopener", "noreferrer",
}  # fmt: skip
# The elements whose attribute (a URL) the browser fetches; ``background`` on any element.
FETCHED = {
    "src": {"img", "script", "iframe", "frame", "embed", "audio", "video", "source", "track",
            "input"},
    "poster": {"video"},
    "data": {"object"},
}  # fmt: skip
SVG_HREF = {"image", "use", "feimage", "script"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_LOCAL_SCHEMES = {"data", "blob", "about", "javascript", "mailto", "tel"}
_IMPORT = re.compile(
    r"""\b(?:import\s*\(\s*|import\s+(?:[\w$*{}\s,]+?\s+from\s*)?|importScripts\s*\(\s*)"""
    r"""(["'`])([^"'`]*)\1"""
)


def foreign(url: str) -> bool:
    """Whether fetching ``url`` from a page of the site asks another origin. Read as a
    browser reads it: surrounding spaces and control characters dropped, tabs and newlines
    inside ignored, a backslash taken for a slash; ``//host`` and any scheme but a local one
    (data:, blob:, …) leave the site."""
    url = re.sub(r"[\t\n\r]", "", url).strip(_C0_AND_SPACE).replace("\\", "/")
    scheme = _SCHEME.match(url)
    if scheme:
        return scheme[1].lower() not in _LOCAL_SCHEMES
    return url.startswith("//")


def srcset_urls(srcset: str) -> list[str]:
    """The URLs of a ``srcset`` (each candidate: a URL, then descriptors up to a comma)."""
    urls, position = [], 0
    while position < len(srcset):
        while position < len(srcset) and (srcset[position].isspace() or srcset[position] == ","):
            position += 1
        start = position
        while position < len(srcset) and not srcset[position].isspace():
            position += 1
        url = srcset[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            while position < len(srcset) and srcset[position] != ",":
                position += 1
        if url:
            urls.append(url)
    return urls


def css_urls(css: str, declarations: bool = False) -> list[str]:
    """The URLs a stylesheet (or a ``style`` attribute's ``declarations``) fetches.
    Declarations fetch only through a function (``url(``, ``image-set(``…), so those
    without a parenthesis or an escape that could spell one are not parsed."""
    if declarations and "(" not in css and "\\" not in css:
        return []
    if declarations:
        nodes = tinycss2.parse_component_value_list(css)
    else:
        nodes = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return list(_css_urls(nodes))


def _css_urls(nodes) -> Iterator[str]:
    for node in nodes:
        if node.type == "url":
            yield node.value
        elif node.type == "at-rule":
            if node.lower_at_keyword == "import":
                yield from (t.value for t in node.prelude if t.type == "string")
            yield from _css_urls(node.prelude)
            yield from _css_urls(node.content or [])
        elif node.type == "qualified-rule":
            yield from _css_urls(node.prelude)
            yield from _css_urls(node.content)
        elif node.type == "function":
            if node.lower_name in ("url", "src", "image-set", "-webkit-image-set", "image"):
                yield from (t.value for t in node.arguments if t.type == "string")
            yield from _css_urls(node.arguments)
        elif node.type in ("() block", "[] block", "{} block"):
            yield from _css_urls(node.content)


def script_urls(script: str) -> list[str]:
    """The modules a script imports (``import … from``, ``import()``, ``importScripts()``)."""
    return [match[2] for match in _IMPORT.finditer(script)]


# The elements that may fetch something: those with an attribute that names a URL, and
# those whose content or class does (``xlink:href`` is matched by ``[href]``).
_MAY_FETCH = "[src], [poster], [data], [background], [srcset], [href], [style], style, script, pre"


def _html_fetches(text: str) -> list[tuple[str, str]]:
    """The URLs an HTML (or SVG) document fetches when it loads, as (what, URL) pairs, in
    document order."""
    found, seen = [], set()
    for node in LexborHTMLParser(text).css(_MAY_FETCH):
        if node.mem_id in seen:  # an element matching several selectors comes once each
            continue
        seen.add(node.mem_id)
        tag = node.tag.lower()
        values = {name: value or "" for name, value in node.attributes.items()}
        for name, fetching in FETCHED.items():
            if name in values and tag in fetching:
                found.append((f"<{tag} {name}>", values[name]))
        if "background" in values:
            found.append((f"<{tag} background>", values["background"]))
        if "srcset" in values:
            found.extend((f"<{tag} srcset>", url) for url in srcset_urls(values["srcset"]))
        href = values.get("href", values.get("xlink:href"))
        rel = set(values.get("rel", "").lower().split())
        if href is not None and (tag == "base" or tag in SVG_HREF or
                                 (tag == "link" and not rel <= NOT_FETCHED)):  # fmt: skip
            found.append((f"<{tag} href>", href))
        if "style" in values:
            found.extend((f"<{tag} style>", url) for url in css_urls(values["style"], True))
        if tag == "pre" and "mermaid" in values.get("class", "").split():
            found.append(("a mermaid diagram, for which Material loads", MERMAID))
        if tag == "style":
            found.extend(("<style>", url) for url in css_urls(node.text()))
        elif tag == "script":
            found.extend(("<script> import", url) for url in script_urls(node.text()))
    return found


def fetches(path: Path, content: bytes | None = None) -> list[tuple[str, str]]:
    """What loading the file at ``path`` (whose bytes are ``content`` when given) fetches,
    as (what, URL) pairs."""
    raw = path.read_bytes() if content is None else content
    text = raw.decode("utf-8", errors="replace")
    if path.suffix == ".css":
        return [("CSS", url) for url in css_urls(text)]
    if path.suffix in (".js", ".mjs"):
        return [("import", url) for url in script_urls(text)]
    return _html_fetches(text)


CHECKED = (".html", ".css", ".svg", ".js", ".mjs")
STAGE = Stage("privacy", (__name__,))


def _checked_files(site: Path) -> list[Path]:
    """The files of ``site`` to check, sorted. A folder that vanishes while it is listed is
    passed over: during `mkdocs serve` the search index is rewritten in the background,
    beside this check (a build waits for the index, so there every file is checked)."""
    found = []
    for folder, _, names in os.walk(site):  # os.walk skips a folder it cannot list
        found += [Path(folder, name) for name in names if Path(name).suffix in CHECKED]
    return sorted(found)


PARALLEL_FROM = 200  # files to read: below this, starting workers costs more than it saves


def _fetched(files: list[tuple[Path, bytes]]) -> list[list[tuple[str, str]]]:
    """What each of ``files`` (path, content) fetches: in worker processes, one per core,
    when there are many (a cold build's site: about 0.4 CPU-seconds, at the end of the
    build, when the other cores have nothing else to do)."""
    cores = os.cpu_count() or 1
    if len(files) < PARALLEL_FROM or cores == 1:
        return [fetches(path, content) for path, content in files]
    with workers.pool(cores) as pool:
        return list(pool.map(fetches, *zip(*files), chunksize=len(files) // (4 * cores) + 1))


def check_site(site: Path, cache: Cache) -> None:
    """Raise BuildError naming each file of ``site`` that fetches from another origin, and
    the URL. The content hashes of the files found clean are kept in ``cache`` (one entry,
    replaced each time): a rebuild reads only the files that changed."""
    key = STAGE.key()
    clean = set(json.loads(cache.read(STAGE.name, key) or b"[]"))
    checked, unchecked = [], []
    for path in _checked_files(site):
        try:
            content = path.read_bytes()
        except FileNotFoundError:  # gone since the listing (see _checked_files)
            continue
        checked.append(digest(path.suffix, content))
        if checked[-1] not in clean:
            unchecked.append((path, content))
    problems = [f"{path.relative_to(site).as_posix()}: {what} {url}"
                for (path, _), found in zip(unchecked, _fetched(unchecked), strict=True)
                for what, url in found if foreign(url)]  # fmt: skip
    if not problems:
        cache.write(STAGE.name, key, json.dumps(sorted(set(checked))).encode())
    else:
        listed = "\n  ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise BuildError(f"the site would ask another origin for these:\n  {listed}{more}")
