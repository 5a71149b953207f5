"""Material's templates as this site uses them: the header keeps its search button and
dialog without Material's search plugin (the site searches with Pagefind: see
overrides/partials/search.html and docs/assets/search.js)."""

from __future__ import annotations

import re

import jinja2

from scripts.pipeline.errors import BuildError

HEADER = "partials/header.html"
# Material's header shows the search only when its plugin is on: the condition goes.
_SEARCH_CONDITION = re.compile(
    r'\{% if "material/search" in config\.plugins %\}\s*'
    r'\{% set search = config\.plugins\["material/search"\] \| attr\("config"\) %\}\s*'
    r"\{% if search\.enabled %\}(.*?)\{% endif %\}\s*\{% endif %\}",
    re.S,
)


def header_with_search(source: str) -> str:
    """Material's header template with the search button and dialog always in."""
    patched, count = _SEARCH_CONDITION.subn(lambda m: m[1].strip() + "\n", source)
    if count != 1:
        raise BuildError(f"Material's {HEADER} no longer puts its search under the search "
                         "plugin's condition: update scripts/adapter/theme.py")  # fmt: skip
    return patched


class SearchInHeader(jinja2.BaseLoader):
    """The theme's loader, handing out the header with its search always in (checked when
    made, so that a change in Material fails the build at once, with a message)."""

    def __init__(self, environment: jinja2.Environment):
        self.loader = environment.loader
        self.get_source(environment, HEADER)

    def get_source(self, environment, template):
        source, filename, uptodate = self.loader.get_source(environment, template)
        return (header_with_search(source) if template == HEADER else source), filename, uptodate

    def list_templates(self):
        return self.loader.list_templates()
