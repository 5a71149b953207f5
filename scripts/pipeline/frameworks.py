"""What the site says about the frameworks, generated from the committed measurement.

``measurements/frameworks.json`` (written by ``make frameworks``, see
scripts/tools/measure_frameworks.py) holds, per activation and framework run, the names,
signature defaults, what the callable computes, its errors in ULP, its gradients at the
breakpoints and its values at special inputs. This module turns that record into the
function pages' framework tables, the parity table, the porting checklist, the accuracy
tables and figure, the accuracy findings and the values prose quotes through markers. It
never imports a framework. A record that names a framework the measurement has not run
for it fails the build: the measurement is re-run before publishing.
"""

from __future__ import annotations

import functools
import html
import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import activations
from activations import reference
from activations._properties import format_number
from scripts.pipeline.errors import BuildError
from scripts.pipeline.files import FRAMEWORK_RECORD
from scripts.pipeline.urls import built_url, function_page

ROOT = Path(__file__).resolve().parents[2]
ROLES = ("function", "layer")
ORDERS = {"f": "f", "df": "f′"}
DTYPES = ("float32", "float64")
# The columns of the parity table, in this order; each is one framework of FrameworkName.
FRAMEWORKS = ("PyTorch", "JAX", "Flax", "TensorFlow", "Keras", "MLX")
# Signature defaults that do not change what a callable computes (names, devices, storage).
NOT_SHOWN = {
    "name",
    "inplace",
    "device",
    "dtype",
    "param_dtype",
    "promote_dtype",
    "_stacklevel",
    "negative_slope_metadata",
    "alpha_constraint",
    "alpha_regularizer",
}
NOTABLE_ULP = 16  # an error on [-10, 10] above this many ULP is named on a function's page
SPECIAL_NAMES = {"inf": "+∞", "-inf": "−∞", "nan": "NaN", "max": "+max", "-max": "−max"}


# --- the record -----------------------------------------------------------------------------


def record() -> dict:
    """The committed measurement, read again only when the file changes (`mkdocs serve`)."""
    return _current().data


class _Record:
    """The parsed record, with its runs grouped by framework."""

    def __init__(self, data: dict):
        self.data, self.runs = data, {}
        for run, about in data["about"]["runs"].items():
            self.runs.setdefault(about["framework"], []).append(run)
        self.ordered = [run for framework in FRAMEWORKS for run in self.runs.get(framework, [])]


def _current() -> _Record:
    stat = FRAMEWORK_RECORD.stat()
    return _parsed(stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1)
def _parsed(mtime_ns: int, size: int) -> _Record:
    return _Record(json.loads(FRAMEWORK_RECORD.read_text(encoding="utf-8")))


def runs_of(framework: str) -> list[str]:
    """The measured runs of one framework ("Keras" → its three backends), in record order."""
    return list(_current().runs.get(framework, ()))


def ordered_runs() -> list[str]:
    """Every run, framework by framework in the order of :data:`FRAMEWORKS`."""
    return list(_current().ordered)


@dataclass(frozen=True)
class Measured:
    """One measured callable: the run (framework and backend), its role and record entry."""

    slug: str
    run: str
    role: str  # "function" or "layer"
    entry: dict

    @property
    def framework(self) -> str:
        return record()["about"]["runs"][self.run]["framework"]

    @property
    def name(self) -> str:
        return self.entry["name"]

    @property
    def keywords(self) -> dict:
        """The keyword arguments it was measured with (its record's ``keywords``)."""
        return self.entry["called_with"].get("keywords", {})


def measured(act) -> dict[str, dict[str, Measured]]:
    """Run → role → measurement of every framework name ``act``'s record lists.

    Raises BuildError naming the function, framework and name when the record has no
    measurement for it: `make frameworks` must run before such a record is published."""
    current = _current()
    item = current.data["activations"].get(act.slug, {}).get("frameworks", {})
    found: dict[str, dict[str, Measured]] = {}
    for fw in act.frameworks:
        runs = current.runs.get(fw.framework)
        if not runs:
            raise BuildError(
                f"{act.slug}: {fw.framework} is never measured (not a run of "
                "scripts/tools/measure_frameworks.py)"
            )
        for run in runs:
            for role, name in zip(ROLES, (fw.function, fw.layer), strict=True):
                if not name:
                    continue
                entry = item.get(run, {}).get(role)
                if entry is None or entry["name"] != name:
                    raise BuildError(
                        f"{act.slug}: {run} {role} {name} is not in {FRAMEWORK_RECORD.name}; "
                        "run `make frameworks` to measure it"
                    )
                found.setdefault(run, {})[role] = Measured(act.slug, run, role, entry)
    return {run: found[run] for run in current.ordered if run in found}


def callables(act) -> list[Measured]:
    return [m for roles in measured(act).values() for m in roles.values()]


def every_record() -> list:
    """The elementwise catalog, then the vector-valued activations."""
    return [*activations.catalog(), *(activations.get(s) for s in activations.vector_names())]


def is_vector(act) -> bool:
    return act.slug not in activations.names()


# --- documentation links: the one place their URL patterns are spelled -----------------------


def _keras_url(name: str, role: str) -> str:
    """keras.io: functions are anchors of the activations page; layers have pages of their own
    named in snake case (ReLU → relu, LeakyReLU → leaky_relu); Identity is a core layer."""
    short = name.rpartition(".")[2]
    if role == "function":
        return f"https://keras.io/api/layers/activations/#{short}-function"
    if short == "Identity":
        return "https://keras.io/api/layers/core_layers/identity/"
    snake = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", short.replace("ReLU", "Relu")).lower()
    return f"https://keras.io/api/layers/activation_layers/{snake}/"


def _mlx_url(name: str, role: str) -> str:
    folder = "_autosummary_functions" if role == "function" else "_autosummary"
    return f"https://ml-explore.github.io/mlx/build/html/python/nn/{folder}/{name}.html"


