"""Strategic initiatives executed through children in subordinate plans."""

from __future__ import annotations

from sqlalchemy.orm import Session

from server.domain.core.errors import INVALID, RuleViolation
from server.domain.core.permissions import Action
from server.domain.core.viewer import Viewer
from server.domain.initiatives.edits import audit_change, check_version, load_initiative, require
from server.models import Initiative
from server.models.enums import AuditAction, InitiativeStatus, PlanKind

# What a strategic initiative's page offers to link as its children: work in the subordinate
# plans that is still alive (neither rejected nor cancelled) and executes no initiative yet.
CANDIDATE_PLAN_KINDS = frozenset(PlanKind) - {PlanKind.STRATEGIC}
CANDIDATE_STATUSES = frozenset(InitiativeStatus) - {
    InitiativeStatus.REJECTED,
    InitiativeStatus.CANCELLED,
}


def link_child(
    session: Session, viewer: Viewer, parent_id: int, child_id: int, expected_version: int | None
) -> Initiative:
    parent, parent_plan = load_initiative(session, viewer, parent_id, "input.parentId")
    child, child_plan = load_initiative(session, viewer, child_id, "input.childId")
    require(viewer, Action.LINK_CHILDREN, parent_plan, doing="link initiatives to this one")
    check_version(session, child, expected_version)
    if PlanKind(parent_plan.kind) is not PlanKind.STRATEGIC:
        raise RuleViolation(
            INVALID,
            "only initiatives in the strategic plan are executed through children",
            "input.parentId",
        )
    if PlanKind(child_plan.kind) is PlanKind.STRATEGIC:
        raise RuleViolation(
            INVALID,
            "a child must live in a subordinate plan, not the strategic plan",
            "input.childId",
        )
    if child.parent_id is not None and child.parent_id != parent.id:
        raise RuleViolation(
            INVALID, "already executes another initiative; unlink it first", "input.childId"
        )
    ancestor: Initiative | None = parent
    seen: set[int] = set()
    while ancestor is not None and ancestor.id not in seen:
        if ancestor.id == child.id:
            raise RuleViolation(INVALID, "linking would make a cycle", "input.childId")
        seen.add(ancestor.id)
        ancestor = session.get(Initiative, ancestor.parent_id) if ancestor.parent_id else None
    if child.parent_id == parent.id:
        return child
    child.parent_id = parent.id
    session.flush()
    audit_change(
        session,
        viewer,
        child,
        child_plan,
        AuditAction.UPDATE,
        {"parent_id": None},
        {"parent_id": parent.id, "parent": parent.title},
    )
    return child


def unlink_child(
    session: Session, viewer: Viewer, child_id: int, expected_version: int | None
) -> Initiative:
    child, child_plan = load_initiative(session, viewer, child_id, "input.childId")
    if child.parent_id is None:
        raise RuleViolation(INVALID, "is not linked to a parent", "input.childId")
    parent, parent_plan = load_initiative(session, viewer, child.parent_id, "input.childId")
    require(viewer, Action.LINK_CHILDREN, parent_plan, doing="unlink initiatives from this one")
    check_version(session, child, expected_version)
    child.parent_id = None
    session.flush()
    audit_change(
        session,
        viewer,
        child,
        child_plan,
        AuditAction.UPDATE,
        {"parent_id": parent.id, "parent": parent.title},
        {"parent_id": None},
    )
    return child
