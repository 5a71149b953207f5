"""Experiments: notebooks in ``docs/experiments``, executed by the build and cached.

Each ``docs/experiments/<name>.py`` is a notebook in jupytext's percent format (cells start
at ``# %%``; no outputs are ever stored in the repository). :func:`build` turns it into
``<out>/experiments/<name>.ipynb``: converted with jupytext, executed with nbclient in a
kernel that runs *this* interpreter (the venv's, whatever kernels are installed elsewhere)
with the project root on ``PYTHONPATH``, and written atomically. A kernel per core runs the
notebooks one after another, reset to a fresh kernel's state before each (:class:`Kernel`).
Execution is cached in the build's cache (:mod:`scripts.pipeline.cache`) by a hash of the
notebook source, the code it imports and the versions of the libraries that code imports and
of the kernel's Python, so a warm build executes nothing, nor does a comment-only edit. A
cell that raises, or writes to stderr (a warning), fails the build naming the notebook, the
cell and its line.

A notebook exposes its numbers in a ``RESULTS`` dict; after the last cell the stage reads
it from the kernel (in a cell that is not kept) into ``<name>.results.json`` beside it, for
the tests. Page metadata (tags, description) lives in the notebook metadata under
``mkdocs``, set in the jupytext header (a notebook has no front matter).

The MkDocs hook serves the executed notebook in place of the ``.py``;
:mod:`scripts.adapter.notebook_pages` converts it (mkdocs-jupyter's converter, which does
not execute it again) and makes it a page.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import queue
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from scripts.pipeline import imports
from scripts.pipeline.cache import Cache, digest, keep_newest
from scripts.pipeline.errors import BuildError
from scripts.pipeline.files import write_atomic
from scripts.pipeline.stage import code_digest

ROOT = Path(__file__).resolve().parents[2]
FOLDER = "experiments"  # under docs/
STAGE = "notebooks"  # the kind of the stage's entries in the build's cache
STAGE_VERSION = "2"  # bump when execution changes in a way the cache key does not show
CELL_TIMEOUT = 300  # seconds; a runaway cell fails the build instead of hanging it
log = logging.getLogger(__name__)

# Executed after the last cell (and dropped from the notebook): RESULTS as JSON on stdout.
_RESULTS_CELL = """\
import json as _json
print(_json.dumps(globals().get("RESULTS", {}), sort_keys=True,
                  default=lambda o: o.tolist() if hasattr(o, "tolist") else str(o)))
"""


@dataclass(frozen=True)
class Experiment:
    """One experiment: where it comes from and where its executed notebook goes."""

    source: Path  # docs/experiments/<name>.py
    src_dir: Path  # <out>, which holds experiments/<name>.ipynb like a docs directory

    @property
    def name(self) -> str:
        return self.source.stem

    @property
    def source_uri(self) -> str:
        return f"{FOLDER}/{self.source.name}"

    @property
    def uri(self) -> str:
        """The page's source path in the site: the notebook replaces the .py."""
        return f"{FOLDER}/{self.name}.ipynb"

    @property
    def path(self) -> Path:
        """<out>/experiments/<name>.ipynb, executed."""
        return self.src_dir / self.uri


@dataclass(frozen=True)
class Notebook(Experiment):
    """An experiment's executed notebook, and how it was made."""

    executed: bool = False  # False when it came from the cache
    finished: float = 0.0  # time.perf_counter() when it was ready
    stale: bool = False  # an earlier package version's run, reused by `mkdocs serve`

    @property
    def results(self) -> dict:
        return json.loads(results_path(self.path).read_text(encoding="utf-8"))


def results_path(notebook: Path) -> Path:
    return notebook.with_suffix(".results.json")


def sources(docs_dir: Path) -> list[Path]:
    """The experiments, in name order (files starting with ``_`` are not notebooks)."""
    folder = docs_dir / FOLDER
    return sorted(p for p in folder.glob("*.py") if not p.name.startswith("_"))


