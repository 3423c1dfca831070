"""Database engines and URLs: one sync engine for migrations and the CLI, one async for requests."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import psycopg
from psycopg.rows import namedtuple_row
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool

from server import statement_tally
from server.statement_batch import BatchingCursor


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


def make_async_engine(
    url: str | URL, *, pooled: bool = True, pool_size: int = 10, max_overflow: int = 10
) -> AsyncEngine:
    """The request path's engine; its statements count towards the request's tally. On
    PostgreSQL it keeps `pool_size` connections and opens up to `max_overflow` more."""
    parsed = async_url(url)
    kwargs = {} if pooled else {"poolclass": NullPool}
    if parsed.get_backend_name() == "sqlite":
        _prepare_sqlite_file(parsed)
        engine = create_async_engine(parsed, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    else:
        pool = {"pool_size": pool_size, "max_overflow": max_overflow} if pooled else {}
        # A request's concurrent reads are sent together (server/statement_batch.py).
        connect_args = {**POSTGRES_CONNECT_ARGS, "cursor_factory": BatchingCursor}
        engine = create_async_engine(parsed, connect_args=connect_args, **pool, **kwargs)
    statement_tally.install(engine.sync_engine)
    return engine


# -- statements run on the driver's connection ---------------------------------------------------

_POSTGRES = postgresql.psycopg.dialect()  # type: ignore[attr-defined]


def for_the_driver(
    statement: Any, per_execution: Callable[[str], bool]
) -> tuple[str, dict[str, Any]]:
    """A Core statement as PostgreSQL text for psycopg and the values bound in it, each through
    its type's bind processor (an enum member as its stored string …); `per_execution` names
    the parameters each execution fills in, left out."""
    compiled = statement.compile(dialect=_POSTGRES, compile_kwargs={"render_postcompile": True})
    values: dict[str, Any] = {}
    for name, value in compiled.params.items():
        if per_execution(name):
            continue
        bind = compiled.binds.get(name)
        if bind is None:  # an expanded IN list: name_1, name_2 … of the bind `name`
            bind = compiled.binds.get(name.rsplit("_", 1)[0])
        processor = bind.type.bind_processor(compiled.dialect) if bind is not None else None
        values[name] = processor(value) if processor is not None else value
    return str(compiled), values


_DRIVER = "steward_driver_connection"


async def driver_connection(
    session: AsyncSession, execution_options: dict[str, Any] | None = None
) -> psycopg.AsyncConnection[Any]:
    """The driver's connection under the session's, looked up once per transaction of the
    session (a commit hands the connection back to the pool; the next one may be another).
    `execution_options` apply when the session connects here."""
    transaction = session.sync_session.get_transaction()
    cached = session.info.get(_DRIVER)
    if cached is not None and transaction is not None and cached[0] is transaction:
        return cached[1]  # type: ignore[no-any-return]
    connection = await session.connection(execution_options=execution_options)
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    session.info[_DRIVER] = (session.sync_session.get_transaction(), driver)
    return driver  # type: ignore[return-value]


# How many driver statements each engine ran (the suite counts every statement a request sends).
DRIVER_STATEMENTS_RUN: WeakKeyDictionary[Engine, int] = WeakKeyDictionary()


class DriverStatement:
    """A Core statement compiled once for PostgreSQL and run prepared on the driver's own
    connection (psycopg), outside SQLAlchemy's per-execution work: for the few statements every
    request runs (who is asking). Rows come as named tuples of the driver's values; on
    PostgreSQL those are what the column types would give (UTC timestamps, strings for enums).
    """

    def __init__(self, statement: Any, parameters: Iterable[str]) -> None:
        self.parameters = frozenset(parameters)
        self.sql, self.constants = for_the_driver(statement, self.parameters.__contains__)

    async def rows(self, session: AsyncSession, **values: Any) -> list[Any]:
        driver = await driver_connection(session)
        engine = session.bind.sync_engine if isinstance(session.bind, AsyncEngine) else None
        try:
            return await self.rows_on(driver, engine, **values)
        except psycopg.OperationalError as error:
            # The database went away under the driver: as SQLAlchemy would, drop the
            # connection from the pool and say so the way the app answers with a 503.
            connection = await session.connection()
            await connection.invalidate(error)
            parameters = {**self.constants, **values}
            raise OperationalError(self.sql, parameters, error) from error

    async def rows_on(
        self, driver: psycopg.AsyncConnection[Any], engine: Engine | None, **values: Any
    ) -> list[Any]:
        """The rows on this driver connection (counted as the engine's statement)."""
        if engine is not None:
            DRIVER_STATEMENTS_RUN[engine] = DRIVER_STATEMENTS_RUN.get(engine, 0) + 1
        parameters = {**self.constants, **values}
        async with driver.cursor(row_factory=namedtuple_row) as cursor:
            with statement_tally.timed():
                await cursor.execute(
                    self.sql,  # type: ignore[arg-type]
                    parameters,
                    prepare=True,
                )
            return await cursor.fetchall()


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """For comparing the database with the models: leave the search index out. It is made by
    hand (migration 0023_search: an FTS5 table and its shadow tables on SQLite, a table with a
    generated tsvector on PostgreSQL), and no model describes it."""
    return not (type_ == "table" and reflected and (name or "").startswith("search_index"))
