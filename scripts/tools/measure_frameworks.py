"""Measure every framework's activations against the package: `make frameworks`.

Runs in the frameworks' own environment (.venv-frameworks, with the project root on
PYTHONPATH) and writes measurements/frameworks.json, the record the site reads instead
of importing a framework. Which framework callable computes which activation is data,
``activations.get(slug).frameworks`` (each activation's record).

Each framework run is a subprocess of its own (Keras picks its backend from
KERAS_BACKEND before its import): it resolves the names, reads their signatures, and
returns f and its autodiff derivatives on the grid, at each breakpoint and at the
special inputs, in float32 and float64. This parent process compares them with the
package and the 50-digit references (activations/reference.py) and writes the facts:
largest errors in ULP, largest difference to the package, kink gradients, special
values, and per framework what differs.

    python scripts/tools/measure_frameworks.py                 # write the record
    python scripts/tools/measure_frameworks.py --check         # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import datetime
import functools
import importlib
import importlib.metadata
import inspect
import json
import math
import os
import platform
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import mpmath
import numpy as np

import activations
from activations import reference

ROOT = Path(__file__).resolve().parents[2]
RECORD = ROOT / "measurements" / "frameworks.json"

# Each run: the FrameworkName.framework it measures, the autodiff engine, and its environment.
RUNS: dict[str, tuple[str, str, dict[str, str]]] = {
    "PyTorch": ("PyTorch", "torch", {}),
    "JAX": ("JAX", "jax", {}),
    "Flax": ("Flax", "jax", {}),
    "TensorFlow": ("TensorFlow", "tensorflow", {}),
    "Keras (JAX)": ("Keras", "jax", {"KERAS_BACKEND": "jax"}),
    "Keras (TensorFlow)": ("Keras", "tensorflow", {"KERAS_BACKEND": "tensorflow"}),
    "Keras (PyTorch)": ("Keras", "torch", {"KERAS_BACKEND": "torch"}),
    "MLX": ("MLX", "mlx", {}),
}
DISTRIBUTIONS = (
    "torch",
    "jax",
    "jaxlib",
    "flax",
    "keras",
    "tensorflow-cpu",
    "mlx",
    "transformers",
    "numpy",
)
# Model configurations name their activation by a key of transformers' ACT2FN registry
# (`hidden_act: "gelu_new"`); each key is measured as a PyTorch module, like a layer.
CONFIGS = "transformers"
DTYPES = ("float32", "float64")
ORDERS = ("f", "df", "d2f")

# The grid, every point exactly representable in float32 so both precisions share it:
# steps of 1/8 on [-10, 10], then every order of magnitude out to float32's overflow, with
# the points where exp, float32 and float64 overflow; float64 adds its own extremes.
UNIFORM = [k / 8 for k in range(-80, 81)]
MAGNITUDES = [1e-30, 1e-12, 1e-8, 1e-6, 1e-4, 1e-3, 0.01, 0.1, 12.0, 15.0, 20.0, 25.0, 30.0,
              40.0, 50.0, 88.0, 89.0, 100.0, 300.0, 700.0, 709.78, 710.0, 745.0, 800.0, 1e4,
              1e10, 1e30, 3e38]  # fmt: skip
FLOAT64_ONLY = [1e-300, 1e100, 1e300]
SPECIAL = {
    "inf": math.inf,
    "-inf": -math.inf,
    "nan": math.nan,
    "max": 1.0,
    "-max": -1.0,
}
GRID_NOTE = (
    "z = k/8 for k = -80..80, and ± each magnitude, rounded to float32; float64 adds"
    " ±1e-300, ±1e100, ±1e300. Breakpoints are measured on their own, not in the grid."
    " Special inputs: ±inf, nan and ±max, the largest finite number of the precision."
)


# Vector-valued activations: f and the autodiff Jacobian on these vectors (even lengths, for
# GLU's halves), then on the special ones.
VECTORS = {
    "moderate": [-2.5, -1.0, 0.0, 0.5, 1.0, 3.0],
    "spread": [-30.0, -10.0, 0.0, 10.0, 30.0, 88.0],
    "huge": [1000.0, -1000.0, 0.0, 1.0, 2.0, 3.0],
    "tiny": [1e-8, -1e-8, 0.0, 1e-30, 2e-8, 0.0],
}
SPECIAL_VECTORS = {
    "inf": [math.inf, 0.0, 1.0, 2.0, 3.0, 4.0],
    "-inf": [-math.inf, 0.0, 1.0, 2.0, 3.0, 4.0],
    "nan": [math.nan, 0.0, 1.0, 2.0, 3.0, 4.0],
    "all -inf": [-math.inf] * 6,
}


def grid(dtype: str) -> list[float]:
    """The grid in ``dtype``: the same float32 points, plus float64's extremes."""
    magnitudes = [float(np.float32(m)) for m in MAGNITUDES]
    if dtype == "float64":
        magnitudes += FLOAT64_ONLY
    return sorted({*UNIFORM, *magnitudes, *(-m for m in magnitudes)})


