"""Publishing a built site in one step: the build writes ``<site>.partial``, which replaces
``<site>`` only when the build ends well, so a failed build leaves the previous site."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path


class Publication:
    """A build of the site in ``site_dir``, written beside it until :meth:`finish`."""

    def __init__(self, site_dir: str | Path):
        self.final = Path(site_dir)
        self.partial = self.final.with_name(self.final.name + ".partial")
        shutil.rmtree(self.partial, ignore_errors=True)

    def finish(self, strict: bool) -> None:
        """Move the finished site into place, unless ``strict`` and a warning was logged:
        MkDocs aborts a strict build for its warnings only after its last event, so they
        are checked here and a site with a warning is dropped, not published."""
        if strict and warnings_logged():
            self.abandon()
            return
        shutil.rmtree(self.final, ignore_errors=True)
        self.partial.rename(self.final)

    def abandon(self) -> None:
        """Drop the half-written site; the previous one stays."""
        shutil.rmtree(self.partial, ignore_errors=True)


# The loggers whose strict-mode counters a generator keeps: MkDocs' and its fork ProperDocs'.
GENERATOR_LOGGERS = ("mkdocs", "properdocs")


def warnings_logged() -> bool:
    """Whether the generator's strict-mode counter has seen a warning in this build."""
    handlers = [h for name in GENERATOR_LOGGERS for h in logging.getLogger(name).handlers]
    counters = [h for h in handlers if hasattr(h, "get_counts")]  # MkDocs' CountHandler
    return any(counter.get_counts() for counter in counters)
