"""The GraphQL schema, assembled in one place."""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaxTokensLimiter, ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig

from schema import (
    overview,  # noqa: F401  (summary fields for the overview pages)
    relations,  # noqa: F401  (registers every relation with the planner)
    types,
)
from schema.errors import HideSuggestions, MaskUnexpectedErrors
from schema.executor import FastExecutionContext
from schema.input_checks import InputChecks
from schema.limits import MAX_TOKENS, QueryLimits
from schema.mutations import Mutation
from schema.queries import Query
from schema.scalars import SCALAR_MAP

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
    types.ApiToken,
]


class StewardSchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:
        """Unexpected errors are logged by MaskUnexpectedErrors; the rest are the caller's."""


def build_schema(fast: bool = True) -> strawberry.Schema:
    """The schema; `fast=False` runs graphql-core's stock executor (the suite compares both)."""
    return StewardSchema(
        query=Query,
        mutation=Mutation,
        types=ALL_TYPES,
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
        execution_context_class=FastExecutionContext if fast else None,
        extensions=[
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            InputChecks,
            QueryLimits,
            MaskUnexpectedErrors,
            HideSuggestions,
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        ],
    )
