"""The built site in a real browser (Debian's Chromium via Playwright), as a reader uses it.

Every page of the built site (every ``*.html`` file under it) is opened once, by the
module fixture ``visits``, which records what the per-page tests below check: console
errors and requests, how the formulas came out, which images are shown and loaded in the
light palette and, after the reader flips Material's palette toggle, in the dark one, the
internal links and tag chips, the accessibility violations axe-core finds, and how wide
the page is on a 375-pixel phone; it also photographs the main kinds of page (light, dark,
phone) into test-artifacts/ for a person to look at. The reader-path tests (search, tags,
instant navigation, a dark system preference) drive their own pages.
"""

from __future__ import annotations

import html.parser
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from scripts.pipeline.urls import built_url, function_page
from tests.conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
SCREENSHOTS = {  # kind of page -> path (a notebook page is added when the site has one)
    "home": "",
    "function": "functions/sigmoid/",
    "summary": "summary/",
    "derivations": "derivations/",
    "tags": "tags/",
}

# --- what a page visit measures, in the page -------------------------------------------

MATH_JS = """async () => {
  await document.fonts.ready;
  const article = document.querySelector("article") || document.body;
  const rest = article.cloneNode(true);
  rest.querySelectorAll(".katex, pre, script, style").forEach(e => e.remove());
  const text = rest.textContent;
  const raw = text.match(/\\$`|`\\$|\\$\\$|\\$[^\\s$][^$]{0,200}\\$|\\\\[A-Za-z]{2,}/g) || [];
  const katex = [...document.querySelectorAll(".katex")];
  const shownCopies = [...document.querySelectorAll(".katex-mathml")].filter(m => {
    const box = m.getBoundingClientRect();
    return box.width > 1 || box.height > 1;
  });
  const blank = katex.filter(k => k.checkVisibility() && !(
    k.querySelector(".katex-html")?.getBoundingClientRect().width > 0));
  return {
    formulas: katex.length,
    errors: document.querySelectorAll(".katex-error").length,
    raw: raw.slice(0, 5),
    visibleMathml: shownCopies.length,
    blank: blank.length,
    fonts: katex.length === 0 || document.fonts.check("16px KaTeX_Main"),
  };
}"""

# Each image the reader can see is scrolled to (they are lazy) and waited for.
IMAGES_JS = """async () => {
  const images = [];
  for (const img of document.querySelectorAll("img")) {
    const shown = img.checkVisibility();
    if (shown && !img.complete) {
      img.scrollIntoView({block: "center"});
      await new Promise(done => {
        img.addEventListener("load", done, {once: true});
        img.addEventListener("error", done, {once: true});
        setTimeout(done, 5000);
      });
    }
    const url = new URL(img.src);  // site-relative path, or the start of a data: URL
    const src = url.protocol === "data:" ? img.src.slice(0, 40) : url.pathname + url.hash;
    images.push({src, shown, width: img.naturalWidth});
  }
  window.scrollTo(0, 0);
  return images;
}"""

LINKS_JS = """() => ({
  links: [...new Set([...document.querySelectorAll("a[href]")].map(a => a.href))],
  chips: [...document.querySelectorAll("article .md-tags a.md-tag")]
    .map(a => ({name: a.textContent.trim(), href: a.href})),
  tagIndex: Object.fromEntries([...document.querySelectorAll("article h2[id^='tag:']")]
    .map(h => [h.id, [...(h.nextElementSibling?.querySelectorAll("a[href]") || [])]
      .map(a => a.href)])),
})"""

OVERFLOW_JS = """async () => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const width = document.documentElement.scrollWidth;
  const wide = width <= innerWidth ? [] : [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > innerWidth + 1 && e.checkVisibility())
    .slice(-3).map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}`);
  return {width, wide};
}"""

AXE_JS = """async () => {
  // "region" (landmarks, moderate) is left out: it is slow on Material's large navigation.
  const result = await axe.run(document, {
    resultTypes: ["violations"], rules: {region: {enabled: false}},
  });
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, count: v.nodes.length,
                where: v.nodes.slice(0, 2).map(n => n.target.join(" "))}));
}"""


@dataclass
class Visit:
    """What one page showed the reader."""

    path: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    math: dict = field(default_factory=dict)
    light: list[dict] = field(default_factory=list)
    dark: list[dict] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    chips: list[dict] = field(default_factory=list)
    tag_index: dict[str, list[str]] = field(default_factory=dict)
    axe: list[dict] = field(default_factory=list)
    phone: dict = field(default_factory=dict)


