"""A page's template output is reused during `mkdocs serve` while all it shows is unchanged,
and rendered again when anything it shows changes (scripts/adapter/templates.py)."""

import types

import jinja2
import pytest

from scripts.adapter.templates import ReusedTemplates

# Like Material's: the navigation shows each item's title and its front matter's status
MAIN = ("{% for item in nav.items %}{{ item.title }}{% if item.meta and item.meta.status %}"
        " [{{ item.meta.status }}]{% endif %}|{% endfor %}{{ page.content }}")  # fmt: skip


def _page(name: str, **meta) -> types.SimpleNamespace:
    return types.SimpleNamespace(
        file=types.SimpleNamespace(src_uri=f"{name}.md"), url=f"{name}/", title=name.upper(),
        content=f"<p>{name}</p>", toc=[], meta=meta, canonical_url=None, edit_url=None,
        is_homepage=False, previous_page=None, next_page=None, children=None,
    )  # fmt: skip


@pytest.fixture
def theme(tmp_path):
    (tmp_path / "main.html").write_text(MAIN)
    config = types.SimpleNamespace(theme=types.SimpleNamespace(
        custom_dir=str(tmp_path), dirs=[str(tmp_path)]))  # fmt: skip
    return config


def _build(reused: ReusedTemplates, config, pages: list, **extra) -> dict[str, str]:
    """One build of ``pages`` (their navigation: all of them), as MkDocs renders them."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(config.theme.dirs))
    reused.begin(env, config, "inputs")
    nav = types.SimpleNamespace(items=pages)
    outputs = {}
    for page in pages:
        context = {"nav": nav, "pages": [], "base_url": "..", "extra_css": [],
                   "extra_javascript": [], "mkdocs_version": "1", "build_date_utc": 0,
                   "config": config, "page": page, **extra}  # fmt: skip
        outputs[page.file.src_uri] = env.get_template("main.html").render(context)
    reused.end()
    return outputs


def test_an_unchanged_page_is_reused_and_a_change_to_what_it_shows_renders_it_again(theme):
    reused = ReusedTemplates()
    first = _build(reused, theme, [_page("a"), _page("b", description="old")])
    assert first["a.md"] == "A|B|<p>a</p>" and reused.reused == 0
    assert _build(reused, theme, [_page("a"), _page("b", description="old")]) == first
    assert reused.reused == 2
    # b's description is not shown on a: a is reused; b's own page is rendered again
    _build(reused, theme, [_page("a"), _page("b", description="new")])
    assert reused.reused == 1
    # b's status and b's title are shown in a's navigation: a is rendered again
    shown = _build(reused, theme, [_page("a"), _page("b", description="new", status="new")])
    assert shown["a.md"] == "A|B [new]|<p>a</p>" and reused.reused == 0
    retitled = [_page("a"), _page("b", description="new", status="new")]
    retitled[1].title = "Bee"
    assert _build(reused, theme, retitled)["a.md"] == "A|Bee [new]|<p>a</p>"
    assert reused.reused == 0
    changed = [_page("a"), retitled[1]]
    changed[0].content = "<p>a, edited</p>"
    assert _build(reused, theme, changed)["a.md"] == "A|Bee [new]|<p>a, edited</p>"
    assert reused.reused == 1  # b


def test_a_context_holding_what_the_key_does_not_know_is_always_rendered(theme):
    reused = ReusedTemplates()
    for _ in range(2):
        _build(reused, theme, [_page("a")], something_else=1)
    assert reused.reused == 0
