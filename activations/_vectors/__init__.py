"""Vector-valued activations, one module each; every module holds one ``RECORD``.

Each output of these functions depends on a whole vector of inputs, taken along one ``axis``
of an array of any shape, so their derivative is a Jacobian matrix rather than one number per
input. As for the elementwise activations, float16 and float32 inputs are computed in float64
and rounded once, integers and booleans give float64, and no input, finite or infinite,
makes numpy warn.

Infinite inputs give the limit when it does not depend on how the inputs grow:
softmax([∞, 0]) = [1, 0]. A vector whose limit does depend on it (two entries +∞, or every
entry −∞) gives nan, as a vector holding a nan does.
"""

from __future__ import annotations

import importlib
import pkgutil

from activations._vectors._common import VectorActivation

RECORDS: tuple[VectorActivation, ...] = tuple(
    importlib.import_module(f"{__name__}.{module.name}").RECORD
    for module in pkgutil.iter_modules(__path__)
    if not module.name.startswith("_")
)
