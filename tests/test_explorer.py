"""The interactive explorer (docs/explorer.md) in a real browser.

Its numbers must be the package's: every evaluator module the page loads is compared,
point by point, with ``activations.get(slug, **params)`` for every function at its
defaults and other parameters, f, f′ and f″ alike. The rest checks that a reader can use
it: the readout, shared links, both palettes, the keyboard, instant navigation, no
request outside the site and a small first view.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import http.server
import io
import itertools
import math
import re
import threading
from xml.etree import ElementTree

import mpmath
import numpy as np
import pytest
import sympy as sp
from playwright.sync_api import expect

import activations
from scripts.pipeline import explorer
from scripts.pipeline.errors import BuildError
from scripts.pipeline.urls import built_url, function_page
from tests.conftest import ROOT

PAGE = "explorer/"
RTOL, ATOL = 1e-9, 1e-12
THEME_PATH = "assets/javascripts/"  # Material's own bundle, loaded by every page
FIRST_VIEW_BUDGET = 100_000  # bytes of the explorer's script and data on first view


# --- helpers ---------------------------------------------------------------------------------
def open_page(context, url: str, scheme: str = "light"):
    """A tab on ``url`` recording console errors, page errors and every request."""
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    page.errors, page.requests = [], []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: page.requests.append(r))
    page.goto(url, wait_until="networkidle")
    return page


def wait_ready(page) -> None:
    """Until every function shown has its evaluator and the readout is filled in."""
    page.wait_for_selector("#activation-explorer[data-ready='true']", timeout=10_000)


def assert_clean(page, site_url: str) -> None:
    assert not page.errors, page.errors
    outside = [r.url for r in page.requests if not r.url.startswith(site_url)]
    assert not outside, f"requests outside the site: {outside}"
    assert all(r.url.startswith("http://127.0.0.1:") for r in page.requests)


def reading(page, slug: str, which: str) -> float:
    """The value the readout table shows, parsed from its text as a reader sees it."""
    cell = page.locator(f"td[data-slug='{slug}'][data-which='{which}']")
    text = cell.inner_text().strip().replace("\u2212", "-")
    match = re.fullmatch(r"(-?[\d.]+)(?: × 10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))?", text)
    assert match, f"unreadable value {text!r}"
    exponent = match.group(2) or ""
    power = exponent.translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789"))
    return float(match.group(1)) * 10.0 ** int(power or 0)


def item(page, slug: str):
    """The card of a shown function (its name links to the function's page)."""
    link = page.locator(f"a[href$='{built_url(function_page(slug))}']")
    return page.locator(".ax-item").filter(has=link)


@pytest.fixture(scope="module")
def instant_url(site):
    """The site served with its sitemap naming this server: Material navigates instantly
    only to sitemap URLs, and it adapts their protocol and host but not their port."""
    origin = {}

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.path.split("?")[0] != "/sitemap.xml":
                return super().do_GET()
            text = (site / "sitemap.xml").read_text(encoding="utf-8")
            body = re.sub(r"<loc>https?://[^/<]+/", f"<loc>{origin['url']}", text).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(site))
    )
    origin["url"] = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield origin["url"]
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def evaluator_page(chromium, site_url):
    """One tab on the explorer, shared by the point-by-point comparisons."""
    context = chromium.new_context()
    page = open_page(context, site_url + PAGE)
    wait_ready(page)
    yield page
    assert_clean(page, site_url)
    context.close()


# --- the numbers -------------------------------------------------------------------------------
def test_erf_and_erfc_match_mpmath(evaluator_page):
    x = np.concatenate(
        [
            np.linspace(-30, 30, 6001),
            [0.0, 1e-300, 1e-20, 1e-10, 0.46875, 0.46876, 4.0, 4.0000001, 26.5, 26.6],
            -np.array([1e-20, 1e-10, 0.46875, 0.46876, 4.0, 4.0000001, 26.5, 26.6]),
        ]
    )
    got = evaluator_page.evaluate(
        "xs => xs.map(x => [ActivationExplorer.erf(x), ActivationExplorer.erfc(x)])", x.tolist()
    )
    got = np.array(got, dtype=float)
    with mpmath.workdps(30):  # scipy's erfc loses ~|x|² ULP for large x (exp of a rounded x²)
        references = [
            np.array([float(fn(mpmath.mpf(float(v)))) for v in x])
            for fn in (mpmath.erf, mpmath.erfc)
        ]
    for column, reference in enumerate(references):
        normal = np.abs(reference) > 1e-300  # relative accuracy, above the subnormals
        error = np.abs(got[normal, column] - reference[normal]) / np.abs(reference[normal])
        assert error.max() < 1e-14, (column, x[normal][error.argmax()], error.max())
        assert np.all(np.abs(got[~normal, column] - reference[~normal]) < 1e-300)


