# Steward: the everyday commands. Every target builds what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install clean-db

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Steward needs Python 3.11 or newer (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/steward migrate
	$(BIN)/steward demo --first-run
	$(BIN)/steward serve

test: $(STAMP)
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: bench
# The API against a hand-written SQL baseline on PostgreSQL (STEWARD_BENCH_POSTGRES_URL); results
# in var/bench/. BENCH_ARGS passes options, e.g. BENCH_ARGS='--seconds 3' or '--fresh'.
bench: $(STAMP)
	$(BIN)/python -m tests.bench.bench $(BENCH_ARGS)

.PHONY: fuzz
# schemathesis against every query and mutation (FUZZ_ARGS='--requests 10000' per backend, on
# SQLite and, with STEWARD_TEST_POSTGRES_URL, PostgreSQL), then the hostile corpus timed.
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz.run $(FUZZ_ARGS)
