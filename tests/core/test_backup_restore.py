"""Backups that restore: `steward backup`/`steward restore` on SQLite while the app serves and
writes, and the pg_dump/pg_restore commands docs/deploy.md gives for PostgreSQL."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from server.db import make_sync_engine
from server.domain.core import audit
from server.models import Measurement, Metric
from server.models.enums import AuditAction
from tests.support.cli import run

WRITER = "backup-test writer"


def rows_of_every_table(url: str) -> dict[str, list[tuple]]:
    """Every table the database holds (the search index and the migration table too), its
    rows in a fixed order."""
    engine = make_sync_engine(url, pooled=False)
    contents = {}
    with engine.connect() as connection:
        for name in inspect(connection).get_table_names():
            rows = connection.exec_driver_sql(f'SELECT * FROM "{name}"').all()
            contents[name] = sorted((tuple(row) for row in rows), key=repr)
    engine.dispose()
    return contents


class Writer:
    """Writes while a backup is taken, as the app does: one transaction at a time, each a
    measurement and the audit entry that records it (n = 1, 2, ...)."""

    def __init__(self, url: str) -> None:
        self.engine = make_sync_engine(url, pooled=False)
        self.stop = threading.Event()
        self.written = 0
        self.error: BaseException | None = None
        with Session(self.engine) as session:
            self.metric_id = session.scalar(select(Metric.id).order_by(Metric.id).limit(1))
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        start = datetime(2001, 1, 1, tzinfo=UTC)
        try:
            while not self.stop.is_set():
                n = self.written + 1
                with Session(self.engine) as session:
                    measurement = Measurement(
                        metric_id=self.metric_id,
                        value=float(n),
                        taken_at=start + timedelta(minutes=n),
                        source=f"{WRITER} {n}",
                    )
                    session.add(measurement)
                    session.flush()
                    audit.record(
                        session,
                        actor_id=None,
                        actor_name=WRITER,
                        entity_type="Measurement",
                        entity_id=measurement.id,
                        entity_label=str(n),
                        action=AuditAction.CREATE,
                        after={"n": n, "metric_id": self.metric_id},
                    )
                    session.commit()
                self.written = n
                time.sleep(0.002)
        except BaseException as error:  # reported by the test
            self.error = error

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 30
        while self.written < count and self.error is None:
            assert time.monotonic() < deadline, "the writer made no progress"
            time.sleep(0.005)

    def finish(self) -> int:
        self.stop.set()
        self.thread.join(timeout=30)
        self.engine.dispose()
        assert self.error is None, self.error
        return self.written


@contextmanager
def writing(url: str, before: int = 20) -> Iterator[Writer]:
    """A writer that has written `before` transactions, and goes on until the block ends."""
    writer = Writer(url)
    writer.thread.start()
    try:
        writer.wait_for(before)
        yield writer
    finally:
        writer.stop.set()
        writer.thread.join(timeout=30)


def writes_in(url: str) -> tuple[list[int], list[int]]:
    """The writer's transactions a database holds: by its measurements, and by its entries."""
    engine = make_sync_engine(url, pooled=False)
    with engine.connect() as connection:
        measured = connection.scalars(
            text("SELECT value FROM measurements WHERE source LIKE :tag ORDER BY value"),
            {"tag": f"{WRITER} %"},
        ).all()
        entries = connection.scalars(
            text("SELECT entity_label FROM audit_log WHERE actor_name = :writer"),
            {"writer": WRITER},
        ).all()
    engine.dispose()
    return [int(value) for value in measured], sorted(int(label) for label in entries)


def without_writes_after(url: str, last: int) -> None:
    """Take back the writer's transactions after the `last`: the source as it stood then."""
    engine = make_sync_engine(url, pooled=False)
    with engine.begin() as connection:
        later = {"writer": WRITER, "tag": f"{WRITER} %", "last": last}
        connection.execute(
            text(
                "DELETE FROM audit_log WHERE actor_name = :writer "
                "AND CAST(entity_label AS INTEGER) > :last"
            ),
            later,
        )
        connection.execute(
            text("DELETE FROM measurements WHERE source LIKE :tag AND value > :last"), later
        )
    engine.dispose()


def assert_a_consistent_moment(url: str, written: int) -> int:
    """The copy holds the writer's first k transactions, each whole, and none after: k."""
    measured, entries = writes_in(url)
    k = len(measured)
    assert measured == entries == list(range(1, k + 1))
    assert 20 <= k < written, (k, written)  # taken while the writer went on
    return k


