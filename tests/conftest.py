"""Shared fixtures: the site built once per session, served on 127.0.0.1, and a browser."""

from __future__ import annotations

import functools
import gzip
import html.parser
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
ARTIFACTS = ROOT / "test-artifacts"


class _StartTags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None], str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), ""))

    def handle_data(self, data):
        if self.tags:
            tag, attrs, text = self.tags[-1]
            self.tags[-1] = (tag, attrs, text + data)


def start_tags(page: str, tag: str | None = None) -> list[tuple[dict[str, str | None], str]]:
    """Each start tag of an HTML page (only ``tag`` ones if given): its attributes, quoted or
    not (the built pages are minified), and the text right after it."""
    parser = _StartTags()
    parser.feed(page)
    return [(attrs, text) for name, attrs, text in parser.tags if tag in (None, name)]


def tags_of(page: str) -> list[tuple[str, dict[str, str | None]]]:
    """Each start tag of an HTML page, its name and attributes (quoted or not)."""
    parser = _StartTags()
    parser.feed(page)
    return [(name, attrs) for name, attrs, _ in parser.tags]


def classes(attrs: dict[str, str | None]) -> list[str]:
    return (attrs.get("class") or "").split()


def search_index(site: Path) -> list[dict]:
    """What Pagefind indexed of each page of ``site``: its ``url`` (from the root, as
    ``functions/relu/``), ``title`` and ``content`` (the text a query is matched against)."""
    pages = []
    for fragment in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd"), fragment  # Pagefind's signature
        page = json.loads(data[len(b"pagefind_dcd") :])
        pages.append({"url": page["url"].lstrip("/"), "title": page["meta"].get("title", ""),
                      "content": page["content"]})  # fmt: skip
    return pages


def project_copy(tmp_path: Path, own_code: bool = False) -> Path:
    """A throw-away project: the docs and config copied, the code shared by symlink.

    With ``own_code`` the package and build script are copied too, so they can be edited,
    and so are the checkout's caches (a build of the copy reuses what they hold).
    """
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "CITATION.cff"):  # the about page prints the citation
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "docs", project / "docs")
    for name in ("scripts", "activations"):
        if own_code:
            shutil.copytree(
                ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            (project / name).symlink_to(ROOT / name)
    if own_code and (ROOT / ".cache").exists():
        shutil.copytree(ROOT / ".cache", project / ".cache")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    (project / "measurements").symlink_to(ROOT / "measurements")  # the framework record
    (project / "overrides").symlink_to(ROOT / "overrides")  # the theme's search dialog
    return project


def mkdocs_build(
    project: Path, site: Path, config: str = "mkdocs.yml", generator: str = "mkdocs"
) -> subprocess.CompletedProcess:
    """``<generator> build --strict`` of ``project`` into ``site``, with a fixed build date;
    ``generator`` is mkdocs or properdocs (its fork, which reads the same mkdocs.yml)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", generator, "build", "--strict",
         "-f", str(project / config), "-d", str(site)],
        capture_output=True, text=True, env=env, cwd=project,
    )  # fmt: skip


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once with mkdocs --strict.

    SITE_CONFIG names another config file in the project (e.g. a scratch one that
    ``INHERIT``s mkdocs.yml) to build instead; it defaults to mkdocs.yml.
    """
    site = tmp_path_factory.mktemp("built") / "site"
    result = mkdocs_build(ROOT, site, os.environ.get("SITE_CONFIG", "mkdocs.yml"))
    assert result.returncode == 0, result.stderr[-4000:]
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(site) -> str:
    """The built site served on 127.0.0.1 (a free port) for the session."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (Playwright gives it a fresh profile)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def browser(chromium):
    """A fresh browser context (no stored palette or cache) for one test."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
