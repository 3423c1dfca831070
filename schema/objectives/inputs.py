"""The inputs of the objectives' mutations, and the plain values server/domain takes from them."""

from __future__ import annotations

from typing import Any

import strawberry

from schema.core.inputs import UNCHANGED, input_field
from schema.core.mutations import decode
from schema.objectives.enums import ObjectiveLevel
from server.domain.objectives.edits import ObjectiveFields


@strawberry.input(description="A new objective; every level but the vision sits below a parent.")
class CreateObjectiveInput:
    level: ObjectiveLevel = strawberry.field(description="Its level in the tree.")
    title: str = strawberry.field(description="A short name, at most 200 characters.")
    description: str | None = input_field("What the objective means, at most 10,000 characters.")
    parent_id: strawberry.ID | None = input_field(
        "An objective of a higher level; none only for a vision."
    )


@strawberry.input(description="Changes to an objective; fields left out stay as they are.")
class UpdateObjectiveInput:
    id: strawberry.ID = strawberry.field(description="The objective's global id.")
    level: ObjectiveLevel | None = input_field(
        "The new level, below its parent's and above its children's" + UNCHANGED
    )
    title: str | None = input_field("The new title" + UNCHANGED)
    description: str | None = input_field("The new description" + UNCHANGED)
    parent_id: strawberry.ID | None = input_field(
        "Move it below another objective (global id); null makes it a root, which only a vision "
        "may be; left out: it stays where it is.",
        strawberry.UNSET,
    )


@strawberry.input(description="An objective with nothing below it, to delete.")
class DeleteObjectiveInput:
    id: strawberry.ID = strawberry.field(description="The objective's global id.")


@strawberry.input(description="Link one metric or one initiative to an objective it serves.")
class LinkObjectiveInput:
    objective_id: strawberry.ID = strawberry.field(description="The objective's global id.")
    metric_id: strawberry.ID | None = input_field(
        "The metric to link (global id); give this or initiativeId."
    )
    initiative_id: strawberry.ID | None = input_field(
        "The initiative to link (global id); give this or metricId."
    )


@strawberry.input(description="Unlink one metric or one initiative from an objective.")
class UnlinkObjectiveInput:
    objective_id: strawberry.ID = strawberry.field(description="The objective's global id.")
    metric_id: strawberry.ID | None = input_field(
        "The metric to unlink (global id); give this or initiativeId."
    )
    initiative_id: strawberry.ID | None = input_field(
        "The initiative to unlink (global id); give this or metricId."
    )


def objective_fields(data: Any) -> tuple[ObjectiveFields, bool]:
    """The fields, and whether a parent was given (a move)."""
    parent = getattr(data, "parent_id", None)
    moved = parent is not strawberry.UNSET
    return (
        ObjectiveFields(
            level=data.level,
            title=data.title,
            description=data.description,
            parent_id=decode(parent, "Objective", "input.parentId") if moved else None,
        ),
        moved,
    )


def link_target(data: Any) -> tuple[int, int | None, int | None]:
    return (
        decode(data.objective_id, "Objective", "input.objectiveId"),
        decode(data.metric_id, "Metric", "input.metricId"),
        decode(data.initiative_id, "Initiative", "input.initiativeId"),
    )
