"""Who is asking, as HTTP carries it: an `Authorization: Bearer` token from a tool, or the key of
a server-side session in the signed session cookie from a browser. The look-ups themselves are
the domain's (server/domain/people/authentication.py)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from server.domain.core.viewer import Viewer
from server.domain.people.authentication import viewer_from_session, viewer_from_token
from server.web.core.client_address import client_address

SESSION_KEY = "sid"  # the session cookie's entry naming the server-side session


def is_bearer(connection: HTTPConnection) -> bool:
    """A request that names its token; the session cookie plays no part in it (so no CSRF)."""
    scheme, _, _ = connection.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer"


async def authenticate(connection: HTTPConnection, session: AsyncSession) -> Viewer | None:
    """The viewer of a request: any Authorization header wins over the session cookie."""
    state = connection.app.state
    header = connection.headers.get("authorization", "")
    if header:
        scheme, _, credentials = header.partition(" ")
        secret = credentials.strip() if scheme.lower() == "bearer" else ""
        address = client_address(connection, state.settings.trusted_proxies)
        return await viewer_from_token(session, secret, address, state.throttle_rules)
    key = connection.session.get(SESSION_KEY) if "session" in connection.scope else None
    if not isinstance(key, str) or not key:
        return None
    return await viewer_from_session(session, key, state.session_lifetimes)
