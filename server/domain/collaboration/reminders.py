"""Reminders that run on their own: what is overdue reaches the person who should act, and a
decision that has waited too long reaches again those who decide.

`run(session, now, thresholds)` looks for every occurrence due and raises the reminders not yet
raised: each is kept in `reminders_sent` under its key (what it is about) and occurrence (which
time: the day the initiative went stale, the review's day …), so it is raised once, whichever
process runs the reminders and however often. The app runs it in the background under a lease
(reminder_runner.py); `steward remind --once` runs it from cron instead.

The reminders: an initiative in progress or on hold with no status update for `stale_days`;
an open initiative past its planned end; a metric whose target date passed; a metric whose next
measurement is due; a benefit review due; an initiative waiting for approval, a budget request
waiting for the steering committee and a suggestion waiting for triage, each for more than
`decision_days`; a service review scheduled on a past day and not held, and a service whose next
review (by its cadence) is past with none scheduled.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain.collaboration import notifications
from server.domain.core.roles import SERVICE_OWNER, STEERING_COMMITTEE
from server.domain.core.viewer import Viewer
from server.domain.initiatives import benefit_reviews
from server.domain.metrics import latest
from server.domain.work.my_work import next_due
from server.models import (
    BenefitReview,
    Initiative,
    Measurement,
    Metric,
    Plan,
    ReminderSent,
    Service,
    ServiceReview,
    StatusUpdate,
    Suggestion,
)
from server.models.enums import (
    InitiativeStatus,
    NotificationKind,
    ReviewStatus,
    SuggestionStatus,
)

S = InitiativeStatus
OPEN = [S.PROPOSED, S.APPROVED, S.BUDGET_REQUESTED, S.FUNDED, S.IN_PROGRESS, S.ON_HOLD]
# Who the reminders come from: the register itself.
STEWARD = Viewer(person_id=0, name="Steward", email="", is_admin=False, grants=frozenset())


@dataclass(frozen=True)
class Thresholds:
    stale_days: int = 30
    decision_days: int = 14


@dataclass(frozen=True)
class Due:
    """One reminder due: about what and which time, to whom, saying what."""

    key: str
    occurrence: str
    people: frozenset[int]
    message: str
    subject: tuple[str, int]


def _stale(session: Session, now: datetime, days: int) -> Iterator[Due]:
    newest = (
        select(StatusUpdate.initiative_id, func.max(StatusUpdate.posted_at).label("posted"))
        .group_by(StatusUpdate.initiative_id)
        .subquery()
    )
    rows = session.execute(
        select(Initiative.id, Initiative.title, Initiative.owner_id, Initiative.actual_start,
               newest.c.posted)
        .outerjoin(newest, newest.c.initiative_id == Initiative.id)
        .where(Initiative.status.in_([S.IN_PROGRESS, S.ON_HOLD]),
               Initiative.owner_id.is_not(None))
    )  # fmt: skip
    limit = now - timedelta(days=days)
    for row in rows:
        since = row.posted or (
            datetime.combine(row.actual_start, datetime.min.time(), tzinfo=UTC)
            if row.actual_start
            else None
        )
        if since is None or since <= limit:
            yield Due(
                f"stale:initiative:{row.id}", since.date().isoformat() if since else "never",
                frozenset({row.owner_id}),
                f"“{row.title}” has had no status update for {days} days or more: post one.",
                ("Initiative", row.id),
            )  # fmt: skip


def _past_planned_end(session: Session, today: date) -> Iterator[Due]:
    rows = session.execute(
        select(Initiative.id, Initiative.title, Initiative.owner_id, Initiative.planned_end)
        .where(Initiative.status.in_(OPEN), Initiative.planned_end < today,
               Initiative.owner_id.is_not(None))
    )  # fmt: skip
    for row in rows:
        yield Due(
            f"late:initiative:{row.id}", row.planned_end.isoformat(), frozenset({row.owner_id}),
            f"“{row.title}” passed its planned end ({row.planned_end.isoformat()}) and is not "
            "complete: finish it, or move its end.",
            ("Initiative", row.id),
        )  # fmt: skip


def _metric_targets(session: Session, today: date) -> Iterator[Due]:
    rows = session.execute(
        select(Metric.id, Metric.name, Metric.owner_id, Metric.target_date)
        .where(Metric.target_date < today, Metric.owner_id.is_not(None))
    )  # fmt: skip
    for row in rows:
        yield Due(
            f"target:metric:{row.id}", row.target_date.isoformat(), frozenset({row.owner_id}),
            f"The target date of “{row.name}” ({row.target_date.isoformat()}) has passed: see "
            "whether it was met.",
            ("Metric", row.id),
        )  # fmt: skip


def _measurements(session: Session, now: datetime) -> Iterator[Due]:
    rows = session.execute(
        select(Metric.id, Metric.name, Metric.owner_id, Metric.frequency,
               latest.last_taken().label("latest"))
        .outerjoin(Measurement, Measurement.metric_id == Metric.id)
        .where(Metric.owner_id.is_not(None), Metric.derived_from.is_(None))
        .group_by(Metric.id, Metric.name, Metric.owner_id, Metric.frequency)
    )  # fmt: skip
    for row in rows:
        when = next_due(row.frequency, row.latest)
        if when is None or when <= now:
            yield Due(
                f"measure:metric:{row.id}", when.date().isoformat() if when else "never",
                frozenset({row.owner_id}),
                f"A measurement of “{row.name}” is due: record it.", ("Metric", row.id),
            )  # fmt: skip


def _benefit_reviews(session: Session, today: date) -> Iterator[Due]:
    rows = session.execute(
        select(Initiative.id, Initiative.title, Initiative.owner_id, Initiative.actual_end)
        .where(Initiative.status == S.COMPLETED, Initiative.actual_end.is_not(None),
               Initiative.owner_id.is_not(None),
               Initiative.id.not_in(select(BenefitReview.initiative_id)))
    )  # fmt: skip
    for row in rows:
        when = benefit_reviews.due_on(row.actual_end)
        if when is not None and when <= today:
            yield Due(
                f"benefit:initiative:{row.id}", when.isoformat(), frozenset({row.owner_id}),
                f"The benefit review of “{row.title}” is due ({when.isoformat()}): did the "
                "gains hold?",
                ("Initiative", row.id),
            )  # fmt: skip


def _service_reviews(session: Session, today: date) -> Iterator[Due]:
    """A review scheduled on a day past and not held yet; a service whose next review is due
    (its cadence) with none scheduled since its last one. Both reach the service's owners."""
    drafts = session.execute(
        select(ServiceReview.id, ServiceReview.service_id, ServiceReview.scheduled_on,
               Service.name)
        .join(Service, Service.id == ServiceReview.service_id)
        .where(ServiceReview.status == ReviewStatus.DRAFT, ServiceReview.scheduled_on < today)
    )  # fmt: skip
    scheduled = set()
    for row in drafts:
        scheduled.add(row.service_id)
        yield Due(
            f"hold:review:{row.id}", row.scheduled_on.isoformat(),
            frozenset(notifications.holders(session, SERVICE_OWNER, service_id=row.service_id)),
            f"The review of {row.name} scheduled for {row.scheduled_on.isoformat()} has not been "
            "held: hold it, or move it.",
            ("ServiceReview", row.id),
        )  # fmt: skip
    latest = (
        select(ServiceReview.service_id, func.max(ServiceReview.id).label("review_id"))
        .group_by(ServiceReview.service_id)
        .subquery()
    )
    due_services = session.execute(
        select(Service.id, Service.name, Service.next_review_on, latest.c.review_id)
        .join(latest, latest.c.service_id == Service.id)
        .where(Service.next_review_on < today)
    )  # fmt: skip
    for row in due_services:
        if row.id in scheduled:
            continue
        yield Due(
            f"plan:review:service:{row.id}", row.next_review_on.isoformat(),
            frozenset(notifications.holders(session, SERVICE_OWNER, service_id=row.id)),
            f"The next review of {row.name} was due on {row.next_review_on.isoformat()}: plan it "
            "with its stakeholders.",
            ("ServiceReview", row.review_id),  # the last one, for what it left open
        )  # fmt: skip


