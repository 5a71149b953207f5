"""Plain records describing an activation's provenance and framework names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reference:
    """A publication that introduced or analysed an activation, with what its BibTeX entry
    needs (``scripts/pipeline/bibtex.py``).

    ``authors`` lists "initials family-name" separated by commas; a name without initials is
    an organisation. ``venue`` is the journal, proceedings, book, institution or how it was
    published, by ``kind`` (a BibTeX entry type). ``doi`` and ``arxiv`` are identifiers as
    recorded at doi.org and arxiv.org; ``url`` is the publisher's page when it has no DOI.
    """

    authors: str
    title: str
    year: int
    url: str = ""
    venue: str = ""
    kind: str = "misc"  # article, inproceedings, incollection, techreport, unpublished, misc
    doi: str = ""  # e.g. "10.1038/323533a0"
    arxiv: str = ""  # e.g. "1606.08415"
    volume: str = ""
    number: str = ""  # an issue, or a technical report's number
    pages: str = ""  # e.g. "321–355"
    publisher: str = ""

    @property
    def link(self) -> str:
        """Where a reader finds it: its DOI, else its url (the publisher's version), else its
        arXiv page ("" if none)."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url or (f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else "")


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
    # keyword arguments that make the callable compute this activation, passed to the
    # function and to the layer's constructor: (("approximate", "tanh"),) for GELU (tanh)
    keywords: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Use:
    """A notable model that uses an activation, and the source that shows it.

    ``source`` is primary: the model's paper, or its released code or configuration.
    """

    model: str  # e.g. "LLaMA"
    where: str  # what computes it, e.g. "the feed-forward layers (SwiGLU)"
    source: Reference
