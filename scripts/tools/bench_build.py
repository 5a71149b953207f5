"""Build-speed benchmark: cold build from a fresh clone, warm rebuild, and `mkdocs serve` edits.

Prints medians over several runs and the build script's per-stage timings; each serve edit
is timed from an idle server (the previous edit undone and built). ``--serve-only``: the
serve edits alone; ``--marginal``: what one more activation costs a cold build, measured
(cold builds with and without ``MORE`` records, alternating) and piece by piece;
``--reimport``: serve's re-import of the code after an edit. A measurement, not a test:
the goals on 2 cores are cold ≤ 20 s, rebuild ≤ 2 s, an edit visible during `mkdocs serve`
≤ 1 s for a page and ≤ 1.5 s for an activation's code (docs/performance.md has the latest
figures).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from scripts.pipeline.urls import built_url, function_page

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
RELU_PAGE = built_url(function_page("relu"))  # the page the code edit shows on


def fresh_clone(workdir: Path) -> Path:
    """A clone of the working tree's HEAD plus uncommitted changes, sharing node_modules."""
    clone = workdir / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    diff = subprocess.run(["git", "diff", "HEAD", "--binary"], cwd=ROOT, capture_output=True,
                          check=True).stdout  # fmt: skip
    if diff:
        subprocess.run(["git", "apply", "--whitespace=nowarn"], cwd=clone, input=diff, check=True)
    listing = ["git", "ls-files", "--others", "--exclude-standard"]
    untracked = subprocess.run(listing, cwd=ROOT, capture_output=True, text=True, check=True)
    untracked = untracked.stdout.split()
    for name in untracked:
        target = clone / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    (clone / "node_modules").symlink_to(ROOT / "node_modules")
    return clone


def clone_env(clone: Path, cache: Path) -> dict[str, str]:
    """The clone's own package and build code (ahead of the editable install), its own caches."""
    return {**ENV, "PYTHONPATH": str(clone), "KATEX_CACHE_DIR": str(cache / "katex")}


def timed_build(clone: Path, cache: Path) -> tuple[float, list[str]]:
    env = clone_env(clone, cache)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=clone,
                            env=env, capture_output=True, text=True)  # fmt: skip
    elapsed = time.perf_counter() - started
    if result.returncode:
        sys.exit(f"build failed:\n{result.stderr[-3000:]}")
    stages = [line for line in result.stderr.splitlines() if line.startswith("[build]")]
    return elapsed, stages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, needle: str, timeout: float = 60.0) -> float:
    """Seconds until ``url`` serves a page containing ``needle``."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if needle in response.read().decode("utf-8", "replace"):
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{needle!r} never appeared at {url}")


def wait_until_gone(url: str, needle: str, timeout: float = 60.0) -> None:
    """Wait until ``url`` serves a page without ``needle`` (an edit undone has been built)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if needle not in response.read().decode("utf-8", "replace"):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{needle!r} still at {url}")


def serve_edits(clone: Path, cache: Path, runs: int) -> dict[str, list[float]]:
    """Time from saving an edit to the served page showing it, for code and for a page."""
    port = free_port()
    env = clone_env(clone, cache)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=clone, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    results: dict[str, list[float]] = {"activation code": [], "page": []}
    try:
        wait_for(base + RELU_PAGE, "ReLU", timeout=180)
        code = clone / "activations" / "_relu.py"
        page = clone / "docs" / "summary.md"
        for run in range(runs):
            marker = f"benchmark edit {run}"
            text = code.read_text()
            edited = re.sub(r'(slug="relu",.*?summary=\(?\s*")', rf"\g<1>{marker}. ", text,
                            count=1, flags=re.S)  # fmt: skip
            assert edited != text, "the ReLU summary was not found"
            code.write_text(edited)
            results["activation code"].append(wait_for(base + RELU_PAGE, marker))
            code.write_text(text)
            wait_until_gone(base + RELU_PAGE, marker)  # each edit timed from an idle server
            original = page.read_text()
            page.write_text(original + f"\n\n{marker} page\n")
            results["page"].append(wait_for(base + "summary/", f"{marker} page"))
            page.write_text(original)
            wait_until_gone(base + "summary/", f"{marker} page")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


MORE = 10  # records added for the marginal cost: one activation is within the noise
# Appended to a family module: a copy of some of its records under new slugs (no prose, no
# framework names, no stability case: what one more record in the recipe brings).
COPIES = """

import dataclasses as _dataclasses  # noqa: E402

DEFINITIONS = (*DEFINITIONS, *(
    _dataclasses.replace(record, slug=f"{{record.slug}}_again", name=f"{{record.name}} again",
                         aliases=(), references=(), frameworks=(), used_in=(), stability=())
    for record in DEFINITIONS if record.slug in {slugs!r}
))
"""


