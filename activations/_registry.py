"""The catalog: look-up by slug or alias, with parameters bound and checked."""

from __future__ import annotations

import difflib
import functools

from activations import _gated, _other, _relu, _sigmoidal, _smooth
from activations._core import Activation
from activations._definition import Definition, bind_params

CATALOG_ORDER = (
    # classic and sigmoidal
    "linear", "binary_step", "sigmoid", "tanh", "hard_sigmoid", "hard_tanh", "softsign",
    "arctan", "lecun_tanh", "isru", "log_sigmoid", "tanhshrink", "sparse_sigmoid",
    # ReLU family
    "relu", "leaky_relu", "prelu", "rrelu", "relu6", "threshold", "hardshrink", "softshrink",
    # smooth rectifiers and gated
    "softplus", "elu", "selu", "celu", "gelu", "gelu_tanh", "silu", "mish", "hard_swish",
    "squareplus", "sparse_plus", "isrlu", "elish", "bent_identity",
    # others
    "exponential", "gaussian", "sinusoid", "sinc",
)  # fmt: skip
_MODULES = (_sigmoidal, _relu, _smooth, _gated, _other)
_DEFINED = {d.slug: d for module in _MODULES for d in module.DEFINITIONS}
if set(_DEFINED) != set(CATALOG_ORDER):
    raise RuntimeError(
        f"CATALOG_ORDER and the definitions differ: {set(_DEFINED) ^ set(CATALOG_ORDER)}"
    )
DEFINITIONS: tuple[Definition, ...] = tuple(_DEFINED[s] for s in CATALOG_ORDER)
_MODULE_OF = {d.slug: module.__name__ for module in _MODULES for d in module.DEFINITIONS}
_BY_NAME: dict[str, Definition] = {}
for _definition in DEFINITIONS:
    for _key in (_definition.slug, *_definition.aliases):
        if _key in _BY_NAME:
            raise RuntimeError(f"activation name {_key!r} is defined twice")
        _BY_NAME[_key] = _definition


def names() -> list[str]:
    """Every slug, in catalog order (aliases not included)."""
    return [d.slug for d in DEFINITIONS]


def module_of(slug: str) -> str:
    """The name of the module that defines the activation ``slug`` (one module per family).

    >>> module_of("relu")
    'activations._relu'
    """
    get(slug)  # the same error as get() for an unknown name
    return _MODULE_OF[_BY_NAME[slug].slug]


def catalog() -> list[Activation]:
    """Every activation with its default parameters, in catalog order."""
    return [get(slug) for slug in names()]


def get(slug: str, **params: float) -> Activation:
    """The activation called ``slug`` (or one of its aliases), with ``params`` bound.

    >>> get("leaky_relu", alpha=0.2).f(-1.0)
    np.float64(-0.2)

    An unknown name raises ``KeyError`` naming the closest slugs; an unknown
    parameter or a value outside its domain raises ``ValueError``.
    """
    definition = _BY_NAME.get(slug)
    if definition is None:
        close = difflib.get_close_matches(str(slug), list(_BY_NAME), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise KeyError(f"unknown activation {slug!r}{hint}")
    return _bound(definition.slug, tuple(sorted(bind_params(definition, params).items())))


@functools.cache
def _bound(slug: str, params: tuple[tuple[str, float], ...]) -> Activation:
    definition = _BY_NAME[slug]
    return Activation(
        definition=definition,
        params=bind_params(definition, dict(params)),
    )
