"""The summary table as readers use it, in the browser: it sorts on every column by the values
the package computed, filters on properties and frameworks (all filters at once), keeps the
function's name in view when it scrolls sideways on a phone, and without JavaScript is still
the whole table. What each test expects is computed from the package, never written down."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import activations
from scripts.pipeline import frameworks, pages

TABLE = "#activations-summary"
FILTERS = "form[data-filters='activations-summary']"
CATALOG = activations.catalog()
# The names in the rows a reader sees, top to bottom.
SHOWN_NAMES_JS = f"""() => [...document.querySelectorAll("{TABLE} tbody tr")]
  .filter(row => row.checkVisibility()).map(row => row.cells[0].textContent.trim())"""


@pytest.fixture
def summary(browser, site_url):
    """The summary page in a fresh tab; uncaught errors are collected in ``page.errors``."""
    page = browser.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(site_url + "summary/")
    expect(page.locator(FILTERS)).to_have_attribute("data-ready", "true")  # sort-table.js ran
    return page


def sort_by(page, title: str, order: str) -> list[str]:
    """Press the column's sort button until the rows are in ``order``; the names shown."""
    heading = page.locator(f"{TABLE} thead th", has_text=title)
    while heading.get_attribute("aria-sort") != order:
        heading.get_by_role("button").click()
    return page.evaluate(SHOWN_NAMES_JS)


@pytest.mark.parametrize(
    "title,key",
    [("Largest slope", lambda p: (p.max_slope,)),
     ("Output range", lambda p: (p.output_range.low, p.output_range.high)),
     ("Bounded", lambda p: (p.bounded,)),
     ("Smoothness", lambda p: (p.continuity != "discontinuous", p.continuity)),
     ("Dead zone", lambda p: (sum(i.high - i.low for i in p.dead_zone),))],
    ids=["largest slope", "output range", "bounded", "smoothness", "dead zone"],
)  # fmt: skip
def test_sorting_orders_the_rows_by_the_computed_values_both_ways(summary, title, key):
    """Numbers as numbers (a slope of 10 after 1.5), a range by its lower end then its upper
    one, a smoothness from discontinuous to C∞, a dead zone by its length (∞ last)."""
    keys = {act.name: key(act.properties) for act in CATALOG}
    ascending = sort_by(summary, title, "ascending")
    assert [keys[name] for name in ascending] == sorted(keys.values())
    descending = sort_by(summary, title, "descending")
    assert [keys[name] for name in descending] == sorted(keys.values(), reverse=True)
    assert not summary.errors, summary.errors


def test_every_column_sorts(summary):
    headings = summary.locator(f"{TABLE} thead th")
    assert headings.count() == 11
    for index in range(headings.count()):
        headings.nth(index).get_by_role("button").click()
        expect(headings.nth(index)).to_have_attribute("aria-sort", "ascending")
    assert not summary.errors, summary.errors


def shipped(act) -> set[str]:
    """The frameworks whose measured callables compute ``act`` (the framework record)."""
    return {m.framework for m in frameworks.callables(act)}


def test_bounded_and_zero_centred_shows_exactly_those_functions(summary, browser):
    form = summary.locator(FILTERS)
    form.locator("select[name=bounded]").select_option("yes")
    form.locator("select[name=zero-centred]").select_option("yes")
    wanted = [a.name for a in CATALOG if a.properties.bounded and a.properties.zero_centred]
    assert 0 < len(wanted) < len(CATALOG)
    expect(form.locator("output")).to_have_text(f"{len(wanted)} of {len(CATALOG)} shown")
    assert summary.evaluate(SHOWN_NAMES_JS) == wanted

    form.get_by_label("PyTorch").check()  # and shipped by PyTorch
    in_pytorch = [a.name for a in CATALOG if a.name in wanted and "PyTorch" in shipped(a)]
    assert 0 < len(in_pytorch) < len(wanted)
    expect(form.locator("output")).to_have_text(f"{len(in_pytorch)} of {len(CATALOG)} shown")
    assert summary.evaluate(SHOWN_NAMES_JS) == in_pytorch

    # The address keeps the filters: opened again, it shows the same rows.
    again = browser.new_page()
    again.goto(summary.url)
    assert "bounded=yes" in again.url and "framework=PyTorch" in again.url
    expect(again.locator(f"{FILTERS} output")).to_have_text(
        f"{len(in_pytorch)} of {len(CATALOG)} shown"
    )
    assert again.evaluate(SHOWN_NAMES_JS) == in_pytorch
    again.get_by_role("button", name="Show all").click()
    expect(again.locator(f"{FILTERS} output")).to_have_text(
        f"{len(CATALOG)} of {len(CATALOG)} shown"
    )
    again.wait_for_url(lambda url: "?" not in url)  # (reset shows the count at once)
    assert not summary.errors, summary.errors


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


FACETS = {  # a filter → the value it chooses by, from the package
    "family": lambda act: act.family,
    "monotonic": lambda act: act.properties.monotonic,
    "smoothness": lambda act: pages.continuity_text(act.properties.continuity),
    "saturating": lambda act: yes_no(act.properties.saturating),
    "dead-zone": lambda act: yes_no(bool(act.properties.dead_zone)),
}


