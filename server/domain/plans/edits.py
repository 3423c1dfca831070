"""Administrators' changes to plans. A service or process improvement plan comes with its service
or process (server/domain/services/edits.py creates it through `add_improvement_plan`), so each
has exactly one from the start; the other kinds are created here."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.core import validation
from server.domain.core.administration import (
    apply_changes,
    get,
    record,
    require_admin,
    unique_name,
)
from server.domain.core.errors import INVALID, RuleViolation
from server.domain.core.roles import OWNER_ROLE_BY_PLAN_KIND
from server.domain.core.viewer import Viewer
from server.models import Plan, Role
from server.models.enums import AuditAction, PlanKind

SCOPED_KINDS = frozenset({PlanKind.SERVICE_IMPROVEMENT, PlanKind.PROCESS_IMPROVEMENT})


def owner_role_id(session: Session, kind: PlanKind) -> int:
    """The id of the built-in role that owns plans of this kind."""
    return session.scalars(select(Role.id).where(Role.slug == OWNER_ROLE_BY_PLAN_KIND[kind])).one()


def improvement_plan_name(session: Session, name: str) -> str:
    """The checked name of the improvement plan a new service or process comes with."""
    name = validation.text("input.planName", name, limit=200, required=True)
    unique_name(session, Plan, name, "input.planName")
    return name


def add_improvement_plan(
    session: Session,
    viewer: Viewer,
    kind: PlanKind,
    name: str,
    *,
    service_id: int | None = None,
    process_id: int | None = None,
) -> Plan:
    """The service's or process's own plan (its name checked by `improvement_plan_name`)."""
    plan = Plan(
        kind=kind,
        name=name,
        service_id=service_id,
        process_id=process_id,
        owner_role_id=owner_role_id(session, kind),
    )
    session.add(plan)
    session.flush()
    record(
        session,
        viewer,
        plan,
        name,
        AuditAction.CREATE,
        after={"name": name, "kind": plan.kind.value},
        plan_id=plan.id,
    )
    return plan


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
    unique_name(session, Plan, name, "input.name")
    plan = Plan(
        kind=kind,
        name=name,
        owner_role_id=owner_role_id(session, kind),
        description=validation.text("input.description", description, limit=10_000),
        confidential=kind is PlanKind.SECURITY_IMPROVEMENT,
    )
    session.add(plan)
    session.flush()
    record(
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
    name: str | None = None,
    description: str | None = None,
    confidential: bool | None = None,
) -> Plan:
    require_admin(viewer, "change plans")
    plan = get(session, Plan, plan_id, "input.id", "plan")
    if name is not None:
        name = validation.text("input.name", name, limit=200, required=True)
        unique_name(session, Plan, name, "input.name", plan.id)
    if description is not None:
        description = validation.text("input.description", description, limit=10_000)
    if confidential is False and plan.kind is PlanKind.SECURITY_IMPROVEMENT:
        raise RuleViolation(
            INVALID, "the security improvement plan is always confidential", "input.confidential"
        )
    before, after = apply_changes(
        plan, {"name": name, "description": description, "confidential": confidential}
    )
    if after:
        session.flush()
        record(session, viewer, plan, plan.name, AuditAction.UPDATE, before, after, plan_id=plan.id)
    return plan