def cache_key(source: Path) -> str:
    """Hash of what an executed notebook depends on: its source (as written: the outputs
    show it), the code it imports, followed through the project (comments and layout do
    not count), the versions of the libraries that code imports and the kernel's Python
    (the kernel runs sys.executable, see _kernel_manager_class)."""
    files, libraries = imports.closure((source,))
    code = code_digest(files - {source}, libraries)
    return digest(f"{STAGE} {STAGE_VERSION}", source.read_bytes(), code)


# --- execution ------------------------------------------------------------------------------

_FONT_CACHE_LOCK = threading.Lock()


class Stop:
    """How a failed build stops its notebooks: no cell starts after :meth:`now`, and the
    kernels running one are killed (their notebooks then fail at once)."""

    def __init__(self):
        self._stopped = threading.Event()
        self.kernels: list = []  # the kernel managers of the notebooks being executed

    def now(self) -> None:
        self._stopped.set()
        for kernel in list(self.kernels):
            process = getattr(kernel.provisioner, "process", None)
            if process is not None and process.poll() is None:
                process.kill()

    def check(self, source: Path) -> None:
        if self._stopped.is_set():
            raise BuildError(f"{source}: not executed to the end: the build failed")


def _kernel_manager_class(ipc_dir: str, stop: Stop):
    """A kernel manager class for this interpreter, talking over Unix sockets in ``ipc_dir``,
    that ``stop`` can kill.

    The kernel spec is built here rather than looked up: a ``python3`` kernel installed in
    the user's Jupyter directories (which take precedence over the venv's) may run another
    Python that has neither numpy nor this package. nbclient creates (and so shuts down)
    the manager itself.
    """
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    spec = KernelSpec(
        argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        display_name="Python 3 (ipykernel)",
        language="python",
        env={
            "PYTHONPATH": pythonpath,  # `import activations` finds this checkout
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
            # one BLAS thread: bit-identical results on every run, and kernels run side by side
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            # glibc's malloc keeps up to 128 MB of freed memory for reuse: by default it hands
            # back what is free at the top of its heap once that exceeds a few MB, and several
            # numpy temporaries of a few MB, freed together, were faulted in again a 4 KB page
            # at a time at every training step (600,000 faults, 1.7 s of the training comparison)
            "MALLOC_MMAP_THRESHOLD_": str(32 << 20),
            "MALLOC_TRIM_THRESHOLD_": str(128 << 20),
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # no debugger warning on the kernel's stderr
            "IPYTHONDIR": os.path.join(ipc_dir, "ipython"),  # no user profile or startup files
        },
    )

    class ThisPython(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            return spec

    class ThisPythonKernel(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs["kernel_spec_manager"] = ThisPython()
            if os.name == "posix":
                # Unix sockets rather than TCP: no open port, no "unencrypted" warning
                kwargs.update(transport="ipc", ip=os.path.join(ipc_dir, "kernel"))
            super().__init__(**kwargs)
            stop.kernels.append(self)

    return ThisPythonKernel


def _cell_lines(text: str) -> list[int]:
    """Line number of each ``# %%`` cell marker in a percent-format source."""
    return [n for n, line in enumerate(text.splitlines(), 1) if line.startswith("# %%")]


def _where(source: Path, text: str, count: int, index: int) -> str:
    """'cell N (line L)' for the cell at ``index`` of a notebook of ``count`` cells."""
    lines = _cell_lines(text)
    line = f" (line {lines[index]})" if len(lines) == count else ""
    return f"{source}: cell {index + 1}{line}"


def read(source: Path):
    """The notebook in ``source``, with stable cell ids (the executed file is reproducible)."""
    import jupytext

    text = source.read_text(encoding="utf-8")
    try:
        nb = jupytext.reads(text, fmt="py:percent")
    except Exception as error:  # jupytext raises several types on bad headers
        raise BuildError(f"{source}: not a jupytext percent notebook: {error}") from None
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index}"
    return nb, text


# Run in a kernel before each notebook (and dropped): the state a fresh kernel would give it.
# The first run records what the rest restore: matplotlib's settings (the inline backend's
# too, set up by importing pyplot), the inline figure formats, numpy's error handling,
# print options and global random state, warning filters, sys.path and the working
# directory. Then the figures are closed and the user namespace is emptied; the modules a
# notebook imported stay imported, which is what a shared kernel saves.
_RESET_CELL = """\
def _fresh_state():
    import os, sys, warnings
    import matplotlib, matplotlib.pyplot as plt, numpy as np
    from matplotlib_inline.backend_inline import InlineBackend
    from matplotlib_inline.backend_inline import set_matplotlib_formats
    shell, inline = get_ipython(), InlineBackend.instance()
    state = getattr(sys, "_notebook_fresh_state", None)
    if state is None:
        state = sys._notebook_fresh_state = dict(
            rc=matplotlib.rcParams.copy(), formats=set(inline.figure_formats),
            figure_kwargs=dict(inline.print_figure_kwargs), err=np.geterr(),
            print=np.get_printoptions(), random=np.random.get_state(),
            filters=list(warnings.filters), path=list(sys.path), cwd=os.getcwd())
    plt.close("all")
    dict.update(matplotlib.rcParams, state["rc"])  # validated when they were set
    inline.print_figure_kwargs = dict(state["figure_kwargs"])
    set_matplotlib_formats(*state["formats"])
    np.seterr(**state["err"])
    np.set_printoptions(**state["print"])
    np.random.set_state(state["random"])
    warnings.filters[:] = state["filters"]
    sys.path[:] = state["path"]
    os.chdir(state["cwd"])
    shell.reset(new_session=False)
    shell.execution_count = 0  # this cell counts as one: the notebook's first is 1
_fresh_state()
"""


class Kernel:
    """A kernel of this interpreter that executes notebooks one after another: started
    when first needed, put in a fresh kernel's state before each notebook (see
    ``_RESET_CELL``), and started anew after a notebook that failed. Starting a kernel,
    importing numpy, matplotlib and the package and drawing a first figure cost about 0.8
    CPU-seconds, once per kernel instead of once per notebook."""

    def __init__(self, stop: Stop):
        self.stop = stop
        self._ipc = tempfile.TemporaryDirectory(prefix="nbkernel-")
        self._loop = asyncio.new_event_loop()  # the client's sockets belong to one loop
        self._manager = None
        self._client = None

    def execute(self, nb, on_cell_start) -> None:
        """Execute ``nb`` in place; ``on_cell_start(cell, cell_index)`` before each cell."""
        import nbformat

        fresh = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(_RESET_CELL)])
        try:
            self._loop.run_until_complete(self._run(fresh, None))
            if outputs := fresh.cells[0].outputs:  # a warning, say: the state may not be fresh
                raise RuntimeError(f"resetting the kernel printed {outputs}")
            self._loop.run_until_complete(self._run(nb, on_cell_start))
        except BaseException:
            self._discard()  # it may be busy with a runaway cell, or dead
            raise

    async def _run(self, nb, on_cell_start) -> None:
        from nbclient import NotebookClient

        if self._manager is None:
            self._manager = _kernel_manager_class(self._ipc.name, self.stop)()
        client = NotebookClient(
            nb,
            km=self._manager,  # not the client's: it stays up for the next notebook
            kernel_name="python3",
            timeout=CELL_TIMEOUT,
            allow_errors=False,
            record_timing=False,
            resources={"metadata": {"path": str(ROOT)}},  # the kernel's working directory
            on_cell_start=on_cell_start,
        )
        client.kc = self._client
        await client.async_execute()
        self._client = client.kc

    def _discard(self) -> None:
        manager, client, self._manager, self._client = self._manager, self._client, None, None
        if client is not None:
            client.stop_channels()
        if manager is not None and manager.has_kernel:
            self._loop.run_until_complete(manager.shutdown_kernel(now=True))

    def close(self) -> None:
        self._discard()
        self._loop.close()
        self._ipc.cleanup()


