"""Coverage of the objectives: an objective counts as measured or worked on when a visible
metric or initiative is linked to it or to any goal below it. The tree is small, so it is
loaded whole (ids and parents, one statement) and the links in one statement each."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from schema.core.planner import Planner
from server import statement_batch
from server.domain.core import visibility
from server.models import Initiative, InitiativeObjective, Metric, MetricObjective, Objective


def _where(condition) -> list:
    return [] if condition is None else [condition]


async def coverage(planner: Planner) -> tuple[list[int], set[int], set[int]]:
    """All objectives in tree order, and the ids of those with a visible metric, and with a
    visible initiative, on them or anywhere below them."""
    # Three reads that need nothing of each other: side by side (on PostgreSQL, together).
    tree, measured_rows, served_rows = await statement_batch.gather(
        planner.rows(select(Objective.id, Objective.parent_id).order_by(Objective.id)),
        planner.rows(
            select(MetricObjective.objective_id)
            .join(Metric, Metric.id == MetricObjective.metric_id)
            .where(*_where(visibility.visible_metrics(planner.viewer)))
            .distinct()
        ),
        planner.rows(
            select(InitiativeObjective.objective_id)
            .join(Initiative, Initiative.id == InitiativeObjective.initiative_id)
            .where(*_where(visibility.visible_initiatives(planner.viewer)))
            .distinct()
        ),
    )
    measured = {row[0] for row in measured_rows}
    served = {row[0] for row in served_rows}
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
