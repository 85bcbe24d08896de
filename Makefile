# Faxe Directory: `make run` serves the demo on SQLite, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run worker test lint format check messages screenshots clean-db serve-prod loadtest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

# The development server and, in the background beside it, the worker that runs background jobs (the admin's
# organisation import); the worker stops when runserver stops (Ctrl+C).
run: $(VENV)/.runtime-installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py import_kle --if-empty
	@echo ""
	@echo "Faxe Directory: http://$(HOST):$(PORT)/  (logins: admin / leder / medarbejder, password: demo)"
	@$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The background worker alone, in the foreground: runs queued jobs from the database until stopped. Production
# runs it as its own service beside gunicorn (docs/deploy.md, "Background worker").
worker: $(VENV)/.runtime-installed
	$(BIN)/python manage.py db_worker

# Includes the browser tests (tests/browser: Playwright + Debian's chromium, never `playwright install`);
# without chromium they fail with "Chromium is missing: apt-get install -y chromium". One pytest-xdist
# worker per core (each with its own test database, live server and chromium); PYTEST_WORKERS=0 runs
# everything in one process.
PYTEST_WORKERS ?= auto
test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(VENV)/.dev-installed
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# PNGs of a fresh demo for the README (docs/screenshots/), desktop and phone.
screenshots: $(VENV)/.dev-installed
	$(BIN)/python demo/scripts/screenshots.py

# Refresh the Danish translation catalogue after changing UI strings (needs GNU gettext).
messages: $(VENV)/.dev-installed
	$(BIN)/python manage.py makemessages -l da --add-location=file --ignore=.venv --ignore=static --ignore=staticfiles
	$(BIN)/python manage.py compilemessages -l da --ignore=.venv

# The production server (docs/deploy.md): gunicorn with whitenoise's compressed, hashed static files,
# JSON logs on stdout, the PostgreSQL database in DATABASE_URL, and the background worker beside it. Needs SECRET_KEY, ALLOWED_HOSTS and
# DATABASE_URL; it expects nginx in front for HTTPS (a local trial without it: see docs/deploy.md).
serve-prod: $(VENV)/.runtime-installed
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "serve-prod: set DATABASE_URL=postgres://... (docs/deploy.md)"; exit 1;; esac
	DEBUG=0 $(BIN)/python manage.py collectstatic --noinput -v0
	DEBUG=0 $(BIN)/python manage.py migrate --noinput
	@DEBUG=0 $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	DEBUG=0 $(BIN)/gunicorn -c faxe_directory/gunicorn.conf.py faxe_directory.wsgi

# Load test (docs/performance.md): 50,000 people in the PostgreSQL database faxe_load (made once),
# the production server with 2 workers on 127.0.0.1, driven by wrk (apt-get install -y wrk).
loadtest: $(VENV)/.runtime-installed
	$(BIN)/python demo/scripts/loadtest.py
