"""How far a running import has got, where every process can read it.

On PostgreSQL the worker commits progress to the import's own row on a second connection, and
the read API reads it from there like any other field. SQLite has one writer, held by the
import's own transaction until its last row, so there the worker writes progress to a small
companion database beside the main file (`<file>-progress`), which any process on the host
reads. Nothing is kept in one process's memory: a page served by another process sees it too.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import make_url

_SCHEMA = """CREATE TABLE IF NOT EXISTS import_progress (
    import_id INTEGER PRIMARY KEY, rows_done INTEGER NOT NULL, row_count INTEGER NOT NULL)"""


def companion_path(database_url: str) -> Path | None:
    """The progress file of a SQLite database file; None for other databases."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(f"{url.database}-progress")


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=5, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(_SCHEMA)
    return connection


def report(path: Path, import_id: int, done: int, total: int) -> None:
    with closing(_connect(path)) as connection:
        connection.execute(
            "INSERT INTO import_progress (import_id, rows_done, row_count) VALUES (?, ?, ?) "
            "ON CONFLICT (import_id) DO UPDATE SET rows_done = excluded.rows_done, "
            "row_count = excluded.row_count",
            (import_id, done, total),
        )


def finished(path: Path, import_id: int) -> None:
    with closing(_connect(path)) as connection:
        connection.execute("DELETE FROM import_progress WHERE import_id = ?", (import_id,))


def current(path: Path, import_id: int) -> tuple[int, int] | None:
    """(rows done, rows in all) of a running import, or None when none was reported."""
    if not path.exists():
        return None
    with closing(_connect(path)) as connection:
        row = connection.execute(
            "SELECT rows_done, row_count FROM import_progress WHERE import_id = ?", (import_id,)
        ).fetchone()
    return (row[0], row[1]) if row else None
