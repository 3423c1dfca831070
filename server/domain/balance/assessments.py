"""Balance assessments: where the organisation, or one service, stood on each of the four
tensions of service operation over a period, with the evidence, and which tensions drift.

A score runs from -3 (toward the first-named pole: the internal IT view, stability, quality,
reactive) to +3 (the external business view, responsiveness, cost, proactive); 0 is balanced.
A tension drifts when it moved away from 0, the same way, in each of the last two intervals.
Who records and corrects them: `permissions.may_assess_balance`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from server.domain.core import audit, validation
from server.domain.core.errors import CONFLICT, FORBIDDEN, INVALID, NOT_FOUND, RuleViolation
from server.domain.core.permissions import may_assess_balance
from server.domain.core.viewer import Viewer
from server.models import BalanceAssessment, BalanceAssessor, Person, Service
from server.models.enums import AuditAction, Tension

LONGEST_PERIOD = timedelta(days=366 * 2)
MOST_ASSESSORS = 30
POLES = {
    Tension.INTERNAL_EXTERNAL: ("the internal IT view", "the external business view"),
    Tension.STABILITY_RESPONSIVENESS: ("stability", "responsiveness"),
    Tension.QUALITY_COST: ("quality", "cost"),
    Tension.REACTIVE_PROACTIVE: ("reactive", "proactive"),
}
AUDITED = [
    "period_start", "period_end", "assessed_on",
    *(tension.value for tension in Tension),
    *(f"{tension.value}_evidence" for tension in Tension),
]  # fmt: skip


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


@dataclass
class AssessmentFields:
    """What an assessor writes. None: not given (on update: keep)."""

    service_id: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    assessed_on: date | None = None
    scores: dict[Tension, int | None] = field(default_factory=dict)
    evidence: dict[Tension, str | None] = field(default_factory=dict)
    assessor_ids: list[int] | None = None


def today() -> date:
    return datetime.now(UTC).date()


def leaning(tension: Tension, score: int) -> str:
    """A score in words: "balanced", "leans toward stability (-2)"."""
    if score == 0:
        return "balanced"
    pole = POLES[Tension(tension)][0 if score < 0 else 1]
    return f"leans toward {pole} ({score:+d})"


def drift(tension: Tension, scores: list[int]) -> str | None:
    """Why a tension drifts (scores oldest first), or None: it moved away from 0 the same way
    in each of the last two intervals."""
    if len(scores) < 3:
        return None
    first, middle, last = scores[-3:]
    if last == 0 or abs(middle) <= abs(first) or abs(last) <= abs(middle):
        return None
    if (middle > 0) != (last > 0) or (first != 0 and (first > 0) != (last > 0)):
        return None
    pole = POLES[Tension(tension)][0 if last < 0 else 1]
    return (
        f"Moved toward {pole} in each of the last two assessments "
        f"({first:+d}, {middle:+d}, {last:+d})."
    )


def _score(tension: Tension, value: int | None, required: bool) -> int | None:
    field_name = f"input.{camel(tension.value)}"
    if value is None:
        if required:
            raise RuleViolation(INVALID, "give a score from -3 to +3", field_name)
        return None
    if not -3 <= value <= 3:
        raise RuleViolation(INVALID, f"a score is -3 to +3 (got {value})", field_name)
    return value


def _assessors(session: Session, ids: list[int]) -> list[int]:
    unique = sorted(set(ids))
    if len(unique) > MOST_ASSESSORS:
        raise RuleViolation(
            INVALID, f"name at most {MOST_ASSESSORS} assessors", "input.assessorIds"
        )
    found = (
        set(session.scalars(select(Person.id).where(Person.id.in_(unique)))) if unique else set()
    )
    missing = [pk for pk in unique if pk not in found]
    if missing:
        raise RuleViolation(
            NOT_FOUND, f"no person has the id number {missing[0]}", "input.assessorIds"
        )
    return unique


def _dates(start: date | None, end: date | None, assessed: date) -> tuple[date, date]:
    if start is None:
        raise RuleViolation(INVALID, "give the first day of the period", "input.periodStart")
    if end is None:
        raise RuleViolation(INVALID, "give the last day of the period", "input.periodEnd")
    validation.date_order("the period's first day", start, "input.periodEnd", end)
    if end - start > LONGEST_PERIOD:
        raise RuleViolation(INVALID, "an assessment covers at most two years", "input.periodEnd")
    if assessed > today():
        raise RuleViolation(INVALID, "must not be in the future", "input.assessedOn")
    if assessed < start:
        raise RuleViolation(
            INVALID, "an assessment is made on or after the period's first day", "input.assessedOn"
        )
    return start, end


def _label(session: Session, assessment: BalanceAssessment) -> str:
    service = (
        session.get(Service, assessment.service_id) if assessment.service_id is not None else None
    )
    scope = service.name if service is not None else "the organisation"
    return f"Balance of {scope}, {assessment.assessed_on:%Y-%m-%d}"


def _state(session: Session, assessment: BalanceAssessment) -> dict[str, Any]:
    people = sorted(
        session.scalars(
            select(BalanceAssessor.person_id).where(BalanceAssessor.assessment_id == assessment.id)
        )
    )
    return {**audit.snapshot(assessment, AUDITED), "assessorIds": people}


def _record_audit(
    session: Session, viewer: Viewer, assessment: BalanceAssessment, action: AuditAction,
    before: dict[str, Any] | None, after: dict[str, Any] | None,
) -> None:  # fmt: skip
    audit.record(
        session, actor_id=viewer.person_id, actor_name=viewer.name,
        entity_type="BalanceAssessment", entity_id=assessment.id,
        entity_label=_label(session, assessment), action=action, before=before, after=after,
    )  # fmt: skip


def _write_assessors(session: Session, assessment_id: int, people: list[int]) -> None:
    session.execute(delete(BalanceAssessor).where(BalanceAssessor.assessment_id == assessment_id))
    if people:
        session.execute(
            insert(BalanceAssessor),
            [{"assessment_id": assessment_id, "person_id": pk} for pk in people],
        )


def _require(viewer: Viewer, service: Service | None) -> None:
    if not may_assess_balance(viewer, service.id if service else None):
        whose = f"{service.name}'s owner, " if service else ""
        raise RuleViolation(
            FORBIDDEN,
            f"Only {whose}the steering committee, the service strategy manager and "
            "administrators assess the balance"
            + (f" of {service.name}." if service else " of the organisation."),
        )


def record(session: Session, viewer: Viewer, fields: AssessmentFields) -> BalanceAssessment:
    service = None
    if fields.service_id is not None:
        service = session.get(Service, fields.service_id)
        if service is None:
            raise RuleViolation(NOT_FOUND, "no service has this id", "input.serviceId")
    _require(viewer, service)
    assessed = fields.assessed_on or today()
    start, end = _dates(fields.period_start, fields.period_end, assessed)
    scores = {t: _score(t, fields.scores.get(t), True) for t in Tension}
    evidence = {
        t: validation.text(f"input.{camel(t.value)}Evidence", fields.evidence.get(t), limit=2000)
        for t in Tension
    }
    people = _assessors(session, fields.assessor_ids or [])
    assessment = BalanceAssessment(
        service_id=service.id if service else None,
        period_start=start,
        period_end=end,
        assessed_on=assessed,
        recorded_by_id=viewer.person_id,
        **{t.value: scores[t] for t in Tension},
        **{f"{t.value}_evidence": evidence[t] for t in Tension},
    )
    session.add(assessment)
    session.flush()
    _write_assessors(session, assessment.id, people)
    _record_audit(
        session, viewer, assessment, AuditAction.CREATE, None, _state(session, assessment)
    )
    return assessment


def update(
    session: Session,
    viewer: Viewer,
    assessment_id: int | None,
    fields: AssessmentFields,
    expected_version: int | None = None,
) -> BalanceAssessment:
    assessment = (
        session.scalar(
            select(BalanceAssessment).where(BalanceAssessment.id == assessment_id).with_for_update()
        )
        if assessment_id is not None
        else None
    )
    if assessment is None:
        raise RuleViolation(NOT_FOUND, "no balance assessment has this id", "input.id")
    service = session.get(Service, assessment.service_id) if assessment.service_id else None
    _require(viewer, service)
    if expected_version is not None and expected_version != assessment.version:
        raise RuleViolation(
            CONFLICT,
            f"The assessment was changed after you loaded it (you had version "
            f"{expected_version}, it is now version {assessment.version}). Reload it and try "
            "again.",
            "input.expectedVersion",
        )
    before = _state(session, assessment)
    assessed = fields.assessed_on or assessment.assessed_on
    assessment.period_start, assessment.period_end = _dates(
        fields.period_start or assessment.period_start,
        fields.period_end or assessment.period_end,
        assessed,
    )
    assessment.assessed_on = assessed
    for tension in Tension:
        score = _score(tension, fields.scores.get(tension), False)
        if score is not None:
            setattr(assessment, tension.value, score)
        text = fields.evidence.get(tension)
        if text is not None:
            setattr(
                assessment, f"{tension.value}_evidence",
                validation.text(f"input.{camel(tension.value)}Evidence", text, limit=2000),
            )  # fmt: skip
    if fields.assessor_ids is not None:
        _write_assessors(session, assessment.id, _assessors(session, fields.assessor_ids))
    after = _state(session, assessment)
    if after != before:
        assessment.updated_at = datetime.now(UTC)
        session.flush()
        changed = [name for name in after if before.get(name) != after[name]]
        _record_audit(
            session, viewer, assessment, AuditAction.UPDATE,
            {name: before.get(name) for name in changed}, {name: after[name] for name in changed},
        )  # fmt: skip
    return assessment
