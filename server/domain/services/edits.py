"""Changes to services, processes and offerings: administrators make them all; a service's owner
also describes their service and keeps its offerings (`permissions.may_edit_service`). A new
service or process comes with its improvement plan (server/domain/plans/edits.py), so each has
exactly one from the start."""

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
from server.domain.core.errors import DUPLICATE, FORBIDDEN, INVALID, RuleViolation
from server.domain.core.permissions import may_edit_service
from server.domain.core.viewer import Viewer
from server.domain.plans.edits import add_improvement_plan, improvement_plan_name
from server.domain.portfolio import decisions
from server.models import Offering, Process, Service
from server.models.enums import AuditAction, OfferingKind, PlanKind, ServiceLifecycle


def _require_service_editor(viewer: Viewer, service_id: int, doing: str) -> None:
    """Refuse anyone but the service's owner and administrators."""
    if not may_edit_service(viewer, service_id):
        raise RuleViolation(FORBIDDEN, f"Only administrators and the service's owner may {doing}.")


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
    unique_name(session, Service, name, "input.name")
    plan_name = improvement_plan_name(session, plan_name or f"{name} improvement plan")
    service = Service(
        name=name,
        description=validation.text("input.description", description, limit=10_000),
        lifecycle=lifecycle,
    )
    session.add(service)
    session.flush()
    record(
        session,
        viewer,
        service,
        name,
        AuditAction.CREATE,
        after={"name": name, "lifecycle": lifecycle.value},
    )
    add_improvement_plan(
        session, viewer, PlanKind.SERVICE_IMPROVEMENT, plan_name, service_id=service.id
    )
    decisions.record_first(session, viewer, service)
    return service


def update_service(
    session: Session,
    viewer: Viewer,
    service_id: int,
    *,
    name: str | None = None,
    description: str | None = None,
    lifecycle: ServiceLifecycle | None = None,
) -> Service:
    service = get(session, Service, service_id, "input.id", "service")
    _require_service_editor(viewer, service.id, "change this service")
    if name is not None:
        name = validation.text("input.name", name, limit=200, required=True)
        if name != service.name and not viewer.is_admin:
            raise RuleViolation(
                FORBIDDEN, "Only administrators may rename a service.", "input.name"
            )
        unique_name(session, Service, name, "input.name", service.id)
    if description is not None:
        description = validation.text("input.description", description, limit=10_000)
    if lifecycle is not None and ServiceLifecycle(lifecycle) != ServiceLifecycle(service.lifecycle):
        raise RuleViolation(
            INVALID,
            "a service moves through the portfolio only by a decision of the steering committee "
            "(proposePortfolioDecision)",
            "input.lifecycle",
        )
    before, after = apply_changes(service, {"name": name, "description": description})
    if after:
        session.flush()
        record(session, viewer, service, service.name, AuditAction.UPDATE, before, after)
    return service


def create_process(
    session: Session, viewer: Viewer, *, name: str, description: str, plan_name: str | None = None
) -> Process:
    require_admin(viewer, "create processes")
    name = validation.text("input.name", name, limit=200, required=True)
    unique_name(session, Process, name, "input.name")
    plan_name = improvement_plan_name(session, plan_name or f"{name} improvement plan")
    process = Process(
        name=name, description=validation.text("input.description", description, limit=10_000)
    )
    session.add(process)
    session.flush()
    record(session, viewer, process, name, AuditAction.CREATE, after={"name": name})
    add_improvement_plan(
        session, viewer, PlanKind.PROCESS_IMPROVEMENT, plan_name, process_id=process.id
    )
    return process


def update_process(
    session: Session,
    viewer: Viewer,
    process_id: int,
    *,
    name: str | None = None,
    description: str | None = None,
) -> Process:
    require_admin(viewer, "change processes")
    process = get(session, Process, process_id, "input.id", "process")
    if name is not None:
        name = validation.text("input.name", name, limit=200, required=True)
        unique_name(session, Process, name, "input.name", process.id)
    if description is not None:
        description = validation.text("input.description", description, limit=10_000)
    before, after = apply_changes(process, {"name": name, "description": description})
    if after:
        session.flush()
        record(session, viewer, process, process.name, AuditAction.UPDATE, before, after)
    return process


def create_offering(
    session: Session,
    viewer: Viewer,
    *,
    service_id: int,
    name: str,
    kind: OfferingKind,
    description: str,
) -> Offering:
    service = get(session, Service, service_id, "input.serviceId", "service")
    _require_service_editor(viewer, service.id, "add offerings to this service")
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
    record(
        session,
        viewer,
        offering,
        f"{service.name}: {name}",
        AuditAction.CREATE,
        after={"name": name, "kind": kind.value},
    )
    return offering


def update_offering(
    session: Session,
    viewer: Viewer,
    offering_id: int,
    *,
    name: str | None = None,
    kind: OfferingKind | None = None,
    description: str | None = None,
) -> Offering:
    offering = get(session, Offering, offering_id, "input.id", "offering")
    _require_service_editor(viewer, offering.service_id, "change this service's offerings")
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
    before, after = apply_changes(
        offering, {"name": name, "kind": kind, "description": description}
    )
    if after:
        session.flush()
        record(session, viewer, offering, offering.name, AuditAction.UPDATE, before, after)
    return offering
