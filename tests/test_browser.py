"""The built site in a real browser (Debian's Chromium via Playwright), as a reader sees it."""

from __future__ import annotations

import pytest

PAGES = {"home": "", "sigmoid": "functions/sigmoid/", "summary": "summary/"}


def open_page(browser, url: str, scheme: str = "light"):
    """A new tab on ``url`` that records console errors and every request."""
    page = browser.new_page()
    page.emulate_media(color_scheme=scheme)
    page.errors, page.requests = [], []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: page.requests.append(r.url))
    page.goto(url, wait_until="networkidle")
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_offline_without_errors(browser, site_url, artifacts, name, scheme):
    page = open_page(browser, site_url + PAGES[name], scheme)
    try:
        assert not page.errors, page.errors
        outside = [u for u in page.requests if not u.startswith(site_url)]
        assert not outside, f"requests outside the site: {outside}"
        page.screenshot(path=str(artifacts / f"{name}-{scheme}.png"), full_page=False)
    finally:
        page.close()


def test_formulas_are_typeset_and_the_plain_copy_hidden(browser, site_url):
    page = open_page(browser, site_url + "functions/sigmoid/")
    try:
        assert page.locator(".katex").count() >= 4
        assert page.locator(".katex-error").count() == 0
        mathml = page.locator(".katex-mathml").first
        box = mathml.bounding_box()
        assert box is None or box["width"] <= 1 and box["height"] <= 1, "MathML copy is visible"
        html_part = page.locator(".katex-html").first.bounding_box()
        assert html_part and html_part["width"] > 10
        fonts_ok = page.evaluate("document.fonts.check('16px KaTeX_Main')")
        assert fonts_ok, "KaTeX's fonts did not load from the site"
    finally:
        page.close()


@pytest.mark.parametrize("scheme,variant", [("light", "-light.svg"), ("dark", "-dark.svg")])
def test_the_figure_for_the_palette_is_shown(browser, site_url, scheme, variant):
    page = open_page(browser, site_url + "functions/sigmoid/", scheme)
    try:
        if scheme == "dark":
            page.evaluate("__md_set('__palette', {index: 1})")
            page.reload(wait_until="networkidle")
        shown = page.evaluate(
            """[...document.querySelectorAll('img[src*="figures/sigmoid-"]')]
                 .filter(img => img.offsetParent !== null && img.naturalWidth > 0)
                 .map(img => img.getAttribute('src'))"""
        )
        assert len(shown) == 1 and shown[0].endswith(variant), shown
    finally:
        page.close()


def test_search_finds_the_sigmoid_page(browser, site_url):
    page = open_page(browser, site_url)
    try:
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").fill("sigmoid")
        first = page.locator(".md-search-result__item").first
        first.wait_for(timeout=10_000)
        links = page.eval_on_selector_all(
            ".md-search-result__item > a", "els => els.map(e => e.getAttribute('href'))"
        )
        assert any("functions/sigmoid/" in link for link in links[:3]), links[:5]
    finally:
        page.close()
