"""Benchmark the pipeline's KaTeX renderer against markdown-katex's one-process-per-formula path.

Usage: .venv/bin/python -m scripts.tools.bench_katex [-n 300] [--repeat 5] [--default-n 5]
Prints median seconds for N distinct formulas: cold (new Node process, empty cache),
warm from disk (new Renderer, no Node) and warm from memory; then markdown-katex's
default ``tex2html`` for a few formulas, uncached and cached.
"""

import argparse
import statistics
import tempfile
import time
import uuid

from markdown_katex import wrapper

from scripts.pipeline import katex


def formulas(count: int, tag: str = "") -> list[str]:
    """``count`` distinct formulas of mixed size; ``tag`` makes them unseen by any cache."""
    return [
        rf"\sum_{{k=1}}^{{{n}}} \frac{{a_k^{{{n % 7}}}}}{{k!}} = \int_0^{{{n}}} e^{{-x}}\,dx{tag}"
        if n % 4 == 0
        else rf"x_{{{n}}}^2 + \alpha_{{{n}}} \le \sqrt{{{n}}}{tag}"
        for n in range(count)
    ]


def timed(func, *args) -> float:
    """Seconds that ``func(*args)`` takes."""
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def report(label: str, seconds: list[float], count: int) -> None:
    median = statistics.median(seconds)
    print(f"{label:<44} {median:8.3f} s  ({median / count * 1000:7.2f} ms/formula)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="formulas for scripts/pipeline/katex.py")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement")
    parser.add_argument("--default-n", type=int, default=5, help="formulas for the default path")
    args = parser.parse_args()
    texs = formulas(args.n)

    def render_all(renderer: katex.Renderer) -> None:
        for n, tex in enumerate(texs):
            renderer.render(tex, display=n % 4 == 0)

    cold, disk, memory = [], [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as cache:
            first = katex.Renderer(cache)
            cold.append(timed(render_all, first))
            memory.append(timed(render_all, first))
            first.close()
            second = katex.Renderer(cache)
            disk.append(timed(render_all, second))
            second.close()
    print(f"KaTeX {katex.katex_version()} via katex_server.mjs, {args.n} formulas:")
    report("  cold (starts Node, empty cache)", cold, args.n)
    report("  warm, disk cache (no Node)", disk, args.n)
    report("  warm, memory cache", memory, args.n)

    few = formulas(args.default_n, tag=rf"\text{{{uuid.uuid4().hex[:8]}}}")
    uncached = [timed(wrapper.tex2html, tex, {"display-mode": True}) for tex in few]
    cached = [timed(wrapper.tex2html, tex, {"display-mode": True}) for tex in few]
    print(f"markdown-katex default ({' '.join(wrapper.get_bin_cmd())}), per formula:")
    report("  uncached", uncached, 1)
    report("  cached", cached, 1)


if __name__ == "__main__":
    main()
