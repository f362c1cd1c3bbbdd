# The two commands of the README: `make dashboard` and `make test` do every set-up step.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: test dashboard install browser office lint bench clean lab kernel

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

# Analysts: the "simlib" kernel registered for this user (a system-wide JupyterLab finds it), then
# JupyterLab on notebooks/ from .venv with the settings in jupyter/ (no news prompt, no update
# check, no extension search: nothing leaves the machine). Neither needs the network. Notebooks
# run in notebooks/, so SIMLIB_SCENARIOS points them at the checkout's user folder, scenarios/.
kernel: $(STAMP)
	$(PY) -m ipykernel install --user --name simlib --display-name "Python (simlib)"

lab: kernel
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  SIMLIB_SCENARIOS="$${SIMLIB_SCENARIOS:-$(CURDIR)/scenarios}" \
	  $(VENV)/bin/jupyter lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1 \
	  --LabApp.extension_manager=readonly

lint: $(STAMP)
	$(PY) -m ruff check .

bench: $(STAMP)
	$(PY) benchmarks/ensemble.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
