"""One content-hash cache for every build stage.

Entries are keyed by a hash of what produced them (see :mod:`scripts.pipeline.stage` for a
stage's key). Every entry carries a checksum of its content, verified when read: a corrupt
or unreadable entry is dropped and computed again. Entries are written atomically.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
from collections.abc import Callable
from pathlib import Path

from scripts.pipeline.files import write_atomic

_CHECKSUM = 64  # hex digits of the sha256 each entry starts with
log = logging.getLogger(__name__)


def digest(*parts: str | bytes) -> str:
    """A hash of ``parts`` (each length-prefixed, so no two sequences collide)."""
    hasher = hashlib.sha256()
    for part in parts:
        raw = part.encode() if isinstance(part, str) else part
        hasher.update(f"{len(raw)}:".encode() + raw)
    return hasher.hexdigest()


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
            discard(path, "fails its checksum")
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
            discard(self.path(kind, key), "cannot be read by this code")
            return None

    def store(self, kind: str, key: str, value) -> None:
        self.write(kind, key, pickle.dumps(value))

    def keys(self, kind: str, pattern: str = "*") -> list[str]:
        """The keys of ``kind`` matching ``pattern``, oldest first."""
        paths = (self.folder / kind).glob(pattern)
        found = [(p.stat().st_mtime_ns, p.name) for p in paths if not p.name.startswith(".")]
        return [name for _, name in sorted(found)]

    def per_activation(self, stage, catalog, compute: Callable, family_of: dict[str, str],
                       ) -> tuple[dict[str, object], int]:  # fmt: skip
        """``compute(act)`` for each activation of ``catalog``, kept per family key (see
        :meth:`scripts.pipeline.stage.Stage.family_keys`); returns the results by slug and
        how many were computed."""
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

    def files(self, stage, out_dir: Path, produce: Callable[[], dict[str, Path]],
              *data: str | bytes) -> tuple[dict[str, Path], bool]:  # fmt: skip
        """The site path → file map ``produce()`` writes under ``out_dir``, reused while the
        stage's key (its code and ``data``, see :meth:`scripts.pipeline.stage.Stage.key`) is
        the same and every file still has the content it was recorded with (a build with
        other inputs may have rewritten it). The flag says whether it was reused."""
        key = stage.key(*data)
        if (files := self.recorded_files(stage.name, key, out_dir)) is not None:
            return files, True
        files = produce()
        self.record_files(stage.name, key, out_dir, files)
        return files, False

    def recorded_files(self, kind: str, key: str, out_dir: Path) -> dict[str, Path] | None:
        """The files recorded under ``key`` (see :meth:`files`), if each still has the
        content it was recorded with."""
        record = self.read(kind, key)
        if record is None:
            return None
        files = {}
        for uri, (name, checksum) in json.loads(record).items():
            path = out_dir / name
            if not path.is_file() or _file_checksum(path) != checksum:
                return None
            files[uri] = path
        return files

    def record_files(self, kind: str, key: str, out_dir: Path, files: dict[str, Path]) -> None:
        """Record ``files`` (site path → file under ``out_dir``, written) under ``key``."""
        entries = {uri: (p.relative_to(out_dir).as_posix(), _file_checksum(p))
                   for uri, p in files.items()}  # fmt: skip
        self.write(kind, key, json.dumps(entries).encode())  # in order: the site's


def discard(path: Path, why: str) -> None:
    """Delete a cache entry that cannot be used, and say which (it is computed again)."""
    log.info(f"Discarded cache entry {path}: it {why}; computing it again")
    path.unlink(missing_ok=True)


def keep_newest(cache: Cache, kind: str, prefix: str, kept: int) -> None:
    """Delete all but the ``kept`` newest entries of ``kind`` whose key starts with
    ``prefix``."""
    versions = cache.keys(kind, f"{prefix}*")
    for old in versions[: max(0, len(versions) - kept)]:
        cache.path(kind, old).unlink(missing_ok=True)


def keep_only(cache: Cache, kind: str, kept: set[str]) -> None:
    """Delete the entries of ``kind`` whose keys are not in ``kept``."""
    for name in cache.keys(kind):
        if name not in kept:
            cache.path(kind, name).unlink(missing_ok=True)


def _file_checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
