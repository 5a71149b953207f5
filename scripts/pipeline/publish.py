"""Publishing a built site in one step, one build at a time.

A build holds :class:`BuildLock` from start to end, so two builds in one tree never share
their output; it writes ``<site>.partial``, which replaces ``<site>`` only when the build ends
well, in one atomic exchange of the two folders: a failed or killed build leaves the
previous site, whole.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)


class BuildLock:
    """An exclusive lock on ``path`` (``flock``), held by one build at a time. A build that
    finds it held says so and waits; the system releases it when its holder exits, even
    when killed."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._file = None

    def acquire(self) -> None:
        if self._file is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        file = self.path.open("a+")
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.seek(0)
            holder = file.read().strip() or "?"
            log.info(f"Another build of this project (process {holder}) holds {self.path}; "
                     f"waiting for it to end")  # fmt: skip
            started = time.monotonic()
            fcntl.flock(file, fcntl.LOCK_EX)
            log.info(f"The other build ended; this one starts after "
                     f"{time.monotonic() - started:.1f} s")  # fmt: skip
        file.truncate(0)
        file.write(f"{os.getpid()}\n")
        file.flush()
        self._file = file

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing the file releases the lock
            self._file = None

    def __enter__(self) -> BuildLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


class Publication:
    """A build of the site in ``site_dir``, written beside it until :meth:`finish`."""

    def __init__(self, site_dir: str | Path):
        self.final = Path(site_dir)
        self.partial = self.final.with_name(self.final.name + ".partial")
        self.previous = self.final.with_name(self.final.name + ".previous")
        if self.previous.is_dir() and not self.final.exists():  # a swap without exchange
            self.previous.rename(self.final)  # was interrupted between its two renames
        discard(self.previous)
        discard(self.partial)

    def finish(self, rejected: bool = False) -> None:
        """Move the finished site into place, unless it is ``rejected`` (a strict build that
        logged a warning: MkDocs aborts it only after its last event, so the adapter checks
        here, and a site with a warning is dropped, not published).

        The new site takes the old one's place in one step (the old site is kept until
        then), and the old one is deleted after."""
        if rejected:
            self.abandon()
            return
        if not self.final.exists():
            self.partial.rename(self.final)
        elif exchange(self.partial, self.final):
            discard(self.partial)  # which now holds the old site
        else:  # no atomic exchange here: the old site is kept aside until the new is in
            self.final.rename(self.previous)
            self.partial.rename(self.final)
            discard(self.previous)

    def abandon(self) -> None:
        """Drop the half-written site; the previous one stays."""
        discard(self.partial)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100
_LIBC = ctypes.CDLL(None, use_errno=True)


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux's ``renameat2`` with ``RENAME_EXCHANGE``);
    False where the system or the file system cannot."""
    renameat2 = getattr(_LIBC, "renameat2", None)
    if renameat2 is None:
        return False
    paths = os.fsencode(first), os.fsencode(second)
    if renameat2(_AT_FDCWD, paths[0], _AT_FDCWD, paths[1], _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def discard(folder: Path) -> None:
    """Delete ``folder``; what cannot be deleted is logged and moved out of the way (to
    ``<folder>.undeleted-<time>``), so that the name is free for the next build."""
    if not folder.exists():
        return
    failures: list[str] = []

    def failed(_, path, error) -> None:  # error: an exception (3.12's onexc), or exc_info
        failures.append(f"{path}: {error[1] if isinstance(error, tuple) else error}")

    shutil.rmtree(folder, **{"onexc" if sys.version_info >= (3, 12) else "onerror": failed})
    if folder.exists():
        aside = folder.with_name(f"{folder.name}.undeleted-{time.time_ns()}")
        folder.rename(aside)
        log.info(f"Could not delete {folder} ({'; '.join(failures[:3])}); left in {aside}")


FALLBACK_DATE = "0"  # 1970-01-01: what a tree without git history is dated


def source_date_epoch(project: Path) -> str:
    """The date a build of ``project`` gives its pages and sitemap, so that two builds of one
    commit are the same on any day: ``SOURCE_DATE_EPOCH`` when set, else the time of the
    last commit, else (no git, or no history) :data:`FALLBACK_DATE`."""
    if date := os.environ.get("SOURCE_DATE_EPOCH"):
        return date
    try:
        result = subprocess.run(["git", "-C", str(project), "log", "-1", "--format=%ct"],
                                capture_output=True, text=True, timeout=30)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return FALLBACK_DATE
    date = result.stdout.strip()
    return date if result.returncode == 0 and date.isdigit() else FALLBACK_DATE
