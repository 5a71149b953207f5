"""Publishing the site: one build at a time in a tree, the new site in place in one step, a
previous site never lost, the build dated by the last commit."""

from __future__ import annotations

import errno
import logging
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from scripts.pipeline import publish
from scripts.pipeline.files import link_or_copy, write_atomic
from scripts.pipeline.publish import BuildLock, Publication
from tests.conftest import project_copy


def site_with(folder: Path, text: str) -> Path:
    """A complete little site: its pages all say ``text``."""
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(text)
    (folder / "assets" / "site.css").write_text(text)
    return folder


def says(folder: Path) -> set[str]:
    """What a site's pages say; one value for a complete site, none when there is none."""
    if not folder.is_dir():
        return set()
    return {(folder / name).read_text() for name in ("index.html", "assets/site.css")
            if (folder / name).is_file()}  # fmt: skip


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path, caplog):
    first, second = BuildLock(tmp_path / ".lock"), BuildLock(tmp_path / ".lock")
    order = []
    first.acquire()
    waiting = threading.Thread(target=lambda: (second.acquire(), order.append("second")))
    with caplog.at_level(logging.INFO, logger="scripts.pipeline.publish"):
        waiting.start()
        waiting.join(timeout=2)
        assert waiting.is_alive(), "the second build did not wait"
        order.append("first ends")
        first.release()
        waiting.join(timeout=30)
    second.release()
    assert order == ["first ends", "second"]
    assert f"(process {os.getpid()})" in caplog.text and "waiting for it to end" in caplog.text


def test_two_builds_started_together_both_publish_a_whole_site(tmp_path, site):
    """Both wait their turn; and dated by the tree, not the day (here: no git history)."""
    project = project_copy(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")]
    builds = [subprocess.Popen(command, cwd=project, env=env, text=True, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT) for _ in range(2)]  # fmt: skip
    logs = [build.communicate(timeout=900)[0] for build in builds]
    assert [build.returncode for build in builds] == [0, 0], "\n".join(log[-2000:] for log in logs)
    assert sum("waiting for it to end" in log for log in logs) == 1, "\n".join(logs)
    published = {p.relative_to(tmp_path / "site") for p in (tmp_path / "site").rglob("*")}
    assert published == {p.relative_to(site) for p in site.rglob("*")}
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {"1970-01-01"}


def test_the_new_site_replaces_the_old_in_one_step(tmp_path, monkeypatch):
    """At every step of publishing there is one whole site in place, old or new."""
    final = site_with(tmp_path / "site", "old")
    publication = Publication(final)
    site_with(publication.partial, "new")
    seen = []

    def watched(name, step):
        def run(*args, **kwargs):
            seen.append((name, says(final)))
            result = step(*args, **kwargs)
            seen.append((name, says(final)))
            return result

        return run

    monkeypatch.setattr(publish, "exchange", watched("exchange", publish.exchange))
    monkeypatch.setattr(publish.shutil, "rmtree", watched("rmtree", publish.shutil.rmtree))
    publication.finish()
    assert seen[:2] == [("exchange", {"old"}), ("exchange", {"new"})]
    assert all(site in ({"old"}, {"new"}) for _, site in seen), seen
    assert says(final) == {"new"}
    assert [p.name for p in tmp_path.iterdir()] == ["site"], "the old site was left behind"


def test_an_old_site_that_cannot_be_deleted_leaves_the_new_one_whole(tmp_path, monkeypatch, caplog):
    final = site_with(tmp_path / "site", "old")
    publication = Publication(final)
    site_with(publication.partial, "new")
    undeletable = final / "assets" / "site.css"
    real_unlink = os.unlink

    def unlink(path, *args, **kwargs):
        if Path(path).name == undeletable.name:
            raise PermissionError(1, "Operation not permitted", str(path))
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink)
    with caplog.at_level(logging.INFO, logger="scripts.pipeline.publish"):
        publication.finish()
    assert says(final) == {"new"}
    assert not publication.partial.exists(), "the next build could not write its site"
    assert "Could not delete" in caplog.text and "site.css" in caplog.text
    Publication(final)  # the next build starts as well


def test_a_swap_interrupted_where_no_atomic_exchange_exists_is_undone(tmp_path, monkeypatch):
    """Without an exchange (not Linux), the old site is renamed aside first: a kill
    before the new one is renamed in leaves no site/, and the next build puts it back."""
    final = site_with(tmp_path / "site", "old")
    publication = Publication(final)
    site_with(publication.partial, "new")
    monkeypatch.setattr(publish, "exchange", lambda *paths: False)
    real_rename = Path.rename

    def killed_after_the_first_rename(self, target):
        real_rename(self, target)
        raise KeyboardInterrupt  # as a kill would stop it here

    monkeypatch.setattr(Path, "rename", killed_after_the_first_rename)
    with pytest.raises(KeyboardInterrupt):
        publication.finish()
    monkeypatch.setattr(Path, "rename", real_rename)
    assert says(final) == set()
    Publication(final)  # the next build
    assert says(final) == {"old"}


def test_the_build_date_is_the_last_commits(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert publish.source_date_epoch(tmp_path) == publish.FALLBACK_DATE  # no git here
    env = {**os.environ, "GIT_AUTHOR_DATE": "@1600000000 +0000",
           "GIT_COMMITTER_DATE": "@1600000000 +0000"}  # fmt: skip
    for command in (["init", "-q"], ["-c", "user.name=a", "-c", "user.email=a@b",
                                     "commit", "-q", "--allow-empty", "-m", "first"]):  # fmt: skip
        subprocess.run(["git", "-C", str(tmp_path), *command], check=True, env=env)
    assert publish.source_date_epoch(tmp_path) == "1600000000"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert publish.source_date_epoch(tmp_path) == "1700000000"


@pytest.mark.parametrize("linking", ["linked", "across file systems"])
def test_a_published_figure_stays_as_it_was_when_the_next_build_redraws_it(
    tmp_path, monkeypatch, linking
):
    """The site's generated files are hard links to the build's (copies where the file
    system allows no link): the next build replaces its own file, and the published one
    keeps what it showed."""
    drawn, published = tmp_path / "build" / "relu-light.svg", tmp_path / "site" / "relu.svg"
    write_atomic(drawn, b"<svg>first</svg>")
    published.parent.mkdir()
    published.write_bytes(b"<svg>stale, from the site before</svg>")

    def no_link(source, target):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    if linking != "linked":
        monkeypatch.setattr(os, "link", no_link)
    link_or_copy(drawn, published)
    assert published.read_bytes() == b"<svg>first</svg>"
    assert os.path.samefile(drawn, published) == (linking == "linked")
    write_atomic(drawn, b"<svg>second</svg>")
    assert published.read_bytes() == b"<svg>first</svg>"