def site_pages(site: Path) -> list[str]:
    """URL path (relative to the site root) of every HTML page in the built site."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        paths.append(relative.removesuffix("index.html"))
    return paths


def watch(page) -> tuple[list[str], list[str]]:
    """Console errors (and uncaught exceptions) and requested URLs of ``page``, as they come."""
    errors, requests = [], []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    return errors, requests


def toggle_palette(page, scheme: str) -> None:
    """Click Material's palette toggle (as a reader does) until ``scheme`` is shown."""
    page.locator("form[data-md-component=palette] label:not([hidden])").click()
    page.wait_for_function(f"document.body.dataset.mdColorScheme === '{scheme}'")


def visit(context, site_url: str, path: str, shot: Path | None = None) -> Visit:
    """Open ``path`` and record what it shows; ``shot``: save screenshots as ``shot-*.png``."""
    page = context.new_page()
    result = Visit(path)
    result.errors, result.requests = watch(page)
    try:
        page.goto(site_url + path, wait_until="load")
        result.math = page.evaluate(MATH_JS)
        result.light = page.evaluate(IMAGES_JS)
        found = page.evaluate(LINKS_JS)
        result.links, result.chips = found["links"], found["chips"]
        result.tag_index = found["tagIndex"]
        page.add_script_tag(path=str(AXE))
        result.axe = page.evaluate(AXE_JS)
        if shot:
            page.screenshot(path=f"{shot}-light.png")
        toggle_palette(page, "slate")
        result.dark = page.evaluate(IMAGES_JS)
        if shot:
            page.screenshot(path=f"{shot}-dark.png")
        toggle_palette(page, "default")  # the choice is stored: the next page starts light
        page.set_viewport_size(PHONE)
        result.phone = page.evaluate(OVERFLOW_JS)
        if shot:
            page.screenshot(path=f"{shot}-phone.png")
    finally:
        page.close()
    return result


@pytest.fixture(scope="module")
def visits(chromium, site, site_url, artifacts) -> dict[str, Visit]:
    """Every page of the site, opened once in one shared context (fresh profile).

    The main kinds of page are also photographed, light, dark and on a phone, into
    test-artifacts/ for a person to look at.
    """
    pages = site_pages(site)
    kinds = dict(SCREENSHOTS)
    kinds["notebook"] = next((p for p in pages if p.startswith("experiments/")), None)
    shots = {path: artifacts / kind for kind, path in kinds.items() if path is not None}
    context = chromium.new_context(viewport=DESKTOP, color_scheme="light")
    try:
        return {path: visit(context, site_url, path, shots.get(path)) for path in pages}
    finally:
        context.close()


def failures(visits: dict[str, Visit], check) -> str:
    """One line per page for which ``check(visit)`` returns something."""
    lines = [f"{path or '/'}: {problem}" for path, v in visits.items() if (problem := check(v))]
    return "\n".join(lines)


# --- every page ---------------------------------------------------------------------------


def test_every_page_was_visited(visits):
    assert len(visits) >= 45 and "" in visits and "functions/sigmoid/" in visits, list(visits)


def test_no_console_error_and_no_request_off_the_site(visits, site_url):
    def outside(url: str) -> bool:
        return not (url.startswith(site_url) or url.startswith(("data:", "blob:")))

    errors = failures(visits, lambda v: v.errors[:3])
    requests = failures(visits, lambda v: [u for u in v.requests if outside(u)][:3])
    assert not errors and not requests, f"{errors}\n{requests}"


def test_every_formula_is_typeset(visits):
    def check(v: Visit):
        m = v.math
        problems = {
            "KaTeX errors": m["errors"],
            "raw TeX in the text": m["raw"],
            "MathML copies shown": m["visibleMathml"],
            "formulas without glyphs": m["blank"],
            "KaTeX fonts missing": not m["fonts"],
        }
        return {k: p for k, p in problems.items() if p}

    assert not (problems := failures(visits, check)), problems
    assert sum(v.math["formulas"] for v in visits.values()) > 500
    assert visits["functions/sigmoid/"].math["formulas"] >= 4


