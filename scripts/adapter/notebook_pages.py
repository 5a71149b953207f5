"""An executed notebook (scripts.pipeline.notebooks) made a page of the site: converted to
HTML by mkdocs-jupyter's converter (nbconvert), cached by the notebook, and post-processed to
fit (math, links, figures, CSS).

The adapter runs the converter itself rather than mkdocs-jupyter's plugin: the plugin
imports nbconvert when MkDocs loads it, a second and a half of every build and of every
`mkdocs serve` start, though a cached render needs none of it.
"""

from __future__ import annotations

import base64
import hashlib
import html
import logging
import posixpath
import re
import shutil
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from scripts.pipeline import imports, workers
from scripts.pipeline.cache import Cache, digest, keep_newest
from scripts.pipeline.files import write_atomic
from scripts.pipeline.svg import compact_svg
from scripts.pipeline.usedcss import used_css

NEUTRAL = "#808080"  # the grey notebooks draw text and axes in; each palette's figure swaps it
# for the palette's secondary text colour, Material's --md-default-fg-color--light
SCHEMES = {"light": "#0000008a", "dark": "hsla(225, 15%, 90%, 0.56)"}
log = logging.getLogger("mkdocs.hooks.notebook_pages")

RENDERS = "notebook-pages"  # the kind of the rendered pages' entries in the build's cache
KEPT_RENDERS = 4  # renders kept per notebook, as its executed versions are
# mkdocs-jupyter's converter, as the site runs it
SETTINGS = {
    "execute": False,  # already executed, once, by the build script
    "kernel_name": "",
    "theme": "",
    "allow_errors": False,
    "show_input": True,
    "no_input": False,
    "no_prompt": True,  # no "In [1]:" prompts on the page or in the search index
    "remove_tag_config": {"remove_input_tags": ["remove-input"]},  # a figure's code hidden
    "highlight_extra_classes": "",
    "include_requirejs": False,  # no require.js from a CDN
    "custom_mathjax_url": "",  # no MathJax: the pipeline renders TeX with KaTeX
}
TOC_DEPTH = 6  # the notebook's headings down to <h6> in the page's table of contents


class NotebookFile(File):
    """An executed notebook: a documentation page (``experiments/<name>/``) whose title is
    the nav's, not the notebook's long heading."""

    def is_documentation_page(self) -> bool:
        return True


def render_key(notebook: Path, settings: dict = SETTINGS) -> str:
    """A converted notebook's key in the build's cache: the executed notebook, the
    ``settings`` and the versions of the converter and nbconvert."""
    versions = [imports.library_version(name) for name in ("mkdocs_jupyter", "nbconvert")]
    key = digest(notebook.read_bytes(), repr(sorted(settings.items())), str(TOC_DEPTH),
                 *versions)  # fmt: skip
    return f"{notebook.stem}-{key}"


class Conversions:
    """Notebooks converted in a worker process as soon as each is executed, while the build
    renders the other pages (a cold build's conversions are about a tenth of its main
    process's work)."""

    def __init__(self, cache: Cache, settings: dict = SETTINGS):
        self.cache, self.settings = cache, settings
        self._converting: dict[str, Future] = {}
        self._lock = threading.Lock()  # notebooks are ready in several threads
        self._worker: ProcessPoolExecutor | None = None
        self._closed = False

    def start(self, notebook: Path, key: str | None = None) -> Future | None:
        """Convert the executed ``notebook``, once, unless the cache has it (checked when its
        page reads it: a damaged entry is converted there); returns its conversion. Called
        when the notebook is ready and again by its page, which may come first: a thread
        waiting for a notebook can resume before the notebook's callbacks have run. ``key``:
        its :func:`render_key`, when the caller has it. Once the build is over (a notebook
        may end after a failed build), nothing is started."""
        key = key or render_key(notebook, self.settings)
        with self._lock:
            if self._closed:
                return self._converting.get(key)
            if key not in self._converting and not self.cache.path(RENDERS, key).is_file():
                if self._worker is None:
                    self._worker = workers.pool(1)
                self._converting[key] = self._worker.submit(convert, notebook, self.settings)
            return self._converting.get(key)

    def close(self) -> None:
        """The build is over: conversions not started are dropped, the worker stops."""
        with self._lock:
            self._closed = True
            if self._worker is not None:
                self._worker.shutdown(wait=False, cancel_futures=True)


