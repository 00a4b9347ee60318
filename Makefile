# Two commands from a fresh clone (needs only python3 >= 3.11 and make):
#   make demo   - venv, install, run journalkit on example-vault/
#   make test   - venv with test extras, run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The demo's index stays inside .venv so a demo never touches ~/.cache.
DEMO   := $(BIN)/journalkit --vault example-vault --today 2026-12-04
export JOURNALKIT_INDEX_DIR := $(abspath $(VENV))/demo-index

.PHONY: demo test clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "journalkit needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	@echo '$$ journalkit index        (example-vault/, today fixed at 2026-12-04)'
	@$(DEMO) index
	@echo; echo '$$ journalkit followups'
	@$(DEMO) followups
	@echo; echo '$$ journalkit search pricing'
	@$(DEMO) search pricing --limit 3
	@echo; echo '$$ journalkit check      (one broken file, on purpose)'
	@$(DEMO) check || true

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
