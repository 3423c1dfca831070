"""Moving an initiative along the lifecycle, with the budget decisions some steps carry."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.collaboration import notifications
from server.domain.core import audit, validation
from server.domain.core.errors import FORBIDDEN, INVALID, INVALID_TRANSITION, RuleViolation
from server.domain.core.permissions import can
from server.domain.core.viewer import Viewer
from server.domain.initiatives import lifecycle, pending_changes
from server.domain.initiatives.edits import (
    AUDITED,
    S,
    audit_change,
    check_version,
    load_initiative,
    record_event,
    today,
)
from server.domain.initiatives.lifecycle import Transition
from server.domain.metrics import corrective_actions
from server.models import BudgetRequest, Initiative
from server.models.enums import AuditAction, BudgetRequestStatus, Outcome


def fire(
    session: Session,
    viewer: Viewer,
    initiative_id: int,
    expected_version: int,
    transition: Transition,
    *,
    reason: str | None = None,
    outcome: Outcome | None = None,
    amount: Decimal | None = None,
    currency: str | None = None,
) -> Initiative:
    """Move an initiative along one edge of the lifecycle, if the diagram and the roles allow."""
    initiative, plan = load_initiative(session, viewer, initiative_id, lock=True)
    edge = lifecycle.EDGES[transition]
    status = S(initiative.status)
    if not can(viewer, edge.action, plan, initiative):
        raise RuleViolation(
            FORBIDDEN,
            f"Your roles do not allow you to {transition.value.replace('_', ' ')} this initiative.",
        )
    check_version(session, initiative, expected_version)
    if not lifecycle.drawn(transition, status, initiative.budget_requested):
        raise RuleViolation(
            INVALID_TRANSITION, lifecycle.refusal(transition, status, initiative.budget_requested)
        )
    doing = transition.value.replace("_", " ").replace("reject budget", "reject the budget")
    # A budget request calls its reason a justification; every other step a reason.
    field = "input.justification" if transition is Transition.REQUEST_BUDGET else "input.reason"
    why = (
        validation.reason(field, reason, f"{doing} an initiative")
        if edge.reason_required
        else validation.text(field, reason, limit=2000)
    )
    before = audit.snapshot(initiative, AUDITED)
    day = today()
    if transition is Transition.REQUEST_BUDGET:
        _request_budget(session, viewer, initiative, amount, currency, why)
    elif transition in (Transition.FUND, Transition.REJECT_BUDGET):
        _decide_budget(session, viewer, initiative, transition, amount, why)
    elif transition is Transition.START and initiative.actual_start is None:
        initiative.actual_start = day
    elif transition is Transition.COMPLETE:
        if outcome is None:
            raise RuleViolation(INVALID, "an outcome is required to complete", "input.outcome")
        initiative.outcome = outcome
        initiative.outcome_note = why
        initiative.actual_end = max(day, initiative.actual_start or day)
    initiative.status = edge.target
    initiative.updated_at = datetime.now(UTC)
    session.flush()
    if transition is Transition.COMPLETE:  # what it achieved, frozen now
        benefits = corrective_actions.record_realised_benefits(session, viewer, initiative)
    if edge.target in (S.COMPLETED, S.CANCELLED):
        pending_changes.settle_when_closed(session, viewer, initiative)
    record_event(session, viewer, initiative, status, why)
    after = audit.snapshot(initiative, AUDITED)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    recorded = {**changed, "reason": why} if why else changed
    if transition is Transition.COMPLETE and benefits:
        recorded = {**recorded, "realisedBenefitsRecorded": benefits}
    audit_change(
        session,
        viewer,
        initiative,
        plan,
        AuditAction.TRANSITION,
        {k: before[k] for k in changed},
        recorded,
    )
    notifications.initiative_moved(
        session, viewer, initiative, plan, STEP_WORDS[transition],
        decided=transition in DECISIONS,
        waits_for_committee=transition is Transition.REQUEST_BUDGET,
    )  # fmt: skip
    return initiative


# How a notification names each step ("Margaret Okafor approved “…”").
STEP_WORDS = {
    Transition.APPROVE: "approved",
    Transition.REJECT: "rejected",
    Transition.REQUEST_BUDGET: "asked for a budget for",
    Transition.FUND: "funded",
    Transition.REJECT_BUDGET: "rejected the budget asked for",
    Transition.START: "started",
    Transition.HOLD: "put on hold",
    Transition.RESUME: "resumed",
    Transition.COMPLETE: "completed",
    Transition.CANCEL: "cancelled",
}
DECISIONS = {Transition.APPROVE, Transition.REJECT, Transition.FUND, Transition.REJECT_BUDGET}


def _request_budget(
    session: Session,
    viewer: Viewer,
    initiative: Initiative,
    amount: Decimal | None,
    currency: str | None,
    justification: str,
) -> None:
    amount = validation.money("input.amount", amount, positive=True)
    if amount is None:
        raise RuleViolation(INVALID, "an amount is required", "input.amount")
    code = validation.currency("input.currency", currency or initiative.currency)
    if not justification:
        raise RuleViolation(INVALID, "a justification is required", "input.justification")
    session.add(
        BudgetRequest(
            initiative_id=initiative.id,
            amount=amount,
            currency=code,
            justification=justification,
            requested_by_id=viewer.person_id,
        )
    )
    initiative.budget_requested = amount
    initiative.currency = code


def _decide_budget(
    session: Session,
    viewer: Viewer,
    initiative: Initiative,
    transition: Transition,
    amount: Decimal | None,
    reason: str,
) -> None:
    request = session.scalar(
        select(BudgetRequest)
        .where(
            BudgetRequest.initiative_id == initiative.id,
            BudgetRequest.status == BudgetRequestStatus.PENDING,
        )
        .order_by(BudgetRequest.id.desc())
        .limit(1)
    )
    if request is None:  # a budget-requested initiative always has one; guard all the same
        raise RuleViolation(INVALID_TRANSITION, "There is no pending budget request to decide.")
    request.decided_by_id = viewer.person_id
    request.decided_at = datetime.now(UTC)
    request.decision_reason = reason
    if transition is Transition.FUND:
        granted = validation.money("input.amount", amount if amount is not None else request.amount)
        if granted > request.amount:
            raise RuleViolation(
                INVALID,
                f"must not exceed the {request.amount} {request.currency} requested",
                "input.amount",
            )
        request.status = BudgetRequestStatus.APPROVED
        request.approved_amount = granted
        initiative.budget_approved = granted
    else:
        request.status = BudgetRequestStatus.REJECTED
