"""The plans' root field."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.filters import enum_values
from schema.core.pagination import After, Before, Connection, First, Last
from schema.core.roots import list_page
from schema.core.sources import Source
from schema.plans.enums import PlanKind
from schema.plans.sources import PLAN
from schema.plans.types import Plan
from server.models import Plan as PlanRow


@strawberry.type
class PlansQuery:
    @strawberry.field(description="The plans the viewer may see, oldest first.")
    async def plans(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        kind: Annotated[
            list[PlanKind] | None, strawberry.argument(description="Only plans of these kinds.")
        ] = None,
    ) -> Connection[Plan]:
        return await list_page(info, plans_list)


def plans_list(args: dict[str, Any]) -> tuple[Source, list[Any], list[Any]]:
    conditions = []
    if args.get("kind") is not None:
        conditions.append(PlanRow.kind.in_(enum_values(args["kind"])))
    return PLAN, conditions, [PlanRow.id]
