"""The MkDocs adapter: hands the pipeline's output to MkDocs (the only code that imports it)."""
