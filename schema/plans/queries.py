"""The plans' root field."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.filters import enum_values
from schema.core.pagination import After, Before, Connection, First, Last
from schema.core.roots import arguments, root_connection
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
        args = arguments(info)
        conditions = []
        if args.get("kind") is not None:
            conditions.append(PlanRow.kind.in_(enum_values(args["kind"])))
        return await root_connection(info, PLAN, conditions, [PlanRow.id])
