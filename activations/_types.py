"""Plain records describing an activation's provenance and framework names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reference:
    """A publication that introduced or analysed an activation."""

    authors: str
    title: str
    year: int
    url: str
    venue: str = ""


@dataclass(frozen=True)
class FrameworkName:
    """Where an activation lives in one framework.

    Everything else the site says about it (defaults, what it computes, its gradients at
    kinks, special values, precision) is measured: measurements/frameworks.json, written by
    `make frameworks`. ``note`` keeps only what a measurement cannot say (a training-mode
    behaviour, the shape of a learned parameter); it is empty otherwise.
    """

    framework: str  # "PyTorch", "JAX", "Flax", "Keras", "TensorFlow" or "MLX"
    function: str  # functional form, e.g. "torch.nn.functional.leaky_relu"
    layer: str = ""  # module or layer class, e.g. "torch.nn.LeakyReLU"
    note: str = ""


@dataclass(frozen=True)
class Use:
    """A notable model that uses an activation, and the source that shows it.

    ``source`` is primary: the model's paper, or its released code or configuration.
    """

    model: str  # e.g. "LLaMA"
    where: str  # what computes it, e.g. "the feed-forward layers (SwiGLU)"
    source: Reference
