"""The page tree: the catalog entry of mkdocs.yml expands to every function's page."""

from __future__ import annotations

import activations
from scripts.pipeline import nav
from scripts.pipeline.urls import function_page


def test_the_catalog_expands_to_one_section_per_family_then_the_vector_valued_ones():
    expanded = nav.expand_nav([{"Home": "index.md"}, {"Functions": nav.CATALOG}])
    sections = expanded[1]["Functions"]
    titles = [next(iter(section)) for section in sections]
    assert titles == [*activations.FAMILIES.values(), nav.VECTOR_SECTION]
    listed = [page for section in sections for entries in section.values()
              for entry in entries for page in entry.values()]  # fmt: skip
    every = [*activations.names(), *activations.vector_names()]
    assert listed == [function_page(slug) for slug in every]


def test_the_vector_section_names_each_record():
    (entries,) = nav.vector_section().values()
    names = [activations.get(slug).name for slug in activations.vector_names()]
    assert [next(iter(entry)) for entry in entries] == names
