"""The GraphQL schema, assembled in one place."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaxTokensLimiter, ParserCache, QueryDepthLimiter, ValidationCache
from strawberry.schema.config import StrawberryConfig

from schema import (
    relations,  # noqa: F401  (registers every relation with the planner)
    types,
)
from schema.queries import Query
from schema.scalars import SCALAR_MAP

MAX_QUERY_DEPTH = 12

ALL_TYPES = [
    types.Role,
    types.Person,
    types.RoleAssignment,
    types.Service,
    types.Offering,
    types.Process,
    types.Plan,
    types.Initiative,
    types.InitiativeEvent,
    types.BudgetRequest,
    types.StatusUpdate,
    types.Objective,
    types.Metric,
    types.Measurement,
    types.AuditEntry,
]


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        types=ALL_TYPES,
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
        extensions=[
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            lambda: QueryDepthLimiter(max_depth=MAX_QUERY_DEPTH),
            lambda: MaxTokensLimiter(max_token_count=5000),
        ],
    )
