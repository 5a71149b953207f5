"""The experiments (docs/experiments): their claims, the execution cache, failures, the pages.

The notebooks are executed through the build's own stage (``scripts.pipeline.notebooks``, with
the build's cache, so a warm cache makes this quick); each notebook leaves its numbers in a
``RESULTS`` dict, which the stage saves beside the executed notebook.
"""

from __future__ import annotations

import concurrent.futures
import json
import re
from pathlib import Path

import numpy as np
import pytest

import activations
from scripts.pipeline import build, imports, notebooks
from scripts.pipeline.errors import BuildError
from tests.conftest import ROOT, classes, mkdocs_build, project_copy, search_index, start_tags

EXPERIMENTS = [
    "backpropagation",
    "dying-relu",
    "linear-collapse",
    "second-derivative",
    "self-normalisation",
    "training-comparison",
    "vanishing-gradients",
]
RELU_FAMILY = ["relu", "leaky_relu", "gelu", "selu"]


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[str, notebooks.Notebook]:
    out = tmp_path_factory.mktemp("notebooks")
    found = notebooks.build(ROOT / "docs", out, build.CACHE_DIR)
    return {nb.name: nb for nb in found}


@pytest.fixture(scope="module")
def results(executed) -> dict[str, dict]:
    return {name: nb.results for name, nb in executed.items()}


def test_every_experiment_is_executed(executed):
    assert sorted(executed) == EXPERIMENTS
    for nb in executed.values():
        data = json.loads(nb.path.read_text(encoding="utf-8"))
        code = [c for c in data["cells"] if c["cell_type"] == "code"]
        assert all(c["execution_count"] for c in code), nb.name
        outputs = [o for c in code for o in c["outputs"]]
        assert not [o for o in outputs if o["output_type"] == "error" or o.get("name") == "stderr"]
        assert any("image/svg+xml" in o.get("data", {}) for o in outputs), f"{nb.name}: no figure"
        assert nb.results, f"{nb.name}: no RESULTS"


# --- what the notebooks claim ----------------------------------------------------------------


def test_sigmoid_gradient_vanishes_and_the_others_do_not(results):
    summary = results["vanishing-gradients"]["summary"]
    norms = results["vanishing-gradients"]["norms"]
    assert len(norms["sigmoid"]) == 30
    # the first layer's gradient is many orders of magnitude below the last layer's
    assert summary["sigmoid"]["first_over_last"] < 1e-12
    assert 0.2 < summary["sigmoid"]["per_layer"] < 0.25  # about the sigmoid's largest slope
    # ReLU and leaky ReLU with He, GELU with He, SELU with LeCun, tanh with Glorot:
    # every layer's gradient within an order of magnitude of every other's
    for slug in [*RELU_FAMILY, "tanh"]:
        assert summary[slug]["spread"] < 10, slug


def test_large_learning_rate_kills_relu_units_only(results):
    table = results["dying-relu"]["table"]
    assert table["relu/large"]["dead"] > 0.2
    assert table["relu/large"]["dead"] > 2 * table["relu/usual"]["dead"]
    for slug in ("leaky_relu", "elu"):
        for rate in ("usual", "large"):
            assert table[f"{slug}/{rate}"]["dead"] == 0, (slug, rate)
    # leaky ReLU units are pushed negative as often; they are not dead
    assert table["leaky_relu/large"]["never_positive"] > 0.1


def test_dead_relu_units_never_move_and_leaky_ones_do(results):
    revival = results["dying-relu"]["revival"]
    assert revival["relu"]["stuck"] > 0
    assert revival["relu"]["moved_first"] == 0.0 and revival["relu"]["moved_second"] == 0.0
    assert revival["leaky_relu"]["moved_first"] > 0 or revival["leaky_relu"]["moved_second"] > 0


def test_handwritten_backprop_matches_finite_differences_and_learns(results):
    backprop = results["backpropagation"]
    for slug, error in backprop["gradient_check"].items():
        assert error < 1e-7, slug
    for slug in backprop["final_loss"]:
        assert backprop["final_loss"][slug] < backprop["initial_loss"][slug], slug
    for slug in ("tanh", "relu", "leaky_relu", "elu"):
        assert backprop["accuracy"][slug] >= 0.95, slug


