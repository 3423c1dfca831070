"""Filtering and sorting lists of initiatives: the filter input, the orderings and the one
place that turns them into SQL conditions, for the root list, every nested list of initiatives
and `initiativeStats` alike, so a total always agrees with its list."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from sqlalchemy import ColumnElement, case, exists, or_, select
from sqlalchemy.orm import aliased
from strawberry.types import Info

from schema.core.enums import OrderDirection
from schema.core.filters import (
    DirectionArgument,
    database_ids,
    enum_values,
    order_clause,
    search_pattern,
)
from schema.core.pagination import After, Before, First, Last, prefetched, reads_prefetch
from schema.initiatives.enums import (
    FourDimension,
    Health,
    InitiativeStatus,
    Priority,
    ValueChainActivity,
)
from schema.plans.enums import PlanKind
from server.models import Initiative, InitiativeDimension, InitiativeTag, Plan, StatusUpdate
from server.models import enums as model_enums


@strawberry.input(
    description="Narrow a list of initiatives: every field given must match; a field left out or "
    "null does not narrow, an empty list matches nothing."
)
class InitiativeFilter:
    plan: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only initiatives in these plans (global ids)."
    )
    plan_kind: list[PlanKind] | None = strawberry.field(
        default=None, description="Only initiatives in plans of these kinds."
    )
    status: list[InitiativeStatus] | None = strawberry.field(
        default=None, description="Only initiatives in these lifecycle states."
    )
    owner: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only initiatives owned by these people (global ids)."
    )
    health: list[Health] | None = strawberry.field(
        default=None,
        description="Only initiatives whose latest status update reports one of these healths "
        "(initiatives with no update are left out).",
    )
    priority: list[Priority] | None = strawberry.field(
        default=None, description="Only initiatives of these priorities."
    )
    tag: list[str] | None = strawberry.field(
        default=None,
        description="Only initiatives with any of these tags (exact; tags are kept in lower case).",
    )
    dimension: list[FourDimension] | None = strawberry.field(
        default=None, description="Only initiatives touching any of these Four Dimensions."
    )
    value_chain_activity: list[ValueChainActivity] | None = strawberry.field(
        default=None, description="Only initiatives serving these value chain activities."
    )
    planned_end_from: date | None = strawberry.field(
        default=None,
        description="Only initiatives planned to end on or after this day (those with no planned "
        "end are left out).",
    )
    changed_since: datetime | None = strawberry.field(
        default=None,
        description="Only initiatives that changed at or after this instant: a field or a "
        "lifecycle step (`updatedAt`), or a status update posted.",
    )
    planned_end_to: date | None = strawberry.field(
        default=None,
        description="Only initiatives planned to end on or before this day (those with no planned "
        "end are left out).",
    )
    search: str | None = strawberry.field(
        default=None, description="Text found in the title or the description, in any case."
    )
    has_parent: bool | None = strawberry.field(
        default=None,
        description="true: only initiatives that execute a strategic initiative (have a "
        "parent); false: only those that execute none.",
    )


@strawberry.enum(description="What to sort initiatives by.")
class InitiativeOrderBy(Enum):
    ID = strawberry.enum_value(
        "id", description="The order they were proposed in (the id), which also breaks ties."
    )
    TITLE = strawberry.enum_value("title", description="Title, alphabetically.")
    CREATED = strawberry.enum_value("created", description="When they were proposed.")
    PLANNED_END = strawberry.enum_value("planned_end", description="Planned end date.")
    PRIORITY = strawberry.enum_value("priority", description="Priority, from LOW to CRITICAL.")
    STATUS = strawberry.enum_value(
        "status",
        description="Lifecycle state, in the order InitiativeStatus lists them (PROPOSED first).",
    )


# The filtering and sorting arguments of every list of initiatives.
InitiativeFilterArgument = Annotated[
    InitiativeFilter | None,
    strawberry.argument(description="Only the initiatives that match; null: all of them."),
]


InitiativeOrderArgument = Annotated[
    InitiativeOrderBy, strawberry.argument(description="What to sort the initiatives by.")
]


PRIORITY_RANK = case(
    {p.value: rank for rank, p in enumerate(model_enums.Priority)}, value=Initiative.priority
)


STATUS_RANK = case(
    {s.value: rank for rank, s in enumerate(model_enums.InitiativeStatus)},
    value=Initiative.status,
)


INITIATIVE_ORDER = {
    "id": [],
    "title": [Initiative.title],
    "created": [Initiative.created_at],
    "planned_end": [Initiative.planned_end],
    "priority": [PRIORITY_RANK],
    "status": [STATUS_RANK],
}


def latest_health_is(healths: list[str]) -> ColumnElement[bool]:
    """The initiative's newest status update has one of these healths."""
    newest = aliased(StatusUpdate)
    latest = (
        select(newest.health)
        .where(newest.initiative_id == Initiative.id)
        .order_by(newest.posted_at.desc(), newest.id.desc())
        .limit(1)
        .correlate(Initiative)
        .scalar_subquery()
    )
    return latest.in_(healths)


