"""How the initiatives' relations load, each for all parents at once: their plan, owner and
parent, the latest status update, tags and Four Dimensions, children, metrics, objectives and
history, and what the viewer may do with each (the state machine and the permission rules)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime
from typing import Any

from graphql import FieldNode
from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import aliased

from schema.core.filters import search_pattern
from schema.core.pagination import Window, make_connection
from schema.core.planner import Planner, prefetch
from schema.core.relations import Computed, Relation, ToMany, ToOne, latest, values
from schema.initiatives.sources import (
    BUDGET_REQUEST,
    INITIATIVE,
    INITIATIVE_EVENT,
    STATUS_UPDATE,
    initiatives_of,
)
from schema.initiatives.types import Rollup, ScheduleStatus
from schema.metrics.sources import metrics_of
from schema.objectives.sources import OBJECTIVE
from schema.people.sources import PERSON
from schema.plans.sources import PLAN
from schema.services.sources import SERVICE
from server import statement_batch
from server.domain.core import permissions
from server.domain.initiatives import lifecycle
from server.domain.initiatives.children import CANDIDATE_PLAN_KINDS, CANDIDATE_STATUSES
from server.domain.initiatives.edits import InitiativeFields
from server.domain.metrics import analysis
from server.models import (
    BudgetRequest,
    Initiative,
    InitiativeDimension,
    InitiativeEvent,
    InitiativeObjective,
    InitiativeService,
    InitiativeTag,
    MetricInitiative,
    Plan,
    Service,
    StatusUpdate,
)
from server.models.enums import Health, InitiativeStatus, PlanKind


async def with_plans(planner, ids: set[int]) -> list:
    """One row per initiative with the plan facts the permission rules read (the row serves as
    both the plan and the initiative they are asked about); read once per request for the same
    initiatives, as several fields of a page ask for them."""
    key = ("initiatives with plans", frozenset(ids))
    rows: list = await statement_batch.once(
        planner.context.memo, key, lambda: _with_plans(planner, ids)
    )
    return rows


async def _with_plans(planner, ids: set[int]) -> list:
    return await planner.rows(
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
        .where(planner.id_in(Initiative.id, ids))
    )


async def _available_transitions(planner, ids: set[int]) -> dict[int, list]:
    """What the viewer may do next with each initiative: the state machine and the permission
    rules decide."""
    viewer = planner.viewer
    return {row.id: lifecycle.available(viewer, row, row) for row in await with_plans(planner, ids)}


async def _viewer_may_edit(planner, ids: set[int]) -> dict[int, bool]:
    viewer = planner.viewer
    writes = viewer is not None and viewer.may_write
    return {
        row.id: writes and permissions.can(viewer, permissions.Action.EDIT, row, row)
        for row in await with_plans(planner, ids)
    }


async def _viewer_may_link_children(planner, ids: set[int]) -> dict[int, bool]:
    """Whether the viewer may link children to it: strategic work, and the plan's maintainers."""
    viewer = planner.viewer
    if viewer is None or not viewer.may_write:
        return {}
    return {
        row.id: PlanKind(row.kind) is PlanKind.STRATEGIC
        and permissions.can(viewer, permissions.Action.LINK_CHILDREN, row, row)
        for row in await with_plans(planner, ids)
    }


class _AnyStrategicPlan:
    """The strategic plan as the permission rules read it, before its row is in: a viewer who
    may not link children to this one may link them to none."""

    kind = PlanKind.STRATEGIC
    service_id = None
    process_id = None
    confidential = False


