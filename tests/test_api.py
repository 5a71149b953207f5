"""The public API: look-up, aliases, parameters, array semantics and errors."""

from __future__ import annotations

import dataclasses
import importlib
import re
from pathlib import Path

import numpy as np
import pytest

import activations
from activations import _registry


def test_catalog_order_is_family_then_position_in_the_family_module():
    expected = [
        d.slug
        for family in activations.FAMILIES
        for d in importlib.import_module(f"activations._{family}").DEFINITIONS
    ]
    assert activations.names() == expected
    assert [a.slug for a in activations.catalog()] == expected
    assert [a.family for a in activations.catalog()] == sorted(
        (a.family for a in activations.catalog()), key=list(activations.FAMILIES).index
    )


def test_module_of_names_the_module_that_defines_each_function():
    for slug in activations.names():
        module = importlib.import_module(activations.module_of(slug))
        assert slug in [d.slug for d in module.DEFINITIONS]
    assert activations.module_of("swish") == "activations._smooth"  # an alias of silu
    with pytest.raises(KeyError, match="relu"):
        activations.module_of("rleu")


@pytest.mark.parametrize("name", ["elu", "swish"])  # a slug, an alias
def test_a_name_defined_twice_fails_naming_both_places(monkeypatch, name):
    module = importlib.import_module("activations._other")
    copy = dataclasses.replace(module.DEFINITIONS[0], slug=name, aliases=())
    monkeypatch.setattr(module, "DEFINITIONS", (*module.DEFINITIONS, copy))
    with pytest.raises(RuntimeError) as raised:
        _registry._names()
    message = str(raised.value)
    assert f"activation name {name!r} is defined twice" in message
    assert "activations._smooth.DEFINITIONS[" in message
    assert f"activations._other.DEFINITIONS[{len(module.DEFINITIONS) - 1}] ({name!r})" in message


def test_public_namespace_is_explicit():
    assert set(activations.__all__) >= {"get", "names", "catalog", "Activation"}
    for name in activations.__all__:
        assert hasattr(activations, name)


@pytest.mark.parametrize(
    "alias,slug",
    [("swish", "silu"), ("identity", "linear"), ("logistic", "sigmoid"),
     ("hard_silu", "hard_swish")],
)  # fmt: skip
def test_aliases_resolve(alias, slug):
    assert activations.get(alias).slug == slug


def test_parameters_bind_and_change_the_function():
    act = activations.get("leaky_relu", alpha=0.2)
    assert act.params["alpha"] == 0.2
    assert act.f(-1.0) == pytest.approx(-0.2)
    assert act.df(-1.0) == pytest.approx(0.2)
    assert activations.get("leaky_relu").params["alpha"] == 0.01


def test_unknown_slug_names_the_closest():
    with pytest.raises(KeyError, match="leaky_relu"):
        activations.get("leaky_rlu")


@pytest.mark.parametrize(
    "slug,params,message",
    [
        ("leaky_relu", {"beta": 1.0}, "unknown parameter 'beta'"),
        ("elu", {"alpha": -1.0}, r"'alpha' must be finite and in \[0, inf\)"),
        ("softplus", {"beta": float("nan")}, "'beta'"),
        ("softplus", {"beta": 0.0}, r"\(0, inf\)"),
        ("squareplus", {"b": "four"}, "'b' must be a number"),
        ("rrelu", {"lower": 0.5, "upper": 0.2}, r"'lower' \(0.5\) must not exceed .*'upper'"),
    ],
)
def test_bad_parameters_name_the_parameter_and_range(slug, params, message):
    with pytest.raises(ValueError, match=message):
        activations.get(slug, **params)


def test_activation_is_immutable():
    act = activations.get("relu")
    with pytest.raises(dataclasses.FrozenInstanceError):
        act.definition = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        act.params["x"] = 1.0  # type: ignore[index]


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_float_dtypes_are_kept(dtype):
    for act in activations.catalog():
        for kernel in (act.f, act.df, act.d2f):
            out = kernel(np.linspace(-3, 3, 7, dtype=dtype))
            assert out.dtype == dtype, f"{act.slug}: {dtype} gave {out.dtype}"


def test_integers_lists_scalars_and_shapes():
    relu = activations.get("relu")
    assert relu.f(np.arange(-2, 3)).dtype == np.float64
    assert relu.f([-1, 2]).tolist() == [0.0, 2.0]
    assert isinstance(relu.f(3), np.float64) and relu.f(3) == 3.0
    grid = np.arange(-6.0, 6.0).reshape(2, 3, 2)
    for act in activations.catalog():
        assert act.f(grid).shape == (2, 3, 2)


def test_no_warning_for_any_float():
    """Every kernel accepts the whole float range, inf and nan without a numpy warning."""
    info = np.finfo(np.float64)
    values = np.array([0.0, -0.0, info.tiny, 5e-324, 1e-300, 1.0, 700.0, 710.0, 1e300,
                       info.max, np.inf, np.nan])  # fmt: skip
    xs = np.concatenate([values, -values])
    with np.errstate(over="ignore"):  # 1e300 and the largest float become inf in float32
        xs32 = xs.astype(np.float32)
    for act in activations.catalog():
        for kernel in (act.f, act.df, act.d2f, act.df_from_output):
            if kernel is not None:
                kernel(xs)
                kernel(xs32)


def test_relu_derivative_at_zero_follows_pytorch_and_jax():
    assert activations.get("relu").df(0.0) == 0.0


def test_complex_input_is_refused():
    with pytest.raises(TypeError, match="complex"):
        activations.get("relu").f(1j)


@pytest.mark.parametrize("slug", activations.names())
def test_the_textbook_formula_is_the_same_function(slug):
    """Each record's naive formula (what the stability page and the benchmark compare the
    kernels with) computes the same function on [-5, 5], away from the breakpoints and from
    0, where a textbook formula may be 0/0 (sin z / z)."""
    for params in [{}] + [{p.name: v} for p in activations.get(slug).param_specs for v in p.family]:
        try:
            act = activations.get(slug, **params)
        except ValueError:  # a family value outside another parameter's order
            continue
        z = np.linspace(-5, 5, 400)
        z = z[np.min(np.abs(z[:, None] - np.array([*act.breakpoints, 9.0])), axis=1) > 1e-6]
        naive = act.definition.naive
        with np.errstate(all="ignore"):
            formulas = [(naive.f, act.f), (naive.df, act.df)]
            formulas += [(naive.library, act.f)] if naive.library else []
            for formula, kernel in formulas:
                np.testing.assert_allclose(
                    formula(z, **act.params), kernel(z), rtol=1e-9, atol=1e-12, err_msg=slug
                )


def test_the_package_pages_examples_run_as_written():
    """docs/package.md's Python blocks run against the package (their asserts included)."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "package.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    assert blocks
    for block in blocks:
        exec(compile(block, "docs/package.md", "exec"), {})