def test_linear_network_is_one_matrix_and_fails_where_a_nonlinearity_succeeds(results):
    linear = results["linear-collapse"]
    scale = max(1.0, linear["collapse_scale"])
    assert linear["collapse_gap"] <= 1e-12 * scale
    assert linear["trained_collapse_gap"] <= 1e-12 * scale
    assert linear["input_gradient_gap"] <= 1e-12
    accuracy = linear["accuracy"]
    assert accuracy["deep linear"] < 0.75
    assert accuracy["one tanh layer"] >= 0.95 and accuracy["deep ReLU"] >= 0.95


def test_selu_fixed_point_is_unit_variance_and_the_others_have_none(results):
    fixed = results["self-normalisation"]["fixed_point"]
    selu = fixed["selu"]
    assert selu["input_variance"] == pytest.approx(1.0, abs=1e-9)
    assert selu["mean"] == pytest.approx(0.0, abs=1e-9)
    assert selu["variance"] == pytest.approx(1.0, abs=1e-9)
    assert 0.7 < selu["slope"] < 0.8  # attracting; the prose quotes 0.78
    assert fixed["relu"] is None and fixed["tanh"] is None and fixed["elu"] is None


def test_one_layer_halves_relu_shrinks_tanh_elu_and_pulls_selu_to_one(results):
    ratio = {k: np.array(v) for k, v in results["self-normalisation"]["ratio"].items()}
    q = ratio["q"]
    assert np.all(ratio["selu"][q < 1] > 1) and np.all(ratio["selu"][q > 1] < 1)
    assert ratio["relu"] == pytest.approx(0.5, rel=1e-12)
    for slug in ("tanh", "elu"):
        assert np.all(ratio[slug] < 1) and ratio[slug][0] > 0.95, slug  # tends to 1 near 0
    # SELU with He weights: no fixed point, growth tending to λ² for large signals
    assert np.all(ratio["selu_he"] > 1)
    selu = activations.get("selu")  # the slopes the prose quotes: λ ≈ 1.05, λα ≈ 1.76
    assert round(float(selu.df(1.0)), 2) == 1.05 and round(float(selu.df(0.0)), 2) == 1.76
    assert ratio["selu_he"][-1] == pytest.approx(float(selu.df(1.0)) ** 2, rel=0.01)


def test_selu_holds_mean_zero_variance_one_through_100_layers_and_the_others_fade(results):
    summary = results["self-normalisation"]["summary"]
    low, high = summary["selu"]["variance_range"]
    assert low > 0.9 and high < 1.1
    assert summary["selu"]["largest_mean"] < 0.05
    assert summary["relu"]["variance"] < 1e-29  # about 2^-100
    assert summary["relu"]["factor_per_layer"] == pytest.approx(0.5, abs=0.01)
    measured = results["self-normalisation"]["measured"]
    for slug in ("tanh", "elu"):  # below a hundredth of the inputs' variance
        assert summary[slug]["variance"] < 0.01 * measured[slug][1][0], slug
    for slug, row in summary.items():  # the map predicts the measured variance
        assert 0.5 < row["variance"] / row["predicted_variance"] < 2, slug
    elu = measured["elu"]
    assert elu[0][1] > 0.1 and abs(elu[0][-1]) < 0.01  # ELU's mean: positive, then pulled to 0


def test_selu_pulls_stray_inputs_back_within_15_layers(results):
    starts = results["self-normalisation"]["starts"]
    assert set(starts) == {"variance 0.1", "variance 3", "mean 1"}
    for label, settle in results["self-normalisation"]["settle"].items():
        assert 0 < settle <= 15, label
        means = np.array(starts[label][0][1:])
        assert np.abs(means).max() < 0.2, label
    assert abs(starts["mean 1"][0][1]) < 0.1


SMOOTH = ["softplus", "tanh", "sigmoid", "gelu", "silu"]


