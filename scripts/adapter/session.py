"""The course of a build, for the hooks (scripts/adapter/hooks.py): one build at a time, the
pipeline started before MkDocs reads the pages, its pages and assets swapped into MkDocs'
files, the notebooks waited for, and the site published whole or not at all.

A session lasts as long as the site generator: one build in ``mkdocs build``, one per edit
in ``mkdocs serve``. The pipeline's modules are imported at each build's start, after the
reloader forgot those whose code changed.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from mkdocs.structure.files import File

from scripts.adapter import notebook_pages
from scripts.pipeline.cache import Cache
from scripts.pipeline.files import CACHE_DIR, link_or_copy
from scripts.pipeline.publish import BuildLock, Publication, source_date_epoch
from scripts.pipeline.reload import Reloader
from scripts.pipeline.urls import FUNCTIONS

# The stages an edit during `serve` remakes: imported once at the start rather than at the edit
_SERVE_STAGES = ("scripts.pipeline.pages", "scripts.pipeline.assets")


class Session:
    """The builds of one site generator process."""

    def __init__(self, reloader: Reloader):
        self.reloader = reloader
        self.serving = self.publishing = False
        self._build: dict = {}  # this build's lock, pipeline, notebooks, manifest, publication
        self._notebooks: dict = {}  # a notebook page's source URI: its executed notebook

    def start(self, command: str) -> None:
        self.serving, self.publishing = command == "serve", command == "build"

    def begin(self, config) -> None:
        """One build at a time in a project (a second waits); dated by the last commit; the
        notebooks start executing (before the package is imported), then fresh code."""
        project = Path(config.config_file_path).parent
        out_dir = project / "build" / "generated"
        lock = BuildLock(out_dir.parent / ".lock")
        lock.acquire()
        self._build = {"lock": lock, "out_dir": out_dir}
        os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(project)
        self.reloader.forget_changed_code()
        notebooks = importlib.import_module("scripts.pipeline.notebooks")
        batch = notebooks.start(Path(config.docs_dir), out_dir, CACHE_DIR, self.serving)
        conversions = notebook_pages.Conversions(Cache(CACHE_DIR))
        for experiment in batch.experiments:  # each converted as soon as it is executed
            batch.when_ready(experiment.uri, lambda done: conversions.start(done.path))
        pipeline = importlib.import_module("scripts.pipeline.build")
        for stage in _SERVE_STAGES if self.serving else ():
            importlib.import_module(stage)
        self._build.update(
            notebooks=notebooks, pipeline=pipeline, batch=batch, conversions=conversions
        )
        self._notebooks = {}
        nav = importlib.import_module("scripts.pipeline.nav")
        config.nav = nav.site_nav(config.nav, Cache(CACHE_DIR))
        if self.publishing:
            self._build["publication"] = Publication(config.site_dir)
            config.site_dir = str(self._build["publication"].partial)

    def swap_files(self, files, config):
        """Swap in what the pipeline generated; notebook pages last (read last: the notebooks
        have the most time to finish)."""
        manifest = self._build["pipeline"].build(
            Path(config.docs_dir), out_dir=self._build["out_dir"], serving=self.serving,
            wait=False, batch=self._build.pop("batch"))  # fmt: skip
        self._build["manifest"] = manifest
        experiments = manifest.notebooks.experiments
        replaced = [*manifest.pages, *(notebook.source_uri for notebook in experiments)]
        # A function's prose is read into its generated page, never published on its own
        prose = [f.src_uri for f in files.documentation_pages()
                 if f.src_uri.startswith(f"{FUNCTIONS}/")]  # fmt: skip
        for existing in filter(None, map(files.get_file_from_path, {*replaced, *prose})):
            files.remove(existing)
        for uri, path in manifest.pages.items():
            files.append(File.generated(config, uri, content=path.read_text(encoding="utf-8")))
        for uri, path in manifest.assets.items():  # a figure is linked once it is drawn
            kind = DrawnFile if uri in manifest.drawn_later else LinkedFile
            files.append(kind.generated(config, uri, abs_src_path=str(path)))
        self._build["drawn"] = [file for file in files if isinstance(file, DrawnFile)]
        for notebook in experiments:
            files.append(notebook_pages.NotebookFile(
                notebook.uri, src_dir=str(notebook.src_dir), dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls))  # fmt: skip
            self._notebooks[notebook.uri] = notebook
        return files

    @property
    def assets(self) -> dict:
        """The assets the pipeline generated: their site URI and file (a figure's file may
        not be written yet: see :meth:`copy_drawn`)."""
        return self._build["manifest"].assets

    def copy_drawn(self) -> None:
        """Once the figures are drawn (they are drawn while MkDocs renders and writes the
        pages), link them into the site; raises the drawing's BuildError."""
        self._build["manifest"].wait_for_assets()
        for file in self._build.pop("drawn"):
            LinkedFile.copy_file(file)

    @property
    def conversions(self) -> notebook_pages.Conversions:
        """This build's notebooks, converted as each is executed."""
        return self._build["conversions"]

    def is_notebook(self, page) -> bool:
        return page.file.src_uri in self._notebooks

    def wait_for_notebook(self, page) -> None:
        self._build["manifest"].notebooks.wait(page.file.src_uri)

    def notebook_meta(self, page) -> dict:
        """A notebook page's front matter: its tags and description."""
        return self._build["notebooks"].page_meta(self._notebooks[page.file.src_uri].path)

    def finish_notebooks(self) -> None:
        """Every notebook was waited for by its page: this logs them."""
        if "manifest" in self._build:
            self._build["pipeline"].finish_notebooks(self._build.pop("manifest"))

    def publish(self, rejected: bool) -> None:
        """The site replaces the last one unless strict mode ``rejected`` it; the next build
        may start."""
        self._stop_conversions()
        if "publication" in self._build:
            self._build.pop("publication").finish(rejected)
        self._build.pop("lock").release()

    def _stop_conversions(self) -> None:
        if "conversions" in self._build:
            self._build.pop("conversions").close()

    def abandon(self) -> None:
        """Stop the notebooks of a failed build, or during `serve` let them finish (a rebuild
        would start them again alongside); drop the half-written site."""
        self._stop_conversions()
        manifest = self._build.pop("manifest", None)
        if manifest and manifest.figures_written:  # the next build writes the same files
            manifest.figures_written.exception()
        batch = self._build.pop("batch", None) or (manifest and manifest.notebooks)
        if batch and self.serving:
            batch.settle()
        elif batch:
            batch.cancel()
        if "publication" in self._build:
            self._build.pop("publication").abandon()
        if "lock" in self._build:
            self._build.pop("lock").release()


class LinkedFile(File):
    """A file the pipeline generated, linked into the site rather than copied."""

    def copy_file(self, dirty: bool = False) -> None:
        link_or_copy(Path(self.abs_src_path), Path(self.abs_dest_path))


class DrawnFile(LinkedFile):
    """A figure, linked into the site by :meth:`Session.copy_drawn` when it is drawn rather
    than with the static files, which MkDocs copies before it writes the pages."""

    def copy_file(self, dirty: bool = False) -> None:
        pass
