"""mkdocs.yml's ``markdown_extensions`` entry for KaTeX: the pipeline's extension
(scripts.pipeline.katex), whose errors MkDocs reports without a traceback."""

from markdown_katex import wrapper

from scripts.adapter.reporting import reported
from scripts.pipeline import katex


@reported
def makeExtension(**options) -> katex.KatexExtension:  # noqa: N802 (Python-Markdown's name)
    """The extension, rendering through the pipeline's KaTeX; a formula KaTeX rejects stops
    the build with a message naming it."""
    extension = katex.KatexExtension(**options)
    wrapper.tex2html = reported(katex.tex2html)
    return extension
