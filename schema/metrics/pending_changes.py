"""How pending changes load: `Initiative.pendingChanges` (its budget, its metrics' targets),
`Metric.pendingChanges`, `PendingChange.viewerMayDecide` and
`Initiative.viewerMayChangeBudget`, each one statement for all parents, whatever their number
(server/domain/initiatives/pending_changes.py holds the rules)."""

from __future__ import annotations

from collections import defaultdict

from graphql import FieldNode
from sqlalchemy import select, union_all

from schema.core.planner import Planner, prefetch
from schema.core.relations import Computed, Relation, ToOne
from schema.initiatives.relations import with_plans
from schema.initiatives.sources import INITIATIVE
from schema.metrics.sources import METRIC, PENDING_CHANGE
from schema.people.sources import PERSON
from server.domain.initiatives import budget_changes
from server.domain.initiatives import pending_changes as domain
from server.models import ChangeKind, ChangeStatus, MetricInitiative, PendingChange


class PendingChangesOf(Relation):
    """The pending changes concerning each parent, oldest first. `query(plan, ids, layout)`
    selects the parent's id, then the layout's columns, then the request time to sort by."""

    def __init__(self, query) -> None:
        self.query = query

    async def load(self, planner: Planner, parents: list, key: str, nodes: list[FieldNode]) -> None:
        ids = {parent._pk for parent in parents}
        grouped: dict[int, list] = defaultdict(list)
        found: dict[int, object] = {}
        if ids:
            layout = planner.layout(PENDING_CHANGE, [n.selection_set for n in nodes])
            rows = sorted(await planner.rows(self.query(planner, ids, layout)),
                          key=lambda row: (row[-1], row[1]))  # fmt: skip
            for row in rows:
                change = found.get(row[1]) or PENDING_CHANGE.build(row[1:], layout)
                found[row[1]] = change
                grouped[row[0]].append(change)
        for parent in parents:
            parent.__dict__["pending_changes"] = grouped.get(parent._pk, [])
        selections = [n.selection_set for n in nodes]
        await prefetch(planner, "PendingChange", list(found.values()), selections)


def _pending(planner: Planner):
    return [PendingChange.status == ChangeStatus.PENDING,
            *PENDING_CHANGE.conditions(planner.viewer)]  # fmt: skip


def _of_initiatives(planner: Planner, ids: set[int], layout):
    """A budget change of the initiative, and target changes of the metrics linked to it."""
    budget = select(PendingChange.initiative_id, *layout.columns, PendingChange.requested_at).where(
        PendingChange.kind == ChangeKind.BUDGET, planner.id_in(PendingChange.initiative_id, ids),
        *_pending(planner),
    )  # fmt: skip
    target = (
        select(MetricInitiative.initiative_id, *layout.columns, PendingChange.requested_at)
        .join(MetricInitiative, MetricInitiative.metric_id == PendingChange.metric_id)
        .where(
            PendingChange.kind == ChangeKind.TARGET,
            planner.id_in(MetricInitiative.initiative_id, ids),
            *_pending(planner),
        )
    )
    return union_all(budget, target)


def _of_metrics(planner: Planner, ids: set[int], layout):
    return select(PendingChange.metric_id, *layout.columns, PendingChange.requested_at).where(
        PendingChange.kind == ChangeKind.TARGET, planner.id_in(PendingChange.metric_id, ids),
        *_pending(planner),
    )  # fmt: skip


async def _viewer_may_decide(planner: Planner, ids: set[int]) -> dict[int, bool]:
    """One statement for the plans that decide each change, then the permission rule."""
    if planner.viewer is None or not planner.viewer.may_write:
        return {}
    rows = await planner.rows(domain.deciding_plans(planner.id_in(PendingChange.id, ids)))
    return domain.decisions(planner.viewer, rows)


async def _viewer_may_change_budget(planner: Planner, ids: set[int]) -> dict[int, bool]:
    return {
        row.id: budget_changes.may_change_budget(planner.viewer, row, row)
        for row in await with_plans(planner, ids)
    }


RELATIONS: dict[tuple[str, str], Relation] = {
    ("Initiative", "pendingChanges"): PendingChangesOf(_of_initiatives),
    ("Metric", "pendingChanges"): PendingChangesOf(_of_metrics),
    ("Initiative", "viewerMayChangeBudget"): Computed(_viewer_may_change_budget, lambda: False),
    ("PendingChange", "requestedBy"): ToOne(PERSON, "requested_by"),
    ("PendingChange", "decidedBy"): ToOne(PERSON, "decided_by"),
    ("PendingChange", "initiative"): ToOne(INITIATIVE, "initiative"),
    ("PendingChange", "metric"): ToOne(METRIC, "metric"),
    ("PendingChange", "viewerMayDecide"): Computed(_viewer_may_decide, lambda: False),
}
