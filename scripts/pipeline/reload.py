"""`mkdocs serve`: re-import the project's code after an edit.

Which modules go is derived, not listed: every module loaded from the project's code
folders, but those already imported when the :class:`Reloader` was made (the adapter's
own imports, whose objects it holds: the KaTeX renderer with its Node process).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = ("activations", "scripts")


class Reloader:
    """Forgets the project's modules when a ``*.py`` file under :data:`CODE` changed."""

    def __init__(self, root: Path = ROOT):
        self.folders = tuple(root / name for name in CODE)
        self._prefixes = tuple(str(folder) for folder in self.folders)
        self.kept = set(sys.modules)
        self._stamps: dict[Path, int] | None = None

    def forget_changed_code(self) -> None:
        """Drop the project's modules (but the kept ones) if any source changed since the
        last call, so that the next import reads the edited code (and a page edit does not
        pay for it)."""
        stamps = {p: p.stat().st_mtime_ns for d in self.folders for p in d.rglob("*.py")}
        if stamps == self._stamps:
            return
        self._stamps = stamps
        for name in [n for n, m in list(sys.modules.items()) if self._reloadable(n, m)]:
            del sys.modules[name]
            # `from scripts.pipeline import figures` takes the package's attribute when it
            # has one: without this, a re-imported module would keep the old one.
            parent, _, child = name.rpartition(".")
            if parent in sys.modules and hasattr(sys.modules[parent], child):
                delattr(sys.modules[parent], child)

    def _reloadable(self, name: str, module) -> bool:
        path = getattr(module, "__file__", None)
        if name in self.kept or path is None:
            return False
        # Resolving every loaded module's path (thousands) took most of a second: only a
        # module named like the code folders, or found under them as written, may be one
        if name.partition(".")[0] not in CODE and not path.startswith(self._prefixes):
            return False
        return any(Path(path).resolve().is_relative_to(folder) for folder in self.folders)
