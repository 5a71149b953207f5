"""The catalog: look-up by slug or alias, with parameters bound and checked.

The catalog holds every ``Definition`` in the family modules (``activations._<family>`` for
each family of ``FAMILIES``), in the order of the families and, within a module, in the order
of its ``DEFINITIONS``: a new activation is one record in its family's module. A vector-valued
activation is one module of ``activations._vectors`` holding its ``RECORD``.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable

from activations import _other, _relu, _sigmoidal, _smooth
from activations._arrays import elementwise
from activations._core import Activation
from activations._definition import FAMILIES, Definition, bind_params
from activations._vectors import RECORDS as VECTOR_RECORDS
from activations._vectors import VectorActivation

_MODULES = (_sigmoidal, _relu, _smooth, _other)  # one per family of FAMILIES, in its order
if [m.__name__ for m in _MODULES] != [f"activations._{family}" for family in FAMILIES]:
    raise RuntimeError("the family modules and FAMILIES differ")
DEFINITIONS: tuple[Definition, ...] = tuple(d for m in _MODULES for d in m.DEFINITIONS)
_MODULE_OF = {d.slug: module.__name__ for module in _MODULES for d in module.DEFINITIONS}


def _records() -> list[tuple[Definition | VectorActivation, str]]:
    """Every record with the place that defines it, elementwise then vector-valued."""
    records = []
    for module in _MODULES:
        for index, definition in enumerate(module.DEFINITIONS):
            place = f"{module.__name__}.DEFINITIONS[{index}] ({definition.slug!r})"
            if f"activations._{definition.family}" != module.__name__:
                raise RuntimeError(f"{place} has family {definition.family!r}")
            records.append((definition, place))
    records += [(r, f"{r.f.__module__}.RECORD ({r.slug!r})") for r in VECTOR_RECORDS]
    return records


def _names() -> dict[str, Definition | VectorActivation]:
    """Every slug and alias → its record; a name used twice, or a definition filed under
    another family than its module's, fails at import naming both places."""
    found: dict[str, tuple[Definition | VectorActivation, str]] = {}
    for record, place in _records():
        for name in (record.slug, *record.aliases):
            if name in found:
                raise RuntimeError(
                    f"activation name {name!r} is defined twice: in {found[name][1]} and in {place}"
                )
            found[name] = (record, place)
    return {name: record for name, (record, _) in found.items()}


_BY_NAME = _names()


def names() -> list[str]:
    """Every slug, in catalog order (aliases not included)."""
    return [d.slug for d in DEFINITIONS]


def vector_names() -> list[str]:
    """Every vector-valued activation's slug (``get`` returns its record)."""
    return [r.slug for r in VECTOR_RECORDS]


def variant(key: str) -> tuple[Callable, tuple[float, ...]]:
    """The function (any array-like in, like an activation's) and breakpoints of the variant
    called ``key`` in some record's ``variants``."""
    for definition in DEFINITIONS:
        for found in definition.variants:
            if found.key == key:
                return elementwise(found.f), found.breakpoints
    raise KeyError(f"no activation has a variant called {key!r}")


def module_of(slug: str) -> str:
    """The name of the module that defines the activation ``slug`` (one module per family).

    >>> module_of("relu")
    'activations._relu'
    """
    record = get(slug)  # the same error as get() for an unknown name
    if isinstance(record, VectorActivation):
        return record.f.__module__
    return _MODULE_OF[record.slug]


def catalog() -> list[Activation]:
    """Every activation with its default parameters, in catalog order."""
    return [elementwise_activation(slug) for slug in names()]


def get(slug: str, **params: float) -> Activation | VectorActivation:
    """The activation called ``slug`` (or one of its aliases), with ``params`` bound; for a
    vector-valued activation, its record (with ``params`` bound, see ``VectorActivation.bind``).

    >>> get("leaky_relu", alpha=0.2).f(-1.0)
    np.float64(-0.2)
    >>> get("softmax").f([0.0, 0.0])
    array([0.5, 0.5])

    An unknown name raises ``KeyError`` naming the closest slugs; an unknown
    parameter or a value outside its domain raises ``ValueError``.
    """
    definition = _BY_NAME.get(slug)
    if definition is None:
        close = difflib.get_close_matches(str(slug), list(_BY_NAME), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise KeyError(f"unknown activation {slug!r}{hint}")
    if isinstance(definition, VectorActivation):
        return definition.bind(params) if params else definition
    return _bound(definition.slug, tuple(sorted(bind_params(definition, params).items())))


def elementwise_activation(slug: str, **params: float) -> Activation:
    """``get`` for a name known to be elementwise (a TypeError names a vector-valued one)."""
    found = get(slug, **params)
    if not isinstance(found, Activation):
        raise TypeError(f"{slug!r} is vector-valued, not an elementwise activation")
    return found


def vector_record(slug: str) -> VectorActivation:
    """``get`` for a name known to be vector-valued (a TypeError names an elementwise one)."""
    found = get(slug)
    if not isinstance(found, VectorActivation):
        raise TypeError(f"{slug!r} is elementwise, not a vector-valued activation")
    return found


@functools.cache
def _bound(slug: str, params: tuple[tuple[str, float], ...]) -> Activation:
    definition = _BY_NAME[slug]
    assert isinstance(definition, Definition)
    return Activation(definition=definition, params=bind_params(definition, dict(params)))
