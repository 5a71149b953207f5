"""One content-hash cache for every build stage, and the stage interface that keys it.

A stage declares what it reads (:class:`Stage`): the modules whose code it runs, followed
through their imports (see :mod:`scripts.pipeline.imports`). Its key hashes each of those
files in a normalised form (the syntax tree: comments, blank lines and layout do not
count), the versions of the third-party libraries they import, Python's version and any
data the stage is given. A benchmark or any module the stage does not import changes
nothing; an activation family's own module changes only that family's per-activation
results (:meth:`Stage.family_keys`).

Every entry carries a checksum of its content, verified when read: a corrupt or unreadable
entry is dropped and computed again. Entries are written atomically.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import pickle
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from scripts.pipeline import imports
from scripts.pipeline.files import write_atomic

_CHECKSUM = 64  # hex digits of the sha256 each entry starts with


def digest(*parts: str | bytes) -> str:
    """A hash of ``parts`` (each length-prefixed, so no two sequences collide)."""
    hasher = hashlib.sha256()
    for part in parts:
        raw = part.encode() if isinstance(part, str) else part
        hasher.update(f"{len(raw)}:".encode() + raw)
    return hasher.hexdigest()


@functools.cache
def _normalised(path: Path, stamp: tuple[int, int]) -> str:
    return digest(ast.dump(imports.parse(path)))


def source_digest(path: Path) -> str:
    """A hash of the code in ``path``, blind to comments, blank lines and layout."""
    stat = path.stat()
    return _normalised(path, (stat.st_mtime_ns, stat.st_size))


def code_digest(files: Iterable[Path], libraries: Iterable[str]) -> str:
    """A hash of ``files``' code, of ``libraries``' versions and of Python's."""
    parts = [sys.version, *(imports.library_version(name) for name in sorted(libraries))]
    for path in sorted(files):
        name = path.relative_to(imports.ROOT).as_posix() if path.is_relative_to(imports.ROOT) \
            else path.name  # fmt: skip
        parts += [name, source_digest(path)]
    return digest(*parts)


@dataclass(frozen=True)
class Stage:
    """A build stage: its name, the modules it runs (imports followed) and what it writes.

    The outputs go to the build's output folder; :func:`run` reuses them while the key is
    the same and every file is intact.
    """

    name: str
    modules: tuple[str, ...]
    follow_imports: bool = True  # False: the modules' own code only (and their libraries)

    def _closure(self) -> tuple[set[Path], set[str]]:
        paths = tuple(imports.module_file(m) for m in self.modules)
        if self.follow_imports:
            return imports.closure(paths)
        return set(paths), {lib for p in paths for lib in imports.third_party(p)}

    def key(self, *data: str | bytes) -> str:
        """A hash of the stage's code and ``data`` (what else it reads)."""
        files, libraries = self._closure()
        return digest(self.name, code_digest(files, libraries), *data)

    def family_keys(self, family_of: dict[str, str], *data: str | bytes) -> dict[str, str]:
        """Per activation (``family_of``: slug → the module that defines it): a key in
        which only the activation's own family module stands for every family module."""
        files, libraries = self._closure()
        family_files = {name: imports.module_file(name) for name in set(family_of.values())}
        shared = code_digest(files - set(family_files.values()), libraries)
        per_module = {
            name: digest(self.name, shared, source_digest(path), *data)
            for name, path in family_files.items()
        }
        return {slug: per_module[module] for slug, module in family_of.items()}


class Cache:
    """Entries under ``folder/<kind>/<key>``: a checksum line, then the content."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key

    def read(self, kind: str, key: str) -> bytes | None:
        """The entry's content, or None when it is missing or fails its checksum (then it is
        deleted: it will be computed and written again)."""
        path = self.path(kind, key)
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        checksum, content = raw[:_CHECKSUM], raw[_CHECKSUM + 1 :]
        if checksum.decode("ascii", "replace") != hashlib.sha256(content).hexdigest():
            path.unlink(missing_ok=True)
            return None
        return content

    def write(self, kind: str, key: str, content: bytes) -> None:
        """Store ``content`` under ``key``, atomically, with its checksum."""
        checksum = hashlib.sha256(content).hexdigest().encode()
        write_atomic(self.path(kind, key), checksum + b"\n" + content)

    def load(self, kind: str, key: str):
        """The object stored under ``key`` (pickled), or None (see :meth:`read`)."""
        content = self.read(kind, key)
        if content is None:
            return None
        try:
            return pickle.loads(content)
        except (EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            self.path(kind, key).unlink(missing_ok=True)  # another version of the code's
            return None

    def store(self, kind: str, key: str, value) -> None:
        self.write(kind, key, pickle.dumps(value))

    def keys(self, kind: str, pattern: str = "*") -> list[str]:
        """The keys of ``kind`` matching ``pattern``, oldest first."""
        paths = (self.folder / kind).glob(pattern)
        found = [(p.stat().st_mtime_ns, p.name) for p in paths if not p.name.startswith(".")]
        return [name for _, name in sorted(found)]

    def per_activation(self, stage: Stage, catalog, compute: Callable, family_of: dict[str, str],
                       ) -> tuple[dict[str, object], int]:  # fmt: skip
        """``compute(act)`` for each activation of ``catalog``, kept per family key (see
        :meth:`Stage.family_keys`); returns the results by slug and how many were computed."""
        keys = stage.family_keys(family_of)
        families: dict[str, list] = {}
        for act in catalog:
            families.setdefault(keys[act.slug], []).append(act)
        results, computed = {}, 0
        for key, members in families.items():
            stored = self.load(stage.name, key)
            if not isinstance(stored, dict) or set(stored) != {act.slug for act in members}:
                stored = {act.slug: compute(act) for act in members}
                self.store(stage.name, key, stored)
                computed += len(members)
            results.update(stored)
        return results, computed

    def files(self, stage: Stage, key: str, out_dir: Path, produce: Callable[[], dict[str, Path]],
              ) -> tuple[dict[str, Path], bool]:  # fmt: skip
        """The site path → file map ``produce()`` writes under ``out_dir``, reused while
        ``key`` is the same and every file still has the content it was recorded with (a
        build with other inputs may have rewritten it). The flag says whether it was reused."""
        record = self.read(stage.name, key)
        if record is not None:
            files = {}
            for uri, (name, checksum) in json.loads(record).items():
                path = out_dir / name
                if not path.is_file() or _file_checksum(path) != checksum:
                    break
                files[uri] = path
            else:
                return files, True
        files = produce()
        entries = {uri: (p.relative_to(out_dir).as_posix(), _file_checksum(p))
                   for uri, p in files.items()}  # fmt: skip
        self.write(stage.name, key, json.dumps(entries).encode())  # in order: the site's
        return files, False


def _file_checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
