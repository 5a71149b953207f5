"""The site's page tree: the catalog entry of mkdocs.yml's ``nav`` expanded."""

from __future__ import annotations

import json

from scripts.pipeline.cache import Cache, keep_newest
from scripts.pipeline.stage import Stage
from scripts.pipeline.urls import function_page

CATALOG = "activations:catalog"  # the nav value that stands for every function page
STAGE = Stage("nav", (__name__,))  # its code: this module and the package it reads


def site_nav(nav, cache: Cache):
    """:func:`expand_nav`, kept in ``cache`` by ``nav`` and the code (the package's records
    included): a build that changed neither need not import the package."""
    key = STAGE.key(json.dumps(nav))
    stored = cache.read(STAGE.name, key)
    if stored is not None:
        return json.loads(stored)
    expanded = expand_nav(nav)
    cache.write(STAGE.name, key, json.dumps(expanded).encode())
    keep_newest(cache, STAGE.name, "", 4)
    return expanded


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
    import activations

    catalog = activations.catalog()
    return [
        {title: [{a.name: function_page(a.slug)} for a in catalog if a.family == family]}
        for family, title in activations.FAMILIES.items()
    ] + [vector_section()]


def vector_section() -> dict:
    """The vector-valued functions' pages, in the order of ``activations.vector_names``."""
    import activations

    records = map(activations.get, activations.vector_names())
    return {VECTOR_SECTION: [{r.name: function_page(r.slug)} for r in records]}
