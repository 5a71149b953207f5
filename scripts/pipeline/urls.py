"""Where an activation's page is: the one place its path is spelled."""

from __future__ import annotations

FUNCTIONS = "functions"  # docs/functions/<slug>.md: a function's prose; its page's source path


def function_page(slug: str, prefix: str = "") -> str:
    """The source path of ``slug``'s page (``functions/relu.md``), as a link from a page
    ``prefix`` below the docs root (``"../"``: one folder down)."""
    return f"{prefix}{FUNCTIONS}/{slug}.md"


def built_url(uri: str) -> str:
    """The URL the site gives the page whose source path is ``uri`` (``functions/relu/``)."""
    stem = uri.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"
