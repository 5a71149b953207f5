"""The distribution: a wheel of the package alone, typed and clean under mypy, and a lock
that agrees with pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_the_wheel_holds_the_package_alone_with_its_type_marker(tmp_path):
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "activations", tmp_path / "activations",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    build = "from setuptools import build_meta; print(build_meta.build_wheel('dist'))"
    result = subprocess.run([sys.executable, "-c", build], cwd=tmp_path, capture_output=True,
                            text=True, check=True)  # fmt: skip
    wheel = tmp_path / "dist" / result.stdout.strip().splitlines()[-1]
    names = zipfile.ZipFile(wheel).namelist()
    info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
    assert {n.split("/")[0] for n in names} == {"activations", info}
    assert "activations/py.typed" in names and "activations/_vectors/softmax.py" in names
    metadata = zipfile.ZipFile(wheel).read(f"{info}/METADATA").decode()
    assert "Name: activations-reference\n" in metadata
    assert "License-Expression: MIT\n" in metadata
    for requirement in PROJECT["project"]["dependencies"]:
        assert f"Requires-Dist: {requirement}\n" in metadata


def test_mypy_finds_no_error_in_the_package():
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                            text=True)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_lock_is_for_the_python_versions_the_project_declares():
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    assert lock["requires-python"] == PROJECT["project"]["requires-python"]
    locked = {p["name"] for p in lock["package"]}
    pinned = [r for group in PROJECT["dependency-groups"].values() for r in group]
    assert all(r.split("==")[0].lower().replace("_", "-") in locked for r in pinned)
    assert all(p.get("wheels") or p.get("sdist") or p["name"] == PROJECT["project"]["name"]
               for p in lock["package"])  # fmt: skip


@pytest.mark.parametrize("module", ["numpy", "sympy", "matplotlib", "mkdocs"])
def test_the_environment_is_installed_with_its_bytecode(module):
    """`make setup` compiles the environment's packages when it installs them: importing
    one reads its bytecode instead of compiling it from source in every process (where
    PYTHONDONTWRITEBYTECODE is set, nothing would ever write it)."""
    import importlib.util

    source = importlib.util.find_spec(module).origin
    assert Path(importlib.util.cache_from_source(source)).is_file(), source


def test_mpmath_computes_with_gmpy_in_the_sites_environment():
    """The stability page's 50-digit references take mpmath's big numbers to a thousand
    digits in the tails: with gmpy2 (the site's group) they cost 0.47 CPU-seconds instead of
    1.19, with the same digits."""
    import mpmath.libmp

    assert mpmath.libmp.BACKEND == "gmpy"
