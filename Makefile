# Two commands for a newcomer:  `make serve` (set up, build and serve the site)
#                               `make test`  (set up and run every test)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: serve build test setup setup-test lock bench clean frameworks frameworks-env

serve: setup  ## set up, build and serve the site with live reload on http://$(HOST)
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m mkdocs serve --livereload --dev-addr $(HOST)

build: setup  ## build the site into site/ (fails on any warning)
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m mkdocs build --strict

test: setup-test  ## set up and run every test: lint, numerics, build, browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest

bench: setup-test  ## print the benchmarks (package speed and memory, build, KaTeX, pages)
	$(BIN)/python -m scripts.tools.bench_activations
	$(BIN)/python -m scripts.tools.bench_memory
	$(BIN)/python -m scripts.tools.bench_build
	$(BIN)/python -m scripts.tools.bench_katex
	$(BIN)/python -m scripts.tools.bench_site

setup: $(VENV)/.installed node_modules/.installed

setup-test: $(VENV)/.installed-test node_modules/.installed
	@test -x /usr/bin/chromium || scripts/tools/install_chromium.sh

# uv installs .venv from uv.lock (hashed). uv itself, pinned, is installed once per machine
# and version into the user's cache (every clone shares it), moved into place in one step.
UV_VERSION := 0.13.9
UV_DIR ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/activations-reference/uv-$(UV_VERSION)
UV := $(UV_DIR)/bin/uv
# Bytecode is compiled at install: where PYTHONDONTWRITEBYTECODE is set, every process would
# otherwise compile numpy, scipy, sympy, matplotlib and MkDocs from source at each import.
SYNC := $(UV) sync --locked --inexact --compile-bytecode --python $(PYTHON)

$(UV):
	rm -rf $(UV_DIR).partial-$$$$ && \
	$(PYTHON) -m pip install --quiet --target $(UV_DIR).partial-$$$$ uv==$(UV_VERSION) && \
	{ mv -T $(UV_DIR).partial-$$$$ $(UV_DIR) 2>/dev/null || rm -rf $(UV_DIR).partial-$$$$; }
	test -x $(UV)

lock: $(UV)  ## update uv.lock after a change to the dependencies in pyproject.toml
	$(UV) lock

$(VENV)/.installed: uv.lock pyproject.toml | $(UV)
	$(SYNC) --group site --group notebooks
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(SYNC) --all-groups
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --prefer-offline --no-audit --no-fund
	touch $@

# --- frameworks (PyTorch, JAX, Flax, Keras, TensorFlow, MLX) in an environment of their own;
# `make serve` and the build never import them: they read the committed record instead.
FRAMEWORKS_VENV := .venv-frameworks

frameworks: frameworks-env  ## re-measure the frameworks into measurements/frameworks.json
	PYTHONPATH=$(CURDIR) $(FRAMEWORKS_VENV)/bin/python scripts/tools/measure_frameworks.py

frameworks-env: $(FRAMEWORKS_VENV)/.installed

$(FRAMEWORKS_VENV)/.installed: frameworks-requirements.txt frameworks-constraints.txt
	test -x $(FRAMEWORKS_VENV)/bin/python || $(PYTHON) -m venv $(FRAMEWORKS_VENV)
	$(FRAMEWORKS_VENV)/bin/python -m pip install --quiet -r frameworks-requirements.txt -c frameworks-constraints.txt
	touch $@

clean:  ## remove generated output and caches (not the environments)
	rm -rf site site.partial site.previous site.*.undeleted-* build .cache test-artifacts
