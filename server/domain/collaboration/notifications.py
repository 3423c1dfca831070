"""Telling people what concerns them, in the app.

The domain calls in here when something happens: an initiative proposed or a budget asked for
(those who decide hear that it waits for them), a decision made (the owner hears), a comment
(those it mentions, and those who watch the thing), any other step of an initiative (those who
watch it). Nobody hears of their own doing, and nobody hears of a thing they may not see
(audience.who_may_see): the message, which names the thing, is never written for them.

Who watches a thing: its owner (an initiative's, a metric's) or author (a suggestion's), who
approved it, who commented on it, and whoever chose to; anyone may stop watching.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from server.domain.collaboration import audience, mail, webhooks
from server.domain.collaboration.audience import SUBJECTS
from server.domain.core import audit
from server.domain.core.errors import INVALID, NOT_FOUND, RuleViolation
from server.domain.core.roles import OWNER_ROLE_BY_PLAN_KIND
from server.domain.core.viewer import Viewer
from server.models import (
    Comment,
    Initiative,
    Metric,
    Notification,
    Person,
    Plan,
    Role,
    RoleAssignment,
    Suggestion,
    Watch,
)
from server.models.enums import AuditAction, MailDelivery, NotificationKind, PlanKind

MAX_MARKED = 500


def holders(
    session: Session, role: str, *, service_id: int | None = None, process_id: int | None = None
) -> set[int]:
    """The people holding a role everywhere, or for this service or process."""
    scope = [and_(RoleAssignment.service_id.is_(None), RoleAssignment.process_id.is_(None))]
    if service_id is not None:
        scope.append(RoleAssignment.service_id == service_id)
    if process_id is not None:
        scope.append(RoleAssignment.process_id == process_id)
    return set(
        session.scalars(
            select(RoleAssignment.person_id)
            .join(Role, Role.id == RoleAssignment.role_id)
            .where(Role.slug == role, or_(*scope))
        )
    )


def plan_owners(session: Session, plan: Plan) -> set[int]:
    """Who holds the plan's owner role in its scope: who approves its initiatives and triages
    its suggestions."""
    role = OWNER_ROLE_BY_PLAN_KIND[PlanKind(plan.kind)]
    return holders(session, role, service_id=plan.service_id, process_id=plan.process_id)


# Who follows a thing without asking: its owner or author.
OWNERS = {
    "Initiative": Initiative.owner_id,
    "Metric": Metric.owner_id,
    "Suggestion": Suggestion.author_id,
}


def _own(session: Session, kind: str, pk: int) -> set[int]:
    """Who follows the thing without asking: its owner or author."""
    column = OWNERS.get(kind)
    if column is None:
        return set()
    model = SUBJECTS[kind].model
    owner = session.scalar(select(column).where(model.id == pk))
    return set() if owner is None else {owner}


def watchers(session: Session, kind: str, pk: int) -> set[int]:
    """Everyone who watches the thing: its owner or author, and those who chose to, less
    those who chose not to."""
    column = getattr(Watch, SUBJECTS[kind].column)
    choices = {
        row.person_id: row.watching
        for row in session.execute(select(Watch.person_id, Watch.watching).where(column == pk))
    }
    followers = _own(session, kind, pk) | {p for p, watching in choices.items() if watching}
    return {p for p in followers if choices.get(p, True)}


def watch(session: Session, person_id: int, kind: str, pk: int, watching: bool = True) -> None:
    """Record a person's choice to watch the thing, or not to."""
    column = SUBJECTS[kind].column
    existing = session.scalar(
        select(Watch).where(Watch.person_id == person_id, getattr(Watch, column) == pk)
    )
    if existing is None:
        session.add(Watch(person_id=person_id, watching=watching, **{column: pk}))
    elif existing.watching != watching:
        existing.watching = watching
    session.flush()


