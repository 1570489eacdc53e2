# The README's commands.  Each target bootstraps what it needs on a bare machine:
# Debian's Macaulay2 (when M2 is missing) and the virtual environment .venv.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.lcnalg-installed
SAGE_STAMP := $(VENV)/.lcnalg-sage-installed
DOCS_STAMP := $(VENV)/.lcnalg-docs-installed
JOBS ?= 2

.PHONY: all test test-all test-slow test-huge test-sage docs tables bench m2 venv clean-venv

all: test

m2:
	@if ! command -v M2 >/dev/null 2>&1 && [ -z "$$LCNALG_M2" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Macaulay2 missing: installing Debian's macaulay2"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends macaulay2 >/dev/null; \
	  else \
	    echo "Macaulay2 (M2) is missing: run 'sudo apt-get install --no-install-recommends macaulay2' or set LCNALG_M2"; exit 1; \
	  fi; \
	fi

$(STAMP): setup.cfg pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	@touch $(STAMP)

venv: m2 $(STAMP)

test: venv
	$(PY) -m pytest -q -m "not slow and not sage_session and not docs"

test-all: venv
	$(PY) -m pytest -q -m "not sage_session and not huge and not docs" --durations=15

test-slow: venv
	$(PY) -m pytest -q -m "slow and not huge and not sage_session" --durations=15

test-huge: venv
	$(PY) -m pytest -q -m huge

$(SAGE_STAMP): $(STAMP)
	$(PY) -m pip install -q -e ".[test,sage]"
	@touch $(SAGE_STAMP)

test-sage: venv $(SAGE_STAMP)
	$(PY) -m pytest -q -m sage_session

# The documentation site (docs/_build/html): Sphinx with the [docs] extra, no Macaulay2 needed
# (so no `m2` prerequisite) and no notebook executed.  -E reads every page again, so -W sees
# every warning; then the tests of the built site (tests/test_docs.py, marker `docs`).
$(DOCS_STAMP): $(STAMP)
	$(PY) -m pip install -q -e ".[test,docs]"
	@touch $(DOCS_STAMP)

docs: $(DOCS_STAMP)
	$(VENV)/bin/sphinx-build -E -W --keep-going -q -b html -d docs/_build/doctrees docs docs/_build/html
	LCNALG_DOCS_BUILT=1 $(PY) -m pytest -q -m docs tests/test_docs.py

tables: venv
	$(VENV)/bin/lcnalg tables --jobs $(JOBS)

bench: venv
	$(PY) benchmarks/run.py
	$(PY) benchmarks/three_phase.py --quick
	$(PY) benchmarks/pivot_chart.py --quick
	$(PY) benchmarks/product.py --quick
	$(PY) benchmarks/chart_certificate.py --quick
	$(PY) benchmarks/completion_kernels.py --quick
	$(PY) benchmarks/certificate_cuts.py --quick
	$(PY) benchmarks/critical.py --quick
	$(PY) benchmarks/real_critical.py --quick

clean-venv:
	rm -rf $(VENV)
