# The course's commands. Each target creates .venv on first use, so a fresh clone needs only `make serve`
# or `make test`. Configuration lives in files (voila.json, share/jupyter/voila/templates/course), not here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
PORT ?= 8866
# Loopback only. A workshop on a LAN opts in with HOST=0.0.0.0 (see README: who can reach it then).
HOST ?= 127.0.0.1
# The course template lives in the repo; Jupyter finds it through JUPYTER_PATH.
export JUPYTER_PATH := $(CURDIR)/share/jupyter
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: serve lab present citations test bench check clean

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Setting up $(VENV) (first run only; about a minute)..."
	@$(BIN)/python -m pip install -q --upgrade pip >$(VENV)/pip.log 2>&1 || (cat $(VENV)/pip.log; exit 1)
	@$(BIN)/python -m pip install -q -e '.[test]' >>$(VENV)/pip.log 2>&1 || (cat $(VENV)/pip.log; exit 1)
	@touch $@

# axe-core for the accessibility tests, from the npm registry at the version package-lock.json pins.
node_modules/.installed: package.json package-lock.json
	@npm ci --silent --no-audit --no-fund
	@touch $@

serve: $(VENV)/.installed
	@$(BIN)/python -m widgets.content check
	@echo ""
	@echo "  The course is at:  http://$(HOST):$(PORT)/voila/render/index.ipynb"
	@echo "  (Ctrl+C stops it.)"
	@echo ""
	@$(BIN)/voila notebooks/ --Voila.ip=$(HOST) --port=$(PORT)

# JupyterLab refuses to start as root unless told; containers and Binder-like boxes often run as root.
lab: $(VENV)/.installed
	@$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
		$$(test "$$(id -u)" = 0 && echo --allow-root) $(LAB_ARGS) notebooks/index.ipynb

present: $(VENV)/.installed
	@echo "  Facilitator view (slides): http://$(HOST):$(PORT)/voila/render/index.ipynb"
	@$(BIN)/voila notebooks/ --Voila.ip=$(HOST) --port=$(PORT) --VoilaConfiguration.template=course-slides

# Turn [ref:ID] keys in the notebooks into links to each page's Sources list (safe to run again).
citations: $(VENV)/.installed
	@$(BIN)/python -m widgets.citations

check: $(VENV)/.installed
	@$(BIN)/python -m widgets.content check

test: $(VENV)/.installed node_modules/.installed
	@$(BIN)/python -m widgets.content check
	@$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed
	@$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
