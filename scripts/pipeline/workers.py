"""Worker processes for the build, safe to start while other threads start processes.

A process forked from a process with threads keeps every file descriptor those threads
hold. Forked while another thread is starting a process (a notebook's kernel, git,
Pagefind), it holds that start's error pipe open, and the starting thread waits for it to
close for ever. So workers are never forked from the build's process: they are forked
from multiprocessing's fork server, a process of one thread, itself started the way
subprocesses are (fork then exec). The server imports the heavy libraries once, so that a
worker starts with them; the build's own modules a worker imports from the files, as they
are now (during ``serve`` the server outlives an edit).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

PRELOADED = ("numpy", "matplotlib.pyplot")  # libraries only: they do not change during serve


def pool(workers: int, niceness: int = 0) -> ProcessPoolExecutor:
    """``workers`` worker processes, forked from the fork server, each ``niceness`` nicer
    than the build (work nothing waits for yields the cores to work something waits for)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOADED))
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=os.nice,
                               initargs=(niceness,))  # fmt: skip
