"""The build script: everything the site shows that comes from the package.

Runs on its own (``python -m scripts.pipeline.build``) or from the MkDocs adapter.
It writes figures, generated pages and the explorer's data under ``build/generated``
(never into ``docs/``) and returns a manifest mapping each site path to its file. Each
stage is a :class:`~scripts.pipeline.cache.Stage`, cached in the one build cache.
"""

from __future__ import annotations

import argparse
import functools
import sys
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from scripts.pipeline import citation, katex, notebooks
from scripts.pipeline.cache import Cache
from scripts.pipeline.errors import BuildError
from scripts.pipeline.families import family_modules
from scripts.pipeline.files import CACHE_DIR, FRAMEWORK_RECORD, write_atomic
from scripts.pipeline.publish import BuildLock
from scripts.pipeline.stage import DESCRIPTIVE_FIELDS, Stage

if TYPE_CHECKING:  # the package, and the stages made from it, are imported when a stage
    import activations  # is made: a rebuild that reuses every stage never imports them

ROOT = Path(__file__).resolve().parents[2]
DOCS_DIR = ROOT / "docs"
OUT_DIR = ROOT / "build" / "generated"
REQUIRED_FIELDS = ("slug", "name", "family", "summary", "f", "df", "d2f", "expr")


@dataclass
class Manifest:
    """Site path → file on disk, for generated pages and for assets (figures, explorer).

    ``notebooks``: the experiments, each replacing its ``.py`` source in the site; they are
    executed in the background from the start of the build (see :func:`finish_notebooks`).
    """

    pages: dict[str, Path] = field(default_factory=dict)
    assets: dict[str, Path] = field(default_factory=dict)
    notebooks: notebooks.Batch | None = None
    figures_written: Future | None = None  # the figures are written in the background
    drawn_later: set[str] = field(default_factory=set)  # their site paths
    log: list[str] = field(default_factory=list)
    verbose: bool = True

    def wait_for_assets(self) -> None:
        """Every asset written (raises the figures' BuildError)."""
        if self.figures_written is not None:
            self.figures_written.result()

    def stage(self, name: str, started: float, detail: str, ended: float | None = None) -> None:
        """Record (and print) how long a stage took (until now, or ``ended``) and what it did."""
        elapsed = (time.perf_counter() if ended is None else ended) - started
        line = f"[build] {name:<10} {elapsed:6.2f} s  {detail}"
        self.log.append(line)
        if self.verbose:
            print(line, file=sys.stderr)


def check_catalog() -> list[activations.Activation]:
    """Every activation, after checking that none lacks a required field."""
    import activations

    catalog = activations.catalog()
    for act in catalog:
        for name in REQUIRED_FIELDS:
            if not getattr(act.definition, name, None):
                raise BuildError(f"activation {act.slug or '?'!r} is missing {name!r}")
        if act.family not in activations.FAMILIES:
            raise BuildError(f"activation {act.slug!r} has unknown family {act.family!r}")
    return catalog


PROPERTIES = Stage("properties", ("activations",), ignores=DESCRIPTIVE_FIELDS)
LATEX = Stage("latex", ("activations",), ignores=DESCRIPTIVE_FIELDS)
ASSETS = Stage("assets", ("scripts.pipeline.assets",))
PAGES = Stage("pages", ("scripts.pipeline.pages",))


def load_properties(catalog: list[activations.Activation], cache: Cache,
                    family_of: dict[str, str]) -> int:  # fmt: skip
    """Give every activation its properties and its formulas' LaTeX, the slow parts of the
    package, cached per family (see :meth:`Cache.per_activation`); returns how many
    activations were measured."""
    counts = {}
    for stage in (PROPERTIES, LATEX):
        computed, counts[stage.name] = cache.per_activation(
            stage, catalog, attrgetter(stage.name), family_of
        )
        for act in catalog:
            act.__dict__[stage.name] = computed[act.slug]  # where cached_property keeps it
    return counts[PROPERTIES.name]


