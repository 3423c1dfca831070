"""Turning the objective and metric inputs into the plain values server/domain takes."""

from __future__ import annotations

from typing import Any

import strawberry

from schema.payloads import decode
from server.domain.objectives.edits import ObjectiveFields

METRIC_IDS = {
    "owner_id": ("Person", "input.ownerId"),
    "plan_id": ("Plan", "input.planId"),
    "service_id": ("Service", "input.serviceId"),
    "process_id": ("Process", "input.processId"),
}
METRIC_LISTS = {
    "objective_ids": ("Objective", "input.objectiveIds"),
    "initiative_ids": ("Initiative", "input.initiativeIds"),
}
METRIC_FIELDS = (
    "name", "direction", "description", "unit", "should_measure", "can_measure", "data_source",
    "frequency", "baseline_value", "baseline_date", "target_value", "target_date",
    "amber_tolerance", *METRIC_IDS, *METRIC_LISTS,
)  # fmt: skip


def metric_values(data: Any, *, creating: bool) -> dict[str, Any]:
    """The fields given (on create: those not null), with global ids decoded."""
    given: dict[str, Any] = {}
    for name in METRIC_FIELDS:
        value = getattr(data, name)
        if value is strawberry.UNSET or (creating and value is None):
            continue
        if name in METRIC_IDS and value is not None:
            value = decode(value, *METRIC_IDS[name])
        elif name in METRIC_LISTS and value is not None:
            value = [decode(item, *METRIC_LISTS[name]) for item in value]
        elif name in METRIC_LISTS:
            value = []  # null: no links
        given[name] = value
    return given


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