DOC_URLS: dict[str, Callable[[str, str], str]] = {
    "PyTorch": lambda name, role: f"https://docs.pytorch.org/docs/stable/generated/{name}.html",
    "JAX": lambda name, role: f"https://docs.jax.dev/en/latest/_autosummary/{name}.html",
    "Flax": lambda name, role: (
        f"https://flax.readthedocs.io/en/latest/api_reference/flax.nnx/nn/activations.html#{name}"
    ),
    "TensorFlow": lambda name, role: (
        "https://www.tensorflow.org/api_docs/python/" + name.replace(".", "/")
    ),
    "Keras": _keras_url,
    "MLX": _mlx_url,
}


def keyword_arguments(keywords: dict) -> list[str]:
    """Each keyword argument of a call, as written in it: ``approximate='tanh'``."""
    return [f"{k}={v!r}" for k, v in keywords.items()]


def keywords_text(keywords: dict | None) -> str:
    """The keyword arguments of a call, as written after its name: ``(approximate='tanh')``."""
    return f"({', '.join(keyword_arguments(keywords))})" if keywords else ""


def call_code(m: Measured) -> str:
    """A measured callable's name, breakable after each dot, and the keywords it is called
    with, in code."""
    return f"<code>{m.name.replace('.', '.<wbr>')}{keywords_text(m.keywords)}</code>"


def doc_link(framework: str, name: str, role: str, short: bool = False,
             keywords: dict | None = None) -> str:  # fmt: skip
    """``name`` in code, linked to its page in the framework's official documentation; a
    long name may break after each dot. ``short``: the last part of the name alone.
    ``keywords``: the arguments it is called with, shown after it (``(approximate='tanh')``)."""
    url = DOC_URLS[framework](name, role)
    called = keywords_text(keywords)
    if short:
        shown = name.rpartition(".")[2] + called
        return f'<a href="{url}" title="{name}{called}"><code>{shown}</code></a>'
    return f'<a href="{url}"><code>{name.replace(".", ".<wbr>")}{called}</code></a>'


# --- numbers in words -------------------------------------------------------------------------

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def value(v: float | str) -> float:
    """A record number (the record spells nan and ±inf as strings)."""
    return float(v)


def number_text(v: float | str) -> str:
    """A measured value for prose: NaN, ±∞, or up to four significant digits, powers of ten
    written out (1.798 × 10³⁰⁸)."""
    x = value(v)
    if math.isnan(x):
        return "NaN"
    if x == 0 or math.isinf(x) or 1e-4 <= abs(x) < 1e6:
        return format_number(x)
    mantissa, exponent = f"{x:.3e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".").replace("-", "−")
    return f"{mantissa} × 10{str(int(exponent)).translate(_SUPERSCRIPT)}"


def ulp_text(v: float | str) -> str:
    """An error in ULP: three significant digits, ∞ for a result that is not finite."""
    x = value(v)
    if math.isinf(x):
        return "∞"
    return number_text(float(f"{x:.3g}"))


def z_text(z: float) -> str:
    return number_text(z)


def _listing(texts: list[str]) -> str:
    return ", ".join(texts[:-1]) + " and " + texts[-1] if len(texts) > 1 else "".join(texts)


def _points(zs: list[float], most: int = 4) -> str:
    """A few inputs of a list, in order: "z = 89, 100, … 710"."""
    texts = [z_text(z) for z in zs]
    if len(texts) > most:
        texts = [*texts[: most - 1], "…", texts[-1]]
    return "z = " + ", ".join(texts)


# --- what a callable's signature and values say ------------------------------------------------


def defaults_text(entry: dict) -> str:
    """The signature's defaults as measured (``negative_slope=0.01``), and required arguments."""
    sig = entry["signature"]
    if not sig["readable"]:
        return "not readable (a compiled function)"
    shown = [f"{k}={_default(v)}" for k, v in sig["defaults"].items() if k not in NOT_SHOWN]
    shown += [f"{k} required" for k in sig["required"]]
    return ", ".join(map(identifier_code, shown)) or "none"


def _default(v) -> str:
    return repr(v) if isinstance(v, str) else str(v)


def _param_text(act, params: dict) -> str:
    """α = 0.2, λ = 0.5: parameters with their symbols."""
    symbols = {s.name: s.symbol or s.name for s in getattr(act, "param_specs", ())}
    greek = {"alpha": "α", "beta": "β", "lambda": "λ", "lambd": "λ", "theta": "θ"}
    return ", ".join(
        f"{greek.get(symbols.get(k, k), symbols.get(k, k))} = {number_text(v)}"
        for k, v in params.items()
    )


def computes_text(act, entry: dict, prefix: str) -> str:
    """What the callable computes when it is not this function with these parameters."""
    target = entry["computes"]
    if target["slug"] != act.slug:
        other = activations.get(target["slug"])
        return f"computes [{other.name}]({function_page(other.slug, prefix)}) instead"
    if target["params"] != dict(act.params):
        return f"computes it with {_param_text(act, target['params']) or 'no parameter'}"
    return ""


def kinks(entry: dict, dtype: str = "float64") -> dict[float, tuple[float, float]]:
    """Breakpoint → (the framework's f′, this site's f′) where they differ."""
    return {
        k["z"]: (value(k["framework"]), value(k["package"]))
        for k in entry["differs"].get("breakpoints", [])
        if k["order"] == "df" and k["dtype"] == dtype
    }


def kinks_text(entry: dict) -> str:
    return "; ".join(
        f"f′({z_text(z)}) = {number_text(got)} (here {number_text(want)})"
        for z, (got, want) in kinks(entry).items()
    )


