"""`mkdocs serve`: an edit to an activation's code or to a page shows on the served site.

A copy of the project is served (its own package, build script and pages, the checkout's
caches), so the edits never touch the checkout.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
import types
import urllib.request
from pathlib import Path

import pytest

from scripts.pipeline.reload import ROOT, Reloader, keep_compiled_code
from scripts.pipeline.urls import built_url, function_page
from tests.conftest import project_copy

RELU, SIGMOID = (built_url(function_page(slug)) for slug in ("relu", "sigmoid"))
TIMEOUT = 120.0  # seconds for a (re)build to show: generous, CI machines are shared


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def without_reload_script(page: str) -> str:
    """The page as built: the server adds a script naming the build and the request."""
    return re.sub(r"<script>(?:(?!</script>).)*livereload(?:(?!</script>).)*</script>", "",
                  page, flags=re.S)  # fmt: skip


def wait_until(condition, what: str, log: Path | None = None) -> None:
    """Poll ``condition`` until it holds; else fail with ``what`` and the server log's end."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    tail = "\n".join(log.read_text().splitlines()[-40:]) if log else ""
    raise AssertionError(f"after {TIMEOUT:.0f} s: {what}\n{tail}")


@pytest.fixture(scope="module")
def served(site, tmp_path_factory):
    """(base URL, project copy, server log) of `mkdocs serve` on a copy of the project.

    Depends on ``site`` so that the checkout's caches are filled, then copied: the first
    build of the copy reuses the figures and notebooks instead of making them again.
    """
    project = project_copy(tmp_path_factory.mktemp("serve"), own_code=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = project / "serve.log"
    env = {**os.environ, "PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_until(
            lambda: "ReLU" in (fetch(base + RELU) or ""),
            "no first build",
            log,
        )
        yield base, project, log
    finally:
        server.terminate()
        server.wait(timeout=30)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_to_an_activation_shows_on_its_page_and_in_the_explorer(served):
    base, project, log = served
    before = without_reload_script(fetch(base + SIGMOID))
    source = project / "activations" / "_relu.py"
    summary = re.search(r'slug="relu",.*?summary=\(?\s*"', source.read_text(), re.S)
    edit(source, summary[0], summary[0] + "Edited in serve. ")
    wait_until(
        lambda: "Edited in serve." in (fetch(base + RELU) or ""),
        "the ReLU page does not show the edited summary",
        log,
    )
    # built from the edited package too, not from the modules imported before the edit
    assert "Edited in serve." in fetch(base + "data/explorer/index.json")
    # a page the edit does not touch is the same, though this time its render was reused
    assert without_reload_script(fetch(base + SIGMOID)) == before


def test_an_edit_to_a_page_shows(served):
    base, project, log = served
    edit(project / "docs" / "glossary.md", "\n## ", "\nA sentence added in serve.\n\n## ")
    wait_until(
        lambda: "A sentence added in serve." in (fetch(base + "glossary/") or ""),
        "the glossary does not show the added sentence",
        log,
    )


def test_what_the_navigation_shows_of_an_edited_page_shows_on_the_pages_beside_it(served):
    """The pages beside the glossary show its subtitle in their navigation, though their own
    content did not change and their template output was reused until then."""
    base, project, log = served
    assert "Words in one place" not in fetch(base + "derivatives/")
    edit(project / "docs" / "glossary.md", "\ntags:\n", "\nsubtitle: Words in one place\ntags:\n")
    wait_until(
        lambda: "Words in one place" in (fetch(base + "derivatives/") or ""),
        "the navigation of a page beside the glossary does not show its new subtitle",
        log,
    )


def builds(log: Path) -> list[str]:
    """The server's log, one part per build (the lines after its "Building documentation")."""
    return log.read_text().split("Building documentation...")[1:]


# A build that ended well: MkDocs' "Documentation built in N seconds" would not do, since its
# build log drops a message it has logged before (two builds that took the same time).
BUILT, FAILED = "Reloading browsers", "An error happened during the rebuild"


def build_after(change, log: Path) -> str:
    """Make ``change``; the log of the first build that started after it, once it ended.

    A build that was running during the change may have read the files before it: only a
    build started later is sure to have seen the change.
    """
    started = len(builds(log))
    change()

    def ended() -> bool:
        later = builds(log)[started:]
        return bool(later) and (BUILT in later[0] or FAILED in later[0])

    wait_until(ended, "no build ended after the change", log)
    return builds(log)[started]


def test_a_broken_link_fails_every_rebuild_until_it_is_fixed(served):
    """Strict mode holds in `serve` too: a render that warned is not reused, so a second
    rebuild warns and fails again instead of serving the broken link."""
    base, project, log = served
    choosing, glossary = project / "docs" / "choosing.md", project / "docs" / "glossary.md"
    broken = "\nSee [nowhere](no-such-page.md).\n"
    build = build_after(lambda: edit(choosing, "\n## ", broken + "\n## "), log)
    assert FAILED in build and "no-such-page.md" in build, build
    build = build_after(lambda: edit(glossary, "\n## ", "\nAnother sentence.\n\n## "), log)
    assert FAILED in build and "no-such-page.md" in build, f"the next rebuild:\n{build}"
    assert "Another sentence." not in (fetch(base + "glossary/") or "")  # held till a fix
    build = build_after(lambda: edit(choosing, broken, ""), log)
    assert BUILT in build, build
    wait_until(lambda: "Another sentence." in (fetch(base + "glossary/") or ""), "no page", log)


def test_the_search_index_of_each_build_is_complete_before_the_next_build_starts(served):
    """During serve the index is built in the background; quick edits must neither cut an
    index short (the next build empties the site folder it reads) nor fail a build."""
    base, project, log = served
    glossary = project / "docs" / "glossary.md"
    for number in range(3):  # each edit as soon as the previous build has ended
        change = functools.partial(edit, glossary, "\n## ", f"\nQuick edit {number}.\n\n## ")
        build = build_after(change, log)
        assert BUILT in build, build
    wait_until(lambda: "Quick edit 2." in (fetch(base + "glossary/") or ""), "no page", log)
    assert "search index was not built" not in log.read_text()


def test_reloading_drops_the_project_modules_imported_since_the_adapter(monkeypatch):
    """Which modules `serve` re-imports is derived: the project's, but those already loaded
    when the adapter made its Reloader (the adapter holds on to them)."""
    kept = types.ModuleType("activations._kept_probe")
    kept.__file__ = str(ROOT / "activations" / "_kept_probe.py")
    monkeypatch.setitem(sys.modules, kept.__name__, kept)
    reloader = Reloader()
    probe = types.ModuleType("scripts.pipeline._probe")
    probe.__file__ = str(ROOT / "scripts" / "pipeline" / "_probe.py")
    monkeypatch.setitem(sys.modules, probe.__name__, probe)
    hook = types.ModuleType("hook_probe")  # how MkDocs names a hooks file it loads
    hook.__file__ = str(ROOT / "scripts" / "adapter" / "hook_probe.py")
    monkeypatch.setitem(sys.modules, hook.__name__, hook)
    reloader.forget_changed_code()  # the first call counts as a change
    assert probe.__name__ not in sys.modules and hook.__name__ not in sys.modules
    assert kept.__name__ in sys.modules and "pytest" in sys.modules
    monkeypatch.setitem(sys.modules, probe.__name__, probe)
    reloader.forget_changed_code()  # nothing changed since
    assert probe.__name__ in sys.modules


def test_a_reimport_after_an_edit_compiles_the_edited_module_only(tmp_path, monkeypatch):
    """Where no bytecode is written, `serve` keeps each module's compiled code while its
    source is the same: after an edit, the re-import compiles that file alone, and runs
    the edited code."""
    import builtins

    package = tmp_path / "compiled_probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "base.py").write_text("VALUE = 1\n")
    (package / "user.py").write_text("from compiled_probe.base import VALUE\n\nUSED = VALUE\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    keep_compiled_code((package,))
    compiled, compile_ = [], builtins.compile

    def counted(source, filename, *args, **kwargs):
        if str(filename).startswith(str(package)):
            compiled.append(Path(filename).name)
        return compile_(source, filename, *args, **kwargs)

    monkeypatch.setattr(builtins, "compile", counted)

    def imported() -> int:
        for name in [n for n in sys.modules if n.startswith("compiled_probe")]:
            monkeypatch.delitem(sys.modules, name)
        __import__("compiled_probe.user")
        return sys.modules["compiled_probe.user"].USED

    assert imported() == 1 and sorted(compiled) == ["__init__.py", "base.py", "user.py"]
    compiled.clear()
    assert imported() == 1 and compiled == []
    (package / "base.py").write_text("VALUE = 2\n")
    assert imported() == 2 and compiled == ["base.py"]


def test_a_build_during_serve_stops_the_index_of_the_build_before_and_waits_for_it(
    monkeypatch, tmp_path
):
    """The index the previous build left running reads the site folder the next build
    empties: the next build stops it and starts only once it has ended."""
    from scripts.adapter import search as site_search

    order, stopped = [], threading.Event()

    def slow_index(*args) -> float:
        stopped.wait(timeout=TIMEOUT)
        order.append("index ended")
        raise site_search.search.Stopped()

    monkeypatch.setattr(site_search.search, "index", slow_index)
    monkeypatch.setattr(site_search.search, "stop", stopped.set)
    names = types.SimpleNamespace(table=dict)
    monkeypatch.setattr(site_search.search, "Names", lambda cache: order.append("build") or names)
    searching = site_search.SiteSearch()
    searching.serving = True
    searching.begin()
    searching.index(types.SimpleNamespace(strict=False, site_dir=str(tmp_path)))
    searching.begin()
    assert stopped.is_set() and order == ["build", "index ended", "build"]


def test_stopping_the_index_ends_the_pagefind_run_under_way(monkeypatch, tmp_path):
    """search.stop() ends Pagefind (its launcher and what that runs) and the build of the
    index raises Stopped, which is not a failure."""
    from scripts.pipeline import search

    pagefind = tmp_path / "pagefind"
    pagefind.write_text("#!/bin/sh\nsh -c 'sleep 600' &\nwait\n")  # a launcher and its child
    pagefind.chmod(0o755)
    monkeypatch.setattr(search, "PAGEFIND", pagefind)
    outcome = []
    run = threading.Thread(target=lambda: outcome.append(_outcome(search._pagefind, tmp_path)))
    run.start()
    wait_until(lambda: search._RUNS, "Pagefind did not start")
    (process,) = search._RUNS
    search.stop()
    run.join()
    assert isinstance(outcome[0], search.Stopped)
    wait_until(lambda: not _running_in_group(process.pid), "a process of the run is left")


def _outcome(function, *args):
    try:
        return function(*args)
    except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
        return error


def _running_in_group(group: int) -> list[str]:
    """The processes of process group ``group`` that have not exited (zombies have)."""
    running = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[2]) == group and fields[0] != "Z":  # the fields after the name
            running.append(stat.parent.name)
    return running


def test_a_failed_index_in_the_background_is_shown_but_fails_no_build(monkeypatch, tmp_path):
    """A background index reports its failure; the build then running (strict) still passes."""
    from mkdocs.utils import CountHandler

    from scripts.adapter import search as site_search

    def failing_index(*args) -> float:
        raise RuntimeError("pagefind failed")

    monkeypatch.setattr(site_search.search, "index", failing_index)
    shown, counter = io.StringIO(), CountHandler(level=logging.WARNING)
    generator = logging.getLogger("mkdocs")
    monkeypatch.setattr(generator, "handlers", [logging.StreamHandler(shown), counter])
    site_search._index_in_background(tmp_path, {}, set())
    assert "the search index was not built: pagefind failed" in shown.getvalue()
    assert counter.get_counts() == []


def test_the_server_is_told_of_an_edit_by_file_events(tmp_path):
    """MkDocs' server polls the watched paths every half second; the adapter moves them to
    the system's file events, and an edit to a page or to the config file asks for a
    rebuild without waiting for a poll."""
    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    from scripts.adapter import watching

    (tmp_path / "docs").mkdir()
    page, config = tmp_path / "docs" / "index.md", tmp_path / "mkdocs.yml"
    page.write_text("# Home\n")
    config.write_text("site_name: x\n")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(tmp_path / "docs"))
    server.watch(str(config))
    watching.use_file_events(server)
    assert Observer is not PollingObserver and isinstance(server.observer, Observer)
    assert server._watched_paths == {str(tmp_path / "docs"): 1, str(config): 1}
    server.observer.start()
    try:
        for edited in (page, config):
            server._want_rebuild = False
            edited.write_text(edited.read_text() + "\n")
            with server._rebuild_cond:
                asked = server._rebuild_cond.wait_for(lambda: server._want_rebuild, TIMEOUT)
            assert asked, edited
    finally:
        server.observer.stop()
        server.observer.join()
        server.server_close()