def test_relu_networks_have_no_curvature_and_smooth_ones_have_it_everywhere(results):
    nonzero = results["second-derivative"]["nonzero_d2f"]
    assert nonzero["relu"] == 0 and nonzero["leaky_relu"] == 0
    assert results["second-derivative"]["relu_u2_max"] == 0.0
    for slug in ("elu", "relu2"):  # curved on one side of the bend: about half the pairs
        assert 0.3 < nonzero[slug] < 0.7, slug
    assert all(nonzero[slug] == 1 for slug in SMOOTH)


def test_physics_informed_fit_fails_for_relu_is_rough_for_c1_and_exact_for_smooth(results):
    summary = results["second-derivative"]["summary"]
    for slug in ("relu", "leaky_relu"):
        low, high = summary[slug]["physics"]
        assert low > 0.9 and high < 1.3, slug  # the size of the solution: no fit at all
        assert summary[slug]["data"][0] >= 0.01 and summary[slug]["data"][1] <= 0.15, slug
    for slug in ("elu", "relu2"):
        low, high = summary[slug]["physics"]
        assert low > 0.01 and high < 0.5, slug
        errors = results["second-derivative"]["errors"][slug]
        assert all(p > 5 * d for p, d in zip(errors["physics"], errors["data"])), slug
    for slug in SMOOTH:
        assert summary[slug]["physics"][1] <= 5e-9, slug
        assert summary[slug]["physics"][1] < summary[slug]["data"][0], slug
    # three groups that do not overlap in any draw
    rough = [summary[s]["physics"] for s in ("elu", "relu2")]
    assert max(summary[s]["physics"][1] for s in SMOOTH) < min(r[0] for r in rough)
    assert max(r[1] for r in rough) < summary["relu"]["physics"][0]


TRAINED = ["relu", "leaky_relu", "elu", "selu", "gelu", "silu", "mish", "tanh", "sigmoid",
           "softplus", "relu2", "swiglu"]  # fmt: skip


def test_twelve_activations_five_seeds_two_networks_and_their_initialisation(results):
    comparison = results["training-comparison"]
    for net in ("shallow", "deep"):
        for slug in TRAINED:
            curve = np.array(comparison["curves"][f"{net}/{slug}"])  # epochs × (acc, loss) × seeds
            assert curve.shape[1:] == (2, 5), (net, slug)
    init = comparison["init"]
    assert init["selu"] == ["LeCun", 1.0]
    assert init["relu"] == ["He", 2.0] and init["gelu"][0] == "He"
    assert init["tanh"] == ["Glorot", 1.0] and init["sigmoid"][0] == "Glorot"
    assert init["relu2"][0] == "moments" and init["relu2"][1] == pytest.approx(2 / 3)


def test_shallow_network_only_the_sigmoid_differs_from_relu(results):
    comparison = results["training-comparison"]
    table = {slug: comparison["table"][f"shallow/{slug}"] for slug in TRAINED}
    verdicts = comparison["verdicts"]["shallow"]
    assert verdicts["better"] == [] and verdicts["worse"] == ["sigmoid"]
    relu = table["relu"]["accuracy"][0]
    for slug in TRAINED:
        if slug != "sigmoid":
            assert abs(table[slug]["accuracy"][0] - relu) < 0.025, slug
    # SELU and squared ReLU lead on accuracy and loss, with p between 0.005 and 0.05
    by_accuracy = sorted(TRAINED, key=lambda s: -table[s]["accuracy"][0])
    by_loss = sorted(TRAINED, key=lambda s: table[s]["loss"][0])
    assert set(by_accuracy[:2]) == set(by_loss[:2]) == {"selu", "relu2"}
    assert all(0.005 < table[s]["p"] < 0.05 for s in ("selu", "relu2"))
    sigmoid = table["sigmoid"]
    assert sigmoid["accuracy"][0] < relu and sigmoid["loss"][0] > 2.5 * table["relu"]["loss"][0]
    assert sigmoid["reached"] == 0
    assert all(table[s]["diverged"] == 0 and table[s]["dead"] == 0 for s in TRAINED)


