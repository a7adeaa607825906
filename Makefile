# The two commands: `make serve` (preview with live reload) and `make test` (the whole suite).
# Both create .venv and install the pinned requirements, checked against their hashes, the first time.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes
STAMP  := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
# The build folder. MkDocs empties it first, so scripts/site_dir.py vets it before any target uses it.
SITE   := site
export SITE
export NO_MKDOCS_2_WARNING := 1

# What an editor typed after PAGE=, TITLE=, ID= or TERM= on the command line, untouched by make and the
# shell ($, quotes and backslashes stay as typed; the terminal's own TERM is not a glossary term).
typed = $(if $(filter command line,$(origin $1)),$(value $1))

.PHONY: help setup serve build site-dir check linkcheck lint addresses test linkcheck-external new-page new-term stale bench bench-pages lock clean

help:
	@echo "make serve   preview the site at http://127.0.0.1:8000/ with live reload"
	@echo "make test    build strictly and run every test, browser tests included"
	@echo "make check   build, link check, content lints and the fast tests (no browser)"
	@echo "make build   strict build into site/ (SITE=folder for another; never a project folder)"
	@echo "make lint    every check of the sources (data, front matter, content rules, style, spelling)"
	@echo "make addresses  add the addresses the site publishes now to addresses.txt (commit it)"
	@echo "make new-page PAGE=evaluations/my-topic TITLE='How do you ...?'"
	@echo "make new-term ID=my-term TERM='my term'"
	@echo "make stale   pages not reviewed in 18 months, and translations to write or bring up to date"
	@echo "make clean   remove the built site and the test cache"
	@echo "make lock    re-pin requirements*.txt with hashes after editing requirements*.in"
	@echo "make bench-pages  page weight and Lighthouse scores per page type (installs Lighthouse into .cache/)"
	@echo "make bench   time build and link check at 100-2000 pages (BENCH_ARGS='--sizes 100 --runs 1' for a quick run)"

$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	@rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)

serve: setup
	IEP_PREVIEW=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

site-dir:
	@$(PYTHON) -m scripts.site_dir build "$$SITE"

build: site-dir setup
	$(BIN)/mkdocs build --strict -d "$$SITE"

linkcheck: build
	$(BIN)/python -m checks.linkcheck "$$SITE"

# The build runs every check of the sources first (the same checker as make lint). The link check of the
# built site runs once, as one of the tests (tests/test_site.py: the same check as make linkcheck), on one
# worker while the other runs other tests.
check: build
	BUILT_SITE="$$SITE" HYPOTHESIS_PROFILE=check $(BIN)/python -m pytest -q -n 2 -m "not browser and not rebuild"

lint: setup
	$(BIN)/python -m checks

# Add the addresses the site publishes now (pages, embed views, cards, oEmbed files) to addresses.txt; it
# never drops one. Commit the file: `make lint` then fails if a listed address disappears without a redirect.
addresses: setup
	$(BIN)/python -m macros.outputs.addresses

new-page: export NEW_PAGE = $(call typed,PAGE)
new-page: export NEW_TITLE = $(call typed,TITLE)
new-page: setup
	$(BIN)/python -m scripts.new page "$$NEW_PAGE" "$$NEW_TITLE"

new-term: export NEW_ID = $(call typed,ID)
new-term: export NEW_TERM = $(call typed,TERM)
new-term: setup
	$(BIN)/python -m scripts.new term "$$NEW_ID" "$$NEW_TERM"

stale: setup
	$(BIN)/python -m scripts.stale_pages

# One strict build for the whole suite: the tests (on both workers) read the site just built and checked.
test: linkcheck
	BUILT_SITE="$$SITE" $(BIN)/python -m pytest -q -n 2

linkcheck-external: build
	$(BIN)/python -m checks.external "$$SITE"

# Page weight with gzip and Lighthouse 12.2.3 (mobile) per page type; figures in docs/benchmarks.md.
bench-pages: build
	$(BIN)/python -m bench.pages "$$SITE" $(BENCH_PAGES_ARGS)

BENCH_STAMP := $(VENV)/.bench-$(shell cksum requirements-bench.txt | cut -d' ' -f1)
$(BENCH_STAMP): requirements-bench.txt $(STAMP)
	$(PIP) -r requirements-bench.txt
	@rm -f $(VENV)/.bench-* && touch $@

bench: $(BENCH_STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Re-pin after editing requirements.in or requirements-bench.in: each release with the hashes of all its
# files on the package index, so `make setup` installs exactly those files (pip --require-hashes).
PIP_TOOLS := .cache/pip-tools
COMPILE   := $(PIP_TOOLS)/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock:
	@test -x $(PIP_TOOLS)/bin/pip-compile || { $(PYTHON) -m venv $(PIP_TOOLS) && $(PIP_TOOLS)/bin/python -m pip install -q pip-tools==7.6.2; }
	$(COMPILE) -o requirements.txt requirements.in
	$(COMPILE) -o requirements-bench.txt requirements-bench.in

clean:
	@$(PYTHON) -m scripts.site_dir clean "$$SITE"
