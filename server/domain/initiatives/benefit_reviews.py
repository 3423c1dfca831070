"""The benefit review: months after an initiative completed, did its gains hold?

The last question of the improvement model ("how do we keep the momentum?"). A review is due
`REVIEW_AFTER` after the initiative's actual end; its owner, or the owner of its plan, records
it once: sustained, or slipped with what slipped, in which case a corrective initiative is
proposed in the same plan to win the gains back, linked to the same metrics, objectives and
services, and to the review. Due reviews show in the owner's My work.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from server.domain.core import audit, validation
from server.domain.core.errors import FORBIDDEN, INVALID, INVALID_TRANSITION, RuleViolation
from server.domain.core.permissions import Action, can
from server.domain.core.viewer import Viewer
from server.domain.initiatives.edits import (
    AUDITED,
    audit_change,
    load_initiative,
    record_event,
    today,
)
from server.models import (
    BenefitReview,
    Initiative,
    InitiativeObjective,
    InitiativeService,
    MetricInitiative,
)
from server.models.enums import AuditAction, BenefitOutcome, InitiativeStatus

REVIEW_AFTER = timedelta(days=90)
DUE_WITHIN = timedelta(days=14)  # shown in My work this long before it is due


def due_on(actual_end: date | None) -> date | None:
    """When a completed initiative's benefit review is due."""
    return actual_end + REVIEW_AFTER if actual_end is not None else None


def _copy_links(session: Session, source_id: int, target_id: int) -> None:
    """The corrective work serves what the original served, measured by the same metrics."""
    for model, column in (
        (MetricInitiative, MetricInitiative.metric_id),
        (InitiativeObjective, InitiativeObjective.objective_id),
        (InitiativeService, InitiativeService.service_id),
    ):
        values = list(session.scalars(select(column).where(model.initiative_id == source_id)))
        if values:
            session.execute(
                insert(model),
                [{"initiative_id": target_id, column.key: value} for value in values],
            )


def record(
    session: Session,
    viewer: Viewer,
    initiative_id: int | None,
    outcome: BenefitOutcome | None,
    note: str | None = None,
    reviewed_on: date | None = None,
) -> BenefitReview:
    if initiative_id is None:
        raise RuleViolation(INVALID, "name the initiative", "input.initiativeId")
    initiative, plan = load_initiative(
        session, viewer, initiative_id, field="input.initiativeId", lock=True
    )
    if not can(viewer, Action.EDIT, plan, initiative):
        raise RuleViolation(
            FORBIDDEN,
            "Only the initiative's owner and the owner of its plan review whether its benefits "
            "held.",
        )
    if InitiativeStatus(initiative.status) is not InitiativeStatus.COMPLETED:
        raise RuleViolation(
            INVALID_TRANSITION,
            "Its benefits are reviewed once it is completed; it is "
            f"{InitiativeStatus(initiative.status).value.replace('_', ' ')}.",
        )
    if session.scalar(select(BenefitReview.id).where(BenefitReview.initiative_id == initiative.id)):
        raise RuleViolation(
            INVALID_TRANSITION, "Its benefit review is recorded already.", "input.initiativeId"
        )
    if outcome is None:
        raise RuleViolation(INVALID, "say whether the benefits held", "input.outcome")
    outcome = BenefitOutcome(outcome)
    day = reviewed_on or today()
    ended = initiative.actual_end or day
    if day > today():
        raise RuleViolation(INVALID, "must not be in the future", "input.reviewedOn")
    if day < ended:
        raise RuleViolation(
            INVALID, f"must be on or after the day it completed ({ended})", "input.reviewedOn"
        )
    if outcome is BenefitOutcome.SLIPPED:
        text = validation.reason("input.note", note, "say the benefits slipped")
    else:
        text = validation.text("input.note", note, limit=2000)
    review = BenefitReview(
        initiative_id=initiative.id,
        reviewed_on=day,
        outcome=outcome,
        note=text,
        reviewed_by_id=viewer.person_id,
    )
    session.add(review)
    session.flush()
    corrective = None
    if outcome is BenefitOutcome.SLIPPED:
        corrective = Initiative(
            plan_id=plan.id,
            title=f"Win back the gains of {initiative.title}"[:200],
            description=text,
            rationale=f"Its benefit review on {day:%Y-%m-%d} found the gains slipped: {text}"[
                :10_000
            ],
            status=InitiativeStatus.PROPOSED,
            owner_id=viewer.person_id,
            created_by_id=viewer.person_id,
        )
        session.add(corrective)
        session.flush()
        _copy_links(session, initiative.id, corrective.id)
        review.corrective_initiative_id = corrective.id
        session.flush()
        record_event(session, viewer, corrective, None, f"Gains of {initiative.title} slipped")
        audit_change(
            session, viewer, corrective, plan, AuditAction.CREATE, None,
            {**audit.snapshot(corrective, AUDITED), "fromBenefitReviewOf": initiative.title},
        )  # fmt: skip
    audit_change(
        session, viewer, initiative, plan, AuditAction.UPDATE, {"benefitReview": None},
        {"benefitReview": outcome.value, "reviewedOn": day.isoformat(), "note": text,
         **({"initiativeId": corrective.id} if corrective is not None else {})},
    )  # fmt: skip
    initiative.updated_at = datetime.now(UTC)  # a new version: its record changed
    session.flush()
    return review
