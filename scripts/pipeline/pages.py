"""Markdown generated from the package: function pages, the summary table, markers in notes.

Hand-written pages address generated pieces with markers such as
``<!-- activations:summary-table -->``; an unknown marker is an error naming
the file and line, never passed through.
"""

from __future__ import annotations

import functools
import hashlib
import html
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import sympy as sp
import yaml

import activations
from activations._properties import Interval, Range, format_number
from activations._symbolic import to_latex
from scripts.pipeline import bibtex, citation, downloads, figures, frameworks, snippets
from scripts.pipeline.cache import Cache, digest, keep_newest
from scripts.pipeline.errors import BuildError
from scripts.pipeline.families import family_modules
from scripts.pipeline.files import CACHE_DIR, write_atomic
from scripts.pipeline.stage import DESCRIPTIVE_FIELDS, Stage
from scripts.pipeline.urls import FUNCTIONS, built_url, function_page


@dataclass(frozen=True)
class ShapeTag:
    """A family tag: what it asserts of a function, and the test of that on its properties."""

    meaning: str
    holds: Callable[[activations.Properties], bool]


def _sigmoidal(p: activations.Properties) -> bool:
    return p.continuity != "discontinuous" and p.monotonic != "no" and p.bounded and (p.saturating)


def _relu_like(p: activations.Properties) -> bool:
    return p.piecewise_linear and p.max_slope == 1 and p.max_slope_attained


def _smooth_rectifier(p: activations.Properties) -> bool:
    smooth = p.continuity not in ("discontinuous", "C0")
    return smooth and p.df_limits == (0.0, 1.0) and math.isfinite(p.output_range.low)


# Family tags, given to every function (in any catalog group) of which they are true.
SHAPE_TAGS: dict[str, ShapeTag] = {
    "sigmoidal": ShapeTag(
        "S-shaped: continuous, monotonic and bounded, with f′ → 0 on both sides", _sigmoidal
    ),
    "ReLU family": ShapeTag(
        "piecewise linear with at least one kink, its steepest pieces of slope 1 (the "
        "identity, or a shift of it, on part of the line)",
        _relu_like,
    ),
    "smooth rectifier": ShapeTag(
        "continuously differentiable (C¹ or smoother), bounded below, with f′ → 0 as "
        "z → −∞ and f′ → 1 as z → +∞",
        _smooth_rectifier,
    ),
    "other shapes": ShapeTag(
        "none of the three shapes above",
        lambda p: not any(_holds(p) for _holds in (_sigmoidal, _relu_like, _smooth_rectifier)),
    ),
}
USE_TAGS = {"hidden-layer": "hidden layer", "output-layer": "output layer"}
# Tags that state a computed property: a page may carry one only if the property holds.
PROPERTY_TAGS: dict[str, Callable[[activations.Properties], bool]] = {
    "bounded": lambda p: p.bounded,
    "zero-centred": lambda p: p.zero_centred,
    "smooth": lambda p: p.smooth,
    "monotonic": lambda p: p.monotonic != "no",
    "saturating": lambda p: p.saturating,
}
# Tags a page's front matter may carry only when they hold for its function.
CHECKED_TAGS = {tag: shape.holds for tag, shape in SHAPE_TAGS.items()} | PROPERTY_TAGS
MARKER = re.compile(r"<!--\s*activations:(?P<name>[\w-]+)(?P<args>[^>]*?)\s*-->")


@dataclass(frozen=True)
class Prose:
    """A hand-written page: its front matter and body."""

    path: Path
    meta: dict
    body: str
    body_line: int  # line number of the body's first line in the file


