"""The site's search as readers use it, in the browser: what learners and practitioners type
(names, aliases, framework and model-config names, US spellings, typos, concepts) finds the
right page first or in the top three; a multi-word query ranks first the page with all its
words; tags filter; and nothing of the index is fetched before the reader searches."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import material
import pytest

import activations
from scripts.adapter import theme
from scripts.pipeline import search as index
from scripts.pipeline.errors import BuildError
from scripts.pipeline.urls import built_url, function_page


def fn(slug: str) -> str:
    return built_url(function_page(slug))


# (what a reader types, the pages any one of which must come within the first `top` results)
QUERIES: list[tuple[str, set[str], int]] = [
    # names, aliases and misspellings
    ("sigmoid", {fn("sigmoid")}, 1),
    ("sigmod", {fn("sigmoid")}, 1),
    ("logistic", {fn("sigmoid")}, 1),
    ("tahn", {fn("tanh")}, 1),
    ("hyperbolic tangent", {fn("tanh")}, 1),
    ("swish", {fn("silu")}, 1),
    ("rectifier", {fn("relu")}, 1),
    ("identity", {fn("linear")}, 1),
    ("leaky relu", {fn("leaky_relu")}, 1),
    ("parametric relu", {fn("prelu")}, 1),
    ("randomized relu", {fn("rrelu")}, 1),
    ("squared relu", {fn("relu2")}, 1),
    ("hardswish", {fn("hard_swish")}, 1),
    ("mish", {fn("mish")}, 1),
    ("sine", {fn("sinusoid")}, 1),
    ("gaussian error linear unit", {fn("gelu")}, 1),
    ("gated linear unit", {fn("glu")}, 3),
    ("swiglu", {fn("swiglu")}, 1),
    ("log-sum-exp", {fn("logsumexp")}, 1),
    ("sqrtsoftplus", {fn("sqrt_softplus")}, 1),
    # framework names and model-config names
    ("nn.SiLU", {fn("silu")}, 1),
    ("torch.nn.SiLU", {fn("silu")}, 1),
    ("LeakyReLU", {fn("leaky_relu")}, 1),
    ("torch.nn.functional.leaky_relu", {fn("leaky_relu")}, 1),
    ("jax.nn.gelu", {fn("gelu"), fn("gelu_tanh")}, 1),
    ("tf.nn.relu6", {fn("relu6")}, 1),
    ("keras.activations.hard_silu", {fn("hard_swish")}, 1),
    ("jax.nn.softmax", {fn("softmax")}, 1),
    ("reduce_logsumexp", {fn("logsumexp")}, 1),
    ("gelu_new", {fn("gelu_tanh")}, 1),
    ("gelu_pytorch_tanh", {fn("gelu_tanh")}, 1),
    ("QuickGELU", {fn("quick_gelu")}, 1),
    # several words: the page with all of them first
    ("gelu pytorch jax", {fn("gelu")}, 1),
    ("linear activation", {fn("linear")}, 1),
    ("derivative of tanh", {fn("tanh")}, 1),
    ("sigmoid derivative", {fn("sigmoid")}, 1),
    ("softmax jacobian", {fn("softmax")}, 1),
    ("softmax temperature", {fn("softmax")}, 1),
    # concepts, in US and UK spelling
    ("self-normalizing", {fn("selu"), "glossary/"}, 3),
    ("normalization", {fn("selu"), "glossary/"}, 3),
    ("zero-centered", {fn("tanh")}, 3),
    ("dying relu", {"experiments/dying-relu/"}, 3),
    ("dead neurons", {fn("relu")}, 3),
    ("vanishing gradient", {"experiments/vanishing-gradients/"}, 3),
    ("backpropagation by hand", {"experiments/backpropagation/"}, 1),
    ("linear collapse", {"experiments/linear-collapse/"}, 3),
    ("numerical stability", {"stability/"}, 3),
    ("choosing an activation", {"choosing/"}, 1),
]


# --- what the index is given ---------------------------------------------------------------


def test_a_function_is_found_by_its_records_names():
    silu = index.names(activations.get("silu"))
    assert {"silu", "swish", "torch.nn.SiLU", "nn.SiLU", "jax.nn.silu"} <= set(silu)
    assert {"gelu_new", "gelu new", "jax.nn.gelu"} <= set(index.names(activations.get("gelu_tanh")))


def test_the_names_table_points_a_name_at_every_page_it_names():
    table = index.Names().table()
    assert table["jax.nn.gelu"] == [fn("gelu"), fn("gelu_tanh")]
    assert table["leakyrelu"] == [fn("leaky_relu")]  # torch.nn.LeakyReLU's bare class name
    assert table["gelu"] == [fn("gelu")]  # a bare name (torch.nn.GELU) never shadows a slug


def test_a_page_is_marked_for_the_index_as_its_front_matter_says():
    page = (
        '<article class="md-content__inner md-typeset"><nav class="md-tags">'
        '<a class="md-tag">hidden layer</a></nav><h1>Tanh</h1></article>'
    )
    marked = index.mark(page, {"tags": ["hidden layer", "bounded"], "search": {"boost": 3}})
    assert marked.startswith(
        '<article class="md-content__inner md-typeset" data-pagefind-body data-pagefind-weight="3">'
        '<div hidden data-pagefind-meta="tags">tag-hidden-layer tag-bounded</div>'
        '<nav class="md-tags" data-pagefind-ignore>'
    )
    assert index.mark(page, {"search": {"exclude": True}}) == page


# --- in the browser -------------------------------------------------------------------------


def search(page, query: str) -> tuple[int, list[str]]:
    """Type ``query`` into the search box: (pages found, result page paths in order)."""
    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    box.click()
    box.fill("")
    page.wait_for_function(
        "m => !/matching|initializ/i.test(m.textContent)", arg=meta.element_handle()
    )
    box.fill(query)
    box.press("End")  # (Material's own search, measured for comparison, searches on keyup)
    page.wait_for_function("m => /matching/i.test(m.textContent)", arg=meta.element_handle())
    count = re.match(r"(\d+|No)", meta.text_content().strip())[1]
    results = page.eval_on_selector_all(
        ".md-search-result__item > a", "links => links.map(a => new URL(a.href).pathname)"
    )
    return (0 if count == "No" else int(count)), list(dict.fromkeys(r.lstrip("/") for r in results))


@pytest.fixture(scope="module")
def home(chromium, site_url):
    """The home page, with the requests it made (``home.requests``), kept for every query."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(site_url, wait_until="networkidle")
    page.requests_at_load = list(page.requests)
    yield page
    context.close()


