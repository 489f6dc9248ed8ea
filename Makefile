# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= portal.settings.local

.PHONY: run test lint bench setup demo clean-db

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_admin_units --list both
	$(PY) manage.py load_demo_data
	$(PY) manage.py compilemessages --ignore=.venv -v 0

# One Celery worker with beat runs next to runserver on the embedded
# filesystem broker (portal/settings/local.py), and stops with it.
run: demo
	@echo "Portal: http://127.0.0.1:$(PORT)/  (Ctrl+C to stop)"
	@mkdir -p var/celery
	@export PORTAL_EMBEDDED_WORKER=1; \
	$(VENV)/bin/celery -A portal worker -B --pool=solo --loglevel=INFO \
	  --logfile=var/celery/worker.log & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: setup
	scripts/ensure-system-packages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py compilemessages --ignore=.venv -v 0
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) -m benchmarks

clean-db:
	rm -f var/portal.sqlite3
