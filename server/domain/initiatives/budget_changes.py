"""Changing an initiative's approved budget (DOMAIN.md, Initiatives).

Once funded, or once running, the budget is an approved one: a new amount is proposed with a
reason and waits for the steering committee, who decide budgets; until they accept it the
approved budget stays and the work keeps running. A member of the steering committee asking is
the approval. How a pending change is decided: server/domain/core/pending_changes.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.core import audit, validation
from server.domain.core.errors import FORBIDDEN, INVALID, INVALID_TRANSITION, RuleViolation
from server.domain.core.pending_changes import (
    REASON_LIMIT,
    accept_at_once,
    not_found,
    record_audit,
    settle,
    waiting,
)
from server.domain.core.permissions import Action, PlanLike, can, may_decide_change
from server.domain.core.viewer import Viewer
from server.domain.initiatives.edits import audit_change, load_initiative
from server.domain.initiatives.lifecycle import InitiativeState
from server.models import ChangeKind, ChangeStatus, Initiative, PendingChange, Plan
from server.models.enums import AuditAction, InitiativeStatus

S = InitiativeStatus
# Its budget was decided (funded) or it runs: a new amount is a change to the approved budget.
BUDGET_CHANGEABLE = frozenset({S.FUNDED, S.IN_PROGRESS, S.ON_HOLD})


def may_change_budget(viewer: Viewer | None, plan: PlanLike, initiative: InitiativeState) -> bool:
    """Whether the viewer may ask for a new budget now: they may edit the initiative, and its
    budget is an approved one (funded, running or held)."""
    return (
        viewer is not None
        and viewer.may_write
        and S(initiative.status) in BUDGET_CHANGEABLE
        and can(viewer, Action.EDIT, plan, initiative)
    )


@dataclass(frozen=True)
class BudgetSubject:
    """A budget change is about its initiative; its plan's budget deciders decide it."""

    initiative: Initiative
    plan: Plan
    deciders = "the steering committee"

    @property
    def label(self) -> str:
        return f"Budget of {self.initiative.title}"

    @property
    def plan_id(self) -> int | None:
        return self.initiative.plan_id

    @property
    def plans(self) -> list[Plan]:
        return [self.plan]

    def apply(self, session: Session, viewer: Viewer, change: PendingChange) -> None:
        initiative = self.initiative
        status = S(initiative.status)
        if status not in BUDGET_CHANGEABLE:
            raise RuleViolation(
                INVALID_TRANSITION,
                f"The initiative is {status.value.replace('_', ' ')} now; its budget can no "
                "longer change. Reject the change instead.",
                "input.accept",
            )
        before = audit.plain(initiative.budget_approved)
        initiative.budget_approved = change.budget_after
        initiative.updated_at = datetime.now(UTC)  # one UPDATE, one new version
        session.flush()
        audit_change(session, viewer, initiative, self.plan, AuditAction.UPDATE,
                     {"budget_approved": before},
                     {"budget_approved": str(change.budget_after)})  # fmt: skip


def subject(session: Session, viewer: Viewer, change: PendingChange) -> BudgetSubject:
    """The initiative whose budget the change is about, if the viewer may see it."""
    if change.initiative_id is None:
        raise not_found()
    try:
        initiative, plan = load_initiative(session, viewer, change.initiative_id)
    except RuleViolation:
        raise not_found() from None
    return BudgetSubject(initiative, plan)


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
    if already := waiting(session, ChangeKind.BUDGET, initiative_id=initiative.id):
        raise RuleViolation(
            INVALID,
            f"a change of budget to {already.budget_after} {already.currency} waits for the "
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
        accept_at_once(change, viewer)
        BudgetSubject(initiative, plan).apply(session, viewer, change)
    record_audit(session, viewer, change, f"Budget of {initiative.title}", plan.id,
                 AuditAction.CREATE, None,
                 {"kind": "budget", "budgetBefore": audit.plain(change.budget_before),
                  "budgetAfter": str(amount), "reason": reason,
                  "status": change.status.value})  # fmt: skip
    return change


def reject_when_closed(session: Session, viewer: Viewer, initiative: Initiative) -> None:
    """A completed or cancelled initiative keeps its budget: a new one still waiting is
    rejected."""
    state = S(initiative.status).value.replace("_", " ")
    for change in session.scalars(
        select(PendingChange).where(
            PendingChange.status == ChangeStatus.PENDING,
            PendingChange.kind == ChangeKind.BUDGET,
            PendingChange.initiative_id == initiative.id,
        )
    ):
        settle(session, viewer, change, ChangeStatus.REJECTED,
               f"The initiative was {state} before the change was decided.",
               f"Budget of {initiative.title}", initiative.plan_id)  # fmt: skip