def special_inputs(dtype: str) -> dict[str, float]:
    largest = float(np.finfo(dtype).max)
    return {k: v * largest if k.endswith("max") else v for k, v in SPECIAL.items()}


def breakpoints(act: activations.Activation, dtype: str) -> list[float]:
    return [float(np.dtype(dtype).type(b)) for b in act.breakpoints]


def vector_slugs() -> list[str]:
    """The vector-valued activations (their records name their frameworks)."""
    return activations.vector_names()


def framework_names(slug: str) -> tuple[activations.FrameworkName, ...]:
    return activations.get(slug).frameworks


def entries(framework: str) -> list[tuple[str, activations.FrameworkName]]:
    """(slug, names) for every activation, elementwise or vector-valued, ``framework`` ships."""
    return [
        (slug, fw)
        for slug in [*activations.names(), *vector_slugs()]
        for fw in framework_names(slug)
        if fw.framework == framework
    ]


# --- JSON numbers: exact, and strings for what JSON cannot spell ----------------------------


def number(value: float) -> float | str:
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def unnumber(value: float | str) -> float:
    return float(value)


def rounded(value: float) -> float | str:
    """Three significant digits: errors and differences are facts to that precision."""
    return number(float(f"{value:.3g}")) if math.isfinite(value) else number(value)


# --- the child process: one framework, its names, signatures and values ---------------------


