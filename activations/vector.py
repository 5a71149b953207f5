"""Vector-valued activations: softmax (with a temperature), log-softmax, softmin,
log-sum-exp, sparsemax, 1.5-entmax, the gated linear unit (GLU) and its variants SwiGLU,
GeGLU and ReGLU.

Their records (``activations.get("softmax")``, ``activations.vector_names()``) hold each one's
function, Jacobian, formulas, references and framework names; this module gives their
functions by name.

>>> softmax([0.0, 0.0])
array([0.5, 0.5])
"""

from __future__ import annotations

from activations._vectors.entmax15 import entmax15, entmax15_jacobian
from activations._vectors.geglu import geglu, geglu_jacobian
from activations._vectors.glu import glu, glu_jacobian
from activations._vectors.log_softmax import log_softmax, log_softmax_jacobian
from activations._vectors.logsumexp import logsumexp, logsumexp_jacobian
from activations._vectors.reglu import reglu, reglu_jacobian
from activations._vectors.softmax import softmax, softmax_jacobian
from activations._vectors.softmin import softmin, softmin_jacobian
from activations._vectors.sparsemax import sparsemax, sparsemax_jacobian
from activations._vectors.swiglu import swiglu, swiglu_jacobian

__all__ = [
    "entmax15",
    "entmax15_jacobian",
    "geglu",
    "geglu_jacobian",
    "glu",
    "glu_jacobian",
    "log_softmax",
    "log_softmax_jacobian",
    "logsumexp",
    "logsumexp_jacobian",
    "reglu",
    "reglu_jacobian",
    "softmax",
    "softmax_jacobian",
    "softmin",
    "softmin_jacobian",
    "sparsemax",
    "sparsemax_jacobian",
    "swiglu",
    "swiglu_jacobian",
]
