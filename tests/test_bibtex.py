"""Every reference on a function page has a BibTeX entry that a BibTeX parser reads back as
the record says, under a key no other reference has, and the page shows it with its link."""

from __future__ import annotations

import dataclasses
import html
import re

import bibtexparser
import pytest
from bibtexparser.middlewares import (
    LatexDecodingMiddleware,
    SeparateCoAuthors,
    SplitNameParts,
)

import activations
from scripts.pipeline import bibtex
from scripts.pipeline.errors import BuildError
from scripts.pipeline.urls import built_url, function_page
from tests.conftest import start_tags

RECORDS = [*activations.catalog(), *map(activations.get, activations.vector_names())]
VERBATIM = ("doi", "eprint", "url")
REFERENCES = list(dict.fromkeys(ref for record in RECORDS for ref in record.references))


def parsed(text: str):
    """The library bibtexparser reads from ``text``: LaTeX decoded, authors split in parts."""
    middleware = [LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts()]
    return bibtexparser.parse_string(text, append_middleware=middleware)


def _name(parts) -> str:
    return " ".join([*parts.first, *parts.von, *parts.last])


@pytest.mark.parametrize("ref", REFERENCES, ids=bibtex.key)
def test_the_entry_parses_to_the_record(ref):
    library = parsed(bibtex.entry(ref))
    assert not library.failed_blocks and len(library.entries) == 1
    entry = library.entries[0]
    got = {field.key: field.value for field in entry.fields}
    # doi, eprint and url are verbatim fields (a ~ in a url is not a LaTeX space)
    got |= {k: v for k, v in bibtexparser.parse_string(bibtex.entry(ref)).entries[0].items()
            if k in VERBATIM}  # fmt: skip
    assert entry.entry_type == ref.kind and entry.key == bibtex.key(ref)
    assert [_name(parts) for parts in got.pop("author")] == bibtex.author_names(ref)
    assert got.pop("title") == ref.title and got.pop("year") == str(ref.year)
    assert got.pop(bibtex.VENUE_FIELD[ref.kind]) == ref.venue
    assert got.pop("archiveprefix", "") == ("arXiv" if ref.arxiv else "")
    recorded = {field: getattr(ref, field) for field in ("volume", "number", "pages", "publisher")}
    recorded |= {"doi": ref.doi, "eprint": ref.arxiv, "url": ref.url}
    assert got == {field: value for field, value in recorded.items() if value}


def test_every_reference_has_its_own_key():
    keys = [bibtex.key(ref) for ref in REFERENCES]
    assert len(set(keys)) == len(keys), sorted(k for k in keys if keys.count(k) > 1)


def test_all_entries_read_together_as_one_file_without_a_duplicate():
    library = parsed("\n\n".join(map(bibtex.entry, REFERENCES)))
    assert not library.failed_blocks and len(library.entries) == len(REFERENCES)


def test_a_reference_links_its_doi_then_the_publishers_page_then_its_arxiv_page():
    ref = activations.Reference("A. B. Author", "Title", 2000, arxiv="1606.08415")
    assert ref.link == "https://arxiv.org/abs/1606.08415"
    published = dataclasses.replace(ref, url="https://jmlr.org/papers/v21/19-021.html")
    assert published.link == "https://jmlr.org/papers/v21/19-021.html"
    with_doi = dataclasses.replace(published, doi="10.1038/323533a0")
    assert with_doi.link == "https://doi.org/10.1038/323533a0"
    assert dataclasses.replace(ref, arxiv="").link == ""


def test_latex_specials_and_organisations_are_written_for_bibtex():
    ref = activations.Reference("Team A & B, C. D. Smith", "50% of #1_x", 2001, kind="misc")
    entry = parsed(bibtex.entry(ref)).entries[0]
    assert entry.fields_dict["title"].value == "50% of #1_x"
    assert [_name(p) for p in entry.fields_dict["author"].value] == ["Team A & B", "C. D. Smith"]


def test_an_unknown_entry_type_fails_naming_the_reference():
    ref = activations.Reference("A. Author", "A Title", 2000, kind="book")
    with pytest.raises(BuildError, match="'A Title': unknown BibTeX entry type 'book'"):
        bibtex.entry(ref)


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.slug)
def test_the_page_links_each_reference_and_folds_its_bibtex(site, record):
    page = site / built_url(function_page(record.slug)) / "index.html"
    text = re.split(r'id="?references"?[ >]', page.read_text("utf-8"), maxsplit=1)[1]
    section = html.unescape(text)
    links = {attrs.get("href") for attrs, _ in start_tags(section, "a")}
    for ref in record.references:
        assert not ref.link or ref.link in links
        assert not ref.doi or f"https://doi.org/{ref.doi}" in links
        assert not ref.arxiv or f"https://arxiv.org/abs/{ref.arxiv}" in links
        key = bibtex.key(ref)
        assert f"@{ref.kind}{{{key}," in section, f"{record.slug}: no BibTeX for {key}"
    assert section.count("BibTeX</summary>") == len(record.references)


def test_the_sites_own_entry_parses():
    from scripts.pipeline import citation

    block = citation.citation_markdown().split("```text\n", 1)[1].split("\n```", 1)[0]
    library = parsed(block)
    assert not library.failed_blocks and [e.entry_type for e in library.entries] == ["software"]
