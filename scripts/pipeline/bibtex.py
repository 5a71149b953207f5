"""BibTeX: an entry for each reference a function page lists (from its record's
:class:`activations.Reference`), and the References section that shows them."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from typing import TYPE_CHECKING

from scripts.pipeline.errors import BuildError

if TYPE_CHECKING:  # the references are the package's; the site's own citation is not
    from activations import Reference

# The field that holds a reference's venue, by BibTeX entry type.
VENUE_FIELD = {
    "article": "journal",
    "inproceedings": "booktitle",
    "incollection": "booktitle",
    "techreport": "institution",
    "unpublished": "note",
    "misc": "howpublished",
}
# Words passed over when a key takes the title's first word.
_MINOR_WORDS = {"a", "an", "the", "on", "of", "for", "to", "with", "by", "in", "and"}
_LATEX_SPECIAL = re.compile(r"([&%$#_])")


def format_entry(kind: str, key: str, fields: dict[str, str]) -> str:
    """An entry, one field a line; empty fields are left out."""
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
    return f"@{kind}{{{key},\n{body}\n}}"


def author_names(ref: Reference) -> list[str]:
    return [name.strip() for name in ref.authors.split(",")]


def bibtex_name(name: str) -> str:
    """A name as BibTeX reads it: "D. E. Rumelhart" as "Rumelhart, D. E."; an organisation
    ("Gemma Team") in braces, so that BibTeX takes it whole."""
    *given, family = name.split()
    if given and all(part.endswith(".") for part in given):
        return f"{family}, {' '.join(given)}"
    return "{" + name + "}"


def _ascii_word(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def key(ref: Reference) -> str:
    """First author's family name, year and the title's first significant word, as Google
    Scholar forms them: ``hendrycks2016gaussian``."""
    family = bibtex_name(author_names(ref)[0]).split(",")[0]  # or the organisation's name
    words = (w for w in re.split(r"[\s:\-]+", ref.title) if _ascii_word(w) not in _MINOR_WORDS)
    return f"{_ascii_word(family)}{ref.year}{_ascii_word(next(words, ''))}"


def _escaped(value: str) -> str:
    return _LATEX_SPECIAL.sub(r"\\\1", value)


def fields(ref: Reference) -> dict[str, str]:
    """The entry's fields, from the record alone (title in braces, so its case is kept)."""
    if ref.kind not in VENUE_FIELD:
        raise BuildError(f"reference {ref.title!r}: unknown BibTeX entry type {ref.kind!r}")
    return {
        "author": " and ".join(_escaped(bibtex_name(n)) for n in author_names(ref)),
        "title": "{" + _escaped(ref.title) + "}",
        "year": str(ref.year),
        VENUE_FIELD[ref.kind]: _escaped(ref.venue),
        "volume": ref.volume,
        "number": ref.number,
        "pages": ref.pages.replace("–", "--"),
        "publisher": ref.publisher,
        "doi": ref.doi,
        "eprint": ref.arxiv,
        "archiveprefix": "arXiv" if ref.arxiv else "",
        "url": ref.url,
    }


def entry(ref: Reference) -> str:
    return format_entry(ref.kind, key(ref), fields(ref))


def venue_text(ref: Reference) -> str:
    """The venue as the page prints it: "Biometrika 81(3)", "Technical report 1337, DIRO"."""
    if ref.kind == "techreport":
        return f"Technical report {ref.number}, {ref.venue}"
    text = ref.venue + (f", {ref.publisher}" if ref.publisher else "")
    text += f" {ref.volume}" if ref.volume else ""
    text += f"({ref.number})" if ref.number else ""
    return text + (f", {ref.pages}" if ref.pages else "")


def _identifiers(ref: Reference) -> str:
    found = [f"DOI [{ref.doi}](https://doi.org/{ref.doi})"] if ref.doi else []
    found += [f"arXiv [{ref.arxiv}](https://arxiv.org/abs/{ref.arxiv})"] if ref.arxiv else []
    return f" {', '.join(found)}." if found else ""


def reference_markdown(ref: Reference) -> str:
    """One list item: the reference with its DOI or arXiv link, then its BibTeX, folded, in
    a plain code block (which has a copy button; the bibtex lexer's field names fail the
    contrast check)."""
    title = f"[{ref.title}]({ref.link})" if ref.link else ref.title  # a report with no link
    venue = f" *{venue_text(ref)}*." if ref.venue else ""
    block = f'??? quote "BibTeX"\n\n    ```text\n{textwrap.indent(entry(ref), "    ")}\n    ```'
    return (
        f"- {ref.authors} ({ref.year}). {title}.{venue}{_identifiers(ref)}\n\n"
        + textwrap.indent(block, "    ")
        + "\n"
    )


def references_markdown(record) -> str:
    """A record's References section: each paper, linked, with its BibTeX entry."""
    if not record.references:
        return "This function has no single originating paper; it is folklore of the field.\n"
    return "\n".join(reference_markdown(ref) for ref in record.references)
