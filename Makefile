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

# Start over: delete the embedded SQLite database (var/steward.db and its companion files);
# the next `make run` migrates a new one and loads the demo organisation again. PostgreSQL
# (STEWARD_DATABASE_URL) is never touched.
clean-db:
	rm -f var/steward.db var/steward.db-wal var/steward.db-shm var/steward.db-journal \
		var/steward.db-progress var/steward.db-progress-wal var/steward.db-progress-shm
	@echo "The embedded database is gone: make run creates a new one with the demo organisation."

run: $(STAMP)
	$(BIN)/steward migrate
	$(BIN)/steward demo --first-run
	$(BIN)/steward serve

# One worker more than the cores: much of the suite waits on PostgreSQL, Chromium or a server it
# started. Work stealing keeps every worker busy to the end, where the long browser tests sit.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))

test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal --durations=25 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

.PHONY: bench
# The API against a hand-written SQL baseline on PostgreSQL (STEWARD_BENCH_POSTGRES_URL); results
# in var/bench/. BENCH_ARGS passes options, e.g. BENCH_ARGS='--seconds 3' or '--fresh'.
bench: $(STAMP)
	$(BIN)/python -m tests.bench.bench $(BENCH_ARGS)

.PHONY: loadtest
# `steward serve --workers N` on one port for N in LOAD_WORKERS, driven on loopback by the report
# and a page mix (PostgreSQL: STEWARD_BENCH_POSTGRES_URL or STEWARD_TEST_POSTGRES_URL); prints
# requests per second and fails on any error. Not part of `make test`.
LOAD_WORKERS ?= 1,2
loadtest: $(STAMP)
	$(BIN)/python -m tests.bench.workers --workers $(LOAD_WORKERS) $(LOAD_ARGS)

.PHONY: fuzz
# schemathesis against every query and mutation (FUZZ_ARGS='--requests 10000' per backend, on
# SQLite and, with STEWARD_TEST_POSTGRES_URL, PostgreSQL), then the hostile corpus timed.
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz.run $(FUZZ_ARGS)

.PHONY: mutate
# Mutation testing (mutmut) of the rule modules in server/domain (permissions, visibility,
# lifecycle, transitions, validation, audit) against their fast tests, on SQLite only; not part
# of `make test`. Scratch output in mutants/ and var/mutate/; survivors explained in
# docs/mutation-testing.md.
mutate: $(STAMP)
	rm -rf mutants
	env -u STEWARD_TEST_POSTGRES_URL STEWARD_TEST_TEMPLATE_CACHE=$(CURDIR)/var/mutate \
		$(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut export-cicd-stats
	$(BIN)/python -c 'import json; s = json.load(open("mutants/mutmut-cicd-stats.json")); \
		tried = s["killed"] + s["survived"] + s["timeout"] + s["suspicious"] + s["no_tests"]; \
		print(f"killed {s['"'"'killed'"'"']} of {tried} mutants ({100 * s['"'"'killed'"'"'] / tried:.1f}%)")'
	$(BIN)/mutmut results
