"""The build script: everything the site shows that comes from the package.

Runs on its own (``python -m scripts.build``) or from the MkDocs hook.
It writes figures, generated pages and data under ``build/generated`` (never
into ``docs/``) and returns a manifest mapping each site path to its file.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import pickle
import sys
import time
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

import numpy as np

import activations
from scripts.pipeline import explorer, figures, notebooks, pages, stability
from scripts.pipeline.errors import BuildError
from scripts.pipeline.files import CACHE_DIR, write_atomic

ROOT = Path(__file__).resolve().parents[2]
DOCS_DIR = ROOT / "docs"
OUT_DIR = ROOT / "build" / "generated"
REQUIRED_FIELDS = ("slug", "name", "family", "summary", "f", "df", "d2f", "expr")


@dataclass
class Manifest:
    """Site path → file on disk, for generated pages and for assets (figures, data).

    ``notebooks``: the experiments, each replacing its ``.py`` source in the site; they are
    executed in the background from the start of the build (see :func:`finish_notebooks`).
    """

    pages: dict[str, Path] = field(default_factory=dict)
    assets: dict[str, Path] = field(default_factory=dict)
    notebooks: notebooks.Batch | None = None
    log: list[str] = field(default_factory=list)
    verbose: bool = True

    def stage(self, name: str, started: float, detail: str) -> None:
        """Record (and print) how long a stage took and what it did."""
        line = f"[build] {name:<10} {time.perf_counter() - started:6.2f} s  {detail}"
        self.log.append(line)
        if self.verbose:
            print(line, file=sys.stderr)


def check_catalog() -> list[activations.Activation]:
    """Every activation, after checking that none lacks a required field."""
    catalog = activations.catalog()
    for act in catalog:
        for name in REQUIRED_FIELDS:
            if not getattr(act.definition, name, None):
                raise BuildError(f"activation {act.slug or '?'!r} is missing {name!r}")
        if act.family not in activations.FAMILIES:
            raise BuildError(f"activation {act.slug!r} has unknown family {act.family!r}")
    return catalog


def _source_digest(folders: tuple[str, ...], libraries: tuple[str, ...],
                   skip: frozenset[Path] = frozenset()) -> str:  # fmt: skip
    """A hash of the ``*.py`` files in ``folders`` (under the project) but those in ``skip``,
    Python's version and the versions of ``libraries``."""
    from importlib.metadata import version

    versions = [sys.version, *(version(name) for name in libraries)]
    digest = hashlib.sha256(" ".join(versions).encode())
    for folder in folders:
        for path in sorted((ROOT / folder).glob("*.py")):
            if path not in skip:
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:20]


PACKAGE = (("activations",), ("numpy", "scipy"))
CODE = (("activations", "scripts"), ("numpy", "scipy", "sympy", "matplotlib"))


def code_digest() -> str:
    """A hash of everything the code-only stages (figures, data, explorer) depend on: the
    package, the build scripts and the numeric and plotting libraries' versions."""
    return _source_digest(*CODE)


def family_digests(folders: tuple[str, ...], libraries: tuple[str, ...]) -> dict[str, str]:
    """Per activation: a hash like :func:`_source_digest`'s, in which only the module that
    defines the activation stands for its family's module, so an edit to one family's
    module changes only that family's hashes."""
    modules = {slug: activations.module_of(slug) for slug in activations.names()}
    files = {name: Path(importlib.import_module(name).__file__) for name in set(modules.values())}
    shared = _source_digest(folders, libraries, skip=frozenset(files.values()))
    per_module = {
        name: hashlib.sha256(shared.encode() + path.read_bytes()).hexdigest()[:20]
        for name, path in files.items()
    }
    return {slug: per_module[name] for slug, name in modules.items()}


def per_family(kind: str, catalog: list[activations.Activation], compute, cache_dir: Path,
               digests: dict[str, str]) -> tuple[dict[str, object], int]:  # fmt: skip
    """``compute(act)`` for every activation, kept in ``cache_dir/kind`` per family hash
    (``digests``): only a family whose hash changed is computed again.

    Returns the results by slug and how many were computed.
    """
    families: dict[str, list[activations.Activation]] = {}
    for act in catalog:
        families.setdefault(digests[act.slug], []).append(act)
    results, computed = {}, 0
    for digest, members in families.items():
        path = cache_dir / kind / f"{digest}.pickle"
        stored = _unpickled(path)
        if stored is None or set(stored) != {act.slug for act in members}:
            stored = {act.slug: compute(act) for act in members}
            write_atomic(path, pickle.dumps(stored))
            computed += len(members)
        results.update(stored)
    return results, computed


def _unpickled(path: Path):
    """What ``path`` holds, or None when it is missing or unreadable (then it is rebuilt)."""
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return None


def _reused(record: Path, out_dir: Path) -> dict[str, Path] | None:
    """The site path → file map a stage wrote earlier for the same inputs, if every file is
    still there with the same content (a later build with other inputs may have rewritten it).
    """
    if not record.exists():
        return None
    files = {}
    for uri, (name, digest) in json.loads(record.read_text(encoding="utf-8")).items():
        path = out_dir / name
        if not path.exists() or _file_digest(path) != digest:
            return None
        files[uri] = path
    return files


