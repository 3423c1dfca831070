"""The HTTP door to the schema: POST /graphql (and GET), for signed-in people and tokens."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL

from schema.context import Context
from server.web.requests import request_context

UNAUTHENTICATED = {
    "errors": [
        {
            "message": "Sign in, or send an API token as `Authorization: Bearer <token>`.",
            "extensions": {"code": "UNAUTHENTICATED"},
        }
    ]
}


class GraphQLView(GraphQL):
    """Strawberry's ASGI view with our context, a 401 for strangers and orjson encoding."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await Response(status_code=404)(scope, receive, send)
            return
        request = Request(scope, receive)
        async with request_context(request) as context:
            if context.viewer is None:
                response = JSONResponse(
                    UNAUTHENTICATED,
                    status_code=401,
                    headers={"WWW-Authenticate": 'Bearer realm="steward"'},
                )
                await response(scope, receive, send)
                return
            scope.setdefault("state", {})["steward_context"] = context
            await super().__call__(scope, receive, send)

    async def get_context(self, request: Any, response: Any) -> Context:
        return request.state.steward_context

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)
