"""Cross-site request forgery protection: a secret per session, echoed by every form post."""

from __future__ import annotations

import hmac
import secrets

from starlette.requests import Request

CSRF_SESSION_KEY = "csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def csrf_token(request: Request) -> str:
    token = request.session.get(CSRF_SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_SESSION_KEY] = token
    return token


async def csrf_ok(request: Request) -> bool:
    """True when the form field or the htmx header carries this session's token."""
    expected = request.session.get(CSRF_SESSION_KEY)
    if not expected:
        return False
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        sent = form.get(CSRF_FIELD)
    return isinstance(sent, str) and hmac.compare_digest(sent, expected)