def set_render(page, cache: Cache, conversions: Conversions | None = None,
               settings: dict = SETTINGS) -> None:  # fmt: skip
    """Make the notebook ``page`` render with mkdocs-jupyter's converter (its HTML and table
    of contents), kept in the build's cache, where every entry is checked when read (see
    :func:`render_key`); taken from ``conversions`` when it converted the notebook."""
    notebook = Path(page.file.abs_src_path)
    key = render_key(notebook, settings)

    def cached_render(config, files) -> None:
        if (stored := cache.load(RENDERS, key)) is not None:
            page.content, page.toc = stored
            return
        converting = conversions.start(notebook, key) if conversions else None
        converted = converting.result() if converting else convert(notebook, settings)
        page.content, page.toc = converted
        cache.store(RENDERS, key, converted)
        keep_newest(cache, RENDERS, f"{notebook.stem}-", KEPT_RENDERS)

    page.render = cached_render


def convert(notebook: Path, settings: dict):
    """mkdocs-jupyter's HTML of ``notebook`` and its table of contents (from the headings
    of its Markdown conversion, as the plugin makes it)."""
    import markdown
    from markdown.extensions.toc import TocExtension
    from mkdocs.structure.toc import get_toc
    from mkdocs_jupyter import convert as converter

    body = converter.nb2html(str(notebook), **settings)
    headings = markdown.Markdown(extensions=[TocExtension(toc_depth=TOC_DEPTH)])
    headings.convert(converter.nb2md(str(notebook)))
    return body, get_toc(headings.toc_tokens)


def copy_source(page) -> None:
    """The executed notebook beside its page, for the page's download button."""
    source = Path(page.file.abs_src_path)
    target = Path(page.file.abs_dest_path).parent / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


# mkdocs-jupyter's template loads MathJax (<script src=""> when custom_mathjax_url is empty,
# a CDN otherwise) and a mermaid loader that imports from a CDN; math is rendered at build
# time here and there are no diagrams, so both go.
_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S)
# mkdocs-jupyter appends the highlighting CSS a second time, as a Python list's repr.
_LIST_STYLE = re.compile(r"<style>\s*\['.*?'\]\s*</style>", re.S)
_MARKDOWN_CELL = re.compile(
    r'(data-mime-type="text/markdown">)(.*?)(?=<div class="jp-Cell |</div> <!-- jp-Notebook -->)',
    re.S,
)
_CODE = re.compile(r"(<code\b.*?</code>|<pre\b.*?</pre>)", re.S)
_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)([^$\n]+?)(?<![\\$])\$")
# a link to a page's source (Markdown, or another notebook)
_HREF = re.compile(r'<a href="([^"#:?]+\.(?:md|ipynb))(#[^"]*)?"')
# nbconvert embeds SVG output as <img src="data:image/svg+xml;base64,...">
_SVG_IMAGE = re.compile(r'<img [^>]*src="data:image/svg\+xml;base64,([A-Za-z0-9+/=\s]+)"[^>]*>')
_SVG_TEXT = re.compile(r"<!-- (.*?) -->\n?")  # matplotlib notes each text's content
_SVG_SIZE = re.compile(r'(?<=<svg )([^>]*?)\bwidth="([\d.]+)pt" height="([\d.]+)pt"')
# the hidden copy of each cell's source that the copy button copies: a <pre>, like the code
_COPY_SOURCE = re.compile(r'<div class="clipboard-copy-txt"([^>]*)>(.*?)</div>', re.S)
_IDS = re.compile(r'\bid="([^"]+)"')
_NOISE = [
    # the copy button's "Copied!"
    ('<span class="notice" hidden="">', '<span class="notice" hidden="" data-search-exclude>'),
    # prompts, should no_prompt be off
    ('<div class="jp-InputPrompt', '<div data-search-exclude class="jp-InputPrompt'),
    ('<div class="jp-OutputPrompt', '<div data-search-exclude class="jp-OutputPrompt'),
    # figures
    ('<div class="jp-RenderedSVG', '<div data-search-exclude class="jp-RenderedSVG'),
    # code: scrollable with the keyboard; left out of the search index, which keeps the prose
    # and the outputs (the index is most of a cold page load)
    ('<div class="highlight-ipynb', '<div tabindex="0" data-search-exclude class="highlight-ipynb'),
    # heading permalinks: Material's class, so they look like the other pages' and the search
    # index leaves their "¶" out of section titles
    ('<a class="anchor-link" href="#', '<a class="headerlink" href="#'),
]
DOWNLOAD_ICON = (  # Material Design Icons "download" (Apache-2.0), as Material ships it
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<path d="M5 20h14v-2H5m14-9h-4V3H9v6H5l7 7z"/></svg>'
)


