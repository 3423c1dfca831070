"""Stakeholder feedback on services, and the satisfaction metric computed from it.

Feedback (a score from 1 to 5, a comment, a channel, from a stakeholder or a person) is
recorded in batches: every item or none, each bad item named. Who may: the service's owner,
the maintainers of its improvement plan, and a business relationship manager who owns the
relationship with the stakeholder who gave it.

Each service with feedback has one satisfaction metric, kept in its improvement plan: one
measurement a month, the average score of the feedback given that month, written here every
time feedback for that month is recorded, so it joins the 7-step analysis (baseline, target,
status, chart, corrective action) without anyone typing a value twice. Recording its
measurements by hand is refused (`measurements.computed_metric`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from server.domain.core import audit, validation
from server.domain.core.errors import INVALID, NOT_FOUND, RuleViolation, RuleViolations
from server.domain.core.permissions import may_record_feedback
from server.domain.core.roles import SERVICE_OWNER
from server.domain.core.viewer import Viewer
from server.models import (
    Feedback,
    Measurement,
    Metric,
    Person,
    Plan,
    Role,
    RoleAssignment,
    Service,
    Stakeholder,
)
from server.models.enums import (
    AuditAction,
    Direction,
    FeedbackChannel,
    MeasurementFrequency,
    PlanKind,
)

MAX_ROWS = 5_000
DERIVED_FROM = "feedback"
SOURCE = "feedback"  # the source of the measurements written here
TARGET = 4.0  # a new satisfaction metric's target, out of 5; its owner may change it
TOLERANCE = 0.3


@dataclass(frozen=True)
class Row:
    service_id: int | None
    stakeholder_id: int | None
    person_id: int | None
    given_on: date | None
    score: int
    comment: str | None
    channel: FeedbackChannel | None


def month_of(day: date) -> datetime:
    """The instant a month's satisfaction measurement is taken at: its first day, 00:00 UTC."""
    return datetime.combine(day.replace(day=1), time(0, 0), tzinfo=UTC)


def average(scores: Iterable[int]) -> float:
    """A month's satisfaction: the mean score, to two decimals."""
    values = list(scores)
    return round(sum(values) / len(values), 2)


def by_month(rows: Iterable[tuple[int, date, int]]) -> list[tuple[int, date, float, int]]:
    """Feedback rows (service, day given, score) as each service's months, in service and
    month order: (service, the month's first day, the average score, the responses)."""
    months: dict[tuple[int, date], list[int]] = defaultdict(list)
    for service_id, given_on, score in rows:
        months[(service_id, given_on.replace(day=1))].append(score)
    return [
        (service_id, month, average(scores), len(scores))
        for (service_id, month), scores in sorted(months.items())
    ]


def metric_name(service_name: str) -> str:
    return f"Stakeholder satisfaction: {service_name}"[:200]


def record(session: Session, viewer: Viewer, rows: list[Row]) -> list[int]:
    """Insert every item, or none; returns the new feedback's ids, in the order given."""
    clean, services = check(session, viewer, rows)
    return write(session, viewer, clean, services)


def check(
    session: Session, viewer: Viewer, rows: list[Row]
) -> tuple[list[dict[str, Any]], dict[int, Any]]:
    """The items as rows to insert, and the services they are on (by id); raises
    RuleViolations naming every bad item (`input.items.N.field`)."""
    if not rows:
        raise RuleViolation(INVALID, "give at least one feedback item", "input.items")
    if len(rows) > MAX_ROWS:
        raise RuleViolation(
            INVALID, f"at most {MAX_ROWS:,} items per call (got {len(rows):,})", "input.items"
        )
    services = {
        row.id: row
        for row in session.execute(
            select(Service.id, Service.name).where(
                Service.id.in_({row.service_id for row in rows} - {None})
            )
        )
    }
    plans = {
        plan.service_id: plan
        for plan in session.scalars(
            select(Plan).where(
                Plan.kind == PlanKind.SERVICE_IMPROVEMENT, Plan.service_id.in_(list(services))
            )
        )
    }
    stakeholders = {
        row.id: row.relationship_owner_id
        for row in session.execute(
            select(Stakeholder.id, Stakeholder.relationship_owner_id).where(
                Stakeholder.id.in_({row.stakeholder_id for row in rows} - {None})
            )
        )
    }
    people = set(
        session.scalars(
            select(Person.id).where(Person.id.in_({row.person_id for row in rows} - {None}))
        )
    )
    today = datetime.now(UTC).date()
    problems: list[RuleViolation] = []
    clean: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        path = f"input.items.{index}"
        before = len(problems)
        service_id = row.service_id
        if service_id is None or service_id not in services:
            problems.append(
                RuleViolation(
                    NOT_FOUND, f"item {index}: no service has this id", f"{path}.serviceId"
                )
            )
            continue
        if row.stakeholder_id is not None and row.stakeholder_id not in stakeholders:
            problems.append(
                RuleViolation(
                    NOT_FOUND, f"item {index}: no stakeholder has this id", f"{path}.stakeholderId"
                )
            )
        if row.person_id is not None and row.person_id not in people:
            problems.append(
                RuleViolation(NOT_FOUND, f"item {index}: no person has this id", f"{path}.personId")
            )
        if row.stakeholder_id is None and row.person_id is None:
            problems.append(
                RuleViolation(
                    INVALID,
                    f"item {index}: name the stakeholder or the person who gave it",
                    f"{path}.stakeholderId",
                )
            )
        owner = stakeholders.get(row.stakeholder_id) if row.stakeholder_id else None
        if not may_record_feedback(viewer, service_id, plans.get(service_id), owner):
            problems.append(
                RuleViolation(
                    "FORBIDDEN",
                    f"item {index}: only the service's owner, its improvement plan's "
                    "maintainers and the stakeholder's business relationship manager may "
                    f"record feedback on {services[service_id].name}",
                    f"{path}.serviceId",
                )
            )
        if row.given_on is None:
            problems.append(
                RuleViolation(INVALID, f"item {index}: say when it was given", f"{path}.givenOn")
            )
        elif row.given_on > today:
            problems.append(
                RuleViolation(
                    INVALID, f"item {index}: must not be in the future", f"{path}.givenOn"
                )
            )
        if not 1 <= row.score <= 5:
            problems.append(
                RuleViolation(
                    INVALID, f"item {index}: a score is 1 to 5 (got {row.score})", f"{path}.score"
                )
            )
        if row.channel is None:
            problems.append(
                RuleViolation(
                    INVALID, f"item {index}: say how it was given (the channel)", f"{path}.channel"
                )
            )
        try:
            comment = validation.text(f"{path}.comment", row.comment, limit=5_000)
        except RuleViolation as problem:
            problems.append(problem)
            comment = ""
        if len(problems) == before and row.channel is not None:
            clean.append(
                {
                    "service_id": row.service_id,
                    "stakeholder_id": row.stakeholder_id,
                    "person_id": row.person_id,
                    "given_on": row.given_on,
                    "score": row.score,
                    "comment": comment,
                    "channel": FeedbackChannel(row.channel),
                    "recorded_by_id": viewer.person_id,
                }
            )
    if problems:
        raise RuleViolations(problems)
    return clean, services