def execute(source: Path, kernel: Kernel | None = None):
    """Execute ``source``; return the executed notebook and its RESULTS. ``kernel``: the
    kernel to run it in, whose :class:`Stop` stops it before its next cell (by default one
    of its own, shut down after)."""
    stop = kernel.stop if kernel else Stop()
    with _FONT_CACHE_LOCK:
        # matplotlib builds its font cache on first use and says so on stderr, which would
        # fail the notebook that happened to do it: build it here, before any kernel starts.
        import matplotlib.font_manager  # noqa: F401
    import nbformat
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb, text = read(source)
    count = len(nb.cells)
    nb.cells.append(nbformat.v4.new_code_cell(_RESULTS_CELL, id="results"))
    current = {"index": 0}

    def started(cell, cell_index, **_):
        stop.check(source)
        current["index"] = cell_index

    own = kernel is None
    kernel = kernel or Kernel(stop)
    try:
        kernel.execute(nb, started)
    except CellExecutionError as error:
        where = _where(source, text, count, current["index"])
        raise BuildError(f"{where} raised {error.ename}: {error.evalue}") from None
    except (CellTimeoutError, DeadKernelError) as error:
        stop.check(source)
        where = _where(source, text, count, current["index"])
        raise BuildError(f"{where}: {type(error).__name__}: {error}") from None
    finally:
        if own:
            kernel.close()
    extra = nb.cells.pop()
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                where = _where(source, text, count, index)
                raise BuildError(f"{where} wrote to stderr: {output['text'].strip()[:500]}")
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = _merge_streams(cell.outputs)
    stdout = "".join(o.get("text", "") for o in extra.outputs if o.get("name") == "stdout")
    return nb, json.loads(stdout or "{}")


