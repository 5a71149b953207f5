"""Fast KaTeX for markdown-katex: one Node process for all formulas, plus a disk cache.

A Python-Markdown extension (mkdocs.yml loads it through :mod:`scripts.adapter.katex`,
with markdown-katex's options if any, e.g. ``macro-file``): markdown-katex keeps
parsing $`...`$ and ```math blocks, but every formula it finds goes through
``markdown_katex.wrapper.tex2html``, which :func:`install` points at :class:`Renderer`: it
feeds a single ``katex_server.mjs`` process (KaTeX from node_modules) instead of starting
one ``katex`` process per formula, and it lists the options without running ``katex
--help`` (~1.3 s). The extension turns markdown-katex's CDN stylesheet (and svg-to-img)
off; the site serves KaTeX's CSS and woff2 fonts itself (:func:`asset_files`, added by the
build) under a versioned path, and the pages preload the fonts they use
(:func:`preload_fonts`).

Bad TeX raises :class:`KatexError` (a BuildError) naming the formula; MkDocs names the page
("Error reading page 'x.md':") and aborts the build.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import re
import select
import sqlite3
import subprocess
from collections.abc import Sequence
from pathlib import Path

from markdown_katex import extension, wrapper

from scripts.pipeline.errors import BuildError

ROOT = Path(__file__).resolve().parents[2]
SERVER = Path(__file__).with_name("katex_server.mjs")
KATEX_DIR = ROOT / "node_modules" / "katex"
CACHE_DIR = Path(os.environ.get("KATEX_CACHE_DIR") or ROOT / ".cache" / "katex")
TIMEOUT = 30.0  # seconds KaTeX may take to start, or to render one formula (~1 ms)
log = logging.getLogger(__name__)

# markdown-katex options (katex CLI flag names) -> KaTeX option names.
OPTIONS = {
    "leqno": "leqno",
    "fleqn": "fleqn",
    "error-color": "errorColor",
    "color-is-text-color": "colorIsTextColor",
    "strict": "strict",
    "trust": "trust",
    "max-size": "maxSize",
    "max-expand": "maxExpand",
    "min-rule-thickness": "minRuleThickness",
    "macro": "macros",
    "macro-file": "macros",
}
OWN_OPTIONS = {"no_inline_svg", "insert_fonts_css"}  # handled by markdown-katex itself


class KatexError(BuildError):
    """KaTeX could not render a formula (the message names it), or could not start."""


def katex_version() -> str:
    """Version of the katex npm package installed in node_modules."""
    try:
        return json.loads((KATEX_DIR / "package.json").read_text(encoding="utf-8"))["version"]
    except FileNotFoundError:
        raise KatexError(f"{KATEX_DIR} is missing: run `npm ci` in {ROOT}") from None


ASSET_DIR = f"assets/katex-{katex_version()}"
CSS_URI = f"{ASSET_DIR}/katex.min.css"


class Renderer:
    """Renders TeX through one lazily started katex_server.mjs, caching in memory and on disk.

    The disk cache is one SQLite file in ``cache_dir``, each entry committed atomically on its
    own (WAL journal) with a checksum verified when read: on this machine that costs ~0.1 ms
    a formula, where a file per formula (an entry of :class:`scripts.pipeline.cache.Cache`)
    written to a temp file and renamed cost ~0.9 ms.
    """

    def __init__(self, cache_dir: Path = CACHE_DIR, timeout: float = TIMEOUT):
        self.cache_dir = Path(cache_dir)
        self.timeout = timeout
        self.version = katex_version()
        self.server_version: str | None = None  # reported by Node once started
        self._memo: dict[str, str] = {}
        self._db: sqlite3.Connection | None = None
        self._proc: subprocess.Popen | None = None
        atexit.register(self.close)

    def render(self, tex: str, display: bool = False, options: dict | None = None) -> str:
        """HTML for ``tex``; raises KatexError naming ``tex`` if KaTeX rejects it."""
        request = {"tex": tex, "display": display, "options": options or {}}
        key = json.dumps([self.version, request], sort_keys=True)
        key = hashlib.sha256(key.encode()).hexdigest()
        if key not in self._memo:
            html = self._stored(key)
            if html is None:
                html = self._ask(request)
                self._query("INSERT OR REPLACE INTO formulas VALUES (?, ?, ?)",
                            (key, html, _checksum(html)))  # fmt: skip
            self._memo[key] = keyboard_scrollable(compact(html))
        return self._memo[key]

    def _stored(self, key: str) -> str | None:
        """The cached HTML for ``key``, if its checksum holds (a damaged row is dropped)."""
        row = self._query("SELECT html, checksum FROM formulas WHERE key = ?", (key,)).fetchone()
        if row is not None and _checksum(row[0]) != row[1]:
            log.info(f"Discarded a damaged formula in {self.cache_dir / DATABASE}: "
                     f"{row[0][:80]!r}; rendering it again")  # fmt: skip
            self._query("DELETE FROM formulas WHERE key = ?", (key,))
            return None
        return row and row[0]

    def _query(self, sql: str, parameters: tuple) -> sqlite3.Cursor:
        """Run ``sql`` on the disk cache; a cache file SQLite cannot read is replaced by an
        empty one (and said so)."""
        try:
            return self._cache().execute(sql, parameters)
        except sqlite3.DatabaseError as error:
            self.close()
            log.info(f"Discarded the KaTeX cache {self.cache_dir / DATABASE}: {error}; "
                     f"starting an empty one")  # fmt: skip
            for suffix in ("", "-wal", "-shm"):
                (self.cache_dir / (DATABASE + suffix)).unlink(missing_ok=True)
            return self._cache().execute(sql, parameters)

    def close(self) -> None:
        """Stop the Node process and close the disk cache (both reopen when needed)."""
        if self._proc is not None:
            self._proc.stdin.close()
            self._proc.stdout.close()
            self._proc.wait()
            self._proc = None
        if self._db is not None:
            self._db.close()
            self._db = None

    def _cache(self) -> sqlite3.Connection:
        if self._db is None:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.cache_dir / DATABASE, isolation_level=None, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS formulas"
                             " (key TEXT PRIMARY KEY, html TEXT, checksum TEXT)")  # fmt: skip
        return self._db

    def _start(self) -> None:
        try:
            self._proc = subprocess.Popen(
                ["node", str(SERVER)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
        except FileNotFoundError:
            raise KatexError("`node` is not on PATH; it is needed to render math") from None
        line = self._reply("starting")
        if not line:
            self.close()
            raise KatexError(f"{SERVER.name} failed to start (see above); run `npm ci` in {ROOT}")
        self.server_version = json.loads(line)["version"]
        if self.server_version != self.version:
            self.close()
            raise KatexError(f"Node loaded KaTeX {self.server_version}, not {self.version}")

    def _ask(self, request: dict) -> str:
        if self._proc is None:
            self._start()
        try:
            self._proc.stdin.write(json.dumps(request) + "\n")
            self._proc.stdin.flush()
            line = self._reply(f"rendering '{request['tex'].strip()}'")
        except BrokenPipeError:
            line = ""
        if not line:
            self.close()
            raise KatexError(f"{SERVER.name} exited while rendering '{request['tex'].strip()}'")
        reply = json.loads(line)
        if "error" in reply:
            raise KatexError(f"KaTeX cannot render '{request['tex'].strip()}': {reply['error']}")
        return reply["html"]

    def _reply(self, doing: str) -> str:
        """The server's next line, waited for at most ``self.timeout`` seconds; a server that
        does not answer by then is stopped."""
        ready, _, _ = select.select([self._proc.stdout], [], [], self.timeout)
        if not ready:
            self._proc.kill()
            self.close()
            raise KatexError(f"KaTeX did not answer in {self.timeout:g} s {doing}; stopped it")
        return self._proc.stdout.readline()


DATABASE = "katex.sqlite"


def _checksum(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


_MATHML_START = '<math xmlns="http://www.w3.org/1998/Math/MathML"'
_TEX_ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">.*?</annotation>', re.S)
_SELF_CLOSED = re.compile(r"<(m[a-z]+|none)\b([^>]*?)\s*/>")


def compact(html: str) -> str:
    """KaTeX's markup without what a reader's browser does not use.

    KaTeX writes each formula three times: MathML (read by screen readers and, as text, by
    search), the TeX source as a MathML annotation, and the visible glyphs (HTML spans, hidden
    from screen readers). The annotation is only read by a copy-as-TeX script, which this site
    does not load; the MathML namespace is implied by HTML's parser. Both go: about a tenth
    of a formula's bytes. Self-closed MathML elements (``<mspace/>``) get an end tag, which
    every HTML tool reads the same way (the minifier would take ``<mspace>`` as still open).
    """
    html = _SELF_CLOSED.sub(r"<\1\2></\1>", html.replace(_MATHML_START, "<math"))
    html = _TEX_ANNOTATION.sub("", html)
    return html.replace("<semantics>", "").replace("</semantics>", "")


_DISPLAY = re.compile(r'<span class="katex-display(?: [^"]*)?"')


def keyboard_scrollable(html: str) -> str:
    """Make display math focusable, so a keyboard can scroll one wider than the page.

    site.css lets a display formula scroll inside its own box instead of widening the page;
    a scrolling box must be reachable by keyboard (axe: scrollable-region-focusable).
    """
    return _DISPLAY.sub(lambda m: m[0] + ' tabindex="0"', html, count=1)


RENDERER = Renderer()


def katex_options(tex: str, options: dict) -> tuple[bool, dict]:
    """Split markdown-katex's options for ``tex`` into (display mode, KaTeX options)."""
    options = dict(options)
    display = bool(options.pop("display-mode", False))
    unsupported = options.keys() - OPTIONS.keys()
    if unsupported:
        raise KatexError(f"Unsupported KaTeX option(s) {sorted(unsupported)} for '{tex.strip()}'")
    lines = []  # macro definitions "\name:expansion", as the katex CLI reads them
    if "macro-file" in options:
        lines += Path(options.pop("macro-file")).read_text(encoding="utf-8").splitlines()
    if "macro" in options:
        lines.append(options.pop("macro"))
    result = {OPTIONS[name]: value for name, value in options.items()}
    for line in lines:
        name, sep, body = line.partition(":")
        if sep:
            result.setdefault("macros", {})[name.strip()] = body.strip()
    return display, result


