"""Performance budgets of the built site, measured in Chromium on 127.0.0.1 (not a test).

    python -m scripts.tools.bench_site [--config mkdocs.yml] [--page functions/sigmoid/] [--runs 7]
    python -m scripts.tools.bench_site --every-page [--throttled]

Builds two sites into a temporary directory and serves each on 127.0.0.1:

* **server-side**: this site as it is, KaTeX rendered to HTML at build time
  (scripts/pipeline/katex.py);
* **client-side**: the same pages set up the way Material's docs recommend for KaTeX
  (``pymdownx.arithmatex`` with ``generic: true``, then KaTeX's ``auto-render`` in the
  browser from a ``document$.subscribe`` snippet), with KaTeX served from node_modules.

and prints, in one run: the bytes of a cold load of ``--page`` with every asset it pulls
in, counted as a static host sends them (text types gzipped, fonts and images as they
are); its HTML plus figures uncompressed; every figure's size; first contentful paint and
load end (median of ``--runs`` cold loads, each in a fresh browser context); how long until
all math is typeset (formulas turned into KaTeX HTML and KaTeX's fonts in) and the
cumulative layout shift, for both builds; and the time from a keystroke in the search
box to the results. Budgets are checked at the end.

This file is also the MkDocs hook that makes the client-side build (the temporary config
of that build lists it under ``hooks``).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
VIEWPORT = {"width": 1280, "height": 900}
TEXT_TYPES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map", ".csv"}
GZIP_LEVEL = 6  # zlib's default, what nginx-style static hosts are usually set to
BUDGETS = {  # name -> bytes
    "cold load (gzip text, fonts as they are)": 150_000,  # every page (--every-page)
    "HTML + figures (uncompressed)": 80_000,
    "largest figure": 40_000,
}
QUERIES = ["leaky", "sigmoid", "vanishing gradient", "dead neurons", "tag:bounded"]

# --- the client-side build (this module as an MkDocs hook) ---------------------------------

CLIENT_DIR = "assets/katex-client"
# Material for MkDocs, "Math" reference, KaTeX: docs/javascripts/katex.js
CLIENT_INIT = """document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "$$",  right: "$$",  display: true },
      { left: "$",   right: "$",   display: false },
      { left: "\\\\(", right: "\\\\)", display: false },
      { left: "\\\\[", right: "\\\\]", display: true }
    ],
  })
})
"""
_INLINE = re.compile(r"\$`(.+?)`\$")
_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```math[ \t]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S
)


def on_config(config):
    """Arithmatex (generic) for the math, KaTeX's scripts added."""
    from mkdocs.config.config_options import ExtraScriptValue

    config.markdown_extensions.append("pymdownx.arithmatex")
    config.mdx_configs["pymdownx.arithmatex"] = {"generic": True}
    for name in ("katex-init.js", "katex.min.js", "auto-render.min.js"):  # the docs' order
        config.extra_javascript.append(ExtraScriptValue(f"{CLIENT_DIR}/{name}"))
    return config  # KaTeX's stylesheet and fonts: already added by the build and the adapter


def on_page_markdown(markdown, page, config, files):
    """markdown-katex's $`…`$ and ```math fences, rewritten as arithmatex's $…$ and $$…$$."""
    markdown = _FENCE.sub(lambda m: f"{m['indent']}$$\n{m['body']}{m['indent']}$$", markdown)
    return _INLINE.sub(lambda m: f"${m[1].strip()}$", markdown)


def on_files(files, config):
    """KaTeX's script, its auto-render extension and the init snippet, served by the site."""
    from mkdocs.structure.files import File

    contents = {
        "katex-init.js": CLIENT_INIT.encode(),
        "katex.min.js": (KATEX_DIST / "katex.min.js").read_bytes(),
        "auto-render.min.js": (KATEX_DIST / "contrib" / "auto-render.min.js").read_bytes(),
    }
    for name, content in contents.items():
        files.append(File.generated(config, f"{CLIENT_DIR}/{name}", content=content))
    return files


