"""A process's definition and its versions.

Only the process owner (and administrators) change a definition
(`permissions.may_define_process`). Every change to the purpose, the scope, an activity, a RACI
or a policy ends with `record_version`, which writes the whole definition as it now stands as
the process's next version: `as_of` reads back the one in force on a day."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.core import audit, validation
from server.domain.core.errors import CONFLICT, FORBIDDEN, NOT_FOUND, RuleViolation
from server.domain.core.permissions import may_define_process
from server.domain.core.roles import PROCESS_OWNER
from server.domain.core.viewer import Viewer
from server.models import (
    ActivityResponsibility,
    Process,
    ProcessActivity,
    ProcessDefinitionVersion,
    ProcessPolicy,
    Role,
)
from server.models.enums import AuditAction, Responsibility

TEXT_LIMIT = 10_000


def process_for_change(
    session: Session, viewer: Viewer, process_id: int | None, path: str
) -> Process:
    """The process, locked until the change commits (its versions are numbered one by one),
    if the viewer may change its definition."""
    process = (
        session.scalar(select(Process).where(Process.id == process_id).with_for_update())
        if process_id is not None
        else None
    )
    if process is None:
        raise RuleViolation(NOT_FOUND, "no process has this id", path)
    if not may_define_process(viewer, process.id):
        raise RuleViolation(
            FORBIDDEN,
            f"Only the process owner of {process.name} (and administrators) change its "
            "definition, activities, RACI and policies.",
        )
    return process


def check_version(kind: str, expected: int | None, actual: int) -> None:
    if expected is not None and expected != actual:
        raise RuleViolation(
            CONFLICT,
            f"The {kind} was changed after you loaded it (you had version {expected}, it is now "
            f"version {actual}). Reload it and try again.",
            "input.expectedVersion",
        )


def update(
    session: Session,
    viewer: Viewer,
    process_id: int | None,
    *,
    purpose: str | None,
    scope: str | None,
    expected_version: int | None = None,
) -> Process:
    """Change why the process exists and what it covers."""
    process = process_for_change(session, viewer, process_id, "input.processId")
    check_version("definition", expected_version, process.definition_version)
    before = audit.snapshot(process, ["purpose", "scope"])
    if purpose is not None:
        process.purpose = validation.text("input.purpose", purpose, limit=TEXT_LIMIT)
    if scope is not None:
        process.scope = validation.text("input.scope", scope, limit=TEXT_LIMIT)
    after = audit.snapshot(process, ["purpose", "scope"])
    changed = [name for name in after if before[name] != after[name]]
    if changed:
        session.flush()
        audit.record(
            session, actor_id=viewer.person_id, actor_name=viewer.name,
            entity_type="Process", entity_id=process.id, entity_label=process.name,
            action=AuditAction.UPDATE,
            before={n: before[n] for n in changed}, after={n: after[n] for n in changed},
        )  # fmt: skip
        record_version(session, viewer, process, f"Changed the {' and '.join(changed)}")
    return process


# -- versions ---------------------------------------------------------------------------------


def raci_of(session: Session, activity_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each activity's RACI as plain values (what a version keeps, and what the API shows):
    the process owner (accountable) first, then each role given a part, by name."""
    if not activity_ids:
        return {}
    owner = session.execute(
        select(Role.id, Role.name).where(Role.slug == PROCESS_OWNER)
    ).one_or_none()
    accountable = (
        [{"roleId": owner.id, "role": PROCESS_OWNER, "roleName": owner.name,
          "part": str(Responsibility.ACCOUNTABLE)}]
        if owner is not None
        else []
    )  # fmt: skip
    cells = {pk: list(accountable) for pk in activity_ids}
    for activity_id, role_id, slug, name, part in session.execute(
        select(
            ActivityResponsibility.activity_id, Role.id, Role.slug, Role.name,
            ActivityResponsibility.responsibility,
        )
        .join(Role, Role.id == ActivityResponsibility.role_id)
        .where(ActivityResponsibility.activity_id.in_(activity_ids))
        .order_by(Role.name)
    ):  # fmt: skip
        cells[activity_id].append(
            {"roleId": role_id, "role": slug, "roleName": name, "part": str(part)}
        )
    return cells


def current(session: Session, process: Process) -> dict[str, Any]:
    """The whole definition as it stands now, as plain values (what a version keeps)."""
    activities = list(
        session.scalars(
            select(ProcessActivity)
            .where(ProcessActivity.process_id == process.id)
            .order_by(ProcessActivity.position, ProcessActivity.id)
        )
    )
    cells = raci_of(session, [activity.id for activity in activities])
    policies = session.scalars(
        select(ProcessPolicy)
        .where(ProcessPolicy.process_id == process.id)
        .order_by(ProcessPolicy.effective_on, ProcessPolicy.id)
    )
    return {
        "purpose": process.purpose,
        "scope": process.scope,
        "activities": [
            {
                "id": activity.id, "position": activity.position, "name": activity.name,
                "inputs": activity.inputs, "outputs": activity.outputs,
                "handoffs": activity.handoffs, "procedure": activity.procedure,
                "raci": cells[activity.id],
            }
            for activity in activities
        ],
        "policies": [
            {
                "id": policy.id, "title": policy.title, "statement": policy.statement,
                "rationale": policy.rationale, "effectiveOn": policy.effective_on.isoformat(),
                "reviewOn": policy.review_on.isoformat(),
                "retiredOn": policy.retired_on.isoformat() if policy.retired_on else None,
            }
            for policy in policies
        ],
    }  # fmt: skip


def record_version(
    session: Session, viewer: Viewer, process: Process, change: str
) -> ProcessDefinitionVersion:
    """Keep the definition as it now stands as the process's next version."""
    session.flush()
    process.definition_version += 1
    version = ProcessDefinitionVersion(
        process_id=process.id,
        number=process.definition_version,
        recorded_at=datetime.now(UTC),
        recorded_by_id=viewer.person_id,
        recorded_by_name=viewer.name,
        change=change[:300],
        definition=current(session, process),
    )
    session.add(version)
    session.flush()
    return version
