"""Keeping the tree of objectives (vision > strategy > tactical > operational goals) and the
links that trace metrics and initiatives to the objectives they serve.

Administrators and the steering committee keep the tree. A level always sits below its
parent's; only the vision has no parent; an objective with objectives below it is not deleted
(they would lose their place in the tree).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from server.domain.core import audit, validation, visibility
from server.domain.core.errors import DUPLICATE, FORBIDDEN, INVALID, NOT_FOUND, RuleViolation
from server.domain.core.permissions import may_manage_objectives
from server.domain.core.viewer import Viewer
from server.models import (
    Initiative,
    InitiativeObjective,
    Metric,
    MetricObjective,
    Objective,
)
from server.models.enums import AuditAction, ObjectiveLevel

RANK = {level: rank for rank, level in enumerate(ObjectiveLevel)}
AUDITED = ["level", "title", "description", "parent_id"]


def require_manager(viewer: Viewer, doing: str) -> None:
    if not may_manage_objectives(viewer):
        raise RuleViolation(
            FORBIDDEN,
            f"Only administrators and the steering committee may {doing}.",
        )


def load(session: Session, objective_id: int | None, field: str) -> Objective:
    objective = session.get(Objective, objective_id) if objective_id is not None else None
    if objective is None:
        raise RuleViolation(NOT_FOUND, "no objective has this id", field)
    return objective


def _label(level: ObjectiveLevel) -> str:
    return {"tactical": "tactical goal", "operational": "operational goal"}.get(
        level.value, level.value
    )


def check_place(
    session: Session, level: ObjectiveLevel, parent: Objective | None, objective_id: int | None
) -> None:
    """The level sits below the parent's; only a vision is a root; no objective below itself;
    its own children stay below it."""
    if level is ObjectiveLevel.VISION:
        if parent is not None:
            raise RuleViolation(INVALID, "a vision has no parent objective", "input.parentId")
    elif parent is None:
        raise RuleViolation(
            INVALID, f"a {_label(level)} needs a parent objective above it", "input.parentId"
        )
    elif RANK[level] <= RANK[ObjectiveLevel(parent.level)]:
        raise RuleViolation(
            INVALID,
            f"a {_label(level)} cannot sit below a {_label(ObjectiveLevel(parent.level))}; "
            "choose a level below its parent's",
            "input.level",
        )
    if objective_id is None:
        return
    ancestor = parent
    while ancestor is not None:
        if ancestor.id == objective_id:
            raise RuleViolation(
                INVALID, "an objective cannot sit below itself or its own children",
                "input.parentId",
            )  # fmt: skip
        ancestor = session.get(Objective, ancestor.parent_id) if ancestor.parent_id else None
    highest_child = session.scalars(
        select(Objective.level).where(Objective.parent_id == objective_id)
    ).all()
    if any(RANK[ObjectiveLevel(child)] <= RANK[level] for child in highest_child):
        raise RuleViolation(
            INVALID,
            f"objectives below it would no longer sit below a {_label(level)}",
            "input.level",
        )


def _record(
    session: Session,
    viewer: Viewer,
    objective: Objective,
    action: AuditAction,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    plan_id: int | None = None,
) -> None:
    audit.record(
        session,
        actor_id=viewer.person_id,
        actor_name=viewer.name,
        entity_type="Objective",
        entity_id=objective.id,
        entity_label=objective.title,
        action=action,
        before=before,
        after=after,
        plan_id=plan_id,
    )


@dataclass
class ObjectiveFields:
    """None means 'not given' (on update: keep)."""

    level: ObjectiveLevel | None = None
    title: str | None = None
    description: str | None = None
    parent_id: int | None = None


def create(session: Session, viewer: Viewer, fields: ObjectiveFields) -> Objective:
    require_manager(viewer, "create objectives")
    if fields.level is None:
        raise RuleViolation(INVALID, "choose a level", "input.level")
    title = validation.text("input.title", fields.title, limit=200, required=True)
    description = validation.text("input.description", fields.description, limit=10_000)
    parent = (
        load(session, fields.parent_id, "input.parentId") if fields.parent_id is not None else None
    )
    check_place(session, ObjectiveLevel(fields.level), parent, None)
    objective = Objective(
        level=fields.level,
        title=title,
        description=description,
        parent_id=parent.id if parent else None,
    )
    session.add(objective)
    session.flush()
    _record(
        session, viewer, objective, AuditAction.CREATE, None, audit.snapshot(objective, AUDITED)
    )
    return objective


def update(
    session: Session, viewer: Viewer, objective_id: int, fields: ObjectiveFields, move: bool
) -> Objective:
    """Change the given fields; `move` says whether parentId was given (null: make it a root,
    which only a vision may be)."""
    require_manager(viewer, "edit objectives")
    objective = load(session, objective_id, "input.id")
    before = audit.snapshot(objective, AUDITED)
    if fields.title is not None:
        objective.title = validation.text("input.title", fields.title, limit=200, required=True)
    if fields.description is not None:
        objective.description = validation.text(
            "input.description", fields.description, limit=10_000
        )
    level = ObjectiveLevel(fields.level if fields.level is not None else objective.level)
    if move:
        parent = (
            load(session, fields.parent_id, "input.parentId")
            if fields.parent_id is not None
            else None
        )
    else:
        parent = session.get(Objective, objective.parent_id) if objective.parent_id else None
    if move or fields.level is not None:
        check_place(session, level, parent, objective.id)
        objective.level = level
        objective.parent_id = parent.id if parent else None
    after = audit.snapshot(objective, AUDITED)
    changed = {key: value for key, value in after.items() if before[key] != value}
    if changed:
        session.flush()
        _record(
            session, viewer, objective, AuditAction.UPDATE,
            {key: before[key] for key in changed}, changed,
        )  # fmt: skip
    return objective


def remove(session: Session, viewer: Viewer, objective_id: int) -> Objective:
    """Delete an objective with nothing below it; its links to metrics and initiatives go
    with it (the audit entry keeps how many there were)."""
    require_manager(viewer, "delete objectives")
    objective = load(session, objective_id, "input.id")
    children = session.scalar(
        select(func.count()).select_from(Objective).where(Objective.parent_id == objective.id)
    )
    if children:
        raise RuleViolation(
            INVALID,
            f"“{objective.title}” has {children} objective{'s' if children != 1 else ''} below "
            "it; delete or move them first, so no goal loses its place in the tree.",
            "input.id",
        )
    metrics = session.scalar(
        select(func.count())
        .select_from(MetricObjective)
        .where(MetricObjective.objective_id == objective.id)
    )
    initiatives = session.scalar(
        select(func.count())
        .select_from(InitiativeObjective)
        .where(InitiativeObjective.objective_id == objective.id)
    )
    before = {**audit.snapshot(objective, AUDITED), "linkedMetrics": metrics,
              "linkedInitiatives": initiatives}  # fmt: skip
    _record(session, viewer, objective, AuditAction.DELETE, before, None)
    session.execute(delete(MetricObjective).where(MetricObjective.objective_id == objective.id))
    session.execute(
        delete(InitiativeObjective).where(InitiativeObjective.objective_id == objective.id)
    )
    session.delete(objective)
    session.flush()
    return objective


def _visible_metric(session: Session, viewer: Viewer, metric_id: int) -> Metric:
    condition = visibility.visible_metrics(viewer)
    metric = session.scalar(
        select(Metric).where(Metric.id == metric_id, *([] if condition is None else [condition]))
    )
    if metric is None:
        raise RuleViolation(NOT_FOUND, "no metric has this id", "input.metricId")
    return metric


def _visible_initiative(session: Session, viewer: Viewer, initiative_id: int) -> Initiative:
    condition = visibility.visible_initiatives(viewer)
    initiative = session.scalar(
        select(Initiative).where(
            Initiative.id == initiative_id, *([] if condition is None else [condition])
        )
    )
    if initiative is None:
        raise RuleViolation(NOT_FOUND, "no initiative has this id", "input.initiativeId")
    return initiative


def set_link(
    session: Session,
    viewer: Viewer,
    objective_id: int,
    metric_id: int | None,
    initiative_id: int | None,
    linked: bool,
) -> Objective:
    """Link (or unlink) one metric or one initiative to an objective."""
    require_manager(viewer, "link work to objectives")
    objective = load(session, objective_id, "input.objectiveId")
    table: type[MetricObjective] | type[InitiativeObjective]
    column: InstrumentedAttribute[int]
    if metric_id is not None and initiative_id is None:
        metric = _visible_metric(session, viewer, metric_id)
        table, column, kind, target_id, name, plan_id = (
            MetricObjective, MetricObjective.metric_id, "metric", metric.id, metric.name,
            metric.plan_id,
        )  # fmt: skip
    elif initiative_id is not None and metric_id is None:
        initiative = _visible_initiative(session, viewer, initiative_id)
        table, column, kind, target_id, name, plan_id = (
            InitiativeObjective, InitiativeObjective.initiative_id, "initiative", initiative.id,
            initiative.title, initiative.plan_id,
        )  # fmt: skip
    else:
        raise RuleViolation(INVALID, "give either a metric or an initiative", "input.metricId")
    exists = session.scalar(
        select(func.count())
        .select_from(table)
        .where(table.objective_id == objective.id, column == target_id)
    )
    field = f"input.{kind}Id"
    if linked and exists:
        raise RuleViolation(DUPLICATE, f"this {kind} already serves “{objective.title}”", field)
    if not linked and not exists:
        raise RuleViolation(NOT_FOUND, f"this {kind} does not serve “{objective.title}”", field)
    if linked:
        session.add(table(objective_id=objective.id, **{f"{kind}_id": target_id}))
    else:
        session.execute(
            delete(table).where(table.objective_id == objective.id, column == target_id)
        )
    session.flush()
    change = {kind: name}
    _record(
        session, viewer, objective, AuditAction.UPDATE,
        None if linked else {"unlinked": change}, {"linked": change} if linked else None,
        plan_id=plan_id,
    )  # fmt: skip
    return objective