def initiative_conditions(filter_args: dict[str, Any] | None) -> list[ColumnElement[bool]]:
    if not filter_args:
        return []
    f = filter_args
    conditions: list[ColumnElement[bool]] = []
    if (plans := database_ids(f.get("plan"), "Plan", "plan")) is not None:
        conditions.append(Initiative.plan_id.in_(plans))
    if f.get("plan_kind") is not None:
        kinds = select(Plan.id).where(Plan.kind.in_(enum_values(f["plan_kind"])))
        conditions.append(Initiative.plan_id.in_(kinds))
    if f.get("status") is not None:
        conditions.append(Initiative.status.in_(enum_values(f["status"])))
    if (owners := database_ids(f.get("owner"), "Person", "owner")) is not None:
        conditions.append(Initiative.owner_id.in_(owners))
    if f.get("health") is not None:
        conditions.append(latest_health_is(enum_values(f["health"])))
    if f.get("priority") is not None:
        conditions.append(Initiative.priority.in_(enum_values(f["priority"])))
    if f.get("tag") is not None:
        tag = aliased(InitiativeTag)
        conditions.append(exists().where(tag.initiative_id == Initiative.id, tag.tag.in_(f["tag"])))
    if f.get("dimension") is not None:
        dimension = aliased(InitiativeDimension)
        conditions.append(
            exists().where(
                dimension.initiative_id == Initiative.id,
                dimension.dimension.in_(enum_values(f["dimension"])),
            )
        )
    if f.get("value_chain_activity") is not None:
        conditions.append(
            Initiative.value_chain_activity.in_(enum_values(f["value_chain_activity"]))
        )
    if f.get("planned_end_from") is not None:
        conditions.append(Initiative.planned_end >= f["planned_end_from"])
    if f.get("planned_end_to") is not None:
        conditions.append(Initiative.planned_end <= f["planned_end_to"])
    if (since := f.get("changed_since")) is not None:
        posted = (
            select(StatusUpdate.id)
            .where(StatusUpdate.initiative_id == Initiative.id, StatusUpdate.posted_at >= since)
            .exists()
        )
        conditions.append(or_(Initiative.updated_at >= since, posted))
    if f.get("has_parent") is not None:
        parent = Initiative.parent_id
        conditions.append(parent.is_not(None) if f["has_parent"] else parent.is_(None))
    if (pattern := search_pattern(f.get("search"), "filter.search")) is not None:
        conditions.append(
            Initiative.title.ilike(pattern, escape="\\")
            | Initiative.description.ilike(pattern, escape="\\")
        )
    return conditions


def initiative_filters(args: dict) -> list:
    return initiative_conditions(args.get("filter"))


def initiative_order(args: dict) -> list:
    return order_clause(INITIATIVE_ORDER, Initiative.id, args)


# The resolver of every nested list of initiatives (see schema/core/pagination.py, `page`).


@reads_prefetch
def _initiative_page(
    root, info: Info, first: First = None, after: After = None, last: Last = None,
    before: Before = None, filter: InitiativeFilterArgument = None,
    order_by: InitiativeOrderArgument = InitiativeOrderBy.ID,
    direction: DirectionArgument = OrderDirection.ASC,
):  # fmt: skip
    return prefetched(root, info)


def initiative_page(description: str) -> Any:
    return strawberry.field(resolver=_initiative_page, description=description)


SearchArgument = Annotated[
    str | None,
    strawberry.argument(description="Text found in the title or the description, in any case."),
]


@reads_prefetch
def _child_candidates(
    root, info: Info, first: First = None, after: After = None, search: SearchArgument = None
):  # fmt: skip
    return prefetched(root, info)


def child_candidate_page(description: str) -> Any:
    """`Initiative.childCandidates`: loaded by its relation (schema/initiatives/relations.py)."""
    return strawberry.field(resolver=_child_candidates, description=description)
