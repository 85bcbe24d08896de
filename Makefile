# Faxe Directory: `make run` serves the demo on SQLite, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format check messages screenshots clean-db

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

run: $(VENV)/.runtime-installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	@echo ""
	@echo "Faxe Directory: http://$(HOST):$(PORT)/  (logins: admin / leder / medarbejder, password: demo)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Includes the browser tests (tests/browser: Playwright + Debian's chromium, never `playwright install`);
# without chromium they fail with "Chromium is missing: apt-get install -y chromium".
test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(VENV)/.dev-installed
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# PNGs of a fresh demo for the README (docs/screenshots/), desktop and phone.
screenshots: $(VENV)/.dev-installed
	$(BIN)/python scripts/screenshots.py

# Refresh the Danish translation catalogue after changing UI strings (needs GNU gettext).
messages: $(VENV)/.dev-installed
	$(BIN)/python manage.py makemessages -l da --add-location=file --ignore=.venv --ignore=static --ignore=staticfiles
	$(BIN)/python manage.py compilemessages -l da --ignore=.venv
