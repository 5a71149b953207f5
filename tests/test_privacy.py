"""The privacy check: whatever a browser would fetch on loading a page of the site, from
another origin, fails the build, however the HTML or CSS writes it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.pipeline import privacy
from scripts.pipeline.cache import Cache
from scripts.pipeline.errors import BuildError

EVIL = "https://example.com/evil"

FETCHED_HTML = {
    "unquoted script": f"<script src={EVIL}.js></script>",
    "quoted image": f'<img src="{EVIL}.png" alt="">',
    "protocol-relative": "<img src=//example.com/x.png alt=x>",
    "backslashes": r'<img src="\\example.com\x.png" alt="">',
    "spaces and tab": '<script src=" htt\tps://example.com/x.js "></script>',
    "entity-escaped": "<script src=https&#x3a;&#x2f;&#x2f;example.com/x.js></script>",
    "upper-case tag and scheme": "<SCRIPT SRC=HTTPS://EXAMPLE.COM/X.JS></SCRIPT>",
    "srcset": f'<img src=a.png srcset="a.png 1x, {EVIL}.png 2x" alt="">',
    "srcset, no space after a comma": f"<img src=a.png srcset='a.png 1x,{EVIL}.png 2x' alt=x>",
    "video poster": f"<video poster={EVIL}.jpg></video>",
    "object data": f"<object data={EVIL}.svg></object>",
    "legacy background": f"<table background={EVIL}.png></table>",
    "iframe": f"<iframe src={EVIL}></iframe>",
    "stylesheet link": f"<link rel=stylesheet href={EVIL}.css>",
    "icon link": f"<link rel=icon href={EVIL}.ico>",
    "preload link": f"<link rel=preload as=font href={EVIL}.woff2 crossorigin>",
    "unknown link relation": f"<link rel=something href={EVIL}>",
    "base": f"<base href={EVIL}/>",
    "svg image": f'<svg><image href="{EVIL}.png"/></svg>',
    "svg image, xlink": f'<svg><image xlink:href="{EVIL}.png"/></svg>',
    "style attribute": f"<div style=\"background:url('{EVIL}.png')\"></div>",
    "style attribute, unquoted url": f"<div style='background:url({EVIL}.png)'></div>",
    "style element": f"<style>@import '{EVIL}.css';</style>",
    "style element, image-set": f"<style>a{{background:image-set('{EVIL}.png' 1x)}}</style>",
    "module import": f'<script type=module>import mermaid from "{EVIL}.mjs";</script>',
    "bare import": f"<script type=module>import '{EVIL}.mjs'</script>",
    "dynamic import": f'<script>import("{EVIL}.mjs").then(m => m)</script>',
    "mermaid diagram": "<pre class=mermaid>graph LR; a --> b</pre>",
}
LOCAL_HTML = {
    "a link a reader follows": f"<a href={EVIL}>elsewhere</a>",
    "canonical address": f"<link rel=canonical href={EVIL}/>",
    "alternate language": f"<link rel=alternate hreflang=fr href={EVIL}/fr/>",
    "relative script": "<script src=../assets/x.js></script>",
    "root-relative image": "<img src=/figures/x.svg alt=x>",
    "data image": "<img src='data:image/png;base64,AAAA' alt=x>",
    "URL in text": f"<p>See {EVIL} and src={EVIL}</p>",
    "URL in code": f"<pre><code>&lt;script src={EVIL}&gt;</code></pre>",
    "script mentioning a URL": f"<script>const home = '{EVIL}';</script>",
    "data attribute of another element": f"<div data={EVIL}></div>",
}
FETCHED_CSS = {
    "url, unquoted": f"a{{background:url({EVIL}.png)}}",
    "url, quoted": f'a{{background:url("{EVIL}.png")}}',
    "import string": f'@import "{EVIL}.css";',
    "import url": f"@import url({EVIL}.css) screen;",
    "font face": f"@font-face{{font-family:x;src:url({EVIL}.woff2) format('woff2')}}",
    "nested in media": "@media screen{a{background:url(//example.com/x.png)}}",
    "escaped function name": f"a{{background:u\\72l({EVIL}.png)}}",
}


def write_site(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def foreign_fetches(tmp_path: Path, name: str, text: str) -> list[str]:
    path = write_site(tmp_path, {name: text}) / name
    return [url for _, url in privacy.fetches(path) if privacy.foreign(url)]


@pytest.mark.parametrize("html", FETCHED_HTML.values(), ids=FETCHED_HTML)
def test_a_fetch_from_another_origin_in_html_is_found(tmp_path, html):
    assert foreign_fetches(tmp_path, "page.html", f"<!doctype html><body>{html}</body>")


@pytest.mark.parametrize("html", LOCAL_HTML.values(), ids=LOCAL_HTML)
def test_what_the_browser_does_not_fetch_elsewhere_is_not_flagged(tmp_path, html):
    assert foreign_fetches(tmp_path, "page.html", f"<!doctype html><body>{html}</body>") == []


@pytest.mark.parametrize("css", FETCHED_CSS.values(), ids=FETCHED_CSS)
def test_a_fetch_from_another_origin_in_css_is_found(tmp_path, css):
    assert foreign_fetches(tmp_path, "site.css", css)


def test_local_css_urls_pass(tmp_path):
    css = "@font-face{src:url(fonts/a.woff2)}a{background:url('data:image/svg+xml;,<svg/>')}"
    assert foreign_fetches(tmp_path, "site.css", css) == []


def test_the_check_names_each_page_and_url_and_rereads_a_changed_file(tmp_path):
    site = write_site(tmp_path / "site", {
        "index.html": "<p>fine</p>",
        "learn/index.html": f"<p>fine</p><script src={EVIL}.js></script>",
        "assets/site.css": f"a{{background:url({EVIL}.png)}}",
    })  # fmt: skip
    cache = Cache(tmp_path / "cache")
    with pytest.raises(BuildError) as failure:
        privacy.check_site(site, cache)
    message = str(failure.value)
    assert f"learn/index.html: <script src> {EVIL}.js" in message
    assert f"assets/site.css: CSS {EVIL}.png" in message
    assert "index.html: " not in message.replace("learn/index.html", "")
    write_site(site, {"learn/index.html": "<p>fine</p>", "assets/site.css": "a{}"})
    privacy.check_site(site, cache)  # clean now: the clean files are remembered
    write_site(site, {"index.html": f"<img src={EVIL}.png alt=x>"})
    with pytest.raises(BuildError, match=r"index\.html: <img src> https://example\.com"):
        privacy.check_site(site, cache)


def test_a_site_of_many_files_is_checked_in_workers_and_every_fetch_named(tmp_path, monkeypatch):
    """A cold build's site is read by one worker per core: what each file fetches comes back
    to the file it was read from, whichever worker read it."""
    pools, pool = [], privacy.workers.pool
    monkeypatch.setattr(privacy.workers, "pool", lambda count: pools.append(count) or pool(count))
    pages = {f"p{index:03}/index.html": "<p>fine</p>" for index in range(privacy.PARALLEL_FROM)}
    bad = ["p000/index.html", "p117/index.html", f"p{privacy.PARALLEL_FROM - 1:03}/index.html"]
    pages |= {name: f"<img src={EVIL}-{name[:4]}.png alt=x>" for name in bad}
    with pytest.raises(BuildError) as failure:
        privacy.check_site(write_site(tmp_path / "site", pages), Cache(tmp_path / "cache"))
    named = re.findall(r"(\S+): <img src> \S+-(p\d+)\.png", str(failure.value))
    assert sorted(named) == sorted((name, name[:4]) for name in bad)
    assert pools, "read in this process"


def test_a_folder_removed_during_the_check_is_passed_over_and_the_rest_checked(
    tmp_path, monkeypatch
):
    """During `mkdocs serve` the search index is rewritten beside the check: its folder may
    vanish between being found and being listed, which must not fail the rebuild."""
    site = write_site(tmp_path / "site", {
        "index.html": f"<script src={EVIL}.js></script>",
        "pagefind/pagefind.js": "export {}",
    })  # fmt: skip
    listed = privacy.os.scandir

    def scandir_after_removal(path):
        if Path(path).name == "pagefind":
            for file in Path(path).iterdir():
                file.unlink()
            Path(path).rmdir()
        return listed(path)

    monkeypatch.setattr(privacy.os, "scandir", scandir_after_removal)
    with pytest.raises(BuildError, match=r"index\.html: <script src>"):
        privacy.check_site(site, Cache(tmp_path / "cache"))
    assert not (site / "pagefind").exists()