def _render_math(fragment: str, render) -> str:
    """Replace $$…$$ and $…$ in a markdown cell's HTML, outside code, with KaTeX's HTML."""
    parts = _CODE.split(fragment)
    for i in range(0, len(parts), 2):  # even parts are outside <code>/<pre>
        text = _DISPLAY_MATH.sub(lambda m: render(html.unescape(m[1].strip()), True), parts[i])
        parts[i] = _INLINE_MATH.sub(lambda m: render(html.unescape(m[1]), False), text)
    return "".join(parts)


def _resolve_links(fragment: str, page, files, links_to_anchors: dict,
                   problems: list[str]) -> str:  # fmt: skip
    """Point links to page sources (``../functions/relu.md#x``, ``backpropagation.ipynb``) at
    the built pages; a link to no page is left as it is, and told in ``problems``."""
    base = posixpath.dirname(page.file.src_uri)

    def replace(match: re.Match) -> str:
        target, anchor = match[1], (match[2] or "")
        uri = posixpath.normpath(posixpath.join(base, target))
        file = files.get_file_from_path(uri)
        if file is None or not file.is_documentation_page():
            problems.append(
                f"Doc file '{page.file.src_uri}' contains a link '{target}{anchor}', but the "
                f"target '{uri}' is not found among documentation files."
            )
            return match[0]
        if anchor[1:]:
            links_to_anchors.setdefault(file, {}).setdefault(anchor[1:], target + anchor)
        return f'<a href="{file.url_relative_to(page.file)}{anchor}"'

    return _HREF.sub(replace, fragment)


def _figure_files(svg: str) -> tuple[str, dict[str, bytes]] | None:
    """A matplotlib SVG figure as two files, its grey drawn in the light and the dark
    palette's secondary text colour (``SCHEMES``), and the two ``<img>`` that show the one
    for the palette in use (Material hides the other, and a hidden lazy image is not
    fetched): page HTML, file name → content. The SVG is compacted as the site's other
    figures are (:func:`scripts.pipeline.svg.compact_svg`).

    The images' text alternative lists the figure's words (titles, axis labels, legend
    entries), which matplotlib leaves in comments; tick labels and other numbers are left
    out. Each image states the figure's size, so nothing moves when it arrives; None for an
    SVG whose size is not matplotlib's, in points.
    """
    words = [t for t in _SVG_TEXT.findall(svg) if re.search(r"[A-Za-z]{2}", t) and "$" not in t]
    alt = "; ".join(dict.fromkeys(words)) or "Figure"
    svg = compact_svg(_SVG_TEXT.sub("", svg))  # the words are in the text alternative
    size = _SVG_SIZE.search(svg)
    if size is None:
        return None
    # whole CSS pixels (4/3 of a point), so that the image's stated size is exactly its own
    width, height = (round(float(points) * 4 / 3) for points in size.group(2, 3))
    svg = _SVG_SIZE.sub(rf'\1width="{width * 0.75:g}pt" height="{height * 0.75:g}pt"', svg, 1)
    files, images = {}, []
    for scheme, colour in SCHEMES.items():
        content = svg.replace(NEUTRAL, colour).encode()
        name = f"figure-{hashlib.sha256(content).hexdigest()[:12]}.svg"
        files[name] = content
        images.append(f'<img src="{name}#only-{scheme}" alt="{html.escape(alt)}" '
                      f'width="{width}" height="{height}" loading="lazy">')  # fmt: skip
    return "".join(images), files


FITTED = "notebook-pages-fitted"  # the kind of :func:`page_html`'s results in the cache


