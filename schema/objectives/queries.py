"""The objectives' root fields: the list, coverage (what nobody works on, the initiatives
serving no objective) and whether the viewer may manage them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import exists
from strawberry.types import Info

from schema.core.context import Context
from schema.core.filters import enum_values
from schema.core.pagination import After, Before, Connection, First, Last
from schema.core.planner import Planner
from schema.core.roots import list_page, objects_in_order
from schema.core.sources import Source
from schema.initiatives.filters import InitiativeFilterArgument, initiative_conditions
from schema.initiatives.sources import INITIATIVE
from schema.objectives.coverage import coverage
from schema.objectives.enums import ObjectiveLevel
from schema.objectives.sources import OBJECTIVE
from schema.objectives.types import Objective
from server.domain.core import permissions
from server.models import Initiative as InitiativeRow
from server.models import InitiativeObjective
from server.models import Objective as ObjectiveRow

if TYPE_CHECKING:
    from schema.initiatives.types import Initiative

# Types of other areas, resolved when the schema is built.
InitiativeRef = Annotated["Initiative", strawberry.lazy("schema.initiatives.types")]


async def nobody_works_on(info: Info[Context, None]) -> list[Objective]:
    """Objectives with no visible metric and no visible initiative on them or below them."""
    info.context.require_viewer()
    planner = Planner(info)
    ordered, measured, served = await coverage(planner)
    ids = [i for i in ordered if i not in measured and i not in served]
    return await objects_in_order(
        planner, OBJECTIVE, ids, [n.selection_set for n in planner.field_nodes]
    )


def serves_no_objective() -> Any:
    """The initiative is linked to no objective."""
    return ~exists().where(InitiativeObjective.initiative_id == InitiativeRow.id)


@strawberry.type
class ObjectivesQuery:
    @strawberry.field(description="Objectives; `level` narrows to one or more levels.")
    async def objectives(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        level: Annotated[
            list[ObjectiveLevel] | None,
            strawberry.argument(description="Only objectives of these levels."),
        ] = None,
    ) -> Connection[Objective]:
        return await list_page(info, objectives_list)

    @strawberry.field(
        description="Objectives with no metric and no initiative on them or below them, in "
        "tree order."
    )
    async def objectives_nobody_works_on(self, info: Info[Context, None]) -> list[Objective]:
        return await nobody_works_on(info)

    @strawberry.field(description="Visible initiatives linked to no objective.")
    async def initiatives_without_objective(
        self,
        info: Info[Context, None],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        filter: InitiativeFilterArgument = None,
    ) -> Connection[InitiativeRef]:
        return await list_page(info, initiatives_without_objective_list)

    @strawberry.field(
        description="Whether the viewer may create, edit and delete objectives and link work "
        "to them (administrators and the steering committee, with a read-write token)."
    )
    def viewer_may_manage_objectives(self, info: Info[Context, None]) -> bool:
        viewer = info.context.require_viewer()
        return viewer.may_write and permissions.may_manage_objectives(viewer)


def objectives_list(args: dict[str, Any]) -> tuple[Source, list[Any], list[Any]]:
    conditions = []
    if args.get("level") is not None:
        conditions.append(ObjectiveRow.level.in_(enum_values(args["level"])))
    return OBJECTIVE, conditions, [ObjectiveRow.id]


def initiatives_without_objective_list(args: dict[str, Any]) -> tuple[Source, list[Any], list[Any]]:
    conditions = [serves_no_objective(), *initiative_conditions(args.get("filter"))]
    return INITIATIVE, conditions, [InitiativeRow.id]
