# The two commands: `make serve` (preview with live reload) and `make test` (the whole suite).
# Both create .venv and install the pinned requirements the first time.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
SITE   := site
export NO_MKDOCS_2_WARNING := 1

.PHONY: help setup serve build check test linkcheck-external clean

help:
	@echo "make serve   preview the site at http://127.0.0.1:8000/ with live reload"
	@echo "make test    build strictly and run every test, browser tests included"
	@echo "make check   build, link check, content lints and the fast tests (no browser)"
	@echo "make build   strict build into site/"

$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)

serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: setup
	$(BIN)/mkdocs build --strict -d $(SITE)

check: build
	$(BIN)/python -m tests.checks.linkcheck $(SITE)
	$(BIN)/python -m pytest -q -m "not browser" -n 2

test: setup
	$(BIN)/python -m pytest -q -n 2

linkcheck-external: build
	$(BIN)/python -m tests.checks.external $(SITE)

clean:
	rm -rf $(SITE) .pytest_cache
