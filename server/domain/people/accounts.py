"""Creating people and API tokens, and finding who a credential belongs to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.core import audit
from server.domain.core.errors import DUPLICATE, INVALID, NOT_FOUND, RuleViolation
from server.domain.core.viewer import Viewer
from server.domain.people.passwords import new_password_hash
from server.domain.people.sessions import end_sessions
from server.domain.people.tokens import new_token
from server.models import ApiToken, Person
from server.models.enums import AuditAction, TokenScope

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PERSON_FIELDS = ["email", "name", "is_active", "is_admin"]


@dataclass(frozen=True)
class Actor:
    """Who makes a change, as the audit log records it."""

    person_id: int | None
    name: str


def create_person(
    session: Session,
    actor: Actor,
    *,
    email: str,
    name: str,
    password: str | None = None,
    password_hash: str | None = None,
    is_admin: bool = False,
) -> Person:
    """A new person. A password is checked against the policy and hashed here (the command
    line); the API checks and hashes off the event loop first and passes `password_hash`."""
    email = email.strip().lower()
    name = name.strip()
    if not EMAIL_PATTERN.match(email) or len(email) > 254:
        raise RuleViolation(INVALID, "is not a valid e-mail address", "email")
    if not name:
        raise RuleViolation(INVALID, "must not be empty", "name")
    if len(name) > 200:
        raise RuleViolation(INVALID, "must be at most 200 characters", "name")
    if password is not None:
        password_hash = new_password_hash(password, email, "password")
    if session.scalar(select(Person.id).where(Person.email == email)) is not None:
        raise RuleViolation(DUPLICATE, f"{email} already has an account", "email")
    person = Person(
        email=email,
        name=name,
        password_hash=password_hash,
        is_active=True,
        is_admin=is_admin,
    )
    session.add(person)
    session.flush()
    audit.record(
        session,
        actor_id=actor.person_id,
        actor_name=actor.name,
        entity_type="Person",
        entity_id=person.id,
        entity_label=person.name,
        action=AuditAction.CREATE,
        after=audit.snapshot(person, PERSON_FIELDS),
        admin_only=True,
    )
    return person


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str


def create_api_token(
    session: Session,
    actor: Actor,
    *,
    person: Person,
    name: str,
    scope: TokenScope,
    expires_in_days: int | None,
) -> IssuedToken:
    name = name.strip()
    if not name:
        raise RuleViolation(INVALID, "must not be empty", "name")
    if len(name) > 120:
        raise RuleViolation(INVALID, "must be at most 120 characters", "name")
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        raise RuleViolation(INVALID, "must be from 1 to 3650 days", "expiresInDays")
    made = new_token()
    token = ApiToken(
        person_id=person.id,
        name=name,
        prefix=made.prefix,
        secret_hash=made.secret_hash,
        scope=scope,
        expires_at=(
            datetime.now(UTC) + timedelta(days=expires_in_days) if expires_in_days else None
        ),
    )
    session.add(token)
    session.flush()
    audit.record(
        session,
        actor_id=actor.person_id,
        actor_name=actor.name,
        entity_type="ApiToken",
        entity_id=token.id,
        entity_label=f"{token.name} ({token.prefix})",
        action=AuditAction.CREATE,
        after={
            "person": person.email,
            "name": name,
            "scope": scope.value,
            "expiresAt": token.expires_at.isoformat() if token.expires_at else None,
        },
        admin_only=True,
    )
    return IssuedToken(token=token, secret=made.secret)


def change_own_password(session: Session, viewer: Viewer, password_hash: str) -> Person:
    """The viewer's new password (checked and hashed by the caller, after the current one was
    proved): every other session of theirs ends; the one making the change stays."""
    person = session.get(Person, viewer.person_id)
    if person is None:
        raise RuleViolation(NOT_FOUND, "no person has this id", "input.currentPassword")
    person.password_hash = password_hash
    ended = end_sessions(session, person.id, keep=viewer.session_id)
    session.flush()
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type="Person",
        entity_id=person.id,
        entity_label=person.name,
        action=AuditAction.UPDATE,
        after={"password": "changed", "sessionsEnded": ended},
        admin_only=True,
    )
    return person


def person_by_email(session: Session, email: str) -> Person:
    person = session.scalar(select(Person).where(Person.email == email.strip().lower()))
    if person is None:
        raise RuleViolation(NOT_FOUND, f"no person has the e-mail address {email}", "email")
    return person
