"""Activation functions with their first and second derivatives, formulas and properties.

>>> import activations
>>> act = activations.get("sigmoid")
>>> float(act.df(0.0))
0.25
"""

from activations._core import FAMILIES, Activation, Latex, Param
from activations._properties import Properties
from activations._registry import catalog, get, names
from activations._types import FrameworkName, Reference

__all__ = [
    "FAMILIES",
    "Activation",
    "FrameworkName",
    "Latex",
    "Param",
    "Properties",
    "Reference",
    "catalog",
    "get",
    "names",
]
