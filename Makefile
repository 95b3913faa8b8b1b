# planpub: `make serve` builds and serves the example site, `make test` runs every test.
# Both set up everything they need on a fresh machine (Python 3.11, make, git, apt).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint typecheck pytest bench clean browser-deps bytecode

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The editable install leaves planpub's bytecode to Python, which does not write it where
# PYTHONDONTWRITEBYTECODE is set (some containers do): compile it, as a regular install does.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q src/planpub

serve: bytecode
	$(BIN)/planpub serve

build: bytecode
	$(BIN)/planpub build --strict

test: $(STAMP) browser-deps lint typecheck pytest

# Browser tests drive Debian's Chromium (never a downloaded browser build).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: $(STAMP)
	$(BIN)/ruff check src tests bench fuzz
	$(BIN)/ruff format --check src tests bench fuzz

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest

bench: bytecode
	$(BIN)/python bench/check_vs_build.py
	$(BIN)/python bench/versioned_build.py
	$(BIN)/python bench/diff_bench.py

clean:
	rm -rf $(VENV) site .planpub-cache .pytest_cache .mypy_cache .ruff_cache
