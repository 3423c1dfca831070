"""Changing initiatives: propose, edit and post status updates; loading them for any change.
 Each function takes the session, the viewer and plain values, checks every rule,
records the event and the audit entry, and never commits (the request boundary does)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.domain.collaboration import notifications
from server.domain.core import audit, validation
from server.domain.core.errors import (
    CONFLICT,
    FORBIDDEN,
    INVALID,
    INVALID_TRANSITION,
    NOT_FOUND,
    RuleViolation,
)
from server.domain.core.permissions import Action, can
from server.domain.core.viewer import Viewer
from server.domain.initiatives import lifecycle
from server.models import (
    AuditEntry,
    Initiative,
    InitiativeDimension,
    InitiativeEvent,
    InitiativeObjective,
    InitiativeService,
    InitiativeTag,
    Objective,
    Person,
    Plan,
    Service,
    StatusUpdate,
)
from server.models.enums import (
    AuditAction,
    ExecutionMode,
    FourDimension,
    Health,
    InitiativeStatus,
    Priority,
    ValueChainActivity,
)

S = InitiativeStatus
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
COLLECTIONS = frozenset({"dimensions", "tags", "objective_ids", "service_ids"})
FIELD_NAMES = {"owner_id": "ownerId", "objective_ids": "objectiveIds"}


def _camel(name: str) -> str:
    if name in FIELD_NAMES:
        return FIELD_NAMES[name]
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def today() -> date:
    return datetime.now(UTC).date()


# -- loading, with visibility and versions ----------------------------------------------------


def load_plan(session: Session, viewer: Viewer, plan_id: int, field: str) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None or not can(viewer, Action.READ, plan):
        raise RuleViolation(NOT_FOUND, "no plan has this id", field)
    return plan


def load_initiative(
    session: Session,
    viewer: Viewer,
    initiative_id: int,
    field: str = "input.id",
    lock: bool = False,
) -> tuple[Initiative, Plan]:
    statement = select(Initiative).where(Initiative.id == initiative_id)
    if lock:
        statement = statement.with_for_update()
    initiative = session.scalar(statement)
    if initiative is None:
        raise RuleViolation(NOT_FOUND, "no initiative has this id", field)
    plan = session.get(Plan, initiative.plan_id)
    if plan is None or not can(viewer, Action.READ, plan):
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


def require(
    viewer: Viewer,
    action: Action,
    plan: Plan,
    initiative: Initiative | None = None,
    doing: str = "",
) -> None:
    if not can(viewer, action, plan, initiative):
        raise RuleViolation(FORBIDDEN, f"Your roles do not allow you to {doing}.")


def audit_change(
    session: Session,
    viewer: Viewer,
    initiative: Initiative,
    plan: Plan,
    action: AuditAction,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
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


def record_event(
    session: Session,
    viewer: Viewer,
    initiative: Initiative,
    from_status: InitiativeStatus | None,
    reason: str,
) -> None:
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
    service_ids: list[int] | None = None

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
    if "service_ids" in clean:
        ids = list(dict.fromkeys(clean["service_ids"]))
        found = set(session.scalars(select(Service.id).where(Service.id.in_(ids))))
        if missing := [i for i in ids if i not in found]:
            raise RuleViolation(
                NOT_FOUND, f"no service has the id number {missing[0]}", "input.serviceIds"
            )
        clean["service_ids"] = ids
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
        elif name == "service_ids":
            session.execute(
                delete(InitiativeService).where(InitiativeService.initiative_id == initiative.id)
            )
            for service_id in value:
                session.add(InitiativeService(initiative_id=initiative.id, service_id=service_id))
        else:
            setattr(initiative, name, value)
    validation.date_order(
        "the planned start", initiative.planned_start, "input.plannedEnd", initiative.planned_end
    )


def propose(session: Session, viewer: Viewer, plan_id: int, fields: InitiativeFields) -> Initiative:
    plan = load_plan(session, viewer, plan_id, "input.planId")
    require(viewer, Action.PROPOSE, plan, doing="propose initiatives in this plan")
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
        "the planned start", initiative.planned_start, "input.plannedEnd", initiative.planned_end
    )
    session.add(initiative)
    session.flush()
    _apply(session, initiative, {n: v for n, v in clean.items() if n in COLLECTIONS})
    session.flush()
    record_event(session, viewer, initiative, None, "")
    audit_change(
        session,
        viewer,
        initiative,
        plan,
        AuditAction.CREATE,
        None,
        audit.snapshot(initiative, AUDITED),
    )
    notifications.initiative_proposed(session, viewer, initiative, plan)
    return initiative


def update(
    session: Session,
    viewer: Viewer,
    initiative_id: int,
    expected_version: int,
    fields: InitiativeFields,
) -> Initiative:
    initiative, plan = load_initiative(session, viewer, initiative_id)
    require(viewer, Action.EDIT, plan, initiative, "edit this initiative")
    check_version(session, initiative, expected_version)
    given = fields.given()
    editable = lifecycle.EDITABLE.get(S(initiative.status), frozenset())
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
    extra: dict[str, list[Any]] = {
        name: _plain_list(clean[name])
        for name in ("dimensions", "tags", "objective_ids", "service_ids")
        if name in clean
    }
    if changed or extra:
        initiative.updated_at = datetime.now(UTC)  # one UPDATE, so one new version
        session.flush()
        audit_change(
            session, viewer, initiative, plan, AuditAction.UPDATE,
            {k: before[k] for k in changed}, {**changed, **extra},
        )  # fmt: skip
    return initiative


def _plain_list(values: Iterable[Any]) -> list[Any]:
    return [getattr(value, "value", value) for value in values]


# -- status updates and children ------------------------------------------------------------


def post_status_update(
    session: Session,
    viewer: Viewer,
    initiative_id: int,
    health: Health,
    percent: int,
    note: str,
    spent_to_date: Decimal | None = None,
) -> StatusUpdate:
    """A progress report; with `spent_to_date` (in the initiative's currency) it also becomes
    the initiative's reported spend, which the portfolio's sums add up."""
    initiative, plan = load_initiative(session, viewer, initiative_id, "input.initiativeId")
    doing = "post status updates on this initiative"
    require(viewer, Action.POST_STATUS_UPDATE, plan, initiative, doing)
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
        spent_to_date=validation.money("input.spentToDate", spent_to_date),
        posted_by_id=viewer.person_id,
    )
    session.add(update)
    if update.spent_to_date is not None:
        initiative.budget_spent = update.spent_to_date
    session.flush()
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type="StatusUpdate",
        entity_id=update.id,
        entity_label=initiative.title,
        action=AuditAction.CREATE,
        after={
            "health": health.value,
            "percentComplete": percent,
            "note": update.note,
            **({} if spent_to_date is None else {"spentToDate": f"{update.spent_to_date:.2f}"}),
        },
        plan_id=plan.id,
    )
    return update
