"""A page's Markdown render reused while its inputs are unchanged, so a build renders only
the pages an edit changed: within `mkdocs serve` from memory, and across builds from the
build's cache (:mod:`scripts.pipeline.cache`, checked when read). A render that logged a
warning is never reused: it must warn again (strict mode holds in serve too).

A page that documents code from its docstrings (a mkdocstrings ``:::`` block) is keyed by
that code too, whose Markdown stays the same when the code changes: the files that define
the members the block lists (an edit to an activation's kernel or summary renders nothing
again), or every file of the package when it lists none; and its render has
effects beyond the page, which a reused render repeats: the documented objects' anchors,
registered with autorefs (cross-references to them) and in mkdocstrings' inventory
(``objects.inv``), and the handlers it used (which decide whether there is an inventory).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import inspect
import logging
import os
import re
import sys
import textwrap
from pathlib import Path

import yaml
from mkdocs.utils import CountHandler

from scripts.pipeline.cache import Cache, digest, keep_only
from scripts.pipeline.imports import ROOT, module_file
from scripts.pipeline.katex import katex_version
from scripts.pipeline.stage import Stage

# mkdocstrings: "document this object here", and the block's indented options
AUTODOC = re.compile(r"^::: +([\w.]+)[^\n]*\n?((?:[ \t]+[^\n]*\n?|[ \t]*\n)*)", re.M)
# the code that renders: this module, the KaTeX extension, and the notebooks' fitting
STAGE = Stage("renders", ("scripts.adapter.katex", "scripts.adapter.rendercache",
                          "scripts.adapter.notebook_pages"))  # fmt: skip


class RenderCache:
    """Renders by (page, Markdown, the site's files and Markdown configuration, the code
    that renders); ``store``: the build's cache, which keeps them across builds."""

    def __init__(self, store: Cache | None = None):
        self.store = store
        self._renders: dict[tuple[str, str, str], tuple] = {}
        self._used: set[tuple[str, str, str]] = set()
        self._inputs = ""

    @property
    def inputs(self) -> str:
        """The hash of what this build's renders depend on besides each page's own source."""
        return self._inputs

    def begin(self, files, config) -> None:
        """A build starts: its files, Markdown configuration and code are part of every key."""
        self._inputs = digest(inputs_key(files, config), code_key())
        self._used = set()

    def wrap(self, page) -> None:
        """Make ``page.render`` reuse an earlier render of the same inputs."""
        page.render = functools.partial(self._render, page, page.render)

    def end(self) -> None:
        """A build succeeded: forget the renders of pages as they were before an edit (in
        memory and in the store)."""
        for key in set(self._renders) - self._used:
            del self._renders[key]
        if self.store is not None:
            keep_only(self.store, STAGE.name, {_stored_key(key) for key in self._used})

    def _render(self, page, render, config, files) -> None:
        documented = AUTODOC.findall(page.markdown)
        codes = [code_of(name, options) for name, options in documented]
        inputs = digest(self._inputs, *codes) if documented else self._inputs
        key = (page.file.src_uri, page.markdown, inputs)
        self._used.add(key)
        stored = self._renders.get(key) or self._load(key)
        if stored is not None:
            content, toc, title, anchors, links, effects = stored
            page.content, page.toc, page._title_from_render = content, toc, title
            page.present_anchor_ids = anchors
            page.links_to_anchors = {files.get_file_from_path(u): a for u, a in links.items()}
            _repeat(effects, page, config)
            return
        warnings = CountHandler(level=logging.WARNING)
        logging.getLogger("mkdocs").addHandler(warnings)
        try:
            with _recorded(config, documented) as effects:
                render(config, files)
        finally:
            logging.getLogger("mkdocs").removeHandler(warnings)
        if not warnings.get_counts():
            links = {f.src_uri: anchors for f, anchors in (page.links_to_anchors or {}).items()}
            self._renders[key] = (page.content, page.toc, page._title_from_render,
                                  page.present_anchor_ids, links, tuple(effects))  # fmt: skip
            if self.store is not None:
                self.store.store(STAGE.name, _stored_key(key), self._renders[key])

    def _load(self, key) -> tuple | None:
        if self.store is None:
            return None
        stored = self.store.load(STAGE.name, _stored_key(key))
        if not (isinstance(stored, tuple) and len(stored) == 6):
            return None
        self._renders[key] = stored
        return stored


def _stored_key(key: tuple[str, str, str]) -> str:
    return digest(*key)


def code_of(documented: str, options: str = "") -> str:
    """A hash of the source (docstrings included) that a ``:::`` block documenting
    ``documented`` with ``options`` (its indented YAML) shows: see :func:`member_files`."""
    top = module_file(documented.split(".")[0])
    if top is None:  # not this project's: its version is in the key already
        return documented
    files = member_files(documented, options)
    if files is None:
        files = set(top.parent.rglob("*.py")) if top.name == "__init__.py" else {top}
    return digest(*(part for path in sorted(files) for part in (_named(path), path.read_bytes())))


