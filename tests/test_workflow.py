"""The GitHub Actions workflows pass actionlint and zizmor, pin every action by commit, and the
linters do catch a broken workflow."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))

# A job that needs a job that does not exist, and a property the github context lacks.
BROKEN = """\
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    needs: nowhere
    steps:
      - run: echo "${{ github.no_such_property }}"
"""


def _tool(name: str) -> str:
    """A linter that the test group (pyproject.toml) installs next to this Python, else on PATH."""
    beside = Path(sysconfig.get_path("scripts")) / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found: `make setup-test` installs it (pyproject.toml, test group)")
    return found


def _lint(*files: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    # ShellCheck and pyflakes are used when on PATH, never required.
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACTIONLINT_")}
    return subprocess.run(
        [_tool("actionlint"), "-no-color", "-oneline", *map(str, files)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_workflows_pass_actionlint():
    assert WORKFLOWS, "no workflow found in .github/workflows"
    result = _lint(*WORKFLOWS, cwd=ROOT)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_actionlint_reports_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN)
    result = _lint(broken, cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'needs job "nowhere"' in result.stdout
    assert "no_such_property" in result.stdout


# An action pinned by tag, with a template expansion in a run step (code injection).
UNPINNED = """\
on: pull_request
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v7
        with:
          persist-credentials: false
      - run: echo "${{ github.event.pull_request.title }}"
"""


def _zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_tool("zizmor"), "--offline", "--no-progress", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_workflows_and_dependabot_pass_zizmor():
    result = _zizmor(*WORKFLOWS, ROOT / ".github" / "dependabot.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_reports_an_unpinned_action_and_an_injection(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(UNPINNED)
    result = _zizmor(broken)
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout and "template-injection" in result.stdout


USES = re.compile(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", re.MULTILINE)


def test_every_action_is_pinned_by_commit_with_its_version_named():
    steps = [m for workflow in WORKFLOWS for m in USES.finditer(workflow.read_text())]
    assert steps, "no action found"
    for match in steps:
        action, comment = match.groups()
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r"\s*#\s*v\d+(\.\d+)*\s*", comment), f"{action}: no version comment"
