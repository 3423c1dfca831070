"""Who may see one commentable thing (an initiative, a suggestion, a metric, a service review, a
balance assessment): the people a comment may mention and a notification may reach. Everyone
signed in, unless the thing is confidential work; then administrators, the roles that see
confidential plans, and a suggestion's author."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select, true
from sqlalchemy.orm import Session

from server.domain.core import visibility
from server.domain.core.roles import CONFIDENTIAL_READERS
from server.domain.core.viewer import Viewer
from server.models import (
    BalanceAssessment,
    Initiative,
    Metric,
    Person,
    Role,
    RoleAssignment,
    ServiceReview,
    Suggestion,
)


@dataclass(frozen=True)
class Subject:
    """One kind of thing people comment on, watch and hear about."""

    column: str  # the column naming it on comments, watches and notifications
    model: Any
    visible: Any  # its visibility rule, a function of a viewer
    words: str  # how a message names it
    path: str  # its page, before the id


SUBJECTS = {
    "Initiative": Subject("initiative_id", Initiative, visibility.visible_initiatives,
                          "this initiative", "/initiatives/"),
    "Suggestion": Subject("suggestion_id", Suggestion, visibility.visible_suggestions,
                          "this suggestion", "/suggestions/"),
    "Metric": Subject("metric_id", Metric, visibility.visible_metrics, "this metric",
                      "/metrics/"),
    "ServiceReview": Subject("service_review_id", ServiceReview,
                             visibility.visible_service_reviews, "this review", "/reviews/"),
    "BalanceAssessment": Subject("balance_assessment_id", BalanceAssessment,
                                 visibility.visible_balance, "this assessment", "/balance/"),
}  # fmt: skip

# Someone with no role and no rights: what they see, everyone signed in sees.
_ANYONE = Viewer(person_id=0, name="", email="", is_admin=False, grants=frozenset())
ANYONE = _ANYONE


def visible(session: Session, viewer: Viewer, kind: str, pk: int) -> bool:
    subject = SUBJECTS[kind]
    condition = subject.visible(viewer)
    found = session.scalar(
        select(subject.model.id).where(
            subject.model.id == pk, *([] if condition is None else [condition])
        )
    )
    return found is not None


def who_may_see(session: Session, kind: str, pk: int) -> ColumnElement[bool]:
    """The people who may see the thing, as a condition on active people."""
    return _who_may_see(session, kind, pk, visible(session, _ANYONE, kind, pk))


def _who_may_see(session: Session, kind: str, pk: int, to_anyone: bool) -> ColumnElement[bool]:
    active = Person.is_active.is_(True)
    if to_anyone:
        return active
    readers = (
        select(RoleAssignment.person_id)
        .join(Role, Role.id == RoleAssignment.role_id)
        .where(Role.slug.in_(sorted(CONFIDENTIAL_READERS)))
    )
    author = (
        Person.id == session.scalar(select(Suggestion.author_id).where(Suggestion.id == pk))
        if kind == "Suggestion"
        else false()
    )
    return and_(active, or_(Person.is_admin.is_(True), Person.id.in_(readers), author))


def mentionable(session: Session, viewer: Viewer, kind: str, pk: int) -> ColumnElement[bool]:
    """Who may be mentioned on the thing: those who may see it; nobody when the viewer does
    not see it themselves."""
    if kind not in SUBJECTS:
        return false()
    # Whether the viewer sees it, and whether anyone would, in one statement.
    subject = SUBJECTS[kind]
    to_viewer, to_anyone = subject.visible(viewer), subject.visible(_ANYONE)
    seen = session.execute(
        select(subject.model.id, true() if to_anyone is None else to_anyone).where(
            subject.model.id == pk, *([] if to_viewer is None else [to_viewer])
        )
    ).first()
    if seen is None:
        return false()
    return _who_may_see(session, kind, pk, bool(seen[1]))