def test_nothing_of_the_search_is_fetched_before_the_reader_searches(home, site_url):
    fetched = [url for url in home.requests_at_load if "pagefind" in url or "search" in url]
    assert fetched == [f"{site_url}assets/search.js"], fetched


@pytest.mark.parametrize("query,pages,top", QUERIES, ids=[q for q, _, _ in QUERIES])
def test_query_finds_its_page(home, query, pages, top):
    _, results = search(home, query)
    assert pages & set(results[:top]), results[:5]


def test_the_query_set_is_large_enough():
    assert len(QUERIES) >= 40


def test_a_query_fetches_some_chunks_of_the_index_from_the_site(chromium, site, site_url):
    context = chromium.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url, wait_until="load")
    search(page, "vanishing gradient")
    context.close()
    assert all(url.startswith(site_url) for url in requests), requests
    chunks = {url for url in requests if url.endswith(".pf_index")}
    assert 0 < len(chunks) < len(list((site / "pagefind" / "index").iterdir())), chunks


@pytest.fixture(scope="module")
def tag_index(site) -> dict[str, set[str]]:
    """Each tag of the tags index page (docs/tags.md) -> the paths of the pages it lists."""
    page = (site / "tags" / "index.html").read_text(encoding="utf-8")
    index = {}
    for section in re.split(r"<h2 ", page)[1:]:
        if tag := re.match(r'id="?(tag:[^" >]+)', section):
            links = re.findall(r'<a href="?\.\./([^" >]*)', section)
            index[tag[1]] = set(links)
    return index


