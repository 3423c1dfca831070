"""Administrators' changes to people: their details, deactivation, unlocking, role
assignments, and revoking API tokens."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.core import audit, validation
from server.domain.core.administration import apply_changes, get, record, require_admin
from server.domain.core.errors import DUPLICATE, INVALID, NOT_FOUND, RuleViolation
from server.domain.core.viewer import Viewer
from server.domain.people import throttle
from server.domain.people.accounts import EMAIL_PATTERN
from server.domain.people.sessions import end_sessions
from server.models import ApiToken, Person, Process, Role, RoleAssignment, Service
from server.models.enums import AuditAction

__all__ = [
    "assign_role",
    "deactivate_person",
    "require_admin",
    "revoke_api_token",
    "unassign_role",
    "unlock_person",
    "update_person",
]


def update_person(
    session: Session,
    viewer: Viewer,
    person_id: int,
    *,
    name: str | None = None,
    email: str | None = None,
    is_admin: bool | None = None,
    password_hash: str | None = None,
) -> Person:
    """Change a person's details; a new password (checked and hashed by the caller) ends every
    session they have (but the one making the change, when they change their own)."""
    require_admin(viewer, "change people")
    person = get(session, Person, person_id, "input.id", "person")
    if name is not None:
        name = validation.text("input.name", name, limit=200, required=True)
    if email is not None:
        email = email.strip().lower()
        if not EMAIL_PATTERN.match(email):
            raise RuleViolation(INVALID, "is not a valid e-mail address", "input.email")
        taken = session.scalar(
            select(Person.id).where(Person.email == email, Person.id != person.id)
        )
        if taken is not None:
            raise RuleViolation(DUPLICATE, f"{email} already has an account", "input.email")
    if is_admin is False and person.id == viewer.person_id:
        raise RuleViolation(
            INVALID, "you cannot remove your own administrator rights", "input.isAdmin"
        )
    before, after = apply_changes(person, {"name": name, "email": email, "is_admin": is_admin})
    if password_hash is not None:
        person.password_hash = password_hash
        after["password"] = "set"
        own = person.id == viewer.person_id
        keep = viewer.session_id if own else None  # changing one's own: this session stays
        after["sessionsEnded"] = end_sessions(session, person.id, keep)
    if after:
        session.flush()
        record(
            session, viewer, person, person.name, AuditAction.UPDATE, before, after, admin_only=True
        )
    return person


def deactivate_person(session: Session, viewer: Viewer, person_id: int) -> Person:
    require_admin(viewer, "deactivate people")
    person = get(session, Person, person_id, "input.id", "person")
    if person.id == viewer.person_id:
        raise RuleViolation(INVALID, "you cannot deactivate yourself", "input.id")
    if person.is_active:
        person.is_active = False
        ended = end_sessions(session, person.id)
        session.flush()
        record(
            session,
            viewer,
            person,
            person.name,
            AuditAction.UPDATE,
            {"is_active": True},
            {"is_active": False, "sessionsEnded": ended},
            admin_only=True,
        )
    return person


def unlock_person(session: Session, viewer: Viewer, person_id: int) -> Person:
    """Lift a sign-in lock and forget the failed attempts, so the person may sign in now."""
    require_admin(viewer, "unlock people")
    person = get(session, Person, person_id, "input.id", "person")
    before = {"locked_until": audit.plain(person.locked_until)}
    person.locked_until = None
    throttle.forget_failures(session, person.email)
    session.flush()
    record(
        session,
        viewer,
        person,
        person.name,
        AuditAction.UPDATE,
        before,
        {"locked_until": None, "failedSignInsForgotten": True},
        admin_only=True,
    )
    return person


def assign_role(
    session: Session,
    viewer: Viewer,
    person_id: int,
    role_id: int,
    service_id: int | None,
    process_id: int | None,
) -> RoleAssignment:
    require_admin(viewer, "assign roles")
    person = get(session, Person, person_id, "input.personId", "person")
    role = get(session, Role, role_id, "input.roleId", "role")
    if service_id is not None and process_id is not None:
        raise RuleViolation(
            INVALID, "a role is scoped to one service or one process, not both", "input.processId"
        )
    scope = ""
    if service_id is not None:
        scope = " for " + get(session, Service, service_id, "input.serviceId", "service").name
    if process_id is not None:
        scope = " for " + get(session, Process, process_id, "input.processId", "process").name
    exists = session.scalar(
        select(RoleAssignment.id).where(
            RoleAssignment.person_id == person.id,
            RoleAssignment.role_id == role.id,
            RoleAssignment.service_id.is_(None)
            if service_id is None
            else RoleAssignment.service_id == service_id,
            RoleAssignment.process_id.is_(None)
            if process_id is None
            else RoleAssignment.process_id == process_id,
        )
    )
    if exists is not None:
        raise RuleViolation(
            DUPLICATE, f"{person.name} already holds {role.name}{scope}", "input.roleId"
        )
    assignment = RoleAssignment(
        person_id=person.id, role_id=role.id, service_id=service_id, process_id=process_id
    )
    session.add(assignment)
    session.flush()
    record(
        session,
        viewer,
        assignment,
        f"{person.name}: {role.name}{scope}",
        AuditAction.CREATE,
        after={"person": person.email, "role": role.slug, "scope": scope.strip()},
        admin_only=True,
    )
    return assignment


def unassign_role(session: Session, viewer: Viewer, assignment_id: int) -> Person:
    require_admin(viewer, "remove role assignments")
    assignment = get(session, RoleAssignment, assignment_id, "input.id", "role assignment")
    person = session.get_one(Person, assignment.person_id)
    role = session.get_one(Role, assignment.role_id)
    record(
        session,
        viewer,
        assignment,
        f"{person.name}: {role.name}",
        AuditAction.DELETE,
        before={
            "person": person.email,
            "role": role.slug,
            "service_id": assignment.service_id,
            "process_id": assignment.process_id,
        },
        admin_only=True,
    )
    session.delete(assignment)
    session.flush()
    return person


def revoke_api_token(session: Session, viewer: Viewer, token_id: int) -> ApiToken:
    """People revoke their own tokens; administrators anyone's. Others' look missing."""
    token = session.get(ApiToken, token_id)
    if token is None or (token.person_id != viewer.person_id and not viewer.is_admin):
        raise RuleViolation(NOT_FOUND, "no token of yours has this id", "input.id")
    if token.revoked_at is None:
        token.revoked_at = datetime.now(UTC)
        session.flush()
        record(
            session,
            viewer,
            token,
            f"{token.name} ({token.prefix})",
            AuditAction.UPDATE,
            {"revoked": False},
            {"revoked": True},
            admin_only=True,
        )
    return token
