"""The payloads of the objectives' mutations."""

from __future__ import annotations

import strawberry

from schema.core.mutations import payload
from schema.objectives.types import Objective

CreateObjectivePayload = payload(
    "CreateObjectivePayload", "objective", Objective, "The objective created; null when refused."
)


UpdateObjectivePayload = payload(
    "UpdateObjectivePayload", "objective", Objective,
    "The objective as changed; null when refused.",
)  # fmt: skip


DeleteObjectivePayload = payload(
    "DeleteObjectivePayload", "parent", Objective,
    "The objective the deleted one sat below; null for a deleted vision, or when refused.",
    {
        "deleted_objective_id": (
            strawberry.ID | None, "The global id of the deleted objective; null when refused."
        )
    },
)  # fmt: skip


LinkObjectivePayload = payload(
    "LinkObjectivePayload", "objective", Objective,
    "The objective, with the metric or initiative now linked; null when refused.",
)  # fmt: skip


UnlinkObjectivePayload = payload(
    "UnlinkObjectivePayload", "objective", Objective,
    "The objective, without the link; null when refused.",
)  # fmt: skip
