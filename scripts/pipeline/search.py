"""The site's search: what a page is found by, and the index Pagefind builds of the written
site (loaded in chunks by the reader's browser, only when the reader searches).

A function page is found by the names its record gives it: slug, aliases, and every
framework's function and layer (``torch.nn.SiLU``, ``jax.nn.gelu``), written into the page as
a hidden block that the index keeps as the page's ``names`` (searched and weighted like its
title, never shown as an excerpt), and into a table of names beside the index: a page whose
name the reader typed comes first. Pagefind indexes each page's article (its
``data-pagefind-body``) with the page's tags as hidden words (``tag-bounded``) that filter;
``docs/assets/search.js`` puts the results in Material's search dialog and rewrites US
spellings and common typos to the site's.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

from scripts.pipeline.cache import Cache, digest, keep_newest
from scripts.pipeline.files import write_atomic
from scripts.pipeline.stage import Stage
from scripts.pipeline.urls import built_url, function_page

ROOT = Path(__file__).resolve().parents[2]
PAGEFIND = ROOT / "node_modules" / ".bin" / "pagefind"
PAGEFIND_PACKAGE = ROOT / "node_modules" / "pagefind"
NAMES = Stage("search-names", (__name__,))  # its code: this module and the package it reads
INDEXES = "search-index"  # the kind of Pagefind's outputs in the build's cache
KEPT_INDEXES = 2
OUTPUT = "pagefind"  # the index's folder in the site
TERMS = "terms.json"  # the names table and the tags, in that folder
# What the index never reads: KaTeX's glyphs (the formula stays as MathML text), heading
# permalinks, what the notebook pages exclude from search, and drawings.
EXCLUDE = (".katex-html", "annotation", ".headerlink", "[data-search-exclude]", "svg")
UNUSED = (
    "pagefind-ui.*",
    "pagefind-component-ui.*",
    "pagefind-modular-ui.*",
    "pagefind-highlight.js",
)


def _records() -> dict[str, object]:
    """Every record (elementwise and vector-valued) by the source path of its page (the
    package as it is now: ``mkdocs serve`` reloads it when its code changes)."""
    import activations

    slugs = [*activations.names(), *activations.vector_names()]
    return {function_page(slug): activations.get(slug) for slug in slugs}


def names(record) -> list[str]:
    """What a reader may type for ``record``: its slug and aliases (also with spaces for
    underscores), and each framework's name of it, in full and without the package
    (``torch.nn.SiLU``, ``nn.SiLU``), once each."""
    found = []
    for name in (record.slug, *record.aliases):
        found += [name, name.replace("_", " ")]
    for framework in record.frameworks:
        for name in filter(None, (framework.function, framework.layer)):
            found += [name, name.split(".", 1)[1]] if "." in name else [name]
    return list(dict.fromkeys(found))


class Names:
    """Each function page's names (``names``), by the page's source path; with ``cache``,
    kept there by the code (the package's records included): a build that changed no code
    need not import the package."""

    def __init__(self, cache: Cache | None = None) -> None:
        key = NAMES.key() if cache is not None else ""
        stored = cache.load(NAMES.name, key) if cache is not None else None
        if not (isinstance(stored, tuple) and len(stored) == 2):
            records = _records()
            stored = ({uri: _block(record) for uri, record in records.items()},
                      _table(records))  # fmt: skip
            if cache is not None:
                cache.store(NAMES.name, key, stored)
                keep_newest(cache, NAMES.name, "", 4)
        self._blocks, self._table = stored

    def block(self, src_uri: str) -> str:
        """The hidden block of the page ``src_uri`` that the index reads (empty for a page that
        is no function's): the function's names and the frameworks that have it."""
        return self._blocks.get(src_uri, "")

    def table(self) -> dict[str, list[str]]:
        """Every name in lower case -> the URLs of the pages it names (see :func:`_table`)."""
        return self._table


def _block(record) -> str:
    found = [*names(record), *dict.fromkeys(f.framework for f in record.frameworks)]
    words = " ".join(html.escape(name) for name in found)
    return f'<div hidden data-pagefind-meta="names">{words}</div>'


def _table(records: dict[str, object]) -> dict[str, list[str]]:
    """Every name in lower case -> the URLs of the pages it names (``jax.nn.gelu`` names
    both GELU pages), for the search to put a page whose name was typed first; a
    framework's bare class or function name too (``LeakyReLU``) unless it is some
    function's slug or alias."""
    table: dict[str, list[str]] = {}
    for uri, record in records.items():
        for name in names(record):
            table.setdefault(name.lower(), []).append(built_url(uri))
    owned = {n for record in records.values() for n in (record.slug, *record.aliases)}
    for uri, record in records.items():
        for framework in record.frameworks:
            for name in filter(None, (framework.function, framework.layer)):
                bare = name.rsplit(".", 1)[-1].lower()
                if bare not in owned:
                    table.setdefault(bare, []).append(built_url(uri))
    return {name: list(dict.fromkeys(urls)) for name, urls in sorted(table.items())}


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"[^>]*>')
_TAGS_NAV = '<nav class="md-tags"'


def tag_word(tag: str) -> str:
    """The word that stands for ``tag`` in the index (``tag-zero-centred``, ``tag-hidden-layer``):
    one no prose uses, so that searching it lists exactly the pages with the tag. (Pagefind's
    own filters would do, but its version here writes them in a different order each run.)"""
    return "tag-" + "-".join(tag.lower().split())


def mark(output: str, meta: dict) -> str:
    """A written page as Pagefind should read it: its article is the part indexed, its tags
    as hidden words (Material's tag chips are not read: they would make every tagged page a
    match for a word like "smooth"). Material's front matter applies: ``search: exclude:
    true`` leaves the page out, and ``search: boost: 2`` weighs each of its words twice."""
    options = meta.get("search") or {}
    if options.get("exclude"):
        return output
    weight = f' data-pagefind-weight="{options["boost"]}"' if "boost" in options else ""
    words = " ".join(tag_word(tag) for tag in meta.get("tags") or ())
    tags = f'<div hidden data-pagefind-meta="tags">{html.escape(words)}</div>' if words else ""
    output = _ARTICLE.sub(lambda m: m[0][:-1] + f" data-pagefind-body{weight}>{tags}", output, 1)
    return output.replace(_TAGS_NAV, _TAGS_NAV + " data-pagefind-ignore", 1)


def index(site: Path, table: dict[str, list[str]], tags: set[str], cache: Cache) -> float:
    """Build the search index of the written ``site`` into ``site/pagefind``, with the names
    ``table`` and the ``tags`` used beside it (``terms.json``); the seconds it took (about
    1 s for this site on an idle machine). Pagefind's output is kept in ``cache`` by the
    pages it read: a build that changed no page's HTML copies it."""
    started = time.perf_counter()
    shutil.rmtree(site / OUTPUT, ignore_errors=True)
    key = _index_key(site)
    files = cache.load(INDEXES, key)
    if isinstance(files, dict):
        for name, content in files.items():
            write_atomic(site / OUTPUT / name, content)
    else:
        cache.store(INDEXES, key, _pagefind(site))
        keep_newest(cache, INDEXES, "", KEPT_INDEXES)
    terms_file = site / OUTPUT / TERMS
    terms = {"names": table, "tags": sorted(tags)}
    terms_file.write_text(json.dumps(terms, separators=(",", ":")), encoding="utf-8")
    return time.perf_counter() - started


def _index_key(site: Path) -> str:
    """A hash of what Pagefind reads: every page of ``site``, and how it is run."""
    version = json.loads((PAGEFIND_PACKAGE / "package.json").read_text(encoding="utf-8"))
    pages = [(p.relative_to(site).as_posix(), p.read_bytes()) for p in site.rglob("*.html")]
    return digest(version["version"], repr(EXCLUDE), *(part for page in sorted(pages)
                                                       for part in page))  # fmt: skip


class Stopped(Exception):
    """An index build stopped by :func:`stop`."""


_RUNS: dict[subprocess.Popen, bool] = {}  # Pagefind's runs under way: whether stopped


def stop() -> None:
    """Stop the Pagefind runs under way (their site is about to be emptied and written
    again): :func:`index` raises :class:`Stopped` in them."""
    for process in list(_RUNS):
        _RUNS[process] = True
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)  # its launcher and the binary it runs


def _pagefind(site: Path) -> dict[str, bytes]:
    """Pagefind's index of ``site``: its files by their path in the index's folder."""
    command = [str(PAGEFIND), "--site", str(site), "--output-subdir", OUTPUT, "--silent",
               "--exclude-selectors", ", ".join(EXCLUDE)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)  # fmt: skip
    _RUNS[process] = False
    try:
        stdout, stderr = process.communicate()
    finally:
        stopped = _RUNS.pop(process)
    if stopped:
        raise Stopped("the site changed while Pagefind read it")
    if process.returncode or not (site / OUTPUT / "pagefind.js").exists():
        raise RuntimeError(f"pagefind failed:\n{stdout}\n{stderr}")
    for pattern in UNUSED:  # Pagefind's own search interfaces: the site has Material's dialog
        for file in (site / OUTPUT).glob(pattern):
            file.unlink()
    folder = site / OUTPUT
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip
