"""Administrators' changes: people, role assignments, tokens, services, processes, plans and
offerings. A service improvement plan is created with its service, a process improvement plan
with its process, so each has exactly one from the start."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.core import audit, validation
from server.domain.core.errors import DUPLICATE, FORBIDDEN, INVALID, NOT_FOUND, RuleViolation
from server.domain.core.permissions import Action, can
from server.domain.core.roles import OWNER_ROLE_BY_PLAN_KIND
from server.domain.core.viewer import Viewer
from server.domain.people import throttle
from server.domain.people.accounts import EMAIL_PATTERN
from server.domain.people.sessions import end_sessions
from server.models import (
    ApiToken,
    Offering,
    Person,
    Plan,
    Process,
    Role,
    RoleAssignment,
    Service,
)
from server.models.enums import AuditAction, OfferingKind, PlanKind, ServiceLifecycle


def require_admin(viewer: Viewer, doing: str) -> None:
    if not can(viewer, Action.ADMINISTER):
        raise RuleViolation(FORBIDDEN, f"Only administrators may {doing}.")


def _record(
    session,
    viewer,
    obj,
    label: str,
    action,
    before=None,
    after=None,
    *,
    admin_only=False,
    plan_id=None,
) -> None:
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type=type(obj).__name__,
        entity_id=obj.id,
        entity_label=label,
        action=action,
        before=before,
        after=after,
        admin_only=admin_only,
        plan_id=plan_id,
    )


def _changes(obj, values: dict[str, Any]) -> tuple[dict, dict]:
    before, after = {}, {}
    for name, value in values.items():
        if value is None or getattr(obj, name) == value:
            continue
        before[name] = audit.snapshot(obj, [name])[name]
        setattr(obj, name, value)
        after[name] = audit.snapshot(obj, [name])[name]
    return before, after


def _get(session: Session, model, pk: int, field: str, what: str):
    obj = session.get(model, pk)
    if obj is None:
        raise RuleViolation(NOT_FOUND, f"no {what} has this id", field)
    return obj


# -- people, roles, tokens ------------------------------------------------------------------


def update_person(
    session: Session,
    viewer: Viewer,
    person_id: int,
    *,
    name=None,
    email=None,
    is_admin=None,
    password_hash: str | None = None,
) -> Person:
    """Change a person's details; a new password (checked and hashed by the caller) ends every
    session they have (but the one making the change, when they change their own)."""
    require_admin(viewer, "change people")
    person = _get(session, Person, person_id, "input.id", "person")
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
    before, after = _changes(person, {"name": name, "email": email, "is_admin": is_admin})
    if password_hash is not None:
        person.password_hash = password_hash
        after["password"] = "set"
        own = person.id == viewer.person_id
        keep = viewer.session_id if own else None  # changing one's own: this session stays
        after["sessionsEnded"] = end_sessions(session, person.id, keep)
    if after:
        session.flush()
        _record(
            session, viewer, person, person.name, AuditAction.UPDATE, before, after, admin_only=True
        )
    return person


def deactivate_person(session: Session, viewer: Viewer, person_id: int) -> Person:
    require_admin(viewer, "deactivate people")
    person = _get(session, Person, person_id, "input.id", "person")
    if person.id == viewer.person_id:
        raise RuleViolation(INVALID, "you cannot deactivate yourself", "input.id")
    if person.is_active:
        person.is_active = False
        ended = end_sessions(session, person.id)
        session.flush()
        _record(
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
    person = _get(session, Person, person_id, "input.id", "person")
    before = {"locked_until": audit.plain(person.locked_until)}
    person.locked_until = None
    throttle.forget_failures(session, person.email)
    session.flush()
    _record(
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
    person = _get(session, Person, person_id, "input.personId", "person")
    role = _get(session, Role, role_id, "input.roleId", "role")
    if service_id is not None and process_id is not None:
        raise RuleViolation(
            INVALID, "a role is scoped to one service or one process, not both", "input.processId"
        )
    scope = ""
    if service_id is not None:
        scope = " for " + _get(session, Service, service_id, "input.serviceId", "service").name
    if process_id is not None:
        scope = " for " + _get(session, Process, process_id, "input.processId", "process").name
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
    _record(
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
    assignment = _get(session, RoleAssignment, assignment_id, "input.id", "role assignment")
    person = session.get(Person, assignment.person_id)
    role = session.get(Role, assignment.role_id)
    _record(
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
        _record(
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


# -- services, processes, plans, offerings ----------------------------------------------------


def _unique_name(session, model, name: str, field: str, exclude: int | None = None) -> None:
    statement = select(model.id).where(model.name == name)
    if exclude is not None:
        statement = statement.where(model.id != exclude)
    if session.scalar(statement) is not None:
        raise RuleViolation(DUPLICATE, f"the name {name!r} is taken", field)


def _role_id(session: Session, kind: PlanKind) -> int:
    return session.scalar(select(Role.id).where(Role.slug == OWNER_ROLE_BY_PLAN_KIND[kind]))


def _plan_name(name: str) -> str:
    return validation.text("input.planName", name, limit=200, required=True)


def create_service(
    session: Session,
    viewer: Viewer,
    *,
    name: str,
    description: str,
    lifecycle: ServiceLifecycle,
    plan_name: str | None = None,
) -> Service:
    require_admin(viewer, "create services")
    name = validation.text("input.name", name, limit=200, required=True)
    _unique_name(session, Service, name, "input.name")
    plan_name = _plan_name(plan_name or f"{name} improvement plan")
    _unique_name(session, Plan, plan_name, "input.planName")
    service = Service(
        name=name,
        description=validation.text("input.description", description, limit=10_000),
        lifecycle=lifecycle,
    )
    session.add(service)
    session.flush()
    plan = Plan(
        kind=PlanKind.SERVICE_IMPROVEMENT,
        name=plan_name,
        service_id=service.id,
        owner_role_id=_role_id(session, PlanKind.SERVICE_IMPROVEMENT),
    )
    session.add(plan)
    session.flush()
    _record(
        session,
        viewer,
        service,
        name,
        AuditAction.CREATE,
        after={"name": name, "lifecycle": lifecycle.value},
    )
    _record(
        session,
        viewer,
        plan,
        plan_name,
        AuditAction.CREATE,
        after={"name": plan_name, "kind": plan.kind.value},
        plan_id=plan.id,
    )
    return service


def update_service(
    session: Session,
    viewer: Viewer,
    service_id: int,
    *,
    name=None,
    description=None,
    lifecycle=None,
) -> Service:
    require_admin(viewer, "change services")
    service = _get(session, Service, service_id, "input.id", "service")
    if name is not None:
        name = validation.text("input.name", name, limit=200, required=True)
        _unique_name(session, Service, name, "input.name", service.id)
    if description is not None:
        description = validation.text("input.description", description, limit=10_000)
    before, after = _changes(
        service, {"name": name, "description": description, "lifecycle": lifecycle}
    )
    if after:
        session.flush()
        _record(session, viewer, service, service.name, AuditAction.UPDATE, before, after)
    return service


def create_process(
    session: Session, viewer: Viewer, *, name: str, description: str, plan_name: str | None = None
) -> Process:
    require_admin(viewer, "create processes")
    name = validation.text("input.name", name, limit=200, required=True)
    _unique_name(session, Process, name, "input.name")
    plan_name = _plan_name(plan_name or f"{name} improvement plan")
    _unique_name(session, Plan, plan_name, "input.planName")
    process = Process(
        name=name, description=validation.text("input.description", description, limit=10_000)
    )
    session.add(process)
    session.flush()
    plan = Plan(
        kind=PlanKind.PROCESS_IMPROVEMENT,
        name=plan_name,
        process_id=process.id,
        owner_role_id=_role_id(session, PlanKind.PROCESS_IMPROVEMENT),
    )
    session.add(plan)
    session.flush()
    _record(session, viewer, process, name, AuditAction.CREATE, after={"name": name})
    _record(
        session,
        viewer,
        plan,
        plan_name,
        AuditAction.CREATE,
        after={"name": plan_name, "kind": plan.kind.value},
        plan_id=plan.id,
    )
    return process


def update_process(
    session: Session, viewer: Viewer, process_id: int, *, name=None, description=None
) -> Process:
    require_admin(viewer, "change processes")
    process = _get(session, Process, process_id, "input.id", "process")
    if name is not None:
        name = validation.text("input.name", name, limit=200, required=True)
        _unique_name(session, Process, name, "input.name", process.id)
    if description is not None:
        description = validation.text("input.description", description, limit=10_000)
    before, after = _changes(process, {"name": name, "description": description})
    if after:
        session.flush()
        _record(session, viewer, process, process.name, AuditAction.UPDATE, before, after)
    return process


SCOPED_KINDS = {PlanKind.SERVICE_IMPROVEMENT, PlanKind.PROCESS_IMPROVEMENT}


def create_plan(
    session: Session, viewer: Viewer, *, kind: PlanKind, name: str, description: str
) -> Plan:
    require_admin(viewer, "create plans")
    if kind in SCOPED_KINDS:
        raise RuleViolation(
            INVALID,
            "service and process improvement plans come with their service or process; "
            "create the service or process instead",
            "input.kind",
        )
    name = validation.text("input.name", name, limit=200, required=True)
    _unique_name(session, Plan, name, "input.name")
    plan = Plan(
        kind=kind,
        name=name,
        owner_role_id=_role_id(session, kind),
        description=validation.text("input.description", description, limit=10_000),
        confidential=kind is PlanKind.SECURITY_IMPROVEMENT,
    )
    session.add(plan)
    session.flush()
    _record(
        session,
        viewer,
        plan,
        name,
        AuditAction.CREATE,
        after={"name": name, "kind": kind.value},
        plan_id=plan.id,
    )
    return plan


def update_plan(
    session: Session,
    viewer: Viewer,
    plan_id: int,
    *,
    name=None,
    description=None,
    confidential=None,
) -> Plan:
    require_admin(viewer, "change plans")
    plan = _get(session, Plan, plan_id, "input.id", "plan")
    if name is not None:
        name = validation.text("input.name", name, limit=200, required=True)
        _unique_name(session, Plan, name, "input.name", plan.id)
    if description is not None:
        description = validation.text("input.description", description, limit=10_000)
    if confidential is False and plan.kind is PlanKind.SECURITY_IMPROVEMENT:
        raise RuleViolation(
            INVALID, "the security improvement plan is always confidential", "input.confidential"
        )
    before, after = _changes(
        plan, {"name": name, "description": description, "confidential": confidential}
    )
    if after:
        session.flush()
        _record(
            session, viewer, plan, plan.name, AuditAction.UPDATE, before, after, plan_id=plan.id
        )
    return plan


def create_offering(
    session: Session,
    viewer: Viewer,
    *,
    service_id: int,
    name: str,
    kind: OfferingKind,
    description: str,
) -> Offering:
    require_admin(viewer, "create offerings")
    service = _get(session, Service, service_id, "input.serviceId", "service")
    name = validation.text("input.name", name, limit=200, required=True)
    taken = session.scalar(
        select(Offering.id).where(Offering.service_id == service.id, Offering.name == name)
    )
    if taken is not None:
        raise RuleViolation(DUPLICATE, f"{service.name} already offers {name!r}", "input.name")
    offering = Offering(
        service_id=service.id,
        name=name,
        kind=kind,
        description=validation.text("input.description", description, limit=10_000),
    )
    session.add(offering)
    session.flush()
    _record(
        session,
        viewer,
        offering,
        f"{service.name}: {name}",
        AuditAction.CREATE,
        after={"name": name, "kind": kind.value},
    )
    return offering


def update_offering(
    session: Session, viewer: Viewer, offering_id: int, *, name=None, kind=None, description=None
) -> Offering:
    require_admin(viewer, "change offerings")
    offering = _get(session, Offering, offering_id, "input.id", "offering")
    if name is not None:
        name = validation.text("input.name", name, limit=200, required=True)
        taken = session.scalar(
            select(Offering.id).where(
                Offering.service_id == offering.service_id,
                Offering.name == name,
                Offering.id != offering.id,
            )
        )
        if taken is not None:
            raise RuleViolation(DUPLICATE, f"the service already offers {name!r}", "input.name")
    if description is not None:
        description = validation.text("input.description", description, limit=10_000)
    before, after = _changes(offering, {"name": name, "kind": kind, "description": description})
    if after:
        session.flush()
        _record(session, viewer, offering, offering.name, AuditAction.UPDATE, before, after)
    return offering