def _decisions(session: Session, now: datetime, days: int) -> Iterator[Due]:
    limit = now - timedelta(days=days)
    plans = {plan.id: plan for plan in session.scalars(select(Plan))}
    committee = notifications.holders(session, STEERING_COMMITTEE)
    rows = session.execute(
        select(Initiative.id, Initiative.title, Initiative.status, Initiative.plan_id,
               Initiative.updated_at)
        .where(Initiative.status.in_([S.PROPOSED, S.BUDGET_REQUESTED]),
               Initiative.updated_at <= limit)
    )  # fmt: skip
    for row in rows:
        waiting = (now - row.updated_at).days
        if S(row.status) is S.PROPOSED:
            people = notifications.plan_owners(session, plans[row.plan_id])
            message = f"“{row.title}” has waited {waiting} days for approval: decide it."
        else:
            people = committee
            message = f"The budget asked for “{row.title}” has waited {waiting} days: decide it."
        yield Due(
            f"decide:initiative:{row.id}", row.updated_at.date().isoformat(), frozenset(people),
            message, ("Initiative", row.id),
        )  # fmt: skip
    suggestions = session.execute(
        select(Suggestion.id, Suggestion.title, Suggestion.plan_id, Suggestion.created_at)
        .where(Suggestion.status == SuggestionStatus.SUBMITTED, Suggestion.created_at <= limit)
    )  # fmt: skip
    for waiting_row in suggestions:
        yield Due(
            f"triage:suggestion:{waiting_row.id}", waiting_row.created_at.date().isoformat(),
            frozenset(notifications.plan_owners(session, plans[waiting_row.plan_id])),
            f"The suggestion “{waiting_row.title}” has waited "
            f"{(now - waiting_row.created_at).days} days for triage: accept, decline or ask for "
            "more.",
            ("Suggestion", waiting_row.id),
        )  # fmt: skip


