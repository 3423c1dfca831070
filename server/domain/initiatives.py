"""Changing initiatives: propose, edit, fire lifecycle transitions, budgets, status updates,
children. Each function takes the session, the viewer and plain values, checks every rule,
records the event and the audit entry, and never commits (the request boundary does)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.domain import audit, lifecycle, validation
from server.domain.errors import (
    CONFLICT,
    FORBIDDEN,
    INVALID,
    INVALID_TRANSITION,
    NOT_FOUND,
    RuleViolation,
)
from server.domain.lifecycle import Transition
from server.domain.permissions import Action, can
from server.domain.viewer import Viewer
from server.models import (
    AuditEntry,
    BudgetRequest,
    Initiative,
    InitiativeDimension,
    InitiativeEvent,
    InitiativeObjective,
    InitiativeTag,
    Objective,
    Person,
    Plan,
    StatusUpdate,
)
from server.models.enums import (
    AuditAction,
    BudgetRequestStatus,
    ExecutionMode,
    FourDimension,
    Health,
    InitiativeStatus,
    Outcome,
    PlanKind,
    Priority,
    ValueChainActivity,
)

S = InitiativeStatus
CLOSED = frozenset({S.COMPLETED, S.REJECTED, S.CANCELLED})
# What may still change in each state: what was approved stays as approved, what has started
# keeps its start, and a closed initiative is history.
EDITABLE: dict[S, frozenset[str]] = {
    S.PROPOSED: frozenset(
        {
            "title",
            "description",
            "rationale",
            "owner_id",
            "priority",
            "execution_mode",
            "value_chain_activity",
            "planned_start",
            "planned_end",
            "currency",
            "budget_requested",
            "dimensions",
            "tags",
            "objective_ids",
        }
    ),
    S.APPROVED: frozenset(
        {
            "description",
            "owner_id",
            "priority",
            "execution_mode",
            "value_chain_activity",
            "planned_start",
            "planned_end",
            "currency",
            "budget_requested",
            "dimensions",
            "tags",
            "objective_ids",
        }
    ),
    S.BUDGET_REQUESTED: frozenset(
        {
            "description",
            "owner_id",
            "priority",
            "execution_mode",
            "value_chain_activity",
            "planned_start",
            "planned_end",
            "dimensions",
            "tags",
            "objective_ids",
        }
    ),
    S.FUNDED: frozenset(
        {
            "description",
            "owner_id",
            "priority",
            "execution_mode",
            "value_chain_activity",
            "planned_start",
            "planned_end",
            "dimensions",
            "tags",
            "objective_ids",
        }
    ),
    S.IN_PROGRESS: frozenset(
        {
            "description",
            "owner_id",
            "priority",
            "execution_mode",
            "value_chain_activity",
            "planned_end",
            "dimensions",
            "tags",
            "objective_ids",
        }
    ),
    S.ON_HOLD: frozenset(
        {
            "description",
            "owner_id",
            "priority",
            "execution_mode",
            "value_chain_activity",
            "planned_end",
            "dimensions",
            "tags",
            "objective_ids",
        }
    ),
}
AUDITED = [
    "title",
    "description",
    "rationale",
    "status",
    "owner_id",
    "priority",
    "execution_mode",
    "value_chain_activity",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "currency",
    "budget_requested",
    "budget_approved",
    "outcome",
    "outcome_note",
    "parent_id",
]
COLLECTIONS = frozenset({"dimensions", "tags", "objective_ids"})
FIELD_NAMES = {"owner_id": "ownerId", "objective_ids": "objectiveIds"}


def _camel(name: str) -> str:
    if name in FIELD_NAMES:
        return FIELD_NAMES[name]
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _today() -> date:
    return datetime.now(UTC).date()


# -- loading, with visibility and versions ----------------------------------------------------


def load_plan(session: Session, viewer: Viewer, plan_id: int, field: str) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None or not can(viewer, Action.READ, plan):
        raise RuleViolation(NOT_FOUND, "no plan has this id", field)
    return plan


def load_initiative(
    session: Session, viewer: Viewer, initiative_id: int, field: str = "input.id", lock=False
) -> tuple[Initiative, Plan]:
    statement = select(Initiative).where(Initiative.id == initiative_id)
    if lock:
        statement = statement.with_for_update()
    initiative = session.scalar(statement)
    if initiative is None:
        raise RuleViolation(NOT_FOUND, "no initiative has this id", field)
    plan = session.get(Plan, initiative.plan_id)
    if not can(viewer, Action.READ, plan):
        raise RuleViolation(NOT_FOUND, "no initiative has this id", field)
    return initiative, plan


def check_version(session: Session, initiative: Initiative, expected: int | None) -> None:
    """A stale edit is refused with who changed what since, and the current version."""
    if expected is None or expected == initiative.version:
        return
    last = session.scalar(
        select(AuditEntry)
        .where(AuditEntry.entity_type == "Initiative", AuditEntry.entity_id == initiative.id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(1)
    )
    since = ""
    if last is not None:
        changed = ", ".join(sorted((last.after or {}).keys())) or last.action.value
        since = f" {last.actor_name} changed {changed} at {last.at:%Y-%m-%d %H:%M} UTC."
    raise RuleViolation(
        CONFLICT,
        f"The initiative was changed after you loaded it (you had version {expected}, it is now "
        f"version {initiative.version}).{since} Reload it and try again.",
        "input.expectedVersion",
    )


def _require(viewer: Viewer, action: Action, plan: Plan, initiative=None, doing: str = "") -> None:
    if not can(viewer, action, plan, initiative):
        raise RuleViolation(FORBIDDEN, f"Your roles do not allow you to {doing}.")


def _audit(
    session: Session,
    viewer: Viewer,
    initiative: Initiative,
    plan: Plan,
    action,
    before: dict | None,
    after: dict | None,
) -> None:
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type="Initiative",
        entity_id=initiative.id,
        entity_label=initiative.title,
        action=action,
        before=before,
        after=after,
        plan_id=plan.id,
    )


def _event(session: Session, viewer: Viewer, initiative: Initiative, from_status, reason: str):
    session.add(
        InitiativeEvent(
            initiative_id=initiative.id,
            from_status=from_status,
            to_status=initiative.status,
            actor_id=viewer.person_id,
            reason=reason,
        )
    )


# -- propose and edit -----------------------------------------------------------------------


@dataclass
class InitiativeFields:
    """The editable fields; None means 'not given' on update (not 'clear')."""

    title: str | None = None
    description: str | None = None
    rationale: str | None = None
    owner_id: int | None = None
    priority: Priority | None = None
    execution_mode: ExecutionMode | None = None
    value_chain_activity: ValueChainActivity | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    currency: str | None = None
    budget_requested: Decimal | None = None
    dimensions: list[FourDimension] | None = None
    tags: list[str] | None = None
    objective_ids: list[int] | None = None

    def given(self) -> dict[str, Any]:
        return {name: value for name, value in vars(self).items() if value is not None}


def _clean(session: Session, fields: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise given fields; raise on the first problem, naming it."""
    clean = dict(fields)
    if "title" in clean:
        clean["title"] = validation.text("input.title", clean["title"], limit=200, required=True)
    for name in ("description", "rationale"):
        if name in clean:
            clean[name] = validation.text(f"input.{name}", clean[name], limit=10_000)
    if "currency" in clean:
        clean["currency"] = validation.currency("input.currency", clean["currency"])
    if "budget_requested" in clean:
        clean["budget_requested"] = validation.money(
            "input.budgetRequested", clean["budget_requested"]
        )
    if "tags" in clean:
        clean["tags"] = validation.tags("input.tags", clean["tags"])
    if "owner_id" in clean:
        owner = session.get(Person, clean["owner_id"])
        if owner is None or not owner.is_active:
            raise RuleViolation(NOT_FOUND, "no active person has this id", "input.ownerId")
    if "objective_ids" in clean:
        ids = list(dict.fromkeys(clean["objective_ids"]))
        found = set(session.scalars(select(Objective.id).where(Objective.id.in_(ids))))
        if missing := [i for i in ids if i not in found]:
            raise RuleViolation(
                NOT_FOUND, f"no objective has the id number {missing[0]}", "input.objectiveIds"
            )
        clean["objective_ids"] = ids
    return clean


