"""Where the build keeps its caches and reads the frameworks' record, and atomic file
writes: shared by every build stage."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = _ROOT / ".cache"
# The frameworks' measured behaviour (scripts/tools/measure_frameworks.py writes it)
FRAMEWORK_RECORD = _ROOT / "measurements" / "frameworks.json"


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``path`` through a temporary file, skipping the write when nothing changed.

    The temporary name carries the process and thread, so parallel stages never share one.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if path.exists() and path.read_bytes() == raw:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        temporary.write_bytes(raw)
        os.replace(temporary, path)
    except BaseException:  # a full disk, an interrupt: no temporary file is left behind
        temporary.unlink(missing_ok=True)
        raise


def link_or_copy(source: Path, target: Path) -> None:
    """``target`` made the file ``source`` is: a hard link where the file system allows one,
    else a copy. A link is safe because the build replaces its files (:func:`write_atomic`)
    and never writes into one: a later build leaves a published file as it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target)
