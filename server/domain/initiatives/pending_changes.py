"""Changes to what was approved go back to the approver (DOMAIN.md, Initiatives).

Two things were approved with the work and may not change under the approver's feet:
- an initiative's **approved budget** (once funded, or once running): a new amount is proposed
  with a reason and waits for the steering committee, who decide budgets;
- the **target of a metric** that shows the effect of approved, open work: a new target given
  to `updateMetric` is held and waits for the owner role of that work's plan (who approved it).

Until accepted the approved value stays in force and the work keeps running. Accepting applies
the value (audited like any edit); rejecting needs a reason. A change made by someone who may
decide it takes effect at once: the approver asking is the approval. One change of each thing
waits at a time. Who may decide is `permissions.may_decide_change`; the read API and the pages
ask it too.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session, aliased

from server.domain.core import audit, validation, visibility
from server.domain.core.errors import (
    FORBIDDEN,
    INVALID,
    INVALID_TRANSITION,
    NOT_FOUND,
    RuleViolation,
)
from server.domain.core.permissions import Action, can, may_decide_change
from server.domain.core.viewer import Viewer
from server.domain.initiatives.edits import audit_change, load_initiative
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

S = InitiativeStatus
# Approved and not yet closed: its metrics' targets are part of what was approved.
APPROVED_OPEN = frozenset({S.APPROVED, S.BUDGET_REQUESTED, S.FUNDED, S.IN_PROGRESS, S.ON_HOLD})
# Its budget was decided (funded) or it runs: a new amount is a change to the approved budget.
BUDGET_CHANGEABLE = frozenset({S.FUNDED, S.IN_PROGRESS, S.ON_HOLD})
REASON_LIMIT = 2000


def may_change_budget(viewer: Viewer | None, plan, initiative) -> bool:
    """Whether the viewer may ask for a new budget now: they may edit the initiative, and its
    budget is an approved one (funded, running or held)."""
    return (
        viewer is not None
        and viewer.may_write
        and S(initiative.status) in BUDGET_CHANGEABLE
        and can(viewer, Action.EDIT, plan, initiative)
    )


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


def deciding_plans(*conditions) -> Select:
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


def decisions(viewer: Viewer, rows) -> dict[int, bool]:
    """From `deciding_plans` rows: whether the viewer may decide each change, in their order."""
    plans: dict[int, list] = {}
    for row in rows:
        plans.setdefault(row.id, []).append(row)
    return {
        pk: may_decide_change(viewer, found[0].change_kind, found) for pk, found in plans.items()
    }


def _waiting(session: Session, **where) -> PendingChange | None:
    return session.scalar(
        select(PendingChange).where(
            PendingChange.status == ChangeStatus.PENDING,
            *(getattr(PendingChange, name) == value for name, value in where.items()),
        )
    )


def _audit(session: Session, viewer: Viewer, change: PendingChange, label: str, plan_id,
           action: AuditAction, before: dict | None, after: dict) -> None:  # fmt: skip
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type="PendingChange",
        entity_id=change.id,
        entity_label=label,
        action=action,
        before=before,
        after=after,
        plan_id=plan_id,
    )


def propose_budget_change(
    session: Session, viewer: Viewer, initiative_id: int, amount: Decimal | None, reason: str
) -> PendingChange:
    initiative, plan = load_initiative(session, viewer, initiative_id, "input.initiativeId")
    if not can(viewer, Action.EDIT, plan, initiative):
        raise RuleViolation(
            FORBIDDEN,
            "Your roles do not allow you to change this initiative's budget (its owner and the "
            "plan's owner may).",
        )
    status = S(initiative.status)
    if status not in BUDGET_CHANGEABLE:
        raise RuleViolation(
            INVALID_TRANSITION,
            f"The budget of an initiative that is {status.value.replace('_', ' ')} is not an "
            "approved budget: before funding, request a budget; closed work keeps its budget.",
            "input.initiativeId",
        )
    amount = validation.money("input.amount", amount, positive=True)
    if amount is None:
        raise RuleViolation(INVALID, "give the new budget", "input.amount")
    if initiative.budget_approved is not None and amount == initiative.budget_approved:
        raise RuleViolation(INVALID, "is the approved budget already", "input.amount")
    reason = validation.text("input.reason", reason, limit=REASON_LIMIT, required=True)
    if waiting := _waiting(session, kind=ChangeKind.BUDGET, initiative_id=initiative.id):
        raise RuleViolation(
            INVALID,
            f"a change of budget to {waiting.budget_after} {waiting.currency} waits for the "
            "steering committee already; it is decided first",
            "input.amount",
        )
    change = PendingChange(
        kind=ChangeKind.BUDGET,
        initiative_id=initiative.id,
        budget_before=initiative.budget_approved,
        budget_after=amount,
        currency=initiative.currency,
        reason=reason,
        requested_by_id=viewer.person_id,
    )
    session.add(change)
    session.flush()
    if may_decide_change(viewer, ChangeKind.BUDGET, [plan]):  # the approver asks: it is decided
        change.status = ChangeStatus.ACCEPTED
        change.decided_by_id = viewer.person_id
        change.decided_at = datetime.now(UTC)
        _apply_budget(session, viewer, change, initiative)
    _audit(session, viewer, change, f"Budget of {initiative.title}", plan.id, AuditAction.CREATE,
           None, {"kind": "budget", "budgetBefore": audit.plain(change.budget_before),
                  "budgetAfter": str(amount), "reason": reason,
                  "status": change.status.value})  # fmt: skip
    return change


def hold_target_change(
    session: Session, viewer: Viewer, metric: Metric, approved_target: float | None
) -> PendingChange | None:
    """Called by `updateMetric` after applying the new values: when approved, open work is
    judged by this metric, put the approved target back and keep the new one waiting."""
    if metric.target_value == approved_target:
        return None
    plans = approved_work_plans(session, metric.id)
    if not plans or may_decide_change(viewer, ChangeKind.TARGET, plans):
        return None  # no approved work to protect, or its approver makes the change
    if waiting := _waiting(session, kind=ChangeKind.TARGET, metric_id=metric.id):
        raise RuleViolation(
            INVALID,
            f"a change of target to {waiting.target_after:g} waits for approval already; it is "
            "decided first"
            if waiting.target_after is not None
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
    _audit(session, viewer, change, f"Target of {metric.name}", metric.plan_id,
           AuditAction.CREATE, None, {"kind": "target", "targetBefore": approved_target,
                                      "targetAfter": change.target_after})  # fmt: skip
    return change


def decide(
    session: Session, viewer: Viewer, change_id: int | None, accept: bool, reason: str | None
) -> PendingChange:
    change = session.scalar(
        select(PendingChange).where(PendingChange.id == change_id).with_for_update()
    )
    subject = _subject(session, viewer, change)
    initiative, metric, plans = subject
    if not may_decide_change(viewer, ChangeKind(change.kind), plans):
        who = "the steering committee" if change.kind == ChangeKind.BUDGET else (
            "the owner role of the plan whose approved work this metric judges")  # fmt: skip
        raise RuleViolation(FORBIDDEN, f"Only {who} may decide this change.")
    if change.status != ChangeStatus.PENDING:
        raise RuleViolation(
            INVALID_TRANSITION, f"This change was {change.status.value} already.", "input.id"
        )
    reason = validation.text("input.reason", reason, limit=REASON_LIMIT, required=not accept)
    change.status = ChangeStatus.ACCEPTED if accept else ChangeStatus.REJECTED
    change.decided_by_id = viewer.person_id
    change.decided_at = datetime.now(UTC)
    change.decision_reason = reason
    if accept and initiative is not None:
        _apply_budget(session, viewer, change, initiative)
    elif accept and metric is not None:
        _apply_target(session, viewer, change, metric)
    session.flush()
    label = f"Budget of {initiative.title}" if initiative else f"Target of {metric.name}"
    plan_id = initiative.plan_id if initiative else metric.plan_id
    _audit(session, viewer, change, label, plan_id, AuditAction.UPDATE,
           {"status": ChangeStatus.PENDING.value},
           {"status": change.status.value, "decisionReason": reason})  # fmt: skip
    return change


def settle_when_closed(session: Session, viewer: Viewer, initiative: Initiative) -> None:
    """An initiative completed or cancelled leaves no change waiting on its account: a new
    budget for it is rejected (closed work keeps its budget); a new target of its metrics takes
    effect once no other approved, open work is judged by them (called from `transitions.fire`,
    after the realised benefits were frozen against the approved targets)."""
    state = S(initiative.status).value.replace("_", " ")
    for change in session.scalars(
        select(PendingChange).where(
            PendingChange.status == ChangeStatus.PENDING,
            PendingChange.kind == ChangeKind.BUDGET,
            PendingChange.initiative_id == initiative.id,
        )
    ):
        _settle(session, viewer, change, ChangeStatus.REJECTED,
                f"The initiative was {state} before the change was decided.",
                f"Budget of {initiative.title}", initiative.plan_id)  # fmt: skip
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
        if approved_work_plans(session, change.metric_id):
            continue  # other approved work still waits for its approver's decision
        metric = session.get(Metric, change.metric_id)
        _settle(session, viewer, change, ChangeStatus.ACCEPTED,
                f"No approved work is judged by this metric any more ({initiative.title} was "
                f"{state}), so the new target applies.",
                f"Target of {metric.name}", metric.plan_id)  # fmt: skip
        _apply_target(session, viewer, change, metric)


def _settle(session, viewer, change, status, why: str, label: str, plan_id) -> None:
    change.status = status
    change.decided_at = datetime.now(UTC)
    change.decision_reason = why
    session.flush()
    _audit(session, viewer, change, label, plan_id, AuditAction.UPDATE,
           {"status": ChangeStatus.PENDING.value},
           {"status": status.value, "decisionReason": why})  # fmt: skip


def _subject(
    session: Session, viewer: Viewer, change: PendingChange | None
) -> tuple[Initiative | None, Metric | None, list[Plan]]:
    """What the change is about, as the viewer may see it; NOT_FOUND otherwise."""
    missing = RuleViolation(NOT_FOUND, "no pending change has this id", "input.id")
    if change is None:
        raise missing
    if change.kind == ChangeKind.BUDGET:
        try:
            initiative, plan = load_initiative(session, viewer, change.initiative_id)
        except RuleViolation:
            raise missing from None
        return initiative, None, [plan]
    condition = visibility.visible_metrics(viewer)
    metric = session.scalar(
        select(Metric).where(Metric.id == change.metric_id,
                             *([] if condition is None else [condition]))
    )  # fmt: skip
    if metric is None:
        raise missing
    return None, metric, approved_work_plans(session, metric.id)


def _apply_budget(session, viewer, change: PendingChange, initiative: Initiative) -> None:
    status = S(initiative.status)
    if status not in BUDGET_CHANGEABLE:
        raise RuleViolation(
            INVALID_TRANSITION,
            f"The initiative is {status.value.replace('_', ' ')} now; its budget can no longer "
            "change. Reject the change instead.",
            "input.accept",
        )
    plan = session.get(Plan, initiative.plan_id)
    before = audit.plain(initiative.budget_approved)
    initiative.budget_approved = change.budget_after
    initiative.updated_at = datetime.now(UTC)  # one UPDATE, one new version
    session.flush()
    audit_change(session, viewer, initiative, plan, AuditAction.UPDATE,
                 {"budget_approved": before},
                 {"budget_approved": str(change.budget_after)})  # fmt: skip


def _apply_target(session, viewer, change: PendingChange, metric: Metric) -> None:
    from server.domain.metrics import (
        definitions as metric_definitions,  # it holds target changes through this module
    )

    before = metric.target_value
    metric.target_value = change.target_after
    metric_definitions.check_whole(metric)
    session.flush()
    metric_definitions.record_audit(
        session, viewer, metric, AuditAction.UPDATE,
        {"target_value": before}, {"target_value": change.target_after},
    )  # fmt: skip
