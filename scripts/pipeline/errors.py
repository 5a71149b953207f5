"""The build's error, in a module of its own (every stage raises it)."""


class BuildError(Exception):
    """A problem in the sources that must stop the build; the message names the place.
    The adapter has the site generator report it as that message alone (no traceback)."""
