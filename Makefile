# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_ENV := DEBUG=1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv run demo test test-postgres lint bench messages clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_demo

# The background worker (large imports and exports, bulk printing) runs beside the web server;
# every five minutes the jobs whose worker died are marked failed, expired exports deleted and
# the statistics that writes made outdated computed ahead of the next report.
run: demo
	@echo "Serving http://$(HOST):$(PORT)/ with a background worker (Ctrl+C stops both)"
	$(DEV_ENV) $(BIN)/python manage.py db_worker & worker=$$!; \
	while sleep 300; do $(DEV_ENV) $(BIN)/python manage.py fail_stale_jobs; \
	  $(DEV_ENV) $(BIN)/python manage.py expire_exports; \
	  $(DEV_ENV) $(BIN)/python manage.py rebuild_statistics --outdated; done & sweep=$$!; \
	trap 'kill $$worker $$sweep 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

bench: $(STAMP)
	$(BIN)/python -m pytest tests/benchmarks -p no:randomly -s $(PYTEST_ARGS)

# Needs GNU gettext; the compiled catalogues are committed so that nobody else does.
# Each app keeps its own catalogue; locale/ holds the project's templates and config.
# -P: an app's own selectors package must not hide Python's selectors module.
APPS := organizations enforcement emulation commendations
messages: $(STAMP)
	for app in $(APPS); do \
	  (cd $$app && DEBUG=1 PYTHONPATH=.. DJANGO_SETTINGS_MODULE=config.settings ../$(BIN)/python -P -c "import django; django.setup(); \
	  from django.conf import settings; settings.LOCALE_PATHS = []; \
	  from django.core.management import call_command; \
	  call_command('makemessages', locale=['vi'], no_obsolete=True)") || exit 1; \
	done
	$(DEV_ENV) $(BIN)/python manage.py makemessages --locale vi --no-obsolete \
	  $(foreach dir,$(APPS) .venv tests staticfiles locale_vendor,--ignore '$(dir)/*')
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --locale vi --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles
