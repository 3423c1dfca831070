"""Defining metrics (steps 1 and 2 of the improvement process): what should be measured, what
can be, against which baseline and target, owned by whom, for which plan, service or process,
serving which objectives and showing the effect of which initiatives.

Who may: administrators, whoever maintains the metric's plan (its owner role), and the metric's
owner for a metric that exists (server/domain/core/permissions.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.domain.core import audit, validation, visibility
from server.domain.core.errors import FORBIDDEN, INVALID, NOT_FOUND, RuleViolation
from server.domain.core.permissions import may_edit_metric, may_keep_metrics_in
from server.domain.core.viewer import Viewer
from server.domain.metrics.rules import check_whole, record_audit
from server.domain.metrics.target_changes import hold_target_change
from server.models import (
    Initiative,
    Metric,
    MetricInitiative,
    MetricObjective,
    Objective,
    Person,
    Plan,
    Process,
    Service,
    Stakeholder,
)
from server.models.enums import AuditAction, Direction, MeasurementFrequency, MetricPerspective

AUDITED = [
    "name", "description", "unit", "direction", "should_measure", "can_measure", "data_source",
    "frequency", "perspective", "service_level", "agreed_with_id", "baseline_value",
    "baseline_date", "target_value", "target_date", "amber_tolerance", "owner_id", "plan_id",
    "service_id", "process_id",
]  # fmt: skip
CAMEL = {
    "owner_id": "ownerId", "plan_id": "planId", "service_id": "serviceId",
    "agreed_with_id": "agreedWithId",
    "process_id": "processId", "objective_ids": "objectiveIds",
    "initiative_ids": "initiativeIds",
}  # fmt: skip
CLEARABLE = frozenset(
    {"baseline_value", "baseline_date", "target_value", "target_date", "amber_tolerance",
     "owner_id", "plan_id", "service_id", "process_id", "perspective", "agreed_with_id"}
)  # fmt: skip


def camel(name: str) -> str:
    if name in CAMEL:
        return CAMEL[name]
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@dataclass
class MetricFields:
    """The definable fields. On update only the names in `given` change (a given None clears
    the optional ones)."""

    name: str | None = None
    description: str | None = None
    unit: str | None = None
    direction: Direction | None = None
    should_measure: bool | None = None
    can_measure: bool | None = None
    data_source: str | None = None
    frequency: MeasurementFrequency | None = None
    perspective: MetricPerspective | None = None
    service_level: bool | None = None
    agreed_with_id: int | None = None
    baseline_value: float | None = None
    baseline_date: date | None = None
    target_value: float | None = None
    target_date: date | None = None
    amber_tolerance: float | None = None
    owner_id: int | None = None
    plan_id: int | None = None
    service_id: int | None = None
    process_id: int | None = None
    objective_ids: list[int] | None = None
    initiative_ids: list[int] | None = None


def _number(name: str, value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise RuleViolation(INVALID, "must be a finite number", f"input.{camel(name)}")
    return value


def _clean(session: Session, viewer: Viewer, values: dict[str, Any]) -> dict[str, Any]:
    clean = dict(values)
    if "name" in clean:
        clean["name"] = validation.text("input.name", clean["name"], limit=200, required=True)
    if "description" in clean:
        clean["description"] = validation.text(
            "input.description", clean["description"], limit=10_000
        )
    if "unit" in clean:
        clean["unit"] = validation.text("input.unit", clean["unit"], limit=40)
    if "data_source" in clean:
        clean["data_source"] = validation.text("input.dataSource", clean["data_source"], limit=300)
    for name in ("baseline_value", "target_value", "amber_tolerance"):
        if name in clean:
            clean[name] = _number(name, clean[name])
    if clean.get("amber_tolerance") is not None and clean["amber_tolerance"] < 0:
        raise RuleViolation(INVALID, "must not be negative", "input.amberTolerance")
    for name, model, label in (
        ("owner_id", Person, "active person"),
        ("service_id", Service, "service"),
        ("process_id", Process, "process"),
        ("agreed_with_id", Stakeholder, "stakeholder"),
    ):
        if clean.get(name) is not None:
            row = session.get(model, clean[name])
            if row is None or (isinstance(row, Person) and not row.is_active):
                raise RuleViolation(NOT_FOUND, f"no {label} has this id", f"input.{camel(name)}")
    if clean.get("plan_id") is not None:
        plan = session.get(Plan, clean["plan_id"])
        condition = visibility.visible_plans(viewer)
        if plan is None or (condition is not None and plan.confidential):
            raise RuleViolation(NOT_FOUND, "no plan has this id", "input.planId")
    if clean.get("objective_ids") is not None:
        ids = list(dict.fromkeys(clean["objective_ids"]))
        found = set(session.scalars(select(Objective.id).where(Objective.id.in_(ids))))
        if missing := [i for i in ids if i not in found]:
            raise RuleViolation(
                NOT_FOUND, f"no objective has the id number {missing[0]}", "input.objectiveIds"
            )
        clean["objective_ids"] = ids
    if clean.get("initiative_ids") is not None:
        ids = list(dict.fromkeys(clean["initiative_ids"]))
        condition = visibility.visible_initiatives(viewer)
        found = set(
            session.scalars(
                select(Initiative.id).where(
                    Initiative.id.in_(ids), *([] if condition is None else [condition])
                )
            )
        )
        if missing := [i for i in ids if i not in found]:
            raise RuleViolation(
                NOT_FOUND, f"no initiative has the id number {missing[0]}", "input.initiativeIds"
            )
        clean["initiative_ids"] = ids
    return clean


def _links(session: Session, metric: Metric, clean: dict[str, Any]) -> dict[str, list[int]]:
    changed: dict[str, list[int]] = {}
    if clean.get("objective_ids") is not None:
        session.execute(delete(MetricObjective).where(MetricObjective.metric_id == metric.id))
        for objective_id in clean["objective_ids"]:
            session.add(MetricObjective(metric_id=metric.id, objective_id=objective_id))
        changed["objectiveIds"] = clean["objective_ids"]
    if clean.get("initiative_ids") is not None:
        session.execute(delete(MetricInitiative).where(MetricInitiative.metric_id == metric.id))
        for initiative_id in clean["initiative_ids"]:
            session.add(MetricInitiative(metric_id=metric.id, initiative_id=initiative_id))
        changed["initiativeIds"] = clean["initiative_ids"]
    return changed


COLUMNS = [field.name for field in fields(MetricFields) if field.name in AUDITED]


def create(session: Session, viewer: Viewer, given: dict[str, Any]) -> Metric:
    plan = session.get(Plan, given["plan_id"]) if given.get("plan_id") is not None else None
    if not may_keep_metrics_in(viewer, plan):
        raise RuleViolation(
            FORBIDDEN,
            "Your roles do not allow you to define metrics in this plan (its owner role and "
            "administrators may).",
            "input.planId",
        )
    if given.get("direction") is None:
        raise RuleViolation(INVALID, "choose whether it should go up or down", "input.direction")
    if not given.get("name"):
        raise RuleViolation(INVALID, "must not be empty", "input.name")
    given.setdefault("owner_id", viewer.person_id)
    clean = _clean(session, viewer, given)
    metric = Metric(**{name: value for name, value in clean.items() if name in COLUMNS})
    check_whole(metric)
    session.add(metric)
    session.flush()
    links = _links(session, metric, clean)
    session.flush()
    record_audit(session, viewer, metric, AuditAction.CREATE, None,
            {**audit.snapshot(metric, AUDITED), **links})  # fmt: skip
    return metric


def update(session: Session, viewer: Viewer, metric_id: int, given: dict[str, Any]) -> Metric:
    condition = visibility.visible_metrics(viewer)
    metric = session.scalar(
        select(Metric).where(Metric.id == metric_id, *([] if condition is None else [condition]))
    )
    if metric is None:
        raise RuleViolation(NOT_FOUND, "no metric has this id", "input.id")
    plan = session.get(Plan, metric.plan_id) if metric.plan_id is not None else None
    if not may_edit_metric(viewer, metric.owner_id, plan):
        raise RuleViolation(
            FORBIDDEN,
            "Your roles do not allow you to edit this metric (its owner, the owner of its plan "
            "and administrators may).",
        )
    for name, value in given.items():
        if (
            value is None
            and name not in CLEARABLE
            and name not in ("objective_ids", "initiative_ids")
        ):
            raise RuleViolation(INVALID, "must not be null", f"input.{camel(name)}")
    if "plan_id" in given and given["plan_id"] != metric.plan_id:
        target = session.get(Plan, given["plan_id"]) if given["plan_id"] is not None else None
        if not may_keep_metrics_in(viewer, target):
            raise RuleViolation(
                FORBIDDEN,
                "Your roles do not allow you to move metrics into this plan.",
                "input.planId",
            )
    clean = _clean(session, viewer, given)
    before = audit.snapshot(metric, AUDITED)
    with session.no_autoflush:
        for name, value in clean.items():
            if name in COLUMNS:
                setattr(metric, name, value)
        check_whole(metric)
        # approved work is judged by the approved target: a new one waits for its approver
        hold_target_change(session, viewer, metric, before["target_value"])
    session.flush()
    links = _links(session, metric, clean)
    session.flush()
    after = audit.snapshot(metric, AUDITED)
    changed = {key: value for key, value in after.items() if before[key] != value}
    if changed or links:
        record_audit(session, viewer, metric, AuditAction.UPDATE,
                {key: before[key] for key in changed}, {**changed, **links})  # fmt: skip
    return metric