def _apply(session: Session, initiative: Initiative, clean: dict[str, Any]) -> None:
    for name, value in clean.items():
        if name == "dimensions":
            session.execute(
                delete(InitiativeDimension).where(
                    InitiativeDimension.initiative_id == initiative.id
                )
            )
            for dimension in dict.fromkeys(value):
                session.add(InitiativeDimension(initiative_id=initiative.id, dimension=dimension))
        elif name == "tags":
            session.execute(
                delete(InitiativeTag).where(InitiativeTag.initiative_id == initiative.id)
            )
            for tag in value:
                session.add(InitiativeTag(initiative_id=initiative.id, tag=tag))
        elif name == "objective_ids":
            session.execute(
                delete(InitiativeObjective).where(
                    InitiativeObjective.initiative_id == initiative.id
                )
            )
            for objective_id in value:
                session.add(
                    InitiativeObjective(initiative_id=initiative.id, objective_id=objective_id)
                )
        else:
            setattr(initiative, name, value)
    validation.date_order(
        "plannedStart", initiative.planned_start, "input.plannedEnd", initiative.planned_end
    )


def propose(session: Session, viewer: Viewer, plan_id: int, fields: InitiativeFields) -> Initiative:
    plan = load_plan(session, viewer, plan_id, "input.planId")
    _require(viewer, Action.PROPOSE, plan, doing="propose initiatives in this plan")
    given = fields.given()
    given.setdefault("owner_id", viewer.person_id)
    if "title" not in given:
        raise RuleViolation(INVALID, "must not be empty", "input.title")
    clean = _clean(session, given)
    scalars = {name: value for name, value in clean.items() if name not in COLLECTIONS}
    initiative = Initiative(
        plan_id=plan.id, status=S.PROPOSED, created_by_id=viewer.person_id, **scalars
    )
    validation.date_order(
        "plannedStart", initiative.planned_start, "input.plannedEnd", initiative.planned_end
    )
    session.add(initiative)
    session.flush()
    _apply(session, initiative, {n: v for n, v in clean.items() if n in COLLECTIONS})
    session.flush()
    _event(session, viewer, initiative, None, "")
    _audit(
        session,
        viewer,
        initiative,
        plan,
        AuditAction.CREATE,
        None,
        audit.snapshot(initiative, AUDITED),
    )
    return initiative


