"""Every relation the API exposes, registered once with the planner: how to load it in bulk."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime

from sqlalchemy import ARRAY, Integer, Select, func, literal, select, true
from sqlalchemy.orm import aliased

from schema import sources as s
from schema import types as t
from schema.filters import (
    INITIATIVE_ORDER,
    METRIC_ORDER,
    initiative_conditions,
    measurement_conditions,
    metric_conditions,
    order_clause,
)
from schema.planner import Computed, ToMany, ToOne, ToOneBy, Values, relation
from server.domain.core import permissions, visibility
from server.domain.core.roles import PROCESS_OWNER, SERVICE_OWNER
from server.domain.initiatives import lifecycle
from server.domain.initiatives.edits import InitiativeFields
from server.domain.metrics import analysis, latest
from server.models import (
    BudgetRequest,
    Initiative,
    InitiativeDimension,
    InitiativeEvent,
    InitiativeObjective,
    InitiativeTag,
    Measurement,
    Metric,
    MetricInitiative,
    MetricObjective,
    Objective,
    Offering,
    Plan,
    Role,
    RoleAssignment,
    StatusUpdate,
)
from server.models.enums import Direction, Health, InitiativeStatus, MeasurementFrequency


def initiative_filters(args: dict) -> list:
    return initiative_conditions(args.get("filter"))


def initiative_order(args: dict) -> list:
    return order_clause(INITIATIVE_ORDER, Initiative.id, args)


def metric_filters(args: dict) -> list:
    return metric_conditions(args.get("filter"))


def metric_order(args: dict) -> list:
    return order_clause(METRIC_ORDER, Metric.id, args)


def _initiatives(parent_column, **link) -> ToMany:
    return ToMany(
        s.INITIATIVE, parent_column, filters=initiative_filters, order=initiative_order, **link
    )


def _metrics(parent_column, **link) -> ToMany:
    return ToMany(s.METRIC, parent_column, filters=metric_filters, order=metric_order, **link)


def _latest(source: s.Source, parent_column, order) -> ToOneBy:
    """The newest row per parent. PostgreSQL: a LATERAL subquery with LIMIT 1 per parent, one
    index probe each. Elsewhere a window function numbers each parent's rows in a narrow
    subquery, and only the first ones are fetched whole."""

    def query(plan, ids: set[int], layout) -> Select:
        if plan.dialect == "postgresql":
            parents = (
                func.unnest(literal(sorted(ids), ARRAY(Integer)))
                .table_valued("parent_key")
                .render_derived(name="parents")
            )
            newest = (
                select(*layout.columns)
                .where(parent_column == parents.c.parent_key, *source.conditions(plan.viewer))
                .order_by(*order)
                .limit(1)
                .lateral("newest")
            )
            return select(parents.c.parent_key, newest).join(newest, true())
        numbered = (
            select(
                source.pk.label("newest_id"),
                func.row_number()
                .over(partition_by=parent_column, order_by=order)
                .label("position"),
            )
            .where(plan.id_in(parent_column, ids), *source.conditions(plan.viewer))
            .subquery()
        )
        return (
            select(parent_column, *layout.columns)
            .join(numbered, numbered.c["newest_id"] == source.pk)
            .where(numbered.c["position"] == 1)
        )

    return ToOneBy(source, query)


def _holder(role_slug: str, scope_column) -> ToOneBy:
    """The person holding a role scoped to the parent (the first one assigned, if several)."""

    def query(plan, ids: set[int], layout) -> Select:
        return (
            select(scope_column, *layout.columns)
            .join(RoleAssignment, RoleAssignment.person_id == s.PERSON.pk)
            .join(Role, Role.id == RoleAssignment.role_id)
            .where(Role.slug == role_slug, plan.id_in(scope_column, ids))
            .order_by(scope_column, RoleAssignment.id)
        )

    return ToOneBy(s.PERSON, query)


def _improvement_plan(scope_column) -> ToOneBy:
    def query(plan, ids: set[int], layout) -> Select:
        condition = visibility.visible_plans(plan.viewer)
        return select(scope_column, *layout.columns).where(
            plan.id_in(scope_column, ids), *([] if condition is None else [condition])
        )

    return ToOneBy(s.PLAN, query)


def _values(parent_column, value_column) -> Values:
    def query(plan, ids: set[int]) -> Select:
        return (
            select(parent_column, value_column)
            .where(plan.id_in(parent_column, ids))
            .order_by(parent_column, value_column)
        )

    return Values(query)


STATUS_ORDER = {status: rank for rank, status in enumerate(InitiativeStatus)}


async def _status_counts(plan, ids: set[int]) -> dict[int, list]:
    statement = (
        select(Initiative.plan_id, Initiative.status, func.count())
        .where(plan.id_in(Initiative.plan_id, ids), *s.INITIATIVE.conditions(plan.viewer))
        .group_by(Initiative.plan_id, Initiative.status)
    )
    counts: dict[int, list] = defaultdict(list)
    for plan_id, status, count in await plan.rows(statement):
        counts[plan_id].append(t.StatusCount(status=status, count=count))
    for values in counts.values():
        values.sort(key=lambda item: STATUS_ORDER[item.status])
    return counts


async def with_plans(plan, ids: set[int]) -> list:
    """One row per initiative with the plan facts the permission rules read (the row serves as
    both the plan and the initiative they are asked about)."""
    return await plan.rows(
        select(
            Initiative.id,
            Initiative.status,
            Initiative.owner_id,
            Initiative.budget_requested,
            Plan.kind,
            Plan.service_id,
            Plan.process_id,
            Plan.confidential,
        )
        .join(Plan, Plan.id == Initiative.plan_id)
        .where(plan.id_in(Initiative.id, ids))
    )


async def _available_transitions(plan, ids: set[int]) -> dict[int, list]:
    """What the viewer may do next with each initiative: the state machine and the permission
    rules decide."""
    viewer = plan.viewer
    return {row.id: lifecycle.available(viewer, row, row) for row in await with_plans(plan, ids)}


async def _viewer_may_edit(plan, ids: set[int]) -> dict[int, bool]:
    viewer = plan.viewer
    writes = viewer is not None and viewer.may_write
    return {
        row.id: writes and permissions.can(viewer, permissions.Action.EDIT, row, row)
        for row in await with_plans(plan, ids)
    }


async def _viewer_may_propose(plan, ids: set[int]) -> dict[int, bool]:
    viewer = plan.viewer
    if viewer is None or not viewer.may_write:
        return {}
    rows = await plan.rows(
        select(Plan.id, Plan.kind, Plan.service_id, Plan.process_id, Plan.confidential).where(
            plan.id_in(Plan.id, ids)
        )
    )
    return {row.id: permissions.can(viewer, permissions.Action.PROPOSE, row) for row in rows}


def _input_name(field: str) -> str:
    head, *rest = field.split("_")
    return head + "".join(part.title() for part in rest)


EDIT_ORDER = [field.name for field in dataclass_fields(InitiativeFields)]


async def _editable_fields(plan, ids: set[int]) -> dict[int, list[str]]:
    """The fields the lifecycle leaves open in each initiative's state, if the viewer may edit."""
    viewer = plan.viewer
    if viewer is None or not viewer.may_write:
        return {}
    result = {}
    for row in await with_plans(plan, ids):
        if not permissions.can(viewer, permissions.Action.EDIT, row, row):
            continue
        open_now = lifecycle.EDITABLE.get(InitiativeStatus(row.status), frozenset())
        result[row.id] = [_input_name(name) for name in EDIT_ORDER if name in open_now]
    return result


