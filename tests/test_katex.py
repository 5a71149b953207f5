"""Tests for the pipeline's KaTeX renderer (one Node process, cached), its Markdown extension
and the KaTeX assets the site serves itself."""

import logging
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import markdown
import pytest
from markdown_katex import wrapper

from scripts.pipeline import katex
from tests.conftest import classes, start_tags

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = "scripts.pipeline.katex"


@pytest.fixture
def renderer(tmp_path):
    r = katex.Renderer(tmp_path / "cache")
    yield r
    r.close()


def test_renders_html(renderer):
    html = renderer.render(r"\frac{a}{b}")
    assert 'class="katex"' in html
    assert "<math" in html  # MathML copy for screen readers
    assert "katex-display" in renderer.render(r"\frac{a}{b}", display=True)


def test_bad_tex_raises_naming_formula(renderer):
    with pytest.raises(katex.KatexError, match=re.escape(r"\frac{1")):
        renderer.render(r"\frac{1")
    assert 'class="katex"' in renderer.render("x")  # the server survives errors


def test_cache_avoids_node(renderer, tmp_path, monkeypatch):
    html = renderer.render("e^{i\\pi} + 1 = 0")
    renderer.close()

    def no_node(*args, **kwargs):
        raise AssertionError("Node was started")

    monkeypatch.setattr(subprocess, "Popen", no_node)
    assert renderer.render("e^{i\\pi} + 1 = 0") == html  # in memory
    fresh = katex.Renderer(tmp_path / "cache")
    assert fresh.render("e^{i\\pi} + 1 = 0") == html  # on disk
    assert fresh.server_version is None
    fresh.close()


def test_a_damaged_cached_formula_is_rendered_again(renderer, tmp_path):
    html = renderer.render("a+b")
    renderer.close()
    database = sqlite3.connect(tmp_path / "cache" / "katex.sqlite")
    database.execute("UPDATE formulas SET html = 'damaged'")
    database.commit()
    database.close()
    fresh = katex.Renderer(tmp_path / "cache")
    assert fresh.render("a+b") == html
    assert fresh.server_version is not None, "the damaged entry was not rendered again"
    fresh.close()


def test_300_formulas_one_process(renderer, capsys):
    texs = [rf"\sum_{{k=1}}^{{{n}}} \frac{{x_k^{{{n}}}}}{{k!}}" for n in range(300)]
    start = time.perf_counter()
    htmls = [renderer.render(tex, display=n % 2 == 0) for n, tex in enumerate(texs)]
    elapsed = time.perf_counter() - start
    assert len(set(htmls)) == 300
    with capsys.disabled():
        print(f"\n300 distinct formulas, one Node process, cold cache: {elapsed:.3f} s")


def test_css_version_matches_renderer(renderer):
    renderer.render("x")
    assets = katex.asset_files()
    css = assets[katex.CSS_URI].decode()
    css_version = re.search(r'katex-version::?after\{content:"([^"]+)"\}', css).group(1)
    assert css_version == renderer.server_version == renderer.version
    assert css_version in katex.CSS_URI
    fonts = re.findall(r"url\(([^)]+)\)", css)
    assert fonts and all(font.endswith(".woff2") for font in fonts)
    assert {f"{katex.ASSET_DIR}/{font}" for font in fonts} <= assets.keys()


def test_markdown_katex_syntax(tmp_path, monkeypatch):
    for name in ("tex2html", "parse_options"):  # restored after the test
        monkeypatch.setattr(wrapper, name, getattr(wrapper, name))
    monkeypatch.setattr(katex, "RENDERER", katex.Renderer(tmp_path))
    text = "Inline $`\\sqrt{\\RR^2}`$.\n\n```math\n\\int_0^1 x\\,dx\n```\n"
    config = {EXTENSION: {"macro": r"\RR:\mathbb{R}", "no_inline_svg": True}}
    html = markdown.markdown(text, extensions=[EXTENSION], extension_configs=config)
    katex.RENDERER.close()
    assert wrapper.tex2html is katex.tex2html
    assert html.count('class="katex"') == 2 and "katex-display" in html
    assert "double-struck" in html  # the macro was applied
    assert "<svg" in html and "<img" not in html  # svg-to-img stays off: it needs CDN CSS
    assert "cdn.jsdelivr" not in html and "<link" not in html