def test_deep_network_separates_the_activations(results):
    comparison = results["training-comparison"]
    table = {slug: comparison["table"][f"deep/{slug}"] for slug in TRAINED}
    verdicts = comparison["verdicts"]["deep"]
    assert verdicts["better"] == ["elu", "selu"]
    assert verdicts["worse"] == ["sigmoid", "softplus", "relu2", "swiglu"]
    relu = table["relu"]["accuracy"][0]
    assert all(table[s]["accuracy"][0] > relu + 0.2 for s in ("elu", "selu"))
    assert table["elu"]["reached"] >= 4 and table["selu"]["reached"] >= 4
    assert all(table[s]["reached"] <= 2 for s in TRAINED if s not in ("elu", "selu"))
    assert table["relu"]["dead"] > 0.05 and table["leaky_relu"]["dead"] == 0
    for slug in ("gelu", "silu", "mish", "tanh"):
        assert relu < table[slug]["accuracy"][0] < table["elu"]["accuracy"][0], slug
    assert table["sigmoid"]["accuracy"][0] < 0.15  # chance is 10%
    for slug in ("relu2", "swiglu"):  # at chance in every seed, diverged in (almost) all
        assert max(comparison["curves"][f"deep/{slug}"][-1][0]) < 0.12, slug
    assert table["swiglu"]["diverged"] == 5 and table["relu2"]["diverged"] == 4
    point = comparison["relu2_fixed_point"]
    assert point["slope"] == pytest.approx(2.0, rel=1e-6)


def test_intervals_and_p_values_are_scipy_stats(results):
    """The notebook writes Student's t interval and the paired t-test out with scipy.special
    (scipy.stats takes a second to import): they agree with scipy.stats."""
    from scipy import stats  # here: importing it takes a second

    comparison = results["training-comparison"]
    for net in ("shallow", "deep"):
        final = {s: np.array(comparison["curves"][f"{net}/{s}"][-1][0]) for s in TRAINED}
        for slug, accuracy in final.items():
            row = comparison["table"][f"{net}/{slug}"]
            half = stats.t.ppf(0.975, len(accuracy) - 1) * stats.sem(accuracy)
            assert row["accuracy"] == pytest.approx([accuracy.mean(), half], rel=1e-9), slug
            if slug != "relu":
                with np.errstate(invalid="ignore"):  # no difference at all: p is nan, not 1
                    p = stats.ttest_rel(accuracy, final["relu"]).pvalue
                assert row["p"] == pytest.approx(1.0 if np.isnan(p) else p, rel=1e-9), slug


def test_digits_are_read_as_scikit_learn_loads_them():
    """The notebook reads scikit-learn's file directly; load_digits reads the same."""
    from sklearn import datasets  # here: importing scikit-learn takes seconds

    path = Path(datasets.__file__).parent / "data" / "digits.csv.gz"
    table = np.loadtxt(path, delimiter=",")
    digits = datasets.load_digits()
    assert np.array_equal(table[:, :-1], digits.data)
    assert np.array_equal(table[:, -1].astype(int), digits.target)


# --- the stage: cache and failures -----------------------------------------------------------

TINY = """\
# %% [markdown]
# # A tiny experiment
#
# Inline $a^2$ and display $$\\sum_i x_i$$ math.

# %%
import numpy as np

import activations

# %%
RESULTS = {"slope": float(activations.get("sigmoid").df(np.array(0.0)))}
"""


def write_notebook(docs: Path, name: str, text: str) -> Path:
    path = docs / "experiments" / f"{name}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


FREED_AND_REUSED = """\
# %%
import resource

import numpy as np

before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(100):
    arrays = [np.ones(1 << 18) for _ in range(8)]  # eight arrays of 2 MB, freed together
    del arrays
RESULTS = {"page_faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before}
"""


def test_kernels_reuse_freed_memory_instead_of_faulting_it_in_again(tmp_path):
    """Temporaries of a few MB, allocated and freed at every step of a loop, are faulted in
    once, not at every step (by default glibc returns them to the system: 800 times more)."""
    source = write_notebook(tmp_path / "docs", "reuse", FREED_AND_REUSED)
    # in a thread of its own, as the build runs notebooks: the browser tests' event loop may
    # still be set in this one, and nbclient starts its own
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        _, results = thread.submit(notebooks.execute, source).result()
    pages_per_step = 8 * (1 << 18) * 8 // 4096
    assert results["page_faults"] < 3 * pages_per_step


