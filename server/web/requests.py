"""One database session and one viewer per request, for pages and /graphql alike."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import HTTPConnection

from schema.core.context import Context
from server.auth import authenticate
from server.client_address import client_address


@asynccontextmanager
async def request_context(connection: HTTPConnection) -> AsyncIterator[Context]:
    """The GraphQL context of a request; the session closes (rolling back) when it ends."""
    state = connection.app.state
    sessions: async_sessionmaker[AsyncSession] = state.sessions
    async with sessions() as session:
        viewer = await authenticate(connection, session)
        worker = getattr(state, "import_worker", None)
        yield Context(
            viewer=viewer,
            session=session,
            wake_import_worker=worker.nudge if worker is not None else None,
            passwords=state.passwords,
            throttle_rules=state.throttle_rules,
            client_address=client_address(connection, state.settings.trusted_proxies),
            session_lifetimes=state.session_lifetimes,
        )
