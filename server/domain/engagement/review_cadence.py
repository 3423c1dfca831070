"""How often a service is reviewed with its stakeholders, and when the next review is due.

The service's owner (or an administrator) sets the cadence and the next date; without a date,
the next review is one interval from today. A review is due within `DUE_WITHIN` days of its
date, and overdue after it; both show in the owner's My work.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from server.domain.core import audit
from server.domain.core.errors import FORBIDDEN, INVALID, NOT_FOUND, RuleViolation
from server.domain.core.permissions import may_plan_service_reviews
from server.domain.core.viewer import Viewer
from server.models import Service
from server.models.enums import AuditAction, ReviewCadence

MONTHS = {
    ReviewCadence.MONTHLY: 1,
    ReviewCadence.QUARTERLY: 3,
    ReviewCadence.HALF_YEARLY: 6,
    ReviewCadence.YEARLY: 12,
}
DUE_WITHIN = timedelta(days=14)
FURTHEST = 366 * 2  # days ahead a next review may be set


def today() -> date:
    return datetime.now(UTC).date()


def after(day: date, cadence: ReviewCadence) -> date:
    """The same day one interval later, kept within the month's length."""
    index = day.month - 1 + MONTHS[ReviewCadence(cadence)]
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_due(next_review_on: date | None, on: date) -> bool:
    return next_review_on is not None and next_review_on <= on + DUE_WITHIN


def set_cadence(
    session: Session,
    viewer: Viewer,
    service_id: int | None,
    cadence: ReviewCadence | None,
    next_review_on: date | None,
) -> Service:
    service = session.get(Service, service_id) if service_id is not None else None
    if service is None:
        raise RuleViolation(NOT_FOUND, "no service has this id", "input.serviceId")
    if not may_plan_service_reviews(viewer, service.id):
        raise RuleViolation(
            FORBIDDEN, f"Only the owner of {service.name} and administrators plan its reviews."
        )
    now = today()
    if cadence is None:
        if next_review_on is not None:
            raise RuleViolation(
                INVALID, "choose how often it is reviewed to set a next review",
                "input.nextReviewOn",
            )  # fmt: skip
    elif next_review_on is None:
        next_review_on = after(now, cadence)
    elif not now - timedelta(days=FURTHEST) <= next_review_on <= now + timedelta(days=FURTHEST):
        raise RuleViolation(INVALID, "must be within two years of today", "input.nextReviewOn")
    before = {
        "review_cadence": audit.plain(service.review_cadence),
        "next_review_on": audit.plain(service.next_review_on),
    }
    service.review_cadence = ReviewCadence(cadence) if cadence is not None else None
    service.next_review_on = next_review_on
    session.flush()
    after_values = {
        "review_cadence": audit.plain(service.review_cadence),
        "next_review_on": audit.plain(service.next_review_on),
    }
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type="Service",
        entity_id=service.id,
        entity_label=service.name,
        action=AuditAction.UPDATE,
        before=before,
        after=after_values,
    )
    return service
