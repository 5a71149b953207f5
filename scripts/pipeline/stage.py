"""The stage interface: what a build stage reads, hence its key in the build's cache.

A stage declares the modules whose code it runs, followed through their imports (see
:mod:`scripts.pipeline.imports`); :meth:`Stage.key` hashes each of those files in a
normalised form (the syntax tree: comments, blank lines and layout do not count), the
versions of the third-party libraries they import, Python's version and any data the stage
is given. A benchmark, or any module the stage does not import, changes nothing; an
activation family's own module changes only that family's per-activation results
(:meth:`Stage.family_keys`), and not at all where it edits only what the stage ignores
(an activation's summary, references or models, which no property or formula reads).
What a stage writes is the site path → file map it returns, kept with
:meth:`scripts.pipeline.cache.Cache.files`, or per-activation results kept with
:meth:`~scripts.pipeline.cache.Cache.per_activation`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from scripts.pipeline import imports
from scripts.pipeline.cache import digest


def code_digest(files: Iterable[Path], libraries: Iterable[str]) -> str:
    """A hash of ``files``' code, of ``libraries``' versions and of Python's."""
    parts = [sys.version, *(imports.library_version(name) for name in sorted(libraries))]
    for path in sorted(files):
        inside = path.is_relative_to(imports.ROOT)
        name = imports.module_name(path) if inside else path.stem
        parts += [name, imports.source_digest(path, name)]
    return digest(*parts)


# The fields of an activation's definition that describe it in words and links, or serve
# other stages: its properties and formulas never read them, so an edit to them measures
# nothing again (tests/test_cache.py checks both).
DESCRIPTIVE_FIELDS = ("summary", "aliases", "tags", "references", "frameworks", "used_in",
                      "variants", "numpy", "stability", "naive", "evaluation")  # fmt: skip


@dataclass(frozen=True)
class Stage:
    """A build stage: its name (its entries' kind in the cache) and the modules it runs."""

    name: str
    modules: tuple[str, ...]
    follow_imports: bool = True  # False: the modules' own code only (and their libraries)
    # keyword arguments whose values it never reads in a family module (see family_keys)
    ignores: tuple[str, ...] = ()

    def _reads(self) -> tuple[set[Path], set[str]]:
        paths = tuple(imports.module_file(m) for m in self.modules)
        if self.follow_imports:
            return imports.closure(paths)
        return set(paths), {lib for p in paths for lib in imports.third_party(p)}

    def key(self, *data: str | bytes) -> str:
        """A hash of the stage's code and ``data`` (what else it reads)."""
        files, libraries = self._reads()
        return digest(self.name, code_digest(files, libraries), *data)

    def family_keys(self, family_of: dict[str, str], *data: str | bytes) -> dict[str, str]:
        """Per activation (``family_of``: slug → the module that defines it): a key in
        which only the activation's own family module stands for every family module, and
        in it not the keyword arguments the stage :attr:`ignores`."""
        files, libraries = self._reads()
        family_files = {name: imports.module_file(name) for name in set(family_of.values())}
        shared = code_digest(files - set(family_files.values()), libraries)
        per_module = {}
        for name, path in family_files.items():
            code = imports.source_digest(path, name, self.ignores)
            per_module[name] = digest(self.name, shared, code, *data)
        return {slug: per_module[module] for slug, module in family_of.items()}
