"""Which server a request reads from when a read replica is configured (server/replica.py).

A page read or a /graphql request by someone signed in reads from the replica, except:

- with a read-write API token, which may have just written: it reads from the primary (a
  read-only token, the kind reporting tools use, cannot write and reads from the replica);
- in a browser whose session cookie carries the primary's WAL position after that person's
  last write (`WRITTEN_AT`), until the replica has replayed it: so nobody sees their own change
  vanish. Once it has, the position leaves the cookie;
- when the replica does not answer: the primary serves, and the replica is tried again later.

Authentication always reads the primary (a new session, a revoked token count at once), then
hands its connection back. In the request, a mutation moves to the primary for its write and
the reads after it (`Context.begin_writes`); a read the replica fails halfway is run again on
the primary (`unavailable`, `Context.leave_replica`). After a browser's write,
`remember_write` puts the primary's position in its cookie.
"""

from __future__ import annotations

import logging
from collections.abc import MutableMapping, Sequence
from typing import Any

from graphql import GraphQLError
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from starlette.requests import HTTPConnection
from starlette.types import Scope

from server.db import database_unavailable, driver_connection
from server.domain.core.viewer import Viewer
from server.replica import Replica, lsn, primary_position
from server.web.core.authentication import SESSION_KEY, is_bearer

log = logging.getLogger("steward.replica")

WRITTEN_AT = "wal"  # the session cookie's entry: the primary's WAL position after a write
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _cookie(connection: HTTPConnection) -> MutableMapping[str, Any] | None:
    if is_bearer(connection) or "session" not in connection.scope:
        return None
    return connection.session


def _position(value: object) -> int | None:
    if not isinstance(value, str):
        return None
    try:
        return lsn(value)
    except ValueError:
        return None


async def replica_session(
    connection: HTTPConnection, viewer: Viewer | None, replica: Replica
) -> AsyncSession | None:
    """A session on the replica for this request's reads, or None: read from the primary."""
    if viewer is None or not replica.worth_trying():
        return None
    if viewer.token_id is not None and viewer.may_write:
        return None
    cookie = _cookie(connection)
    written = _position(cookie.get(WRITTEN_AT)) if cookie is not None else None
    session = replica.sessions()
    try:
        await driver_connection(session, {"isolation_level": "AUTOCOMMIT"})
        if written is not None and not replica.has_replayed(written):
            await replica.refresh(session)  # one statement, only while a write is on its way
    except (DBAPIError, OSError) as error:
        await session.close()
        if not database_unavailable(error):
            raise
        replica.mark_down(error)
        return None
    replica.mark_up()
    if written is not None and cookie is not None:
        if not replica.has_replayed(written):
            await session.close()
            return None
        del cookie[WRITTEN_AT]
    return session


def unavailable(errors: Sequence[GraphQLError] | None) -> bool:
    """Whether a document's answer failed because its database did not answer."""
    return any((error.extensions or {}).get("code") == "UNAVAILABLE" for error in errors or ())


def wrote(scope: Scope, mutated: bool) -> bool:
    """Whether the request wrote: a form post (any unsafe request but /graphql's), or a
    mutation (`mutated`)."""
    return mutated or (scope["method"] not in SAFE_METHODS and scope.get("path") != "/graphql")


async def remember_write(scope: Scope, primary: AsyncEngine) -> None:
    """Put the primary's WAL position in a signed-in browser's session cookie, after its write
    (one statement). Tools' tokens have no cookie."""
    cookie = scope.get("session")
    if not isinstance(cookie, dict) or SESSION_KEY not in cookie:
        return
    if is_bearer(HTTPConnection(scope)):
        return
    try:
        cookie[WRITTEN_AT] = await primary_position(primary)
    except (SQLAlchemyError, OSError) as error:
        log.warning("could not read the primary's WAL position after a write: %s", error)
