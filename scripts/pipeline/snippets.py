"""Code to copy on every function page: the call in PyTorch, JAX and Keras, and a NumPy function.

The calls come from the measured framework record (:mod:`scripts.pipeline.frameworks`): the
callable's public name, and a keyword only where the site's default differs from the
framework's measured one. A framework none of whose callables the record holds for a function
gets a sentence saying so instead of code. The NumPy function wraps the body a record keeps in
its ``numpy`` field in a signature generated from the record's parameters and defaults; a
record without one fails the build, naming it. tests/test_snippets.py executes every snippet:
the NumPy one against the package, the framework calls in the frameworks' own environment.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import activations
from scripts.pipeline import frameworks
from scripts.pipeline.errors import BuildError
from scripts.pipeline.urls import function_page

# Tab → the record's runs it shows, first found first: JAX's function, or Flax's where only
# Flax ships it; Keras's name is the same on every backend (the first measured is shown).
TABS = {
    "PyTorch": ("PyTorch",),
    "JAX": ("JAX", "Flax"),
    "Keras": ("Keras (JAX)", "Keras (PyTorch)", "Keras (TensorFlow)"),
}
# How each framework makes the example input from a Python list or a range.
ARRAYS = {
    "PyTorch": ("torch", "torch.tensor({})", "torch.linspace({})"),
    "JAX": ("jax.numpy", "jax.numpy.array({})", "jax.numpy.linspace({})"),
    "Flax": ("jax.numpy", "jax.numpy.array({})", "jax.numpy.linspace({})"),
    "Keras": ("keras", "keras.ops.convert_to_tensor({})", "keras.ops.linspace({})"),
}
# The example input: [-6, 6] in steps of 1/4, which holds the kinks of the shipped functions at
# their defaults (0, ±0.5, ±1, ±3, 6); for vector-valued functions two rows of four scores
# (two halves of two for gated units), one of them far beyond where e^z overflows.
ELEMENTWISE_INPUT = "-6.0, 6.0, 49"
VECTOR_INPUT = [[2.0, 1.0, 0.1, -1.0], [0.0, 1000.0, -1000.0, 3.0]]
AXIS_KEYWORDS = ("axis", "dim")
# A gated unit's halves along the last axis, in each framework.
SPLITS = {
    "PyTorch": "torch.chunk(z, 2, dim=-1)",
    "JAX": "jax.numpy.split(z, 2, axis=-1)",
    "Flax": "jax.numpy.split(z, 2, axis=-1)",
    "Keras": "keras.ops.split(z, 2, axis=-1)",
}


@dataclass(frozen=True)
class Snippet:
    """One tab: its code (empty when the framework has no call for the function) and a
    sentence of Markdown said before it."""

    code: str
    note: str = ""


# --- NumPy ------------------------------------------------------------------------------------


def numpy_body(act) -> str:
    """The record's ``numpy`` body, dedented; BuildError naming the record when it is empty."""
    body = textwrap.dedent(_record(act).numpy).strip()
    if not body:
        raise BuildError(
            f"{act.slug}: the record has no `numpy` body (the NumPy implementation its page "
            "offers to copy); add one, see activations/_definition.py"
        )
    return body


def _record(act):
    return act if frameworks.is_vector(act) else act.definition


def numpy_source(act) -> str:
    """A self-contained module: imports, then ``def <slug>(z, …)`` with the record's defaults."""
    lines = numpy_body(act).split("\n")
    imports = [line for line in lines if line.startswith(("import ", "from "))]
    body = [line for line in lines if line not in imports]
    while body and not body[0]:
        body.pop(0)
    specs = _record(act).params
    arguments = ["z"]
    if frameworks.is_vector(act):
        arguments.append("axis=-1")
    arguments += [f"{p.name}={float(p.default)!r}" for p in specs]
    header = [
        *sorted({"import numpy as np", *imports}),
        "",
        "",
        f"def {act.slug}({', '.join(arguments)}):",
        f'    """{act.name}, stable for every float64 input."""',
        "    z = np.asarray(z, dtype=np.float64)",
    ]
    return "\n".join(header + textwrap.indent("\n".join(body), "    ").split("\n")) + "\n"


