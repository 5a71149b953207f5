"""`mkdocs serve`: re-import the project's code after an edit.

Which modules go is derived, not listed: every module loaded from the project's code
folders, but those already imported when the :class:`Reloader` was made (the adapter's
own imports, whose objects it holds: the KaTeX renderer with its Node process).
"""

from __future__ import annotations

import hashlib
import sys
import types
from importlib.machinery import SOURCE_SUFFIXES, FileFinder, SourceFileLoader
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
        keep_compiled_code(self.folders)

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


class _CompiledOnce(SourceFileLoader):
    """A loader that keeps each file's compiled code while its source is the same: where no
    bytecode is written (PYTHONDONTWRITEBYTECODE), a re-import after an edit would compile
    every module of the project again, not only the edited one (`bench_build --reimport`)."""

    compiled: dict[str, tuple[bytes, types.CodeType]] = {}  # path → its source's hash, code

    def source_to_code(self, data, path, *, _optimize=-1):
        source = data if isinstance(data, bytes) else data.encode()
        digest = hashlib.sha256(source).digest()
        kept = self.compiled.get(path)
        if kept is None or kept[0] != digest:
            code = super().source_to_code(data, path, _optimize=_optimize)
            kept = self.compiled[path] = (digest, code)
        return kept[1]


def keep_compiled_code(packages: tuple[Path, ...]) -> None:
    """The modules of ``packages`` (folders), and whatever else their parent folders hold,
    are loaded by :class:`_CompiledOnce` from now on; once per process and package."""
    packages = tuple(package.resolve() for package in packages)
    new = [package for package in packages if package not in _COMPILED_ONCE_IN]
    if not new:
        return
    _COMPILED_ONCE_IN.update(new)

    def ours(path: str) -> bool:
        found = Path(path).resolve()
        return any(found == p.parent or found.is_relative_to(p) for p in new)

    def finder(path: str) -> FileFinder:
        if not ours(path):
            raise ImportError  # another hook's
        return FileFinder(path, (_CompiledOnce, SOURCE_SUFFIXES))

    sys.path_hooks.insert(0, finder)
    for path in [p for p in sys.path_importer_cache if isinstance(p, str) and ours(p)]:
        del sys.path_importer_cache[path]  # found again, by the hook


_COMPILED_ONCE_IN: set[Path] = set()