def start_watching(session: Session, person_id: int, kind: str, pk: int) -> None:
    """Follow a thing one took part in (approved, commented on), unless one chose not to."""
    column = getattr(Watch, SUBJECTS[kind].column)
    chosen = session.scalar(select(Watch.id).where(Watch.person_id == person_id, column == pk))
    if chosen is None and person_id not in _own(session, kind, pk):
        watch(session, person_id, kind, pk)


def set_watching(
    session: Session, viewer: Viewer, kind: str | None, pk: int | None, watching: bool
) -> tuple[str, int]:
    """The viewer starts or stops watching a thing they may see."""
    if kind not in SUBJECTS or pk is None or not audience.visible(session, viewer, kind, pk):
        raise RuleViolation(NOT_FOUND, "nothing you can watch has this id", "input.subjectId")
    watch(session, viewer.person_id, kind, pk, watching)
    audit.record(
        session, actor_id=viewer.person_id, actor_name=viewer.name, entity_type="Watch",
        entity_id=pk, entity_label=f"{kind} {pk}", action=AuditAction.UPDATE,
        after={"watching": watching}, admin_only=True,
    )  # fmt: skip
    return kind, pk


def notify(
    session: Session,
    actor: Viewer,
    people: Iterable[int],
    kind: NotificationKind,
    message: str,
    subject: tuple[str, int],
    comment_id: int | None = None,
) -> int:
    """Tell each person (but the actor, and anyone who may not see the thing); how many were
    told."""
    subject_kind, pk = subject
    wanted = set(people) - {actor.person_id}
    if not wanted:
        return 0
    allowed = audience.who_may_see(session, subject_kind, pk)
    told = list(session.scalars(select(Person.id).where(Person.id.in_(wanted), allowed)))
    column = SUBJECTS[subject_kind].column
    now = datetime.now(UTC)
    by_mail = mail.deliveries_for(session, told, kind)
    created = [
        Notification(
            person_id=person_id, kind=kind, message=message[:400],
            actor_id=actor.person_id or None,  # None: the register itself (a reminder)
            actor_name=actor.name, comment_id=comment_id, created_at=now,
            awaits_digest=by_mail[person_id] == MailDelivery.DIGEST, **{column: pk},
        )
        for person_id in sorted(told)
    ]  # fmt: skip
    session.add_all(created)
    session.flush()
    at_once = {n.person_id: n.id for n in created if by_mail[n.person_id] == MailDelivery.IMMEDIATE}
    mail.queue_at_once(session, at_once, kind, message[:400], now)
    return len(told)


# -- the events ---------------------------------------------------------------------------------


def initiative_proposed(session: Session, actor: Viewer, initiative: Initiative, plan: Plan
                        ) -> None:  # fmt: skip
    notify(
        session, actor, plan_owners(session, plan), NotificationKind.AWAITING_DECISION,
        f"{actor.name} proposed “{initiative.title}” in {plan.name}: approve or reject it.",
        ("Initiative", initiative.id),
    )  # fmt: skip
    webhooks.emit(
        session,
        "initiative.proposed",
        actor,
        ("Initiative", initiative.id),
        initiative.title,
        f"{actor.name} proposed “{initiative.title}” in {plan.name}.",
    )


def initiative_moved(
    session: Session, actor: Viewer, initiative: Initiative, plan: Plan, step: str,
    decided: bool, waits_for_committee: bool,
) -> None:  # fmt: skip
    """A step of the lifecycle: a decision (approve, reject, fund, reject the budget) goes to
    the owner as a decision; a budget request to the steering committee; anything else to those
    who watch it."""
    subject = ("Initiative", initiative.id)
    followers = watchers(session, *subject)
    if waits_for_committee:
        committee = holders(session, "steering_committee")
        notify(session, actor, committee, NotificationKind.AWAITING_DECISION,
               f"{actor.name} asks for a budget for “{initiative.title}”: decide it.",
               subject)  # fmt: skip
        followers -= committee
    if decided:
        start_watching(session, actor.person_id, *subject)
        owner = {initiative.owner_id} if initiative.owner_id is not None else set()
        notify(session, actor, owner, NotificationKind.DECIDED,
               f"{actor.name} {step} “{initiative.title}”.", subject)  # fmt: skip
        followers -= owner
    notify(session, actor, followers, NotificationKind.CHANGED,
           f"{actor.name} {step} “{initiative.title}”.", subject)  # fmt: skip
    webhooks.emit(session, "initiative.changed", actor, subject, initiative.title,
                  f"{actor.name} {step} “{initiative.title}”.")  # fmt: skip


