"""Other definitions that have gone by an activation's name, for comparing with the catalog's.

They are not activations of the catalog (no page, no formulas): pages compare them with the
catalog's function through ``activations._properties.difference``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from activations._arrays import elementwise


@dataclass(frozen=True)
class Variant:
    """A named function with the points where it has kinks."""

    name: str
    f: object
    breakpoints: tuple[float, ...]


def _keras2_hard_sigmoid(z):
    """clip(0.2 z + 0.5, 0, 1): tf.keras' (Keras 2's) hard sigmoid."""
    return np.clip(0.2 * z + 0.5, 0.0, 1.0)


VARIANTS: dict[str, Variant] = {
    "keras2_hard_sigmoid": Variant(
        "Keras 2's hard sigmoid", elementwise(_keras2_hard_sigmoid), (-2.5, 2.5)
    ),
}