def _grid(kinks: tuple[float, ...]) -> np.ndarray:
    """[-10, 10] in steps of 0.05, small |z|, and each kink with points just either side."""
    near = [k + d for k in kinks for d in (-1e-3, -1e-9, 0.0, 1e-9, 1e-3)]
    small = [s * v for v in (1e-3, 1e-6) for s in (-1, 1)]
    return np.unique(np.concatenate([np.linspace(-10, 10, 401), small, near]))


def _sets(slug: str) -> list[dict[str, float]]:
    """Defaults and each family value (from scripts.explorer), plus every parameter moved
    at once to the last value of its family."""
    definition = activations.get(slug).definition
    sets = explorer.parameter_sets(definition)
    moved = {p.name: p.family[-1] for p in definition.params if p.family}
    together = sets[0] | moved  # a parameter without a family stays at its default
    if moved and together not in sets:
        try:
            activations.get(slug, **together).f(-1.0)
            sets.append(together)
        except ValueError:
            pass
    return sets


@pytest.mark.parametrize("slug", activations.names())
def test_evaluators_match_the_package(evaluator_page, slug):
    for params in _sets(slug):
        act = activations.get(slug, **params)
        z = _grid(act.breakpoints)
        got = evaluator_page.evaluate(
            """async ([slug, params, zs]) => {
                 const ev = await ActivationExplorer.loadEvaluator(slug);
                 const kinks = ev.breakpoints ? ev.breakpoints(params) : null;
                 return {values: ["f", "df", "d2f"].map(w => zs.map(z => ev[w](z, params))),
                         kinks};
               }""",
            [slug, params, z.tolist()],
        )
        for which, values in zip(("f", "df", "d2f"), got["values"]):
            expected = np.asarray(getattr(act, which)(z), dtype=float)
            values = np.array([math.nan if v is None else v for v in values], dtype=float)
            finite = np.isfinite(expected)
            assert np.array_equal(np.isfinite(values), finite), (slug, params, which)
            error = np.abs(values[finite] - expected[finite])
            bound = RTOL * np.abs(expected[finite]) + ATOL
            worst = int(np.argmax(error - bound)) if error.size else 0
            assert np.all(error <= bound), (
                f"{slug} {which} {params}: z = {z[finite][worst]!r}, page "
                f"{values[finite][worst]!r}, package {expected[finite][worst]!r}"
            )
        if got["kinks"] is not None:
            assert sorted(set(got["kinks"])) == sorted(set(act.breakpoints)), (slug, params)


def test_every_function_has_an_index_entry_and_a_module(evaluator_page):
    index = evaluator_page.evaluate("ActivationExplorer.loadIndex()")
    assert [fn["slug"] for fn in index["functions"]] == activations.names()
    for fn in index["functions"]:
        specs = {p.name: p for p in activations.get(fn["slug"]).param_specs}
        assert [p["name"] for p in fn["params"]] == list(specs)
        for p in fn["params"]:
            spec = specs[p["name"]]
            assert p["default"] == spec.default
            slider = p["slider"]
            for end in (slider["min"], slider["max"]):
                spec.check(end)  # the slider never leaves the domain
            assert slider["min"] < slider["max"] and slider["step"] > 0


def test_a_form_javascript_cannot_evaluate_fails_the_build_naming_it():
    base = activations.get("sigmoid")
    odd = dataclasses.replace(base.definition, slug="odd", expr=lambda z, p: sp.erfinv(z))
    act = activations.Activation(definition=odd, params={})
    with pytest.raises(BuildError, match="odd f"):
        explorer.module_source(act)


# --- using it ----------------------------------------------------------------------------------
def test_leaky_relu_reads_its_values_at_minus_one(browser, site_url, artifacts):
    page = open_page(browser, site_url + PAGE)
    wait_ready(page)
    page.get_by_label("Leaky ReLU", exact=True).check()
    card = item(page, "leaky_relu")
    card.get_by_label("Leaky ReLU α, exact value").fill("0.2")
    page.get_by_label("Read values at z =").fill("-1")
    wait_ready(page)
    assert reading(page, "leaky_relu", "f") == -0.2
    assert reading(page, "leaky_relu", "df") == 0.2
    assert reading(page, "leaky_relu", "d2f") == 0.0
    assert page.get_by_text("Values at z = −1").count() == 1
    page.screenshot(path=str(artifacts / "explorer-light.png"), full_page=True)
    assert_clean(page, site_url)
    page.close()