def page_html(content: str, page, files, render, site_dir: str, cache: Cache | None = None,
              inputs: str = "") -> str:  # fmt: skip
    """The page mkdocs-jupyter's converter made, made to fit the site (see :func:`_fitted`);
    its stylesheet written into ``site_dir`` and its figures beside the page; its links and
    anchors given to ``page`` for MkDocs to check. With ``cache``, kept by ``inputs`` (what
    else it depends on: the site's files, the code) and the converter's page: a fit that
    warned is made again."""
    notebook = Path(page.file.abs_src_path)
    key = f"{notebook.stem}-{digest(inputs, page.file.src_uri, page.url, content)}"
    stored = cache.load(FITTED, key) if cache is not None else None
    if not (isinstance(stored, tuple) and len(stored) == 5):
        problems: list[str] = []
        stored = _fitted(content, page, files, render, problems)
        for problem in problems:
            log.warning(problem)
        if cache is not None and not problems:
            cache.store(FITTED, key, stored)
            keep_newest(cache, FITTED, f"{notebook.stem}-", KEPT_RENDERS)
    fitted, css, links, ids, figures = stored
    sheet = f"assets/notebook-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
    write_atomic(Path(site_dir) / sheet, css.encode())
    for name, svg in figures.items():
        write_atomic(Path(page.file.abs_dest_path).parent / name, svg)
    page.links_to_anchors = {files.get_file_from_path(u): a for u, a in links.items()} or None
    page.present_anchor_ids = ids
    head = (
        f'<link rel="stylesheet" href="{get_relative_url(sheet, page.url)}">\n'
        f'<a href="{notebook.name}" download class="md-content__button md-icon" '
        f'title="Download this notebook (executed, with its outputs)" data-search-exclude>'
        f"{DOWNLOAD_ICON}</a>\n"
    )
    return head + fitted


def notebook_css(content: str) -> str:
    """The CSS the converter inlines in ``content`` (every notebook's page has the same)."""
    blocks = _STYLE.findall(_LIST_STYLE.sub("", content))
    return "\n".join(block.strip() for block in blocks) + "\n"


def _fitted(content: str, page, files, render, problems: list[str]):
    """(HTML, CSS, links to anchors by page, anchor ids, figure files by name) of the
    converter's page: ``render(tex, display)`` renders TeX
    (scripts.pipeline.katex.RENDERER.render); links that lead nowhere, and figures of
    unknown size, are appended to ``problems``.

    Drops the MathJax and mermaid scripts (anything else fetched from another origin fails
    the build: see :mod:`scripts.pipeline.privacy`); moves the notebook CSS that
    mkdocs-jupyter inlines into every page (~0.6 MB) out, keeping only the rules the page
    can use (:mod:`scripts.pipeline.usedcss`, ~16 KB), for a stylesheet named by its
    hash; keeps copy-button text, prompts and figures out of the search index; resolves
    links to ``.md`` sources (registering their anchors for MkDocs' validation); moves each
    SVG figure into a file per palette, beside the page (:func:`_figure_files`).
    """
    content = _MATHJAX.sub("", content)
    content = _SCRIPT.sub(lambda m: "" if "mermaid" in m[0] else m[0], content)
    css = notebook_css(content)
    content = _STYLE.sub("", content)
    for old, new in _NOISE:
        content = content.replace(old, new)
    links: dict = {}

    def cell(match: re.Match) -> str:
        body = _render_math(match[2], render)
        return match[1] + _resolve_links(body, page, files, links, problems)

    content = _MARKDOWN_CELL.sub(cell, content)
    figures: dict[str, bytes] = {}

    def figure(match: re.Match) -> str:
        made = _figure_files(base64.b64decode(match[1]).decode("utf-8"))
        if made is None:
            problems.append(f"Doc file '{page.file.src_uri}' has an SVG figure without "
                            "matplotlib's width and height in points")  # fmt: skip
            return match[0]
        figures.update(made[1])
        return made[0]

    content = _SVG_IMAGE.sub(figure, content)
    content = _COPY_SOURCE.sub(
        r'<pre class="clipboard-copy-txt"\1 data-search-exclude>\2</pre>', content
    )
    links = {file.src_uri: anchors for file, anchors in links.items()}
    ids = set(_IDS.findall(content))
    return content.strip() + "\n", used_css(css, content), links, ids, figures
