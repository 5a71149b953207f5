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
