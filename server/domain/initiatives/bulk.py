"""Changing many initiatives at once (a plan's table): a new owner, priority, tags added or
removed, the Four Dimensions, or one step of the lifecycle with its reason.

Each row goes through the same domain function as a single change (`edits.update`,
`transitions.fire`), with the version the page showed, in a savepoint of its own: a row that is
refused (stale: CONFLICT; not allowed; not drawn from its state) changes nothing and says why,
and the others are made. Every change made writes its own audit entry."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.domain.core import validation
from server.domain.core.errors import INVALID, RuleViolation
from server.domain.core.viewer import Viewer
from server.domain.initiatives import edits, transitions
from server.domain.initiatives.lifecycle import Transition
from server.models import InitiativeTag
from server.models.enums import FourDimension, Priority

MAX_ROWS = 500
# Steps that need nothing but a reason; budgets and completion are taken one at a time.
BULK_STEPS = {
    Transition.APPROVE, Transition.REJECT, Transition.START, Transition.HOLD, Transition.RESUME,
    Transition.CANCEL,
}  # fmt: skip


@dataclass
class BulkChange:
    owner_id: int | None = None
    priority: Priority | None = None
    add_tags: list[str] = field(default_factory=list)
    remove_tags: list[str] = field(default_factory=list)
    dimensions: list[FourDimension] | None = None
    transition: Transition | None = None
    reason: str | None = None

    @property
    def edits_fields(self) -> bool:
        return any((self.owner_id is not None, self.priority is not None, self.add_tags,
                    self.remove_tags, self.dimensions is not None))  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    """What became of one row: changed, or refused and why."""

    initiative_id: int | None
    changed: bool
    problem: RuleViolation | None = None


def _check(items: list[tuple[int | None, int]], change: BulkChange) -> None:
    if not items:
        raise RuleViolation(INVALID, "choose at least one initiative", "input.items")
    if len(items) > MAX_ROWS:
        raise RuleViolation(
            INVALID, f"at most {MAX_ROWS} initiatives per change (got {len(items):,})",
            "input.items",
        )  # fmt: skip
    if change.transition is not None and change.edits_fields:
        raise RuleViolation(INVALID, "either change fields or take a step, not both",
                            "input.transition")  # fmt: skip
    if change.transition is None and not change.edits_fields:
        raise RuleViolation(INVALID, "choose what to change", "input")
    if change.transition is not None and change.transition not in BULK_STEPS:
        raise RuleViolation(
            INVALID, "asking for a budget, funding and completing are done one initiative at a "
            "time", "input.transition",
        )  # fmt: skip
    for index, tag in enumerate([*change.add_tags, *change.remove_tags]):
        validation.text(f"input.tags.{index}", tag, limit=60, required=True)


def _tags(session: Session, initiative_id: int, change: BulkChange) -> list[str] | None:
    if not change.add_tags and not change.remove_tags:
        return None
    current = list(session.scalars(
        select(InitiativeTag.tag).where(InitiativeTag.initiative_id == initiative_id)
        .order_by(InitiativeTag.tag)
    ))  # fmt: skip
    removed = {tag.strip().lower() for tag in change.remove_tags}
    kept = [tag for tag in current if tag.lower() not in removed]
    for tag in change.add_tags:
        if tag.strip().lower() not in {t.lower() for t in kept}:
            kept.append(tag.strip())
    return kept


def apply(
    session: Session, viewer: Viewer, items: list[tuple[int | None, int]], change: BulkChange
) -> list[Outcome]:
    """Each row (its id, and the version the viewer saw) changed, or refused with the reason."""
    _check(items, change)
    outcomes: list[Outcome] = []
    for initiative_id, version in items:
        if initiative_id is None:
            problem = RuleViolation("NOT_FOUND", "no initiative has this id", "input.items")
            outcomes.append(Outcome(None, False, problem))
            continue
        savepoint = session.begin_nested()
        try:
            if change.transition is not None:
                transitions.fire(session, viewer, initiative_id, version, change.transition,
                                 reason=change.reason)  # fmt: skip
            else:
                fields = edits.InitiativeFields(
                    owner_id=change.owner_id, priority=change.priority,
                    dimensions=change.dimensions, tags=_tags(session, initiative_id, change),
                )  # fmt: skip
                edits.update(session, viewer, initiative_id, version, fields)
            savepoint.commit()
            outcomes.append(Outcome(initiative_id, True))
        except RuleViolation as problem:
            savepoint.rollback()
            outcomes.append(Outcome(initiative_id, False, problem))
    if not any(outcome.changed for outcome in outcomes):
        first = next(o.problem for o in outcomes if o.problem is not None)
        raise RuleViolation(first.code, f"nothing was changed: {first.message}", first.field)
    return outcomes
