"""The GraphQL schema: the root types assembled in one place, with parser and validation caches."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaxTokensLimiter, ParserCache, QueryDepthLimiter, ValidationCache
from strawberry.types import Info

from schema.context import Context
from schema.ids import to_global_id
from schema.pagination import Connection
from schema.people import Viewer
from schema.plans import Plan, resolve_plans

MAX_QUERY_DEPTH = 12


@strawberry.type
class Query:
    @strawberry.field(description="Who is asking: the signed-in person or the token's owner.")
    def viewer(self, info: Info[Context, None]) -> Viewer:
        viewer = info.context.require_viewer()
        return Viewer(
            id=strawberry.ID(to_global_id("Person", viewer.person_id)),
            name=viewer.name,
            email=viewer.email,
            is_admin=viewer.is_admin,
            roles=sorted(grant.role for grant in viewer.grants),
        )

    plans: Connection[Plan] = strawberry.field(
        resolver=resolve_plans, description="The plans the viewer may see, oldest first."
    )


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        extensions=[
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            lambda: QueryDepthLimiter(max_depth=MAX_QUERY_DEPTH),
            lambda: MaxTokensLimiter(max_token_count=5000),
        ],
    )
