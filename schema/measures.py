"""The 7-step improvement process in the read API: the gap analysis, coverage of the objectives
(what nobody works on, what serves no objective), `metricStats`, realised benefits and
corrective actions. Every list is loaded set-based, with the viewer's visibility applied, and
handed to the planner for what the query selects below it."""

from __future__ import annotations

from collections import Counter, defaultdict
from enum import Enum
from typing import Any

import strawberry
from graphql import SelectionSetNode
from sqlalchemy import exists, select
from strawberry.types import Info

from schema import sources as s
from schema import types as t
from schema.context import Context
from schema.planner import Computed, Plan, Relation, ToMany, ToOne, prefetch, relation
from server.domain.core import permissions, visibility
from server.domain.metrics import analysis, latest
from server.models import (
    Initiative,
    InitiativeObjective,
    Metric,
    MetricObjective,
    Objective,
    RealisedBenefit,
)
from server.models import (
    Plan as PlanRow,
)
from server.models.enums import Direction

MAX_GAP_ITEMS = 500


# -- types -------------------------------------------------------------------------------------


@strawberry.type(description="Metrics in one group of the gap analysis.")
class MetricGap:
    total_count: int = strawberry.field(
        description="How many metrics the viewer may see are in this group (all, not only `nodes`)."
    )
    nodes: list[t.Metric] = strawberry.field(description="The first ones, by name.")


@strawberry.type(description="Objectives in one group of the gap analysis.")
class ObjectiveGap:
    total_count: int = strawberry.field(
        description="How many objectives are in this group (all, not only `nodes`)."
    )
    nodes: list[t.Objective] = strawberry.field(description="The first ones, in tree order.")


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
    plan: t.Plan | None = strawberry.field(
        description="The group's plan; null unless grouped by PLAN, or for metrics in none."
    )
    service: t.Service | None = strawberry.field(
        description="The group's service; null unless grouped by SERVICE, or for metrics of none."
    )
    process: t.Process | None = strawberry.field(
        description="The group's process; null unless grouped by PROCESS, or for metrics of none."
    )
    objective: t.Objective | None = strawberry.field(
        description="The group's objective; null unless grouped by OBJECTIVE, or for metrics "
        "serving none."
    )


# -- helpers -------------------------------------------------------------------------------------


def _where(condition) -> list:
    return [] if condition is None else [condition]


def _selections(plan: Plan, type_name: str, sets, field: str) -> list[SelectionSetNode | None]:
    """The selection sets of `field` selected on `type_name` (through aliases and fragments)."""
    found = plan.collect(type_name, sets)
    return [node.selection_set for nodes in found.values() for node in nodes
            if node.name.value == field]  # fmt: skip


async def _objects(plan: Plan, source: s.Source, ids: list[int], sets) -> list:
    """Objects for ids in the order given, with everything selected below them loaded."""
    if not ids or not sets:
        return []
    layout = plan.layout(source, sets)
    rows = await plan.rows(source.select(layout=layout).where(plan.id_in(source.pk, set(ids))))
    found = {row[0]: source.build(row, layout) for row in rows}
    objects = [found[pk] for pk in ids if pk in found]
    await prefetch(plan, source.type_name, objects, sets)
    return objects


async def _metric_gap(plan: Plan, sets, conditions: list, limit: int) -> MetricGap:
    viewer_conditions = s.METRIC.conditions(plan.viewer)
    rows = await plan.rows(
        select(Metric.id).where(*viewer_conditions, *conditions).order_by(Metric.name, Metric.id)
    )
    ids = [row[0] for row in rows]
    nodes_sets = _selections(plan, "MetricGap", sets, "nodes")
    nodes = await _objects(plan, s.METRIC, ids[:limit], nodes_sets)
    return MetricGap(total_count=len(ids), nodes=nodes)


async def coverage(plan: Plan) -> tuple[list[int], set[int], set[int]]:
    """All objectives in tree order, and the ids of those with a visible metric, and with a
    visible initiative, on them or anywhere below them."""
    tree = await plan.rows(select(Objective.id, Objective.parent_id).order_by(Objective.id))
    measured = {
        row[0]
        for row in await plan.rows(
            select(MetricObjective.objective_id)
            .join(Metric, Metric.id == MetricObjective.metric_id)
            .where(*_where(visibility.visible_metrics(plan.viewer)))
            .distinct()
        )
    }
    served = {
        row[0]
        for row in await plan.rows(
            select(InitiativeObjective.objective_id)
            .join(Initiative, Initiative.id == InitiativeObjective.initiative_id)
            .where(*_where(visibility.visible_initiatives(plan.viewer)))
            .distinct()
        )
    }
    parents = {row.id: row.parent_id for row in tree}
    children: dict[int | None, list[int]] = defaultdict(list)
    for objective_id, parent_id in parents.items():
        children[parent_id].append(objective_id)
    ordered: list[int] = []

    def walk(parent_id: int | None, seen: set[int]) -> None:
        for child in children.get(parent_id, []):
            if child not in seen:
                seen.add(child)
                ordered.append(child)
                walk(child, seen)

    walk(None, set())
    for direct in (measured, served):
        for objective_id in list(direct):
            parent = parents.get(objective_id)
            while parent is not None and parent not in direct:
                direct.add(parent)
                parent = parents.get(parent)
    return ordered, measured, served


# -- root resolvers --------------------------------------------------------------------------------