def _merge_streams(outputs: list) -> list:
    """Join consecutive stdout (or stderr) outputs: how the kernel happened to flush a cell's
    printing into messages depends on timing, and the executed file must not."""
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.get("output_type") == "stream"
            and previous is not None
            and previous.get("output_type") == "stream"
            and previous.get("name") == output.get("name")
        ):
            previous["text"] += output["text"]
        else:
            merged.append(output)
    return merged


KEPT_VERSIONS = 4  # executed versions kept per notebook, so undoing an edit is a cache hit


def _build_one(source: Path, out_dir: Path, cache: Cache, reuse_stale: bool,
               kernel: Kernel) -> Notebook:  # fmt: skip
    """Executed in ``kernel``, or taken from ``cache``: entries ``<name>-<source
    hash>-<key>``, each the executed notebook and its results."""
    prefix = f"{source.stem}-{hashlib.sha256(source.read_bytes()).hexdigest()[:12]}"
    key = f"{prefix}-{cache_key(source)[:16]}"
    entry = cache.load(STAGE, key)
    executed = stale = False
    if entry is None and reuse_stale:  # `mkdocs serve` after a package edit: the newest
        for older in reversed(cache.keys(STAGE, f"{prefix}-*")):  # run of this very source
            if (entry := cache.load(STAGE, older)) is not None:
                stale = True
                break
    if entry is None:
        import nbformat  # slow to import: not for a notebook taken from the cache

        nb, results = execute(source, kernel)
        payload = json.dumps(results, sort_keys=True, indent=1, allow_nan=True) + "\n"
        entry = (nbformat.writes(nb), payload)
        cache.store(STAGE, key, entry)
        executed = True
        keep_newest(cache, STAGE, f"{source.stem}-", KEPT_VERSIONS)
    path = Experiment(source, out_dir).path
    write_atomic(path, entry[0].encode())
    write_atomic(results_path(path), entry[1].encode())
    return Notebook(source, out_dir, executed, time.perf_counter(), stale)


