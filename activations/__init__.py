"""Activation functions with their first and second derivatives, formulas and properties.

>>> import activations
>>> act = activations.get("sigmoid")
>>> float(act.df(0.0))
0.25
"""

from activations._core import Activation
from activations._definition import FAMILIES, Latex, Param
from activations._properties import (
    MomentFixedPoint,
    Properties,
    gaussian_moments,
    moment_fixed_point,
)
from activations._registry import catalog, get, module_of, names, vector_names
from activations._types import FrameworkName, Reference, Use
from activations._vectors._common import VectorActivation, VectorLatex
from activations.vector import (
    entmax15,
    entmax15_jacobian,
    geglu,
    geglu_jacobian,
    glu,
    glu_jacobian,
    log_softmax,
    log_softmax_jacobian,
    logsumexp,
    logsumexp_jacobian,
    reglu,
    reglu_jacobian,
    softmax,
    softmax_jacobian,
    softmin,
    softmin_jacobian,
    sparsemax,
    sparsemax_jacobian,
    swiglu,
    swiglu_jacobian,
)

__all__ = [
    "FAMILIES",
    "Activation",
    "FrameworkName",
    "Latex",
    "Param",
    "Properties",
    "gaussian_moments",
    "moment_fixed_point",
    "MomentFixedPoint",
    "Reference",
    "Use",
    "catalog",
    "get",
    "module_of",
    "names",
    "softmax",
    "log_softmax",
    "softmax_jacobian",
    "log_softmax_jacobian",
    "softmin",
    "softmin_jacobian",
    "logsumexp",
    "logsumexp_jacobian",
    "glu",
    "glu_jacobian",
    "swiglu",
    "swiglu_jacobian",
    "geglu",
    "geglu_jacobian",
    "reglu",
    "reglu_jacobian",
    "sparsemax",
    "sparsemax_jacobian",
    "entmax15",
    "entmax15_jacobian",
    "VectorActivation",
    "VectorLatex",
    "vector_names",
]
