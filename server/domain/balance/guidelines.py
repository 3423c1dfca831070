"""The guidelines the organisation agreed for resolving each tension (the seed asks for them):
a statement, an owner who keeps it, and the day it is next reviewed. Who: administrators, the
steering committee and the service strategy manager; an owner changes their own
(`permissions.may_keep_guidelines`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.core import audit, validation
from server.domain.core.errors import CONFLICT, FORBIDDEN, INVALID, NOT_FOUND, RuleViolation
from server.domain.core.permissions import may_keep_guidelines
from server.domain.core.viewer import Viewer
from server.models import BalanceGuideline, Person
from server.models.enums import AuditAction, Tension

FURTHEST = timedelta(days=366 * 3)
AUDITED = ["tension", "statement", "owner_id", "review_on"]


@dataclass
class GuidelineFields:
    tension: Tension | None = None
    statement: str | None = None
    owner_id: int | None = None
    owner_given: bool = False
    review_on: date | None = None


def _owner(session: Session, owner_id: int | None) -> int | None:
    if owner_id is None:
        return None
    if session.get(Person, owner_id) is None:
        raise RuleViolation(NOT_FOUND, "no person has this id", "input.ownerId")
    return owner_id


def _review_on(value: date | None) -> date:
    if value is None:
        raise RuleViolation(INVALID, "give the day it is next reviewed", "input.reviewOn")
    now = datetime.now(UTC).date()
    if not now - FURTHEST <= value <= now + FURTHEST:
        raise RuleViolation(INVALID, "must be within three years of today", "input.reviewOn")
    return value


def _audit(
    session: Session, viewer: Viewer, guideline: BalanceGuideline, action: AuditAction,
    before: dict[str, Any] | None, after: dict[str, Any] | None,
) -> None:  # fmt: skip
    audit.record(
        session, actor_id=viewer.person_id, actor_name=viewer.name,
        entity_type="BalanceGuideline", entity_id=guideline.id,
        entity_label=guideline.statement[:80], action=action, before=before, after=after,
    )  # fmt: skip


def create(session: Session, viewer: Viewer, fields: GuidelineFields) -> BalanceGuideline:
    if not may_keep_guidelines(viewer):
        raise RuleViolation(
            FORBIDDEN,
            "Only the steering committee, the service strategy manager and administrators agree "
            "guidelines.",
        )
    if fields.tension is None:
        raise RuleViolation(INVALID, "choose the tension it resolves", "input.tension")
    guideline = BalanceGuideline(
        tension=Tension(fields.tension),
        statement=validation.text("input.statement", fields.statement, limit=2000, required=True),
        owner_id=_owner(session, fields.owner_id) if fields.owner_given else viewer.person_id,
        review_on=_review_on(fields.review_on),
    )
    session.add(guideline)
    session.flush()
    _audit(session, viewer, guideline, AuditAction.CREATE, None,
           audit.snapshot(guideline, AUDITED))  # fmt: skip
    return guideline


def update(
    session: Session,
    viewer: Viewer,
    guideline_id: int | None,
    fields: GuidelineFields,
    expected_version: int | None = None,
) -> BalanceGuideline:
    guideline = (
        session.scalar(
            select(BalanceGuideline).where(BalanceGuideline.id == guideline_id).with_for_update()
        )
        if guideline_id is not None
        else None
    )
    if guideline is None:
        raise RuleViolation(NOT_FOUND, "no guideline has this id", "input.id")
    if not may_keep_guidelines(viewer, guideline.owner_id):
        raise RuleViolation(
            FORBIDDEN,
            "Only its owner, the steering committee, the service strategy manager and "
            "administrators change a guideline.",
        )
    if expected_version is not None and expected_version != guideline.version:
        raise RuleViolation(
            CONFLICT,
            f"The guideline was changed after you loaded it (you had version {expected_version},"
            f" it is now version {guideline.version}). Reload it and try again.",
            "input.expectedVersion",
        )
    before = audit.snapshot(guideline, AUDITED)
    if fields.tension is not None:
        guideline.tension = Tension(fields.tension)
    if fields.statement is not None:
        guideline.statement = validation.text(
            "input.statement", fields.statement, limit=2000, required=True
        )
    if fields.owner_given:
        if not may_keep_guidelines(viewer):
            raise RuleViolation(
                FORBIDDEN, "Only the steering committee, the service strategy manager and "
                "administrators hand a guideline to someone else.", "input.ownerId",
            )  # fmt: skip
        guideline.owner_id = _owner(session, fields.owner_id)
    if fields.review_on is not None:
        guideline.review_on = _review_on(fields.review_on)
    after = audit.snapshot(guideline, AUDITED)
    if after != before:
        guideline.updated_at = datetime.now(UTC)
        session.flush()
        changed = [name for name in AUDITED if before[name] != after[name]]
        _audit(session, viewer, guideline, AuditAction.UPDATE,
               {n: before[n] for n in changed}, {n: after[n] for n in changed})  # fmt: skip
    return guideline
