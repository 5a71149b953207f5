"""Which module defines each activation: what a stage's per-activation keys follow (see
:meth:`scripts.pipeline.stage.Stage.family_keys`).

Not in :mod:`scripts.pipeline.stage` on purpose: every stage's key reads that module's
imports, the page renders' too, and a stage module that imported the package would render
every page again after any edit to it.
"""

from __future__ import annotations


def family_modules() -> dict[str, str]:
    """Each activation's slug → the module that defines it (its family's module)."""
    import activations  # when a stage is keyed: a rebuild that reuses every stage never does

    return {slug: activations.module_of(slug) for slug in activations.names()}
