# The kit's two commands:  make lab  (open the kit)  and  make test  (run every test).
# Both create a local virtual environment in .venv on first use; nothing is installed globally.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.natokit-installed
PORT ?= 8888

.PHONY: lab test benchmark install clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# JupyterLab on localhost only, with its token, opened at the first notebook.
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) notebooks/00_start_here.ipynb

# Lint and format checks, unit tests and doctests, nbval on every notebook, browser tests.
test: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks notebooks
	$(BIN)/ruff format --check src tests scripts benchmarks notebooks
	$(BIN)/python -m pytest

benchmark: $(STAMP)
	$(BIN)/python benchmarks/bench_explorer.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/screenshots