def test_a_notebook_after_others_in_the_same_kernel_comes_out_as_the_builds(executed):
    """The build runs the notebooks one after another in a kernel per core, each after a
    reset to a fresh kernel's state: run in the reverse order in one kernel, every notebook
    comes out byte for byte as the build's (name order, two kernels)."""
    import nbformat

    def in_one_kernel() -> dict[str, str]:
        kernel = notebooks.Kernel(notebooks.Stop())
        try:
            return {source.stem: nbformat.writes(notebooks.execute(source, kernel)[0])
                    for source in reversed(notebooks.sources(ROOT / "docs"))}  # fmt: skip
        finally:
            kernel.close()

    with concurrent.futures.ThreadPoolExecutor(1) as thread:  # see the test above
        again = thread.submit(in_one_kernel).result()
    assert again.keys() == executed.keys()
    for name, text in again.items():
        assert text == executed[name].path.read_text(encoding="utf-8"), name


def test_a_warm_build_does_not_execute_and_a_change_does(tmp_path):
    docs, out, cache = tmp_path / "docs", tmp_path / "out", tmp_path / "cache"
    source = write_notebook(docs, "tiny", TINY)
    (first,) = notebooks.build(docs, out, cache)
    assert first.executed and first.results == {"slope": 0.25}
    stamp = first.path.stat().st_mtime_ns
    (again,) = notebooks.build(docs, out, cache)
    assert not again.executed, "an unchanged notebook was executed again"
    assert again.path.read_bytes() == first.path.read_bytes()
    assert again.path.stat().st_mtime_ns == stamp, "an unchanged output was rewritten"
    source.write_text(TINY.replace("0.0", "1.0"), encoding="utf-8")
    (changed,) = notebooks.build(docs, out, cache)
    assert changed.executed and changed.results["slope"] < 0.25
    source.write_text(TINY, encoding="utf-8")
    (undone,) = notebooks.build(docs, out, cache)
    assert not undone.executed, "undoing an edit executed the notebook again"
    assert undone.results == {"slope": 0.25}
    assert len(list((cache / notebooks.STAGE).glob("tiny-*"))) <= notebooks.KEPT_VERSIONS


def test_serve_reuses_the_last_run_after_a_package_edit(monkeypatch, tmp_path):
    docs, out, cache = tmp_path / "docs", tmp_path / "out", tmp_path / "cache"
    write_notebook(docs, "tiny", TINY)
    notebooks.build(docs, out, cache)
    key = notebooks.cache_key
    monkeypatch.setattr(notebooks, "cache_key", lambda source: "f" * 16 + key(source))
    (served,) = notebooks.build(docs, out, cache, reuse_stale=True)
    assert served.stale and not served.executed and served.results == {"slope": 0.25}
    (built,) = notebooks.build(docs, out, cache)
    assert built.executed and not built.stale, "a full build must execute after a package edit"


def test_cache_key_covers_source_and_library_versions(monkeypatch, tmp_path):
    """The key also covers the code the notebook imports (see test_cache.py)."""
    source = write_notebook(tmp_path, "tiny", TINY)
    key = notebooks.cache_key(source)
    source.write_text(TINY.replace("0.0", "1.0"), encoding="utf-8")
    assert notebooks.cache_key(source) != key
    source.write_text(TINY, encoding="utf-8")
    assert notebooks.cache_key(source) == key
    real = imports.library_version
    monkeypatch.setattr(imports, "library_version", lambda name: real(name) + "-other")
    assert notebooks.cache_key(source) != key


def test_a_damaged_cache_entry_is_executed_again(tmp_path):
    docs, out, cache = tmp_path / "docs", tmp_path / "out", tmp_path / "cache"
    write_notebook(docs, "tiny", TINY)
    notebooks.build(docs, out, cache)
    (entry,) = (cache / notebooks.STAGE).iterdir()
    entry.write_bytes(entry.read_bytes()[:-10])  # as an interrupted copy would leave it
    (again,) = notebooks.build(docs, out, cache)
    assert again.executed and again.results == {"slope": 0.25}