def build(docs_dir: Path = DOCS_DIR, out_dir: Path = OUT_DIR, cache_dir: Path = CACHE_DIR,
          verbose: bool = True, serving: bool = False, wait: bool = True,
          batch: notebooks.Batch | None = None) -> Manifest:  # fmt: skip
    """Generate everything; raises BuildError naming the file or activation at fault.

    The notebooks run in the background alongside the other stages; ``wait=False`` returns
    before they are done (the MkDocs hook waits for each when its page is read, so they also
    overlap MkDocs' own work), and :func:`finish_notebooks` waits for the rest. The figures
    are drawn in worker processes while the pages are made: the manifest returned names
    every asset, and :meth:`Manifest.wait_for_assets` waits until they are written. ``serving``
    (for `mkdocs serve`) lets an unchanged notebook keep its last run after a package edit
    instead of executing again. ``batch``: the notebooks, if started already (by
    :func:`notebooks.start` with the same folders).
    """
    manifest = Manifest(verbose=verbose)
    stage = manifest.stage
    manifest.notebooks = batch or notebooks.start(docs_dir, out_dir, cache_dir, serving)
    cache = Cache(cache_dir)
    package = _Package(cache, stage)
    record = FRAMEWORK_RECORD.read_bytes()
    manifest.assets.update(_make_assets(manifest, package, cache, out_dir, record))
    for uri, content in katex.asset_files().items():  # served from the site, not a CDN
        write_atomic(out_dir / uri, content)
        manifest.assets[uri] = out_dir / uri

    started = time.perf_counter()
    docs = [
        part
        for path in sorted(docs_dir.rglob("*.md"))
        for part in (path.relative_to(docs_dir).as_posix(), path.read_bytes())
    ]
    data = (record, citation.CITATION.read_bytes())

    def make_pages() -> dict[str, Path]:
        from scripts.pipeline import pages

        catalog, _ = package.loaded
        return pages.write_pages(catalog, docs_dir, out_dir, cache, PAGES.key(*data))

    written, reused = cache.files(PAGES, out_dir, make_pages, *data, *docs)
    manifest.pages.update(written)
    if reused:
        detail = f"{len(written)} pages, reused: same code and docs"
    else:
        import activations

        functions, vectors = len(activations.names()), len(activations.vector_names())
        detail = (f"{functions} function pages, {vectors} vector-valued and "
                  f"{len(written) - functions - vectors} with markers")  # fmt: skip
    stage("pages", started, detail)
    if (unmeasured := package.unmeasured()) is not None:
        stage("catalog", time.perf_counter(), unmeasured)
    if wait:
        manifest.wait_for_assets()
        finish_notebooks(manifest)
    return manifest


def _make_assets(manifest: Manifest, package: _Package, cache: Cache, out_dir: Path,
                 record: bytes) -> dict[str, Path]:  # fmt: skip
    """Figures, downloads and the explorer's modules: their site path → file. The figures
    are drawn in worker processes while the pages are made and rendered, and written by a
    thread of their own (``manifest.figures_written``); everything that computes with the
    package stays in this thread: mpmath has one working precision for the whole process,
    which a computation in one thread would change under another's. ``record``: the
    committed framework measurement, which the parity figure reads."""
    key = ASSETS.key(record)  # the code as it was when the assets were made
    if (files := cache.recorded_files(ASSETS.name, key, out_dir)) is not None:
        manifest.stage("figures", time.perf_counter(), "figures and explorer reused: same code")
        return files
    from scripts.pipeline import assets, figures

    started = time.perf_counter()
    catalog, family_of = package.checked  # enough for the figures: measured after them
    drawing = figures.Drawing(out_dir / "figures", cache)
    try:
        files = assets.build(catalog, out_dir, cache, family_of, manifest.stage, drawing)
    except BaseException:
        drawing.close()
        raise
    manifest.figures_written = written = Future()
    manifest.drawn_later = {
        uri for uri, path in files.items() if path.is_relative_to(drawing.out_dir)
    }

    def write() -> None:
        try:
            with drawing:
                rendered, cached = drawing.finish()
            cache.record_files(ASSETS.name, key, out_dir, files)
        except BaseException as error:  # raised where the build waits for the figures
            written.set_exception(error)
            return
        manifest.stage("figures", started, f"{rendered} rendered, {cached} cached")
        written.set_result(files)

    threading.Thread(target=write, name="figures", daemon=True).start()
    return files


class _Package:
    """The package's catalog, imported and checked when a stage is made from it, and
    measured when a stage needs its properties and LaTeX."""

    def __init__(self, cache: Cache, stage):
        self.cache, self.stage = cache, stage

    @functools.cached_property
    def checked(self) -> tuple[list[activations.Activation], dict[str, str]]:
        """(the catalog, each activation's family module), not yet measured."""
        return check_catalog(), family_modules()

    @functools.cached_property
    def loaded(self) -> tuple[list[activations.Activation], dict[str, str]]:
        """(the catalog, each activation's family module), measured."""
        catalog, family_of = self.checked
        started = time.perf_counter()
        measured = load_properties(catalog, self.cache, family_of)
        detail = f"properties of {measured} measured, {len(catalog) - measured} cached"
        self.stage("catalog", started, f"{len(catalog)} activations, {detail}")
        return catalog, family_of

    def unmeasured(self) -> str | None:
        """Why the catalog was not measured, if it was not."""
        if "checked" not in vars(self):
            return "package not imported: no stage made from it"
        if "loaded" not in vars(self):
            return f"{len(self.checked[0])} activations, not measured: no stage needed it"
        return None


def finish_notebooks(manifest: Manifest) -> list[notebooks.Notebook]:
    """Wait for every notebook and record the stage: from the start of the build until the
    last notebook was ready (not until the build asked for it)."""
    done = manifest.notebooks.wait_all()
    executed = sum(nb.executed for nb in done)
    stale = sum(nb.stale for nb in done)
    detail = f"{executed} executed, {len(done) - executed - stale} cached"
    detail += f", {stale} from an earlier package" if stale else ""
    ended = max((nb.finished for nb in done), default=None)
    manifest.stage("notebooks", manifest.notebooks.started, detail + ", alongside the rest", ended)
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory")
    parser.add_argument("--docs", type=Path, default=DOCS_DIR, help="hand-written pages")
    args = parser.parse_args(argv)
    try:
        with BuildLock(args.out.parent / ".lock"):  # the lock MkDocs builds take
            manifest = build(args.docs, args.out)
    except BuildError as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    print(f"{len(manifest.pages)} pages, {len(manifest.assets)} assets in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
