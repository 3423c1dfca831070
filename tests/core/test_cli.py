"""The `steward` command line: each command, and clear errors without tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import select

from server.db import make_sync_engine
from server.models import ApiToken, AuditEntry, Person, Plan
from tests.support.cli import count, run


def test_migrate_then_demo_then_demo_again_changes_nothing(env, tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    env(url)
    assert run(capsys, "migrate")[0] == 0
    code, out, _ = run(capsys, "demo")
    assert code == 0 and "Loaded the demo organisation" in out
    plans = count(url, Plan)
    code, out, _ = run(capsys, "demo")
    assert code == 0 and "nothing changed" in out
    assert count(url, Plan) == plans == 13


def test_first_run_demo_is_quiet_when_data_exists(env, demo_url, capsys):
    env(demo_url)
    assert run(capsys, "demo", "--first-run") == (0, "", "")


def test_demo_before_migrate_says_what_to_do(env, tmp_path, capsys):
    env(f"sqlite:///{tmp_path / 'empty.db'}")
    code, _, err = run(capsys, "demo")
    assert code == 1
    assert "run `steward migrate` first" in err


def test_demo_with_a_bad_scale_is_refused(env, database_url, capsys):
    env(database_url)
    code, _, err = run(capsys, "demo", "--scale", "lots")
    assert code == 1 and "--scale must be a whole number" in err
    assert count(database_url, Plan) == 0


def test_create_user_with_a_password_from_stdin(env, database_url, capsys, monkeypatch):
    env(database_url)
    code, out, _ = run(
        capsys,
        "create-user",
        "--email",
        "New.Admin@Example.org",
        "--name",
        "New Admin",
        "--admin",
        "--password-stdin",
        stdin="long-enough-password\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0 and "new.admin@example.org" in out and "administrator" in out
    assert count(database_url, Person) == 1
    assert count(database_url, AuditEntry) == 1


@pytest.mark.parametrize(
    ("email", "name", "password", "message"),
    [
        ("not-an-address", "Someone", "long-enough-password", "--email: is not a valid e-mail"),
        ("a@example.org", " ", "long-enough-password", "--name: must not be empty"),
        ("a@example.org", "Someone", "short", "--password: must be at least 10 characters"),
        ("a@example.org", "Someone", "aaaaaaaaaa", "--password: is too easy to guess"),
        ("a@example.org", "Someone", "1234567890", "--password: is too easy to guess"),
        ("sam.taylor@example.org", "Sam", "sam.taylor@example.org", "--password: must not be"),
        ("sam.taylor@example.org", "Sam", "I-am-sam.taylor!", "--password: must not be or"),
    ],
)
def test_create_user_refuses_bad_input_and_writes_nothing(
    env, database_url, capsys, monkeypatch, email, name, password, message
):
    env(database_url)
    code, _, err = run(
        capsys,
        "create-user",
        "--email",
        email,
        "--name",
        name,
        "--password-stdin",
        stdin=password + "\n",
        monkeypatch=monkeypatch,
    )
    assert code == 1
    assert message in err and "nothing was changed" in err
    assert count(database_url, Person) == 0


def test_create_user_refuses_a_taken_address(env, demo_url, capsys, monkeypatch):
    env(demo_url)
    code, _, err = run(
        capsys,
        "create-user",
        "--email",
        "nora@harbour-it.example",
        "--name",
        "Nora Again",
        "--password-stdin",
        stdin="long-enough-password\n",
        monkeypatch=monkeypatch,
    )
    assert code == 1 and "already has an account" in err


def test_create_token_prints_the_secret_once_and_stores_only_its_hash(env, demo_url, capsys):
    env(demo_url)
    code, out, _ = run(
        capsys,
        "create-token",
        "--email",
        "margaret@harbour-it.example",
        "--name",
        "Power BI",
        "--expires-in-days",
        "30",
    )
    assert code == 0
    secret = next(line for line in out.splitlines() if line.startswith("stw_"))
    engine = make_sync_engine(demo_url, pooled=False)
    with engine.connect() as connection:
        token = connection.execute(select(ApiToken)).one()
    engine.dispose()
    assert secret.split("_")[1] == token.prefix
    assert secret not in (token.secret_hash, token.prefix)
    assert token.expires_at is not None and token.scope == "read"


def test_create_token_for_an_unknown_person_is_refused(env, demo_url, capsys):
    env(demo_url)
    code, _, err = run(capsys, "create-token", "--email", "ghost@example.org", "--name", "x")
    assert code == 1 and "no person has the e-mail address ghost@example.org" in err
    assert count(demo_url, ApiToken) == 0


def test_an_unreachable_database_is_reported_plainly(env, capsys):
    env("postgresql+psycopg://nobody@127.0.0.1:1/nowhere")
    code, _, err = run(capsys, "migrate")
    assert code == 1
    assert "cannot reach the database" in err and "Traceback" not in err


def test_a_malformed_database_url_names_the_variable(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("STEWARD_DATABASE_URL", "steward.db")
    monkeypatch.setenv("STEWARD_VAR_DIR", str(tmp_path))
    code, _, err = run(capsys, "migrate")
    assert code == 1 and "STEWARD_DATABASE_URL" in err


@pytest.mark.parametrize(
    "argv",
    [["frobnicate"], [], ["create-token", "--email", "a@b.org"], ["serve", "--port", "x"]],
)
def test_wrong_arguments_exit_non_zero_with_usage_and_no_traceback(argv):
    result = subprocess.run(
        [sys.executable, "-m", "server", *argv], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "usage: steward" in result.stderr
    assert "Traceback" not in result.stderr