def same_value(got: float | str, want: float | str, dtype: str) -> bool:
    """Equal once both are rounded to ``dtype`` (the package computes a float32 input's
    value in float64), NaN equal to NaN."""
    with np.errstate(over="ignore"):  # a float64 value beyond float32's range is its ∞
        a, b = (np.dtype(dtype).type(value(v)) for v in (got, want))
    return bool(a == b or (np.isnan(a) and np.isnan(b)))


def specials(entry: dict) -> dict[tuple[str, str], dict[str, tuple]]:
    """(order, input) → dtype → (framework's value, this site's) where they differ, f and f′."""
    found: dict[tuple[str, str], dict[str, tuple]] = {}
    for s in entry["differs"].get("special", []):
        if s.get("order") in ORDERS and not same_value(s["framework"], s["package"], s["dtype"]):
            found.setdefault((s["order"], s["input"]), {})[s["dtype"]] = (
                s["framework"],
                s["package"],
            )
    return found


def specials_text(entry: dict) -> str:
    texts = []
    for (order, name), by_dtype in specials(entry).items():
        got, want = by_dtype.get("float64") or by_dtype["float32"]
        where = "" if "float64" in by_dtype else " in float32"
        texts.append(
            f"{ORDERS[order]}({SPECIAL_NAMES[name]}) = {number_text(got)}{where}"
            f" (here {number_text(want)})"
        )
    return "; ".join(texts)


def precision_text(entry: dict) -> str:
    """Errors above :data:`NOTABLE_ULP` on [−10, 10] and on the whole grid (with where), and
    where f or f′ is not finite or has the wrong sign."""
    texts = []
    for dtype in DTYPES:
        for order, symbol in ORDERS.items():
            acc = entry[dtype][order]
            if "max_ulp" not in acc:
                continue
            core, whole = value(acc["max_ulp_within_10"]), value(acc["max_ulp"])
            errors = [f"up to {ulp_text(core)} ULP on [−10, 10]"] if core > NOTABLE_ULP else []
            if whole > max(core, NOTABLE_ULP):
                errors.append(f"{ulp_text(whole)} ULP at z = {z_text(acc['at'])}")
            if errors:
                texts.append(f"{dtype} {symbol} off by {', '.join(errors)}")
            if acc["nonfinite_at"]:
                texts.append(f"{dtype} {symbol} not finite at {_points(acc['nonfinite_at'])}")
            if acc["wrong_sign_at"]:
                texts.append(
                    f"{dtype} {symbol} of the wrong sign at {_points(acc['wrong_sign_at'])}"
                )
    return "; ".join(texts)


def output_dtype_text(entry: dict) -> str:
    return "; ".join(
        f"returns {got.rpartition('.')[2]} for {dtype} input"
        for dtype, got in entry["differs"].get("output_dtype", {}).items()
    )


def vector_differences_text(entry: dict) -> str:
    d = entry["differs"]
    texts = [
        f"{dtype} f within {ulp_text(d['max_ulp_f'][dtype])} ULP of this site's, its Jacobian"
        f" within {number_text(d['max_abs_diff_jacobian'][dtype])}"
        for dtype in DTYPES
    ]
    for s in d["special"]:
        pairs = zip(s["framework"], s["package"], strict=True)
        if s["dtype"] == "float64" and not all(same_value(a, b, "float64") for a, b in pairs):
            got = ", ".join(number_text(v) for v in s["framework"])
            want = ", ".join(number_text(v) for v in s["package"])
            texts.append(f"on the vector with {s['input']}: ({got}), here ({want})")
    return "; ".join(texts)


def differences_text(act, entry: dict, prefix: str) -> str:
    """Everything the record finds different from this site's function, in words."""
    if is_vector(act):
        return vector_differences_text(entry)
    if entry["computes"]["slug"] != act.slug:  # its values belong to the other one's page
        return computes_text(act, entry, prefix)
    parts = [
        computes_text(act, entry, prefix),
        output_dtype_text(entry),
        "gradient at the breakpoints: " + kinks_text(entry) if kinks(entry) else "",
        "special inputs: " + specials_text(entry) if specials(entry) else "",
        precision_text(entry),
    ]
    return "; ".join(p for p in parts if p) or "none measured"


# --- a function's page: every framework that ships it ------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def function_rows(act, prefix: str) -> list[list[str]]:
    """One row per run: framework, function, layer, defaults, differences; runs of one
    framework whose rows are the same are merged ("Keras (JAX, PyTorch)")."""
    rows: list[list[str]] = []
    for run, roles in measured(act).items():
        framework = record()["about"]["runs"][run]["framework"]
        names = [doc_link(framework, roles[r].name, r, keywords=roles[r].keywords)
                 if r in roles else "—" for r in ROLES]  # fmt: skip
        defaults = _per_role(roles, defaults_text)
        differs = _per_role(roles, lambda e: differences_text(act, e, prefix))
        notes = [fw.note for fw in act.frameworks if fw.framework == framework and fw.note]
        row = [run, *names, defaults, "<br>".join([differs, *(f"*{n}*" for n in notes)])]
        previous = rows[-1] if rows else None
        if previous and previous[1:] == row[1:] and previous[0].startswith(framework):
            previous[0] = _merged(previous[0], run)
        else:
            rows.append(row)
    return [[_cell(c) for c in row] for row in rows]


def _per_role(roles: dict[str, Measured], describe: Callable[[dict], str]) -> str:
    texts = {role: describe(m.entry) for role, m in roles.items()}
    if len(set(texts.values())) == 1:
        return next(iter(texts.values()))
    return "<br>".join(f"{role}: {text}" for role, text in texts.items())


def _merged(label: str, run: str) -> str:
    """ "Keras (JAX)" + "Keras (PyTorch)" → "Keras (JAX, PyTorch)"."""
    inner = run[run.index("(") + 1 : -1]
    return label[:-1] + f", {inner})"