def image_problems(images: list[dict], shown: str, hidden: str) -> list[str]:
    """Images shown but not loaded, or shown/hidden against the palette."""
    problems = []
    for img in images:
        src = img["src"]
        if img["shown"] and img["width"] == 0:
            problems.append(f"not loaded: {src}")
        if src.endswith(shown) and not img["shown"]:
            problems.append(f"hidden: {src}")
        if src.endswith(hidden) and img["shown"]:
            problems.append(f"shown: {src}")
    return problems


def test_every_image_loads_and_follows_the_palette(visits):
    light = failures(visits, lambda v: image_problems(v.light, "#only-light", "#only-dark"))
    dark = failures(visits, lambda v: image_problems(v.dark, "#only-dark", "#only-light"))
    assert not light and not dark, f"light palette:\n{light}\ndark palette:\n{dark}"
    sigmoid = visits["functions/sigmoid/"]
    shown = [[i["src"] for i in images if i["shown"]] for images in (sigmoid.light, sigmoid.dark)]
    assert shown == [["/figures/sigmoid-light.svg#only-light"],
                     ["/figures/sigmoid-dark.svg#only-dark"]], shown  # fmt: skip
    figures = sum(1 for v in visits.values() for i in v.light if "/figures/" in i["src"])
    assert figures >= 80, "every function page and the comparisons have figures"


class _Ids(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name in ("id", "name") and value)


@cache
def ids_of(file: Path) -> frozenset[str]:
    parser = _Ids()
    parser.feed(file.read_text(encoding="utf-8"))
    return frozenset(parser.ids)


def test_every_internal_link_resolves(visits, site, site_url):
    def broken(v: Visit) -> list[str]:
        bad = []
        for link in v.links:
            if not link.startswith(site_url):
                continue
            parts = urlsplit(link)
            target = site / unquote(parts.path).lstrip("/")
            if parts.path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                bad.append(f"{link} (no such file)")
            elif target.suffix == ".html" and parts.fragment:
                bad += [f"{link} (no such id)"] * (unquote(parts.fragment) not in ids_of(target))
        return bad

    assert not (problems := failures(visits, broken)), problems
    assert sum(len(v.links) for v in visits.values()) > 1000


def test_no_page_scrolls_sideways_on_a_phone(visits):
    def check(v: Visit):
        width = v.phone["width"]
        return width > PHONE["width"] and f"{width} px wide; widest: {v.phone['wide']}"

    assert not (problems := failures(visits, check)), problems


def test_no_serious_or_critical_accessibility_violation(visits):
    assert not (problems := failures(visits, lambda v: v.axe)), problems


def test_the_tag_index_lists_the_pages_of_each_tag_and_each_chip_leads_there(visits, site_url):
    index = visits["tags/"].tag_index
    assert len(index) >= 15, index.keys()
    listed = {(tag, url) for tag, urls in index.items() for url in urls}
    chipped = set()
    for path, v in visits.items():
        for chip in v.chips:
            assert chip["href"].startswith(site_url + "tags/#tag:"), (path, chip)
            chipped.add((unquote(urlsplit(chip["href"]).fragment), site_url + path))
    assert chipped - listed == set(), "pages with a tag chip missing from the tag index"
    assert listed - chipped == set(), "pages in the tag index without that tag's chip"
    sigmoid = {c["name"] for c in visits["functions/sigmoid/"].chips}
    assert {"sigmoidal", "bounded", "saturating"} <= sigmoid


# --- as a reader ----------------------------------------------------------------------------


def open_page(context, url: str):
    """A new tab on ``url`` that records console errors and requests (page.errors, .requests)."""
    page = context.new_page()
    page.errors, page.requests = watch(page)
    page.goto(url, wait_until="load")
    return page


def search(page, query: str) -> tuple[int, list[str]]:
    """Enter ``query`` in the search box: (number of matching pages, result page paths)."""
    box = page.locator("input.md-search__input")
    box.click()
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "m => !/initializ/i.test(m.textContent)", arg=meta.element_handle(), timeout=10_000
    )
    box.fill(query)
    box.press("End")  # Material searches on keyup
    page.wait_for_function("m => /matching/i.test(m.textContent)", arg=meta.element_handle())
    count = re.match(r"(\d+|No)", meta.text_content().strip())[1]
    results = page.eval_on_selector_all(
        ".md-search-result__item > a", "links => links.map(a => new URL(a.href).pathname)"
    )
    results = list(dict.fromkeys(r.lstrip("/") for r in results))  # in order, once each
    return (0 if count == "No" else int(count)), results