def read_prose(path: Path) -> Prose:
    """Split a Markdown file into front matter and body; bad YAML names the file."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return Prose(path, {}, text, 1)
    end = text.find("\n---\n", 4)
    if end < 0:
        raise BuildError(f"{path}: front matter starts with '---' but never ends")
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as error:
        raise BuildError(f"{path}: invalid front matter: {error}") from None
    if not isinstance(meta, dict):
        raise BuildError(f"{path}: front matter must be a mapping, got {type(meta).__name__}")
    body = text[end + 5 :]
    return Prose(path, meta, body, text[: end + 5].count("\n") + 1)


def render_front_matter(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


# --- the pieces ---------------------------------------------------------------------------


def figure_markdown(name: str, alt: str, prefix: str, first_screen: bool = False) -> str:
    """The light and dark SVG of a figure; Material shows the one matching the palette. Its
    size is stated, so the page keeps the figure's place while it loads. A figure on the
    page's first screen is fetched with the page (the browser finds it as it reads the
    HTML); any other when the reader comes near it."""
    figsize = figures.FUNCTION_FIGSIZE if name in activations.names() else figures.FIGSIZE
    width, height = figures.css_size(figsize)
    loading = "" if first_screen else "loading=lazy "
    attributes = f"{{ {loading}width={width} height={height} }}"
    return (
        f"![{alt}]({prefix}figures/{name}-light.svg#only-light){attributes}\n"
        f"![{alt}]({prefix}figures/{name}-dark.svg#only-dark){attributes}\n"
    )


def math_block(tex: str) -> str:
    return f"```math\n{tex}\n```\n"


def inline_math(tex: str) -> str:
    return f"$`{tex}`$"


def interval_text(interval: Interval) -> str:
    return str(interval)


def slope_places(props: activations.Properties) -> str:
    """Where the largest slope is reached or approached; "so on" marks a periodic pattern."""
    places = []
    for place in props.max_slope_at:
        where = place.where
        if where.is_point and math.isinf(where.low):
            places.append("z → " + ("+∞" if where.low > 0 else "−∞"))
        elif not place.attained:
            places.append(f"z → {format_number(where.low)}{'⁻' if place.side < 0 else '⁺'}")
        elif where.is_point:
            places.append(f"z = {format_number(where.low)}")
        else:
            places.append(f"z ∈ {where}")
    if all(math.isnan(x) for x in props.df_limits):
        places.append("so on, periodically")
    word = " and " if props.max_slope_attained else " or "
    return ", ".join(places[:-1]) + word + places[-1] if len(places) > 1 else places[0]


def largest_slope_text(act: activations.Activation) -> str:
    """A maximum ("1, at z = 0") or a supremum no input reaches ("1.5, approached as z → 3⁻,
    not reached: f′(3) = 1"), with f′ at each finite place where it is only approached."""
    props = act.properties
    value = format_number(props.max_slope)
    if props.max_slope_attained:
        return f"{value}, at {slope_places(props)}"
    text = f"{value}, approached as {slope_places(props)}, not reached"
    at = sorted({p.where.low for p in props.max_slope_at if math.isfinite(p.where.low)})
    values = [f"f′({format_number(b)}) = {format_number(float(act.df(b)))}" for b in at]
    return text + (": " + ", ".join(values) if values else "")


def df_limits_text(props: activations.Properties) -> str:
    return " / ".join(format_number(v) for v in props.df_limits)


def dead_zone_text(props: activations.Properties) -> str:
    return " ∪ ".join(str(i) for i in props.dead_zone) or "none"


SUPERSCRIPTS = str.maketrans("0123", "⁰¹²³")


def continuity_text(continuity: str) -> str:
    """C0 → C⁰, C∞ stays."""
    return (
        continuity[0] + continuity[1:].translate(SUPERSCRIPTS)
        if continuity[0] == "C"
        else continuity
    )


# The experiment in which methods that need f″ fail with piecewise-linear functions
SECOND_DERIVATIVE_EXPERIMENT = "experiments/second-derivative.ipynb"


def smoothness_text(props: activations.Properties) -> str:
    """C⁰, C¹…; for a piecewise-linear function, that f″ is 0 and where that matters."""
    text = continuity_text(props.continuity)
    if props.piecewise_linear:
        link = f"[Where f″ matters](../{SECOND_DERIVATIVE_EXPERIMENT})"
        text += f"; f″ = 0 between the breakpoints, so methods that need it fail ({link})"
    return text


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def tag_definitions() -> str:
    """Each family tag with what it asserts, as a definition list."""
    return "\n".join(f"{tag}\n:   {shape.meaning}.\n" for tag, shape in SHAPE_TAGS.items())


def function_tags(act: activations.Activation) -> list[str]:
    """The tags a function page carries: families and properties that hold, uses."""
    props = act.properties
    tags = ["activation functions"]
    tags += [tag for tag, holds in CHECKED_TAGS.items() if holds(props)]
    tags += [USE_TAGS[t] for t in act.tags]
    return tags


def property_rows(act: activations.Activation) -> list[tuple[str, str]]:
    p = act.properties
    return [
        ("Output range", range_cell(p.output_range)),
        ("Bounded", yes_no(p.bounded)),
        ("Zero-centred", f"{yes_no(p.zero_centred)} (E f(Z) = {mean_text(p)})"),
        ("Variance of f(Z), Z ~ N(0, 1)", f"{p.gaussian_variance:.4g}"),
        ("Monotonic", p.monotonic),
        ("Derivative monotonic", yes_no(p.derivative_monotonic)),
        ("Smoothness", smoothness_text(p)),
        ("Breakpoints", ", ".join(format_number(b) for b in act.breakpoints) or "none"),
        ("Identity near 0", yes_no(p.identity_near_origin)),
        ("Largest slope", largest_slope_text(act)),
        ("f′ at −∞ / +∞", df_limits_text(p)),
        ("Saturates", p.saturation),
        ("Dead zone (f′ = 0)", dead_zone_text(p)),
        ("Odd (f(−z) = −f(z))", yes_no(p.odd)),
        ("f′ from the output y = f(z)", p.output_form),
    ]


def mean_text(props: activations.Properties) -> str:
    """E f(Z); an exact 0 says why (see ``Properties.gaussian_mean``)."""
    if props.gaussian_mean == 0 and props.odd:
        return "0, f being odd"
    if props.gaussian_mean == 0:
        return "0 within the quadrature's rounding error"
    return format_number(props.gaussian_mean)


def output_form_text(act: activations.Activation) -> str:
    """How f′ depends on the output, in the case ``Properties.output_form`` computed."""
    p = act.properties
    if p.output_form == "closed form":
        return (
            f"The first derivative written with the output {inline_math('y = f(z)')}, "
            "which backpropagation can reuse from the forward pass:\n\n"
            + math_block(f"f'(z) = {act.latex.df_output}")
        )
    if p.output_form == "function of y":
        return (
            f"f is strictly {p.monotonic}, so its derivative is a function of the output "
            f"{inline_math('y = f(z)')} (through {inline_math('z = f^{-1}(y)')}), but not one "
            "with a closed form here: recovering z from y means solving y = f(z) numerically.\n"
        )
    a, b = p.output_witness
    fa, da, db = (format_number(float(v)) for v in (act.f(a), act.df(a), act.df(b)))
    return (
        "Its derivative is not a function of the output alone: "
        f"f({format_number(a)}) = f({format_number(b)}) = {fa}, "
        f"but f′ is {da} at the first input and {db} at the second.\n"
    )


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _code(name: str) -> str:
    return f"`{name}`" if name else "—"


def frameworks_markdown(act) -> str:
    """A record's framework section: every measured framework that ships it, from the record
    (see :mod:`scripts.pipeline.frameworks`)."""
    return frameworks.function_table(act, "../")


def used_in_markdown(act: activations.Activation) -> str:
    """The "Used in" section: notable models, each with its primary source; empty if none."""
    if not act.used_in:
        return ""
    items = [
        f"- **{use.model}**: {use.where}. Source: {use.source.authors} ({use.source.year}),"
        f" [{use.source.title}]({use.source.link})."
        for use in act.used_in
    ]
    return "## Used in\n\n" + "\n".join(items) + "\n"


def default_text(act: activations.Activation, name: str, value: float) -> str:
    """A parameter's value with the frameworks whose default call computes it (measured), or
    "shown with" when it is this site's choice."""
    found = frameworks.frameworks_with_default(act, name, value)
    if found:
        return f"{value:g} ({', '.join(found)})"
    return f"none; shown with {value:g}"


def parameters_markdown(act: activations.Activation) -> str:
    rows = [
        [frameworks.identifier_code(spec.name), inline_math(_symbol_tex(spec.symbol or spec.name)),
         default_text(act, spec.name, spec.default), spec.domain_text(), spec.doc]
        for spec in act.param_specs
    ]  # fmt: skip
    text = _table(["Parameter", "Symbol", "Default", "Domain", "Meaning"], rows) if rows else ""
    for symbol, value, meaning in act.constants:
        if meaning:
            text += f"\n{inline_math(_symbol_tex(symbol))} = {value} ({meaning}).\n"
    return text


def _symbol_tex(name: str) -> str:
    """The symbol as the formulas print it: ``alpha_p`` as α with subscript p."""
    return to_latex(sp.Symbol(name, real=True))


def formulas_markdown(act: activations.Activation) -> str:
    tex = act.latex
    parts = [
        "The function:\n", math_block(f"f(z) = {tex.f}"),
        "Its first derivative:\n", math_block(f"f'(z) = {tex.df}"),
        "Its second derivative:\n", math_block(f"f''(z) = {tex.d2f}"),
    ]  # fmt: skip
    if tex.where:
        aligned = (line.replace(" = ", " &= ", 1) for line in tex.where)
        parts += [
            "where\n",
            math_block(r"\begin{aligned} " + r" \\ ".join(aligned) + r" \end{aligned}"),
        ]
    parts.append(output_form_text(act))
    return "\n".join(parts)


def activation_page(act: activations.Activation, prose: Prose | None) -> str:
    """A complete page for ``act``: generated facts around the hand-written prose, whose
    markers are expanded (an error names the line in the prose's file)."""
    meta = dict(prose.meta) if prose else {}
    extra_tags = meta.pop("tags", []) or []
    props = act.properties
    for tag in extra_tags:
        check = CHECKED_TAGS.get(tag)
        if check is not None and not check(props):
            raise BuildError(f"{prose.path}: tag {tag!r} is false for {act.slug}")
    tags = list(dict.fromkeys(function_tags(act) + list(extra_tags)))
    meta = {"description": act.summary, **meta, "tags": tags}
    aliases = ", ".join(f"`{a}`" for a in act.aliases)
    body = _prose_body(prose)
    sections = [
        render_front_matter(meta),
        f"# {act.name}\n",
        f"{act.summary}" + (f" Also called {aliases}." if aliases else "") + "\n",
        figure_markdown(
            act.slug,
            f"{act.name}: f above; f′ and f″ below, on their own scale",
            "../",
            first_screen=True,
        ),
        downloads.links_markdown(act, "../"),
        "## Formulas\n",
        formulas_markdown(act),
        parameters_markdown(act),
        body,
        used_in_markdown(act),
        "## Properties\n",
        "Computed from the implementation; the [summary table](../summary.md#columns) "
        "defines each one.\n",
        _table(["Property", "Value"], [list(row) for row in property_rows(act)]),
        "## In the frameworks\n",
        frameworks_markdown(act),
        frameworks.config_names_markdown(act),
        snippets.code_markdown(act),
        "## References\n",
        bibtex.references_markdown(act),
    ]
    return "\n".join(s for s in sections if s)


# --- vector-valued activations ------------------------------------------------------------

VECTOR_TAG = "vector-valued"
# A worked example's input when the page's front matter names none (`example: [...]`): one
# vector of scores, or the two halves (a, b) of a gated unit's input.
DEFAULT_EXAMPLES = {1: (2.0, 1.0, 0.1), 2: (2.0, -1.0, 0.0, 4.0)}


def vector_formulas_markdown(record: activations.VectorActivation) -> str:
    """The definition, its stable form, the Jacobian entrywise and as a matrix."""
    tex = record.latex
    parts = ["The function:\n", math_block(tex.f)]
    if tex.stable:
        parts += [
            "As computed, shifted so that no exponential overflows:\n",
            math_block(tex.stable),
        ]
    parts += ["Its Jacobian, entry by entry:\n", math_block(tex.jacobian),
              "and as a matrix:\n", math_block(tex.matrix)]  # fmt: skip
    return "\n".join(parts)


def vector_parameters_markdown(record: activations.VectorActivation) -> str:
    """The keyword parameters of ``f`` and ``jacobian``, with the package's defaults."""
    rows = [
        [frameworks.identifier_code(spec.name), inline_math(_symbol_tex(spec.symbol or spec.name)),
         format_number(spec.default), spec.domain_text(), spec.doc]
        for spec in record.params
    ]  # fmt: skip
    return _table(["Parameter", "Symbol", "Default", "Domain", "Meaning"], rows) if rows else ""


def vector_example_markdown(record: activations.VectorActivation, example) -> str:
    """The record's output at ``example`` (its default input if None), then its Jacobian."""
    import numpy as np

    parts = record.labels.inputs
    x = np.array(example or DEFAULT_EXAMPLES[len(parts)], dtype=float)
    halves = np.split(x, len(parts))
    output = record.f(x)
    symbol = record.labels.output
    header = [f"$`{p}_i`$" for p in parts]
    rows = [[format_number(float(h[i])) for h in halves] for i in range(halves[0].size)]
    if np.ndim(output):
        header.append(f"$`{symbol}_i`$")
        rows = [row + [format_number(float(v))] for row, v in zip(rows, output)]
    shown = ", ".join(format_number(float(v)) for v in x)
    text = f"At the input ({shown}), computed by the package:\n\n" + _table(header, rows)
    if not np.ndim(output):
        text += f"\n{inline_math(symbol + ' = ' + format_number(float(output)))}.\n"
    jacobian = _marker_vector(["jacobian", record.slug, *map(str, x)], "")
    return text + "\nThe Jacobian there:\n\n" + jacobian


def jacobian_derivation_markdown(record: activations.VectorActivation) -> str:
    """Each block's derivation (``activations.derivations``), checked step by step by the
    tests; empty when the record has none yet."""
    from activations import derivations

    found = derivations.JACOBIAN_DERIVATIONS.get(record.slug, ())
    return "\n".join(numbered_steps(d.title, derivations.jacobian_latex_steps(d)) for d in found)


def jacobian_anchor(slug: str) -> str:
    """The id of the heading of ``slug``'s Jacobian derivation on the derivations page."""
    return f"jacobian-{slug}"


def jacobian_derivations_markdown() -> str:
    """Every vector-valued record's Jacobian derivation under a heading of its own (for the
    derivations page; the record's page links there)."""
    sections = []
    for slug in activations.vector_names():
        derivation = jacobian_derivation_markdown(activations.get(slug))
        if derivation:
            name = activations.get(slug).name
            sections.append(f"### {name} {{ #{jacobian_anchor(slug)} }}\n\n{derivation}")
    return "\n".join(sections)


def jacobian_link_markdown(record: activations.VectorActivation) -> str:
    """A pointer from a record's page to its derivation; empty when it has none yet."""
    from activations import derivations

    if record.slug not in derivations.JACOBIAN_DERIVATIONS:
        return ""
    target = f"../derivations.md#{jacobian_anchor(record.slug)}"
    return (f"The Jacobian above is derived step by step, each step checked by the tests, on "
            f"the [derivations page]({target}).\n")  # fmt: skip


def vector_page(record: activations.VectorActivation, prose: Prose | None) -> str:
    """A complete page for a vector-valued record, laid out like an elementwise one: the
    formulas, a worked example and a link to the Jacobian's derivation instead of figure
    and properties, around the hand-written prose."""
    meta = dict(prose.meta) if prose else {}
    extra_tags = meta.pop("tags", []) or []
    example = meta.pop("example", None)
    for tag in extra_tags:
        if tag in CHECKED_TAGS:
            raise BuildError(f"{prose.path}: tag {tag!r} is computed for elementwise functions "
                             f"only, not for {record.slug}")  # fmt: skip
    tags = list(dict.fromkeys(["activation functions", VECTOR_TAG, *extra_tags]))
    meta = {"description": record.summary, **meta, "tags": tags}
    aliases = ", ".join(f"`{a}`" for a in record.aliases)
    try:
        worked = vector_example_markdown(record, example)
    except (TypeError, ValueError) as error:
        raise BuildError(f"{prose.path}: example {example!r}: {error}") from None
    sections = [
        render_front_matter(meta),
        f"# {record.name}\n",
        f"{record.summary}" + (f" Also called {aliases}." if aliases else "")
        + " It acts on a whole vector at once, so its derivative is a Jacobian matrix; the"
        " [overview of vector-valued functions](../vector.md) explains why.\n",
        "## Formulas\n",
        vector_formulas_markdown(record),
        jacobian_link_markdown(record),
        vector_parameters_markdown(record),
        "## Worked example\n",
        worked,
        _prose_body(prose),
        used_in_markdown(record),
        "## In PyTorch, JAX and Keras\n",
        frameworks_markdown(record),
        snippets.code_markdown(record),
        "## References\n",
        bibtex.references_markdown(record),
    ]  # fmt: skip
    return "\n".join(s for s in sections if s)


def _prose_body(prose: Prose | None) -> str:
    """The prose's body with its markers expanded (errors name the line in its file)."""
    if not prose:
        return ""
    stripped = prose.body.lstrip()
    first_line = prose.body_line + prose.body[: len(prose.body) - len(stripped)].count("\n")
    return expand_markers(stripped.rstrip() + "\n", prose.path, first_line, "../")


def vector_pages_list(prefix: str = "") -> str:
    """Every vector-valued record as a link to its page, with its summary."""
    items = [f"- [{r.name}]({function_page(r.slug, prefix)}) — {r.summary}"
             for r in map(activations.get, activations.vector_names())]  # fmt: skip
    return "\n".join(items) + "\n"


def summary_table(prefix: str = "") -> str:
    """Every activation as a row of the summary table, linking to its page from a page
    ``prefix`` below the docs root. Plain HTML, the whole table without JavaScript;
    assets/sort-table.js sorts it on each cell's ``data-sort`` and filters its rows on their
    ``data-*`` attributes with the form before it, which it shows."""
    acts = activations.catalog()
    facets = [summary_facets(act) for act in acts]
    head = "".join(f'<th scope="col">{title}</th>' for title in SUMMARY_COLUMNS)
    lines = [
        summary_filters(facets),
        '<div class="table-whole">',  # shown once read to its end (site.css)
        '<table id="activations-summary" data-sortable>',
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
        *(summary_row(act, f, prefix) for act, f in zip(acts, facets, strict=True)),
        "</tbody>",
        "</table>",
        '<span class="table-whole__end"></span>',
        "</div>",
    ]
    return "\n".join(lines) + "\n"


# The properties first, where a 1366-pixel screen shows them all; the formulas, wide, last.
SUMMARY_COLUMNS = ("Function", "Output range", "Bounded", "Zero-centred", "Monotonic",
                   "Smoothness", "Largest slope", "f′ at −∞ / +∞", "Dead zone", "f(z)",
                   "f′(z)")  # fmt: skip
# Orders for the columns whose values are words: their logical order, not the alphabet's.
MONOTONIC_ORDER = ("no", "non-increasing", "decreasing", "non-decreasing", "increasing")
SMOOTHNESS_ORDER = ("discontinuous", "C0", "C1", "C2", "C3+", "C∞")


def summary_facets(act: activations.Activation) -> dict[str, str]:
    """What the summary table's filters test on a function's row (``data-NAME``): its
    catalog family, computed properties, and the frameworks that ship it (measured)."""
    p = act.properties
    shipped = {m.framework for m in frameworks.callables(act)}
    return {
        "family": act.family,
        "bounded": yes_no(p.bounded),
        "zero-centred": yes_no(p.zero_centred),
        "monotonic": p.monotonic,
        "smoothness": continuity_text(p.continuity),
        "saturating": yes_no(p.saturating),
        "dead-zone": yes_no(bool(p.dead_zone)),
        "framework": " ".join(fw for fw in frameworks.FRAMEWORKS if fw in shipped),
    }


def summary_row(act: activations.Activation, facets: dict[str, str], prefix: str) -> str:
    """One row: each cell with the key it sorts on, the row with its filters' values
    (``facets``, from :func:`summary_facets`)."""
    p = act.properties
    link = f'<a href="../{prefix}{built_url(function_page(act.slug))}">{act.name}</a>'
    cells = [
        (link, act.name),
        (range_cell(p.output_range), _sort_numbers(p.output_range.low, p.output_range.high)),
        (yes_no(p.bounded), int(p.bounded)),
        (yes_no(p.zero_centred), int(p.zero_centred)),
        (p.monotonic, MONOTONIC_ORDER.index(p.monotonic)),
        (continuity_text(p.continuity), SMOOTHNESS_ORDER.index(p.continuity)),
        (_unbroken(largest_slope_text(act)), _sort_numbers(p.max_slope)),
        (_unbroken(df_limits_text(p)), _sort_numbers(*p.df_limits)),
        (_unbroken(dead_zone_text(p)), _sort_numbers(sum(i.high - i.low for i in p.dead_zone))),
        (inline_math(act.latex.f), len(act.latex.f)),
        (inline_math(act.latex.df), len(act.latex.df)),
    ]
    data = "".join(f' data-{name}="{html.escape(value)}"' for name, value in facets.items())
    tds = "".join(f'<td data-sort="{html.escape(str(key))}">{text}</td>' for text, key in cells)
    return f"<tr{data}>{tds}</tr>"


def _unbroken(text: str) -> str:
    """``text`` with no line break inside an interval ("(−∞, 0]") nor around =, ∈, → or /."""
    text = re.sub(r"[\[(][^\])]*[\])]", lambda m: m[0].replace(" ", "\u00a0"), text)
    return re.sub(r" ([=∈→/]) ", "\u00a0\\1\u00a0", text)


def _sort_numbers(*values: float) -> str:
    """Numbers as sort-table.js reads them: separated by spaces, compared in turn; ±Infinity
    for ±∞ and Infinity for no value (nan), which sorts last."""
    return " ".join("Infinity" if math.isnan(v) else repr(v).replace("inf", "Infinity")
                    for v in values)  # fmt: skip


def summary_filters(rows: list[dict[str, str]]) -> str:
    """The form that filters the summary table (its ``rows``' facets): a choice per property,
    one box per framework (checked ones must all ship the function); hidden without
    JavaScript, shown by the script after it as the page is read (sort-table.js makes it
    work, from what was chosen by then)."""
    seen: dict[str, list[str]] = {}
    for facets in rows:
        for name, value in facets.items():
            for token in value.split() if name == "framework" else [value]:
                seen.setdefault(name, []).append(token)
    labels = {"family": "Family", "bounded": "Bounded", "zero-centred": "Zero-centred",
              "monotonic": "Monotonic", "smoothness": "Smoothness", "saturating": "Saturating",
              "dead-zone": "Dead zone"}  # fmt: skip
    orders = {"family": list(activations.FAMILIES), "monotonic": MONOTONIC_ORDER,
              "smoothness": [continuity_text(c) for c in SMOOTHNESS_ORDER]}  # fmt: skip
    selects = []
    for name, label in labels.items():
        order = orders.get(name, ("yes", "no"))
        values = [v for v in order if v in seen[name]]
        shown = activations.FAMILIES if name == "family" else {}
        options = "".join(f'<option value="{v}">{shown.get(v, v)}</option>' for v in values)
        selects.append(f'<label>{label} <select name="{name}"><option value="">any</option>'
                       f"{options}</select></label>")  # fmt: skip
    boxes = "".join(
        f'<label><input type="checkbox" name="framework" value="{fw}"> {fw}</label>'
        for fw in frameworks.FRAMEWORKS
        if fw in seen["framework"]
    )
    return (
        '<form class="table-filters" data-filters="activations-summary" hidden>'
        '<p class="table-filters__help">Show only the functions that have all of the '
        "properties chosen here (bounded <em>and</em> zero-centred, say, and shipped by "
        "PyTorch); the address keeps the choice, to share it. Select a column's heading to "
        "sort the table by it, and again to reverse the order.</p>"
        f'<div class="table-filters__choices">{"".join(selects)}</div>'
        f"<fieldset><legend>Shipped by</legend>{boxes}</fieldset>"
        # the count written as sort-table.js will write it, so that nothing moves then
        f'<p class="table-filters__count"><output aria-live="polite">{len(rows)} of '
        f"{len(rows)} shown</output> "
        '<button type="reset">Show all</button></p>'
        "</form>"
        # shown as the page is read, with JavaScript, not when sort-table.js has loaded
        # (seconds later on a slow phone, pushing the table down); it applies what was chosen
        "<script>document.currentScript.previousElementSibling.hidden = false</script>"
    )


def range_cell(output_range: Range) -> str:
    """The output range in KaTeX, each end in closed form where the definition gives one;
    an irrational end adds the range in decimals below it."""
    tex = range_tex(output_range)
    exact = [e for pair in output_range.exact for e in pair if e is not None]
    irrational = [e for e in exact if e.is_finite and not e.is_Rational]
    approx = f'<br><span class="approx">≈ {output_range}</span>' if irrational else ""
    return inline_math(tex) + approx


def range_tex(output_range: Range) -> str:
    """``(−\\frac{π}{2}, \\frac{π}{2})``: the range in TeX, decimals where no closed form."""
    exact = output_range.exact or ((None, None),) * len(output_range.intervals)

    def end(value: float, closed_form: sp.Expr | None) -> str:
        return number_tex(value) if closed_form is None else exact_tex(closed_form)

    intervals = output_range.intervals
    ends = [(end(i.low, low), end(i.high, high)) for i, (low, high) in zip(intervals, exact)]
    if all(i.is_point for i in intervals):
        return r"\{" + ", ".join(low for low, _ in ends) + r"\}"
    parts = []
    for i, (low, high) in zip(intervals, ends):
        left, right = "[" if i.low_closed else "(", "]" if i.high_closed else ")"
        parts.append(rf"\{{{low}\}}" if i.is_point else rf"\left{left}{low}, {high}\right{right}")
    return r" \cup ".join(parts)


def number_tex(value: float) -> str:
    """A measured value as the tables print it (four significant digits), in TeX."""
    return format_number(value).replace("−", "-").replace("∞", r"\infty")


def exact_tex(value: sp.Expr) -> str:
    """A closed form in TeX; a rational that a decimal writes exactly, as that decimal."""
    if value.is_Rational and _terminates(value.q):
        return str(Decimal(value.p) / Decimal(value.q))
    return to_latex(value)


def _terminates(denominator: int) -> bool:
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


# --- markers in hand-written pages --------------------------------------------------------


def expand_markers(text: str, path: Path, first_line: int, prefix: str) -> str:
    """Replace every ``<!-- activations:NAME args -->`` in ``text``; unknown names fail."""

    def replace(match: re.Match) -> str:
        line = first_line + text.count("\n", 0, match.start())
        name, args = match["name"], match["args"].split()
        handler = MARKERS.get(name)
        if handler is None:
            known = ", ".join(sorted(MARKERS))
            raise BuildError(f"{path}:{line}: unknown marker {name!r} (known: {known})")
        try:
            return handler(args, prefix)
        except (KeyError, ValueError, IndexError, AttributeError) as error:
            raise BuildError(f"{path}:{line}: marker {name} {' '.join(args)}: {error}") from None

    return MARKER.sub(replace, text)


def _marker_figure(args: list[str], prefix: str) -> str:
    name, *alt = args
    return figure_markdown(name, " ".join(alt) or name, prefix)


def _marker_formula(args: list[str], prefix: str) -> str:
    slug, which = args
    act = activations.get(slug)
    tex = {
        "f": act.latex.f,
        "df": act.latex.df,
        "d2f": act.latex.d2f,
        "output": act.latex.df_output,
    }
    return math_block(tex[which])


def _marker_value(args: list[str], prefix: str) -> str:
    """A single property of an activation, formatted for prose."""
    slug, field = args
    act = activations.get(slug)
    props = act.properties
    special = {
        "largest_slope": lambda: largest_slope_text(act),
        "max_slope": lambda: format_number(props.max_slope),
        "output_range": lambda: interval_text(props.output_range),
        "dead_zone": lambda: dead_zone_text(props),
        "df_limits": lambda: df_limits_text(props),
        "df_left": lambda: format_number(props.df_limits[0]),
        "df_right": lambda: format_number(props.df_limits[1]),
        "slope_sign_changes": lambda: _listing(props.slope_sign_changes),
        "gaussian_mean": lambda: format_number(props.gaussian_mean),
        "continuity": lambda: continuity_text(props.continuity),
    }
    if field in special:
        return special[field]()
    if field.startswith("_") or callable(getattr(type(props), field, None)):
        raise ValueError(f"{slug} has no property {field!r}")
    value = getattr(props, field)
    if isinstance(value, bool):
        return yes_no(value)
    return f"{value:.4g}".replace("-", "−") if isinstance(value, float) else str(value)


def _listing(values) -> str:
    """1, 2 and 3; "none" for no values."""
    texts = [format_number(v) for v in values] or ["none"]
    return ", ".join(texts[:-1]) + " and " + texts[-1] if len(texts) > 1 else texts[0]


# Comparing two functions reads their kernels, breakpoints and variants, in their family
# modules, and the comparison's code; not the words that describe them (a summary's edit
# compares nothing again).
DIFFERENCES = Stage("differences", ("activations._properties", "activations._registry"),
                    ignores=tuple(f for f in DESCRIPTIVE_FIELDS if f != "variants"))  # fmt: skip


@functools.cache  # per process: `mkdocs serve` imports this module again after a code edit
def differences_key() -> str:
    """A hash of what any comparison of two functions (or variants) reads."""
    return digest(*sorted(set(DIFFERENCES.family_keys(family_modules()).values())))


def _marker_difference(args: list[str], prefix: str) -> str:
    """Where two functions (slugs, or keys of a record's ``variants``) differ: ``where`` the
    set, ``largest`` the largest |f − g|, ``at`` the inputs where it is reached."""
    from activations._properties import difference
    from activations._registry import variant

    def function(name: str):
        try:
            act = activations.get(name)
        except KeyError:
            return variant(name)
        return act.f, act.breakpoints

    first, second, field = args
    key = f"{first}-{second}-"
    entry = key + digest(differences_key(), first, second)[:20]
    cache = Cache(CACHE_DIR)
    found = cache.load(DIFFERENCES.name, entry)
    if found is None:
        (f, f_breaks), (g, g_breaks) = function(first), function(second)
        found = difference(f, g, f_breaks + g_breaks)
        cache.store(DIFFERENCES.name, entry, found)
        keep_newest(cache, DIFFERENCES.name, key, 2)
    texts = {
        "where": lambda: " ∪ ".join(str(i) for i in found.where) or "nowhere",
        "largest": lambda: format_number(found.largest),
        "at": lambda: _listing(found.at),
    }
    return texts[field]()


def _marker_derivation(args: list[str], prefix: str) -> str:
    """A derivation from ``activations.derivations``: its title, then numbered steps (for a
    vector-valued function, those of each block of its Jacobian)."""
    from activations import derivations

    (slug,) = args
    if slug in derivations.JACOBIAN_DERIVATIONS:
        return jacobian_derivation_markdown(activations.get(slug))
    return numbered_steps(derivations.get(slug).title, derivations.latex_steps(slug))


def numbered_steps(title: str, steps: list[tuple[str, str]]) -> str:
    """A derivation's title in bold, then each step's explanation and formula, numbered."""
    items = [f"**{title}**\n"]
    for number, (text, tex) in enumerate(steps, start=1):
        block = "".join(f"    {line}\n" for line in math_block(tex).splitlines())
        items.append(f"{number}. {text}\n\n{block}")
    return "\n".join(items)


def _marker_vector(args: list[str], prefix: str) -> str:
    """A vector-valued activation's formula or a worked example, from its record.

    ``formula NAME FIELD`` one of NAME's equations (f, stable, jacobian, matrix);
    ``softmax Z...`` a table of softmax and log-softmax beside the naive float64 formulas;
    ``jacobian NAME Z...`` the Jacobian of NAME at Z; ``glu X...`` GLU's halves and output.
    """
    import numpy as np

    def cell(value: float) -> str:
        return "NaN" if math.isnan(value) else format_number(float(value))

    kind, *rest = args
    if kind == "formula":
        name, field = rest
        tex = getattr(activations.get(name).latex, field)
        if tex is None:
            raise ValueError(f"{name} has no {field} form")
        return math_block(tex)
    name = rest.pop(0) if kind == "jacobian" else kind
    x = np.array([float(v) for v in rest])
    if kind == "softmax":
        softmax, log_softmax = activations.get("softmax").f, activations.get("log_softmax").f
        with np.errstate(all="ignore"):  # the naive columns overflow on purpose
            naive_e = np.exp(x)
            naive_s = naive_e / naive_e.sum()
            naive_log = np.log(softmax(x))
        columns = [x, naive_e, naive_s, softmax(x), naive_log, log_softmax(x)]
        names = map(frameworks.identifier_code, ["softmax", "log(softmax)", "log_softmax"])
        header = ["$`z_i`$", "$`e^{z_i}`$", "$`e^{z_i}/\\sum_k e^{z_k}`$ (naive)", *names]
        return _table(header, [[cell(c[i]) for c in columns] for i in range(x.size)])
    if kind == "glu":
        a, b = np.split(x, 2)
        gate = activations.get("sigmoid").f(b)
        columns = [a, b, gate, activations.get("glu").f(x)]
        header = ["$`a_i`$", "$`b_i`$", "$`\\sigma(b_i)`$", "$`g_i = a_i\\,\\sigma(b_i)`$"]
        return _table(header, [[cell(c[i]) for c in columns] for i in range(a.size)])
    if kind == "jacobian":
        record = activations.get(name)
        jacobian = record.jacobian(x)
        n = jacobian.shape[0]
        per_part = jacobian.shape[1] // len(record.labels.inputs)
        inputs = [f"{symbol}_{j + 1}" for symbol in record.labels.inputs for j in range(per_part)]
        header = [""] + [f"$`\\partial/\\partial {v}`$" for v in inputs]
        output = record.labels.output
        scalar = np.ndim(record.f(x)) == 0  # one output, with no index
        names = [output] if scalar else [f"{output}_{i + 1}" for i in range(n)]
        rows = [[f"$`{name}`$", *map(cell, row)] for name, row in zip(names, jacobian)]
        return _table(header, rows)
    raise ValueError(f"unknown kind {kind!r} (known: formula, softmax, glu, jacobian)")


# --- framework parity and numerical stability (docs/frameworks.md, docs/stability.md) ------


def _porting(args: list[str], prefix: str) -> str:
    """``porting-checklist defaults|kinks|specials``: one part of the porting checklist."""
    (part,) = args
    parts = {
        "defaults": frameworks.porting_defaults,
        "kinks": frameworks.porting_kinks,
        "specials": frameworks.porting_specials,
    }
    return parts[part](prefix)


def _stability(kind: str) -> Callable[[list[str], str], str]:
    def handler(args: list[str], prefix: str) -> str:
        from scripts.pipeline import stability

        if kind == "table":
            return stability.table_markdown(prefix)
        if kind == "causes":
            return stability.causes_markdown(prefix)
        if len(args) < 2:
            raise ValueError("needs a function and a fact, e.g. 'elu ulp -1e-08'")
        return stability.value_text(*args)

    return handler


def _marker_calls(args: list[str], prefix: str) -> str:
    """The named functions' calls in each code tab's framework, as measured, one row each."""
    rows = [[f"[{activations.get(slug).name}]({function_page(slug, prefix)})",
             *snippets.call_cells(activations.get(slug))] for slug in args]  # fmt: skip
    return _table(["Function", *snippets.TABS], rows)


MARKERS: dict[str, Callable[[list[str], str], str]] = {
    "summary-table": lambda args, prefix: summary_table(prefix),
    "cite-site": lambda args, prefix: citation.citation_markdown(),
    "figure": _marker_figure,
    "formula": _marker_formula,
    "value": _marker_value,
    "difference": _marker_difference,
    "tag-definitions": lambda args, prefix: tag_definitions(),
    "derivation": _marker_derivation,
    "vector": _marker_vector,
    "vector-pages": lambda args, prefix: vector_pages_list(prefix),
    "jacobian-derivations": lambda args, prefix: jacobian_derivations_markdown(),
    "framework-table": lambda args, prefix: frameworks.parity_table(prefix),
    "framework-calls": _marker_calls,
    "porting-checklist": _porting,
    "framework": lambda args, prefix: frameworks.prose_value(args, prefix),
    "accuracy-about": lambda args, prefix: frameworks.about_text(),
    "accuracy-figure-note": lambda args, prefix: frameworks.figure_note(),
    "accuracy-table": lambda args, prefix: frameworks.accuracy_table(args[0], prefix),
    "accuracy-findings": lambda args, prefix: frameworks.findings_markdown(prefix),
    "stability-table": _stability("table"),
    "stability-causes": _stability("causes"),
    "stability-value": _stability("value"),
}


# --- the stage ----------------------------------------------------------------------------


def read_prose_files(docs_dir: Path) -> dict[str, Prose]:
    """Each activation's hand-written prose (``docs/functions/<slug>.md``), by slug."""
    folder = docs_dir / FUNCTIONS
    known = set(activations.names()) | set(activations.vector_names())
    found = {}
    for path in sorted(folder.glob("*.md")) if folder.exists() else []:
        if path.stem == "index":
            continue
        if path.stem not in known:
            raise BuildError(f"{path}: no activation is called {path.stem!r}")
        found[path.stem] = read_prose(path)
    return found


PAGE_TEXTS = "page-texts"  # the cache's kind for generated pages' texts


def write_pages(catalog, docs_dir: Path, out_dir: Path, cache: Cache | None = None,
                key: str = "") -> dict[str, Path]:  # fmt: skip
    """Every function page, and every hand-written page with markers, expanded, written
    under ``out_dir/pages``; site path → file. With ``cache``, each page's text is kept by
    ``key`` (the code and data it is made from), the list of pages and its own source: an
    edit of one page makes that page again, not all of them."""
    written: dict[str, Path] = {}
    prose = read_prose_files(docs_dir)
    sources = sorted(docs_dir.rglob("*.md"))
    listing = "\n".join(path.relative_to(docs_dir).as_posix() for path in sources)

    def write(uri: str, source: Path | None, make: Callable[[], str]) -> None:
        inputs = (key, listing, uri, source.read_bytes() if source else b"")
        written[uri] = _write_page(out_dir, uri, _page_text(cache, inputs, make))

    for act in catalog:
        text = prose.get(act.slug)
        write(function_page(act.slug), text and text.path,
              functools.partial(activation_page, act, text))  # fmt: skip
    for slug in activations.vector_names():
        text = prose.get(slug)
        write(function_page(slug), text and text.path,
              functools.partial(vector_page, activations.get(slug), text))  # fmt: skip
    for path in sources:
        uri = path.relative_to(docs_dir).as_posix()
        if uri.startswith(f"{FUNCTIONS}/") and path.stem != "index":
            continue
        text = path.read_text(encoding="utf-8")
        if "<!-- activations:" not in text:
            continue
        prefix = "../" * uri.count("/")
        write(uri, path, functools.partial(expand_markers, text, path, 1, prefix))
    return written


def _page_text(cache: Cache | None, inputs: tuple[str, str, str, bytes], make) -> str:
    """``make()``, or the text it made before from the same ``inputs`` (kept in ``cache``:
    the two newest texts of each page)."""
    if cache is None:
        return make()
    digest = hashlib.sha256()
    for part in inputs:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    name = re.sub(r"[^A-Za-z0-9]+", "-", inputs[2]) + "-"
    entry = name + digest.hexdigest()[:20]
    stored = cache.read(PAGE_TEXTS, entry)
    if stored is not None:
        return stored.decode("utf-8")
    text = make()
    cache.write(PAGE_TEXTS, entry, text.encode("utf-8"))
    keep_newest(cache, PAGE_TEXTS, name, 2)
    return text


def _write_page(out_dir: Path, uri: str, text: str) -> Path:
    path = out_dir / "pages" / uri
    write_atomic(path, text)
    return path