def _reused_or_generated(record: Path, out_dir: Path, generate) -> tuple[dict[str, Path], bool]:
    """A stage's files: those recorded in ``record`` if still intact, else ``generate()``'s
    (then recorded). The flag says whether they were reused."""
    reused = _reused(record, out_dir)
    if reused is not None:
        return reused, True
    generated = generate()
    _remember(record, out_dir, generated)
    return generated, False


def _remember(record: Path, out_dir: Path, files: dict[str, Path]) -> None:
    """Record what a stage wrote, and each file's content hash, for :func:`_reused`."""
    entries = {
        uri: (p.relative_to(out_dir).as_posix(), _file_digest(p)) for uri, p in files.items()
    }
    write_atomic(record, json.dumps(entries))  # in order: it is the order of the site's files


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:20]


def load_properties(catalog: list[activations.Activation], cache_dir: Path) -> int:
    """Give every activation its properties and its formulas' LaTeX, the slow parts of the
    package, from a cache per family (see :func:`per_family`); returns how many activations
    were measured."""
    digests = family_digests(*PACKAGE)
    counts = {}
    for name in ("properties", "latex"):
        computed, counts[name] = per_family(name, catalog, attrgetter(name), cache_dir, digests)
        for act in catalog:
            act.__dict__[name] = computed[act.slug]  # where functools.cached_property keeps it
    return counts["properties"]


def comparison_specs() -> list[figures.FigureSpec]:
    """The figures that compare several functions."""
    get = activations.get
    sigmoid, tanh = get("sigmoid"), get("tanh")
    specs = [
        figures.FigureSpec(
            "compare-sigmoid-tanh",
            "Sigmoid and tanh with their derivatives",
            tuple(
                figures.Curve(label, *map(tuple, figures.sample(func)), style)
                for style, (label, func) in enumerate(
                    [
                        ("σ(z)", sigmoid.f),
                        ("tanh(z)", tanh.f),
                        ("σ′(z)", sigmoid.df),
                        ("tanh′(z)", tanh.df),
                    ]
                )
            ),  # fmt: skip
            ylim=(-1.5, 1.5),
        ),
        figures.overlay_spec(
            "compare-relu-family",
            "The ReLU family",
            [
                ("ReLU", get("relu")),
                ("leaky ReLU, α = 0.1", get("leaky_relu", alpha=0.1)),
                ("PReLU, α = 0.25", get("prelu")),
                ("ReLU6", get("relu6")),
                ("ELU", get("elu")),
            ],
            ylim=(-1.5, 3),
        ),  # fmt: skip
        figures.overlay_spec(
            "compare-smooth-rectifiers",
            "Smooth rectifiers",
            [
                (get(s).name, get(s))
                for s in ("softplus", "elu", "selu", "gelu", "silu", "mish", "squareplus")
            ],
            xlim=(-4, 3),
            ylim=(-2, 3),
        ),  # fmt: skip
        figures.overlay_spec(
            "gradient-decay",
            "How fast f′ vanishes: |f′(z)| on a log scale",
            [
                (get(s).name, get(s))
                for s in ("sigmoid", "tanh", "arctan", "softsign", "gelu", "relu")
            ],
            which="df",
            xlim=(0, 40),
            ylim=(1e-18, 2),
            log_y=True,
        ),  # fmt: skip
    ]
    return specs


def curve_data(act: activations.Activation) -> dict:
    """Sampled f, f', f'' for the interactive pages, with the parameters used."""
    z = np.linspace(-6, 6, 601)
    return {
        "slug": act.slug,
        "name": act.name,
        "params": dict(act.params),
        "z": z.round(6).tolist(),
        "f": [float(v) for v in act.f(z)],
        "df": [float(v) for v in act.df(z)],
        "d2f": [float(v) for v in act.d2f(z)],
    }


def _prose_files(docs_dir: Path) -> dict[str, pages.Prose]:
    folder = docs_dir / "functions"
    known = set(activations.names())
    found = {}
    for path in sorted(folder.glob("*.md")) if folder.exists() else []:
        if path.stem == "index":
            continue
        if path.stem not in known:
            raise BuildError(f"{path}: no activation is called {path.stem!r}")
        found[path.stem] = pages.read_prose(path)
    return found