def test_executed_notebook_is_reproducible_and_keeps_tex(tmp_path):
    docs = tmp_path / "docs"
    write_notebook(docs, "tiny", TINY)
    (a,) = notebooks.build(docs, tmp_path / "a", tmp_path / "cache-a")
    (b,) = notebooks.build(docs, tmp_path / "b", tmp_path / "cache-b")
    assert a.executed and b.executed
    assert a.path.read_bytes() == b.path.read_bytes()
    cells = json.loads(a.path.read_text(encoding="utf-8"))["cells"]
    assert "$a^2$" in "".join(cells[0]["source"])


def test_each_ready_notebook_is_handed_on_as_it_is_made_and_a_failed_one_never(tmp_path):
    """What a page needs of a notebook (its conversion) starts when the notebook is ready,
    in the thread that made it; a notebook that failed is not handed on."""
    docs = tmp_path / "docs"
    write_notebook(docs, "tiny", TINY)
    write_notebook(docs, "broken", "# %%\n1 / 0\n")
    batch = notebooks.Batch(docs, tmp_path / "out", tmp_path / "cache")
    ready = []
    for experiment in batch.experiments:
        batch.when_ready(experiment.uri, ready.append)
    batch.settle()
    assert [notebook.name for notebook in ready] == ["tiny"]
    assert ready[0].results == {"slope": 0.25}
    late = []
    batch.when_ready("experiments/tiny.ipynb", late.append)  # ready already: handed on at once
    assert late == ready


def test_a_failing_cell_fails_naming_notebook_cell_and_line(tmp_path):
    docs = tmp_path / "docs"
    write_notebook(docs, "broken", "# %%\nx = 1\n\n# %%\n1 / 0\n")
    with pytest.raises(BuildError) as caught:
        notebooks.build(docs, tmp_path / "out", tmp_path / "cache")
    message = str(caught.value)
    assert "broken.py" in message and "cell 2 (line 4)" in message
    assert "ZeroDivisionError" in message


def test_a_warning_fails_too(tmp_path):
    docs = tmp_path / "docs"
    write_notebook(docs, "noisy", "# %%\nimport warnings\n\nwarnings.warn('careful')\n")
    with pytest.raises(BuildError, match=r"noisy\.py: cell 1 \(line 1\) wrote to stderr"):
        notebooks.build(docs, tmp_path / "out", tmp_path / "cache")


def test_mkdocs_build_fails_naming_the_broken_notebook(tmp_path):
    project = project_copy(tmp_path)
    write_notebook(project / "docs", "broken", "# %%\nx = 1\n\n# %%\n1 / 0\n")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    log = result.stdout + result.stderr
    assert "broken.py: cell 2 (line 4) raised ZeroDivisionError" in log, log[-2000:]
    assert not (tmp_path / "site").exists()


def test_broken_links_in_a_notebook_fail_the_strict_build(tmp_path):
    project = project_copy(tmp_path)
    links = "# %% [markdown]\n# [gone](../functions/gone.md), [no anchor](../glossary.md#gone)\n"
    write_notebook(project / "docs", "links", links)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    log = result.stdout + result.stderr
    assert "'experiments/links.ipynb' contains a link '../functions/gone.md'" in log, log[-2000:]
    assert "does not contain an anchor '#gone'" in log


# --- the pages -------------------------------------------------------------------------------


def page(site: Path, name: str) -> str:
    return (site / "experiments" / name / "index.html").read_text(encoding="utf-8")


def test_pages_render_math_without_mathjax_or_cdn(site):
    for name in EXPERIMENTS:
        html = page(site, name)
        article = html.split("<article")[1]
        spans = start_tags(html, "span")
        assert sum("katex" in classes(a) for a, _ in spans) >= 3, name
        assert not re.search(r"\$\$|\$[^\s$<][^$<]{0,80}\$", article), name
        assert "mathjax" not in html.lower() and "mermaid.esm" not in html
        sources = [a.get("src") or "" for a, _ in start_tags(html, "script")]
        assert not [s for s in sources if re.match(r"(?:https?:)?//", s)], sources
        assert "--jp-" not in article, f"{name}: notebook CSS left inline"
        sheets = [a["href"] for a, _ in start_tags(html, "link") if a.get("rel") == "stylesheet"]
        assert any(re.fullmatch(r"\.\./\.\./assets/notebook-\w+\.css", h) for h in sheets)