@pytest.fixture
def home(browser, site_url):
    page = open_page(browser, site_url)
    yield page
    page.close()


@pytest.mark.parametrize(
    "query,slug",
    [
        ("leaky", "leaky_relu"),
        ("sigmoid", "sigmoid"),
        ("tanh", "tanh"),
        ("softmin", "softmin"),
        ("logsumexp", "logsumexp"),
    ],
)
def test_search_by_name_finds_the_function_first(home, query, slug):
    count, results = search(home, query)
    assert count and results[0] == built_url(function_page(slug)), results[:5]


def test_search_by_concept_vanishing_gradient(home, artifacts):
    _, results = search(home, "vanishing gradient")
    home.screenshot(path=str(artifacts / "search-light.png"))
    first = results[:5]
    assert {"functions/sigmoid/", "functions/tanh/"} <= set(first), first


def test_search_by_concept_dead_neurons(home):
    _, results = search(home, "dead neurons")
    first = results[:5]
    assert {"functions/relu/", "functions/leaky_relu/"} <= set(first), first


@pytest.fixture(scope="module")
def tag_index(chromium, site_url) -> dict[str, set[str]]:
    """Tag id -> paths of the pages the tag index lists under it."""
    context = chromium.new_context(viewport=DESKTOP)
    page = open_page(context, site_url + "tags/")
    index = page.evaluate(LINKS_JS)["tagIndex"]
    context.close()
    return {tag: {url.removeprefix(site_url) for url in urls} for tag, urls in index.items()}


def test_search_by_tag_name_ranks_the_tagged_pages_first(home, tag_index):
    pages = tag_index["tag:saturating"]
    count, results = search(home, "saturating")
    assert count >= len(pages)
    first = results[: min(len(pages), len(results))]
    assert set(first) <= pages, first


def test_search_by_tags_field_lists_exactly_the_tagged_pages(home, tag_index):
    # Material keeps lunr's field syntax for title, text and tags (search/query/_/index.ts).
    pages = tag_index["tag:bounded"]
    count, results = search(home, "tags:bounded")
    assert count == len(pages) and set(results) <= pages, (count, results)


def test_a_tag_chip_leads_to_its_place_in_the_tag_index(browser, site_url):
    page = open_page(browser, site_url + "functions/sigmoid/")
    page.locator("article .md-tags a.md-tag", has_text="saturating").click()
    page.wait_for_url(lambda url: url.endswith("/tags/#tag:saturating"))
    heading = page.locator("[id='tag:saturating']")
    expect(heading).to_be_in_viewport()  # the scroll to the anchor follows the navigation
    listed = heading.evaluate(
        "h => [...h.nextElementSibling.querySelectorAll('a')].map(a => a.href)"
    )
    assert site_url + "functions/sigmoid/" in listed
    assert not page.errors, page.errors
    page.close()


ARRIVED_JS = """async () => {
  await document.fonts.ready;
  const images = [...document.querySelectorAll("article img")].filter(i => i.checkVisibility());
  for (const img of images) {
    img.scrollIntoView({block: "center"});
    if (!img.complete) await new Promise(done => {
      img.addEventListener("load", done, {once: true});
      img.addEventListener("error", done, {once: true});
      setTimeout(done, 5000);
    });
  }
  window.scrollTo(0, 0);
  return {
    same: window.__same_document === true,
    formulas: document.querySelectorAll("article .katex").length,
    errors: document.querySelectorAll(".katex-error").length,
    glyphs: [...document.querySelectorAll("article .katex-html")]
      .filter(k => k.getBoundingClientRect().width > 0).length,
    fonts: document.fonts.check("16px KaTeX_Main"),
    images: images.map(i => [i.getAttribute("src"), i.naturalWidth]),
  };
}"""


def arrive(page, path: str, heading: str, *, figures: str | None = None) -> dict:
    """After a click: the page at ``path`` (its h1 has id ``heading``) came by instant
    navigation, with its math typeset and its figures (``figures``: the variant) loaded."""
    page.wait_for_function(
        "([path, heading]) => location.pathname.endsWith(path)"
        " && document.querySelector('article h1')?.id === heading",
        arg=[path, heading],
    )
    state = page.evaluate(ARRIVED_JS)
    assert state["same"], "a full page load, not instant navigation"
    assert state["formulas"] and not state["errors"], state
    assert state["glyphs"] == state["formulas"] and state["fonts"], state
    assert all(width > 0 for _, width in state["images"]), state["images"]
    if figures:
        assert state["images"] and all(src.endswith(figures) for src, _ in state["images"])
    return state


