# collective.locking -- development Makefile (GNU make).
#
#   make start    install, write the instance config, create the demo site
#                 and serve it (foreground, Ctrl-C stops it)
#   make start-volto  build Volto with the add-on's Volto add-on and serve it
#                 on 127.0.0.1:3000 against the site of make start
#   make test     run the test suite (make test TESTS="-k fragment"), then the
#                 Volto add-on's Jest and Playwright tests
#   make help     everything else
#
# Every variable below can be set on the command line (make start PORT=8091)
# or in the environment (PORT=8091 make start).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules --no-builtin-variables

PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8080
SITE_ID ?= Plone
ADMIN_USER ?= admin
ADMIN_PASSWORD ?= admin
# Extra arguments for pytest (make test) and tox (make tox).
TESTS ?=
# Extra arguments for benchmarks.bench (make bench).
BENCH ?=
# 1: create/reuse the site without installing collective.locking's profile.
SKIP_ADDON ?= 0
# make start-cluster: zeo or postgres; the instances' ports; ZEO's or
# PostgreSQL's port (default 8100 for ZEO, 5433 for PostgreSQL).
DB ?= zeo
PORT1 ?= 8081
PORT2 ?= 8082
DB_PORT ?=

# make start-volto: Volto's port (the backend is HOST:PORT/SITE_ID).
VOLTO_PORT ?= 3000
# make test: 0 skips the Volto add-on's tests (make test VOLTO=0).
VOLTO ?= 1

VENV ?= .venv
BUILDOUT_VENV ?= .venv-buildout
CONSTRAINTS := constraints.txt
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
INSTALL_STAMP := $(VENV)/.install.stamp
URL := http://$(HOST):$(PORT)

# Read by scripts/create_site.py.
export SITE_ID ADMIN_USER ADMIN_PASSWORD SKIP_ADDON

.PHONY: help install system-deps instance site check-start start start-cluster soak bench rebuild-index test docs docs-examples lint tox buildout clean \
	volto-install volto-build start-volto test-volto bench-volto release-check

help: ## Show this help
	@echo "Targets:"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo
	@echo "Variables (current value; set them as 'make start PORT=8091' or in the environment):"
	@echo "  PYTHON=$(PYTHON) HOST=$(HOST) PORT=$(PORT) SITE_ID=$(SITE_ID)"
	@echo "  ADMIN_USER=$(ADMIN_USER) ADMIN_PASSWORD=$(ADMIN_PASSWORD) SKIP_ADDON=$(SKIP_ADDON)"
	@echo "  TESTS='$(TESTS)'  e.g. make test TESTS=\"-k steal -x\""

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the packaging metadata or the pins change.
$(INSTALL_STAMP): $(BIN)/python setup.py $(CONSTRAINTS) $(wildcard pyproject.toml)
	$(PIP) install -U -c $(CONSTRAINTS) pip setuptools wheel
	$(PIP) install -c $(CONSTRAINTS) --no-build-isolation -e ".[test,docs]" Plone plone.volto
	touch $@

install: $(INSTALL_STAMP) ## Create .venv and install the add-on, Plone and the test tools (pinned)

system-deps: ## Install the Debian packages the tests need (chromium, chromium-driver, wrk, postgresql)
	bash scripts/system-deps.sh

instance: install ## Write etc/zope.conf, etc/zope.ini, etc/site.zcml from cookiecutter-zope-instance (HOST, PORT)
	$(BIN)/python scripts/instance.py --host "$(HOST)" --port "$(PORT)"

site: install instance ## Create the Plone site SITE_ID with demo content, or reuse it
	$(BIN)/zconsole run etc/zope.conf scripts/create_site.py

check-start:
	@$(PYTHON) scripts/check_free.py --host "$(HOST)" --port "$(PORT)"

start: check-start install instance site ## Serve the site on http://HOST:PORT (foreground)
	@echo
	@echo "  Plone site: $(URL)/$(SITE_ID)"
	@echo "  REST API:   $(URL)/$(SITE_ID)/++api++"
	@echo "  Zope root:  $(URL)/manage"
	@echo "  Login:      $(ADMIN_USER) / $(ADMIN_PASSWORD)"
	@echo "  Stop with Ctrl-C."
	@echo
	exec $(BIN)/runwsgi etc/zope.ini

start-cluster: install $(if $(filter postgres,$(DB)),system-deps) ## A database server (DB=zeo or postgres) and two instances on PORT1, PORT2 (foreground)
	$(BIN)/python -m scripts.cluster start --db "$(DB)" --host "$(HOST)" \
		--ports "$(PORT1),$(PORT2)" $(if $(DB_PORT),--db-port "$(DB_PORT)")

soak: install ## Soak test: 8 editors on a ZEO cluster, one instance killed (SOAK_SECONDS=600)
	$(BIN)/python -m scripts.soak $(if $(SOAK_SECONDS),--seconds "$(SOAK_SECONDS)")

bench: install system-deps ## Benchmark against stock plone.restapi, then Volto's editor with and without the add-on (VOLTO=0 skips it)
	$(BIN)/python -m benchmarks.bench $(BENCH)
	@if [ "$(VOLTO)" = 1 ]; then $(MAKE) --no-print-directory bench-volto; fi

bench-volto: install system-deps volto-build ## Volto's editor with the add-on against the same Volto without it (two builds)
	cd $(FRONTEND) && rm -rf .bench/stock && mkdir -p .bench/stock \
		&& mv build .bench/stock/build.addon && VOLTO_STOCK=1 npm run build \
		&& mv build .bench/stock/build && mv .bench/stock/build.addon build \
		&& cp package.json .bench/stock/  # Volto's server reads it at start
	node benchmarks/volto_editor.js $(if $(RUNS),--runs $(RUNS))

