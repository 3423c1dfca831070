"""The per-request context every resolver sees, built the same way for /graphql and the pages."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg
from graphql import GraphQLError
from sqlalchemy.ext.asyncio import AsyncSession

from server.db import driver_connection
from server.domain.core.viewer import Viewer
from server.domain.people.passwords import PasswordPool
from server.domain.people.sessions import SessionLifetimes
from server.domain.people.throttle import ThrottleRules
from server.statement_batch import StatementBatch


@dataclass
class Context:
    viewer: Viewer | None
    session: AsyncSession
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    # Called after a measurement import is started, so this process runs it soon.
    wake_import_worker: Callable[[], None] | None = None
    # "Did you mean ...?" hints in errors: only for a person in the explorer (GraphiQL).
    suggestions: bool = False
    # Password checks and hashing run in this pool, never on the event loop; wrong current
    # passwords count towards the sign-in throttle.
    passwords: PasswordPool | None = None
    throttle_rules: ThrottleRules = field(default_factory=ThrottleRules)
    client_address: str = ""
    session_lifetimes: SessionLifetimes = field(default_factory=SessionLifetimes)
    # The session reads on an autocommit connection (no BEGIN and ROLLBACK around a read: two
    # round trips fewer); a mutation ends that before it writes (`begin_writes`).
    reads_autocommit: bool = False
    # With a read replica (server/replica.py): the primary's session while `session` reads
    # from the replica. A mutation moves to it for the write and the reads after it
    # (`begin_writes`); a read the replica could not answer moves to it (`leave_replica`),
    # telling `replica_failed`.
    primary: AsyncSession | None = None
    replica_failed: Callable[[], None] | None = None
    wrote: bool = False  # a mutation ran in this request
    # Rows several fields of one request read alike (the permission facts of the same
    # initiatives, say), read once; emptied before every mutation, which may change them.
    memo: dict[object, object] = field(default_factory=dict)
    # The reads of concurrent parts of the request, sent together (server/statement_batch.py):
    # on PostgreSQL, while the request reads on its autocommit connection.
    batch: StatementBatch | None = None

    async def begin_writes(self) -> None:
        """Before a mutation: move to the primary if reading from a replica, and leave the
        autocommit connection, so the change is made in one transaction (committed once, or
        rolled back whole)."""
        self.wrote = True
        self.memo.clear()
        if self.batch is not None:
            self.batch.stop()
        if self.primary is not None:
            self.session, self.primary = self.primary, None
        if self.reads_autocommit:
            self.reads_autocommit = False
            await self.session.commit()  # nothing to commit: hands the connection back

    async def leave_replica(self) -> bool:
        """After the replica failed a read: read from the primary from now on (the caller runs
        the read again). False when this request does not read from a replica."""
        if self.primary is None:
            return False
        if self.replica_failed is not None:
            self.replica_failed()
        self.session, self.primary = self.primary, None
        await driver_connection(self.session, {"isolation_level": "AUTOCOMMIT"})
        return True

    async def driver(self) -> psycopg.AsyncConnection[Any]:
        """The driver's connection under the session (a compiled statement runs on it)."""
        return await driver_connection(self.session)

    def require_viewer(self) -> Viewer:
        if self.viewer is None:
            raise GraphQLError("Sign in, or send an API token as `Authorization: Bearer <token>`.")
        return self.viewer
