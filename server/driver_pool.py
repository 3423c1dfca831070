"""A few PostgreSQL connections of the driver's own (psycopg), in autocommit, for the requests
that need nothing of SQLAlchemy's: a tool's read document that a compiled statement answers
(server/web/core/compiled_reads.py) reads the token and the answer on one of these, with no
session, no transaction and no pool checkout of SQLAlchemy's, which cost a small request about
a sixth of its CPU. Everything else keeps the engine's pool."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import psycopg
from psycopg.pq import TransactionStatus
from sqlalchemy.engine import URL, make_url

Listener = Callable[[psycopg.AsyncConnection[Any]], None]


def conninfo(url: str | URL) -> str:
    """A SQLAlchemy URL as libpq's connection string."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class DriverPool:
    """At most `size` connections, opened as needed and kept while they stay usable."""

    def __init__(self, url: str | URL, size: int, options: str = "-c timezone=UTC") -> None:
        self.conninfo = conninfo(url)
        self.options = options
        self.idle: list[psycopg.AsyncConnection[Any]] = []
        self.slots = asyncio.Semaphore(size)
        self.closed = False
        # Called as a connection is handed out and as it comes back (the suite and the bench
        # trace the round trips on them, as on the engine's checkouts).
        self.on_acquire: list[Listener] = []
        self.on_release: list[Listener] = []

    @property
    def busy(self) -> bool:
        """Whether every connection is in use (a caller with another way to go takes it)."""
        return self.slots.locked()

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        """A connection for the block; one that failed or was left in a transaction is closed
        rather than kept."""
        async with self.slots:
            connection = self.idle.pop() if self.idle else await self._open()
            for listener in self.on_acquire:
                listener(connection)
            try:
                yield connection
            finally:
                for listener in self.on_release:
                    listener(connection)
                self._put_back(connection)

    async def _open(self) -> psycopg.AsyncConnection[Any]:
        return await psycopg.AsyncConnection.connect(
            self.conninfo, autocommit=True, options=self.options
        )

    def _put_back(self, connection: psycopg.AsyncConnection[Any]) -> None:
        usable = (
            not self.closed
            and not connection.closed
            and connection.info.transaction_status == TransactionStatus.IDLE
        )
        if usable:
            self.idle.append(connection)
        else:
            asyncio.get_running_loop().create_task(connection.close())

    async def close(self) -> None:
        self.closed = True
        idle, self.idle = self.idle, []
        for connection in idle:
            await connection.close()
