"""How to cite the site, from CITATION.cff: a BibTeX entry and a one-line reference."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from scripts.pipeline.bibtex import format_entry
from scripts.pipeline.errors import BuildError

CITATION = Path(__file__).resolve().parents[2] / "CITATION.cff"


def read_citation(path: Path = CITATION) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise BuildError(f"{path}: cannot read the citation: {error}") from error
    missing = [k for k in ("title", "authors", "version", "date-released") if k not in data]
    if missing:
        raise BuildError(f"{path}: the citation lacks {', '.join(missing)}")
    return data


def _author(person: dict) -> str:
    if "name" in person:  # an entity
        return "{" + person["name"] + "}"
    return f"{person['family-names']}, {person['given-names']}"


def citation_markdown(path: Path = CITATION) -> str:
    """A BibTeX entry (in a plain code block, which has a copy button; the bibtex lexer's
    field names fail the contrast check) and a plain reference."""
    data = read_citation(path)
    year = str(data["date-released"])[:4]
    authors = " and ".join(_author(p) for p in data["authors"])
    key = re.sub(r"\W+", "_", data["title"].split(":")[0].lower()).strip("_") + f"_{year}"
    fields = {
        "title": "{" + data["title"] + "}",
        "author": authors,
        "year": year,
        "version": data["version"],
        "license": data.get("license", ""),
    }
    plain = ", ".join(p.get("name") or p["family-names"] for p in data["authors"])
    return (
        f"```text\n{format_entry('software', key, fields)}\n```\n\n"
        f"Or in words: {plain} ({year}). *{data['title']}*, version {data['version']}.\n"
    )