def test_figures_are_lazy_images_one_per_palette_beside_the_page(site):
    """Each figure a notebook draws is two SVG files beside its page, its grey drawn in
    each palette's secondary text colour, shown by two lazy images that name the figure's
    words: the page's first load carries no figure, and the reader fetches only the one
    for the palette in use."""
    from scripts.adapter.notebook_pages import NEUTRAL, SCHEMES

    for name in EXPERIMENTS:
        html = page(site, name)
        outputs = re.split(r"class=\"?jp-RenderedSVG\b", html)[1:]
        assert outputs, f"{name}: no figure"
        assert "<svg" not in "".join(o.split("</div>")[0] for o in outputs), f"{name}: inline"
        images = [a for a, _ in start_tags(html, "img") if "figure-" in a.get("src", "")]
        assert len(images) == 2 * len(outputs), name
        for light, dark in zip(images[::2], images[1::2], strict=True):
            assert light["src"].endswith("#only-light") and dark["src"].endswith("#only-dark")
            for attrs, scheme in ((light, "light"), (dark, "dark")):
                assert attrs.get("loading") == "lazy" and re.search(r"[A-Za-z]{3}", attrs["alt"])
                assert (attrs["alt"], attrs["width"], attrs["height"]) == (
                    light["alt"], light["width"], light["height"])  # fmt: skip
                file = site / "experiments" / name / attrs["src"].split("#")[0]
                svg = file.read_text(encoding="utf-8")
                assert svg.startswith("<svg ") and NEUTRAL not in svg, file
                assert SCHEMES[scheme] in svg and "currentColor" not in svg, file


def test_pages_carry_tags_and_the_tag_index_lists_them(site):
    tags = (site / "tags" / "index.html").read_text(encoding="utf-8")
    for name in EXPERIMENTS:
        chips = [text.strip() for a, text in start_tags(page(site, name), "a")
                 if "md-tag" in classes(a)]  # fmt: skip
        assert "experiment" in chips, name
        assert f"../experiments/{name}/" in {a.get("href") for a, _ in start_tags(tags, "a")}


def test_download_is_the_executed_notebook_with_tex_source(site):
    for name in EXPERIMENTS:
        links = start_tags(page(site, name), "a")
        assert any(a.get("href") == f"{name}.ipynb" and "download" in a for a, _ in links), name
        download = site / "experiments" / name / f"{name}.ipynb"
        built = ROOT / "build" / "generated" / "notebooks" / "experiments" / f"{name}.ipynb"
        assert download.read_bytes() == built.read_bytes()
        data = json.loads(download.read_text(encoding="utf-8"))
        assert any(c.get("outputs") for c in data["cells"]), f"{name}: not executed"
        markdown = "".join(
            "".join(c["source"]) for c in data["cells"] if c["cell_type"] == "markdown"
        )
        assert "$" in markdown and "katex" not in markdown, f"{name}: TeX not kept as source"


def test_search_index_has_the_pages_without_cell_noise(site):
    pages = [p for p in search_index(site) if p["url"].startswith("experiments/")]
    assert {p["url"].split("/")[1] for p in pages} == set(EXPERIMENTS)
    text = " ".join(p["title"] + " " + p["content"] for p in pages)
    assert "vanishing gradient" in text.lower() and "dead" in text.lower()
    for noise in ("Copied!", "In [", "Out[", "¶", "clipboard", "matplotlib.org"):
        assert noise not in text, noise


def test_no_page_shows_the_bookkeeping_cells(site):
    """The cell that hands RESULTS to the tests is tagged remove-input: the page leaves its
    code out, the downloadable notebook keeps it."""
    for name in EXPERIMENTS:
        page = (site / "experiments" / name / "index.html").read_text(encoding="utf-8")
        assert "RESULTS" not in page, name
        notebook = (site / "experiments" / name / f"{name}.ipynb").read_text(encoding="utf-8")
        assert "RESULTS = {" in notebook, name