# --- building and serving ----------------------------------------------------------------


def build(config: Path, site: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)]
    result = subprocess.run(
        [*command, "-d", str(site)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"mkdocs build -f {config.name} failed:\n{result.stderr[-3000:]}")


def client_side_config(base: str) -> Path:
    """A scratch config in the project (git-ignored): ``base`` plus this hook."""
    from mkdocs.utils.yaml import yaml_load

    with open(ROOT / base, encoding="utf-8") as file:
        hooks = yaml_load(file).get("hooks", [])
    config = ROOT / ".scratch-bench-client.yml"
    lines = [f"INHERIT: {base}", "hooks:", *(f"  - {h}" for h in hooks)]
    config.write_text("\n".join([*lines, "  - scripts/tools/bench_site.py", ""]), encoding="utf-8")
    return config


class _StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host does (and as :func:`sent_size` counts): text types
    gzipped for a browser that accepts it, fonts and images as they are."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepted and path.suffix in TEXT_TYPES and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), GZIP_LEVEL, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(_StaticHost, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


# --- measuring ------------------------------------------------------------------------------


def sent_size(file: Path) -> int:
    """Bytes a static host sends for ``file``: gzipped if it is text, else as it is."""
    data = file.read_bytes()
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0)) if file.suffix in TEXT_TYPES else len(data)


def category(path: str) -> str:
    if path.endswith((".html", "/")):
        return "HTML"
    if path.startswith("pagefind/"):
        return "search index"
    if "/figures/" in f"/{path}":
        return "figures"
    if path.endswith(".woff2"):
        return "KaTeX fonts"
    if "katex" in path and path.endswith(".css"):
        return "KaTeX CSS"
    if "katex" in path and path.endswith(".js"):
        return "KaTeX JS"
    if path.endswith(".css"):
        return "Material + site CSS"
    if path.endswith(".js"):
        return "Material JS"
    return "other"


def cold_load_bytes(browser, base: str, site: Path, page_path: str) -> dict:
    """Every file a cold load of ``page_path`` requests, settled (a search index too, if the
    page fetches one before the reader searches)."""
    context = browser.new_context(viewport=VIEWPORT)
    urls: list[str] = []
    context.on("request", lambda r: urls.append(r.url))
    page = context.new_page()
    page.goto(base + page_path, wait_until="networkidle")
    page.wait_for_timeout(500)
    context.close()
    files = {}
    for url in dict.fromkeys(urls):
        if not url.startswith(base):
            raise SystemExit(f"request off the site: {url}")
        path = url[len(base) :].split("#")[0].split("?")[0]
        file = site / path / "index.html" if path == "" or path.endswith("/") else site / path
        files[path] = (file.stat().st_size, sent_size(file))
    return files


METRICS_JS = """(() => {
  const bench = window.__bench = {shift: 0, typeset: null, lcp: null};
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) bench.shift += e.value;
  }).observe({type: "layout-shift", buffered: true});
  new PerformanceObserver(list => {  // the last candidate is the largest contentful paint
    const e = list.getEntries().at(-1);
    if (e) bench.lcp = e.renderTime || e.loadTime || e.startTime;
  }).observe({type: "largest-contentful-paint", buffered: true});
  // Typeset: the page is parsed up to its footer (all formulas are in the DOM) and none is
  // left as TeX: server-side as soon as the HTML is in, client-side after KaTeX ran.
  const check = () => {
    if (bench.typeset !== null || !document.querySelector(".md-footer")) return;
    const left = document.querySelectorAll(".arithmatex:not(:has(.katex))").length;
    if (left === 0 && document.querySelector(".katex")) bench.typeset = performance.now();
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true});
  document.addEventListener("DOMContentLoaded", check);
})()"""