def test_setting_up_the_filters_leaves_the_address_alone(browser, site_url):
    """Only a reader's change writes the address: written while the page is set up, it could
    land on another page's entry (instant navigation back to the explorer lost its ?fn=)."""
    page = browser.new_page()
    page.goto(site_url + "summary/?bounded=yes&from=elsewhere")
    form = page.locator(FILTERS)
    expect(form).to_have_attribute("data-ready", "true")  # sort-table.js has run
    expect(form.locator("output")).to_have_text(
        f"{sum(a.properties.bounded for a in CATALOG)} of {len(CATALOG)} shown"
    )
    assert page.url.endswith("summary/?bounded=yes&from=elsewhere")
    form.locator("select[name=zero-centred]").select_option("yes")
    page.wait_for_url("**/summary/?bounded=yes&zero-centred=yes")
    page.close()


@pytest.mark.parametrize("facet", FACETS)
def test_each_choice_of_a_filter_shows_the_functions_that_have_it(summary, facet):
    select = summary.locator(f"{FILTERS} select[name={facet}]")
    choices = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
    assert sorted(choices) == sorted({FACETS[facet](act) for act in CATALOG})
    for choice in choices:
        select.select_option(choice)
        wanted = [act.name for act in CATALOG if FACETS[facet](act) == choice]
        expect(summary.locator(f"{FILTERS} output")).to_have_text(
            f"{len(wanted)} of {len(CATALOG)} shown"
        )
        assert summary.evaluate(SHOWN_NAMES_JS) == wanted, choice


def test_the_function_name_stays_in_view_when_the_table_scrolls_sideways_at_390px(
    chromium, site_url
):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url + "summary/")
    name = page.locator(f"{TABLE} tbody tr").first.locator("td").first
    last = page.locator(f"{TABLE} tbody tr").first.locator("td").last
    name.scroll_into_view_if_needed()
    # The box that scrolls sideways (Material wraps the table in one), to its right end.
    scroller = name.evaluate_handle(
        "cell => { let e = cell.parentElement;"
        " while (e && e.scrollWidth <= e.clientWidth) e = e.parentElement; return e; }"
    )
    assert scroller.evaluate("e => e.scrollWidth") > 2 * 390  # eleven columns do not fit
    scroller.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    page.wait_for_function("e => e.scrollLeft > 0", arg=scroller)
    expect(last).to_be_in_viewport()  # the last column is in view...
    box = name.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # ...and so is the first
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert name.evaluate("(cell, [x, y]) => cell.contains(document.elementFromPoint(x, y))",
                         middle)  # fmt: skip
    context.close()


def test_the_filters_show_as_the_page_is_read_and_keep_a_choice_made_before_the_script(
    browser, site_url
):
    """On a slow phone sort-table.js comes seconds after the table: the filters are shown
    with the table, not then (which would push the table down), and what the reader chose
    meanwhile is applied, and kept in the address, when the script runs."""
    page = browser.new_page()
    page.route("**/assets/sort-table.js*", lambda route: route.abort())  # not come yet
    page.goto(site_url + "summary/")
    form = page.locator(FILTERS)
    expect(form).to_be_visible()
    assert form.get_attribute("data-ready") is None
    form.locator("select[name=bounded]").select_option("yes")
    page.unroute("**/assets/sort-table.js*")
    page.add_script_tag(url=site_url + "assets/sort-table.js")
    bounded = sum(a.properties.bounded for a in CATALOG)
    expect(form.locator("output")).to_have_text(f"{bounded} of {len(CATALOG)} shown")
    page.wait_for_url("**/summary/?bounded=yes")
    page.close()


@pytest.mark.parametrize("viewport", [(1366, 768), (390, 844)], ids=["1366x768", "390x844"])
def test_nothing_moves_while_the_page_loads_on_a_slow_connection(chromium, site_url, viewport):
    """On Lighthouse's mobile connection (150 ms, 1.6 Mbit/s) the table arrives in pieces:
    it is shown once read to its end, the filters come with it, and their count and the
    sort buttons take no room the page had not kept. KaTeX's fonts are cached first (see
    tests/test_figures.py: a font's late arrival on a starved machine is another matter)."""
    from tests.test_explorer import CLS_JS
    from tests.test_figures import LOAD_EVERY_FONT

    width, height = viewport
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(site_url + "404.html")
    assert page.evaluate(LOAD_EVERY_FONT) >= 20
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
             "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8})  # fmt: skip
    page.goto(site_url + "summary/")
    expect(page.locator(FILTERS)).to_have_attribute("data-ready", "true")
    page.wait_for_function(
        "document.readyState === 'complete' && document.fonts.status === 'loaded'"
    )
    shifts = page.evaluate(CLS_JS)
    assert shifts == [], f"cumulative layout shift {sum(s['value'] for s in shifts)}: {shifts}"
    context.close()


def test_without_javascript_the_table_lists_every_activation(chromium, site_url):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "summary/")
    rows = page.locator(f"{TABLE} tbody tr")
    assert rows.locator("td:first-child").all_text_contents() == [a.name for a in CATALOG]
    assert rows.evaluate_all("rs => rs.every(r => r.checkVisibility())")
    assert page.locator(f"{TABLE} thead th").count() == 11
    assert page.locator(f"{TABLE} button").count() == 0
    expect(page.locator(FILTERS)).to_be_hidden()  # it would do nothing
    context.close()