# --- the frameworks' calls ----------------------------------------------------------------------


def _site_defaults(act) -> dict[str, float]:
    return {p.name: float(p.default) for p in _record(act).params}


def _keywords_of_params(act, signature: dict) -> dict[str, str]:
    """Site parameter → the framework keyword that sets it: the same name, else the numeric
    keywords left in order (the record's ``computes`` is matched the same way)."""
    numeric = [
        k
        for k, v in signature.get("defaults", {}).items()
        if isinstance(v, int | float) and not isinstance(v, bool) and k not in frameworks.NOT_SHOWN
    ]
    params = list(_site_defaults(act))
    found = {p: p for p in params if p in numeric}
    rest = [k for k in numeric if k not in found.values()]
    found |= dict(zip([p for p in params if p not in found], rest, strict=False))
    return found


def _call(act, m: frameworks.Measured, tab_framework: str, x: str = "z") -> tuple[str, str]:
    """The call on ``x`` and a note: what the framework's defaults compute when they differ
    from this page's function. Where they compute another function and the callable has one
    boolean keyword (JAX's GELU: ``approximate``), the call switches it; the tests check that
    the switched call computes this page's function."""
    entry = m.entry
    signature = entry["signature"]
    defaults = signature.get("defaults", {}) if signature["readable"] else {}
    keywords: dict[str, object] = dict(m.keywords)  # what the record's call passes
    note = ""
    if frameworks.is_vector(act):
        for key in AXIS_KEYWORDS:
            if key in defaults and defaults[key] != -1:
                keywords[key] = -1
    else:
        target = entry["computes"]
        if target["slug"] != act.slug:
            flags = [k for k, v in defaults.items() if isinstance(v, bool)]
            other = activations.get(target["slug"])
            shown = ", ".join(f"`{k}={defaults[k]!r}`" for k in flags)
            note = (
                f"Called with its defaults{f' ({shown})' if shown else ''}, `{m.name}` computes "
                f"[{other.name}]({function_page(other.slug, '../')}) instead (measured)"
            )
            if len(flags) != 1:
                return "", note + "; the record holds no call of it computing this function."
            keywords[flags[0]] = not defaults[flags[0]]
            note += f", so the call sets `{flags[0]}={keywords[flags[0]]!r}`."
        else:
            mapping = _keywords_of_params(act, signature)
            given = dict(zip(_site_defaults(act), entry["called_with"]["args"], strict=False))
            for param, wanted in _site_defaults(act).items():
                measured = target["params"].get(param, wanted)
                if param in given or measured == wanted:
                    continue
                if param not in mapping:
                    note = f"`{m.name}` computes it with {param} = {measured!r}, set by no keyword."
                    return "", note
                keywords[mapping[param]] = wanted
    arguments = _positional(m, tab_framework)
    arguments += frameworks.keyword_arguments(keywords)
    if m.role == "layer":
        return f"{m.name}({', '.join(arguments)})({x})", note
    return f"{m.name}({', '.join([x, *arguments])})", note


def _positional(m: frameworks.Measured, tab_framework: str) -> list[str]:
    """The arguments the measurement had to pass (required ones), by keyword where the
    signature names them; as one-element arrays where the callable refused numbers."""
    called = m.entry["called_with"]
    signature = m.entry["signature"]
    values = [
        ARRAYS[tab_framework][1].format([v]) if called["as_arrays"] else repr(v)
        for v in called["args"]
    ]
    names = signature.get("required", []) if signature["readable"] else []
    if len(names) == len(values):
        return [f"{k}={v}" for k, v in zip(names, values, strict=True)]
    return values


def _chosen(act, tab: str) -> frameworks.Measured | None:
    """The callable a tab shows: the function of the first of its runs that ships one, else
    that run's layer."""
    found = frameworks.measured(act)
    run = next((r for r in TABS[tab] if r in found), None)
    if run is None:
        return None
    return found[run].get("function") or found[run]["layer"]