def function_table(act, prefix: str = "../") -> str:
    """A function page's framework section: a table over every measured framework."""
    if not act.frameworks:
        return f"None of the {len(FRAMEWORKS)} frameworks measured here ships it.\n"
    about = record()["about"]
    header = [
        "Framework",
        "Function",
        "Layer",
        "Defaults (measured)",
        "Differences from this page's function (measured)",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in function_rows(act, prefix)]
    return (
        f"Measured on {about['date']} with {versions_text()}, {cpu_text()} "
        f"({about['command']}; "
        f"[how](../frameworks.md#how-this-is-measured)). "
        '"Here" is this page\'s value; +max is the largest finite number of the precision.\n\n'
        + "\n".join(lines)
        + "\n"
    )


def cpu_text() -> str:
    """The processor the record was measured on, in words."""
    return f"on {record()['about']['cpu'].replace('_', '-')}"


def versions_text() -> str:
    v = record()["about"]["versions"]
    names = {
        "torch": "PyTorch",
        "jax": "JAX",
        "flax": "Flax",
        "tensorflow-cpu": "TensorFlow",
        "keras": "Keras",
        "mlx": "MLX",
    }
    return ", ".join(f"{label} {v[dist].split('+')[0]}" for dist, label in names.items())


# --- defaults of this site's parameters (the parameters table) --------------------------------


def frameworks_with_default(act, param: str, wanted: float) -> list[str]:
    """The frameworks whose callable, called with its defaults, computes ``act`` with
    ``param`` = ``wanted`` (as measured: ``computes`` of a callable given no argument)."""
    found = []
    for m in callables(act):
        target = m.entry["computes"]
        if m.entry["called_with"]["args"] or m.keywords or target["slug"] != act.slug:
            continue
        got = target["params"].get(param)
        if got is not None and math.isclose(got, wanted, rel_tol=1e-12):
            found.append(m.framework)
    return list(dict.fromkeys(found))


# --- the parity table (docs/frameworks.md) ----------------------------------------------------


def short_differences(act, entry: dict, prefix: str) -> str:
    """What changes a model's numbers: another function computed, gradients at breakpoints."""
    if is_vector(act):
        return ""
    parts = [computes_text(act, entry, prefix)]
    parts += [f"f′({z_text(z)}) = {number_text(got)}" for z, (got, _) in kinks(entry).items()]
    return "; ".join(p for p in parts if p)


def _roles_note(act, roles: dict[str, Measured], prefix: str) -> str:
    """A run's differences; its function's and layer's each named when they differ."""
    texts = {
        m.name.rpartition(".")[2]: short_differences(act, m.entry, prefix) for m in roles.values()
    }
    if len(set(texts.values())) == 1:
        return next(iter(texts.values()))
    return "; ".join(f"`{name}` {text}" for name, text in texts.items() if text)


def parity_cell(act, framework: str, found: dict[str, dict[str, Measured]], prefix: str) -> str:
    runs = [run for run in runs_of(framework) if run in found]
    if not runs:
        return "—"
    first = found[runs[0]]
    names = "<br>".join(doc_link(framework, m.name, role, short=True, keywords=m.keywords)
                        for role, m in first.items())  # fmt: skip
    notes = {run: _roles_note(act, found[run], prefix) for run in runs}
    if len(set(notes.values())) == 1:
        texts = [next(iter(notes.values()))]
    else:  # Keras: the backends with each difference ("on JAX, TensorFlow: f′(1) = 1")
        by_note: dict[str, list[str]] = {}
        for run, note in notes.items():
            by_note.setdefault(note, []).append(run[run.find("(") + 1 : -1] or run)
        texts = [f"on {', '.join(runs)}: {note}" for note, runs in by_note.items() if note]
    return _cell("<br>".join([names, *(f"*{t}*" for t in texts if t)]))


def parity_table(prefix: str = "") -> str:
    """Every activation with its names in every framework, and what changes the numbers."""
    rows = []
    for act in every_record():
        found = measured(act)
        link = function_page(act.slug, prefix) if not is_vector(act) else f"{prefix}vector.md"
        rows.append(
            [f"[{act.name}]({link})", *(parity_cell(act, fw, found, prefix) for fw in FRAMEWORKS)]
        )
    header = ["Function", *FRAMEWORKS]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows]) + "\n"


# --- the porting checklist: what silently changes between frameworks ---------------------------


def _groups(items: Iterable[tuple[Measured, object]]) -> dict[object, list[Measured]]:
    """Callables grouped by a value; a run's function and layer count once when they agree."""
    groups: dict[object, list[Measured]] = {}
    for m, key in items:
        groups.setdefault(key, []).append(m)
    return groups


def _group_text(groups: dict[object, list[Measured]], show: Callable[[object], str]) -> str:
    """Each value with the callables that give it, framework by framework: "Keras (JAX,
    TensorFlow) `leaky_relu`" when only some backends or one of function and layer do."""
    return "<br>".join(
        f"**{show(key)}**: {', '.join(_callables_label(members))}"
        for key, members in groups.items()
    )


def _callables_label(members: list[Measured]) -> list[str]:
    labels = []
    for framework in FRAMEWORKS:
        mine = [m for m in members if m.framework == framework]
        if not mine:
            continue
        measured_runs = record()["activations"][mine[0].slug]["frameworks"]
        runs = [r for r in runs_of(framework) if r in measured_runs]
        chosen = [r for r in runs if any(m.run == r for m in mine)]
        label = framework
        if len(runs) > 1 and chosen != runs:
            label += " (" + ", ".join(r[r.index("(") + 1 : -1] for r in chosen) + ")"
        roles = {m.role for m in mine}
        if roles != {role for r in chosen for role in measured_runs[r]}:
            names = dict.fromkeys(m.name.rpartition(".")[2] for m in mine)
            label += " " + ", ".join(map(identifier_code, names))
        labels.append(label)
    return labels


