"""The signed session cookie, for browsers only. A bearer request names its viewer itself: its
cookie is neither read nor written, and it gets an empty session of its own for the length of
the request (a page it renders may still make a CSRF token there), so tools pay nothing for the
cookie machinery."""

from __future__ import annotations

from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import HTTPConnection
from starlette.types import Receive, Scope, Send

from server.web.core.authentication import is_bearer


class BrowserSessions(SessionMiddleware):
    """Starlette's cookie sessions, skipped for bearer requests."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and is_bearer(HTTPConnection(scope)):
            scope["session"] = {}
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