COLLECT_JS = """async () => {
  await new Promise(done => setTimeout(done, 1500));  // late shifts, fonts
  await document.fonts.ready;
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const fonts = performance.getEntriesByType("resource")
    .filter(r => r.name.includes("KaTeX_")).map(r => r.responseEnd);
  const fcp = paint ? paint.startTime : null;
  return {
    fcp, lcp: __bench.lcp, load: nav.loadEventEnd, dcl: nav.domContentLoadedEventEnd,
    typeset: __bench.typeset,
    math: Math.max(fcp ?? 0, __bench.typeset ?? Infinity, ...fonts),
    cls: __bench.shift,
    formulas: document.querySelectorAll(".katex").length,
  };
}"""


# Lighthouse's "mobile" throttling: 150 ms round trip, 1.6 Mbit/s down, CPU 4x slower.
THROTTLED = {"latency": 150, "down": 1_600_000 / 8, "up": 750_000 / 8, "cpu": 4}


def page_timings(browser, base: str, page_path: str, throttle: dict | None = None) -> dict:
    """FCP, LCP, load end, math typeset and CLS of one cold load, in a fresh context."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(METRICS_JS)
    page = context.new_page()
    if throttle:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": throttle["latency"],
            "downloadThroughput": throttle["down"], "uploadThroughput": throttle["up"],
        })  # fmt: skip
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle["cpu"]})
    page.goto(base + page_path, wait_until="load")
    result = page.evaluate(COLLECT_JS)
    context.close()
    return result


SEARCH_ARM_JS = """() => {
  const list = document.querySelector(".md-search-result__list");
  const box = document.querySelector("input.md-search__input");
  let start = null;
  window.__searchMs = null;
  const observer = new MutationObserver(() => {
    if (start === null) return;
    observer.disconnect();
    window.__searchMs = performance.now() - start;
  });
  observer.observe(list, {childList: true, subtree: true});
  box.addEventListener("keydown", () => { start = performance.now(); }, {once: true});
}"""


def search_timings(browser, base: str, repeat: int = 3) -> list[float]:
    """Milliseconds from the keydown of a query's last letter to the results changing."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(base, wait_until="load")
    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta").element_handle()
    box.click()
    times = []
    for _ in range(repeat):
        for query in QUERIES:
            box.fill("")
            page.wait_for_function("m => !/matching/i.test(m.textContent)", arg=meta)
            box.fill(query[:-1])  # its results in first, so that they are not timed
            page.wait_for_function("m => /matching/i.test(m.textContent)", arg=meta)
            page.evaluate(SEARCH_ARM_JS)
            box.press(query[-1])
            page.wait_for_function("window.__searchMs !== null")
            times.append(page.evaluate("window.__searchMs"))
    context.close()
    return times


# --- report ------------------------------------------------------------------------------------


def kb(n: float) -> str:
    return f"{n / 1000:.1f} KB"


def ms(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} ms"


def table(rows: list[tuple], header: tuple) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(str(c).ljust(w) for c, w in zip(header, widths)), line]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths)) for r in rows]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", default="mkdocs.yml", help="config file in the project")
    parser.add_argument("--page", default="functions/sigmoid/", help="the page to measure")
    parser.add_argument("--also", default="derivations/", help="a page also timed (math in view)")
    parser.add_argument("--runs", type=int, default=5, help="cold loads per page, build, network")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--every-page", action="store_true",
                        help="only each page's cold-load bytes, against its budget")  # fmt: skip
    parser.add_argument("--throttled", action="store_true",
                        help="with --every-page: also each page's largest contentful paint "
                             "and layout shift in one throttled cold load")  # fmt: skip
    args = parser.parse_args()
    if args.every_page:
        every_page(args.config, args.throttled)
        return

    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench-site-"))
    builds = {"server-side": tmp / "server", "client-side": tmp / "client"}
    started = time.perf_counter()
    build(ROOT / args.config, builds["server-side"])
    scratch = client_side_config(args.config)
    try:
        build(scratch, builds["client-side"])
    finally:
        scratch.unlink()
    print(f"Built both sites in {time.perf_counter() - started:.0f} s ({tmp})")
    print(f"Chromium on 127.0.0.1, {os.cpu_count()} CPUs, page /{args.page}\n")

    servers = {name: serve(site) for name, site in builds.items()}
    networks = {"127.0.0.1": None, "throttled": THROTTLED}
    timed = [args.page, args.also]
    timings = {(page, net, name): [] for page in timed for net in networks for name in builds}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        loads = {
            name: cold_load_bytes(browser, servers[name][0], site, args.page)
            for name, site in builds.items()
        }
        for _ in range(args.runs):  # interleaved, so both builds see the same machine
            for (page, net, name), results in timings.items():
                results.append(page_timings(browser, servers[name][0], page, networks[net]))
        search = search_timings(browser, servers["server-side"][0])
        browser.close()
    for _, server in servers.values():
        server.shutdown()
        server.server_close()
    report(args, builds, loads, timings, search)