def porting_defaults(prefix: str = "") -> str:
    """Functions whose default call computes different things in different frameworks."""
    rows = []
    for act in activations.catalog():
        chosen = [m for m in callables(act) if not (m.entry["called_with"]["args"] or m.keywords)]
        groups = _groups(
            (m, (m.entry["computes"]["slug"], tuple(sorted(m.entry["computes"]["params"].items()))))
            for m in chosen
        )
        if len(groups) < 2:
            continue

        def show(key, act=act) -> str:
            slug, params = key
            other = activations.get(slug)
            text = other.name if slug != act.slug else act.name
            return text + (f" with {_param_text(other, dict(params))}" if params else "")

        texts: dict[str, list[str]] = {}
        for m in chosen:
            key = f"{identifier_code(m.name.rpartition('.')[2])} ({{}}): {defaults_text(m.entry)}"
            texts.setdefault(key, []).append(m.run)
        defaults = "<br>".join(k.format(", ".join(runs)) for k, runs in texts.items())
        rows.append([_page_link(act, prefix), _cell(_group_text(groups, show)), _cell(defaults)])
    return _table(["Function", "What the default call computes", "Defaults (measured)"], rows)


def porting_kinks(prefix: str = "") -> str:
    """Breakpoints where the frameworks' autodiff gradients differ (float64)."""
    rows = []
    for act in activations.catalog():
        ms = callables(act)
        for index, z in enumerate(act.breakpoints):
            groups = _groups(
                (m, number_text(m.entry["float64"]["breakpoints"]["df"][index]))
                for m in ms
                if not isinstance(m.entry["float64"]["breakpoints"]["df"], str)
            )
            if len(groups) > 1:
                text = _group_text(groups, lambda v: f"f′ = {v}")
                here = number_text(float(act.df(z)))
                rows.append([_page_link(act, prefix), f"z = {z_text(z)}", here, _cell(text)])
    return _table(["Function", "Breakpoint", "This site", "Autodiff's f′ there"], rows)


def porting_specials(prefix: str = "") -> str:
    """Special inputs (±∞, NaN, ±max) where the frameworks' f or f′ differ (float64)."""
    rows = []
    for act in activations.catalog():
        ms = [m for m in callables(act)]
        for order, symbol in ORDERS.items():
            for name, label in SPECIAL_NAMES.items():
                groups = _groups(
                    (m, number_text(m.entry["float64"]["special"][order][name]))
                    for m in ms
                    if isinstance(m.entry["float64"]["special"][order], dict)
                )
                if len(groups) > 1:
                    rows.append(
                        [
                            _page_link(act, prefix),
                            f"{symbol}({label})",
                            _cell(_group_text(groups, str)),
                        ]
                    )
    return _table(["Function", "Input", "Result in float64"], rows)


def _page_link(act, prefix: str) -> str:
    return f"[{act.name}]({function_page(act.slug, prefix)})"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows]) + "\n"


# --- accuracy: the sortable tables, the figure's numbers, the findings ------------------------


def primary(act) -> list[Measured]:
    """Per run, the callable whose accuracy is shown: the function, else the layer."""
    return [roles.get("function") or roles["layer"] for roles in measured(act).values()]


def accuracy_rows() -> list[tuple[activations.Activation, Measured]]:
    """(function, callable) for the accuracy tables: a callable whose default computes another
    catalog function that lists it too (JAX's gelu: GELU's tanh form) counts under that one."""
    rows = [(act, m) for act in activations.catalog() for m in primary(act)]
    listed = {(act.slug, m.run, m.name) for act, m in rows}
    return [
        (act, m)
        for act, m in rows
        if (slug := m.entry["computes"]["slug"]) == act.slug or (slug, m.run, m.name) not in listed
    ]


def _error_cell(acc: dict, field: str) -> str:
    if field not in acc:
        return '<td data-sort="-1">—</td>'
    x = value(acc[field])
    sort = "1e400" if math.isinf(x) else repr(x)
    where = (
        f' title="at z = {z_text(acc["at"])}"'
        if field == "max_ulp" and acc["at"] is not None
        else ""
    )
    return f'<td data-sort="{sort}"{where}>{ulp_text(x)}</td>'


def accuracy_table(scope: str, prefix: str = "") -> str:
    """The largest error in ULP of f and f′, float32 and float64, of every function and
    framework: on the whole grid (``scope`` "grid") or on [−10, 10] ("core"). Plain HTML,
    sortable by assets/sort-table.js; without JavaScript it is an ordinary table."""
    field = {"grid": "max_ulp", "core": "max_ulp_within_10"}[scope]
    head = [
        "Function",
        "Framework",
        "Callable",
        "float32 f",
        "float32 f′",
        "float64 f",
        "float64 f′",
    ]
    cells = "".join(f'<th scope="col">{h}</th>' for h in head)
    lines = [
        '<div class="sortable-wrapper">',
        f'<table data-sortable id="accuracy-{scope}">',
        f"<thead><tr>{cells}</tr></thead>",
        "<tbody>",
    ]
    for act, m in accuracy_rows():
        link = f'<a href="../{prefix}{built_url(function_page(act.slug))}">{act.name}</a>'
        errors = "".join(_error_cell(m.entry[d][o], field) for d in DTYPES for o in ORDERS)
        lines.append(
            f'<tr><td data-sort="{act.name}">{link}</td><td>{m.run}</td>'
            f"<td>{call_code(m)}</td>{errors}</tr>"
        )
    lines += ["</tbody>", "</table>", "</div>"]
    return "\n".join(lines) + "\n"