def test_parameters_stay_in_their_domain(browser, site_url):
    page = open_page(browser, site_url + PAGE + "?fn=softplus:beta=1:f,df&at=0")
    wait_ready(page)
    field = page.get_by_label("Softplus β, exact value")
    field.fill("0")  # β must be > 0
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(item(page, "softplus")).to_contain_text("β must be in (0, ∞)")
    assert reading(page, "softplus", "df") == 0.5  # still β = 1
    field.fill("2")
    expect(field).to_have_attribute("aria-invalid", "false")
    assert reading(page, "softplus", "d2f") == pytest.approx(0.5, rel=1e-12)  # β σ'(0) = β/4
    # RReLU needs l <= u, as the package does
    page.get_by_label("RReLU", exact=True).check()
    lower = page.get_by_label("RReLU l, exact value")
    lower.fill("0.9")
    expect(lower).to_have_attribute("aria-invalid", "true")
    expect(item(page, "rrelu")).to_contain_text("l must not exceed u")
    assert_clean(page, site_url)
    page.close()


COLOURS_JS = """() => Object.fromEntries([...document.querySelectorAll('.ax-item')].map(
                 (card) => [card.querySelector('.ax-name').textContent,
                            getComputedStyle(card).borderLeftColor]))"""  # as a reader sees them


def test_a_shared_link_restores_the_view(chromium, site_url):
    first = chromium.new_context()
    first.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = open_page(first, site_url + PAGE)
    wait_ready(page)
    page.get_by_label("Leaky ReLU", exact=True).check()
    item(page, "leaky_relu").get_by_label("Leaky ReLU α, exact value").fill("0.2")
    page.get_by_label("Softplus", exact=True).check()
    item(page, "softplus").get_by_label("Softplus β, exact value").fill("3")
    page.get_by_label("GELU", exact=True).uncheck()  # its colour is free, the others keep theirs
    page.get_by_label("Show second derivative f″").check()
    page.get_by_label("Show first derivative f′").uncheck()
    page.get_by_label("z from", exact=True).fill("-3")
    page.get_by_label("z to", exact=True).fill("4")
    page.get_by_label("Read values at z =").fill("-0.5")
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator(".ax-status")).to_contain_text("Link copied")  # the clipboard is async
    shared = page.evaluate("navigator.clipboard.readText()")
    assert shared == page.evaluate("location.href") and "at=-0.5" in shared
    wait_ready(page)  # the evaluators of the functions added load asynchronously
    shown = ("relu", "leaky_relu", "softplus")
    readings = {(slug, w): reading(page, slug, w) for slug in shown for w in ("f", "df", "d2f")}
    colours = page.evaluate(COLOURS_JS)
    assert_clean(page, site_url)
    first.close()

    second = chromium.new_context()  # a fresh browser: nothing but the link
    page = open_page(second, shared)
    wait_ready(page)
    names = page.locator(".ax-item .ax-name").all_inner_texts()
    assert names == ["ReLU", "Leaky ReLU", "Softplus"]
    assert page.evaluate(COLOURS_JS) == colours
    expect(page.get_by_label("Leaky ReLU α, exact value")).to_have_value("0.2")
    expect(page.get_by_label("Softplus β, exact value")).to_have_value("3")
    expect(page.get_by_label("Show second derivative f″")).to_be_checked()
    expect(page.get_by_label("Show first derivative f′")).not_to_be_checked()
    expect(page.get_by_label("Show f", exact=True)).to_be_checked()
    expect(page.get_by_label("z from", exact=True)).to_have_value("-3")
    expect(page.get_by_label("z to", exact=True)).to_have_value("4")
    expect(page.get_by_label("Read values at z =")).to_have_value("-0.5")
    for (slug, w), value in readings.items():
        assert reading(page, slug, w) == value
    for slug in shown:
        expect(page.locator(f".ax-family input[value='{slug}']")).to_be_checked()
    expect(page.locator(".ax-family input[value='gelu']")).not_to_be_checked()
    assert_clean(page, site_url)
    second.close()


def test_a_link_from_before_the_one_switch_per_curve_still_opens(browser, site_url):
    """Links once named the curves per function (relu:f,df); they show what any function had."""
    old = "?fn=leaky_relu:alpha=0.2:f;softplus:beta=3:f,d2f;tanh:none&z=-3,4&at=-0.5"
    page = open_page(browser, site_url + PAGE + old)
    wait_ready(page)
    assert page.locator(".ax-item .ax-name").all_inner_texts() == ["Leaky ReLU", "Softplus", "Tanh"]
    expect(page.get_by_label("Leaky ReLU α, exact value")).to_have_value("0.2")
    expect(page.get_by_label("Softplus β, exact value")).to_have_value("3")
    expect(page.get_by_label("Show f", exact=True)).to_be_checked()
    expect(page.get_by_label("Show first derivative f′")).not_to_be_checked()
    expect(page.get_by_label("Show second derivative f″")).to_be_checked()
    expect(page.get_by_label("z to", exact=True)).to_have_value("4")
    expect(page.get_by_label("Read values at z =")).to_have_value("-0.5")
    expected = activations.get("softplus", beta=3).d2f(-0.5)
    assert reading(page, "softplus", "d2f") == pytest.approx(expected, rel=1e-11)
    expect(page.locator(".ax-status")).to_be_empty()  # nothing in it was dropped
    assert_clean(page, site_url)
    page.close()