def describe(value: object) -> object:
    """A signature default as stable text (no memory addresses)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value if not isinstance(value, float) else number(value)
    name = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    if name:
        return f"{getattr(value, '__module__', '')}.{name}".lstrip(".")
    return type(value).__name__


IMPORT_ALIASES = {"tf": "tensorflow"}  # names as the frameworks' documentation spells them


def resolve(name: str) -> object:
    """The object a dotted public name refers to, e.g. ``torch.nn.functional.relu``."""
    top, _, rest = name.partition(".")
    parts = [IMPORT_ALIASES.get(top, top), *rest.split(".")]
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            obj = getattr(obj, attribute)
        return obj
    raise ImportError(f"cannot import {name}")


def signature(obj: object, is_layer: bool) -> dict:
    """Parameters with their defaults (None marks a required one), from the real object."""
    try:
        sig = inspect.signature(obj.__init__ if is_layer else obj)
    except (TypeError, ValueError):
        return {"readable": False}
    params = list(sig.parameters.values())
    params = params[1:]  # the input, or a layer's self
    variadic = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    required = [p.name for p in params if p.default is p.empty and p.kind not in variadic]
    keyword_only = inspect.Parameter.KEYWORD_ONLY
    return {
        "readable": True,
        "defaults": {p.name: describe(p.default) for p in params if p.default is not p.empty},
        "required": [n for n in required if sig.parameters[n].kind != keyword_only],
    }


class Engine:
    """One autodiff system: arrays in and out, and f, f′, f″ of an elementwise callable."""

    def __init__(self, kind: str):
        self.kind = kind
        if kind == "torch":
            import torch

            torch.manual_seed(0)
            self.lib = torch
        elif kind == "jax":
            import jax

            jax.config.update("jax_enable_x64", True)
            self.lib = jax
        elif kind == "tensorflow":
            import tensorflow as tf

            self.lib = tf
        else:
            import mlx.core as mx

            self.lib = mx

    def dtype(self, name: str):
        if self.kind == "jax":
            return getattr(self.lib.numpy, name)
        return getattr(self.lib, name)

    def array(self, values: list[float], dtype: str):
        data = np.array(values, dtype=dtype)
        if self.kind == "torch":
            return self.lib.tensor(data)
        if self.kind == "jax":
            return self.lib.numpy.asarray(data)
        if self.kind == "tensorflow":
            return self.lib.constant(data)
        return self.lib.array(data, dtype=self.dtype(dtype))  # MLX's default would be float32

    def derivatives(self, fn: Callable, x) -> list[np.ndarray | str]:
        """f, f′ and f″ elementwise (autodiff of the sum); a failing order gives its error."""
        out: list[np.ndarray | str] = [to_numpy(fn(x))]
        for order in (1, 2):
            try:
                out.append(to_numpy(self.grad(fn, x, order)))
            except Exception as error:  # a framework's refusal is a fact
                out.append(f"unavailable: {type(error).__name__}")
        return out

    def grad(self, fn: Callable, x, order: int):
        lib = self.lib
        if self.kind == "torch":
            t = x.clone().requires_grad_(True)
            y = fn(t)
            for _ in range(order):
                if not y.requires_grad:  # the last derivative does not depend on x
                    return lib.zeros_like(t)
                (y,) = lib.autograd.grad(y.sum(), t, create_graph=True, allow_unused=True)
                if y is None:
                    return lib.zeros_like(t)
            return y.detach()
        if self.kind == "tensorflow":
            return tf_grad(lib, fn, x, order)
        for _ in range(order):  # JAX and MLX: grad of the sum, composed
            fn = lib.grad(lambda v, g=fn: g(v).sum())
        return fn(x)

    def jacobian(self, fn: Callable, x) -> np.ndarray:
        """The autodiff Jacobian of a vector function at the vector ``x`` (one row for a
        reduction such as log-sum-exp)."""
        lib = self.lib
        fn = functools.partial(self.flat, fn)
        if self.kind == "torch":
            return to_numpy(lib.autograd.functional.jacobian(fn, x))
        if self.kind == "jax":
            return to_numpy(lib.jacrev(fn)(x))
        if self.kind == "tensorflow":
            with lib.GradientTape() as tape:
                tape.watch(x)
                y = fn(x)
            return to_numpy(tape.jacobian(y, x))
        rows = int(fn(x).shape[0])  # MLX: one gradient per output
        return np.stack([to_numpy(lib.grad(lambda v, i=i: fn(v)[i])(x)) for i in range(rows)])

    def flat(self, fn: Callable, x):
        """``fn(x)`` as a 1-D array."""
        y = fn(x)
        return self.lib.reshape(y, (-1,)) if self.kind == "tensorflow" else y.reshape(-1)

    def layer(self, cls, args: list[float], dtype: str):
        """An instance of a layer class (or a partial of one) in ``dtype``, built with the
        required ``args``."""
        library = getattr(cls, "func", cls).__module__.partition(".")[0]
        if library == "keras":  # before torch: on that backend a Keras layer is a torch Module
            return cls(*args, dtype=dtype)
        if library == "flax":
            return cls(*args, param_dtype=self.dtype(dtype), dtype=self.dtype(dtype))
        instance = cls(*args)
        if library == "mlx":
            instance.set_dtype(self.dtype(dtype))
            return instance
        return instance.to(self.dtype(dtype))  # PyTorch


def tf_grad(tf, fn: Callable, x, order: int):
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = fn(x)
        g = inner.gradient(y, x)
    if order == 1:
        return g
    h = outer.gradient(g, x) if g is not None else None
    return tf.zeros_like(x) if h is None else h


def to_numpy(value) -> np.ndarray:
    if hasattr(value, "detach"):
        value = value.detach().cpu()
    if hasattr(value, "numpy"):
        value = value.numpy()
    return np.asarray(value, dtype=np.float64)


def bound_callable(engine: Engine, obj, is_layer: bool, sig: dict, act, dtype: str):
    """``obj`` ready to take one array: its required arguments are the package's parameters,
    in order (floats, or one-element arrays where floats are refused); where the signature
    cannot be read, as few of them as it accepts. Returns the callable and the arguments."""
    params = list(act.params.values())
    counts = [len(sig["required"])] if sig["readable"] else range(len(params) + 1)
    probe = engine.array([0.5, -0.5], dtype)
    for count in counts:
        for as_arrays in (False, True):
            args = [engine.array([v], dtype) if as_arrays else v for v in params[:count]]
            try:
                fn = engine.layer(obj, args, dtype) if is_layer else partial_input(obj, args)
                fn(probe)  # also builds a layer's weights, outside autodiff
            except Exception:  # any refusal: try the next way to call it
                continue
            return fn, {
                "args": [number(v) for v in params[:count]],
                "as_arrays": as_arrays,
            }
    raise TypeError(f"{obj!r} accepts none of the package's parameters as its arguments")


def partial_input(obj, args: list) -> Callable:
    return lambda x: obj(x, *args)


def measure_callable(engine: Engine, obj, is_layer: bool, sig: dict, act) -> dict:
    """Values of one function or layer in both precisions, and how it was called."""
    result = {}
    for dtype in DTYPES:
        fn, called_with = bound_callable(engine, obj, is_layer, sig, act, dtype)
        points = {
            "grid": grid(dtype),
            "breakpoints": breakpoints(act, dtype),
            "special": list(special_inputs(dtype).values()),
        }
        xs = [x for part in points.values() for x in part]  # one call per order: faster
        values = engine.derivatives(fn, engine.array(xs, dtype))
        output_dtype = float_name(fn(engine.array([1.0], dtype)))
        measured, start = {}, 0
        for where, part in points.items():
            cut = slice(start, start + len(part))
            start += len(part)
            measured[where] = {
                order: v if isinstance(v, str) else [number(e) for e in v[cut]]
                for order, v in zip(ORDERS, values)
            }
        result[dtype] = measured | {"output_dtype": output_dtype}
    result["called_with"] = called_with
    return result


def measure_vector_callable(engine: Engine, obj, is_layer: bool, sig: dict) -> dict:
    """f and its autodiff Jacobian on each vector, in both precisions; a reduction that
    needs its axis (``torch.logsumexp(x, dim)``) is given the last one."""
    no_params = types.SimpleNamespace(params={})
    result = {}
    for dtype in DTYPES:
        try:
            fn, called_with = bound_callable(engine, obj, is_layer, sig, no_params, dtype)
        except TypeError:
            fn, called_with = partial_input(obj, [-1]), {"args": [-1], "as_arrays": False}
        measured = {}
        for name, vector in {**VECTORS, **SPECIAL_VECTORS}.items():
            x = engine.array(vector, dtype)
            try:
                jacobian = [[number(e) for e in row] for row in engine.jacobian(fn, x)]
            except Exception as error:  # a framework's refusal is a fact
                jacobian = f"unavailable: {type(error).__name__}"
            measured[name] = {
                "f": [number(e) for e in to_numpy(engine.flat(fn, x))],
                "jacobian": jacobian,
            }
        result[dtype] = measured
    result["called_with"] = called_with
    return result


def float_name(array) -> str:
    """The floating-point type of a framework's array, e.g. "float32"."""
    text = str(array.dtype)
    return next((t for t in ("bfloat16", "float16", "float32", "float64") if t in text), text)