FIGURE_NAME = "framework-accuracy"
FIGURE_CLIP = 1e20  # errors above this (and ∞) are drawn on the top edge
FIGURE_FLOOR = 0.25  # errors below (0 included) on the bottom edge of the log scale
STROKE = 0.07  # half the width of a function's stroke in its framework's column


def figure_points() -> dict[tuple[str, str], list[tuple[int, float]]]:
    """(dtype, order) → (framework column, largest error on the grid, clipped) per function."""
    runs = ordered_runs()
    points: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for _, m in accuracy_rows():
        for dtype in DTYPES:
            for order in ORDERS:
                acc = m.entry[dtype][order]
                if "max_ulp" in acc:
                    err = min(max(value(acc["max_ulp"]), FIGURE_FLOOR), FIGURE_CLIP)
                    points.setdefault((dtype, order), []).append((runs.index(m.run), err))
    return points


def figure_spec():
    """The accuracy figure: one column per framework run, a marker per function."""
    from scripts.pipeline import figures

    offsets = {
        ("float32", "f"): -0.27,
        ("float32", "df"): -0.09,
        ("float64", "f"): 0.09,
        ("float64", "df"): 0.27,
    }
    curves = []
    points = figure_points()
    for style, key in enumerate(offsets):
        pts = points[key]
        dtype, order = key
        xs, ys = [], []
        for column, err in pts:  # a short stroke per function: one path, a few bytes each
            centre = column + offsets[key]
            xs += [round(centre - STROKE, 2), round(centre + STROKE, 2), math.nan]
            ys += [err, err, math.nan]
        curves.append(
            figures.Curve(f"{dtype} {ORDERS[order]}", tuple(xs), tuple(ys), style, strokes=True)
        )
    runs = ordered_runs()
    return figures.FigureSpec(
        FIGURE_NAME,
        "Largest error on the grid, per function",
        tuple(curves),
        xlim=(-0.6, len(runs) - 0.4),
        ylim=(FIGURE_FLOOR / 2, FIGURE_CLIP * 10),
        log_y=True,
        xlabel="",
        ylabel="error (ULP)",
        xticks=tuple(run.replace(" (", "\n(") for run in runs),
    )


# --- findings: what stands out in the accuracy record, each explained from its numbers --------


@dataclass(frozen=True)
class Finding:
    """A notable fact of the record: which callable, what, and the explanation in words."""

    kind: str
    slug: str
    run: str
    dtype: str
    order: str
    ulp: float
    z: float | None
    text: str  # what and why, without the callable: findings alike are listed together
    name: str = ""  # the callable's public name

    @classmethod
    def of(cls, kind: str, m: Measured, dtype: str, order: str, z, text: str) -> Finding:
        """A finding on ``m``: its largest error in ``dtype`` and ``order`` from the record."""
        ulp = value(m.entry[dtype][order]["max_ulp"])
        return cls(kind, m.slug, m.run, dtype, order, ulp, z, text, m.name)

    @property
    def who(self) -> str:
        return f"`{self.name}` ({self.run})"


FLOAT32 = np.finfo(np.float32)
FLOAT32_TINY, FLOAT32_MAX = float(FLOAT32.tiny), float(FLOAT32.max)


def float32_rounding_ulp(x: float) -> float:
    """The error, in float64 ULP, of rounding ``x`` to float32 and back."""
    with np.errstate(over="ignore"):  # beyond float32's range the rounding is to ±inf
        return abs(float(np.float32(x)) - x) / reference.ulp(x)


def _target(m: Measured):
    target = m.entry["computes"]
    return activations.get(target["slug"], **target["params"])


def float32_findings() -> list[Finding]:
    """float64 results exactly as wrong as the true value rounded to float32: a float32
    constant or intermediate inside a float64 computation, or a float32 result."""
    found = []
    for act, m in accuracy_rows():
        fn = _target(m)
        for order, symbol in ORDERS.items():
            acc = m.entry["float64"][order]
            z = acc.get("at")
            if z is None or z in act.breakpoints or math.isinf(value(acc["max_ulp"])):
                continue
            true = float(getattr(fn, order)(z))
            predicted = float32_rounding_ulp(true)
            got = value(acc["max_ulp"])
            returns = m.entry["differs"]["output_dtype"].get("float64")
            normal = FLOAT32_TINY <= abs(true) <= FLOAT32_MAX  # else float32 holds no digit
            asymptote = abs((z if order == "f" else 1.0) - true) / reference.ulp(true)
            if math.isclose(got, asymptote, rel_tol=0.01):  # the linear asymptote's error
                continue
            if not (normal or returns) or predicted < 1e5:
                continue
            if not math.isclose(got, predicted, rel_tol=0.01):
                continue
            cause = (
                f"its result is {returns.rpartition('.')[2]} for a float64 input"
                if returns
                else "a float32 constant or intermediate inside the float64 computation"
            )
            found.append(
                Finding.of(
                    "float32",
                    m,
                    "float64",
                    order,
                    z,
                    f"In float64, {symbol} is off by {ulp_text(got)} ULP at "
                    f"z = {z_text(z)}, which is exactly the error of rounding the true value "
                    f"{number_text(true)} to float32 ({ulp_text(predicted)} ULP): {cause}.",
                )
            )
    return found


