"""Creating people and API tokens, and finding who a credential belongs to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain import audit
from server.domain.errors import DUPLICATE, INVALID, NOT_FOUND, RuleViolation
from server.domain.passwords import hash_password, password_problem
from server.domain.tokens import new_token
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
    password: str | None,
    is_admin: bool = False,
) -> Person:
    email = email.strip().lower()
    name = name.strip()
    if not EMAIL_PATTERN.match(email) or len(email) > 254:
        raise RuleViolation(INVALID, "is not a valid e-mail address", "email")
    if not name:
        raise RuleViolation(INVALID, "must not be empty", "name")
    if len(name) > 200:
        raise RuleViolation(INVALID, "must be at most 200 characters", "name")
    if password is not None and (problem := password_problem(password)):
        raise RuleViolation(INVALID, problem, "password")
    if session.scalar(select(Person.id).where(Person.email == email)) is not None:
        raise RuleViolation(DUPLICATE, f"{email} already has an account", "email")
    person = Person(
        email=email,
        name=name,
        password_hash=hash_password(password) if password is not None else None,
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


def person_by_email(session: Session, email: str) -> Person:
    person = session.scalar(select(Person).where(Person.email == email.strip().lower()))
    if person is None:
        raise RuleViolation(NOT_FOUND, f"no person has the e-mail address {email}", "email")
    return person