def test_an_unsupported_option_is_refused():
    with pytest.raises(katex.KatexError, match="no-throw-on-error"):
        markdown.markdown("x", extensions=[EXTENSION],
                          extension_configs={EXTENSION: {"no-throw-on-error": True}})  # fmt: skip


def test_the_site_serves_katex_css_and_fonts(site):
    page = (site / "summary" / "index.html").read_text(encoding="utf-8")
    assert any("katex" in classes(attrs) for attrs, _ in start_tags(page, "span"))
    assert katex.CSS_URI in page
    assert "cdn.jsdelivr" not in page
    assert (site / katex.CSS_URI).is_file()
    fonts = {font.name for font in (katex.KATEX_DIR / "dist" / "fonts").glob("*.woff2")}
    assert {font.name for font in (site / katex.ASSET_DIR / "fonts").iterdir()} == fonts


def test_mkdocs_build(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Math\n\n$`a^2+b^2=c^2`$\n")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\ntheme:\n  name: material\nmarkdown_extensions:\n  - {EXTENSION}\n"
    )
    env = {**os.environ, "KATEX_CACHE_DIR": str(tmp_path / "cache"), "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": str(ROOT)}  # fmt: skip

    def build():
        cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(tmp_path / "mkdocs.yml")]
        return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path)

    assert build().returncode == 0
    page = (tmp_path / "site" / "index.html").read_text()
    assert 'class="katex"' in page and "cdn.jsdelivr" not in page

    (tmp_path / "docs" / "broken.md").write_text("# Bad\n\nSee $`\\frac{1`$ here.\n")
    result = build()
    assert result.returncode != 0
    assert "Error reading page 'broken.md'" in result.stderr
    assert r"KaTeX cannot render '\frac{1'" in result.stderr


def test_a_katex_process_that_stops_answering_fails_naming_the_formula(tmp_path, monkeypatch):
    """It used to hang the build for ever."""
    silent = tmp_path / "silent_server.mjs"
    version = katex.katex_version()
    greeting = f'process.stdout.write(JSON.stringify({{version: "{version}"}}) + "\\n");\n'
    silent.write_text(greeting + "setInterval(() => {}, 1000);  // answers nothing\n")
    monkeypatch.setattr(katex, "SERVER", silent)
    renderer = katex.Renderer(tmp_path / "cache", timeout=1)
    started = time.monotonic()
    stopped = r"did not answer in 1 s rendering '\\frac\{a\}\{b\}'"
    with pytest.raises(katex.KatexError, match=stopped):
        renderer.render(r"\frac{a}{b}")
    assert time.monotonic() - started < 30
    renderer.close()


def test_an_unreadable_cache_database_is_replaced(tmp_path, caplog):
    """A damaged SQLite file used to fail every later build."""
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / katex.DATABASE).write_bytes(b"not a database" * 100)
    renderer = katex.Renderer(tmp_path / "cache")
    with caplog.at_level(logging.INFO, logger="scripts.pipeline.katex"):
        assert 'class="katex"' in renderer.render("a+b")
    assert f"Discarded the KaTeX cache {tmp_path / 'cache' / katex.DATABASE}" in caplog.text
    renderer.close()
    fresh = katex.Renderer(tmp_path / "cache")
    assert 'class="katex"' in fresh.render("a+b") and fresh.server_version is None, "not cached"
    fresh.close()


def test_missing_katex_fonts_fail_naming_the_folder(tmp_path, monkeypatch):
    """The site used to be built without math fonts."""
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "katex.min.css").write_bytes(
        (katex.KATEX_DIR / "dist" / "katex.min.css").read_bytes()
    )
    monkeypatch.setattr(katex, "KATEX_DIR", tmp_path)
    with pytest.raises(katex.KatexError, match=rf"fonts are missing from {tmp_path}/dist/fonts"):
        katex.asset_files()