def tex2html(tex: str, options: dict | None = None) -> str:
    """Stand-in for ``markdown_katex.wrapper.tex2html`` that renders through RENDERER."""
    display, katex_opts = katex_options(tex, options or {})
    return RENDERER.render(tex, display, katex_opts)


def option_help() -> dict[str, str]:
    """Stand-in for ``markdown_katex.wrapper.parse_options``: the config options supported here.

    The original finds them by running ``katex --help`` after probing PATH (~1.3 s).
    """
    return {name: f"KaTeX option {js}" for name, js in OPTIONS.items()}


def install() -> None:
    """Route markdown-katex's rendering (and option listing) through this module."""
    wrapper.tex2html = tex2html
    wrapper.parse_options = option_help


def asset_files() -> dict[str, bytes]:
    """Site path -> content, for KaTeX's stylesheet and its woff2 fonts."""
    dist = KATEX_DIR / "dist"
    css = (dist / "katex.min.css").read_text(encoding="utf-8")
    # Only woff2 fonts are shipped: drop the woff/ttf fallbacks from each @font-face.
    css = re.sub(r',url\(fonts/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "", css)
    files = {CSS_URI: css.encode()}
    fonts = dist / "fonts"
    missing = [name for name in re.findall(r"url\(fonts/([^)]+\.woff2)\)", css)
               if not (fonts / name).is_file()]  # fmt: skip
    if missing:
        raise KatexError(f"KaTeX's fonts are missing from {fonts} ({len(missing)}, e.g. "
                         f"{missing[0]}): run `npm ci` in {ROOT}")  # fmt: skip
    for font in sorted(fonts.glob("*.woff2")):
        files[f"{ASSET_DIR}/fonts/{font.name}"] = font.read_bytes()
    return files


class KatexExtension(extension.KatexExtension):
    """markdown-katex, rendering through RENDERER, with its CDN stylesheet and svg-to-img
    off: no CDN (the site serves KaTeX's CSS itself, see :func:`asset_files`), and
    no_inline_svg needs CSS that markdown-katex only adds along with that link (without it,
    <img>'d SVGs such as \\sqrt render as huge black shapes)."""

    def __init__(self, **options):
        install()
        unsupported = options.keys() - OPTIONS.keys() - OWN_OPTIONS
        if unsupported:
            raise KatexError(f"KaTeX option(s) not supported here: {sorted(unsupported)}")
        super().__init__(**{**options, "insert_fonts_css": False, "no_inline_svg": False})


def makeExtension(**options) -> KatexExtension:  # noqa: N802 (Python-Markdown's name)
    """The extension, as Python-Markdown loads it from ``markdown_extensions``."""
    return KatexExtension(**options)


# the stylesheet's link; its version, if any, is its fonts' (scripts.pipeline.katexfonts)
_CSS_LINK = re.compile(
    rf'<link rel="stylesheet" href="(?P<base>[^"]*){re.escape(CSS_URI)}(?P<version>\?v=\w+)?">'
)


def preload_fonts(output: str, fonts: Sequence[str]) -> str:
    """Preload the KaTeX ``fonts`` a page's formulas draw with (paths relative to KaTeX's
    stylesheet, "fonts/KaTeX_Main-Regular.woff2"), so they are in before the first paint.

    Found only through katex.min.css, a font used to arrive after the text had been laid
    out with a fallback; the swap then reflowed the lines around its glyphs (layout shift).
    """
    link = _CSS_LINK.search(output)
    if link is None or not fonts:
        return output
    base, version = f"{link['base']}{ASSET_DIR}", link["version"] or ""
    preloads = "".join(
        f'<link rel="preload" href="{base}/{font}{version}" as="font" type="font/woff2" '
        "crossorigin>"
        for font in fonts
    )
    return output[: link.start()] + preloads + output[link.start() :]