def sitemap_for(site: Path, site_url: str) -> str:
    """The site's sitemap.xml with its pages named at ``site_url``.

    Material's instant navigation only intercepts links to pages listed in sitemap.xml,
    which names them by the configured site_url (127.0.0.1:8000 unless SITE_URL says
    otherwise; the Pages URL when deployed). Served here on another port, the site gets
    the sitemap it would have been built with for this address.
    """
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    return sitemap.replace(min(locs, key=len), site_url)


def test_instant_navigation_keeps_math_and_figures_rendered(browser, site, site_url):
    sitemap = sitemap_for(site, site_url)
    browser.route(
        site_url + "sitemap.xml", lambda route: route.fulfill(body=sitemap, content_type="text/xml")
    )
    page = open_page(browser, site_url)
    page.evaluate("window.__same_document = true")  # gone if a click loads a whole page
    nav = page.locator(".md-sidebar--primary")
    nav.locator("a.md-nav__link:visible", has_text="Derivations").click()
    arrive(page, "/derivations/", "step-by-step-derivations")
    nav.locator("a.md-nav__link:visible", has_text="Summary table").click()
    arrive(page, "/summary/", "summary-table")
    page.locator("article table a[href$='functions/sigmoid/']").first.click()
    arrive(page, "/functions/sigmoid/", "sigmoid", figures="#only-light")
    page.locator("a.md-footer__link--next").click()
    arrive(page, "/functions/tanh/", "tanh", figures="#only-light")
    toggle_palette(page, "slate")
    page.go_back()
    arrive(page, "/functions/sigmoid/", "sigmoid", figures="#only-dark")
    page.locator("article a[href$='/silu/']").first.click()
    arrive(page, "/functions/silu/", "silu-swish", figures="#only-dark")
    assert not page.errors, page.errors
    outside = [u for u in page.requests if not u.startswith(site_url)]
    assert not outside, outside
    page.close()


def test_a_dark_system_preference_opens_the_dark_palette(chromium, site_url, artifacts):
    context = chromium.new_context(viewport=DESKTOP, color_scheme="dark")
    try:
        page = open_page(context, site_url + "functions/sigmoid/")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        shown = page.evaluate(IMAGES_JS)
        assert [i["src"] for i in shown if i["shown"] and i["width"] > 0] == [
            "/figures/sigmoid-dark.svg#only-dark"
        ]
        search(page, "vanishing gradient")
        page.screenshot(path=str(artifacts / "search-dark.png"))
        assert not page.errors, page.errors
    finally:
        context.close()


# --- the framework accuracy table sorts in the browser, and is a plain table without JS ----

COLUMN_KEYS_JS = """([table, column]) => [...document.querySelectorAll(`#${table} tbody tr`)]
  .map(row => row.cells[column].dataset.sort ?? row.cells[column].textContent.trim())"""


def test_the_accuracy_table_sorts_by_a_column_and_reverses(browser, site_url):
    page = open_page(browser, site_url + "accuracy/")
    heading = page.locator("#accuracy-grid th").nth(6)  # float64 f′
    button = heading.get_by_role("button", name="float64 f′")
    button.click()
    expect(heading).to_have_attribute("aria-sort", "ascending")
    keys = [float(k) for k in page.evaluate(COLUMN_KEYS_JS, ["accuracy-grid", 6])]
    assert keys == sorted(keys) and keys[0] < keys[-1]
    button.click()
    expect(heading).to_have_attribute("aria-sort", "descending")
    keys = [float(k) for k in page.evaluate(COLUMN_KEYS_JS, ["accuracy-grid", 6])]
    assert keys == sorted(keys, reverse=True)
    by_name = page.locator("#accuracy-grid th").nth(1)
    by_name.get_by_role("button").click()
    expect(by_name).to_have_attribute("aria-sort", "ascending")
    expect(heading).not_to_have_attribute("aria-sort", "descending")  # one sorted column
    frameworks = page.evaluate(COLUMN_KEYS_JS, ["accuracy-grid", 1])
    assert frameworks == sorted(frameworks) and frameworks[0] != frameworks[-1]
    assert not page.errors