async def gap_analysis(info: Info[Context, None], first: int) -> GapAnalysis:
    info.context.require_viewer()
    plan = Plan(info)
    limit = max(0, min(first, MAX_GAP_ITEMS))
    sets = [node.selection_set for node in plan.field_nodes]
    fields = plan.collect("GapAnalysis", sets)
    wanted = {nodes[0].name.value for nodes in fields.values()}
    empty_metrics = MetricGap(total_count=0, nodes=[])
    cannot = measured_orphans = empty_metrics
    if "shouldMeasureButCannot" in wanted:
        cannot = await _metric_gap(
            plan,
            _selections(plan, "GapAnalysis", sets, "shouldMeasureButCannot"),
            [Metric.should_measure.is_(True), Metric.can_measure.is_(False)],
            limit,
        )
    if "measuredButServingNoObjective" in wanted:
        link = MetricObjective
        measured_orphans = await _metric_gap(
            plan,
            _selections(plan, "GapAnalysis", sets, "measuredButServingNoObjective"),
            [Metric.can_measure.is_(True), ~exists().where(link.metric_id == Metric.id)],
            limit,
        )
    unmeasured = ObjectiveGap(total_count=0, nodes=[])
    if "objectivesWithoutMetric" in wanted:
        ordered, measured, _ = await coverage(plan)
        ids = [objective_id for objective_id in ordered if objective_id not in measured]
        gap_sets = _selections(plan, "GapAnalysis", sets, "objectivesWithoutMetric")
        nodes = await _objects(
            plan, s.OBJECTIVE, ids[:limit], _selections(plan, "ObjectiveGap", gap_sets, "nodes")
        )
        unmeasured = ObjectiveGap(total_count=len(ids), nodes=nodes)
    return GapAnalysis(
        should_measure_but_cannot=cannot,
        measured_but_serving_no_objective=measured_orphans,
        objectives_without_metric=unmeasured,
    )


async def objectives_nobody_works_on(info: Info[Context, None]) -> list[t.Objective]:
    info.context.require_viewer()
    plan = Plan(info)
    ordered, measured, served = await coverage(plan)
    ids = [i for i in ordered if i not in measured and i not in served]
    return await _objects(plan, s.OBJECTIVE, ids, [n.selection_set for n in plan.field_nodes])


def serves_no_objective() -> Any:
    return ~exists().where(InitiativeObjective.initiative_id == Initiative.id)


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
    plan = Plan(info)
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
    statement = statement.where(*s.METRIC.conditions(viewer), *conditions)
    counts: dict[tuple, Counter] = defaultdict(Counter)
    for row in await plan.rows(statement):
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
    await prefetch(plan, "MetricStatsGroup", groups, [n.selection_set for n in plan.field_nodes])
    return groups


# -- relations ---------------------------------------------------------------------------------


class RealisedBenefits(Relation):
    """Each initiative's realised benefits, one statement for all, then their metrics."""

    async def load(self, plan: Plan, parents: list, key: str, nodes) -> None:
        ids = {parent._pk for parent in parents}
        rows = await plan.rows(
            select(
                RealisedBenefit.initiative_id, RealisedBenefit.metric_id, RealisedBenefit.value,
                RealisedBenefit.attainment, RealisedBenefit.baseline_value,
                RealisedBenefit.target_value,
                RealisedBenefit.recorded_at,
            )
            .join(Metric, Metric.id == RealisedBenefit.metric_id)
            .where(plan.id_in(RealisedBenefit.initiative_id, ids),
                   *_where(visibility.visible_metrics(plan.viewer)))
            .order_by(RealisedBenefit.initiative_id, Metric.name, Metric.id)
        )  # fmt: skip
        grouped: dict[int, list] = defaultdict(list)
        benefits = []
        for row in rows:
            benefit = object.__new__(t.RealisedBenefit)
            benefit.__dict__.update(
                value=row.value,
                attainment=row.attainment,
                baseline=row.baseline_value,
                target=row.target_value,
                recorded_at=row.recorded_at,
                metric=None,
                _pk=None,
                _fk={"metric": row.metric_id},
                _prefetch={},
            )
            grouped[row.initiative_id].append(benefit)
            benefits.append(benefit)
        for parent in parents:
            parent.__dict__["realised_benefits"] = grouped.get(parent._pk, [])
        await prefetch(plan, "RealisedBenefit", benefits, [n.selection_set for n in nodes])


async def _metrics_viewer_may_edit(plan: Plan, ids: set[int]) -> dict[int, bool]:
    viewer = plan.viewer
    if viewer is None or not viewer.may_write:
        return {}
    rows = await plan.rows(
        select(
            Metric.id, Metric.owner_id, PlanRow.kind, PlanRow.service_id, PlanRow.process_id,
            PlanRow.confidential, Metric.plan_id,
        )
        .outerjoin(PlanRow, PlanRow.id == Metric.plan_id)
        .where(plan.id_in(Metric.id, ids))
    )  # fmt: skip
    return {
        row.id: permissions.may_edit_metric(
            viewer, row.owner_id, row if row.plan_id is not None else None
        )
        for row in rows
    }


def register() -> None:
    from schema.relations import initiative_filters, initiative_order

    relation("Initiative", "raisedFromMetric", ToOne(s.METRIC, "raised_from_metric"))
    relation("Initiative", "realisedBenefits", RealisedBenefits())
    relation("RealisedBenefit", "metric", ToOne(s.METRIC, "metric"))
    relation(
        "Metric",
        "correctiveActions",
        ToMany(
            s.INITIATIVE,
            Initiative.raised_from_metric_id,
            filters=initiative_filters,
            order=initiative_order,
        ),
    )
    relation("Metric", "viewerMayEdit", Computed(_metrics_viewer_may_edit, lambda: False))
    relation("MetricStatsGroup", "plan", ToOne(s.PLAN, "plan"))
    relation("MetricStatsGroup", "service", ToOne(s.SERVICE, "service"))
    relation("MetricStatsGroup", "process", ToOne(s.PROCESS, "process"))
    relation("MetricStatsGroup", "objective", ToOne(s.OBJECTIVE, "objective"))


register()