def every_page(config: str, throttled: bool = False) -> None:
    """The bytes a cold load of each page of the (server-side) site transfers, largest
    first, against the budget every page is held to; with ``throttled``, also each page's
    largest contentful paint and layout shift in one cold load under mobile throttling."""
    from playwright.sync_api import sync_playwright

    site = Path(tempfile.mkdtemp(prefix="bench-site-")) / "server"
    build(ROOT / config, site)
    base, server = serve(site)
    pages = [str(p.parent.relative_to(site)) + "/" for p in sorted(site.rglob("index.html"))]
    pages = [p.removeprefix("./") for p in pages]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        sent = {page: sum(s for _, s in cold_load_bytes(browser, base, site, page).values())
                for page in pages}  # fmt: skip
        timed = {page: page_timings(browser, base, page, THROTTLED) for page in pages
                 if throttled}  # fmt: skip
        browser.close()
    server.shutdown()
    server.server_close()
    ranked = sorted(sent.items(), key=lambda item: -item[1])
    print(f"Cold load of each of {len(pages)} pages, text gzipped at level {GZIP_LEVEL}\n")
    print(table([(f"/{page}", kb(size)) for page, size in ranked[:15]], ("largest", "sent")))
    budget = BUDGETS["cold load (gzip text, fonts as they are)"]
    over = [page for page, size in ranked if size > budget]
    print(f"\nmedian {kb(statistics.median(sent.values()))}; over {kb(budget)}: "
          f"{len(over)} page(s) {' '.join('/' + p for p in over)}")  # fmt: skip
    if timed:
        slowest = sorted(timed.items(), key=lambda item: -(item[1]["lcp"] or 0))
        print("\nThrottled (150 ms RTT, 1.6 Mbit/s, CPU ×4), one cold load each\n")
        print(table([(f"/{page}", f"{t['lcp']:.0f} ms", f"{t['cls']:.3f}")
                     for page, t in slowest[:15]], ("slowest", "LCP", "CLS")))  # fmt: skip
        late = [page for page, t in timed.items() if (t["lcp"] or 0) > 2500]
        moved = [page for page, t in timed.items() if t["cls"] > 0]
        print(f"\nmedian LCP {statistics.median(t['lcp'] or 0 for t in timed.values()):.0f} ms;"
              f" over 2500 ms: {len(late)} page(s); CLS above 0: {len(moved)} page(s) "
              f"{' '.join('/' + p for p in moved)}")  # fmt: skip