rebuild-index: install instance ## Build the site's lock index anew from its items (stop the site first)
	$(BIN)/zconsole run etc/zope.conf scripts/rebuild_index.py

test: install system-deps ## Build the docs, run the tests with pytest (TESTS="..."), then the Volto add-on's (VOLTO=0 skips them)
	$(MAKE) --no-print-directory docs
	@rc=0; $(BIN)/pytest $(TESTS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests (exit code 5)" >&2; fi; \
	exit $$rc
	@if [ "$(VOLTO)" = 1 ]; then $(MAKE) --no-print-directory test-volto; fi

# --- The Volto add-on (frontend/) -------------------------------------------

FRONTEND := frontend
VOLTO_ADDON := $(FRONTEND)/packages/volto-collective-locking
VOLTO_INSTALL_STAMP := $(FRONTEND)/node_modules/.install.stamp
VOLTO_BUILD_STAMP := $(FRONTEND)/build/.build.stamp
VOLTO_SOURCES := $(shell find $(VOLTO_ADDON)/src $(VOLTO_ADDON)/locales $(FRONTEND)/src $(FRONTEND)/theme -type f 2>/dev/null)

$(VOLTO_INSTALL_STAMP): $(FRONTEND)/package.json $(FRONTEND)/package-lock.json $(VOLTO_ADDON)/package.json
	bash scripts/check-node.sh
	cd $(FRONTEND) && npm ci --no-audit --no-fund
	touch $@

volto-install: $(VOLTO_INSTALL_STAMP) ## Install the Volto project (npm ci: Volto 18.33.0, pinned by package-lock.json)

$(VOLTO_BUILD_STAMP): $(VOLTO_INSTALL_STAMP) $(VOLTO_SOURCES)
	cd $(FRONTEND) && npm run --silent i18n > /dev/null && rm -rf build && npm run build
	touch $@

volto-build: $(VOLTO_BUILD_STAMP) ## Production build of Volto with the add-on (frontend/build)

start-volto: volto-build ## Serve Volto on 127.0.0.1:VOLTO_PORT against HOST:PORT/SITE_ID (starts make start too if it is not running)
	bash scripts/start-volto.sh "$(HOST)" "$(PORT)" "$(SITE_ID)" "$(VOLTO_PORT)"

test-volto: install system-deps volto-build ## The Volto add-on's Jest tests, then Playwright against the production build
	cd $(FRONTEND) && CI=true npm test -- --watchAll=false
	cd $(FRONTEND) && npx playwright test

docs: install ## Build the HTML docs into docs/_build/html (warnings are errors)
	$(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html
	@echo "Docs: docs/_build/html/index.html"

docs-examples: install ## Write docs/http-examples/ anew from what the test server answers
	UPDATE_HTTP_EXAMPLES=1 $(BIN)/pytest -q src/collective/locking/tests/test_docs_examples.py -k current

LINTED := src scripts benchmarks examples docs/conf.py setup.py

lint: install ## Check style with ruff (pinned; settings in .ruff.toml)
	$(PIP) install -q -c $(CONSTRAINTS) ruff
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

tox: install ## Install tox (pinned) into .venv and run 'tox -e test'
	$(PIP) install -c $(CONSTRAINTS) tox
	$(BIN)/tox -e test $(if $(TESTS),-- $(TESTS))

versions.cfg: $(CONSTRAINTS) scripts/constraints2versions.py
	$(PYTHON) scripts/constraints2versions.py $(CONSTRAINTS) $@
	@touch $@

$(BUILDOUT_VENV)/bin/buildout: $(CONSTRAINTS)
	$(PYTHON) -m venv $(BUILDOUT_VENV)
	$(BUILDOUT_VENV)/bin/python -m pip install -U -c $(CONSTRAINTS) pip setuptools wheel
	$(BUILDOUT_VENV)/bin/python -m pip install -c $(CONSTRAINTS) zc.buildout
	touch $@

buildout: $(BUILDOUT_VENV)/bin/buildout versions.cfg ## Run buildout: bin/instance, bin/test, bin/pytest (HOST, PORT)
	$(BUILDOUT_VENV)/bin/buildout -c buildout.cfg "buildout:http-address=$(HOST):$(PORT)"

clean: ## Remove etc/, var/, the venvs, tox, buildout and build artifacts
	$(PYTHON) -m scripts.cluster clean
	rm -rf etc var $(VENV) $(BUILDOUT_VENV) .tox build dist .eggs *.egg-info src/*.egg-info \
		.pytest_cache bin parts develop-eggs eggs .installed.cfg .mr.developer.cfg versions.cfg \
		docs/_build $(FRONTEND)/node_modules $(FRONTEND)/build $(FRONTEND)/.e2e \
		$(FRONTEND)/test-results $(FRONTEND)/locales/*.json $(FRONTEND)/.bench
	find src scripts -name __pycache__ -type d -prune -exec rm -rf {} +

release-check: install ## Check that a release is one command away: check-manifest, build sdist and wheel into dist/, twine check, the draft changelog
	$(BIN)/python -m check_manifest
	rm -rf dist
	$(BIN)/python -m build --sdist --wheel --outdir dist/
	$(BIN)/python -m twine check --strict dist/*
	$(BIN)/python -m towncrier build --draft --version 1.0.0a1
