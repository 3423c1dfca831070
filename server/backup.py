"""`steward backup` and `steward restore` for the embedded SQLite database.

Both go through SQLite's online backup API: the copy is taken in one read transaction, so it
is consistent while the server keeps serving and writing (WAL mode lets writers go on), and a
restore writes through SQLite too, so no stale `-wal` file is left beside the database.
PostgreSQL has tools of its own for this (`pg_dump`, `pg_restore`: docs/deploy.md); a
PostgreSQL URL is refused with a pointer to them.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

POSTGRES_POINTER = (
    "this command backs up and restores SQLite databases only; for PostgreSQL use pg_dump and "
    "pg_restore (docs/deploy.md, 'Backups and restore')"
)
BUSY_TIMEOUT_MS = 5_000
# the tables people recognise, and what their rows are called
SUMMARY_TABLES = {
    "people": "people",
    "plans": "plans",
    "initiatives": "initiatives",
    "metrics": "metrics",
    "measurements": "measurements",
    "audit_log": "audit entries",
}


class Refused(Exception):
    """The backup or restore was not done, for the reason given; nothing was changed."""


@dataclass(frozen=True)
class Copied:
    """What a backup or a restore copied."""

    path: Path
    revision: str
    tables: int
    counts: dict[str, int]  # rows of the tables people recognise, by what they are called

    def describe(self) -> str:
        rows = ", ".join(
            f"{count} {table.replace('_', ' ')}" for table, count in self.counts.items()
        )
        return f"revision {self.revision}, {self.tables} tables: {rows}"


def sqlite_file(database_url: str) -> Path:
    """The file a SQLite URL names; Refused for any other database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise Refused(f"{url.get_backend_name()} database: {POSTGRES_POINTER}")
    if not url.database or url.database == ":memory:":
        raise Refused("the database is in memory; there is no file to back up or restore")
    return Path(url.database).resolve()


def backup(database_url: str, target: Path, *, force: bool = False) -> Copied:
    """Copy the database to `target` (a new file unless `force`), consistent as of one moment."""
    source = sqlite_file(database_url)
    target = target.resolve()
    if not source.is_file():
        raise Refused(f"there is no database at {source}")
    if target == source:
        raise Refused("the backup must go to another file than the database itself")
    if target.exists() and not force:
        raise Refused(f"{target} exists; give another path, or --force to replace it")
    if not target.parent.is_dir():
        raise Refused(f"the folder {target.parent} does not exist")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    with closing(_connect(source)) as live:
        revision = _revision(live, source)
        with closing(sqlite3.connect(partial)) as copy:
            live.backup(copy)  # all pages in one step: one read transaction, one moment
    with closing(sqlite3.connect(partial)) as copy:
        copied = _summary(copy, target, revision)
    os.replace(partial, target)
    return copied


def restore(
    source: Path, database_url: str, *, known: Collection[str], force: bool = False
) -> Copied:
    """Replace the database with the backup at `source`. Refused when the file is not a Steward
    database, when its schema revision is not one of the `known` (a newer Steward made it), or
    when the database is open elsewhere (a running server) unless `force`."""
    target = sqlite_file(database_url)
    source = source.resolve()
    if not source.is_file():
        raise Refused(f"there is no backup at {source}")
    if source == target:
        raise Refused("the backup is the database itself")
    with closing(_connect(source)) as backup_file:
        revision = _revision(backup_file, source)
        if revision not in known:
            raise Refused(
                f"{source} is at schema revision {revision}, which this version of Steward does "
                "not know (a newer version made it); restore it with that version"
            )
        problem = backup_file.execute("PRAGMA quick_check").fetchone()[0]
        if problem != "ok":
            raise Refused(f"{source} is damaged ({problem}); nothing was restored")
        target.parent.mkdir(parents=True, exist_ok=True)
        with closing(_connect(target)) as database:
            if not force and _in_use(database):
                raise Refused(
                    f"{target} is in use (is a server running on it?); stop it first, "
                    "or give --force to restore under it"
                )
            backup_file.backup(database)
            return _summary(database, target, revision)


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return connection


def _revision(connection: sqlite3.Connection, path: Path) -> str:
    """The schema revision a Steward database records; Refused for any other file."""
    try:
        found = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
    except sqlite3.DatabaseError as error:
        raise Refused(f"{path} is not a SQLite database ({error})") from None
    if found is None:
        raise Refused(f"{path} is not a Steward database (it has no alembic_version table)")
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is None:
        raise Refused(f"{path} is not a Steward database (its alembic_version is empty)")
    return str(row[0])


def _in_use(connection: sqlite3.Connection) -> bool:
    """True when another connection has the database open. Leaving WAL mode needs the database
    to itself, so the attempt answers the question; the mode is set back at once."""
    mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        return False  # not opened by Steward yet (a new file), or by another program
    connection.execute("PRAGMA busy_timeout=0")
    try:
        connection.execute("PRAGMA journal_mode=DELETE").fetchone()
    except sqlite3.OperationalError:
        return True
    finally:
        connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA journal_mode=WAL").fetchone()
    return False


def _summary(connection: sqlite3.Connection, path: Path, revision: str) -> Copied:
    names = {
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    counts = {
        noun: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
        for table, noun in SUMMARY_TABLES.items()
        if table in names
    }
    return Copied(path, revision, len(names), counts)
