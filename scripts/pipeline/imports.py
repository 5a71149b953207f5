"""The project's import graph, read from the source: no project module is imported.

Every ``import`` statement counts, at the top of a module or inside a function: a deferred
import is still a dependency. The graph gives the build's cache keys (the code a stage
runs, see :mod:`scripts.pipeline.stage`) and the tests' check that no package has a cycle.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib
import json
import sys
import threading
from importlib.metadata import PackageNotFoundError, packages_distributions, version
from pathlib import Path

from scripts.pipeline.cache import Cache, digest
from scripts.pipeline.files import CACHE_DIR

ROOT = Path(__file__).resolve().parents[2]
SOURCES = Cache(CACHE_DIR)  # what each source file imports, and its code's hash


def module_file(name: str, root: Path = ROOT) -> Path | None:
    """The file of project module ``name`` (``a.b`` → a/b.py or a/b/__init__.py), if any."""
    try:
        return _FOUND[name, root]
    except KeyError:
        found = _FOUND[name, root] = _existing_file(name, root)
        return found


def _existing_file(name: str, root: Path) -> Path | None:
    base = root.joinpath(*name.split("."))
    files = (base.with_suffix(".py"), base / "__init__.py")
    return next((path for path in files if path.is_file()), None)


_FOUND: dict[tuple[str, Path], Path | None] = {}  # module_file's answers: one walk's worth


def module_name(path: Path, root: Path = ROOT) -> str:
    """The dotted name of the module in ``path`` (under ``root``)."""
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


# The notebooks' threads ask about the same files at once; and Python 3.11's parser keeps
# one depth count for every thread's syntax tree, so that two parsing at once may fail
# ("AST constructor recursion depth mismatch", CPython gh-106905): one parse at a time
_LOCK = threading.Lock()
_FACTS: dict[tuple[Path, int, int], tuple[str, list[str]]] = {}


def _stamp(path: Path) -> tuple[Path, int, int]:
    stat = path.stat()
    return path, stat.st_mtime_ns, stat.st_size


def _facts(path: Path, name: str) -> tuple[str, list[str]]:
    """(hash of the code, imported module names) of the source in ``path``: read from its
    syntax tree once per content (kept in :data:`SOURCES`), once per version in memory."""
    stamp = _stamp(path)
    with _LOCK:
        if stamp not in _FACTS:
            raw = path.read_bytes()
            key = digest(hashlib.sha256(raw).hexdigest(), name, "source facts 2")
            stored = SOURCES.read("sources", key)
            if stored is None:
                tree = ast.parse(raw, filename=str(path))
                facts = [digest(ast.dump(tree)), sorted(_imported(tree, path, name))]
                SOURCES.write("sources", key, json.dumps(facts).encode())
            else:
                facts = json.loads(stored)
            _FACTS[stamp] = (facts[0], facts[1])
        return _FACTS[stamp]


def source_digest(path: Path, name: str = "", ignoring: tuple[str, ...] = ()) -> str:
    """A hash of the code in ``path``, blind to comments, blank lines and layout, and to the
    values of keyword arguments named in ``ignoring`` (in any call)."""
    if not ignoring:
        return _facts(path, name or path.stem)[0]
    return _digest_ignoring(_stamp(path), name or path.stem, tuple(sorted(ignoring)))


@functools.lru_cache(maxsize=256)  # per version of the file
def _digest_ignoring(stamp: tuple[Path, int, int], name: str, ignoring: tuple[str, ...]) -> str:
    with _LOCK:
        tree = ast.parse(stamp[0].read_bytes(), filename=str(stamp[0]))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            node.keywords = [k for k in node.keywords if k.arg not in ignoring]
    return digest(ast.dump(tree), name, *ignoring)


def imported_names(path: Path, name: str) -> set[str]:
    """Every module name the source in ``path`` (module ``name``) imports, absolute: for
    ``from a import b``, both ``a`` and ``a.b`` (which may be a module or an attribute)."""
    return set(_facts(path, name)[1])


def _imported(tree: ast.Module, path: Path, name: str) -> set[str]:
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = name.split(".")[: len(name.split(".")) - node.level + is_package]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        elif is_package and _walks_own_package(node):
            found.add(f"{name}.*")  # every module of the package, listed when the graph is read
    return found


def _walks_own_package(node: ast.AST) -> bool:
    """Whether ``node`` is a call ``pkgutil.iter_modules(__path__)``: a package that imports
    the modules it finds that way imports every module it holds."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "iter_modules"
        and any(isinstance(a, ast.Name) and a.id == "__path__" for a in node.args)
    )