def run_child(run: str) -> dict:
    """Everything one framework run measures, as raw values (stdout JSON)."""
    framework, kind, _ = RUNS[run]
    engine = Engine(kind)
    out = {}
    for slug, fw in entries(framework):
        for role, name in (("function", fw.function), ("layer", fw.layer)):
            if not name:
                continue
            obj = resolve(name)
            is_layer = role == "layer"
            sig = signature(obj, is_layer)
            keywords = dict(fw.keywords)
            call = functools.partial(obj, **keywords) if keywords else obj
            if slug in activations.names():
                values = measure_callable(engine, call, is_layer, sig, activations.get(slug))
            else:
                values = measure_vector_callable(engine, call, is_layer, sig)
            called_with = values.pop("called_with") | ({"keywords": keywords} if keywords else {})
            module = getattr(obj, "__module__", "")
            out.setdefault(slug, {})[role] = {
                "name": name,
                "lives_in": f"{module}.{getattr(obj, '__qualname__', type(obj).__name__)}",
                "signature": sig,
                "called_with": called_with,
                "values": values,
            }
    return out


def run_configs_child() -> dict:
    """Every ACT2FN key's module: its class, and its values as ``measure_callable`` takes them."""
    from transformers.activations import ACT2FN

    engine = Engine("torch")
    out = {}
    for key in ACT2FN:
        module = ACT2FN[key]
        try:
            act = activations.get(key)
        except KeyError:  # no breakpoints to measure at; the grid still says what it is
            act = types.SimpleNamespace(params={}, breakpoints=())

        def instance(key=key):
            return ACT2FN[key]

        values = measure_callable(engine, instance, True, {"readable": True, "required": []}, act)
        out[key] = {
            "name": f'ACT2FN["{key}"]',
            "lives_in": f"{type(module).__module__}.{type(module).__qualname__}",
            "signature": {"readable": False},
            "called_with": values.pop("called_with"),
            "values": values,
        }
    return out


