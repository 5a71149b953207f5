"""Vector-valued activations: softmax, log-softmax, softmin, log-sum-exp and the gated linear
unit (GLU).

Their records (``activations.get("softmax")``, ``activations.vector_names()``) hold each one's
function, Jacobian, formulas, references and framework names; this module gives their
functions by name.

>>> softmax([0.0, 0.0])
array([0.5, 0.5])
"""

from __future__ import annotations

from activations._vectors.glu import glu, glu_jacobian
from activations._vectors.log_softmax import log_softmax, log_softmax_jacobian
from activations._vectors.logsumexp import logsumexp, logsumexp_jacobian
from activations._vectors.softmax import softmax, softmax_jacobian
from activations._vectors.softmin import softmin, softmin_jacobian

__all__ = [
    "glu",
    "glu_jacobian",
    "log_softmax",
    "log_softmax_jacobian",
    "logsumexp",
    "logsumexp_jacobian",
    "softmax",
    "softmax_jacobian",
    "softmin",
    "softmin_jacobian",
]