def threshold_findings() -> list[Finding]:
    """A callable that switches to its linear asymptote (f = z, f′ = 1) above a ``threshold``
    default: the largest float64 errors are then the dropped term's size."""
    found = []
    for act, m in accuracy_rows():
        limit = _signature_default(act, m.run, "threshold")
        if act.properties.df_limits[1] != 1 or m.entry["float64"]["f"]["at"] is None:
            continue
        fn = _target(m)
        texts = []
        for order, symbol in ORDERS.items():
            acc = m.entry["float64"][order]
            z = acc["at"]
            if z is None or z <= 10:
                break
            true = float(getattr(fn, order)(z))
            asymptote = z if order == "f" else 1.0
            predicted = abs(asymptote - true) / reference.ulp(true)
            if not math.isclose(value(acc["max_ulp"]), predicted, rel_tol=0.01):
                break
            texts.append(f"{'' if order == 'f' else symbol + ' '}by {ulp_text(acc['max_ulp'])} ULP")
        else:
            z = m.entry["float64"]["f"]["at"]
            dropped = float(fn.f(z)) - z
            found.append(
                Finding.of(
                    "threshold",
                    m,
                    "float64",
                    "df",
                    z,
                    "Returns z itself, with f′ = 1, for large z"
                    + (f" (beyond its default `threshold={number_text(limit)}`)" if limit else "")
                    + f". At z = {z_text(z)}, float64 f is off {_listing(texts)}: exactly the size "
                    f"of the term it drops, log(1 + e⁻ᶻ) = {number_text(dropped)}. In float32 that "
                    "term is below half an ULP, so float32 loses nothing.",
                )
            )
    return found


def _signature_default(act, run: str, param: str) -> float | None:
    for m in measured(act)[run].values():
        v = m.entry["signature"].get("defaults", {}).get(param)
        if isinstance(v, int | float) and not isinstance(v, bool):
            return float(v)
    return None


def overflow_points(dtype: str) -> dict[str, float]:
    """Where common intermediate results overflow ``dtype`` (|z| beyond which they are ∞)."""
    largest = float(np.finfo(dtype).max)
    points = {
        f"e^|z| overflows {dtype}": math.log(largest),
        f"z² overflows {dtype}": math.sqrt(largest),
        f"|z|³ overflows {dtype}": largest ** (1 / 3),
    }
    if dtype == "float64":
        points["e^|z| overflows float32"] = math.log(float(FLOAT32.max))
    return points


def overflow_between(dtype: str, zs: list[float]) -> str:
    """Which overflow lies between the last grid point before the first failing input (the
    one nearest 0) and that input: a likely cause, from the grid alone."""
    first = min(zs, key=abs)
    grid = record()["about"]["grid_points"][dtype]
    before = max((abs(x) for x in grid if x * first > 0 and abs(x) < abs(first)), default=0.0)
    inside = [
        f"{what} at |z| = {number_text(t)}"
        for what, t in overflow_points(dtype).items()
        if before < t <= abs(first)
    ]
    if not inside:
        return ""
    return (
        f" Between the last good grid point, |z| = {number_text(before)}, and the first bad "
        f"one, {number_text(abs(first))}: {_listing(inside)}."
    )


def tail_findings() -> list[Finding]:
    """f or f′ not finite where the true value is, or of the wrong sign, on the grid; each with
    the overflow that lies where the trouble starts."""
    found = []
    for _act, m in accuracy_rows():
        for order, symbol in ORDERS.items():
            for kind, field, what in (
                ("nonfinite", "nonfinite_at", "is not finite"),
                ("sign", "wrong_sign_at", "has the wrong sign"),
            ):
                per_dtype = {d: m.entry[d][order].get(field) for d in DTYPES}
                per_dtype = {d: zs for d, zs in per_dtype.items() if zs}
                if not per_dtype:
                    continue
                other = " and of the other sign" if kind == "sign" else ""
                texts = [f"in {d} at {_points(zs)}" for d, zs in per_dtype.items()]
                causes = "".join(
                    dict.fromkeys(overflow_between(d, zs) for d, zs in per_dtype.items())
                )
                dtype = next(iter(per_dtype))
                found.append(
                    Finding.of(
                        kind,
                        m,
                        dtype,
                        order,
                        per_dtype[dtype][0],
                        f"{symbol} {what} {'; '.join(texts)}, where the true "
                        f"value is finite{other}.{causes}",
                    )
                )
    return found


def kink_findings() -> list[Finding]:
    """Largest errors that sit at a breakpoint: a convention for the gradient, not rounding."""
    found = []
    for _act, m in accuracy_rows():
        at = {d: m.entry[d]["df"].get("at") for d in DTYPES}
        where = {d: z for d, z in at.items() if z in kinks(m.entry, d)}
        if not where:
            continue
        dtype, z = next(reversed(where.items()))  # float64's when both
        got, want = kinks(m.entry, dtype)[z]
        errors = [f"{d}: {ulp_text(m.entry[d]['df']['max_ulp'])} ULP" for d in where]
        found.append(
            Finding.of(
                "kink",
                m,
                dtype,
                "df",
                z,
                f"The largest f′ error ({', '.join(errors)}) is at the "
                f"breakpoint z = {z_text(z)}, where autodiff gives {number_text(got)} and this "
                f"site {number_text(want)}: a choice of one-sided slope, not rounding.",
            )
        )
    return found


def digits_findings() -> list[Finding]:
    """float64 results with no correct digit although the true value is a normal number: an
    error of 2⁵² ULP or more is at least half the value (1 ULP ≥ 2⁻⁵³ of it)."""
    found = []
    for act, m in accuracy_rows():
        fn = _target(m)
        for order, symbol in ORDERS.items():
            acc = m.entry["float64"][order]
            z, got = acc.get("at"), value(acc.get("max_ulp", 0))
            if z is None or math.isinf(got) or got < 2.0**52 or z in act.breakpoints:
                continue
            true = float(getattr(fn, order)(z))
            if abs(true) < np.finfo(np.float64).tiny:
                continue
            found.append(
                Finding.of(
                    "digits",
                    m,
                    "float64",
                    order,
                    z,
                    f"{symbol}({z_text(z)}) has no correct digit in float64: its error, "
                    f"{ulp_text(got)} ULP, is at least half the true value {number_text(true)}, "
                    "a normal float64 number.",
                )
            )
    return found


