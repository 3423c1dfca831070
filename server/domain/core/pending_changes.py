"""How a change to what was approved is decided, whatever it changes (DOMAIN.md, Initiatives).

A pending change waits for the approver of the work it touches. Each kind knows what it is about
(its `Subject`: the row it changes, the plans whose approvers decide it, and how the new value
takes effect); this module holds what every kind shares: finding the one change of a thing that
waits, deciding (accept, or reject with a reason), settling a change nobody has to decide any
more, and the audit entries. The kinds are passed in by whoever assembles them
(server/domain/initiatives/pending_changes.py), so this module imports no area.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.core import audit, validation
from server.domain.core.errors import FORBIDDEN, INVALID_TRANSITION, NOT_FOUND, RuleViolation
from server.domain.core.permissions import PlanLike, may_decide_change
from server.domain.core.viewer import Viewer
from server.models import ChangeKind, ChangeStatus, PendingChange
from server.models.enums import AuditAction

REASON_LIMIT = 2000


class Subject(Protocol):
    """What one pending change is about, as the viewer may see it."""

    @property
    def deciders(self) -> str:
        """Who decides, as a refusal names them ("the steering committee")."""
        ...

    @property
    def label(self) -> str:
        """The audit entries' label ("Budget of ...", "Target of ...")."""
        ...

    @property
    def plan_id(self) -> int | None:
        """The plan the audit entries belong to."""
        ...

    @property
    def plans(self) -> Sequence[PlanLike]:
        """The plans whose approvers decide the change."""
        ...

    def apply(self, session: Session, viewer: Viewer, change: PendingChange) -> None:
        """Make the accepted value take effect (audited like any edit)."""
        ...


# How to find a change's subject; raises `not_found()` when the viewer may not see it.
SubjectLoader = Callable[[Session, Viewer, PendingChange], Subject]


def not_found() -> RuleViolation:
    return RuleViolation(NOT_FOUND, "no pending change has this id", "input.id")


def waiting(session: Session, kind: ChangeKind, **where: int | None) -> PendingChange | None:
    """The change of this kind waiting for these columns' values (one waits at a time)."""
    return session.scalar(
        select(PendingChange).where(
            PendingChange.status == ChangeStatus.PENDING,
            PendingChange.kind == kind,
            *(getattr(PendingChange, name) == value for name, value in where.items()),
        )
    )


def record_audit(
    session: Session,
    viewer: Viewer,
    change: PendingChange,
    label: str,
    plan_id: int | None,
    action: AuditAction,
    before: dict[str, Any] | None,
    after: dict[str, Any],
) -> None:
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type="PendingChange",
        entity_id=change.id,
        entity_label=label,
        action=action,
        before=before,
        after=after,
        plan_id=plan_id,
    )


def accept_at_once(change: PendingChange, viewer: Viewer) -> None:
    """The approver asking is the approval: the change is accepted as it is made."""
    change.status = ChangeStatus.ACCEPTED
    change.decided_by_id = viewer.person_id
    change.decided_at = datetime.now(UTC)


def decide(
    session: Session,
    viewer: Viewer,
    change_id: int | None,
    accept: bool,
    reason: str | None,
    subjects: Mapping[ChangeKind, SubjectLoader],
) -> PendingChange:
    """Accept (the new value takes effect) or reject (a reason is required) a waiting change;
    only its approver may, and a change hidden from the viewer is not found."""
    change = session.scalar(
        select(PendingChange).where(PendingChange.id == change_id).with_for_update()
    )
    if change is None:
        raise not_found()
    kind = ChangeKind(change.kind)
    subject = subjects[kind](session, viewer, change)
    if not may_decide_change(viewer, kind, list(subject.plans)):
        raise RuleViolation(FORBIDDEN, f"Only {subject.deciders} may decide this change.")
    if change.status != ChangeStatus.PENDING:
        raise RuleViolation(
            INVALID_TRANSITION, f"This change was {change.status.value} already.", "input.id"
        )
    reason = validation.text("input.reason", reason, limit=REASON_LIMIT, required=not accept)
    change.status = ChangeStatus.ACCEPTED if accept else ChangeStatus.REJECTED
    change.decided_by_id = viewer.person_id
    change.decided_at = datetime.now(UTC)
    change.decision_reason = reason
    if accept:
        subject.apply(session, viewer, change)
    session.flush()
    record_audit(session, viewer, change, subject.label, subject.plan_id, AuditAction.UPDATE,
                 {"status": ChangeStatus.PENDING.value},
                 {"status": change.status.value, "decisionReason": reason})  # fmt: skip
    return change


def settle(
    session: Session,
    viewer: Viewer,
    change: PendingChange,
    status: ChangeStatus,
    why: str,
    label: str,
    plan_id: int | None,
) -> None:
    """Decide a change nobody has to decide any more (its work was closed), saying why."""
    change.status = status
    change.decided_at = datetime.now(UTC)
    change.decision_reason = why
    session.flush()
    record_audit(session, viewer, change, label, plan_id, AuditAction.UPDATE,
                 {"status": ChangeStatus.PENDING.value},
                 {"status": status.value, "decisionReason": why})  # fmt: skip
