# The two commands of the README: `make demo` and `make test`.
# Both create .venv if it is missing, install what they need once, and are fast when set up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT := out

.PHONY: demo test docs lab bench clean

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

lab: $(VENV)/.installed-dev
	$(BIN)/python -m pip install -q -e '.[notebook]'
	$(BIN)/jupyter lab examples

bench: $(VENV)/.installed-dev
	$(BIN)/python -m pip install -q -e '.[bench]'
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info docs/_build