HEALTH_ORDER = {Health.ON_TRACK: 0, Health.AT_RISK: 1, Health.OFF_TRACK: 2}
LEFT_OUT = {InitiativeStatus.REJECTED, InitiativeStatus.CANCELLED}


async def _rollups(plan, ids: set[int]) -> dict[int, t.Rollup]:
    """Each parent's progress from its visible children, derived on every read."""
    latest = aliased(StatusUpdate)

    def newest(column):
        return (
            select(column)
            .where(latest.initiative_id == Initiative.id)
            .order_by(latest.posted_at.desc(), latest.id.desc())
            .limit(1)
            .correlate(Initiative)
            .scalar_subquery()
        )

    statement = select(
        Initiative.parent_id,
        Initiative.status,
        newest(latest.percent_complete).label("percent"),
        newest(latest.health).label("health"),
    ).where(plan.id_in(Initiative.parent_id, ids), *s.INITIATIVE.conditions(plan.viewer))
    children: dict[int, list] = defaultdict(list)
    for row in await plan.rows(statement):
        children[row.parent_id].append(row)
    rollups = {}
    for parent_id, rows in children.items():
        counted = [row for row in rows if row.status not in LEFT_OUT]
        percents = [
            100 if row.status == InitiativeStatus.COMPLETED else (row.percent or 0)
            for row in counted
        ]
        healths = [
            Health(row.health)
            for row in counted
            if row.health is not None and row.status != InitiativeStatus.COMPLETED
        ]
        rollups[parent_id] = t.Rollup(
            percent_complete=round(sum(percents) / len(percents)) if percents else 0,
            health=max(healths, key=HEALTH_ORDER.__getitem__) if healths else None,
            child_count=len(rows),
        )
    return rollups