def report(args, builds, loads, timings, search) -> None:
    names = list(builds)

    def total(name, which, cats=None):  # which: 0 raw, 1 sent
        return sum(s[which] for p, s in loads[name].items() if cats is None or category(p) in cats)

    print(f"Bytes of a cold load, every request (text gzipped at level {GZIP_LEVEL})\n")
    rows = []
    for cat in sorted({category(p) for load in loads.values() for p in load}):
        rows.append((cat, *(kb(total(n, w, {cat})) for n in names for w in (0, 1))))
    rows.append(("total", *(kb(total(n, w)) for n in names for w in (0, 1))))
    print(table(rows, ("", "server-side raw", "sent", "client-side raw", "sent")) + "\n")

    server = builds["server-side"]
    html_figs = total("server-side", 0, {"HTML", "figures"})
    svgs = (server / "figures").glob("*.svg")
    figures = sorted(((f.stat().st_size, sent_size(f), f.name) for f in svgs), reverse=True)
    pages = sorted(p.stat().st_size for p in (server / "functions").glob("*/index.html"))
    print(
        f"HTML + figures, uncompressed: {kb(html_figs)}"
        f" (HTML {kb(total('server-side', 0, {'HTML'}))})"
    )
    print(
        f"Function pages' HTML: {kb(pages[0])} to {kb(pages[-1])},"
        f" median {kb(statistics.median(pages))} ({len(pages)} pages)"
    )
    print(
        f"Figures: {len(figures)} SVGs, largest {figures[0][2]} {kb(figures[0][0])}"
        f" ({kb(figures[0][1])} gzipped), median {kb(statistics.median(f[0] for f in figures))}\n"
    )

    rows = []
    for page, net in dict.fromkeys((page, net) for page, net, _ in timings):

        def median(key, page=page, net=net):
            return {n: statistics.median(t[key] for t in timings[page, net, n]) for n in names}

        for label, key in [
            ("first contentful paint", "fcp"),
            ("largest contentful paint", "lcp"),
            ("load end", "load"),
            ("formulas typeset", "typeset"),
            ("all math shown (fonts in)", "math"),
        ]:
            rows.append((f"/{page} {net}: {label}", *(f"{v:.0f} ms" for v in median(key).values())))
        cls = median("cls").values()
        rows += [(f"/{page} {net}: layout shift (CLS)", *(f"{v:.3f}" for v in cls)), ("", "", "")]
    print(
        f"Cold loads, median of {args.runs} each (fresh context; throttled = 150 ms RTT,"
        " 1.6 Mbit/s, CPU ×4)\n"
    )
    print(table(rows[:-1], ("", *names)) + "\n")
    print(
        f"Search, keystroke to results: median {statistics.median(search):.0f} ms,"
        f" max {max(search):.0f} ms ({len(search)} keystrokes)\n"
    )

    def ratio(key, net, page=args.page):
        values = [statistics.median(t[key] for t in timings[page, net, n]) for n in names]
        return values[0] / values[1]

    ratios = {
        "bytes sent": total("server-side", 1) / total("client-side", 1),
        "HTML sent": total("server-side", 1, {"HTML"}) / total("client-side", 1, {"HTML"}),
        "HTML raw": total("server-side", 0, {"HTML"}) / total("client-side", 0, {"HTML"}),
        "math shown, 127.0.0.1": ratio("math", "127.0.0.1"),
        "math shown, throttled": ratio("math", "throttled"),
    }
    print("Server-side / client-side: " + ", ".join(f"{k} ×{v:.2f}" for k, v in ratios.items()))
    measured = {
        "cold load (gzip text, fonts as they are)": total("server-side", 1),
        "HTML + figures (uncompressed)": html_figs,
        "largest figure": figures[0][0],
    }
    print("\nBudgets")
    for name, limit in BUDGETS.items():
        value = measured[name]
        verdict = "ok" if value <= limit else f"MISSED by {kb(value - limit)}"
        print(f"  {name}: {kb(value)} of {kb(limit)}: {verdict}")
    if args.json:
        numbers = {
            "page": args.page, "runs": args.runs, "loads": loads, "search_ms": search,
            "timings": {" ".join(key): t for key, t in timings.items()},
            "figures": figures, "function_page_html": pages, "measured": measured,
            "ratios": ratios,
        }  # fmt: skip
        args.json.write_text(json.dumps(numbers, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
