"""Summary fields for overview pages: a plan's budget totals and health spread, and the people
holding roles scoped to a service or process. Each is registered with the planner and costs one
statement for all parents."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import strawberry
from sqlalchemy import func, select

from schema import sources as s
from schema.enums import Health
from schema.planner import Computed, ToMany, relation
from server.domain.work.my_work import ACTIVE_STATES
from server.models import Initiative, RoleAssignment, StatusUpdate

HEALTH_ORDER = list(Health)


@strawberry.type(description="Budget sums of a plan's initiatives in one currency.")
class BudgetTotal:
    currency: str = strawberry.field(description="The ISO 4217 code of the sums, e.g. EUR.")
    requested: Decimal = strawberry.field(
        description="The budgets requested, added up: a decimal string in `currency`."
    )
    approved: Decimal = strawberry.field(
        description="The budgets approved, added up: a decimal string in `currency`."
    )


@strawberry.type(
    description="How many active initiatives report one health in their latest update."
)
class HealthCount:
    health: Health = strawberry.field(description="The health counted.")
    count: int = strawberry.field(
        description="How many initiatives in progress or on hold report it in their latest update."
    )


def _money(value) -> Decimal:
    if value is None:
        return Decimal("0.00")
    if isinstance(value, Decimal):
        return value.quantize(Decimal("0.01"))
    return Decimal(f"{value:.2f}")


async def budget_totals(planner, ids: set[int]) -> dict[int, list[BudgetTotal]]:
    statement = (
        select(
            Initiative.plan_id,
            Initiative.currency,
            func.sum(Initiative.budget_requested),
            func.sum(Initiative.budget_approved),
        )
        .where(planner.id_in(Initiative.plan_id, ids), *s.INITIATIVE.conditions(planner.viewer))
        .group_by(Initiative.plan_id, Initiative.currency)
        .order_by(Initiative.plan_id, Initiative.currency)
    )
    totals: dict[int, list[BudgetTotal]] = defaultdict(list)
    for plan_id, currency, requested, approved in await planner.rows(statement):
        if requested is None and approved is None:
            continue
        totals[plan_id].append(
            BudgetTotal(currency=currency, requested=_money(requested), approved=_money(approved))
        )
    return totals


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
            *s.INITIATIVE.conditions(planner.viewer),
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


relation("Plan", "budgetTotals", Computed(budget_totals, list))
relation("Plan", "healthCounts", Computed(health_counts, list))
relation("Service", "roleAssignments", ToMany(s.ROLE_ASSIGNMENT, RoleAssignment.service_id))
relation("Process", "roleAssignments", ToMany(s.ROLE_ASSIGNMENT, RoleAssignment.process_id))
