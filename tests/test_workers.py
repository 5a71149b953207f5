"""The build's worker processes: never forked from the build's own process, whose other
threads may be starting processes at that moment (see scripts/pipeline/workers.py)."""

import os
from pathlib import Path

from scripts.pipeline import workers


def _parent() -> tuple[int, int]:
    """The process this one was forked from, and how many threads it runs."""
    parent = os.getppid()
    status = Path(f"/proc/{parent}/status").read_text().splitlines()
    return parent, next(int(line.split()[1]) for line in status if line.startswith("Threads:"))


def test_a_worker_is_forked_from_a_process_of_one_thread_not_from_the_build():
    with workers.pool(2) as pool:
        parents = [pool.submit(_parent).result() for _ in range(4)]
    assert all(parent != os.getpid() for parent, _ in parents)
    assert {threads for _, threads in parents} == {1}


def _niceness() -> int:
    return os.getpriority(os.PRIO_PROCESS, 0)


def test_the_figures_are_drawn_at_a_lower_priority_than_the_work_the_build_waits_for():
    """The figure workers yield the cores to the pages and notebooks, which the build waits
    for before it needs the figures; a pool asked for no niceness runs as the build does."""
    from scripts.pipeline import figures

    ours = _niceness()
    nicer = min(ours + figures.DRAWING_NICENESS, 19)  # the system's lowest priority is 19
    with workers.pool(1) as pool:
        assert pool.submit(_niceness).result() == ours
    with figures.Drawing(Path("unused"), cache=None) as drawing:
        assert drawing._workers().submit(_niceness).result() == nicer
