"""Database engines and URLs: one sync engine for migrations and the CLI, one async for requests."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool


def sync_url(url: str | URL) -> URL:
    """The URL for blocking drivers (Alembic, the CLI, the demo loader)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.set(drivername="sqlite")
    if parsed.get_backend_name() == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    return parsed


def async_url(url: str | URL) -> URL:
    """The URL for the request path's async drivers."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite")
    if parsed.get_backend_name() == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    return parsed


RETRY_AFTER_SECONDS = 5


def database_unavailable(error: BaseException | None) -> bool:
    """True when a failure means the database cannot answer just now (a restart, a cut
    connection, SQLite's one writer busy): the caller should retry, nothing is broken.
    Errors about the statement itself (a missing table, bad SQL) are not among them."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, ConnectionError):
        return True
    if not isinstance(error, (OperationalError, InterfaceError)):
        return False
    original = error.orig
    sqlstate = getattr(original, "sqlstate", None)
    if sqlstate is not None:  # PostgreSQL: connection exceptions, shutting down, starting up
        return sqlstate.startswith(("08", "57P"))
    message = str(original).lower()
    if "sqlite" in type(original).__module__:
        return "locked" in message or "busy" in message
    return True  # no answer from the server at all: the connection failed


def _prepare_sqlite_file(url: URL) -> None:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


# PostgreSQL sessions run in UTC, so timestamps arrive already in the zone the app uses.
POSTGRES_CONNECT_ARGS = {"options": "-c timezone=UTC"}


def make_sync_engine(url: str | URL, *, pooled: bool = True) -> Engine:
    parsed = sync_url(url)
    kwargs = {} if pooled else {"poolclass": NullPool}
    if parsed.get_backend_name() == "sqlite":
        _prepare_sqlite_file(parsed)
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(parsed, connect_args=POSTGRES_CONNECT_ARGS, **kwargs)


def make_async_engine(url: str | URL, *, pooled: bool = True) -> AsyncEngine:
    parsed = async_url(url)
    kwargs = {} if pooled else {"poolclass": NullPool}
    if parsed.get_backend_name() == "sqlite":
        _prepare_sqlite_file(parsed)
        engine = create_async_engine(parsed, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    pool = {"pool_size": 10, "max_overflow": 10} if pooled else {}
    return create_async_engine(parsed, connect_args=POSTGRES_CONNECT_ARGS, **pool, **kwargs)
