"""A stylesheet cut to what a page can use (scripts.pipeline.usedcss), and linked only from
the pages it can style (scripts.pipeline.pagehtml); that the notebook pages look the same
with the cut sheet as with the whole one is checked in a browser (tests/test_browser.py)."""

from __future__ import annotations

import tinycss2

from scripts.pipeline.pagehtml import unlink_unused
from scripts.pipeline.usedcss import can_style, used_css

PAGE = '<div class="wrapper cell" id="top"><pre class=code>x</pre></div>'


def rules(css: str) -> dict[str, str]:
    """Selector list → declarations, of the top-level style rules of ``css``."""
    return {
        tinycss2.serialize(rule.prelude).strip(): tinycss2.serialize(rule.content).strip()
        for rule in tinycss2.parse_stylesheet(css, True, True)
        if rule.type == "qualified-rule"
    }


def test_a_selector_is_dropped_only_when_it_needs_a_class_or_id_the_page_lacks():
    css = """
    .wrapper .cell{color:red}
    .wrapper .absent{color:blue}
    #top, #elsewhere{margin:0}
    .cell:not(.absent){padding:0}
    .md-typeset .cell{border:0}
    [data-md-color-scheme=slate] .wrapper{color:white}
    table{width:100%}
    .code:hover::before{content:"»"}
    """
    kept = rules(used_css(css, PAGE))
    assert kept == {
        ".wrapper .cell": "color:red",
        "#top": "margin:0",
        ".cell:not(.absent)": "padding:0",
        ".md-typeset .cell": "border:0",  # the theme's classes are on the page around it
        "[data-md-color-scheme=slate] .wrapper": "color:white",  # the dark palette's
        "table": "width:100%",  # elements and attributes are never a reason to drop
        ".code:hover::before": 'content:"»"',
    }


def test_custom_properties_stay_only_when_a_kept_declaration_reads_them():
    css = """
    .wrapper{--used:red;--through:var(--deep);--deep:1px;--unused:blue}
    .absent{--read-by-a-dropped-rule:0;color:var(--read-by-a-dropped-rule)}
    .cell{color:var(--used);border-width:var(--through)}
    """
    kept = rules(used_css(css, PAGE))
    assert kept[".wrapper"] == "--used:red;--through:var(--deep);--deep:1px"
    assert ".absent" not in kept


def test_media_queries_and_animations_stay_only_with_a_rule_that_uses_them():
    css = """
    @media (max-width: 600px){.cell{margin:0}}
    @media print{.absent{margin:0}}
    @keyframes spin{from{opacity:0}to{opacity:1}}
    @keyframes unused{from{opacity:0}}
    .cell{animation:spin 1s}
    """
    cut = used_css(css, PAGE)
    assert "@media (max-width: 600px){.cell{margin:0}\n}" in cut
    assert "print" not in cut
    assert "@keyframes spin" in cut and "unused" not in cut


def test_a_page_without_the_classes_keeps_nothing_of_a_scoped_sheet():
    assert used_css(".wrapper .cell{color:red}", "<p>text</p>") == ""


def test_a_sheet_can_style_a_page_through_a_property_or_a_variable_another_sheet_reads():
    """Custom properties alone style nothing: a sheet of variables for its own rules (none
    of which applies) cannot style the page; one of variables the theme's sheet reads can."""
    own = ":root{--symbol:red}.absent{color:var(--symbol)}"
    assert not can_style(own, PAGE, others=[".md-typeset{color:var(--text)}"])
    assert can_style(own, PAGE.replace("cell", "cell absent"))
    assert can_style(":root{--text:blue}", PAGE, others=[".md-typeset{color:var(--text)}"])
    assert not can_style(".absent{color:red}@media print{.absent{margin:0}}", PAGE)


def test_a_page_links_a_candidate_stylesheet_only_if_it_can_style_it():
    """Links are read whatever the quoting and the depth of the page; a stylesheet that is
    not a candidate, or is not in the site, stays linked."""
    sheets = {"assets/doc.css": ".doc-symbol{color:red}", "assets/site.css": ".absent{x:0}"}
    page = (PAGE + '<link rel="stylesheet" href="../../assets/doc.css">'
            "<link href=../../assets/site.css?v=2 rel=stylesheet>"
            "<link rel=stylesheet href=/assets/missing.css>")  # fmt: skip
    kept = unlink_unused(page, {"assets/doc.css", "assets/missing.css"}, sheets.get)
    assert "doc.css" not in kept and "site.css" in kept and "missing.css" in kept
    styled = page.replace("<pre class=code>", '<pre class="code doc-symbol">')
    assert unlink_unused(styled, {"assets/doc.css"}, sheets.get) == styled
