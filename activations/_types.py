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
    """Where an activation lives in one framework, with that framework's defaults.

    ``note`` says how the framework's definition or default differs from this
    package's, and is empty when they agree.
    """

    framework: str  # "PyTorch", "JAX", "Flax", "Keras", "TensorFlow" or "MLX"
    function: str  # functional form, e.g. "torch.nn.functional.leaky_relu"
    layer: str = ""  # module or layer class, e.g. "torch.nn.LeakyReLU"
    defaults: str = ""  # e.g. "negative_slope=0.01"
    note: str = ""


@dataclass(frozen=True)
class Use:
    """A notable model that uses an activation, and the source that shows it.

    ``source`` is primary: the model's paper, or its released code or configuration.
    """

    model: str  # e.g. "LLaMA"
    where: str  # what computes it, e.g. "the feed-forward layers (SwiGLU)"
    source: Reference
