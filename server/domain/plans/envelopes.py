"""A plan's yearly budget envelope: what it may spend in a calendar year, set by the plan's
owner (the steering committee for the strategic plan) or an administrator. The steering
committee decides budget requests against it; the envelope itself commits no money."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from server.domain.core import audit, validation
from server.domain.core.errors import FORBIDDEN, INVALID, NOT_FOUND, RuleViolation
from server.domain.core.permissions import Action, can, may_set_budget_envelope
from server.domain.core.viewer import Viewer
from server.models import Plan, PlanBudgetEnvelope
from server.models.enums import AuditAction

FIRST_YEAR, LAST_YEAR = 2000, 2100


def set_envelope(
    session: Session,
    viewer: Viewer,
    plan_id: int | None,
    year: int,
    amount: Decimal | None,
    currency: str | None,
) -> Plan:
    """Set (or, with no amount, remove) the plan's envelope for `year`; returns the plan."""
    plan = session.get(Plan, plan_id) if plan_id is not None else None
    if plan is None or not can(viewer, Action.READ, plan):
        raise RuleViolation(NOT_FOUND, "no plan has this id", "input.planId")
    if not may_set_budget_envelope(viewer, plan):
        raise RuleViolation(
            FORBIDDEN,
            f"Only the owner of {plan.name} and administrators set its budget envelope.",
        )
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise RuleViolation(
            INVALID, f"must be a year from {FIRST_YEAR} to {LAST_YEAR} (got {year})", "input.year"
        )
    envelope = session.get(PlanBudgetEnvelope, (plan.id, year))
    before = _snapshot(envelope)
    if amount is None:
        if envelope is not None:
            session.delete(envelope)
    else:
        checked = validation.money("input.amount", amount)
        code = validation.currency("input.currency", currency or "EUR")
        if envelope is None:
            envelope = PlanBudgetEnvelope(plan_id=plan.id, year=year)
            session.add(envelope)
        if (envelope.amount, envelope.currency) != (checked, code):  # else nothing to record
            envelope.amount, envelope.currency = checked, code
            envelope.set_by_id = viewer.person_id
    session.flush()
    after = _snapshot(envelope if amount is not None else None)
    if before != after:
        audit.record(
            session, actor_id=viewer.person_id, actor_name=viewer.name, entity_type="Plan",
            entity_id=plan.id, entity_label=plan.name, action=AuditAction.UPDATE,
            before={f"budgetEnvelope{year}": before}, after={f"budgetEnvelope{year}": after},
            plan_id=plan.id,
        )  # fmt: skip
    session.refresh(plan)
    return plan


def _snapshot(envelope: PlanBudgetEnvelope | None) -> str | None:
    """The envelope as the audit trail shows it, e.g. "250000.00 EUR"."""
    return None if envelope is None else f"{envelope.amount:.2f} {envelope.currency}"
