"""Each function page offers its figure as SVG and PNG and f, f′, f″ as CSV: the links resolve
in the built site, the CSV holds the package's values on the grid it states, the PNG is an
image of the stated size."""

from __future__ import annotations

import csv
import io
import re

import numpy as np
import pytest
from PIL import Image

import activations
from scripts.pipeline import figures
from scripts.pipeline.urls import built_url, function_page
from tests.conftest import start_tags

CATALOG = activations.catalog()


def download_links(site, slug: str) -> dict[str, str]:
    """The page's download links by their text (SVG, PNG, CSV), as hrefs."""
    page = (site / built_url(function_page(slug)) / "index.html").read_text("utf-8")
    return {
        text[:3]: attrs["href"]  # the text runs on to the next tag
        for attrs, text in start_tags(page, "a")
        if "download" in attrs and text[:3] in ("SVG", "PNG", "CSV")
    }


@pytest.mark.parametrize("act", CATALOG, ids=lambda a: a.slug)
def test_the_page_links_its_files_and_they_exist(site, act):
    links = download_links(site, act.slug)
    assert sorted(links) == ["CSV", "PNG", "SVG"], f"{act.slug}: {links}"
    folder = site / built_url(function_page(act.slug))
    for text, href in links.items():
        target = (folder / href).resolve()
        assert target.is_file() and target.stat().st_size > 0, f"{act.slug}: {text} {href}"
    page = (folder / "index.html").read_text("utf-8")
    shown = {attrs["src"].split("#")[0] for attrs, _ in start_tags(page, "img")}
    assert links["SVG"] in shown, f"{act.slug}: the SVG offered is not the figure shown"


@pytest.mark.parametrize("act", CATALOG, ids=lambda a: a.slug)
def test_the_csv_holds_the_package_values_on_the_stated_grid(site, act):
    page = (site / built_url(function_page(act.slug)) / "index.html").read_text("utf-8")
    stated = re.search(r"at (\d+) evenly spaced points from z = (\S+) to (\S+) as", page)
    count, lo, hi = int(stated[1]), *(float(v.replace("−", "-")) for v in stated.groups()[1:])
    href = download_links(site, act.slug)["CSV"]
    text = (site / built_url(function_page(act.slug)) / href).resolve().read_text("utf-8")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[0] == "z" and [h.split("(")[0] for h in header[1:]] == ["f", "df", "d2f"]
    for name, value in act.params.items():
        assert all(f"{name}={value!r}" in column for column in header[1:]), header
    table = np.array(rows, dtype=float)
    z = np.linspace(lo, hi, count)
    np.testing.assert_array_equal(table[:, 0], z)
    for column, kernel in enumerate((act.f, act.df, act.d2f), start=1):
        np.testing.assert_array_equal(table[:, column], np.asarray(kernel(z), dtype=float))


@pytest.mark.parametrize("slug", ["gelu", "relu"])
def test_the_png_is_an_image_of_the_stated_size_on_white(site, slug):
    page = (site / built_url(function_page(slug)) / "index.html").read_text("utf-8")
    width, height = map(int, re.search(r"\((\d+) × (\d+) pixels\)", page).groups())
    assert (width, height) == tuple(round(v * figures.PNG_DPI) for v in figures.FUNCTION_FIGSIZE)
    href = download_links(site, slug)["PNG"]
    with Image.open((site / built_url(function_page(slug)) / href).resolve()) as image:
        image.verify()
    with Image.open((site / built_url(function_page(slug)) / href).resolve()) as image:
        assert image.format == "PNG" and image.size == (width, height)
        pixels = np.asarray(image.convert("RGB"))
    assert tuple(pixels[0, 0]) == (255, 255, 255)  # on white, not transparent
    line = np.array([int(figures.THEMES["light"]["lines"][0][i : i + 2], 16) for i in (1, 3, 5)])
    assert (np.abs(pixels.astype(int) - line).sum(axis=2) < 30).sum() > 500  # f is drawn
