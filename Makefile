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
# The course's Jupyter server settings (session cookies) for `make lab`: etc/jupyter.
export JUPYTER_CONFIG_PATH := $(CURDIR)/etc/jupyter
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: serve lab present citations test lint bench check clean lock

# Two installs into one .venv, both from the lock (constraints.txt: the exact versions the tests passed with):
# the course itself for serve / lab / present / check, and the test tools on top for test / bench.
# `make lock` rewrites the lock from a fresh resolve (then run `make test` before committing it).
$(VENV)/bin/python:
	@$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: pyproject.toml constraints.txt | $(VENV)/bin/python
	@echo "Setting up $(VENV) for the course (first run only; about two minutes)..."
	@$(BIN)/python -m pip install -q --upgrade pip >$(VENV)/pip.log 2>&1 || (cat $(VENV)/pip.log; exit 1)
	@$(BIN)/python -m pip install -q -c constraints.txt -e . >>$(VENV)/pip.log 2>&1 || (cat $(VENV)/pip.log; exit 1)
	@touch $@

$(VENV)/.installed: $(VENV)/.runtime
	@echo "Adding the test tools to $(VENV) (first run only)..."
	@$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]' >>$(VENV)/pip.log 2>&1 || (cat $(VENV)/pip.log; exit 1)
	@touch $@

lock:
	@rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv && .lock-venv/bin/python -m pip install -q --upgrade pip
	@.lock-venv/bin/python -m pip install -q -e '.[test]'
	@(echo "# The lock: the exact versions make installs (regenerate with make lock, then run make test)."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable) > constraints.txt
	@rm -rf .lock-venv
	@echo "constraints.txt written"

# Workshop mode: GROUP_SIZE=N make serve keeps N kernels preheated for the page a group opens together
# (GROUP_PAGE, default the landing page) and one for every other page (README: "Running a workshop").
GROUP_PAGE ?= index.ipynb
ifdef GROUP_SIZE
# A room arrives together: pools refill 1 s after a kernel is taken (voila.json waits 4 s, which keeps a lone
# visitor's page fast but makes the next arrival at the same page wait for the delayed refill).
WORKSHOP = --VoilaKernelManager.kernel_pools_config='{"default": {"pool_size": 1}, "$(GROUP_PAGE)": {"pool_size": $(GROUP_SIZE)}}' \
	--VoilaKernelManager.fill_delay=1
endif

serve: $(VENV)/.runtime
	@$(BIN)/python -m widgets.content check
	@echo ""
	@echo "  The course is at:  http://$(HOST):$(PORT)/voila/render/index.ipynb"
	@echo "  (Ctrl+C stops it.)"
	@echo ""
	@# Each visitor's kernel and websocket hold open files: raise this shell's soft limit (a Mac starts at
	@# 256) as far as the hard limit allows, then run Voila in it. Behind an HTTPS proxy on this machine
	@# (deploy/), PROXY=1 lets the proxy's LAN names through the Host check.
	@ulimit -n 8192 2>/dev/null || ulimit -n "$$(ulimit -Hn)" 2>/dev/null || true; \
	exec $(BIN)/voila notebooks/ --Voila.ip=$(HOST) --port=$(PORT) $(if $(PROXY),--CourseIdentityProvider.lan=True) $(WORKSHOP)

# JupyterLab refuses to start as root unless told; containers and Binder-like boxes often run as root.
# The snapshot and bytecode kernels load (as serve); a content problem does not stop JupyterLab, where an
# author fixes it (kernels then validate the content themselves: widgets/course.py).
lab: $(VENV)/.runtime
	@$(BIN)/python -m widgets.content check || echo "  (JupyterLab opens anyway: fix the content, then run make check)"
	@$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
		$$(test "$$(id -u)" = 0 && echo --allow-root) $(LAB_ARGS) notebooks/index.ipynb

present: $(VENV)/.runtime
	@$(BIN)/python -m widgets.content check
	@echo "  Facilitator view (slides): http://$(HOST):$(PORT)/voila/render/index.ipynb"
	@$(BIN)/voila notebooks/ --Voila.ip=$(HOST) --port=$(PORT) --VoilaConfiguration.template=course-slides

# Turn [ref:ID] keys in the notebooks into links to each page's Sources list (safe to run again).
citations: $(VENV)/.runtime
	@$(BIN)/python -m widgets.citations

check: $(VENV)/.runtime
	@$(BIN)/python -m widgets.content check

test: $(VENV)/.installed
	@$(BIN)/python -m widgets.content check
	@$(MAKE) --no-print-directory lint
	@$(BIN)/python -m pytest $(PYTEST_ARGS)

# Lint (ruff) and types (mypy), both pinned in pyproject.toml; part of `make test`.
lint: $(VENV)/.installed
	@$(BIN)/ruff check .
	@$(BIN)/mypy

bench: $(VENV)/.installed
	@$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
