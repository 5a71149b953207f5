"""Time and peak memory of elementwise functions on one large float64 input, ours and naive.

Usage: .venv/bin/python -m scripts.tools.bench_memory [-n 100000000] [--kernel f] [SLUG ...]
Each measurement runs alone in a fresh Python process: it builds n float64 inputs,
uniform in [-10, 10] with a fixed seed, and calls the package's kernel (or the naive
textbook formula of scripts.tools.bench_activations) once. Printed: the wall time of
the call and the memory it took at its peak beyond the input (the output included),
in multiples of the input's size: allocated, as numpy reports its buffers to
tracemalloc, and resident, from the process's peak resident size (Linux's VmHWM,
reset before the call; pages allocated but never touched do not count there). The default
slugs are GELU, SiLU, softplus and ELU; 1e8 elements take 0.8 GB per copy.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

DEFAULT_SLUGS = ("gelu", "silu", "softplus", "elu")


def reset_peak() -> None:
    """Start the process's peak resident size afresh (Linux: /proc/self/clear_refs)."""
    Path("/proc/self/clear_refs").write_text("5")


def peak_bytes() -> int:
    """The process's peak resident size since the last reset (VmHWM, in KiB)."""
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)[1]) * 1024


def resident_bytes() -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)[1]) * 1024


def measure(slug: str, kernel: str, formula: str, n: int) -> dict[str, float]:
    """One call on a fresh input in this process: seconds, and peak bytes beyond the input."""
    import activations
    from scripts.tools.bench_activations import quiet

    act = activations.get(slug)
    if formula == "ours":
        func = getattr(act, kernel)
    else:
        func = quiet(getattr(act.definition.naive, kernel), act.params)
    x = np.random.default_rng(20261206).uniform(-10.0, 10.0, n)
    reset_peak()
    before = resident_bytes()
    tracemalloc.start()
    start = time.perf_counter()
    func(x)
    seconds = time.perf_counter() - start
    allocated = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    resident = peak_bytes() - before
    return {"seconds": seconds, "allocated": allocated / x.nbytes, "resident": resident / x.nbytes}


def measure_alone(slug: str, kernel: str, formula: str, n: int) -> dict[str, float]:
    """``measure`` in a child process, so that each peak is its own."""
    args = [sys.executable, "-m", "scripts.tools.bench_memory", "--child", formula]
    args += ["-n", str(n), "--kernel", kernel, slug]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", default=DEFAULT_SLUGS, help="activations to measure")
    parser.add_argument("-n", type=int, default=100_000_000, help="elements in the input")
    parser.add_argument("--kernel", choices=("f", "df"), default="f")
    parser.add_argument("--child", choices=("ours", "naive"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.slugs[0], args.kernel, args.child, args.n)))
        return

    print(
        f"n = {args.n:,} float64 elements ({args.n * 8 / 1e9:.2f} GB), uniform in [-10, 10]; "
        f"one call of {args.kernel} each, in its own process. Memory: peak beyond the input, "
        "output included, in multiples of the input's size."
    )
    head = f"{'function':<12}{'':<7}{'seconds':>9}{'allocated':>11}{'resident':>10}"
    print(head)
    print("-" * len(head))
    for slug in args.slugs:
        for formula in ("ours", "naive"):
            got = measure_alone(slug, args.kernel, formula, args.n)
            print(
                f"{slug:<12}{formula:<7}{got['seconds']:>9.2f}"
                f"{got['allocated']:>10.1f}x{got['resident']:>9.1f}x",
                flush=True,
            )


if __name__ == "__main__":
    main()
