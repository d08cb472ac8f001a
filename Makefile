# salw: `make run` serves a demo on 127.0.0.1:8000; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SALW := $(BIN)/salw
# The local demo runs over plain HTTP with demo accounts; production sets neither.
RUN_ENV := SALW_HTTPS=0 SALW_DEMO=1
# Where `make test` looks for PostgreSQL; SALW_REQUIRE_POSTGRES=1 turns "skipped" into a failure.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
# sqlite, postgres or both (both: PostgreSQL only when a server answers).
TEST_DB ?= both

.PHONY: install run setup test test-sqlite test-postgres lint format schema messages clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "salw needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

setup: install
	$(RUN_ENV) $(SALW) compile-catalogues
	$(RUN_ENV) $(SALW) migrate --verbosity 0
	$(RUN_ENV) $(SALW) load-states
	$(RUN_ENV) $(SALW) reporting load-template
	$(RUN_ENV) $(SALW) registry load-reference
	$(RUN_ENV) $(SALW) collectstatic --noinput --verbosity 0

run: setup
	@$(RUN_ENV) $(SALW) seed-demo
	@echo ""
	@echo "salw is served at http://127.0.0.1:8000/  (sign in at http://127.0.0.1:8000/login/)"
	@echo "Stop it with Ctrl+C."
	$(RUN_ENV) $(SALW) serve 127.0.0.1:8000

test: install
	$(RUN_ENV) $(SALW) compile-catalogues
ifneq ($(TEST_DB),postgres)
	@$(MAKE) --no-print-directory test-sqlite
endif
ifneq ($(TEST_DB),sqlite)
	@$(MAKE) --no-print-directory test-postgres
endif

test-sqlite:
	@echo "== tests on SQLite"
	env -u SALW_DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres:
	@if $(BIN)/python -m salw.core.pg_reachable "$(POSTGRES_URL)"; then \
	  echo "== tests on PostgreSQL"; \
	  SALW_DATABASE_URL="$(POSTGRES_URL)" SALW_TEST_DATABASE_NAME="test_salw_$$$$" \
	    $(BIN)/pytest $(PYTEST_ARGS); \
	elif [ "$(SALW_REQUIRE_POSTGRES)" = "1" ]; then \
	  echo "PostgreSQL is required (SALW_REQUIRE_POSTGRES=1) but does not answer at $(POSTGRES_URL)"; exit 1; \
	else \
	  echo "== SKIPPED: the PostgreSQL run (no server answers at $(POSTGRES_URL))"; \
	fi

lint: install
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(RUN_ENV) SALW_DATABASE_URL=sqlite:///:memory: $(SALW) makemigrations --check --dry-run

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

schema: install
	$(RUN_ENV) $(SALW) spectacular --file docs/openapi.yaml --validate

# Extract new strings into the six catalogues (needs GNU gettext, a developer tool only).
messages: install
	cd src/salw && ../../$(SALW) makemessages -l ar -l en -l es -l fr -l ru -l zh_Hans --no-obsolete --no-wrap --ignore "*/migrations/*"

clean:
	rm -rf $(VENV) var