class ChildCandidates(Relation):
    """`Initiative.childCandidates`: one page of the initiatives a strategic initiative's
    maintainers may link to it, for all parents at once. The list is the same for every parent
    the viewer may link children to, so it is read once, beside the rows that say which those
    are; the statement reads nothing unless one of the parents is strategic work."""

    keyed = True

    async def load(
        self, planner: Planner, parents: list[Any], key: str, nodes: list[FieldNode]
    ) -> None:
        viewer = planner.viewer
        args = planner.arguments("Initiative", nodes[0])
        conditions = _candidate_conditions(args.get("search"))
        ids = {parent._pk for parent in parents}
        may_link: dict[int, bool] = {}
        connection = None
        if (
            ids
            and viewer is not None
            and viewer.may_write
            and permissions.can(viewer, permissions.Action.LINK_CHILDREN, _AnyStrategicPlan())
        ):
            window = Window.from_args(args)
            inner_sets, wants_total = planner.connection_parts(nodes, INITIATIVE.type_name)
            layout = planner.layout(INITIATIVE, inner_sets)
            strategic = _strategic_among(planner, ids)
            where = [*INITIATIVE.conditions(viewer), *conditions, strategic]
            offset, limit = window.fetch_limit(None)
            statement = (
                INITIATIVE.select(layout=layout)
                .where(*where)
                .order_by(Initiative.title, Initiative.id)
                .offset(offset)
                .limit(limit)
            )
            counted = select(func.count()).select_from(Initiative).where(*where)
            rows, total, may_link = await statement_batch.gather(
                planner.rows(statement),
                _count(planner, counted) if wants_total else _nothing(),
                _viewer_may_link_children(planner, ids),
            )
            objects = [INITIATIVE.build(row, layout) for row in rows]
            connection = make_connection(objects, window, total, total_known=total is not None)
            if any(may_link.values()):
                await prefetch(planner, INITIATIVE.type_name, connection.nodes, inner_sets)
        for parent in parents:
            parent._prefetch[key] = connection if may_link.get(parent._pk) else None


def _candidate_conditions(search: str | None) -> list[ColumnElement[bool]]:
    """The domain's candidates (server/domain/initiatives/children.py), narrowed by `search`;
    a search too long is refused before anything is read, naming the argument."""
    kinds = select(Plan.id).where(Plan.kind.in_(sorted(CANDIDATE_PLAN_KINDS)))
    conditions = [
        Initiative.parent_id.is_(None),
        Initiative.status.in_(sorted(CANDIDATE_STATUSES)),
        Initiative.plan_id.in_(kinds),
    ]
    if (pattern := search_pattern(search, "search")) is not None:
        conditions.append(
            Initiative.title.ilike(pattern, escape="\\")
            | Initiative.description.ilike(pattern, escape="\\")
        )
    return conditions


def _strategic_among(planner: Planner, ids: set[int]) -> ColumnElement[bool]:
    """Whether any of these initiatives is strategic work: a condition that does not depend on
    the candidate row, so PostgreSQL tests it once, before reading any."""
    parent = aliased(Initiative)
    return exists(
        select(parent.id)
        .join(Plan, Plan.id == parent.plan_id)
        .where(planner.id_in(parent.id, ids), Plan.kind == PlanKind.STRATEGIC)
    )


async def _count(planner: Planner, statement: Any) -> int:
    rows = await planner.rows(statement)
    return int(rows[0][0])


async def _nothing() -> None:
    return None


POSTS_IN = {InitiativeStatus.IN_PROGRESS, InitiativeStatus.ON_HOLD}


async def _viewer_may_post(planner, ids: set[int]) -> dict[int, bool]:
    """Whether the viewer may post a status update now: the rule, and a state that takes one."""
    viewer = planner.viewer
    writes = viewer is not None and viewer.may_write
    return {
        row.id: writes
        and InitiativeStatus(row.status) in POSTS_IN
        and permissions.can(viewer, permissions.Action.POST_STATUS_UPDATE, row, row)
        for row in await with_plans(planner, ids)
    }


def _input_name(field: str) -> str:
    head, *rest = field.split("_")
    return head + "".join(part.title() for part in rest)


EDIT_ORDER = [field.name for field in dataclass_fields(InitiativeFields)]


async def _editable_fields(planner, ids: set[int]) -> dict[int, list[str]]:
    """The fields the lifecycle leaves open in each initiative's state, if the viewer may edit."""
    viewer = planner.viewer
    if viewer is None or not viewer.may_write:
        return {}
    result = {}
    for row in await with_plans(planner, ids):
        if not permissions.can(viewer, permissions.Action.EDIT, row, row):
            continue
        open_now = lifecycle.EDITABLE.get(InitiativeStatus(row.status), frozenset())
        result[row.id] = [_input_name(name) for name in EDIT_ORDER if name in open_now]
    return result


HEALTH_ORDER = {Health.ON_TRACK: 0, Health.AT_RISK: 1, Health.OFF_TRACK: 2}


LEFT_OUT = {InitiativeStatus.REJECTED, InitiativeStatus.CANCELLED}


async def _rollups(planner, ids: set[int]) -> dict[int, Rollup]:
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
    ).where(planner.id_in(Initiative.parent_id, ids), *INITIATIVE.conditions(planner.viewer))
    children: dict[int, list] = defaultdict(list)
    for row in await planner.rows(statement):
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
        rollups[parent_id] = Rollup(
            percent_complete=round(sum(percents) / len(percents)) if percents else 0,
            health=max(healths, key=HEALTH_ORDER.__getitem__) if healths else None,
            child_count=len(rows),
        )
    return rollups