def findings() -> dict[str, list[Finding]]:
    """The findings by kind; a callable measured for two functions (JAX's gelu) counts once."""
    found = {
        "float32": float32_findings(),
        "threshold": threshold_findings(),
        "kink": kink_findings(),
        "tails": tail_findings(),
        "digits": digits_findings(),
    }
    return {
        kind: list({f.who + f.text: f for f in items}.values()) for kind, items in found.items()
    }


FINDING_HEADINGS = {
    "float32": "Float64 results with float32 precision",
    "threshold": "Softplus' linear threshold",
    "kink": "Largest errors at a breakpoint",
    "tails": "Results that turn NaN, infinite or change sign",
    "digits": "Float64 results with no correct digit",
}


def findings_markdown(prefix: str = "") -> str:
    """Each kind of finding as a list: one item per explanation, with every callable it fits."""
    parts = []
    for kind, items in findings().items():
        alike: dict[tuple[str, str], list[Finding]] = {}
        for f in items:
            alike.setdefault((f.slug, f.text), []).append(f)
        lines = [
            f"- [{activations.get(slug).name}]({function_page(slug, prefix)}), "
            f"{_listing([f.who for f in group])}: {text}"
            for (slug, text), group in alike.items()
        ]
        parts += [f"### {FINDING_HEADINGS[kind]}\n", "\n".join(lines) or "None in this record.", ""]
    return "\n".join(parts)


def figure_note() -> str:
    """How the accuracy figure draws what a log scale cannot show."""
    return (
        f"In the figure, errors of {number_text(FIGURE_CLIP)} ULP or more (∞ included) sit on "
        f"the top edge, and errors below {number_text(FIGURE_FLOOR)} ULP (0 included) on the "
        "bottom one.\n"
    )


def about_text() -> str:
    about = record()["about"]
    return (
        f"Measured on {about['date']} with {versions_text()}, Python {about['python']}, "
        f"{cpu_text()}, by `{about['command']}`: another processor may differ in last bits, "
        "and for a few functions in special values. "
        f"The grid: {about['grid']} Errors are in ULP of the precision "
        "against a 50-digit reference of the function the callable computes (its own default "
        f"when that is another function, for example the tanh form of GELU). "
        f"{len(about['grid_points']['float64'])} points in float64, "
        f"{len(about['grid_points']['float32'])} in float32.\n"
    )


# --- values quoted in prose -------------------------------------------------------------------


def prose_value(args: list[str], prefix: str) -> str:
    """``kink SLUG Z [RUN]``: autodiff's float64 f′ at a breakpoint, for one run or grouped
    across every run (\"1 (PyTorch, JAX); 2 (Keras (TensorFlow))\"); ``default SLUG RUN ROLE
    PARAM``: a measured signature default."""
    kind, slug, *rest = args
    rest = [re.sub(r"(?<=\w)\(", " (", arg) for arg in rest]  # Keras(JAX): a run, one word
    act = activations.get(slug)
    found = measured(act)
    if kind == "kink":
        index = list(act.breakpoints).index(float(rest[0]))
        groups: dict[str, list[str]] = {}
        for run, roles in found.items():
            if len(rest) > 1 and run != rest[1]:
                continue
            m = roles.get("function") or roles["layer"]
            got = number_text(m.entry["float64"]["breakpoints"]["df"][index])
            groups.setdefault(got, []).append(run)
        if len(rest) > 1:
            (text,) = groups
            return text
        return "; ".join(f"{v} ({', '.join(runs)})" for v, runs in groups.items())
    if kind == "default":
        run, role, param = rest
        return f"`{param}={_default(found[run][role].entry['signature']['defaults'][param])}`"
    raise ValueError(f"unknown kind {kind!r} (known: kink, default)")


# --- model configurations: transformers' ACT2FN ----------------------------------------------


def config_names(slug: str) -> dict[str, dict]:
    """The ACT2FN keys the measurement found computing ``slug``, with their entries."""
    names = record().get("model_configs", {}).get("names", {})
    return {key: e for key, e in sorted(names.items()) if e["computes"]["slug"] == slug}


def identifier_code(name: str) -> str:
    """``name`` as code that a narrow table cell breaks only after a dot, an underscore, an
    equals sign or a parenthesis (``gelu_<wbr>python``, ``approximate=<wbr>'none'``), never
    inside a word (site.css: ``code.identifier``)."""
    broken = html.escape(name, quote=False)
    for mark in "._=(":
        broken = broken.replace(mark, f"{mark}<wbr>")
    return f'<code class="identifier">{broken}</code>'


def config_names_markdown(act) -> str:
    """The names model configurations give the function, and how far each is from it, as
    measured (empty when no configuration name computes it)."""
    found = config_names(act.slug)
    if not found:
        return ""
    version = record()["about"]["versions"].get("transformers", "")

    def gap(order: str, entry: dict) -> str:
        """The largest difference, and where it is when a value is not finite there."""
        found = entry["float64"][order]["to_package"]
        text = number_text(found["max_abs"])
        if math.isfinite(value(found["max_abs"])):
            return text
        return f"{text} (z = {z_text(found['at'])})"

    rows = [
        [
            identifier_code(key),
            identifier_code(entry["lives_in"].rsplit(".", 1)[-1]),
            gap("f", entry),
            gap("df", entry),
        ]
        for key, entry in found.items()
    ]
    header = [f"Name ({identifier_code('hidden_act')})", "transformers class",
              "Largest \\|Δf\\|", "Largest \\|Δf′\\|"]  # fmt: skip
    return (
        "### In model configurations\n\n"
        f"A model configuration names it by one of these keys of transformers' `ACT2FN` "
        f"(transformers {version}); each was run in float64 on the grid of the table above, "
        "and the columns give its largest difference from this page's function, measured "
        "(0: the same values).\n\n" + _table(header, rows)
    )
