"""A tool's read document answered by its compiled statement before anything else of the
request is set up: on the /graphql route, ahead of its guard, a JSON POST with an API token
whose document the process has answered before reads the token and the answer on a connection
of the driver pool (server/driver_pool.py). No database session, transaction or SQLAlchemy
checkout is made for it: on PostgreSQL they cost such a request about a sixth of its CPU.

Only the plain case is answered here: a token that is valid and whose use needs no writing
down, a document the compiled statement answers, a connection of the pool free. Anything else
(a wrong, throttled or expired token, a token whose last use is due to be recorded, a document
the compiled statement does not answer, the database away, every connection in use) goes on to
the guard and the GraphQL view, which answer it exactly as before, looking the token up again;
the answer and its headers are the same either way, as the middleware around the route writes
both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
import psycopg
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from schema.core.limits import document_too_long
from server.domain.core.viewer import Viewer
from server.domain.people.authentication import plain_token_viewer
from server.driver_pool import DriverPool
from server.web.core.client_address import client_address
from server.web.core.observability import note_operation
from server.web.core.pipeline import request_state


@dataclass(frozen=True)
class DocumentRequest:
    """What a JSON POST to /graphql asks, when a compiled statement could answer it."""

    query: str
    variables: dict[str, Any] | None
    operation: str | None


def json_document(scope: Scope, body: bytes) -> DocumentRequest | None:
    """The document, variables and operation name of a JSON body, or None for anything the
    stock path must answer (a batch, an unreadable body, a document too long to parse). The
    request's log line and metrics are told the operation's name, whatever else the body is."""
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(payload, dict):
        return None
    query, variables = payload.get("query"), payload.get("variables")
    operation = payload.get("operationName")
    note_operation(scope, query, operation)
    if (
        not isinstance(query, str)
        or not isinstance(variables, dict | None)
        or not isinstance(operation, str | None)
        or document_too_long(query) is not None
    ):
        return None
    return DocumentRequest(query, variables, operation)


def data_response(text: str) -> Response:
    """{"data": ...} as Strawberry writes it with orjson, byte for byte."""
    return Response(b'{"data":' + text.encode() + b"}", media_type="application/json")


@dataclass(frozen=True)
class DriverReads:
    """The request as a compiled statement reads it (schema/core/compiled_documents.Reader)."""

    viewer: Viewer
    connection: psycopg.AsyncConnection[Any]
    reads_autocommit: bool = True

    async def driver(self) -> psycopg.AsyncConnection[Any]:
        return self.connection


class CompiledReads:
    """Pure ASGI middleware of the /graphql route (see the module)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        pool: DriverPool | None = getattr(scope["app"].state, "driver_pool", None)
        if pool is None or pool.busy or not _tool_posts_json(scope):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        body = await request.body()
        answered = await self.answer(request, pool, body)
        if answered is not None:
            await answered(scope, receive, send)
            return
        await self.app(scope, replaying(body), send)

    async def answer(self, request: Request, pool: DriverPool, body: bytes) -> Response | None:
        document = json_document(request.scope, body)
        if document is None:
            return None
        state = request.app.state
        if not state.compiled_documents.knows(document.query, document.operation):
            return None
        secret = request.headers["authorization"].partition(" ")[2].strip()
        address = client_address(request, state.settings.trusted_proxies)
        try:
            async with pool.connection() as connection:
                viewer = await plain_token_viewer(
                    connection, state.engine.sync_engine, secret, address, state.throttle_rules
                )
                if viewer is None:
                    return None
                request_state(request).note_viewer(viewer)
                text = await state.compiled_documents.answer_text(
                    document.query,
                    document.operation,
                    document.variables,
                    DriverReads(viewer, connection),
                )
        except psycopg.OperationalError:
            return None  # the database is away: the stock path says so
        return data_response(text) if text is not None else None


def _tool_posts_json(scope: Scope) -> bool:
    """A POST with a JSON body and an API token (a browser's session plays no part)."""
    if scope["method"] != "POST":
        return False
    json = bearer = False
    for name, value in scope["headers"]:
        if name == b"content-type":
            json = value.split(b";")[0].strip().lower() == b"application/json"
        elif name == b"authorization":
            bearer = value[:7].lower() == b"bearer "
    return json and bearer


def replaying(body: bytes) -> Receive:
    """A `receive` that hands over a body already read, once."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive
