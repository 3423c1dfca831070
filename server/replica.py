"""A PostgreSQL streaming replica for reads, as one process sees it: its engine and sessions,
whether it answers, and how far it has replayed the primary's write-ahead log (WAL).

Positions in the WAL are PostgreSQL's LSNs (`2/AB5F0880`), compared as integers. The replica's
replay position only grows, so the highest one seen is a safe lower bound of where it is now:
a write whose position is at or below it is on the replica, with no need to ask again. A
replica found down (a connection refused or cut) is left alone for `retry_seconds`, and reads
go to the primary meanwhile; then the next read tries it again.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from server.db import make_async_engine

log = logging.getLogger("steward.replica")

REPLAYED = text("SELECT pg_last_wal_replay_lsn()::text")
PRIMARY_POSITION = text("SELECT pg_current_wal_lsn()::text")
# What /readyz reports: the replay position, whether replay is paused, and the seconds since
# the last transaction it replayed (the lag in time, when it is behind).
STATUS = text(
    "SELECT pg_last_wal_replay_lsn()::text AS replayed, pg_is_wal_replay_paused() AS paused, "
    "EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float AS seconds"
)


def lsn(value: str) -> int:
    """A WAL position written `hi/lo` in hexadecimal, as one integer."""
    high, _, low = value.partition("/")
    return (int(high, 16) << 32) | int(low, 16)


@dataclass(frozen=True)
class ReplicaStatus:
    """The replica as /readyz reports it."""

    state: str  # "ok", "paused" (replay paused), or "unreachable"
    lag_bytes: int | None = None
    lag_seconds: float | None = None


class Replica:
    """The read replica of one process: its engine, and what this process knows of it."""

    def __init__(
        self,
        engine: AsyncEngine,
        sessions: async_sessionmaker[AsyncSession],
        retry_seconds: float = 5.0,
    ) -> None:
        self.engine = engine
        self.sessions = sessions
        self.retry_seconds = retry_seconds
        self.replayed = 0  # the highest replay position seen
        self.down_since: float | None = None  # time.monotonic() when found down

    @property
    def up(self) -> bool:
        return self.down_since is None

    def worth_trying(self) -> bool:
        """Up, or down long enough ago to try again."""
        return self.down_since is None or (time.monotonic() - self.down_since >= self.retry_seconds)

    def mark_down(self, error: BaseException | None = None) -> None:
        if self.down_since is None:
            reason = f": {error}" if error is not None else ""
            log.warning("read replica unavailable, reading from the primary%s", reason)
        self.down_since = time.monotonic()

    def mark_up(self) -> None:
        if self.down_since is not None:
            log.info("read replica answers again; reads go to it")
        self.down_since = None

    def has_replayed(self, position: int) -> bool:
        """Whether the replica is known to hold every write up to `position`."""
        return self.replayed >= position

    def saw(self, replayed: str | None) -> None:
        """Remember a replay position the replica reported (None: it has replayed nothing)."""
        if replayed is not None:
            self.replayed = max(self.replayed, lsn(replayed))

    async def refresh(self, connection: AsyncConnection | AsyncSession) -> None:
        """Ask the replica how far it has replayed (one statement)."""
        self.saw((await connection.execute(REPLAYED)).scalar_one_or_none())

    async def status(self, primary: AsyncEngine) -> ReplicaStatus:
        """State and lag, for /readyz: asks both servers (one statement each)."""
        try:
            async with self.engine.connect() as connection:
                row = (await connection.execute(STATUS)).one()
        except (SQLAlchemyError, OSError) as error:  # refused, cut, or not a replica at all
            self.mark_down(error)
            return ReplicaStatus("unreachable")
        self.mark_up()
        self.saw(row.replayed)
        async with primary.connect() as connection:
            current = lsn((await connection.execute(PRIMARY_POSITION)).scalar_one())
        behind = max(0, current - lsn(row.replayed)) if row.replayed is not None else None
        seconds = 0.0 if behind == 0 else round(max(0.0, row.seconds or 0.0), 3)
        return ReplicaStatus("paused" if row.paused else "ok", behind, seconds)

    async def reachable(self) -> bool:
        """Whether the replica answers (for /healthz); remembered either way."""
        try:
            async with self.engine.connect() as connection:
                await self.refresh(connection)
        except (SQLAlchemyError, OSError) as error:
            self.mark_down(error)
            return False
        self.mark_up()
        return True


def make_replica(
    url: str, retry_seconds: float, info: dict[str, Any], *, pool_size: int, max_overflow: int
) -> Replica:
    """The replica of `url`, with its own pool and sessions made as the primary's are."""
    engine = make_async_engine(url, pool_size=pool_size, max_overflow=max_overflow)
    sessions = async_sessionmaker(engine, expire_on_commit=False, info=info)
    return Replica(engine, sessions, retry_seconds)


async def primary_position(primary: AsyncEngine) -> str:
    """The primary's WAL position now: every transaction committed before is at or below it."""
    async with primary.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        return str((await autocommit.execute(PRIMARY_POSITION)).scalar_one())