def test_the_accuracy_table_is_a_plain_table_without_javascript(chromium, site_url):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "accuracy/")
    table = page.locator("#accuracy-grid")
    expect(table.locator("th").first).to_have_text("Function")
    assert table.locator("button").count() == 0
    assert table.locator("tbody tr").count() > 100
    expect(table.locator("tbody tr").first.locator("td").first).to_have_text("Linear")
    context.close()


# How a notebook page looks with its own notebook stylesheet and with ``css`` in its place
# (at the same place in the cascade), light and dark: the elements (tag and classes) whose
# computed style differs. Transitions are stopped, so a style is the one the page settles
# on. Compared: the properties ``css`` declares (``declared``), their longhands included;
# not custom properties (what a style is computed from, not how the page looks) nor the
# shapes inside the figures, which the figures style themselves.
RESTYLED_BY = """([css, declared]) => {
    const still = document.createElement('style');
    still.textContent = '* {transition: none !important; animation: none !important}';
    document.head.append(still);
    const link = document.querySelector('link[href*="assets/notebook-"]');
    const elements = [...document.querySelectorAll('*:not(svg *)')].filter(e => e !== link);
    const properties = [...getComputedStyle(document.body)].filter(name => !name.startsWith('--')
        && declared.some(shorthand => name === shorthand || name.startsWith(shorthand + '-')));
    const styles = scheme => {
        document.body.dataset.mdColorScheme = scheme;
        return elements.map(element => {
            const style = getComputedStyle(element);
            return properties.map(name => style.getPropertyValue(name)).join(';');
        });
    };
    const before = {light: styles('default'), dark: styles('slate')};
    const full = document.createElement('style');
    full.textContent = css;
    link.after(full);
    link.remove();
    const after = {light: styles('default'), dark: styles('slate')};
    return Object.keys(before).flatMap(scheme => elements
        .filter((element, i) => before[scheme][i] !== after[scheme][i])
        .map(element => `${scheme}: ${element.tagName}.${element.className}`));
}"""


def test_notebook_pages_look_the_same_with_the_full_notebook_stylesheet(browser, site_url):
    """A notebook page loads only the notebook rules it can use (scripts.pipeline.usedcss),
    not the converter's whole JupyterLab stylesheet (~0.6 MB): with the whole one instead,
    every element of every notebook page computes the same style, light and dark."""
    from scripts.adapter import notebook_pages

    notebook = ROOT / "build" / "generated" / "notebooks" / "experiments" / "dying-relu.ipynb"
    content, _ = notebook_pages.convert(notebook, notebook_pages.SETTINGS)
    full = notebook_pages.notebook_css(content)
    experiments = sorted(p.stem for p in (ROOT / "docs" / "experiments").glob("*.py"))
    assert len(experiments) >= 7 and len(full) > 500_000
    declared = sorted(set(re.findall(r"[{;]\s*([a-z][a-z-]*)\s*:", full)))  # in a rule's body
    for name in experiments:
        page = open_page(browser, f"{site_url}experiments/{name}/")
        restyled = page.evaluate(RESTYLED_BY, [full, declared])
        assert not restyled, f"{name}: {len(restyled)} elements styled otherwise: {restyled[:5]}"
        page.close()


FIRST_FRAME = """requestAnimationFrame(() => { window.__firstFrame = {
    contentEnd: document.getElementById('content-end') !== null,
    formulas: document.querySelectorAll('.katex-display').length}; });"""


@pytest.mark.parametrize("path", ["derivations/", built_url(function_page("softmax"))])
def test_a_page_arriving_in_pieces_is_first_drawn_whole(chromium, site_url, path):
    """On Lighthouse's mobile connection a long page's HTML arrives in pieces; the browser
    draws nothing before its content is all in, so that no centred formula or table moves
    as the rest of it arrives (the first frame, a rendering step, sees every formula)."""
    context = chromium.new_context(viewport=DESKTOP)
    context.add_init_script(FIRST_FRAME)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
             "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8})  # fmt: skip
    page.goto(site_url + path)
    page.wait_for_function("window.__firstFrame !== undefined")
    first = page.evaluate("window.__firstFrame")
    formulas = page.locator(".katex-display").count()
    assert first == {"contentEnd": True, "formulas": formulas} and formulas >= 4, first
    context.close()