def test_a_bad_link_is_reported_not_fatal(browser, site_url):
    page = open_page(browser, site_url + PAGE + "?fn=nope;elu:alpha=-1:f&z=1,0&at=x")
    wait_ready(page)
    assert page.locator(".ax-item .ax-name").all_inner_texts() == ["ELU"]
    expect(page.get_by_label("ELU α, exact value")).to_have_value("1")
    expect(page.locator(".ax-status")).to_contain_text("nope")
    expect(page.locator(".ax-status")).to_contain_text("α must be in [0, ∞)")
    assert_clean(page, site_url)
    page.close()


PALETTE_PIXELS_JS = """hex => {
             const canvas = document.querySelector('.ax-canvas');
             const {width, height} = canvas;
             const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
             const [r, g, b] = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));
             let near = 0;
             for (let i = 0; i < data.length; i += 4) {
               if (data[i + 3] > 200 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g)
                   + Math.abs(data[i + 2] - b) < 30) near++;
             }
             return {near, background: getComputedStyle(document.body).backgroundColor,
                     scheme: document.body.getAttribute('data-md-color-scheme')};
           }"""


def _palette_pixels(page, colour: str) -> dict:
    """How many canvas pixels are (close to) ``colour``, and the page background."""
    return page.evaluate(PALETTE_PIXELS_JS, colour)


def _rgb(css: str) -> tuple[int, ...]:
    return tuple(int(v) for v in re.findall(r"\d+", css)[:3])


