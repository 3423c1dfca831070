"""The objectives' mutations: the tree, and the links of metrics and initiatives to it
(administrators and the steering committee)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.core.context import Context
from schema.core.mutations import decode, run
from schema.objectives.inputs import (
    CreateObjectiveInput,
    DeleteObjectiveInput,
    LinkObjectiveInput,
    UnlinkObjectiveInput,
    UpdateObjectiveInput,
    link_target,
    objective_fields,
)
from schema.objectives.payloads import (
    CreateObjectivePayload,
    DeleteObjectivePayload,
    LinkObjectivePayload,
    UnlinkObjectivePayload,
    UpdateObjectivePayload,
)
from server.domain.objectives import edits as objectives


@strawberry.type
class ObjectivesMutation:
    @strawberry.mutation(
        description="Create an objective below one of a higher level (administrators and the "
        "steering committee)."
    )
    async def create_objective(
        self,
        info: Info[Context, None],
        input: Annotated[
            CreateObjectiveInput,
            strawberry.argument(
                description="The new objective's level, title, description and parent."
            ),
        ],
    ) -> CreateObjectivePayload:
        def work(session, viewer):
            fields, _ = objective_fields(input)
            return objectives.create(session, viewer, fields)

        return CreateObjectivePayload(**await run(info, work, "objective", "Objective"))

    @strawberry.mutation(description="Change an objective's title, description, level or parent.")
    async def update_objective(
        self,
        info: Info[Context, None],
        input: Annotated[
            UpdateObjectiveInput,
            strawberry.argument(description="The objective and the fields to change."),
        ],
    ) -> UpdateObjectivePayload:
        def work(session, viewer):
            fields, moved = objective_fields(input)
            return objectives.update(
                session, viewer, decode(input.id, "Objective", "input.id"), fields, moved
            )

        return UpdateObjectivePayload(**await run(info, work, "objective", "Objective"))

    @strawberry.mutation(
        description="Delete an objective with no objectives below it; its links go with it."
    )
    async def delete_objective(
        self,
        info: Info[Context, None],
        input: Annotated[
            DeleteObjectiveInput, strawberry.argument(description="The objective to delete.")
        ],
    ) -> DeleteObjectivePayload:
        def work(session, viewer):
            deleted = objectives.remove(session, viewer, decode(input.id, "Objective", "input.id"))
            return deleted.parent_id

        result = await run(
            info, work, "parent", "Objective", key=lambda parent_id: parent_id or 0,
            extra=lambda parent_id: {"deleted_objective_id": input.id},
        )  # fmt: skip
        if result["errors"]:
            result["deleted_objective_id"] = None
        return DeleteObjectivePayload(**result)

    @strawberry.mutation(description="Trace a metric or an initiative to an objective it serves.")
    async def link_objective(
        self,
        info: Info[Context, None],
        input: Annotated[
            LinkObjectiveInput,
            strawberry.argument(description="The objective and the metric or initiative to link."),
        ],
    ) -> LinkObjectivePayload:
        def work(session, viewer):
            return objectives.set_link(session, viewer, *link_target(input), linked=True)

        return LinkObjectivePayload(**await run(info, work, "objective", "Objective"))

    @strawberry.mutation(description="Remove a metric's or an initiative's link to an objective.")
    async def unlink_objective(
        self,
        info: Info[Context, None],
        input: Annotated[
            UnlinkObjectiveInput,
            strawberry.argument(
                description="The objective and the metric or initiative to unlink."
            ),
        ],
    ) -> UnlinkObjectivePayload:
        def work(session, viewer):
            return objectives.set_link(session, viewer, *link_target(input), linked=False)

        return UnlinkObjectivePayload(**await run(info, work, "objective", "Objective"))
