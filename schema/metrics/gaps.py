"""`gapAnalysis`, step 2 of the improvement process: what should be measured but cannot be,
what is measured but serves no objective, and which objectives nothing measures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from sqlalchemy import exists, select
from strawberry.types import Info

from schema.core.context import Context
from schema.core.planner import Planner
from schema.core.roots import objects_in_order, selections
from schema.metrics.sources import METRIC
from schema.metrics.types import Metric
from schema.objectives.coverage import coverage
from schema.objectives.sources import OBJECTIVE
from server import statement_batch
from server.models import Metric as MetricRow
from server.models import MetricObjective

if TYPE_CHECKING:
    from schema.objectives.types import Objective

# Types of other areas, resolved when the schema is built.
ObjectiveRef = Annotated["Objective", strawberry.lazy("schema.objectives.types")]


MAX_GAP_ITEMS = 500


@strawberry.type(description="Metrics in one group of the gap analysis.")
class MetricGap:
    total_count: int = strawberry.field(
        description="How many metrics the viewer may see are in this group (all, not only `nodes`)."
    )
    nodes: list[Metric] = strawberry.field(description="The first ones, by name.")


@strawberry.type(description="Objectives in one group of the gap analysis.")
class ObjectiveGap:
    total_count: int = strawberry.field(
        description="How many objectives are in this group (all, not only `nodes`)."
    )
    nodes: list[ObjectiveRef] = strawberry.field(description="The first ones, in tree order.")


@strawberry.type(
    description="Step 2's gap analysis: what should be measured but cannot be, what is "
    "measured but serves no objective, and which objectives nothing measures."
)
class GapAnalysis:
    should_measure_but_cannot: MetricGap = strawberry.field(
        description="Marked 'should measure' but with no way to measure yet (no data source)."
    )
    measured_but_serving_no_objective: MetricGap = strawberry.field(
        description="Can be measured, but linked to no objective."
    )
    objectives_without_metric: ObjectiveGap = strawberry.field(
        description="Objectives with no metric on them or on any objective below them."
    )


async def _metric_gap(planner: Planner, sets, conditions: list, limit: int) -> MetricGap:
    viewer_conditions = METRIC.conditions(planner.viewer)
    rows = await planner.rows(
        select(MetricRow.id)
        .where(*viewer_conditions, *conditions)
        .order_by(MetricRow.name, MetricRow.id)
    )
    ids = [row[0] for row in rows]
    nodes_sets = selections(planner, "MetricGap", sets, "nodes")
    nodes = await objects_in_order(planner, METRIC, ids[:limit], nodes_sets)
    return MetricGap(total_count=len(ids), nodes=nodes)


async def gap_analysis(info: Info[Context, None], first: int) -> GapAnalysis:
    info.context.require_viewer()
    planner = Planner(info)
    limit = max(0, min(first, MAX_GAP_ITEMS))
    sets = [node.selection_set for node in planner.field_nodes]
    fields = planner.collect("GapAnalysis", sets)
    wanted = {nodes[0].name.value for nodes in fields.values()}
    empty_metrics = MetricGap(total_count=0, nodes=[])

    async def cannot_measure() -> MetricGap:
        if "shouldMeasureButCannot" not in wanted:
            return empty_metrics
        return await _metric_gap(
            planner,
            selections(planner, "GapAnalysis", sets, "shouldMeasureButCannot"),
            [MetricRow.should_measure.is_(True), MetricRow.can_measure.is_(False)],
            limit,
        )

    async def serving_nothing() -> MetricGap:
        if "measuredButServingNoObjective" not in wanted:
            return empty_metrics
        link = MetricObjective
        return await _metric_gap(
            planner,
            selections(planner, "GapAnalysis", sets, "measuredButServingNoObjective"),
            [MetricRow.can_measure.is_(True), ~exists().where(link.metric_id == MetricRow.id)],
            limit,
        )

    async def not_measured() -> ObjectiveGap:
        if "objectivesWithoutMetric" not in wanted:
            return ObjectiveGap(total_count=0, nodes=[])
        ordered, measured, _ = await coverage(planner)
        ids = [objective_id for objective_id in ordered if objective_id not in measured]
        gap_sets = selections(planner, "GapAnalysis", sets, "objectivesWithoutMetric")
        nodes = await objects_in_order(
            planner,
            OBJECTIVE,
            ids[:limit],
            selections(planner, "ObjectiveGap", gap_sets, "nodes"),
        )
        return ObjectiveGap(total_count=len(ids), nodes=nodes)

    # The three groups need nothing of each other: side by side (on PostgreSQL, together).
    cannot, measured_orphans, unmeasured = await statement_batch.gather(
        cannot_measure(), serving_nothing(), not_measured()
    )
    return GapAnalysis(
        should_measure_but_cannot=cannot,
        measured_but_serving_no_objective=measured_orphans,
        objectives_without_metric=unmeasured,
    )
