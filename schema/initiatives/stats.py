"""`initiativeStats`: counts and budget sums of the initiatives a filter matches, grouped, in
one statement with the same filter as `initiatives`."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import Numeric, cast, func, null, select
from strawberry.types import Info

from schema.core.context import Context
from schema.core.planner import Planner, prefetch
from schema.core.roots import GroupedList
from schema.core.scalars import money
from schema.initiatives.enums import (
    FourDimension,
    Health,
    InitiativeStatus,
    Priority,
    ValueChainActivity,
)
from schema.initiatives.filters import initiative_conditions
from schema.initiatives.sources import INITIATIVE
from schema.plans.enums import PlanKind
from server.domain.core.sql import AnySelect
from server.domain.core.viewer import Viewer
from server.models import Initiative as InitiativeRow
from server.models import InitiativeDimension as DimensionRow
from server.models import Plan as PlanRow
from server.models import StatusUpdate as StatusUpdateRow

if TYPE_CHECKING:
    from schema.people.types import Person
    from schema.plans.types import Plan

# Types of other areas, resolved when the schema is built.
PersonRef = Annotated["Person", strawberry.lazy("schema.people.types")]
PlanRef = Annotated["Plan", strawberry.lazy("schema.plans.types")]


@strawberry.enum(description="What initiativeStats groups by.")
class InitiativeGroupBy(Enum):
    STATUS = strawberry.enum_value("status", description="By lifecycle state: sets `status`.")
    PLAN = strawberry.enum_value("plan", description="By plan: sets `plan`.")
    PLAN_KIND = strawberry.enum_value("plan_kind", description="By kind of plan: sets `planKind`.")
    HEALTH = strawberry.enum_value(
        "health", description="By the latest status update's health: sets `health`."
    )
    OWNER = strawberry.enum_value("owner", description="By owner: sets `owner`.")
    PRIORITY = strawberry.enum_value("priority", description="By priority: sets `priority`.")
    VALUE_CHAIN_ACTIVITY = strawberry.enum_value(
        "value_chain_activity",
        description="By value-chain activity: sets `valueChainActivity` (null for initiatives "
        "that name none).",
    )
    DIMENSION = strawberry.enum_value(
        "dimension",
        description="By the Four Dimensions: sets `dimension`. An initiative that touches two "
        "dimensions counts in both; one that names none is in the group whose `dimension` is "
        "null.",
    )


@strawberry.type(description="One group of initiatives; the fields not grouped by are null.")
class InitiativeStatsGroup:
    status: InitiativeStatus | None = strawberry.field(
        description="The group's lifecycle state; null unless grouped by STATUS."
    )
    plan_kind: PlanKind | None = strawberry.field(
        description="The group's kind of plan; null unless grouped by PLAN_KIND."
    )
    health: Health | None = strawberry.field(
        description="The group's health in the latest status updates; null unless grouped by "
        "HEALTH, or for initiatives with no update yet."
    )
    priority: Priority | None = strawberry.field(
        description="The group's priority; null unless grouped by PRIORITY."
    )
    value_chain_activity: ValueChainActivity | None = strawberry.field(
        description="The group's value-chain activity; null unless grouped by "
        "VALUE_CHAIN_ACTIVITY, or for initiatives that name none."
    )
    dimension: FourDimension | None = strawberry.field(
        description="The group's dimension; null unless grouped by DIMENSION, or for "
        "initiatives that name none."
    )
    count: int = strawberry.field(description="How many initiatives the group holds.")
    budget_requested_sum: Decimal = strawberry.field(
        description="Their requested budgets added up, a decimal string; amounts in different "
        "currencies are added as they are (`Plan.budgetTotals` keeps currencies apart)."
    )
    budget_approved_sum: Decimal = strawberry.field(
        description="Their approved budgets added up, a decimal string; amounts in different "
        "currencies are added as they are."
    )
    budget_spent_sum: Decimal = strawberry.field(
        description="The spend to date their status updates reported (`budgetSpent`), added "
        "up, a decimal string; amounts in different currencies are added as they are."
    )
    plan: PlanRef | None = strawberry.field(
        description="The group's plan; null unless grouped by PLAN."
    )
    owner: PersonRef | None = strawberry.field(
        description="The group's owner; null unless grouped by OWNER, or for initiatives "
        "without one."
    )


GROUP_COLUMNS = {
    "status": InitiativeRow.status,
    "plan": InitiativeRow.plan_id,
    "plan_kind": PlanRow.kind,
    "owner": InitiativeRow.owner_id,
    "priority": InitiativeRow.priority,
    "value_chain_activity": InitiativeRow.value_chain_activity,
    "dimension": DimensionRow.dimension,
}
ENUM_KEYS = ("status", "plan_kind", "health", "priority", "value_chain_activity", "dimension")


def stats_groups(viewer: Viewer, args: dict[str, Any]) -> tuple[AnySelect, list[str]]:
    """The grouped statement for `initiativeStats`'s arguments, and what it groups by (each
    key once, in the order asked)."""
    groups = [g.value if isinstance(g, Enum) else g for g in args.get("group_by") or []]
    group_by = list(dict.fromkeys(groups))
    return stats_statement(viewer, args.get("filter"), group_by), group_by


def stats_statement(viewer: Viewer, filter: dict | None, group_by: list[str]) -> AnySelect:
    """One row per group: the keys (labelled by name), count, requested, approved and spent
    sums, ordered by the keys."""
    where = [*INITIATIVE.conditions(viewer), *initiative_conditions(filter)]
    sums = {
        "requested": InitiativeRow.budget_requested,
        "approved": InitiativeRow.budget_approved,
        "spent": InitiativeRow.budget_spent,
    }

    def joined(statement: AnySelect) -> AnySelect:
        if "plan_kind" in group_by:
            statement = statement.join(PlanRow, PlanRow.id == InitiativeRow.plan_id)
        if "dimension" in group_by:  # one row per initiative and dimension it touches
            statement = statement.outerjoin(
                DimensionRow, DimensionRow.initiative_id == InitiativeRow.id
            )
        return statement

    if "health" in group_by:  # the newest status update's health, per initiative
        latest_health = (
            select(StatusUpdateRow.health)
            .where(StatusUpdateRow.initiative_id == InitiativeRow.id)
            .order_by(StatusUpdateRow.posted_at.desc(), StatusUpdateRow.id.desc())
            .limit(1)
            .correlate(InitiativeRow)
            .scalar_subquery()
        )
        named = [name for name in group_by if name != "health"]
        source = joined(
            select(
                *(GROUP_COLUMNS[name].label(name) for name in named),
                latest_health.label("health"),
                *(column.label(label) for label, column in sums.items()),
            ).select_from(InitiativeRow)
        )
        inner = source.where(*where).subquery()
        keys = [inner.c[name] for name in group_by]
        statement = select(
            *keys,
            func.count().label("count"),
            *(func.sum(inner.c[label]).label(label) for label in sums),
        )
    else:  # no subquery: group the initiatives directly
        keys = [GROUP_COLUMNS[name] for name in group_by]
        statement = joined(
            select(
                *(key.label(name) for key, name in zip(keys, group_by, strict=True)),
                func.count().label("count"),
                *(func.sum(column).label(label) for label, column in sums.items()),
            ).select_from(InitiativeRow)
        ).where(*where)
    return statement.group_by(*keys).order_by(*keys)


async def initiative_stats(
    info: Info[Context, None], args: dict[str, Any]
) -> list[InitiativeStatsGroup]:
    viewer = info.context.require_viewer()
    statement, group_by = stats_groups(viewer, args)
    planner = Planner(info)
    groups = []
    for row in await planner.rows(statement):
        values = dict(zip(group_by, row[: len(group_by)], strict=True))
        group = object.__new__(InitiativeStatsGroup)
        group.__dict__.update(
            status=values.get("status"),
            plan_kind=values.get("plan_kind"),
            health=values.get("health"),
            priority=values.get("priority"),
            value_chain_activity=values.get("value_chain_activity"),
            dimension=values.get("dimension"),
            count=row.count,
            budget_requested_sum=money(row.requested),
            budget_approved_sum=money(row.approved),
            budget_spent_sum=money(row.spent),
            plan=None,
            owner=None,
            _pk=None,
            _fk={"plan": values.get("plan"), "owner": values.get("owner")},
            _prefetch={},
        )
        groups.append(group)
    await prefetch(
        planner,
        "InitiativeStatsGroup",
        groups,
        [node.selection_set for node in planner.field_nodes],
    )
    return groups


def _group_fields(groups: Any, group_by: list[str]) -> dict[str, Any]:
    """InitiativeStatsGroup's fields over the grouped rows, as `initiative_stats` fills them."""
    fields: dict[str, Any] = {
        name: groups.c[name] if name in group_by else null() for name in ENUM_KEYS
    }
    fields["count"] = groups.c["count"]
    for name, column in (
        ("budget_requested_sum", "requested"),
        ("budget_approved_sum", "approved"),
        ("budget_spent_sum", "spent"),
    ):
        # as scalars.money: in cents, 0.00 over no amounts
        fields[name] = cast(func.coalesce(groups.c[column], 0), Numeric(20, 2))
    return fields


def _group_keys(groups: Any, group_by: list[str]) -> dict[str, Any]:
    return {name: groups.c[name] if name in group_by else null() for name in ("plan", "owner")}


INITIATIVE_STATS = GroupedList(stats_groups, _group_fields, _group_keys)
