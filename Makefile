# Two commands do everything on a fresh machine with only Python 3.10+ and make:
#   make run    creates .venv, installs, migrates SQLite, loads the demo cohort, serves on :8000
#   make test   runs the whole suite (SQLite, or PostgreSQL when DATABASE_URL is set)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: run test coverage e2e checkers lint audit bench bench-smoke messages clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(BIN)/activate

run: $(BIN)/activate
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py createcachetable
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(BIN)/activate checkers
	$(BIN)/pytest $(PYTEST_ARGS)

# The suite under coverage.py: its report lists the least-covered modules and ends with the total.
coverage: $(BIN)/activate checkers
	$(BIN)/coverage run -m pytest $(PYTEST_ARGS)
	$(BIN)/coverage report | tail -25

e2e: $(BIN)/activate checkers
	$(BIN)/pytest -m e2e $(PYTEST_ARGS)

# axe-core and the Nu HTML Checker, for the accessibility and HTML tests; without npm those tests are skipped.
checkers:
	@if command -v npm >/dev/null && [ ! package-lock.json -ot node_modules/.package-lock.json ]; then \
		npm ci --no-audit --no-fund --silent; fi

# mypy checks the apps pyproject.toml lists; its own cache, since a cache a whole-tree `mypy .` left behind makes it
# report the errors of the apps not listed yet.
lint: $(BIN)/activate
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/mypy --cache-dir .mypy_cache/lint

# Fails on a known vulnerability in a pinned package. AUDIT_ARGS=--strict also fails on packages the
# vulnerability service cannot answer for (see docs/deployment.md: some mirrors serve no per-version data).
audit: $(BIN)/activate
	$(BIN)/pip-audit --progress-spinner off -r requirements.txt -r requirements-dev.txt $(AUDIT_ARGS)

# PostgreSQL on 127.0.0.1 (or BENCH_DATABASE_URL) and wrk; see docs/performance.md. bench/roster_import.py also
# runs alone, on SQLite; the national table already holds its figures. bench/roster_files.py reads hostile roster
# files on SQLite and fails if one takes more than 10 s or 300 MB (docs/security.md).
bench: $(BIN)/activate
	$(BIN)/python bench/national.py
	$(BIN)/python bench/schedule.py
	$(BIN)/python bench/roster_files.py

# The benchmark's pages on the demo database alone (inovasi_bench_demo, or BENCH_DATABASE_URL + _demo): a few requests
# each in-process and one through gunicorn; fails on any answer but 200. No wrk; under a minute once the demo is built.
bench-smoke: $(BIN)/activate
	$(BIN)/python bench/national.py --smoke

# Needs GNU gettext (msgfmt); the compiled .mo files are committed so a fresh machine needs none.
messages: $(BIN)/activate
	$(BIN)/python manage.py makemessages --locale id --ignore '$(VENV)/*'
	$(BIN)/python manage.py compilemessages --locale id --ignore '$(VENV)/*'

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 node_modules
