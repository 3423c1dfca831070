"""The initiatives' root fields: the list and `initiativeStats`."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.enums import OrderDirection
from schema.core.filters import DirectionArgument, order_clause
from schema.core.pagination import After, Before, Connection, First, Last
from schema.core.roots import arguments, list_page
from schema.core.sources import Source
from schema.initiatives import stats
from schema.initiatives.filters import (
    INITIATIVE_ORDER,
    InitiativeFilterArgument,
    InitiativeOrderArgument,
    InitiativeOrderBy,
    initiative_conditions,
)
from schema.initiatives.sources import INITIATIVE
from schema.initiatives.stats import InitiativeGroupBy, InitiativeStatsGroup
from schema.initiatives.types import Initiative
from server.models import Initiative as InitiativeRow


@strawberry.type
class InitiativesQuery:
    @strawberry.field(description="Initiatives across the visible plans.")
    async def initiatives(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: InitiativeFilterArgument = None,
        order_by: InitiativeOrderArgument = InitiativeOrderBy.ID,
        direction: DirectionArgument = OrderDirection.ASC,
    ) -> Connection[Initiative]:
        return await list_page(info, initiatives_list)

    @strawberry.field(
        description="Counts and budget sums of the initiatives the filter matches, grouped; "
        "computed in SQL with the same filter as `initiatives`."
    )
    async def initiative_stats(
        self,
        info: Info[Context, None],
        filter: InitiativeFilterArgument = None,
        group_by: Annotated[
            list[InitiativeGroupBy] | None,
            strawberry.argument(
                description="What to group by, in this order; null or empty: one group of all."
            ),
        ] = None,
    ) -> list[InitiativeStatsGroup]:
        return await stats.initiative_stats(info, arguments(info))


def initiatives_list(args: dict[str, Any]) -> tuple[Source, list[Any], list[Any]]:
    return (
        INITIATIVE,
        initiative_conditions(args.get("filter")),
        order_clause(INITIATIVE_ORDER, InitiativeRow.id, args),
    )
