"""Stakeholders (customers, business units, user groups, suppliers, internal teams) and the
services each one uses.

Administrators and business relationship managers create stakeholders and edit any of them;
a stakeholder's relationship owner edits that one. A relationship to a service carries since
when and notes; setting it again changes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server.domain.core import audit, validation
from server.domain.core.errors import (
    CONFLICT,
    DUPLICATE,
    FORBIDDEN,
    INVALID,
    NOT_FOUND,
    RuleViolation,
)
from server.domain.core.permissions import may_edit_stakeholder, may_manage_stakeholders
from server.domain.core.viewer import Viewer
from server.models import Person, Service, Stakeholder, StakeholderService
from server.models.enums import AuditAction, StakeholderKind

AUDITED = ["name", "kind", "contact", "description", "relationship_owner_id"]


@dataclass
class StakeholderFields:
    """None: not given (on update: keep). `owner_given` tells a cleared owner from a kept one."""

    name: str | None = None
    kind: StakeholderKind | None = None
    contact: str | None = None
    description: str | None = None
    relationship_owner_id: int | None = None
    owner_given: bool = False


def load(session: Session, stakeholder_id: int | None, field: str = "input.id") -> Stakeholder:
    stakeholder = session.get(Stakeholder, stakeholder_id) if stakeholder_id is not None else None
    if stakeholder is None:
        raise RuleViolation(NOT_FOUND, "no stakeholder has this id", field)
    return stakeholder


def _record(
    session: Session,
    viewer: Viewer,
    stakeholder: Stakeholder,
    action: AuditAction,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type="Stakeholder",
        entity_id=stakeholder.id,
        entity_label=stakeholder.name,
        action=action,
        before=before,
        after=after,
    )


def _require_editor(viewer: Viewer, stakeholder: Stakeholder) -> None:
    if not may_edit_stakeholder(viewer, stakeholder.relationship_owner_id):
        raise RuleViolation(
            FORBIDDEN,
            "Only administrators, business relationship managers and the stakeholder's "
            "relationship owner may change it.",
        )


def _clean(
    session: Session, fields: StakeholderFields, stakeholder_id: int | None
) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if fields.name is not None:
        name = validation.text("input.name", fields.name, limit=200, required=True)
        taken = session.scalar(
            select(Stakeholder.id).where(
                func.lower(Stakeholder.name) == name.lower(),
                *([] if stakeholder_id is None else [Stakeholder.id != stakeholder_id]),
            )
        )
        if taken is not None:
            raise RuleViolation(
                DUPLICATE, f"a stakeholder is already called “{name}”", "input.name"
            )
        clean["name"] = name
    if fields.kind is not None:
        clean["kind"] = StakeholderKind(fields.kind)
    if fields.contact is not None:
        clean["contact"] = validation.text("input.contact", fields.contact, limit=300)
    if fields.description is not None:
        clean["description"] = validation.text(
            "input.description", fields.description, limit=10_000
        )
    if fields.owner_given:
        owner = fields.relationship_owner_id
        if owner is not None:
            person = session.get(Person, owner)
            if person is None or not person.is_active:
                raise RuleViolation(
                    NOT_FOUND, "no active person has this id", "input.relationshipOwnerId"
                )
        clean["relationship_owner_id"] = owner
    return clean


def create(session: Session, viewer: Viewer, fields: StakeholderFields) -> Stakeholder:
    if not may_manage_stakeholders(viewer):
        raise RuleViolation(
            FORBIDDEN,
            "Only administrators and business relationship managers may add stakeholders.",
        )
    if fields.name is None:
        raise RuleViolation(INVALID, "must not be empty", "input.name")
    if fields.kind is None:
        raise RuleViolation(INVALID, "choose what kind of stakeholder it is", "input.kind")
    stakeholder = Stakeholder(**_clean(session, fields, None))
    session.add(stakeholder)
    session.flush()
    _record(
        session, viewer, stakeholder, AuditAction.CREATE, None,
        audit.snapshot(stakeholder, AUDITED),
    )  # fmt: skip
    return stakeholder


def update(
    session: Session,
    viewer: Viewer,
    stakeholder_id: int | None,
    fields: StakeholderFields,
    expected_version: int | None = None,
) -> Stakeholder:
    stakeholder = load(session, stakeholder_id)
    _require_editor(viewer, stakeholder)
    if expected_version is not None and expected_version != stakeholder.version:
        raise RuleViolation(
            CONFLICT,
            f"The stakeholder was changed after you loaded it (you had version "
            f"{expected_version}, it is now version {stakeholder.version}). Reload it and try "
            "again.",
            "input.expectedVersion",
        )
    handed_over = fields.relationship_owner_id != stakeholder.relationship_owner_id
    if fields.owner_given and handed_over and not may_manage_stakeholders(viewer):
        raise RuleViolation(
            FORBIDDEN,
            "Only administrators and business relationship managers may hand the "
            "relationship to someone else.",
            "input.relationshipOwnerId",
        )
    before = audit.snapshot(stakeholder, AUDITED)
    for name, value in _clean(session, fields, stakeholder.id).items():
        setattr(stakeholder, name, value)
    session.flush()
    after = audit.snapshot(stakeholder, AUDITED)
    changed = [name for name in AUDITED if before[name] != after[name]]
    _record(
        session, viewer, stakeholder, AuditAction.UPDATE,
        {name: before[name] for name in changed}, {name: after[name] for name in changed},
    )  # fmt: skip
    return stakeholder


def set_service(
    session: Session,
    viewer: Viewer,
    stakeholder_id: int | None,
    service_id: int | None,
    since: date | None = None,
    notes: str | None = None,
) -> Stakeholder:
    """The stakeholder uses the service: add the relationship, or change its since and notes."""
    stakeholder = load(session, stakeholder_id, "input.stakeholderId")
    _require_editor(viewer, stakeholder)
    service = session.get(Service, service_id) if service_id is not None else None
    if service is None:
        raise RuleViolation(NOT_FOUND, "no service has this id", "input.serviceId")
    if since is not None and since > date.today():
        raise RuleViolation(INVALID, "must not be in the future", "input.since")
    text = validation.text("input.notes", notes, limit=2000)
    link = session.get(StakeholderService, (stakeholder.id, service.id))
    before = None if link is None else {"since": audit.plain(link.since), "notes": link.notes}
    if link is None:
        link = StakeholderService(stakeholder_id=stakeholder.id, service_id=service.id)
        session.add(link)
    link.since = since
    link.notes = text
    session.flush()
    _record(
        session, viewer, stakeholder, AuditAction.UPDATE,
        {"service": service.name, **(before or {})},
        {"service": service.name, "since": audit.plain(since), "notes": text},
    )  # fmt: skip
    return stakeholder


def remove_service(
    session: Session, viewer: Viewer, stakeholder_id: int | None, service_id: int | None
) -> Stakeholder:
    stakeholder = load(session, stakeholder_id, "input.stakeholderId")
    _require_editor(viewer, stakeholder)
    link = (
        session.get(StakeholderService, (stakeholder.id, service_id))
        if service_id is not None
        else None
    )
    if link is None:
        raise RuleViolation(
            NOT_FOUND, "the stakeholder has no relationship to this service", "input.serviceId"
        )
    service = session.get(Service, service_id)
    session.execute(
        delete(StakeholderService).where(
            StakeholderService.stakeholder_id == stakeholder.id,
            StakeholderService.service_id == service_id,
        )
    )
    _record(
        session, viewer, stakeholder, AuditAction.UPDATE,
        {"service": service.name if service else service_id}, {"service": None},
    )  # fmt: skip
    return stakeholder
