"""The build pipeline: its stages, the cache they share, and the KaTeX renderer."""
