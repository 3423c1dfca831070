"""STEWARD_REQUIRE_POSTGRES=1 (set by CI) turns a missing or unreachable PostgreSQL from a
quiet skip of half the suite into an error."""

from __future__ import annotations

import os
import subprocess
import sys

from server.settings import PROJECT_ROOT
from tests.support.databases import BACKENDS, POSTGRES_ENV, postgres_missing


def test_the_backend_fixture_gives_one_of_the_backends(backend):
    assert backend in BACKENDS


def run_backend_test(**environment: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items()
           if key not in (POSTGRES_ENV, "STEWARD_REQUIRE_POSTGRES")}  # fmt: skip
    env.update(environment)
    test = "tests/core/test_require_postgres.py::test_the_backend_fixture_gives_one_of_the_backends"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        f"{test}[postgresql]",
    ]
    return subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_without_the_setting_a_missing_postgresql_is_skipped():
    result = run_backend_test()
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout


def test_with_the_setting_a_missing_postgresql_is_an_error():
    result = run_backend_test(STEWARD_REQUIRE_POSTGRES="1")
    assert result.returncode == 1, result.stdout
    assert "STEWARD_REQUIRE_POSTGRES is set, so PostgreSQL must run: set " in result.stdout
    assert "1 error" in result.stdout


def test_an_unreachable_postgresql_is_missing_too():
    assert postgres_missing("postgresql+psycopg://postgres@127.0.0.1:1/postgres").startswith(
        "PostgreSQL at postgresql+psycopg://postgres@127.0.0.1:1/postgres does not answer: "
    )
