"""sympy, imported when first used.

Evaluating a function needs numpy alone; sympy, about nine tenths of the package's import
time, comes in when a formula, a property or a derivation is first asked for. Modules on
the import path write ``from activations._sympy import sp`` and make their symbols in
functions, never at import (tests/test_imports.py holds them to it).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING


class _OnFirstUse:
    """Stands for the ``sympy`` module: the first lookup of a name imports sympy, and each
    name looked up is kept here, so that the next lookup is an attribute like any other."""

    def __getattr__(self, name: str):
        if name.startswith("__"):  # a probe (copy, inspect, pickle): not a sympy name
            raise AttributeError(name)
        value = getattr(importlib.import_module("sympy"), name)
        setattr(self, name, value)
        return value


if TYPE_CHECKING:  # a type checker reads the module itself
    import sympy as sp
else:
    sp = _OnFirstUse()


def symbols_on_first_use(module: str, names: tuple[str, ...], make: Callable[[], object]):
    """A module's ``__getattr__`` (PEP 562) serving ``names`` from ``make()``, the module's
    sympy symbols, made (and sympy imported) when one of them is first asked for."""
    served = frozenset(names)

    def __getattr__(name: str):
        if name in served:
            return getattr(make(), name)
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__
