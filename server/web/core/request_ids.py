"""Each request's id: the reference in its log line, its `X-Request-ID` header, and the
"Unexpected error" page or GraphQL error it may end in.

A well-formed `X-Request-ID` sent by a trusted proxy (STEWARD_TRUSTED_PROXIES) is kept, so one
id follows the request from the proxy's log to ours; any other request gets a new one.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar
from ipaddress import IPv4Network, IPv6Network

from starlette.types import Scope

from server.web.core.client_address import is_trusted_proxy

HEADER = "X-Request-ID"
SCOPE_KEY = "steward.request_id"
# Letters, digits and . _ - (a UUID, a proxy's hex id), at most 64: safe in a log line, a page
# and a header, whoever wrote it.
WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{1,64}")

# The id of the request this task serves, for every log record written meanwhile.
current: ContextVar[str | None] = ContextVar("steward_request_id", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


def request_id_for(scope: Scope, proxies: tuple[IPv4Network | IPv6Network, ...]) -> str:
    """The id a trusted proxy gave the request, if well formed, else a new one."""
    if proxies:
        peer = scope.get("client") or ("", 0)
        sent = _header(scope, b"x-request-id")
        if sent is not None and WELL_FORMED.fullmatch(sent) and is_trusted_proxy(peer[0], proxies):
            return sent
    return new_request_id()


def request_id_of(scope: Scope) -> str:
    """The request's id; a request that came in some other way (a test's hand-made scope)
    gets one here and keeps it."""
    found = scope.get(SCOPE_KEY)
    if found is None:
        found = scope[SCOPE_KEY] = new_request_id()
    return str(found)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key == name:
            return str(value.decode("latin-1"))
    return None
