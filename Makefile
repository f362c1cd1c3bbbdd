# The two commands of the README: `make dashboard` and `make test` do every set-up step.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: test dashboard install browser office lint bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

browser:
	@sh scripts/ensure-chromium.sh

office:
	@sh scripts/ensure-office.sh

test: $(STAMP) browser office
	$(PY) -m ruff check .
	$(PY) -m pytest

dashboard: $(STAMP)
	$(VENV)/bin/simlib dashboard

lint: $(STAMP)
	$(PY) -m ruff check .

bench: $(STAMP)
	$(PY) benchmarks/ensemble.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
