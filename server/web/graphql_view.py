"""The HTTP door to the schema: POST /graphql (and GET), for signed-in people and tokens."""

from __future__ import annotations

import hmac
import secrets
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.types import ExecutionResult

from schema.core.context import Context
from schema.core.limits import document_too_long
from server.db import RETRY_AFTER_SECONDS
from server.web.csrf import CSRF_HEADER, CSRF_SESSION_KEY
from server.web.requests import request_context
from server.web.security_headers import graphiql_policy

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


def cookie_request_is_ours(request: Request) -> bool:
    """A POST signed in by cookie must echo the session's CSRF token in a header, so another
    site cannot make a signed-in browser send it. Bearer-token requests carry no cookie risk."""
    if request.method != "POST" or request.headers.get("authorization"):
        return True
    expected = request.session.get(CSRF_SESSION_KEY)
    sent = request.headers.get(CSRF_HEADER)
    return bool(expected and sent and hmac.compare_digest(expected, sent))


class GraphQLView(GraphQL):
    """Strawberry's ASGI view with our context, a 401 for strangers and orjson encoding."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await Response(status_code=404)(scope, receive, send)
            return
        request = Request(scope, receive)
        async with request_context(request) as context:
            if wants_explorer(request):
                await self.explorer(request, context)(scope, receive, send)
                return
            if context.viewer is None:
                response = JSONResponse(
                    UNAUTHENTICATED,
                    status_code=401,
                    headers={"WWW-Authenticate": 'Bearer realm="steward"'},
                )
                await response(scope, receive, send)
                return
            if not cookie_request_is_ours(request):
                await JSONResponse(CSRF_MISSING, status_code=403)(scope, receive, send)
                return
            # The explorer is a signed-in browser; tools send a token and get no hints.
            context.suggestions = not request.headers.get("authorization")
            scope.setdefault("state", {})["steward_context"] = context
            await super().__call__(scope, receive, send)

    def explorer(self, request: Request, context: Context) -> Response:
        """GraphiQL, served from vendored files, running queries with the viewer's session."""
        if context.viewer is None:
            return RedirectResponse("/sign-in?next=%2Fgraphql", status_code=303)
        style_nonce = secrets.token_urlsafe(18)
        return request.app.state.templates.TemplateResponse(
            request,
            "graphiql/graphiql.html",
            {"viewer": context.viewer, "style_nonce": style_nonce},
            headers={"Content-Security-Policy": graphiql_policy(style_nonce)},
        )

    async def get_context(self, request: Any, response: Any) -> Context:
        return request.state.steward_context

    async def execute_single(self, **kwargs: Any) -> ExecutionResult:
        """A document too long to parse quickly is refused before parsing."""
        too_long = document_too_long(kwargs["request_data"].query)
        if too_long is not None:
            return ExecutionResult(data=None, errors=[too_long])
        return await super().execute_single(**kwargs)

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


def _database_unavailable(response_data: object) -> bool:
    results = response_data if isinstance(response_data, list) else [response_data]
    return any(
        (error.get("extensions") or {}).get("code") == "UNAVAILABLE"
        for result in results
        if isinstance(result, dict)
        for error in result.get("errors") or ()
    )
