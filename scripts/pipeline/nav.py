"""The site's page tree: the catalog entry of mkdocs.yml's ``nav`` expanded."""

from __future__ import annotations

import activations
from scripts.pipeline.urls import function_page

CATALOG = "activations:catalog"  # the nav value that stands for every function page


def expand_nav(nav):
    """``nav`` with the entry whose value is :data:`CATALOG` given one section per family."""
    if nav is None:
        return None
    expanded = []
    for item in nav:
        if isinstance(item, dict):
            ((title, value),) = item.items()
            if value == CATALOG:
                item = {title: catalog_sections()}
            elif isinstance(value, list):
                item = {title: expand_nav(value)}
        expanded.append(item)
    return expanded


VECTOR_SECTION = "Vector-valued"


def catalog_sections() -> list[dict]:
    """One nav section per family, listing its functions' pages in catalog order, then one
    for the vector-valued functions."""
    catalog = activations.catalog()
    return [
        {title: [{a.name: function_page(a.slug)} for a in catalog if a.family == family]}
        for family, title in activations.FAMILIES.items()
    ] + [vector_section()]


def vector_section() -> dict:
    """The vector-valued functions' pages, in the order of ``activations.vector_names``."""
    records = map(activations.get, activations.vector_names())
    return {VECTOR_SECTION: [{r.name: function_page(r.slug)} for r in records]}
