"""Cross-site request forgery protection: a secret per session, echoed by every unsafe request a
browser sends (the form's hidden field, or the X-CSRF-Token header htmx and the explorer send).
The request pipeline (server/web/core/pipeline.py) checks it; a route only says how a request
without it is answered, when that is not the "form had expired" page."""

from __future__ import annotations

import base64
import binascii
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


_SECRET_BYTES = 32


def csrf_token(request: Request) -> str:
    """This session's token for one page, made on first use (the forms and the explorer carry
    it). Each call masks the session's secret with a fresh random pad, so no two answers hold
    the same bytes: a compressed page then tells an eavesdropper nothing about the secret from
    its length (BREACH)."""
    secret = request.session.get(CSRF_SESSION_KEY)
    if not secret:
        secret = secrets.token_urlsafe(_SECRET_BYTES)
        request.session[CSRF_SESSION_KEY] = secret
    raw = _decode(str(secret))
    if raw is None:  # not ours: a cookie signed with our key holds only what we wrote
        raise ValueError("the session's CSRF secret is unreadable")
    pad = secrets.token_bytes(len(raw))
    masked = bytes(a ^ b for a, b in zip(pad, raw, strict=True))
    return base64.urlsafe_b64encode(pad + masked).decode().rstrip("=")


def token_matches(request: Request, sent: object) -> bool:
    """True when `sent` is a token `csrf_token` made for this session (compared as bytes: a
    token sent with characters beyond ASCII is simply wrong)."""
    secret = request.session.get(CSRF_SESSION_KEY)
    if not secret or not isinstance(sent, str) or not sent.isascii():
        return False
    if hmac.compare_digest(sent.encode(), str(secret).encode()):
        return True  # a page rendered before tokens were masked, still open in a browser
    expected = _decode(str(secret))
    token = _decode(sent)
    if expected is None or token is None or len(token) != 2 * len(expected):
        return False
    pad, masked = token[: len(expected)], token[len(expected) :]
    unmasked = bytes(a ^ b for a, b in zip(pad, masked, strict=True))
    return hmac.compare_digest(unmasked, expected)


def _decode(value: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (ValueError, binascii.Error):
        return None


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
