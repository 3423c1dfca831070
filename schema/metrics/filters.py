"""Filtering and sorting lists of metrics and measurements: the filter inputs, the orderings
and the one place that turns them into SQL conditions, for root lists, nested lists and
`metricStats` alike."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, Any

import strawberry
from sqlalchemy import ColumnElement, exists
from sqlalchemy.orm import aliased
from strawberry.types import Info

from schema.core.enums import OrderDirection
from schema.core.filters import DirectionArgument, database_ids, order_clause, search_pattern
from schema.core.pagination import After, Before, First, Last, prefetched, reads_prefetch
from server.domain.metrics.latest import rag_rank
from server.models import Measurement, Metric, MetricObjective


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


@strawberry.enum(description="What to sort metrics by.")
class MetricOrderBy(Enum):
    ID = strawberry.enum_value(
        "id", description="The order they were defined in (the id), which also breaks ties."
    )
    NAME = strawberry.enum_value("name", description="Name, alphabetically.")
    CREATED = strawberry.enum_value("created", description="When they were defined.")
    STATUS = strawberry.enum_value(
        "status",
        description="Status, the worst first (red, amber, green, then no status), as "
        "`status.rag` says; by name within a status.",
    )


# The filtering and sorting arguments of every list of metrics.
MetricFilterArgument = Annotated[
    MetricFilter | None,
    strawberry.argument(description="Only the metrics that match; null: all of them."),
]


MetricOrderArgument = Annotated[
    MetricOrderBy, strawberry.argument(description="What to sort the metrics by.")
]


METRIC_ORDER = {
    "id": [],
    "name": [Metric.name],
    "created": [Metric.created_at],
    "status": [rag_rank(), Metric.name],
}


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


def metric_filters(args: dict) -> list:
    return metric_conditions(args.get("filter"))


def metric_order(args: dict) -> list:
    return order_clause(METRIC_ORDER, Metric.id, args)


# The resolvers of nested lists of metrics and measurements (see schema/core/pagination.py).


@reads_prefetch
def _metric_page(
    root, info: Info, first: First = None, after: After = None, last: Last = None,
    before: Before = None, filter: MetricFilterArgument = None,
    order_by: MetricOrderArgument = MetricOrderBy.ID,
    direction: DirectionArgument = OrderDirection.ASC,
):  # fmt: skip
    return prefetched(root, info)


@reads_prefetch
def _measurement_page(
    root, info: Info, first: First = None, after: After = None, last: Last = None,
    before: Before = None,
    since: Annotated[datetime | None, strawberry.argument(
        description="Only measurements taken at or after this instant.")] = None,
    until: Annotated[datetime | None, strawberry.argument(
        description="Only measurements taken before this instant.")] = None,
):  # fmt: skip
    return prefetched(root, info)


def metric_page(description: str) -> Any:
    return strawberry.field(resolver=_metric_page, description=description)


def measurement_page(description: str) -> Any:
    return strawberry.field(resolver=_measurement_page, description=description)