def suggestion_submitted(session: Session, actor: Viewer, suggestion: Suggestion, plan: Plan
                         ) -> None:  # fmt: skip
    notify(
        session, actor, plan_owners(session, plan), NotificationKind.AWAITING_DECISION,
        f"{actor.name} suggested “{suggestion.title}” for {plan.name}: triage it.",
        ("Suggestion", suggestion.id),
    )  # fmt: skip
    webhooks.emit(
        session,
        "suggestion.submitted",
        actor,
        ("Suggestion", suggestion.id),
        suggestion.title,
        f"{actor.name} suggested “{suggestion.title}” for {plan.name}.",
    )


def suggestion_decided(session: Session, actor: Viewer, suggestion: Suggestion, outcome: str
                       ) -> None:  # fmt: skip
    """The author hears the outcome as a decision on their suggestion; others who watch it, as
    a change."""
    subject = ("Suggestion", suggestion.id)
    author = {suggestion.author_id} if suggestion.author_id is not None else set()
    notify(session, actor, author, NotificationKind.DECIDED,
           f"{actor.name} {outcome} your suggestion “{suggestion.title}”.", subject)  # fmt: skip
    notify(session, actor, watchers(session, *subject) - author, NotificationKind.CHANGED,
           f"{actor.name} {outcome} the suggestion “{suggestion.title}”.", subject)  # fmt: skip
    webhooks.emit(session, "suggestion.decided", actor, subject, suggestion.title,
                  f"{actor.name} {outcome} the suggestion “{suggestion.title}”.")  # fmt: skip


def commented(session: Session, actor: Viewer, comment: Comment, subject: tuple[str, int],
              title: str, mentioned: list[int]) -> None:  # fmt: skip
    """Those mentioned hear that they were; those who watch the thing, that it was
    commented on. The author watches it from now on."""
    notify(session, actor, mentioned, NotificationKind.MENTIONED,
           f"{actor.name} mentioned you on “{title}”.", subject, comment.id)  # fmt: skip
    others = watchers(session, *subject) - set(mentioned)
    notify(session, actor, others, NotificationKind.COMMENTED,
           f"{actor.name} commented on “{title}”.", subject, comment.id)  # fmt: skip
    start_watching(session, actor.person_id, *subject)
    webhooks.emit(session, "comment.added", actor, subject, title,
                  f"{actor.name} commented on “{title}”.")  # fmt: skip


def mark_read(
    session: Session, viewer: Viewer, ids: list[int | None] | None, everything: bool
) -> int:
    """Mark the viewer's notifications read: these, or all of them; how many changed."""
    if not everything and not ids:
        raise RuleViolation(INVALID, "name the notifications, or ask for all", "input.ids")
    if ids is not None and len(ids) > MAX_MARKED:
        raise RuleViolation(INVALID, f"at most {MAX_MARKED} at once", "input.ids")
    condition = [Notification.person_id == viewer.person_id, Notification.read_at.is_(None)]
    if not everything:
        wanted = [pk for pk in ids or [] if pk is not None]
        condition.append(Notification.id.in_(wanted))
    result = session.execute(
        update(Notification).where(*condition).values(read_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    marked = int(getattr(result, "rowcount", 0) or 0)
    audit.record(
        session, actor_id=viewer.person_id, actor_name=viewer.name, entity_type="Person",
        entity_id=viewer.person_id, entity_label=viewer.name, action=AuditAction.UPDATE,
        after={"notificationsMarkedRead": marked}, admin_only=True,
    )  # fmt: skip
    return marked