def write(
    session: Session, viewer: Viewer, clean: list[dict[str, Any]], services: dict[int, Any]
) -> list[int]:
    """Insert checked items, recompute the satisfaction of the months they touch, and audit
    each service's share."""
    ids = list(
        session.scalars(
            insert(Feedback).returning(Feedback.id, sort_by_parameter_order=True), clean
        )
    )
    months: dict[int, set[datetime]] = defaultdict(set)
    for values in clean:
        months[values["service_id"]].add(month_of(values["given_on"]))
    for service_id, touched in sorted(months.items()):
        metric = satisfaction_metric(session, service_id)
        refresh(session, metric, service_id, touched)
        given = [values for values in clean if values["service_id"] == service_id]
        audit.record(
            session,
            actor_id=viewer.person_id,
            actor_name=viewer.name,
            entity_type="Service",
            entity_id=service_id,
            entity_label=services[service_id].name,
            action=AuditAction.UPDATE,
            after={
                "feedbackRecorded": len(given),
                "averageScore": average(values["score"] for values in given),
                "metric_id": metric.id,
            },
        )
    return ids


def satisfaction_metric(session: Session, service_id: int) -> Metric:
    """The service's satisfaction metric, made the first time it has feedback: in the
    service's improvement plan, owned by its service owner, target 4 of 5."""
    found = session.scalar(
        select(Metric).where(Metric.service_id == service_id, Metric.derived_from == DERIVED_FROM)
    )
    if found is not None:
        return found
    service = session.get(Service, service_id)
    assert service is not None  # checked by the caller
    plan_id = session.scalar(
        select(Plan.id).where(
            Plan.kind == PlanKind.SERVICE_IMPROVEMENT, Plan.service_id == service_id
        )
    )
    owner_id = session.scalar(
        select(RoleAssignment.person_id)
        .join(Role, Role.id == RoleAssignment.role_id)
        .where(Role.slug == SERVICE_OWNER, RoleAssignment.service_id == service_id)
        .order_by(RoleAssignment.id)
        .limit(1)
    )
    today = datetime.now(UTC).date()
    metric = Metric(
        name=metric_name(service.name),
        description=(
            "The average satisfaction score (1 to 5) of the stakeholder feedback given each "
            "month, computed from the feedback recorded on the service."
        ),
        unit="of 5",
        direction=Direction.UP,
        should_measure=True,
        can_measure=True,
        data_source="Stakeholder feedback (computed each month)",
        frequency=MeasurementFrequency.MONTHLY,
        target_value=TARGET,
        target_date=date(today.year + 1, 12, 31),
        amber_tolerance=TOLERANCE,
        owner_id=owner_id,
        plan_id=plan_id,
        service_id=service_id,
        derived_from=DERIVED_FROM,
    )
    session.add(metric)
    session.flush()
    return metric


def refresh(session: Session, metric: Metric, service_id: int, months: set[datetime]) -> None:
    """Write each month's average again from all of that month's feedback; the first month
    measured becomes the baseline when none is set."""
    for month in sorted(months):
        start = month.date()
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        scores = list(
            session.scalars(
                select(Feedback.score).where(
                    Feedback.service_id == service_id,
                    Feedback.given_on >= start,
                    Feedback.given_on < following,
                )
            )
        )
        session.execute(
            delete(Measurement).where(
                Measurement.metric_id == metric.id, Measurement.taken_at == month
            )
        )
        if scores:
            session.add(
                Measurement(
                    metric_id=metric.id,
                    value=average(scores),
                    taken_at=month,
                    source=SOURCE,
                    recorded_by_id=None,
                )
            )
    session.flush()
    if metric.baseline_value is None:
        first = session.execute(
            select(Measurement.value, Measurement.taken_at)
            .where(Measurement.metric_id == metric.id)
            .order_by(Measurement.taken_at)
            .limit(1)
        ).first()
        if first is not None:
            metric.baseline_value = first.value
            metric.baseline_date = first.taken_at.date()
