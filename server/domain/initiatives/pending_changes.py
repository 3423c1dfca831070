"""Changes to what was approved go back to the approver (DOMAIN.md, Initiatives).

Two things were approved with the work and may not change under the approver's feet:
- an initiative's **approved budget** (server/domain/initiatives/budget_changes.py);
- the **target of a metric** that shows the effect of approved, open work
  (server/domain/metrics/target_changes.py).

Until accepted the approved value stays in force and the work keeps running. Accepting applies
the value (audited like any edit); rejecting needs a reason. One change of each thing waits at a
time. Who may decide is `permissions.may_decide_change`; the read API and the pages ask it too.
This module puts the two kinds together: deciding either (the shared flow is
server/domain/core/pending_changes.py), who decides which, and what closing work settles.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, aliased

from server.domain.core import pending_changes as flow
from server.domain.core.permissions import may_decide_change
from server.domain.core.sql import AnyRow, AnySelect
from server.domain.core.viewer import Viewer
from server.domain.initiatives import budget_changes
from server.domain.initiatives.lifecycle import APPROVED_OPEN
from server.domain.metrics import target_changes
from server.models import (
    ChangeKind,
    ChangeStatus,
    Initiative,
    MetricInitiative,
    PendingChange,
    Plan,
)

SUBJECTS: dict[ChangeKind, flow.SubjectLoader] = {
    ChangeKind.BUDGET: budget_changes.subject,
    ChangeKind.TARGET: target_changes.subject,
}


def decide(
    session: Session, viewer: Viewer, change_id: int | None, accept: bool, reason: str | None
) -> PendingChange:
    return flow.decide(session, viewer, change_id, accept, reason, SUBJECTS)


def deciding_plans(*conditions: ColumnElement[bool]) -> AnySelect:
    """For each pending change the conditions pick, oldest first: its id and kind with each plan
    whose approver decides it (the budget's initiative's plan; the plans of the approved, open
    work a target judges), as rows `permissions.may_decide_change` reads as plans."""
    work = aliased(Initiative)
    return (
        select(
            PendingChange.id.label("id"),
            PendingChange.kind.label("change_kind"),
            Plan.kind, Plan.service_id, Plan.process_id, Plan.confidential,
        )
        .outerjoin(MetricInitiative, MetricInitiative.metric_id == PendingChange.metric_id)
        .join(
            work,
            or_(
                work.id == PendingChange.initiative_id,
                and_(
                    work.id == MetricInitiative.initiative_id,
                    work.status.in_([status.value for status in APPROVED_OPEN]),
                ),
            ),
        )
        .join(Plan, Plan.id == work.plan_id)
        .where(PendingChange.status == ChangeStatus.PENDING, *conditions)
        .order_by(PendingChange.requested_at, PendingChange.id)
    )  # fmt: skip


def decisions(viewer: Viewer, rows: Iterable[AnyRow]) -> dict[int, bool]:
    """From `deciding_plans` rows: whether the viewer may decide each change, in their order."""
    plans: dict[int, list[Any]] = {}
    for row in rows:
        plans.setdefault(row.id, []).append(row)
    return {
        pk: may_decide_change(viewer, found[0].change_kind, found) for pk, found in plans.items()
    }


def settle_when_closed(session: Session, viewer: Viewer, initiative: Initiative) -> None:
    """An initiative completed or cancelled leaves no change waiting on its account: a new
    budget for it is rejected (closed work keeps its budget); a new target of its metrics takes
    effect once no other approved, open work is judged by them (called from `transitions.fire`,
    after the realised benefits were frozen against the approved targets)."""
    budget_changes.reject_when_closed(session, viewer, initiative)
    target_changes.apply_when_closed(session, viewer, initiative)