def with_more_records(clone: Path, count: int) -> None:
    """Add ``count`` records to the clone's catalog, copies of activations spread over it."""
    import activations

    names = activations.names()
    chosen = names[:: len(names) // count][:count]
    by_module: dict[str, list[str]] = {}
    for slug in chosen:
        by_module.setdefault(activations.module_of(slug), []).append(slug)
    for module, slugs in by_module.items():
        path = clone / Path(*module.split(".")).with_suffix(".py")
        with path.open("a", encoding="utf-8") as source:
            source.write(COPIES.format(slugs=set(slugs)))


def marginal_builds(runs: int) -> None:
    """A cold build with ``MORE`` records more than the catalog, against one without, in
    alternation: the difference of the medians, per record."""
    walls: dict[int, list[float]] = {0: [], MORE: []}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            for more in walls:
                workdir = Path(tmp) / f"run{run}-{more}"
                clone = fresh_clone(workdir)
                if more:
                    with_more_records(clone, more)
                walls[more].append(timed_build(clone, workdir / "cache")[0])
                shutil.rmtree(workdir)
    medians = {more: statistics.median(times) for more, times in walls.items()}
    for more, times in walls.items():
        print(f"cold build, {more:2} records more:  median {medians[more]:.2f} s  "
              f"runs {', '.join(f'{t:.2f}' for t in times)}")  # fmt: skip
    print(f"one more activation costs a cold build {(medians[MORE] - medians[0]) / MORE:.3f} s")


def marginal_cost(sample: int = 4) -> None:
    """CPU-seconds a cold build's pipeline spends on one activation, piece by piece: mean
    (and median) over every ``sample``-th activation of the catalog, in this process."""
    import activations
    from scripts.pipeline import downloads, explorer, figures, pages

    pieces = {
        "properties and LaTeX": lambda act: (act.properties, act.latex),
        "figure (f, f', f'' panels; SVG, PNG)": lambda act: figures.drawn(
            figures.activation_spec(act)),
        "explorer module": explorer.module_source,
        "CSV download": lambda act: downloads.write_csvs(
            {act.slug: downloads.csv_text(act)}, Path(tempfile.mkdtemp())),
        "page text": lambda act: pages.activation_page(act, None),
    }  # fmt: skip
    figures.drawn(figures.activation_spec(activations.get("relu")))  # matplotlib loaded
    times: dict[str, list[float]] = {name: [] for name in pieces}
    sampled = activations.names()[::sample]
    for slug in sampled:
        act = activations.get(slug)
        for name, piece in pieces.items():
            started = time.process_time()
            piece(act)
            times[name].append(time.process_time() - started)
    for name, spent in times.items():
        print(f"  {name:<38} mean {statistics.mean(spent):.3f} s  "
              f"median {statistics.median(spent):.3f} s")  # fmt: skip
    total = sum(statistics.mean(spent) for spent in times.values())
    print(f"  {'one more activation, in all':<38} mean {total:.3f} CPU-s ({len(sampled)} sampled)")


# Re-imports the build's stages after an edit to an activation's module, as `serve` does
REIMPORT = """
import importlib, os, statistics, sys, time
from scripts.pipeline import reload
if sys.argv[1] == "recompiled":
    reload.keep_compiled_code = lambda packages: None
reloader = reload.Reloader()
stages = ("scripts.pipeline.build", "scripts.pipeline.pages", "scripts.pipeline.assets")
times = []
for run in range(6):
    os.utime(reload.ROOT / "activations" / "_relu.py")
    started = time.perf_counter()
    reloader.forget_changed_code()
    for name in stages:
        importlib.import_module(name)
    times.append(time.perf_counter() - started)
print(statistics.median(times[1:]))  # the first imports everything for the first time
"""


def reimport_cost() -> None:
    """What `serve` spends re-importing the project after a code edit where no bytecode is
    written: with each unchanged module's compiled code kept (scripts.pipeline.reload), and
    with every module compiled again."""
    with tempfile.TemporaryDirectory() as tmp:
        clone = fresh_clone(Path(tmp))
        env = clone_env(clone, Path(tmp) / "cache") | {"PYTHONDONTWRITEBYTECODE": "1"}
        for how in ("kept", "recompiled"):
            result = subprocess.run([sys.executable, "-c", REIMPORT, how], cwd=clone, env=env,
                                    capture_output=True, text=True, check=True)  # fmt: skip
            print(f"serve: re-import after a code edit, compiled code {how}: "
                  f"median {float(result.stdout) * 1000:.0f} ms")  # fmt: skip


def report_edits(edits: dict[str, list[float]]) -> None:
    for what, times in edits.items():
        print(f"serve: edit to {what + ' visible':<24} median {statistics.median(times):.2f} s  "
              f"runs {', '.join(f'{t:.2f}' for t in times)}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--serve-only",
        action="store_true",
        help="only the `mkdocs serve` edits (after one untimed build)",
    )
    parser.add_argument("--marginal", action="store_true",
                        help="only what one more activation costs")  # fmt: skip
    parser.add_argument("--reimport", action="store_true",
                        help="only serve's re-import of the code after an edit")  # fmt: skip
    args = parser.parse_args()
    if args.marginal:
        marginal_builds(args.runs)
        marginal_cost()
        return
    if args.reimport:
        reimport_cost()
        return
    cold, warm, stage_logs = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        if args.serve_only:
            clone, cache = fresh_clone(Path(tmp)), Path(tmp) / "cache"
            timed_build(clone, cache)
            report_edits(serve_edits(clone, cache, args.runs))
            return
        for run in range(args.runs):
            workdir = Path(tmp) / f"run{run}"
            clone, cache = fresh_clone(workdir), workdir / "cache"
            elapsed, stages = timed_build(clone, cache)
            cold.append(elapsed)
            stage_logs.append(stages)
            warm.append(timed_build(clone, cache)[0])
        print(f"cold build (fresh clone, empty caches): median {statistics.median(cold):.2f} s  "
              f"runs {', '.join(f'{t:.2f}' for t in cold)}")  # fmt: skip
        print(f"rebuild, nothing changed:               median {statistics.median(warm):.2f} s  "
              f"runs {', '.join(f'{t:.2f}' for t in warm)}")  # fmt: skip
        report_edits(serve_edits(clone, cache, args.runs))
    print("per-stage timings of the first cold build:")
    for line in stage_logs[0]:
        print("  " + line)


if __name__ == "__main__":
    main()
