"""The build's error, in a module of its own: importing it imports nothing else, and it is
the same class across `mkdocs serve` rebuilds (the modules that raise it are re-imported)."""


class BuildError(Exception):
    """A problem in the sources that must stop the build; the message names the place."""