class Batch:
    """Every experiment, executed (or taken from the cache) in background threads, the
    changed ones side by side, each thread's in a kernel of its own that it keeps from one
    notebook to the next (see :class:`Kernel`); each result is waited for when it is
    needed.

    With ``reuse_stale`` (for `mkdocs serve`), a notebook whose source is unchanged but whose
    package changed shows its newest earlier run instead of being executed again; a full
    build always executes it.
    """

    def __init__(self, docs_dir: Path, out_dir: Path, cache_dir: Path, jobs: int | None = None,
                 reuse_stale: bool = False):  # fmt: skip
        self.started = time.perf_counter()
        self.experiments = [Experiment(source, out_dir) for source in sources(docs_dir)]
        self._futures: dict[str, Future] = {e.uri: Future() for e in self.experiments}
        self._stop = Stop()
        if not self.experiments:
            return
        queued: queue.SimpleQueue = queue.SimpleQueue()
        for experiment in self.experiments:
            queued.put((experiment.source, self._futures[experiment.uri]))
        work = (queued, out_dir, Cache(cache_dir), reuse_stale)
        for number in range(jobs or min(len(self.experiments), os.cpu_count() or 1)):
            threading.Thread(target=self._work, args=work, name=f"notebook_{number}").start()

    def _work(self, queued: queue.SimpleQueue, out_dir: Path, cache: Cache,
              reuse_stale: bool) -> None:  # fmt: skip
        """Build the queued notebooks one after another, in one kernel, until none is left."""
        kernel = Kernel(self._stop)
        try:
            while True:
                try:
                    source, future = queued.get_nowait()
                except queue.Empty:
                    return
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    future.set_result(_build_one(source, out_dir, cache, reuse_stale, kernel))
                except BaseException as error:
                    future.set_exception(error)
        finally:
            kernel.close()

    def when_ready(self, uri: str, callback: Callable[[Notebook], None]) -> None:
        """``callback(notebook)`` once the notebook whose page is ``uri`` is ready, in the
        thread that made it (at once if it is ready); never if it failed."""

        def ready(future: Future) -> None:
            if not future.cancelled() and future.exception() is None:
                callback(future.result())

        self._futures[uri].add_done_callback(ready)

    def wait(self, uri: str) -> Notebook:
        """The notebook whose page is ``uri``, once ready; raises its BuildError."""
        return self._futures[uri].result()

    def wait_all(self) -> list[Notebook]:
        """Every notebook, in name order, once all are ready."""
        return [self.wait(experiment.uri) for experiment in self.experiments]

    def settle(self) -> None:
        """Wait for every notebook, whether it failed or not (after a failed build: a
        notebook's error was reported by its page, or is moot now)."""
        for future in self._futures.values():
            future.exception()

    def cancel(self) -> None:
        """Stop every notebook now: those queued never start, those running are killed
        (after a failed `mkdocs build`, which has nothing to wait for)."""
        for future in self._futures.values():
            future.cancel()
        self._stop.now()


def start(docs_dir: Path, out_dir: Path, cache_dir: Path, serving: bool = False) -> Batch:
    """The experiments of a site build that writes to ``out_dir`` and caches in
    ``cache_dir``, started in the background (see :class:`Batch`)."""
    return Batch(docs_dir, out_dir / "notebooks", cache_dir, reuse_stale=serving)


def build(docs_dir: Path, out_dir: Path, cache_dir: Path, jobs: int | None = None,
          reuse_stale: bool = False) -> list[Notebook]:  # fmt: skip
    """Executed notebooks for every experiment (see :class:`Batch`), waiting for all."""
    return Batch(docs_dir, out_dir, cache_dir, jobs, reuse_stale).wait_all()


def page_meta(path: Path) -> dict:
    """The page metadata (tags, description, …) of an executed notebook."""
    meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("mkdocs", {})
    if not isinstance(meta, dict):
        raise BuildError(f"{path}: metadata 'mkdocs' must be a mapping")
    return dict(meta)
