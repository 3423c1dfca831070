"""Comments on an initiative, a suggestion, a metric, a service review or a balance assessment.

Anyone signed in who may see the thing may comment on it, in Markdown
(server/domain/core/markdown.py renders it). A comment may mention people, chosen by their id
from those who may see the thing (`mentionable`); mentioning anyone else is refused. Its author
edits it (the comment then says when it was edited) and deletes it; administrators may delete
any. Every change writes an audit entry that follows the visibility of what it is about.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select, true
from sqlalchemy.orm import Session

from server.domain.collaboration import audience, notifications
from server.domain.collaboration.audience import SUBJECTS
from server.domain.core import audit, permissions, validation, visibility
from server.domain.core.errors import CONFLICT, FORBIDDEN, INVALID, NOT_FOUND, RuleViolation
from server.domain.core.viewer import Viewer
from server.models import (
    BalanceAssessment,
    Comment,
    CommentMention,
    Initiative,
    Metric,
    Person,
    Service,
    ServiceReview,
    Suggestion,
)
from server.models.enums import AuditAction

MAX_MENTIONS = 20
BODY_LIMIT = 10_000


def _mentions(
    session: Session, viewer: Viewer, kind: str, pk: int, person_ids: list[int | None]
) -> list[int]:
    if len(person_ids) > MAX_MENTIONS:
        raise RuleViolation(INVALID, f"mention at most {MAX_MENTIONS} people", "input.mentionIds")
    allowed = audience.mentionable(session, viewer, kind, pk)
    wanted = {pk for pk in person_ids if pk is not None}
    found = {
        row.id: row.name
        for row in session.execute(select(Person.id, Person.name).where(Person.id.in_(wanted)))
    }
    may = set(session.scalars(select(Person.id).where(Person.id.in_(wanted), allowed)))
    chosen: list[int] = []
    for index, person_id in enumerate(person_ids):
        path = f"input.mentionIds.{index}"
        if person_id is None or person_id not in found:
            raise RuleViolation(NOT_FOUND, "no person has this id", path)
        if person_id not in may:
            raise RuleViolation(
                INVALID, f"{found[person_id]} may not see {SUBJECTS[kind].words}", path
            )
        if person_id not in chosen:
            chosen.append(person_id)
    return chosen


def _plan_of(session: Session, kind: str, pk: int) -> int | None:
    """The plan an entry about the comment follows for its visibility, if any."""
    if kind in ("Initiative", "Suggestion", "Metric"):
        model = SUBJECTS[kind].model
        plan_id: int | None = session.scalar(select(model.plan_id).where(model.id == pk))
        return plan_id
    return None


def _audit(session: Session, viewer: Viewer, comment: Comment, action: AuditAction,
           before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:  # fmt: skip
    kind, pk = subject_of(comment)
    audit.record(
        session, actor_id=viewer.person_id, actor_name=viewer.name, entity_type="Comment",
        entity_id=comment.id, entity_label=f"Comment on {SUBJECTS[kind].words.split()[-1]} {pk}",
        action=action, before=before, after=after, plan_id=_plan_of(session, kind, pk),
        # The thing itself: an entry about a comment on a metric hidden by its links to
        # confidential work is hidden with it, whenever those links are made.
        references=[(kind, pk)],
    )  # fmt: skip


def subject_of(comment: Comment) -> tuple[str, int]:
    for kind, subject in SUBJECTS.items():
        pk = getattr(comment, subject.column)
        if pk is not None:
            return kind, pk
    raise AssertionError("a comment is about exactly one thing (a check constraint holds it)")


def add(
    session: Session,
    viewer: Viewer,
    kind: str | None,
    pk: int | None,
    body: str | None,
    mention_ids: list[int | None],
) -> Comment:
    if kind not in SUBJECTS or pk is None or not audience.visible(session, viewer, kind, pk):
        raise RuleViolation(NOT_FOUND, "nothing you can comment on has this id", "input.subjectId")
    text = validation.text("input.body", body, limit=BODY_LIMIT, required=True)
    mentions = _mentions(session, viewer, kind, pk, mention_ids)
    comment = Comment(author_id=viewer.person_id, author_name=viewer.name, body=text,
                      **{SUBJECTS[kind].column: pk})  # fmt: skip
    session.add(comment)
    session.flush()
    session.add_all(CommentMention(comment_id=comment.id, person_id=p) for p in mentions)
    session.flush()
    _audit(session, viewer, comment, AuditAction.CREATE, None,
           {"body": text, "mentions": mentions})  # fmt: skip
    notifications.commented(session, viewer, comment, (kind, pk), title_of(session, kind, pk),
                            mentions)  # fmt: skip
    return comment


def title_of(session: Session, kind: str, pk: int) -> str:
    """How a notification names the thing commented on."""
    if kind == "Initiative":
        return session.scalar(select(Initiative.title).where(Initiative.id == pk)) or ""
    if kind == "Suggestion":
        return session.scalar(select(Suggestion.title).where(Suggestion.id == pk)) or ""
    if kind == "Metric":
        return session.scalar(select(Metric.name).where(Metric.id == pk)) or ""
    if kind == "ServiceReview":
        row = session.execute(
            select(Service.name, ServiceReview.scheduled_on)
            .join(Service, Service.id == ServiceReview.service_id)
            .where(ServiceReview.id == pk)
        ).one()
        return f"the {row.name} review of {row.scheduled_on.isoformat()}"
    day = session.scalar(select(BalanceAssessment.assessed_on).where(BalanceAssessment.id == pk))
    return f"the balance assessment of {day.isoformat() if day else ''}"


def _comment(session: Session, viewer: Viewer, comment_id: int | None) -> Comment:
    condition = visibility.visible_comments(viewer)
    comment = (
        session.scalar(
            select(Comment)
            .where(Comment.id == comment_id, true() if condition is None else condition)
            .with_for_update()
        )
        if comment_id is not None
        else None
    )
    if comment is None:
        raise RuleViolation(NOT_FOUND, "no comment has this id", "input.id")
    return comment


def _check_version(expected: int | None, comment: Comment) -> None:
    if expected is not None and expected != comment.version:
        raise RuleViolation(
            CONFLICT,
            f"The comment was changed after you loaded it (you had version {expected}, it is now "
            f"version {comment.version}). Reload it and try again.",
            "input.expectedVersion",
        )


def edit(
    session: Session,
    viewer: Viewer,
    comment_id: int | None,
    body: str | None,
    mention_ids: list[int | None] | None,
    expected_version: int | None = None,
) -> Comment:
    comment = _comment(session, viewer, comment_id)
    if not permissions.may_edit_comment(viewer, comment.author_id):
        raise RuleViolation(FORBIDDEN, "Only its author edits a comment.")
    _check_version(expected_version, comment)
    kind, pk = subject_of(comment)
    before_mentions = sorted(session.scalars(
        select(CommentMention.person_id).where(CommentMention.comment_id == comment.id)
    ))  # fmt: skip
    before = {"body": comment.body, "mentions": before_mentions}
    # Every check (they query) before any attribute changes: one change, one new version.
    text = (
        validation.text("input.body", body, limit=BODY_LIMIT, required=True)
        if body is not None
        else comment.body
    )
    mentions = before_mentions
    if mention_ids is not None:
        mentions = sorted(_mentions(session, viewer, kind, pk, mention_ids))
    after = {"body": text, "mentions": mentions}
    if after == before:
        return comment
    comment.body, comment.edited_at = text, datetime.now(UTC)  # written together: one version
    if mentions != before_mentions:
        session.execute(delete(CommentMention).where(CommentMention.comment_id == comment.id))
        session.add_all(CommentMention(comment_id=comment.id, person_id=p) for p in mentions)
    session.flush()
    changed = [name for name in after if after[name] != before[name]]
    _audit(session, viewer, comment, AuditAction.UPDATE,
           {n: before[n] for n in changed}, {n: after[n] for n in changed})  # fmt: skip
    return comment


def remove(
    session: Session, viewer: Viewer, comment_id: int | None, expected_version: int | None = None
) -> tuple[str, int]:
    """Delete the comment; what it was about, for the answer."""
    comment = _comment(session, viewer, comment_id)
    if not permissions.may_delete_comment(viewer, comment.author_id):
        raise RuleViolation(FORBIDDEN, "Only its author or an administrator deletes a comment.")
    _check_version(expected_version, comment)
    subject = subject_of(comment)
    _audit(session, viewer, comment, AuditAction.DELETE, {"body": comment.body}, None)
    session.delete(comment)
    session.flush()
    return subject
