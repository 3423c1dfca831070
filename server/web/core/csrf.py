"""Cross-site request forgery protection: a secret per session, echoed by every unsafe request a
browser sends (the form's hidden field, or the X-CSRF-Token header htmx and the explorer send).
The request pipeline (server/web/core/pipeline.py) checks it; a route only says how a request
without it is answered, when that is not the "form had expired" page."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

CSRF_SESSION_KEY = "csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
EXPIRED_FORM = "The form had expired; reload the page and try again."


def csrf_token(request: Request) -> str:
    """This session's token, made on first use (the forms and the explorer carry it)."""
    token = request.session.get(CSRF_SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_SESSION_KEY] = token
    return token


def token_matches(request: Request, sent: object) -> bool:
    """True when `sent` is this session's token (compared as bytes: a token sent with
    characters beyond ASCII is simply wrong)."""
    expected = request.session.get(CSRF_SESSION_KEY)
    if not expected or not isinstance(sent, str):
        return False
    return hmac.compare_digest(sent.encode(), str(expected).encode())


Refusal = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class CsrfPolicy:
    """How a route takes the token and answers a request without it.

    `in_form`: the token may come as the form's `csrf_token` field (the form is then read with
    the route's limits, and kept for it); else only in the header, and the body is left for the
    route (the GraphQL door's JSON).
    `refuse`: the answer to a request without the token; None is the 403 "form had expired"
    page. `strangers_first`: a request from no one is left to the route's guard, which turns
    strangers away its own way (the GraphQL door's 401), whatever token it carries."""

    in_form: bool = True
    refuse: Refusal | None = None
    strangers_first: bool = False


FORM_POSTS = CsrfPolicy()
