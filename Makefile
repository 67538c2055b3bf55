# The kit's two commands:  make lab  (open the kit)  and  make test  (run every test).
# For a class: make slides (offline decks), make book (static HTML book), make gallery (explorers
# on one page, served by Voila), make links (Binder and nbgitpuller links per notebook).
# Both create a local virtual environment in .venv on first use; nothing is installed globally.
# Installing needs the package index once; after that both commands work offline.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.natokit-installed
PORT ?= 8888
GALLERY_PORT ?= 8866
# nbgitpuller links need the address of your JupyterHub, e.g. make links HUB=https://hub.example.edu
HUB ?=
# Extra options for JupyterLab, e.g. `make lab LAB_OPTIONS=--no-browser` (the tests use this).
LAB_OPTIONS ?=
# The build backend, pinned exactly as in pyproject.toml's [build-system] (a test checks they agree).
# It is installed first and natokit is then built without build isolation, so building never
# downloads a backend of its own choosing.
BUILD_BACKEND := setuptools==80.9.0
# JupyterHub's proxy, for the hub load test (tests/test_hub_load.py), from the npm registry.
HUB_PROXY := configurable-http-proxy@5.3.0
# Mutation testing tool for `make mutation` (not needed by the two commands).
MUTMUT := mutmut==3.8.1

.PHONY: lab test benchmark install mutation clean slides book gallery links

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "$(BUILD_BACKEND)"
	$(BIN)/python -m pip install --quiet --no-build-isolation -e ".[test,book,hub]"
	@# JupyterHub's proxy for the hub load test, from the npm registry, into .venv (needs npm).
	@if command -v npm >/dev/null; then \
	  npm install --silent --prefix $(VENV)/hub-proxy --no-audit --no-fund "$(HUB_PROXY)"; \
	else \
	  echo "make install: npm not found, so $(HUB_PROXY) (hub load test) is not installed"; \
	fi
	touch $(STAMP)

# JupyterLab on localhost only, with its token, opened at the first notebook. JupyterLab refuses
# to run as root (containers, many cloud machines) unless told: only then is --allow-root added.
lab: $(STAMP)
	@allow_root=""; \
	if [ "$$(id -u)" = 0 ]; then \
	  allow_root="--allow-root"; \
	  echo "make lab: you are root, so JupyterLab runs with --allow-root (still only on 127.0.0.1, with its token)"; \
	fi; \
	exec $(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) $$allow_root $(LAB_OPTIONS) notebooks/00_start_here.ipynb

# Lint and format checks, unit tests and doctests, nbval on every notebook, browser tests.
test: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks notebooks gallery book
	$(BIN)/ruff format --check src tests scripts benchmarks notebooks gallery book
	$(BIN)/python -m pytest

# One reveal.js deck per notebook in build/slides/ (code hidden, figures redrawn at projector
# size, explorers as their current picture); reveal.js is copied beside them, so they work offline.
slides: $(STAMP)
	$(BIN)/python scripts/build_decks.py --out build/slides

# The static book in build/book/html/ (notebooks with their stored outputs, glossary, instructor
# guide and handout, Binder launch buttons); open build/book/html/index.html.
book: $(STAMP)
	$(BIN)/python scripts/build_book.py --out build/book

# Every explorer on one page without code (Voila), on 127.0.0.1 only; open the link it prints
# (add ?projector to the address for presentation sizes). The kit's template (gallery/share)
# keeps the page from loading anything from the web.
gallery: $(STAMP)
	JUPYTER_PATH="$(CURDIR)/gallery/share" $(BIN)/voila --no-browser --Voila.ip=127.0.0.1 \
	  --port=$(GALLERY_PORT) --theme=light --template=natokit gallery/explorers.ipynb

# Binder (and, with HUB=..., nbgitpuller) links per notebook, from [tool.natokit] in pyproject.toml.
links: $(STAMP)
	$(BIN)/python scripts/launch_links.py $(if $(HUB),--hub $(HUB))

benchmark: $(STAMP)
	$(BIN)/python benchmarks/bench_explorer.py

# Mutation testing of src/natokit with mutmut (settings in pyproject.toml, [tool.mutmut]): each
# mutant is run against the unit tests that cover it. Slow (tens of minutes); prints the score.
mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet "$(MUTMUT)"
	$(BIN)/python scripts/mutation_score.py --run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/screenshots mutants build
