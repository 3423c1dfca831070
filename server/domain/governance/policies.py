"""The policies that govern a process ("All incidents must be logged"): a title, the statement,
why, the day it takes effect and the day it is next reviewed; retired when no longer wanted,
never deleted, so the definition as it stood on a past day still shows it.

A process's policies are its process owner's (`definitions.process_for_change`); every change is
a new version of the definition. Reviews due come to the owner in My work
(server/domain/work/my_work.py); the process's manager and practitioners see recent changes
there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.domain.core import audit, validation
from server.domain.core.errors import DUPLICATE, INVALID, NOT_FOUND, RuleViolation
from server.domain.core.viewer import Viewer
from server.domain.governance import definitions
from server.models import Process, ProcessPolicy
from server.models.enums import AuditAction

AUDITED = ["title", "statement", "rationale", "effective_on", "review_on", "retired_on"]
REVIEW_NOTICE = timedelta(days=14)  # a review shows as due this long before its day
FURTHEST = timedelta(days=366 * 3)
EARLIEST = timedelta(days=366 * 20)


@dataclass
class PolicyFields:
    title: str | None = None
    statement: str | None = None
    rationale: str | None = None
    effective_on: date | None = None
    review_on: date | None = None
    retired: bool | None = None


def review_due(review_on: date, retired_on: date | None, today: date) -> bool:
    """A policy in use whose review day is within two weeks or past."""
    return retired_on is None and review_on <= today + REVIEW_NOTICE


def _audit(
    session: Session, viewer: Viewer, policy: ProcessPolicy, action: AuditAction,
    before: dict[str, Any] | None, after: dict[str, Any] | None,
) -> None:  # fmt: skip
    audit.record(
        session, actor_id=viewer.person_id, actor_name=viewer.name,
        entity_type="ProcessPolicy", entity_id=policy.id, entity_label=policy.title,
        action=action, before=before, after=after,
    )  # fmt: skip


def _title(session: Session, process: Process, value: str | None, own_id: int | None) -> str:
    title = validation.text("input.title", value, limit=200, required=True)
    taken = session.scalar(
        select(ProcessPolicy.id).where(
            ProcessPolicy.process_id == process.id,
            func.lower(ProcessPolicy.title) == title.lower(),
        )
    )
    if taken is not None and taken != own_id:
        raise RuleViolation(DUPLICATE, f"{process.name} already has a policy {title!r}",
                            "input.title")  # fmt: skip
    return title


def _dates(effective_on: date, review_on: date, *, effective_given: bool = True) -> None:
    """The days' rules; the day it took effect is checked only when it is being set (a policy
    in force for decades is still confirmed at its review)."""
    today = datetime.now(UTC).date()
    if effective_given and not today - EARLIEST <= effective_on <= today + FURTHEST:
        raise RuleViolation(
            INVALID, "must be within twenty years before and three years after today",
            "input.effectiveOn",
        )  # fmt: skip
    if review_on < effective_on:
        raise RuleViolation(INVALID, "must not be before the day it takes effect",
                            "input.reviewOn")  # fmt: skip
    if review_on > today + FURTHEST:
        raise RuleViolation(INVALID, "must be within three years of today", "input.reviewOn")


def create(session: Session, viewer: Viewer, process_id: int | None, fields: PolicyFields
           ) -> ProcessPolicy:  # fmt: skip
    process = definitions.process_for_change(session, viewer, process_id, "input.processId")
    title = _title(session, process, fields.title, None)
    statement = validation.text("input.statement", fields.statement, limit=5000, required=True)
    rationale = validation.text("input.rationale", fields.rationale, limit=5000)
    if fields.effective_on is None:
        raise RuleViolation(INVALID, "give the day it takes effect", "input.effectiveOn")
    if fields.review_on is None:
        raise RuleViolation(INVALID, "give the day it is next reviewed", "input.reviewOn")
    _dates(fields.effective_on, fields.review_on)
    policy = ProcessPolicy(
        process_id=process.id, title=title, statement=statement, rationale=rationale,
        effective_on=fields.effective_on, review_on=fields.review_on,
    )  # fmt: skip
    session.add(policy)
    session.flush()
    _audit(session, viewer, policy, AuditAction.CREATE, None, audit.snapshot(policy, AUDITED))
    definitions.record_version(session, viewer, process, f"Adopted the policy {title!r}")
    return policy


def update(
    session: Session,
    viewer: Viewer,
    policy_id: int | None,
    fields: PolicyFields,
    expected_version: int | None = None,
) -> ProcessPolicy:
    """Change a policy, confirm it at its review (a later review day), retire it or bring it
    back."""
    found = (
        session.scalar(select(ProcessPolicy.process_id).where(ProcessPolicy.id == policy_id))
        if policy_id is not None
        else None
    )
    if found is None:
        raise RuleViolation(NOT_FOUND, "no policy has this id", "input.id")
    process = definitions.process_for_change(session, viewer, found, "input.id")
    policy = session.scalar(
        select(ProcessPolicy).where(ProcessPolicy.id == policy_id).with_for_update()
    )
    if policy is None:
        raise RuleViolation(NOT_FOUND, "no policy has this id", "input.id")
    definitions.check_version("policy", expected_version, policy.version)
    before = audit.snapshot(policy, AUDITED)
    if fields.title is not None:
        policy.title = _title(session, process, fields.title, policy.id)
    if fields.statement is not None:
        policy.statement = validation.text(
            "input.statement", fields.statement, limit=5000, required=True
        )
    if fields.rationale is not None:
        policy.rationale = validation.text("input.rationale", fields.rationale, limit=5000)
    if fields.effective_on is not None or fields.review_on is not None:
        effective_on = fields.effective_on or policy.effective_on
        review_on = fields.review_on or policy.review_on
        _dates(effective_on, review_on, effective_given=fields.effective_on is not None)
        policy.effective_on, policy.review_on = effective_on, review_on
    if fields.retired is not None and fields.retired != (policy.retired_on is not None):
        today = datetime.now(UTC).date()
        if fields.retired and policy.effective_on > today:
            raise RuleViolation(
                INVALID,
                f"it takes effect only on {policy.effective_on.isoformat()}: move that day, or "
                "retire it once it is in force",
                "input.retired",
            )
        policy.retired_on = today if fields.retired else None
    after = audit.snapshot(policy, AUDITED)
    changed = [name for name in AUDITED if before[name] != after[name]]
    if changed:
        session.flush()
        _audit(session, viewer, policy, AuditAction.UPDATE,
               {n: before[n] for n in changed}, {n: after[n] for n in changed})  # fmt: skip
        if "retired_on" in changed:
            what = "Retired" if policy.retired_on else "Brought back"
        elif changed == ["review_on"]:
            what = "Reviewed"
        else:
            what = "Changed"
        definitions.record_version(session, viewer, process, f"{what} the policy {policy.title!r}")
    return policy