def call_cells(act, x: str = "x") -> list[str]:
    """Per tab, every measured call of ``act`` the tab's framework offers, as its code tab
    writes it on ``x`` (a layer as it is built), in code; "—" where there is none."""
    found = frameworks.measured(act)
    cells = []
    for runs in TABS.values():
        run = next((r for r in runs if r in found), None)
        calls = []
        for m in found[run].values() if run else ():
            call, _ = _call(act, m, m.framework, x)
            if call:
                calls.append(call.removesuffix(f"({x})") if m.role == "layer" else call)
        cells.append(", ".join(map(frameworks.identifier_code, calls)) or "—")
    return cells


def framework_snippet(act, tab: str) -> Snippet:
    """The tab's snippet: imports, the example input, ``y = <call>``; for a gated unit the
    framework does not ship, its halves and the gate's own call."""
    m = _chosen(act, tab)
    gate = activations.get(act.gate) if getattr(act, "gate", "") else None
    gate_call = _chosen(gate, tab) if gate and m is None else None
    if m is None and gate_call is None:
        return Snippet(
            "",
            f"{tab} ships no callable for it: none is in the "
            "[measured framework record](../frameworks.md).",
        )
    framework = (m or gate_call).framework
    lines = []
    if m is not None:
        call, note = _call(act, m, framework)
        lines.append(f"y = {call}")
    else:
        call, note = _call(gate, gate_call, framework, x="b")
        split = SPLITS[framework]
        lines += [f"a, b = {split}  # the value, the gate's input", f"y = a * {call}"]
        note = (
            f"{tab} ships no callable for it (none is in the [measured framework record]"
            f"(../frameworks.md)); it is the first half times "
            f"[{gate.name}]({function_page(gate.slug, '../')}) of the second. " + note
        )
        m = gate_call
    # what the record's framework entry says that no measurement can (training-mode behaviour)
    remarks = [f"*{fw.note}*" for fw in act.frameworks if fw.framework == framework and fw.note]
    note = " ".join([note, *remarks]).strip()
    if not call:
        return Snippet("", note)
    array_module, from_list, from_range = ARRAYS[framework]
    modules = {array_module, m.name.rpartition(".")[0]}
    # `import torch.nn.functional` binds `torch` too: a module whose submodule is imported goes
    modules -= {a for a in modules for b in modules if b.startswith(a + ".")}
    if framework != tab:
        note = f"In {framework}: {tab} itself has none in the record. " + note
    if frameworks.is_vector(act):
        example = from_list.format(VECTOR_INPUT)
    else:
        example = from_range.format(ELEMENTWISE_INPUT)
    code = "\n".join(
        [*(f"import {name}" for name in sorted(modules)), "", f"z = {example}", *lines]
    )
    return Snippet(code + "\n", note)


def snippets(act) -> dict[str, Snippet]:
    """Tab label → snippet: the three frameworks, then NumPy."""
    tabs = {tab: framework_snippet(act, tab) for tab in TABS}
    return tabs | {"NumPy": Snippet(numpy_source(act))}


# --- the page section ---------------------------------------------------------------------------


def _tab(label: str, snippet: Snippet) -> str:
    parts = [snippet.note] if snippet.note else []
    if snippet.code:
        parts.append(f"```python\n{snippet.code}```")
    return f'=== "{label}"\n\n' + textwrap.indent("\n\n".join(parts), "    ") + "\n"


def code_markdown(act) -> str:
    """The "Code" section: one content tab per framework and one for NumPy."""
    intro = (
        "The calls in PyTorch, JAX and Keras use the names and defaults of the [measured "
        "framework record](../frameworks.md), passing a keyword only where the framework's "
        "default differs from this page's. The NumPy function is self-contained and stable "
        "over every float64 input; the tests run each snippet and compare its values with "
        "this site's.\n"
    )
    tabs = "\n".join(_tab(label, snippet) for label, snippet in snippets(act).items())
    return "## Code\n\n" + intro + "\n" + tabs