async def _metric_statuses(plan, ids: set[int]) -> dict[int, t.MetricStatus]:
    """Each metric's status from its facts and its last few visible measurements."""
    facts = await plan.rows(
        select(
            Metric.id,
            Metric.baseline_value,
            Metric.target_value,
            Metric.direction,
            Metric.amber_tolerance,
            Metric.unit,
            Metric.frequency,
        ).where(plan.id_in(Metric.id, ids))
    )
    recent = latest.by_metric(
        await plan.rows(
            latest.recent_values(
                plan.id_in(Measurement.metric_id, ids), *s.MEASUREMENT.conditions(plan.viewer)
            )
        )
    )
    statuses = {}
    for fact in facts:
        result = analysis.analyse(
            values=recent.get(fact.id, []),
            baseline=fact.baseline_value,
            target=fact.target_value,
            direction=Direction(fact.direction),
            tolerance=fact.amber_tolerance,
            unit=fact.unit,
            period=PERIODS[MeasurementFrequency(fact.frequency)],
        )
        statuses[fact.id] = t.MetricStatus(
            rag=result.rag,
            reason=result.reason,
            latest_value=result.latest,
            attainment=result.attainment,
            trend=result.trend,
            trend_periods=result.trend_periods,
        )
    return statuses


PERIODS = {
    MeasurementFrequency.DAILY: "day",
    MeasurementFrequency.WEEKLY: "week",
    MeasurementFrequency.MONTHLY: "month",
    MeasurementFrequency.QUARTERLY: "quarter",
}


async def _schedules(plan, ids: set[int]) -> dict[int, t.ScheduleStatus]:
    today = datetime.now(UTC).date()
    rows = await plan.rows(
        select(Initiative.id, Initiative.status, Initiative.planned_end).where(
            plan.id_in(Initiative.id, ids)
        )
    )
    result = {}
    for row in rows:
        found = analysis.schedule(InitiativeStatus(row.status), row.planned_end, today)
        result[row.id] = t.ScheduleStatus(rag=found.rag, reason=found.reason)
    return result


async def _viewer_may_record(plan, ids: set[int]) -> dict[int, bool]:
    """Whether the viewer may record measurements of each metric: one statement for the
    owners of the metrics and of their linked initiatives."""
    viewer = plan.viewer
    if viewer is None or not viewer.may_write:
        return {}
    rows = await plan.rows(
        select(Metric.id, Metric.owner_id, Initiative.owner_id.label("linked_owner_id"))
        .outerjoin(MetricInitiative, MetricInitiative.metric_id == Metric.id)
        .outerjoin(Initiative, Initiative.id == MetricInitiative.initiative_id)
        .where(plan.id_in(Metric.id, ids))
    )
    owners: dict[int, int | None] = {}
    linked: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        owners[row.id] = row.owner_id
        if row.linked_owner_id is not None:
            linked[row.id].add(row.linked_owner_id)
    return {
        metric_id: permissions.may_record_measurements(viewer, owner_id, linked[metric_id])
        for metric_id, owner_id in owners.items()
    }


