"""Maintainer tools: benchmarks and installers, run by hand or by make; not part of the build."""
