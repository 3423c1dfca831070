"""Filter inputs and orderings, and the one place that turns them into SQL conditions.

Root lists, nested connections and `initiativeStats` all call these builders, so a total always
agrees with its list. Builders take the coerced arguments as snake_case dicts.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError
from sqlalchemy import ColumnElement, case, exists, false, or_, select
from sqlalchemy.orm import aliased

from schema.enums import (
    AuditAction,
    FourDimension,
    Health,
    InitiativeStatus,
    OrderDirection,
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
    planned_end_to: date | None = strawberry.field(
        default=None,
        description="Only initiatives planned to end on or before this day (those with no planned "
        "end are left out).",
    )
    search: str | None = strawberry.field(
        default=None, description="Text found in the title or the description, in any case."
    )


@strawberry.input(
    description="Narrow a list of metrics: every field given must match; a field left out or "
    "null does not narrow, an empty list matches nothing."
)
class MetricFilter:
    plan: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only metrics kept in these plans (global ids)."
    )
    service: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only metrics of these services (global ids)."
    )
    process: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only metrics of these processes (global ids)."
    )
    objective: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description="Only metrics linked to any of these objectives themselves (global ids; "
        "objectives below them do not count).",
    )
    owner: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only metrics owned by these people (global ids)."
    )
    search: str | None = strawberry.field(
        default=None, description="Text found in the name, in any case."
    )


@strawberry.input(description="Narrow a list of measurements: every field given must match.")
class MeasurementFilter:
    metric: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only measurements of these metrics (global ids)."
    )
    since: datetime | None = strawberry.field(
        default=None, description="Only measurements taken at or after this instant."
    )
    until: datetime | None = strawberry.field(
        default=None, description="Only measurements taken before this instant."
    )


@strawberry.input(description="Narrow the audit log: every field given must match.")
class AuditLogFilter:
    entity_type: list[str] | None = strawberry.field(
        default=None,
        description="Only changes to objects of these types, named as in the API, e.g. "
        "'Initiative' or 'Metric'.",
    )
    entity: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The global ids of the changed objects: one object's trail."
    )
    action: list[AuditAction] | None = strawberry.field(
        default=None, description="Only changes of these kinds."
    )
    actor: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Only changes made by these people (global ids)."
    )
    since: datetime | None = strawberry.field(
        default=None, description="Only changes made at or after this instant."
    )
    until: datetime | None = strawberry.field(
        default=None, description="Only changes made before this instant."
    )
    search: str | None = strawberry.field(
        default=None, description="Text in what changed (its name) or in the actor's name."
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


@strawberry.enum(description="What to sort metrics by.")
class MetricOrderBy(Enum):
    ID = strawberry.enum_value(
        "id", description="The order they were defined in (the id), which also breaks ties."
    )
    NAME = strawberry.enum_value("name", description="Name, alphabetically.")
    CREATED = strawberry.enum_value("created", description="When they were defined.")


# The filtering and sorting arguments of the lists of initiatives and metrics.
InitiativeFilterArgument = Annotated[
    InitiativeFilter | None,
    strawberry.argument(description="Only the initiatives that match; null: all of them."),
]
InitiativeOrderArgument = Annotated[
    InitiativeOrderBy, strawberry.argument(description="What to sort the initiatives by.")
]
MetricFilterArgument = Annotated[
    MetricFilter | None,
    strawberry.argument(description="Only the metrics that match; null: all of them."),
]
MetricOrderArgument = Annotated[
    MetricOrderBy, strawberry.argument(description="What to sort the metrics by.")
]
DirectionArgument = Annotated[
    OrderDirection,
    strawberry.argument(description="Sort ascending (ASC, the default) or descending (DESC)."),
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
