"""Finds who is asking: a signed session cookie from the pages, or a bearer token from the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from server.domain.passwords import verify_password
from server.domain.tokens import secret_matches, split_token
from server.domain.validation import text_problem
from server.domain.viewer import Viewer, token_viewer_query, viewer_from_rows, viewer_query
from server.models import ApiToken, Person
from server.models.enums import TokenScope

SESSION_KEY = "person_id"
LAST_USED_RESOLUTION = timedelta(minutes=1)


async def load_viewer(
    session: AsyncSession, person_id: int, token_scope: TokenScope | None = None
) -> Viewer | None:
    """The active person with their role grants, in one query; None when gone or deactivated."""
    rows = (await session.execute(viewer_query(person_id))).all()
    return viewer_from_rows(rows, token_scope)


async def viewer_from_token(session: AsyncSession, secret: str) -> Viewer | None:
    """The token's owner, if the token is well formed, known, unrevoked and unexpired."""
    prefix = split_token(secret)
    if prefix is None:
        return None
    rows = (await session.execute(token_viewer_query(prefix))).all()
    if not rows:
        return None  # no such token, or its owner is deactivated
    token = rows[0]
    now = datetime.now(UTC)
    if not secret_matches(secret, token.secret_hash):
        return None
    if token.revoked_at is not None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        try:
            await session.execute(
                update(ApiToken).where(ApiToken.id == token.token_id).values(last_used_at=now)
            )
            await session.commit()
        except OperationalError:
            # Bookkeeping only: SQLite's one writer may be busy (a long import); the request
            # goes on and a later one records the use.
            await session.rollback()
    return viewer_from_rows(rows, TokenScope(token.scope))


async def authenticate(connection: HTTPConnection, session: AsyncSession) -> Viewer | None:
    """The viewer of a request: a bearer token wins over the session cookie."""
    header = connection.headers.get("authorization", "")
    if header:
        scheme, _, credentials = header.partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            return None
        return await viewer_from_token(session, credentials.strip())
    person_id = connection.session.get(SESSION_KEY) if "session" in connection.scope else None
    if not isinstance(person_id, int):
        return None
    return await load_viewer(session, person_id)


async def check_password(session: AsyncSession, email: str, password: str) -> int | None:
    """The id of the active person with this e-mail and password, or None (never says which)."""
    if text_problem(email) is not None:  # no address has one (and PostgreSQL refuses NUL)
        email = ""
    row = (
        await session.execute(
            select(Person.id, Person.password_hash, Person.is_active).where(
                Person.email == email.strip().lower()
            )
        )
    ).one_or_none()
    ok = verify_password(row.password_hash if row else None, password)
    if row is None or not ok or not row.is_active:
        return None
    return row.id
