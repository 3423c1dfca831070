"""Ending browser sessions: one's own, all of a person's (password change, deactivation), or
everywhere at once. Sessions are rows (server/models/people.py); ending one deletes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, not_, or_, select
from sqlalchemy.orm import Session

from server.domain.core import audit
from server.domain.core.errors import NOT_FOUND, RuleViolation
from server.domain.core.sql import changed_rows
from server.domain.core.viewer import Viewer
from server.models import WebSession
from server.models.enums import AuditAction


@dataclass(frozen=True)
class SessionLifetimes:
    """How long a session lasts unused (idle) and at most (absolute): the
    STEWARD_SESSION_IDLE_MINUTES and STEWARD_SESSION_LIFETIME_HOURS settings."""

    idle: timedelta = timedelta(hours=12)
    absolute: timedelta = timedelta(days=14)


def expired(now: datetime, lifetimes: SessionLifetimes) -> list[ColumnElement[bool]]:
    """The conditions of a session that no longer signs anyone in."""
    return [
        or_(
            WebSession.last_seen_at < now - lifetimes.idle,
            WebSession.created_at < now - lifetimes.absolute,
        )
    ]


def end_sessions(session: Session, person_id: int, keep: int | None = None) -> int:
    """End every session of the person (but `keep`); how many ended."""
    statement = delete(WebSession).where(WebSession.person_id == person_id)
    if keep is not None:
        statement = statement.where(WebSession.id != keep)
    return changed_rows(session.execute(statement))


def end_own_session(session: Session, viewer: Viewer, session_id: int) -> int:
    """End one of the viewer's sessions; another person's looks missing."""
    row = session.get(WebSession, session_id)
    if row is None or row.person_id != viewer.person_id:
        raise RuleViolation(NOT_FOUND, "no session of yours has this id", "input.id")
    session.delete(row)
    session.flush()
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type="Person",
        entity_id=viewer.person_id,
        entity_label=viewer.name,
        action=AuditAction.UPDATE,
        before={"session": row.id},
        after={"session": None},
        admin_only=True,
    )
    return viewer.person_id


def sign_out_everywhere(session: Session, viewer: Viewer, keep_this_one: bool) -> int:
    """End the viewer's sessions (all, or all but the one making the request); how many."""
    keep = viewer.session_id if keep_this_one else None
    ended = end_sessions(session, viewer.person_id, keep)
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type="Person",
        entity_id=viewer.person_id,
        entity_label=viewer.name,
        action=AuditAction.UPDATE,
        after={"sessionsEnded": ended},
        admin_only=True,
    )
    return ended


def active_sessions(
    session: Session, person_id: int, now: datetime, lifetimes: SessionLifetimes
) -> list[WebSession]:
    """The person's sessions that still sign them in, most recently seen first."""
    return list(
        session.scalars(
            select(WebSession)
            .where(WebSession.person_id == person_id, not_(*expired(now, lifetimes)))
            .order_by(WebSession.last_seen_at.desc(), WebSession.id.desc())
        )
    )