async def _schedules(planner, ids: set[int]) -> dict[int, ScheduleStatus]:
    today = datetime.now(UTC).date()
    rows = await planner.rows(
        select(Initiative.id, Initiative.status, Initiative.planned_end).where(
            planner.id_in(Initiative.id, ids)
        )
    )
    result = {}
    for row in rows:
        found = analysis.schedule(InitiativeStatus(row.status), row.planned_end, today)
        result[row.id] = ScheduleStatus(rag=found.rag, reason=found.reason)
    return result


RELATIONS: dict[tuple[str, str], Relation] = {
    ("Initiative", "plan"): ToOne(PLAN, "plan"),
    ("Initiative", "parent"): ToOne(INITIATIVE, "parent"),
    ("Initiative", "owner"): ToOne(PERSON, "owner"),
    ("Initiative", "latestStatusUpdate"): latest(
        STATUS_UPDATE,
        StatusUpdate.initiative_id,
        [StatusUpdate.posted_at.desc(), StatusUpdate.id.desc()],
    ),
    ("Initiative", "dimensions"): values(
        InitiativeDimension.initiative_id, InitiativeDimension.dimension
    ),
    ("Initiative", "tags"): values(InitiativeTag.initiative_id, InitiativeTag.tag),
    ("Initiative", "availableTransitions"): Computed(_available_transitions, list),
    ("Initiative", "viewerMayEdit"): Computed(_viewer_may_edit, lambda: False),
    ("Initiative", "viewerMayPostStatusUpdate"): Computed(_viewer_may_post, lambda: False),
    ("Initiative", "viewerMayLinkChildren"): Computed(_viewer_may_link_children, lambda: False),
    ("Initiative", "rollup"): Computed(_rollups, lambda: None),
    ("Initiative", "schedule"): Computed(_schedules, lambda: None),
    ("Initiative", "children"): initiatives_of(Initiative.parent_id),
    ("Initiative", "childCandidates"): ChildCandidates(),
    ("Initiative", "metrics"): metrics_of(
        MetricInitiative.initiative_id,
        link=MetricInitiative,
        link_target_column=MetricInitiative.metric_id,
    ),
    ("Initiative", "statusUpdates"): ToMany(
        STATUS_UPDATE,
        StatusUpdate.initiative_id,
        order=lambda args: [StatusUpdate.posted_at, StatusUpdate.id],
    ),
    ("Initiative", "events"): ToMany(
        INITIATIVE_EVENT,
        InitiativeEvent.initiative_id,
        order=lambda args: [InitiativeEvent.at, InitiativeEvent.id],
    ),
    ("Initiative", "budgetRequests"): ToMany(
        BUDGET_REQUEST,
        BudgetRequest.initiative_id,
        order=lambda args: [BudgetRequest.requested_at, BudgetRequest.id],
    ),
    ("Initiative", "objectives"): ToMany(
        OBJECTIVE,
        InitiativeObjective.initiative_id,
        link=InitiativeObjective,
        link_target_column=InitiativeObjective.objective_id,
    ),
    ("Initiative", "affectedServices"): ToMany(
        SERVICE,
        InitiativeService.initiative_id,
        link=InitiativeService,
        link_target_column=InitiativeService.service_id,
        order=lambda args: [Service.name, Service.id],
    ),
    ("InitiativeEvent", "actor"): ToOne(PERSON, "actor"),
    ("InitiativeEvent", "initiative"): ToOne(INITIATIVE, "initiative"),
    ("BudgetRequest", "requestedBy"): ToOne(PERSON, "requested_by"),
    ("BudgetRequest", "decidedBy"): ToOne(PERSON, "decided_by"),
    ("BudgetRequest", "initiative"): ToOne(INITIATIVE, "initiative"),
    ("StatusUpdate", "postedBy"): ToOne(PERSON, "posted_by"),
    ("StatusUpdate", "initiative"): ToOne(INITIATIVE, "initiative"),
    ("InitiativeStatsGroup", "plan"): ToOne(PLAN, "plan"),
    ("InitiativeStatsGroup", "owner"): ToOne(PERSON, "owner"),
    ("Initiative", "editableFields"): Computed(_editable_fields, list),
}