def update(
    session: Session,
    viewer: Viewer,
    initiative_id: int,
    expected_version: int,
    fields: InitiativeFields,
) -> Initiative:
    initiative, plan = load_initiative(session, viewer, initiative_id)
    _require(viewer, Action.EDIT, plan, initiative, "edit this initiative")
    check_version(session, initiative, expected_version)
    given = fields.given()
    editable = EDITABLE.get(S(initiative.status), frozenset())
    for name in given:
        if name not in editable:
            state = lifecycle.LABELS[S(initiative.status)]
            raise RuleViolation(
                INVALID,
                f"cannot be changed while the initiative is {state}",
                f"input.{_camel(name)}",
            )
    clean = _clean(session, given)
    before = audit.snapshot(initiative, AUDITED)
    with session.no_autoflush:  # the row is written once below, so its version grows by one
        _apply(session, initiative, clean)
    after = audit.snapshot(initiative, AUDITED)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    extra = {
        name: _plain_list(clean[name])
        for name in ("dimensions", "tags", "objective_ids")
        if name in clean
    }
    if changed or extra:
        initiative.updated_at = datetime.now(UTC)  # one UPDATE, so one new version
        session.flush()
        _audit(
            session, viewer, initiative, plan, AuditAction.UPDATE,
            {k: before[k] for k in changed}, {**changed, **extra},
        )  # fmt: skip
    return initiative


def _plain_list(values) -> list:
    return [getattr(value, "value", value) for value in values]


# -- the lifecycle ----------------------------------------------------------------------------


def fire(
    session: Session,
    viewer: Viewer,
    initiative_id: int,
    expected_version: int,
    transition: Transition,
    *,
    reason: str | None = None,
    outcome: Outcome | None = None,
    amount: Decimal | None = None,
    currency: str | None = None,
) -> Initiative:
    """Move an initiative along one edge of the lifecycle, if the diagram and the roles allow."""
    initiative, plan = load_initiative(session, viewer, initiative_id, lock=True)
    edge = lifecycle.EDGES[transition]
    status = S(initiative.status)
    if not can(viewer, edge.action, plan, initiative):
        raise RuleViolation(
            FORBIDDEN,
            f"Your roles do not allow you to {transition.value.replace('_', ' ')} this initiative.",
        )
    check_version(session, initiative, expected_version)
    if not lifecycle.drawn(transition, status, initiative.budget_requested):
        raise RuleViolation(
            INVALID_TRANSITION, lifecycle.refusal(transition, status, initiative.budget_requested)
        )
    doing = transition.value.replace("_", " ").replace("reject budget", "reject the budget")
    why = (
        validation.reason("input.reason", reason, f"{doing} an initiative")
        if edge.reason_required
        else validation.text("input.reason", reason, limit=2000)
    )
    before = audit.snapshot(initiative, AUDITED)
    today = _today()
    if transition is Transition.REQUEST_BUDGET:
        _request_budget(session, viewer, initiative, amount, currency, why)
    elif transition in (Transition.FUND, Transition.REJECT_BUDGET):
        _decide_budget(session, viewer, initiative, transition, amount, why)
    elif transition is Transition.START and initiative.actual_start is None:
        initiative.actual_start = today
    elif transition is Transition.COMPLETE:
        if outcome is None:
            raise RuleViolation(INVALID, "an outcome is required to complete", "input.outcome")
        initiative.outcome = outcome
        initiative.outcome_note = why
        initiative.actual_end = max(today, initiative.actual_start or today)
    initiative.status = edge.target
    initiative.updated_at = datetime.now(UTC)
    session.flush()
    _event(session, viewer, initiative, status, why)
    after = audit.snapshot(initiative, AUDITED)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    recorded = {**changed, "reason": why} if why else changed
    _audit(
        session,
        viewer,
        initiative,
        plan,
        AuditAction.TRANSITION,
        {k: before[k] for k in changed},
        recorded,
    )
    return initiative