def _expanded(imported: str, root: Path) -> set[str]:
    """``imported``, or for ``package.*`` each module in the package's folder."""
    if not imported.endswith(".*"):
        return {imported}
    package = imported[:-2]
    folder = root.joinpath(*package.split("."))
    return {f"{package}.{path.stem}" for path in sorted(folder.glob("*.py"))
            if path.stem != "__init__"}  # fmt: skip


def project_imports(path: Path, name: str, root: Path = ROOT) -> set[str]:
    """The project modules ``path`` (module ``name``) imports, each with the packages that
    contain it (importing it runs them too), but for ``name``'s own packages: those are
    imported before ``name`` is, whatever ``name`` imports."""
    modules = set()
    listed = imported_names(path, name)
    for imported in {m for entry in listed for m in _expanded(entry, root)}:
        parts = imported.split(".")
        for end in range(1, len(parts) + 1):
            prefix = ".".join(parts[:end])
            own = prefix == name or name.startswith(prefix + ".")
            if not own and module_file(prefix, root) is not None:
                modules.add(prefix)
    return modules


def graph(package: str, root: Path = ROOT) -> dict[str, set[str]]:
    """Module → the modules of ``package`` it imports, for every module in ``package``."""
    _FOUND.clear()
    modules = {module_name(p, root): p for p in sorted((root / package).rglob("*.py"))}
    return {
        name: {m for m in project_imports(path, name, root) if m in modules}
        for name, path in modules.items()
    }


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle in ``edges`` (its modules, the first repeated at the end), or None."""
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = "open"
        for target in sorted(edges.get(node, ())):
            if state.get(target) == "open":
                return [*trail[trail.index(target) :], target]
            if target not in state and (found := visit(target, [*trail, target])):
                return found
        state[node] = "done"
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start, [start])):
            return found
    return None


def third_party(path: Path, name: str = "", root: Path = ROOT) -> set[str]:
    """The top-level names of the third-party modules ``path`` imports (not the project's,
    not the standard library's)."""
    tops = {imported.split(".")[0] for imported in imported_names(path, name or path.stem)}
    return {t for t in tops if t and module_file(t, root) is None
            and t not in sys.stdlib_module_names}  # fmt: skip


def closure(paths: tuple[Path, ...], root: Path = ROOT) -> tuple[set[Path], set[str]]:
    """What running the sources in ``paths`` reads: every project file they import,
    directly or not (``paths`` included), and the third-party top-level modules imported.
    Walked again only when one of those files changed or a module looked for and not
    found in the project now is (a build asks about the same code a dozen times)."""
    walked = _CLOSURES.get((paths, root))
    if walked is not None and _unchanged(*walked[1:], root):
        return set(walked[0][0]), set(walked[0][1])
    with _WALKING:  # one walk at a time: the modules it did not find are read from _FOUND
        return _walk(paths, root)


_WALKING = threading.Lock()


def _walk(paths: tuple[Path, ...], root: Path) -> tuple[set[Path], set[str]]:
    _FOUND.clear()  # modules may have been added or removed since the last walk
    files, libraries, stamps = set(), set(), set()
    todo = [(path, module_name(path, root) if path.is_relative_to(root) else path.stem)
            for path in paths]  # fmt: skip
    while todo:
        path, name = todo.pop()
        if path in files:
            continue
        files.add(path)
        stamps.add(_stamp(path))  # before it is read: a later change is seen
        libraries |= third_party(path, name, root)
        parts = name.split(".")
        packages = {".".join(parts[:end]) for end in range(1, len(parts))}
        for module in project_imports(path, name, root) | packages:
            if module_file(module, root) is not None:
                todo.append((module_file(module, root), module))
    absent = frozenset(name for (name, where), found in _FOUND.items()
                       if where == root and found is None)  # fmt: skip
    _CLOSURES[paths, root] = ((frozenset(files), frozenset(libraries)), frozenset(stamps), absent)
    return files, libraries


_CLOSURES: dict[tuple, tuple] = {}  # closure's walks: (result, files' stamps, absent modules)


def _unchanged(stamps: frozenset, absent: frozenset, root: Path) -> bool:
    """Whether the files of a walk are as they were and the modules it missed still are."""
    try:
        if any(_stamp(stamp[0]) != stamp for stamp in stamps):
            return False
    except OSError:  # a file was removed
        return False
    return not any(_existing_file(name, root) for name in absent)


@functools.cache
def library_version(top_level: str) -> str:
    """The installed version of the distribution that provides module ``top_level``."""
    try:
        return f"{top_level}=={version(top_level)}"
    except PackageNotFoundError:  # a module named unlike its distribution (yaml: PyYAML)
        pass
    stated = getattr(importlib.import_module(top_level), "__version__", None)
    if isinstance(stated, str):
        return f"{top_level}=={stated}"
    distributions = packages_distributions().get(top_level, [])  # slow: a second a call
    return ",".join(sorted(f"{d}=={version(d)}" for d in distributions)) or top_level
