"""How the plans' relations load: their owner role, service and process, initiatives and
metrics, and the summaries of their initiatives (counts by state, budget totals, health), each
in one statement for all plans."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import and_, func, or_, select

from schema.core.relations import Computed, Relation, ToOne
from schema.core.scalars import money
from schema.initiatives.enums import Health
from schema.initiatives.sources import INITIATIVE, initiatives_of
from schema.metrics.sources import metrics_of
from schema.people.sources import ROLE
from schema.plans.types import BudgetEnvelope, BudgetTotal, HealthCount, StatusCount
from schema.services.sources import PROCESS, SERVICE
from server.domain.core import permissions
from server.domain.work.my_work import ACTIVE_STATES
from server.models import (
    BudgetRequest,
    Initiative,
    Metric,
    Plan,
    PlanBudgetEnvelope,
    StatusUpdate,
)
from server.models.enums import BudgetRequestStatus, InitiativeStatus

STATUS_ORDER = {status: rank for rank, status in enumerate(InitiativeStatus)}


async def _status_counts(planner, ids: set[int]) -> dict[int, list]:
    statement = (
        select(Initiative.plan_id, Initiative.status, func.count())
        .where(planner.id_in(Initiative.plan_id, ids), *INITIATIVE.conditions(planner.viewer))
        .group_by(Initiative.plan_id, Initiative.status)
    )
    counts: dict[int, list] = defaultdict(list)
    for plan_id, status, count in await planner.rows(statement):
        counts[plan_id].append(StatusCount(status=status, count=count))
    for values in counts.values():
        values.sort(key=lambda item: STATUS_ORDER[item.status])
    return counts


async def _viewer_may_propose(planner, ids: set[int]) -> dict[int, bool]:
    viewer = planner.viewer
    if viewer is None or not viewer.may_write:
        return {}
    rows = await planner.rows(
        select(Plan.id, Plan.kind, Plan.service_id, Plan.process_id, Plan.confidential).where(
            planner.id_in(Plan.id, ids)
        )
    )
    return {row.id: permissions.can(viewer, permissions.Action.PROPOSE, row) for row in rows}


async def budget_totals(planner, ids: set[int]) -> dict[int, list[BudgetTotal]]:
    statement = (
        select(
            Initiative.plan_id,
            Initiative.currency,
            func.sum(Initiative.budget_requested),
            func.sum(Initiative.budget_approved),
        )
        .where(planner.id_in(Initiative.plan_id, ids), *INITIATIVE.conditions(planner.viewer))
        .group_by(Initiative.plan_id, Initiative.currency)
        .order_by(Initiative.plan_id, Initiative.currency)
    )
    totals: dict[int, list[BudgetTotal]] = defaultdict(list)
    for plan_id, currency, requested, approved in await planner.rows(statement):
        if requested is None and approved is None:
            continue
        totals[plan_id].append(
            BudgetTotal(currency=currency, requested=money(requested), approved=money(approved))
        )
    return totals


async def _viewer_may_set_envelope(planner, ids: set[int]) -> dict[int, bool]:
    viewer = planner.viewer
    if viewer is None or not viewer.may_write:
        return {}
    rows = await planner.rows(
        select(Plan.id, Plan.kind, Plan.service_id, Plan.process_id, Plan.confidential).where(
            planner.id_in(Plan.id, ids)
        )
    )
    return {row.id: permissions.may_set_budget_envelope(viewer, row) for row in rows}


async def budget_envelopes(planner, ids: set[int]) -> dict[int, list[BudgetEnvelope]]:
    """Each plan's envelopes, the latest year first, with the requests approved in each year
    and those waiting (in this year's), in the envelope's currency: two statements."""
    envelopes = await planner.rows(
        select(PlanBudgetEnvelope)
        .where(planner.id_in(PlanBudgetEnvelope.plan_id, ids))
        .order_by(PlanBudgetEnvelope.plan_id, PlanBudgetEnvelope.year.desc())
    )
    if not envelopes:
        return {}
    first_year = min(envelope.year for (envelope,) in envelopes)
    requests = await planner.rows(
        select(
            Initiative.plan_id,
            BudgetRequest.currency,
            BudgetRequest.status,
            BudgetRequest.decided_at,
            BudgetRequest.amount,
            BudgetRequest.approved_amount,
        )
        .join(Initiative, Initiative.id == BudgetRequest.initiative_id)
        .where(
            planner.id_in(Initiative.plan_id, ids),
            or_(
                BudgetRequest.status == BudgetRequestStatus.PENDING,
                and_(
                    BudgetRequest.status == BudgetRequestStatus.APPROVED,
                    BudgetRequest.decided_at >= datetime(first_year, 1, 1, tzinfo=UTC),
                ),
            ),
        )
    )
    approved: dict[tuple[int, str, int], Decimal] = defaultdict(Decimal)
    pending: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for row in requests:
        if BudgetRequestStatus(row.status) is BudgetRequestStatus.APPROVED:
            year = row.decided_at.astimezone(UTC).year
            approved[(row.plan_id, row.currency, year)] += money(row.approved_amount)
        else:
            pending[(row.plan_id, row.currency)] += money(row.amount)
    this_year = datetime.now(UTC).year
    found: dict[int, list[BudgetEnvelope]] = defaultdict(list)
    for (envelope,) in envelopes:
        key = (envelope.plan_id, envelope.currency)
        taken = approved[(*key, envelope.year)]
        waiting = pending[key] if envelope.year == this_year else Decimal("0.00")
        found[envelope.plan_id].append(
            BudgetEnvelope(
                year=envelope.year,
                amount=money(envelope.amount),
                currency=envelope.currency,
                approved=money(taken),
                pending=money(waiting),
                remaining=money(envelope.amount - taken - waiting),
            )
        )
    return found


async def health_counts(planner, ids: set[int]) -> dict[int, list[HealthCount]]:
    latest = (
        select(StatusUpdate.health)
        .where(StatusUpdate.initiative_id == Initiative.id)
        .order_by(StatusUpdate.posted_at.desc(), StatusUpdate.id.desc())
        .limit(1)
        .correlate(Initiative)
        .scalar_subquery()
    )
    active = (
        select(Initiative.plan_id.label("plan_id"), latest.label("health"))
        .where(
            planner.id_in(Initiative.plan_id, ids),
            Initiative.status.in_(ACTIVE_STATES),
            *INITIATIVE.conditions(planner.viewer),
        )
        .subquery()
    )
    statement = (
        select(active.c.plan_id, active.c.health, func.count())
        .where(active.c.health.is_not(None))
        .group_by(active.c.plan_id, active.c.health)
    )
    counts: dict[int, list[HealthCount]] = defaultdict(list)
    for plan_id, health, count in await planner.rows(statement):
        counts[plan_id].append(HealthCount(health=Health(health), count=count))
    for values in counts.values():
        values.sort(key=lambda item: HEALTH_ORDER.index(item.health))
    return counts


HEALTH_ORDER = list(Health)


RELATIONS: dict[tuple[str, str], Relation] = {
    ("Plan", "ownerRole"): ToOne(ROLE, "owner_role"),
    ("Plan", "service"): ToOne(SERVICE, "service"),
    ("Plan", "process"): ToOne(PROCESS, "process"),
    ("Plan", "statusCounts"): Computed(_status_counts, list),
    ("Plan", "initiatives"): initiatives_of(Initiative.plan_id),
    ("Plan", "metrics"): metrics_of(Metric.plan_id),
    ("Plan", "viewerMayPropose"): Computed(_viewer_may_propose, lambda: False),
    ("Plan", "budgetTotals"): Computed(budget_totals, list),
    ("Plan", "healthCounts"): Computed(health_counts, list),
    ("Plan", "budgetEnvelopes"): Computed(budget_envelopes, list),
    ("Plan", "viewerMaySetBudgetEnvelope"): Computed(_viewer_may_set_envelope, lambda: False),
}
