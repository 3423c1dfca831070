"""Filter inputs and orderings, and the one place that turns them into SQL conditions.

Root lists, nested connections and `initiativeStats` all call these builders, so a total always
agrees with its list. Builders take the coerced arguments as snake_case dicts.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry
from graphql import GraphQLError
from sqlalchemy import ColumnElement, case, exists, false, or_, select
from sqlalchemy.orm import aliased

from schema.enums import (
    AuditAction,
    FourDimension,
    Health,
    InitiativeStatus,
    PlanKind,
    Priority,
    ValueChainActivity,
)
from schema.ids import from_global_id
from server.models import (
    AuditEntry,
    Initiative,
    InitiativeDimension,
    InitiativeTag,
    Measurement,
    Metric,
    MetricObjective,
    Plan,
    StatusUpdate,
)
from server.models import enums as model_enums


@strawberry.input(description="Narrow a list of initiatives; every field given must match.")
class InitiativeFilter:
    plan: list[strawberry.ID] | None = None
    plan_kind: list[PlanKind] | None = None
    status: list[InitiativeStatus] | None = None
    owner: list[strawberry.ID] | None = None
    health: list[Health] | None = strawberry.field(
        default=None, description="The health of the latest status update."
    )
    priority: list[Priority] | None = None
    tag: list[str] | None = strawberry.field(default=None, description="Any of these tags.")
    dimension: list[FourDimension] | None = strawberry.field(
        default=None, description="Any of these Four Dimensions."
    )
    value_chain_activity: list[ValueChainActivity] | None = None
    planned_end_from: date | None = None
    planned_end_to: date | None = None
    search: str | None = strawberry.field(
        default=None, description="Words found in the title or description (any case)."
    )


@strawberry.input(description="Narrow a list of metrics; every field given must match.")
class MetricFilter:
    plan: list[strawberry.ID] | None = None
    service: list[strawberry.ID] | None = None
    process: list[strawberry.ID] | None = None
    objective: list[strawberry.ID] | None = None
    owner: list[strawberry.ID] | None = None
    search: str | None = strawberry.field(default=None, description="Words found in the name.")


@strawberry.input(description="Narrow a list of measurements.")
class MeasurementFilter:
    metric: list[strawberry.ID] | None = None
    since: datetime | None = strawberry.field(default=None, description="Taken at or after.")
    until: datetime | None = strawberry.field(default=None, description="Taken before.")


@strawberry.input(description="Narrow the audit log.")
class AuditLogFilter:
    entity_type: list[str] | None = None
    entity: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The global ids of the changed objects: one object's trail."
    )
    action: list[AuditAction] | None = None
    actor: list[strawberry.ID] | None = None
    since: datetime | None = None
    until: datetime | None = None
    search: str | None = strawberry.field(
        default=None, description="Text in what changed (its name) or in the actor's name."
    )


@strawberry.enum(description="What to sort initiatives by.")
class InitiativeOrderBy(Enum):
    ID = "id"
    TITLE = "title"
    CREATED = "created"
    PLANNED_END = "planned_end"
    PRIORITY = "priority"
    STATUS = "status"


@strawberry.enum(description="What to sort metrics by.")
class MetricOrderBy(Enum):
    ID = "id"
    NAME = "name"
    CREATED = "created"


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
METRIC_ORDER = {"id": [], "name": [Metric.name], "created": [Metric.created_at]}


def order_clause(mapping: dict, key_column, args: dict[str, Any]) -> list:
    """ORDER BY for the chosen field and direction, with the id as the tie-breaker."""
    field = args.get("order_by")
    field = field.value if isinstance(field, Enum) else (field or "id")
    direction = args.get("direction")
    descending = (direction.value if isinstance(direction, Enum) else direction) == "desc"
    columns = [*mapping[field], key_column]
    if descending:
        return [column.desc() for column in columns]
    return [column.asc() for column in columns]


def database_ids(values: list[str] | None, type_name: str, field: str) -> list[int] | None:
    """Decode global ids of one type, or raise an error naming the filter field."""
    if values is None:
        return None
    ids = []
    for value in values:
        decoded = from_global_id(value)
        if decoded is None or decoded[0] != type_name:
            raise GraphQLError(f"`filter.{field}`: {value!r} is not the id of a {type_name}.")
        ids.append(decoded[1])
    return ids


def _changed_one_of(global_ids: list[str]) -> ColumnElement[bool]:
    """Entries about any of these objects, whatever their types."""
    ids_by_type: dict[str, list[int]] = {}
    for value in global_ids:
        decoded = from_global_id(value)
        if decoded is None:
            raise GraphQLError(f"`filter.entity`: {value!r} is not an id Steward gave out.")
        ids_by_type.setdefault(decoded[0], []).append(decoded[1])
    return or_(
        *(
            (AuditEntry.entity_type == type_name) & AuditEntry.entity_id.in_(ids)
            for type_name, ids in ids_by_type.items()
        ),
        false(),
    )


def _values(items) -> list[str]:
    return [item.value if isinstance(item, Enum) else item for item in items]


MAX_SEARCH = 200  # characters of words to find (the pages cut the search box to as many)


def search_pattern(value: str | None, field: str) -> str | None:
    """The LIKE pattern (wildcards escaped, `\\` the escape) for words to find, or None when
    there are none; a search longer than MAX_SEARCH is refused, naming the argument."""
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > MAX_SEARCH:
        raise GraphQLError(
            f"`{field}` must be at most {MAX_SEARCH} characters (got {len(text):,}).",
            extensions={"code": "INVALID", "field": field},
        )
    return _like(text)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


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
        kinds = select(Plan.id).where(Plan.kind.in_(_values(f["plan_kind"])))
        conditions.append(Initiative.plan_id.in_(kinds))
    if f.get("status") is not None:
        conditions.append(Initiative.status.in_(_values(f["status"])))
    if (owners := database_ids(f.get("owner"), "Person", "owner")) is not None:
        conditions.append(Initiative.owner_id.in_(owners))
    if f.get("health") is not None:
        conditions.append(latest_health_is(_values(f["health"])))
    if f.get("priority") is not None:
        conditions.append(Initiative.priority.in_(_values(f["priority"])))
    if f.get("tag") is not None:
        tag = aliased(InitiativeTag)
        conditions.append(exists().where(tag.initiative_id == Initiative.id, tag.tag.in_(f["tag"])))
    if f.get("dimension") is not None:
        dimension = aliased(InitiativeDimension)
        conditions.append(
            exists().where(
                dimension.initiative_id == Initiative.id,
                dimension.dimension.in_(_values(f["dimension"])),
            )
        )
    if f.get("value_chain_activity") is not None:
        conditions.append(Initiative.value_chain_activity.in_(_values(f["value_chain_activity"])))
    if f.get("planned_end_from") is not None:
        conditions.append(Initiative.planned_end >= f["planned_end_from"])
    if f.get("planned_end_to") is not None:
        conditions.append(Initiative.planned_end <= f["planned_end_to"])
    if (pattern := search_pattern(f.get("search"), "filter.search")) is not None:
        conditions.append(
            Initiative.title.ilike(pattern, escape="\\")
            | Initiative.description.ilike(pattern, escape="\\")
        )
    return conditions


def metric_conditions(filter_args: dict[str, Any] | None) -> list[ColumnElement[bool]]:
    if not filter_args:
        return []
    f = filter_args
    conditions: list[ColumnElement[bool]] = []
    if (plans := database_ids(f.get("plan"), "Plan", "plan")) is not None:
        conditions.append(Metric.plan_id.in_(plans))
    if (services := database_ids(f.get("service"), "Service", "service")) is not None:
        conditions.append(Metric.service_id.in_(services))
    if (processes := database_ids(f.get("process"), "Process", "process")) is not None:
        conditions.append(Metric.process_id.in_(processes))
    if (objectives := database_ids(f.get("objective"), "Objective", "objective")) is not None:
        link = aliased(MetricObjective)  # the caller may join the link table itself
        conditions.append(
            exists().where(link.metric_id == Metric.id, link.objective_id.in_(objectives))
        )
    if (owners := database_ids(f.get("owner"), "Person", "owner")) is not None:
        conditions.append(Metric.owner_id.in_(owners))
    if (pattern := search_pattern(f.get("search"), "filter.search")) is not None:
        conditions.append(Metric.name.ilike(pattern, escape="\\"))
    return conditions


def measurement_conditions(args: dict[str, Any] | None) -> list[ColumnElement[bool]]:
    """For the root filter (metric, since, until) and a metric's `since`/`until` arguments."""
    if not args:
        return []
    conditions: list[ColumnElement[bool]] = []
    if (metrics := database_ids(args.get("metric"), "Metric", "metric")) is not None:
        conditions.append(Measurement.metric_id.in_(metrics))
    if args.get("since") is not None:
        conditions.append(Measurement.taken_at >= args["since"])
    if args.get("until") is not None:
        conditions.append(Measurement.taken_at < args["until"])
    return conditions


def audit_conditions(filter_args: dict[str, Any] | None) -> list[ColumnElement[bool]]:
    if not filter_args:
        return []
    f = filter_args
    conditions: list[ColumnElement[bool]] = []
    if f.get("entity_type") is not None:
        conditions.append(AuditEntry.entity_type.in_(f["entity_type"]))
    if f.get("entity") is not None:
        conditions.append(_changed_one_of(f["entity"]))
    if f.get("action") is not None:
        conditions.append(AuditEntry.action.in_(_values(f["action"])))
    if (actors := database_ids(f.get("actor"), "Person", "actor")) is not None:
        conditions.append(AuditEntry.actor_id.in_(actors))
    if f.get("since") is not None:
        conditions.append(AuditEntry.at >= f["since"])
    if f.get("until") is not None:
        conditions.append(AuditEntry.at < f["until"])
    if (pattern := search_pattern(f.get("search"), "filter.search")) is not None:
        conditions.append(
            AuditEntry.entity_label.ilike(pattern, escape="\\")
            | AuditEntry.actor_name.ilike(pattern, escape="\\")
        )
    return conditions
