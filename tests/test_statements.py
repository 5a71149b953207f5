"""What the pages state in words is what the package computes: each statement a review found
wrong is checked here against the kernels, an independent computation, or the page's text."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import mpmath
import numpy as np
import pytest
import sympy as sp

import activations
from activations import reference
from activations._properties import OUTPUT_FORMS, difference
from activations._registry import variant
from scripts.pipeline import pages
from scripts.pipeline.errors import BuildError
from scripts.tools.measure_frameworks import RECORD as RECORD_FILE

DOCS = Path(__file__).resolve().parent.parent / "docs"
SLUGS = activations.names()
WIDE = np.linspace(-60.0, 60.0, 240_001)
RECORD = json.loads(RECORD_FILE.read_text(encoding="utf-8"))


def rendered(name: str) -> str:
    """A hand-written page with its markers expanded."""
    path = DOCS / name
    return pages.expand_markers(path.read_text(encoding="utf-8"), path, 1, "")


# --- the largest slope: a maximum, or a supremum approached from one side ------------------


def test_hard_swish_largest_slope_is_a_supremum_approached_from_the_left_of_3():
    act = activations.get("hard_swish")
    p = act.properties
    assert p.max_slope == pytest.approx(1.5, abs=1e-12) and not p.max_slope_attained
    (place,) = p.max_slope_at
    assert (place.where.low, place.side) == (3.0, -1)
    assert float(act.df(3.0)) == 1.0 and float(act.df(3.0 - 1e-9)) > 1.5 - 1e-8
    assert pages.largest_slope_text(act) == "1.5, approached as z → 3⁻, not reached: f′(3) = 1"


@pytest.mark.parametrize("slug", SLUGS)
def test_largest_slope_is_reached_exactly_where_the_page_says(slug):
    """A maximum: f′ equals it at each place given. A supremum: f′ stays below it on
    [−12, 12] (farther out float64 rounds an S-curve's slope onto its limit) and tends to it
    on the side given."""
    act = activations.get(slug)
    p = act.properties
    tolerance = 1e-9 * max(1.0, abs(p.max_slope))
    if math.isfinite(p.max_slope):
        assert np.all(act.df(WIDE) <= p.max_slope + tolerance)
    for place in p.max_slope_at:
        where = place.where
        if place.attained:
            at = where.low if where.is_point else _inside(where)
            assert float(act.df(at)) == pytest.approx(p.max_slope, abs=tolerance), (slug, at)
        elif math.isinf(where.low):
            assert float(act.df(where.low)) == p.max_slope
        else:
            near = where.low + place.side * 1e-9
            assert float(act.df(near)) == pytest.approx(p.max_slope, abs=1e-6)
            assert float(act.df(where.low)) < p.max_slope - tolerance
    if not p.max_slope_attained and math.isfinite(p.max_slope):
        assert np.all(act.df(WIDE[np.abs(WIDE) <= 12]) < p.max_slope), slug


def _inside(interval) -> float:
    low = interval.low if math.isfinite(interval.low) else interval.high - 1.0
    high = interval.high if math.isfinite(interval.high) else low + 1.0
    return (low + high) / 2


@pytest.mark.parametrize(
    "slug,text",
    [("linear", "1, at z ∈ (−∞, ∞)"), ("relu", "1, at z ∈ (0, ∞)"), ("sigmoid", "0.25, at z = 0"),
     ("hardshrink", "1, at z ∈ (−∞, −0.5) and z ∈ (0.5, ∞)"),
     ("softplus", "1, approached as z → +∞, not reached"),
     ("tanhshrink", "1, approached as z → −∞ or z → +∞, not reached")],
)  # fmt: skip
def test_largest_slope_text(slug, text):
    assert pages.largest_slope_text(activations.get(slug)) == text


# --- quadrature noise is not a result ------------------------------------------------------


@pytest.mark.parametrize("slug", ["tanh", "hardshrink", "softshrink", "selu"])
def test_a_mean_that_is_exactly_zero_is_reported_as_zero(slug):
    p = activations.get(slug).properties
    assert p.gaussian_mean == 0.0
    assert "E f(Z) = 0" in dict(pages.property_rows(activations.get(slug)))["Zero-centred"]


@pytest.mark.parametrize("slug", SLUGS)
def test_odd_functions_have_mean_zero_and_a_reported_zero_is_zero_to_30_digits(slug):
    act = activations.get(slug)
    p = act.properties
    if p.odd:
        assert p.gaussian_mean == 0.0
    if p.gaussian_mean == 0.0 and not p.odd:
        f = sp.lambdify(sp.Symbol("z", real=True), act.sympy(), modules="mpmath")
        with mpmath.workdps(30):
            density = lambda x: mpmath.npdf(x)  # noqa: E731
            edges = sorted({-mpmath.inf, *act.breakpoints, 0, mpmath.inf}, key=float)
            mean = mpmath.quad(lambda x: f(x) * density(x), edges)
        assert abs(mean) < 1e-15, (slug, mean)


# --- the output form: which of three cases ---------------------------------------------------


@pytest.mark.parametrize(
    "slug,form",
    [("threshold", "closed form"), ("relu", "closed form"), ("tanhshrink", "function of y"),
     ("gelu", "not a function of y"), ("silu", "not a function of y")],
)  # fmt: skip
def test_output_form_cases_named_by_the_review(slug, form):
    assert activations.get(slug).properties.output_form == form


@pytest.mark.parametrize("slug", SLUGS)
def test_output_form_case_holds(slug):
    act = activations.get(slug)
    p = act.properties
    assert p.output_form in OUTPUT_FORMS
    if p.output_form == "closed form":
        assert act.latex.df_output is not None and act.df_from_output is not None
        points = np.union1d(WIDE[::10], act.breakpoints)
        assert np.allclose(act.df_from_output(act.f(points)), act.df(points), atol=1e-12)
    elif p.output_form == "function of y":
        values = act.f(WIDE)
        sign = 1 if values[-1] > values[0] else -1
        steps = np.diff(values) * sign
        moving = np.flatnonzero(steps > 0)
        assert np.all(steps >= 0), slug
        # f′ keeps its sign, 0 only at isolated points, wherever f moves; the float values
        # of f may repeat where f changes by less than a unit in the last place (subnormal
        # tails), and stay constant only where f has rounded onto a limit (Laplace's 0 and
        # 1), not where it is constant
        slopes = act.df(WIDE[moving[0] : moving[-1] + 2]) * sign
        assert np.all(slopes >= 0) and not np.any((slopes[:-1] == 0) & (slopes[1:] == 0))
        first, last = moving[0], moving[-1] + 1  # the innermost points of the tails
        for index in [i for i in (first, last) if 0 < i < len(WIDE) - 1]:
            with mpmath.workdps(1000):
                exact = reference.derivatives(slug)[0](mpmath.mpf(WIDE[index]))
            assert exact != values[index], (slug, WIDE[index])
    else:
        a, b = p.output_witness
        assert float(act.f(a)) == pytest.approx(float(act.f(b)), abs=1e-12)
        assert abs(float(act.df(a)) - float(act.df(b))) > 1e-3


def test_threshold_output_form_fails_when_the_value_lies_above_the_threshold():
    """With v > θ the output v comes from z = v (slope 1) and from every z ≤ θ (slope 0)."""
    p = activations.get("threshold", threshold=0.0, value=1.0).properties
    assert p.output_form == "not a function of y"
    assert p.output_witness == (0.0, 1.0)  # f(0) = f(1) = v = 1, with slopes 0 and 1
    assert activations.get("threshold", threshold=1.0, value=1.0).properties.output_form == (
        "closed form"
    )


def test_function_pages_state_the_computed_case():
    assert "f'(z) =" in pages.output_form_text(activations.get("threshold"))
    assert "strictly increasing" in pages.output_form_text(activations.get("tanhshrink"))
    text = pages.output_form_text(activations.get("gelu"))
    assert text.startswith("Its derivative is not a function of the output alone")


# --- family tags: true of every function that carries one ------------------------------------


def _continuous(act) -> bool:
    return act.properties.continuity != "discontinuous"


def _sigmoidal_by_sampling(act) -> bool:
    values = act.f(WIDE)
    steps = np.diff(values)
    monotone = np.all(steps >= 0) or np.all(steps <= 0)
    low, high = float(act.f(-np.inf)), float(act.f(np.inf))
    flat_tails = abs(float(act.df(-1e6))) < 1e-6 and abs(float(act.df(1e6))) < 1e-6
    return bool(monotone and math.isfinite(low) and math.isfinite(high) and low != high
                and flat_tails and _continuous(act))  # fmt: skip


def _relu_family_by_sampling(act) -> bool:
    off_kinks = np.setdiff1d(WIDE, act.breakpoints)
    slopes = set(np.round(act.df(off_kinks), 12))
    linear_pieces = not np.any(act.d2f(off_kinks))
    return bool(act.breakpoints) and linear_pieces and max(slopes) == 1.0


def _smooth_rectifier_by_sampling(act) -> bool:
    jumps = [abs(float(act.df(b + 1e-8) - act.df(b - 1e-8))) for b in act.breakpoints]
    return (
        _continuous(act)
        and all(j < 1e-6 for j in jumps)
        and abs(float(act.df(-1e6))) < 1e-6
        and abs(float(act.df(1e6)) - 1.0) < 1e-6
        and math.isfinite(float(np.min(act.f(WIDE))))
        and math.isfinite(float(act.f(-np.inf)))
    )


INDEPENDENT_CHECKS = {
    "sigmoidal": _sigmoidal_by_sampling,
    "ReLU family": _relu_family_by_sampling,
    "smooth rectifier": _smooth_rectifier_by_sampling,
}


@pytest.mark.parametrize("slug", SLUGS)
def test_each_family_tag_agrees_with_an_independent_check(slug):
    act = activations.get(slug)
    tags = set(pages.function_tags(act))
    for tag, check in INDEPENDENT_CHECKS.items():
        assert (tag in tags) == check(act), f"{slug}: tag {tag!r}"
    assert ("other shapes" in tags) == (not tags & set(INDEPENDENT_CHECKS))


@pytest.mark.parametrize("slug", ["linear", "binary_step", "log_sigmoid", "tanhshrink"])
def test_functions_that_are_not_s_shaped_are_not_tagged_sigmoidal(slug):
    assert "sigmoidal" not in pages.function_tags(activations.get(slug))


def test_a_page_claiming_a_false_family_tag_fails_the_build():
    prose = pages.Prose(Path("docs/functions/linear.md"), {"tags": ["sigmoidal"]}, "", 1)
    with pytest.raises(BuildError, match="tag 'sigmoidal' is false for linear"):
        pages.activation_page(activations.get("linear"), prose)


def test_the_tags_page_defines_every_family_tag():
    text = rendered("tags.md")
    for tag, shape in pages.SHAPE_TAGS.items():
        assert f"{tag}\n:   {shape.meaning}." in text


# --- computed statements in prose --------------------------------------------------------------


def test_keras2_hard_sigmoid_differs_from_todays_only_on_0_lt_abs_z_lt_3():
    today, (keras2, _) = activations.get("hard_sigmoid").f, variant("keras2_hard_sigmoid")
    z = np.linspace(-10, 10, 20_001)
    differs = np.abs(today(z) - keras2(z)) > 1e-15
    assert np.array_equal(differs, (np.abs(z) > 1e-12) & (np.abs(z) < 3))
    found = difference(today, keras2, (-3.0, 3.0, -2.5, 2.5))
    assert [str(i) for i in found.where] == ["(−3, 0)", "(0, 3)"]
    assert found.largest == pytest.approx(1 / 12, abs=1e-15) and found.at == (-2.5, 2.5)
    for page in ("frameworks.md", "functions/hard_sigmoid.md"):
        text = rendered(page)
        assert "(−3, 0) ∪ (0, 3)" in text and "0.08333" in text, page
        assert "everywhere except" not in text, page


def test_glossary_gives_leaky_relus_left_slope_alone():
    assert "its slope far left is\n0.01)" in rendered("glossary.md")


def test_where_silu_and_gelu_turn_downhill_is_the_minimum():
    """f′ changes sign once, at the minimum: mpmath's root of f′ to 20 digits."""
    with mpmath.workdps(30):
        silu = mpmath.findroot(lambda z: mpmath.diff(lambda t: t / (1 + mpmath.exp(-t)), z), -1.3)
        gelu = mpmath.findroot(lambda z: mpmath.ncdf(z) + z * mpmath.npdf(z), -0.75)
    for slug, root in (("silu", silu), ("gelu", gelu)):
        (found,) = activations.get(slug).properties.slope_sign_changes
        assert found == pytest.approx(float(root), abs=1e-10)
    text = rendered("derivations.md")
    assert "$`z = `$ −1.278 for SiLU" in text and "$`z = `$ −0.7518 for GELU" in text


def test_threshold_parameters_are_shown_with_values_no_framework_defaults():
    table = pages.parameters_markdown(activations.get("threshold"))
    assert table.count("none; shown with") == 2
    leaky = pages.parameters_markdown(activations.get("leaky_relu"))
    assert "0.01 (PyTorch, JAX, Flax, MLX)" in leaky  # measured: the default call computes it


def test_selu_tends_to_minus_lambda_alpha_as_its_constants_say():
    act = activations.get("selu")
    lam, alpha = (float(value) for _, value, _ in act.constants)
    assert float(act.f(-50.0)) == pytest.approx(-lam * alpha, rel=1e-15)
    assert "f tends to −λα as z → −∞" in pages.parameters_markdown(act)


# --- prose facts checked by computation --------------------------------------------------------


def test_the_exponential_is_one_of_many_functions_equal_to_their_derivative():
    """f′ = f has the solutions c·eᶻ; f(0) = 1 picks eᶻ, as the page says."""
    z = sp.Symbol("z")
    f = sp.Function("f")
    solution = sp.dsolve(sp.Eq(f(z).diff(z), f(z)))
    assert sp.simplify(solution.rhs / sp.exp(z)).free_symbols == {sp.Symbol("C1")}
    assert "$`e^z`$ is the one with $`f(0) = 1`$" in (DOCS / "functions/exponential.md").read_text()


def test_output_gradients_of_the_losses_named_in_why_derivatives_matter():
    """σ with binary cross-entropy and ½(ŷ − y)² give ŷ − y; the mean squared error 2(ŷ − y)/n."""
    s, y, n = sp.symbols("s y n", positive=True)
    p = 1 / (1 + sp.exp(-s))
    bce = -(y * sp.log(p) + (1 - y) * sp.log(1 - p))
    assert sp.simplify(sp.diff(bce, s) - (p - y)) == 0
    yhat = sp.Symbol("yhat")
    assert sp.diff((yhat - y) ** 2 / 2, yhat) == yhat - y
    assert sp.simplify(sp.diff((yhat - y) ** 2 / n, yhat) - 2 * (yhat - y) / n) == 0
    text = (DOCS / "derivatives.md").read_text()
    assert "$`2(\\hat y - y)/n`$ for the mean squared error" in text


@pytest.mark.parametrize("slug", SLUGS + activations.vector_names())
def test_each_reference_is_named_in_the_history_and_an_empty_list_is_explained(slug):
    """The page's "Where it came from" names every listed reference (first author and year),
    so the list and the history cannot tell different stories."""
    act = activations.get(slug)
    text = (DOCS / "functions" / f"{slug}.md").read_text(encoding="utf-8")
    history = text.split("## Where it came from", 1)[1].split("\n## ", 1)[0]
    for ref in act.references:
        surname = ref.authors.split(",")[0].split()[-1]
        assert surname in history and str(ref.year) in history, (slug, surname, ref.year)
    if not act.references:
        explained = r"\bno (single |originating |founding )?paper|cites no paper"
        assert re.search(explained, history, re.IGNORECASE), slug


def test_sqrt_softplus_page_states_where_the_naive_form_and_the_kernel_lose_the_tail():
    """ "the naive form returns exactly 0 below about −37; the package keeps digits to ≈ −1490"."""
    text = (DOCS / "functions" / "sqrt_softplus.md").read_text(encoding="utf-8")
    assert "below about −37" in text and "down to z ≈ −1490" in text
    act = activations.get("sqrt_softplus")
    with np.errstate(all="ignore"):
        naive = act.definition.naive.f
        assert naive(np.float64(-36.5)) > 0 and naive(np.float64(-37.0)) == 0
    assert act.f(-37.0) == pytest.approx(math.exp(-18.5), rel=1e-15)
    assert act.f(-1488.0) > 0 and act.f(-1492.0) == 0


def test_the_about_page_cites_the_site_as_citation_cff_does(tmp_path):
    from scripts.pipeline import citation

    data = citation.read_citation()
    text = rendered("about.md")
    assert "```text\n@software{" in text
    assert f"title = {{{{{data['title']}}}}}" in text and f"version = {{{data['version']}}}" in text
    assert all(person["name"] in text for person in data["authors"])
    broken = tmp_path / "CITATION.cff"
    broken.write_text("cff-version: 1.2.0\ntitle: x\n")
    with pytest.raises(BuildError, match=r"CITATION.cff: the citation lacks authors"):
        citation.citation_markdown(broken)


# --- framework statements in the function pages' prose come from the measurement ----------------

# A sentence that names a framework and states a gradient (at a point, through a corner, in the
# backward pass) is a measurable claim: it must take its values from the record, through an
# `<!-- activations:framework ... -->` marker, never spell them by hand.
NAMES_A_FRAMEWORK = re.compile(
    r"PyTorch|JAX|Keras|TensorFlow|Flax|MLX|[Ff]rameworks?\b|[Aa]ll three|autograd|autodiff"
)
STATES_A_GRADIENT = re.compile(
    r"gradients? (at|there|through|of)\b|backward pass|one-sided|agree on the gradient|f′\("
)


def states_a_default(sentence: str, parameters: set[str]) -> bool:
    """The sentence gives a default of one of the measured parameters (``approximate=True``,
    "default $`\\alpha = 1`$")."""
    if "default" not in sentence:
        return False
    return any(re.search(rf"`{p}\s*=|\\{p}\b|\$`{p} =", sentence) for p in parameters)


def measured_parameters(slug: str) -> set[str]:
    """The parameters whose defaults the record measures for ``slug``, and the package's."""
    item = RECORD["activations"].get(slug, {}).get("frameworks", {})
    names = {n for roles in item.values() for e in roles.values()
             for n in e["signature"].get("defaults", {})}  # fmt: skip
    package = (
        {s.symbol or s.name for s in activations.get(slug).param_specs} if slug in SLUGS else set()
    )
    return names | package | {p.rstrip("d") for p in names | package}  # lambd → lambda


def unmeasured_framework_claims(text: str, parameters: set[str] = frozenset()) -> list[str]:
    """Sentences of a page's framework sections that state a gradient, or a default of one of
    ``parameters``, without a marker reading the record."""
    found = []
    parts = re.split(r"^(#+ .*)$", text, flags=re.M)
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        if "ramework" not in heading:
            continue
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z*`$-])", body.replace("\n", " ")):
            states = STATES_A_GRADIENT.search(sentence) or states_a_default(sentence, parameters)
            claim = NAMES_A_FRAMEWORK.search(sentence) and states
            if claim and "<!-- activations:framework " not in sentence:
                found.append(sentence.strip())
    return found


@pytest.mark.parametrize("path", sorted((DOCS / "functions").glob("*.md")), ids=lambda p: p.stem)
def test_framework_gradient_and_default_statements_are_read_from_the_measurement(path):
    text = path.read_text(encoding="utf-8")
    assert unmeasured_framework_claims(text, measured_parameters(path.stem)) == []


@pytest.mark.parametrize(
    "wrong",
    [
        "## Framework notes\n\nAt exactly $`z = \\pm 3`$ the one-sided slopes differ; this site "
        "follows PyTorch's backward pass, which uses the middle piece at both joints.\n",
        "## Framework notes\n\nBecause CELU has a continuous derivative, the three frameworks also "
        "agree on the gradient at $`z = 0`$, which is not true of ELU with $`\\alpha \\ne 1`$.\n",
    ],
    ids=["hard swish", "celu"],
)
def test_the_hand_written_gradient_claims_a_review_found_wrong_are_caught(wrong):
    assert unmeasured_framework_claims(wrong)


def test_a_hand_written_default_is_caught():
    old_gelu = (
        "## Framework notes\n\n"
        "- Keras: `keras.activations.gelu` is exact by default (`approximate=False`).\n"
    )
    assert unmeasured_framework_claims(old_gelu, measured_parameters("gelu"))


def test_the_pages_now_state_the_measured_gradients_at_the_joints():
    """Hard swish: the outer pieces at ±3, as the site's formula; CELU: the frameworks differ."""
    swish = pages.expand_markers((DOCS / "functions/hard_swish.md").read_text(), DOCS, 1, "../")
    assert "f′(−3) = 0 (PyTorch," in swish and "f′(3) = 1 (PyTorch," in swish
    celu = pages.expand_markers((DOCS / "functions/celu.md").read_text(), DOCS, 1, "../")
    assert "2 (Keras (TensorFlow))" in celu and "0 (MLX)" in celu


# --- the summary table's output ranges: exact where the definition gives them ----------------


@pytest.mark.parametrize(
    "slug,tex",
    [("arctan", r"\left(- \frac{\pi}{2}, \frac{\pi}{2}\right)"),
     ("elish", r"\left[-3 + 2 \sqrt{2}, \infty\right)"),
     ("lecun_tanh", r"\left(-1.7159, 1.7159\right)"),
     ("gelu", r"\left[-0.17, \infty\right)"),
     ("hardshrink", r"\left(-\infty, -0.5\right) \cup \{0\} \cup \left(0.5, \infty\right)"),
     ("binary_step", r"\{0, 1\}")],
)  # fmt: skip
def test_the_summary_prints_a_range_in_closed_form_where_there_is_one(slug, tex):
    """docs/summary.md: "An end is exact (π/2, −3 + 2√2) when the function's definition gives
    it in closed form"; decimals otherwise (GELU's least value)."""
    assert pages.range_tex(activations.get(slug).properties.output_range) == tex


@pytest.mark.parametrize("slug", SLUGS)
def test_the_summary_gives_the_decimals_of_an_irrational_end(slug):
    """ "with the decimals below it": the measured range, under a range with an irrational
    closed form (π/2), and no decimals under one whose ends are all rational."""
    r = activations.get(slug).properties.output_range
    cell = pages.range_cell(r)
    irrational = any(e is not None and e.is_finite and not e.is_Rational
                     for pair in r.exact for e in pair)  # fmt: skip
    assert (f"≈ {r}" in cell) == irrational and cell.count("≈") == irrational


def test_a_function_page_prints_its_range_as_the_summary_does():
    """A function page's Properties table and the summary table print one range the same
    way: arctan's ends as ±π/2 (with the decimals below), not as ±1.571 alone."""
    for slug in ("arctan", "gelu", "hardshrink"):
        act = activations.get(slug)
        row = dict(pages.property_rows(act))["Output range"]
        assert row == pages.range_cell(act.properties.output_range)
    assert r"\frac{\pi}{2}" in dict(pages.property_rows(activations.get("arctan")))["Output range"]


@pytest.mark.parametrize("slug", SLUGS)
def test_a_page_links_the_second_derivative_experiment_where_its_point_holds(slug):
    """Where f″ is exactly 0 between breakpoints (checked here on 2,001 points), the
    properties table says so and links the experiment in which such functions fail."""
    act = activations.get(slug)
    z = np.linspace(-10, 10, 2001)
    z = z[np.min(np.abs(z[:, None] - np.array([*act.breakpoints, np.inf])), axis=1) > 1e-6]
    flat = bool(act.breakpoints) and not np.any(act.d2f(z))
    smoothness = dict(pages.property_rows(act))["Smoothness"]
    assert (pages.SECOND_DERIVATIVE_EXPERIMENT in smoothness) == flat
    assert ("f″ = 0 between the breakpoints" in smoothness) == flat
    if slug == "relu":
        assert flat
