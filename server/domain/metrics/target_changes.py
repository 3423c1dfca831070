"""Changing the target of a metric that judges approved work (DOMAIN.md, Initiatives).

The target of a metric that shows the effect of approved, open work was approved with that
work: a new target given to `updateMetric` is held and waits for the owner role of that work's
plan (who approved it); until then the approved target stays. Someone who may decide it changes
the target at once. When the last such work closes, a waiting target takes effect. How a pending
change is decided: server/domain/core/pending_changes.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.core import visibility
from server.domain.core.errors import INVALID, RuleViolation
from server.domain.core.pending_changes import not_found, record_audit, settle, waiting
from server.domain.core.permissions import may_decide_change
from server.domain.core.viewer import Viewer
from server.domain.initiatives.lifecycle import APPROVED_OPEN
from server.domain.metrics.rules import check_whole
from server.domain.metrics.rules import record_audit as record_metric_audit
from server.models import (
    ChangeKind,
    ChangeStatus,
    Initiative,
    Metric,
    MetricInitiative,
    PendingChange,
    Plan,
)
from server.models.enums import AuditAction, InitiativeStatus


def approved_work_plans(session: Session, metric_id: int) -> list[Plan]:
    """The plans of the approved, open initiatives a metric shows the effect of."""
    return list(
        session.scalars(
            select(Plan)
            .join(Initiative, Initiative.plan_id == Plan.id)
            .join(MetricInitiative, MetricInitiative.initiative_id == Initiative.id)
            .where(
                MetricInitiative.metric_id == metric_id,
                Initiative.status.in_([status.value for status in APPROVED_OPEN]),
            )
            .distinct()
            .order_by(Plan.id)
        )
    )


def _apply(session: Session, viewer: Viewer, change: PendingChange, metric: Metric) -> None:
    before = metric.target_value
    metric.target_value = change.target_after
    check_whole(metric)
    session.flush()
    record_metric_audit(
        session, viewer, metric, AuditAction.UPDATE,
        {"target_value": before}, {"target_value": change.target_after},
    )  # fmt: skip


@dataclass(frozen=True)
class TargetSubject:
    """A target change is about its metric; the owners of the approved work it judges decide."""

    metric: Metric
    plans: list[Plan]
    deciders = "the owner role of the plan whose approved work this metric judges"

    @property
    def label(self) -> str:
        return f"Target of {self.metric.name}"

    @property
    def plan_id(self) -> int | None:
        return self.metric.plan_id

    def apply(self, session: Session, viewer: Viewer, change: PendingChange) -> None:
        _apply(session, viewer, change, self.metric)


def subject(session: Session, viewer: Viewer, change: PendingChange) -> TargetSubject:
    """The metric whose target the change is about, if the viewer may see it."""
    condition = visibility.visible_metrics(viewer)
    metric = session.scalar(
        select(Metric).where(Metric.id == change.metric_id,
                             *([] if condition is None else [condition]))
    )  # fmt: skip
    if metric is None:
        raise not_found()
    return TargetSubject(metric, approved_work_plans(session, metric.id))


def hold_target_change(
    session: Session, viewer: Viewer, metric: Metric, approved_target: float | None
) -> PendingChange | None:
    """Called by `updateMetric` after applying the new values: when approved, open work is
    judged by this metric, put the approved target back and keep the new one waiting."""
    if metric.target_value == approved_target:
        return None
    plans = approved_work_plans(session, metric.id)
    if not plans or may_decide_change(viewer, ChangeKind.TARGET, list(plans)):
        return None  # no approved work to protect, or its approver makes the change
    if already := waiting(session, ChangeKind.TARGET, metric_id=metric.id):
        raise RuleViolation(
            INVALID,
            f"a change of target to {already.target_after:g} waits for approval already; it is "
            "decided first"
            if already.target_after is not None
            else "a change of target waits for approval already; it is decided first",
            "input.targetValue",
        )
    change = PendingChange(
        kind=ChangeKind.TARGET,
        metric_id=metric.id,
        target_before=approved_target,
        target_after=metric.target_value,
        requested_by_id=viewer.person_id,
    )
    metric.target_value = approved_target
    session.add(change)
    session.flush()
    record_audit(session, viewer, change, f"Target of {metric.name}", metric.plan_id,
                 AuditAction.CREATE, None, {"kind": "target", "targetBefore": approved_target,
                                            "targetAfter": change.target_after})  # fmt: skip
    return change


def apply_when_closed(session: Session, viewer: Viewer, initiative: Initiative) -> None:
    """An initiative completed or cancelled: a new target of its metrics takes effect once no
    other approved, open work is judged by them (after the realised benefits were frozen
    against the approved targets)."""
    state = InitiativeStatus(initiative.status).value.replace("_", " ")
    linked = select(MetricInitiative.metric_id).where(
        MetricInitiative.initiative_id == initiative.id
    )
    for change in session.scalars(
        select(PendingChange).where(
            PendingChange.status == ChangeStatus.PENDING,
            PendingChange.kind == ChangeKind.TARGET,
            PendingChange.metric_id.in_(linked),
        )
    ):
        if change.metric_id is None or approved_work_plans(session, change.metric_id):
            continue  # other approved work still waits for its approver's decision
        metric = session.get(Metric, change.metric_id)
        if metric is None:
            continue
        settle(session, viewer, change, ChangeStatus.ACCEPTED,
               f"No approved work is judged by this metric any more ({initiative.title} was "
               f"{state}), so the new target applies.",
               f"Target of {metric.name}", metric.plan_id)  # fmt: skip
        _apply(session, viewer, change, metric)