def due(session: Session, now: datetime, thresholds: Thresholds) -> list[Due]:
    today = now.date()
    return [
        *_stale(session, now, thresholds.stale_days),
        *_past_planned_end(session, today),
        *_metric_targets(session, today),
        *_measurements(session, now),
        *_benefit_reviews(session, today),
        *_service_reviews(session, today),
        *_decisions(session, now, thresholds.decision_days),
    ]


def run(session: Session, now: datetime | None = None,
        thresholds: Thresholds | None = None) -> int:  # fmt: skip
    """Raise every reminder due and not raised before; how many people were told. The caller
    commits."""
    now = now or datetime.now(UTC)
    thresholds = thresholds or Thresholds()
    candidates = due(session, now, thresholds)
    keys = sorted({reminder.key for reminder in candidates})
    sent = {
        (row.key, row.occurrence)
        for start in range(0, len(keys), 500)  # bounded parameter lists on every database
        for row in session.execute(
            select(ReminderSent.key, ReminderSent.occurrence).where(
                ReminderSent.key.in_(keys[start : start + 500])
            )
        )
    }
    told = 0
    for reminder in candidates:
        if (reminder.key, reminder.occurrence) in sent:
            continue
        session.add(ReminderSent(key=reminder.key, occurrence=reminder.occurrence, sent_at=now))
        told += notifications.notify(
            session, STEWARD, reminder.people, NotificationKind.REMINDER, reminder.message,
            reminder.subject,
        )  # fmt: skip
    session.flush()
    return told
