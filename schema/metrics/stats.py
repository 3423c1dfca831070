"""`metricStats`: metrics counted by status (red, amber, green, no data), grouped, in one
statement judged by the same rule as `Metric.status`."""

from __future__ import annotations

from collections import Counter, defaultdict
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from sqlalchemy import select
from strawberry.types import Info

from schema.core.context import Context
from schema.core.planner import Planner, prefetch
from schema.core.relations import Relation, ToOne
from schema.metrics.sources import METRIC
from schema.objectives.sources import OBJECTIVE
from schema.plans.sources import PLAN
from schema.services.sources import PROCESS, SERVICE
from server.domain.metrics import analysis, latest
from server.models import Metric, MetricObjective
from server.models.enums import Direction

if TYPE_CHECKING:
    from schema.objectives.types import Objective
    from schema.plans.types import Plan
    from schema.services.types import Process, Service

# Types of other areas, resolved when the schema is built.
ObjectiveRef = Annotated["Objective", strawberry.lazy("schema.objectives.types")]
PlanRef = Annotated["Plan", strawberry.lazy("schema.plans.types")]
ProcessRef = Annotated["Process", strawberry.lazy("schema.services.types")]
ServiceRef = Annotated["Service", strawberry.lazy("schema.services.types")]


@strawberry.enum(description="What metricStats groups by.")
class MetricGroupBy(Enum):
    PLAN = strawberry.enum_value("plan", description="By the plan they are kept in: sets `plan`.")
    SERVICE = strawberry.enum_value(
        "service", description="By the service they measure: sets `service`."
    )
    PROCESS = strawberry.enum_value(
        "process", description="By the process they measure: sets `process`."
    )
    OBJECTIVE = strawberry.enum_value(
        "objective",
        description="By the objectives they serve: sets `objective`; a metric counts once for "
        "each objective.",
    )


@strawberry.type(
    description="How many metrics of one group stand red, amber, green or have no data; the "
    "groups not grouped by are null. A metric serving several objectives counts in each."
)
class MetricStatsGroup:
    count: int = strawberry.field(description="How many metrics the group holds.")
    red: int = strawberry.field(
        description="How many of them are red: short of the target beyond the amber tolerance."
    )
    amber: int = strawberry.field(
        description="How many of them are amber: short of the target, within the tolerance."
    )
    green: int = strawberry.field(description="How many of them meet their target.")
    no_data: int = strawberry.field(
        description="Status NONE: no measurement yet, or no target to judge it by."
    )
    plan: PlanRef | None = strawberry.field(
        description="The group's plan; null unless grouped by PLAN, or for metrics in none."
    )
    service: ServiceRef | None = strawberry.field(
        description="The group's service; null unless grouped by SERVICE, or for metrics of none."
    )
    process: ProcessRef | None = strawberry.field(
        description="The group's process; null unless grouped by PROCESS, or for metrics of none."
    )
    objective: ObjectiveRef | None = strawberry.field(
        description="The group's objective; null unless grouped by OBJECTIVE, or for metrics "
        "serving none."
    )


GROUP_COLUMNS = {
    "plan": Metric.plan_id,
    "service": Metric.service_id,
    "process": Metric.process_id,
    "objective": MetricObjective.objective_id,
}


async def metric_stats(
    info: Info[Context, None], conditions: list, group_by: list[str]
) -> list[MetricStatsGroup]:
    """One statement: each visible metric's facts and latest value, with its group keys; the
    status is judged by the same rule as `Metric.status` (server/domain/metrics/analysis.py)."""
    viewer = info.context.require_viewer()
    planner = Planner(info)
    newest = latest.numbered()
    keys = [GROUP_COLUMNS[name].label(name) for name in group_by]
    statement = (
        select(
            Metric.id, Metric.baseline_value, Metric.target_value, Metric.direction,
            Metric.amber_tolerance, newest.c.value, *keys,
        )
        .select_from(Metric)
        .outerjoin(newest, (newest.c.metric_id == Metric.id) & (newest.c.position == 1))
    )  # fmt: skip
    if "objective" in group_by:
        statement = statement.outerjoin(MetricObjective, MetricObjective.metric_id == Metric.id)
    statement = statement.where(*METRIC.conditions(viewer), *conditions)
    counts: dict[tuple, Counter] = defaultdict(Counter)
    for row in await planner.rows(statement):
        rag = analysis.analyse(
            values=[] if row.value is None else [row.value],
            baseline=row.baseline_value,
            target=row.target_value,
            direction=Direction(row.direction),
            tolerance=row.amber_tolerance,
            unit="",
        ).rag
        counts[tuple(row[6:])][rag] += 1
    groups = []
    for key in sorted(counts, key=lambda values: [(v is None, v or 0) for v in values]):
        tally = counts[key]
        values = dict(zip(group_by, key, strict=True))
        group = object.__new__(MetricStatsGroup)
        group.__dict__.update(
            count=sum(tally.values()),
            red=tally[analysis.Rag.RED],
            amber=tally[analysis.Rag.AMBER],
            green=tally[analysis.Rag.GREEN],
            no_data=tally[analysis.Rag.NONE],
            plan=None,
            service=None,
            process=None,
            objective=None,
            _pk=None,
            _fk={name: values.get(name) for name in GROUP_COLUMNS},
            _prefetch={},
        )
        groups.append(group)
    await prefetch(
        planner, "MetricStatsGroup", groups, [n.selection_set for n in planner.field_nodes]
    )
    return groups


RELATIONS: dict[tuple[str, str], Relation] = {
    ("MetricStatsGroup", "plan"): ToOne(PLAN, "plan"),
    ("MetricStatsGroup", "service"): ToOne(SERVICE, "service"),
    ("MetricStatsGroup", "process"): ToOne(PROCESS, "process"),
    ("MetricStatsGroup", "objective"): ToOne(OBJECTIVE, "objective"),
}
