"""Watching every request: its id, its SQL, its metrics and its log line, as one pure ASGI
middleware outside Starlette's stack (so 500 answers, redirects, static files and refusals are
seen too).

On the way in it gives the request its id (server/web/core/request_ids.py) and opens its
statement tally (server/statement_tally.py); on the way out it returns the id in
`X-Request-ID`, records the metrics (server/web/core/prometheus.py) and writes the request's
one log line (server/web/core/request_log.py). What it needs to know on the way is filled into
the request's `RequestRecord` by the router (the route's template), the request pipeline (who
asked) and the GraphQL door (`note_operation`). It sends no statement of its own.
"""

from __future__ import annotations

import re
from ipaddress import IPv4Network, IPv6Network
from time import perf_counter
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server import statement_tally
from server.web.core import request_ids
from server.web.core.pipeline import STATE_KEY, RequestState
from server.web.core.prometheus import OPERATION_NAME, Metrics
from server.web.core.request_log import RequestRecord, log_request

RECORD_KEY = "steward.observed"
CLIENT_WENT_AWAY = 499  # no answer was started: the client disconnected first
# A document's first definition, when it is a named operation (comments and commas skipped).
_FIRST_NAMED = re.compile(r"(?:[\s,\ufeff]|#[^\n\r]*)*(?:query|mutation|subscription)\s+(\w+)")


def note_operation(scope: Scope, query: object, operation_name: object) -> None:
    """The GraphQL door names the request's operation: the `operationName` sent, else the
    name of the document's first operation (anonymous: none). Names that are not GraphQL
    names are not kept."""
    record: RequestRecord | None = scope.get(RECORD_KEY)
    if record is None:
        return
    name = operation_name if isinstance(operation_name, str) and operation_name else None
    if name is None and isinstance(query, str):
        found = _FIRST_NAMED.match(query)
        name = found[1] if found else None
    record.operation = name if name is not None and OPERATION_NAME.fullmatch(name) else None


class ObservedRequests:
    """Pure ASGI middleware (see the module)."""

    def __init__(
        self,
        app: ASGIApp,
        metrics: Metrics,
        compiled_counters: Any,
        slow_request_ms: int,
        trusted_proxies: tuple[IPv4Network | IPv6Network, ...],
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.compiled_counters = compiled_counters  # () -> the compiled documents' Counters
        self.slow_request_ms = slow_request_ms
        self.trusted_proxies = trusted_proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_ids.request_id_for(scope, self.trusted_proxies)
        scope[request_ids.SCOPE_KEY] = request_id
        record = scope[RECORD_KEY] = RequestRecord(request_id, scope["method"], scope["path"])
        current = request_ids.current.set(request_id)

        async def send_observed(message: Message) -> None:
            if message["type"] == "http.response.start":
                record.status = message["status"]
                MutableHeaders(scope=message)[request_ids.HEADER] = request_id
            await send(message)

        try:
            with statement_tally.counting() as tally:
                record.tally = tally
                await self.app(scope, receive, send_observed)
        except Exception:
            record.status = record.status or 500
            raise
        finally:
            record.seconds = perf_counter() - record.started
            record.status = record.status or CLIENT_WENT_AWAY
            self.finish(scope, record)
            request_ids.current.reset(current)

    def finish(self, scope: Scope, record: RequestRecord) -> None:
        route = scope.get("route")
        if route is not None:
            record.route = getattr(route, "path", record.route)
        state: RequestState | None = scope.get(STATE_KEY)
        viewer = state.known_viewer if state is not None else None
        if viewer is not None:
            record.person_id, record.token_id = viewer.person_id, viewer.token_id
        self.metrics.observe(record)
        self.metrics.count_compiled(self.compiled_counters())
        log_request(record, self.slow_request_ms)
