"""The web door's own routes: the health and readiness checks, the GraphQL door, the Prometheus
metrics and the static files."""

from __future__ import annotations

import strawberry
from starlette.routing import BaseRoute, Mount

from server.settings import Settings
from server.web.core.graphql_view import graphql_route
from server.web.core.health import healthz
from server.web.core.prometheus import metrics_route
from server.web.core.readiness import readyz
from server.web.core.routing import ANYONE, GuardedRoute
from server.web.core.static_files import HashedStaticFiles


def routes(schema: strawberry.Schema, settings: Settings) -> list[BaseRoute]:
    return [
        GuardedRoute("/healthz", healthz, needs=ANYONE, name="healthz"),
        graphql_route(schema),
        GuardedRoute("/readyz", readyz, needs=ANYONE, name="readyz"),
        metrics_route(open_to_anyone=settings.metrics_open),
        Mount("/static", HashedStaticFiles(), name="static"),
    ]
