# The two commands of the README: `make demo` and `make test`.
# Both create .venv if it is missing, install what they need once, and are fast when set up.
# `make lab` installs only the notebook extra (JupyterLab, ipywidgets) and opens examples/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT := out
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: demo test docs lab bench browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: setup.cfg setup.py pyproject.toml negotiation/equilibria/_lexsearch.c | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[report]'
	touch $@

$(VENV)/.installed-dev: setup.cfg setup.py pyproject.toml negotiation/equilibria/_lexsearch.c | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/negotiation demo --output $(OUT)

test: $(VENV)/.installed-dev
	$(BIN)/ruff check negotiation tests benchmarks examples
	$(BIN)/python -m pytest

docs: $(VENV)/.installed-dev
	$(BIN)/python -m sphinx -W --keep-going -q -b html docs docs/_build/html
	@echo "documentation: docs/_build/html/index.html"

$(VENV)/.installed-lab: setup.cfg setup.py pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[notebook]'
	touch $@

lab: $(VENV)/.installed-lab
	$(BIN)/jupyter lab examples

# Debian's Chromium, for the explorer's browser test (tests/test_explorer_browser.py, skipped
# where there is none); .ci/run installs it.  Needs root (or sudo) and apt-get.
browser:
	command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -q && \
		$(SUDO) apt-get install -y -q --no-install-recommends chromium; }

bench: $(VENV)/.installed-dev
	$(BIN)/python -m pip install -q -e '.[bench]'
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info docs/_build
