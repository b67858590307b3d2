# Topicdesk's two commands:
#   make run   set everything up, load the demo, serve http://127.0.0.1:8000
#   make test  lint, check and run the whole test suite
# Both find a Python 3.12+ interpreter by themselves (PATH first, then pyenv);
# set PYTHON=/path/to/python3.12 to choose one.

VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYENV_ROOT ?= $(HOME)/.pyenv
TEST_WORKERS ?= auto
SERVER_TESTS := e2e or fuzz or load or topology
SKIP_SERVER_TESTS ?=
VERBOSE ?=

PYTHON_CANDIDATES := $(PYTHON) python3.14 python3.13 python3.12 python3 \
	$(sort $(wildcard $(PYENV_ROOT)/versions/3.1[2-9]*/bin/python3))

.PHONY: run test test-topology install lint format demo worker scheduler bench clean

# Links in notification emails point at the server `make run` starts, unless set.
run demo: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)

# `make run` shows what was set up, the URLs and the demo users, then the request log;
# the worker's and scheduler's routine lines go to var/log/ (failures still print).
# VERBOSE=1 prints everything.
QUIET_LOGS = $(if $(VERBOSE),,LOG_LEVEL=WARNING)
run: install
	@echo "Setting up the database (var/topicdesk.sqlite3) and the demo content"
	@$(MANAGE) migrate --noinput $(if $(VERBOSE),,--verbosity 0)
	@$(QUIET_LOGS) $(MANAGE) load_demo
	@mkdir -p var/log
	@echo ""
	@echo "Topicdesk is at http://$(HOST):$(PORT)/ and its admin at http://$(HOST):$(PORT)/admin/"
	@echo "API docs: http://$(HOST):$(PORT)/api/v1/docs/   Emails: var/mail/   Logs: var/log/"
	@echo ""
	@# The task worker (search index, reference index, background jobs) and the scheduler
	@# (go-live and expiry times, daily re-review) run beside the server and stop with it.
	@$(if $(VERBOSE),,LOG_FILE=var/log/worker.log) $(MANAGE) db_worker --no-reload & worker=$$!; \
		$(if $(VERBOSE),,LOG_FILE=var/log/scheduler.log) $(MANAGE) scheduler & scheduler=$$!; \
		trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver $(HOST):$(PORT)

worker: install
	$(MANAGE) db_worker

scheduler: install
	$(MANAGE) scheduler

test: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=cms.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=cms.settings.test $(MANAGE) makemigrations --check --dry-run
	@# Most tests run on every core; those that start their own servers (a browser, the
	@# fuzzer, the load test) run after them, one at a time, so that none starves another.
	@# (pytest exits 5 when a selection holds no test: PYTEST_ARGS may name one file.)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup -m "not ($(SERVER_TESTS))" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(if $(SKIP_SERVER_TESTS),,$(BIN)/pytest -m "$(SERVER_TESTS)" $(PYTEST_ARGS) || [ $$? -eq 5 ])

# The production topology (tests/topology/): needs DATABASE_URL on PostgreSQL, and
# Debian's varnish, varnish-modules and redis-server; `.ci/run` provides them all.
test-topology: install
	$(BIN)/pytest -m topology $(PYTEST_ARGS)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@if [ ! -x $(BIN)/python ]; then \
		found=""; \
		for candidate in $(PYTHON_CANDIDATES); do \
			if command -v "$$candidate" >/dev/null 2>&1 && \
				"$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
				found="$$candidate"; break; \
			fi; \
		done; \
		if [ -z "$$found" ]; then \
			echo "Topicdesk needs Python 3.12 or newer; none was found on PATH or in pyenv." >&2; \
			echo "Install one, or run: make PYTHON=/path/to/python3.12 ..." >&2; \
			exit 1; \
		fi; \
		echo "Creating $(VENV) with $$found ($$("$$found" --version))"; \
		"$$found" -m venv $(VENV); \
	fi
	@# pip and setuptools' notices go to var/log/install.log, shown only if it fails.
	@mkdir -p var/log
	@echo "Installing Topicdesk and its dependencies into $(VENV) (log: var/log/install.log)"
	@{ $(BIN)/python -m pip install --quiet --upgrade pip && \
		$(BIN)/python -m pip install --quiet -e ".[dev]"; } \
		$(if $(VERBOSE),,>var/log/install.log 2>&1) \
		|| { cat var/log/install.log 2>/dev/null; echo "Installing failed: see var/log/install.log" >&2; exit 1; }
	@touch $@

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo

clean:
	rm -rf $(VENV) var
