"""The GraphQL schema, assembled in one place from the areas in AREAS.

Each area (schema/<area>/) holds its types, inputs, payloads, mutations, root fields, filters
and relations, and says what it contributes in its area.py; schema/core/ holds the machinery
they share and imports no area. `build_schema` installs the areas' sources and relations with
the planner and composes Query and Mutation from their classes.
"""

from __future__ import annotations

import strawberry
from strawberry.extensions import MaxTokensLimiter, ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig

from schema import order
from schema.balance import area as balance
from schema.collaboration import area as collaboration
from schema.core.areas import Area, compose, in_order, install
from schema.core.errors import HideSuggestions, MaskUnexpectedErrors
from schema.core.executor import FastExecutionContext
from schema.core.input_checks import InputChecks
from schema.core.limits import MAX_TOKENS, QueryLimits
from schema.core.nodes import NodeQuery
from schema.core.scalars import SCALAR_MAP
from schema.engagement import area as engagement
from schema.governance import area as governance
from schema.imports import area as imports
from schema.initiatives import area as initiatives
from schema.metrics import area as metrics
from schema.objectives import area as objectives
from schema.people import area as people
from schema.plans import area as plans
from schema.portfolio import area as portfolio
from schema.search import area as search
from schema.services import area as services
from schema.work import area as work

AREAS: tuple[Area, ...] = (
    initiatives.AREA,
    plans.AREA,
    services.AREA,
    people.AREA,
    objectives.AREA,
    metrics.AREA,
    imports.AREA,
    work.AREA,
    engagement.AREA,
    balance.AREA,
    portfolio.AREA,
    governance.AREA,
    collaboration.AREA,
    search.AREA,
)


class StewardSchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:
        """Unexpected errors are logged by MaskUnexpectedErrors; the rest are the caller's."""


def build_schema(fast: bool = True) -> strawberry.Schema:
    """The schema; `fast=False` runs graphql-core's stock executor (the suite compares both)."""
    install(AREAS)
    query = compose(
        "Query",
        [NodeQuery, *(part for area in AREAS for part in area.queries)],
        description="What can be read: every list as a connection, look-ups by id, and the "
        "aggregates; everything as the viewer may see it.",
        order=order.QUERY,
    )
    mutation = compose(
        "Mutation",
        [part for area in AREAS for part in area.mutations],
        description="What can be changed: each mutation takes one input object, makes one "
        "change in its own transaction, and returns a payload with what changed and `errors` "
        "(all or nothing).",
        order=order.MUTATION,
    )
    return StewardSchema(
        query=query,
        mutation=mutation,
        types=in_order([kind for area in AREAS for kind in area.types], order.TYPES),
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
