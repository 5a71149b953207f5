"""What a page's front matter must be: YAML that reads as a mapping, with allowed tags.

MkDocs drops front matter it cannot read without a word (the page then shows it as a
paragraph and loses its tags and description); Material's tags plugin, given a page that has
no file of its own (a generated one), fails with ``ValueError: no path specified``. These
checks fail the build instead, naming the file, the line and the tag.
"""

from __future__ import annotations

import yaml
from mkdocs.utils.meta import YAML_RE

from scripts.pipeline.errors import BuildError


def check_front_matter(markdown: str, meta: dict, source: str) -> None:
    """Fail when ``markdown`` (what MkDocs kept of the page ``source`` after reading its front
    matter into ``meta``) still starts with front matter: MkDocs could not read it."""
    block = YAML_RE.match(markdown)
    if meta or block is None:
        return
    try:
        data = yaml.safe_load(block[1])
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 2}" if mark is not None else ""  # the YAML starts on line 2
        problem = getattr(error, "problem", None) or error
        raise BuildError(f"{source}{line}: invalid front matter: {problem}") from None
    if data is not None and not isinstance(data, dict):
        raise BuildError(f"{source}:2: front matter must be a mapping, not a "
                         f"{type(data).__name__}")  # fmt: skip


def check_tags(meta: dict, allowed: set[str], source: str) -> None:
    """Fail when the page ``source`` has a tag that is not ``allowed`` (any is when empty)."""
    tags = meta.get("tags") or []
    if not isinstance(tags, list):
        raise BuildError(f"{source}: tags must be a list, not {tags!r}")
    unknown = [tag for tag in tags if allowed and str(tag) not in allowed]
    if unknown:
        raise BuildError(f"{source}: tag {unknown[0]!r} is not in tags_allowed (mkdocs.yml)")
