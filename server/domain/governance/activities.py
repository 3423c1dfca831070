"""A process's activities (what to do, in order, with inputs, outputs, hand-offs and the
procedure that says how) and each one's RACI over the roles.

The process owner is accountable for every activity and is never given another part; every
other role may be responsible, consulted or informed. Each change is the owner's
(`definitions.process_for_change`) and becomes a new version of the definition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, delete, func, select
from sqlalchemy import update as update_rows
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


def _count(session: Session, process_id: int) -> int:
    return session.scalar(select(func.count()).where(ProcessActivity.process_id == process_id)) or 0


def _shift(session: Session, process_id: int, low: int, high: int | None, by: int) -> None:
    """Move the activities at places `low` to `high` (None: to the end) by `by` places. A plain
    UPDATE of the places: the other activities are not changed, so their versions stay (an
    `expectedVersion` someone holds for them still holds)."""
    table = cast(Table, ProcessActivity.__table__)
    condition = (table.c.process_id == process_id) & (table.c.position >= low)
    if high is not None:
        condition &= table.c.position <= high
    session.execute(update_rows(table).where(condition).values(position=table.c.position + by))


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


def add(session: Session, viewer: Viewer, process_id: int | None, fields: ActivityFields
        ) -> ProcessActivity:  # fmt: skip
    process = definitions.process_for_change(session, viewer, process_id, "input.processId")
    count = _count(session, process.id)
    if count >= MAX_ACTIVITIES:
        raise RuleViolation(INVALID, f"a process has at most {MAX_ACTIVITIES} activities",
                            "input.processId")  # fmt: skip
    name = _name(session, process, fields.name, None)
    position = _position(fields.position, count + 1)
    texts = {
        field: validation.text(f"input.{field}", getattr(fields, field),
                               limit=definitions.TEXT_LIMIT)
        for field in TEXTS
    }  # fmt: skip
    _shift(session, process.id, position, None, +1)
    activity = ProcessActivity(
        process_id=process.id,
        position=position,
        name=name,
        **texts,
    )
    session.add(activity)
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
    # Every check first, then the places (a plain UPDATE of the others), then this activity's
    # fields in one flush: one change, one new version.
    name = _name(session, process, fields.name, activity.id) if fields.name is not None else None
    texts = {
        field: validation.text(f"input.{field}", getattr(fields, field),
                               limit=definitions.TEXT_LIMIT)
        for field in TEXTS
        if getattr(fields, field) is not None
    }  # fmt: skip
    old = activity.position
    new = (
        old if fields.position is None else _position(fields.position, _count(session, process.id))
    )
    if new < old:
        _shift(session, process.id, new, old - 1, +1)
    elif new > old:
        _shift(session, process.id, old + 1, new, -1)
    activity.position = new
    if name is not None:
        activity.name = name
    for field, value in texts.items():
        setattr(activity, field, value)
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
    name, position = activity.name, activity.position
    _audit(session, viewer, activity, AuditAction.DELETE, audit.snapshot(activity, AUDITED), None)
    session.delete(activity)
    session.flush()
    _shift(session, process.id, position + 1, None, -1)
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
