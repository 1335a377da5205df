# Set-up and everyday commands. `make run` and `make test` are all a new machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: run test install install-dev setup lint serve clean

# Installs are stamped, so a second `make run` reuses the environment.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP_INSTALL) -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP_INSTALL) -e ".[dev]"
	touch $@

# Translations are compiled from the .po files of settings.LOCALE_PATHS by the install step.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po locale_django/*/LC_MESSAGES/*.po))

$(MO_FILES): %.mo: %.po $(VENV)/.installed
	$(BIN)/python manage.py compile_translations

install: $(VENV)/.installed $(MO_FILES)

install-dev: $(VENV)/.installed-dev $(MO_FILES)

setup: install
	mkdir -p var
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_hs
	$(BIN)/python manage.py load_import_rules
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_admin

# The development server with a task worker and the scheduler beside it; Ctrl-C stops all three.
run: setup
	@trap 'kill $$worker $$scheduler 2>/dev/null; wait' EXIT INT TERM; \
	$(BIN)/python manage.py run_worker & worker=$$!; \
	$(BIN)/python manage.py run_scheduler & scheduler=$$!; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-dev
	$(BIN)/python -m pytest

# Style, formatting, and models that migrations do not describe yet.
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var

# Production: gunicorn with WhiteNoise, DEBUG off. Needs SECRET_KEY and ALLOWED_HOSTS;
# SECURE_SSL_REDIRECT=0 to try it over plain HTTP on this machine.
WORKERS ?= 3
serve: install $(MO_FILES)
	DEBUG=0 $(BIN)/python manage.py collectstatic --no-input -v0
	DEBUG=0 $(BIN)/python manage.py migrate --no-input
	DEBUG=0 $(BIN)/python manage.py load_hs
	DEBUG=0 $(BIN)/python manage.py load_import_rules
	DEBUG=0 $(BIN)/gunicorn config.wsgi --workers $(WORKERS) --bind 127.0.0.1:$(PORT) --access-logfile -
