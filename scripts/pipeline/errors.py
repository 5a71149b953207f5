"""The build's error, in a module of its own (every stage raises it)."""

from mkdocs.exceptions import PluginError


class BuildError(PluginError):
    """A problem in the sources that must stop the build; the message names the place.
    A PluginError: raised in MkDocs, it is reported as its message alone (no traceback)."""