# -- SQLite: steward backup and steward restore ------------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_backup_taken_while_serving_and_writing_restores_to_an_identical_database(
    backend, demo_url, demo_client, env, tmp_path, capsys
):
    copy, restored = tmp_path / "backup.db", f"sqlite:///{tmp_path / 'restored.db'}"
    reads: list[int] = []
    serving = threading.Event()

    def serve() -> None:  # the app answers requests all the while
        while not serving.is_set():
            reads.append(demo_client.get("/healthz").status_code)

    reader = threading.Thread(target=serve, daemon=True)
    reader.start()
    with writing(demo_url) as writer:
        env(demo_url)
        code, out, err = run(capsys, "backup", str(copy))
        writer.wait_for(writer.written + 20)
        written = writer.finish()
    serving.set()
    reader.join(timeout=30)
    assert code == 0, err
    assert out.startswith(f"Backed up SQLite file {make_url(demo_url).database}")
    assert reads and set(reads) == {200}

    k = assert_a_consistent_moment(f"sqlite:///{copy}", written)
    env(restored)
    code, out, err = run(capsys, "restore", str(copy))
    assert code == 0, err
    assert f"from {copy}" in out and "60 initiatives" in out and f"{k} audit entries" in out
    assert "Run `steward check`" in out

    without_writes_after(demo_url, k)
    assert rows_of_every_table(restored) == rows_of_every_table(demo_url)
    code, out, err = run(capsys, "check")
    assert code == 0, out + err


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_restore_refuses_a_database_in_use_unless_forced(backend, env, demo_url, tmp_path, capsys):
    copy = tmp_path / "backup.db"
    target = tmp_path / "serving.db"
    shutil.copyfile(make_url(demo_url).database, target)
    env(demo_url)
    assert run(capsys, "backup", str(copy))[0] == 0
    engine = make_sync_engine(f"sqlite:///{target}")
    with engine.connect() as connection:  # a server's pooled connection, open
        connection.execute(text("DELETE FROM feedback"))
        connection.commit()
        env(f"sqlite:///{target}")
        code, _, err = run(capsys, "restore", str(copy))
        assert code == 2
        assert f"steward restore: {target} is in use" in err and "--force" in err
        assert connection.scalar(text("SELECT count(*) FROM feedback")) == 0  # unchanged

        code, _, err = run(capsys, "restore", "--force", str(copy))
        assert code == 0, err
        assert connection.scalar(text("SELECT count(*) FROM feedback")) > 0  # it sees the restore
    engine.dispose()
    assert rows_of_every_table(f"sqlite:///{target}") == rows_of_every_table(demo_url)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_backup_refuses_to_overwrite_a_file_unless_forced(backend, env, demo_url, tmp_path, capsys):
    copy = tmp_path / "backup.db"
    copy.write_text("keep me")
    env(demo_url)
    code, _, err = run(capsys, "backup", str(copy))
    assert code == 2 and f"{copy} exists" in err and "--force" in err
    assert copy.read_text() == "keep me"
    assert run(capsys, "backup", "--force", str(copy))[0] == 0
    assert rows_of_every_table(f"sqlite:///{copy}") == rows_of_every_table(demo_url)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda path: path.write_bytes(b"not a database at all" * 100), "is not a SQLite database"),
        (
            lambda path: (
                sqlite3.connect(path).execute("CREATE TABLE notes (body)").connection.commit()
            ),
            "is not a Steward database (it has no alembic_version table)",
        ),
    ],
    ids=["not-sqlite", "not-steward"],
)
def test_restore_refuses_a_file_that_is_not_a_steward_backup(
    env, tmp_path, capsys, make: Callable[[Path], None], message: str
):
    source, target = tmp_path / "other.db", tmp_path / "steward.db"
    make(source)
    env(f"sqlite:///{target}")
    code, _, err = run(capsys, "restore", str(source))
    assert code == 2 and message in err
    assert not target.exists() or target.stat().st_size == 0


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_restore_refuses_a_backup_from_a_newer_version(backend, env, demo_url, tmp_path, capsys):
    source = tmp_path / "newer.db"
    shutil.copyfile(make_url(demo_url).database, source)
    with sqlite3.connect(source) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    env(f"sqlite:///{tmp_path / 'steward.db'}")
    code, _, err = run(capsys, "restore", str(source))
    assert code == 2 and "revision 9999_future" in err and "a newer version made it" in err


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_postgresql_is_refused_with_the_commands_to_use(env, tmp_path, capsys, command):
    env("postgresql+psycopg://steward@db.example/steward")
    code, out, err = run(capsys, command, str(tmp_path / "steward.backup"))
    assert code == 2 and out == ""
    assert "SQLite databases only; for PostgreSQL use pg_dump and pg_restore" in err
    assert "docs/deploy.md" in err


# -- PostgreSQL: pg_dump -Fc and pg_restore, as docs/deploy.md gives them ----------------------


def _connection_options(url: str) -> list[str]:
    parsed = make_url(url)
    return [
        f"--host={parsed.host or '127.0.0.1'}",
        f"--port={parsed.port or 5432}",
        f"--username={parsed.username or 'postgres'}",
        "--no-password",
    ]


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_pg_dump_taken_while_writing_round_trips_through_pg_restore(
    backend, demo_url, postgres_factory, env, tmp_path, capsys
):
    for tool in ("pg_dump", "pg_restore"):
        assert shutil.which(tool), f"{tool} is not installed (apt-get install postgresql-client)"
    dump = tmp_path / "steward.dump"
    source = make_url(demo_url)
    with writing(demo_url) as writer:
        subprocess.run(
            ["pg_dump", "--format=custom", f"--file={dump}", *_connection_options(demo_url),
             f"--dbname={source.database}"],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        writer.wait_for(writer.written + 20)
        written = writer.finish()

    name = f"steward_restore_{uuid.uuid4().hex[:12]}"
    restored = source.set(database=name).render_as_string(hide_password=False)
    with postgres_factory.admin.connect() as admin:
        admin.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        subprocess.run(
            ["pg_restore", "--exit-on-error", "--no-owner", *_connection_options(demo_url),
             f"--dbname={name}", str(dump)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        k = assert_a_consistent_moment(restored, written)
        without_writes_after(demo_url, k)
        assert rows_of_every_table(restored) == rows_of_every_table(demo_url)
        env(restored)
        code, out, err = run(capsys, "check")
        assert code == 0, out + err
    finally:
        postgres_factory.drop(name)
