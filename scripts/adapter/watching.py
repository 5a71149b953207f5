"""`mkdocs serve` told of an edit by the system's file events rather than by polling.

MkDocs' server looks at every watched file every half second (watchdog's polling
observer), so a rebuild starts a quarter of a second after an edit on average. Where the
system reports file events (inotify, FSEvents, kqueue, ReadDirectoryChangesW), the watched
paths are moved to watchdog's observer for them, and a rebuild starts at once.
"""

from __future__ import annotations

from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver


def use_file_events(server) -> None:
    """Move the paths a not yet started MkDocs ``LiveReloadServer`` watches to the
    system's file events (kept on polling where the system has none)."""
    if Observer is PollingObserver or isinstance(server.observer, Observer):
        return
    watched = dict(server._watched_paths)  # path → how many asked for it (MkDocs 1.6)
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = Observer()
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)