def test_switching_to_dark_keeps_the_curves_visible(browser, site_url, artifacts):
    from scripts.pipeline.figures import THEMES

    page = open_page(browser, site_url + PAGE)
    wait_ready(page)
    light = _palette_pixels(page, THEMES["light"]["lines"][0])
    assert light["scheme"] == "default" and light["near"] > 300
    page.locator("label[for='__palette_1']").click()  # Material's palette toggle
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    dark_line = THEMES["dark"]["lines"][0]
    page.wait_for_function(  # the redraw happens on the next animation frame
        f"colour => ({PALETTE_PIXELS_JS})(colour).near > 300", arg=dark_line, timeout=10_000
    )
    dark = _palette_pixels(page, dark_line)
    assert _palette_pixels(page, THEMES["light"]["lines"][0])["near"] < 20
    background = _rgb(dark["background"])
    curve = tuple(int(THEMES["dark"]["lines"][0][i : i + 2], 16) for i in (1, 3, 5))
    assert sum(abs(a - b) for a, b in zip(background, curve)) > 150
    page.screenshot(path=str(artifacts / "explorer-dark.png"), full_page=True)
    assert_clean(page, site_url)
    page.close()


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
STATE = "?fn=leaky_relu:alpha=0.2:f,df;rrelu:lower=0.1:upper=0.3:f,df,d2f;threshold:f&at=-1"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_nothing_and_it_fits_a_phone(chromium, site_url, scheme, width):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = open_page(context, site_url + PAGE + STATE, scheme)
    wait_ready(page)
    dark = page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert dark == (scheme == "dark")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run({include: ['#activation-explorer']},
                                      {resultTypes: ['violations']})).violations
             .map(v => ({id: v.id, impact: v.impact, where: v.nodes[0].target.join(' ')}))"""
    )
    assert violations == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_clean(page, site_url)
    context.close()


def test_every_control_is_reachable_by_tab(browser, site_url):
    page = open_page(browser, site_url + PAGE)
    wait_ready(page)
    expected = page.evaluate(
        """() => {
             const root = document.getElementById('activation-explorer');
             const all = root.querySelectorAll('a[href], button, input, select, [tabindex]');
             return [...all]
               .filter(el => !el.disabled && el.tabIndex >= 0 && el.offsetParent !== null)
               .map((el, i) => { el.dataset.tabProbe = String(i); return String(i); });
           }"""
    )
    assert len(expected) > 50
    page.evaluate(
        """() => { const h = document.querySelector('h1'); h.tabIndex = -1; h.focus(); }"""
    )
    seen = []
    for _ in range(len(expected) + 40):
        page.keyboard.press("Tab")
        probe = page.evaluate(
            """() => document.activeElement && document.activeElement.dataset.tabProbe"""
        )
        if probe is None and seen:
            break
        if probe is not None:
            seen.append(probe)
    assert seen == expected
    # every focused control shows a visible focus ring
    page.get_by_label("Zoom in").focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    assert_clean(page, site_url)
    page.close()


def test_every_control_works_from_the_keyboard(browser, site_url):
    page = open_page(browser, site_url + PAGE + "?fn=relu:f&z=-5,5&at=1")
    wait_ready(page)
    keys = page.keyboard
    # pick a function with the space bar
    page.locator(".ax-family input[value='leaky_relu']").focus()
    keys.press("Space")
    wait_ready(page)
    assert page.locator(".ax-item .ax-name").all_inner_texts() == ["ReLU", "Leaky ReLU"]
    # a slider moves by its step with the arrow keys
    slider = page.locator("input[type=range][id$='leaky_relu-alpha-range']")
    slider.focus()
    keys.press("ArrowRight")
    keys.press("ArrowRight")
    expect(page.get_by_label("Leaky ReLU α, exact value")).to_have_value("0.02")
    # the exact field takes typed digits
    field = page.get_by_label("Leaky ReLU α, exact value")
    field.focus()
    keys.press("Control+a")
    keys.type("0.25")
    expect(slider).to_have_value("0.25")
    # show f″ with the space bar
    page.get_by_label("Show second derivative f″").focus()
    keys.press("Space")
    expect(page.get_by_label("Show second derivative f″")).to_be_checked()
    # buttons with Enter and Space
    z_from, z_to = page.get_by_label("z from", exact=True), page.get_by_label("z to", exact=True)
    page.get_by_label("Zoom in").focus()
    keys.press("Enter")
    expect(z_to).not_to_have_value("5")
    assert float(z_to.input_value()) < 5
    page.get_by_label("Reset the view").focus()
    keys.press("Space")
    expect(z_to).to_have_value("5")
    # the plot: arrows move the reading point, + zooms, 0 resets
    page.locator(".ax-canvas").focus()
    keys.press("ArrowRight")
    expect(page.get_by_label("Read values at z =")).to_have_value("1.1")
    keys.press("+")
    expect(z_to).not_to_have_value("5")
    assert float(z_to.input_value()) < 5
    keys.press("Shift+ArrowLeft")
    keys.press("0")
    expect(z_from).to_have_value("-5")
    # remove a function; focus goes back to its box in the catalog
    page.get_by_label("Remove Leaky ReLU").focus()
    keys.press("Enter")
    expect(page.locator(".ax-item .ax-name")).to_have_text(["ReLU"])
    expect(page.locator(".ax-family input[value='leaky_relu']")).to_be_focused()
    assert_clean(page, site_url)
    page.close()


def test_pointer_reads_values_and_clicks_keep_them(browser, site_url):
    page = open_page(browser, site_url + PAGE + "?fn=relu:f,df&z=-5,5&at=1")
    wait_ready(page)
    canvas = page.locator(".ax-canvas")
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2)
    caption = page.locator(".ax-table caption")
    expect(caption).to_have_text(re.compile(r"\(pointer\)$"))
    z = float(caption.inner_text().split("= ")[1].split(" ")[0].replace("\u2212", "-"))
    assert 2 < z < 4 and reading(page, "relu", "f") == z
    page.mouse.click(box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] - 40)  # leave the plot
    at = page.get_by_label("Read values at z =")
    expect(at).not_to_have_value("1")
    assert float(at.input_value()) == z
    # drag to pan, wheel to zoom
    z_from, z_to = page.get_by_label("z from", exact=True), page.get_by_label("z to", exact=True)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - 200, box["y"] + box["height"] / 2, steps=5)
    page.mouse.up()
    expect(z_from).not_to_have_value("-5")
    assert float(z_from.input_value()) > -5
    panned = z_from.input_value()
    page.mouse.wheel(0, 300)
    expect(z_from).not_to_have_value(panned)  # wheel events are handled asynchronously
    assert float(z_to.input_value()) - float(z_from.input_value()) > 10
    assert_clean(page, site_url)
    page.close()


def test_first_view_is_small_and_more_loads_on_demand(chromium, site_url):
    context = chromium.new_context()  # empty cache
    page = open_page(context, site_url + PAGE)
    wait_ready(page)

    def explorer_bytes() -> tuple[int, list[str]]:
        total, names = 0, []
        for request in page.requests:
            url = request.url
            if "assets/explorer" in url or "data/explorer/" in url:
                sizes = request.sizes()
                total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
                names.append(url.rsplit("/", 1)[-1])
        return total, names

    total, names = explorer_bytes()
    theme = sum(
        r.sizes()["responseBodySize"]
        for r in page.requests
        if THEME_PATH in r.url and r.resource_type == "script"
    )
    print(f"explorer first view: {total} bytes ({', '.join(names)}); theme script {theme} bytes")
    assert total <= FIRST_VIEW_BUDGET, names
    modules = sorted(n for n in names if n.endswith(".js") and n != "explorer.js")
    assert modules == ["gelu.js", "relu.js"], "only the functions shown are fetched"
    page.get_by_label("Mish", exact=True).check()
    wait_ready(page)
    _, after = explorer_bytes()
    assert sorted(set(after) - set(names)) == ["mish.js"]
    assert_clean(page, site_url)
    context.close()


def test_instant_navigation_sets_up_and_tears_down(browser, instant_url):
    page = open_page(browser, instant_url)
    page.evaluate("window.__same_document = true")  # gone if a click loads a whole page
    page.locator(".md-nav a[href$='explorer/']").first.click()
    page.wait_for_url("**/explorer/")
    wait_ready(page)
    assert page.evaluate("window.__same_document"), "the click loaded a whole page"
    assert page.locator(".ax-canvas").count() == 1
    page.get_by_label("Tanh", exact=True).check()
    page.wait_for_function("location.search.includes('tanh')")
    page.locator(".md-nav a[href$='summary/']").first.click()
    page.wait_for_url("**/summary/")
    page.wait_for_function("ActivationExplorer.current === null")  # torn down
    page.go_back()
    page.wait_for_url(re.compile(r".*/explorer/\?fn=.*tanh.*"))
    wait_ready(page)
    assert page.evaluate("window.__same_document")
    assert page.locator(".ax-canvas").count() == 1
    assert page.locator(".ax-item .ax-name").all_inner_texts() == ["ReLU", "GELU", "Tanh"]
    assert page.evaluate("ActivationExplorer.current.root.isConnected")
    # and once more, to a page and back by its link: one explorer, still working
    page.locator(".md-nav a[href$='summary/']").first.click()
    page.wait_for_url("**/summary/")
    page.locator(".md-nav a[href$='explorer/']").first.click()
    page.wait_for_url("**/explorer/")
    wait_ready(page)
    assert page.locator(".ax-canvas").count() == 1
    page.get_by_label("Sigmoid", exact=True).check()
    wait_ready(page)
    assert reading(page, "sigmoid", "f") == pytest.approx(1 / (1 + math.exp(-1)), rel=1e-12)
    assert_clean(page, instant_url)
    page.close()


# --- downloads: the view as CSV and as SVG ---------------------------------------------------
def downloaded(page, button: str, folder) -> str:
    """The text of the file the named button downloads."""
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path.read_text(encoding="utf-8")


F1, F2 = "7 4", "1.5 3.5"  # the dashes of f′ and f″ (f is solid)


def svg_strokes(svg: ElementTree.Element) -> set[tuple[str, str | None]]:
    """The (colour, dashes) of each line drawn in an SVG the explorer exported."""
    return {(p.get("stroke"), p.get("stroke-dasharray"))
            for p in svg.iter("{http://www.w3.org/2000/svg}path")}  # fmt: skip


def test_the_csv_download_holds_the_shown_curves_on_the_shown_range(browser, site_url, tmp_path):
    page = open_page(browser, site_url + PAGE + "?fn=leaky_relu:alpha=0.2;sigmoid&show=f,df&z=-3,2")
    wait_ready(page)
    header, *rows = csv.reader(io.StringIO(downloaded(page, "Download the shown curves as CSV",
                                                      tmp_path)))  # fmt: skip
    assert header == ["z", "leaky_relu f(z; alpha=0.2)", "leaky_relu df(z; alpha=0.2)",
                      "sigmoid f(z)", "sigmoid df(z)"]  # fmt: skip
    table = np.array(rows, dtype=float)
    stated = re.search(r"downloads the shown curves at (\d+) points", page.inner_text("article"))
    assert len(rows) == int(stated[1])  # as the page says
    shown = [float(page.get_by_label(label).input_value()) for label in ("z from", "z to")]
    assert [table[0, 0], table[-1, 0]] == shown == [-3, 2]
    leaky, sigmoid = activations.get("leaky_relu", alpha=0.2), activations.get("sigmoid")
    for column, kernel in enumerate((leaky.f, leaky.df, sigmoid.f, sigmoid.df), start=1):
        np.testing.assert_allclose(table[:, column], kernel(table[:, 0]), rtol=RTOL, atol=ATOL)
    page.get_by_label("Show first derivative f′").uncheck()
    header = downloaded(page, "Download the shown curves as CSV", tmp_path).split("\n", 1)[0]
    assert header == "z,leaky_relu f(z; alpha=0.2),sigmoid f(z)"
    assert_clean(page, site_url)
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_svg_download_is_the_chart_as_drawn(browser, site_url, tmp_path, scheme):
    page = open_page(browser, site_url + PAGE + "?fn=relu;gelu&show=f,d2f&z=-2,2", scheme)
    wait_ready(page)
    svg = ElementTree.fromstring(downloaded(page, "Download the chart as SVG", tmp_path))
    canvas = page.locator("canvas.ax-canvas").bounding_box()
    assert (float(svg.get("width")), float(svg.get("height"))) == (canvas["width"],
                                                                   canvas["height"])  # fmt: skip
    ns = "{http://www.w3.org/2000/svg}"
    background = svg.find(f"{ns}rect").get("fill")  # the page's, as the canvas shows through
    assert background == page.evaluate("ActivationExplorer.current.background()")
    assert (background in ("#ffffff", "rgb(255, 255, 255)")) == (scheme == "light")
    texts = [t.text for t in svg.iter(f"{ns}text")]
    assert {"ReLU", "GELU", "z", "f", "f″"} <= set(texts)  # the legend and the axis
    assert "f′" not in texts
    relu, gelu = page.evaluate("ActivationExplorer.current.items.map((item) => item.color)")
    strokes = svg_strokes(svg)
    assert {(relu, None), (relu, F2), (gelu, None), (gelu, F2)} <= strokes
    assert (relu, F1) not in strokes and (gelu, F1) not in strokes  # f′ is not shown
    assert_clean(page, site_url)
    page.close()


# --- layout: one screen, stable colours, one switch per curve, nothing moves --------------------
LAPTOP, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}
BOX_JS = """selector => { const r = document.querySelector(selector).getBoundingClientRect();
                         return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                                 width: r.width, height: r.height}; }"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_and_picker_fit_one_laptop_screen(chromium, site_url, artifacts, scheme):
    context = chromium.new_context(viewport=LAPTOP)
    page = open_page(context, site_url + PAGE, scheme)
    wait_ready(page)
    assert page.evaluate("scrollY") == 0
    chart, picker = (page.evaluate(BOX_JS, s) for s in (".ax-canvas", ".ax-catalog"))
    for name, box in (("chart", chart), ("picker", picker)):
        inside = box["left"] >= 0 and box["top"] >= 0 and box["right"] <= LAPTOP["width"]
        assert inside and box["bottom"] <= LAPTOP["height"], (name, box)
    assert chart["width"] >= 480 and chart["height"] >= 320, chart  # still a chart to read
    assert picker["left"] >= chart["right"], "side by side"
    # the picker scrolls on its own: every function is in it, the first family in view
    first = page.locator(".ax-family").first.get_by_role("checkbox").first
    expect(first).to_be_in_viewport()
    assert page.locator(".ax-catalog input[type=checkbox]").count() == len(activations.names())
    page.screenshot(path=str(artifacts / f"explorer-1366-{scheme}.png"))
    assert_clean(page, site_url)
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_it_works_on_a_phone(chromium, site_url, artifacts, scheme):
    context = chromium.new_context(viewport=PHONE, has_touch=True)
    page = open_page(context, site_url + PAGE, scheme)
    wait_ready(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    controls = page.locator("#activation-explorer").locator("button, input, a, canvas")
    for box in controls.evaluate_all("els => els.map(e => e.getBoundingClientRect().toJSON())"):
        assert box["left"] >= 0 and box["right"] <= PHONE["width"], box  # none cut off
    chart = page.evaluate(BOX_JS, ".ax-canvas")
    assert chart["width"] >= 340 and chart["height"] >= 240, chart
    page.get_by_label("Tanh", exact=True).tap()
    wait_ready(page)
    assert page.locator(".ax-item .ax-name").all_inner_texts() == ["ReLU", "GELU", "Tanh"]
    page.get_by_label("Show second derivative f″").tap()
    expect(page.locator("td[data-slug='tanh'][data-which='d2f']")).not_to_have_class(
        "ax-hidden-curve"
    )
    page.screenshot(path=str(artifacts / f"explorer-390-{scheme}.png"), full_page=True)
    assert_clean(page, site_url)
    context.close()


def _line_colours_are_distinguishable(colours: list[str], background: str) -> None:
    """Each at 3:1 or more against the background (WCAG's non-text contrast), and apart."""

    def luminance(rgb):
        linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    rgbs = [[v / 255 for v in _rgb(c)] for c in colours]
    back = luminance([v / 255 for v in _rgb(background)])
    for colour, rgb in zip(colours, rgbs):
        low, high = sorted((luminance(rgb), back))
        assert (high + 0.05) / (low + 0.05) >= 3, (colour, background)
    for (a, rgb_a), (b, rgb_b) in itertools.combinations(zip(colours, rgbs), 2):
        assert math.dist(rgb_a, rgb_b) * 255 >= 50, (a, b)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_each_function_keeps_its_colour(browser, site_url, scheme):
    full = "?fn=relu;gelu;tanh;sigmoid;silu;softplus;softsign"  # every colour of the palette
    page = open_page(browser, site_url + PAGE + full, scheme)
    wait_ready(page)
    before = page.evaluate(COLOURS_JS)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    _line_colours_are_distinguishable(list(before.values()), background)
    page.get_by_label("Mish", exact=True).click()  # an eighth: no colour is left for it
    expect(page.locator(".ax-status")).to_contain_text("At most 7 functions at once")
    expect(page.get_by_label("Mish", exact=True)).not_to_be_checked()
    page.get_by_label("Remove GELU").click()
    expect(page.locator(".ax-item")).to_have_count(6)
    after = page.evaluate(COLOURS_JS)
    assert after == {name: colour for name, colour in before.items() if name != "GELU"}
    page.get_by_label("Mish", exact=True).check()  # takes the colour GELU left
    wait_ready(page)
    assert page.evaluate(COLOURS_JS) == after | {"Mish": before["GELU"]}
    page.get_by_label("Sigmoid", exact=True).uncheck()  # from the picker, too
    page.get_by_label("ELU", exact=True).check()
    wait_ready(page)
    colours = page.evaluate(COLOURS_JS)
    kept = {name: colour for name, colour in after.items() if name != "Sigmoid"}
    assert colours == kept | {"Mish": before["GELU"], "ELU": before["Sigmoid"]}
    # the chart draws them in those colours, and the picker marks them so
    tanh = page.evaluate("ActivationExplorer.current.items.find((i) => i.slug === 'tanh').color")
    page.wait_for_function(f"colour => ({PALETTE_PIXELS_JS})(colour).near > 300", arg=tanh)
    box = page.locator(".ax-family input[value='tanh']")
    assert box.evaluate("el => getComputedStyle(el).accentColor") == colours["Tanh"]
    assert_clean(page, site_url)
    page.close()


def test_one_switch_shows_each_curve_for_all_functions(browser, site_url, tmp_path):
    page = open_page(browser, site_url + PAGE + "?fn=relu;gelu;tanh&show=f")
    wait_ready(page)
    for which in ("first derivative f′", "second derivative f″"):
        assert page.get_by_label(re.compile(which)).count() == 1  # one switch, not one each
    colours = page.evaluate("ActivationExplorer.current.items.map((item) => item.color)")

    def strokes():
        return svg_strokes(ElementTree.fromstring(downloaded(page, "Download the chart as SVG",
                                                             tmp_path)))  # fmt: skip

    assert not {(colour, dash) for colour in colours for dash in (F1, F2)} & strokes()
    page.get_by_label("Show second derivative f″").check()
    assert {(colour, F2) for colour in colours} <= strokes()
    for slug in ("relu", "gelu", "tanh"):
        cell = page.locator(f"td[data-slug='{slug}'][data-which='d2f']")
        expect(cell).not_to_have_class("ax-hidden-curve")
    page.get_by_label("Show f", exact=True).uncheck()
    page.get_by_label("Show first derivative f′").check()
    assert {(colour, dash) for colour in colours for dash in (F1, F2)} <= strokes()
    page.wait_for_function("location.search.includes('show=df,d2f')")
    assert_clean(page, site_url)
    page.close()


CLS_JS = """() => new Promise((resolve) => {
  // every shift since navigation (buffered), once two frames after ready have been drawn
  requestAnimationFrame(() => requestAnimationFrame(() => {
    const observer = new PerformanceObserver(() => {});
    observer.observe({type: 'layout-shift', buffered: true});
    const shifts = observer.takeRecords();
    observer.disconnect();
    resolve(shifts.map((s) => ({value: s.value,
      sources: s.sources.map((x) => x.node ? x.node.nodeName + '.' + x.node.className : '?')})));
  }));
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366x768", "390x844"])
def test_nothing_moves_while_the_page_loads(chromium, site_url, viewport, scheme):
    context = chromium.new_context(viewport=viewport)  # empty cache: the slowest load
    page = open_page(context, site_url + PAGE, scheme)
    wait_ready(page)
    page.wait_for_function("document.querySelector('.ax-canvas').width > 0")  # drawn
    shifts = page.evaluate(CLS_JS)
    assert shifts == [], f"cumulative layout shift {sum(s['value'] for s in shifts)}: {shifts}"
    assert_clean(page, site_url)
    context.close()


def test_without_javascript_the_page_says_where_to_look(chromium, site_url):
    context = chromium.new_context(viewport=LAPTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + PAGE)
    note = page.locator("#activation-explorer")
    expect(note).to_contain_text("It needs JavaScript")
    expect(note.get_by_role("link", name="summary table")).to_be_visible()
    # no screen of empty space kept for an explorer that will not come
    assert page.evaluate(BOX_JS, "#activation-explorer")["height"] < 200
    expect(page.get_by_role("heading", name="Reading the chart")).to_be_in_viewport()
    context.close()
