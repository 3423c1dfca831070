"""The HTTP door to the schema: POST /graphql (and GET), for signed-in people and tokens.

Its route (`graphql_route`) declares what the request pipeline enforces before the view runs: a
stranger gets 401 (a browser opening the explorer: the sign-in page), whatever else the request
is; a signed-in browser's POST must send the session's CSRF token in the X-CSRF-Token header
(the body is the query's)."""

from __future__ import annotations

import secrets
from typing import Any

import orjson
import strawberry
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.types import ExecutionResult

from server.db import RETRY_AFTER_SECONDS
from server.web.core.compiled_reads import CompiledReads, data_response, json_document, replaying
from server.web.core.csrf import CsrfPolicy
from server.web.core.explorer_examples import example_tabs
from server.web.core.observability import note_operation
from server.web.core.pipeline import request_state
from server.web.core.read_routing import unavailable
from server.web.core.routing import SIGNED_IN, GuardedRoute
from server.web.core.schema_api import CompiledDocuments, Context, document_too_long
from server.web.core.security_headers import graphiql_policy

UNAUTHENTICATED = {
    "errors": [
        {
            "message": "Sign in, or send an API token as `Authorization: Bearer <token>`.",
            "extensions": {"code": "UNAUTHENTICATED"},
        }
    ]
}

CSRF_MISSING = {
    "errors": [
        {
            "message": "A signed-in browser request must send the session's CSRF token in the "
            "X-CSRF-Token header (the GraphQL explorer does). Tools should use an API token.",
            "extensions": {"code": "FORBIDDEN"},
        }
    ]
}


def wants_explorer(request: Request) -> bool:
    return request.method == "GET" and "text/html" in request.headers.get("accept", "")


def strangers(request: Request) -> Response:
    """Someone not signed in: a browser opening the explorer signs in first; a tool gets 401."""
    if wants_explorer(request):
        return RedirectResponse("/sign-in?next=%2Fgraphql", status_code=303)
    return JSONResponse(
        UNAUTHENTICATED, status_code=401, headers={"WWW-Authenticate": 'Bearer realm="steward"'}
    )


async def csrf_refused(request: Request) -> Response:
    """A signed-in browser's POST without the session's token (the explorer sends it)."""
    return JSONResponse(CSRF_MISSING, status_code=403)


class GraphQLView(GraphQL):
    """Strawberry's ASGI view with our context, the explorer page and orjson encoding."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await Response(status_code=404)(scope, receive, send)
            return
        request = Request(scope, receive)
        context = await request_state(request).context()
        if wants_explorer(request):
            await self.explorer(request, context)(scope, receive, send)
            return
        # The explorer is a signed-in browser; tools send a token and get no hints.
        context.suggestions = not request.headers.get("authorization")
        if context.reads_autocommit and _posts_json(scope):
            # A read document answered before may be answered by its compiled statement, with
            # no more of the request's handling than its answer needs; else Strawberry takes
            # the body from here.
            body = await request.body()
            answered = await self.compiled_answer(request, context, body)
            if answered is not None:
                await answered(scope, receive, send)
                return
            receive = replaying(body)
        scope.setdefault("state", {})["steward_context"] = context
        await super().__call__(scope, receive, send)

    async def compiled_answer(
        self, request: Request, context: Context, body: bytes
    ) -> Response | None:
        """The response from the document's compiled statement, as Strawberry would write it;
        None for anything but a single read document it answers (the stock path then runs)."""
        document = json_document(request.scope, body)
        if document is None:
            return None
        compiled: CompiledDocuments = request.app.state.compiled_documents
        text = await compiled.answer_text(
            document.query, document.operation, document.variables, context
        )
        return data_response(text) if text is not None else None

    def explorer(self, request: Request, context: Context) -> Response:
        """GraphiQL, served from vendored files, running queries with the viewer's session."""
        style_nonce = secrets.token_urlsafe(18)
        return request.app.state.templates.TemplateResponse(
            request,
            "graphiql/graphiql.html",
            {"viewer": context.viewer, "style_nonce": style_nonce, "examples": example_tabs()},
            headers={"Content-Security-Policy": graphiql_policy(style_nonce)},
        )

    async def get_context(self, request: Any, response: Any) -> Context:
        return request.state.steward_context

    async def execute_single(self, **kwargs: Any) -> ExecutionResult:
        """A document too long to parse quickly is refused before parsing; a read document
        answered before is answered by its compiled statement when it can be
        (schema/core/compiled_documents.py), else the stock way, and remembered."""
        request_data = kwargs["request_data"]
        too_long = document_too_long(request_data.query)
        if too_long is not None:
            return ExecutionResult(data=None, errors=[too_long])
        query, operation = request_data.query, request_data.operation_name
        note_operation(kwargs["request"].scope, query, operation)
        state = kwargs["request"].app.state
        compiled: CompiledDocuments = state.compiled_documents
        if isinstance(query, str) and not _posts_json(kwargs["request"].scope):
            # (a JSON POST asked the compiled statement already, in __call__)
            data = await compiled.answer(
                query, operation, request_data.variables, kwargs["context"]
            )
            if data is not None:
                return ExecutionResult(data=data, errors=None)
        result = await super().execute_single(**kwargs)
        if unavailable(result.errors) and await kwargs["context"].leave_replica():
            result = await super().execute_single(**kwargs)  # again, on the primary
        if isinstance(query, str) and not result.errors and result.data is not None:
            compiled.learn(query, operation)
            if state.settings.check_compiled:
                await compiled.prove(
                    query, operation, request_data.variables, kwargs["context"], result.data
                )
        return result

    def decode_json(self, data: str | bytes) -> object:
        """orjson refuses what cannot be text (lone surrogates) and nesting past 1,024 levels;
        either way the body is unreadable: a 400."""
        return orjson.loads(data)

    def create_response(self, response_data, sub_response: Response) -> Response:
        """As Strawberry's, but 503 with Retry-After when the database did not answer, so
        clients and load balancers retry as they would for /healthz."""
        response = super().create_response(response_data, sub_response)
        if _database_unavailable(response_data):
            response.status_code = 503
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)


def _posts_json(scope: Scope) -> bool:
    if scope["method"] != "POST":
        return False
    for name, value in scope["headers"]:
        if name == b"content-type":
            return value.split(b";")[0].strip().lower() == b"application/json"
    return False


def _database_unavailable(response_data: object) -> bool:
    results = response_data if isinstance(response_data, list) else [response_data]
    return any(
        (error.get("extensions") or {}).get("code") == "UNAVAILABLE"
        for result in results
        if isinstance(result, dict)
        for error in result.get("errors") or ()
    )


def graphql_route(schema: strawberry.Schema) -> GuardedRoute:
    """/graphql, every method (Strawberry answers those it does not take)."""
    return GuardedRoute(
        "/graphql",
        GraphQLView(schema, graphql_ide=None, allow_queries_via_get=True),
        needs=SIGNED_IN,
        strangers=strangers,
        csrf=CsrfPolicy(in_form=False, refuse=csrf_refused, strangers_first=True),
        # A tool's read document a compiled statement answers, before the guard.
        ahead_of_guard=[Middleware(CompiledReads)],
    )