def _request_budget(session, viewer, initiative, amount, currency, justification) -> None:
    amount = validation.money("input.amount", amount, positive=True)
    if amount is None:
        raise RuleViolation(INVALID, "an amount is required", "input.amount")
    code = validation.currency("input.currency", currency or initiative.currency)
    if not justification:
        raise RuleViolation(INVALID, "a justification is required", "input.justification")
    session.add(
        BudgetRequest(
            initiative_id=initiative.id,
            amount=amount,
            currency=code,
            justification=justification,
            requested_by_id=viewer.person_id,
        )
    )
    initiative.budget_requested = amount
    initiative.currency = code


def _decide_budget(session, viewer, initiative, transition, amount, reason) -> None:
    request = session.scalar(
        select(BudgetRequest)
        .where(
            BudgetRequest.initiative_id == initiative.id,
            BudgetRequest.status == BudgetRequestStatus.PENDING,
        )
        .order_by(BudgetRequest.id.desc())
        .limit(1)
    )
    if request is None:  # a budget-requested initiative always has one; guard all the same
        raise RuleViolation(INVALID_TRANSITION, "There is no pending budget request to decide.")
    request.decided_by_id = viewer.person_id
    request.decided_at = datetime.now(UTC)
    request.decision_reason = reason
    if transition is Transition.FUND:
        granted = validation.money("input.amount", amount if amount is not None else request.amount)
        if granted > request.amount:
            raise RuleViolation(
                INVALID,
                f"must not exceed the {request.amount} {request.currency} requested",
                "input.amount",
            )
        request.status = BudgetRequestStatus.APPROVED
        request.approved_amount = granted
        initiative.budget_approved = granted
    else:
        request.status = BudgetRequestStatus.REJECTED


# -- status updates and children ------------------------------------------------------------


def post_status_update(
    session: Session, viewer: Viewer, initiative_id: int, health: Health, percent: int, note: str
) -> StatusUpdate:
    initiative, plan = load_initiative(session, viewer, initiative_id, "input.initiativeId")
    _require(viewer, Action.EDIT, plan, initiative, "post status updates on this initiative")
    if S(initiative.status) not in (S.IN_PROGRESS, S.ON_HOLD):
        raise RuleViolation(
            INVALID_TRANSITION,
            "Status updates are posted while an initiative is in progress or on hold; this one "
            f"is {lifecycle.LABELS[S(initiative.status)]}.",
        )
    update = StatusUpdate(
        initiative_id=initiative.id,
        health=health,
        percent_complete=validation.percent("input.percentComplete", percent),
        note=validation.text("input.note", note, limit=5000),
        posted_by_id=viewer.person_id,
    )
    session.add(update)
    session.flush()
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type="StatusUpdate",
        entity_id=update.id,
        entity_label=initiative.title,
        action=AuditAction.CREATE,
        after={"health": health.value, "percentComplete": percent, "note": update.note},
        plan_id=plan.id,
    )
    return update


def link_child(
    session: Session, viewer: Viewer, parent_id: int, child_id: int, expected_version: int | None
) -> Initiative:
    parent, parent_plan = load_initiative(session, viewer, parent_id, "input.parentId")
    child, child_plan = load_initiative(session, viewer, child_id, "input.childId")
    _require(viewer, Action.LINK_CHILDREN, parent_plan, doing="link initiatives to this one")
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
    ancestor, seen = parent, set()
    while ancestor is not None and ancestor.id not in seen:
        if ancestor.id == child.id:
            raise RuleViolation(INVALID, "linking would make a cycle", "input.childId")
        seen.add(ancestor.id)
        ancestor = session.get(Initiative, ancestor.parent_id) if ancestor.parent_id else None
    if child.parent_id == parent.id:
        return child
    child.parent_id = parent.id
    session.flush()
    _audit(
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
    _require(viewer, Action.LINK_CHILDREN, parent_plan, doing="unlink initiatives from this one")
    check_version(session, child, expected_version)
    child.parent_id = None
    session.flush()
    _audit(
        session,
        viewer,
        child,
        child_plan,
        AuditAction.UPDATE,
        {"parent_id": parent.id, "parent": parent.title},
        {"parent_id": None},
    )
    return child
