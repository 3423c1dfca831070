"""One database session and one viewer per request, for pages and /graphql alike."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import HTTPConnection

from schema.context import Context
from server.auth import authenticate


@asynccontextmanager
async def request_context(connection: HTTPConnection) -> AsyncIterator[Context]:
    """The GraphQL context of a request; the session closes (rolling back) when it ends."""
    sessions: async_sessionmaker[AsyncSession] = connection.app.state.sessions
    async with sessions() as session:
        viewer = await authenticate(connection, session)
        worker = getattr(connection.app.state, "import_worker", None)
        yield Context(
            viewer=viewer,
            session=session,
            wake_import_worker=worker.nudge if worker is not None else None,
        )
