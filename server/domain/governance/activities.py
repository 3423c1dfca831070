"""A process's activities (what to do, in order, with inputs, outputs, hand-offs and the
procedure that says how) and each one's RACI over the roles.

The process owner is accountable for every activity and is never given another part; every
other role may be responsible, consulted or informed. Each change is the owner's
(`definitions.process_for_change`) and becomes a new version of the definition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server.domain.core import audit, validation
from server.domain.core.errors import DUPLICATE, INVALID, NOT_FOUND, RuleViolation
from server.domain.core.roles import PROCESS_OWNER
from server.domain.core.viewer import Viewer
from server.domain.governance import definitions
from server.models import ActivityResponsibility, Process, ProcessActivity, Role
from server.models.enums import AuditAction, Responsibility

MAX_ACTIVITIES = 100
AUDITED = ["position", "name", "inputs", "outputs", "handoffs", "procedure"]
TEXTS = ("inputs", "outputs", "handoffs", "procedure")


@dataclass
class ActivityFields:
    name: str | None = None
    inputs: str | None = None
    outputs: str | None = None
    handoffs: str | None = None
    procedure: str | None = None
    position: int | None = None


@dataclass(frozen=True)
class RaciEntry:
    role_id: int | None  # None: the id given was not a role's
    responsibility: Responsibility


def _audit(
    session: Session, viewer: Viewer, activity: ProcessActivity, action: AuditAction,
    before: dict[str, Any] | None, after: dict[str, Any] | None,
) -> None:  # fmt: skip
    audit.record(
        session, actor_id=viewer.person_id, actor_name=viewer.name,
        entity_type="ProcessActivity", entity_id=activity.id, entity_label=activity.name,
        action=action, before=before, after=after,
    )  # fmt: skip


def _siblings(session: Session, process_id: int) -> list[ProcessActivity]:
    return list(
        session.scalars(
            select(ProcessActivity)
            .where(ProcessActivity.process_id == process_id)
            .order_by(ProcessActivity.position, ProcessActivity.id)
            .with_for_update()
        )
    )


def _name(session: Session, process: Process, value: str | None, own_id: int | None) -> str:
    name = validation.text("input.name", value, limit=200, required=True)
    taken = session.scalar(
        select(ProcessActivity.id).where(
            ProcessActivity.process_id == process.id,
            func.lower(ProcessActivity.name) == name.lower(),
        )
    )
    if taken is not None and taken != own_id:
        raise RuleViolation(DUPLICATE, f"{process.name} already has an activity {name!r}",
                            "input.name")  # fmt: skip
    return name


def _position(value: int | None, count: int) -> int:
    """A place from 1 to `count` (the number of activities once this one is in)."""
    if value is None:
        return count
    if not 1 <= value <= count:
        raise RuleViolation(INVALID, f"must be from 1 to {count}", "input.position")
    return value


def _renumber(ordered: list[ProcessActivity]) -> None:
    for number, activity in enumerate(ordered, start=1):
        if activity.position != number:
            activity.position = number


def add(session: Session, viewer: Viewer, process_id: int | None, fields: ActivityFields
        ) -> ProcessActivity:  # fmt: skip
    process = definitions.process_for_change(session, viewer, process_id, "input.processId")
    siblings = _siblings(session, process.id)
    if len(siblings) >= MAX_ACTIVITIES:
        raise RuleViolation(INVALID, f"a process has at most {MAX_ACTIVITIES} activities",
                            "input.processId")  # fmt: skip
    name = _name(session, process, fields.name, None)
    position = _position(fields.position, len(siblings) + 1)
    activity = ProcessActivity(
        process_id=process.id,
        position=len(siblings) + 1,
        name=name,
        **{
            field: validation.text(f"input.{field}", getattr(fields, field),
                                   limit=definitions.TEXT_LIMIT)
            for field in TEXTS
        },
    )  # fmt: skip
    session.add(activity)
    session.flush()
    siblings.insert(position - 1, activity)
    _renumber(siblings)
    session.flush()
    _audit(session, viewer, activity, AuditAction.CREATE, None, audit.snapshot(activity, AUDITED))
    definitions.record_version(session, viewer, process, f"Added the activity {name!r}")
    return activity


def _activity_for_change(
    session: Session, viewer: Viewer, activity_id: int | None, path: str
) -> tuple[ProcessActivity, Process]:
    found = (
        session.scalar(select(ProcessActivity.process_id).where(ProcessActivity.id == activity_id))
        if activity_id is not None
        else None
    )
    if found is None:
        raise RuleViolation(NOT_FOUND, "no activity has this id", path)
    process = definitions.process_for_change(session, viewer, found, path)
    activity = session.scalar(
        select(ProcessActivity).where(ProcessActivity.id == activity_id).with_for_update()
    )
    if activity is None:  # removed while the process was being locked
        raise RuleViolation(NOT_FOUND, "no activity has this id", path)
    return activity, process


def update(
    session: Session,
    viewer: Viewer,
    activity_id: int | None,
    fields: ActivityFields,
    expected_version: int | None = None,
) -> ProcessActivity:
    activity, process = _activity_for_change(session, viewer, activity_id, "input.id")
    definitions.check_version("activity", expected_version, activity.version)
    before = audit.snapshot(activity, AUDITED)
    if fields.name is not None:
        activity.name = _name(session, process, fields.name, activity.id)
    for field in TEXTS:
        value = getattr(fields, field)
        if value is not None:
            setattr(activity, field, validation.text(f"input.{field}", value,
                                                     limit=definitions.TEXT_LIMIT))  # fmt: skip
    if fields.position is not None:
        siblings = _siblings(session, process.id)
        position = _position(fields.position, len(siblings))
        siblings.remove(activity)
        siblings.insert(position - 1, activity)
        _renumber(siblings)
    after = audit.snapshot(activity, AUDITED)
    changed = [name for name in AUDITED if before[name] != after[name]]
    if changed:
        session.flush()
        _audit(session, viewer, activity, AuditAction.UPDATE,
               {n: before[n] for n in changed}, {n: after[n] for n in changed})  # fmt: skip
        what = "moved" if changed == ["position"] else "changed"
        definitions.record_version(
            session, viewer, process, f"{what.capitalize()} the activity {activity.name!r}"
        )
    return activity


def remove(
    session: Session, viewer: Viewer, activity_id: int | None, expected_version: int | None = None
) -> Process:
    activity, process = _activity_for_change(session, viewer, activity_id, "input.id")
    definitions.check_version("activity", expected_version, activity.version)
    name = activity.name
    _audit(session, viewer, activity, AuditAction.DELETE, audit.snapshot(activity, AUDITED), None)
    session.delete(activity)
    session.flush()
    _renumber(_siblings(session, process.id))
    definitions.record_version(session, viewer, process, f"Removed the activity {name!r}")
    return process


def set_raci(
    session: Session,
    viewer: Viewer,
    activity_id: int | None,
    entries: list[RaciEntry],
    expected_version: int | None = None,
) -> ProcessActivity:
    """Replace the activity's RACI: each role given once, with its part; roles left out have
    none. The process owner stays accountable and takes no other part."""
    activity, process = _activity_for_change(session, viewer, activity_id, "input.activityId")
    definitions.check_version("activity", expected_version, activity.version)
    wanted = {entry.role_id for entry in entries} - {None}
    roles = {
        row.id: row
        for row in session.execute(select(Role.id, Role.slug, Role.name).where(Role.id.in_(wanted)))
    }
    seen: set[int] = set()
    for index, entry in enumerate(entries):
        path = f"input.entries.{index}.roleId"
        role = roles.get(entry.role_id) if entry.role_id is not None else None
        if role is None:
            raise RuleViolation(NOT_FOUND, "no role has this id", path)
        if role.slug == PROCESS_OWNER:
            raise RuleViolation(
                INVALID,
                "the process owner is accountable for every activity; give the other roles "
                "their parts",
                path,
            )
        if role.id in seen:
            raise RuleViolation(DUPLICATE, f"{role.name} is given twice", path)
        if Responsibility(entry.responsibility) is Responsibility.ACCOUNTABLE:
            raise RuleViolation(
                INVALID,
                "only the process owner is accountable; choose responsible, consulted or informed",
                f"input.entries.{index}.responsibility",
            )
        seen.add(role.id)
    before = {
        name: str(part)
        for name, part in session.execute(
            select(Role.name, ActivityResponsibility.responsibility)
            .join(Role, Role.id == ActivityResponsibility.role_id)
            .where(ActivityResponsibility.activity_id == activity.id)
        )
    }
    after = {roles[entry.role_id].name: str(entry.responsibility) for entry in entries
             if entry.role_id is not None}  # fmt: skip
    if before == after:
        return activity
    session.execute(
        delete(ActivityResponsibility).where(ActivityResponsibility.activity_id == activity.id)
    )
    session.add_all(
        ActivityResponsibility(
            activity_id=activity.id, role_id=entry.role_id, responsibility=entry.responsibility
        )
        for entry in entries
    )
    activity.updated_at = datetime.now(UTC)  # a new version: the RACI is part of the activity
    session.flush()
    _audit(session, viewer, activity, AuditAction.UPDATE, {"raci": before}, {"raci": after})
    definitions.record_version(
        session, viewer, process, f"Changed who does what in the activity {activity.name!r}"
    )
    return activity