# --- the parent: references, errors, differences, the record --------------------------------

SAME = 1e-7  # largest |difference| on [-10, 10] at which two float64 curves are one function


def measure_run(run: str) -> dict:
    env = {
        **os.environ,
        **RUNS.get(run, ("", "", {"HF_HUB_OFFLINE": "1"}))[2],
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }
    proc = subprocess.run(
        [sys.executable, __file__, "--child", run],
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode:
        raise RuntimeError(f"{run} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout)


class References:
    """50-digit references of the package's activations, cached per point (None: unstable)."""

    def __init__(self):
        self.cache: dict[tuple, mpmath.mpf | None] = {}

    def __call__(self, slug: str, params: dict, order: int, x: float) -> mpmath.mpf | None:
        key = (slug, tuple(sorted(params.items())), order, x)
        if key not in self.cache:
            try:
                self.cache[key] = reference.evaluate(slug, order, x, params)
            except (AssertionError, ZeroDivisionError, ValueError, TypeError):
                self.cache[key] = None
        return self.cache[key]


def matched_params(slug: str, sig: dict) -> dict:
    """The package's parameters set to the framework's numeric defaults: by name, then by
    position (negative_slope=0.2 for leaky_relu's alpha); {} when none match."""
    act = activations.get(slug)
    numeric = {
        k: v
        for k, v in sig.get("defaults", {}).items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }
    params = {k: float(numeric.pop(k)) for k in list(act.params) if k in numeric}
    unmatched = [k for k in act.params if k not in params]
    params |= {k: float(v) for k, v in zip(unmatched, numeric.values())}
    try:
        return dict(activations.get(slug, **params).params) if params else {}
    except ValueError:
        return {}


def computes(slug: str, f64: list[float], sig: dict, called_with: list) -> dict:
    """Which catalog function a callable computes, from its float64 values on [-10, 10]:
    ``slug`` with the package's parameters, the framework's defaults or the arguments it
    was called with, whichever is closest; another catalog function only where it is the
    same function (within SAME) and ``slug`` is not."""
    inside = [(x, v) for x, v in zip(grid("float64"), f64) if abs(x) <= 10]
    zs = np.array([x for x, _ in inside])
    ys = np.array([unnumber(v) for _, v in inside])
    act = activations.get(slug)
    given = dict(zip(act.params, map(unnumber, called_with)))
    own = [dict(act.params), matched_params(slug, sig) | given]
    others = [(a.slug, dict(a.params)) for a in activations.catalog() if a.slug != slug]

    def distance(candidate: str, params: dict) -> float:
        with np.errstate(all="ignore"):
            diff = float(np.max(np.abs(activations.get(candidate, **params).f(zs) - ys)))
        return diff if math.isfinite(diff) else math.inf

    scored = [(distance(slug, p), slug, p) for p in own if p or not act.params]
    best = min(scored, key=lambda item: item[0])
    if best[0] > SAME:
        scored = [(distance(s, p), s, p) for s, p in others]
        best = min([best, *[item for item in scored if item[0] <= SAME]], key=lambda i: i[0])
    diff, closest, params = best
    return {"slug": closest, "params": params, "max_abs_diff": rounded(diff)}


def nearest_function(f64: list[float]) -> str:
    """The catalog function, at its default parameters, closest to float64 values on the whole
    grid (relative to the value where it exceeds 1: a clipped GELU differs only past z = 10)."""
    zs, ys = np.array(grid("float64")), np.array([unnumber(v) for v in f64])

    def distance(act: activations.Activation) -> float:
        with np.errstate(all="ignore"):
            apart = np.abs(act.f(zs) - ys) / np.maximum(1.0, np.abs(ys))
        apart = np.where(act.f(zs) == ys, 0.0, apart)  # equal infinities
        return float(np.max(np.nan_to_num(apart, nan=np.inf)))

    return min(activations.catalog(), key=distance).slug


def analyse_configs(raw: dict, refs: References) -> dict:
    """Per ACT2FN key: the catalog function it computes, how closely, and how accurately."""
    names = {}
    for key, values in raw.items():
        slug = nearest_function(values["values"]["float64"]["grid"]["f"])
        entry = analyse(slug, values, refs)
        names[key] = {k: entry[k] for k in ("name", "lives_in", "computes")} | {
            dtype: {
                order: {
                    k: entry[dtype][order][k]
                    for k in ("max_ulp", "max_ulp_within_10", "at", "to_package")
                }
                for order in ("f", "df")
            }
            for dtype in DTYPES
        }
    return names


def accuracy(got: list, xs: list[float], dtype: str, ref: Callable) -> dict:
    """Largest error in ULP against the reference (on [-10, 10] and on the whole grid),
    where, and the points where the result is not finite or has the wrong sign."""
    scalar = np.dtype(dtype).type
    worst = {"core": (0.0, None), "all": (0.0, None)}
    nonfinite, flips = [], []
    for x, g in zip(xs, map(unnumber, got)):
        want = ref(x)
        if want is None:
            continue
        expected = reference.to_float(want, scalar)
        if math.isfinite(expected) and not math.isfinite(g):
            nonfinite.append(x)
        elif expected and g and math.copysign(1, g) != math.copysign(1, expected):
            flips.append(x)
        error = reference.ulp_error(g, want, scalar)
        for part in ("core", "all") if abs(x) <= 10 else ("all",):
            if error > worst[part][0]:
                worst[part] = (error, x)
    return {
        "max_ulp": rounded(worst["all"][0]),
        "at": worst["all"][1],
        "max_ulp_within_10": rounded(worst["core"][0]),
        "nonfinite_at": nonfinite,
        "wrong_sign_at": flips,
    }


def package_values(act, order: str, xs: list[float]) -> list[float | str]:
    with np.errstate(all="ignore"):
        return [number(v) for v in getattr(act, order)(np.array(xs, dtype=np.float64))]


def largest_difference(got: list, want: list, xs: list[float]) -> dict:
    """max |got - want| (inf where only one is infinite or nan) and where."""
    worst, at = 0.0, None
    for x, g, w in zip(xs, map(unnumber, got), map(unnumber, want)):
        if g == w or (math.isnan(g) and math.isnan(w)):
            continue
        d = abs(g - w) if math.isfinite(g) and math.isfinite(w) else math.inf
        if d > worst:
            worst, at = d, x
    return {"max_abs": rounded(worst), "at": at}


def package_entry(slug: str) -> dict:
    """The package's own values: at the breakpoints and special inputs, or on the vectors."""
    if slug not in activations.names():
        return vector_package_entry(slug)
    act = activations.get(slug)
    entry = {"params": dict(act.params), "breakpoints": list(act.breakpoints)}
    for dtype in DTYPES:
        specials = special_inputs(dtype)
        entry[dtype] = {
            "breakpoints": {o: package_values(act, o, breakpoints(act, dtype)) for o in ORDERS},
            "special": {
                o: dict(zip(specials, package_values(act, o, list(specials.values()))))
                for o in ORDERS
            },
        }
    return entry


def analyse(slug: str, raw: dict, refs: References) -> dict:
    """The record entry for one callable: names, defaults, what it computes, how accurately."""
    act = activations.get(slug)
    entry = {k: raw[k] for k in ("name", "lives_in", "signature", "called_with")}
    f64 = raw["values"]["float64"]["grid"]["f"]
    entry["computes"] = target = computes(slug, f64, raw["signature"], raw["called_with"]["args"])
    for dtype in DTYPES:
        xs = grid(dtype)
        measured = raw["values"][dtype]
        per_dtype = {}
        for k, order in enumerate(ORDERS):
            got = measured["grid"][order]
            if isinstance(got, str):
                per_dtype[order] = {"unavailable": got}
                continue
            ref = functools.partial(refs, target["slug"], target["params"], k)
            per_dtype[order] = accuracy(got, xs, dtype, ref)
            package = package_values(act, order, xs)
            per_dtype[order]["to_package"] = largest_difference(got, package, xs)
        per_dtype["breakpoints"] = measured.get("breakpoints", {o: [] for o in ORDERS})
        per_dtype["output_dtype"] = measured["output_dtype"]
        names = list(special_inputs(dtype))
        per_dtype["special"] = {
            o: v if isinstance(v, str) else dict(zip(names, v))
            for o, v in measured["special"].items()
        }
        entry[dtype] = per_dtype
    return entry


def differences(slug: str, entry: dict, package: dict) -> dict:
    """What changes for a user moving between the package and this callable, from the data."""
    if slug not in activations.names():
        return vector_differences(entry, package)
    act = activations.get(slug)
    out = {}
    if entry["computes"]["slug"] != slug or entry["computes"]["params"] != dict(act.params):
        out["computes"] = entry["computes"]
    out["output_dtype"] = {  # where the result is not in the precision of the input
        dtype: entry[dtype]["output_dtype"]
        for dtype in DTYPES
        if entry[dtype]["output_dtype"] != dtype
    }
    out["max_abs_diff"] = {
        o: entry["float64"][o]["to_package"]["max_abs"]
        for o in ORDERS
        if "to_package" in entry["float64"][o]
    }
    out["max_ulp"] = {
        dtype: {o: entry[dtype][o].get("max_ulp", "unavailable") for o in ORDERS}
        for dtype in DTYPES
    }
    kinks = []
    for dtype in DTYPES:
        theirs, ours = entry[dtype]["breakpoints"], package[dtype]["breakpoints"]
        for order in ("df", "d2f"):
            if isinstance(theirs[order], str):
                continue
            zs = breakpoints(act, dtype)
            kinks += [
                {
                    "dtype": dtype,
                    "order": order,
                    "z": z,
                    "framework": got,
                    "package": want,
                }
                for z, got, want in zip(zs, theirs[order], ours[order])
                if got != want
            ]
    out["breakpoints"] = kinks
    out["special"] = [  # in the order of ORDERS and special_inputs: a record's keys are sorted
        {"dtype": dtype, "order": order, "input": name, "framework": got, "package": want}
        for dtype in DTYPES
        for order in ORDERS
        if not isinstance(values := entry[dtype]["special"].get(order, "none"), str)
        for name in special_inputs(dtype)
        if (got := values[name]) != (want := package[dtype]["special"][order][name])
    ]
    return out


# --- vector-valued activations: against the package's own f and Jacobian, which
# tests/test_vector.py holds to a few ULP of 50-digit references


def vector_package_entry(slug: str) -> dict:
    record = activations.get(slug)
    f, jacobian = record.f, record.jacobian
    vectors = {**VECTORS, **SPECIAL_VECTORS}
    entry = {"vectors": {name: [number(v) for v in vector] for name, vector in vectors.items()}}
    for dtype in DTYPES:
        entry[dtype] = {}
        for name, vector in vectors.items():
            with np.errstate(all="ignore"):
                values = {"f": [number(v) for v in np.ravel(f(np.array(vector, dtype=dtype)))]}
                if dtype == "float64":
                    values["jacobian"] = [[number(v) for v in row] for row in jacobian(vector)]
            entry[dtype][name] = values
    return entry


def analyse_vector(raw: dict, package: dict) -> dict:
    """Distance to the package on the moderate vectors, and f on the special ones."""
    entry = {k: raw[k] for k in ("name", "lives_in", "signature", "called_with")}
    for dtype in DTYPES:
        ulps, jac = (0.0, None), (0.0, None)
        for name in VECTORS:
            got, want = raw["values"][dtype][name], package[dtype][name]["f"]
            for g, w in zip(map(unnumber, got["f"]), map(unnumber, want)):
                apart = abs(g - w) / reference.ulp(w, np.dtype(dtype).type) if g != w else 0.0
                ulps = max(ulps, (apart, name), key=lambda item: item[0])
            if isinstance(got["jacobian"], str):
                jac = (math.inf, got["jacobian"])
                continue
            want_jacobian = package["float64"][name]["jacobian"]
            theirs, ours = (
                np.vectorize(unnumber)(np.array(m)) for m in (got["jacobian"], want_jacobian)
            )
            jac = max(
                jac,
                (float(np.max(np.abs(theirs - ours))), name),
                key=lambda item: item[0],
            )
        entry[dtype] = {
            "f": {"max_ulp_to_package": rounded(ulps[0]), "at": ulps[1]},
            "jacobian": {"max_abs_diff_to_package": rounded(jac[0]), "at": jac[1]},
            "special": {name: raw["values"][dtype][name]["f"] for name in SPECIAL_VECTORS},
        }
    return entry


def vector_differences(entry: dict, package: dict) -> dict:
    return {
        "max_ulp_f": {dtype: entry[dtype]["f"]["max_ulp_to_package"] for dtype in DTYPES},
        "max_abs_diff_jacobian": {
            dtype: entry[dtype]["jacobian"]["max_abs_diff_to_package"] for dtype in DTYPES
        },
        "special": [
            {"dtype": dtype, "input": name, "framework": got, "package": want}
            for dtype in DTYPES
            for name in SPECIAL_VECTORS
            if (got := entry[dtype]["special"][name]) != (want := package[dtype][name]["f"])
        ],
    }


def measure(runs: list[str]) -> dict:
    refs = References()
    record = {
        "about": {
            "command": "make frameworks",
            "date": datetime.datetime.now(datetime.UTC).date().isoformat(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpu": cpu_class(),
            "grid": GRID_NOTE,
            "grid_points": {dtype: grid(dtype) for dtype in DTYPES},
            "special_inputs": {
                dtype: {name: number(v) for name, v in special_inputs(dtype).items()}
                for dtype in DTYPES
            },
            "vectors": "vector-valued functions: f and the autodiff Jacobian on the vectors listed"
            " under package/vectors; errors are distances to the package's float64 values",
            "same_function_within": SAME,
            "versions": versions(),
            "runs": {
                run: {"framework": fw, "autodiff": kind, "environment": env}
                for run, (fw, kind, env) in RUNS.items()
                if run in runs
            },
        },
        "activations": {},
    }
    for run in [run for run in runs if run in RUNS]:
        print(f"measuring {run}", file=sys.stderr, flush=True)
        for slug, roles in measure_run(run).items():
            item = record["activations"].setdefault(slug, {"package": package_entry(slug)})
            for role, raw in roles.items():
                vector = slug not in activations.names()
                entry = analyse_vector(raw, item["package"]) if vector else analyse(slug, raw, refs)
                entry["differs"] = differences(slug, entry, item["package"])
                item.setdefault("frameworks", {}).setdefault(run, {})[role] = entry
    if CONFIGS in runs:
        print(f"measuring {CONFIGS} ACT2FN", file=sys.stderr, flush=True)
        record["model_configs"] = {
            "registry": "transformers.activations.ACT2FN",
            "names": analyse_configs(measure_run(CONFIGS), refs),
        }
    return record


def cpu_class() -> str:
    """The processor's architecture and the widest vector instructions it offers numpy (and
    the frameworks' CPU kernels): their code paths differ in last bits and, for some
    functions, in special values."""
    from numpy._core._multiarray_umath import __cpu_features__ as features

    widths = (("AVX512_SKX", "AVX-512"), ("AVX2", "AVX2"), ("ASIMD", "NEON"))
    widest = next((name for key, name in widths if features.get(key)), "no vector extension")
    return f"{platform.machine()} with {widest}"


def versions() -> dict[str, str]:
    found = {}
    for dist in DISTRIBUTIONS:
        try:
            found[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            found[dist] = "not installed"
    return found


def dumps(value, indent: str = "") -> str:
    """JSON with sorted keys, one key per line, and lists of numbers on one line."""
    if isinstance(value, dict) and value:
        inner = indent + " "
        items = [f"{inner}{json.dumps(k)}: {dumps(value[k], inner)}" for k in sorted(value)]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        inner = indent + " "
        return "[\n" + ",\n".join(inner + dumps(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False)


def stale(old: dict, new: dict, path: str = "") -> list[str]:
    """Every field where two records differ, named by its path, with a callable's public name
    (``.../PyTorch/function=torch.nn.functional.hardswish/float64/...``); date and platform
    aside."""
    if isinstance(old, dict) and isinstance(new, dict):
        problems = []
        for key in sorted(set(old) | set(new)):
            named = old.get(key) if isinstance(old.get(key), dict) else {}
            where = f"{path}/{key}" + (f"={named['name']}" if "name" in named else "")
            if where in ("/about/date", "/about/platform"):
                continue
            if key not in new or key not in old:
                problems.append(f"{where}: {'not measured' if key in old else 'not recorded'}")
                continue
            problems += stale(old[key], new[key], where)
        return problems
    return [] if old == new else [f"{path}: record {old!r}, measured {new!r}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--runs", nargs="*", default=[*RUNS, CONFIGS], help="the runs to measure")
    parser.add_argument("--output", type=Path, default=RECORD)
    parser.add_argument("--check", action="store_true", help="compare with the record instead")
    args = parser.parse_args()
    if args.child:
        child = run_configs_child() if args.child == CONFIGS else run_child(args.child)
        json.dump(child, sys.stdout)
        return 0
    record = json.loads(dumps(measure(args.runs)))
    if args.check:
        problems = stale(json.loads(RECORD.read_text()), record)
        print("\n".join(problems) or "the record is up to date")
        return 1 if problems else 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(dumps(record) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
