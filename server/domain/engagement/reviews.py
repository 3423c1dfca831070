"""Service reviews: a service looked at with its stakeholders over a period.

A review is opened as a draft (the period it covers, the date it is planned for, who takes
part); when it is marked held, the service's metrics (status, latest value, target, trend) and
the satisfaction received in the period are frozen on it, so the record keeps showing what
was seen then. Each finding ends as an improvement (a proposed initiative in the service's
improvement plan), a suggestion to another plan, or noted with no action and a reason; the
review closes once every finding has its outcome.

    draft → held → closed

Who: the service's owner, the maintainers of its improvement plan, administrators, and a
business relationship manager who owns the relationship with a stakeholder taking part.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from server.domain.core import audit, validation, visibility
from server.domain.core.errors import (
    CONFLICT,
    FORBIDDEN,
    INVALID,
    INVALID_TRANSITION,
    NOT_FOUND,
    RuleViolation,
)
from server.domain.core.permissions import Action, can, may_run_service_review
from server.domain.core.viewer import Viewer
from server.domain.engagement import review_cadence, suggestions
from server.domain.initiatives.edits import AUDITED as INITIATIVE_AUDITED
from server.domain.initiatives.edits import audit_change, record_event
from server.domain.metrics.corrective_actions import analyse_metrics
from server.models import (
    Feedback,
    Initiative,
    InitiativeService,
    Metric,
    Person,
    Plan,
    ReviewFinding,
    ReviewMetricSnapshot,
    Service,
    ServiceReview,
    ServiceReviewPerson,
    ServiceReviewStakeholder,
    Stakeholder,
)
from server.models.enums import (
    AuditAction,
    FindingOutcome,
    InitiativeStatus,
    PlanKind,
    ReviewStatus,
    SuggestionSource,
)

R = ReviewStatus
LONGEST_PERIOD = timedelta(days=366 * 2)
MOST_PARTICIPANTS = 50
AUDITED = ["period_start", "period_end", "scheduled_on", "held_on", "status", "notes"]
STATUS_WORDS = {R.DRAFT: "a draft", R.HELD: "held", R.CLOSED: "closed"}


@dataclass
class ReviewFields:
    """What the one running a review writes. None: not given (on edit: keep)."""

    service_id: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    scheduled_on: date | None = None
    person_ids: list[int] | None = None
    stakeholder_ids: list[int] | None = None
    notes: str | None = None


def today() -> date:
    return datetime.now(UTC).date()


def service_plan(session: Session, service_id: int) -> Plan | None:
    """The service's improvement plan, where its reviews' improvements are proposed."""
    return session.scalar(
        select(Plan)
        .where(Plan.kind == PlanKind.SERVICE_IMPROVEMENT, Plan.service_id == service_id)
        .order_by(Plan.id)
        .limit(1)
    )


def owns_participating_stakeholder(
    session: Session, viewer: Viewer, stakeholder_ids: list[int]
) -> bool:
    if not stakeholder_ids:
        return False
    found = session.scalar(
        select(func.count())
        .select_from(Stakeholder)
        .where(
            Stakeholder.id.in_(stakeholder_ids),
            Stakeholder.relationship_owner_id == viewer.person_id,
        )
    )
    return bool(found)


def participants(session: Session, review_id: int) -> tuple[list[int], list[int]]:
    people = session.scalars(
        select(ServiceReviewPerson.person_id)
        .where(ServiceReviewPerson.review_id == review_id)
        .order_by(ServiceReviewPerson.person_id)
    ).all()
    stakeholders = session.scalars(
        select(ServiceReviewStakeholder.stakeholder_id)
        .where(ServiceReviewStakeholder.review_id == review_id)
        .order_by(ServiceReviewStakeholder.stakeholder_id)
    ).all()
    return list(people), list(stakeholders)


def may_run(
    session: Session, viewer: Viewer | None, service_id: int, stakeholder_ids: Iterable[int]
) -> bool:
    """The one rule for who runs a service's reviews (see the module's docstring)."""
    if viewer is None:
        return False
    return may_run_service_review(
        viewer,
        service_id,
        service_plan(session, service_id),
        owns_participating_stakeholder(session, viewer, list(stakeholder_ids)),
    )


def _require_runner(
    session: Session, viewer: Viewer, service: Service, stakeholder_ids: list[int]
) -> None:
    if not may_run(session, viewer, service.id, stakeholder_ids):
        raise RuleViolation(
            FORBIDDEN,
            f"Only the owner of {service.name}, the maintainers of its improvement plan, "
            "administrators and the relationship owner of a stakeholder taking part run its "
            "reviews.",
        )


# -- loading ----------------------------------------------------------------------------------


def load(
    session: Session, review_id: int | None, field: str = "input.id"
) -> tuple[ServiceReview, Service]:
    """The review (locked for the change) and its service."""
    review = (
        session.scalar(select(ServiceReview).where(ServiceReview.id == review_id).with_for_update())
        if review_id is not None
        else None
    )
    if review is None:
        raise RuleViolation(NOT_FOUND, "no service review has this id", field)
    service = session.get(Service, review.service_id)
    assert service is not None  # the foreign key cascades
    return review, service


def check_version(review: ServiceReview, expected: int | None) -> None:
    if expected is not None and expected != review.version:
        raise RuleViolation(
            CONFLICT,
            f"The review was changed after you loaded it (you had version {expected}, it is "
            f"now version {review.version}). Reload it and try again.",
            "input.expectedVersion",
        )


def _may_start(review: ServiceReview, allowed: set[ReviewStatus], doing: str) -> None:
    status = R(review.status)
    if status not in allowed:
        raise RuleViolation(
            INVALID_TRANSITION,
            f"This review is {STATUS_WORDS[status]}, so it can no longer {doing}.",
        )


def _open_step(
    session: Session,
    viewer: Viewer,
    review_id: int | None,
    allowed: set[ReviewStatus],
    doing: str,
    expected_version: int | None = None,
    field: str = "input.id",
) -> tuple[ServiceReview, Service]:
    """The review and its service once the viewer may run it, it is unchanged since they read
    it, and it is in a state that allows the step."""
    review, service = load(session, review_id, field)
    _people, stakeholder_ids = participants(session, review.id)
    _require_runner(session, viewer, service, stakeholder_ids)
    check_version(review, expected_version)
    _may_start(review, allowed, doing)
    return review, service


def _record(
    session: Session,
    viewer: Viewer,
    review: ServiceReview,
    service: Service,
    action: AuditAction,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type="ServiceReview",
        entity_id=review.id,
        entity_label=f"{service.name} review of {review.scheduled_on:%Y-%m-%d}",
        action=action,
        before=before,
        after=after,
    )


def _changes(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    changed = [name for name in after if before.get(name) != after[name]]
    return {name: before.get(name) for name in changed}, {name: after[name] for name in changed}


# -- what is written --------------------------------------------------------------------------


def _ids(session: Session, model: Any, ids: list[int], field: str, noun: str) -> list[int]:
    unique = sorted(set(ids))
    if len(unique) > MOST_PARTICIPANTS:
        raise RuleViolation(INVALID, f"name at most {MOST_PARTICIPANTS} of them", field)
    found = set(session.scalars(select(model.id).where(model.id.in_(unique)))) if unique else set()
    missing = [pk for pk in unique if pk not in found]
    if missing:
        raise RuleViolation(NOT_FOUND, f"no {noun} has the id number {missing[0]}", field)
    return unique


def _period(start: date | None, end: date | None, scheduled: date) -> tuple[date, date]:
    if start is None:
        raise RuleViolation(INVALID, "give the first day of the period it covers",
                            "input.periodStart")  # fmt: skip
    if end is None:
        raise RuleViolation(INVALID, "give the last day of the period it covers",
                            "input.periodEnd")  # fmt: skip
    validation.date_order("the period's first day", start, "input.periodEnd", end)
    if end - start > LONGEST_PERIOD:
        raise RuleViolation(INVALID, "a review covers at most two years", "input.periodEnd")
    if end > scheduled + LONGEST_PERIOD or start < scheduled - LONGEST_PERIOD * 2:
        raise RuleViolation(
            INVALID, "the period must lie within two years of the review's date", "input.periodEnd"
        )
    return start, end


def _scheduled(value: date) -> date:
    now = today()
    furthest = timedelta(days=review_cadence.FURTHEST)
    if not now - furthest <= value <= now + furthest:
        raise RuleViolation(INVALID, "must be within two years of today", "input.scheduledOn")
    return value


def _write_participants(
    session: Session, review_id: int, people: list[int] | None, stakeholders: list[int] | None
) -> None:
    if people is not None:
        session.execute(
            delete(ServiceReviewPerson).where(ServiceReviewPerson.review_id == review_id)
        )
        if people:
            session.execute(
                insert(ServiceReviewPerson),
                [{"review_id": review_id, "person_id": pk} for pk in people],
            )
    if stakeholders is not None:
        session.execute(
            delete(ServiceReviewStakeholder).where(ServiceReviewStakeholder.review_id == review_id)
        )
        if stakeholders:
            session.execute(
                insert(ServiceReviewStakeholder),
                [{"review_id": review_id, "stakeholder_id": pk} for pk in stakeholders],
            )


def _state(session: Session, review: ServiceReview) -> dict[str, Any]:
    people, stakeholders = participants(session, review.id)
    return {**audit.snapshot(review, AUDITED), "personIds": people, "stakeholderIds": stakeholders}


def open_review(session: Session, viewer: Viewer, fields: ReviewFields) -> ServiceReview:
    """A draft review of a service: the period it covers, the day it is planned for (by
    default the service's next review date, else today), who takes part."""
    service = session.get(Service, fields.service_id) if fields.service_id is not None else None
    if service is None:
        raise RuleViolation(NOT_FOUND, "no service has this id", "input.serviceId")
    people = _ids(session, Person, fields.person_ids or [], "input.personIds", "person")
    stakeholders = _ids(
        session, Stakeholder, fields.stakeholder_ids or [], "input.stakeholderIds", "stakeholder"
    )
    _require_runner(session, viewer, service, stakeholders)
    scheduled = _scheduled(fields.scheduled_on or service.next_review_on or today())
    start, end = _period(fields.period_start, fields.period_end, scheduled)
    draft = session.scalar(
        select(ServiceReview.id).where(
            ServiceReview.service_id == service.id, ServiceReview.status == R.DRAFT
        )
    )
    if draft is not None:
        raise RuleViolation(
            INVALID,
            f"{service.name} has a draft review already (review {draft}); hold or change that "
            "one instead",
            "input.serviceId",
        )
    review = ServiceReview(
        service_id=service.id,
        period_start=start,
        period_end=end,
        scheduled_on=scheduled,
        status=R.DRAFT,
        notes=validation.text("input.notes", fields.notes, limit=10_000),
        opened_by_id=viewer.person_id,
    )
    session.add(review)
    session.flush()
    _write_participants(session, review.id, people, stakeholders)
    _record(session, viewer, review, service, AuditAction.CREATE, None, _state(session, review))
    return review


def update_review(
    session: Session,
    viewer: Viewer,
    review_id: int | None,
    fields: ReviewFields,
    expected_version: int | None = None,
) -> ServiceReview:
    """Change a review that is not closed: everything while a draft; once held, only the notes
    and who took part (the period and the frozen figures stay as they were)."""
    review, service = _open_step(
        session, viewer, review_id, {R.DRAFT, R.HELD}, "be changed", expected_version
    )
    before = _state(session, review)
    if R(review.status) is R.HELD and any(
        value is not None for value in (fields.period_start, fields.period_end, fields.scheduled_on)
    ):
        field = next(
            name for name, value in (("input.periodStart", fields.period_start),
                                     ("input.periodEnd", fields.period_end),
                                     ("input.scheduledOn", fields.scheduled_on))
            if value is not None
        )  # fmt: skip
        raise RuleViolation(
            INVALID, "the review was held: its period and date no longer change", field
        )
    people = (
        _ids(session, Person, fields.person_ids, "input.personIds", "person")
        if fields.person_ids is not None
        else None
    )
    stakeholders = (
        _ids(session, Stakeholder, fields.stakeholder_ids, "input.stakeholderIds", "stakeholder")
        if fields.stakeholder_ids is not None
        else None
    )
    if stakeholders is not None:  # may they still run it with the stakeholders named now?
        _require_runner(session, viewer, service, stakeholders)
    if fields.scheduled_on is not None:
        review.scheduled_on = _scheduled(fields.scheduled_on)
    if fields.period_start is not None or fields.period_end is not None:
        review.period_start, review.period_end = _period(
            fields.period_start or review.period_start,
            fields.period_end or review.period_end,
            review.scheduled_on,
        )
    if fields.notes is not None:
        review.notes = validation.text("input.notes", fields.notes, limit=10_000)
    _write_participants(session, review.id, people, stakeholders)
    after = _state(session, review)
    if after != before:
        review.updated_at = datetime.now(UTC)  # a new version, also for participants alone
        session.flush()
        _record(session, viewer, review, service, AuditAction.UPDATE, *_changes(before, after))
    return review


# -- held: the snapshot -----------------------------------------------------------------------


def _snapshot(session: Session, review: ServiceReview) -> int:
    """Freeze the service's metrics (those open to everyone who may read the review) as they
    stand now; returns how many."""
    metrics = list(
        session.scalars(
            select(Metric)
            .where(Metric.service_id == review.service_id, visibility.open_metrics())
            .order_by(Metric.name, Metric.id)
        )
    )
    analysed = analyse_metrics(session, metrics)
    rows = [
        {
            "review_id": review.id,
            "position": position,
            "metric_id": metric.id,
            "metric_name": metric.name,
            "unit": metric.unit,
            "status": analysed[metric.id].rag.value,
            "reason": analysed[metric.id].reason,
            "latest_value": analysed[metric.id].latest,
            "target_value": metric.target_value,
            "trend": analysed[metric.id].trend.value,
        }
        for position, metric in enumerate(metrics, start=1)
    ]
    if rows:
        session.execute(insert(ReviewMetricSnapshot), rows)
    return len(rows)


def _satisfaction(session: Session, review: ServiceReview) -> tuple[float | None, int]:
    average, count = session.execute(
        select(func.avg(Feedback.score), func.count()).where(
            Feedback.service_id == review.service_id,
            Feedback.given_on >= review.period_start,
            Feedback.given_on <= review.period_end,
        )
    ).one()
    return (round(float(average), 2) if average is not None else None), int(count)


def hold_review(
    session: Session,
    viewer: Viewer,
    review_id: int | None,
    held_on: date | None = None,
    expected_version: int | None = None,
) -> ServiceReview:
    """The review took place (on `held_on`, by default today): the metrics and the period's
    satisfaction are frozen on it, and the service's next review moves one interval on. Held
    before its period was over, its period ends the day before."""
    review, service = _open_step(
        session, viewer, review_id, {R.DRAFT}, "be marked held", expected_version
    )
    held = held_on or today()
    if held > today():
        raise RuleViolation(INVALID, "a review is marked held on the day or after it",
                            "input.heldOn")  # fmt: skip
    if held <= review.period_start:
        raise RuleViolation(
            INVALID, f"must be after the period's first day ({review.period_start})",
            "input.heldOn",
        )  # fmt: skip
    before = _state(session, review)
    review.status = R.HELD
    review.held_on = held
    # Held before the period planned was over: it covers what had happened by then.
    review.period_end = min(review.period_end, held - timedelta(days=1))
    review.satisfaction_average, review.satisfaction_responses = _satisfaction(session, review)
    frozen = _snapshot(session, review)
    session.flush()
    after = _state(session, review)
    _record(
        session, viewer, review, service, AuditAction.TRANSITION,
        *_changes(before, {**after, "metricsFrozen": frozen,
                           "satisfactionAverage": review.satisfaction_average,
                           "satisfactionResponses": review.satisfaction_responses}),
    )  # fmt: skip
    if service.review_cadence is not None:
        following = review_cadence.after(held, service.review_cadence)
        if service.next_review_on is None or service.next_review_on < following:
            moved = {"next_review_on": audit.plain(service.next_review_on)}
            service.next_review_on = following
            session.flush()
            audit.record(
                session, actor_id=viewer.person_id, actor_name=viewer.name,
                entity_type="Service", entity_id=service.id, entity_label=service.name,
                action=AuditAction.UPDATE, before=moved,
                after={"next_review_on": audit.plain(following)},
            )  # fmt: skip
    return review


def close_review(
    session: Session, viewer: Viewer, review_id: int | None, expected_version: int | None = None
) -> ServiceReview:
    review, service = _open_step(
        session, viewer, review_id, {R.HELD}, "be closed", expected_version
    )
    open_findings = session.scalar(
        select(func.count())
        .select_from(ReviewFinding)
        .where(ReviewFinding.review_id == review.id, ReviewFinding.outcome.is_(None))
    )
    if open_findings:
        raise RuleViolation(
            INVALID_TRANSITION,
            f"{open_findings} finding{'s' if open_findings != 1 else ''} "
            f"{'have' if open_findings != 1 else 'has'} no outcome yet; decide "
            f"{'each' if open_findings != 1 else 'it'} before closing the review.",
        )
    before = _state(session, review)
    review.status = R.CLOSED
    review.closed_at = datetime.now(UTC)
    session.flush()
    _record(
        session, viewer, review, service, AuditAction.TRANSITION,
        *_changes(before, _state(session, review)),
    )  # fmt: skip
    return review


# -- findings ---------------------------------------------------------------------------------


def _finding_audit(
    session: Session,
    viewer: Viewer,
    finding: ReviewFinding,
    action: AuditAction,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type="ReviewFinding",
        entity_id=finding.id,
        entity_label=finding.title,
        action=action,
        before=before,
        after=after,
        references=[("ServiceReview", finding.review_id)],
    )


def add_finding(
    session: Session,
    viewer: Viewer,
    review_id: int | None,
    title: str | None,
    description: str | None = None,
) -> ReviewFinding:
    """Something the review found; noted while it is a draft or once held."""
    review, _service = _open_step(
        session, viewer, review_id, {R.DRAFT, R.HELD}, "take new findings", field="input.reviewId"
    )
    finding = ReviewFinding(
        review_id=review.id,
        title=validation.text("input.title", title, limit=200, required=True),
        description=validation.text("input.description", description, limit=10_000),
        raised_by_id=viewer.person_id,
    )
    session.add(finding)
    session.flush()
    _finding_audit(
        session, viewer, finding, AuditAction.CREATE, None,
        audit.snapshot(finding, ["title", "description"]),
    )  # fmt: skip
    return finding


def _load_finding(
    session: Session, viewer: Viewer, finding_id: int | None, allowed: set[ReviewStatus], doing: str
) -> tuple[ReviewFinding, ServiceReview, Service]:
    finding = session.get(ReviewFinding, finding_id) if finding_id is not None else None
    if finding is None:
        raise RuleViolation(NOT_FOUND, "no review finding has this id", "input.findingId")
    review, service = _open_step(session, viewer, finding.review_id, allowed, doing)
    return finding, review, service


def remove_finding(session: Session, viewer: Viewer, finding_id: int | None) -> ServiceReview:
    """Take back a finding noted by mistake; only one without an outcome, of an open review."""
    finding, review, _service = _load_finding(
        session, viewer, finding_id, {R.DRAFT, R.HELD}, "have findings removed"
    )
    if finding.outcome is not None:
        raise RuleViolation(
            INVALID_TRANSITION, "This finding has its outcome already, so it stays on the record."
        )
    _finding_audit(
        session, viewer, finding, AuditAction.DELETE,
        audit.snapshot(finding, ["title", "description"]), None,
    )  # fmt: skip
    session.delete(finding)
    session.flush()
    return review


@dataclass
class Outcome:
    """How a finding is decided: the outcome, a note (the reason, for no action), and for a
    suggestion the kind of plan it goes to (and the process, for a process's plan)."""

    outcome: FindingOutcome | None
    note: str | None = None
    title: str | None = None
    plan_kind: PlanKind | None = None
    process_id: int | None = None


def _improvement(
    session: Session, viewer: Viewer, finding: ReviewFinding, review: ServiceReview,
    service: Service, title: str,
) -> Initiative:  # fmt: skip
    plan = service_plan(session, service.id)
    if plan is None:
        raise RuleViolation(
            INVALID,
            f"{service.name} has no improvement plan; raise this finding as a suggestion to "
            "the strategic plan instead",
            "input.outcome",
        )
    if not can(viewer, Action.PROPOSE, plan):
        raise RuleViolation(
            FORBIDDEN,
            f"Your roles do not allow you to propose initiatives in “{plan.name}”; raise this "
            "finding as a suggestion to it instead.",
        )
    initiative = Initiative(
        plan_id=plan.id,
        title=title,
        description=finding.description,
        rationale=f"Found in the review of {service.name} held on {review.held_on:%Y-%m-%d}.",
        status=InitiativeStatus.PROPOSED,
        owner_id=viewer.person_id,
        created_by_id=viewer.person_id,
    )
    session.add(initiative)
    session.flush()
    session.add(InitiativeService(initiative_id=initiative.id, service_id=service.id))
    session.flush()
    record_event(session, viewer, initiative, None, f"From a finding of the {service.name} review")
    audit_change(
        session, viewer, initiative, plan, AuditAction.CREATE, None,
        {**audit.snapshot(initiative, INITIATIVE_AUDITED), "fromReviewFinding": finding.title},
    )  # fmt: skip
    return initiative


def resolve_finding(
    session: Session, viewer: Viewer, finding_id: int | None, decision: Outcome
) -> ReviewFinding:
    """A held review's finding gets its outcome, once: an improvement (a proposed initiative
    in the service's improvement plan, affecting the service, linked back), a suggestion to
    another plan (from this finding, about the service), or noted with no action and why."""
    finding, review, service = _load_finding(
        session, viewer, finding_id, {R.HELD}, "have findings decided"
    )
    if finding.outcome is not None:
        raise RuleViolation(
            INVALID_TRANSITION, "This finding has its outcome already.", "input.findingId"
        )
    if decision.outcome is None:
        raise RuleViolation(INVALID, "choose what becomes of the finding", "input.outcome")
    outcome = FindingOutcome(decision.outcome)
    title = validation.text("input.title", decision.title, limit=200) or finding.title
    note = validation.text("input.note", decision.note, limit=2000)
    if outcome is not FindingOutcome.SUGGESTION and (
        decision.plan_kind is not None or decision.process_id is not None
    ):
        raise RuleViolation(
            INVALID, "a plan is chosen only for a suggestion (outcome SUGGESTION)", "input.planKind"
        )
    if outcome is FindingOutcome.IMPROVEMENT:
        finding.initiative_id = _improvement(session, viewer, finding, review, service, title).id
    elif outcome is FindingOutcome.SUGGESTION:
        if decision.plan_kind is None:
            raise RuleViolation(INVALID, "choose the kind of plan the suggestion goes to",
                                "input.planKind")  # fmt: skip
        if PlanKind(decision.plan_kind) is PlanKind.SERVICE_IMPROVEMENT:
            raise RuleViolation(
                INVALID,
                f"for {service.name}'s own improvement plan choose the outcome IMPROVEMENT",
                "input.planKind",
            )
        suggestions.submit(
            session, viewer,
            suggestions.SuggestionFields(
                kind=PlanKind(decision.plan_kind), title=title,
                description=finding.description or f"A finding of the review of {service.name} "
                f"held on {review.held_on:%Y-%m-%d}.",
                service_id=service.id, process_id=decision.process_id,
                source=SuggestionSource.REVIEW_FINDING, source_finding_id=finding.id,
            ),
            finding=finding,
        )  # fmt: skip
    else:
        note = validation.reason("input.note", decision.note, "note a finding with no action")
    finding.outcome = outcome
    finding.outcome_note = note
    finding.decided_by_id = viewer.person_id
    finding.decided_at = datetime.now(UTC)
    session.flush()
    _finding_audit(
        session, viewer, finding, AuditAction.TRANSITION, {"outcome": None},
        {"outcome": outcome.value, "outcome_note": note, "initiative_id": finding.initiative_id},
    )  # fmt: skip
    return finding


# -- what the viewer may do -------------------------------------------------------------------


def available(status: ReviewStatus, may_run_it: bool, open_findings: int) -> list[str]:
    """The steps a review offers the viewer now, by mutation name without `ServiceReview`."""
    if not may_run_it:
        return []
    status = R(status)
    if status is R.DRAFT:
        return ["UPDATE", "ADD_FINDING", "HOLD"]
    if status is R.HELD:
        return ["UPDATE", "ADD_FINDING", "RESOLVE_FINDING"] + (
            ["CLOSE"] if not open_findings else []
        )
    return []