def register() -> None:
    # People and roles
    relation("Role", "assignments", ToMany(s.ROLE_ASSIGNMENT, RoleAssignment.role_id))
    relation("Person", "roleAssignments", ToMany(s.ROLE_ASSIGNMENT, RoleAssignment.person_id))
    relation("RoleAssignment", "person", ToOne(s.PERSON, "person"))
    relation("RoleAssignment", "role", ToOne(s.ROLE, "role"))
    relation("RoleAssignment", "service", ToOne(s.SERVICE, "service"))
    relation("RoleAssignment", "process", ToOne(s.PROCESS, "process"))
    # Services, offerings, processes
    relation("Service", "offerings", ToMany(s.OFFERING, Offering.service_id))
    relation("Service", "improvementPlan", _improvement_plan(Plan.service_id))
    relation("Service", "owner", _holder(SERVICE_OWNER, RoleAssignment.service_id))
    relation("Service", "metrics", _metrics(Metric.service_id))
    relation("Offering", "service", ToOne(s.SERVICE, "service"))
    relation("Process", "improvementPlan", _improvement_plan(Plan.process_id))
    relation("Process", "owner", _holder(PROCESS_OWNER, RoleAssignment.process_id))
    relation("Process", "metrics", _metrics(Metric.process_id))
    # Plans
    relation("Plan", "ownerRole", ToOne(s.ROLE, "owner_role"))
    relation("Plan", "service", ToOne(s.SERVICE, "service"))
    relation("Plan", "process", ToOne(s.PROCESS, "process"))
    relation("Plan", "statusCounts", Computed(_status_counts, list))
    relation("Plan", "initiatives", _initiatives(Initiative.plan_id))
    relation("Plan", "metrics", _metrics(Metric.plan_id))
    # Initiatives and what hangs off them
    relation("Initiative", "plan", ToOne(s.PLAN, "plan"))
    relation("Initiative", "parent", ToOne(s.INITIATIVE, "parent"))
    relation("Initiative", "owner", ToOne(s.PERSON, "owner"))
    relation(
        "Initiative",
        "latestStatusUpdate",
        _latest(
            s.STATUS_UPDATE,
            StatusUpdate.initiative_id,
            [StatusUpdate.posted_at.desc(), StatusUpdate.id.desc()],
        ),
    )
    relation(
        "Initiative",
        "dimensions",
        _values(InitiativeDimension.initiative_id, InitiativeDimension.dimension),
    )
    relation("Initiative", "tags", _values(InitiativeTag.initiative_id, InitiativeTag.tag))
    relation("Initiative", "availableTransitions", Computed(_available_transitions, list))
    relation("Initiative", "viewerMayEdit", Computed(_viewer_may_edit, lambda: False))
    relation("Initiative", "rollup", Computed(_rollups, lambda: None))
    relation("Initiative", "schedule", Computed(_schedules, lambda: None))
    relation("Metric", "status", Computed(_metric_statuses, lambda: None))
    relation("ApiToken", "person", ToOne(s.PERSON, "person"))
    relation("Initiative", "children", _initiatives(Initiative.parent_id))
    relation(
        "Initiative",
        "metrics",
        _metrics(
            MetricInitiative.initiative_id,
            link=MetricInitiative,
            link_target_column=MetricInitiative.metric_id,
        ),
    )
    relation(
        "Initiative",
        "statusUpdates",
        ToMany(
            s.STATUS_UPDATE,
            StatusUpdate.initiative_id,
            order=lambda args: [StatusUpdate.posted_at, StatusUpdate.id],
        ),
    )
    relation(
        "Initiative",
        "events",
        ToMany(
            s.INITIATIVE_EVENT,
            InitiativeEvent.initiative_id,
            order=lambda args: [InitiativeEvent.at, InitiativeEvent.id],
        ),
    )
    relation(
        "Initiative",
        "budgetRequests",
        ToMany(
            s.BUDGET_REQUEST,
            BudgetRequest.initiative_id,
            order=lambda args: [BudgetRequest.requested_at, BudgetRequest.id],
        ),
    )
    relation(
        "Initiative",
        "objectives",
        ToMany(
            s.OBJECTIVE,
            InitiativeObjective.initiative_id,
            link=InitiativeObjective,
            link_target_column=InitiativeObjective.objective_id,
        ),
    )
    relation("InitiativeEvent", "actor", ToOne(s.PERSON, "actor"))
    relation("InitiativeEvent", "initiative", ToOne(s.INITIATIVE, "initiative"))
    relation("BudgetRequest", "requestedBy", ToOne(s.PERSON, "requested_by"))
    relation("BudgetRequest", "decidedBy", ToOne(s.PERSON, "decided_by"))
    relation("BudgetRequest", "initiative", ToOne(s.INITIATIVE, "initiative"))
    relation("StatusUpdate", "postedBy", ToOne(s.PERSON, "posted_by"))
    relation("StatusUpdate", "initiative", ToOne(s.INITIATIVE, "initiative"))
    # Objectives
    relation("Objective", "parent", ToOne(s.OBJECTIVE, "parent"))
    relation(
        "Objective",
        "children",
        ToMany(s.OBJECTIVE, Objective.parent_id, order=lambda args: [Objective.id]),
    )
    relation(
        "Objective",
        "metrics",
        _metrics(
            MetricObjective.objective_id,
            link=MetricObjective,
            link_target_column=MetricObjective.metric_id,
        ),
    )
    relation(
        "Objective",
        "initiatives",
        _initiatives(
            InitiativeObjective.objective_id,
            link=InitiativeObjective,
            link_target_column=InitiativeObjective.initiative_id,
        ),
    )
    # Metrics and measurements
    relation("Metric", "owner", ToOne(s.PERSON, "owner"))
    relation("Metric", "plan", ToOne(s.PLAN, "plan"))
    relation("Metric", "service", ToOne(s.SERVICE, "service"))
    relation("Metric", "process", ToOne(s.PROCESS, "process"))
    relation(
        "Metric",
        "latestMeasurement",
        _latest(s.MEASUREMENT, Measurement.metric_id, list(latest.NEWEST_FIRST)),
    )
    relation(
        "Metric",
        "measurements",
        ToMany(
            s.MEASUREMENT,
            Measurement.metric_id,
            filters=measurement_conditions,
            order=lambda args: [Measurement.taken_at, Measurement.id],
        ),
    )
    relation(
        "Metric",
        "initiatives",
        _initiatives(
            MetricInitiative.metric_id,
            link=MetricInitiative,
            link_target_column=MetricInitiative.initiative_id,
        ),
    )
    relation(
        "Metric",
        "objectives",
        ToMany(
            s.OBJECTIVE,
            MetricObjective.metric_id,
            link=MetricObjective,
            link_target_column=MetricObjective.objective_id,
        ),
    )
    relation("Metric", "viewerMayRecord", Computed(_viewer_may_record, lambda: False))
    relation("Measurement", "recordedBy", ToOne(s.PERSON, "recorded_by"))
    relation("Measurement", "metric", ToOne(s.METRIC, "metric"))
    relation("AuditEntry", "actor", ToOne(s.PERSON, "actor"))
    relation("InitiativeStatsGroup", "plan", ToOne(s.PLAN, "plan"))
    relation("InitiativeStatsGroup", "owner", ToOne(s.PERSON, "owner"))
    # What the pages' forms offer
    relation("Plan", "viewerMayPropose", Computed(_viewer_may_propose, lambda: False))
    relation("Initiative", "editableFields", Computed(_editable_fields, list))


register()
