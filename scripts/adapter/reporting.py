"""The pipeline's errors and log messages, reported through the site generator: a
BuildError as its message alone (MkDocs prints a traceback for any exception but its own
PluginError), and the pipeline's log (``scripts.pipeline.*``) among MkDocs' own, where
strict mode counts its warnings."""

from __future__ import annotations

import functools
import logging

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent

from scripts.pipeline.errors import BuildError


def reported(function):
    """``function``, raising a PluginError with the message of any BuildError it raises."""

    @functools.wraps(function)  # keeps mkdocs_priority, set by event_priority
    def call(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except BuildError as error:
            raise PluginError(str(error)) from error

    return call


def report_build_errors(namespace: dict) -> None:
    """Wrap every MkDocs event handler (``on_…``) of a hooks module's ``namespace``."""
    for name, handler in list(namespace.items()):
        if not name.startswith("on_"):
            continue
        if isinstance(handler, CombinedEvent):
            namespace[name] = CombinedEvent(*map(reported, handler.methods))
        elif callable(handler):
            namespace[name] = reported(handler)


# The loggers a generator writes to and keeps its strict-mode counters on: MkDocs' and its
# fork ProperDocs'.
GENERATOR_LOGGERS = ("mkdocs", "properdocs")
PIPELINE_LOGGER = "scripts.pipeline"


class _ToGenerator(logging.Handler):
    """Hands each record of the pipeline's log to MkDocs' logger, as if logged there."""

    def emit(self, record: logging.LogRecord) -> None:
        logging.getLogger("mkdocs.pipeline").handle(record)


def forward_pipeline_logs() -> None:
    """Report the pipeline's log through MkDocs' at its level (INFO, or DEBUG with -v)."""
    pipeline = logging.getLogger(PIPELINE_LOGGER)
    if not any(isinstance(h, _ToGenerator) for h in pipeline.handlers):
        pipeline.addHandler(_ToGenerator())
        pipeline.propagate = False
    pipeline.setLevel(logging.getLogger("mkdocs").getEffectiveLevel())


def _generator_handlers() -> list[logging.Handler]:
    return [h for name in GENERATOR_LOGGERS for h in logging.getLogger(name).handlers]


def _counts(handler: logging.Handler) -> bool:
    return hasattr(handler, "get_counts")  # MkDocs' strict-mode counter, CountHandler


class _Uncounted(logging.Handler):
    """Shows each record with the generator's own handlers but its strict-mode counters."""

    def emit(self, record: logging.LogRecord) -> None:
        for handler in _generator_handlers():
            if not _counts(handler) and record.levelno >= handler.level:
                handler.handle(record)


def uncounted_logger(name: str) -> logging.Logger:
    """A logger shown like MkDocs' own but never counted by strict mode: for work an earlier
    build left running in the background, whose failure must not fail the build then running."""
    logger = logging.getLogger(name)
    if not any(isinstance(h, _Uncounted) for h in logger.handlers):
        logger.addHandler(_Uncounted())
        logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger


def warnings_logged() -> bool:
    """Whether the generator's strict-mode counter has seen a warning in this build."""
    return any(h.get_counts() for h in _generator_handlers() if _counts(h))
