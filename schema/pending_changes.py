"""Pending changes in the API: `Initiative.pendingChanges`, `Metric.pendingChanges`,
`PendingChange.viewerMayDecide`, and the mutations `proposeBudgetChange` and
`decidePendingChange` (server/domain/initiatives/pending_changes.py holds the rules).

Each relation is one statement for all parents, whatever their number.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import strawberry
from graphql import FieldNode
from sqlalchemy import select, union_all
from strawberry.types import Info

from schema import sources as s
from schema import types as t
from schema.context import Context
from schema.payloads import decode, payload, run
from schema.planner import Computed, Plan, Relation, ToOne, prefetch, relation
from schema.relations import with_plans
from server.domain.initiatives import budget_changes
from server.domain.initiatives import pending_changes as domain
from server.models import ChangeKind, ChangeStatus, MetricInitiative, PendingChange


class PendingChangesOf(Relation):
    """The pending changes concerning each parent, oldest first. `query(plan, ids, layout)`
    selects the parent's id, then the layout's columns, then the request time to sort by."""

    def __init__(self, query) -> None:
        self.query = query

    async def load(self, plan: Plan, parents: list, key: str, nodes: list[FieldNode]) -> None:
        ids = {parent._pk for parent in parents}
        grouped: dict[int, list] = defaultdict(list)
        found: dict[int, object] = {}
        if ids:
            layout = plan.layout(s.PENDING_CHANGE, [n.selection_set for n in nodes])
            rows = sorted(await plan.rows(self.query(plan, ids, layout)),
                          key=lambda row: (row[-1], row[1]))  # fmt: skip
            for row in rows:
                change = found.get(row[1]) or s.PENDING_CHANGE.build(row[1:], layout)
                found[row[1]] = change
                grouped[row[0]].append(change)
        for parent in parents:
            parent.__dict__["pending_changes"] = grouped.get(parent._pk, [])
        selections = [n.selection_set for n in nodes]
        await prefetch(plan, "PendingChange", list(found.values()), selections)


def _pending(plan: Plan):
    return [PendingChange.status == ChangeStatus.PENDING,
            *s.PENDING_CHANGE.conditions(plan.viewer)]  # fmt: skip


def _of_initiatives(plan: Plan, ids: set[int], layout):
    """A budget change of the initiative, and target changes of the metrics linked to it."""
    budget = select(PendingChange.initiative_id, *layout.columns, PendingChange.requested_at).where(
        PendingChange.kind == ChangeKind.BUDGET, plan.id_in(PendingChange.initiative_id, ids),
        *_pending(plan),
    )  # fmt: skip
    target = (
        select(MetricInitiative.initiative_id, *layout.columns, PendingChange.requested_at)
        .join(MetricInitiative, MetricInitiative.metric_id == PendingChange.metric_id)
        .where(
            PendingChange.kind == ChangeKind.TARGET,
            plan.id_in(MetricInitiative.initiative_id, ids),
            *_pending(plan),
        )
    )
    return union_all(budget, target)


def _of_metrics(plan: Plan, ids: set[int], layout):
    return select(PendingChange.metric_id, *layout.columns, PendingChange.requested_at).where(
        PendingChange.kind == ChangeKind.TARGET, plan.id_in(PendingChange.metric_id, ids),
        *_pending(plan),
    )  # fmt: skip


async def _viewer_may_decide(plan: Plan, ids: set[int]) -> dict[int, bool]:
    """One statement for the plans that decide each change, then the permission rule."""
    if plan.viewer is None or not plan.viewer.may_write:
        return {}
    rows = await plan.rows(domain.deciding_plans(plan.id_in(PendingChange.id, ids)))
    return domain.decisions(plan.viewer, rows)


async def _viewer_may_change_budget(plan: Plan, ids: set[int]) -> dict[int, bool]:
    return {
        row.id: budget_changes.may_change_budget(plan.viewer, row, row)
        for row in await with_plans(plan, ids)
    }


def register() -> None:
    relation("Initiative", "pendingChanges", PendingChangesOf(_of_initiatives))
    relation("Metric", "pendingChanges", PendingChangesOf(_of_metrics))
    relation(
        "Initiative", "viewerMayChangeBudget", Computed(_viewer_may_change_budget, lambda: False)
    )
    relation("PendingChange", "requestedBy", ToOne(s.PERSON, "requested_by"))
    relation("PendingChange", "decidedBy", ToOne(s.PERSON, "decided_by"))
    relation("PendingChange", "initiative", ToOne(s.INITIATIVE, "initiative"))
    relation("PendingChange", "metric", ToOne(s.METRIC, "metric"))
    relation("PendingChange", "viewerMayDecide", Computed(_viewer_may_decide, lambda: False))


register()


# -- mutations -------------------------------------------------------------------------------


@strawberry.input(
    description="Ask to change the approved budget of a funded or running initiative; the "
    "steering committee decides, and until then the approved budget stays."
)
class ProposeBudgetChangeInput:
    initiative_id: strawberry.ID = strawberry.field(description="The initiative's global id.")
    amount: Decimal = strawberry.field(description="The new budget, in the initiative's currency.")
    reason: str = strawberry.field(description="Why the budget must change (required).")


@strawberry.input(description="Accept or reject a pending change (rejecting needs a reason).")
class DecidePendingChangeInput:
    id: strawberry.ID = strawberry.field(description="The pending change's global id.")
    accept: bool = strawberry.field(
        description="True: the new value takes effect; false: the approved value stays."
    )
    reason: str | None = strawberry.field(default=None, description="Why; required when rejecting.")


ProposeBudgetChangePayload = payload(
    "ProposeBudgetChangePayload", "pending_change", t.PendingChange,
    "The pending change, waiting for the steering committee; null when refused.",
)  # fmt: skip
DecidePendingChangePayload = payload(
    "DecidePendingChangePayload", "pending_change", t.PendingChange,
    "The pending change, accepted or rejected; null when refused.",
)  # fmt: skip


async def propose_budget_change(info: Info[Context, None], input: ProposeBudgetChangeInput):
    def work(session, viewer):
        return budget_changes.propose_budget_change(
            session, viewer, decode(input.initiative_id, "Initiative", "input.initiativeId"),
            input.amount, input.reason,
        )  # fmt: skip

    return ProposeBudgetChangePayload(**await run(info, work, "pending_change", "PendingChange"))


async def decide_pending_change(info: Info[Context, None], input: DecidePendingChangeInput):
    def work(session, viewer):
        return domain.decide(
            session, viewer, decode(input.id, "PendingChange", "input.id"), input.accept,
            input.reason,
        )  # fmt: skip

    return DecidePendingChangePayload(**await run(info, work, "pending_change", "PendingChange"))