def test_tags_filter_the_results(home, tag_index):
    both = tag_index["tag:bounded"] & tag_index["tag:zero-centred"]
    count, results = search(home, "tag:bounded tag:zero-centred")
    assert count == len(both) and set(results) == both, (count, results)


def test_words_that_name_tags_list_the_pages_with_those_tags_first(home, tag_index):
    both = tag_index["tag:bounded"] & tag_index["tag:zero-centred"]
    count, results = search(home, "bounded zero-centred")
    assert count > len(both) and set(results[: len(both)]) == both, results


def test_tags_filter_a_query(home, tag_index):
    count, results = search(home, "tag:bounded sigmoid")
    assert results and set(results) <= tag_index["tag:bounded"], results
    assert results[0] == fn("sigmoid"), results[:3]


def test_the_names_a_page_is_found_by_are_not_shown(chromium, site_url):
    for javascript in (True, False):
        context = chromium.new_context(java_script_enabled=javascript)
        page = context.new_page()
        page.goto(site_url + fn("silu"), wait_until="load")
        names = page.locator("article [data-pagefind-meta=names]")
        assert "torch.nn.SiLU" in names.text_content() and not names.is_visible()
        assert page.locator("article h1").is_visible()
        context.close()


def test_scrolling_to_the_end_shows_more_results(home):
    count, results = search(home, "sigmoid")
    assert count > len(results) == 10
    home.locator(".md-search__scrollwrap").evaluate("wrap => wrap.scrollTo(0, wrap.scrollHeight)")
    home.wait_for_function("document.querySelectorAll('.md-search-result__item').length === 20")


def test_keyboard_opens_the_search_and_enter_goes_to_the_first_result(chromium, site_url):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(site_url, wait_until="load")
    page.keyboard.press("/")
    page.keyboard.type("swish")
    page.wait_for_function("document.querySelector('.md-search-result__item a')")
    page.keyboard.press("Enter")
    page.wait_for_url(site_url + fn("silu"))
    context.close()


@pytest.mark.parametrize("scheme,viewport", [("light", (1366, 768)), ("dark", (390, 844))])
def test_the_results_fit_the_screen_in_both_palettes(
    chromium, site_url, artifacts, scheme, viewport
):
    width, height = viewport
    context = chromium.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + fn("tanh"), wait_until="load")
    phone = width < 960  # Material's header shows a search button, the box once it is open
    page.locator(
        "label.md-header__button[for=__search]" if phone else "input.md-search__input"
    ).click()
    page.keyboard.type("softmax jacobian")
    first = page.locator(".md-search-result__item > a").first
    first.wait_for()
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(artifacts / f"search-{scheme}-{width}.png"))
    context.close()


def test_materials_header_keeps_its_search_without_materials_search_plugin(site):
    """The installed Material's header, patched: the search button and dialog are always in
    (the site has no Material search plugin); a header shaped otherwise fails the build."""
    header = jinja2.FileSystemLoader(Path(material.__file__).parent / "templates")
    source, _, _ = header.get_source(jinja2.Environment(), theme.HEADER)
    patched = theme.header_with_search(source)
    assert "material/search" in source and "material/search" not in patched
    assert '<label class="md-header__button md-icon" for="__search">' in patched
    assert '{% include "partials/search.html" %}' in patched
    with pytest.raises(BuildError, match="header.html no longer puts its search"):
        theme.header_with_search(patched)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "for=__search" in home and "data-search-dialog" in home
    assert not (site / "search" / "search_index.json").exists(), "Material's unused index"
