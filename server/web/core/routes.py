"""The web door's own routes: the health check, the GraphQL door and the static files."""

from __future__ import annotations

import strawberry
from starlette.routing import BaseRoute, Mount

from server.web.core.graphql_view import graphql_route
from server.web.core.health import healthz
from server.web.core.routing import ANYONE, GuardedRoute
from server.web.core.static_files import HashedStaticFiles


def routes(schema: strawberry.Schema) -> list[BaseRoute]:
    return [
        GuardedRoute("/healthz", healthz, needs=ANYONE, name="healthz"),
        graphql_route(schema),
        Mount("/static", HashedStaticFiles(), name="static"),
    ]