def _named(path: Path) -> str:
    """``path`` in a key: relative to the project (the same in any checkout) when inside."""
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()


def member_files(documented: str, options: str) -> set[Path] | None:
    """The files of this project that define what the block shows: the module
    ``documented`` and, for each member its ``options`` list, the file defining it (and,
    for a class, its bases). None when the block lists no members or a member's file
    cannot be told (a module, a value): then the whole package counts."""
    try:
        members = (yaml.safe_load(textwrap.dedent(options)) or {})["options"]["members"]
        module = importlib.import_module(documented)
    except (yaml.YAMLError, TypeError, KeyError, ImportError):
        return None
    if not isinstance(members, list) or not members or module.__file__ is None:
        return None
    imported = Path(module.__file__)
    files, ours = {imported}, (ROOT, imported.parent)  # the project; the package as imported
    for name in members:
        found = getattr(module, str(name), None)
        if found is None or inspect.ismodule(found):
            return None
        for defined in _definitions(found):
            try:
                source = inspect.getsourcefile(defined)
            except TypeError:
                return None
            if source is None:
                return None
            if any(Path(source).is_relative_to(folder) for folder in ours):
                files.add(Path(source))
    return files


def _definitions(found) -> list:
    """``found``, or for a class each class of its bases (``object`` aside) and the
    functions they hold, wherever these were written (a method may be assigned from
    another module)."""
    if not inspect.isclass(found):
        return [found]
    classes = [c for c in inspect.getmro(found) if c.__module__ != "builtins"]
    held = [getattr(value, "fget", None) or getattr(value, "__func__", value)
            for c in classes for value in vars(c).values()]  # fmt: skip
    return classes + [f for f in held if inspect.isfunction(f)]


@contextlib.contextmanager
def _recorded(config, documented: list[str]):
    """Record what a render of a page documenting code does beyond the page (see the
    module's docstring): yields the list the effects are appended to."""
    effects: list[tuple] = []
    autorefs, mkdocstrings = config.plugins.get("autorefs"), config.plugins.get("mkdocstrings")
    if not documented or autorefs is None or mkdocstrings is None:
        yield effects
        return
    handlers = mkdocstrings.handlers
    seen = set(handlers._handlers)
    register_anchor, register = autorefs.register_anchor, handlers.inventory.register

    def anchor(page, identifier, anchor=None, *, title=None, primary=True):
        effects.append(("anchor", (identifier, anchor), {"title": title, "primary": primary}))
        register_anchor(page, identifier, anchor, title=title, primary=primary)

    def item(*args, **kwargs):
        effects.append(("inventory", args, kwargs))
        register(*args, **kwargs)

    autorefs.register_anchor, handlers.inventory.register = anchor, item
    try:
        yield effects
    finally:
        del autorefs.register_anchor, handlers.inventory.register
        effects[:0] = [("handler", (name,), {}) for name in sorted(set(handlers._handlers) - seen)]


def _repeat(effects: tuple, page, config) -> None:
    """Do again what the render of ``page`` did beyond it (see :func:`_recorded`)."""
    if not effects:
        return
    autorefs, handlers = config.plugins["autorefs"], config.plugins["mkdocstrings"].handlers
    for kind, args, kwargs in effects:
        if kind == "handler":
            handlers.get_handler(*args)
        elif kind == "anchor":
            autorefs.register_anchor(page, *args, **kwargs)
        else:
            handlers.inventory.register(*args, **kwargs)


def inputs_key(files, config) -> str:
    """A hash of what every page's render reads besides its Markdown: the site's files, the
    configuration file (and the site's address, which it may take from the environment)
    and the Markdown extensions. A plugin may add an extension as an
    object (mkdocstrings does, anew at each rebuild): it counts by its class, which the
    configuration file sets up."""
    listing = "\n".join(f"{f.src_uri}\t{f.url}" for f in files)
    with open(config.config_file_path, encoding="utf-8") as source:
        setup = repr((_extension_names(config), config.mdx_configs, config.site_url,
                      source.read()))  # fmt: skip
    return hashlib.sha256((listing + setup).encode()).hexdigest()


def code_key() -> str:
    """A hash of the code that renders Markdown: this project's extensions, KaTeX's version
    and every installed distribution's name and version (their metadata folders' names:
    reading them takes a millisecond, asking which distribution provides each extension
    most of a second)."""
    folders = {os.path.realpath(p) for p in sys.path if os.path.isdir(p)}
    installed = sorted(name for folder in folders for name in os.listdir(folder)
                       if name.endswith((".dist-info", ".egg-info")))  # fmt: skip
    return digest(STAGE.key(), katex_version(), *installed)


def _extension_names(config) -> list[str]:
    return [
        name if isinstance(name, str) else f"{type(name).__module__}.{type(name).__qualname__}"
        for name in config.markdown_extensions
    ]