def build(docs_dir: Path = DOCS_DIR, out_dir: Path = OUT_DIR, cache_dir: Path = CACHE_DIR,
          verbose: bool = True, serving: bool = False, wait: bool = True,
          batch: notebooks.Batch | None = None) -> Manifest:  # fmt: skip
    """Generate everything; raises BuildError naming the file or activation at fault.

    The notebooks run in the background alongside the other stages; ``wait=False`` returns
    before they are done (the MkDocs hook waits for each when its page is read, so they also
    overlap MkDocs' own work), and :func:`finish_notebooks` waits for the rest. ``serving``
    (for `mkdocs serve`) lets an unchanged notebook keep its last run after a package edit
    instead of executing again. ``batch``: the notebooks, if started already (by
    :func:`notebooks.start` with the same folders).
    """
    manifest = Manifest(verbose=verbose)
    stage = manifest.stage
    manifest.notebooks = batch or notebooks.start(docs_dir, out_dir, cache_dir, serving)

    started = time.perf_counter()
    catalog = check_catalog()
    measured = load_properties(catalog, cache_dir)
    detail = f"properties of {measured} measured, {len(catalog) - measured} cached"
    stage("catalog", started, f"{len(catalog)} activations, {detail}")

    code = code_digest()
    assets, reused = _reused_or_generated(
        cache_dir / "stages" / f"code-{code}.json",
        out_dir,
        lambda: _code_stages(catalog, out_dir, cache_dir, stage),
    )
    if reused:
        stage("figures", time.perf_counter(), "figures, curve data and explorer reused: same code")
    manifest.assets.update(assets)

    started = time.perf_counter()
    docs = hashlib.sha256(code.encode())
    for path in sorted(docs_dir.rglob("*.md")):
        docs.update(path.relative_to(docs_dir).as_posix().encode() + b"\0" + path.read_bytes())
    written, reused = _reused_or_generated(
        cache_dir / "stages" / f"pages-{docs.hexdigest()[:20]}.json",
        out_dir,
        lambda: _pages_stage(catalog, docs_dir, out_dir),
    )
    manifest.pages.update(written)
    detail = f"{len(catalog)} function pages and {len(manifest.pages) - len(catalog)} with markers"
    stage("pages", started, detail + (", reused: same code and docs" if reused else ""))

    if wait:
        finish_notebooks(manifest)
    return manifest


def _pages_stage(catalog, docs_dir: Path, out_dir: Path) -> dict[str, Path]:
    """Every function page, and every hand-written page with markers, expanded."""
    written: dict[str, Path] = {}
    prose = _prose_files(docs_dir)
    for act in catalog:
        uri = f"functions/{act.slug}.md"
        text = pages.function_page(act, prose.get(act.slug))
        text = pages.expand_markers(text, docs_dir / uri, 1, "../")
        written[uri] = _write_page(out_dir, uri, text)
    for path in sorted(docs_dir.rglob("*.md")):
        uri = path.relative_to(docs_dir).as_posix()
        if uri.startswith("functions/") and path.stem != "index":
            continue
        text = path.read_text(encoding="utf-8")
        if "<!-- activations:" not in text:
            continue
        prefix = "../" * uri.count("/")
        written[uri] = _write_page(out_dir, uri, pages.expand_markers(text, path, 1, prefix))
    return written


def _code_stages(catalog, out_dir: Path, cache_dir: Path, stage) -> dict[str, Path]:
    """Figures, curve data and the explorer's modules: what depends on the code alone."""
    assets: dict[str, Path] = {}
    started = time.perf_counter()
    digests = family_digests(*CODE)
    by_slug, _ = per_family("figure-specs", catalog, figures.activation_spec, cache_dir, digests)
    specs = [by_slug[act.slug] for act in catalog] + comparison_specs()
    specs += stability.figure_specs(cache_dir / "stability")
    rendered, cached = figures.render_all(specs, out_dir / "figures", cache_dir / "figures")
    for spec in specs:
        for name in figures.file_names(spec).values():
            assets[f"figures/{name}"] = out_dir / "figures" / name
    stage("figures", started, f"{rendered} rendered, {cached} cached")

    started = time.perf_counter()
    for act in catalog:
        uri = f"data/{act.slug}.json"
        payload = json.dumps(curve_data(act), separators=(",", ":"), allow_nan=True)
        write_atomic(out_dir / uri, payload.replace("NaN", "null").replace("Infinity", "1e999"))
        assets[uri] = out_dir / uri
    stage("data", started, f"{len(catalog)} curve files")

    started = time.perf_counter()
    modules, _ = per_family("explorer", catalog, explorer.module_source, cache_dir, digests)
    explorer_assets = explorer.build(out_dir, modules)
    assets.update(explorer_assets)
    stage("explorer", started, f"{len(explorer_assets) - 1} evaluator modules and an index")

    return assets


def finish_notebooks(manifest: Manifest) -> list[notebooks.Notebook]:
    """Wait for every notebook and record the stage (timed from the start of the build)."""
    done = manifest.notebooks.wait_all()
    executed = sum(nb.executed for nb in done)
    stale = sum(nb.stale for nb in done)
    detail = f"{executed} executed, {len(done) - executed - stale} cached"
    detail += f", {stale} from an earlier package" if stale else ""
    manifest.stage("notebooks", manifest.notebooks.started, detail + ", alongside the rest")
    return done


def _write_page(out_dir: Path, uri: str, text: str) -> Path:
    path = out_dir / "pages" / uri
    write_atomic(path, text)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory")
    parser.add_argument("--docs", type=Path, default=DOCS_DIR, help="hand-written pages")
    args = parser.parse_args(argv)
    try:
        manifest = build(args.docs, args.out)
    except BuildError as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    print(f"{len(manifest.pages)} pages, {len(manifest.assets)} assets in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
